"""When the store cannot be opened at start: say why, and offer a way forward instead of just quitting.

A damaged, truncated, read-only, foreign or newer store is never overwritten. The officer can restore
the newest backup (the damaged file is kept beside it), open or create another store file, or quit.
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from sv_desktop.services.backup import BackupFile
from sv_desktop.ui.common.last_folder import last_folder, remember_folder

STORE_FILTERS = "SV Desktop stores (*.sqlite3 *.db);;All files (*)"
FOLDER_KIND = "stores"


class WayForward(Enum):
    RESTORE = "restore"
    OTHER_STORE = "other"
    QUIT = "quit"


class StoreProblemBox(QMessageBox):
    """The reason the store cannot be opened, with a button for each way forward (each with a mnemonic)."""

    def __init__(self, reason: str, newest: BackupFile | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("The store cannot be opened")
        self.setAccessibleName("The store cannot be opened")
        self.setText("SV Desktop cannot open its store. Nothing in it was changed.")
        self.setInformativeText(reason)
        self.restore_button = None
        if newest is not None:
            self.restore_button = self.addButton("&Restore the newest backup", QMessageBox.ButtonRole.AcceptRole)
            self.restore_button.setToolTip(f"Put {newest.label} in place; the store as it is now is kept beside it")
            self.restore_button.setAccessibleDescription(self.restore_button.toolTip())
        self.other_button = self.addButton("&Open or create another store…", QMessageBox.ButtonRole.ActionRole)
        self.quit_button = self.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.other_button)
        self.setEscapeButton(self.quit_button)

    def choice(self) -> WayForward:
        clicked = self.clickedButton()
        if clicked is not None and clicked is self.restore_button:
            return WayForward.RESTORE
        if clicked is self.other_button:
            return WayForward.OTHER_STORE
        return WayForward.QUIT


def ask_way_forward(reason: str, newest: BackupFile | None, parent: QWidget | None = None) -> WayForward:
    box = StoreProblemBox(reason, newest, parent)
    box.exec()
    return box.choice()


def choose_store_file(parent: QWidget | None = None) -> Path | None:
    """An existing store to open, or the name of a new one to create (no overwrite question: nothing is
    overwritten, an existing file is opened as a store or refused with the reason)."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Open or create a store", str(last_folder(FOLDER_KIND)), STORE_FILTERS,
        options=QFileDialog.Option.DontConfirmOverwrite)
    if not chosen:
        return None
    remember_folder(FOLDER_KIND, chosen)
    return Path(chosen)
