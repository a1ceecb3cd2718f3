"""Errors the domain raises, and the one base of every error the product reports to a person.

Each entry point turns a UserFacingError into words in one place: the command line's `main` prints its
message on one line and exits non-zero; the desktop app shows it with `ui.common.errors.show_error`.
Errors that do not derive from it are bugs, and are never dressed up as a message.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with one field, in words an officer understands."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class UserFacingError(Exception):
    """Something the officer can act on went wrong; the message says what, in their words, and what to do.

    The store (opening, in use, backups), the catalogue, exports, imported files and score sheets raise
    subclasses of it, as the domain's own rules do (DomainError).
    """


class DomainError(UserFacingError):
    """A rule of the product was broken; the message says which and why."""


class ValidationError(DomainError):
    """Input broke one or more field rules; nothing was stored."""

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]):
        self.errors = tuple(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFoundError(DomainError):
    """The thing asked for is not in the store (perhaps deleted elsewhere)."""


class ConflictError(DomainError):
    """Someone else changed or removed the record since it was read."""
