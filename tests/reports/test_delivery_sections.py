"""Delivery of social value commitments in the committee pack and the contract report, read back from the PDF.

Progress, expected-to-date and RAG are the domain's (sv_desktop.domain.delivery: expected = target x
days elapsed / days in the commitment; green at 95 % of expected, amber at 75 %, red below, grey before
the start or while the target is still to fill in; returns overdue 30 days after the period), with the
NHS trust profile's thresholds, as at the report's clock (20/11/2026).
"""
from __future__ import annotations

import os
import random
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import CommitmentData, Frequency, Period, Rag, RemedyData, RemedyKind
from sv_desktop.domain.vocabulary import Category, Stage, UkRegion
from sv_desktop.reports import delivery_sections
from sv_desktop.reports.delivery_sections import delivery_chart, figure
from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS, PACK_SECTIONS
from sv_desktop.services.demo.delivery import add_demo_delivery
from sv_desktop.services.demo.generator import generate_demo
from sv_desktop.services.report_data.delivery import contract_delivery, with_unit
from sv_desktop.services.reports import PackOptions
from sv_desktop.store.models import Contract
from tests.reports.conftest import MEETING, read_pdf
from tests.reports.test_carbon_sections import render_pages

D = Decimal
PACK_SECTION = "Social value delivery"
CONTRACT_SECTION = "Delivery of social value commitments"
NOT_AVAILABLE = "Delivery data is not available"
AS_AT = date(2026, 11, 20)  # the fixed report clock
BID = "We will create 12 apprenticeships & <placements> worth £5,000 each > last year"
REMEDY = "Recovery plan: 4 extra starts with Leicester College & <Partners>, £0 cost to the Trust"
RED_REASON = "2 achieved against 6.56 expected by 20/11/2026"


def quarter(year: int, number: int) -> Period:
    """Quarter `number` of the NHS financial year starting in April `year`."""
    start = date(year + (number == 4), (4 + 3 * (number - 1) - 1) % 12 + 1, 1)
    end_month = start.month + 2
    end = date(start.year, end_month + 1, 1) if end_month < 12 else date(start.year + 1, 1, 1)
    return Period(start, date.fromordinal(end.toordinal() - 1))


def contract(services, reference: str, title: str, stage: Stage, total: str, start: date, end: date,
             category: Category = Category.ESTATES_FACILITIES) -> int:
    return services.pipeline.create(ContractData(
        reference=reference, title=title, category=category, stage=stage, total_value=D(total),
        start_date=start, end_date=end,
        supplier_names=("Acme & Sons <Ltd>",) if stage in (Stage.AWARDED, Stage.DELIVERY) else ())).id


def report(services, commitment_id: int, period: Period, actual: str, *, verify: bool = True, reject: str = "",
           evidence: str = "") -> None:
    found = services.delivery.save_return(commitment_id, period, D(actual), evidence_ref=evidence,
                                          evidence_notes="Register of starts")
    if reject:
        services.delivery.reject_return(found.id, found.version, reject)
    elif verify:
        services.delivery.verify_return(found.id, found.version)


@pytest.fixture
def delivery_store(fixed_clock):
    """DEL-1 (in delivery, £1.2m): a red apprenticeship commitment with a rejected return, overdue returns and
    two remedies; a green SME-spend commitment; a bespoke commitment still waiting for its target.
    DEL-2 (£80,000): a red carbon commitment with no return and no remedy. DEL-3: at tender, no commitments."""
    services = fixed_clock
    delivery = services.delivery
    one = contract(services, "DEL-1", "Soft FM & cleaning <North>", Stage.DELIVERY, "1200000", date(2025, 4, 1),
                   date(2028, 3, 31))
    apprentices = delivery.save_commitment(one, CommitmentData(
        title="Apprenticeship opportunities created or retained, by UK region", unit="count", target=D(12),
        start_date=date(2025, 4, 1), due_date=date(2028, 3, 31), frequency=Frequency.QUARTERLY,
        region=UkRegion.EAST_MIDLANDS, bid_text=BID, framework_id="ppn002", ref="1aii")).id
    report(services, apprentices, quarter(2025, 1), "1", evidence="starts-Q1 & <draft>.xlsx")
    report(services, apprentices, quarter(2025, 2), "0")
    report(services, apprentices, quarter(2025, 3), "1", verify=False)
    report(services, apprentices, quarter(2025, 4), "3", reject="No apprenticeship agreements attached")
    delivery.save_remedy(apprentices, RemedyData(RemedyKind.IMPROVEMENT_PLAN, date(2026, 10, 1), REMEDY,
                                                 due_on=date(2027, 1, 31)))
    delivery.save_remedy(apprentices, RemedyData(RemedyKind.PAYMENT_DEDUCTION, date(2026, 10, 15),
                                                 "Deduction for the shortfall in starts", amount=D(2500),
                                                 closed_on=date(2026, 10, 15), outcome="Applied to invoice 1234"))
    spend = delivery.save_commitment(one, CommitmentData(
        title="Direct spend with SMEs", unit="gbp", target=D(300_000), start_date=date(2025, 4, 1),
        due_date=date(2028, 3, 31), frequency=Frequency.QUARTERLY, framework_id="ppn002", ref="3aii")).id
    for index, (year, number) in enumerate([(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]):
        report(services, spend, quarter(year, number), "30000", verify=index < 5)
    delivery.save_commitment(one, CommitmentData(
        title="Staff volunteering days", unit="count", start_date=date(2025, 4, 1), due_date=date(2028, 3, 31),
        justification="No framework metric counts volunteering days"))
    two = contract(services, "DEL-2", "Patient transport", Stage.DELIVERY, "80000", date(2026, 1, 1),
                   date(2027, 12, 31))
    delivery.save_commitment(two, CommitmentData(
        title="Annual reduction in carbon emissions (tCO2e)", unit="tco2e", target=D(40),
        start_date=date(2026, 1, 1), due_date=date(2027, 12, 31), framework_id="ppn002", ref="4ai"))
    contract(services, "DEL-3", "Lift maintenance", Stage.TENDER, "90000", date(2027, 4, 1), date(2029, 3, 31))
    return services


def section_text(pdf, heading: str, until: str | None, after_page: int) -> str:
    text = pdf.text
    start = text.index(heading, sum(len(pdf.page(index)) for index in range(after_page)))
    end = text.find(until, start) if until else -1
    return text[start:end if end > 0 else None]


# -- registration ------------------------------------------------------------------------------------
def test_the_sections_are_registered_after_carbon_and_before_the_register():
    ids = PACK_SECTIONS.ids()
    assert ids.index("carbon") < ids.index("delivery") < ids.index("register")
    assert PACK_SECTIONS["delivery"].title == PACK_SECTION and PACK_SECTIONS["delivery"].order == 60
    spec = CONTRACT_SECTIONS["delivery"]
    assert spec.title == CONTRACT_SECTION and spec.order == 65
    assert CONTRACT_SECTIONS.ids().index("compliance") < CONTRACT_SECTIONS.ids().index("delivery")


def test_the_section_module_never_imports_qt():
    import ast

    tree = ast.parse(Path(delivery_sections.__file__).read_text(encoding="utf-8"))
    names = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not any(name.startswith("PySide6") for name in names)


# -- the data behind the pack -------------------------------------------------------------------------
def test_the_pack_counts_commitments_by_rag_as_at_the_report_date(delivery_store):
    data = delivery_store.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("delivery",))) \
        .section_data["delivery"]
    assert data.as_at == AS_AT
    assert (data.contracts, data.live_contracts, data.contracts_with_commitments, data.commitments) == (3, 2, 2, 4)
    assert dict(data.rag_counts) == {Rag.GREEN: 1, Rag.AMBER: 0, Rag.RED: 2, Rag.GREY: 1}
    # Overdue: DEL-1 Q4 2025/26 (rejected), Q1 and Q2 2026/27; DEL-2 Q4 2025/26, Q1 and Q2 2026/27.
    assert data.overdue_returns == 6 and [line.contract for line in data.overdue] == ["DEL-1", "DEL-2"]
    assert data.overdue[0].periods == "Q4 2025/26, Q1 2026/27, Q2 2026/27"
    assert data.overdue[0].oldest_due == date(2026, 4, 30)
    assert (data.claimed_returns, data.unverified_commitments, data.rejected_returns) == (2, 2, 1)
    red = {line.contract: line for line in data.red}
    assert RED_REASON in red["DEL-1"].reason
    assert red["DEL-1"].remedies.splitlines() == [
        "• Improvement plan, raised 01/10/2026, due 31/01/2027 (open)",
        "• Payment deduction £2,500, raised 15/10/2026, closed 15/10/2026"]
    assert red["DEL-2"].remedies == "No remedy recorded" and data.red_without_remedy == 1
    assert red["DEL-2"].metric == "PPN 002 4ai: Annual reduction in carbon emissions (tCO2e)"  # unit not repeated


def test_totals_add_each_metric_up_in_its_own_unit(delivery_store):
    data = delivery_store.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("delivery",))) \
        .section_data["delivery"]
    totals = {line.metric: line for line in data.totals}
    spend = totals["PPN 002 3aii: Direct spend with SMEs"]
    assert (spend.unit, spend.target, spend.achieved, spend.verified) == ("£", D(300_000), D(180_000), D(150_000))
    assert figure(spend.target, spend.unit_id) == "£300,000"
    volunteering = totals["Bespoke: Staff volunteering days"]
    assert volunteering.to_fill_in == 1 and volunteering.target == 0
    assert list(totals)[-1] == "Bespoke: Staff volunteering days"  # framework metrics first, by reference


def test_the_pack_leaves_out_contracts_outside_its_scope(delivery_store):
    services = delivery_store
    digital = contract(services, "IT-9", "Laptops", Stage.DELIVERY, "600000", date(2025, 4, 1), date(2027, 3, 31),
                       Category.DDAT)
    services.delivery.save_commitment(digital, CommitmentData(
        title="Outreach activities", unit="count", target=D(10), start_date=date(2025, 4, 1),
        due_date=date(2027, 3, 31), framework_id="ppn002", ref="7bi"))
    estates = services.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("delivery",),
                                                     categories=(Category.ESTATES_FACILITIES,)))
    assert estates.section_data["delivery"].commitments == 4
    everything = services.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("delivery",)))
    assert everything.section_data["delivery"].commitments == 5


# -- the committee pack PDF ---------------------------------------------------------------------------
def test_the_pack_prints_rag_in_words_totals_red_commitments_remedies_and_overdue_returns(delivery_store,
                                                                                           tmp_path):
    out = delivery_store.reports.build_pack(PackOptions(meeting_date=MEETING), tmp_path / "pack.pdf")
    pdf = read_pdf(out)
    assert PACK_SECTION in pdf.outline_titles()
    text = section_text(pdf, PACK_SECTION, "Contract register", after_page=2)
    assert "recorded on 20/11/2026" in text
    for words in ("Green: on track", "Amber: at risk", "Red: off track", "Grey: not started"):
        assert words in text
    assert "Commitments by RAG status" in text and "Totals per metric across contracts" in text
    assert "PPN 002 3aii: Direct spend with SMEs" in text and "£300,000" in text and "£180,000" in text
    assert RED_REASON in text
    assert "Improvement plan, raised 01/10/2026, due 31/01/2027 (open)" in text
    assert "Payment deduction £2,500" in text
    assert "No remedy recorded" in text and "1 red commitment has no remedy recorded" in text
    assert "Overdue returns (6)" in text and "Q4 2025/26, Q1 2026/27, Q2 2026/27" in text
    assert "2 returns are claimed by suppliers and not yet verified, on 2 commitments" in text
    assert "1 return was rejected with a reason and does not count" in text
    assert "green at or above 95% of expected" in text  # the method, with the profile's thresholds
    assert "NHS trust Social Value" in text


def test_without_delivery_data_the_sections_say_the_data_is_not_available(delivery_store, tmp_path):
    """A pack or report built without the delivery records (no "delivery" data) says so in words."""
    from sv_desktop.reports.committee_pack import build_committee_pack
    from sv_desktop.reports.contract_report import build_contract_report

    reports = delivery_store.reports
    pack = replace(reports.pack_data(PackOptions(meeting_date=MEETING, sections=("delivery",))), section_data={})
    out = build_committee_pack(pack, tmp_path / "p.pdf", section_ids=["delivery"])
    assert NOT_AVAILABLE in read_pdf(out).text
    out = build_contract_report(replace(reports.contract_data("DEL-1"), section_data={}), tmp_path / "c.pdf")
    assert NOT_AVAILABLE in read_pdf(out).text


def test_a_pack_with_no_commitments_says_so_plainly(fixed_clock, tmp_path):
    services = fixed_clock
    contract(services, "EMPTY-1", "Grounds maintenance", Stage.TENDER, "50000", date(2027, 4, 1), date(2028, 3, 31))
    out = services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("delivery",)), tmp_path / "p.pdf")
    text = read_pdf(out).text
    assert "no contract in scope has a commitment yet" in text
    assert "green at or above 95% of expected" in text


def test_long_red_and_overdue_lists_are_capped_with_a_count_of_the_rest(delivery_store, tmp_path, monkeypatch):
    monkeypatch.setattr(delivery_sections, "RED_ROWS", 1)
    monkeypatch.setattr(delivery_sections, "OVERDUE_ROWS", 1)
    out = delivery_store.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("delivery",)),
                                            tmp_path / "p.pdf")
    text = read_pdf(out).text
    assert "… and 1 more red commitment, not listed here" in text
    assert "… and 1 more commitment with overdue returns, not listed here" in text


# -- the contract report PDF --------------------------------------------------------------------------
def test_the_contract_report_gives_each_commitment_its_progress_chart_returns_and_remedies(delivery_store,
                                                                                           tmp_path):
    out = delivery_store.reports.build_contract_report("DEL-1", tmp_path / "c.pdf")
    text = section_text(read_pdf(out), CONTRACT_SECTION, "Supplier carbon plans", after_page=0)
    assert "3 commitments, with delivery as recorded on 20/11/2026: 1 Green: on track, 1 Red: off track, " \
           "1 Grey: not started" in text
    assert "PPN 002 1aii: Apprenticeship opportunities created or retained, by UK region" in text
    assert "12 by 31/03/2028" in text and "East Midlands" in text
    assert BID in text  # typed text prints as typed: & < > £
    assert "Red: off track. " + RED_REASON in text
    assert "Green: on track" in text and "Grey: not started" in text
    assert "Not measured yet: fill in the target from the winning bid." in text
    assert "No chart: the target is still to be filled in from the winning bid." in text
    assert text.count("Delivery against the pro-rata line") == 2
    assert "Rejected: No apprenticeship agreements attached" in text
    assert "No return: overdue" in text and "Claimed (not yet verified)" in text
    assert "starts-Q1 & <draft>.xlsx" in text
    assert REMEDY in text and "Applied to invoice 1234" in text and "£2,500.00" in text
    assert "Remedies log (0)" in text and "no action has been needed" in text
    assert "Returns (4 recorded; 2 overdue)" in text and "Returns (6 recorded)" in text
    assert "rising to the target of 12 by 31/03/2028" in text and "target of £300,000 by 31/03/2028" in text
    assert "Why a bespoke metric" in text and "No framework metric counts volunteering days" in text


def test_a_red_commitment_without_a_remedy_asks_for_one(delivery_store, tmp_path):
    text = read_pdf(delivery_store.reports.build_contract_report("DEL-2", tmp_path / "c.pdf")).text
    assert "this commitment is red, so record the action taken" in text
    assert "Annual reduction in carbon emissions (tCO2e)" in text and "tCO2e" in text


def test_a_contract_without_commitments_says_so(delivery_store, tmp_path):
    text = read_pdf(delivery_store.reports.build_contract_report("DEL-3", tmp_path / "c.pdf")).text
    assert "No commitments are recorded for this contract" in text


def test_the_chart_data_is_delivery_to_date_per_period(delivery_store):
    services = delivery_store
    contract_id = services.pipeline.find("DEL-1").id
    found = contract_delivery(services.delivery, services.compliance, services.catalogue, contract_id, AS_AT)
    spend = next(view for view in found.commitments if "SMEs" in view.heading)
    bars = spend.chart.periods
    assert len(bars) == 12 and bars[0].short == "Q1 25/26" and spend.chart.money
    assert [bar.verified for bar in bars[:6]] == [30000, 60000, 90000, 120000, 150000, 150000]
    assert bars[5].claimed == 30000 and bars[6].verified is None  # Q3 2026/27 has not ended
    apprentices = next(view for view in found.commitments if "Apprentice" in view.heading)
    assert [bar.overdue for bar in apprentices.chart.periods[:6]] == [False, False, False, True, True, True]
    volunteering = next(view for view in found.commitments if "volunteering" in view.heading)
    assert volunteering.chart is None


# -- helpers -------------------------------------------------------------------------------------------
def test_figures_are_in_the_units_own_style():
    assert figure(D("300000"), "gbp") == "£300,000"
    assert figure(D("6.5600"), "count") == "6.56"
    assert figure(D("1230.67"), "hours") == "1,231"
    assert figure(D("12.0000"), "count") == "12"
    assert figure(None, "count") == "—"


def test_the_chart_draws_with_nothing_delivered_and_with_a_rate(delivery_store):
    from sv_desktop.reports.delivery_sections import ChartData, PeriodBar

    empty = ChartData(date(2026, 1, 1), date(2026, 12, 31), 0.0, False, True, AS_AT, "number", False, "0", ())
    assert delivery_chart(empty, 400, "Nothing yet").height > 0
    bars = (PeriodBar(date(2026, 4, 1), date(2026, 6, 30), "Q1 26/27", 40.0, 5.0, False),)
    rate = ChartData(date(2026, 4, 1), date(2027, 3, 31), 50.0, True, False, AS_AT, "%", False, "50", bars)
    texts = [getattr(item, "text", "") for item in delivery_chart(rate, 400, "A rate").contents]
    assert any("Target (a rate" in text for text in texts)


def test_with_unit_does_not_repeat_the_unit(delivery_store):
    services = delivery_store
    record = services.delivery.commitments(services.pipeline.find("DEL-2").id)[0]
    assert with_unit("4ai: Annual reduction in carbon emissions (tCO2e)", record).endswith("(tCO2e)")
    assert not with_unit("4ai: Annual reduction in carbon emissions (tCO2e)", record).endswith("(tCO2e) (tCO2e)")


# -- with the demo's delivery data, and looking at the pages -------------------------------------------
@pytest.fixture
def demo_delivery(fixed_clock):
    services = fixed_clock
    generate_demo(services.uow_factory, contracts=200, today=AS_AT, catalogue=services.catalogue.catalogue())
    with services.uow_factory() as uow:
        rows = [tuple(row) for row in uow.session.execute(select(
            Contract.id, Contract.stage, Contract.total_value, Contract.start_date, Contract.end_date))]
        add_demo_delivery(uow.session, rows, random.Random(3), AS_AT, services.catalogue.catalogue())
        uow.commit()
    return services


def test_the_pack_with_demo_data_stays_a_few_pages(demo_delivery, tmp_path):
    services = demo_delivery
    out = services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("delivery",)), tmp_path / "p.pdf")
    pdf = read_pdf(out)
    text = pdf.text
    assert "Red: off track" in text and "Improvement plan, raised" in text
    assert len(pdf.pages) < 15


def test_the_delivery_pages_render(demo_delivery, tmp_path):
    """Renders the delivery pages to PNG; DELIVERY_PNG_DIR keeps them for a person to look at."""
    services = demo_delivery
    by_contract = services.delivery.commitments_for(None, today=AS_AT)
    references = {row.id: row.reference for row in services.pipeline.rows()}
    chosen = next(cid for cid, records in sorted(by_contract.items())
                  if len(records) > 1 and any(r.progress.rag is Rag.RED and r.remedies for r in records))
    pack = services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("delivery",)),
                                       tmp_path / "delivery-pack.pdf")
    contract_report = services.reports.build_contract_report(references[chosen], tmp_path / "delivery-contract.pdf")
    out_dir = Path(os.environ.get("DELIVERY_PNG_DIR") or tmp_path / "png")
    pages = render_pages(pack, out_dir, 3, len(read_pdf(pack).pages))
    pages += render_pages(contract_report, out_dir, 1, len(read_pdf(contract_report).pages))
    if shutil.which("pdftoppm") is not None:
        assert pages and all(page.stat().st_size > 0 for page in pages)


def test_the_hand_made_contract_report_renders(delivery_store, tmp_path):
    """DEL-1's pages (typed text with & < > £, a rejected return, overdue periods, two remedies) as PNG."""
    report_path = delivery_store.reports.build_contract_report("DEL-1", tmp_path / "delivery-del-1.pdf")
    out_dir = Path(os.environ.get("DELIVERY_PNG_DIR") or tmp_path / "png")
    pages = render_pages(report_path, out_dir, 1, len(read_pdf(report_path).pages))
    if shutil.which("pdftoppm") is not None:
        assert pages and all(page.stat().st_size > 0 for page in pages)
