"""Table models for the Evaluation tab: criteria and their sub-weights, the scoring scale, bidders, the
panel, the declarations matrix, the moderation grid, the ranking and the history.

All are fed with the detached EvaluationView that EvaluationService returns;
nothing here touches the store. State is always given in words ("Conflict of
interest", "Not scored", "⚑ outlier"); colour and bold type only repeat it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from sv_desktop.domain.evaluation import OUTLIER_STEPS, ScaleLevel, ScoringScale, Standing
from sv_desktop.domain.evaluation_views import (
    BidderView,
    Cell,
    CriterionView,
    EvaluationView,
    EventView,
    MemberView,
)
from sv_desktop.ui.common.theme import Tone, tone_colour

ID_ROLE = Qt.ItemDataRole.UserRole + 60
KEY_ROLE = Qt.ItemDataRole.UserRole + 61
NUMBER_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TEXT_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
OUTLIER_MARK = "⚑"
# Colours repeat the words ("outlier", "conflict", "not yet"), never replace them; each follows the palette.
OUTLIER_TONE = Tone.WARNING
CONFLICT_TONE = Tone.MUTED
NOT_YET_TONE = Tone.ERROR
PARENT = QModelIndex()


# -- how values read ---------------------------------------------------------------------------------

def number_text(value: Decimal | int | None, places: int = 2) -> str:
    """5.00 -> '5', 2.50 -> '2.5', None -> ''."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def weighted_text(value: Decimal | None) -> str:
    """A weighted score in percentage points, always to two places: '3.00'."""
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def outlier_rule(scale: ScoringScale) -> str:
    points = OUTLIER_STEPS * scale.step
    return (f"{OUTLIER_MARK} outlier: a score {OUTLIER_STEPS} scale steps or more ({points} points or more) from the "
            "others' median (the other members scoring the same bidder on the same criterion; needs three scores "
            "or more)")


def parse_percent(text: str) -> Decimal:
    """'5', '5%', '2.5' -> Decimal; anything else raises ValueError with the reason."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is not a percentage; type a number such as 5 or 2.5.") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError(f"'{text.strip()}' is not a percentage between 0 and 100.")
    return value


@dataclass(frozen=True)
class _Column:
    key: str
    title: str
    tip: str = ""
    number: bool = False


class _ViewTable(QAbstractTableModel):
    """Read-only rows of anything, with columns described once; subclasses say how a cell reads."""

    COLUMNS: tuple[_Column, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def _set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_item(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id) -> int:
        for row, item in enumerate(self._rows):
            if getattr(item, "id", None) == item_id:
                return row
        return -1

    def columns(self) -> tuple[_Column, ...]:
        return self.COLUMNS

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns()) if c.key == key)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.columns())

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
        if role == ID_ROLE:
            return getattr(item, "id", None)
        if role == KEY_ROLE:
            return column.key
        return self._extra(item, column.key, index.row(), role)

    def _tip(self, item, key: str, row: int) -> str:
        return ""

    def _extra(self, item, key: str, row: int, role: int):
        return None


# -- set-up: criteria and sub-weights -----------------------------------------------------------------

class CriteriaModel(_ViewTable):
    """The criteria to score, with sub-weights the lead may edit before saving the set-up.

    Signals:
        rejected(str): a typed sub-weight could not be read (the reason in words); the old value stays.
    """

    rejected = Signal(str)
    COLUMNS = (
        _Column("ref", "Ref", "The framework reference of the outcome or theme"),
        _Column("title", "Criterion", "The outcome or theme scored as one tender question"),
        _Column("framework", "Framework"),
        _Column("weight", "Sub-weight (%)", "Share of the contract's total score; the sub-weights add up to the "
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


# -- set-up: the scale ---------------------------------------------------------------------------------

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


# -- bidders, panel and declarations --------------------------------------------------------------------

class BiddersModel(_ViewTable):
    COLUMNS = (
        _Column("name", "Bidder"),
        _Column("response", "Social value response", "The response text the bidder submitted"),
        _Column("documents", "Response documents", "Documents attached; they travel in the score sheets"),
        _Column("price", "Price score", "Optional: percentage points from the price evaluation", True),
        _Column("quality", "Quality score", "Optional: percentage points from the quality evaluation", True),
    )

    def set_bidders(self, bidders: tuple[BidderView, ...]) -> None:
        self._set_rows(bidders)

    def _text(self, item: BidderView, key: str, row: int) -> str:
        if key == "name":
            return item.name
        if key == "response":
            words = len(item.response_text.split())
            return f"{words} word{'s' if words != 1 else ''}" if words else "No text entered"
        if key == "documents":
            return ", ".join(item.documents) if item.documents else "None attached"
        value = item.price_score if key == "price" else item.quality_score
        return number_text(value) if value is not None else "Not entered"

    def _tip(self, item: BidderView, key: str, row: int) -> str:
        return item.response_text[:600] if key == "response" and item.response_text else ""


def declaration_text(member: MemberView, bidder: BidderView) -> str:
    declared = member.declared.get(bidder.id)
    if declared is None:
        return "Not declared yet"
    conflict, details = declared
    return f"Conflict of interest: {details}" if conflict else "No conflict"


def declarations_summary(member: MemberView, bidders: tuple[BidderView, ...]) -> str:
    missing = [b.name for b in bidders if b.id not in member.declared]
    conflicts = [b.name for b in bidders if member.conflict_with(b.id)]
    parts = []
    if missing:
        parts.append("Not yet declared for " + ", ".join(missing))
    if conflicts:
        parts.append("Conflict with " + ", ".join(conflicts) + " (does not score them)")
    if not parts:
        return "All declared: no conflicts" if bidders else "No bidders yet"
    return "; ".join(parts)


def sheet_text(member: MemberView) -> str:
    if member.imported_revision is None:
        return "Not imported yet"
    return f"Imported (version {member.imported_revision})"


class MembersModel(_ViewTable):
    COLUMNS = (
        _Column("name", "Panel member"),
        _Column("role", "Role"),
        _Column("declarations", "Conflict-of-interest declarations"),
        _Column("sheet", "Completed score sheet", "The latest version of the member's sheet imported here"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._bidders: tuple[BidderView, ...] = ()

    def set_panel(self, members: tuple[MemberView, ...], bidders: tuple[BidderView, ...]) -> None:
        self._bidders = bidders
        self._set_rows(members)

    def _text(self, item: MemberView, key: str, row: int) -> str:
        if key == "name":
            return item.name
        if key == "role":
            return item.role or "No role given"
        if key == "declarations":
            return declarations_summary(item, self._bidders)
        return sheet_text(item)


class DeclarationsModel(QAbstractTableModel):
    """Panel members (rows) × bidders (columns): each declaration in words."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._members: tuple[MemberView, ...] = ()
        self._bidders: tuple[BidderView, ...] = ()

    def set_panel(self, members: tuple[MemberView, ...], bidders: tuple[BidderView, ...]) -> None:
        self.beginResetModel()
        self._members, self._bidders = members, bidders
        self.endResetModel()

    def member(self, row: int) -> MemberView | None:
        return self._members[row] if 0 <= row < len(self._members) else None

    def bidder(self, column: int) -> BidderView | None:
        return self._bidders[column] if 0 <= column < len(self._bidders) else None

    def index_of(self, member_id: int | None, bidder_id: int | None) -> QModelIndex:
        row = next((i for i, m in enumerate(self._members) if m.id == member_id), -1)
        column = next((i for i, b in enumerate(self._bidders) if b.id == bidder_id), -1)
        return self.index(row, column) if row >= 0 and column >= 0 else QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._bidders)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._bidders):
            return self._bidders[section].name
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._members):
            return self._members[section].name
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._members) \
                or not 0 <= index.column() < len(self._bidders):
            return None
        member, bidder = self._members[index.row()], self._bidders[index.column()]
        text = declaration_text(member, bidder)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{member.name} and {bidder.name}: {text}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if member.conflict_with(bidder.id):
                return tone_colour(OUTLIER_TONE)
            if bidder.id not in member.declared:
                return tone_colour(NOT_YET_TONE)
        if role == Qt.ItemDataRole.FontRole and member.conflict_with(bidder.id):
            font = QFont()
            font.setBold(True)
            return font
        return None


# -- moderation ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberMark:
    """How one member stands on one cell, in words."""

    member: MemberView
    score: object  # Score | None
    conflict: bool
    outlier: bool

    @property
    def text(self) -> str:
        if self.conflict:
            return "Conflict (not scoring)"
        if self.score is None:
            return "Not scored"
        return f"{self.score.points} {OUTLIER_MARK} outlier" if self.outlier else str(self.score.points)


def member_marks(view: EvaluationView, cell: Cell) -> list[MemberMark]:
    """Every member on this cell in panel order; spread.outliers index the scored members in that order."""
    scored = [member_id for member_id, score in cell.scores.items() if score is not None]
    outliers = {scored[i] for i in cell.spread.outliers if 0 <= i < len(scored)}
    marks = []
    for member in view.members:
        conflict = member.id not in cell.scores
        score = cell.scores.get(member.id)
        marks.append(MemberMark(member, score, conflict, member.id in outliers))
    return marks


def spread_text(cell: Cell) -> str:
    spread = cell.spread
    if spread.low is None:
        return "No scores yet"
    if spread.low == spread.high:
        return f"{spread.low} (all agree)" if len(spread.scores) > 1 else f"{spread.low} (one score)"
    return f"{spread.low}–{spread.high} (range {spread.range})"


def outliers_text(view: EvaluationView, cell: Cell) -> str:
    marks = [m for m in member_marks(view, cell) if m.outlier]
    if not marks:
        return "None" if len(cell.spread.scores) >= 3 else "Too few scores to judge"
    return "; ".join(f"{OUTLIER_MARK} {m.member.name} ({m.score.points})" for m in marks)


class ModerationModel(_ViewTable):
    """One row per criterion × bidder: each member's score, spread, mean, outliers, consensus and weighted score.

    Rows are grouped by criterion (the criterion cell spans its bidders in the view).
    """

    FIXED_BEFORE = (
        _Column("criterion", "Criterion", "The criterion and its sub-weight"),
        _Column("bidder", "Bidder"),
    )
    FIXED_AFTER = (
        _Column("spread", "Spread (low–high)", "The lowest and highest of the members' scores"),
        _Column("mean", "Mean", "The average of the members' scores (for reference: the consensus is the panel's "
                                "moderated judgement and may differ)", True),
        _Column("outliers", "Outliers", "Members whose score is 2 scale steps or more from the others' median"),
        _Column("consensus", "Consensus", "The moderated score the panel agreed, with its rationale"),
        _Column("weighted", "Weighted (%)", "Consensus ÷ maximum points × sub-weight, in percentage points", True),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._view: EvaluationView | None = None
        self._columns: tuple[_Column, ...] = self.FIXED_BEFORE + self.FIXED_AFTER
        self._criteria: dict[int, CriterionView] = {}
        self._bidders: dict[int, BidderView] = {}
        self._marks: list[list[MemberMark]] = []

    def set_evaluation(self, view: EvaluationView | None) -> None:
        self.beginResetModel()
        self._view = view
        members = view.members if view else ()
        self._columns = self.FIXED_BEFORE + tuple(
            _Column(f"member:{m.id}", m.name, f"{m.name}'s score" + (f" ({m.role})" if m.role else ""), True)
            for m in members) + self.FIXED_AFTER
        self._criteria = {c.id: c for c in view.criteria} if view else {}
        self._bidders = {b.id: b for b in view.bidders} if view else {}
        cells = []
        if view:
            order = {c.id: i for i, c in enumerate(view.criteria)}
            border = {b.id: i for i, b in enumerate(view.bidders)}
            cells = sorted(view.cells, key=lambda c: (order[c.criterion_id], border[c.bidder_id]))
        self._rows = cells
        self._marks = [member_marks(view, cell) for cell in cells] if view else []
        self.endResetModel()

    def columns(self) -> tuple[_Column, ...]:
        return self._columns

    def cell(self, row: int) -> Cell | None:
        return self.row_item(row)

    def row_of_cell(self, criterion_id: int | None, bidder_id: int | None) -> int:
        for row, cell in enumerate(self._rows):
            if cell.criterion_id == criterion_id and cell.bidder_id == bidder_id:
                return row
        return -1

    def criterion_groups(self) -> list[tuple[int, int]]:
        """(first row, number of rows) for each criterion, for spanning the criterion column."""
        groups: list[tuple[int, int]] = []
        for row, cell in enumerate(self._rows):
            if row and cell.criterion_id == self._rows[row - 1].criterion_id:
                first, count = groups[-1]
                groups[-1] = (first, count + 1)
            else:
                groups.append((row, 1))
        return groups

    def marks(self, row: int) -> list[MemberMark]:
        return self._marks[row] if 0 <= row < len(self._marks) else []

    def _mark(self, row: int, key: str) -> MemberMark | None:
        member_id = int(key.split(":", 1)[1])
        return next((m for m in self._marks[row] if m.member.id == member_id), None)

    def _text(self, cell: Cell, key: str, row: int) -> str:
        view = self._view
        criterion, bidder = self._criteria[cell.criterion_id], self._bidders[cell.bidder_id]
        if key == "criterion":
            return f"{criterion.ref} {criterion.title} ({number_text(criterion.sub_weight)}%)"
        if key == "bidder":
            return bidder.name
        if key.startswith("member:"):
            mark = self._mark(row, key)
            return mark.text if mark else ""
        if key == "spread":
            return spread_text(cell)
        if key == "mean":
            return number_text(cell.spread.mean, 1) if cell.spread.mean is not None else "—"
        if key == "outliers":
            return outliers_text(view, cell)
        if key == "consensus":
            return str(cell.consensus) if cell.consensus is not None else "Not agreed yet"
        if key == "weighted":
            return weighted_text(cell.weighted) if cell.weighted is not None else "—"
        return ""

    def _tip(self, cell: Cell, key: str, row: int) -> str:
        view = self._view
        if key.startswith("member:"):
            mark = self._mark(row, key)
            if mark is None:
                return ""
            if mark.conflict:
                details = mark.member.declared.get(cell.bidder_id, (True, ""))[1]
                return f"{mark.member.name} declared a conflict of interest: {details}"
            if mark.score is None:
                return f"{mark.member.name} has not scored this yet (no completed sheet imported)."
            text = f"{mark.score.points}: {view.scale.descriptor(mark.score.points)}. {mark.score.justification}"
            return (outlier_rule(view.scale) + ". " + text) if mark.outlier else text
        if key == "outliers":
            return outlier_rule(view.scale)
        if key == "consensus" and cell.consensus is not None:
            return f"{cell.consensus}: {view.scale.descriptor(cell.consensus)}. Rationale: {cell.rationale}"
        if key == "criterion":
            return self._criteria[cell.criterion_id].text
        return ""

    def _extra(self, cell: Cell, key: str, row: int, role: int):
        if key.startswith("member:"):
            mark = self._mark(row, key)
            if mark is None:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                if mark.outlier:
                    return tone_colour(OUTLIER_TONE)
                if mark.conflict or mark.score is None:
                    return tone_colour(CONFLICT_TONE)
            if role == Qt.ItemDataRole.FontRole and (mark.outlier or mark.conflict or mark.score is None):
                font = QFont()
                font.setBold(mark.outlier)
                font.setItalic(not mark.outlier)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole and (mark.conflict or mark.score is None):
                return TEXT_ALIGN
        if key == "outliers" and role == Qt.ItemDataRole.ForegroundRole and cell.spread.outliers:
            return tone_colour(OUTLIER_TONE)
        if key == "consensus" and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(cell.consensus is not None)
            font.setItalic(cell.consensus is None)
            return font
        if key == "consensus" and role == Qt.ItemDataRole.ForegroundRole and cell.consensus is None:
            return tone_colour(NOT_YET_TONE)
        return None


# -- ranking and history -------------------------------------------------------------------------------

class StandingsModel(_ViewTable):
    COLUMNS = (
        _Column("position", "Position", "Ties share a position, shown with '='"),
        _Column("bidder", "Bidder"),
        _Column("social_value", "Social value (weighted %)", "The sum of the weighted consensus scores", True),
        _Column("price", "Price score", number=True),
        _Column("quality", "Quality score", number=True),
        _Column("total", "Total", "The figure the ranking is by", True),
        _Column("note", "Note"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._bidders: dict[str, BidderView] = {}
        self._standings: tuple[Standing, ...] = ()

    def set_evaluation(self, view: EvaluationView | None) -> None:
        self._bidders = {b.name: b for b in view.bidders} if view else {}
        self._set_rows(list(view.standings) if view else [])

    def _text(self, item: Standing, key: str, row: int) -> str:
        bidder = self._bidders.get(item.bidder)
        if key == "position":
            return item.position_text
        if key == "bidder":
            return item.bidder
        if key == "social_value":
            return weighted_text(item.social_value)
        if key in ("price", "quality"):
            value = None if bidder is None else (bidder.price_score if key == "price" else bidder.quality_score)
            return number_text(value) if value is not None else "Not entered"
        if key == "total":
            return weighted_text(item.total)
        if item.tied:
            others = [s.bidder for s in self._rows if s.total == item.total and s.bidder != item.bidder]
            return "Tied with " + ", ".join(others)
        return ""

    def _extra(self, item: Standing, key: str, row: int, role: int):
        if role == Qt.ItemDataRole.FontRole and key in ("position", "total"):
            font = QFont()
            font.setBold(True)
            return font
        return None


class EventsModel(_ViewTable):
    COLUMNS = (
        _Column("at", "When"),
        _Column("by", "Who"),
        _Column("action", "What"),
        _Column("details", "Details"),
        _Column("reason", "Reason given", "Changes after locking need a reason"),
    )

    def set_events(self, events: tuple[EventView, ...]) -> None:
        self._set_rows(list(events))

    def _text(self, item: EventView, key: str, row: int) -> str:
        if key == "at":
            return f"{item.at:%d/%m/%Y %H:%M}"
        if key == "by":
            return item.by
        if key == "action":
            return item.action[:1].upper() + item.action[1:]
        if key == "details":
            return item.details
        return item.reason or ("—" if "after locking" not in item.action else "")


__all__ = [
    "BiddersModel",
    "CriteriaModel",
    "DeclarationsModel",
    "EventsModel",
    "ID_ROLE",
    "MembersModel",
    "ModerationModel",
    "OUTLIER_MARK",
    "ScaleModel",
    "StandingsModel",
    "declaration_text",
    "member_marks",
    "number_text",
    "outlier_rule",
    "outliers_text",
    "parse_percent",
    "sheet_text",
    "spread_text",
    "weighted_text",
]
