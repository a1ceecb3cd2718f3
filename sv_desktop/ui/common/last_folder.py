"""The folder each kind of file was last saved to or opened from, so the next file dialog starts there.

Kept per user with the window layout (ui_state), one entry per kind ("exports", "backups", "reports",
"score sheets", ...). A folder that has gone since falls back to Documents.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from sv_desktop.ui.common.ui_state import ui_state


def documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def folder_key(kind: str) -> str:
    """The ui_state key a kind's folder is kept under."""
    return f"folders/{kind}"


def last_folder(kind: str, default: Path | None = None) -> Path:
    """Where the last file of this kind went (or came from), if that folder is still there; else `default`
    or Documents."""
    value = ui_state().value(folder_key(kind))
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    return default if default is not None else documents_folder()


def start_path(kind: str, file_name: str = "", default: Path | None = None) -> str:
    """The path a file dialog opens at: the last folder of this kind, with `file_name` suggested in it."""
    folder = last_folder(kind, default)
    return str(folder / file_name) if file_name else str(folder)


def remember_folder(kind: str, chosen: str | Path) -> None:
    """Note the folder of a file just chosen in a dialog (nothing for an empty choice: the dialog was cancelled)."""
    if not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    state = ui_state()
    state.setValue(folder_key(kind), str(folder))
    state.sync()
