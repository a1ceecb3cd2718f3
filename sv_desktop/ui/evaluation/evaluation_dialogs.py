"""Small dialogs of the Evaluation tab: a bidder, a panel member, a conflict-of-interest declaration.

Each dialog reads what was typed and hands it to a `saver` (the tab's call to
EvaluationService). When the store refuses, the dialog stays open with what was
typed and the reasons listed, so nothing is lost.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import (
    ConflictError,
    FieldError,
    NotFoundError,
    ValidationError,
)
from sv_desktop.domain.evaluation_views import BidderView, MemberView
from sv_desktop.ui.common.form_parts import text_height
from sv_desktop.ui.common.literal_text import literal
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.evaluation.figures import number_text, parse_percent

FIELD_TITLES = {"name": "Name", "price_score": "Price score", "quality_score": "Quality score",
                "details": "Details", "reason": "Reason", "bidder": "Bidder", "member": "Panel member",
                "conflict": "Declaration", "role": "Role", "response_text": "Response"}


def error_lines(exc: ValidationError) -> list[str]:
    return [error.message for error in exc.errors]


class _SavingDialog(QDialog):
    """A form whose Save hands the values to `saver`; refusals are listed above the fields."""

    def __init__(self, title: str, saver: Callable[..., object], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._saver = saver
        self.layout_ = QVBoxLayout(self)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        set_tone(self.errors, Tone.ERROR)
        self.errors.setAccessibleName("Why it was not saved")
        self.errors.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self, intro: str = "") -> None:
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            self.layout_.addWidget(label)
        self.layout_.addWidget(self.errors)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.buttons)

    def _row(self, title: str, widget: QWidget) -> None:
        label = QLabel(title)
        label.setBuddy(widget)
        widget.setAccessibleName(title.replace("&", "").rstrip(":"))
        self.form.addRow(label, widget)

    def values(self) -> object:
        """The form's values as the saver takes them: each dialog says."""
        raise NotImplementedError

    def error_text(self) -> str:
        return self.errors.text() if not self.errors.isHidden() else ""

    def accept(self) -> None:
        self.errors.hide()
        try:
            self._saver(self, self.values())
        except ValidationError as exc:
            lines = [f"{FIELD_TITLES.get(e.field, e.field.replace('_', ' ').capitalize())}: {e.message}"
                     for e in exc.errors]
            self.errors.setText("Not saved. Please correct:\n• " + "\n• ".join(lines))
            self.errors.show()
            return
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, self.windowTitle(), f"{exc}\n\nWhat you typed is still in the form.")
            return
        super().accept()


def _optional_score(text: str, field: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return parse_percent(text)
    except ValueError as exc:
        raise ValidationError([FieldError(field, str(exc))]) from None


@dataclass(frozen=True)
class BidderInput:
    name: str
    supplier_name: str
    response_text: str
    price_score: Decimal | None
    quality_score: Decimal | None


class BidderDialog(_SavingDialog):
    """Add a bidder (name, the supplier in the register, response text) or change one (response, price, quality)."""

    def __init__(self, bidder: BidderView | None, saver: Callable[[BidderDialog, BidderInput], object],
                 parent: QWidget | None = None):
        super().__init__("Add a bidder" if bidder is None else f"Change {bidder.name}", saver, parent)
        self.bidder = bidder
        self.name = QLineEdit()
        self.name.setPlaceholderText("The bidding organisation, e.g. Brightwater Services Ltd")
        self.supplier = QLineEdit()
        self.supplier.setPlaceholderText("Leave empty to use the bidder's name")
        self.response = QPlainTextEdit()
        self.response.setTabChangesFocus(True)
        self.response.setPlaceholderText("Paste the bidder's social value response; attach documents from the tab")
        self.response.setMinimumHeight(text_height(self.response, 7))
        self.price = QLineEdit()
        self.price.setPlaceholderText("Optional, percentage points, e.g. 35")
        self.quality = QLineEdit()
        self.quality.setPlaceholderText("Optional, percentage points, e.g. 42.5")
        self._row("Bidder &name", self.name)
        if bidder is None:
            self._row("&Supplier in the register", self.supplier)
        self._row("Social value &response", self.response)
        if bidder is not None:
            self.name.setText(bidder.name)
            self.name.setReadOnly(True)
            self.response.setPlainText(bidder.response_text)
            self._row("&Price score", self.price)
            self._row("&Quality score", self.quality)
            self.price.setText(number_text(bidder.price_score))
            self.quality.setText(number_text(bidder.quality_score))
            intro = ("Price and quality scores are optional: when entered for every bidder the ranking is by the "
                     "total; otherwise it is by social value only.")
        else:
            intro = ("The bidder is linked to the supplier of that name in the register (a new supplier is "
                     "added when there is none).")
        self.save_button.setText("&Save bidder" if bidder else "&Add bidder")
        self._finish_layout(intro)
        self.resize(560, 420)

    def values(self) -> BidderInput:
        return BidderInput(self.name.text(), self.supplier.text().strip(), self.response.toPlainText(),
                           _optional_score(self.price.text(), "price_score"),
                           _optional_score(self.quality.text(), "quality_score"))


@dataclass(frozen=True)
class MemberInput:
    name: str
    role: str


class MemberDialog(_SavingDialog):
    def __init__(self, saver: Callable[[MemberDialog, MemberInput], object], parent: QWidget | None = None):
        super().__init__("Add a panel member", saver, parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Priya Shah")
        self.role = QLineEdit()
        self.role.setPlaceholderText("Optional, e.g. Head of Sustainability")
        self._row("&Name", self.name)
        self._row("&Role", self.role)
        self.save_button.setText("&Add member")
        self._finish_layout("Each member scores on their own laptop from a score sheet you export for them; "
                            "they declare any conflict of interest with each bidder first.")
        self.resize(460, 200)

    def values(self) -> MemberInput:
        return MemberInput(self.name.text(), self.role.text())


@dataclass(frozen=True)
class DeclarationInput:
    conflict: bool
    details: str


class DeclarationDialog(_SavingDialog):
    """One member's declaration about one bidder: no conflict, or a conflict with its details."""

    def __init__(self, member: MemberView, bidder: BidderView,
                 saver: Callable[[DeclarationDialog, DeclarationInput], object], parent: QWidget | None = None):
        super().__init__(f"Declaration: {member.name} and {bidder.name}", saver, parent)
        self.member, self.bidder = member, bidder
        self.no_conflict = QRadioButton(f"&No conflict of interest with {literal(bidder.name)}")
        self.conflict = QRadioButton(f"&Conflict of interest with {literal(bidder.name)} (blocks scoring them)")
        group = QButtonGroup(self)
        group.addButton(self.no_conflict)
        group.addButton(self.conflict)
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setPlaceholderText("What the conflict is, e.g. 'Spouse is a director of the bidder'")
        self.details.setMaximumHeight(text_height(self.details, 5))
        self.form.addRow(self.no_conflict)
        self.form.addRow(self.conflict)
        self._row("&Details of the conflict", self.details)
        declared = member.declared.get(bidder.id)
        if declared is not None and declared[0]:
            self.conflict.setChecked(True)
            self.details.setPlainText(declared[1])
        else:
            self.no_conflict.setChecked(True)
        self.conflict.toggled.connect(self.details.setEnabled)
        self.details.setEnabled(self.conflict.isChecked())
        self.save_button.setText("&Record declaration")
        state = ("Not declared yet." if declared is None else
                 f"Declared so far: {'conflict of interest: ' + declared[1] if declared[0] else 'no conflict'}.")
        self._finish_layout(f"<b>{html.escape(member.name)}</b> about <b>{html.escape(bidder.name)}</b>. "
                            f"{html.escape(state)} Declarations are recorded before scoring.")
        self.resize(520, 260)

    def values(self) -> DeclarationInput:
        return DeclarationInput(self.conflict.isChecked(), self.details.toPlainText() if self.conflict.isChecked()
                                else "")


__all__ = ["BidderDialog", "BidderInput", "DeclarationDialog", "DeclarationInput", "MemberDialog", "MemberInput",
           "error_lines"]
