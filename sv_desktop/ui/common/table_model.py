"""The table-model base every read-only table in the app builds on, and the one list of custom item roles.

Column specs say how each column reads, sorts (numbers as numbers, "none yet" last) and explains itself in a
tooltip, so a model over frozen dataclass rows needs no code of its own. The roles are one enum with distinct
values, so a delegate or view asking one model for `ItemRole.SERIES` never gets another role's data.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_USER = int(Qt.ItemDataRole.UserRole)


class ItemRole(IntEnum):
    """The app's own item-data roles (after Qt's UserRole); every value distinct."""

    RECORD = _USER  # the whole record behind an item (a catalogue framework or entry, an audit entry's id)
    ROW_ID = _USER + 1  # the stored id of the row's record
    SORT_KEY = _USER + 2  # what the column sorts by (numbers as numbers)
    CONTRACT = _USER + 3  # the contract reference a row belongs to
    KEY = _USER + 4  # a (framework, ref) or similar natural key
    RULE = _USER + 5  # a policy rule id
    PLAN = _USER + 6  # a carbon plan version id
    KIND = _USER + 7  # what kind of thing an item is (an alert's kind)
    SUPPLIER = _USER + 8  # a supplier id
    SERIES = _USER + 9  # the figures a sparkline draws
    SHEET = _USER + 10  # a received score sheet
    BIDDER = _USER + 11  # a bidder uid
    NAME = _USER + 12  # a name to match on (an OCDS column)


Index = QModelIndex | QPersistentModelIndex
NONE_YET = "—"


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    right: bool = False
    tooltip: Callable[[Any], str] | None = None
    header_tip: str = ""


class RecordsModel(QAbstractTableModel):
    """What every table model here shares: one list of records, its row count and the record on a row.

    Subclasses say how many columns there are (`column_count`) and how a cell reads (`data`).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def _set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int | QModelIndex | QPersistentModelIndex) -> Any | None:
        """The record on a row (a row number or an index); None off the end."""
        if not isinstance(row, int):
            row = row.row() if row.isValid() else -1
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_where(self, found: Callable[[Any], bool]) -> int:
        """The first row whose record `found` accepts; -1 when none does."""
        return next((row for row, record in enumerate(self._rows) if found(record)), -1)

    def column_count(self) -> int:
        """How many columns the table has: each model says."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self.column_count()


class RowsModel(RecordsModel):
    """A read-only table of plain rows, sortable by each column's own key (numbers sort as numbers)."""

    def __init__(self, columns: Sequence[ColumnSpec], parent=None):
        super().__init__(parent)
        self.columns = list(columns)

    @property
    def rows(self) -> list[Any]:
        return self._rows

    @rows.setter
    def rows(self, rows: list[Any]) -> None:
        self._rows = rows

    def set_rows(self, rows: Sequence[Any], columns: Sequence[ColumnSpec] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self.columns = list(columns)
        self.endResetModel()

    def column_count(self) -> int:
        return len(self.columns)

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
        if role == ItemRole.SORT_KEY:
            return (column.sort_key or column.text)(row)
        if role == ItemRole.CONTRACT:
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


__all__ = ["NONE_YET", "ColumnSpec", "ItemRole", "RecordsModel", "RowsModel"]
