"""Delivery monitoring through the service: the award hand-over, returns and verification, evidence, remedies.

RAG thresholds: no source sets them; resources/policies/nhs_trust.yaml settings (95 / 75, returns due
30 days after the period). Payment deductions: the council profile allows them only on contracts over
£100,000 total value (003_5dc777972350c492.txt, Policy interventions (vii);
resources/policies/council.yaml settings.deductions_over); the NHS trust profile sets no limit.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import (
    Aggregation,
    CommitmentData,
    Frequency,
    Period,
    Rag,
    RagThresholds,
    RemedyData,
    RemedyKind,
    ReturnStatus,
)
from sv_desktop.domain.documents import DocumentKind
from sv_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.delivery import DeliveryService
from sv_desktop.store.models import StoredDocument

D = Decimal
TODAY = date(2026, 11, 28)
START, END = date(2026, 4, 1), date(2029, 3, 31)
Q1 = Period(date(2026, 4, 1), date(2026, 6, 30))
Q2 = Period(date(2026, 7, 1), date(2026, 9, 30))


@pytest.fixture
def delivery(services):
    return DeliveryService(services.uow_factory, services.catalogue, services.compliance,
                           today=lambda: TODAY, user=lambda: "alice")


def metric_entries(services, framework_id="ppn002", count=3):
    """The first metrics of a framework with distinct units, found by walking the catalogue."""
    found, units = [], set()
    for framework in services.catalogue.catalogue().frameworks:
        if framework.id != framework_id:
            continue
        for entry in framework.walk():
            if entry.is_metric and entry.unit not in units:
                found.append(entry)
                units.add(entry.unit)
    assert len(found) >= count
    return found[:count]


def first_non_metric(services, framework_id="ppn002"):
    framework = next(f for f in services.catalogue.catalogue().frameworks if f.id == framework_id)
    return next(e for e in framework.walk() if not e.is_metric)


def contract_data(stage=Stage.TENDER, reference="FM-1", total="500000", **changes) -> ContractData:
    suppliers = ("Acme Ltd",) if stage in (Stage.AWARDED, Stage.DELIVERY) else ()
    values = dict(reference=reference, title="Soft FM", category=Category.ESTATES_FACILITIES, stage=stage,
                  total_value=D(total), start_date=START, end_date=END,
                  supplier_names=suppliers)
    values.update(changes)
    return ContractData(**values)


def choose(services, contract_id, entries, framework_id="ppn002"):
    plan = services.selection.plan(contract_id)
    chosen = tuple(services.selection.entry_from_catalogue(framework_id, e.ref) for e in entries)
    return services.selection.save(contract_id, replace(plan, entries=chosen))


def move(services, contract_id, stage):
    detail = services.pipeline.get(contract_id)
    suppliers = detail.data.supplier_names or ("Acme Ltd",)
    return services.pipeline.update(contract_id, detail.version,
                                    replace(detail.data, stage=stage, supplier_names=suppliers))


@pytest.fixture
def awarded(services, delivery):
    """A contract at Tender with three metrics chosen, then awarded: (contract id, metric entries)."""
    contract = services.pipeline.create(contract_data())
    entries = metric_entries(services)
    choose(services, contract.id, entries)
    move(services, contract.id, Stage.AWARDED)
    return contract.id, entries


def fill_in(delivery, commitment, target="100", **changes):
    data = replace(commitment.data, target=D(target), start_date=START, due_date=date(2027, 3, 31), **changes)
    return delivery.save_commitment(commitment.contract_id, data, commitment.id, commitment.version)


# -- the award hand-over ---------------------------------------------------------------------------

def test_awarding_turns_each_chosen_metric_into_a_commitment_with_the_catalogue_unit(services, delivery):
    contract = services.pipeline.create(contract_data())
    entries = metric_entries(services)
    outcome = first_non_metric(services)
    choose(services, contract.id, [outcome, *entries])
    assert delivery.commitments(contract.id) == []  # nothing before the award

    move(services, contract.id, Stage.AWARDED)

    found = delivery.commitments(contract.id)
    assert [(c.data.framework_id, c.data.ref) for c in found] == [("ppn002", e.ref) for e in entries]
    for commitment, entry in zip(found, entries):
        assert commitment.data.unit == entry.unit
        assert commitment.data.aggregation.value == entry.aggregation
        assert commitment.unit_label == UNITS[entry.unit].label
        assert commitment.data.title == entry.title
        assert commitment.data.target is None  # to fill in from the winning bid
        assert (commitment.data.start_date, commitment.data.due_date) == (START, END)
        assert commitment.data.frequency is Frequency.QUARTERLY
        assert commitment.progress.rag is Rag.GREY
        assert "target" in commitment.progress.reason


def test_the_hand_over_is_in_the_same_transaction_as_the_stage_change(services, delivery):
    contract = services.pipeline.create(contract_data())
    choose(services, contract.id, metric_entries(services))

    def later_hook_fails(session):
        raise RuntimeError("disk full")

    services.uow_factory.add_commit_hook(later_hook_fails)
    with pytest.raises(RuntimeError):
        move(services, contract.id, Stage.AWARDED)
    assert services.pipeline.get(contract.id).data.stage is Stage.TENDER
    assert delivery.commitments(contract.id) == []  # rolled back with the stage change


def test_moving_on_to_delivery_does_not_duplicate_or_reset_commitments(services, delivery, awarded):
    contract_id, entries = awarded
    first = delivery.commitments(contract_id)[0]
    filled = fill_in(delivery, first, "12")
    move(services, contract_id, Stage.DELIVERY)
    found = delivery.commitments(contract_id)
    assert len(found) == len(entries)
    assert found[0].data.target == 12 and found[0].version == filled.version


def test_going_back_and_awarding_again_adds_only_newly_chosen_metrics(services, delivery, awarded):
    contract_id, entries = awarded
    move(services, contract_id, Stage.EVALUATION)
    extra = metric_entries(services, count=4)[3]
    choose(services, contract_id, [*entries, extra])
    move(services, contract_id, Stage.AWARDED)
    assert [c.data.ref for c in delivery.commitments(contract_id)] == [e.ref for e in [*entries, extra]]


def test_straight_from_evaluation_to_delivery_hands_over(services, delivery):
    contract = services.pipeline.create(contract_data(stage=Stage.EVALUATION))
    entries = metric_entries(services, count=2)
    choose(services, contract.id, entries)
    move(services, contract.id, Stage.DELIVERY)
    assert len(delivery.commitments(contract.id)) == 2


def test_a_contract_created_at_awarded_records_its_stage_change(services, delivery):
    contract = services.pipeline.create(contract_data(stage=Stage.AWARDED))
    assert [(s.from_stage, s.to_stage) for s in contract.stage_history] == [(None, Stage.AWARDED)]
    assert delivery.commitments(contract.id) == []  # no metrics can be chosen before the contract exists


def test_hand_over_by_hand_adds_nothing_twice(services, delivery):
    contract = services.pipeline.create(contract_data(stage=Stage.AWARDED))
    entries = metric_entries(services, count=2)
    choose(services, contract.id, entries)
    assert [c.data.ref for c in delivery.hand_over(contract.id)] == [e.ref for e in entries]
    assert len(delivery.hand_over(contract.id)) == 2


def test_changing_the_selection_after_award_adds_new_metrics_and_keeps_the_rest(services, delivery, awarded):
    """SelectionService.save rewrites every selection row; commitments are neither duplicated nor dropped."""
    contract_id, entries = awarded
    filled = fill_in(delivery, delivery.commitments(contract_id)[0], "12")
    extra = metric_entries(services, count=4)[3]
    choose(services, contract_id, [*entries[1:], extra])  # the first metric is no longer chosen
    found = delivery.commitments(contract_id)
    assert [c.data.ref for c in found] == [e.ref for e in [*entries, extra]]
    assert found[0] == delivery.commitment(filled.id) and found[0].data.target == 12


def test_metrics_chosen_for_a_contract_created_at_awarded_are_handed_over(services, delivery):
    contract = services.pipeline.create(contract_data(stage=Stage.AWARDED))
    choose(services, contract.id, metric_entries(services, count=2))
    assert len(delivery.commitments(contract.id)) == 2


# -- commitments -----------------------------------------------------------------------------------

def test_filling_in_a_commitment_from_the_bid_starts_measuring_it(delivery, awarded):
    contract_id, _ = awarded
    commitment = delivery.commitments(contract_id)[0]
    saved = fill_in(delivery, commitment, "40", bid_text="We will create 40 roles.", cohort="care leavers")
    assert saved.version == commitment.version + 1
    assert (saved.data.target, saved.data.bid_text, saved.data.cohort) == (40, "We will create 40 roles.",
                                                                          "care leavers")
    assert saved.progress.rag is Rag.RED  # started on 1 April, nothing reported by 28 November


def test_a_stale_commitment_edit_is_refused_and_nothing_is_lost(delivery, awarded):
    contract_id, _ = awarded
    commitment = delivery.commitments(contract_id)[0]
    fill_in(delivery, commitment, "40")
    with pytest.raises(ConflictError):
        fill_in(delivery, commitment, "5")  # the version read before the first save
    assert delivery.commitment(commitment.id).data.target == 40


def test_commitment_dates_outside_the_contract_are_refused_and_nothing_is_stored(delivery, awarded):
    contract_id, _ = awarded
    commitment = delivery.commitments(contract_id)[0]
    with pytest.raises(ValidationError) as error:
        delivery.save_commitment(contract_id, replace(commitment.data, target=D(5), due_date=date(2029, 4, 1)),
                                 commitment.id, commitment.version)
    assert {e.field for e in error.value.errors} == {"due_date"}
    assert delivery.commitment(commitment.id) == commitment


def test_a_bespoke_commitment_needs_its_justification(delivery, awarded):
    contract_id, entries = awarded
    bespoke = CommitmentData(title="Hospital volunteering", unit="hours", target=D(200), start_date=START,
                             due_date=END, aggregation=Aggregation.SUM)
    with pytest.raises(ValidationError):
        delivery.save_commitment(contract_id, bespoke)
    saved = delivery.save_commitment(contract_id, replace(bespoke, justification="No metric counts volunteering."))
    assert saved.data.bespoke and saved.unit_label == "hours"
    assert [c.id for c in delivery.commitments(contract_id)][-1] == saved.id
    assert len(delivery.commitments(contract_id)) == len(entries) + 1


def test_the_frequency_cannot_change_once_returns_are_recorded(delivery, awarded):
    contract_id, _ = awarded
    commitment = fill_in(delivery, delivery.commitments(contract_id)[0])
    delivery.save_return(commitment.id, Q1, D(10))
    commitment = delivery.commitment(commitment.id)
    with pytest.raises(ValidationError) as error:
        delivery.save_commitment(contract_id, replace(commitment.data, frequency=Frequency.MONTHLY),
                                 commitment.id, commitment.version)
    assert {e.field for e in error.value.errors} == {"frequency"}


# -- returns, progress and RAG ----------------------------------------------------------------------

@pytest.fixture
def measured(delivery, awarded):
    """A count commitment of 100 over 2026/27, filled in; today (28/11/2026) 242 of 365 days have passed."""
    contract_id, _ = awarded
    commitment = next(c for c in delivery.commitments(contract_id) if c.data.unit not in ("percent", "yes_no"))
    return fill_in(delivery, commitment, "100")


def test_returns_move_the_rag(delivery, measured):
    """No source sets them; resources/policies/nhs_trust.yaml settings (95 / 75)."""
    assert delivery.thresholds() == RagThresholds(D(95), D(75), 30)
    expected = measured.progress.expected
    assert measured.progress.rag is Rag.RED and len(measured.progress.overdue) == 2  # Q1 and Q2 not returned
    first = delivery.save_return(measured.id, Q1, (expected * D("0.5")).quantize(D(1)))
    assert delivery.commitment(measured.id).progress.rag is Rag.RED
    delivery.save_return(measured.id, Q2, (expected * D("0.3")).quantize(D(1)))
    now = delivery.commitment(measured.id).progress
    assert now.rag is Rag.AMBER and now.overdue == ()
    assert now.unverified_claims and now.verified is None
    delivery.verify_return(first.id, first.version)
    assert delivery.commitment(measured.id).progress.verified == first.data.actual
    assert delivery.commitments(measured.contract_id, today=date(2026, 3, 31))[0].progress.rag is Rag.GREY


def test_a_new_return_is_claimed_and_names_who_entered_it(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D("12.5"), evidence_notes=" payroll extract ",
                                 evidence_ref="Q1 return.xlsx", unit=measured.data.unit)
    assert saved.data.status is ReturnStatus.CLAIMED
    assert (saved.data.actual, saved.data.evidence_notes, saved.data.entered_by) == (D("12.5"), "payroll extract",
                                                                                      "alice")
    assert saved.period == Q1
    assert delivery.commitment(measured.id).returns == (saved,)


@pytest.mark.parametrize("actual, unit, period, field", [
    (D(-1), None, Q1, "actual"),
    (D("NaN"), None, Q1, "actual"),
    (D("1.00005"), None, Q1, "actual"),  # the store keeps four places: refused, not rounded
    (D(5), "gbp", Q1, "unit"),
    (D(5), None, Period(date(2027, 4, 1), date(2027, 6, 30)), "period"),  # after the commitment's due date
    (D(5), None, Period(date(2026, 4, 1), date(2026, 4, 30)), "period"),  # a month, reported quarterly
])
def test_bad_returns_are_refused_and_nothing_is_stored(delivery, measured, actual, unit, period, field):
    with pytest.raises(ValidationError) as error:
        delivery.save_return(measured.id, period, actual, unit=unit)
    assert {e.field for e in error.value.errors} == {field}
    assert delivery.commitment(measured.id).returns == ()


def test_a_second_return_for_the_same_period_is_refused(delivery, measured):
    delivery.save_return(measured.id, Q1, D(10))
    with pytest.raises(ValidationError) as error:
        delivery.save_return(measured.id, Q1, D(20))
    assert {e.field for e in error.value.errors} == {"period"}
    assert [r.data.actual for r in delivery.commitment(measured.id).returns] == [10]


def test_editing_a_verified_return_without_a_reason_is_refused_and_nothing_changes(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D(30))
    verified = delivery.verify_return(saved.id, saved.version)
    assert (verified.data.status, verified.reviewed_by) == (ReturnStatus.VERIFIED, "alice")
    with pytest.raises(ValidationError) as error:
        delivery.save_return(measured.id, Q1, D(35), return_id=saved.id, expected_version=verified.version,
                             reason="   ")
    assert {e.field for e in error.value.errors} == {"reason"}
    assert delivery.delivery_return(saved.id) == verified


def test_editing_a_verified_return_with_a_reason_keeps_history_and_needs_verifying_again(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D(30), evidence_ref="Q1.xlsx")
    verified = delivery.verify_return(saved.id, saved.version)
    edited = delivery.save_return(measured.id, Q1, D(35), evidence_ref="Q1 v2.xlsx", return_id=saved.id,
                                  expected_version=verified.version, reason="Supplier found 5 more starters")
    assert edited.data.actual == 35
    assert edited.data.status is ReturnStatus.CLAIMED
    assert (edited.reviewed_by, edited.reviewed_at) == ("", None)
    changes = [(h.field, h.old_value, h.new_value, h.reason, h.changed_by) for h in edited.history]
    assert ("actual", "30", "35", "Supplier found 5 more starters", "alice") in changes
    assert ("evidence_ref", "Q1.xlsx", "Q1 v2.xlsx", "Supplier found 5 more starters", "alice") in changes
    assert ("status", "verified", "claimed", "Supplier found 5 more starters", "alice") in changes
    assert ("status", "claimed", "verified", "", "alice") in changes  # the first verification too
    progress = delivery.commitment(measured.id).progress
    assert (progress.achieved, progress.verified) == (35, None)


def test_a_claimed_return_can_be_corrected_without_a_reason(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D(30))
    edited = delivery.save_return(measured.id, Q1, D(31), return_id=saved.id, expected_version=saved.version)
    assert edited.data.actual == 31 and edited.version == saved.version + 1


def test_correcting_a_rejected_return_sends_it_back_for_verification(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D(1000))
    rejected = delivery.reject_return(saved.id, saved.version, "No evidence of the starters")
    corrected = delivery.save_return(measured.id, Q1, D(30), return_id=saved.id, expected_version=rejected.version,
                                     reason="Payroll extract supplied")
    assert corrected.data.status is ReturnStatus.CLAIMED
    assert corrected.data.rejection_reason == ""
    assert ("actual", "1000", "30") in [(h.field, h.old_value, h.new_value) for h in corrected.history]
    assert delivery.commitment(measured.id).progress.achieved == 30


def test_commitment_dates_cannot_move_off_recorded_returns(delivery, measured):
    delivery.save_return(measured.id, Q1, D(30))
    commitment = delivery.commitment(measured.id)
    with pytest.raises(ValidationError) as error:
        delivery.save_commitment(measured.contract_id, replace(commitment.data, start_date=date(2026, 5, 15)),
                                 commitment.id, commitment.version)
    assert {e.field for e in error.value.errors} == {"start_date"}
    assert delivery.commitment(measured.id) == commitment


def test_a_return_period_cannot_change(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D(30))
    with pytest.raises(ValidationError):
        delivery.save_return(measured.id, Q2, D(30), return_id=saved.id, expected_version=saved.version)
    assert delivery.delivery_return(saved.id) == saved


def test_a_stale_return_edit_is_refused_and_nothing_is_lost(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D(30))
    delivery.save_return(measured.id, Q1, D(31), return_id=saved.id, expected_version=saved.version)
    with pytest.raises(ConflictError):
        delivery.save_return(measured.id, Q1, D(99), return_id=saved.id, expected_version=saved.version)
    with pytest.raises(ConflictError):
        delivery.verify_return(saved.id, saved.version)
    with pytest.raises(ConflictError):
        delivery.delete_return(saved.id, saved.version)
    kept = delivery.delivery_return(saved.id)
    assert (kept.data.actual, kept.data.status) == (31, ReturnStatus.CLAIMED)


def test_a_rejected_return_needs_a_reason_and_never_counts(delivery, measured):
    saved = delivery.save_return(measured.id, Q1, D(1000))
    with pytest.raises(ValidationError):
        delivery.reject_return(saved.id, saved.version, "  ")
    rejected = delivery.reject_return(saved.id, saved.version, "No evidence of the starters")
    assert rejected.data.status is ReturnStatus.REJECTED
    assert rejected.data.rejection_reason == "No evidence of the starters"
    progress = delivery.commitment(measured.id).progress
    assert progress.achieved is None and progress.rag is Rag.RED
    assert Q1 in progress.overdue  # a rejected return does not answer for its period


def test_a_verified_return_cannot_be_deleted_but_a_claimed_one_can(delivery, measured):
    first = delivery.save_return(measured.id, Q1, D(10))
    second = delivery.save_return(measured.id, Q2, D(10))
    verified = delivery.verify_return(first.id, first.version)
    with pytest.raises(ValidationError):
        delivery.delete_return(first.id, verified.version)
    delivery.delete_return(second.id, second.version)
    assert [r.id for r in delivery.commitment(measured.id).returns] == [first.id]


# -- evidence files ------------------------------------------------------------------------------------

def test_evidence_files_round_trip_inside_the_store(delivery, measured, tmp_path):
    saved = delivery.save_return(measured.id, Q1, D(10))
    with pytest.raises(NotFoundError):
        delivery.evidence(saved.id)
    document = tmp_path / "Q1 payroll.pdf"
    content = bytes(range(256)) * 40
    document.write_bytes(content)
    attached = delivery.attach_evidence(saved.id, document)
    document.unlink()  # the store keeps its own copy
    assert attached.evidence.file_name == "Q1 payroll.pdf" and attached.evidence.size == len(content)
    assert delivery.evidence(saved.id) == ("Q1 payroll.pdf", content)
    assert delivery.commitment(measured.id).returns[0].evidence == attached.evidence

    replacement = tmp_path / "Q1 payroll v2.csv"
    replacement.write_bytes(b"name,start\nA,2026-05-01\n")
    delivery.attach_evidence(saved.id, replacement)
    assert delivery.evidence(saved.id) == ("Q1 payroll v2.csv", b"name,start\nA,2026-05-01\n")

    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError):
        delivery.attach_evidence(saved.id, empty)
    with pytest.raises(ValidationError):
        delivery.attach_evidence(saved.id, tmp_path / "missing.pdf")
    assert delivery.evidence(saved.id)[0] == "Q1 payroll v2.csv"  # nothing lost

    delivery.delete_return(saved.id, delivery.delivery_return(saved.id).version)
    with pytest.raises(NotFoundError):
        delivery.evidence(saved.id)


def test_deleting_a_contract_removes_its_returns_evidence(services, delivery, measured, tmp_path):
    saved = delivery.save_return(measured.id, Q1, D(10))
    document = tmp_path / "secret.pdf"
    document.write_bytes(b"%PDF another contract's evidence")
    delivery.attach_evidence(saved.id, document)
    services.pipeline.delete(measured.contract_id, services.pipeline.get(measured.contract_id).version)
    with services.uow_factory() as uow:
        left = uow.session.scalars(select(StoredDocument.file_name).where(
            StoredDocument.owner_kind == DocumentKind.RETURN_EVIDENCE.value)).all()
    assert left == []  # fails on SQLite and PostgreSQL alike

    other = services.pipeline.create(contract_data(reference="FM-2"))
    bespoke = delivery.save_commitment(other.id, CommitmentData(
        title="Volunteering", unit="hours", target=D(10), start_date=START, due_date=date(2027, 3, 31),
        justification="No metric counts it."))
    fresh = delivery.save_return(bespoke.id, Q1, D(1))
    assert fresh.evidence is None
    with pytest.raises(NotFoundError):
        delivery.evidence(fresh.id)


# -- remedies --------------------------------------------------------------------------------------

def use_profile(services, profile_id):
    services.settings.save(replace(services.settings.load(), policy_profile=profile_id))


def deduction(amount="2500"):
    return RemedyData(RemedyKind.PAYMENT_DEDUCTION, date(2026, 11, 1), "Deduction for the Q2 shortfall",
                      D(amount), due_on=date(2026, 12, 31))


@pytest.mark.parametrize("total, allowed", [("100000", False), ("100000.01", True)])
def test_council_deductions_only_over_100000(services, delivery, total, allowed):
    """003_5dc777972350c492.txt, Policy interventions (vii): "For contracts over £100,000 total value the
    Council would reserve the right to reduce contractual payments" (council.yaml settings.deductions_over)."""
    use_profile(services, "council")
    assert delivery.deductions_over() == D(100000)
    contract = services.pipeline.create(contract_data(total=total))
    commitment = delivery.save_commitment(contract.id, CommitmentData(
        title="Volunteering", unit="hours", target=D(10), start_date=START, due_date=date(2027, 3, 31),
        justification="No metric counts it."))
    kinds = delivery.remedy_kinds(D(total))
    assert (RemedyKind.PAYMENT_DEDUCTION in kinds, RemedyKind.SERVICE_CREDIT in kinds) == (allowed, allowed)
    assert RemedyKind.IMPROVEMENT_PLAN in kinds and RemedyKind.ALTERNATIVE in kinds
    if allowed:
        saved = delivery.save_remedy(commitment.id, deduction())
        assert saved.data == deduction()
        assert delivery.commitment(commitment.id).remedies == (saved,)
    else:
        with pytest.raises(ValidationError) as error:
            delivery.save_remedy(commitment.id, deduction())
        assert {e.field for e in error.value.errors} == {"kind"}
        assert delivery.commitment(commitment.id).remedies == ()


def test_the_nhs_trust_profile_does_not_limit_deductions(services, delivery, measured):
    """resources/policies/nhs_trust.yaml settings set no deductions_over."""
    assert delivery.deductions_over() is None
    assert set(delivery.remedy_kinds(D(1))) == set(RemedyKind)
    assert set(delivery.remedy_kinds(None)) == set(RemedyKind)
    assert delivery.save_remedy(measured.id, deduction()).data.amount == 2500


def test_a_remedy_is_updated_closed_and_deleted_with_version_checks(delivery, measured):
    plan = RemedyData(RemedyKind.IMPROVEMENT_PLAN, date(2026, 11, 1), "Recruit through the local college",
                      due_on=date(2027, 1, 31))
    saved = delivery.save_remedy(measured.id, plan)
    closed = delivery.save_remedy(measured.id, replace(plan, closed_on=date(2026, 11, 20), outcome="Back on track"),
                                  saved.id, saved.version)
    assert closed.version == saved.version + 1 and closed.data.outcome == "Back on track"
    with pytest.raises(ConflictError):
        delivery.save_remedy(measured.id, replace(plan, description="stale"), saved.id, saved.version)
    with pytest.raises(ConflictError):
        delivery.delete_remedy(saved.id, saved.version)
    assert delivery.commitment(measured.id).remedies == (closed,)
    with pytest.raises(ValidationError):  # raised in the future (today is 28/11/2026)
        delivery.save_remedy(measured.id, replace(plan, raised_on=date(2026, 12, 1)))
    delivery.delete_remedy(closed.id, closed.version)
    assert delivery.commitment(measured.id).remedies == ()


def test_deleting_a_commitment_takes_its_returns_evidence_and_remedies(delivery, measured, tmp_path):
    saved = delivery.save_return(measured.id, Q1, D(10))
    document = tmp_path / "q1.pdf"
    document.write_bytes(b"%PDF q1")
    delivery.attach_evidence(saved.id, document)
    delivery.save_remedy(measured.id, RemedyData(RemedyKind.IMPROVEMENT_PLAN, date(2026, 11, 1), "Plan"))
    with pytest.raises(ConflictError):
        delivery.delete_commitment(measured.id, measured.version - 1)
    delivery.delete_commitment(measured.id, delivery.commitment(measured.id).version)
    with pytest.raises(NotFoundError):
        delivery.commitment(measured.id)
    with pytest.raises(NotFoundError):
        delivery.evidence(saved.id)
