"""The Evaluation tab as a procurement lead works it: start, set up, declare, send score sheets out, take the
completed sheets back from members who scored in their own stores, moderate, rank, lock and change with a reason.

The full-panel test drives real widgets end to end; member scoring happens in separate SQLite stores through
the member's own service, as it does on their laptops. Scores (points out of 100, sub-weights 5% + 5%):

                    Fair work (C1)          Skills for growth (C2)   consensus C1/C2   weighted total
    Brightwater     60, 60, 100 ⚑           80, 80, 80               100 / 80          5.00 + 4.00 = 9.00  (1)
    Northway        80, 80, 60              60, 40, 60                80 / 60          4.00 + 3.00 = 7.00  (=2)
    Apex            60, conflict, 60        80, conflict, 80          60 / 80          3.00 + 4.00 = 7.00  (=2)

Tom Okafor (member 2) declared a conflict with Apex. Jane Ellis's 100 for Brightwater on Fair work is the
only outlier: 40 points (2 scale steps of 20) from the others' median of 60.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.evaluation import SMT_RULE_TEXT, Score
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.ui.evaluation.evaluation_models import outliers_text, spread_text
from sv_desktop.ui.evaluation.evaluation_tab import SECTION, EvaluationTab, sheet_file_name
from tests.ui.accessibility import unnamed_controls

BIDDERS = (("Brightwater Services Ltd", "We will create 12 apprenticeships for care leavers by March 2027."),
           ("Northway Care CIC", "Eight supported jobs for people with disabilities within 18 months."),
           ("Apex Transport plc", "Four work placements a year, reported quarterly."))
MEMBERS = (("Priya Shah", "Head of Procurement"), ("Tom Okafor", "Sustainability lead"),
           ("Jane Ellis", "Clinical lead"))
CONFLICT = ("Tom Okafor", "Apex Transport plc", "Former employee of Apex (left 2023)")
# member -> bidder -> (C1 points, C2 points)
SCORES = {
    "Priya Shah": {"Brightwater Services Ltd": (60, 80), "Northway Care CIC": (80, 60), "Apex Transport plc": (60, 80)},
    "Tom Okafor": {"Brightwater Services Ltd": (60, 80), "Northway Care CIC": (80, 40)},
    "Jane Ellis": {"Brightwater Services Ltd": (100, 80), "Northway Care CIC": (60, 60),
                   "Apex Transport plc": (60, 80)},
}
CONSENSUS = {"Brightwater Services Ltd": (100, 80), "Northway Care CIC": (80, 60), "Apex Transport plc": (60, 80)}
LEFT = Qt.MouseButton.LeftButton


def outcome_refs(services) -> list[str]:
    framework = services.catalogue.catalogue().framework("ppn002")
    return [entry.ref for top in framework.entries for entry in top.walk() if entry.kind == "outcome"]


def make_contract(services, reference="EV-1", stage=Stage.EVALUATION, outcomes=2, weighting=Decimal(10),
                  title="Patient transport services") -> int:
    suppliers = ("Brightwater Services Ltd",) if stage in (Stage.AWARDED, Stage.DELIVERY) else ()
    contract = services.pipeline.create(ContractData(reference=reference, title=title, category=Category.TRANSPORT,
                                                     total_value=Decimal("1800000"), stage=stage,
                                                     supplier_names=suppliers))
    refs = outcome_refs(services)[:outcomes]
    services.selection.save(contract.id, SocialValuePlan(
        weighting_percent=weighting,
        entries=tuple(services.selection.entry_from_catalogue("ppn002", ref) for ref in refs)))
    return contract.id


def make_tab(qtbot, services) -> EvaluationTab:
    tab = EvaluationTab(services.evaluation, pipeline=services.pipeline, selection=services.selection,
                        catalogue=services.catalogue)
    qtbot.addWidget(tab)
    tab.resize(1400, 950)
    tab.show()
    return tab


@pytest.fixture
def contract_id(services):
    return make_contract(services)


@pytest.fixture
def tab(qtbot, services, contract_id):
    widget = make_tab(qtbot, services)
    widget.show_contract(contract_id)
    return widget


@pytest.fixture
def reasons(monkeypatch):
    """Answer 'why?' questions after locking; records each question asked."""
    asked = []
    answers = {"text": "Panel minutes corrected after the moderation meeting", "ok": True}

    def ask(parent, title, label, *args, **kwargs):
        asked.append((title, label))
        return answers["text"], answers["ok"]

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(ask))
    return type("Reasons", (), {"asked": asked, "answers": answers})


# -- driving the tab through its widgets ----------------------------------------------------------------

def start(qtbot, tab):
    assert tab.stack.currentIndex() == 0
    assert tab.start_button.isEnabled()
    qtbot.mouseClick(tab.start_button, LEFT)
    assert tab.stack.currentIndex() == 1


def add_bidder(qtbot, tab, name, response):
    tab.sections.setCurrentIndex(SECTION["panel"])
    qtbot.mouseClick(tab.add_bidder_button, LEFT)
    dialog = tab.bidder_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, name)
    dialog.response.setPlainText(response)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible(), dialog.error_text()


def add_member(qtbot, tab, name, role):
    tab.sections.setCurrentIndex(SECTION["panel"])
    qtbot.mouseClick(tab.add_member_button, LEFT)
    dialog = tab.member_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.role, role)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible(), dialog.error_text()


def ids(tab):
    view = tab._evaluation.require(tab.shown_contract)
    return ({b.name: b.id for b in view.bidders}, {m.name: m.id for m in view.members},
            [c.id for c in view.criteria])


def declare(qtbot, tab, member, bidder, details=""):
    bidders, members, _ = ids(tab)
    tab.declarations_table.setFocus()
    tab.select_declaration(members[member], bidders[bidder])
    qtbot.keyClick(tab.declarations_table, Qt.Key.Key_Return)
    dialog = tab.declaration_dialog
    assert dialog is not None and dialog.isVisible()
    assert (dialog.member.name, dialog.bidder.name) == (member, bidder)
    if details:
        qtbot.mouseClick(dialog.conflict, LEFT)
        dialog.details.setPlainText(details)
    else:
        qtbot.mouseClick(dialog.no_conflict, LEFT)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible(), dialog.error_text()


def set_up_panel(qtbot, tab, answer_dialogs):
    """Start, three bidders, three members, every declaration (one conflict)."""
    start(qtbot, tab)
    for name, response in BIDDERS:
        add_bidder(qtbot, tab, name, response)
    for name, role in MEMBERS:
        add_member(qtbot, tab, name, role)
    for member, _role in MEMBERS:
        for bidder, _response in BIDDERS:
            if (member, bidder) == CONFLICT[:2]:
                declare(qtbot, tab, member, bidder, CONFLICT[2])
            elif member == "Jane Ellis":
                continue
            else:
                declare(qtbot, tab, member, bidder)
    # Jane declares "no conflict" for all her bidders in one go
    bidders, members, _ = ids(tab)
    tab.select_declaration(members["Jane Ellis"], bidders["Northway Care CIC"])
    qtbot.mouseClick(tab.declare_none_button, LEFT)


def export_sheets(qtbot, tab, monkeypatch, folder: Path) -> dict[str, Path]:
    suggested = []

    def save_name(parent, caption, directory, *args, **kwargs):
        suggested.append(Path(directory).name)
        return str(folder / Path(directory).name), "Score sheets (*.svsheet)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    tab.sections.setCurrentIndex(SECTION["sheets"])
    files = {}
    _bidders, members, _ = ids(tab)
    for name, _role in MEMBERS:
        tab.select_member(members[name])
        assert "ready to export" in tab.sheet_readiness.text()
        qtbot.mouseClick(tab.export_button, LEFT)
        files[name] = folder / sheet_file_name("EV-1", name)
        assert files[name].is_file()
    assert suggested == [f"EV-1 - {name} score sheet.svsheet" for name, _ in MEMBERS]
    return files


def score_in_own_store(tmp_path: Path, index: int, sheet: Path, member: str, out: Path) -> Path:
    """A member on their own laptop: a separate store, their own service; returns the completed sheet."""
    from sv_desktop.app import build_services

    own = build_services(f"sqlite+pysqlite:///{tmp_path / f'm{index}.sqlite3'}")
    try:
        opened = own.score_sheets.open_sheet(sheet.read_bytes())
        assert opened.member_name == member
        criteria = [c.criterion_uid for c in opened.sheet.criteria]
        for bidder in opened.sheet.bidders:
            if bidder.conflict:
                assert (member, bidder.name) == CONFLICT[:2]
                continue
            for criterion_uid, points in zip(criteria, SCORES[member][bidder.name]):
                own.score_sheets.save_score(opened.sheet_uid, bidder.bidder_uid, criterion_uid, Score(
                    points, f"{member} on {bidder.name}: {points} because the commitment is dated and counted."))
        out.write_bytes(own.score_sheets.export_completed(opened.sheet_uid))
    finally:
        own.close()
    return out


def import_files(qtbot, tab, monkeypatch, paths):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in paths], "Score sheets (*.svsheet)")))
    tab.sections.setCurrentIndex(SECTION["sheets"])
    qtbot.mouseClick(tab.import_button, LEFT)


def moderate(qtbot, tab, criterion_id, bidder_id, points, rationale):
    view = tab.moderation
    row = view.model.row_of_cell(criterion_id, bidder_id)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 1))
    assert view.points.isEnabled()
    view.points.setCurrentIndex(view.points.findData(points))
    view.rationale.clear()
    qtbot.keyClicks(view.rationale, rationale)
    qtbot.mouseClick(view.record_button, LEFT)


def row_texts(model, row):
    return [model.index(row, column).data() for column in range(model.columnCount())]


# -- the full panel -------------------------------------------------------------------------------------

def test_a_full_panel_is_set_up_scored_offline_in_three_stores_imported_moderated_ranked_and_locked(
        qtbot, services, tab, answer_dialogs, reasons, monkeypatch, tmp_path):
    assert "Patient transport services" in tab.heading.text() and "Evaluation" in tab.heading.text()
    assert "2 criteria" in tab.start_detail.text() and "10%" in tab.start_detail.text()
    set_up_panel(qtbot, tab, answer_dialogs)
    view = services.evaluation.require(tab.shown_contract)
    assert view.setup_problems == []
    assert "✔ Set-up complete" in tab.setup_problems.text()
    assert "Running total 10%, matching the contract's 10% social value weighting" in tab.weight_total.text()
    assert "No official scoring scale exists" in tab.scale_note.text()
    assert tab.smt_rule.isChecked() and SMT_RULE_TEXT in tab.smt_rule.accessibleDescription()
    assert "AAC1" in tab.additional.text() and "pass gate" in tab.additional.text()
    # the declarations matrix: a conflict in words
    bidders, members, criteria = ids(tab)
    conflict_index = tab.declarations_model.index_of(members["Tom Okafor"], bidders["Apex Transport plc"])
    assert conflict_index.data() == f"Conflict of interest: {CONFLICT[2]}"
    assert tab.declarations_model.index_of(members["Jane Ellis"], bidders["Apex Transport plc"]).data() \
        == "No conflict"
    assert tab.members_model.index(1, 2).data() == "Conflict with Apex Transport plc (does not score them)"

    # three sheets out through the tab, scored in three separate stores, back in through the tab at once
    out = tmp_path / "out"
    out.mkdir()
    issued = export_sheets(qtbot, tab, monkeypatch, out)
    completed = [score_in_own_store(tmp_path, i, issued[name], name, tmp_path / f"{name} completed.svsheet")
                 for i, (name, _role) in enumerate(MEMBERS, start=1)]
    answer_dialogs.asked.clear()
    import_files(qtbot, tab, monkeypatch, completed)
    title, text = answer_dialogs.asked[-1]
    assert title == "Score sheets imported"
    assert "3 of 3 sheets imported" in text
    assert "Tom Okafor's sheet, version 1, 4 scores imported" in text
    assert "Priya Shah's sheet, version 1, 6 scores imported" in tab.import_results.toPlainText()
    assert [tab.sheets_model.index(r, 3).data() for r in range(3)] == ["Imported (version 1)"] * 3
    assert not tab.scale_model.flags(tab.scale_model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert "can no longer change" in tab.scale_note.text()

    # the moderation grid: every member's score, spread, mean, outliers in words
    tab.sections.setCurrentIndex(SECTION["moderation"])
    grid = tab.moderation.model
    headers = [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(grid.columnCount())]
    assert headers[:5] == ["Criterion", "Bidder", "Priya Shah", "Tom Okafor", "Jane Ellis"]
    row = grid.row_of_cell(criteria[0], bidders["Brightwater Services Ltd"])
    cells = dict(zip(headers, row_texts(grid, row)))
    assert cells["Priya Shah"] == "60" and cells["Tom Okafor"] == "60"
    assert cells["Jane Ellis"] == "100 ⚑ outlier"
    assert cells["Spread (low–high)"] == "60–100 (range 40)"
    assert cells["Mean"] == "73.3"
    assert cells["Outliers"] == "⚑ Jane Ellis (100)"
    assert cells["Consensus"] == "Not agreed yet"
    assert "2 scale steps or more (40 points or more) from the others' median" in tab.moderation.legend.text()
    apex = dict(zip(headers, row_texts(grid, grid.row_of_cell(criteria[0], bidders["Apex Transport plc"]))))
    assert apex["Tom Okafor"] == "Conflict (not scoring)"
    assert apex["Outliers"] == "Too few scores to judge"
    assert "1 outlier score flagged" in tab.moderation.summary.text()
    # the detail pane shows every member's justification for the selected row
    tab.moderation.table.setCurrentIndex(grid.index(row, 1))
    detail = tab.moderation.detail.toPlainText()
    assert "Jane Ellis (Clinical lead): 100" in detail and "⚑ outlier" in detail
    assert "Jane Ellis on Brightwater Services Ltd: 100 because the commitment is dated and counted." in detail
    assert "mean 73.3 from 3 scores" in detail

    # moderate every cell through the view's widgets
    for bidder, (first, second) in CONSENSUS.items():
        for criterion_id, points in zip(criteria, (first, second)):
            moderate(qtbot, tab, criterion_id, bidders[bidder], points,
                     f"Panel agreed {points} for {bidder} after discussing the evidence.")
    view = services.evaluation.require(tab.shown_contract)
    assert all(cell.consensus is not None for cell in view.cells)
    cells = dict(zip(headers, row_texts(grid, grid.row_of_cell(criteria[0], bidders["Brightwater Services Ltd"]))))
    assert cells["Consensus"] == "100" and cells["Mean"] == "73.3"  # the consensus differs from the mean: both shown
    assert cells["Weighted (%)"] == "5.00"
    tab.moderation.table.setCurrentIndex(grid.index(grid.row_of_cell(criteria[0], bidders["Brightwater Services Ltd"]),
                                                    1))
    assert "Consensus 100; the members' mean is 73.3 (the consensus is 26.7 above it)." == tab.moderation.compare.text()

    # ranking: social value only, a tie for second shown as =2, the method on screen
    ranking = tab.moderation.standings_model
    rows = [(ranking.index(r, 0).data(), ranking.index(r, 1).data(), ranking.index(r, 2).data())
            for r in range(ranking.rowCount())]
    assert rows == [("1", "Brightwater Services Ltd", "9.00"), ("=2", "Apex Transport plc", "7.00"),
                    ("=2", "Northway Care CIC", "7.00")]
    assert ranking.index(1, ranking.column_of("note")).data() == "Tied with Northway Care CIC"
    assert "Ranking: Social value only" in tab.moderation.ranking_heading.text()
    assert "provisional" not in tab.moderation.ranking_heading.text()
    assert "consensus points ÷ maximum points × the criterion's sub-weight" in tab.moderation.method.text()
    assert "no official formula" in tab.moderation.method.text()
    assert "Consensus recorded for 6 of 6" in tab.moderation.summary.text()

    tab.moderation.table.setCurrentIndex(grid.index(grid.row_of_cell(criteria[0], bidders["Brightwater Services Ltd"]),
                                                    1))
    assert tab.moderation.grab().save(str(tmp_path / "moderation.png"))

    # lock (confirmed), then a change after locking asks for a reason and shows in the history
    answer_dialogs.asked.clear()
    qtbot.mouseClick(tab.lock_button, LEFT)
    assert answer_dialogs.asked[0][0] == "Lock the evaluation"
    assert "=2  Apex Transport plc  7.00" in answer_dialogs.asked[0][1]
    assert services.evaluation.require(tab.shown_contract).locked
    assert tab.lock_state.text().startswith("🔒 Locked on") and not tab.lock_button.isEnabled()
    assert "locked" in tab.heading.text()
    assert not tab.attach_button.isEnabled()

    moderate(qtbot, tab, criteria[1], bidders["Northway Care CIC"], 80,
             "Re-read the response: the jobs are guaranteed for two years.")
    assert reasons.asked and reasons.asked[-1][0] == "Reason for a change after locking"
    tab.sections.setCurrentIndex(SECTION["history"])
    history = tab.events_model
    last = row_texts(history, history.rowCount() - 1)
    assert last[2] == "Consensus (after locking)"
    assert "Northway Care CIC / Skills for growth: 60 → 80" in last[3]
    assert last[4] == "Panel minutes corrected after the moderation meeting"
    actions = [history.index(r, 2).data() for r in range(history.rowCount())]
    assert actions[0] == "Started" and "Locked" in actions and actions.count("Sheet imported") == 3
    rows = [(ranking.index(r, 0).data(), ranking.index(r, 1).data()) for r in range(ranking.rowCount())]
    assert rows == [("1", "Brightwater Services Ltd"), ("2", "Northway Care CIC"), ("3", "Apex Transport plc")]

    # cancelling the reason changes nothing
    reasons.answers["ok"] = False
    before = services.evaluation.require(tab.shown_contract).version
    moderate(qtbot, tab, criteria[1], bidders["Apex Transport plc"], 40, "Second thoughts")
    assert services.evaluation.require(tab.shown_contract).version == before
    assert tab.is_dirty  # what was typed is still there


def test_damaged_sheets_and_sheets_for_another_contract_are_refused_with_the_reason(
        qtbot, services, tab, answer_dialogs, monkeypatch, tmp_path):
    set_up_panel(qtbot, tab, answer_dialogs)
    out = tmp_path / "out"
    out.mkdir()
    issued = export_sheets(qtbot, tab, monkeypatch, out)
    good = score_in_own_store(tmp_path, 1, issued["Priya Shah"], "Priya Shah", tmp_path / "priya.svsheet")
    damaged = tmp_path / "damaged.svsheet"
    damaged.write_bytes(good.read_bytes().replace(b"dated and counted", b"dated and COUNTED"))
    truncated = tmp_path / "truncated.svsheet"
    truncated.write_bytes(good.read_bytes()[:200])
    # another contract's evaluation in the same store, with its own member
    other = make_contract(services, reference="EV-2", title="Linen services")
    services.evaluation.start(other)
    bidder = services.evaluation.add_bidder(other, "Brightwater Services Ltd", "Ten local jobs by 2027.")
    member = services.evaluation.add_member(other, "Priya Shah", "Head of Procurement")
    services.evaluation.declare(other, member.id, bidder.id, False)
    other_sheet = tmp_path / "other blank.svsheet"
    other_sheet.write_bytes(services.evaluation.export_sheet(other, member.id))
    answer_dialogs.asked.clear()

    import_files(qtbot, tab, monkeypatch, [good, damaged, truncated, other_sheet, issued["Tom Okafor"]])
    title, text = answer_dialogs.asked[-1]
    assert title == "Some score sheets were not imported"
    assert "1 of 5 sheets imported, 4 refused" in text
    assert "✔ priya.svsheet: Priya Shah's sheet, version 1, 6 scores imported." in text
    assert "✖ damaged.svsheet: not imported: The file was changed outside SV Desktop" in text
    assert "✖ truncated.svsheet: not imported: The file is damaged or incomplete" in text
    assert "✖ other blank.svsheet: not imported: This sheet is for EV-2 (Linen services), not EV-1." in text
    assert f"✖ {issued['Tom Okafor'].name}: not imported: Tom Okafor's sheet has not been completed" in text
    assert tab.import_results.toPlainText().startswith("1 of 5 sheets imported, 4 refused.")
    # the same sheet again is explained too
    import_files(qtbot, tab, monkeypatch, [good])
    assert "was already imported" in answer_dialogs.asked[-1][1]
    assert answer_dialogs.asked[-1][0] == "Score sheets not imported"


# -- starting ---------------------------------------------------------------------------------------------

def test_an_evaluation_starts_only_at_tender_or_evaluation_and_says_why_not(qtbot, services):
    awarded = make_contract(services, reference="AW-1", stage=Stage.AWARDED)
    early = make_contract(services, reference="PL-1", stage=Stage.PIPELINE)
    bare = make_contract(services, reference="TN-1", stage=Stage.TENDER, outcomes=0)
    tab = make_tab(qtbot, services)
    tab.show_contract(awarded)
    assert not tab.start_button.isEnabled()
    assert "at Awarded" in tab.start_reason.text() and "before the award" in tab.start_reason.text()
    tab.show_contract(early)
    assert "at Pipeline" in tab.start_reason.text() and "Move it on" in tab.start_reason.text()
    tab.show_contract(bare)
    assert not tab.start_button.isEnabled()
    assert "No outcomes or themes are chosen on the Social value tab" in tab.start_reason.text()
    tab.show_contract(None)
    assert "Save the contract first" in tab.heading.text() and not tab.start_button.isEnabled()


def test_without_the_pipeline_the_tab_still_starts_an_evaluation(qtbot, services, contract_id):
    tab = EvaluationTab(services.evaluation)
    qtbot.addWidget(tab)
    tab.show_contract(contract_id)
    assert tab.start_button.isEnabled()
    qtbot.mouseClick(tab.start_button, LEFT)
    assert services.evaluation.get(contract_id) is not None
    assert tab.criteria_model.rowCount() == 2
    assert tab.criteria_model.index(0, 2).data() == "ppn002"  # no catalogue: the framework id


# -- set-up ----------------------------------------------------------------------------------------------

def test_sub_weights_show_a_running_total_and_are_saved_with_the_scale_and_smt_rule(
        qtbot, services, tab, answer_dialogs):
    start(qtbot, tab)
    weights = tab.criteria_model
    assert weights.index(0, 3).data() == "5%"
    assert weights.setData(weights.index(0, 3), "6")
    assert tab.is_dirty and tab.save_setup_button.isEnabled()
    assert weights.index(0, 3).data() == "6% (changed, not saved)"
    assert tab.weight_total.text() == ("⚠ Running total 11%: the sub-weights must add up to the contract's 10% "
                                       "social value weighting (1% too much).")
    assert not weights.setData(weights.index(1, 3), "lots")
    assert "'lots' is not a percentage" in tab.weight_error.text() and tab.weight_error.isVisibleTo(tab)
    # typing into the table edits the sub-weight
    tab.criteria_table.setFocus()
    tab.criteria_table.setCurrentIndex(weights.index(1, 3))
    qtbot.keyClick(tab.criteria_table, Qt.Key.Key_F2)
    editor = tab.criteria_table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "5"
    editor.selectAll()
    qtbot.keyClicks(editor, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next event loop pass
    qtbot.waitUntil(lambda: weights.index(1, 3).data() == "4% (changed, not saved)")
    assert "✔ Running total 10%" in tab.weight_total.text()
    # the scale: a descriptor changed; the SMT rule turned off
    scale = tab.scale_model
    assert scale.setData(scale.index(3, 1), "Satisfactory: a clear, measurable commitment")
    qtbot.keyClick(tab.smt_rule, Qt.Key.Key_Space)
    qtbot.mouseClick(tab.save_setup_button, LEFT)
    view = services.evaluation.require(tab.shown_contract)
    assert [c.sub_weight for c in view.criteria] == [Decimal(6), Decimal(4)]
    assert view.scale.descriptor(60) == "Satisfactory: a clear, measurable commitment"
    assert not view.smt_rule
    assert not tab.is_dirty and not tab.save_setup_button.isEnabled()
    assert "set-up changed" in [e.action for e in view.events]
    # an unusable scale is refused with the reason, and nothing is saved
    scale.setData(scale.index(5, 0), 80)
    qtbot.mouseClick(tab.save_setup_button, LEFT)
    assert "same points" in tab.scale_error.text()
    assert answer_dialogs.asked[-1][0] == "Set-up not saved"
    qtbot.mouseClick(tab.revert_setup_button, LEFT)
    assert not tab.is_dirty


def test_a_stale_set_up_is_refused_and_the_tab_reads_the_evaluation_again(qtbot, services, tab, answer_dialogs):
    start(qtbot, tab)
    tab.criteria_model.setData(tab.criteria_model.index(0, 3), "7")
    tab.criteria_model.setData(tab.criteria_model.index(1, 3), "3")
    services.evaluation.add_bidder(tab.shown_contract, "Someone else's bidder")  # another window moved it on
    assert tab.save() is False
    title, text = answer_dialogs.asked[-1]
    assert title == "Set-up not saved" and "changed since you opened it" in text
    assert "read again" in text
    assert not tab.is_dirty
    assert tab.bidders_model.rowCount() == 1
    assert [c.sub_weight for c in services.evaluation.require(tab.shown_contract).criteria] == [Decimal(5)] * 2


def test_bidders_are_changed_documents_attached_and_members_removed(
        qtbot, services, tab, answer_dialogs, monkeypatch, tmp_path):
    start(qtbot, tab)
    add_bidder(qtbot, tab, *BIDDERS[0])
    add_member(qtbot, tab, *MEMBERS[0])
    # a duplicate bidder keeps the dialog open with the reason
    qtbot.mouseClick(tab.add_bidder_button, LEFT)
    dialog = tab.bidder_dialog
    qtbot.keyClicks(dialog.name, "brightwater services ltd")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and "already a bidder" in dialog.error_text()
    dialog.reject()
    # price and quality scores, through the change dialog (Enter on the row)
    tab.bidders_table.setFocus()
    qtbot.keyClick(tab.bidders_table, Qt.Key.Key_Return)
    dialog = tab.bidder_dialog
    assert dialog.isVisible() and dialog.name.isReadOnly()
    qtbot.keyClicks(dialog.price, "thirty")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "Price score: 'thirty' is not a percentage" in dialog.error_text()
    dialog.price.setText("35")
    dialog.quality.setText("42.5")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert [tab.bidders_model.index(0, c).data() for c in (3, 4)] == ["35", "42.5"]
    # a response document
    document = tmp_path / "Brightwater social value response.pdf"
    document.write_bytes(b"%PDF-1.4 response")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(document), "")))
    qtbot.mouseClick(tab.attach_button, LEFT)
    assert tab.bidders_model.index(0, 2).data() == "Brightwater social value response.pdf"
    # removing a member (confirmed)
    tab.members_table.setCurrentIndex(tab.members_model.index(0, 0))
    qtbot.mouseClick(tab.remove_member_button, LEFT)
    assert tab.members_model.rowCount() == 0
    assert "No panel members recorded." in tab.setup_problems.text()


def test_export_is_refused_with_the_reasons_until_the_member_has_declared(
        qtbot, services, tab, answer_dialogs, monkeypatch, tmp_path):
    start(qtbot, tab)
    add_bidder(qtbot, tab, *BIDDERS[0])
    add_member(qtbot, tab, *MEMBERS[0])
    tab.sections.setCurrentIndex(SECTION["sheets"])
    assert "cannot be exported yet" in tab.sheet_readiness.text()
    assert "has not yet declared conflicts of interest for: Brightwater Services Ltd" in tab.sheet_readiness.text()
    target = tmp_path / "sheet.svsheet"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(tab.export_button, LEFT)
    title, text = answer_dialogs.asked[-1]
    assert title == "Score sheet not exported"
    assert "Priya Shah has not yet declared conflicts of interest for: Brightwater Services Ltd." in text
    assert not target.exists()


def test_an_unrecorded_consensus_is_offered_for_saving_when_the_row_changes(
        qtbot, services, tab, answer_dialogs, monkeypatch, tmp_path):
    set_up_panel(qtbot, tab, answer_dialogs)
    bidders, _members, criteria = ids(tab)
    view = tab.moderation
    tab.sections.setCurrentIndex(SECTION["moderation"])
    view.table.setCurrentIndex(view.model.index(0, 1))
    # a consensus needs its rationale
    view.points.setCurrentIndex(view.points.findData(60))
    qtbot.mouseClick(view.record_button, LEFT)
    assert "rationale" in view.error.text() and view.error.isVisibleTo(tab)
    qtbot.keyClicks(view.rationale, "Agreed before sheets: test of the editor")
    assert tab.is_dirty and "Not recorded yet." in view.compare.text()
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Save
    view.table.setCurrentIndex(view.model.index(1, 1))
    assert answer_dialogs.asked[-1][0] == "Consensus not recorded"
    first = view.model.cell(0)
    assert (first.consensus, first.rationale) == (60, "Agreed before sheets: test of the editor")
    assert view.table.currentIndex().row() == 1 and not tab.is_dirty
    # discard drops it
    view.points.setCurrentIndex(view.points.findData(20))
    qtbot.keyClicks(view.rationale, "Not wanted")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    view.table.setCurrentIndex(view.model.index(2, 1))
    assert view.model.cell(1).consensus is None and not tab.is_dirty
    # save() of the tab records what the editor holds
    view.points.setCurrentIndex(view.points.findData(40))
    qtbot.keyClicks(view.rationale, "Saved by the tab")
    assert tab.save() and view.model.cell(2).consensus == 40


# -- models and accessibility -----------------------------------------------------------------------------

def test_the_table_models_pass_the_model_tester(qtbot, qtmodeltester, services, tab, answer_dialogs):
    set_up_panel(qtbot, tab, answer_dialogs)
    for model in (tab.criteria_model, tab.scale_model, tab.bidders_model, tab.members_model,
                  tab.declarations_model, tab.moderation.model, tab.moderation.standings_model, tab.events_model):
        qtmodeltester.check(model)


def test_every_control_is_named_for_assistive_technology(qtbot, services, tab, answer_dialogs):
    assert unnamed_controls(tab) == []  # the start page
    set_up_panel(qtbot, tab, answer_dialogs)
    for page in range(tab.sections.count()):
        tab.sections.setCurrentIndex(page)
        assert unnamed_controls(tab) == [], tab.sections.tabText(page)
    tab.sections.setCurrentIndex(SECTION["panel"])
    tab.bidders_table.setCurrentIndex(tab.bidders_model.index(0, 0))
    for dialog in (tab.add_bidder(), tab.edit_bidder(), tab.add_member(), tab.record_declaration()):
        assert unnamed_controls(dialog) == [], dialog.windowTitle()
        dialog.reject()
    # state in words: the conflict and the lock
    text = tab.declarations_model.index(1, 2).data(Qt.ItemDataRole.AccessibleTextRole)
    assert text == f"Tom Okafor and Apex Transport plc: Conflict of interest: {CONFLICT[2]}"
    assert tab.lock_state.text().startswith("Not locked.")


def test_spread_and_outlier_texts_read_in_words():
    from sv_desktop.domain.evaluation import DEFAULT_SCALE, spread
    from sv_desktop.services.evaluation import Cell

    cell = Cell(1, 1, {}, spread([], DEFAULT_SCALE), None, "", None)
    assert spread_text(cell) == "No scores yet"
    cell = Cell(1, 1, {}, spread([60, 60], DEFAULT_SCALE), None, "", None)
    assert spread_text(cell) == "60 (all agree)"
    view = type("View", (), {"members": ()})()
    assert outliers_text(view, cell) == "Too few scores to judge"
