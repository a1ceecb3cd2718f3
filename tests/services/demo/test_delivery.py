"""Demo delivery data: commitments, returns and remedies with a realistic RAG spread, reproducible and fast.

The spread aimed at (about 55 % green, 20 % amber, 15 % red, 10 % grey) is a demo choice, not a rule;
RAG itself is the domain's (sv_desktop.domain.delivery) with the NHS trust profile's thresholds, and the
tests read it back through DeliveryService as a user would see it.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.delivery import Period, Rag, RemedyKind, ReturnStatus, periods
from sv_desktop.domain.delivery_input import validate_commitment, validate_return
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.services.demo.delivery import DEDUCTIONS_OVER, add_demo_delivery
from sv_desktop.services.demo.generator import generate_demo
from sv_desktop.store.models import Commitment, Contract, SvSelection

TODAY = date(2026, 11, 22)
LIVE = (Stage.AWARDED, Stage.DELIVERY)


def demo_contracts(services) -> list[tuple]:
    with services.uow_factory() as uow:
        return [tuple(row) for row in uow.session.execute(select(
            Contract.id, Contract.stage, Contract.total_value, Contract.start_date, Contract.end_date)
            .order_by(Contract.id))]


def clear_delivery(services) -> None:
    """generate_demo already adds delivery data; these tests re-run add_demo_delivery on its contracts."""
    from sqlalchemy import delete

    with services.uow_factory() as uow:
        uow.session.execute(delete(Commitment))
        uow.commit()


def add_delivery(services, seed: int = 11):
    clear_delivery(services)
    with services.uow_factory() as uow:
        result = add_demo_delivery(uow.session, demo_contracts(services), random.Random(seed), TODAY,
                                   services.catalogue.catalogue())
        uow.commit()
    return result


@pytest.fixture(scope="module")
def demo(store_templates, tmp_path_factory):
    """800 demo contracts with delivery data, made once for the tests below, which only read it."""
    with store_templates.shared_services(tmp_path_factory.mktemp("delivery-demo")) as services:
        with store_templates.own_home():  # module fixtures come before the test's own data folder
            generate_demo(services.uow_factory, contracts=800, today=TODAY,
                          catalogue=services.catalogue.catalogue())
            services.result = add_delivery(services)
            services.records = [record for records in services.delivery.commitments_for(None, today=TODAY).values()
                                for record in records]
        yield services


def test_the_rag_spread_is_realistic_with_green_the_most_common(demo):
    spread = Counter(record.progress.rag for record in demo.records)
    total = sum(spread.values())
    assert total > 300
    assert set(spread) == set(Rag)
    assert spread.most_common(1)[0][0] is Rag.GREEN
    shares = {rag: spread[rag] / total for rag in Rag}
    assert 0.42 <= shares[Rag.GREEN] <= 0.68
    assert 0.12 <= shares[Rag.AMBER] <= 0.28
    assert 0.08 <= shares[Rag.RED] <= 0.24
    assert 0.04 <= shares[Rag.GREY] <= 0.18


def test_the_counts_it_reports_are_the_ones_the_service_shows(demo):
    result = demo.result
    assert result.commitments == len(demo.records)
    assert result.rag == Counter(record.progress.rag for record in demo.records)
    assert result.returns == sum(len(record.returns) for record in demo.records)
    assert result.remedies == sum(len(record.remedies) for record in demo.records)
    assert result.overdue_returns == sum(len(record.progress.overdue) for record in demo.records)


def test_there_are_overdue_returns_unverified_claims_and_rejections_with_reasons(demo):
    records = demo.records
    assert sum(len(r.progress.overdue) for r in records) > 20
    assert sum(1 for r in records if r.progress.unverified_claims) > 20
    returns = [ret for r in records for ret in r.returns]
    statuses = Counter(ret.data.status for ret in returns)
    assert statuses[ReturnStatus.VERIFIED] > statuses[ReturnStatus.CLAIMED] > statuses[ReturnStatus.REJECTED] > 0
    rejected = [ret for ret in returns if ret.data.status is ReturnStatus.REJECTED]
    assert all(ret.data.rejection_reason and ret.reviewed_by and ret.reviewed_at for ret in rejected)
    verified = [ret for ret in returns if ret.data.status is ReturnStatus.VERIFIED]
    assert all(ret.reviewed_by and ret.reviewed_at >= ret.data.entered_at for ret in verified)
    assert all(ret.data.evidence_ref and ret.data.entered_by for ret in returns)


def test_most_red_commitments_have_remedies_and_deductions_only_over_100k(demo):
    red = [r for r in demo.records if r.progress.rag is Rag.RED]
    with_remedies = [r for r in red if r.remedies]
    assert len(with_remedies) >= 0.7 * len(red)
    assert all(any(m.data.kind is RemedyKind.IMPROVEMENT_PLAN for m in r.remedies) for r in with_remedies)
    kinds = Counter(m.data.kind for r in demo.records for m in r.remedies)
    assert kinds[RemedyKind.ALTERNATIVE] > 0
    assert kinds[RemedyKind.PAYMENT_DEDUCTION] + kinds[RemedyKind.SERVICE_CREDIT] > 0
    totals = {row.id: row.total_value for row in demo.pipeline.rows()}
    for record in demo.records:
        for remedy in record.remedies:
            data = remedy.data
            assert data.raised_on <= TODAY and (data.due_on is None or data.due_on >= data.raised_on)
            assert data.description and (data.closed_on is None or data.outcome)
            if data.kind.takes_amount:
                assert data.amount > 0 and totals[record.contract_id] > DEDUCTIONS_OVER
            else:
                assert data.amount is None


def test_commitments_come_from_the_chosen_metrics_of_awarded_and_live_contracts(demo):
    rows = {row.id: row for row in demo.pipeline.rows()}
    assert {rows[r.contract_id].stage for r in demo.records} <= set(LIVE)
    with demo.uow_factory() as uow:
        chosen = {(cid, fid, ref) for cid, fid, ref in uow.session.execute(
            select(SvSelection.contract_id, SvSelection.framework_id, SvSelection.ref)
            .where(SvSelection.kind == "metric"))}
    live_chosen = {key for key in chosen if rows[key[0]].stage in LIVE}
    assert {(r.contract_id, r.data.framework_id, r.data.ref) for r in demo.records} == live_chosen
    catalogue = demo.catalogue.catalogue()
    for record in demo.records:
        data = record.data
        entry = catalogue.entry(data.framework_id, data.ref)
        contract = rows[record.contract_id]
        validate_commitment(data, set(UNITS), contract.start_date, contract.end_date)
        assert data.unit == entry.unit
        if entry.by_region:
            assert data.region is not None
        if data.target is not None:
            assert data.bid_text and data.target > 0
        for ret in record.returns:
            validate_return(data, Period(ret.data.period_start, ret.data.period_end), ret.data.actual, data.unit)
            assert ret.data.period_end < TODAY


def test_grey_commitments_are_not_started_or_still_to_fill_in(demo):
    grey = [r for r in demo.records if r.progress.rag is Rag.GREY]
    later = [r for r in grey if r.data.start_date > TODAY]
    to_fill_in = [r for r in grey if r.data.target is None]
    assert later and to_fill_in and len(later) + len(to_fill_in) == len(grey)
    assert all(not r.returns for r in grey)


def test_frequencies_are_quarterly_and_annual_with_baselines_and_cohorts(demo):
    records = demo.records
    frequencies = Counter(r.data.frequency.value for r in records)
    assert frequencies["quarterly"] > frequencies["annual"] > 0
    assert any(r.data.baseline is not None for r in records)
    assert any(r.data.cohort for r in records)
    # Every past period of a started commitment is either reported, overdue or not yet due.
    for record in records[:200]:
        data = record.data
        if data.missing or data.start_date > TODAY:
            continue
        reported = {ret.data.period_start for ret in record.returns}
        overdue = {p.start for p in record.progress.overdue}
        for period in periods(data.start_date, data.due_date, data.frequency):
            if period.end < date(2026, 10, 22):
                assert period.start in reported | overdue


def test_the_same_seed_and_day_give_the_same_delivery_data(services):
    def snapshot():
        references = {row.id: row.reference for row in services.pipeline.rows()}
        found = services.delivery.commitments_for(None, today=TODAY)
        return [(references[cid], r.data, tuple(ret.data for ret in r.returns), tuple(m.data for m in r.remedies))
                for cid in sorted(found, key=references.get) for r in found[cid]]

    catalogue = services.catalogue.catalogue()
    generate_demo(services.uow_factory, contracts=250, seed=5, today=TODAY, catalogue=catalogue)
    add_delivery(services, seed=9)
    first = snapshot()
    generate_demo(services.uow_factory, contracts=250, seed=5, today=TODAY, catalogue=catalogue)  # replaces
    add_delivery(services, seed=9)
    assert snapshot() == first and first


def test_contracts_that_already_have_commitments_are_left_alone(services):
    generate_demo(services.uow_factory, contracts=150, today=TODAY, catalogue=services.catalogue.catalogue())
    first = add_delivery(services)
    with services.uow_factory() as uow:  # again, without clearing: nothing is added twice
        again = add_demo_delivery(uow.session, demo_contracts(services), random.Random(11), TODAY,
                                  services.catalogue.catalogue())
        uow.commit()
    assert first.commitments > 0 and again.commitments == 0
    with services.uow_factory() as uow:
        assert uow.session.scalar(select(func.count(Commitment.id))) == first.commitments


def test_no_live_contracts_means_nothing_to_add(services):
    with services.uow_factory() as uow:
        result = add_demo_delivery(uow.session, [(1, Stage.TENDER.value, Decimal(1000), TODAY, TODAY)],
                                   random.Random(1), TODAY, services.catalogue.catalogue())
    assert result.commitments == result.returns == result.remedies == 0


def test_the_demo_command_itself_fills_delivery_for_its_live_contracts(services):
    """generate_demo (the `sv-desktop demo` command) calls add_demo_delivery; its speed is benchmarked in
    benchmarks/, not timed here."""
    generate_demo(services.uow_factory, contracts=1000, today=TODAY, catalogue=services.catalogue.catalogue())
    records = [r for rs in services.delivery.commitments_for(None, today=TODAY).values() for r in rs]
    assert len(records) > 500 and sum(len(r.returns) for r in records) > 2500
