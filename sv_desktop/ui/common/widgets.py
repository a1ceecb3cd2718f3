"""Small input widgets the forms share: optional dates, money, enum choices."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget

from sv_desktop.domain.money import format_money, parse_money

NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date that may be left unset: the minimum date stands for "not set"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("Not set")
        self.setDate(NO_DATE)

    def value(self) -> date | None:
        current = self.date()
        if current == NO_DATE:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Tab moves on from "Not set": QDateEdit swallows Tab while its special text shows, trapping the focus."""
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.date() == NO_DATE:
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        super().keyPressEvent(event)


class MoneyEdit(QLineEdit):
    """Pounds as officers type them: 1,250,000 or £1.25m or 250k."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("e.g. 1,250,000 or 1.25m")

    def value(self) -> Decimal | None:
        """The amount, or raise ValueError with a reason."""
        return parse_money(self.text())

    def set_value(self, value: Decimal | None) -> None:
        self.setText(format_money(value, pence=True).removeprefix("£").removesuffix(".00") if value is not None else "")


class EnumCombo(QComboBox):
    """A choice from a LabelledEnum, optionally with a "Not set" entry."""

    def __init__(self, enum, *, optional: bool = False, none_label: str = "Not set", parent: QWidget | None = None):
        super().__init__(parent)
        self._enum = enum
        if optional:
            self.addItem(none_label, None)
        for member in enum:
            self.addItem(member.label, member.value)

    def value(self):
        data = self.currentData()
        return None if data is None else self._enum(data)

    def set_value(self, member) -> None:
        index = self.findData(None if member is None else member.value)
        self.setCurrentIndex(max(index, 0))


def enable_clear_button(edit: QLineEdit, name: str = "Clear search") -> None:
    """Show the line edit's clear button and give it a name screen readers can announce."""
    from PySide6.QtWidgets import QToolButton

    edit.setClearButtonEnabled(True)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)
