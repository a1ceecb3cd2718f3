"""The read-only table base the evaluation's models share: columns described once, the roles a view asks
for, and how cells align and are coloured.

Every model here is fed with the detached views EvaluationService returns and
never touches the store. Colour and bold type only repeat what the words say.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from sv_desktop.ui.common.table_model import ItemRole, RecordsModel
from sv_desktop.ui.common.theme import Tone

NUMBER_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TEXT_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# Colours repeat the words ("outlier", "conflict", "not yet"), never replace them; each follows the palette.
OUTLIER_TONE = Tone.WARNING
CONFLICT_TONE = Tone.MUTED
NOT_YET_TONE = Tone.ERROR
PARENT = QModelIndex()


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    tip: str = ""
    number: bool = False


class ViewTable(RecordsModel):
    """Read-only rows of anything, with columns described once; subclasses say how a cell reads."""

    COLUMNS: tuple[Column, ...] = ()

    def row_of(self, item_id) -> int:
        for row, item in enumerate(self._rows):
            if getattr(item, "id", None) == item_id:
                return row
        return -1

    def columns(self) -> tuple[Column, ...]:
        return self.COLUMNS

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns()) if c.key == key)

    def column_count(self) -> int:
        return len(self.columns())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns()):
            return None
        column = self.columns()[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or column.title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.columns()):
            return None
        item = self._rows[index.row()]
        column = self.columns()[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column.key, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(item, column.key, index.row()) or self._text(item, column.key, index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGN if column.number else TEXT_ALIGN
        if role == ItemRole.ROW_ID:
            return getattr(item, "id", None)
        if role == ItemRole.KEY:
            return column.key
        return self._extra(item, column.key, index.row(), role)

    def _text(self, item: Any, key: str, row: int) -> str:
        """What the cell of `item` under the column `key` reads: each model says."""
        raise NotImplementedError

    def _tip(self, item, key: str, row: int) -> str:
        return ""

    def _extra(self, item, key: str, row: int, role: int):
        return None


__all__ = [
    "CONFLICT_TONE",
    "NOT_YET_TONE",
    "NUMBER_ALIGN",
    "OUTLIER_TONE",
    "PARENT",
    "TEXT_ALIGN",
    "Column",
    "ViewTable",
]
