"""Starting the desktop app: open the store (or explain why not), show the main window."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from sv_desktop.app import build_services
from sv_desktop.store.opening import StoreOpenError


def run_application(url: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("SV Desktop")
    app.setOrganizationName("SV Desktop")
    app.setApplicationDisplayName("SV Desktop")
    try:
        services = build_services(url)
    except StoreOpenError as exc:
        QMessageBox.critical(None, "The store cannot be opened", str(exc))
        print(f"sv-desktop: {exc}", file=sys.stderr)
        return 1
    from sv_desktop.ui.main_window import MainWindow, schedule_first_run_offer

    from sv_desktop.ui.background import wait_for_background_tasks

    app.aboutToQuit.connect(wait_for_background_tasks)
    window = MainWindow(services)
    window.show()
    if services.store.created or services.pipeline.count() == 0:
        schedule_first_run_offer(window)
    try:
        return app.exec()
    finally:
        services.close()
