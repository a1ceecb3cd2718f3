"""What the supplier-list and spend importers share: reading through their vocabulary, the preview,
the start of an import, and walking the rows.

Each hands every row to a function that says what it did ("added", "updated",
"unchanged") or why it was refused (its RowProblems); `walk_rows` keeps the tally an
ImportResult is made from, reports progress and stops when cancelled.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from sv_desktop.exchange.tabular_file import HeaderVocabulary, RawRow, Register, RowProblem, read_register
from sv_desktop.services.imports.result import ImportResult, Progress

PROGRESS_EVERY = 200
Outcome = Literal["added", "updated", "unchanged"]


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def count(self, row: RawRow, outcome: Outcome | list[RowProblem]) -> None:
        if isinstance(outcome, list):
            self.refuse(row.number, outcome)
        else:
            setattr(self, outcome, getattr(self, outcome) + 1)

    def refuse(self, row_number: int, problems: list[RowProblem]) -> None:
        self.problems.extend(problems)
        self.rejected.append((row_number, "; ".join(f"{p.column}: {p.message}" for p in problems)))

    def refusal(self, base: ImportResult) -> ImportResult:
        """`base` with only the invalid rows: nothing was (or would be) imported."""
        return replace(base, rejected=tuple(self.rejected), problems=tuple(self.problems))

    def result(self, base: ImportResult, **more) -> ImportResult:
        """`base` with these counts (and any other fields given)."""
        return replace(base, added=self.added, updated=self.updated, unchanged=self.unchanged,
                       rejected=tuple(self.rejected), problems=tuple(self.problems), **more)


def walk_rows(rows: Sequence[RawRow], handle: Callable[[RawRow], Outcome | list[RowProblem]],
              progress: Progress | None, total: int | None = None) -> Tally | None:
    """Each row through `handle`, tallied; None when `progress(done, total)` returned False (cancelled).

    `total` is what progress counts up to (the number of rows unless the caller has more work after them).
    """
    tally = Tally()
    total = len(rows) if total is None else total
    for done, row in enumerate(rows, start=1):
        tally.count(row, handle(row))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            if progress(done, total) is False:
                return None
    if progress is not None and not rows and progress(0, total) is False:
        return None
    return tally


class VocabularyImporter:
    """The TabularImporter methods that follow from a vocabulary; a subclass sets `vocabulary`, `kind`,
    `kind_label` and `required_fields` and writes `import_file`."""

    vocabulary: HeaderVocabulary
    kind: str
    kind_label: str
    required_fields: tuple[str, ...]

    @property
    def fields(self) -> Mapping[str, str]:
        return self.vocabulary.labels

    def read(self, path: str | Path) -> Register:
        """The file's header row and rows (RegisterError when it cannot be read)."""
        return read_register(path, self.vocabulary)

    def propose_mapping(self, headers: tuple[str, ...]) -> dict[int, str]:
        return self.vocabulary.propose_mapping(headers)

    def preview(self, path: str | Path, mapping: Mapping[int, str] | None = None,
                progress: Progress | None = None) -> ImportResult:
        """What importing would do, skipping the invalid rows, with every row's problems; nothing is stored."""
        return self.import_file(path, mapping, skip_invalid=True, dry_run=True,  # type: ignore[attr-defined]
                                progress=progress)

    def start(self, path: Path, mapping: Mapping[int, str] | None,
              dry_run: bool) -> tuple[Register, dict[int, str], ImportResult]:
        """The file read, the mapping (proposed when not given) checked, and the result so far."""
        register = self.read(path)
        chosen = dict(self.propose_mapping(register.headers) if mapping is None else mapping)
        self.vocabulary.check_mapping(path.name, chosen, self.required_fields, self.kind_label)
        return register, chosen, ImportResult(path.name, register.header_row, register.headers, chosen,
                                              len(register.rows), dry_run=dry_run)


__all__ = ["PROGRESS_EVERY", "Outcome", "Tally", "VocabularyImporter", "walk_rows"]
