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
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.delivery import Period
from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.services.delivery import ReturnRecord
from sv_desktop.ui.commitment_model import status_text

ERROR_STYLE = "color: #b00020;"


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


class FieldErrors:
    """Error text under each field and a summary that names the fields, in one place for every form here."""

    def __init__(self, summary: QLabel, titles: dict[str, str] | None = None):
        self.summary = summary
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        self.titles: dict[str, str] = dict(titles or {})
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    def row(self, form: QFormLayout, name: str, title: str, widget: QWidget) -> QLabel:
        """Add a labelled row with an error line under the field; returns the row's label."""
        label = QLabel(title)
        label.setBuddy(widget)
        widget.setAccessibleName(title.replace("&", ""))
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        holder = QWidget()
        stack = QVBoxLayout(holder)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(widget)
        stack.addWidget(error)
        form.addRow(label, holder)
        self.titles.setdefault(name, title.replace("&", ""))
        self.labels[name] = error
        self.widgets[name] = widget
        return label

    def show(self, errors, heading: str = "Not saved. Please correct:") -> None:
        self.clear()
        lines = []
        first: QWidget | None = None
        for error in errors:
            title = self.titles.get(error.field, error.field.replace("_", " ").capitalize())
            lines.append(f"{title}: {error.message}")
            label = self.labels.get(error.field)
            if label is not None:
                label.setText(f"⚠ {error.message}")
                label.show()
                widget = self.widgets[error.field]
                widget.setAccessibleDescription(f"Error: {error.message}")
                first = first or widget
        self.summary.setText(heading + "\n• " + "\n• ".join(lines))
        self.summary.show()
        if first is not None and first.isEnabled():
            first.setFocus()

    def clear(self) -> None:
        self.summary.hide()
        self.summary.clear()
        for name, label in self.labels.items():
            label.hide()
            label.clear()
            self.widgets[name].setAccessibleDescription("")

    def message(self, name: str) -> str:
        """The error shown beside a field, or the summary line naming it; empty when none."""
        label = self.labels.get(name)
        if label is not None and not label.isHidden():
            return label.text()
        return ""


@dataclass(frozen=True)
class ReturnInput:
    actual: Decimal | None
    evidence_notes: str
    evidence_ref: str


class ReturnDialog(QDialog):
    """Actual, evidence notes and evidence reference for one period; saving goes through `saver`."""

    def __init__(self, period: Period, commitment_title: str, unit_label: str, record: ReturnRecord | None,
                 saver: Callable[["ReturnDialog", ReturnInput], object], parent: QWidget | None = None, *,
                 period_name: str = ""):
        super().__init__(parent)
        self.period_name = period_name or period.label
        self._saver = saver
        self.period = period
        self.record = record
        self.setWindowTitle(("Correct the return for " if record else "Record the return for ") + self.period_name)
        self.setModal(True)
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
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary, {"period": "Period", "unit": "Unit", "reason": "Reason",
                                                 "commitment": "Commitment"})
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.actual = QLineEdit()
        self.actual.setPlaceholderText("e.g. 12 or 1,250.5")
        self.evidence_notes = QPlainTextEdit()
        self.evidence_notes.setTabChangesFocus(True)
        self.evidence_notes.setPlaceholderText("What the figure is based on, who checked it")
        self.evidence_notes.setMinimumHeight(70)
        self.evidence_ref = QLineEdit()
        self.evidence_ref.setPlaceholderText("File name, link or document reference")
        self.errors.row(form, "actual", f"&Actual ({unit_label})", self.actual)
        self.errors.row(form, "evidence_notes", "Evidence &notes", self.evidence_notes)
        self.errors.row(form, "evidence_ref", "Evidence &reference", self.evidence_ref)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save return")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if record is not None:
            self.actual.setText(f"{record.data.actual.normalize():,f}")
            self.evidence_notes.setPlainText(record.data.evidence_notes)
            self.evidence_ref.setText(record.data.evidence_ref)
        self.resize(520, 320)

    def values(self) -> ReturnInput:
        """What is typed; an unreadable actual raises ValidationError."""
        return ReturnInput(parse_figure(self.actual.text()), self.evidence_notes.toPlainText(),
                           self.evidence_ref.text())

    def accept(self) -> None:
        self.errors.clear()
        try:
            self._saver(self, self.values())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, "Return not saved", f"{exc}\n\nWhat you typed is still in the form.")
            return
        super().accept()


def _escape(text: str) -> str:
    import html

    return html.escape(text)


__all__ = ["ERROR_STYLE", "FieldErrors", "ReturnDialog", "ReturnInput", "parse_figure"]
