"""The bidders being evaluated: each with their social value response, attached response documents and the
optional price and quality scores, on the Evaluation tab's "Bidders and panel" section.

Bidders are part of the set-up: score sheets carry them to the panel, so they are entered before sheets go out.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.evaluation_views import BidderView, EvaluationView
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.evaluation.evaluation_changes import FAILED, EvaluationChanges
from sv_desktop.ui.evaluation.evaluation_dialogs import BidderDialog, BidderInput
from sv_desktop.ui.evaluation.evaluation_widgets import item_table, select_row
from sv_desktop.ui.evaluation.panel_models import BiddersModel


class BiddersPanel(QGroupBox):
    """The bidders table with add, change, attach a response document and remove."""

    def __init__(self, changes: EvaluationChanges, parent: QWidget | None = None):
        super().__init__("Bidders", parent)
        self._changes = changes
        self.dialog: BidderDialog | None = None
        layout = QVBoxLayout(self)
        self.model = BiddersModel(self)
        self.table = item_table("Bidders")
        self.table.setModel(self.model)
        for column, width in enumerate((230, 170, 260, 110, 110)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add bidder…")
        self.edit_button = QPushButton("C&hange bidder…")
        self.edit_button.setToolTip("The response text and the optional price and quality scores")
        self.attach_button = QPushButton("A&ttach response document…")
        self.remove_button = QPushButton("Remove bidder")
        for button in (self.add_button, self.edit_button, self.attach_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.open_item.connect(lambda _index: self.edit())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.attach_button.clicked.connect(self.attach_response)
        self.remove_button.clicked.connect(self.remove)

    # -- showing ---------------------------------------------------------------------------------------------
    def set_evaluation(self, view: EvaluationView) -> None:
        """Show the bidders, keeping the selected one (or the first) selected."""
        current = self.current()
        self.model.set_bidders(view.bidders)
        self.select(current.id if current is not None else None)
        self._update_buttons()

    def current(self) -> BidderView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, bidder_id: int | None) -> None:
        select_row(self.table, self.model, bidder_id)

    def _update_buttons(self, *_args) -> None:
        view = self._changes.view
        locked = view is not None and view.locked
        bidder = self.current()
        self.edit_button.setEnabled(bidder is not None)
        self.attach_button.setEnabled(bidder is not None and not locked)
        self.attach_button.setToolTip("Attach the bidder's submitted response document; it travels in the score "
                                      "sheets" if not locked else "Documents cannot be attached after locking")
        self.remove_button.setEnabled(bidder is not None)

    # -- changes ---------------------------------------------------------------------------------------------
    def add(self) -> BidderDialog | None:
        if self._changes.view is None:
            return None
        self.dialog = BidderDialog(None, self._store, self)
        self.dialog.open()
        return self.dialog

    def edit(self) -> BidderDialog | None:
        bidder = self.current()
        if self._changes.view is None or bidder is None:
            return None
        self.dialog = BidderDialog(bidder, self._store, self)
        self.dialog.open()
        return self.dialog

    def _store(self, dialog: BidderDialog, values: BidderInput) -> None:
        changes = self._changes
        bidder = dialog.bidder
        if bidder is None:
            reason = changes.require_reason("is a bidder being added")
            added = changes.service.add_bidder(changes.shown_contract_id, values.name, values.response_text,
                                               values.supplier_name, reason=reason)
            changes.after_change()
            self.select(added.id)
            return
        clear = (values.price_score is None and bidder.price_score is not None) or \
                (values.quality_score is None and bidder.quality_score is not None)
        edited = values.response_text.strip() != bidder.response_text or clear \
            or values.price_score != bidder.price_score or values.quality_score != bidder.quality_score
        if not edited:
            return
        reason = changes.require_reason(f"is {bidder.name} changing")
        changes.service.update_bidder(
            changes.shown_contract_id, bidder.id, response_text=values.response_text,
            price_score=values.price_score if values.price_score != bidder.price_score or clear else None,
            quality_score=values.quality_score if values.quality_score != bidder.quality_score or clear else None,
            clear_price_quality=clear, reason=reason)
        changes.after_change()
        self.select(bidder.id)

    def attach_response(self) -> None:
        changes = self._changes
        bidder = self.current()
        if changes.view is None or bidder is None or not self.attach_button.isEnabled():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, f"Attach {bidder.name}'s social value response", start_path("documents"),
            "Documents (*.pdf *.docx *.doc *.odt *.rtf *.txt *.xlsx);;All files (*)")
        if not path:
            return
        remember_folder("documents", path)
        if changes.run("Document not attached", lambda: changes.service.attach_response(
                changes.shown_contract_id, bidder.id, Path(path))) is not FAILED:
            self.select(bidder.id)

    def remove(self) -> None:
        changes = self._changes
        bidder = self.current()
        if changes.view is None or bidder is None:
            return
        answer = QMessageBox.question(
            self, "Remove bidder", f"Remove {bidder.name} from the evaluation, with their declarations and "
                                   "attached documents? Score sheets already issued will need to be issued again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = changes.reason(f"is {bidder.name} being removed")
        if reason is None:
            return
        changes.run("Bidder not removed",
                    lambda: changes.service.remove_bidder(changes.shown_contract_id, bidder.id, reason))


__all__ = ["BiddersPanel"]
