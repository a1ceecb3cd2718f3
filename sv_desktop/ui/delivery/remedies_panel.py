"""The remedies log of one commitment: what was done with the supplier when delivery slipped.

A note above the log says when a remedy is expected (the commitment is red)
and which kinds the policy withholds on this contract (payment deductions and
service credits only above the policy's contract value). Adding, editing and
deleting go through DeliveryService; afterwards the tab reads everything again
through the `reload` callback, keeping the remedy selected.

Signals:
    changed(): a remedy was stored or deleted.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from sv_desktop.domain.delivery import Rag, RemedyData
from sv_desktop.domain.errors import ConflictError, NotFoundError
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService, RemedyRecord
from sv_desktop.ui.common.form_parts import confirm
from sv_desktop.ui.common.formatting import date_text, money_text
from sv_desktop.ui.delivery.commitment_model import RemedyTableModel, metric_text
from sv_desktop.ui.delivery.delivery_table import DeliveryTable
from sv_desktop.ui.delivery.remedy_dialog import RemedyDialog


class RemediesPanel(QWidget):
    """The Remedies page: the note on remedies, the log and its add, edit and delete buttons."""

    changed = Signal()

    def __init__(self, delivery: DeliveryService, *, reload: Callable[..., None],
                 framework_names: Callable[[], dict[str, str]], today: Callable[[], date],
                 dialog_parent: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # Dialogs and questions open over the tab, which stays enabled while its pages are greyed out.
        self._host = dialog_parent if dialog_parent is not None else self
        self._delivery = delivery
        self._reload = reload
        self._framework_names = framework_names
        self._today = today
        self._record: CommitmentRecord | None = None
        self.contract_value: Decimal | None = None  # the contract's total value decides the kinds on offer
        self.remedy_dialog: RemedyDialog | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About remedies")
        layout.addWidget(self.note)
        self.model = RemedyTableModel(self)
        self.table = DeliveryTable("Remedies")
        self.table.setModel(self.model)
        for column, width in enumerate((200, 260, 90, 90, 90, 90)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add re&medy…")
        self.edit_button = QPushButton("&Edit remedy…")
        self.delete_button = QPushButton("Delete remedy")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.table.activated_row.connect(lambda _row: self.edit_remedy())
        self.add_button.clicked.connect(self.add_remedy)
        self.edit_button.clicked.connect(self.edit_remedy)
        self.delete_button.clicked.connect(self.delete_remedy)

    # -- what it shows -------------------------------------------------------------------------------
    def show_commitment(self, record: CommitmentRecord | None, *, remedy_id: int | None = None) -> None:
        """Show `record`'s remedies, selecting `remedy_id` (else the first)."""
        self._record = record
        self.model.set_remedies(record.remedies if record is not None else ())
        if record is not None:
            self.table.select_row(max(self.model.row_of(remedy_id), 0))
        self._show_note(record)
        self._update_buttons()

    def current_remedy(self) -> RemedyRecord | None:
        return self.model.remedy(self.table.current_row())

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self._record is not None)
        remedy = self.current_remedy()
        self.edit_button.setEnabled(remedy is not None)
        self.delete_button.setEnabled(remedy is not None)

    def _allowed_kinds(self):
        return self._delivery.remedy_kinds(self.contract_value)

    def _policy_note(self) -> str:
        limit = self._delivery.deductions_over()
        if limit is None or any(kind.takes_amount for kind in self._allowed_kinds()):
            return ""
        return (f"Payment deductions and service credits are not offered: the policy allows them only on "
                f"contracts over {money_text(limit)} total value.")

    def _show_note(self, record: CommitmentRecord | None) -> None:
        if record is None:
            self.note.setText("Choose a commitment to see its remedies.")
            return
        lines = []
        if record.progress.rag is Rag.RED:
            lines.append("<b>This commitment is red: off track.</b> Record the action taken with the supplier "
                         "(an improvement plan, alternative social value of equivalent value, or a payment "
                         "deduction or service credit where the contract allows).")
        else:
            lines.append(f"This commitment is {html.escape(record.progress.rag.label.lower())}. Remedies are "
                         "usually recorded when a commitment goes red.")
        note = self._policy_note()
        if note:
            lines.append(html.escape(note))
        self.note.setText("<br>".join(lines))

    # -- adding, editing, deleting ---------------------------------------------------------------------
    def add_remedy(self) -> RemedyDialog | None:
        return self._open(None)

    def edit_remedy(self) -> RemedyDialog | None:
        remedy = self.current_remedy()
        return self._open(remedy) if remedy is not None else None

    def _open(self, remedy: RemedyRecord | None) -> RemedyDialog | None:
        record = self._record
        if record is None:
            return None
        # The remedy belongs to this commitment whatever is selected while the dialog is open.
        dialog = RemedyDialog(self._allowed_kinds(), remedy, self._today(),
                              lambda shown, data: self._store(record, shown, data),
                              metric_text(record, self._framework_names()), self._policy_note(), self._host)
        self.remedy_dialog = dialog
        dialog.open()
        return dialog

    def _store(self, record: CommitmentRecord, dialog: RemedyDialog, data: RemedyData) -> None:
        existing = dialog.record
        saved = self._delivery.save_remedy(record.id, data, remedy_id=existing.id if existing else None,
                                           expected_version=existing.version if existing else None)
        self._after_change(record.id, saved.id)

    def _after_change(self, commitment_id: int, remedy_id: int | None = None) -> None:
        self._reload(select=commitment_id, remedy_id=remedy_id, keep_editor=True)
        self.changed.emit()

    def delete_remedy(self) -> bool:
        record, remedy = self._record, self.current_remedy()
        if record is None or remedy is None:
            return False
        if not confirm(self._host, "Delete remedy", f"Delete the remedy “{remedy.data.kind.label}” raised on "
                                              f"{date_text(remedy.data.raised_on)}?"):
            return False
        try:
            self._delivery.delete_remedy(remedy.id, remedy.version)
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self._host, "Remedy not deleted", str(exc))
            self._reload(select=record.id, keep_editor=True)
            return False
        self._after_change(record.id)
        return True


__all__ = ["RemediesPanel"]
