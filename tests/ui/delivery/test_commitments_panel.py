"""The commitments panel as a contract manager uses it: the target from the bid typed into the form, bespoke
metrics that need a justification, unsaved changes guarded, edits elsewhere never overwritten, deleting."""
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sv_desktop.domain.vocabulary import UkRegion
from tests.ui.delivery.conftest import cell, row_of_ref


def test_filling_in_the_target_through_the_editor_stores_it_and_the_rag_turns_from_grey_to_red(qtbot, tab, services,
                                                                                                contract_id):
    form = tab.form
    row = row_of_ref(tab, "1ai")
    tab.commitments.table.select_row(row)
    assert form.region_label.text() == "UK re&gion (required)"
    form.target.clear()
    qtbot.keyClicks(form.target, "120")
    assert tab.is_dirty()
    form.bid_text.setPlainText("We will create 120 new roles over the contract, recruited locally.")
    form.region.set_value(UkRegion.NORTH_WEST)
    with qtbot.wait_signal(tab.changed):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not tab.is_dirty()
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "target") == "120"
    assert cell(tab, row, "rag") == "Red: off track"  # nothing delivered against a third of the target expected
    assert cell(tab, row, "region") == "North West"
    assert "3 commitments still need the target" in tab.banner.text()
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai")
    assert stored.data.target == Decimal("120")
    assert stored.data.bid_text.startswith("We will create 120")
    assert stored.data.region is UkRegion.NORTH_WEST


def test_a_target_in_words_is_refused_beside_the_field_and_kept_as_typed(qtbot, tab, services, contract_id):
    tab.commitments.table.select_row(0)
    qtbot.keyClicks(tab.form.target, "about a dozen")
    assert not tab.save()
    assert "not a number" in tab.form.errors.message("target")
    assert "Target:" in tab.form.summary.text()
    assert tab.form.target.text() == "about a dozen"
    assert tab.is_dirty()
    assert all(c.data.target is None for c in services.delivery.commitments(contract_id))


def test_the_unit_of_a_framework_metric_is_locked_and_a_bespoke_one_needs_a_justification(qtbot, tab, services,
                                                                                          contract_id):
    form = tab.form
    tab.commitments.table.select_row(0)
    assert not form.unit.isEnabled()
    qtbot.mouseClick(tab.commitments.add_bespoke_button, Qt.MouseButton.LeftButton)
    assert form.unit.isEnabled()
    assert "New bespoke metric" in form.heading.text()
    qtbot.keyClicks(form.title, "Local schools careers talks")
    form.unit.setCurrentIndex(form.unit.findData("hours"))
    qtbot.keyClicks(form.target, "40")
    assert not tab.save()
    assert "justification" in form.errors.message("justification")
    assert len(services.delivery.commitments(contract_id)) == 4
    form.justification.setPlainText("The trust's careers programme asks for talks; no framework metric counts them.")
    assert tab.save()
    row = tab.commitments.model.row_of(tab.commitments.current_commitment().id)
    assert cell(tab, row, "metric") == "Bespoke: Local schools careers talks"
    assert cell(tab, row, "unit") == "hours"
    assert len(services.delivery.commitments(contract_id)) == 5


def test_moving_to_another_commitment_with_unsaved_edits_asks_first(qtbot, tab, answer_dialogs):
    table = tab.commitments.table
    table.select_row(0)
    qtbot.keyClicks(tab.form.target, "50")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    table.select_row(1)
    assert table.current_row() == 0 and tab.form.target.text() == "50"
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    table.select_row(1)
    assert table.current_row() == 1 and tab.form.target.text() == "" and not tab.is_dirty()
    assert [title for title, _ in answer_dialogs.asked] == ["Unsaved commitment", "Unsaved commitment"]


def test_a_commitment_changed_elsewhere_is_not_overwritten_and_the_edit_stays(qtbot, tab, services, answer_dialogs):
    tab.commitments.table.select_row(0)
    record = tab.commitments.current_commitment()
    services.delivery.save_commitment(record.contract_id, replace(record.data, cohort="Care leavers"),
                                      record.id, record.version)
    qtbot.keyClicks(tab.form.target, "75")
    tab.form.region.set_value(UkRegion.NORTH_WEST)
    assert not tab.save()
    assert answer_dialogs.asked and "changed by someone else" in answer_dialogs.asked[-1][1]
    assert tab.form.target.text() == "75" and tab.is_dirty()


def test_deleting_a_commitment_asks_first(qtbot, tab, services, contract_id, answer_dialogs):
    tab.commitments.table.select_row(0)
    title = tab.commitments.current_commitment().data.title
    qtbot.mouseClick(tab.commitments.delete_button, Qt.MouseButton.LeftButton)
    assert answer_dialogs.asked[-1][0] == "Delete commitment"
    assert title not in [c.data.title for c in services.delivery.commitments(contract_id)]
    assert tab.commitments.model.rowCount() == 3
