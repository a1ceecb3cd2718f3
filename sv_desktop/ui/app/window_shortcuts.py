"""A main window's menu shortcuts win over the same keys bound inside its pages.

Pages and forms bind Ctrl+S (and the catalogue Ctrl+F) to themselves, so they work on their own. Inside the
main window the menu item owns the key: two live bindings of one key cancel each other out (Qt calls that
ambiguous and runs neither). So the window turns the inner bindings off, and its Save item saves the form
that holds the focus, or else the one on show, as Ctrl+S in that form did.
"""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from sv_desktop.ui.common.editor import Editor


def menu_actions(window: QMainWindow) -> list[QAction]:
    """Every action reachable from the window's menu bar, submenus included."""
    found: list[QAction] = []

    def walk(actions) -> None:
        for action in actions:
            if action.menu() is not None:
                walk(action.menu().actions())
            elif not action.isSeparator():
                found.append(action)

    walk(window.menuBar().actions())
    return found


def menu_keys(window: QMainWindow) -> set[str]:
    return {sequence.toString() for action in menu_actions(window) for sequence in action.shortcuts()}


class ShortcutOwner:
    """Keeps a main window's menu keys its own, and knows which forms its Save item saves."""

    def __init__(self, window: QMainWindow):
        self._window = window
        self._editors: list[QWidget] = []

    def adopt(self, root: QWidget | None = None) -> None:
        """Turn off the shortcuts under `root` (default the window) that repeat a menu key; remember the forms
        whose Ctrl+S they were. Call again for pages built later."""
        keys = menu_keys(self._window)
        save = QKeySequence(QKeySequence.StandardKey.Save).toString()
        for shortcut in (root or self._window).findChildren(QShortcut):
            if shortcut.key().toString() in keys and shortcut.isEnabled():
                shortcut.setEnabled(False)
                owner = shortcut.parent()
                if shortcut.key().toString() == save and isinstance(owner, Editor):
                    self._editors.append(owner)

    def save_target(self) -> QWidget | None:
        """The form holding the focus, else the first form on show."""
        widget = self._window.focusWidget() or QApplication.focusWidget()
        while widget is not None and widget is not self._window:
            if widget in self._editors:
                return widget
            widget = widget.parentWidget()
        return next((editor for editor in self._editors if editor.isVisible()), None)

    def save(self) -> bool:
        """Save the form Ctrl+S means; False when there is none or it did not save."""
        target = self.save_target()
        if target is None:
            self._window.statusBar().showMessage("There is no form on show to save.", 4000)
            return False
        assert isinstance(target, Editor)  # adopt() keeps only Editors, and save_target returns one of them
        return bool(target.save())
