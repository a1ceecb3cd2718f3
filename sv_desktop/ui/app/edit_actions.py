"""Edit → Undo and Redo: the typing in the field that has the focus, taken back or put back.

What these undo is honest and small: edits in a text field not yet saved (each field keeps its own history,
as every text box does). A saved change is a stored transaction and is not undone here; a form's Revert
button throws away all its unsaved edits at once. While the focus is in a text field the field answers
Ctrl+Z itself; the menu items do the same for the field that had the focus when the menu was opened.
"""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

UNDO_TIP = "Undo your typing in the field that has the focus (saved changes are not undone: use a form's Revert " \
           "before saving)"
REDO_TIP = "Redo the typing just undone in the field that has the focus"


def text_field(widget: QWidget | None):
    """The editable text behind a focused widget (a spin box's or editable combo's own line edit), or None."""
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    elif isinstance(widget, QComboBox) and widget.isEditable():
        widget = widget.lineEdit()
    if isinstance(widget, QLineEdit) and not widget.isReadOnly():
        return widget
    if isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
        return widget
    return None


def can_undo(field) -> bool:
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable()
    return field is not None and field.document().isUndoAvailable()


def can_redo(field) -> bool:
    if isinstance(field, QLineEdit):
        return field.isRedoAvailable()
    return field is not None and field.document().isRedoAvailable()


class EditActions:
    """The Undo and Redo items of a window's Edit menu, acting on the window's focused text field."""

    def __init__(self, window: QMainWindow, menu: QMenu):
        self._window = window
        self.undo = QAction("&Undo typing", window)
        self.undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.undo.setStatusTip(UNDO_TIP)
        self.undo.triggered.connect(self.undo_typing)
        self.redo = QAction("&Redo typing", window)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.setStatusTip(REDO_TIP)
        self.redo.triggered.connect(self.redo_typing)
        menu.addAction(self.undo)
        menu.addAction(self.redo)
        menu.aboutToShow.connect(self._show_what_can_be_done)
        menu.aboutToHide.connect(self._enable_both)

    def field(self):
        return text_field(self._window.focusWidget())

    def undo_typing(self) -> bool:
        return self._act(can_undo, "undo", "Nothing typed to undo in this field.")

    def redo_typing(self) -> bool:
        return self._act(can_redo, "redo", "Nothing to redo in this field.")

    def _act(self, possible, method: str, nothing: str) -> bool:
        """Undo or redo in the focused field; when it has nothing to take back, say so in the status bar."""
        field = self.field()
        if not possible(field):
            self._window.statusBar().showMessage(nothing, 4000)
            return False
        getattr(field, method)()
        return True

    def _show_what_can_be_done(self) -> None:
        field = self.field()
        self.undo.setEnabled(can_undo(field))
        self.redo.setEnabled(can_redo(field))

    def _enable_both(self) -> None:
        """Shortcuts stay live between menu openings; each asks the focused field when pressed."""
        self.undo.setEnabled(True)
        self.redo.setEnabled(True)


def add_edit_actions(window: QMainWindow, menu: QMenu) -> EditActions:
    return EditActions(window, menu)
