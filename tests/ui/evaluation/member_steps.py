"""How a panel member works the scoring window, as steps the tests share: the window over the member's own
store, and scoring a criterion the way a person does.

The lead's store (the `lead` fixture) sets up an evaluation of a contract with two PPN 002 outcomes at a 10%
weighting, two bidders and one panel member who declared a conflict with the second bidder, and exports the
member's sheet; the member opens that file in a second store on "their own laptop".
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sv_desktop.ui.evaluation.scoring_window import ScoringWindow

ACME, BETA = "Acme Facilities Ltd", "Beta Cleaning Services Ltd"
ACME_RESPONSE = ("We will create 12 apprenticeships for local people by 31 March 2027, reported quarterly, and pay "
                 "the Real Living Wage to every worker on the contract from day one.")
MEMBER = "Priya Shah"
DOCUMENT = b"%PDF-1.4 Acme social value method statement"


def make_window(qtbot, member_services) -> ScoringWindow:
    window = ScoringWindow(member_services.score_sheets)
    qtbot.addWidget(window)
    window.resize(1450, 920)
    window.show()
    qtbot.waitExposed(window)
    return window


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
        form = window.scores.form(title)
        fill(qtbot, form, points, f"Clear, dated commitment on {title.lower()} with quarterly reporting.", True)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.state_text.startswith("✔ Saved"), form.state_text
