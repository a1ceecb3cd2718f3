"""Recording or correcting one period's delivery return; the period is fixed by the row it was opened from.

The dialog reads what was typed and hands it to a `saver` (the Delivery tab's
call to DeliveryService.save_return). When the store refuses it, the dialog
stays open with every field as typed and the problem shown beside the field
it concerns, so nothing is lost.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.delivery import Period
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.services.delivery import ReturnRecord
from sv_desktop.ui.common.form_parts import ERROR_STYLE, FieldErrors, SaverDialog, text_height
from sv_desktop.ui.delivery.commitment_model import status_text


def parse_figure(text: str, field: str = "actual") -> Decimal | None:
    """'1,250.5' -> Decimal('1250.5'); '' -> None; words raise ValidationError naming the field."""
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "").replace("£", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError([FieldError(field, f"'{text.strip()}' is not a number; enter digits, "
                                                 "for example 12 or 1,250.5.")])
    return value


@dataclass(frozen=True)
class ReturnInput:
    actual: Decimal | None
    evidence_notes: str
    evidence_ref: str


class ReturnDialog(SaverDialog):
    """Actual, evidence notes and evidence reference for one period; saving goes through `saver`."""

    REFUSED = "Return not saved"

    def __init__(self, period: Period, commitment_title: str, unit_label: str, record: ReturnRecord | None,
                 saver: Callable[[ReturnDialog, ReturnInput], object], parent: QWidget | None = None, *,
                 period_name: str = ""):
        super().__init__(saver, parent)
        self.period_name = period_name or period.label
        self.period = period
        self.record = record
        self.setWindowTitle(("Correct the return for " if record else "Record the return for ") + self.period_name)
        layout = QVBoxLayout(self)
        intro = QLabel(f"<b>{_escape(commitment_title)}</b><br>{_escape(self.period_name)} "
                       f"({period.start:%d/%m/%Y} to {period.end:%d/%m/%Y})")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        if record is not None:
            state = QLabel(f"Status: {status_text(record)}."
                           + (" Changing a verified return needs a reason, kept in its history, and it goes "
                              "back to claimed for verification again." if record.data.status.value == "verified"
                              else ""))
            state.setWordWrap(True)
            layout.addWidget(state)
        self._add_summary(layout, {"period": "Period", "unit": "Unit", "reason": "Reason", "commitment": "Commitment"})
        form = QFormLayout()
        self.actual = QLineEdit()
        self.actual.setPlaceholderText("e.g. 12 or 1,250.5")
        self.evidence_notes = QPlainTextEdit()
        self.evidence_notes.setTabChangesFocus(True)
        self.evidence_notes.setPlaceholderText("What the figure is based on, who checked it")
        self.evidence_notes.setMinimumHeight(text_height(self.evidence_notes, 3))
        self.evidence_ref = QLineEdit()
        self.evidence_ref.setPlaceholderText("File name, link or document reference")
        self.errors.row(form, "actual", f"&Actual ({unit_label})", self.actual)
        self.errors.row(form, "evidence_notes", "Evidence &notes", self.evidence_notes)
        self.errors.row(form, "evidence_ref", "Evidence &reference", self.evidence_ref)
        layout.addLayout(form)
        self._add_buttons(layout, "&Save return")
        if record is not None:
            self.actual.setText(f"{record.data.actual.normalize():,f}")
            self.evidence_notes.setPlainText(record.data.evidence_notes)
            self.evidence_ref.setText(record.data.evidence_ref)
        self.resize(520, 320)

    def values(self) -> ReturnInput:
        """What is typed; an unreadable actual raises ValidationError."""
        return ReturnInput(parse_figure(self.actual.text()), self.evidence_notes.toPlainText(),
                           self.evidence_ref.text())


def _escape(text: str) -> str:
    import html

    return html.escape(text)


__all__ = ["ERROR_STYLE", "FieldErrors", "ReturnDialog", "ReturnInput", "parse_figure"]
