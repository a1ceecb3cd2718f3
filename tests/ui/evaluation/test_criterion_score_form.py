"""One criterion's score form: what the scale, the SMT rule and a missing justification refuse is said next to
the field it is about, and nothing is saved."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from sv_desktop.domain.evaluation import SMT_RULE_TEXT
from sv_desktop.services.score_sheets import SheetCriterion, SheetScore
from sv_desktop.ui.evaluation.criterion_score_form import CriterionScoreForm
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


def test_a_form_knows_whether_it_differs_from_the_stored_score(qtbot):
    criterion = SheetCriterion("c1", "1.1", "Fair work", "Fair pay and conditions.", Decimal("2.50"))
    form = CriterionScoreForm(criterion, ((0, "No commitment"), (20, "Poor")), smt_rule=True)
    qtbot.addWidget(form)
    assert form.title() == "1.1 — Fair work"
    assert form.findChildren(QLabel)[0].text() == "Weight: 2.5% of the total score"
    form.set_score(None)  # as the scores panel shows a criterion not scored yet
    assert form.state_text == "Not scored yet" and not form.save_button.isEnabled()
    form.points.setCurrentIndex(form.points.findData(20))
    assert form.is_dirty() and form.state_text.startswith("Changed — not saved yet") and form.save_button.isEnabled()
    form.set_score(SheetScore("b1", "c1", 20, "A dated plan.", True))
    assert not form.is_dirty() and form.state_text == "✔ Saved: 20 points"
    assert (form.points_value(), form.smt.isChecked(), form.justification.toPlainText()) == (20, True, "A dated plan.")

