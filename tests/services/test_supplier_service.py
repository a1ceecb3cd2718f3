"""The supplier register through the service the UI and CLI use: store, validate, merge, link to contracts.

Size by the Procurement Act 2023 s.123 SME definition and the Modern Slavery
statement threshold (£36m, "not less than"): reference/domain_rules.md, table rows
"SME definition" and "Modern Slavery statement threshold" (seed 002_80f5ea46fbe04add.txt,
App. One and App. Four).
"""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.carbon_plan import CarbonPlanData
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ConflictError, ValidationError
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.supplier import SizeBasis, SupplierContact, SupplierData, SupplierSize
from sv_desktop.domain.vocabulary import Category, Stage, UkRegion
from sv_desktop.services.settings import OrganisationSettings


def contract(services, reference, suppliers=(), annual="100000", stage=Stage.AWARDED):
    return services.pipeline.create(ContractData(
        reference=reference, title=f"Contract {reference}", category=Category.ESTATES_FACILITIES, stage=stage,
        annual_value=Decimal(annual), total_value=Decimal(annual) * 3, supplier_names=tuple(suppliers)))


def test_a_supplier_is_stored_normalised_with_its_derived_size(services):
    created = services.suppliers.create(SupplierData(
        name="  Mercia   Facilities Ltd ", companies_house_number="1234567", postcode="le1 7rh",
        region=UkRegion.EAST_MIDLANDS, staff_count=249, turnover=Decimal("44000000"),
        contacts=(SupplierContact("Ann Example", "Bid manager", "ann@example.org"),)))
    detail = services.suppliers.get(created.id)
    assert detail.data.name == "Mercia Facilities Ltd"
    assert detail.data.companies_house_number == "01234567"
    assert detail.data.postcode == "LE1 7RH"
    assert detail.data.contacts == (SupplierContact("Ann Example", "Bid manager", "ann@example.org", ""),)
    assert (detail.size.size, detail.size.basis) == (SupplierSize.SME, SizeBasis.DERIVED)
    assert detail.modern_slavery_required is True  # £44m >= £36m


def test_250_staff_is_large_and_an_override_needs_a_reason(services):
    large = services.suppliers.create(SupplierData(name="Big Co", staff_count=250, turnover=Decimal(1000000)))
    assert services.suppliers.get(large.id).size.size is SupplierSize.LARGE
    with pytest.raises(ValidationError) as error:
        services.suppliers.update(large.id, large.version,
                                  replace(large.data, size_override=SupplierSize.SME))
    assert error.value.for_field("size_override_reason")
    updated = services.suppliers.update(large.id, large.version, replace(
        large.data, size_override=SupplierSize.SME, size_override_reason="Staff count includes agency workers"))
    assert (updated.size.size, updated.size.basis) == (SupplierSize.SME, SizeBasis.OFFICER)


def test_bad_fields_are_named_and_nothing_is_stored(services):
    with pytest.raises(ValidationError) as error:
        services.suppliers.create(SupplierData(name="Oops", companies_house_number="12-34", postcode="NOT A CODE",
                                               staff_count=-1))
    fields = {e.field for e in error.value.errors}
    assert fields == {"companies_house_number", "postcode", "staff_count"}
    assert services.suppliers.rows() == []


def test_a_second_record_with_the_same_name_is_refused(services):
    services.suppliers.create(SupplierData(name="Acme Ltd"))
    with pytest.raises(ValidationError) as error:
        services.suppliers.create(SupplierData(name="ACME  ltd"))
    assert "merge" in error.value.for_field("name")[0]


def test_a_supplier_shows_its_contracts_and_cannot_be_deleted_while_linked(services):
    contract(services, "EF-1", ["Acme Ltd"])
    contract(services, "EF-2", ["Acme Ltd", "Other Ltd"])
    acme = services.suppliers.find("acme ltd")
    assert [c.reference for c in acme.contracts] == ["EF-1", "EF-2"]
    assert {r.name: r.contracts for r in services.suppliers.rows()} == {"Acme Ltd": 2, "Other Ltd": 1}
    with pytest.raises(ValidationError) as error:
        services.suppliers.delete(acme.id, acme.version)
    assert "EF-1" in str(error.value)


def test_merging_keeps_every_contract_link_contact_and_plan(services):
    contract(services, "EF-1", ["Acme Ltd"])
    contract(services, "EF-2", ["ACME Limited"])
    contract(services, "EF-3", ["Acme Ltd", "ACME Limited"])  # both on one contract: one link survives
    keep = services.suppliers.find("Acme Ltd")
    gone = services.suppliers.find("ACME Limited")
    services.suppliers.update(gone.id, gone.version, replace(
        gone.data, website="https://acme.example.org", vcse=True,
        contacts=(SupplierContact("Bo Example", email="bo@example.org"),)))
    services.carbon.save_plan(gone.id, CarbonPlanData(CarbonPlan.NZC, net_zero_year=2045,
                                                      approved_by="Board", approved_on=date(2026, 1, 5)))

    merged = services.suppliers.merge(keep.id, gone.id)

    assert [c.reference for c in merged.contracts] == ["EF-1", "EF-2", "EF-3"]
    assert merged.data.website == "https://acme.example.org" and merged.data.vcse
    assert [c.name for c in merged.data.contacts] == ["Bo Example"]
    assert merged.plan_count == 1
    assert [r.name for r in services.suppliers.rows()] == ["Acme Ltd"]
    assert services.pipeline.find("EF-3").data.supplier_names == ("Acme Ltd",)


def test_a_stale_edit_is_refused(services):
    created = services.suppliers.create(SupplierData(name="Acme Ltd"))
    services.suppliers.update(created.id, created.version, replace(created.data, notes="first"))
    with pytest.raises(ConflictError):
        services.suppliers.update(created.id, created.version, replace(created.data, notes="second"))
    assert services.suppliers.get(created.id).data.notes == "first"


def test_local_follows_the_postcode_areas_in_settings(services):
    services.settings.save(OrganisationSettings(local_postcode_areas="LE, DE1"))
    for name, postcode in (("City Ltd", "LE1 7RH"), ("Derby Ltd", "DE1 2AA"), ("Far Ltd", "DE22 3NE"),
                           ("London Ltd", "EC1A 1BB")):
        services.suppliers.create(SupplierData(name=name, postcode=postcode))
    assert {r.name: r.local for r in services.suppliers.rows()} == {
        "City Ltd": True, "Derby Ltd": True, "Far Ltd": False, "London Ltd": False}
