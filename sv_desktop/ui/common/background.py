"""Run long work off the GUI thread with a progress dialog and a cancel button.

The work function gets a `progress(done, total) -> bool` callback; it returns
False once the user has pressed Cancel, and the work should stop and leave the
store unchanged (services do their writing in one transaction at the end).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

ProgressCallback = Callable[[int, int], bool]

# Threads and workers stay referenced here until their thread has finished, so
# closing a window mid-task never destroys a running QThread.
_ALIVE: set[tuple[QThread, QObject]] = set()


def wait_for_background_tasks(milliseconds: int = 30000) -> bool:
    """Block until every background task has finished (at exit, and between tests)."""
    return all(thread.wait(milliseconds) for thread, _worker in list(_ALIVE))


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[ProgressCallback], Any]):
        super().__init__()
        self._work = work
        self.cancelled = threading.Event()

    def run(self) -> None:
        def progress(done: int, total: int) -> bool:
            self.progressed.emit(done, total)
            return not self.cancelled.is_set()

        try:
            result = self._work(progress)
        except BaseException as exc:  # handed to the GUI thread, which shows it
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class BackgroundTask(QObject):
    """One piece of work on its own thread; `done` or `failed` fires on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Callable[[ProgressCallback], Any],
        *,
        show_progress: bool = True,
        cancellable: bool = True,
    ):
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Quit from the worker's own thread, so the thread ends even if this task object is gone.
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.failed.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        alive = (self._thread, self._worker)
        _ALIVE.add(alive)
        self._thread.finished.connect(lambda: _ALIVE.discard(alive))
        self._worker.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._dialog: QProgressDialog | None = None
        if show_progress:
            dialog = QProgressDialog(title, "Cancel" if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setAccessibleName(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(self.cancel)
            self._worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
            self._dialog = dialog

    def start(self) -> BackgroundTask:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._worker.cancelled.set()
        if self._dialog is not None:
            self._dialog.setLabelText("Cancelling…")

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, milliseconds: int = 30000) -> bool:
        return self._thread.wait(milliseconds)

    def _on_progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(total)
            self._dialog.setValue(done)

    def _finish(self) -> None:
        self._thread.wait()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _on_finished(self, result: object) -> None:
        self._finish()
        self.done.emit(result)
        self.deleteLater()

    def _on_failed(self, error: object) -> None:
        self._finish()
        self.failed.emit(error)
        self.deleteLater()
