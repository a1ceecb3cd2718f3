"""The one kind of table the Delivery tab's panels show: commitments, returns per period and remedies.

Each is read-only and picks whole rows; Enter, Return or a double-click opens
the row (the commitment's form, the period's return, the remedy), so the
keyboard reaches everything the mouse does.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget

from sv_desktop.ui.common.list_page import ActivatingTable, list_table


class DeliveryTable(ActivatingTable):
    """A read-only, row-selecting table; Enter, Return or a double-click on a row emits activated_row."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        list_table(self, accessible_name, row_padding=12)
        self.setTabKeyNavigation(False)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.selectionModel().setCurrentIndex(
                self.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1


__all__ = ["DeliveryTable"]
