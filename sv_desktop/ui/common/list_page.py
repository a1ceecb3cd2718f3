"""The parts of a list-and-detail page (a register beside the selected record) that the pipeline and
supplier pages share: the read-only table, its count line, the filter bar, the remembered layout, and asking
before unsaved edits are thrown away. Each page keeps its own filters and columns.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.ui.common.editor import Editor, dirty_editors
from sv_desktop.ui.common.form_parts import ask_to_save
from sv_desktop.ui.common.widgets import enable_clear_button


class ActivatingTable(QTableView):
    """A table that reports Enter or Return on a row (the pipeline moves to the form to edit that contract).

    Signals:
        activated_row(int): Enter or Return pressed on a row.
    """

    activated_row = Signal(int)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


def filter_combo(name: str, choices) -> QComboBox:
    """One of a register's filters: (value, label) choices, the first meaning "any"."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def filter_bar(layout: QVBoxLayout, placeholder: str, name: str, filters) -> QLineEdit:
    """The search box (Alt+R) and the filters in a row over a register's table; returns the search box."""
    bar = QHBoxLayout()
    search = QLineEdit()
    search.setPlaceholderText(placeholder)
    enable_clear_button(search)
    search.setAccessibleName(name)
    search_label = QLabel("Sea&rch")
    search_label.setBuddy(search)
    bar.addWidget(search_label)
    bar.addWidget(search, 3)
    for combo in filters:
        bar.addWidget(combo, 1)
    layout.addLayout(bar)
    return search


def list_table(view: QTableView, name: str, row_padding: int = 8) -> None:
    """A register's table: read-only, one whole row selected, rows of one line, columns the officer can resize."""
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, the arrow keys move inside it
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + row_padding)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)


def select_row(table: QTableView, row: int) -> None:
    """Make `row` the current and only selected row, scrolled into view."""
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    table.scrollTo(index)


def put_back(table: QTableView, index) -> None:
    """Return the current row to `index` without announcing it: the officer chose to stay where they were."""
    selection = table.selectionModel()
    selection.blockSignals(True)
    selection.setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    selection.blockSignals(False)


def save_layout(settings: QSettings, key: str, table: QTableView, splitter: QSplitter) -> None:
    """Remember the officer's column widths and order, and where the table and form divide."""
    settings.setValue(f"{key}/header", table.horizontalHeader().saveState())
    settings.setValue(f"{key}/splitter", splitter.saveState())


def restore_layout(settings: QSettings, key: str, table: QTableView, splitter: QSplitter) -> None:
    """Put back what `save_layout` remembered, if anything."""
    header = settings.value(f"{key}/header")
    if header is not None:
        table.horizontalHeader().restoreState(header)
    divide = settings.value(f"{key}/splitter")
    if divide is not None:
        splitter.restoreState(divide)


def count_text(shown: int, total: int, *, one: str, many: str, empty: str) -> str:
    """The count line over a register: empty, all shown, none matching the filters, or how many match."""
    if total == 0:
        return empty
    if shown == total:
        return f"{total:,} {one if total == 1 else many}"
    if shown == 0:
        return f"No {many} match the filters (of {total:,}). Clear the search or filters to see them."
    return f"{shown:,} of {total:,} {many} match"


class ListDetailPage(QWidget):
    """A register beside the selected record's tabs: the pipeline and supplier pages.

    Subclasses build `table` (an ActivatingTable), `splitter`, `search` and their filter combos, then call
    `_watch_filters`; they say which widgets hold edits (`_editors`) and how to ask about them.
    """

    LAYOUT_KEY = ""  # where the column widths and splitter position are remembered
    UNSAVED_QUESTION = "This record has changes that are not saved. Save them?"

    table: ActivatingTable
    splitter: QSplitter

    def apply_filter(self) -> None:
        raise NotImplementedError

    def _watch_filters(self, search: QLineEdit, combos) -> None:
        """Filter again as the officer types (once per event-loop turn) or picks a filter."""
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)  # coalesce fast typing into one filter pass per event-loop turn
        self._filter_timer.timeout.connect(self.apply_filter)
        search.textChanged.connect(self._filter_timer.start)
        for combo in combos:
            combo.currentIndexChanged.connect(self.apply_filter)

    # -- unsaved edits -----------------------------------------------------------------------
    def _editors(self) -> list[object]:
        """The widgets on the detail side that may hold edits (anything not an `Editor` holds none)."""
        return []

    def _dirty_editors(self) -> list[Editor]:
        return dirty_editors(self._editors())

    def _discard(self, dirty: list[Editor]) -> None:
        """The officer chose Discard: throw the edits away."""
        for editor in dirty:
            editor.revert()

    def confirm_leave_form(self) -> bool:
        """Ask before unsaved edits are thrown away; True when it is fine to move on."""
        dirty = self._dirty_editors()
        if not dirty:
            return True
        answer = ask_to_save(self, "Unsaved changes", self.UNSAVED_QUESTION)
        if answer == QMessageBox.StandardButton.Save:
            return all(editor.save() for editor in dirty)
        if answer == QMessageBox.StandardButton.Discard:
            self._discard(dirty)
            return True
        return False

    def _may_leave_row(self, previous) -> bool:
        """Before the detail side follows the selection: False (and the selection put back) to stay."""
        if self.confirm_leave_form():
            return True
        put_back(self.table, previous)
        return False

    # -- remembered layout -------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        save_layout(settings, self.LAYOUT_KEY, self.table, self.splitter)

    def restore_state(self, settings: QSettings) -> None:
        restore_layout(settings, self.LAYOUT_KEY, self.table, self.splitter)


__all__ = ["ActivatingTable", "ListDetailPage", "count_text", "filter_bar", "filter_combo", "list_table", "put_back",
           "restore_layout", "save_layout", "select_row"]
