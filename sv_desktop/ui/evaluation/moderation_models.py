"""Moderation and ranking as tables: every criterion × bidder with each member's score, the spread, the
outliers and the consensus; and the bidders' standings.

State is given in words ("Conflict (not scoring)", "Not scored", "⚑ outlier"); colour and type only repeat it.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from sv_desktop.domain.evaluation import OUTLIER_STEPS, Score, ScoringScale, Standing
from sv_desktop.domain.evaluation_views import (
    BidderView,
    Cell,
    CriterionView,
    EvaluationView,
    MemberView,
)
from sv_desktop.ui.common.theme import tone_colour
from sv_desktop.ui.evaluation.figures import number_text, weighted_text
from sv_desktop.ui.evaluation.view_table import (
    CONFLICT_TONE,
    NOT_YET_TONE,
    OUTLIER_TONE,
    TEXT_ALIGN,
    Column,
    ViewTable,
)

OUTLIER_MARK = "⚑"


def outlier_rule(scale: ScoringScale) -> str:
    points = OUTLIER_STEPS * scale.step
    return (f"{OUTLIER_MARK} outlier: a score {OUTLIER_STEPS} scale steps or more ({points} points or more) from the "
            "others' median (the other members scoring the same bidder on the same criterion; needs three scores "
            "or more)")


@dataclass(frozen=True)
class MemberMark:
    """How one member stands on one cell, in words."""

    member: MemberView
    score: Score | None  # None: not scored yet
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
    parts = []
    for m in marks:
        assert m.score is not None  # outliers are picked among the scored members (member_marks)
        parts.append(f"{OUTLIER_MARK} {m.member.name} ({m.score.points})")
    return "; ".join(parts)


class ModerationModel(ViewTable):
    """One row per criterion × bidder: each member's score, spread, mean, outliers, consensus and weighted score.

    Rows are grouped by criterion (the criterion cell spans its bidders in the view).
    """

    FIXED_BEFORE = (
        Column("criterion", "Criterion", "The criterion and its sub-weight"),
        Column("bidder", "Bidder"),
    )
    FIXED_AFTER = (
        Column("spread", "Spread (low–high)", "The lowest and highest of the members' scores"),
        Column("mean", "Mean", "The average of the members' scores (for reference: the consensus is the panel's "
                                "moderated judgement and may differ)", True),
        Column("outliers", "Outliers", "Members whose score is 2 scale steps or more from the others' median"),
        Column("consensus", "Consensus", "The moderated score the panel agreed, with its rationale"),
        Column("weighted", "Weighted (%)", "Consensus ÷ maximum points × sub-weight, in percentage points", True),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._view: EvaluationView | None = None
        self._columns: tuple[Column, ...] = self.FIXED_BEFORE + self.FIXED_AFTER
        self._criteria: dict[int, CriterionView] = {}
        self._bidders: dict[int, BidderView] = {}
        self._marks: list[list[MemberMark]] = []

    def set_evaluation(self, view: EvaluationView | None) -> None:
        self.beginResetModel()
        self._view = view
        members = view.members if view else ()
        self._columns = self.FIXED_BEFORE + tuple(
            Column(f"member:{m.id}", m.name, f"{m.name}'s score" + (f" ({m.role})" if m.role else ""), True)
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

    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def cell(self, row: int) -> Cell | None:
        return self.row_at(row)

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
        assert view is not None  # there are rows only while a view is shown (set_view)
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
        assert view is not None  # there are rows only while a view is shown (set_view)
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



class StandingsModel(ViewTable):
    COLUMNS = (
        Column("position", "Position", "Ties share a position, shown with '='"),
        Column("bidder", "Bidder"),
        Column("social_value", "Social value (weighted %)", "The sum of the weighted consensus scores", True),
        Column("price", "Price score", number=True),
        Column("quality", "Quality score", number=True),
        Column("total", "Total", "The figure the ranking is by", True),
        Column("note", "Note"),
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



__all__ = [
    "OUTLIER_MARK",
    "MemberMark",
    "ModerationModel",
    "StandingsModel",
    "member_marks",
    "outlier_rule",
    "outliers_text",
    "spread_text",
]
