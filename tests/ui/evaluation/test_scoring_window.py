"""The panel member's score-sheet window: a sheet from the lead's store, scored in the member's own store.

The lead's store (the `services` fixture) sets up an evaluation of a contract with
two PPN 002 outcomes at a 10% weighting, two bidders and one panel member who
declared a conflict with the second bidder, and exports the member's sheet. The
member opens that file in a second store on "their own laptop", scores every
cell they may score through the widgets and exports the completed sheet, which
the lead's evaluation service then imports.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from sv_desktop.app import build_services
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.evaluation import SMT_RULE_TEXT
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.ui.evaluation.scoring_window import CONFLICT_TEXT, OWN_SCORES_TEXT, SHEET_ROLE, ScoringWindow
from tests.ui.accessibility import unnamed_controls

ACME, BETA = "Acme Facilities Ltd", "Beta Cleaning Services Ltd"
ACME_RESPONSE = ("We will create 12 apprenticeships for local people by 31 March 2027, reported quarterly, and pay "
                 "the Real Living Wage to every worker on the contract from day one.")
MEMBER = "Priya Shah"
DOCUMENT = b"%PDF-1.4 Acme social value method statement"


@pytest.fixture
def lead(services, tmp_path):
    """The lead's store: an evaluation ready to issue sheets. Returns (services, contract id, member id)."""
    contract = services.pipeline.create(ContractData(
        reference="FM/2026-07", title="Soft FM services", category=Category.ESTATES_FACILITIES,
        stage=Stage.EVALUATION, total_value=Decimal("750000"), start_date=date(2026, 10, 1),
        end_date=date(2029, 9, 30)))
    framework = services.catalogue.catalogue().framework("ppn002")
    outcomes = [entry.ref for entry in framework.walk() if entry.kind == "outcome"][:2]
    plan = services.selection.plan(contract.id)
    services.selection.save(contract.id, replace(
        plan, weighting_percent=Decimal(10),
        entries=tuple(services.selection.entry_from_catalogue("ppn002", ref) for ref in outcomes)))
    services.evaluation.start(contract.id)
    acme = services.evaluation.add_bidder(contract.id, ACME, ACME_RESPONSE)
    document = tmp_path / "Acme method statement.pdf"
    document.write_bytes(DOCUMENT)
    services.evaluation.attach_response(contract.id, acme.id, document)
    beta = services.evaluation.add_bidder(contract.id, BETA, "We commit to supporting the community.")
    member = services.evaluation.add_member(contract.id, MEMBER, "Estates manager")
    services.evaluation.declare(contract.id, member.id, acme.id, False)
    services.evaluation.declare(contract.id, member.id, beta.id, True, "My partner is a director of Beta.")
    return services, contract.id, member.id


@pytest.fixture
def sheet_file(lead, tmp_path) -> Path:
    services, contract_id, member_id = lead
    path = tmp_path / "FM-2026-07 - Priya Shah.svsheet"
    path.write_bytes(services.evaluation.export_sheet(contract_id, member_id, organisation="Northshire NHS Trust"))
    return path


@pytest.fixture
def member_services(tmp_path):
    """The member's own laptop: a second, separate store."""
    built = build_services(f"sqlite+pysqlite:///{tmp_path / 'member.sqlite3'}")
    yield built
    built.close()


def make_window(qtbot, member_services) -> ScoringWindow:
    window = ScoringWindow(member_services.score_sheets)
    qtbot.addWidget(window)
    window.resize(1450, 920)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, member_services) -> ScoringWindow:
    return make_window(qtbot, member_services)


@pytest.fixture
def opened(window, sheet_file, answer_dialogs) -> ScoringWindow:
    assert window.open_file(sheet_file)
    return window


@pytest.fixture
def message_box(monkeypatch):
    """Answer a QMessageBox built and run with exec(); records its text and button labels."""
    shown = []
    answer = {"button": QMessageBox.StandardButton.Yes}

    def run(box):
        shown.append({"text": box.text() + "\n" + box.informativeText(),
                      "buttons": {b: box.button(b).text() for b in (QMessageBox.StandardButton.Yes,
                                                                  QMessageBox.StandardButton.No,
                                                                  QMessageBox.StandardButton.Cancel)
                                  if box.button(b) is not None}})
        return answer["button"]

    monkeypatch.setattr(QMessageBox, "exec", run)
    return type("Box", (), {"shown": shown, "answer": answer})


def criterion_titles(window: ScoringWindow) -> list[str]:
    return [c.title for c in window.view.sheet.criteria]


def fill(qtbot, form, points: int | None, justification: str, smt: bool) -> None:
    """Score one criterion the way a person does: pick the points, tick or not, type the justification."""
    form.points.setFocus()
    form.points.setCurrentIndex(form.points.findData(points))
    if form.smt.isChecked() != smt:
        qtbot.mouseClick(form.smt, Qt.MouseButton.LeftButton)
    form.justification.setFocus()
    form.justification.selectAll()
    QTest.keyClicks(form.justification, justification)


def score_everything(qtbot, window: ScoringWindow) -> None:
    assert window.choose_bidder(ACME)
    for title, points in zip(criterion_titles(window), (60, 80)):
        form = window.form(title)
        fill(qtbot, form, points, f"Clear, dated commitment on {title.lower()} with quarterly reporting.", True)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.state_text.startswith("✔ Saved"), form.state_text


# -- opening ---------------------------------------------------------------------------------------

def test_an_opened_sheet_shows_the_contract_member_scale_rule_and_bidders(opened, member_services):
    window = opened
    assert window.sheet_rows() == [("FM/2026-07 — Soft FM services", MEMBER, "0 of 2 scored")]
    assert window.heading.text() == "FM/2026-07 — Soft FM services"
    assert MEMBER in window.subheading.text() and "Northshire NHS Trust" in window.subheading.text()
    assert OWN_SCORES_TEXT in window.own_scores_label.text()
    guide = window.guide.toPlainText()
    assert "Excellent: detailed, evidenced, relevant, with added value" in guide
    assert "the scoring scale Northshire NHS Trust set for this evaluation" in guide and "not an official scale" in guide
    assert SMT_RULE_TEXT in guide
    assert "AAC1" in guide and "pass gate" in guide
    assert window.bidder_rows() == [f"{ACME}\n0 of 2 scored", f"{BETA}\n{CONFLICT_TEXT}"]
    assert window.bidder.name == ACME  # the first bidder the member may score is chosen
    assert window.response.toPlainText() == ACME_RESPONSE and window.response.isReadOnly()
    assert window.documents.item(0).text() == f"Acme method statement.pdf ({len(DOCUMENT)} bytes)"
    assert [f.title() for f in window.forms.values()] == [f"{c.ref} — {c.title}" for c in window.view.sheet.criteria]
    weight = window.form(criterion_titles(window)[0]).findChildren(QLabel)[0]
    assert weight.text() == "Weight: 5% of the total score"
    assert window.progress == "0 of 2 scored."
    assert f"{ACME} / {criterion_titles(window)[0]}" in window.remaining_label.text()
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
    fill(qtbot, window.form(first), 40, "Some detail, measures unclear.", True)
    assert window.save_current()
    message_box.answer["button"] = QMessageBox.StandardButton.Yes
    assert window.open_file(sheet_file)
    asked = message_box.shown[-1]
    assert "already open here, with 1 of 2 scored" in asked["text"]
    assert asked["buttons"][QMessageBox.StandardButton.Yes] == "&Keep my scores"
    assert asked["buttons"][QMessageBox.StandardButton.No] == "&Replace with the file"
    assert "Kept your scores so far" in window.notice_text
    assert window.form(first).saved.points == 40
    assert window.sheet_rows()[0][2] == "1 of 2 scored"


def test_reopening_the_same_sheet_can_replace_the_scores_with_the_file(qtbot, opened, sheet_file, message_box):
    window = opened
    first = criterion_titles(window)[0]
    fill(qtbot, window.form(first), 40, "Some detail, measures unclear.", True)
    assert window.save_current()
    message_box.answer["button"] = QMessageBox.StandardButton.No
    assert window.open_file(sheet_file)
    assert window.form(first).saved is None
    assert window.sheet_rows()[0][2] == "0 of 2 scored"
    message_box.answer["button"] = QMessageBox.StandardButton.Cancel
    assert not window.open_file(sheet_file)


# -- scoring ---------------------------------------------------------------------------------------

def test_every_cell_is_scored_through_the_widgets_and_the_lead_imports_the_export(
        qtbot, opened, lead, answer_dialogs, monkeypatch, tmp_path):
    window = opened
    score_everything(qtbot, window)
    assert window.progress == "✔ All 2 scored: ready to export."
    assert window.bidder_rows()[0] == f"{ACME}\n✔ All 2 scored"
    assert window.sheet_rows()[0][2] == "2 of 2 scored"
    suggested = {}

    def get_save_file_name(parent, caption, directory, file_filter):
        suggested["name"] = Path(directory).name
        return str(tmp_path / "completed"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    with qtbot.waitSignal(window.exported) as blocker:
        window.export_button.click()
    assert suggested["name"] == "FM-2026-07 - Priya Shah completed.svsheet"
    written = blocker.args[0]
    assert written == tmp_path / "completed.svsheet" and written.exists()
    assert "Last exported" in window.export_state.text() and "version 1" in window.export_state.text()
    services, contract_id, _member_id = lead
    result = services.evaluation.import_sheet(contract_id, written.read_bytes(), written.name)
    assert (result.member_name, result.scores, result.revision) == (MEMBER, 2, 1)
    evaluation = services.evaluation.require(contract_id)
    acme = next(b for b in evaluation.bidders if b.name == ACME)
    assert sorted(evaluation.cell(c.id, acme.id).scores[evaluation.members[0].id].points
                  for c in evaluation.criteria) == [60, 80]


def test_export_is_refused_with_the_cells_still_to_score(qtbot, opened, answer_dialogs, monkeypatch):
    window = opened
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args: pytest.fail("no file is asked for while the sheet is incomplete")))
    first, second = criterion_titles(window)
    fill(qtbot, window.form(first), 60, "Clear commitment.", True)
    assert window.save_current()
    assert not window.export_completed()
    error = window.export_error.text()
    assert error.startswith("Error: The sheet cannot be exported yet: 1 still to score")
    assert f"{ACME} / {second}" in error and first not in error.split("—", 1)[1]
    assert answer_dialogs.asked[-1][0] == "Sheet not complete"


def test_the_smt_rule_refuses_points_without_a_commitment_and_nothing_is_saved(qtbot, opened, member_services):
    window = opened
    form = window.form(criterion_titles(window)[0])
    fill(qtbot, form, 60, "Warm words, no dated commitment.", False)
    qtbot.keyClick(form.justification, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert SMT_RULE_TEXT in form.error_text("points")
    assert form.error_text("points").startswith("Error:")
    assert form.state_text == "✖ Not saved — see the errors above"
    assert member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores == ()
    # Zero points without the commitment is what the rule allows.
    fill(qtbot, form, 0, "Warm words, no dated commitment.", False)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("points") == ""
    assert form.state_text == "✔ Saved: 0 points"
    stored = member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores
    assert [(s.points, s.smt) for s in stored] == [(0, False)]


def test_a_score_without_justification_or_points_is_refused_next_to_the_fields(qtbot, opened, member_services):
    window = opened
    form = window.form(criterion_titles(window)[0])
    fill(qtbot, form, 80, "   ", True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "justification is required" in form.error_text("justification")
    assert form.justification.hasFocus()
    fill(qtbot, form, None, "", False)
    form.justification.setFocus()
    assert not window.save_current()
    assert "Choose the points" in form.error_text("points")
    assert member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores == ()


def test_the_conflicted_bidder_cannot_be_scored(qtbot, opened):
    window = opened
    item = window.bidder_list.item(1)
    assert item.text() == f"{BETA}\n{CONFLICT_TEXT}"
    assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
    window.bidder_list.setFocus()
    window.bidder_list.setCurrentItem(item)
    assert window.forms == {}
    assert not window.response.isVisible()
    assert CONFLICT_TEXT in window.conflict_label.text() and window.conflict_label.isVisible()
    assert CONFLICT_TEXT in window.scores_title.text()
    assert "Not scored (conflict of interest declared): " + BETA in window.remaining_label.text()


def test_changing_bidder_with_an_unsaved_score_offers_to_save_it(qtbot, opened, answer_dialogs, member_services):
    window = opened
    form = window.form(criterion_titles(window)[0])
    fill(qtbot, form, 20, "Little detail.", True)
    assert form.state_text.startswith("Changed — not saved yet")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    window.bidder_list.setCurrentRow(1)
    assert window.bidder.name == ACME and window.bidder_list.currentRow() == 0 and form.dirty
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
    first = again.form(criterion_titles(again)[0])
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
    assert window.show_sheet(window.sheet_list.topLevelItem(0).data(0, SHEET_ROLE))
    assert window.view.member_name == MEMBER and window.sheet_list.currentItem().text(1) == MEMBER


# -- documents -------------------------------------------------------------------------------------

def test_a_document_opens_from_a_temporary_copy_and_can_be_saved(opened, monkeypatch, tmp_path):
    window = opened
    opened_urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened_urls.append(url) or True))
    window.open_document_button.click()
    path = Path(opened_urls[0].toLocalFile())
    assert path.name == "Acme method statement.pdf" and path.read_bytes() == DOCUMENT
    target = tmp_path / "saved copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(target), "")))
    window.save_document_button.click()
    assert target.read_bytes() == DOCUMENT
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    assert not window.open_document()
    assert "No program is set up to open" in window.document_error.text()


# -- keyboard, accessibility, looks ----------------------------------------------------------------

def test_every_control_has_a_name_assistive_technology_reads(opened):
    assert unnamed_controls(opened) == []
    opened.bidder_list.setCurrentRow(1)
    assert unnamed_controls(opened) == []


def test_an_empty_window_explains_what_to_do_and_has_named_controls(window):
    assert "No score sheet is open" in window.empty_page.text()
    assert unnamed_controls(window) == []


def test_the_window_can_be_used_from_the_keyboard(qtbot, opened, member_services):
    window = opened
    form = window.form(criterion_titles(window)[0])
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
    fill(qtbot, window.form(first), 60, "Twelve apprenticeships by March 2027, reported quarterly.", True)
    assert window.save_current()
    fill(qtbot, window.form(second), 60, "Warm words only.", False)
    window.save_current()  # refused by the SMT rule: the error is in the picture
    assert window.grab().save(str(tmp_path / "scoring_window.png"))
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    window.bidder_list.setCurrentRow(1)  # the conflicted bidder, after discarding the refused edit
    assert window.bidder.name == BETA
    assert window.grab().save(str(tmp_path / "scoring_window_conflict.png"))



def test_the_arrow_keys_move_between_bidders_and_explain_the_conflict(qtbot, opened):
    window = opened
    window.bidder_list.setFocus()
    qtbot.keyClick(window.bidder_list, Qt.Key.Key_Down)
    assert window.bidder.name == BETA and window.forms == {}
    assert "you declared a conflict of interest" in window.forms_placeholder.text()
    qtbot.keyClick(window.bidder_list, Qt.Key.Key_Up)
    assert window.bidder.name == ACME and len(window.forms) == 2
    assert window.bidder_list.item(0).isSelected()


def test_a_score_saved_meanwhile_in_another_window_is_not_overwritten_silently(qtbot, opened, member_services):
    window = opened
    other = make_window(qtbot, member_services)
    first, second = criterion_titles(window)
    fill(qtbot, other.form(second), 40, "Scored in the other window.", True)
    assert other.save_current()
    fill(qtbot, window.form(first), 60, "Scored here.", True)
    assert not window.save_current()
    assert "changed in another window" in window.form(first).error_text("other")
    assert window.form(first).dirty  # the edit is still on screen
    assert window.progress == "1 of 2 scored."  # the other window's score is counted
    assert window.save_current()  # saved against the sheet as it now is
    stored = member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores
    assert sorted(s.points for s in stored) == [40, 60]


def test_exporting_with_an_unsaved_edit_offers_to_save_it_and_discarding_restores_the_saved_score(
        qtbot, opened, answer_dialogs, monkeypatch):
    window = opened
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args: pytest.fail("no file is asked for while the sheet is incomplete")))
    form = window.form(criterion_titles(window)[0])
    fill(qtbot, form, 60, "Clear commitment.", True)
    assert window.save_current()
    fill(qtbot, form, 100, "Changed my mind.", True)
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    assert not window.export_completed()
    assert answer_dialogs.asked[0][0] == "Unsaved score"
    assert (form.points_value(), form.justification.toPlainText()) == (60, "Clear commitment.")
    assert form.state_text == "✔ Saved: 60 points"
    assert "1 still to score" in window.export_error.text()
