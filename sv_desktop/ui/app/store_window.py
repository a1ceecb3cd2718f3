"""The main window as the File menu's store and backup actions see it.

The actions are added by the main window, so they cannot import it without an import loop; they take this
base instead, which MainWindow extends: its services, the store switch it asks for, and the backup actions.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from sv_desktop.services.backup import BackupService
    from sv_desktop.services.session import Services


class StoreWindow(QMainWindow):
    """Signals:
        open_store_requested(str): the officer chose another store file (File → Open store…, Recent stores).
    """

    open_store_requested = Signal(str)
    services: Services
    # Set by the File menu's backup actions (backup_actions.py) when they are added.
    backup_service: BackupService
    back_up_action: QAction
    restore_action: QAction
