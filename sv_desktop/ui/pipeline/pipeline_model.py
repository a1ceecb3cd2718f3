"""The pipeline as a Qt table model over a PipelineIndex (no proxy: filtering is precomputed).

The supplier register's model works the same way and shares the helpers at the top of this module.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sv_desktop.services.pipeline import PipelineRow
from sv_desktop.services.pipeline_index import (
    COLUMNS,
    DATE_COLUMNS,
    MONEY_COLUMNS,
    Column,
    PipelineFilter,
    PipelineIndex,
    row_value,
)
from sv_desktop.ui.common.formatting import date_text, money_text
from sv_desktop.ui.common.table_model import ItemRole

Index = QModelIndex | QPersistentModelIndex
RIGHT_ALIGNED = {Column.TOTAL_VALUE, Column.ANNUAL_VALUE}


E = TypeVar("E", bound=Enum)

def enum_header(columns: Sequence[E], section: int, orientation: Qt.Orientation, role: int,
                tips: Mapping[E, str] | None = None):
    """A column's heading is its enum value (read out too, with its tip if any); rows are numbered from 1."""
    if orientation == Qt.Orientation.Horizontal and 0 <= section < len(columns):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return columns[section].value
        if role == Qt.ItemDataRole.ToolTipRole and tips is not None:
            return tips.get(columns[section])
    if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
        return section + 1
    return None


def relayout(model: QAbstractTableModel, id_at: Callable[[int], int | None], row_of: Callable[[int], int | None],
             change: Callable[[], None]) -> None:
    """Sort or filter the rows again (`change`); selections and other persistent indexes stay on their records."""
    model.layoutAboutToBeChanged.emit()
    persistent = model.persistentIndexList()
    ids = [id_at(index.row()) for index in persistent]
    change()
    moved = []
    for index, record_id in zip(persistent, ids):
        row = row_of(record_id) if record_id is not None else None
        moved.append(QModelIndex() if row is None else model.createIndex(row, index.column()))
    model.changePersistentIndexList(persistent, moved)
    model.layoutChanged.emit()


def _cell(row: PipelineRow, column: Column, index: PipelineIndex) -> str:
    if column is Column.COMPLIANCE:
        return index.compliance_of(row)[1]
    value = row_value(row, column)
    if column in MONEY_COLUMNS:
        assert value is None or isinstance(value, Decimal)  # row_value gives money as Decimal
        return money_text(value)
    if column in DATE_COLUMNS:
        assert value is None or isinstance(value, date)  # and dates as date
        return date_text(value)
    return value if isinstance(value, str) else ""  # the rest is text, or None


class PipelineTableModel(QAbstractTableModel):
    """Shows `index.visible`; sorting and filtering replace that list and reset the model."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.index_data = PipelineIndex()
        self.today = date.today()

    # -- data in -------------------------------------------------------------
    def set_rows(self, rows: list[PipelineRow]) -> None:
        """New data from the service; the current sort and filter are kept."""
        keep_filter = self.index_data.current_filter
        keep_sort = (self.index_data.sort_column, self.index_data.descending)
        keep_compliance = self.index_data.compliance
        self.beginResetModel()
        self.index_data = PipelineIndex(rows)
        self.index_data.compliance = keep_compliance
        if keep_sort[0] is not None:
            self.index_data.sort(keep_sort[0], keep_sort[1])
        self.index_data.apply(keep_filter)
        self.endResetModel()

    def set_compliance(self, found: dict[int, tuple[str, str]]) -> None:
        self.beginResetModel()
        self.index_data.set_compliance(found)
        self.endResetModel()

    def apply_filter(self, wanted: PipelineFilter) -> None:
        self.beginResetModel()
        self.index_data.apply(wanted)
        self.endResetModel()

    # -- Qt model interface ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.index_data.visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.index_data.visible):
            return None
        row = self.index_data.row_at(index.row())
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell(row, column, self.index_data)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.DECISION_DUE and row.decision_due:
                return "Re-procurement decision due: end date less notice period and lead time (Settings)"
            if column is Column.TITLE:
                return row.title
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ItemRole.ROW_ID:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        return enum_header(COLUMNS, section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        relayout(self, self.contract_id_at, self.row_of,
                 lambda: self.index_data.sort(COLUMNS[column], order == Qt.SortOrder.DescendingOrder))

    # -- helpers ---------------------------------------------------------------
    def contract_id_at(self, row: int) -> int | None:
        if 0 <= row < len(self.index_data.visible):
            return self.index_data.row_at(row).id
        return None

    def row_of(self, contract_id: int) -> int | None:
        return self.index_data.position_of(contract_id)
