"""Export from the main window (what the pipeline shows, the dashboard's portfolio) and Ctrl+C on tables."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from sv_desktop.domain.vocabulary import Stage
from sv_desktop.services.pipeline_index import COLUMNS, Column
from sv_desktop.ui.common.ui_state import ui_state
from sv_desktop.ui.exchange.export_actions import FOLDER_KEY, add_export_actions, install_copy_rows
from tests.ui.app.test_main_window import make_window


@pytest.fixture
def window(qtbot, demo_services):
    return make_window(qtbot, demo_services)


@pytest.fixture
def save_as(monkeypatch):
    """Answer the save dialog with a chosen path and file type; records what was suggested."""
    answer = {"path": "", "filter": "Excel workbook (*.xlsx)", "asked": []}

    def get_save_file_name(parent, title, suggested, filters):
        answer["asked"].append((title, suggested, filters))
        return answer["path"], answer["filter"]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return answer


def export(qtbot, actions, action):
    with qtbot.waitSignal(actions.exported, timeout=20000) as signal:
        action.trigger()
    return Path(signal.args[0])


def test_the_actions_go_into_the_given_menu(window):
    menu = QMenu("Export", window)
    actions = add_export_actions(window, menu)
    assert [a.text() for a in menu.actions()] == ["Export &pipeline…", "Export deli&very portfolio…"]
    assert actions.pipeline_action.statusTip() and actions.portfolio_action.statusTip()


def test_export_pipeline_writes_what_the_table_shows_under_its_filter(qtbot, window, save_as, tmp_path):
    page = window.pipeline_page
    page.stage_filter.setCurrentIndex(page.stage_filter.findData(Stage.DELIVERY.value))
    page.apply_filter()
    shown = [page.model.index_data.row_at(row).reference for row in range(page.model.rowCount())]
    assert 0 < len(shown) < 60
    actions = add_export_actions(window, QMenu(window))
    save_as["path"] = str(tmp_path / "delivery")  # no extension: the chosen file type gives it
    path = export(qtbot, actions, actions.pipeline_action)
    assert path == tmp_path / "delivery.xlsx"
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [column.value for column in COLUMNS]
    assert [row[0] for row in rows[1:]] == shown
    assert {row[COLUMNS.index(Column.STAGE)] for row in rows[1:]} == {Stage.DELIVERY.label}
    assert f"Exported {len(shown)} rows" in window.statusBar().currentMessage()
    assert "of 60 contracts the filter shows" in window.statusBar().currentMessage()
    title, suggested, filters = save_as["asked"][0]
    assert title == "Export pipeline" and suggested.endswith(".xlsx") and "*.csv" in filters
    assert ui_state().value(FOLDER_KEY) == str(tmp_path)

    save_as.update(path=str(tmp_path / "again"), filter="CSV for Excel, UTF-8 (*.csv)")
    path = export(qtbot, actions, actions.pipeline_action)
    assert path.suffix == ".csv" and path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert Path(save_as["asked"][1][1]).parent == tmp_path  # the last folder is offered again


def test_cancelling_the_dialog_writes_nothing(window, save_as, tmp_path):
    actions = add_export_actions(window, QMenu(window))
    assert actions.export_pipeline() is None and actions.task is None
    assert actions.export_portfolio() is None and actions.task is None
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".xlsx", ".csv")]


def test_a_failed_export_says_why(qtbot, window, save_as, tmp_path, answer_dialogs):
    actions = add_export_actions(window, QMenu(window))
    save_as["path"] = str(tmp_path / "missing-folder" / "out.xlsx")
    with qtbot.waitSignal(actions.export_failed, timeout=20000) as signal:
        actions.pipeline_action.trigger()
    assert "out.xlsx was not written" in signal.args[0] and "does not exist" in signal.args[0]
    assert answer_dialogs.asked == [("Export failed", signal.args[0])]


def test_export_portfolio_writes_the_dashboards_figures(qtbot, window, save_as, tmp_path):
    actions = add_export_actions(window, QMenu(window))
    save_as["path"] = str(tmp_path / "whole.xlsx")
    path = export(qtbot, actions, actions.portfolio_action)  # the dashboard has not loaded: the whole portfolio
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Totals", "Commitments", "Overdue returns"]
    whole = window.services.portfolio.portfolio()
    assert book["Commitments"].max_row - 1 == len(whole.commitments)

    dashboard = window.dashboard
    dashboard.load_now()
    dashboard.filters.supplier.setText("no supplier is called this")
    dashboard.apply_filter()
    save_as["path"] = str(tmp_path / "filtered.xlsx")
    book = openpyxl.load_workbook(export(qtbot, actions, actions.portfolio_action))
    assert book["Commitments"].max_row == 1  # the header only: the dashboard's filter left nothing


def test_ctrl_c_copies_the_selected_rows_with_the_header_as_tsv(qtbot, window):
    table = window.pipeline_page.table
    install_copy_rows(table, several_rows=True)
    table.setFocus()
    table.selectRow(0)
    table.selectionModel().select(
        window.pipeline_page.model.index(2, 0),
        table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows)
    QApplication.clipboard().clear()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == [column.value for column in COLUMNS]
    model = window.pipeline_page.model
    assert [line.split("\t")[0] for line in lines[1:]] == [model.index_data.row_at(0).reference,
                                                          model.index_data.row_at(2).reference]
    cells = lines[1].split("\t")
    assert len(cells) == len(COLUMNS)
    total = cells[COLUMNS.index(Column.TOTAL_VALUE)]
    assert total == model.data(model.index(0, COLUMNS.index(Column.TOTAL_VALUE)))  # as shown, e.g. £1,234,000


def test_hidden_columns_are_left_out_and_one_current_row_is_copied(qtbot, window):
    table = window.pipeline_page.table
    copier = install_copy_rows(table)
    table.setColumnHidden(COLUMNS.index(Column.TITLE), True)
    try:
        table.clearSelection()
        table.setCurrentIndex(window.pipeline_page.model.index(1, 0))
        text = copier.copy()
    finally:
        table.setColumnHidden(COLUMNS.index(Column.TITLE), False)
    header, row = text.splitlines()
    assert "Title" not in header.split("\t") and len(row.split("\t")) == len(COLUMNS) - 1
    assert QApplication.clipboard().text() == text
