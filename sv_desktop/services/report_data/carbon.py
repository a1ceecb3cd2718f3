"""Suppliers' carbon reduction plans: the committee pack section and the contract report section.

Statuses, alerts and what a contract needs come from CarbonService. The rules are
reference/domain_rules.md §1.2 (what a Carbon Reduction Plan must contain: PPN 06/21,
carried into PPN 006) and §2.3 (the NHS full CRP / Net Zero Commitment tiers), with the
thresholds and dates of the active policy profile. The pack checks every plan as at the
meeting date; the contract report as at the contract's tender deadline, or today when
none is recorded (as the compliance check does).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sv_desktop.domain.carbon_plan import CarbonRequirements, PlanAssessment, footprint, format_tonnes, satisfies
from sv_desktop.domain.carbon_trajectory import TrajectoryStatus
from sv_desktop.domain.money import format_money
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.reports.carbon_sections import (
    AlertLine,
    CarbonPackData,
    ChartLine,
    ContractCarbonData,
    SupplierLine,
    SupplierPlanData,
)
from sv_desktop.reports.social_value_sections import short_reason
from sv_desktop.reports.trajectory_chart import can_draw
from sv_desktop.services.carbon import CarbonService, SupplierCarbonStatus
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.pipeline import PipelineRow
from sv_desktop.services.report_data.common import plural, profile_name

# Contracts whose suppliers are held to their plans now: the stages CarbonService.alerts calls live.
LIVE_STAGES = frozenset({Stage.EVALUATION, Stage.AWARDED, Stage.DELIVERY})
CHART_COUNT = 6  # trajectory charts in the pack: the largest suppliers by annual value
CONTRACTS_PER_CELL = 4
REASONS_PER_CELL = 2
NO_PLAN = "No carbon plan recorded"
PLAN_SHORT = {CarbonPlan.FULL_CRP: "Full CRP", CarbonPlan.NZC: "NZC"}
PLAN_WORDS = {CarbonPlan.FULL_CRP: "Full Carbon Reduction Plan", CarbonPlan.NZC: "Net Zero Commitment"}


def _thresholds(requirements: CarbonRequirements) -> str:
    return (f"a full CRP for contracts of {format_money(requirements.full_from)} a year and above, a Net Zero "
            f"Commitment over {format_money(requirements.nzc_above)} a year; net zero by "
            f"{requirements.net_zero_by} at the latest; plans updated at least every "
            f"{requirements.max_age_months} months")


def _listed(items: list[str], limit: int) -> str:
    """The first `limit` items and "and N more" (all of them when only one more would be hidden)."""
    if len(items) <= limit + 1:
        return ", ".join(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def _plan_cell(status: SupplierCarbonStatus) -> str:
    if status.latest is None:
        return f"None in force ({plural(len(status.plans), 'version')} dated later)" if status.plans else "None"
    data = status.latest.data
    return PLAN_SHORT[data.plan_type] + (f", {data.dated:%d/%m/%Y}" if data.dated else ", undated")


def _verdict_cell(status: SupplierCarbonStatus, check_date: date) -> str:
    if status.latest is None:
        return f"No plan in force on {check_date:%d/%m/%Y}" if status.plans else NO_PLAN
    return short_verdict(status.assessment, status.stale)


def short_verdict(assessment: PlanAssessment | None, stale: bool) -> str:
    """"Meets the rules" / "Does not meet the rules (2 problems)", and the age when over 12 months."""
    if assessment is None:
        return "—"
    if assessment.passed:
        words = "Meets the rules"
    else:
        words = f"Does not meet the rules ({plural(len(assessment.failures), 'problem')})"
    return words + ("; over 12 months old" if stale else "")


def _reasons(assessment: PlanAssessment | None) -> str:
    if assessment is None or assessment.passed:
        return ""
    failures = assessment.failures
    lines = [short_reason(check.reason) for check in failures[:REASONS_PER_CELL]]
    if len(failures) > REASONS_PER_CELL:
        lines.append(f"and {len(failures) - REASONS_PER_CELL} more")
    return "\n".join(lines)


def _rank(status: SupplierCarbonStatus) -> int:
    if status.latest is None:
        return 0
    if status.assessment is not None and not status.assessment.passed:
        return 1
    return 2 if status.stale else 3


def pack_carbon(carbon: CarbonService, compliance: ComplianceService, rows: Sequence[PipelineRow],
                when: date) -> CarbonPackData:
    """Every supplier on a contract in scope (`rows`) with its plan in force on `when`, the meeting date."""
    links = carbon.supplier_ids_for_contracts([row.id for row in rows])
    statuses = carbon.statuses(when) if links else {}
    in_scope = {sid for suppliers in links.values() for sid in suppliers if sid in statuses}
    live_rows = [row for row in rows if row.stage in LIVE_STAGES]
    live_refs: dict[int, list[str]] = {}
    live_value: dict[int, Decimal] = {}
    live_count: Counter = Counter()
    for row in sorted(live_rows, key=lambda r: r.reference):
        for sid in links.get(row.id, ()):
            if sid in statuses:
                live_refs.setdefault(sid, []).append(row.reference)
                live_value[sid] = live_value.get(sid, Decimal(0)) + (row.annual_value or Decimal(0))
                live_count[sid] += 1
    chosen = [statuses[sid] for sid in in_scope]
    plans = Counter(s.latest.data.plan_type if s.latest else None for s in chosen)
    trajectories = Counter(s.trajectory.status for s in chosen)
    counts = (
        ("Plan in force", PLAN_WORDS[CarbonPlan.FULL_CRP], plans.get(CarbonPlan.FULL_CRP, 0)),
        ("", PLAN_WORDS[CarbonPlan.NZC], plans.get(CarbonPlan.NZC, 0)),
        ("", "None", plans.get(None, 0)),
        ("Against the rules", "Meeting the rules", sum(1 for s in chosen if s.assessment and s.assessment.passed)),
        ("", "Not meeting the rules", sum(1 for s in chosen if s.assessment and not s.assessment.passed)),
        ("", "Over 12 months old", sum(1 for s in chosen if s.stale)),
        ("Emissions trajectory", "On track", trajectories.get(TrajectoryStatus.ON_TRACK, 0)),
        ("", "Behind", trajectories.get(TrajectoryStatus.BEHIND, 0)),
        ("", "Not enough data", trajectories.get(TrajectoryStatus.NOT_ENOUGH_DATA, 0)),
    )
    live = tuple(sorted(
        (SupplierLine(s.supplier_name, _plan_cell(s), _verdict_cell(s, when), _reasons(s.assessment),
                      s.trajectory.status, _listed(live_refs[sid], CONTRACTS_PER_CELL), _rank(s))
         for sid, s in ((sid, statuses[sid]) for sid in live_refs)),
        key=lambda line: (line.rank, line.name.casefold())))
    live_ids = set(live_refs)
    scope_refs = {row.reference for row in live_rows}
    alerts = tuple(
        AlertLine(a.kind_label, a.supplier_name, a.contract_reference or "—", a.message)
        for a in carbon.alerts(when)
        if (a.contract_reference in scope_refs if a.contract_reference else a.supplier_id in live_ids))
    drawable = [sid for sid in live_ids
                if statuses[sid].trajectory.status != TrajectoryStatus.NOT_ENOUGH_DATA
                and can_draw(statuses[sid].trajectory)]
    largest = sorted(drawable, key=lambda sid: (-live_value[sid], statuses[sid].supplier_name.casefold()))
    requirements = carbon.requirements()
    return CarbonPackData(
        check_date=when,
        profile_name=profile_name(compliance),
        requires_plans=carbon.policy_requires_plans(),
        thresholds=_thresholds(requirements),
        contracts=len(rows),
        contracts_with_suppliers=sum(1 for row in rows if links.get(row.id)),
        suppliers=len(in_scope),
        live_contracts=len(live_rows),
        counts=counts,
        live=live,
        alerts=alerts,
        charts=tuple(ChartLine(statuses[sid].supplier_name, live_value[sid], live_count[sid], statuses[sid].trajectory)
                     for sid in largest[:CHART_COUNT]),
        with_trajectory=len(drawable),
    )


_SECTION_MARK = re.compile(r"§\d+(?:\.\d+)*")


def short_source(source: str) -> str:
    """"§1.2" from "reference/domain_rules.md §1.2 (PPN 06/21 ...)": the table's column; the note has it in full."""
    found = _SECTION_MARK.search(source)
    return found.group(0) if found else source


def _needs_line(needed: CarbonPlan | None, held: CarbonPlan | None) -> str:
    if needed is None:
        return "No plan is needed on the check date"
    if held is None:
        return f"No: the contract needs a {needed.label} and none is in force"
    if satisfies(held, needed):
        extra = " (a full CRP also satisfies a Net Zero Commitment)" if held is not needed else ""
        return f"Yes{extra}"
    return f"No: the contract needs a {needed.label}; the supplier holds a {held.label}"


def _plan_facts(status: SupplierCarbonStatus, needed: CarbonPlan | None) -> tuple[tuple[str, str], ...]:
    record = status.latest
    assert record is not None  # only suppliers with a plan in force have facts
    plan = record.data
    position = next((index for index, r in enumerate(status.plans, 1) if r.id == record.id), len(status.plans))
    base = footprint(plan.baseline)
    current = footprint(plan.current)
    approved = (f"{plan.approved_by or 'not recorded'}"
                + (f" on {plan.approved_on:%d/%m/%Y}" if plan.approved_on else ", date not recorded"))
    facts = [
        ("Plan in force", PLAN_WORDS[plan.plan_type]),
        ("Version", f"{position} of {len(status.plans)} recorded for this supplier (the latest dated on or before "
                    "the check date)"),
        ("Published", (f"{plan.publication_date:%d/%m/%Y}" if plan.publication_date else "Date not recorded")
         + (f" at {plan.url}" if plan.url else "; no web address recorded")),
        ("Approved by", approved),
        ("Net zero target", str(plan.net_zero_year) if plan.net_zero_year else "Not recorded"),
    ]
    if plan.plan_type is CarbonPlan.FULL_CRP:
        facts += [
            ("Baseline", (f"{plan.baseline_year}" if plan.baseline_year else "Year not recorded")
             + (f": {format_tonnes(base)} tCO2e" if base is not None else "; no figures")),
            ("Current reporting year", (f"ended {plan.reporting_year_end:%d/%m/%Y}" if plan.reporting_year_end
                                        else "End not recorded")
             + (f": {format_tonnes(current)} tCO2e" if current is not None else "; no figures")),
        ]
    facts += [
        ("Document", record.document.file_name if record.document else "No document attached"),
        ("Right type for this contract", _needs_line(needed, plan.plan_type)),
    ]
    return tuple(facts)


def contract_carbon(carbon: CarbonService, compliance: ComplianceService, contract_id: int,
                    today: date) -> ContractCarbonData:
    """What plan the contract needs and, for each of its suppliers, the plan in force and every check on it."""
    found = carbon.contract_carbon(contract_id, today=today)
    when = found.check_date
    suppliers = []
    all_sources: list[str] = []
    for status in found.suppliers:
        if status.latest is None:
            why = (f"No carbon plan in force on {when:%d/%m/%Y}: the {plural(len(status.plans), 'version')} "
                   f"recorded {'is' if len(status.plans) == 1 else 'are'} dated later." if status.plans
                   else f"{NO_PLAN}.")
            suppliers.append(SupplierPlanData(status.supplier_name, (), why, "", (), status.trajectory))
            continue
        assessment = status.assessment
        assert assessment is not None  # a plan in force is always assessed
        checks = tuple((c.title, c.status.label, c.reason, short_source(c.source)) for c in assessment.checks)
        all_sources += [c.source for c in assessment.checks]
        suppliers.append(SupplierPlanData(status.supplier_name, _plan_facts(status, found.needed), "",
                                          assessment.verdict + ("; the plan is over 12 months old" if status.stale
                                                                else ""),
                                          checks, status.trajectory))
    needed = (f"A {found.needed.label}" if found.needed is not None else "No carbon plan is needed")
    return ContractCarbonData(needed, found.why, when, found.check_date_basis, tuple(suppliers),
                              tuple(dict.fromkeys(all_sources)), profile_name(compliance))
