"""Checks what assistive technology sees, through Qt's accessibility interface (not only accessibleName)."""
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit)


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets under `root` whose accessible name is empty (label buddies count)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        if parent is not None and isinstance(parent, (QAbstractSpinBox, QComboBox)):
            continue  # the inner line edit of a spin box or editable combo
        if parent is not None and isinstance(parent, QAbstractItemView):
            continue  # header views and scroll bar buttons belong to the view
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} '{widget.objectName()}' in {type(parent).__name__}")
    return missing
