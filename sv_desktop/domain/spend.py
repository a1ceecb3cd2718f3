"""Procurement spend KPIs per financial year: what share of the money paid went local, to SMEs, to VCSEs.

Seed 002 asks the Finance & Performance Committee for a "Benchmarked % and value of
local procurement spend", two-yearly (002_80f5ea46fbe04add.txt, Appendix Two:
Governance, Compliance Measures), and asks officers to "think local ... including SME
or VCSE organisations" (§4.1 and the toolkit's Step One). How each figure is made:

- Year: the UK public-sector financial year (1 April to 31 March) of the invoice date.
- Every line counts at its amount; credit notes (negative amounts) net off in their own year.
- Local: the line's own postcode when the extract gives one, else the matched supplier's
  postcode, tested with domain.supplier.is_local against the organisation's local postcode
  areas. A line with no usable postcode is "postcode not known", never "not local".
- SME: the matched supplier's size by the Procurement Act 2023 s.123 test, an officer's
  override winning (domain.supplier.supplier_size). Size not known, and spend not matched
  to any supplier, are shown apart, never counted as large.
- VCSE: the matched supplier's VCSE flag (seed 002, Appendix One definition).
- Every percentage is of the year's total net spend (all lines, matched or not), rounded
  half-up to one decimal place, so the parts of each measure add up to the total.
- Benchmark: the policy profile's local-spend figure (with its source), and the previous
  financial year's local %; differences are in percentage points.
No Qt, no database.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from sv_desktop.domain.dates import financial_year
from sv_desktop.domain.money import format_money
from sv_desktop.domain.supplier import SupplierSize, is_local, normalise_postcode

ZERO = Decimal(0)
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
# A full postcode ("LE1 7RH") or an outward code on its own ("LE1"), as finance extracts give them.
_USABLE_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}\d[A-Z\d]?(?: \d[A-Z]{2})?|GIR 0AA)$")
SOURCE = "002_80f5ea46fbe04add.txt, Appendix Two (Compliance Measures)"


class SpendLineFacts(NamedTuple):
    """One invoice line, as the KPIs need it."""

    invoice_date: date
    amount: Decimal
    postcode: str  # the line's own postcode; "" when the extract gave none
    supplier_id: int | None  # None: not matched to a supplier


@dataclass(frozen=True)
class SupplierSpendFacts:
    """What the KPIs need to know about a matched supplier."""

    postcode: str
    size: SupplierSize  # by supplier_size: the officer's override, else the s.123 test
    vcse: bool


@dataclass(frozen=True)
class LocalSpendBenchmark:
    """The figure each year's local % is compared with, and where it comes from."""

    percent: Decimal | None  # None: the policy profile sets no figure
    source: str = ""
    profile_name: str = ""

    @property
    def text(self) -> str:
        """'50.0% (Council policy: 003_..., Where are we now?)' or why there is none."""
        where = f"{self.profile_name}: {self.source}" if self.profile_name and self.source else \
            (self.profile_name or self.source)
        if self.percent is None:
            return ("No benchmark figure is set in the policy profile" + (f" ({where})" if where else "")
                    + "; each year is compared with the previous one")
        return f"{percent_text(self.percent)}" + (f" ({where})" if where else "")


@dataclass(frozen=True)
class Share:
    """Part of a year's spend: its value and its % of the year's total net spend."""

    value: Decimal
    percent: Decimal | None  # None when the year's total is not above zero


@dataclass(frozen=True)
class YearSpend:
    """One financial year's KPIs. Local shares are None when no local postcode areas are set."""

    year: int  # the year the financial year starts in: 2025 for 2025/26
    lines: int
    total: Decimal  # net: credit notes taken off
    credit_notes: Decimal  # the sum of the negative lines (zero or less)
    credit_note_lines: int
    local: Share | None
    not_local: Share | None
    postcode_unknown: Share | None
    decided_by_line_postcode: Decimal  # value placed by the line's own postcode (local or not)
    decided_by_supplier_postcode: Decimal  # value placed by the matched supplier's postcode
    sme: Share
    large: Share
    size_unknown: Share  # matched to a supplier whose size cannot be told
    vcse: Share
    unmatched: Share  # no supplier matched: size and VCSE status unknown
    benchmark: Decimal | None
    vs_benchmark: Decimal | None  # percentage points, local % less the benchmark
    previous_local_percent: Decimal | None
    vs_previous_year: Decimal | None  # percentage points, local % less the previous year's

    @property
    def label(self) -> str:
        return financial_year(date(self.year, 4, 1))

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    @property
    def local_percent(self) -> Decimal | None:
        return self.local.percent if self.local is not None else None


@dataclass(frozen=True)
class SpendKpis:
    """Every financial year with spend, earliest first, and what the figures were measured against."""

    years: tuple[YearSpend, ...]
    local_areas: tuple[str, ...]
    benchmark: LocalSpendBenchmark
    lines: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_spend(self) -> bool:
        return self.lines > 0

    def year(self, start_year: int) -> YearSpend | None:
        return next((y for y in self.years if y.year == start_year), None)

    def method(self) -> tuple[str, ...]:
        """How the figures are made, in words, for the dashboard and the committee pack."""
        areas = ", ".join(self.local_areas)
        local = (f"Local: the invoice line's own postcode when the extract gives one, otherwise the matched "
                 f"supplier's postcode, in the local postcode areas set in Settings ({areas})."
                 if self.local_areas else
                 "Local spend cannot be measured: no local postcode areas are set (Settings → Local postcode "
                 "areas).")
        return (
            "Financial years run from 1 April to 31 March, by invoice date. Credit notes (negative amounts) "
            "net off in their own year; every percentage is of the year's total net spend, rounded to one "
            "decimal place.",
            local + " Lines with no usable postcode are counted as 'postcode not known', not as 'not local'.",
            "SME: the matched supplier has fewer than 250 staff and a turnover of £44m or less or a balance sheet "
            "total of £38m or less (Procurement Act 2023 s.123), or an officer set its size. Spend with suppliers "
            "whose size is not recorded, and spend not matched to a supplier, are shown separately.",
            "VCSE: the matched supplier is recorded as a voluntary, community or social enterprise (charity, "
            "community group, co-operative, social enterprise or CIC; seed 002 Appendix One).",
            f"Benchmark: {self.benchmark.text}. The KPI is the committee's 'Benchmarked % and value of local "
            f"procurement spend' ({SOURCE}).",
        ) + self.notes


# -- arithmetic ---------------------------------------------------------------------------------------

def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """part as a % of whole, half-up to 0.1; None when whole is zero or less (no meaningful share)."""
    if whole <= 0:
        return None
    return (part * HUNDRED / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


def points_difference(percent: Decimal | None, other: Decimal | None) -> Decimal | None:
    """percent - other in percentage points (to 0.1), None when either is missing."""
    if percent is None or other is None:
        return None
    return (percent - other).quantize(TENTH, rounding=ROUND_HALF_UP)


def amount_text(value: Decimal | None) -> str:
    """£1,235 to the pound; a net credit reads "−£500" (never "£-500"); "—" for none."""
    if value is None:
        return "—"
    return f"−{format_money(-value)}" if value < 0 else format_money(value)


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.quantize(TENTH, rounding=ROUND_HALF_UP):,}%"


def difference_text(points: Decimal | None, what: str = "") -> str:
    """'3.2 points above the benchmark', 'level with the previous year' ('3.2 points above', 'level' without
    `what`, under a heading that names it), '—' when there is nothing to compare."""
    if points is None:
        return "—"
    if points == 0:
        return f"level with {what}" if what else "level"
    direction = "above" if points > 0 else "below"
    size = abs(points)
    return f"{size:,} point{'s' if size != 1 else ''} {direction}" + (f" {what}" if what else "")


def usable_postcode(text: str) -> str:
    """The postcode in standard form when it is a UK postcode or outward code, else ""."""
    cleaned = normalise_postcode(text or "")
    return cleaned if _USABLE_POSTCODE.match(cleaned) else ""


def postcode_is_local(postcode: str, local_areas: tuple[str, ...]) -> bool:
    """is_local, and an outward code on its own ("LE1") also matches a listed district."""
    if is_local(postcode, local_areas):
        return True
    return " " not in postcode and postcode in {"".join(a.split()).upper() for a in local_areas}


def financial_year_of(day: date) -> int:
    """The year a UK public-sector financial year starts in: 31 March 2026 -> 2025, 1 April 2026 -> 2026."""
    return day.year if day.month >= 4 else day.year - 1


# -- the KPIs -----------------------------------------------------------------------------------------

_LOCAL, _NOT_LOCAL, _UNKNOWN = 0, 1, 2


class _Year:
    __slots__ = ("lines", "total", "credits", "credit_lines", "place", "by_line", "by_supplier", "sme", "large",
                 "size_unknown", "vcse", "unmatched")

    def __init__(self) -> None:
        self.lines = 0
        self.credit_lines = 0
        self.total = self.credits = self.by_line = self.by_supplier = ZERO
        self.sme = self.large = self.size_unknown = self.vcse = self.unmatched = ZERO
        self.place = [ZERO, ZERO, ZERO]


def spend_kpis(lines: Iterable[SpendLineFacts], suppliers: Mapping[int, SupplierSpendFacts],
               local_areas: tuple[str, ...], benchmark: LocalSpendBenchmark | None = None) -> SpendKpis:
    """Add the lines up per financial year (see the module's docstring for every rule)."""
    benchmark = benchmark or LocalSpendBenchmark(None)
    areas = tuple(a for a in local_areas if a.strip())
    years: dict[int, _Year] = {}
    place_of: dict[str, int] = {}  # postcode text -> _LOCAL / _NOT_LOCAL / _UNKNOWN

    def place(text: str) -> int:
        found = place_of.get(text)
        if found is None:
            postcode = usable_postcode(text)
            found = _UNKNOWN if not postcode else (_LOCAL if postcode_is_local(postcode, areas) else _NOT_LOCAL)
            place_of[text] = found
        return found

    count = 0
    for invoice_date, amount, line_postcode, supplier_id in lines:
        count += 1
        start = financial_year_of(invoice_date)
        year = years.get(start)
        if year is None:
            year = years[start] = _Year()
        year.lines += 1
        year.total += amount
        if amount < 0:
            year.credits += amount
            year.credit_lines += 1
        supplier = suppliers.get(supplier_id) if supplier_id is not None else None
        where = place(line_postcode) if line_postcode else _UNKNOWN
        if where != _UNKNOWN:
            year.by_line += amount
        elif supplier is not None and supplier.postcode:
            where = place(supplier.postcode)
            if where != _UNKNOWN:
                year.by_supplier += amount
        year.place[where] += amount
        if supplier is None:
            year.unmatched += amount
            continue
        if supplier.size is SupplierSize.SME:
            year.sme += amount
        elif supplier.size is SupplierSize.LARGE:
            year.large += amount
        else:
            year.size_unknown += amount
        if supplier.vcse:
            year.vcse += amount

    rows: list[YearSpend] = []
    previous: dict[int, Decimal | None] = {}
    for start in sorted(years):
        y = years[start]

        def share(value: Decimal, total: Decimal = y.total) -> Share:
            return Share(value, percent_of(value, total))

        local = share(y.place[_LOCAL]) if areas else None
        local_percent = local.percent if local is not None else None
        before = previous.get(start - 1)
        previous[start] = local_percent
        rows.append(YearSpend(
            year=start, lines=y.lines, total=y.total, credit_notes=y.credits, credit_note_lines=y.credit_lines,
            local=local, not_local=share(y.place[_NOT_LOCAL]) if areas else None,
            postcode_unknown=share(y.place[_UNKNOWN]) if areas else None,
            decided_by_line_postcode=y.by_line, decided_by_supplier_postcode=y.by_supplier,
            sme=share(y.sme), large=share(y.large), size_unknown=share(y.size_unknown), vcse=share(y.vcse),
            unmatched=share(y.unmatched), benchmark=benchmark.percent,
            vs_benchmark=points_difference(local_percent, benchmark.percent),
            previous_local_percent=before, vs_previous_year=points_difference(local_percent, before),
        ))
    return SpendKpis(years=tuple(rows), local_areas=areas, benchmark=benchmark, lines=count)


__all__ = [
    "LocalSpendBenchmark",
    "Share",
    "SpendKpis",
    "SpendLineFacts",
    "SupplierSpendFacts",
    "YearSpend",
    "amount_text",
    "difference_text",
    "financial_year_of",
    "percent_of",
    "percent_text",
    "points_difference",
    "postcode_is_local",
    "spend_kpis",
    "usable_postcode",
]
