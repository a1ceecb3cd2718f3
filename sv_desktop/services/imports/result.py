"""What an import did, and the shape every tabular importer (contracts, suppliers, spend) shares.

The import dialog drives any TabularImporter the same way: read the file, propose a
column mapping, preview (a dry run that skips invalid rows and lists every problem),
then import in one transaction, with progress and cancel.

What the desktop app needs of the tabular file format itself (a file read into a Register, the error
reading one raises, how column names are compared, how a cell reads as text) it takes from here, so the
UI never imports exchange/.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sv_desktop.exchange.tabular_file import Register, RegisterError, RowProblem, cell_text, normalise_header

__all__ = ["ImportResult", "Progress", "Register", "RegisterError", "RowProblem", "TabularImporter", "cell_text",
           "normalise_header"]

Progress = Callable[[int, int], bool | None]  # (done, total); returning False cancels


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run or preview, would do)."""

    file_name: str
    header_row: int
    headers: tuple[str, ...]
    mapping: dict[int, str]
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: tuple[tuple[int, str], ...] = ()  # (row number, every reason) of each invalid row
    problems: tuple[RowProblem, ...] = ()  # each reason on its own, with its column
    stored: bool = False  # the transaction was committed
    dry_run: bool = False
    cancelled: bool = False
    notes: tuple[str, ...] = ()  # what else the user should know, e.g. "12 lines matched no supplier: ..."

    @property
    def refused(self) -> bool:
        """Rows were invalid and so nothing was (or would be) imported."""
        return bool(self.rejected) and not (self.added or self.updated or self.unchanged) and not self.cancelled

    def summary(self) -> str:
        if self.cancelled:
            return f"{self.file_name}: import cancelled; nothing was changed."
        if self.rejected and not (self.added or self.updated or self.unchanged):
            return (f"{self.file_name}: {len(self.rejected):,} of {self.rows:,} rows are invalid; "
                    "nothing was imported. Correct them, or skip the invalid rows.")
        verb = "would be" if self.dry_run else "were"
        counts = (f"{self.file_name}: {self.added:,} added, {self.updated:,} updated, {self.unchanged:,} unchanged, "
                  f"{len(self.rejected):,} rejected ({verb} imported from {self.rows:,} rows).")
        return " ".join((counts, *self.notes))


class TabularImporter(Protocol):
    kind: str  # "contracts", "suppliers", "spend": the key a remembered mapping is filed under
    kind_label: str  # "contract register": for titles and messages
    fields: Mapping[str, str]  # field name -> label, in the order the mapping dialog lists them
    required_fields: tuple[str, ...]  # a mapping without a column for each of these is refused

    def read(self, path: str | Path) -> Register: ...

    def propose_mapping(self, headers: tuple[str, ...]) -> dict[int, str]: ...

    def preview(self, path: str | Path, mapping: Mapping[int, str] | None = None,
                progress: Progress | None = None) -> ImportResult: ...

    def import_file(self, path: str | Path, mapping: Mapping[int, str] | None = None, *, skip_invalid: bool = False,
                    dry_run: bool = False, progress: Progress | None = None) -> ImportResult: ...
