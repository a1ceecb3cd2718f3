"""Starting the desktop app: open the store (or explain why not), show the main window.

The composition root (sv_desktop/app.py) hands `run_application` its wiring, a callable that opens a
store and builds its services; everything else about stores comes from services.session.
"""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from sv_desktop import paths
from sv_desktop.services.session import (
    OpenServices,
    Services,
    StoreInUseError,
    StoreLock,
    StoreOpenError,
    lock_store,
    resolve_store_url,
)
from sv_desktop.ui.common.errors import show_error

if TYPE_CHECKING:
    from sv_desktop.ui.app.main_window import MainWindow

# Test hook: with this set to 1 the app quits (status 0) once the main window has painted, so
# a start can be proved end to end without a person (the bundle smoke test, the network guard).
QUIT_AFTER_START = "SV_DESKTOP_QUIT_AFTER_START"


def run_application(url: str, open_services: OpenServices) -> int:
    """Show the main window on the store at `url` (services built by `open_services`) until the app quits."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # the desktop app's own, or the one its tests made
    app.setApplicationName("SV Desktop")
    app.setOrganizationName("SV Desktop")
    app.setApplicationDisplayName("SV Desktop")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "sv-desktop.png")))
    from sv_desktop.ui.app.main_window import high_contrast_chosen
    from sv_desktop.ui.common.background import wait_for_background_tasks
    from sv_desktop.ui.common.theme import apply_theme

    apply_theme(app, high_contrast_chosen())  # the system's look made readable, or this user's high contrast
    session = StoreSession(open_services)
    if not session.open(url):
        return 1
    app.aboutToQuit.connect(wait_for_background_tasks)
    if os.environ.get(QUIT_AFTER_START) == "1":
        window = session.window
        assert window is not None  # open() succeeded, so its window is on show
        window.installEventFilter(_QuitAfterFirstPaint(window))
    try:
        return app.exec()
    finally:
        session.close()


class StoreSession(QObject):
    """The store the app works in: its single-instance lock, its services and the main window on it.

    File → Open store… and Recent stores switch it whole: the new store is locked and opened, and its window
    shown, before the old window is asked to close; a store that cannot be opened, or an old window that keeps
    its unsaved edits, leaves the officer where they were. `open_services` is the composition root's wiring.
    """

    def __init__(self, open_services: OpenServices, parent: QObject | None = None):
        super().__init__(parent)
        self._open_services = open_services
        self.lock: StoreLock | None = None
        self.services: Services | None = None
        self.window: MainWindow | None = None

    def open(self, url: str) -> bool:
        """Open the store at `url` in a new main window (closing the current one); False, having said why, if not."""
        from sv_desktop.ui.app.main_window import MainWindow, schedule_first_run_offer

        lock = _lock_store(url, self.window)  # a second window on the same SQLite store is told, not let in
        if lock is False:
            return False
        try:
            services = self._open_services(url)
        except StoreOpenError as exc:
            print(f"sv-desktop: {exc}", file=sys.stderr)
            if lock is not None:
                lock.release()
            if self.window is None:  # starting: there is no window to go back to, so offer a way forward
                return self._way_forward(url, str(exc))
            show_error(self.window, "The store cannot be opened", exc, critical=True)
            return False
        window = MainWindow(services)
        window.open_store_requested.connect(self.switch_to)
        window.show()
        old_window, old_services, old_lock = self.window, self.services, self.lock
        if old_window is not None and not old_window.close():  # kept: it has edits the officer did not let go
            window.hide()
            window.deleteLater()
            self._let_go(services, lock)
            return False
        self.window, self.services, self.lock = window, services, lock
        if old_window is not None:
            old_window.deleteLater()
            assert old_services is not None  # kept with the window it was opened for
            self._let_go(old_services, old_lock)
        if services.store.created or services.pipeline.count() == 0:
            schedule_first_run_offer(window)
        return True

    def _way_forward(self, url: str, reason: str) -> bool:
        """Restore the newest backup, open or create another store, or quit (False)."""
        from sv_desktop.services.backup import BackupError, newest_backup_of, restore_store
        from sv_desktop.services.session import store_file
        from sv_desktop.ui.app.store_problem import WayForward, ask_way_forward, choose_store_file

        while True:
            path = store_file(url)
            newest = newest_backup_of(path) if path is not None and path.exists() else None
            choice = ask_way_forward(reason, newest)
            if choice is WayForward.QUIT:
                return False
            if choice is WayForward.RESTORE and newest is not None and path is not None:  # newest needs a path
                try:
                    outcome = restore_store(newest.path, path)
                except BackupError as exc:
                    reason = str(exc)
                    continue
                print(f"sv-desktop: restored {path} from {newest.path}; the store as it was is kept at "
                      f"{outcome.previous_copy}", file=sys.stderr)
                return self.open(url)
            chosen = choose_store_file()
            if chosen is not None:
                return self.open(resolve_store_url(db_path=str(chosen)))

    def switch_to(self, path: str) -> bool:
        """Work in the store file at `path` instead (File → Open store…, Recent stores)."""
        return self.open(resolve_store_url(db_path=path))  # as `--db PATH` would open it

    def close(self) -> None:
        """Let the store go when the app ends."""
        if self.services is not None:
            self._let_go(self.services, self.lock)
        self.window = self.services = self.lock = None

    @staticmethod
    def _let_go(services: Services, lock: StoreLock | None) -> None:
        from sv_desktop.ui.common.background import wait_for_background_tasks

        # A task that finished while quitting may have chained another (the pipeline's compliance check),
        # which must end before its store closes.
        wait_for_background_tasks()
        services.close()
        if lock is not None:
            lock.release()


class _QuitAfterFirstPaint(QObject):
    """Quits the application after the first paint of the object it watches (QUIT_AFTER_START)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def _lock_store(url: str, parent: QWidget | None = None) -> StoreLock | Literal[False] | None:
    """The single-instance lock of a SQLite store: the lock, None (not a SQLite file store), False (in use)."""
    try:
        return lock_store(url)
    except StoreInUseError as exc:
        show_error(parent, "SV Desktop is already open", exc)
        print(f"sv-desktop: {exc}", file=sys.stderr)
        return False
