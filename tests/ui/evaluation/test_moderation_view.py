"""The moderation view's consensus editor: a consensus typed and not recorded is offered for saving when the
row changes, and the tab's save records it."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from sv_desktop.ui.evaluation.evaluation_tab import SECTION
from tests.ui.evaluation.lead_steps import LEFT, ids, set_up_panel


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
    assert tab.is_dirty() and "Not recorded yet." in view.compare.text()
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Save
    view.table.setCurrentIndex(view.model.index(1, 1))
    assert answer_dialogs.asked[-1][0] == "Consensus not recorded"
    first = view.model.cell(0)
    assert (first.consensus, first.rationale) == (60, "Agreed before sheets: test of the editor")
    assert view.table.currentIndex().row() == 1 and not tab.is_dirty()
    # discard drops it
    view.points.setCurrentIndex(view.points.findData(20))
    qtbot.keyClicks(view.rationale, "Not wanted")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    view.table.setCurrentIndex(view.model.index(2, 1))
    assert view.model.cell(1).consensus is None and not tab.is_dirty()
    # save() of the tab records what the editor holds
    view.points.setCurrentIndex(view.points.findData(40))
    qtbot.keyClicks(view.rationale, "Saved by the tab")
    assert tab.save() and view.model.cell(2).consensus == 40
