"""Delivery of social value commitments: reporting periods, progress to date and RAG.

A commitment is what the winning supplier promised on a metric; returns are
what it reports per period. Progress is delivery to date, aggregated by the
metric's rule (sum over periods for counts and money; latest value for
headcounts and percentages), compared with the pro-rata expectation at a date.

No source sets the method or the thresholds (the issue says so; see the policy
profile's `delivery` settings), so both are stated wherever RAG is shown:
- Periods follow the NHS financial year (April to March): months, quarters
  (Q1 = April-June) or years, clipped to the commitment's start and due dates.
- Expected by a date = target x days elapsed / days in the commitment (both
  counted inclusively, so leap days count), for "sum" metrics and "latest"
  counts (a headcount ramps up); for percentages and yes/no the whole target is
  expected from the start.
- Achieved = claimed and verified returns (rejected ones never count); the
  verified share is shown beside it, so unverified claims are visible.
- RAG: green at or above `green_from` % of expected, amber at or above
  `amber_from` %, red below, grey before the start date. A zero target is green.
No Qt, no database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from sv_desktop.domain.dates import add_months
from sv_desktop.domain.vocabulary import LabelledEnum, UkRegion

METHOD = (
    "Progress = claimed and verified returns to date (rejected returns never count), summed over periods for "
    "counts and money, latest value for headcounts and percentages. Expected = target × days elapsed ÷ days in "
    "the commitment (percentages and yes/no: the whole target from the start). RAG: green at or above {green}% "
    "of expected, amber at or above {amber}%, red below, grey before the start. Periods follow the NHS "
    "financial year (April to March). These thresholds are the policy profile's; no official source sets them."
)


class Frequency(LabelledEnum):
    MONTHLY = ("monthly", "Monthly")
    QUARTERLY = ("quarterly", "Quarterly")
    ANNUAL = ("annual", "Annual")

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]


class Aggregation(LabelledEnum):
    SUM = ("sum", "Sum over periods")
    LATEST = ("latest", "Latest value")


class ReturnStatus(LabelledEnum):
    CLAIMED = ("claimed", "Claimed (not yet verified)")
    VERIFIED = ("verified", "Verified")
    REJECTED = ("rejected", "Rejected")


class Rag(LabelledEnum):
    """Always shown with its words: state is never colour alone."""

    GREEN = ("green", "Green: on track")
    AMBER = ("amber", "Amber: at risk")
    RED = ("red", "Red: off track")
    GREY = ("grey", "Grey: not started")

    @property
    def short(self) -> str:
        return self.value.capitalize()


# Units whose whole target applies from the start (a rate, not an amount built up over time).
LEVEL_UNITS = frozenset({"percent", "yes_no"})


@dataclass(frozen=True)
class RagThresholds:
    green_from: Decimal = Decimal(95)
    amber_from: Decimal = Decimal(75)
    return_due_days: int = 30  # a return is overdue this many days after its period ends

    def method(self) -> str:
        return METHOD.format(green=_pct(self.green_from), amber=_pct(self.amber_from))


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


@dataclass(frozen=True)
class CommitmentTerms:
    """A commitment's target and dates once all are filled in: what progress is measured against."""

    target: Decimal
    start_date: date
    due_date: date


@dataclass(frozen=True)
class CommitmentData:
    """What the supplier committed to on one metric (framework or bespoke)."""

    title: str
    unit: str  # a unit id from the catalogue's unit table (count, roles, gbp, tco2e, percent ...)
    target: Decimal | None = None  # None until filled in from the winning bid
    start_date: date | None = None
    due_date: date | None = None
    frequency: Frequency = Frequency.QUARTERLY
    aggregation: Aggregation = Aggregation.SUM
    baseline: Decimal | None = None
    region: UkRegion | None = None
    cohort: str = ""
    bid_text: str = ""
    framework_id: str = ""  # "" for a bespoke metric
    ref: str = ""
    justification: str = ""  # why a bespoke metric was needed

    @property
    def bespoke(self) -> bool:
        return not self.framework_id

    @property
    def missing(self) -> tuple[str, ...]:
        """What must still be filled in from the bid before progress can be measured."""
        return tuple(name for name, value in (("target", self.target), ("start date", self.start_date),
                                              ("due date", self.due_date)) if value is None)

    @property
    def terms(self) -> CommitmentTerms | None:
        """The target and dates, or None while any is `missing`."""
        if self.target is None or self.start_date is None or self.due_date is None:
            return None
        return CommitmentTerms(self.target, self.start_date, self.due_date)


class RemedyKind(LabelledEnum):
    """What was done about a red commitment (seed 003 (vii): alternative social value, deductions)."""

    IMPROVEMENT_PLAN = ("improvement_plan", "Improvement plan")
    ALTERNATIVE = ("alternative", "Alternative social value of equivalent value")
    PAYMENT_DEDUCTION = ("payment_deduction", "Payment deduction")
    SERVICE_CREDIT = ("service_credit", "Service credit")

    @property
    def takes_amount(self) -> bool:
        return self in (RemedyKind.PAYMENT_DEDUCTION, RemedyKind.SERVICE_CREDIT)


@dataclass(frozen=True)
class RemedyData:
    kind: RemedyKind
    raised_on: date
    description: str = ""
    amount: Decimal | None = None  # £, for deductions and service credits
    due_on: date | None = None
    closed_on: date | None = None
    outcome: str = ""


@dataclass(frozen=True)
class DeliveryReturn:
    period_start: date
    period_end: date
    actual: Decimal
    status: ReturnStatus = ReturnStatus.CLAIMED
    evidence_notes: str = ""
    evidence_ref: str = ""
    entered_by: str = ""
    entered_at: datetime | None = None
    rejection_reason: str = ""


@dataclass(frozen=True)
class Progress:
    rag: Rag
    achieved: Decimal | None  # claimed + verified, by the aggregation rule
    verified: Decimal | None
    expected: Decimal
    target: Decimal
    percent_of_expected: Decimal | None
    percent_of_target: Decimal | None
    overdue: tuple[Period, ...] = field(default_factory=tuple)
    reason: str = ""

    @property
    def unverified_claims(self) -> bool:
        return self.achieved is not None and self.achieved != self.verified


# -- periods -------------------------------------------------------------------------------------

def financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def periods(start: date, end: date, frequency: Frequency) -> list[Period]:
    """The reporting periods covering start..end, on NHS financial-year boundaries, clipped to the span."""
    if end < start:
        return []
    step = frequency.months
    fy = financial_year_start(start)
    boundary = fy
    while add_months(boundary, step) <= start:
        boundary = add_months(boundary, step)
    found: list[Period] = []
    while boundary <= end:
        following = add_months(boundary, step)
        found.append(Period(max(boundary, start), min(following - timedelta(days=1), end)))
        boundary = following
    return found


def period_label(start: date, end: date) -> str:
    """ "Apr 2026", "Q1 2026/27", "2026/27", or the dates for an odd span."""
    fy = financial_year_start(start)
    fy_text = f"{fy.year}/{(fy.year + 1) % 100:02d}"
    whole_month_end = add_months(start.replace(day=1), 1) - timedelta(days=1)
    if start.day == 1 and end == whole_month_end:
        return start.strftime("%b %Y")
    months = (start.year - fy.year) * 12 + start.month - 4
    if start.day == 1 and months % 3 == 0 and end == add_months(start, 3) - timedelta(days=1):
        return f"Q{months // 3 + 1} {fy_text}"
    if start == fy and end == add_months(fy, 12) - timedelta(days=1):
        return fy_text
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


# -- progress ------------------------------------------------------------------------------------

def expected_by(commitment: CommitmentData, day: date) -> Decimal:
    """The pro-rata expectation on `day` (see the module docstring); 0 while the commitment is incomplete."""
    terms = commitment.terms
    if terms is None:
        return Decimal(0)
    if day < terms.start_date:
        return Decimal(0)
    if commitment.unit in LEVEL_UNITS:
        return terms.target
    total_days = (terms.due_date - terms.start_date).days + 1
    elapsed = (min(day, terms.due_date) - terms.start_date).days + 1
    return terms.target * Decimal(elapsed) / Decimal(total_days)


def delivered(commitment: CommitmentData, returns: list[DeliveryReturn] | tuple[DeliveryReturn, ...],
              statuses: frozenset[ReturnStatus]) -> Decimal | None:
    """Delivery to date from the returns with these statuses, by the metric's aggregation; None if none."""
    counted = [r for r in returns if r.status in statuses]
    if not counted:
        return None
    if commitment.aggregation is Aggregation.LATEST:
        return max(counted, key=lambda r: (r.period_end, r.period_start)).actual
    return sum((r.actual for r in counted), Decimal(0))


def overdue_periods(commitment: CommitmentData, returns, today: date, thresholds: RagThresholds) -> tuple[Period, ...]:
    """Periods ended more than `return_due_days` ago with no claimed or verified return."""
    terms = commitment.terms
    if terms is None:
        return ()
    covered = {(r.period_start, r.period_end) for r in returns if r.status is not ReturnStatus.REJECTED}
    found = []
    for period in periods(terms.start_date, terms.due_date, commitment.frequency):
        if period.end + timedelta(days=thresholds.return_due_days) < today and \
                (period.start, period.end) not in covered:
            found.append(period)
    return tuple(found)


def progress(commitment: CommitmentData, returns, today: date, thresholds: RagThresholds | None = None) -> Progress:
    thresholds = thresholds or RagThresholds()
    returns = list(returns)
    achieved = delivered(commitment, returns, frozenset({ReturnStatus.CLAIMED, ReturnStatus.VERIFIED}))
    verified = delivered(commitment, returns, frozenset({ReturnStatus.VERIFIED}))
    expected = expected_by(commitment, today)
    overdue = overdue_periods(commitment, returns, today, thresholds)
    terms = commitment.terms
    if terms is None:
        return Progress(Rag.GREY, achieved, verified, Decimal(0), commitment.target or Decimal(0), None, None, (),
                        f"Not measured yet: fill in the {', '.join(commitment.missing)} from the winning bid.")
    target = terms.target
    of_target = _share(achieved or Decimal(0), target) if target else None
    if today < terms.start_date:
        return Progress(Rag.GREY, achieved, verified, expected, target, None, of_target, overdue,
                        f"Starts on {terms.start_date:%d/%m/%Y}.")
    if target == 0:
        return Progress(Rag.GREEN, achieved, verified, expected, target, None, None, overdue,
                        "The target is zero, so there is nothing to fall behind on.")
    got = achieved or Decimal(0)
    share = _share(got, expected)
    # The thresholds are compared with the exact share, not the rounded one shown: 94.96 % is below 95 %.
    exact = got * 100 / expected
    if exact >= thresholds.green_from:
        rag = Rag.GREEN
    elif exact >= thresholds.amber_from:
        rag = Rag.AMBER
    else:
        rag = Rag.RED
    reason = (f"{_num(got)} achieved against {_num(expected)} expected by {today:%d/%m/%Y} "
              f"({_pct(share)}% of expected; target {_num(target)} by {terms.due_date:%d/%m/%Y})")
    if verified != achieved:
        reason += f"; {_num(verified or Decimal(0))} of it verified"
    if overdue:
        reason += f"; {len(overdue)} return{'s' if len(overdue) != 1 else ''} overdue"
    return Progress(rag, achieved, verified, expected, target, share, of_target, overdue, reason + ".")


def _share(part: Decimal, whole: Decimal) -> Decimal:
    """part as a % of whole to 0.1, rounded down so the figure shown never overstates delivery
    (94.96 % shows as 94.9 %, beside its Amber label, not as 95.0 %)."""
    if whole == 0:
        return Decimal(100)
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def _num(value: Decimal) -> str:
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:.1f}"


__all__ = [
    "LEVEL_UNITS",
    "METHOD",
    "Aggregation",
    "CommitmentData",
    "CommitmentTerms",
    "DeliveryReturn",
    "Frequency",
    "Period",
    "Progress",
    "Rag",
    "RagThresholds",
    "RemedyData",
    "RemedyKind",
    "ReturnStatus",
    "delivered",
    "expected_by",
    "financial_year_start",
    "overdue_periods",
    "period_label",
    "periods",
    "progress",
]
