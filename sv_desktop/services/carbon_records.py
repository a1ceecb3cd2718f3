"""Carbon plan versions between the store's rows and the domain's CarbonPlanData, with their documents' details.

Shared by the carbon service and the compliance service (which checks linked
suppliers' plans), so both read plans the same way.
"""
from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from sv_desktop.domain.carbon_plan import (
    CarbonPlanData,
    EmissionFigure,
    EmissionSource,
    InterimTarget,
    Scope,
    emissions,
)
from sv_desktop.domain.documents import DocumentInfo, DocumentKind
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.services.documents import document_infos
from sv_desktop.store.models import CarbonPlanFigure, CarbonPlanTarget, CarbonPlanVersion


@dataclass(frozen=True)
class PlanRecord:
    """A stored plan version: its id and version (for optimistic locking) and its data."""

    id: int
    supplier_id: int
    version: int
    data: CarbonPlanData
    document: DocumentInfo | None = None


def plan_data(row: CarbonPlanVersion) -> CarbonPlanData:
    baseline: dict[EmissionSource, EmissionFigure] = {}
    current: dict[EmissionSource, EmissionFigure] = {}
    for figure in row.figures:
        try:
            source = EmissionSource(figure.source)
        except ValueError:
            continue
        target = baseline if figure.period == "baseline" else current
        target[source] = EmissionFigure(figure.tco2e, figure.explanation or "")
    scopes = frozenset(Scope(part) for part in (row.scopes_covered or "").split(",") if part in _SCOPES)
    return CarbonPlanData(
        plan_type=_plan_type(row.plan_type),
        publication_date=row.publication_date,
        url=row.url or "",
        baseline_year=row.baseline_year,
        baseline=emissions(baseline),
        reporting_year_end=row.reporting_year_end,
        current=emissions(current),
        net_zero_year=row.net_zero_year,
        scopes_covered=scopes,
        interim_targets=tuple(InterimTarget(t.year, t.reduction_percent, t.description or "") for t in row.targets),
        reduction_measures=row.reduction_measures or "",
        approved_by=row.approved_by or "",
        approved_on=row.approved_on,
        notes=row.notes or "",
    )


def apply_plan(row: CarbonPlanVersion, data: CarbonPlanData) -> None:
    row.plan_type = data.plan_type.value
    row.publication_date = data.publication_date
    row.url = data.url
    row.baseline_year = data.baseline_year
    row.reporting_year_end = data.reporting_year_end
    row.net_zero_year = data.net_zero_year
    row.scopes_covered = ",".join(s.value for s in Scope if s in data.scopes_covered)
    row.reduction_measures = data.reduction_measures
    row.approved_by = data.approved_by
    row.approved_on = data.approved_on
    row.notes = data.notes
    wanted = {(period, source.value): figure
              for period, breakdown in (("baseline", data.baseline), ("current", data.current))
              for source, figure in breakdown.items()}
    existing = {(f.period, f.source): f for f in row.figures}
    for key, stale in existing.items():
        if key not in wanted:
            row.figures.remove(stale)
    for (period, source), figure in wanted.items():
        stored = existing.get((period, source))
        if stored is None:
            row.figures.append(CarbonPlanFigure(period=period, source=source, tco2e=figure.tco2e,
                                                explanation=figure.explanation))
        elif stored.tco2e != figure.tco2e or stored.explanation != figure.explanation:
            stored.tco2e, stored.explanation = figure.tco2e, figure.explanation
    targets = [(t.year, Decimal(t.reduction_percent), t.description) for t in data.interim_targets]
    if [(t.year, t.reduction_percent, t.description) for t in row.targets] != targets:
        row.targets.clear()
        for year, percent, description in targets:
            row.targets.append(CarbonPlanTarget(year=year, reduction_percent=percent, description=description))


def load_plans(session: Session, supplier_ids: Collection[int] | None = None) -> dict[int, list[PlanRecord]]:
    """Every plan version of the given suppliers (or all), oldest first, keyed by supplier id.

    Read with plain column queries, not ORM objects: the compliance check and the supplier
    register read every plan of thousands of suppliers.
    """
    plan_query = select(
        CarbonPlanVersion.id, CarbonPlanVersion.supplier_id, CarbonPlanVersion.version, CarbonPlanVersion.plan_type,
        CarbonPlanVersion.publication_date, CarbonPlanVersion.url, CarbonPlanVersion.baseline_year,
        CarbonPlanVersion.reporting_year_end, CarbonPlanVersion.net_zero_year, CarbonPlanVersion.scopes_covered,
        CarbonPlanVersion.reduction_measures, CarbonPlanVersion.approved_by, CarbonPlanVersion.approved_on,
        CarbonPlanVersion.notes)
    ids: list[int] | None = None
    if supplier_ids is not None:
        ids = list(supplier_ids)
        if not ids:
            return {}
    rows = [row for chunk in _chunks(ids)
            for row in session.execute(plan_query if chunk is None
                                       else plan_query.where(CarbonPlanVersion.supplier_id.in_(chunk))).all()]
    if not rows:
        return {}
    plan_ids = [row.id for row in rows]
    wanted = None if ids is None else plan_ids
    figures: dict[int, tuple[dict, dict]] = {}
    for chunk in _chunks(wanted):
        figure_query = select(CarbonPlanFigure.plan_id, CarbonPlanFigure.period, CarbonPlanFigure.source,
                              CarbonPlanFigure.tco2e, CarbonPlanFigure.explanation)
        if chunk is not None:
            figure_query = figure_query.where(CarbonPlanFigure.plan_id.in_(chunk))
        for plan_id, period, source, tco2e, explanation in session.execute(figure_query):
            member = _SOURCES.get(source)
            if member is None:
                continue
            pair = figures.setdefault(plan_id, ({}, {}))
            pair[0 if period == "baseline" else 1][member] = EmissionFigure(tco2e, explanation or "")
    targets: dict[int, list[InterimTarget]] = {}
    for chunk in _chunks(wanted):
        target_query = select(CarbonPlanTarget.plan_id, CarbonPlanTarget.year, CarbonPlanTarget.reduction_percent,
                              CarbonPlanTarget.description).order_by(CarbonPlanTarget.plan_id, CarbonPlanTarget.year)
        if chunk is not None:
            target_query = target_query.where(CarbonPlanTarget.plan_id.in_(chunk))
        for plan_id, year, percent, description in session.execute(target_query):
            targets.setdefault(plan_id, []).append(InterimTarget(year, percent, description or ""))
    documents = document_infos(session, DocumentKind.CARBON_PLAN, plan_ids)
    plans: dict[int, list[PlanRecord]] = {}
    for row in rows:
        baseline, current = figures.get(row.id, ({}, {}))
        data = CarbonPlanData(
            plan_type=_plan_type(row.plan_type), publication_date=row.publication_date, url=row.url or "",
            baseline_year=row.baseline_year, baseline=emissions(baseline), reporting_year_end=row.reporting_year_end,
            current=emissions(current), net_zero_year=row.net_zero_year,
            scopes_covered=frozenset(Scope(part) for part in (row.scopes_covered or "").split(",") if part in _SCOPES),
            interim_targets=tuple(targets.get(row.id, ())), reduction_measures=row.reduction_measures or "",
            approved_by=row.approved_by or "", approved_on=row.approved_on, notes=row.notes or "")
        plans.setdefault(row.supplier_id, []).append(
            PlanRecord(row.id, row.supplier_id, row.version, data, documents.get(row.id)))
    for records in plans.values():
        records.sort(key=lambda r: (r.data.dated or _MIN, r.id))
    return plans


def _chunks(ids: list[int] | None, size: int = 500) -> Iterator[list[int] | None]:
    """None (no filter) once, or the ids in slices under SQLite's bound-parameter limit."""
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _plan_type(value: str) -> CarbonPlan:
    try:
        return CarbonPlan(value)
    except ValueError:
        return CarbonPlan.FULL_CRP


_SCOPES = {s.value for s in Scope}
_SOURCES = {s.value: s for s in EmissionSource}
_MIN = date.min

__all__ = ["PlanRecord", "apply_plan", "load_plans", "plan_data"]
