"""Errors the domain raises; entry points turn them into messages for people."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with one field, in words an officer understands."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class DomainError(Exception):
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
