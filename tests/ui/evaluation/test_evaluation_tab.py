"""The Evaluation tab as a procurement lead works it: start, set up, declare, send score sheets out, take the
completed sheets back from members who scored in their own stores, moderate, rank, lock and change with a reason.

The full-panel test drives real widgets end to end through every section (lead_steps describes the panel's
scores); the sections' own behaviour is tested beside their modules.
"""
from __future__ import annotations

from PySide6.QtCore import Qt

from sv_desktop.domain.evaluation import SMT_RULE_TEXT
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.ui.evaluation.evaluation_tab import SECTION, EvaluationTab
from tests.ui.accessibility import unnamed_controls
from tests.ui.evaluation.lead_steps import (
    CONFLICT,
    CONSENSUS,
    LEFT,
    MEMBERS,
    export_sheets,
    ids,
    import_files,
    make_contract,
    make_tab,
    moderate,
    row_texts,
    score_in_own_store,
    set_up_panel,
)

# -- the full panel -------------------------------------------------------------------------------------------

def test_a_full_panel_is_set_up_scored_offline_in_three_stores_imported_moderated_ranked_and_locked(
        qtbot, services, tab, answer_dialogs, reasons, monkeypatch, tmp_path):
    assert "Patient transport services" in tab.heading.text() and "Evaluation" in tab.heading.text()
    assert "2 criteria" in tab.start_detail.text() and "10%" in tab.start_detail.text()
    set_up_panel(qtbot, tab, answer_dialogs)
    view = services.evaluation.require(tab.shown_contract)
    assert view.setup_problems == []
    assert "✔ Set-up complete" in tab.setup.problems.text()
    assert "Running total 10%, matching the contract's 10% social value weighting" in tab.setup.weight_total.text()
    assert "No official scoring scale exists" in tab.setup.scale_note.text()
    assert tab.setup.smt_rule.isChecked() and SMT_RULE_TEXT in tab.setup.smt_rule.accessibleDescription()
    assert "AAC1" in tab.setup.additional.text() and "pass gate" in tab.setup.additional.text()
    # the declarations matrix: a conflict in words
    bidders, members, criteria = ids(tab)
    conflict_index = tab.declarations.model.index_of(members["Tom Okafor"], bidders["Apex Transport plc"])
    assert conflict_index.data() == f"Conflict of interest: {CONFLICT[2]}"
    assert tab.declarations.model.index_of(members["Jane Ellis"], bidders["Apex Transport plc"]).data() \
        == "No conflict"
    assert tab.members.model.index(1, 2).data() == "Conflict with Apex Transport plc (does not score them)"

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
    assert "Priya Shah's sheet, version 1, 6 scores imported" in tab.sheets.import_results.toPlainText()
    assert [tab.sheets.model.index(r, 3).data() for r in range(3)] == ["Imported (version 1)"] * 3
    assert not tab.setup.scale_model.flags(tab.setup.scale_model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert "can no longer change" in tab.setup.scale_note.text()

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
    assert not tab.bidders.attach_button.isEnabled()

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
    assert tab.is_dirty()  # what was typed is still there



# -- starting -------------------------------------------------------------------------------------------------

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
    assert tab.setup.criteria_model.rowCount() == 2
    assert tab.setup.criteria_model.index(0, 2).data() == "ppn002"  # no catalogue: the framework id



# -- models and accessibility ---------------------------------------------------------------------------------

def test_the_table_models_pass_the_model_tester(qtbot, qtmodeltester, services, tab, answer_dialogs):
    set_up_panel(qtbot, tab, answer_dialogs)
    for model in (tab.setup.criteria_model, tab.setup.scale_model, tab.bidders.model, tab.members.model,
                  tab.declarations.model, tab.moderation.model, tab.moderation.standings_model, tab.events_model):
        qtmodeltester.check(model)


def test_every_control_is_named_for_assistive_technology(qtbot, services, tab, answer_dialogs):
    assert unnamed_controls(tab) == []  # the start page
    set_up_panel(qtbot, tab, answer_dialogs)
    for page in range(tab.sections.count()):
        tab.sections.setCurrentIndex(page)
        assert unnamed_controls(tab) == [], tab.sections.tabText(page)
    tab.sections.setCurrentIndex(SECTION["panel"])
    tab.bidders.table.setCurrentIndex(tab.bidders.model.index(0, 0))
    for dialog in (tab.bidders.add(), tab.bidders.edit(), tab.members.add(), tab.declarations.record()):
        assert unnamed_controls(dialog) == [], dialog.windowTitle()
        dialog.reject()
    # state in words: the conflict and the lock
    text = tab.declarations.model.index(1, 2).data(Qt.ItemDataRole.AccessibleTextRole)
    assert text == f"Tom Okafor and Apex Transport plc: Conflict of interest: {CONFLICT[2]}"
    assert tab.lock_state.text().startswith("Not locked.")
