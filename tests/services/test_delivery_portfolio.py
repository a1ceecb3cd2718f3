"""The delivery portfolio: totals per metric across contracts, filters, RAG counts, overdue returns, £ proxies."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import Aggregation, CommitmentData, Frequency, Period, Rag
from sv_desktop.domain.proxy_values import MetricKey
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.delivery import DeliveryService
from sv_desktop.services.delivery_portfolio import (
    AVERAGE,
    DeliveryPortfolio,
    PortfolioFilter,
    financial_year_label,
    summarise,
)
from sv_desktop.services.proxy_values import ProxyValuesService

TODAY = date(2026, 11, 15)  # in financial year 2026/27; Q2 (Jul-Sep 2026) returns were due on 30/10/2026

APPRENTICES = MetricKey.framework("ppn002", "1aii")
CARBON = MetricKey.framework("ppn002", "4ai")
SME_SPEND = MetricKey.framework("ppn002", "3aii")
BUS_JOURNEYS = MetricKey.bespoke("Community bus journeys", "count")


def q(year: int, quarter: int) -> Period:
    """Quarter 1-4 of the NHS financial year starting in April `year`."""
    start_month = 4 + 3 * (quarter - 1)
    start = date(year + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
    end_month = start_month + 3
    end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return Period(start, date.fromordinal(end.toordinal() - 1))


@dataclass
class Built:
    services: object
    delivery: DeliveryService
    contracts: dict[str, int]
    commitments: dict[str, int]


def build_portfolio_data(services, today: date = TODAY) -> Built:
    """Four contracts (three with commitments) and a realistic mix of returns; each number is in a test below."""
    delivery = DeliveryService(services.uow_factory, services.catalogue, services.compliance, today=lambda: today)
    contracts: dict[str, int] = {}
    commitments: dict[str, int] = {}

    def contract(reference, title, category, stage, suppliers, start, end, total):
        detail = services.pipeline.create(ContractData(
            reference=reference, title=title, category=category, stage=stage, supplier_names=suppliers,
            start_date=start, end_date=end, total_value=Decimal(total)))
        contracts[reference] = detail.id
        return detail.id

    def commit(name, contract_id, title, unit, target, start, due, ref="", framework="ppn002", justification=""):
        record = delivery.save_commitment(contract_id, CommitmentData(
            title=title, unit=unit, target=Decimal(target), start_date=start, due_date=due,
            frequency=Frequency.QUARTERLY, aggregation=Aggregation(UNITS[unit].default_aggregation),
            framework_id=framework if ref else "", ref=ref, justification=justification))
        commitments[name] = record.id
        return record.id

    def ret(name, period, actual, verify=False):
        record = delivery.save_return(commitments[name], period, Decimal(actual))
        if verify:
            delivery.verify_return(record.id, record.version)

    facilities = contract("EST-001", "Hospital facilities management", Category.ESTATES_FACILITIES, Stage.DELIVERY,
                          ("Acme Facilities Ltd",), date(2025, 4, 1), date(2028, 3, 31), "6000000")
    commit("est-apprentices", facilities, "Apprentices on site", "count", "30", date(2025, 4, 1), date(2028, 3, 31),
           "1aii")
    commit("est-carbon", facilities, "Carbon saved", "tco2e", "300", date(2025, 4, 1), date(2028, 3, 31), "4ai")
    commit("est-sme", facilities, "Spend with SMEs", "gbp", "1200000", date(2025, 4, 1), date(2028, 3, 31), "3aii")
    for period, value, verify in ((q(2025, 1), "4", True), (q(2025, 2), "5", True), (q(2025, 3), "3", True),
                                  (q(2025, 4), "0", True), (q(2026, 1), "2", False)):
        ret("est-apprentices", period, value, verify)
    for period, value in ((q(2025, 1), "20"), (q(2025, 2), "25"), (q(2025, 3), "30"), (q(2025, 4), "25"),
                          (q(2026, 1), "40"), (q(2026, 2), "35")):
        ret("est-carbon", period, value, verify=True)
    for period, value in ((q(2025, 1), "150000"), (q(2026, 1), "60000")):
        ret("est-sme", period, value)

    transport = contract("TRN-002", "Patient transport", Category.TRANSPORT, Stage.AWARDED,
                         ("Bluebird Transport",), date(2026, 4, 1), date(2029, 3, 31), "2000000")
    commit("trn-apprentices", transport, "Apprenticeships for drivers", "count", "12", date(2026, 4, 1),
           date(2029, 3, 31), "1aii")
    commit("trn-bus", transport, "Community bus journeys", "count", "500", date(2026, 4, 1), date(2029, 3, 31),
           justification="No framework metric counts community transport journeys.")
    ret("trn-apprentices", q(2026, 1), "3", verify=True)
    ret("trn-apprentices", q(2026, 2), "1")
    ret("trn-bus", q(2026, 1), "40")
    ret("trn-bus", q(2026, 2), "45")

    digital = contract("DIG-003", "Electronic patient record support", Category.DDAT, Stage.DELIVERY,
                       ("Cygnet Digital", "Acme Facilities Ltd"), date(2025, 10, 1), date(2027, 9, 30), "800000")
    commit("dig-apprentices", digital, "Digital apprentices", "count", "8", date(2025, 10, 1), date(2027, 9, 30),
           "1aii")
    commit("dig-local", digital, "Staff living locally", "percent", "60", date(2025, 10, 1), date(2027, 9, 30),
           justification="Local employment share agreed at award.")
    ret("dig-apprentices", q(2025, 3), "2", verify=True)
    ret("dig-apprentices", q(2026, 1), "1")
    ret("dig-local", q(2025, 3), "50", verify=True)
    ret("dig-local", q(2026, 2), "70")

    contract("CLN-004", "Cleaning (no commitments yet)", Category.ESTATES_FACILITIES, Stage.TENDER,
             ("Sparkle Cleaning",), date(2027, 1, 1), date(2029, 12, 31), "300000")
    return Built(services, delivery, contracts, commitments)


@pytest.fixture
def built(services):
    return build_portfolio_data(services)


@pytest.fixture
def portfolio(built):
    return DeliveryPortfolio(built.delivery, built.services.pipeline, ProxyValuesService(built.services.catalogue),
                             catalogue=built.services.catalogue)


def total(data, metric):
    return next(t for t in data.totals if t.metric == metric)


def test_totals_add_up_across_contracts_per_framework_metric(portfolio):
    data = portfolio.portfolio(today=TODAY)
    apprentices = total(data, APPRENTICES)
    # EST 4+5+3+0+2, TRN 3+1, DIG 2+1
    assert apprentices.achieved == Decimal(21)
    assert apprentices.verified == Decimal(4 + 5 + 3 + 0 + 3 + 2)
    assert apprentices.target == Decimal(30 + 12 + 8)
    assert (apprentices.contracts, apprentices.commitments) == (3, 3)
    assert apprentices.name == "PPN 002 1aii: Apprenticeship opportunities created or retained, by UK region"
    assert apprentices.unit_label == "number"
    assert total(data, CARBON).achieved == Decimal(175)
    assert total(data, SME_SPEND).achieved == Decimal(210000)
    assert total(data, SME_SPEND).verified is None  # claims only: nothing verified yet


def test_bespoke_metrics_are_totalled_by_name_and_unit_and_listed_after_framework_metrics(portfolio):
    data = portfolio.portfolio(today=TODAY)
    bus = total(data, BUS_JOURNEYS)
    assert (bus.name, bus.achieved, bus.target) == ("Community bus journeys (bespoke)", Decimal(85), Decimal(500))
    framework_positions = [i for i, t in enumerate(data.totals) if not t.metric.bespoke_metric]
    bespoke_positions = [i for i, t in enumerate(data.totals) if t.metric.bespoke_metric]
    assert max(framework_positions) < min(bespoke_positions)
    assert [t.metric.ref for t in data.totals if not t.metric.bespoke_metric] == ["1aii", "3aii", "4ai"]


def test_percentages_are_averaged_not_added(portfolio):
    local = total(portfolio.portfolio(today=TODAY), MetricKey.bespoke("staff living locally", "percent"))
    assert local.combine == AVERAGE
    assert local.achieved == Decimal(70)  # the latest value of the one commitment
    assert local.achieved_gbp is None


def test_the_category_stage_and_supplier_filters_narrow_the_contracts(portfolio):
    everything = portfolio.portfolio(today=TODAY)
    assert (everything.contracts, everything.contracts_with_commitments) == (4, 3)
    estates = portfolio.portfolio(PortfolioFilter(categories=(Category.ESTATES_FACILITIES,)), TODAY)
    assert estates.contracts == 2 and {line.contract_reference for line in estates.commitments} == {"EST-001"}
    assert total(estates, APPRENTICES).achieved == Decimal(14)
    awarded = portfolio.portfolio(PortfolioFilter(stages=(Stage.AWARDED,)), TODAY)
    assert {line.contract_reference for line in awarded.commitments} == {"TRN-002"}
    acme = portfolio.portfolio(PortfolioFilter(supplier="  acme   FACILITIES "), TODAY)
    assert {line.contract_reference for line in acme.commitments} == {"EST-001", "DIG-003"}
    assert total(acme, APPRENTICES).achieved == Decimal(17)
    nobody = portfolio.portfolio(PortfolioFilter(supplier="No such supplier"), TODAY)
    assert (nobody.contracts, nobody.totals, nobody.commitments, nobody.overdue) == (0, (), (), ())
    assert all(count == 0 for _rag, count in nobody.rag_counts)


def test_the_financial_year_filter_counts_only_that_years_returns(portfolio):
    year = portfolio.portfolio(PortfolioFilter(financial_year=2026), TODAY)
    apprentices = total(year, APPRENTICES)
    assert apprentices.achieved == Decimal(2 + 3 + 1 + 1)
    assert apprentices.verified == Decimal(3)
    assert total(year, CARBON).achieved == Decimal(75)
    # A summed target is pro-rated to the commitment's days in the year (leap days count): 365 of EST's 1,096
    # days, 365 of TRN's 1,096 and 365 of DIG's 730.
    def share(target, days):
        return (Decimal(target) * 365 / days).quantize(Decimal("0.01"))

    assert apprentices.target == share(30, 1096) + share(12, 1096) + share(8, 730) == Decimal("17.99")
    earlier = portfolio.portfolio(PortfolioFilter(financial_year=2025), TODAY)
    assert total(earlier, APPRENTICES).achieved == Decimal(4 + 5 + 3 + 0 + 2)
    # TRN-002 starts in April 2026: nothing of it belongs to 2025/26.
    assert "TRN-002" not in {line.contract_reference for line in earlier.commitments}
    assert financial_year_label(2026) == "2026/27" and year.financial_years[:2] == (2025, 2026)


def test_rag_counts_and_commitment_lines_show_each_commitments_status_as_at_today(portfolio, built):
    data = portfolio.portfolio(today=TODAY)
    lines = {line.commitment_id: line for line in data.commitments}
    expected = {rag: 0 for rag in Rag}
    for line in data.commitments:
        progress = built.delivery.commitment(line.commitment_id).progress
        assert (line.rag, line.percent_of_expected) == (progress.rag, progress.percent_of_expected)
        expected[line.rag] += 1
    assert dict(data.rag_counts) == expected
    assert sum(count for _rag, count in data.rag_counts) == len(data.commitments) == 7
    assert lines[built.commitments["est-carbon"]].rag is Rag.GREEN  # 175 of ~160 expected
    assert lines[built.commitments["est-sme"]].rag is Rag.RED  # £210k of ~£650k expected
    assert f"Red: off track {data.rag_count(Rag.RED)}" in data.rag_text


def test_overdue_returns_are_listed_with_the_period_and_days_overdue(portfolio, built):
    data = portfolio.portfolio(today=TODAY)
    found = {(o.contract_reference, o.commitment_title, o.period_label): o.days_overdue for o in data.overdue}
    # Q2 2026/27 (Jul-Sep 2026) was due 30 days after 30/09/2026, i.e. on 30/10/2026: 16 days before TODAY.
    assert found[("EST-001", "Apprentices on site", "Q2 2026/27")] == 16
    assert found[("EST-001", "Spend with SMEs", "Q2 2025/26")] == (TODAY - date(2025, 10, 30)).days
    assert ("EST-001", "Carbon saved", "Q2 2026/27") not in found  # returned
    assert [o.days_overdue for o in data.overdue] == sorted((o.days_overdue for o in data.overdue), reverse=True)
    in_year = portfolio.portfolio(PortfolioFilter(financial_year=2026), TODAY)
    assert {o.period.start.year for o in in_year.overdue} == {2026}
    assert len(in_year.overdue) < len(data.overdue)


def test_without_a_proxy_file_no_pound_values_are_shown(portfolio):
    data = portfolio.portfolio(today=TODAY)
    assert all(t.achieved_gbp is None for t in data.totals)
    assert data.monetised_achieved is None and data.proxy_sources == ()
    assert data.proxy_path is not None and data.proxy_path.name == "proxy-values.yaml"


def test_a_proxy_file_gives_pound_totals_with_its_source(portfolio, built):
    portfolio.proxies.path.parent.mkdir(parents=True, exist_ok=True)
    portfolio.proxies.path.write_text(
        "schema: 1\n"
        "values:\n"
        "  - framework: ppn002\n"
        "    ref: \"1aii\"\n"
        "    gbp_per_unit: 2500.50\n"
        "    source: \"Organisation's own valuation\"\n"
        "    year: 2025\n"
        "  - title: community bus journeys\n"
        "    unit: count\n"
        "    gbp_per_unit: \"£12\"\n"
        "    source: Transport team estimate\n"
        "    year: 2026\n", encoding="utf-8")
    data = portfolio.portfolio(today=TODAY)
    apprentices = total(data, APPRENTICES)
    assert apprentices.achieved_gbp == Decimal("52510.50")  # 21 x £2,500.50
    assert apprentices.verified_gbp == Decimal("42508.50")  # 17 x £2,500.50
    assert apprentices.proxy.source == "Organisation's own valuation" and apprentices.proxy.year == 2025
    assert total(data, BUS_JOURNEYS).achieved_gbp == Decimal(1020)
    assert total(data, CARBON).achieved_gbp is None  # no proxy given: units only
    assert data.monetised_achieved == Decimal("52510.50") + Decimal(1020)
    assert data.proxy_sources == ("Organisation's own valuation (2025 values)", "Transport team estimate (2026 values)")
    assert data.proxy_problems == ()


def test_proxy_problems_reach_the_dashboard_data_and_good_entries_still_count(portfolio):
    portfolio.proxies.path.parent.mkdir(parents=True, exist_ok=True)
    portfolio.proxies.path.write_text(
        "schema: 1\nvalues:\n"
        "  - {framework: ppn002, ref: \"1aii\", gbp_per_unit: 100, source: Own, year: 2025}\n"
        "  - {framework: ppn002, ref: \"9zz\", gbp_per_unit: 100, source: Own, year: 2025}\n", encoding="utf-8")
    data = portfolio.portfolio(today=TODAY)
    assert total(data, APPRENTICES).achieved_gbp == Decimal(2100)
    assert [(p.line, p.key) for p in data.proxy_problems] == [(4, "values[1].ref")]
    assert "no metric '9zz'" in str(data.proxy_problems[0])


def test_filters_run_on_one_snapshot_without_reading_the_store_again(portfolio, monkeypatch):
    snapshot = portfolio.snapshot(TODAY)
    calls = []
    monkeypatch.setattr(portfolio.delivery, "commitments_for", lambda *a, **k: calls.append(a) or {})
    for wanted in (PortfolioFilter(), PortfolioFilter(financial_year=2025), PortfolioFilter(supplier="blue")):
        summarise(snapshot, wanted)
    assert calls == []


def test_a_few_thousand_contracts_are_read_once_and_summarised_quickly(services, monkeypatch):

    from sqlalchemy import select

    from sv_desktop.store.models import Commitment, Contract, DeliveryReturnRow

    delivery = DeliveryService(services.uow_factory, services.catalogue, services.compliance, today=lambda: TODAY)
    with services.uow_factory() as uow:
        session = uow.session
        session.execute(Contract.__table__.insert(), [
            {"reference": f"BULK-{n:04d}", "title": f"Bulk contract {n}", "category": Category.OTHER.value,
             "stage": Stage.DELIVERY.value, "version": 1, "start_date": date(2025, 4, 1),
             "end_date": date(2028, 3, 31)} for n in range(2000)])
        contract_ids = list(session.scalars(select(Contract.id)))
        session.execute(Commitment.__table__.insert(), [
            {"contract_id": cid, "framework_id": "ppn002", "ref": ref, "title": ref, "unit": "count",
             "aggregation": "sum", "target": Decimal(12), "start_date": date(2025, 4, 1),
             "due_date": date(2028, 3, 31), "frequency": "quarterly", "cohort": "", "bid_text": "",
             "justification": "", "position": position, "version": 1}
            for cid in contract_ids for position, ref in enumerate(("1aii", "4ai"))])
        commitment_ids = list(session.scalars(select(Commitment.id)))
        session.execute(DeliveryReturnRow.__table__.insert(), [
            {"commitment_id": cid, "period_start": q(2025, quarter).start, "period_end": q(2025, quarter).end,
             "actual": Decimal(1), "status": "claimed", "evidence_notes": "", "evidence_ref": "", "entered_by": "t",
             "reviewed_by": "", "rejection_reason": "", "version": 1}
            for cid in commitment_ids for quarter in (1, 2, 3)])
        uow.commit()
    calls = []
    original = delivery.commitments_for
    monkeypatch.setattr(delivery, "commitments_for", lambda ids, today=None: calls.append(ids) or original(ids, today))
    portfolio = DeliveryPortfolio(delivery, services.pipeline)
    snapshot = portfolio.snapshot(TODAY)
    assert calls == [None]  # one read of every commitment, not one per contract
    data = summarise(snapshot, PortfolioFilter())
    in_year = summarise(snapshot, PortfolioFilter(financial_year=2025, supplier="x"))
    assert total(data, APPRENTICES).achieved == Decimal(6000) and total(data, APPRENTICES).contracts == 2000
    assert in_year.contracts == 0


def test_a_commitment_in_another_unit_is_never_added_to_its_metrics_total(portfolio, built):
    built.delivery.save_commitment(built.contracts["CLN-004"], CommitmentData(
        title="Apprentice weeks", unit="weeks", target=Decimal(100), start_date=date(2027, 1, 1),
        due_date=date(2029, 12, 31), framework_id="ppn002", ref="1aii"))
    portfolio.proxies.path.parent.mkdir(parents=True, exist_ok=True)
    portfolio.proxies.path.write_text('schema: 1\nvalues:\n  - {framework: ppn002, ref: "1aii", gbp_per_unit: 10, '
                                      'source: Own, year: 2025}\n', encoding="utf-8")
    data = portfolio.portfolio(today=TODAY)
    rows = [t for t in data.totals if t.metric == APPRENTICES]
    assert [(t.unit, t.target) for t in rows] == [("count", Decimal(50)), ("weeks", Decimal(100))]
    assert rows[0].has_proxy and not rows[1].has_proxy  # the proxy is £ per apprenticeship, not per week
