"""The panel on the "Bidders and panel" section: members and their conflict-of-interest declarations (the
declarations matrix is driven end to end in test_evaluation_tab)."""
from __future__ import annotations

from tests.ui.evaluation.lead_steps import (
    BIDDERS,
    LEFT,
    MEMBERS,
    add_bidder,
    add_member,
    start,
)


def test_a_member_is_removed_when_confirmed_and_the_set_up_then_lacks_a_panel(qtbot, services, tab, answer_dialogs):
    start(qtbot, tab)
    add_bidder(qtbot, tab, *BIDDERS[0])
    add_member(qtbot, tab, *MEMBERS[0])
    tab.members.table.setCurrentIndex(tab.members.model.index(0, 0))
    qtbot.mouseClick(tab.members.remove_button, LEFT)
    assert answer_dialogs.asked[-1][0] == "Remove panel member"
    assert tab.members.model.rowCount() == 0
    assert "No panel members recorded." in tab.setup.problems.text()
