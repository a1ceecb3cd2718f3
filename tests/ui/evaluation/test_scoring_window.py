"""The panel member's score-sheet window: a sheet from the lead's store, scored in the member's own store.

The member opens the file the lead exported (the `lead` and `sheet_file` fixtures) in a second store on "their
own laptop", scores every cell they may score through the widgets and exports the completed sheet, which the
lead's evaluation service then imports. The window's parts are tested beside their own modules too.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from sv_desktop.domain.evaluation import SMT_RULE_TEXT
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.evaluation.sheet_texts import CONFLICT_TEXT, OWN_SCORES_TEXT
from tests.ui.accessibility import unnamed_controls
from tests.ui.evaluation.member_steps import (
    ACME,
    ACME_RESPONSE,
    BETA,
    DOCUMENT,
    MEMBER,
    criterion_titles,
    fill,
    make_window,
    score_everything,
)

# -- opening --------------------------------------------------------------------------------------------------

def test_an_opened_sheet_shows_the_contract_member_scale_rule_and_bidders(opened, member_services):
    window = opened
    assert window.sheet_rows() == [("FM/2026-07 — Soft FM services", MEMBER, "0 of 2 scored")]
    assert window.heading.text() == "FM/2026-07 — Soft FM services"
    assert MEMBER in window.subheading.text() and "Northshire NHS Trust" in window.subheading.text()
    assert OWN_SCORES_TEXT in window.own_scores_label.text()
    guide = window.guide.toPlainText()
    assert "Excellent: detailed, evidenced, relevant, with added value" in guide
    assert "the scoring scale Northshire NHS Trust set for this evaluation" in guide
    assert "not an official scale" in guide
    assert SMT_RULE_TEXT in guide
    assert "AAC1" in guide and "pass gate" in guide
    assert window.bidder_rows() == [f"{ACME}\n0 of 2 scored", f"{BETA}\n{CONFLICT_TEXT}"]
    assert window.bidder.name == ACME  # the first bidder the member may score is chosen
    assert window.response_box.response.toPlainText() == ACME_RESPONSE and window.response_box.response.isReadOnly()
    assert window.response_box.documents.item(0).text() == f"Acme method statement.pdf ({len(DOCUMENT)} bytes)"
    assert [f.title() for f in window.scores.forms.values()] == [f"{c.ref} — {c.title}"
                                                                 for c in window.view.sheet.criteria]
    weight = window.scores.form(criterion_titles(window)[0]).findChildren(QLabel)[0]
    assert weight.text() == "Weight: 5% of the total score"
    assert window.scores.progress == "0 of 2 scored."
    assert f"{ACME} / {criterion_titles(window)[0]}" in window.scores.remaining_label.text()
    assert [s.contract_reference for s in member_services.score_sheets.sheets()] == ["FM/2026-07"]


def test_the_open_button_asks_for_a_score_sheet_file(qtbot, window, sheet_file, message_box, answer_dialogs,
                                                       monkeypatch):
    asked = {}

    def get_open_file_name(parent, caption, directory, file_filter):
        asked["filter"] = file_filter
        return str(sheet_file), file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    window.open_button.click()
    assert "*.svsheet" in asked["filter"]
    assert window.view is not None and window.view.member_name == MEMBER
    asked.clear()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # Ctrl+O asks again
    assert "*.svsheet" in asked["filter"]


def test_a_damaged_file_is_refused_with_the_reason(window, sheet_file, answer_dialogs, tmp_path):
    damaged = tmp_path / "damaged.svsheet"
    damaged.write_bytes(sheet_file.read_bytes()[: len(sheet_file.read_bytes()) // 2])
    assert not window.open_file(damaged)
    assert "damaged or incomplete" in window.notice_text and "damaged.svsheet was not opened" in window.notice_text
    assert answer_dialogs.asked[-1][0] == "Score sheet not opened"
    assert "damaged or incomplete" in answer_dialogs.asked[-1][1]
    assert window.view is None and window.sheet_rows() == []


def test_a_hand_edited_file_is_refused_as_changed_outside_sv_desktop(window, sheet_file, answer_dialogs, tmp_path):
    body = json.loads(sheet_file.read_text(encoding="utf-8"))
    body["bidders"][1]["conflict"] = False  # the member tries to score the bidder they declared a conflict with
    edited = tmp_path / "edited.svsheet"
    edited.write_text(json.dumps(body, indent=1), encoding="utf-8")
    assert not window.open_file(edited)
    assert "changed outside SV Desktop" in window.notice_text
    assert "changed outside SV Desktop" in answer_dialogs.asked[-1][1]


def test_a_sheet_from_a_newer_sv_desktop_is_refused_with_the_reason(window, sheet_file, answer_dialogs, tmp_path):
    body = json.loads(sheet_file.read_text(encoding="utf-8"))
    body["format_version"] = 99
    newer = tmp_path / "newer.svsheet"
    newer.write_text(json.dumps(body), encoding="utf-8")
    assert not window.open_file(newer)
    assert "newer SV Desktop" in window.notice_text


def test_a_file_that_is_not_a_score_sheet_is_refused(window, answer_dialogs, tmp_path):
    other = tmp_path / "notes.svsheet"
    other.write_text('{"hello": "world"}', encoding="utf-8")
    assert not window.open_file(other)
    assert "not an SV Desktop score sheet" in window.notice_text
    missing = tmp_path / "gone.svsheet"
    assert not window.open_file(missing)
    assert "could not be read" in window.notice_text


def test_reopening_the_same_sheet_asks_and_keeps_the_scores_so_far(qtbot, opened, sheet_file, message_box):
    window = opened
    first = criterion_titles(window)[0]
    fill(qtbot, window.scores.form(first), 40, "Some detail, measures unclear.", True)
    assert window.scores.save_current()
    message_box.answer["button"] = QMessageBox.StandardButton.Yes
    assert window.open_file(sheet_file)
    asked = message_box.shown[-1]
    assert "already open here, with 1 of 2 scored" in asked["text"]
    assert asked["buttons"][QMessageBox.StandardButton.Yes] == "&Keep my scores"
    assert asked["buttons"][QMessageBox.StandardButton.No] == "&Replace with the file"
    assert "Kept your scores so far" in window.notice_text
    assert window.scores.form(first).saved.points == 40
    assert window.sheet_rows()[0][2] == "1 of 2 scored"


def test_reopening_the_same_sheet_can_replace_the_scores_with_the_file(qtbot, opened, sheet_file, message_box):
    window = opened
    first = criterion_titles(window)[0]
    fill(qtbot, window.scores.form(first), 40, "Some detail, measures unclear.", True)
    assert window.scores.save_current()
    message_box.answer["button"] = QMessageBox.StandardButton.No
    assert window.open_file(sheet_file)
    assert window.scores.form(first).saved is None
    assert window.sheet_rows()[0][2] == "0 of 2 scored"
    message_box.answer["button"] = QMessageBox.StandardButton.Cancel
    assert not window.open_file(sheet_file)



# -- scoring --------------------------------------------------------------------------------------------------

def test_every_cell_is_scored_through_the_widgets_and_the_lead_imports_the_export(
        qtbot, opened, lead, answer_dialogs, monkeypatch, tmp_path):
    window = opened
    score_everything(qtbot, window)
    assert window.scores.progress == "✔ All 2 scored: ready to export."
    assert window.bidder_rows()[0] == f"{ACME}\n✔ All 2 scored"
    assert window.sheet_rows()[0][2] == "2 of 2 scored"
    suggested = {}

    def get_save_file_name(parent, caption, directory, file_filter):
        suggested["name"] = Path(directory).name
        return str(tmp_path / "completed"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    with qtbot.waitSignal(window.exported) as blocker:
        window.scores.export_button.click()
    assert suggested["name"] == "FM-2026-07 - Priya Shah completed.svsheet"
    written = blocker.args[0]
    assert written == tmp_path / "completed.svsheet" and written.exists()
    assert "Last exported" in window.scores.export_state.text() and "version 1" in window.scores.export_state.text()
    services, contract_id, _member_id = lead
    result = services.evaluation.import_sheet(contract_id, written.read_bytes(), written.name)
    assert (result.member_name, result.scores, result.revision) == (MEMBER, 2, 1)
    evaluation = services.evaluation.require(contract_id)
    acme = next(b for b in evaluation.bidders if b.name == ACME)
    assert sorted(evaluation.cell(c.id, acme.id).scores[evaluation.members[0].id].points
                  for c in evaluation.criteria) == [60, 80]


def test_the_conflicted_bidder_cannot_be_scored(qtbot, opened):
    window = opened
    item = window.bidder_list.item(1)
    assert item.text() == f"{BETA}\n{CONFLICT_TEXT}"
    assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
    window.bidder_list.setFocus()
    window.bidder_list.setCurrentItem(item)
    assert window.scores.forms == {}
    assert not window.response_box.response.isVisible()
    assert CONFLICT_TEXT in window.response_box.conflict_label.text() and window.response_box.conflict_label.isVisible()
    assert CONFLICT_TEXT in window.scores.scores_title.text()
    assert "Not scored (conflict of interest declared): " + BETA in window.scores.remaining_label.text()


def test_changing_bidder_with_an_unsaved_score_offers_to_save_it(qtbot, opened, answer_dialogs, member_services):
    window = opened
    form = window.scores.form(criterion_titles(window)[0])
    fill(qtbot, form, 20, "Little detail.", True)
    assert form.state_text.startswith("Changed — not saved yet")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    window.bidder_list.setCurrentRow(1)
    assert window.bidder.name == ACME and window.bidder_list.currentRow() == 0 and form.is_dirty()
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Save
    window.bidder_list.setCurrentRow(1)
    assert answer_dialogs.asked[-1][0] == "Unsaved score"
    assert [s.points for s in member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores] == [20]


def test_scores_survive_closing_and_reopening_the_window(qtbot, opened, member_services):
    window = opened
    score_everything(qtbot, window)
    window.close()
    again = make_window(qtbot, member_services)
    assert again.sheet_rows()[0][2] == "2 of 2 scored"
    assert again.bidder.name == ACME
    first = again.scores.form(criterion_titles(again)[0])
    assert first.saved.points == 60 and first.points_value() == 60 and first.smt.isChecked()
    assert "quarterly reporting" in first.justification.toPlainText()
    assert first.state_text == "✔ Saved: 60 points"


def test_show_sheet_picks_one_of_several_sheets(qtbot, window, lead, tmp_path, answer_dialogs):
    services, contract_id, _member_id = lead
    other = services.evaluation.add_member(contract_id, "Tom Okafor", "Social value lead")
    for bidder in services.evaluation.require(contract_id).bidders:
        services.evaluation.declare(contract_id, other.id, bidder.id, False)
    first, second = tmp_path / "first.svsheet", tmp_path / "second.svsheet"
    first.write_bytes(services.evaluation.export_sheet(contract_id, _member_id))
    second.write_bytes(services.evaluation.export_sheet(contract_id, other.id))
    assert window.open_file(first) and window.open_file(second)
    assert [row[1] for row in window.sheet_rows()] == [MEMBER, "Tom Okafor"]
    assert window.view.member_name == "Tom Okafor"
    assert window.sheet_rows()[1][2] == "0 of 4 scored"
    assert window.show_sheet(window.sheet_list.topLevelItem(0).data(0, ItemRole.SHEET))
    assert window.view.member_name == MEMBER and window.sheet_list.currentItem().text(1) == MEMBER



# -- keyboard, accessibility, looks ---------------------------------------------------------------------------

def test_every_control_has_a_name_assistive_technology_reads(opened):
    assert unnamed_controls(opened) == []
    opened.bidder_list.setCurrentRow(1)
    assert unnamed_controls(opened) == []


def test_an_empty_window_explains_what_to_do_and_has_named_controls(window):
    assert "No score sheet is open" in window.empty_page.text()
    assert unnamed_controls(window) == []


def test_the_window_can_be_used_from_the_keyboard(qtbot, opened, member_services):
    window = opened
    form = window.scores.form(criterion_titles(window)[0])
    form.points.setFocus()
    qtbot.keyClick(form.points, Qt.Key.Key_Down)  # "Choose the points" → 0
    qtbot.keyClick(form.points, Qt.Key.Key_Down)  # → 20
    assert form.points_value() == 20
    qtbot.keyClick(form.points, Qt.Key.Key_Tab)
    assert form.smt.hasFocus()
    qtbot.keyClick(form.smt, Qt.Key.Key_Space)
    assert form.smt.isChecked()
    qtbot.keyClick(form.smt, Qt.Key.Key_Tab)
    assert form.justification.hasFocus()
    QTest.keyClicks(form.justification, "Little detail, but dated.")
    qtbot.keyClick(form.justification, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.state_text == "✔ Saved: 20 points"
    assert [s.points for s in member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores] == [20]


def test_screenshot(qtbot, opened, answer_dialogs, tmp_path):
    window = opened
    first, second = criterion_titles(window)
    fill(qtbot, window.scores.form(first), 60, "Twelve apprenticeships by March 2027, reported quarterly.", True)
    assert window.scores.save_current()
    fill(qtbot, window.scores.form(second), 60, "Warm words only.", False)
    window.scores.save_current()  # refused by the SMT rule: the error is in the picture
    assert window.grab().save(str(tmp_path / "scoring_window.png"))
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    window.bidder_list.setCurrentRow(1)  # the conflicted bidder, after discarding the refused edit
    assert window.bidder.name == BETA
    assert window.grab().save(str(tmp_path / "scoring_window_conflict.png"))


def test_the_arrow_keys_move_between_bidders_and_explain_the_conflict(qtbot, opened):
    window = opened
    window.bidder_list.setFocus()
    qtbot.keyClick(window.bidder_list, Qt.Key.Key_Down)
    assert window.bidder.name == BETA and window.scores.forms == {}
    assert "you declared a conflict of interest" in window.scores.forms_placeholder.text()
    qtbot.keyClick(window.bidder_list, Qt.Key.Key_Up)
    assert window.bidder.name == ACME and len(window.scores.forms) == 2
    assert window.bidder_list.item(0).isSelected()
