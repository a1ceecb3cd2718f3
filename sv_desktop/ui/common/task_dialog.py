"""A dialog whose steps run off the GUI thread, one at a time, with a message line and safe closing.

Import dialogs read, preview and import through BackgroundTask; while one runs the dialog is busy (its
controls say so through `busy_changed`), what went wrong is said in words on the message line, and
closing the window cancels the work first and closes once it has stopped, so nothing is left half done.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from sv_desktop.ui.common.background import BackgroundTask, ProgressCallback
from sv_desktop.ui.common.theme import Tone, set_tone


class TaskDialog(QDialog):
    """A QDialog with `task` (the work running, or None), `message` (a label to place) and `run_task`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.task: BackgroundTask | None = None
        self._close_when_done = False
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

    def file_row(self, placeholder: str, *, entered: Callable[[], Any], browse: Callable[[], Any]) -> QHBoxLayout:
        """The "File [path] Browse…" row of an import window; sets `file_edit` and `browse_button`."""
        row = QHBoxLayout()
        label = QLabel("&File")
        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName("File to import")
        self.file_edit.setPlaceholderText(placeholder)
        label.setBuddy(self.file_edit)
        self.file_edit.returnPressed.connect(entered)
        self.browse_button = QPushButton("B&rowse…")
        self.browse_button.setAccessibleName("Choose the file to import")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(browse)
        row.addWidget(label)
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse_button)
        return row

    def busy_changed(self) -> None:
        """Called when work starts or ends (`self.task` says which): subclasses enable or disable controls."""

    def say(self, text: str, *, error: bool = False) -> None:
        """Show `text` on the message line (in the error colour when `error`; the words say what is wrong)."""
        self.message.setText(text)
        set_tone(self.message, Tone.ERROR if error else None)
        self.message.setVisible(bool(text))

    def run_task(self, title: str, work: Callable[[ProgressCallback], Any], done: Callable[[Any], None], *,
                 failed: Callable[[object], None] | None = None, cancellable: bool = True) -> BackgroundTask:
        """Start `work` off the GUI thread with a progress window; `done` or `failed` runs when it ends."""
        task = BackgroundTask(self, title, work, cancellable=cancellable)
        task.done.connect(self._task_ended)
        task.failed.connect(self._task_ended)
        task.done.connect(done)
        task.failed.connect(failed or (lambda error: self.say(str(error), error=True)))
        task.done.connect(self._close_if_asked)
        task.failed.connect(self._close_if_asked)
        self.task = task
        self.say("")
        self.busy_changed()
        return task.start()

    def _task_ended(self, _outcome: object = None) -> None:
        self.task = None
        self.busy_changed()

    def _close_if_asked(self, _outcome: object = None) -> None:
        if self._close_when_done:
            super().reject()

    def reject(self) -> None:
        """Close; running work is cancelled first (nothing is stored) and the window closes once it stops."""
        if self.task is not None:
            self._close_when_done = True
            self.task.cancel()
            return
        super().reject()
