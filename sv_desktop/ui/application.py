"""Starting the desktop app: open the store (or explain why not), show the main window."""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from sv_desktop import paths
from sv_desktop.app import build_services
from sv_desktop.store.opening import StoreOpenError

# Test hook: with this set to 1 the app quits (status 0) once the main window has painted, so
# a start can be proved end to end without a person (the bundle smoke test, the network guard).
QUIT_AFTER_START = "SV_DESKTOP_QUIT_AFTER_START"


def run_application(url: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("SV Desktop")
    app.setOrganizationName("SV Desktop")
    app.setApplicationDisplayName("SV Desktop")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "sv-desktop.png")))
    lock = _lock_store(url)  # a second window on the same SQLite store is told, not let in
    if lock is False:
        return 1
    try:
        services = build_services(url)
    except StoreOpenError as exc:
        QMessageBox.critical(None, "The store cannot be opened", str(exc))
        print(f"sv-desktop: {exc}", file=sys.stderr)
        if lock is not None:
            lock.release()
        return 1
    from sv_desktop.ui.main_window import MainWindow, schedule_first_run_offer

    from sv_desktop.ui.background import wait_for_background_tasks

    app.aboutToQuit.connect(wait_for_background_tasks)
    window = MainWindow(services)
    if os.environ.get(QUIT_AFTER_START) == "1":
        window.installEventFilter(_QuitAfterFirstPaint(window))
    window.show()
    if services.store.created or services.pipeline.count() == 0:
        schedule_first_run_offer(window)
    try:
        return app.exec()
    finally:
        # Again after the loop: a task that finished while quitting may have chained another
        # (the pipeline's compliance check), which must end before its store closes.
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


def _lock_store(url: str):
    """The single-instance lock of a SQLite store: the lock, None (not a SQLite file store), False (in use)."""
    from sv_desktop.app import StoreInUseError, lock_store

    try:
        return lock_store(url)
    except StoreInUseError as exc:
        QMessageBox.warning(None, "SV Desktop is already open", str(exc))
        print(f"sv-desktop: {exc}", file=sys.stderr)
        return False
