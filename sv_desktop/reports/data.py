"""The plain, detached data a report is built from: no ORM objects, no services, no Qt."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sv_desktop.domain.vocabulary import Category, Stage


@dataclass(frozen=True)
class ReportHeader:
    """What every page shows: who the report is for and how it must be handled."""

    organisation_name: str
    protective_marking: str
    logo: bytes | None
    generated_at: datetime
    app_version: str


@dataclass(frozen=True, slots=True)
class ContractLine:
    """One contract as the pack's tables show it."""

    reference: str
    title: str
    category: Category
    stage: Stage
    total_value: Decimal | None
    annual_value: Decimal | None
    start_date: date | None
    end_date: date | None
    decision_due: date | None
    procurement_lead: str
    suppliers: str
    parent_reference: str


@dataclass(frozen=True)
class FrameworkSource:
    id: str
    name: str
    version: str
    source: str


@dataclass(frozen=True)
class PackScope:
    """What the pack covers, as chosen by the person building it."""

    committee_name: str
    meeting_date: date
    date_from: date | None
    date_to: date | None
    categories: tuple[Category, ...]  # empty: every category
    renewal_window_months: int
    window_end: date


@dataclass(frozen=True)
class CarbonBands:
    """The active policy's carbon plan thresholds (annual value, GBP) that the pack's value bands and summary
    follow: a Net Zero Commitment above the first, a full Carbon Reduction Plan from the second."""

    commitment_above: Decimal = Decimal(10_000)
    full_plan_from: Decimal = Decimal(5_000_000)


@dataclass(frozen=True)
class PackData:
    """Everything the committee pack prints; `section_data` holds what a section's own gatherer returned."""

    header: ReportHeader
    scope: PackScope
    contracts: tuple[ContractLine, ...]
    renewals: tuple[ContractLine, ...]
    new_tenders: tuple[ContractLine, ...]
    store_contract_count: int
    settings_used: tuple[tuple[str, str], ...]
    frameworks: tuple[FrameworkSource, ...]
    catalogue_problems: tuple[str, ...] = ()
    section_data: Mapping[str, object] = field(default_factory=dict)
    carbon_bands: CarbonBands = field(default_factory=CarbonBands)


@dataclass(frozen=True)
class StageEvent:
    from_stage: Stage | None
    to_stage: Stage
    changed_on: date
    note: str


@dataclass(frozen=True)
class ContractReportData:
    """One contract with everything recorded about it."""

    header: ReportHeader
    fields: tuple[tuple[str, str], ...]  # label, display text - every ContractDetail field
    reference: str
    title: str
    description: str
    notes: str
    suppliers: tuple[str, ...]
    parent_reference: str
    parent_kind: str
    children: tuple[str, ...]
    stage_history: tuple[StageEvent, ...]
    decision_due: date | None
    settings_used: tuple[tuple[str, str], ...]
    contract_id: int = 0
    section_data: Mapping[str, object] = field(default_factory=dict)  # what each registered section gathered
