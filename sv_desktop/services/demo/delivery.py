"""Demo delivery: commitments, returns and remedies for the awarded and in-delivery demo contracts.

Every metric chosen for such a contract (demo_social_value picks them) becomes a
commitment filled in "from the bid": a target scaled to the contract's value and
length, a baseline where one makes sense, quarterly or annual reporting, a UK
region for "by region" metrics, a cohort for the under-represented-groups
metrics and a line of bid text. Returns follow for the periods already past, so
the portfolio shows a realistic spread as at `today`: about 55 % green, 20 %
amber, 15 % red and 10 % grey (not started: a later start, a target still to be
filled in, or a contract not started yet). Some claims are not yet verified, a
few returns are rejected with a reason, some returns are overdue, and most red
commitments have remedies (an improvement plan, alternative social value, and a
deduction or service credit on contracts over £100,000).

RAG is never set directly: each commitment is given a delivery rate against the
pro-rata expectation and its returns are written to match; the domain's
progress() then decides, and the counts it gives are returned.

Written in bulk (Core inserts), like the rest of the demo, so a 3,000-contract
demo takes a fraction of a second more.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.dates import add_months
from sv_desktop.domain.delivery import (
    Aggregation,
    CommitmentData,
    CommitmentTerms,
    DeliveryReturn,
    Frequency,
    Period,
    Rag,
    RagThresholds,
    RemedyKind,
    ReturnStatus,
    expected_by,
    financial_year_start,
    periods,
    progress,
)
from sv_desktop.domain.vocabulary import Stage, UkRegion
from sv_desktop.store.models import Commitment, DeliveryReturnRow, Remedy, SvSelection, table_of, utc_now

if TYPE_CHECKING:
    from sv_desktop.catalogue.model import Catalogue

# (contract id, stage value, total value, start date, end date): what generate_demo already holds per contract.
DemoContract = tuple[int, str, Decimal | None, date | None, date | None]

LIVE_STAGES = (Stage.AWARDED.value, Stage.DELIVERY.value)
DEDUCTIONS_OVER = Decimal(100_000)  # the council policy: deductions and service credits only above this total
# How a started commitment is meant to be doing (weights); contracts not started yet are grey anyway.
PLANNED = ((Rag.GREEN, 60), (Rag.AMBER, 21), (Rag.RED, 16), (Rag.GREY, 2))
# Delivery to date as a share of the pro-rata expectation, for each planned RAG (defaults: green 95 %, amber 75 %).
RATES = {Rag.GREEN: (0.97, 1.22), Rag.AMBER: (0.78, 0.92), Rag.RED: (0.22, 0.68)}
CHUNK = 500
REGIONS = ((UkRegion.EAST_MIDLANDS, 75), (UkRegion.WEST_MIDLANDS, 10), (UkRegion.EAST, 8), (UkRegion.YORKSHIRE, 7))
COHORTS = ("care leavers", "armed forces veterans", "people leaving prison",
           "young people not in education, employment or training", "people with a learning disability")
ENTERED_BY = ("Claire Dawson", "Ravi Mistry", "Joanne Price", "Liam O'Connor", "Fatima Hussain", "Paul Greaves",
              "Nicola Bennett", "Daniel Cole", "Harpreet Kaur", "Sarah Ingram", "Owen Hughes", "Grace Adeyemi")
REVIEWERS = ("Helen Okafor", "Mark Ellison", "Priya Sharma", "Gareth Lloyd")
REJECTIONS = (
    "The evidence covers staff working on other NHS contracts; resubmit the figure for this contract only.",
    "No evidence attached: send the payroll extract or signed agreements before this can count.",
    "Figures double-count the previous period's starts.",
    "Spend includes the supplier's parent company, which is not an SME.",
    "Dates on the attendance registers fall outside the period.",
)


@dataclass(frozen=True)
class UnitPlan:
    """How big a commitment in this unit is for a £1m-a-year contract, and how finely it is reported."""

    low: float
    high: float
    places: int  # decimal places of targets and returns
    per_year: bool  # True: the target builds up each year of the commitment; False: a level (people, %)
    evidence: str


UNIT_PLANS: dict[str, UnitPlan] = {
    "roles": UnitPlan(2, 9, 0, True, "Offer letters and payroll extract (anonymised)"),
    "count": UnitPlan(2, 12, 0, True, "Register of starts, agreements and attendance records"),
    "hours": UnitPlan(80, 900, 0, True, "Timesheets and session attendance registers"),
    "gbp": UnitPlan(0.03, 0.11, 0, True, "Purchase ledger extract and supplier invoices"),  # share of annual value
    "tco2e": UnitPlan(6, 90, 1, True, "Meter readings, fuel cards and the DESNZ conversion factors"),
    "litres": UnitPlan(20_000, 300_000, 0, True, "Water meter readings against the baseline year"),
    "tonnes": UnitPlan(2, 35, 1, True, "Waste transfer notes and the recycling contractor's summary"),
    "m2": UnitPlan(150, 2_500, 0, False, "Site plans and dated photographs"),
    "percent": UnitPlan(20, 60, 1, False, "Workforce report from the HR system"),
    "fte": UnitPlan(4, 30, 1, False, "Payroll extract (FTE)"),
}
HEADCOUNT = UnitPlan(8, 60, 0, False, "Payroll extract (anonymised) and HR records")  # "count", latest value


@dataclass
class DemoDelivery:
    """What was written, and the RAG spread the domain gives it as at `today`."""

    commitments: int = 0
    returns: int = 0
    remedies: int = 0
    rag: Counter = field(default_factory=Counter)  # Rag -> commitments
    overdue_returns: int = 0  # periods past due with no claimed or verified return
    unverified_returns: int = 0  # claimed, not yet verified
    rejected_returns: int = 0
    red_with_remedies: int = 0


@dataclass
class _Planned:
    contract_id: int
    position: int
    total: Decimal | None
    data: CommitmentData
    returns: list[DeliveryReturn]
    reviewers: list[tuple[str, datetime | None]]
    rag: Rag  # the domain's progress() on `today`
    overdue: int


def add_demo_delivery(session: Session, contracts: Iterable[DemoContract], rng: random.Random, today: date,
                      catalogue: Catalogue, *, now: datetime | None = None,
                      thresholds: RagThresholds | None = None,
                      deductions_over: Decimal | None = DEDUCTIONS_OVER) -> DemoDelivery:
    """Commitments, returns and remedies for the awarded and in-delivery contracts among `contracts`.

    Reads each contract's chosen metrics from the session (so call it after the selections are
    inserted, in the same transaction) and skips contracts that already have commitments.
    """
    thresholds = thresholds or RagThresholds()
    now = (now or utc_now()).replace(tzinfo=None, microsecond=0)
    live = {cid: (total, start, end) for cid, stage, total, start, end in contracts
            if stage in LIVE_STAGES and start is not None and end is not None and end >= start}
    result = DemoDelivery()
    if not live:
        return result
    metrics = _metric_selections(session, sorted(live))
    planned: list[_Planned] = []
    for contract_id in sorted(metrics):
        total, start, end = live[contract_id]
        for position, (framework_id, ref, title) in enumerate(metrics[contract_id]):
            entry = catalogue.entry(framework_id, ref)
            planned.append(_plan(rng, contract_id, position, framework_id, ref, title, entry, total, start, end,
                                 today, thresholds))
    if not planned:
        return result

    commitment_rows = [_commitment_row(p, now) for p in planned]
    session.execute(table_of(Commitment).insert(), commitment_rows)
    ids: dict[tuple[int, int], int] = {}
    contract_ids = sorted({p.contract_id for p in planned})
    for first in range(0, len(contract_ids), CHUNK):
        for cid, contract_id, position in session.execute(
                select(Commitment.id, Commitment.contract_id, Commitment.position)
                .where(Commitment.contract_id.in_(contract_ids[first:first + CHUNK]))):
            ids[(contract_id, position)] = cid

    return_rows: list[dict] = []
    remedy_rows: list[dict] = []
    for item in planned:
        commitment_id = ids[(item.contract_id, item.position)]
        for data, (reviewer, reviewed_at) in zip(item.returns, item.reviewers):
            return_rows.append({
                "commitment_id": commitment_id, "period_start": data.period_start, "period_end": data.period_end,
                "actual": data.actual, "status": data.status.value, "evidence_notes": data.evidence_notes,
                "evidence_ref": data.evidence_ref, "entered_by": data.entered_by, "entered_at": data.entered_at,
                "reviewed_by": reviewer, "reviewed_at": reviewed_at, "rejection_reason": data.rejection_reason,
                "version": 1})
            result.unverified_returns += data.status is ReturnStatus.CLAIMED
            result.rejected_returns += data.status is ReturnStatus.REJECTED
        result.rag[item.rag] += 1
        result.overdue_returns += item.overdue
        remedies = _remedies(rng, item, item.rag, today, deductions_over)
        result.red_with_remedies += bool(remedies) and item.rag is Rag.RED
        remedy_rows += [dict(row, commitment_id=commitment_id, version=1) for row in remedies]
    if return_rows:
        session.execute(table_of(DeliveryReturnRow).insert(), return_rows)
    if remedy_rows:
        session.execute(table_of(Remedy).insert(), remedy_rows)
    result.commitments, result.returns, result.remedies = len(planned), len(return_rows), len(remedy_rows)
    return result


# -- reading the selections -------------------------------------------------------------------------
def _metric_selections(session: Session, contract_ids: Sequence[int]) -> dict[int, list[tuple[str, str, str]]]:
    """(framework id, ref, title) of each chosen metric, per contract without commitments, in the chosen order."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    for first in range(0, len(contract_ids), CHUNK):
        chunk = contract_ids[first:first + CHUNK]
        taken = set(session.scalars(select(Commitment.contract_id).where(Commitment.contract_id.in_(chunk))))
        for contract_id, framework_id, ref, title, refined in session.execute(
                select(SvSelection.contract_id, SvSelection.framework_id, SvSelection.ref, SvSelection.title,
                       SvSelection.refined_text)
                .where(SvSelection.contract_id.in_(chunk), SvSelection.kind == "metric")
                .order_by(SvSelection.contract_id, SvSelection.position, SvSelection.id)):
            if contract_id not in taken:
                found.setdefault(contract_id, []).append((framework_id, ref, refined or title))
    return found


# -- one commitment ----------------------------------------------------------------------------------
def _plan(rng: random.Random, contract_id: int, position: int, framework_id: str, ref: str, title: str, entry,
          total: Decimal | None, start: date, end: date, today: date,
          thresholds: RagThresholds) -> _Planned:
    unit = entry.unit if entry is not None and entry.unit in UNITS else "count"
    aggregation = Aggregation(entry.aggregation if entry is not None and entry.aggregation
                              else UNITS[unit].default_aggregation)
    if unit == "count" and aggregation is Aggregation.LATEST:
        plan = HEADCOUNT
    else:
        plan = UNIT_PLANS.get(unit, UNIT_PLANS["count"])
    annual_words = ref.startswith("4a") and unit in ("tco2e", "litres", "tonnes")
    frequency = Frequency.ANNUAL if rng.random() < (0.7 if annual_words else 0.2) else Frequency.QUARTERLY
    wanted = _planned_rag(rng, start, today)
    commitment_start = start
    target_missing = False
    if wanted is Rag.GREY and start <= today:
        later = _next_period_start(today + timedelta(days=rng.randint(0, 200)), frequency)
        if later <= end - timedelta(days=120):
            commitment_start = later  # phased: this commitment starts in a later year of the contract
        else:
            target_missing = True  # still to fill in from the bid
    if wanted is not Rag.GREY and _next_period_start(start, frequency) - timedelta(days=1) >= today:
        # Nothing has been due yet: report from the first whole period instead of showing red on day one.
        later = _next_period_start(today, frequency)
        if later <= end - timedelta(days=90):
            commitment_start, wanted = later, Rag.GREY
    years = ((end - commitment_start).days + 1) / 365.25
    annual = (total or Decimal(0)) / Decimal(max(years, 1.0)) if total else Decimal(0)
    target = None if target_missing else _target(rng, unit, plan, annual, years)
    baseline = _baseline(rng, unit, plan, target)
    region = _choose(rng, REGIONS) if entry is not None and entry.by_region else None
    cohort = _cohort(rng, ref)
    data = CommitmentData(
        title=title, unit=unit, target=target, start_date=commitment_start, due_date=end, frequency=frequency,
        aggregation=aggregation, baseline=baseline, region=region, cohort=cohort, framework_id=framework_id, ref=ref)
    terms = data.terms  # None exactly when the target is still missing: both dates are set here
    if terms is not None:
        data = replace(data, bid_text=_bid_text(rng, data, terms, commitment_start != start))
    returns: list[DeliveryReturn] = []
    reviewers: list[tuple[str, datetime | None]] = []
    if terms is not None and wanted is not Rag.GREY and commitment_start <= today:
        returns, reviewers = _returns(rng, data, terms, plan, wanted, today, thresholds)
    found = progress(data, returns, today, thresholds)
    return _Planned(contract_id, position, total, data, returns, reviewers, found.rag, len(found.overdue))


def _planned_rag(rng: random.Random, start: date, today: date) -> Rag:
    if start > today:
        return Rag.GREY
    return _choose(rng, PLANNED)


def _choose(rng: random.Random, weighted):
    return rng.choices([item for item, _w in weighted], [w for _i, w in weighted])[0]


def _next_period_start(day: date, frequency: Frequency) -> date:
    boundary = financial_year_start(day)
    while boundary <= day:
        boundary = add_months(boundary, frequency.months)
    return boundary


def _quantize(value: float | Decimal, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _target(rng: random.Random, unit: str, plan: UnitPlan, annual: Decimal, years: float) -> Decimal:
    scale = min(6.0, max(0.3, (float(annual) / 1_000_000) ** 0.45)) if annual else 0.5
    if unit == "gbp":
        amount = float(annual) * rng.uniform(plan.low, plan.high) * years
        return max(Decimal(1000), _quantize(round(amount / 500) * 500, 0))
    if unit == "percent":
        return _quantize(rng.choice((10, 15, 20, 25, 30, 40, 50)), 1)
    value = rng.uniform(plan.low, plan.high) * scale
    if plan.per_year:
        value *= max(years, 0.5)
    if plan.places == 0:
        step = 1000 if value > 50_000 else (10 if value > 500 else 1)
        return Decimal(max(step, round(value / step) * step))
    return max(Decimal(1), _quantize(value, plan.places))


def _baseline(rng: random.Random, unit: str, plan: UnitPlan, target: Decimal | None) -> Decimal | None:
    if target is None:
        return None
    if unit in ("tco2e", "litres", "tonnes") and rng.random() < 0.8:
        return _quantize(float(target) * rng.uniform(2.5, 6), plan.places)  # the footprint the reduction is from
    if not plan.per_year and unit != "m2" and rng.random() < 0.6:
        return _quantize(float(target) * rng.uniform(0.2, 0.6), plan.places)  # people already in post
    return None


def _cohort(rng: random.Random, ref: str) -> str:
    if ref == "6civ":
        return "people leaving prison"
    if ref.startswith("6b"):
        return "disabled people"
    if ref.startswith(("6", "7a")):
        return rng.choice(COHORTS)
    return ""


def _number(value: Decimal, unit: str) -> str:
    if unit == "gbp":
        return f"£{value:,.0f}"
    text = f"{value:,.1f}" if value != value.to_integral_value() else f"{value:,.0f}"
    return text + {"percent": "%", "tco2e": " tCO2e", "tonnes": " tonnes", "litres": " litres", "m2": " m²",
                   "hours": " hours", "fte": " FTE"}.get(unit, "")


def _metric_words(title: str) -> str:
    """"direct spend with SMEs" from "Direct spend with SMEs": the title's first clause, for a sentence."""
    words = title.split(",")[0].split(" (")[0].strip()
    return words[:1].lower() + words[1:] if words[1:2].islower() else words


def _region_words(region: UkRegion) -> str:
    return ("the " if region.label.split()[0] in ("North", "South", "East", "West") else "") + region.label


def _bid_text(rng: random.Random, data: CommitmentData, terms: CommitmentTerms, phased: bool) -> str:
    """A line of the winning bid the commitment came from, as a contract manager would copy it in."""
    unit, target, baseline, region, cohort = data.unit, terms.target, data.baseline, data.region, data.cohort
    where = f" in {_region_words(region)}" if region else ""
    what = _metric_words(data.title)
    who = f", recruited from {cohort}" if cohort and cohort not in what else ""
    how = "every quarter" if data.frequency is Frequency.QUARTERLY else "each year"
    section = f"Method statement {rng.randint(3, 9)}.{rng.randint(1, 6)}"
    amount = _number(target, unit)
    if unit == "gbp":
        promise = (f"we will spend at least {amount} over the contract {what.replace('direct spend ', '')}, "
                   "tracked through our purchase ledger")
    elif unit in ("tco2e", "litres", "tonnes"):
        promise = f"we will cut {what.replace('annual reduction in ', '')} by {amount} over the contract" + (
            f" against our 2024/25 baseline of {_number(baseline, unit)}" if baseline is not None else "")
    elif unit == "m2":
        promise = f"we will create {amount} of green space{where} with the local wildlife trust"
    elif unit == "hours":
        for prefix in ("person hours of ", "people-hours of ", "hours of ", "hours spent "):
            what = what.removeprefix(prefix)
        promise = f"our staff will spend {amount} on {what}{where}, with local schools & colleges"
    elif data.aggregation is Aggregation.LATEST:
        promise = f"by the end of the contract there will be at least {amount} {what}{where}{who}"
    elif "metric" in what:
        promise = f"we commit to {amount} against the {what}"
    else:
        promise = f"we commit to {amount} {what}{where}{who}"
    start = " from a later year of the contract" if phased else ""
    return f"{section}: {promise}{start}, reported {how} with evidence."


# -- returns -------------------------------------------------------------------------------------------
def _returns(rng: random.Random, data: CommitmentData, terms: CommitmentTerms, plan: UnitPlan, wanted: Rag,
             today: date, thresholds: RagThresholds) -> tuple[list[DeliveryReturn], list[tuple[str, datetime | None]]]:
    """Returns for the periods already past, delivering about `wanted` against the pro-rata expectation."""
    due_days = thresholds.return_due_days
    # Periods up to today only (clipping at today leaves every period that has ended as it is).
    past = [p for p in periods(terms.start_date, min(terms.due_date, today), data.frequency) if p.end < today]
    overdue_from = today - timedelta(days=due_days)
    due = [p for p in past if p.end < overdue_from]
    recent = past[len(due):]  # ended, not yet overdue: some suppliers report early
    missing_chance = {Rag.GREEN: 0.08, Rag.AMBER: 0.2, Rag.RED: 0.35}[wanted]
    missing = 0
    if due and rng.random() < missing_chance:
        missing = min(len(due) - 1, 1 if rng.random() < 0.75 else 2) if wanted is not Rag.RED else \
            min(len(due), 1 if rng.random() < 0.7 else 2)
    reported = due[:len(due) - missing] + [p for p in recent if rng.random() < 0.4]
    if not reported:
        return [], []
    # A few older returns are rejected: they stay on record, but do not count.
    rejected = {p for p in reported[:-1] if (today - p.end).days > 60 and rng.random() < 0.04}
    counted = [p for p in reported if p not in rejected]
    if not counted:
        rejected.clear()
        counted = list(reported)
    expected = expected_by(data, today)
    rate = rng.uniform(*RATES[wanted])
    values = _values(rng, data, plan, counted, expected * Decimal(str(rate)))
    returns, reviewers = [], []
    entered_by = rng.choice(ENTERED_BY)  # the contract manager who keys in the supplier's returns
    extension = rng.choice(("xlsx", "xlsx", "pdf"))
    latest_review = _moment(today, today)
    for period in reported:
        age = (today - period.end).days
        entered = _moment(period.end + timedelta(days=rng.randint(3, min(28, max(3, age - 1)))), today)
        reviewer, reviewed_at, reason = "", None, ""
        if period in rejected:
            status = ReturnStatus.REJECTED
            actual = values.get(period) or _quantize(float(terms.target) / max(1, len(counted)), plan.places)
            reason = rng.choice(REJECTIONS)
        else:
            actual = values[period]
            verified_chance = 0.9 if age > 120 else (0.45 if age > due_days else 0.0)
            status = ReturnStatus.VERIFIED if rng.random() < verified_chance else ReturnStatus.CLAIMED
        if status is not ReturnStatus.CLAIMED:
            reviewer = rng.choice(REVIEWERS)
            reviewed_at = min(entered + timedelta(days=rng.randint(2, 20)), latest_review)
        label = _file_label(period, data.frequency)
        returns.append(DeliveryReturn(
            period.start, period.end, actual, status, evidence_notes=plan.evidence,
            evidence_ref=f"SV-return-{data.ref or 'bespoke'}-{label}.{extension}",
            entered_by=entered_by, entered_at=entered, rejection_reason=reason))
        reviewers.append((reviewer, reviewed_at))
    return returns, reviewers


def _values(rng: random.Random, data: CommitmentData, plan: UnitPlan, counted: list[Period],
            achieved: Decimal) -> dict[Period, Decimal]:
    """Per-period actuals that add up (sum) or end at (latest) the wanted delivery to date."""
    if data.aggregation is Aggregation.LATEST:
        last = _quantize(achieved, plan.places)
        if data.unit == "percent":
            last = min(last, Decimal(100))
        values = {}
        for index, period in enumerate(counted):
            share = 0.55 + 0.45 * (index + 1) / len(counted)
            value = last if index == len(counted) - 1 else _quantize(float(last) * share * rng.uniform(0.9, 1.05),
                                                                      plan.places)
            values[period] = max(Decimal(0), value)
        return values
    weights = [((p.end - p.start).days + 1) * rng.uniform(0.6, 1.4) for p in counted]
    whole = sum(weights)
    total = _quantize(achieved, plan.places)
    values, running = {}, Decimal(0)
    for period, weight in zip(counted[:-1], weights):
        value = min(total - running, _quantize(float(total) * weight / whole, plan.places))
        values[period] = max(Decimal(0), value)
        running += values[period]
    values[counted[-1]] = max(Decimal(0), total - running)
    return values


def _moment(day: date, today: date) -> datetime:
    """10:00 on `day`, at the latest the day before `today`: entered in the past, and the same on every run."""
    return datetime.combine(min(day, today - timedelta(days=1)), time(10, 0))


def _file_label(period: Period, frequency: Frequency) -> str:
    """"Q2-2026-27" / "2026-27" for an evidence file name (Period.label's words, without slashes or spaces)."""
    fy = financial_year_start(period.start).year
    year = f"{fy}-{(fy + 1) % 100:02d}"
    if frequency is Frequency.QUARTERLY:
        return f"Q{(period.start.month - 4) % 12 // 3 + 1}-{year}"
    return year


# -- remedies ------------------------------------------------------------------------------------------
def _remedies(rng: random.Random, item: _Planned, rag: Rag, today: date,
              deductions_over: Decimal | None) -> list[dict]:
    if rag is Rag.RED:
        if rng.random() >= 0.85:
            return []
    elif rag is Rag.AMBER:
        if rng.random() >= 0.1:
            return []
    else:
        return []
    data = item.data
    # Only red and amber commitments get here, and progress() rates only complete ones so: the start is set.
    assert data.start_date is not None
    earliest = max(data.start_date, today - timedelta(days=150))
    raised = min(today, earliest + timedelta(days=rng.randint(7, max(7, (today - earliest).days))))
    due = raised + timedelta(days=rng.choice((42, 60, 90, 120)))
    closed = due + timedelta(days=rng.randint(0, 14)) if due < today and rng.random() < 0.5 else None
    if closed is not None and closed > today:
        closed = today
    what = _metric_words(data.title)
    rows = [{
        "kind": RemedyKind.IMPROVEMENT_PLAN.value, "raised_on": raised, "due_on": due, "closed_on": closed,
        "amount": None,
        "description": (f"Improvement plan agreed at the contract review: recovery of the shortfall in {what} "
                        f"by {due:%d/%m/%Y}, with monthly updates to the contract manager."),
        "outcome": (rng.choice(("Recovered: the next return was back on the pro-rata line.",
                                "Partly recovered; the rest is covered by alternative social value."))
                    if closed else ""),
    }]
    if rag is Rag.RED and rng.random() < 0.35:
        alt_raised = min(today, raised + timedelta(days=rng.randint(14, 45)))
        rows.append({
            "kind": RemedyKind.ALTERNATIVE.value, "raised_on": alt_raised, "due_on": alt_raised + timedelta(days=180),
            "closed_on": None, "amount": None,
            "description": rng.choice((
                "Alternative social value of equivalent value: 120 hours of careers support & mock interviews "
                "at two local secondary schools.",
                "Alternative social value of equivalent value: a £5,000 contribution to the local VCSE "
                "community grants fund.",
                "Alternative social value of equivalent value: 6 work-experience placements for care leavers.")),
            "outcome": "",
        })
    total = item.total
    allowed = deductions_over is None or (total is not None and total > deductions_over)
    if rag is Rag.RED and allowed and total and rng.random() < 0.3:
        kind = RemedyKind.PAYMENT_DEDUCTION if rng.random() < 0.7 else RemedyKind.SERVICE_CREDIT
        amount = max(Decimal(500), min(Decimal(25_000), _quantize(round(float(total) * rng.uniform(0.001, 0.004)
                                                                        / 500) * 500, 0)))
        rows.append({
            "kind": kind.value, "raised_on": raised, "due_on": None, "closed_on": raised, "amount": amount,
            "description": (f"{kind.label} under the social value schedule for the shortfall in {what}, "
                            "as the contract allows."),
            "outcome": "Applied to the next invoice.",
        })
    return rows


def _commitment_row(item: _Planned, now: datetime) -> dict:
    data = item.data
    return {
        "contract_id": item.contract_id, "framework_id": data.framework_id, "ref": data.ref, "title": data.title,
        "unit": data.unit, "aggregation": data.aggregation.value, "target": data.target, "baseline": data.baseline,
        "start_date": data.start_date, "due_date": data.due_date, "frequency": data.frequency.value,
        "region": data.region.value if data.region else None, "cohort": data.cohort, "bid_text": data.bid_text,
        "justification": "", "position": item.position, "created_at": now, "updated_at": now, "version": 1,
    }


__all__ = ["DEDUCTIONS_OVER", "DemoContract", "DemoDelivery", "add_demo_delivery"]
