"""Recording what was done about a commitment that slipped: the action, dates, amount and outcome.

Only the kinds the active policy allows on the contract are offered (the
council policy allows payment deductions and service credits only over
£100,000; seed 003 (vii)). Saving goes through a `saver`; when the store
refuses, the dialog stays open with everything as typed.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.delivery import RemedyData, RemedyKind
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.services.delivery import RemedyRecord
from sv_desktop.ui.common.form_parts import SaverDialog, text_height
from sv_desktop.ui.common.widgets import MoneyEdit, OptionalDateEdit


class RemedyDialog(SaverDialog):
    """Add or edit one remedy; `saver(dialog, RemedyData)` stores it or raises."""

    REFUSED = "Remedy not saved"

    def __init__(self, kinds: list[RemedyKind], record: RemedyRecord | None, today: date,
                 saver: Callable[[RemedyDialog, RemedyData], object], commitment_title: str = "",
                 policy_note: str = "", parent: QWidget | None = None):
        super().__init__(saver, parent)
        self.record = record
        self.setWindowTitle("Edit remedy" if record else "Record a remedy")
        layout = QVBoxLayout(self)
        if commitment_title:
            intro = QLabel(f"For: {commitment_title}")
            intro.setWordWrap(True)
            layout.addWidget(intro)
        if policy_note:
            note = QLabel(policy_note)
            note.setWordWrap(True)
            layout.addWidget(note)
        self._add_summary(layout)
        form = QFormLayout()
        self.kind = QComboBox()
        offered = list(kinds)
        if record is not None and record.data.kind not in offered:
            offered.append(record.data.kind)  # recorded under an earlier policy: still shown as it is
        for kind in offered:
            self.kind.addItem(kind.label, kind.value)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What was agreed with the supplier")
        self.description.setMinimumHeight(text_height(self.description, 3))
        self.amount = MoneyEdit()
        self.amount.setToolTip("For payment deductions and service credits only")
        self.raised_on = OptionalDateEdit()
        self.due_on = OptionalDateEdit()
        self.closed_on = OptionalDateEdit()
        self.outcome = QPlainTextEdit()
        self.outcome.setTabChangesFocus(True)
        self.outcome.setPlaceholderText("What happened; needed when the remedy is closed")
        self.outcome.setMinimumHeight(text_height(self.outcome, 2))
        self.errors.row(form, "kind", "&Action taken", self.kind)
        self.errors.row(form, "description", "&Description", self.description)
        self.amount_label = self.errors.row(form, "amount", "A&mount (£)", self.amount)
        self.errors.row(form, "raised_on", "&Raised on", self.raised_on)
        self.errors.row(form, "due_on", "D&ue by", self.due_on)
        self.errors.row(form, "closed_on", "&Closed on", self.closed_on)
        self.errors.row(form, "outcome", "&Outcome", self.outcome)
        layout.addLayout(form)
        self._add_buttons(layout, "&Save remedy")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if record is not None:
            data = record.data
            self.kind.setCurrentIndex(max(self.kind.findData(data.kind.value), 0))
            self.description.setPlainText(data.description)
            self.amount.set_value(data.amount)
            self.raised_on.set_value(data.raised_on)
            self.due_on.set_value(data.due_on)
            self.closed_on.set_value(data.closed_on)
            self.outcome.setPlainText(data.outcome)
        else:
            self.raised_on.set_value(today)
        self._kind_changed()
        self.resize(540, 460)

    def current_kind(self) -> RemedyKind | None:
        value = self.kind.currentData()
        return RemedyKind(value) if value is not None else None

    def _kind_changed(self, *_args) -> None:
        kind = self.current_kind()
        takes = bool(kind and kind.takes_amount)
        self.amount.setEnabled(takes)
        if not takes:
            self.amount.clear()

    def values(self) -> RemedyData:
        """The remedy as typed; unreadable or missing parts raise ValidationError naming the field."""
        errors: list[FieldError] = []
        kind = self.current_kind()
        if kind is None:
            errors.append(FieldError("kind", "Choose the action taken."))
        amount = None
        if kind is not None and kind.takes_amount:
            try:
                amount = self.amount.value()
            except ValueError as exc:
                errors.append(FieldError("amount", f"The amount {exc}." if str(exc).startswith("must")
                                         else f"{exc}."))
        raised = self.raised_on.value()
        if raised is None:
            errors.append(FieldError("raised_on", "Enter the date the remedy was raised."))
        if errors:
            raise ValidationError(errors)
        assert kind is not None and raised is not None  # a missing one was reported in `errors` above
        return RemedyData(kind, raised, self.description.toPlainText(), amount, self.due_on.value(),
                          self.closed_on.value(), self.outcome.toPlainText())


__all__ = ["RemedyDialog"]
