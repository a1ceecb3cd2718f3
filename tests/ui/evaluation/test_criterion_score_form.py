"""One criterion's score form: what the scale, the SMT rule and a missing justification refuse is said next to
the field it is about, and nothing is saved."""
from __future__ import annotations

from PySide6.QtCore import Qt

from sv_desktop.domain.evaluation import SMT_RULE_TEXT
from tests.ui.evaluation.member_steps import criterion_titles, fill


def test_the_smt_rule_refuses_points_without_a_commitment_and_nothing_is_saved(qtbot, opened, member_services):
    window = opened
    form = window.scores.form(criterion_titles(window)[0])
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
    form = window.scores.form(criterion_titles(window)[0])
    fill(qtbot, form, 80, "   ", True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "justification is required" in form.error_text("justification")
    assert form.justification.hasFocus()
    fill(qtbot, form, None, "", False)
    form.justification.setFocus()
    assert not window.scores.save_current()
    assert "Choose the points" in form.error_text("points")
    assert member_services.score_sheets.sheet(window.view.sheet_uid).sheet.scores == ()
