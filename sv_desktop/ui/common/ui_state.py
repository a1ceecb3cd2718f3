"""What the app remembers about its windows for the next session, per user and never in a (shared) store:
window sizes and places, where splitters divide, the columns of big tables, the last folders used.

Splitters are found by where they sit in their window (a path of object names, or class names and positions),
so every splitter of a page is remembered without each page listing its own.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from sv_desktop import paths


def ui_state() -> QSettings:
    """Window layout is remembered beside the data, per user (not in the shared store)."""
    return QSettings(str(paths.data_dir() / "window-state.ini"), QSettings.Format.IniFormat)


def widget_path(widget: QWidget, root: QWidget) -> str:
    """Where `widget` sits under `root`: object names where set, else class name and place among its kind."""
    parts = []
    current: QWidget | None = widget
    while current is not None and current is not root:
        parent = current.parentWidget()
        if current.objectName() and not current.objectName().startswith("qt_"):
            parts.append(current.objectName())
        else:
            siblings = [child for child in (parent.children() if parent is not None else [])
                        if type(child) is type(current)]
            parts.append(f"{type(current).__name__}{siblings.index(current) if current in siblings else 0}")
        current = parent
    return "/".join(reversed(parts))


def save_splitters(root: QWidget, settings: QSettings, key: str) -> None:
    """Remember where every splitter under `root` divides."""
    for splitter in root.findChildren(QSplitter):
        settings.setValue(f"{key}/splitters/{widget_path(splitter, root)}", splitter.saveState())


def restore_splitters(root: QWidget, settings: QSettings, key: str) -> None:
    """Put back what `save_splitters` remembered (splitters built since, or gone, are left as they are)."""
    for splitter in root.findChildren(QSplitter):
        value = settings.value(f"{key}/splitters/{widget_path(splitter, root)}")
        if isinstance(value, QByteArray):
            splitter.restoreState(value)


def save_headers(settings: QSettings, key: str, headers: dict[str, QHeaderView]) -> None:
    """Remember the column widths and order of big tables."""
    for name, header in headers.items():
        settings.setValue(f"{key}/{name}", header.saveState())


def restore_headers(settings: QSettings, key: str, headers: dict[str, QHeaderView]) -> None:
    for name, header in headers.items():
        value = settings.value(f"{key}/{name}")
        if isinstance(value, QByteArray):
            header.restoreState(value)


class _Remembered(QObject):
    """Saves a secondary window's size, place and splitters whenever it is hidden (closed or dismissed)."""

    def __init__(self, window: QWidget, key: str):
        super().__init__(window)
        self._key = key
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow():
            state = ui_state()
            state.setValue(f"{self._key}/geometry", watched.saveGeometry())
            save_splitters(watched, state, self._key)
            state.sync()
        return False


def remember_window(window: QWidget, key: str) -> None:
    """Open `window` where and as it was last left, and remember it again when it is closed."""
    state = ui_state()
    geometry = state.value(f"{key}/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    restore_splitters(window, state, key)
    _Remembered(window, key)
