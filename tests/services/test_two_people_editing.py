"""Two people editing the same record on one store (optimistic locking): the second save is refused with a
message that says someone else changed it and to reload, and nothing the first person saved is overwritten.

Each person is a separate Services over the same store URL, as two desktops on one shared PostgreSQL
server are (the PostgreSQL pass of `bootstrap.py test` runs these there).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import update

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ConflictError
from sv_desktop.domain.supplier import SupplierContact, SupplierData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.pipeline import PipelineService
from sv_desktop.store.models import Contract


@pytest.fixture
def two_people(store_url):
    from sv_desktop.app import build_services

    alice, bob = build_services(store_url), build_services(store_url)
    yield alice, bob
    alice.close()
    bob.close()


@pytest.fixture
def cleaning(two_people):
    alice, _ = two_people
    return alice.pipeline.create(ContractData("EF-001", "Soft FM cleaning", Category.ESTATES_FACILITIES,
                                              total_value=Decimal("1000000.00"), supplier_names=("Clean Co",)))


def says_reload(error: pytest.ExceptionInfo) -> bool:
    text = str(error.value)
    return "someone else" in text.lower() and "reload" in text.lower()


def test_the_second_save_of_a_contract_is_refused_and_the_first_is_kept(two_people, cleaning):
    alice, bob = two_people
    alices, bobs = alice.pipeline.get(cleaning.id), bob.pipeline.get(cleaning.id)  # both open it
    alice.pipeline.update(cleaning.id, alices.version, replace(alices.data, title="Soft FM cleaning and waste"))

    with pytest.raises(ConflictError) as refused:
        bob.pipeline.update(cleaning.id, bobs.version, replace(bobs.data, total_value=Decimal("9.99")))

    assert says_reload(refused) and "EF-001" in str(refused.value)
    stored = bob.pipeline.get(cleaning.id)
    assert (stored.data.title, stored.data.total_value) == ("Soft FM cleaning and waste", Decimal("1000000.00"))
    assert stored.version == alices.version + 1
    assert not [e for e in alice.audit.for_contract(cleaning.id) if e.new_value == "9.99"]
    # reloading and making the change again works, and keeps Alice's change
    bob.pipeline.update(cleaning.id, stored.version, replace(stored.data, total_value=Decimal("9.99")))
    assert alice.pipeline.get(cleaning.id).data.title == "Soft FM cleaning and waste"


def test_deleting_a_contract_someone_else_changed_is_refused(two_people, cleaning):
    alice, bob = two_people
    bobs = bob.pipeline.get(cleaning.id)
    alice.pipeline.update(cleaning.id, cleaning.version, replace(cleaning.data, notes="Renewal agreed"))

    with pytest.raises(ConflictError) as refused:
        bob.pipeline.delete(cleaning.id, bobs.version)

    assert says_reload(refused) and "not deleted" in str(refused.value)
    assert alice.pipeline.get(cleaning.id).data.notes == "Renewal agreed"


def test_the_second_save_of_a_supplier_is_refused_and_the_first_is_kept(two_people):
    alice, bob = two_people
    created = alice.suppliers.create(SupplierData(name="Mercia FM Ltd"))
    alices, bobs = alice.suppliers.get(created.id), bob.suppliers.get(created.id)
    alice.suppliers.update(created.id, alices.version, replace(alices.data, postcode="LE1 7RH"))

    with pytest.raises(ConflictError) as refused:
        bob.suppliers.update(created.id, bobs.version, replace(bobs.data, notes="Bob's note"))

    assert says_reload(refused) and "Mercia FM Ltd" in str(refused.value) and "not saved" in str(refused.value)
    stored = bob.suppliers.get(created.id).data
    assert (stored.postcode, stored.notes) == ("LE1 7RH", "")


@pytest.mark.parametrize("change", ["title", "suppliers"])
def test_saves_that_pass_the_version_check_together_still_cannot_overwrite(two_people, cleaning, store_url,
                                                                           monkeypatch, change):
    """Both read version 1 and pass the check; Alice commits first; the version column refuses Bob's write."""
    if not store_url.startswith("postgresql"):
        pytest.skip("needs a server store: a SQLite store is opened by one app at a time")
    alice, bob = two_people
    check = PipelineService._check_reference_free

    def alice_saves_meanwhile(session, reference, own_id):
        monkeypatch.setattr(PipelineService, "_check_reference_free", staticmethod(check))
        alice.pipeline.update(cleaning.id, cleaning.version, replace(cleaning.data, title="Alice's title"))
        check(session, reference, own_id)

    monkeypatch.setattr(PipelineService, "_check_reference_free", staticmethod(alice_saves_meanwhile))
    bobs = replace(cleaning.data, title="Bob's title") if change == "title" else replace(
        cleaning.data, supplier_names=("Bob's Cleaners Ltd",))
    with pytest.raises(ConflictError) as refused:
        bob.pipeline.update(cleaning.id, cleaning.version, bobs)

    assert says_reload(refused)
    stored = alice.pipeline.get(cleaning.id).data
    assert (stored.title, stored.supplier_names) == ("Alice's title", ("Clean Co",))


def test_a_change_to_only_the_suppliers_still_refuses_a_save_from_the_old_version(two_people, cleaning):
    alice, bob = two_people
    bobs = bob.pipeline.get(cleaning.id)
    alice.pipeline.update(cleaning.id, cleaning.version, replace(cleaning.data, supplier_names=("Mercia FM Ltd",)))

    with pytest.raises(ConflictError) as refused:
        bob.pipeline.update(cleaning.id, bobs.version, replace(bobs.data, title="Bob's title"))

    assert says_reload(refused)
    stored = alice.pipeline.get(cleaning.id).data
    assert (stored.title, stored.supplier_names) == ("Soft FM cleaning", ("Mercia FM Ltd",))


def test_a_change_to_only_the_contacts_still_refuses_a_save_from_the_old_version(two_people):
    alice, bob = two_people
    created = alice.suppliers.create(SupplierData(name="Mercia FM Ltd"))
    bobs = bob.suppliers.get(created.id)
    alice.suppliers.update(created.id, created.version, replace(
        created.data, contacts=(SupplierContact("Jo Smith", "Account manager", "jo@example.org", ""),)))

    with pytest.raises(ConflictError) as refused:
        bob.suppliers.update(created.id, bobs.version, replace(bobs.data, notes="Bob's note"))

    assert says_reload(refused)
    stored = alice.suppliers.get(created.id).data
    assert ([c.name for c in stored.contacts], stored.notes) == (["Jo Smith"], "")


def test_a_stale_write_found_before_the_commit_is_a_conflict_too(two_people, cleaning):
    """A service's own flush (not only commit()) can meet a newer version; the unit of work says so the same way."""
    alice, _ = two_people
    with pytest.raises(ConflictError) as refused:
        with alice.uow_factory() as uow:
            contract = uow.session.get(Contract, cleaning.id)
            uow.session.execute(update(Contract.__table__).where(Contract.__table__.c.id == cleaning.id)
                                .values(version=contract.version + 1))  # as another desktop's save would
            contract.title = "Stale title"
            uow.session.flush()
    assert says_reload(refused)
    assert alice.pipeline.get(cleaning.id).data.title == "Soft FM cleaning"
