"""Parts the Evaluation tab's sections are built from: a table whose row opens with Enter (not only a
double-click), wrapping labels, and a scrolling page that leaves the focus to its controls.

Shared so every section's tables open, and its notes read, the same way from the keyboard.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QWidget,
)

from sv_desktop.ui.common.theme import Tone, set_tone


class ItemTable(QTableView):
    """A table whose item is opened with Enter or Return, or a double-click (never a single click).

    Signals:
        open_item(QModelIndex): the current item was asked to open.
    """

    open_item = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doubleClicked.connect(self.open_item)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid() \
                and self.state() != QAbstractItemView.State.EditingState:
            self.open_item.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def item_table(name: str, parent: QWidget | None = None) -> ItemTable:
    """A read-only, one-row-at-a-time table named `name` for assistive technology; Tab leaves it."""
    table = ItemTable(parent)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def select_row(table: QAbstractItemView, model, item_id: int | None) -> None:
    """Make the row of `item_id` current in `table` (a table of a ViewTable model); the first row when it is not
    listed, so a section never shows an item without one chosen."""
    row = model.row_of(item_id) if item_id is not None else -1
    if row < 0 and model.rowCount():
        row = 0
    if row >= 0:
        table.selectionModel().setCurrentIndex(
            model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)


def wrapped_label(text: str = "", style: Tone | None = None, name: str = "") -> QLabel:
    """A word-wrapped label in an optional tone, named for assistive technology when it carries state."""
    label = QLabel(text)
    label.setWordWrap(True)
    if style is not None:
        set_tone(label, style)
    if name:
        label.setAccessibleName(name)
    return label


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that never takes the focus itself."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the controls take the focus; Tab scrolls them into view
    scroll.setWidget(content)
    return scroll


__all__ = ["ItemTable", "item_table", "scrolling", "select_row", "wrapped_label"]
