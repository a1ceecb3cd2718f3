"""Filtering and sorting the pipeline in memory on precomputed keys.

Qt's generic proxy machinery costs ~0.5 s per keystroke at 100,000 rows
(ENGINEERING.md); here every row's search text and sort keys are computed once,
a keystroke is one pass of `str in str` over the candidates, and a refined
search only looks at the rows the previous one matched.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from sv_desktop.domain.contract import ends_within
from sv_desktop.domain.vocabulary import STAGE_ORDER, Category, Stage
from sv_desktop.services.pipeline import PipelineRow

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison


class Column(Enum):
    """The pipeline table's columns, in display order: what a renewal decision needs comes first."""

    REFERENCE = "Reference"
    TITLE = "Title"
    STAGE = "Stage"
    CATEGORY = "Category"
    END_DATE = "End"
    DECISION_DUE = "Decision due"
    TOTAL_VALUE = "Total value"
    ANNUAL_VALUE = "Annual value"
    START_DATE = "Start"
    COMPLIANCE = "Policy compliance"
    PROCUREMENT_LEAD = "Procurement lead"
    CONTRACT_MANAGER = "Contract manager"
    SUPPLIERS = "Suppliers"


COLUMNS = tuple(Column)
MONEY_COLUMNS = frozenset({Column.TOTAL_VALUE, Column.ANNUAL_VALUE})
DATE_COLUMNS = frozenset({Column.START_DATE, Column.END_DATE, Column.DECISION_DUE})


def row_value(row: PipelineRow, column: Column) -> object:
    """A row's own value in a column, typed (money Decimal, dates date, the rest text): the table shows it
    as text, exports keep the type. Compliance is not the row's own (None): it comes from the index."""
    match column:
        case Column.REFERENCE:
            return row.reference
        case Column.TITLE:
            return row.title
        case Column.STAGE:
            return row.stage.label
        case Column.CATEGORY:
            return row.category.label
        case Column.END_DATE:
            return row.end_date
        case Column.DECISION_DUE:
            return row.decision_due
        case Column.TOTAL_VALUE:
            return row.total_value
        case Column.ANNUAL_VALUE:
            return row.annual_value
        case Column.START_DATE:
            return row.start_date
        case Column.PROCUREMENT_LEAD:
            return row.procurement_lead
        case Column.CONTRACT_MANAGER:
            return row.contract_manager
        case Column.SUPPLIERS:
            return row.suppliers
    return None
OPEN_STAGES = "open"  # the stage filter value meaning "not closed or cancelled"
_FAR_FUTURE = date.max
_NO_MONEY = Decimal(-1)


@dataclass(frozen=True)
class PipelineFilter:
    text: str = ""
    stage: Stage | str | None = None  # a Stage, OPEN_STAGES, or None for all
    category: Category | None = None
    procurement_lead: str | None = None
    ends_within_months: int | None = None
    compliance: str | None = None  # "fail", "warning" or "ok" (ComplianceService levels)
    today: date = field(default_factory=date.today)

    def words(self) -> list[str]:
        return self.text.casefold().split()


def _search_text(row: PipelineRow) -> str:
    return "\t".join(
        (row.reference, row.title, row.suppliers, row.procurement_lead, row.contract_manager,
         row.category.label, row.stage.label, row.parent_reference)
    ).casefold()


_SORT_KEYS: dict[Column, Callable[[PipelineRow], SupportsRichComparison]] = {
    Column.REFERENCE: lambda r: r.reference.casefold(),
    Column.TITLE: lambda r: r.title.casefold(),
    Column.CATEGORY: lambda r: r.category.label,
    Column.STAGE: lambda r: STAGE_ORDER[r.stage],
    Column.TOTAL_VALUE: lambda r: r.total_value if r.total_value is not None else _NO_MONEY,
    Column.ANNUAL_VALUE: lambda r: r.annual_value if r.annual_value is not None else _NO_MONEY,
    Column.START_DATE: lambda r: r.start_date or _FAR_FUTURE,
    Column.END_DATE: lambda r: r.end_date or _FAR_FUTURE,
    Column.DECISION_DUE: lambda r: r.decision_due or _FAR_FUTURE,
    Column.COMPLIANCE: lambda r: 0,  # replaced per index by the compliance ranks it holds
    Column.PROCUREMENT_LEAD: lambda r: r.procurement_lead.casefold(),
    Column.CONTRACT_MANAGER: lambda r: r.contract_manager.casefold(),
    Column.SUPPLIERS: lambda r: r.suppliers.casefold(),
}


class PipelineIndex:
    """All rows plus the current sort order and filter; `visible` lists row positions to show."""

    def __init__(self, rows: Sequence[PipelineRow] = ()):
        self.rows: list[PipelineRow] = list(rows)
        self._search = [_search_text(row) for row in self.rows]
        self._order: list[int] = list(range(len(self.rows)))
        self.sort_column: Column | None = None
        self.descending = False
        self._filter = PipelineFilter()
        self._last_text_words: list[str] = []
        self._last_text_matches: list[int] | None = None  # rows matching the last text, in row order
        self._rank_cache: list[int] | None = None
        self.visible: list[int] = list(self._order)
        self.compliance: dict[int, tuple[str, str]] = {}  # contract id -> (level, words)

    def set_compliance(self, found: dict[int, tuple[str, str]]) -> None:
        """Compliance arrives after the rows (it is worked out in the background)."""
        self.compliance.update(found)
        if self.sort_column is Column.COMPLIANCE:
            self.sort(Column.COMPLIANCE, self.descending)
        elif self._filter.compliance is not None:
            self._rebuild_visible()

    def compliance_of(self, row: PipelineRow) -> tuple[str, str]:
        return self.compliance.get(row.id, ("", "Checking…" if not self.compliance else ""))

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def current_filter(self) -> PipelineFilter:
        return self._filter

    def leads(self) -> list[str]:
        return sorted({row.procurement_lead for row in self.rows if row.procurement_lead}, key=str.casefold)

    def sort(self, column: Column, descending: bool = False) -> None:
        """Sort every row once by a precomputed key; the filter keeps that order."""
        if column is Column.COMPLIANCE:
            ranks = {"fail": 0, "warning": 1, "ok": 2}
            keys: list[SupportsRichComparison] = [(ranks.get(self.compliance.get(row.id, ("", ""))[0], 3),
                     self.compliance.get(row.id, ("", ""))[1]) for row in self.rows]
        else:
            key_of = _SORT_KEYS[column]
            keys = [key_of(row) for row in self.rows]
        self._order = sorted(range(len(self.rows)), key=keys.__getitem__, reverse=descending)
        self._rank_cache = None
        self.sort_column, self.descending = column, descending
        self._rebuild_visible()

    def apply(self, wanted: PipelineFilter) -> None:
        self._filter = wanted
        self._rebuild_visible()

    def _text_matches(self, words: list[str]) -> list[int] | None:
        """Rows containing every word (None when there are no words)."""
        if not words:
            self._last_text_words, self._last_text_matches = [], None
            return None
        candidates: Sequence[int] | None = None
        previous = self._last_text_words
        if self._last_text_matches is not None and previous and len(words) >= len(previous) and all(
            new.startswith(old) if i == len(previous) - 1 else new == old
            for i, (old, new) in enumerate(zip(previous, words))
        ):
            candidates = self._last_text_matches  # the new search refines the last one
        search = self._search
        if candidates is None:
            first, rest = words[0], words[1:]
            matches = [i for i, text in enumerate(search) if first in text]
        else:
            matches, rest = list(candidates), words
        for word in rest:
            matches = [i for i in matches if word in search[i]]
        self._last_text_words, self._last_text_matches = words, matches
        return matches

    def _rebuild_visible(self) -> None:
        wanted = self._filter
        rows = self.rows
        text_matches = self._text_matches(wanted.words())
        tests: list[Callable[[PipelineRow], bool]] = []
        if wanted.stage == OPEN_STAGES:
            tests.append(lambda r: r.stage.is_open)
        elif isinstance(wanted.stage, Stage):
            stage = wanted.stage
            tests.append(lambda r: r.stage is stage)
        if wanted.category is not None:
            category = wanted.category
            tests.append(lambda r: r.category is category)
        if wanted.procurement_lead:
            lead = wanted.procurement_lead
            tests.append(lambda r: r.procurement_lead == lead)
        if wanted.ends_within_months is not None:
            months, today = wanted.ends_within_months, wanted.today
            tests.append(lambda r: ends_within(r.end_date, months, today))
        if wanted.compliance is not None:
            level, compliance = wanted.compliance, self.compliance
            tests.append(lambda r: compliance.get(r.id, ("", ""))[0] == level)
        if text_matches is None:
            order = self._order
        elif self.sort_column is None:
            order = text_matches  # row order is the display order
        elif len(text_matches) * 8 < len(rows):
            rank = self._rank()
            order = sorted(text_matches, key=rank.__getitem__)
        else:
            mask = bytearray(len(rows))
            for i in text_matches:
                mask[i] = 1
            order = [i for i in self._order if mask[i]]
        if tests:
            order = [i for i in order if all(test(rows[i]) for test in tests)]
        self.visible = list(order) if order is self._order else order

    def _rank(self) -> list[int]:
        """Each row's position in the current sort order."""
        if self._rank_cache is None:
            rank = [0] * len(self.rows)
            for position, index in enumerate(self._order):
                rank[index] = position
            self._rank_cache = rank
        return self._rank_cache

    def row_at(self, visible_position: int) -> PipelineRow:
        return self.rows[self.visible[visible_position]]

    def position_of(self, contract_id: int) -> int | None:
        """Where a contract is in the visible rows, or None when filtered out."""
        for position, index in enumerate(self.visible):
            if self.rows[index].id == contract_id:
                return position
        return None
