"""The Set-up section: sub-weights with a running total, the scale and the SMT rule, saved in one call; a set-up
changed meanwhile elsewhere is refused and read again."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.ui.evaluation.lead_steps import LEFT, start


def test_sub_weights_show_a_running_total_and_are_saved_with_the_scale_and_smt_rule(
        qtbot, services, tab, answer_dialogs):
    start(qtbot, tab)
    weights = tab.setup.criteria_model
    assert weights.index(0, 3).data() == "5%"
    assert weights.setData(weights.index(0, 3), "6")
    assert tab.is_dirty() and tab.setup.save_button.isEnabled()
    assert weights.index(0, 3).data() == "6% (changed, not saved)"
    assert tab.setup.weight_total.text() == ("⚠ Running total 11%: the sub-weights must add up to the contract's 10% "
                                       "social value weighting (1% too much).")
    assert not weights.setData(weights.index(1, 3), "lots")
    assert "'lots' is not a percentage" in tab.setup.weight_error.text() and tab.setup.weight_error.isVisibleTo(tab)
    # typing into the table edits the sub-weight
    tab.setup.criteria_table.setFocus()
    tab.setup.criteria_table.setCurrentIndex(weights.index(1, 3))
    qtbot.keyClick(tab.setup.criteria_table, Qt.Key.Key_F2)
    editor = tab.setup.criteria_table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "5"
    editor.selectAll()
    qtbot.keyClicks(editor, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next event loop pass
    qtbot.waitUntil(lambda: weights.index(1, 3).data() == "4% (changed, not saved)")
    assert "✔ Running total 10%" in tab.setup.weight_total.text()
    # the scale: a descriptor changed; the SMT rule turned off
    scale = tab.setup.scale_model
    assert scale.setData(scale.index(3, 1), "Satisfactory: a clear, measurable commitment")
    qtbot.keyClick(tab.setup.smt_rule, Qt.Key.Key_Space)
    qtbot.mouseClick(tab.setup.save_button, LEFT)
    view = services.evaluation.require(tab.shown_contract)
    assert [c.sub_weight for c in view.criteria] == [Decimal(6), Decimal(4)]
    assert view.scale.descriptor(60) == "Satisfactory: a clear, measurable commitment"
    assert not view.smt_rule
    assert not tab.is_dirty() and not tab.setup.save_button.isEnabled()
    assert "set-up changed" in [e.action for e in view.events]
    # an unusable scale is refused with the reason, and nothing is saved
    scale.setData(scale.index(5, 0), 80)
    qtbot.mouseClick(tab.setup.save_button, LEFT)
    assert "same points" in tab.setup.scale_error.text()
    assert answer_dialogs.asked[-1][0] == "Set-up not saved"
    qtbot.mouseClick(tab.setup.revert_button, LEFT)
    assert not tab.is_dirty()


def test_a_stale_set_up_is_refused_and_the_tab_reads_the_evaluation_again(qtbot, services, tab, answer_dialogs):
    start(qtbot, tab)
    tab.setup.criteria_model.setData(tab.setup.criteria_model.index(0, 3), "7")
    tab.setup.criteria_model.setData(tab.setup.criteria_model.index(1, 3), "3")
    services.evaluation.add_bidder(tab.shown_contract, "Someone else's bidder")  # another window moved it on
    assert tab.save() is False
    title, text = answer_dialogs.asked[-1]
    assert title == "Set-up not saved" and "changed since you opened it" in text
    assert "read again" in text
    assert not tab.is_dirty()
    assert tab.bidders.model.rowCount() == 1
    assert [c.sub_weight for c in services.evaluation.require(tab.shown_contract).criteria] == [Decimal(5)] * 2
