"""The parts every edit form here is made of, kept in one place so the forms look and behave alike.

A heading, a red summary of what stops a save, a body that scrolls, labelled rows with an error line under
each field, a ValidationError shown beside the fields it names (and cleared), the bookkeeping of unsaved
edits, Save and Revert, and the questions asked before edits or records are thrown away. The contract,
supplier and carbon plan forms, the commitment editor and the return and remedy dialogs are built from
these, so a fix to one part (contrast, accessible names, focus) reaches every form.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.ui.common.editor import DirtyTracking, Editor
from sv_desktop.ui.common.errors import show_error
from sv_desktop.ui.common.theme import LIGHT_TONES, Tone, set_tone

# The error colour under a light palette, for style sheets; set_tone(label, Tone.ERROR) follows the palette.
ERROR_STYLE = f"color: {LIGHT_TONES[Tone.ERROR]};"  # the words, not the colour, say what is wrong
T = TypeVar("T")
_ITS_OWN = object()  # a row's label names the row's own widget


# -- layout --------------------------------------------------------------------------------------------

def heading_label(scale: float = 1.25) -> QLabel:
    """The form's title line: bold and a little larger, so it reads as the heading of what follows."""
    label = QLabel()
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def error_line() -> QLabel:
    """The red line under one field that says what is wrong with it; hidden while nothing is."""
    error = QLabel()
    error.setWordWrap(True)
    set_tone(error, Tone.ERROR)
    error.hide()
    return error


def with_error_line(widget: QWidget, error: QLabel) -> QWidget:
    """The field with its error line close under it, so the message is read as belonging to that field."""
    holder = QWidget()
    stack = QVBoxLayout(holder)
    stack.setContentsMargins(0, 0, 0, 0)
    stack.setSpacing(2)
    stack.addWidget(widget)
    stack.addWidget(error)
    return holder


def text_height(widget: QWidget, lines: float) -> int:
    """The height that shows `lines` lines of text in the widget's own font, with its frame and margins.

    The font follows the system's text size, so a box sized this way grows with it instead of cutting lines off.
    """
    margin = 0.0
    document = getattr(widget, "document", None)
    if callable(document):
        margin = 2 * document().documentMargin()
    frame = 2 * widget.frameWidth() if isinstance(widget, QFrame) else 0
    return math.ceil(widget.fontMetrics().lineSpacing() * lines + margin + frame + 2)


def rows_height(view: QAbstractItemView, rows: float) -> int:
    """The height that shows `rows` rows of a list or table under its header, in the view's own font."""
    row = view.fontMetrics().height() + 8
    header: QWidget | None
    if isinstance(view, QTableView):
        row = max(row, view.verticalHeader().defaultSectionSize())
        header = view.horizontalHeader()
    else:
        header = getattr(view, "header", lambda: None)()
    header_height = header.sizeHint().height() if header is not None and not header.isHidden() else 0
    return math.ceil(row * rows + header_height + 2 * view.frameWidth() + 2)


def scroll_body(layout: QVBoxLayout) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless area taking the spare height that scrolls up and down, never sideways; returns it and its column."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, and Tab scrolls them into view
    body = QWidget()
    column = QVBoxLayout(body)
    scroll.setWidget(body)
    layout.addWidget(scroll, 1)
    return scroll, column


def save_and_revert(form: QWidget, layout: QVBoxLayout, *, save_tip: str, revert_tip: str,
                    revert_text: str = "Re&vert", default: bool = True) -> tuple[QPushButton, QPushButton]:
    """Revert and Save at the bottom right, wired to form.save and form.revert; Ctrl+S saves from any field."""
    if not isinstance(form, Editor):  # as connecting its missing save or revert would have failed
        raise TypeError(f"{type(form).__name__} has no save and revert")
    buttons = QHBoxLayout()
    save_button = QPushButton("&Save")
    save_button.setToolTip(save_tip)
    if default:
        save_button.setDefault(True)
    revert_button = QPushButton(revert_text)
    revert_button.setToolTip(revert_tip)
    buttons.addStretch(1)
    buttons.addWidget(revert_button)
    buttons.addWidget(save_button)
    layout.addLayout(buttons)
    save_button.clicked.connect(form.save)
    revert_button.clicked.connect(form.revert)
    QShortcut(QKeySequence.StandardKey.Save, form, form.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return save_button, revert_button


# -- messages beside the fields ------------------------------------------------------------------------

def error_lines(messages: Sequence[str]) -> tuple[str, str]:
    """Every message on a line of its own marked "Error:", and the same for a screen reader in one line."""
    return "\n".join(f"Error: {message}" for message in messages), "Error: " + " ".join(messages)


class FieldErrors:
    """Each field's error line and the widget it belongs to, and the summary that names every problem.

    A ValidationError is shown beside the fields it names, the first of them takes the focus, and all of
    them are listed in the summary; clearing puts every line away again. `homes` sends the errors of one
    field to another field's line (a grid's two periods share the line under the grid). How the messages
    read beside a field is `describe`: forms whose messages are phrases or sentences override it.
    """

    def __init__(self, summary: QLabel, titles: dict[str, str] | None = None, *,
                 homes: dict[str, str] | None = None):
        self.summary = summary
        self.summary.setWordWrap(True)
        set_tone(self.summary, Tone.ERROR)
        self.summary.hide()
        self.titles: dict[str, str] = dict(titles or {})
        self.homes: dict[str, str] = dict(homes or {})
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    # -- building
    def add(self, name: str, widget: QWidget) -> QLabel:
        """A new error line for `name`; `widget` is focused and described to screen readers when it is wrong."""
        error = error_line()
        self.labels[name] = error
        self.widgets[name] = widget
        return error

    def row(self, form: QFormLayout, name: str, title: str, widget: QWidget, *, buddy=_ITS_OWN,
            label_width: int = 0) -> QLabel:
        """Add a labelled row with an error line under the field; returns the row's label.

        The label's mnemonic moves to `buddy` (the widget itself unless said), and the label names the buddy for
        screen readers unless it has a name already. buddy=None for a derived fact: a screen reader reads its text.
        """
        buddy = widget if buddy is _ITS_OWN else buddy
        plain = title.replace("&", "")
        label = QLabel(title)
        if label_width:
            label.setMinimumWidth(label_width)  # one label column width, so the groups line up
        if buddy is not None:
            label.setBuddy(buddy)
            if not buddy.accessibleName():
                buddy.setAccessibleName(plain)
        form.addRow(label, with_error_line(widget, self.add(name, buddy if buddy is not None else widget)))
        self.titles.setdefault(name, plain)
        return label

    def group(self, column: QVBoxLayout, title: str, rows: Iterable[tuple], *, label_width: int = 0) -> QGroupBox:
        """A titled box of rows, each (name, label text, widget) or (name, label text, widget, buddy)."""
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, text, widget, *buddy in rows:
            self.row(form, name, text, widget, buddy=buddy[0] if buddy else _ITS_OWN, label_width=label_width)
        column.addWidget(box)
        return box

    # -- showing
    def title(self, field: str) -> str:
        return self.titles.get(field, field.replace("_", " ").capitalize())

    def describe(self, errors: list[FieldError]) -> tuple[str, str]:
        """The text beside a field and its description for screen readers, from that field's errors."""
        message = errors[-1].message
        return f"⚠ {message}", f"Error: {message}"

    def put(self, name: str, text: str, description: str | None = None) -> None:
        """Show `text` on a field's error line (empty puts the line away); `description` goes to its widget."""
        label = self.labels[name]
        if text:
            label.setText(text)
            label.show()
        else:
            label.hide()
            label.clear()
        widget = self.widgets.get(name)
        if description is not None and widget is not None:
            widget.setAccessibleDescription(description)

    def show(self, errors: Iterable[FieldError], heading: str = "Not saved. Please correct:") -> QWidget | None:
        """Each error beside its field and every one in the summary; returns the first field named (focused)."""
        self.clear()
        lines = []
        beside: dict[str, list[FieldError]] = {}
        for error in errors:
            lines.append(f"{self.title(error.field)}: {error.message}")
            home = self.homes.get(error.field, error.field)
            if home in self.labels:
                beside.setdefault(home, []).append(error)
        first: QWidget | None = None
        for home, found in beside.items():
            self.put(home, *self.describe(found))
            first = first or self.widgets.get(home)
        self.summary.setText(heading + "\n• " + "\n• ".join(lines))
        self.summary.show()
        if first is not None and first.isEnabled():
            first.setFocus()
        return first

    def clear(self, keep: Container[str] = ()) -> None:
        """Put the summary and every error line away (but those in `keep`, which their form keeps up to date)."""
        self.summary.hide()
        self.summary.clear()
        for name in self.labels:
            if name not in keep:
                self.put(name, "", "")

    def message(self, name: str) -> str:
        """The error shown beside a field (or on the line its errors go to); empty when none."""
        label = self.labels.get(self.homes.get(name, name))
        if label is not None and not label.isHidden():
            return label.text()
        return ""


def store_or_explain(parent: QWidget, store: Callable[[], T], show: Callable[[list[FieldError]], object],
                     refused: str, note: str = "", conflict_note: str = "") -> tuple[bool, T | None]:
    """Run one store call; (True, what it returned) when it stored.

    A ValidationError goes beside the fields it names (`show`); a conflict, or a record that has gone, to a
    message box titled `refused` with `note` after the reason (`conflict_note` instead for a conflict, to
    say how to reload). Either way the form keeps every edit.
    """
    try:
        return True, store()
    except ValidationError as exc:
        show(list(exc.errors))
    except ConflictError as exc:
        show_error(parent, refused, exc, after=conflict_note or note)
    except NotFoundError as exc:
        show_error(parent, refused, exc, after=note)
    return False, None


# -- reading and unsaved edits -------------------------------------------------------------------------

def read_inputs(**readers: Callable[[], T]) -> dict[str, T]:
    """Each reader's value by field name; ValidationError naming every input whose reader raised ValueError."""
    values: dict[str, T] = {}
    errors: list[FieldError] = []
    for name, read in readers.items():
        try:
            values[name] = read()
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
    if errors:
        raise ValidationError(errors)
    return values


def track_edits(slot: Callable[..., object], *widgets: QWidget) -> None:
    """Call `slot` whenever the officer changes one of the inputs, by the signal each kind of input sends."""
    for widget in widgets:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(slot)  # typing only: filling the form in code is not an edit
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(slot)
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            widget.currentIndexChanged.connect(slot)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(slot)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(slot)
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            widget.toggled.connect(slot)
        else:
            raise TypeError(f"say which signal of {type(widget).__name__} is an edit")


class EditForm(DirtyTracking):
    """Mixed into an edit form (before QWidget) with `errors` (FieldErrors), a `dirty_changed(bool)` signal and a
    `revert_button`: its messages beside the fields, and whether it holds edits not saved yet (an `Editor`).
    """

    errors: FieldErrors
    revert_button: QPushButton

    def _dirty_shown(self, dirty: bool) -> None:
        self.revert_button.setEnabled(dirty)

    def _show_stored(self, fetch: Callable[[], T], gone: str, show: Callable[[T], object]) -> bool:
        """Read a stored record and show it; False, with a message titled `gone`, when it has been deleted."""
        try:
            record = fetch()
        except NotFoundError as exc:
            assert isinstance(self, QWidget)  # mixed into a QWidget, as the class says
            QMessageBox.information(self, gone, str(exc))
            return False
        show(record)
        return True

    def show_errors(self, errors: list[FieldError]) -> None:
        self.errors.show(errors)

    def field_error(self, name: str) -> str:
        """The message shown beside a field (empty when none); used by tests and screen readers."""
        return self.errors.message(name)


# -- questions -----------------------------------------------------------------------------------------

def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Yes or No before something that cannot be undone; No is the default, so Enter does no harm."""
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_to_save(parent: QWidget, title: str, question: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel before unsaved edits would be lost; Save is the default."""
    return QMessageBox.question(
        parent, title, question,
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save)


# -- dialogs -------------------------------------------------------------------------------------------

KEPT_NOTE = "\n\nWhat you typed is still in the form."


class SaverDialog(QDialog):
    """A modal edit dialog whose Save hands `values()` to `saver(dialog, values)`.

    When the store refuses, the dialog stays open with everything as typed and the problem shown beside the
    field it concerns (or, for a conflict, in a message box titled REFUSED).
    """

    REFUSED = "Not saved"

    def __init__(self, saver: Callable[..., object], parent: QWidget | None = None):
        super().__init__(parent)
        self._saver = saver
        self.setModal(True)

    def values(self) -> object:
        """What is typed, for the saver; each dialog reads its own (ValidationError naming the field)."""
        raise NotImplementedError(f"{type(self).__name__} says what values() it saves")

    def _add_summary(self, layout: QVBoxLayout, titles: dict[str, str] | None = None) -> None:
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary, titles)
        layout.addWidget(self.summary)

    def _add_buttons(self, layout: QVBoxLayout, save_text: str) -> None:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        """Store what `values()` (each dialog's own: what is typed, ValidationError naming the field) reads."""
        self.errors.clear()
        stored, _ = store_or_explain(self, lambda: self._saver(self, self.values()), self.errors.show,
                                     self.REFUSED, KEPT_NOTE)
        if stored:
            super().accept()


__all__ = [
    "ERROR_STYLE",
    "EditForm",
    "FieldErrors",
    "SaverDialog",
    "ask_to_save",
    "confirm",
    "error_line",
    "error_lines",
    "heading_label",
    "read_inputs",
    "rows_height",
    "save_and_revert",
    "scroll_body",
    "store_or_explain",
    "text_height",
    "track_edits",
    "with_error_line",
]
