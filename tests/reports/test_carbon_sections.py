"""Suppliers' carbon reduction plans in the committee pack and the contract report, read back from the PDF.

The rules are reference/domain_rules.md §1.2 (what a CRP must contain: net zero by
2050 at the latest, Scope 1, 2 and Scope 3 categories 4, 5, 6, 7, 9, updated at
least annually) and §2.3 (full CRP at £5m a year and above, Net Zero Commitment
over £10k); the pack checks as at the meeting date, the contract report as at the
tender deadline or today. The trajectory is the domain's straight line
(sv_desktop.domain.carbon_trajectory.METHOD).
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sv_desktop.domain.carbon_plan import (
    REQUIRED_SOURCES,
    CarbonPlanData,
    EmissionFigure,
    EmissionSource,
    Scope,
    emissions,
)
from sv_desktop.domain.carbon_trajectory import trajectory
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.supplier import SupplierData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.reports import carbon_sections
from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS, PACK_SECTIONS
from sv_desktop.reports.trajectory_chart import can_draw, nice_step, trajectory_drawing
from sv_desktop.services.reports import PackOptions
from tests.reports.conftest import MEETING, read_pdf

D = Decimal
PACK_SECTION = "Carbon Reduction Plans"
CONTRACT_SECTION = "Supplier carbon plans"
GOOD = "Green & Clean <Ltd>"
LATE = "Late Net Zero plc"
NZC_ONLY = "Commitment Only £ Ltd"
NO_PLAN = "No Plan Co"
OLD = "Old Plan Ltd"


def breakdown(total: str) -> object:
    """`total` tCO2e as Scope 1, every other required source an explained zero."""
    values = {source: EmissionFigure(D(0), "none in this business") for source in REQUIRED_SOURCES}
    values[EmissionSource.SCOPE1] = EmissionFigure(D(total))
    return emissions(values)


def full_plan(published: date, current: str, year_end: date, *, net_zero: int = 2045, baseline: str = "1000",
              baseline_year: int = 2019) -> CarbonPlanData:
    return CarbonPlanData(
        plan_type=CarbonPlan.FULL_CRP, publication_date=published, url="https://supplier.example/crp",
        baseline_year=baseline_year, baseline=breakdown(baseline), reporting_year_end=year_end,
        current=breakdown(current), net_zero_year=net_zero,
        scopes_covered=frozenset({Scope.SCOPE1, Scope.SCOPE2, Scope.SCOPE3}),
        approved_by="Board of directors", approved_on=published)


def nzc_plan(approved: date) -> CarbonPlanData:
    return CarbonPlanData(plan_type=CarbonPlan.NZC, net_zero_year=2040,
                          scopes_covered=frozenset({Scope.SCOPE1, Scope.SCOPE2, Scope.SCOPE3}),
                          approved_by="Managing director", approved_on=approved)


def supplier(services, name: str) -> int:
    return services.suppliers.create(SupplierData(name=name)).id


def contract(services, reference: str, suppliers: tuple[str, ...], annual: str, *, stage=Stage.AWARDED,
             **extra) -> int:
    return services.pipeline.create(ContractData(
        reference=reference, title=f"Contract {reference}", category=Category.ESTATES_FACILITIES, stage=stage,
        annual_value=D(annual), total_value=D(annual) * 4, supplier_names=suppliers, **extra)).id


@pytest.fixture
def carbon_store(fixed_clock):
    """Five suppliers on live contracts: one meeting the rules and on track, one with net zero in 2051, one
    holding only a Net Zero Commitment on a £6m contract, one with no plan, one with a plan over 12 months old."""
    services = fixed_clock
    ids = {name: supplier(services, name) for name in (GOOD, LATE, NZC_ONLY, NO_PLAN, OLD)}
    carbon = services.carbon
    for year in (2023, 2024, 2025):
        carbon.save_plan(ids[GOOD], full_plan(date(year, 6, 1), str(1000 - 60 * (year - 2019)),
                                              date(year, 3, 31)))
    carbon.save_plan(ids[GOOD], full_plan(date(2026, 6, 1), "560", date(2026, 3, 31)))
    carbon.save_plan(ids[LATE], full_plan(date(2026, 5, 1), "800", date(2026, 3, 31), net_zero=2051,
                                          baseline="900", baseline_year=2020))
    carbon.save_plan(ids[NZC_ONLY], nzc_plan(date(2026, 2, 1)))
    carbon.save_plan(ids[OLD], full_plan(date(2025, 1, 10), "990", date(2024, 3, 31), net_zero=2040,
                                         baseline="1000", baseline_year=2020))
    contract(services, "CRB-1", (GOOD,), "6000000")
    contract(services, "CRB-2", (LATE, NZC_ONLY), "7500000", stage=Stage.DELIVERY)
    contract(services, "CRB-3", (NO_PLAN,), "200000")
    contract(services, "CRB-4", (OLD,), "5500000", stage=Stage.DELIVERY)
    contract(services, "CRB-5", (), "90000", stage=Stage.TENDER)
    services.ids = ids
    return services


def carbon_text(pdf, heading: str = PACK_SECTION, until: str = "Contract register", after_page: int = 2) -> str:
    """The carbon section's text: from its heading (after the cover and contents) to the next section."""
    text = pdf.text
    start = text.index(heading, sum(len(pdf.page(index)) for index in range(after_page)))
    end = text.find(until, start)
    return text[start:end if end > 0 else None]


def render_pages(pdf_path: Path, out_dir: Path, first: int, last: int) -> list[Path]:
    """PNG images of some pages (for looking at the layout); [] when poppler is not installed."""
    if shutil.which("pdftoppm") is None:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / pdf_path.stem
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(first), "-l", str(last), str(pdf_path),
                    str(prefix)], check=True)
    return sorted(out_dir.glob(f"{pdf_path.stem}-*.png"))


# -- registration ------------------------------------------------------------------------------
def test_the_sections_are_registered_after_social_value():
    ids = PACK_SECTIONS.ids()
    assert ids.index("social_value") < ids.index("carbon") < ids.index("register")
    assert PACK_SECTIONS["carbon"].title == PACK_SECTION and PACK_SECTIONS["carbon"].order == 50
    assert CONTRACT_SECTIONS["carbon"].title == CONTRACT_SECTION
    assert CONTRACT_SECTIONS.ids()[-1] == "carbon"


def test_the_reports_package_never_imports_qt():
    import ast

    for module in (carbon_sections.__file__, Path(carbon_sections.__file__).with_name("trajectory_chart.py")):
        tree = ast.parse(Path(module).read_text(encoding="utf-8"))
        names = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not any(name.startswith("PySide6") for name in names)


# -- the data behind the pack --------------------------------------------------------------------
def test_contract_links_come_back_in_the_contracts_own_order(carbon_store):
    services = carbon_store
    rows = {row.reference: row.id for row in services.pipeline.rows()}
    links = services.carbon.supplier_ids_for_contracts(list(rows.values()))
    ids = services.ids
    assert links[rows["CRB-2"]] == (ids[LATE], ids[NZC_ONLY])
    assert rows["CRB-5"] not in links  # no supplier: left out
    assert services.carbon.supplier_ids_for_contracts([]) == {}


def test_the_pack_counts_each_supplier_as_at_the_meeting_date(carbon_store):
    data = carbon_store.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("carbon",))) \
        .section_data["carbon"]
    assert data.check_date == MEETING
    assert (data.contracts, data.contracts_with_suppliers, data.suppliers) == (5, 4, 5)
    counts = {answer: count for _group, answer, count in data.counts}
    assert counts["Full Carbon Reduction Plan"] == 3 and counts["Net Zero Commitment"] == 1 and counts["None"] == 1
    # GOOD and the NZC meet the rules; LATE (2051) and OLD (dated 10/01/2025) do not.
    assert counts["Meeting the rules"] == 2 and counts["Not meeting the rules"] == 2
    assert counts["Over 12 months old"] == 1
    assert counts["On track"] == 1 and counts["Behind"] == 2
    lines = {line.name: line for line in data.live}
    assert [line.name for line in data.live][0] == NO_PLAN  # problems first
    assert lines[GOOD].verdict == "Meets the rules" and lines[GOOD].plan == "Full CRP, 01/06/2026"
    assert "Net zero by 2051 is later than 2050" in lines[LATE].reasons
    assert lines[LATE].contracts == "CRB-2"
    kinds = {(alert.kind, alert.supplier, alert.contract) for alert in data.alerts}
    assert ("Plan needed, none recorded", NO_PLAN, "CRB-3") in kinds
    assert ("Plan needed, none recorded", NZC_ONLY, "CRB-2") in kinds  # an NZC does not satisfy a full CRP need
    assert ("Plan over 12 months old", OLD, "—") in kinds
    # Charts: the largest first by annual value of live contracts (CRB-2 £7.5m, CRB-1 £6m, CRB-4 £5.5m).
    assert [chart.supplier for chart in data.charts] == [LATE, GOOD, OLD]


def test_the_pack_leaves_out_contracts_and_suppliers_outside_its_scope(carbon_store):
    services = carbon_store
    services.pipeline.create(ContractData(reference="IT-9", title="Laptops", category=Category.DDAT,
                                          stage=Stage.AWARDED, annual_value=D("6000000"),
                                          supplier_names=("Elsewhere Ltd",)))
    everything = services.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("carbon",)))
    estates = services.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("carbon",),
                                                     categories=(Category.ESTATES_FACILITIES,)))
    assert "Elsewhere Ltd" in {line.name for line in everything.section_data["carbon"].live}
    data = estates.section_data["carbon"]
    assert "Elsewhere Ltd" not in {line.name for line in data.live}
    assert all(alert.contract != "IT-9" for alert in data.alerts)


def test_without_carbon_data_the_sections_say_the_data_is_not_available(carbon_store, tmp_path):
    """A pack or report built without the suppliers' carbon plan records (no "carbon" data) says so in words."""
    from sv_desktop.reports.committee_pack import build_committee_pack
    from sv_desktop.reports.contract_report import build_contract_report

    reports = carbon_store.reports
    pack = replace(reports.pack_data(PackOptions(meeting_date=MEETING, sections=("carbon",))), section_data={})
    out = build_committee_pack(pack, tmp_path / "p.pdf", section_ids=["carbon"])
    assert "Carbon plan data is not available" in read_pdf(out).text
    out = build_contract_report(replace(reports.contract_data("CRB-1"), section_data={}), tmp_path / "c.pdf")
    assert "Carbon plan data is not available" in read_pdf(out).text


# -- the committee pack PDF ----------------------------------------------------------------------
def test_the_pack_prints_counts_suppliers_alerts_and_trajectories(carbon_store, tmp_path):
    out = carbon_store.reports.build_pack(PackOptions(meeting_date=MEETING), tmp_path / "pack.pdf")
    pdf = read_pdf(out)
    assert PACK_SECTION in pdf.outline_titles()
    text = carbon_text(pdf)
    assert "checked as at the meeting date" in text
    assert "reference/domain_rules.md §1.2" in text and "§2.3" in text
    assert "Suppliers on contracts in scope" in text
    assert GOOD in text and "Meets the rules" in text
    assert "Net zero by 2051 is later than 2050" in text
    assert NO_PLAN in text and "No carbon plan recorded" in text
    assert "Plan needed, none recorded" in text and "CRB-3" in text
    good = trajectory([record.data for record in carbon_store.carbon.plans(carbon_store.ids[GOOD])])
    assert good.summary.split(".")[0] in text  # "On track"
    assert "2026: 560 tCO2e reported" in text
    assert "Straight path to net zero in 2045" in text  # the chart's legend
    assert len(pdf.pages) < 20


def test_a_pack_whose_contracts_have_no_supplier_says_so(fixed_clock, tmp_path):
    contract(fixed_clock, "EMPTY-1", (), "100000", stage=Stage.TENDER)
    out = fixed_clock.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("carbon",)),
                                         tmp_path / "p.pdf")
    text = read_pdf(out).text
    assert "no supplier is recorded on a contract in scope" in text


def test_long_supplier_lists_are_capped_with_a_count_of_the_rest(fixed_clock, tmp_path, monkeypatch):
    monkeypatch.setattr(carbon_sections, "SUPPLIER_ROWS", 3)
    for index in range(5):
        contract(fixed_clock, f"MANY-{index}", (f"Supplier {index} & Co",), "50000")
    out = fixed_clock.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("carbon",)),
                                         tmp_path / "p.pdf")
    assert "… and 2 more suppliers, not listed here" in read_pdf(out).text


# -- the contract report PDF ---------------------------------------------------------------------
def test_the_contract_report_gives_the_need_the_check_date_and_every_check(carbon_store, tmp_path):
    out = carbon_store.reports.build_contract_report("CRB-2", tmp_path / "c.pdf")
    pdf = read_pdf(out)
    text = carbon_text(pdf, CONTRACT_SECTION, until="Settings used", after_page=0)
    assert "A full Carbon Reduction Plan" in text and "£7.5m is £5m or more" in text
    assert "20/11/2026, today (no tender deadline is recorded)" in text
    assert LATE in text and NZC_ONLY in text
    assert "Net zero by 2051 is later than 2050, the latest year allowed." in text
    assert "Does not meet" in text
    assert "No: the contract needs a full Carbon Reduction Plan; the supplier holds a Net Zero Commitment" in text
    assert "Behind by" in text  # LATE's trajectory summary
    assert "1 of 1 recorded for this supplier" in text


def test_the_contract_report_checks_as_at_the_tender_deadline(carbon_store, tmp_path):
    contract(carbon_store, "CRB-T", (GOOD,), "6000000", stage=Stage.EVALUATION, tender_deadline=date(2025, 9, 1))
    text = read_pdf(carbon_store.reports.build_contract_report("CRB-T", tmp_path / "t.pdf")).text
    assert "01/09/2025, the contract's tender deadline" in text
    assert "3 of 4 recorded for this supplier" in text  # the 2025 plan was in force then


def test_the_contract_report_says_plainly_what_is_missing(carbon_store, tmp_path):
    text = read_pdf(carbon_store.reports.build_contract_report("CRB-3", tmp_path / "a.pdf")).text
    assert "No carbon plan recorded." in text
    text = read_pdf(carbon_store.reports.build_contract_report("CRB-5", tmp_path / "b.pdf")).text
    assert "No supplier is recorded on this contract" in text


def test_the_good_suppliers_contract_report_shows_the_trajectory(carbon_store, tmp_path):
    text = read_pdf(carbon_store.reports.build_contract_report("CRB-1", tmp_path / "g.pdf")).text
    assert "Meets the rules on 20/11/2026" in text
    assert "Emissions trajectory: " + GOOD in text
    assert "On track. 2026: 560 tCO2e reported" in text


def test_hostile_supplier_names_print_as_typed(hostile_services, tmp_path):
    services = hostile_services
    hostile = "Ünïcode 🌍 مرحبا <b>&</b>\x07 Ltd"
    contract(services, "HOST-2", (hostile, "Acme & Sons <Ltd>"), "6000000", stage=Stage.DELIVERY)
    pack = read_pdf(services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("carbon",)),
                                                tmp_path / "p.pdf"))
    assert "Acme & Sons <Ltd>" in pack.text and "<b>&</b>" in pack.text
    report = read_pdf(services.reports.build_contract_report("HOST-2", tmp_path / "c.pdf")).text
    assert "Acme & Sons <Ltd>" in report and "<b>&</b>" in report and "No carbon plan recorded." in report


# -- the chart -------------------------------------------------------------------------------------
def test_nice_steps_are_round():
    assert nice_step(1000) == 200
    assert nice_step(12_345) == 2500
    assert nice_step(3) == 1
    assert nice_step(0) == 1


def test_points_above_the_path_get_their_own_marker_shape():
    from reportlab.graphics.shapes import Circle, Polygon

    def shapes(found):
        drawing = trajectory_drawing(found, 400, 180)
        return [type(item).__name__ for item in drawing.contents]

    above = trajectory([full_plan(date(2025, 6, 1), "990", date(2025, 3, 31))])
    below = trajectory([full_plan(date(2025, 6, 1), "500", date(2025, 3, 31))])
    assert can_draw(above) and can_draw(below)
    assert Polygon.__name__ in shapes(above)
    assert Circle.__name__ in shapes(below) and shapes(below).count(Polygon.__name__) == shapes(above).count(
        Polygon.__name__) - 2  # the plotted triangle and its legend key


def test_a_trajectory_without_a_path_draws_a_note_not_a_chart():
    drawing = trajectory_drawing(trajectory([]), 300, 80, title="Nobody")
    texts = [getattr(item, "text", "") for item in drawing.contents]
    assert any("not enough data" in text for text in texts)


# -- looking at the pages ------------------------------------------------------------------------
def test_the_carbon_pages_render(carbon_store, tmp_path):
    """Renders the carbon pages to PNG; CARBON_PNG_DIR keeps them for a person to look at."""
    import os

    pack = carbon_store.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("carbon",)),
                                           tmp_path / "carbon-pack.pdf")
    report = carbon_store.reports.build_contract_report("CRB-2", tmp_path / "carbon-contract.pdf")
    out_dir = Path(os.environ.get("CARBON_PNG_DIR") or tmp_path / "png")
    pages = render_pages(pack, out_dir, 3, len(read_pdf(pack).pages))
    pages += render_pages(report, out_dir, 1, len(read_pdf(report).pages))
    if shutil.which("pdftoppm") is not None:
        assert pages and all(page.stat().st_size > 0 for page in pages)
