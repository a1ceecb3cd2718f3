"""The audit trail commit hook on a real store: who changed what, field by field, in the same transaction."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import Period
from sv_desktop.domain.errors import ConflictError, ValidationError
from sv_desktop.domain.supplier import SupplierData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.store import audit
from sv_desktop.store.audit import as_text, current_user, summary
from sv_desktop.store.models import AuditEvent, Commitment, Contract
from sv_desktop.store.unit_of_work import CHANGES


@pytest.fixture(autouse=True)
def _user(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "jbloggs")


def cleaning(**changes) -> ContractData:
    data = ContractData(
        reference="EF-001", title="Soft FM cleaning", category=Category.ESTATES_FACILITIES,
        total_value=Decimal("1250000.00"), start_date=date(2025, 4, 1), end_date=date(2030, 3, 31),
    )
    return replace(data, **changes)


def events(services, **where) -> list[tuple]:
    with services.uow_factory() as uow:
        query = select(AuditEvent).order_by(AuditEvent.id)
        for column, value in where.items():
            query = query.where(getattr(AuditEvent, column) == value)
        return [(e.action, e.entity, e.field, e.old_value, e.new_value) for e in uow.session.scalars(query)]


def count(services) -> int:
    with services.uow_factory() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditEvent))


def test_creating_a_contract_records_who_created_it_and_when(services):
    before = datetime.now().replace(microsecond=0)
    detail = services.pipeline.create(cleaning())
    created = [e for e in _all(services) if e.entity == "contracts"]
    assert len(created) == 1
    event = created[0]
    assert (event.action, event.user, event.entity_id, event.contract_id, event.field) == (
        "create", "jbloggs", str(detail.id), detail.id, "")
    assert event.new_value == "EF-001 Soft FM cleaning"
    assert before <= event.at <= datetime.now() and event.at.microsecond == 0
    # its first stage entry belongs to the same contract
    assert ("create", "stage_changes", "", "", "(new) → pipeline") in events(services, contract_id=detail.id)


def test_an_update_records_one_event_per_changed_field_with_old_and_new_values(services):
    detail = services.pipeline.create(cleaning())
    services.pipeline.update(detail.id, detail.version,
                             cleaning(title="Cleaning and portering", total_value=Decimal("8400000.50")))
    assert sorted(events(services, action="update")) == [
        ("update", "contracts", "title", "Soft FM cleaning", "Cleaning and portering"),
        ("update", "contracts", "total_value", "1250000", "8400000.5"),
    ]
    with services.uow_factory() as uow:
        assert set(uow.session.scalars(select(AuditEvent.contract_id).where(AuditEvent.action == "update"))) == {
            detail.id}


def test_saving_without_a_change_records_nothing_and_bookkeeping_columns_are_left_out(services):
    detail = services.pipeline.create(cleaning())
    before = count(services)
    services.pipeline.update(detail.id, detail.version, cleaning(total_value=Decimal("1250000")))
    assert count(services) == before
    again = services.pipeline.get(detail.id)
    services.pipeline.update(detail.id, again.version, cleaning(end_date=date(2031, 3, 31)))
    assert events(services, action="update") == [("update", "contracts", "end_date", "2030-03-31", "2031-03-31")]


def test_deleting_a_contract_records_a_delete_with_what_it_was(services):
    detail = services.pipeline.create(cleaning())
    services.pipeline.delete(detail.id, detail.version)
    deletes = events(services, action="delete", entity="contracts")
    assert deletes == [("delete", "contracts", "", "EF-001 Soft FM cleaning", "")]
    assert ("delete", "stage_changes", "", "(new) → pipeline", "") in events(services, contract_id=detail.id)


def test_a_supplier_change_is_recorded_and_contract_links_carry_their_contract(services):
    supplier = services.suppliers.create(SupplierData(name="Mercia Facilities Ltd"))
    services.suppliers.update(supplier.id, supplier.version,
                              replace(supplier.data, postcode="LE1 7RH", notes="=cmd|' /C calc'!A0"))
    changed = sorted((e for e in _all(services) if (e.entity, e.action) == ("suppliers", "update")),
                     key=lambda e: e.field)
    assert [(e.field, e.old_value, e.new_value, e.entity_id, e.contract_id) for e in changed] == [
        ("notes", "", "=cmd|' /C calc'!A0", str(supplier.id), None),
        ("postcode", "", "LE1 7RH", str(supplier.id), None),
    ]
    detail = services.pipeline.create(cleaning(stage=Stage.AWARDED, supplier_names=("Mercia Facilities Ltd",)))
    assert ("create", "contract_suppliers", "", "", "Mercia Facilities Ltd") in events(
        services, contract_id=detail.id)


def test_a_delivery_return_is_recorded_against_its_commitments_contract(services):
    detail = services.pipeline.create(cleaning(stage=Stage.AWARDED, supplier_names=("Acme Ltd",)))
    other = services.pipeline.create(cleaning(reference="EF-002"))
    with services.uow_factory() as uow:
        commitment = Commitment(contract_id=detail.id, title="Apprenticeships", unit="count", aggregation="sum",
                                target=Decimal("10"), start_date=date(2026, 4, 1), due_date=date(2027, 3, 31),
                                version=1)
        uow.session.add(commitment)
        uow.commit()
        commitment_id = commitment.id
    record = services.delivery.save_return(commitment_id, Period(date(2026, 4, 1), date(2026, 6, 30)),
                                           Decimal("3"), evidence_notes="Payroll extract")
    [row] = [e for e in _all(services) if e.entity == "delivery_returns"]
    assert (row.action, row.entity_id, row.contract_id) == ("create", str(record.id), detail.id)
    assert row.new_value == "2026-04-01 to 2026-06-30: 3"
    assert other.id not in {e.contract_id for e in _all(services) if e.entity == "delivery_returns"}


def _all(services) -> list[AuditEvent]:
    with services.uow_factory() as uow:
        found = list(uow.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        uow.session.expunge_all()
        return found


def test_nothing_is_recorded_when_the_edit_is_refused(services):
    detail = services.pipeline.create(cleaning())
    services.pipeline.update(detail.id, detail.version, cleaning(title="First edit"))
    before = count(services)
    with pytest.raises(ConflictError):
        services.pipeline.update(detail.id, detail.version, cleaning(title="Stale edit"))
    with pytest.raises(ValidationError):
        services.pipeline.create(cleaning(title="Same reference"))
    assert count(services) == before
    assert services.pipeline.get(detail.id).data.title == "First edit"


def test_nothing_is_recorded_when_a_later_hook_fails(services):
    def failing(session):
        raise RuntimeError("disk full")

    services.uow_factory.add_commit_hook(failing)
    with pytest.raises(RuntimeError):
        services.pipeline.create(cleaning())
    assert count(services) == 0


def test_a_flush_in_the_middle_of_a_transaction_does_not_lose_the_old_value(services):
    detail = services.pipeline.create(cleaning())
    with services.uow_factory() as uow:
        contract = uow.session.get(Contract, detail.id)
        contract.notes = "first"
        uow.session.flush()
        contract.notes = "second"
        uow.commit()
        assert CHANGES not in uow.session.info
    assert events(services, action="update") == [("update", "contracts", "notes", "", "second")]


def test_values_are_written_as_plain_text():
    assert as_text(Decimal("8400000.50")) == "8400000.5"
    assert as_text(Decimal("1250000.00")) == "1250000"
    assert as_text(Decimal("0.000")) == "0"
    assert as_text(date(2026, 4, 1)) == "2026-04-01"
    assert as_text(datetime(2026, 4, 1, 9, 30, 5, 123)) == "2026-04-01 09:30:05"
    assert as_text(Stage.TENDER) == "tender"
    assert as_text(None) == "" and as_text(True) == "yes" and as_text(b"abc") == "(3 bytes)"
    assert summary({"reference": "C-1", "title": "Cleaning"}) == "C-1 Cleaning"
    assert summary({"name": "Acme"}) == "Acme"


def test_the_user_falls_back_when_the_system_cannot_say(monkeypatch):
    def fail():
        raise OSError("no user")

    monkeypatch.setattr(audit.getpass, "getuser", fail)
    assert current_user() == "unknown user"


def test_what_other_commit_hooks_write_is_recorded_too(services):
    """The award hand-over (a commit hook) creates commitments; the trail, running last, sees them."""
    from tests.services.test_delivery_service import choose, contract_data, metric_entries, move

    contract = services.pipeline.create(contract_data())
    entries = metric_entries(services)
    choose(services, contract.id, entries)
    move(services, contract.id, Stage.AWARDED)
    created = [e for e in _all(services) if (e.entity, e.action) == ("commitments", "create")]
    assert [e.new_value for e in created] == [entry.title for entry in entries]
    assert {e.contract_id for e in created} == {contract.id}


def test_a_record_moved_through_its_relationship_records_the_new_parent(services):
    from sv_desktop.domain.supplier import SupplierContact

    keep = services.suppliers.create(SupplierData(name="Acme Ltd"))
    gone = services.suppliers.create(SupplierData(name="ACME Limited",
                                                  contacts=(SupplierContact("Ann Example", "Bid manager"),)))
    services.suppliers.merge(keep.id, gone.id)
    moved = [(e.field, e.old_value, e.new_value) for e in _all(services)
             if (e.entity, e.action) == ("supplier_contacts", "update")]
    assert ("supplier_id", str(gone.id), str(keep.id)) in moved
    assert ("delete", "suppliers", "", "ACME Limited", "") in events(services, action="delete")
