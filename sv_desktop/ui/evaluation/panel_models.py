"""The bidders and the panel as tables: bidders with their responses, panel members with their declarations
and sheets, and the declarations matrix (member × bidder).

A conflict of interest and a declaration not made yet are said in words; colour and bold only repeat them.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from sv_desktop.domain.evaluation_views import BidderView, MemberView
from sv_desktop.ui.common.theme import tone_colour
from sv_desktop.ui.evaluation.figures import number_text
from sv_desktop.ui.evaluation.view_table import (
    NOT_YET_TONE,
    OUTLIER_TONE,
    PARENT,
    Column,
    ViewTable,
)


class BiddersModel(ViewTable):
    COLUMNS = (
        Column("name", "Bidder"),
        Column("response", "Social value response", "The response text the bidder submitted"),
        Column("documents", "Response documents", "Documents attached; they travel in the score sheets"),
        Column("price", "Price score", "Optional: percentage points from the price evaluation", True),
        Column("quality", "Quality score", "Optional: percentage points from the quality evaluation", True),
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


class MembersModel(ViewTable):
    COLUMNS = (
        Column("name", "Panel member"),
        Column("role", "Role"),
        Column("declarations", "Conflict-of-interest declarations"),
        Column("sheet", "Completed score sheet", "The latest version of the member's sheet imported here"),
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


__all__ = ["BiddersModel", "DeclarationsModel", "MembersModel", "declaration_text", "declarations_summary",
           "sheet_text"]
