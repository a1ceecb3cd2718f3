"""The scores column: export refused until every cell is scored, an edit not saved offered for saving before
export, and a score saved meanwhile in another window never overwritten silently."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.evaluation.member_steps import ACME, criterion_titles, fill, make_window


def test_export_is_refused_with_the_cells_still_to_score(qtbot, opened, answer_dialogs, monkeypatch):
    window = opened
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args: pytest.fail("no file is asked for while the sheet is incomplete")))
    first, second = criterion_titles(window)
    fill(qtbot, window.scores.form(first), 60, "Clear commitment.", True)
    assert window.scores.save_current()
    assert not window.scores.export_completed()
    error = window.scores.export_error.text()
    assert error.startswith("Error: The sheet cannot be exported yet: 1 still to score")
    assert f"{ACME} / {second}" in error and first not in error.split("—", 1)[1]
    assert answer_dialogs.asked[-1][0] == "Sheet not complete"


def test_a_score_saved_meanwhile_in_another_window_is_not_overwritten_silently(qtbot, opened, member_services):
    window = opened
    other = make_window(qtbot, member_services)
    first, second = criterion_titles(window)
    fill(qtbot, other.scores.form(second), 40, "Scored in the other window.", True)
    assert other.scores.save_current()
    fill(qtbot, window.scores.form(first), 60, "Scored here.", True)
    assert not window.scores.save_current()
    assert "changed in another window" in window.scores.form(first).error_text("other")
    assert window.scores.form(first).is_dirty()  # the edit is still on screen
    assert window.scores.progress == "1 of 2 scored."  # the other window's score is counted
    assert window.scores.save_current()  # saved against the sheet as it now is
    stored = member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores
    assert sorted(s.points for s in stored) == [40, 60]


def test_exporting_with_an_unsaved_edit_offers_to_save_it_and_discarding_restores_the_saved_score(
        qtbot, opened, answer_dialogs, monkeypatch):
    window = opened
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args: pytest.fail("no file is asked for while the sheet is incomplete")))
    form = window.scores.form(criterion_titles(window)[0])
    fill(qtbot, form, 60, "Clear commitment.", True)
    assert window.scores.save_current()
    fill(qtbot, form, 100, "Changed my mind.", True)
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    assert not window.scores.export_completed()
    assert answer_dialogs.asked[0][0] == "Unsaved score"
    assert (form.points_value(), form.justification.toPlainText()) == (60, "Clear commitment.")
    assert form.state_text == "✔ Saved: 60 points"
    assert "1 still to score" in window.scores.export_error.text()
