"""Showing an error the officer can act on: the one place the desktop app turns an error into a message box.

Every error the product reports to a person derives from `UserFacingError` (domain/errors.py), and its
message already says what went wrong and what to do; a file the system could not read or write (OSError)
is described by its reason. The command line's counterpart is `main` in sv_desktop/cli.py.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from sv_desktop.domain.errors import UserFacingError

__all__ = ["UserFacingError", "error_message", "show_error"]


def error_message(error: BaseException | str) -> str:
    """The words for an error: a message as it is, an OSError's reason (its strerror), else the error's text."""
    if isinstance(error, str):
        return error
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def show_error(parent: QWidget | None, title: str, error: BaseException | str, *, before: str = "",
               after: str = "", critical: bool = False) -> str:
    """Say what went wrong in a message box titled `title` (a warning; `critical` for one that stops the app
    going on), the error's words between `before` and `after`. Returns the text shown."""
    text = f"{before}{error_message(error)}{after}"
    if critical:
        QMessageBox.critical(parent, title, text)
    else:
        QMessageBox.warning(parent, title, text)
    return text
