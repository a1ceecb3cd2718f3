"""File menu "Back up now…" and "Restore from backup…", and the rolling backup when the window closes.

The window uses its services' BackupService (`window.backup_service`, the one
`sv-desktop backup` and `restore` use too), which from the window's first use
notes every commit so closing knows whether anything changed. Restoring replaces the store file after
closing the store's
connections; what the window shows came from the old store, so it then closes
and asks the officer to start SV Desktop again.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from sv_desktop.services.backup import BackupError, BackupService
from sv_desktop.ui.common.errors import show_error
from sv_desktop.ui.common.last_folder import remember_folder, start_path

if TYPE_CHECKING:
    from sv_desktop.ui.app.store_window import StoreWindow

STORE_FILES = "SV Desktop stores (*.sqlite3 *.sqlite *.db *.bak);;All files (*)"
_RESTORED = "_sv_store_restored"


def backup_service_for(window: StoreWindow) -> BackupService:
    """The window's BackupService (its services'), set to note changes the first time it is asked for."""
    service = getattr(window, "backup_service", None)
    if service is None:
        service = window.services.backup
        service.track_changes()
        window.backup_service = service
    return service


def add_backup_actions(window: StoreWindow, menu: QMenu) -> tuple[QAction, QAction]:
    """Add the two actions to `menu` (disabled, with the reason, on a PostgreSQL store)."""
    service = backup_service_for(window)
    back_up = QAction("&Back up now…", window)
    back_up.setStatusTip("Copy the store into its backups folder, or to a file you choose")
    back_up.triggered.connect(lambda: back_up_now(window))
    restore = QAction("Res&tore from backup…", window)
    restore.setStatusTip("Replace the store with a backup; the current store is kept as a copy first")
    restore.triggered.connect(lambda: restore_from_backup(window))
    for action in (back_up, restore):
        if not service.available:
            action.setEnabled(False)
            action.setStatusTip(service.unavailable_reason)
            action.setToolTip(service.unavailable_reason)
        menu.addAction(action)
    window.back_up_action, window.restore_action = back_up, restore
    return back_up, restore


def back_up_now(window: StoreWindow) -> Path | None:
    """Ask where (the backups folder is suggested), back up, say where it went."""
    service = backup_service_for(window)
    if not service.available:
        QMessageBox.information(window, "Back up", service.unavailable_reason)
        return None
    suggested = service.default_backup_path()
    chosen, _filter = QFileDialog.getSaveFileName(
        window, "Back up the store", start_path("backups", suggested.name, default=suggested.parent), STORE_FILES)
    if not chosen:
        return None
    remember_folder("backups", chosen)
    try:
        written = service.backup_now(Path(chosen))
    except BackupError as exc:
        show_error(window, "Backup not made", exc)
        return None
    rolled = (f"\n\nThe backups folder keeps the newest {service.keep} backups (Settings)."
              if written.parent == service.folder else "")
    QMessageBox.information(window, "Backed up", f"The store was backed up to:\n{written}{rolled}")
    return written


def _confirm_leave_forms(window: StoreWindow) -> bool:
    """Let open forms save or discard their edits before the store is replaced."""
    for name in ("pipeline_page", "suppliers_page"):
        page = getattr(window, name, None)
        confirm = getattr(page, "confirm_leave_form", None)
        if confirm is not None and not confirm():
            return False
    return True


def _what_will_happen(service: BackupService, check) -> str:
    backup = check.path
    contracts = f", {check.contracts} contract{'s' if check.contracts != 1 else ''}" \
        if check.contracts is not None else ""
    upgrade = (f"\n\nIt was made by an older version (schema {check.revision}); it will be brought up to date, "
               "keeping a copy as it was.") if check.older_schema else ""
    return (f"Restore the store from\n{backup}{contracts}?\n\n"
            f"This replaces everything in the store\n{service.store.path}\nwith the backup. A copy of the store as "
            f"it is now is kept first in\n{service.folder}.{upgrade}\n\n"
            "SV Desktop then closes; start it again to work on the restored store.")


def restore_from_backup(window: StoreWindow) -> bool:
    """Choose a backup, check it, say what will happen, confirm, restore, then close the window."""
    service = backup_service_for(window)
    if not service.available:
        QMessageBox.information(window, "Restore", service.unavailable_reason)
        return False
    store_path = service.store.path
    assert store_path is not None  # available: the store is a SQLite file
    start = service.folder if service.folder is not None and service.folder.is_dir() else store_path.parent
    chosen, _filter = QFileDialog.getOpenFileName(window, "Restore from backup",
                                                  start_path("backups", default=start), STORE_FILES)
    if not chosen:
        return False
    remember_folder("backups", chosen)
    check = service.check(Path(chosen))
    if not check.ok:
        QMessageBox.warning(window, "This file cannot be restored",
                            f"{chosen} cannot be restored: {'; '.join(check.reasons)}.\n\nNothing was changed.")
        return False
    answer = QMessageBox.question(window, "Restore from backup", _what_will_happen(service, check),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes or not _confirm_leave_forms(window):
        return False
    try:
        outcome = service.restore(Path(chosen))
    except BackupError as exc:
        show_error(window, "Restore failed", exc)
        return False
    setattr(window, _RESTORED, True)
    kept = f"\n\nThe store as it was is kept at:\n{outcome.previous_copy}" if outcome.previous_copy else ""
    QMessageBox.information(window, "Restored",
                            f"The store was restored from\n{chosen}.{kept}\n\n"
                            "SV Desktop will now close. Start it again to work on the restored store.")
    QTimer.singleShot(0, window.close)
    return True


def backup_on_close(window: StoreWindow) -> Path | None:
    """For closeEvent: the rolling automatic backup (when something changed and the last is over 24 h old).

    Never stops the window closing; a failed backup is reported. Skipped after a
    restore (the restored store is not a change of the officer's).
    """
    if getattr(window, _RESTORED, False):
        return None
    service = backup_service_for(window)
    try:
        return service.maybe_backup_on_close()
    except BackupError as exc:
        show_error(window, "Automatic backup not made", exc, after="\n\nYour data is saved in the store.")
        return None
