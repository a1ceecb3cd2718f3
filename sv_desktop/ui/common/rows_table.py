"""Read-only tables of plain rows: column specs, a sortable model and a keyboard-friendly view.

The dashboard's panels (delivery totals, commitments, overdue returns, procurement spend)
all show frozen dataclass rows from a service; each column says how it reads, sorts
(numbers as numbers, "none yet" last) and explains itself in a tooltip.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CONTRACT_ROLE = Qt.ItemDataRole.UserRole + 2
NONE_YET = "—"


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    right: bool = False
    tooltip: Callable[[Any], str] | None = None
    header_tip: str = ""


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows, sortable by each column's own key (numbers sort as numbers)."""

    def __init__(self, columns: Sequence[ColumnSpec], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any], columns: Sequence[ColumnSpec] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if columns is not None:
            self.columns = list(columns)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < len(self.columns):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = column.text(row)
            if role == Qt.ItemDataRole.AccessibleTextRole and text == NONE_YET:
                return "none yet"
            return text
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return (column.sort_key or column.text)(row)
        if role == CONTRACT_ROLE:
            return getattr(row, "contract_reference", None)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].header_tip:
                return self.columns[section].header_tip
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        key = spec.sort_key or spec.text
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self.rows[i.row()] if 0 <= i.row() < len(self.rows) else None for i in persistent]
        present = [r for r in self.rows if key(r) is not None]
        missing = [r for r in self.rows if key(r) is None]  # "none yet" sorts last either way
        present.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = present + missing
        positions = {id(r): i for i, r in enumerate(self.rows)}
        self.changePersistentIndexList(persistent, [
            self.createIndex(positions[id(r)], i.column()) if r is not None else QModelIndex()
            for i, r in zip(persistent, held)])
        self.layoutChanged.emit()


def read_only_table(name: str, model: RowsModel) -> QTableView:
    """A sortable, row-selecting, non-editable view named for assistive technology; Tab leaves it."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


__all__ = ["CONTRACT_ROLE", "NONE_YET", "SORT_ROLE", "ColumnSpec", "RowsModel", "read_only_table"]
