"""Walking an import's rows: count what became of each, report progress, stop when cancelled.

The supplier-list and spend importers hand each row to a function that says what it
did ("added", "updated", "unchanged") or why it was refused (its RowProblems);
`walk_rows` keeps the tally an ImportResult is made from.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from sv_desktop.exchange.tabular_file import RawRow, RowProblem
from sv_desktop.services.import_result import ImportResult, Progress

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


__all__ = ["PROGRESS_EVERY", "Outcome", "Tally", "walk_rows"]
