"""Driving the pipeline as an officer would: search, filter, sort, edit, create, duplicate, delete."""
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.pipeline_index import COLUMNS, Column
from sv_desktop.ui.pipeline.pipeline_model import PipelineTableModel
from sv_desktop.ui.pipeline.pipeline_page import PipelinePage
from tests.ui.accessibility import unnamed_controls


def make_page(qtbot, services):
    page = PipelinePage(services.pipeline)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # shortcuts such as Ctrl+S need an active window
    page.load_now()
    return page


def visible_refs(page):
    return [page.model.index_data.row_at(r).reference for r in range(page.model.rowCount())]


def test_pipeline_model_passes_the_model_tester(qtmodeltester, demo_services):
    model = PipelineTableModel()
    model.set_rows(demo_services.pipeline.rows())
    qtmodeltester.check(model)
    model.sort(COLUMNS.index(Column.STAGE), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_typing_in_search_filters_the_table_and_says_how_many_match(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    assert page.model.rowCount() == 60 and page.count_label.text() == "60 contracts"
    target = page.model.index_data.rows[5]
    qtbot.keyClicks(page.search, target.reference)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert visible_refs(page) == [target.reference]
    assert page.count_label.text() == "1 of 60 contracts match"
    page.search.clear()
    qtbot.keyClicks(page.search, "zzzz-nothing")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert "No contracts match" in page.count_label.text()


def test_stage_and_category_filters_show_only_matching_rows(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    page.stage_filter.setCurrentIndex(page.stage_filter.findData(Stage.DELIVERY.value))
    page.category_filter.setCurrentIndex(page.category_filter.findData(Category.ESTATES_FACILITIES.value))
    rows = [page.model.index_data.row_at(r) for r in range(page.model.rowCount())]
    assert rows and all(r.stage is Stage.DELIVERY and r.category is Category.ESTATES_FACILITIES for r in rows)


def test_renewals_view_lists_open_contracts_ending_soon_by_decision_date(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    page.show_renewals(12)
    rows = [page.model.index_data.row_at(r) for r in range(page.model.rowCount())]
    today = date.today()
    assert rows and all(r.stage.is_open and r.end_date >= today for r in rows)
    dues = [r.decision_due for r in rows]
    assert dues == sorted(dues)


def test_clicking_a_header_sorts_by_that_column_and_again_reverses_it(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    header = page.table.horizontalHeader()

    def values():
        found = [page.model.index_data.row_at(r).total_value for r in range(page.model.rowCount())]
        return [v for v in found if v is not None]

    click_at = QPoint(header.sectionViewportPosition(COLUMNS.index(Column.TOTAL_VALUE)) + 5, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    first = values()
    assert first in (sorted(first), sorted(first, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    assert values() == list(reversed(first))


def test_selecting_a_row_shows_the_contract_in_the_form(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    page.table.selectRow(3)
    row = page.model.index_data.row_at(3)
    assert page.form.reference.text() == row.reference
    assert page.form.heading.text().startswith(row.reference)


def test_editing_and_saving_updates_the_table_and_records_the_stage_change(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    page.table.selectRow(0)
    contract_id = page.form.contract_id
    page.form.title.selectAll()
    qtbot.keyClicks(page.form.title, "Renamed cleaning contract")
    page.form.stage.setCurrentIndex(page.form.stage.findData(Stage.CANCELLED.value))
    qtbot.keyClicks(page.form.stage_note, "Budget withdrawn")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    detail = demo_services.pipeline.get(contract_id)
    assert detail.data.title == "Renamed cleaning contract"
    assert detail.stage_history[-1].to_stage is Stage.CANCELLED
    assert detail.stage_history[-1].note == "Budget withdrawn"
    row = page.model.row_of(contract_id)
    assert page.model.index(row, 1).data() == "Renamed cleaning contract"


def test_wrong_input_says_which_field_and_why_and_stores_nothing(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    page.new_contract()
    qtbot.keyClicks(page.form.reference, "NEW-1")
    qtbot.keyClicks(page.form.total_value, "lots")
    qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    assert "Total value" in page.form.field_error("total_value")
    qtbot.keyClicks(page.form.total_value, "")
    page.form.total_value.setText("1.5m")
    page.form.start_date.set_value(date(2027, 1, 1))
    page.form.end_date.set_value(date(2026, 1, 1))
    qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    assert page.form.field_error("title") == "Error: Title is required"
    assert "after the start date" in page.form.field_error("end_date")
    assert "Not saved" in page.form.summary.text()
    assert demo_services.pipeline.find("NEW-1") is None


def test_new_contract_with_ctrl_s_is_stored_and_selected(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    page.new_contract()
    qtbot.keyClicks(page.form.reference, "NEW-2")
    qtbot.keyClicks(page.form.title, "Interpreting services")
    page.form.total_value.setText("£120,000")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(page.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = demo_services.pipeline.find("NEW-2")
    assert stored is not None and str(stored.data.total_value) == "120000.00"
    assert page.current_contract_id() == stored.id


def test_duplicate_and_delete_with_confirmation(qtbot, demo_services, answer_dialogs):
    page = make_page(qtbot, demo_services)
    page.table.selectRow(2)
    original = page.form.reference.text()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.duplicate_contract()
    assert page.form.reference.text() == f"{original}-COPY"
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.No
    page.delete_contract()
    assert demo_services.pipeline.find(f"{original}-COPY") is not None
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.delete_contract()
    assert demo_services.pipeline.find(f"{original}-COPY") is None
    assert any(title == "Delete contract" for title, _ in answer_dialogs.asked)


def test_unsaved_edits_are_not_lost_when_moving_to_another_row(qtbot, demo_services, answer_dialogs):
    page = make_page(qtbot, demo_services)
    page.table.selectRow(0)
    first = page.form.contract_id
    qtbot.keyClicks(page.form.title, " (edited)")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    page.table.selectRow(1)
    assert page.form.contract_id == first and page.form.is_dirty()
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Save
    page.table.selectRow(1)
    assert demo_services.pipeline.get(first).data.title.endswith(" (edited)")


def test_every_control_has_an_accessible_name(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    assert unnamed_controls(page) == []


def test_saving_a_contract_someone_else_changed_is_refused_and_says_what_to_do(qtbot, demo_services, answer_dialogs):
    page = make_page(qtbot, demo_services)
    page.table.selectRow(0)
    contract_id = page.form.contract_id
    opened = demo_services.pipeline.get(contract_id)
    demo_services.pipeline.update(contract_id, opened.version, replace(opened.data, title="Changed by a colleague"))
    page.form.title.selectAll()
    qtbot.keyClicks(page.form.title, "My new title")
    qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    title, text = answer_dialogs.asked[-1]
    assert title == "Contract not saved"
    assert "changed by someone else" in text and "To reload it, choose Revert" in text
    assert demo_services.pipeline.get(contract_id).data.title == "Changed by a colleague"
    assert page.form.title.text() == "My new title" and page.form.is_dirty()  # nothing typed is lost
    page.form.revert()
    assert page.form.title.text() == "Changed by a colleague" and not page.form.is_dirty()
