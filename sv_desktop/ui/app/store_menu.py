"""File → Open store… and File → Recent stores: the last five store files opened, kept per user (never in a
store), a file that has gone shown greyed out as "(missing)".

Choosing a store asks the application (ui/app/application.py StoreSession) to open it: it takes the new store's
single-instance lock and builds its services before the window on the old store is closed, so a store that
cannot be opened leaves the officer where they were.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.literal_text import literal
from sv_desktop.ui.common.ui_state import ui_state

if TYPE_CHECKING:
    from sv_desktop.ui.app.store_window import StoreWindow

RECENT_KEY = "recent/stores"
KEEP = 5
STORE_FILES = "SV Desktop stores (*.sqlite3 *.sqlite *.db);;All files (*)"


def recent_stores() -> list[Path]:
    """The store files opened last, newest first."""
    value = ui_state().value(RECENT_KEY) or []
    if isinstance(value, str):
        value = [value]
    return [Path(str(item)) for item in value][:KEEP]


def note_store_opened(path: Path) -> None:
    """Put `path` at the top of the recent stores."""
    path = Path(path).expanduser().absolute()
    kept = [path] + [p for p in recent_stores() if p != path]
    state = ui_state()
    state.setValue(RECENT_KEY, [str(p) for p in kept[:KEEP]])
    state.sync()


def recent_store_text(number: int, path: Path, current: Path | None) -> str:
    """A recent store's menu text: numbered for a mnemonic, the file name and folder, and why it cannot be chosen."""
    note = " (open now)" if current is not None and path == current else "" if path.exists() else " (missing)"
    return f"&{number} {literal(path.name)} — {literal(str(path.parent))}{note}"


class StoreMenu:
    """Open store… and the Recent stores submenu of a main window's File menu.

    The window must have `open_store_requested` (a signal carrying the chosen path as text) and `services`.
    """

    def __init__(self, window: StoreWindow, menu: QMenu):
        self._window = window
        store = window.services.store
        path = getattr(store, "path", None)  # None on a server store
        self._current = Path(path).expanduser().absolute() if path else None
        if self._current is not None:
            note_store_opened(self._current)
        self.open_action = QAction("&Open store…", window)
        self.open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_action.setStatusTip("Work in another store file (this window closes and reopens on it)")
        self.open_action.triggered.connect(self.choose_store)
        menu.addAction(self.open_action)
        self.recent_menu = menu.addMenu("Rec&ent stores")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.fill_recent()

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        stores = recent_stores()
        if not stores:
            empty = self.recent_menu.addAction("No stores opened yet")
            empty.setEnabled(False)
            return
        for number, path in enumerate(stores, 1):
            action = self.recent_menu.addAction(recent_store_text(number, path, self._current))
            action.setData(str(path))
            action.setStatusTip(str(path))
            action.setEnabled(path.exists() and path != self._current)
            action.triggered.connect(lambda _checked=False, chosen=str(path): self.request(chosen))

    def choose_store(self) -> str | None:
        chosen, _filter = QFileDialog.getOpenFileName(self._window, "Open store", start_path("stores"), STORE_FILES)
        if not chosen:
            return None
        remember_folder("stores", chosen)
        self.request(chosen)
        return chosen

    def request(self, path: str) -> None:
        if self._current is not None and Path(path).expanduser().absolute() == self._current:
            self._window.statusBar().showMessage("That store is already open.", 4000)
            return
        self._window.open_store_requested.emit(path)


def add_store_menu(window: StoreWindow, menu: QMenu) -> StoreMenu:
    return StoreMenu(window, menu)
