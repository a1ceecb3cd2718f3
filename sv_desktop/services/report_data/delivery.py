"""Delivery of social value commitments: the committee pack section and the contract report section.

Commitments, returns and remedies come from DeliveryService; progress, expected-to-date
and RAG are the domain's (sv_desktop.domain.delivery, RagThresholds.method()), with the
thresholds of the active policy profile, as at the day the report is built. Figures are
in the metric's own units first; pounds appear only for metrics measured in £.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from sv_desktop.domain.delivery import LEVEL_UNITS, Aggregation, Frequency, Rag, ReturnStatus, financial_year_start
from sv_desktop.domain.money import format_money
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.reports.delivery_sections import (
    OVERDUE_STATUS,
    RAG_ORDER,
    ChartData,
    CommitmentView,
    ContractDeliveryData,
    DeliveryPackData,
    MetricTotal,
    OverdueLine,
    PeriodBar,
    RedLine,
    RemedyLine,
    ReturnLine,
    figure,
)
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService, RemedyRecord, ReturnRecord
from sv_desktop.services.pipeline import PipelineRow
from sv_desktop.services.report_data.common import date_text, framework_names, natural, profile_name

NO_REMEDY = "No remedy recorded"
LIVE_STAGES = frozenset({Stage.AWARDED, Stage.DELIVERY})


def metric_ref(framework_id: str, ref: str, names: dict[str, str]) -> str:
    """"PPN 002 1aii", or "Bespoke" for a metric the contract added itself."""
    if not framework_id:
        return "Bespoke"
    return f"{names.get(framework_id, framework_id)} {ref}".strip()


def remedy_summary(remedy: RemedyRecord) -> str:
    """One remedy on one line: kind, amount, dates and whether it is open."""
    data = remedy.data
    text = data.kind.label + (f" {format_money(data.amount, pence=data.amount != data.amount.to_integral_value())}"
                              if data.amount is not None else "")
    text += f", raised {date_text(data.raised_on)}"
    if data.closed_on:
        text += f", closed {date_text(data.closed_on)}"
    elif data.due_on:
        text += f", due {date_text(data.due_on)} (open)"
    else:
        text += " (open)"
    return text


def _method(delivery: DeliveryService, compliance: ComplianceService) -> tuple[str, int]:
    thresholds = delivery.thresholds()
    profile = profile_name(compliance)
    text = thresholds.method() + (f" Active policy profile: {profile}." if profile else "")
    return text, thresholds.return_due_days


def _metric_label(record: CommitmentRecord, names: dict[str, str]) -> str:
    return f"{metric_ref(record.data.framework_id, record.data.ref, names)}: {record.data.title}"


def with_unit(text: str, record: CommitmentRecord) -> str:
    """The metric and its unit in brackets, unless it is a plain number or the title already names it."""
    unit = record.unit_label
    if record.data.unit == "count" or f"({unit}" in text or f"{unit})" in text:
        return text
    return f"{text} ({unit})"


# -- the committee pack -------------------------------------------------------------------------------
def _total_if_additive(additive: bool, values: Iterable[Decimal | None]) -> Decimal | None:
    return sum((v for v in values if v is not None), Decimal(0)) if additive else None


def pack_delivery(delivery: DeliveryService, compliance: ComplianceService, catalogue: CatalogueService,
                  rows: Sequence[PipelineRow], today: date) -> DeliveryPackData:
    """Every commitment of the contracts in scope (`rows`) with its progress as at `today`."""
    reference = {row.id: row.reference for row in rows}
    found = delivery.commitments_for(list(reference), today=today) if reference else {}
    method, due_days = _method(delivery, compliance)
    names = framework_names(catalogue)
    records = [(reference[cid], record) for cid in sorted(found, key=lambda c: reference[c]) for record in found[cid]]
    rag = Counter(record.progress.rag for _ref, record in records)

    groups: dict[tuple, list[tuple[str, CommitmentRecord]]] = {}
    for ref, record in records:
        data = record.data
        key = (data.framework_id, data.ref) if data.framework_id else ("", data.title.casefold(), data.unit)
        groups.setdefault(key, []).append((ref, record))
    totals = []
    for key in sorted(groups, key=lambda k: (k[0] == "", k[0], natural(k[1]))):
        items = groups[key]
        first = items[0][1]
        unit_id = first.data.unit
        units = {record.data.unit for _ref, record in items}
        measured = [record for _ref, record in items if not record.data.missing]
        additive = unit_id not in LEVEL_UNITS and len(units) == 1
        add = partial(_total_if_additive, additive)
        totals.append(MetricTotal(
            metric=_metric_label(first, names), unit=first.unit_label if len(units) == 1 else "mixed units",
            unit_id=unit_id, commitments=len(items), contracts=len({ref for ref, _r in items}),
            target=add(r.data.target for r in measured), expected=add(r.progress.expected for r in measured),
            achieved=add(r.progress.achieved for r in measured), verified=add(r.progress.verified for r in measured),
            to_fill_in=len(items) - len(measured)))

    red = []
    for ref, record in records:
        if record.progress.rag is not Rag.RED:
            continue
        remedies = "\n".join("• " + remedy_summary(remedy) for remedy in record.remedies) or NO_REMEDY
        red.append(RedLine(ref, with_unit(_metric_label(record, names), record), record.progress.reason,
                           remedies))
    overdue = []
    for ref, record in records:
        late = record.progress.overdue
        if late:
            overdue.append(OverdueLine(ref, _metric_label(record, names), ", ".join(p.label for p in late),
                                       len(late), late[0].end + timedelta(days=due_days)))
    overdue.sort(key=lambda line: (line.oldest_due, line.contract))
    returns = [r for _ref, record in records for r in record.returns]
    return DeliveryPackData(
        as_at=today, method=method, return_due_days=due_days, contracts=len(rows),
        live_contracts=sum(1 for row in rows if row.stage in LIVE_STAGES),
        contracts_with_commitments=len(found), commitments=len(records),
        rag_counts=tuple((item, rag.get(item, 0)) for item in RAG_ORDER),
        totals=tuple(totals), red=tuple(red), red_without_remedy=sum(1 for line in red if line.remedies == NO_REMEDY),
        overdue=tuple(overdue), overdue_returns=sum(line.count for line in overdue),
        unverified_commitments=sum(1 for _ref, record in records if record.progress.unverified_claims),
        claimed_returns=sum(1 for r in returns if r.data.status is ReturnStatus.CLAIMED),
        rejected_returns=sum(1 for r in returns if r.data.status is ReturnStatus.REJECTED),
    )


# -- the contract report ------------------------------------------------------------------------------
def short_period(start: date, frequency: Frequency) -> str:
    """"Q1 26/27", "26/27" or "Apr 26": a period's name short enough for a chart axis."""
    fy = financial_year_start(start).year
    year = f"{fy % 100:02d}/{(fy + 1) % 100:02d}"
    if frequency is Frequency.QUARTERLY:
        return f"Q{(start.month - 4) % 12 // 3 + 1} {year}"
    if frequency is Frequency.ANNUAL:
        return year
    return start.strftime("%b %y")


def _chart_data(record: CommitmentRecord, today: date) -> ChartData | None:
    from sv_desktop.domain.delivery import periods

    data = record.data
    if data.missing:
        return None
    assert data.target is not None and data.start_date is not None and data.due_date is not None  # not missing
    counted = sorted((r for r in record.returns if r.data.status is not ReturnStatus.REJECTED),
                     key=lambda r: r.data.period_start)
    overdue = {(p.start, p.end) for p in record.progress.overdue}
    cumulative = data.aggregation is Aggregation.SUM
    bars = []
    verified_total = claimed_total = 0.0
    for period in periods(data.start_date, data.due_date, data.frequency):
        mine = [r for r in counted if r.data.period_start == period.start]
        verified = sum(float(r.data.actual) for r in mine if r.data.status is ReturnStatus.VERIFIED)
        claimed = sum(float(r.data.actual) for r in mine if r.data.status is ReturnStatus.CLAIMED)
        if cumulative:
            verified_total += verified
            claimed_total += claimed
            # Delivery to date at the end of each period that has ended (or has a return already).
            has = (period.end < today or bool(mine)) and verified_total + claimed_total > 0
            bars.append(PeriodBar(period.start, period.end, short_period(period.start, data.frequency),
                                  verified_total if has else None, claimed_total if has else None,
                                  (period.start, period.end) in overdue))
        else:
            bars.append(PeriodBar(period.start, period.end, short_period(period.start, data.frequency),
                                  verified if mine else None, claimed if mine else None,
                                  (period.start, period.end) in overdue))
    return ChartData(data.start_date, data.due_date, float(data.target), data.unit in LEVEL_UNITS, cumulative,
                     today, record.unit_label, data.unit == "gbp",
                     figure(data.target, data.unit) + ("" if data.unit in ("gbp", "count")
                                                       else f" {record.unit_label}"),
                     tuple(bars))


def _status_text(ret: ReturnRecord) -> str:
    status = ret.data.status
    if status is ReturnStatus.REJECTED:
        return f"Rejected: {ret.data.rejection_reason}" if ret.data.rejection_reason else "Rejected"
    if status is ReturnStatus.VERIFIED:
        return "Verified" + (f" by {ret.reviewed_by}" if ret.reviewed_by else "") + \
            (f", {ret.reviewed_at:%d/%m/%Y}" if ret.reviewed_at else "")
    return ReturnStatus.CLAIMED.label


def _return_lines(record: CommitmentRecord) -> tuple[ReturnLine, ...]:
    unit = record.data.unit
    lines = [(r.data.period_start, ReturnLine(
        r.period.label, figure(r.data.actual, unit), _status_text(r),
        r.data.evidence_ref or (r.evidence.file_name if r.evidence else "") or "—",
        ", ".join(part for part in (r.data.entered_by, date_text(r.data.entered_at) if r.data.entered_at else "")
                  if part) or "—"))
             for r in record.returns]
    covered = {r.data.period_start for r in record.returns}
    lines += [(p.start, ReturnLine(p.label, "—", OVERDUE_STATUS, "—", "—"))
              for p in record.progress.overdue if p.start not in covered]
    return tuple(line for _start, line in sorted(lines, key=lambda item: item[0]))


def _remedy_lines(record: CommitmentRecord) -> tuple[RemedyLine, ...]:
    lines = []
    for remedy in record.remedies:
        data = remedy.data
        closed = "Open" if not data.closed_on else f"Closed {date_text(data.closed_on)}" + (
            f": {data.outcome}" if data.outcome else "")
        lines.append(RemedyLine(data.kind.label, date_text(data.raised_on), data.description or "—",
                                format_money(data.amount, pence=True) if data.amount is not None else "—",
                                date_text(data.due_on), closed))
    return tuple(lines)


def _facts(record: CommitmentRecord, today: date) -> tuple[tuple[str, str], ...]:
    data, found = record.data, record.progress
    unit = data.unit
    achieved = figure(found.achieved, unit) if found.achieved is not None else "Nothing reported yet"
    verified = figure(found.verified, unit) if found.verified is not None else "None verified yet"
    facts = [
        ("Unit", record.unit_label),
        ("Target", f"{figure(data.target, unit)} by {date_text(data.due_date)}" if data.target is not None
         else "Still to fill in from the winning bid"),
        ("Baseline", figure(data.baseline, unit) if data.baseline is not None else "Not recorded"),
        ("Period", f"{date_text(data.start_date)} to {date_text(data.due_date)}, reported "
                   f"{data.frequency.label.lower()} ({data.aggregation.label.lower()})"),
    ]
    if data.region is not None or record.by_region:
        facts.append(("UK region", data.region.label if data.region else "Not recorded (the metric is by region)"))
    if data.cohort:
        facts.append(("Cohort", data.cohort))
    facts += [
        ("From the bid", data.bid_text or "Not recorded"),
        ("Expected to date",
         "Not measured yet" if data.missing else f"{figure(found.expected, unit)} by {date_text(today)}"),
        ("Achieved to date", f"{achieved} (claimed and verified); verified: {verified}"),
        ("RAG status", f"{found.rag.label}. {found.reason}"),
    ]
    if found.overdue:
        facts.append(("Overdue returns", ", ".join(p.label for p in found.overdue)))
    if data.bespoke and data.justification:
        facts.append(("Why a bespoke metric", data.justification))
    return tuple(facts)


def contract_delivery(delivery: DeliveryService, compliance: ComplianceService, catalogue: CatalogueService,
                      contract_id: int, today: date) -> ContractDeliveryData:
    """Each commitment of the contract: its facts, progress chart, returns and remedies, as at `today`."""
    method, due_days = _method(delivery, compliance)
    names = framework_names(catalogue)
    views = []
    for record in delivery.commitments(contract_id, today=today):
        data, found = record.data, record.progress
        chart = _chart_data(record, today)
        ref = metric_ref(data.framework_id, data.ref, names)
        achieved = figure(found.achieved, data.unit) if found.achieved is not None else "—"
        verified = figure(found.verified, data.unit) if found.verified is not None else "none"
        views.append(CommitmentView(
            heading=f"{ref}: {data.title}", rag=found.rag, reason=found.reason, facts=_facts(record, today),
            summary=(with_unit(f"{ref}: {data.title}", record), figure(data.target, data.unit),
                     "—" if data.missing else figure(found.expected, data.unit), f"{achieved} ({verified})",
                     found.rag.label),
            chart=chart,
            no_chart="" if chart is not None else "No chart: the " + ", ".join(data.missing)
                     + " is still to be filled in from the winning bid.",
            returns=_return_lines(record), remedies=_remedy_lines(record)))
    return ContractDeliveryData(today, method, due_days, tuple(views))
