"""The pipeline use cases on a real store: one transaction per edit, nothing half-written."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ConflictError, ValidationError
from sv_desktop.domain.vocabulary import Category, ParentKind, Stage
from sv_desktop.services.settings import OrganisationSettings
from sv_desktop.store.models import Supplier


def cleaning(**changes) -> ContractData:
    data = ContractData(
        reference="EF-001", title="Soft FM cleaning", category=Category.ESTATES_FACILITIES,
        total_value=Decimal("1250000.00"), annual_value=Decimal("250000.00"),
        start_date=date(2025, 4, 1), end_date=date(2030, 3, 31), notice_period_months=3,
    )
    return replace(data, **changes)


def test_created_contract_reads_back_with_money_as_decimal_and_a_first_stage_entry(services):
    detail = services.pipeline.create(cleaning(), stage_date=date(2025, 1, 10))
    again = services.pipeline.get(detail.id)
    assert again.data.total_value == Decimal("1250000.00")
    assert isinstance(again.data.total_value, Decimal)
    assert [(c.from_stage, c.to_stage, c.changed_on) for c in again.stage_history] == [
        (None, Stage.PIPELINE, date(2025, 1, 10))]


def test_decision_due_uses_the_lead_time_setting(services):
    services.settings.save(OrganisationSettings(decision_lead_time_months=9))
    detail = services.pipeline.create(cleaning())
    assert detail.decision_due == date(2029, 3, 31)
    assert services.pipeline.rows()[0].decision_due == date(2029, 3, 31)


def test_reference_must_be_unique(services):
    services.pipeline.create(cleaning())
    with pytest.raises(ValidationError) as caught:
        services.pipeline.create(cleaning(title="Another"))
    assert "already used" in caught.value.for_field("reference")[0]


def test_stage_change_is_recorded_with_its_date_and_note(services):
    detail = services.pipeline.create(cleaning())
    updated = services.pipeline.update(detail.id, detail.version, cleaning(stage=Stage.TENDER),
                                       stage_date=date(2026, 2, 1), stage_note="ITT published")
    last = updated.stage_history[-1]
    assert (last.from_stage, last.to_stage, last.changed_on, last.note) == (
        Stage.PIPELINE, Stage.TENDER, date(2026, 2, 1), "ITT published")
    assert updated.version == detail.version + 1


def test_an_edit_from_a_stale_copy_is_refused_and_nothing_changes(services):
    detail = services.pipeline.create(cleaning())
    services.pipeline.update(detail.id, detail.version, cleaning(title="First edit"))
    with pytest.raises(ConflictError):
        services.pipeline.update(detail.id, detail.version, cleaning(title="Stale edit"))
    assert services.pipeline.get(detail.id).data.title == "First edit"


def test_suppliers_are_their_own_records_shared_between_contracts(services):
    services.pipeline.create(cleaning(stage=Stage.DELIVERY, supplier_names=("Acme Facilities Ltd",)))
    services.pipeline.create(cleaning(reference="EF-002", stage=Stage.DELIVERY,
                                      supplier_names=("ACME  facilities ltd", "Beta Services plc")))
    with services.uow_factory() as uow:
        assert uow.session.scalar(select(func.count(Supplier.id))) == 2
    assert services.pipeline.find("EF-002").data.supplier_names == ("Acme Facilities Ltd", "Beta Services plc")


def test_lots_link_to_their_parent_and_a_cycle_is_refused(services):
    parent = services.pipeline.create(cleaning(reference="FW-1", title="FM framework"))
    lot = services.pipeline.create(cleaning(reference="FW-1-L1", parent_reference="FW-1", parent_kind=ParentKind.LOT))
    assert services.pipeline.get(parent.id).child_references == ("FW-1-L1",)
    assert services.pipeline.rows()[1].parent_reference == "FW-1"
    with pytest.raises(ValidationError) as caught:
        services.pipeline.update(parent.id, parent.version, cleaning(reference="FW-1", parent_reference="FW-1-L1"))
    assert caught.value.for_field("parent_reference")
    with pytest.raises(ValidationError):
        services.pipeline.create(cleaning(reference="X", parent_reference="NOPE"))
    assert services.pipeline.get(lot.id).data.parent_kind is ParentKind.LOT


def test_an_invalid_edit_leaves_the_stored_contract_untouched(services):
    detail = services.pipeline.create(cleaning())
    with pytest.raises(ValidationError):
        services.pipeline.update(detail.id, detail.version, cleaning(title="", end_date=date(2020, 1, 1)))
    assert services.pipeline.get(detail.id).data == detail.data


def test_duplicate_gets_a_free_reference_and_its_own_history(services):
    detail = services.pipeline.create(cleaning())
    first = services.pipeline.duplicate(detail.id)
    second = services.pipeline.duplicate(detail.id)
    assert (first.data.reference, second.data.reference) == ("EF-001-COPY", "EF-001-COPY2")
    assert first.data.title == detail.data.title
    assert "copy of EF-001" in first.stage_history[0].note


def test_delete_removes_the_contract_and_unlinks_its_lots(services):
    parent = services.pipeline.create(cleaning(reference="FW-1"))
    lot = services.pipeline.create(cleaning(reference="FW-1-L1", parent_reference="FW-1", parent_kind=ParentKind.LOT))
    services.pipeline.delete(parent.id, parent.version)
    assert services.pipeline.find("FW-1") is None
    assert services.pipeline.get(lot.id).data.parent_reference == ""


def test_settings_are_validated_and_kept(services):
    with pytest.raises(ValidationError):
        services.settings.save(OrganisationSettings(organisation_name=" ", decision_lead_time_months=99))
    services.settings.save(OrganisationSettings(organisation_name="Leicestershire Partnership NHS Trust"))
    assert services.settings.load().organisation_name == "Leicestershire Partnership NHS Trust"
