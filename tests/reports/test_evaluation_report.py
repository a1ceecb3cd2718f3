"""The evaluation report: a full panel built through the services, the PDF read back with pypdf."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.evaluation import METHOD, Score
from sv_desktop.domain.selection import SelectedEntry, SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.reports.evaluation_data import declarations, outlier_members
from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS
from sv_desktop.services.evaluation import EvaluationService
from sv_desktop.services.evaluation_reports import (
    build_evaluation_report,
    default_evaluation_file_name,
    evaluation_report_data,
)
from tests.reports.conftest import flat, read_pdf

REF = "EVAL-1"
LEAD = "Priya Sharma"
CONFLICT = "Her brother drives for Crown Logistics Ltd on the courier contract & gets a <bonus> of £500"
JUSTIFICATION = "Commits to a 30% cut in fleet emissions by March 2028 & reports <quarterly>; £50k fund named."
RATIONALE = "Agreed 60: Kwame read the EV roll-out as unfunded, but the response names the £1.2m budget."
POST_LOCK_REASON = "Clerical error found at the moderation check: the panel agreed 40, not 20."
LONG_JUSTIFICATION = ("The response describes the apprenticeship scheme at length without dates. " * 60).strip()

# member -> bidder -> (criterion 1, criterion 2) points and whether a commitment was found
SCORES = {
    "Helen Okafor": {"Acme & Sons <Ltd>": (80, 60), "Beacon Transport Ltd": (60, 80), "Crown Logistics Ltd": (40, 20)},
    "Kwame Mensah": {"Acme & Sons <Ltd>": (80, 60), "Beacon Transport Ltd": (20, 80), "Crown Logistics Ltd": (40, 0)},
    "Siobhan Reilly": {"Acme & Sons <Ltd>": (100, 60), "Beacon Transport Ltd": (60, 60)},  # conflict with Crown
}
CONSENSUS = {"Acme & Sons <Ltd>": (80, 60), "Beacon Transport Ltd": (60, 80), "Crown Logistics Ltd": (40, 20)}


@dataclass
class Built:
    contract_id: int
    evaluation: EvaluationService
    criteria: list[int]
    bidders: dict[str, int]


def _clock():
    moments = iter(datetime(2026, 11, 2, 9, 0) + timedelta(minutes=3 * step) for step in range(10_000))
    return lambda: next(moments)


def build_panel(services, member_services, *, lock: bool = True, change_after_lock: bool = True,
                consensus: dict | None = None) -> Built:
    """A contract in evaluation scored by three members on a second store and moderated to a tie at the top."""
    ppn = services.catalogue.catalogue().framework("ppn002")
    detail = services.pipeline.create(ContractData(
        reference=REF, title="Patient transport & <courier> services", category=Category.TRANSPORT,
        stage=Stage.EVALUATION, total_value=Decimal("2400000"), procurement_lead=LEAD))
    entries = tuple(SelectedEntry("ppn002", ref, "outcome", ppn.entry(ref).title, ppn.entry(ref).text)
                    for ref in ("4", "6"))
    services.selection.save(detail.id, SocialValuePlan(weighting_percent=Decimal(10), entries=entries))
    evaluation = EvaluationService(services.uow_factory, services.selection, services.catalogue, services.settings,
                                   user=lambda: LEAD, now=_clock())
    services.reports.evaluation = evaluation  # this panel's service: its own user and clock
    view = evaluation.start(detail.id)
    for name in SCORES["Helen Okafor"]:
        evaluation.add_bidder(detail.id, name, response_text=f"{name} commits to social value.\n\nSecond paragraph.")
    roles = {"Helen Okafor": "Sustainability Manager", "Kwame Mensah": "Transport Services Manager",
             "Siobhan Reilly": "Patient Experience Lead"}
    for name, role in roles.items():
        evaluation.add_member(detail.id, name, role)
    view = evaluation.require(detail.id)
    bidders = {b.name: b.id for b in view.bidders}
    criteria = [c.id for c in view.criteria]
    for member in view.members:
        for bidder in view.bidders:
            conflict = member.name == "Siobhan Reilly" and bidder.name == "Crown Logistics Ltd"
            evaluation.declare(detail.id, member.id, bidder.id, conflict, CONFLICT if conflict else "")
    view = evaluation.require(detail.id)
    for member in view.members:
        sheet = member_services.score_sheets.open_sheet(evaluation.export_sheet(detail.id, member.id))
        by_name = {b.name: b for b in sheet.sheet.bidders}
        for bidder_name, points in SCORES[member.name].items():
            for criterion, value in zip(sheet.sheet.criteria, points):
                text = JUSTIFICATION if (member.name, bidder_name, value) == ("Helen Okafor", "Acme & Sons <Ltd>", 80) \
                    else f"{member.name.split()[0]} on {bidder_name}: {value} points."
                if (member.name, bidder_name, value) == ("Helen Okafor", "Crown Logistics Ltd", 20):
                    text = LONG_JUSTIFICATION
                member_services.score_sheets.save_score(sheet.sheet_uid, by_name[bidder_name].bidder_uid,
                                                        criterion.criterion_uid, Score(value, text, value != 0))
        evaluation.import_sheet(detail.id, member_services.score_sheets.export_completed(sheet.sheet_uid),
                                f"{member.name}.svsheet")
    for bidder_name, points in (consensus if consensus is not None else CONSENSUS).items():
        for criterion_id, value in zip(criteria, points):
            rationale = RATIONALE if (bidder_name, value) == ("Beacon Transport Ltd", 60) else \
                f"Panel agreed {value} for {bidder_name}."
            evaluation.record_consensus(detail.id, bidders[bidder_name], criterion_id, value, rationale)
    if lock:
        evaluation.lock(detail.id, evaluation.require(detail.id).version)
        if change_after_lock:
            evaluation.record_consensus(detail.id, bidders["Crown Logistics Ltd"], criteria[1], 40,
                                        "Re-checked: the apprenticeship target is dated, so 40.",
                                        reason=POST_LOCK_REASON)
    return Built(detail.id, evaluation, criteria, bidders)


@pytest.fixture
def member_services(tmp_path):
    from sv_desktop.app import build_services

    built = build_services(f"sqlite+pysqlite:///{tmp_path / 'member-laptop.sqlite3'}")
    yield built
    built.close()


@pytest.fixture
def panel(fixed_clock, member_services) -> Built:
    return build_panel(fixed_clock, member_services)


def test_the_data_names_the_outlier_and_the_conflict(fixed_clock, panel):
    data = evaluation_report_data(fixed_clock.reports, panel.evaluation, REF)
    view = data.evaluation
    cell = view.cell(panel.criteria[0], panel.bidders["Beacon Transport Ltd"])
    names = {m.id: m.name for m in view.members}
    assert [names[m] for m in outlier_members(cell)] == ["Kwame Mensah"]
    conflicts = [line for line in declarations(view) if line.conflict]
    assert [(c.member, c.bidder) for c in conflicts] == [("Siobhan Reilly", "Crown Logistics Ltd")]
    assert conflicts[0].words.startswith("Conflict of interest declared: Her brother")
    assert len(declarations(view)) == 9
    assert ("Procurement lead", LEAD) in data.contract_fields
    assert [s.position_text for s in view.standings] == ["=1", "=1", "3"]


def test_the_report_shows_panel_declarations_scores_consensus_ranking_and_history(fixed_clock, panel, tmp_path):
    out = build_evaluation_report(fixed_clock.reports, panel.evaluation, REF, tmp_path / "evaluation.pdf")
    pdf = read_pdf(out)
    text = pdf.text
    assert "Evaluation report" in pdf.page(0) and "OFFICIAL-SENSITIVE: COMMERCIAL" in pdf.page(0)
    assert "Patient transport & <courier> services" in pdf.page(0)
    for name, role in (("Helen Okafor", "Sustainability Manager"), ("Kwame Mensah", "Transport Services Manager"),
                       ("Siobhan Reilly", "Patient Experience Lead")):
        assert name in text and role in text
    assert f"Siobhan Reilly declared a conflict of interest with Crown Logistics Ltd: {CONFLICT}." in text
    assert "Siobhan Reilly did not score Crown Logistics Ltd" in text
    assert "No conflict of interest declared" in text
    assert flat(JUSTIFICATION) in text
    assert LONG_JUSTIFICATION[-200:] in text  # long justifications are printed whole, not cut at 400 characters
    assert flat(RATIONALE) in text
    assert "Ranking: Social value only" in text and "Social value only: price and quality" in text
    assert "=1 Acme & Sons <Ltd>" in text and "=1 Beacon Transport Ltd" in text
    assert "3 Crown Logistics Ltd" in text
    assert "are tied" in text
    assert flat(METHOD) in text
    assert "Kwame Mensah 20 (outlier)" in text and "Outlier: Kwame Mensah (20)" in text
    assert "Locked on 02/11/2026" in text and f"by {LEAD}" in text
    assert "Changes after locking (1)" in text
    assert "consensus (after locking)" in text and flat(POST_LOCK_REASON) in text
    assert "Crown Logistics Ltd / " in text and "20 → 40" in text
    assert "not official" in text or "no official scoring scale" in text
    assert "specific, measurable and time-bound" in text
    assert "Sub-weight" in text and "5 %" in text
    outline = pdf.outline_titles()
    for title in ("Summary", "Panel and roles", "Conflict-of-interest declarations", "Criteria, scale and rules",
                  "Individual scores and justifications", "Spread, outliers and consensus",
                  "Weighted scores, totals and ranking", "Lock status and history"):
        assert title in outline
    assert all("Page" in page and f"of {len(pdf.pages)}" in page for page in pdf.pages)


def test_an_open_evaluation_says_it_is_provisional_and_not_locked(fixed_clock, member_services, tmp_path):
    partial = dict(CONSENSUS)
    partial.pop("Crown Logistics Ltd")
    built = build_panel(fixed_clock, member_services, lock=False, consensus=partial)
    text = read_pdf(build_evaluation_report(fixed_clock.reports, built.evaluation, REF, tmp_path / "e.pdf")).text
    assert "Not locked: moderation is still open" in text
    assert "Provisional: the panel has still to agree 2 consensus scores" in text
    assert "Not yet agreed" in text
    assert "Not applicable: the evaluation is not locked." in text


def test_unknown_reference_or_no_evaluation_is_not_found(fixed_clock, tmp_path):
    evaluation = fixed_clock.evaluation
    with pytest.raises(NotFoundError, match="no contract has the reference 'NOPE'"):
        build_evaluation_report(fixed_clock.reports, evaluation, "NOPE", tmp_path / "x.pdf")
    fixed_clock.pipeline.create(ContractData(reference="BARE-1", title="No panel", category=Category.OTHER))
    with pytest.raises(NotFoundError, match="BARE-1 has no evaluation recorded"):
        build_evaluation_report(fixed_clock.reports, evaluation, "BARE-1", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_cancelling_writes_no_file(fixed_clock, panel, tmp_path):
    with pytest.raises(InterruptedError):
        build_evaluation_report(fixed_clock.reports, panel.evaluation, REF, tmp_path / "c.pdf",
                                progress=lambda done, total: done < 5)
    assert not (tmp_path / "c.pdf").exists()


def test_the_contract_report_summarises_the_evaluation(fixed_clock, panel, tmp_path):
    assert CONTRACT_SECTIONS["evaluation"].title == "Evaluation of social value"
    text = read_pdf(fixed_clock.reports.build_contract_report(REF, tmp_path / "c.pdf")).text
    assert "Evaluation of social value" in text
    assert "Helen Okafor (Sustainability Manager)" in text
    assert "Siobhan Reilly with Crown Logistics Ltd" in text
    assert "Ranking: Social value only" in text and "=1 Acme & Sons <Ltd>" in text
    assert "Locked on 02/11/2026" in text
    assert f"sv-desktop report evaluation {REF}" in text


def test_the_contract_report_says_when_there_is_no_evaluation(fixed_clock, tmp_path):
    fixed_clock.pipeline.create(ContractData(reference="BARE-1", title="No panel", category=Category.OTHER))
    text = read_pdf(fixed_clock.reports.build_contract_report("BARE-1", tmp_path / "c.pdf")).text
    assert "Evaluation of social value No evaluation recorded for this contract." in text


def test_default_file_name_is_safe():
    assert default_evaluation_file_name("DEMO/0001 <x>") == "DEMO-0001--x--evaluation-report.pdf"
