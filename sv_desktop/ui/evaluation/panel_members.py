"""The evaluation panel: its members, and each member's conflict-of-interest declaration about each bidder.

Declarations come before scoring: a member's score sheet can only be issued once they have declared for every
bidder, and a declared conflict keeps that bidder off their sheet. Both groups sit on the Evaluation tab's
"Bidders and panel" section, below the bidders.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.evaluation_views import BidderView, EvaluationView, MemberView
from sv_desktop.ui.common.theme import Tone
from sv_desktop.ui.evaluation.evaluation_changes import EvaluationChanges
from sv_desktop.ui.evaluation.evaluation_dialogs import (
    DeclarationDialog,
    DeclarationInput,
    MemberDialog,
    MemberInput,
)
from sv_desktop.ui.evaluation.evaluation_widgets import (
    item_table,
    select_row,
    wrapped_label,
)
from sv_desktop.ui.evaluation.panel_models import DeclarationsModel, MembersModel


class MembersPanel(QGroupBox):
    """The panel members table with add and remove.

    Signals:
        member_added(int): a member was added; their id (the tab selects them wherever members are listed).
    """

    member_added = Signal(int)

    def __init__(self, changes: EvaluationChanges, parent: QWidget | None = None):
        super().__init__("Panel members", parent)
        self._changes = changes
        self.dialog: MemberDialog | None = None
        layout = QVBoxLayout(self)
        self.model = MembersModel(self)
        self.table = item_table("Panel members")
        self.table.setModel(self.model)
        for column, width in enumerate((200, 200, 380)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add &member…")
        self.remove_button = QPushButton("Remove member")
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)

    def set_evaluation(self, view: EvaluationView) -> None:
        """Show the panel, keeping the selected member (or the first) selected."""
        current = self.current()
        self.model.set_panel(view.members, view.bidders)
        self.select(current.id if current is not None else None)
        self._update_buttons()

    def current(self) -> MemberView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, member_id: int | None) -> None:
        select_row(self.table, self.model, member_id)

    def _update_buttons(self, *_args) -> None:
        self.remove_button.setEnabled(self.current() is not None)

    def add(self) -> MemberDialog | None:
        if self._changes.view is None:
            return None
        self.dialog = MemberDialog(self._store, self)
        self.dialog.open()
        return self.dialog

    def _store(self, dialog: MemberDialog, values: MemberInput) -> None:
        changes = self._changes
        reason = changes.require_reason("is a panel member being added")
        added = changes.service.add_member(changes.shown_contract_id, values.name, values.role, reason=reason)
        changes.after_change()
        self.member_added.emit(added.id)

    def remove(self) -> None:
        changes = self._changes
        member = self.current()
        if changes.view is None or member is None:
            return
        answer = QMessageBox.question(
            self, "Remove panel member", f"Remove {member.name} from the panel, with their declarations?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = changes.reason(f"is {member.name} leaving the panel")
        if reason is None:
            return
        changes.run("Member not removed", lambda: changes.service.remove_member(changes.shown_contract_id, member.id,
                                                                                reason))


class DeclarationsPanel(QGroupBox):
    """The declarations matrix, panel members (rows) × bidders (columns), with "record" and "no conflict"."""

    def __init__(self, changes: EvaluationChanges, parent: QWidget | None = None):
        super().__init__("Conflict-of-interest declarations (before scoring)", parent)
        self._changes = changes
        self.dialog: DeclarationDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label(
            "One declaration per panel member (row) and bidder (column). A declared conflict blocks that member "
            "from scoring that bidder. Select a cell and press Enter, or double-click it, to record a declaration.",
            Tone.MUTED))
        self.model = DeclarationsModel(self)
        self.table = item_table("Declarations by panel member and bidder")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultSectionSize(220)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.declare_button = QPushButton("&Record declaration…")
        self.declare_none_button = QPushButton("Record ‘&no conflict’ for the member's other bidders")
        self.declare_none_button.setToolTip("For the selected member: no conflict with every bidder not yet declared")
        row.addWidget(self.declare_button)
        row.addWidget(self.declare_none_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self.table.open_item.connect(lambda _index: self.record())
        self.declare_button.clicked.connect(self.record)
        self.declare_none_button.clicked.connect(self.declare_no_conflicts)

    def set_evaluation(self, view: EvaluationView) -> None:
        """Show every declaration, keeping the selected member and bidder (or the first cell) selected."""
        member, bidder = self._current()
        self.model.set_panel(view.members, view.bidders)
        index = self.model.index_of(member.id if member else None, bidder.id if bidder else None)
        if not index.isValid() and self.model.rowCount() and self.model.columnCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _current(self) -> tuple[MemberView | None, BidderView | None]:
        index = self.table.currentIndex()
        if not index.isValid():
            return None, None
        return self.model.member(index.row()), self.model.bidder(index.column())

    def select(self, member_id: int, bidder_id: int) -> None:
        index = self.model.index_of(member_id, bidder_id)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _update_buttons(self, *_args) -> None:
        chosen = self.table.currentIndex().isValid()
        self.declare_button.setEnabled(chosen)
        self.declare_none_button.setEnabled(chosen)

    def record(self) -> DeclarationDialog | None:
        member, bidder = self._current()
        if self._changes.view is None or member is None or bidder is None:
            return None
        self.dialog = DeclarationDialog(member, bidder, self._store, self)
        self.dialog.open()
        return self.dialog

    def _store(self, dialog: DeclarationDialog, values: DeclarationInput) -> None:
        changes = self._changes
        reason = changes.require_reason(f"is {dialog.member.name}'s declaration about {dialog.bidder.name} changing")
        changes.service.declare(changes.shown_contract_id, dialog.member.id, dialog.bidder.id, values.conflict,
                                values.details, reason=reason)
        changes.after_change()
        self.select(dialog.member.id, dialog.bidder.id)

    def declare_no_conflicts(self) -> None:
        changes = self._changes
        view = changes.view
        member, _bidder = self._current()
        if view is None or member is None:
            return
        undeclared = [b for b in view.bidders if b.id not in member.declared]
        if not undeclared:
            QMessageBox.information(self, "Declarations", f"{member.name} has declared for every bidder already.")
            return
        answer = QMessageBox.question(
            self, "Record ‘no conflict’",
            f"Record that {member.name} declared no conflict of interest with: "
            f"{', '.join(b.name for b in undeclared)}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = changes.reason(f"are {member.name}'s declarations being recorded")
        if reason is None:
            return

        def declare_all() -> None:
            for bidder in undeclared:
                changes.service.declare(changes.shown_contract_id, member.id, bidder.id, False, "", reason=reason)

        changes.run("Declarations not recorded", declare_all)
        self.select(member.id, undeclared[0].id)


__all__ = ["DeclarationsPanel", "MembersPanel"]
