"""The delivery portfolio: what every contract's commitments add up to, for the dashboard.

One read of the store (every commitment with its returns and progress, and the
pipeline rows) makes a snapshot; filters are then applied to the snapshot in
memory, so changing a filter on the dashboard never goes back to the store.

How the figures are made (stated so nobody has to guess):
- Totals are per metric: a framework metric by framework and ref (whatever the
  contract called it), a bespoke metric by its name and unit; a commitment
  measured in another unit gets a row of its own, never added in. Achieved =
  claimed + verified returns (rejected ones never count), verified shown
  beside it; each commitment aggregates its own returns by its rule (sum over
  periods, or latest value), then commitments are added up across contracts.
  Percentages and yes/no metrics cannot be added, so they are averaged.
- With a financial year chosen, achieved and verified count only returns whose
  period starts in that year, and a summed metric's target is pro-rated to the
  days of the commitment that fall in the year (a level or latest-value target
  applies whole). RAG is always the commitment's status as at today.
- £ only where the user's proxy-value file gives the metric a value, with its
  source; units come first everywhere.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sv_desktop.catalogue.model import LoadProblem
from sv_desktop.catalogue.proxy_values import ProxyValueFile
from sv_desktop.domain.delivery import (
    LEVEL_UNITS,
    Aggregation,
    Period,
    Rag,
    RagThresholds,
    ReturnStatus,
    delivered,
    financial_year_start,
)
from sv_desktop.domain.proxy_values import MetricKey, ProxyValue
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService
from sv_desktop.services.pipeline import PipelineRow, PipelineService
from sv_desktop.services.proxy_values import ProxyValuesService

SUM = "sum"
AVERAGE = "average"
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREY)
COUNTED = frozenset({ReturnStatus.CLAIMED, ReturnStatus.VERIFIED})
VERIFIED = frozenset({ReturnStatus.VERIFIED})
MAX_IDS_PER_QUERY = 900  # below this many contracts, ask the store for theirs only
_HUNDREDTH = Decimal("0.01")


def financial_year_label(year: int) -> str:
    """2026 -> "2026/27" (NHS financial year, April to March)."""
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_span(year: int) -> Period:
    return Period(date(year, 4, 1), date(year + 1, 3, 31))


@dataclass(frozen=True)
class PortfolioFilter:
    """Which contracts and which year the dashboard shows; empty means everything."""

    categories: tuple[Category, ...] = ()
    stages: tuple[Stage, ...] = ()
    supplier: str | None = None  # part of a supplier's name, any case
    financial_year: int | None = None  # 2026 for 2026/27

    def matches(self, row: PipelineRow) -> bool:
        if self.categories and row.category not in self.categories:
            return False
        if self.stages and row.stage not in self.stages:
            return False
        wanted = " ".join((self.supplier or "").split()).casefold()
        if wanted and wanted not in " ".join(row.suppliers.split()).casefold():
            return False
        return True

    @property
    def period_text(self) -> str:
        if self.financial_year is None:
            return "to date"
        return f"in {financial_year_label(self.financial_year)}"


@dataclass(frozen=True)
class MetricTotal:
    """One metric added up across the contracts shown."""

    metric: MetricKey
    name: str
    unit: str
    unit_label: str
    combine: str  # SUM, or AVERAGE for percentages and yes/no
    achieved: Decimal | None  # claimed + verified; None when no return counts yet
    verified: Decimal | None
    target: Decimal | None  # None when no commitment has a target yet
    contracts: int
    commitments: int
    without_target: int
    proxy: ProxyValue | None = None

    @property
    def summed(self) -> bool:
        return self.combine == SUM

    @property
    def has_proxy(self) -> bool:
        """A £ value can be shown: the user's file values this metric, and it is added up (not averaged)."""
        return self.proxy is not None and self.summed

    def _gbp(self, amount: Decimal | None) -> Decimal | None:
        if not self.has_proxy or amount is None:
            return None
        return self.proxy.value_of(amount)  # type: ignore[union-attr]

    @property
    def achieved_gbp(self) -> Decimal | None:
        return self._gbp(self.achieved)

    @property
    def verified_gbp(self) -> Decimal | None:
        return self._gbp(self.verified)

    @property
    def target_gbp(self) -> Decimal | None:
        return self._gbp(self.target)


@dataclass(frozen=True)
class CommitmentLine:
    """One commitment as the dashboard's table shows it."""

    commitment_id: int
    contract_id: int
    contract_reference: str
    contract_title: str
    suppliers: str
    category: Category
    stage: Stage
    metric: MetricKey
    metric_name: str
    title: str
    unit: str
    unit_label: str
    rag: Rag
    percent_of_expected: Decimal | None
    achieved: Decimal | None  # in the chosen year, or to date
    verified: Decimal | None
    target: Decimal | None  # pro-rated to the chosen year for summed metrics
    overdue: int
    reason: str


@dataclass(frozen=True)
class OverdueReturn:
    contract_id: int
    contract_reference: str
    suppliers: str
    commitment_id: int
    commitment_title: str
    period: Period
    due_on: date
    days_overdue: int

    @property
    def period_label(self) -> str:
        return self.period.label


@dataclass(frozen=True)
class PortfolioSnapshot:
    """Everything the dashboard needs from the store, read once; filters run on it in memory."""

    today: date
    rows: dict[int, PipelineRow]
    commitments: dict[int, list[CommitmentRecord]]
    thresholds: RagThresholds
    proxies: ProxyValueFile | None
    metric_names: dict[MetricKey, str]
    metric_units: dict[MetricKey, str] = field(default_factory=dict)  # a framework metric's own unit (catalogue)
    metric_order: dict[str, int] = field(default_factory=dict)  # framework id -> catalogue order

    def financial_years(self) -> tuple[int, ...]:
        """Every financial year a commitment runs in or a return was made for, earliest first."""
        years: set[int] = set()
        for records in self.commitments.values():
            for record in records:
                data = record.data
                if data.start_date and data.due_date and data.due_date >= data.start_date:
                    first = financial_year_start(data.start_date).year
                    last = financial_year_start(data.due_date).year
                    years.update(range(first, min(last, first + 30) + 1))
                years.update(financial_year_start(r.data.period_start).year for r in record.returns)
        return tuple(sorted(years))


@dataclass(frozen=True)
class PortfolioData:
    today: date
    filter: PortfolioFilter
    contracts: int  # contracts matching the filter
    contracts_with_commitments: int
    totals: tuple[MetricTotal, ...]
    rag_counts: tuple[tuple[Rag, int], ...]  # RAG_ORDER, zeros included
    overdue: tuple[OverdueReturn, ...]  # most overdue first
    commitments: tuple[CommitmentLine, ...]
    financial_years: tuple[int, ...]
    thresholds: RagThresholds
    proxy_path: Path | None = None
    proxy_problems: tuple[LoadProblem, ...] = ()
    proxy_values_loaded: int = 0

    def rag_count(self, rag: Rag) -> int:
        return dict(self.rag_counts).get(rag, 0)

    @property
    def rag_text(self) -> str:
        """ "Red: off track 2 · Amber: at risk 3 · ..." : the counts in words."""
        return " · ".join(f"{rag.label} {count:,}" for rag, count in self.rag_counts)

    @property
    def monetised_achieved(self) -> Decimal | None:
        """£ of achieved delivery across the metrics that have a proxy value (None when none has)."""
        if not any(t.has_proxy for t in self.totals):
            return None
        return sum((t.achieved_gbp or Decimal(0) for t in self.totals if t.has_proxy), Decimal(0))

    @property
    def monetised_verified(self) -> Decimal | None:
        if not any(t.has_proxy for t in self.totals):
            return None
        return sum((t.verified_gbp or Decimal(0) for t in self.totals if t.has_proxy), Decimal(0))

    @property
    def proxy_sources(self) -> tuple[str, ...]:
        """Each distinct source behind a £ figure shown, in the order first used."""
        seen: dict[str, None] = {}
        for total in self.totals:
            if total.has_proxy:
                seen.setdefault(total.proxy.attribution, None)  # type: ignore[union-attr]
        return tuple(seen)

    @property
    def method(self) -> str:
        return self.thresholds.method()


class DeliveryPortfolio:
    """Totals, RAG counts and overdue returns across contracts (the portfolio dashboard's service)."""

    def __init__(self, delivery: DeliveryService, pipeline: PipelineService,
                 proxies: ProxyValuesService | None = None, *, catalogue: CatalogueService | None = None,
                 today: Callable[[], date] | None = None):
        self.delivery = delivery
        self.pipeline = pipeline
        self.proxies = proxies
        self._catalogue = catalogue
        # The delivery service's own clock unless told otherwise, so RAG and "days overdue" agree.
        self._today = today or delivery.today

    @property
    def proxy_path(self) -> Path | None:
        return self.proxies.path if self.proxies is not None else None

    def snapshot(self, today: date | None = None, contract_ids: Iterable[int] | None = None) -> PortfolioSnapshot:
        """Read every commitment (one query for all of them), the pipeline rows and the proxy file."""
        when = today or self._today()
        rows = {row.id: row for row in self.pipeline.rows(None if contract_ids is None else list(contract_ids))}
        if contract_ids is not None and len(rows) <= MAX_IDS_PER_QUERY:
            commitments = self.delivery.commitments_for(list(rows), when)
        else:
            commitments = self.delivery.commitments_for(None, when)
        return PortfolioSnapshot(
            today=when,
            rows=rows,
            commitments=commitments,
            thresholds=self.delivery.thresholds(),
            proxies=self.proxies.load() if self.proxies is not None else None,
            metric_names=self._metric_names(commitments),
            metric_units=self._metric_units(commitments),
            metric_order=self._framework_order(),
        )

    def portfolio(self, filter: PortfolioFilter | None = None, today: date | None = None) -> PortfolioData:  # noqa: A002
        """The dashboard's figures for the contracts the filter lets through."""
        wanted = filter or PortfolioFilter()
        return summarise(self.snapshot(today), wanted)

    def export_kpi_performance(self, contract_reference: str, out_path: Path):
        """Write one contract's KPI performance for publication (see services.kpi_publication)."""
        from sv_desktop.services.kpi_publication import export_kpi_performance

        return export_kpi_performance(self.delivery, self.pipeline, contract_reference, out_path)

    # -- names -------------------------------------------------------------------------------
    def _metric_names(self, commitments: dict[int, list[CommitmentRecord]]) -> dict[MetricKey, str]:
        catalogue = self._catalogue.catalogue() if self._catalogue is not None else None
        names: dict[MetricKey, str] = {}
        for records in commitments.values():
            for record in records:
                data = record.data
                key = MetricKey.of(data.framework_id, data.ref, data.title, data.unit)
                if key in names:
                    continue
                if data.framework_id:
                    framework = catalogue.framework(data.framework_id) if catalogue else None
                    entry = framework.entry(data.ref) if framework else None
                    short = framework.short_name if framework else data.framework_id
                    names[key] = f"{short} {data.ref}: {entry.title if entry else data.title}"
                else:
                    names[key] = f"{' '.join(data.title.split())} (bespoke)"
        return names

    def _metric_units(self, commitments: dict[int, list[CommitmentRecord]]) -> dict[MetricKey, str]:
        catalogue = self._catalogue.catalogue() if self._catalogue is not None else None
        if catalogue is None:
            return {}
        units: dict[MetricKey, str] = {}
        for records in commitments.values():
            for record in records:
                data = record.data
                if data.framework_id:
                    entry = catalogue.entry(data.framework_id, data.ref)
                    if entry is not None and entry.unit:
                        units[MetricKey.framework(data.framework_id, data.ref)] = entry.unit
        return units

    def _framework_order(self) -> dict[str, int]:
        if self._catalogue is None:
            return {}
        return {framework.id: framework.order for framework in self._catalogue.catalogue().frameworks}


# -- the sums ---------------------------------------------------------------------------------------

@dataclass
class _Scoped:
    achieved: Decimal | None
    verified: Decimal | None
    target: Decimal | None
    overdue: tuple[Period, ...]


def _combine(unit: str) -> str:
    return AVERAGE if unit in LEVEL_UNITS else SUM


def _scope(record: CommitmentRecord, year: int | None) -> _Scoped | None:
    """The commitment's figures for the chosen year (or to date); None if it has nothing in that year."""
    data, progress = record.data, record.progress
    if year is None:
        return _Scoped(progress.achieved, progress.verified, data.target, progress.overdue)
    span = financial_year_span(year)
    returns = [r.data for r in record.returns if span.start <= r.data.period_start <= span.end]
    runs_in_year = bool(data.start_date and data.due_date and data.start_date <= span.end
                        and data.due_date >= span.start)
    if not returns and not runs_in_year:
        return None
    target = data.target
    terms = data.terms  # given runs_in_year (both dates set), None only when the target is
    if terms is not None and runs_in_year and data.aggregation is Aggregation.SUM and \
            _combine(data.unit) == SUM:
        total_days = (terms.due_date - terms.start_date).days + 1
        inside = (min(terms.due_date, span.end) - max(terms.start_date, span.start)).days + 1
        target = (terms.target * Decimal(inside) / Decimal(total_days)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    elif target is not None and not runs_in_year:
        target = Decimal(0)  # returns made for a year outside the commitment: nothing was expected then
    overdue = tuple(p for p in progress.overdue if span.start <= p.start <= span.end)
    return _Scoped(delivered(data, returns, COUNTED), delivered(data, returns, VERIFIED), target, overdue)


def _ref_key(ref: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", ref))


class _Accumulator:
    def __init__(self, key: MetricKey, name: str, unit: str, unit_label: str):
        self.key, self.name, self.unit, self.unit_label = key, name, unit, unit_label
        self.combine = _combine(unit)
        self.achieved: list[Decimal] = []
        self.verified: list[Decimal] = []
        self.targets: list[Decimal] = []
        self.contracts: set[int] = set()
        self.commitments = 0
        self.without_target = 0

    def add(self, contract_id: int, scoped: _Scoped) -> None:
        self.contracts.add(contract_id)
        self.commitments += 1
        if scoped.achieved is not None:
            self.achieved.append(scoped.achieved)
        if scoped.verified is not None:
            self.verified.append(scoped.verified)
        if scoped.target is None:
            self.without_target += 1
        else:
            self.targets.append(scoped.target)

    def _fold(self, values: list[Decimal]) -> Decimal | None:
        if not values:
            return None
        total = sum(values, Decimal(0))
        if self.combine == AVERAGE:
            return (total / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return total

    def total(self, proxy: ProxyValue | None) -> MetricTotal:
        return MetricTotal(self.key, self.name, self.unit, self.unit_label, self.combine,
                           self._fold(self.achieved), self._fold(self.verified), self._fold(self.targets),
                           len(self.contracts), self.commitments, self.without_target,
                           proxy if self.combine == SUM else None)


def summarise(snapshot: PortfolioSnapshot, wanted: PortfolioFilter) -> PortfolioData:
    """Apply the filter to a snapshot: totals per metric, RAG counts, overdue returns, commitment lines."""
    today = snapshot.today
    table = snapshot.proxies.table if snapshot.proxies is not None else None
    # Keyed by metric and unit: a commitment measured in another unit than its metric's is never added to it.
    accumulators: dict[tuple[MetricKey, str], _Accumulator] = {}
    rag_counts = {rag: 0 for rag in RAG_ORDER}
    overdue: list[OverdueReturn] = []
    lines: list[CommitmentLine] = []
    matched = 0
    with_commitments: set[int] = set()
    due_days = timedelta(days=snapshot.thresholds.return_due_days)
    for contract_id, row in snapshot.rows.items():
        if not wanted.matches(row):
            continue
        matched += 1
        for record in snapshot.commitments.get(contract_id, ()):
            scoped = _scope(record, wanted.financial_year)
            if scoped is None:
                continue
            data = record.data
            key = MetricKey.of(data.framework_id, data.ref, data.title, data.unit)
            name = snapshot.metric_names.get(key) or data.title
            with_commitments.add(contract_id)
            accumulator = accumulators.get((key, data.unit))
            if accumulator is None:
                accumulator = accumulators[(key, data.unit)] = _Accumulator(key, name, data.unit, record.unit_label)
            accumulator.add(contract_id, scoped)
            rag_counts[record.progress.rag] = rag_counts.get(record.progress.rag, 0) + 1
            for period in scoped.overdue:
                due_on = period.end + due_days
                overdue.append(OverdueReturn(contract_id, row.reference, row.suppliers, record.id, data.title,
                                             period, due_on, (today - due_on).days))
            lines.append(CommitmentLine(
                record.id, contract_id, row.reference, row.title, row.suppliers, row.category, row.stage, key, name,
                data.title, data.unit, record.unit_label, record.progress.rag, record.progress.percent_of_expected,
                scoped.achieved, scoped.verified, scoped.target, len(scoped.overdue), record.progress.reason))
    order = snapshot.metric_order

    def proxy_for(acc: _Accumulator) -> ProxyValue | None:
        own_unit = snapshot.metric_units.get(acc.key)
        if table is None or (own_unit is not None and own_unit != acc.unit):
            return None  # a proxy is £ per unit of the metric's own unit
        return table.get(acc.key)

    totals = sorted(
        (acc.total(proxy_for(acc)) for acc in accumulators.values()),
        key=lambda t: (t.metric.bespoke_metric, order.get(t.metric.framework_id, 999), t.metric.framework_id,
                       _ref_key(t.metric.ref), t.name.casefold(), t.unit))
    overdue.sort(key=lambda o: (-o.days_overdue, o.contract_reference, o.commitment_title))
    lines.sort(key=lambda line: (line.contract_reference, line.commitment_id))
    proxies = snapshot.proxies
    return PortfolioData(
        today=today, filter=wanted, contracts=matched, contracts_with_commitments=len(with_commitments),
        totals=tuple(totals), rag_counts=tuple(rag_counts.items()), overdue=tuple(overdue), commitments=tuple(lines),
        financial_years=snapshot.financial_years(), thresholds=snapshot.thresholds,
        proxy_path=proxies.path if proxies is not None else None,
        proxy_problems=proxies.problems if proxies is not None else (),
        proxy_values_loaded=len(proxies.values) if proxies is not None else 0,
    )


__all__ = [
    "AVERAGE",
    "RAG_ORDER",
    "SUM",
    "CommitmentLine",
    "DeliveryPortfolio",
    "MetricTotal",
    "OverdueReturn",
    "PortfolioData",
    "PortfolioFilter",
    "PortfolioSnapshot",
    "financial_year_label",
    "financial_year_span",
    "summarise",
]
