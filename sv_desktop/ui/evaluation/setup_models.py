"""The set-up's table models: the criteria with the sub-weights the lead edits, and the scoring scale.

Both hold edits until the set-up is saved (the Set-up section saves them in one call), and refuse what cannot
be read with a reason in words rather than a silent revert.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from sv_desktop.domain.evaluation import ScaleLevel, ScoringScale
from sv_desktop.domain.evaluation_views import CriterionView
from sv_desktop.ui.evaluation.figures import number_text, parse_percent
from sv_desktop.ui.evaluation.view_table import (
    NUMBER_ALIGN,
    PARENT,
    TEXT_ALIGN,
    Column,
    ViewTable,
)


class CriteriaModel(ViewTable):
    """The criteria to score, with sub-weights the lead may edit before saving the set-up.

    Signals:
        rejected(str): a typed sub-weight could not be read (the reason in words); the old value stays.
    """

    rejected = Signal(str)
    COLUMNS = (
        Column("ref", "Ref", "The framework reference of the outcome or theme"),
        Column("title", "Criterion", "The outcome or theme scored as one tender question"),
        Column("framework", "Framework"),
        Column("weight", "Sub-weight (%)", "Share of the contract's total score; the sub-weights add up to the "
                                            "social value weighting. Double-click or press F2 to change.", True),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._weights: dict[int, Decimal] = {}
        self._framework_names: dict[str, str] = {}
        self._editable = True

    def set_criteria(self, criteria: tuple[CriterionView, ...], framework_names: dict[str, str] | None = None,
                     editable: bool = True) -> None:
        self._framework_names = dict(framework_names or {})
        self._weights = {c.id: c.sub_weight for c in criteria}
        self._editable = editable
        self._set_rows(criteria)

    def sub_weights(self) -> dict[int, Decimal]:
        return dict(self._weights)

    def changed_weights(self) -> dict[int, Decimal]:
        return {c.id: self._weights[c.id] for c in self._rows if self._weights[c.id] != c.sub_weight}

    def total(self) -> Decimal:
        return sum(self._weights.values(), Decimal(0))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._editable and self.columns()[index.column()].key == "weight":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _text(self, item: CriterionView, key: str, row: int) -> str:
        if key == "ref":
            return item.ref
        if key == "title":
            return item.title
        if key == "framework":
            return self._framework_names.get(item.framework_id, item.framework_id)
        changed = " (changed, not saved)" if self._weights[item.id] != item.sub_weight else ""
        return f"{number_text(self._weights[item.id])}%{changed}"

    def _tip(self, item: CriterionView, key: str, row: int) -> str:
        return item.text if key in ("ref", "title") else ""

    def _extra(self, item: CriterionView, key: str, row: int, role: int):
        if role == Qt.ItemDataRole.EditRole and key == "weight":
            return number_text(self._weights[item.id])
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,  # noqa: N802 - Qt override
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable \
                or self.columns()[index.column()].key != "weight":
            return False
        try:
            weight = parse_percent(str(value))
        except ValueError as exc:
            self.rejected.emit(str(exc))
            return False
        item = self._rows[index.row()]
        self._weights[item.id] = weight
        self.dataChanged.emit(index, index)
        return True



class ScaleModel(QAbstractTableModel):
    """The scoring scale's levels (points and descriptor), editable until the first sheet is imported.

    Signals:
        rejected(str): a typed value could not be used (the reason in words).
    """

    rejected = Signal(str)
    TITLES = ("Points", "Descriptor")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._levels: list[list] = []
        self._stored: list[list] = []
        self._editable = True

    def set_scale(self, scale: ScoringScale, editable: bool) -> None:
        self.beginResetModel()
        self._stored = [[level.points, level.descriptor] for level in scale.levels]
        self._levels = [list(level) for level in self._stored]
        self._editable = editable
        self.endResetModel()

    @property
    def changed(self) -> bool:
        return self._levels != self._stored

    def scale(self) -> ScoringScale:
        """The scale as edited; ValueError with the reason when it is not a usable scale."""
        levels = sorted(self._levels, key=lambda level: level[0])
        if any(not str(level[1]).strip() for level in levels):
            raise ValueError("Every level of the scale needs a descriptor.")
        points = [level[0] for level in levels]
        if len(set(points)) != len(points):
            raise ValueError("Two levels of the scale have the same points.")
        try:
            return ScoringScale(tuple(ScaleLevel(int(p), str(d).strip()) for p, d in levels))
        except ValueError:
            raise ValueError("A scoring scale needs at least two levels, with points of 0 or more.") from None

    def add_level(self) -> int:
        points = (max(level[0] for level in self._levels) + 10) if self._levels else 0
        row = len(self._levels)
        self.beginInsertRows(PARENT, row, row)
        self._levels.append([points, ""])
        self.endInsertRows()
        return row

    def remove_level(self, row: int) -> None:
        if 0 <= row < len(self._levels):
            self.beginRemoveRows(PARENT, row, row)
            del self._levels[row]
            self.endRemoveRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._levels)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return self.TITLES[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._levels) or not 0 <= index.column() < 2:
            return None
        value = self._levels[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 1 and not str(value).strip():
                return "Needs a descriptor"
            return str(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGN if index.column() == 0 else TEXT_ALIGN
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,  # noqa: N802 - Qt override
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable:
            return False
        if index.column() == 0:
            try:
                points = int(str(value).strip())
            except ValueError:
                self.rejected.emit(f"'{value}' is not a whole number of points.")
                return False
            if points < 0:
                self.rejected.emit("Points are 0 or more.")
                return False
            value = points
        else:
            value = " ".join(str(value).split())
        self._levels[index.row()][index.column()] = value
        self.dataChanged.emit(index, index)
        return True


__all__ = ["CriteriaModel", "ScaleModel"]
