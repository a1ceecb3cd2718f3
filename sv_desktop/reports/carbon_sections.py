"""Suppliers' carbon reduction plans in the reports: one committee pack section and one contract report section.

Each is a gatherer (plain data from CarbonService: statuses, alerts, what a
contract needs), a builder and a registration, like social_value_sections.
The rules are reference/domain_rules.md §1.2 (what a Carbon Reduction Plan must
contain: PPN 06/21, carried into PPN 006) and §2.3 (the NHS full CRP / Net Zero
Commitment tiers), with the thresholds and dates of the active policy profile.
The pack checks every plan as at the meeting date; the contract report as at
the contract's tender deadline, or today when none is recorded (as the
compliance check does). The trajectory is the domain's straight-line method
(carbon_trajectory.METHOD), drawn by trajectory_chart.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from sv_desktop.domain.carbon_plan import CheckStatus, PlanAssessment, footprint, format_tonnes, satisfies
from sv_desktop.domain.carbon_trajectory import METHOD, Trajectory, TrajectoryStatus
from sv_desktop.domain.money import format_money
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.reports import charts
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.flowables import data_table, key_value_table, none_recorded, safe_paragraph_text
from sv_desktop.reports.sections import (SectionContext, _note, _sub, register_contract_section,
                                         register_section)
from sv_desktop.reports.social_value_sections import short_reason
from sv_desktop.reports.trajectory_chart import can_draw, trajectory_drawing

# Contracts whose suppliers are held to their plans now: the stages CarbonService.alerts calls live.
LIVE_STAGES = frozenset({Stage.EVALUATION, Stage.AWARDED, Stage.DELIVERY})
SUPPLIER_ROWS = 80  # rows of the pack's supplier table before "and N more"
ALERT_ROWS = 60
CHART_COUNT = 6  # trajectory charts in the pack: the largest suppliers by annual value
CONTRACTS_PER_CELL = 4
REASONS_PER_CELL = 2
RULES_SOURCE = ("reference/domain_rules.md §1.2 (what a Carbon Reduction Plan must contain: PPN 06/21, carried "
                "into PPN 006) and §2.3 (NHS England's full CRP / Net Zero Commitment tiers)")
NOT_AVAILABLE = ("Carbon plan data is not available: this report was built without the suppliers' carbon plan "
                 "records.")
NO_PLAN = "No carbon plan recorded"
PLAN_SHORT = {CarbonPlan.FULL_CRP: "Full CRP", CarbonPlan.NZC: "NZC"}
PLAN_WORDS = {CarbonPlan.FULL_CRP: "Full Carbon Reduction Plan", CarbonPlan.NZC: "Net Zero Commitment"}
NEEDS_PLAN_TAB = "the supplier's carbon plans in the app give every version in full"


# -- plain data ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SupplierLine:
    """One supplier on live contracts in scope, as the pack's table shows it."""

    name: str
    plan: str  # "Full CRP, 01/03/2026", or why there is none
    verdict: str
    reasons: str  # the main failures, short; "" when it meets the rules
    trajectory: str
    contracts: str
    rank: int  # 0 no plan, 1 failing, 2 over 12 months old, 3 meets: problems first


@dataclass(frozen=True)
class AlertLine:
    kind: str
    supplier: str
    contract: str
    message: str


@dataclass(frozen=True)
class ChartLine:
    supplier: str
    annual_value: Decimal
    contracts: int
    trajectory: Trajectory


@dataclass(frozen=True)
class CarbonPackData:
    check_date: date
    profile_name: str
    requires_plans: bool
    thresholds: str
    contracts: int  # in scope
    contracts_with_suppliers: int
    suppliers: int  # on any contract in scope
    live_contracts: int
    counts: tuple[tuple[str, str, int], ...]  # group, answer, suppliers
    live: tuple[SupplierLine, ...]
    alerts: tuple[AlertLine, ...]
    charts: tuple[ChartLine, ...]
    with_trajectory: int  # live suppliers with a trajectory to chart


def _profile_name(sources) -> str:
    compliance = getattr(sources, "compliance", None)
    if compliance is None:
        return ""
    try:
        profile = compliance.profile()
    except Exception:  # a broken profile file is the compliance section's story; name no profile here
        return ""
    return profile.name + (f" ({profile.version})" if profile.version else "")


def _thresholds(requirements) -> str:
    return (f"a full CRP for contracts of {format_money(requirements.full_from)} a year and above, a Net Zero "
            f"Commitment over {format_money(requirements.nzc_above)} a year; net zero by "
            f"{requirements.net_zero_by} at the latest; plans updated at least every "
            f"{requirements.max_age_months} months")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def _listed(items: list[str], limit: int) -> str:
    """The first `limit` items and "and N more" (all of them when only one more would be hidden)."""
    if len(items) <= limit + 1:
        return ", ".join(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def _plan_cell(status) -> str:
    if status.latest is None:
        return f"None in force ({_plural(len(status.plans), 'version')} dated later)" if status.plans else "None"
    data = status.latest.data
    return PLAN_SHORT[data.plan_type] + (f", {data.dated:%d/%m/%Y}" if data.dated else ", undated")


def _verdict_cell(status, check_date: date) -> str:
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
        words = f"Does not meet the rules ({_plural(len(assessment.failures), 'problem')})"
    return words + ("; over 12 months old" if stale else "")


def _reasons(assessment: PlanAssessment | None) -> str:
    if assessment is None or assessment.passed:
        return ""
    failures = assessment.failures
    lines = [short_reason(check.reason) for check in failures[:REASONS_PER_CELL]]
    if len(failures) > REASONS_PER_CELL:
        lines.append(f"and {len(failures) - REASONS_PER_CELL} more")
    return "\n".join(lines)


def _rank(status) -> int:
    if status.latest is None:
        return 0
    if status.assessment is not None and not status.assessment.passed:
        return 1
    return 2 if status.stale else 3


def gather_pack_carbon(sources, scope) -> CarbonPackData | None:
    """Every supplier on a contract in scope with its plan in force on the meeting date; None without carbon data."""
    carbon = getattr(sources, "carbon", None)
    if carbon is None:
        return None

    when = scope.meeting_date
    rows = sources.rows_in_scope(scope)
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
        profile_name=_profile_name(sources),
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


# -- committee pack section ------------------------------------------------------------------------
# The bar chart's label for each of CarbonPackData.counts, in the same order.
COUNT_LABELS = ("Plan: full CRP", "Plan: Net Zero Commitment", "Plan: none in force", "Meeting the rules",
                "Not meeting the rules", "Plan over 12 months old", "Trajectory: on track", "Trajectory: behind",
                "Trajectory: not enough data")
SUPPLIER_HEADER = ("Supplier", "Plan in force", "Verdict", "Main reasons", "Trajectory", "Live contracts in scope")
SUPPLIER_FRACTIONS = (0.17, 0.13, 0.15, 0.28, 0.11, 0.16)
ALERT_HEADER = ("Alert", "Supplier", "Contract", "What is wrong")
ALERT_FRACTIONS = (0.16, 0.20, 0.12, 0.52)


def _rules_paragraph(data_profile: str, requires: bool, thresholds: str, check_words: str,
                     context: SectionContext) -> Paragraph:
    profile = f"<b>{safe_paragraph_text(data_profile, 300)}</b>" if data_profile else "the active policy profile"
    if requires:
        rule = (f"with the thresholds and dates of {profile} ({safe_paragraph_text(thresholds, 500)})")
    else:
        rule = (f"with the PPN 006 and NHS roadmap defaults ({safe_paragraph_text(thresholds, 500)}): {profile} "
                "has no carbon plan rule, so no contract is flagged as needing a plan")
    return Paragraph(f"Plans are {check_words} against {html.escape(RULES_SOURCE)}, {rule}.", context.styles["Body"])


def build_pack_carbon(pack, context: SectionContext) -> list[Flowable]:
    data: CarbonPackData | None = pack.section_data.get("carbon")
    styles = context.styles
    if data is None:
        return [Paragraph(html.escape(NOT_AVAILABLE), styles["Body"])]
    if not data.contracts:
        return []
    story: list[Flowable] = [
        Paragraph(
            f"The suppliers recorded on the {_plural(data.contracts, 'contract')} in this pack's scope and the "
            f"carbon plan each had in force on <b>{data.check_date:%d/%m/%Y}</b>, checked as at the meeting date. "
            f"{_plural(data.contracts_with_suppliers, 'contract has', 'contracts have')} a supplier recorded; "
            f"{_plural(data.suppliers, 'supplier')} in all.", styles["Body"]),
        _rules_paragraph(data.profile_name, data.requires_plans, data.thresholds, "checked", context),
    ]
    if not data.suppliers:
        story.append(none_recorded(styles, "no supplier is recorded on a contract in scope"))
        return story

    story.append(_sub("Headline counts", context))
    rows = [[group, answer, f"{count:,}", f"{round(100 * count / data.suppliers)} %"]
            for group, answer, count in data.counts]
    story += data_table(("", "Suppliers on contracts in scope", "Suppliers", f"% of {data.suppliers:,}"), rows,
                        (0.25, 0.45, 0.14, 0.16), context.width, styles, right_aligned=(2, 3), wrapped=(0, 1))
    story.append(Spacer(1, 4))
    story.append(_note("Over 12 months old: the plan in force is dated more than 12 months before the meeting "
                       "(a full CRP then also fails its update check). Trajectory: "
                       + html.escape(METHOD), context))
    story.append(KeepTogether([
        charts.horizontal_bar_chart("Suppliers on contracts in scope", COUNT_LABELS,
                                    [count for _g, _a, count in data.counts], context.width,
                                    colour=report_styles.NHS_AQUA_GREEN),
        Paragraph(f"The plan bars and the trajectory bars each add up to the {data.suppliers:,} suppliers; meeting "
                  "and not meeting the rules add up to those with a plan in force, and a plan over 12 months old is "
                  "counted there too.", styles["Caption"]),
    ]))

    story.append(_sub(f"Suppliers on live contracts ({len(data.live):,})", context))
    if data.live:
        story.append(Paragraph(
            f"Suppliers on the {_plural(data.live_contracts, 'live contract')} in scope (evaluation, awarded or in "
            "delivery), those without a plan or failing the rules first.", styles["Body"]))
        shown = data.live[:SUPPLIER_ROWS]
        story += data_table(SUPPLIER_HEADER, ([l.name, l.plan, l.verdict, l.reasons or "—", l.trajectory, l.contracts]
                                              for l in shown),
                            SUPPLIER_FRACTIONS, context.width, styles, wrapped=(0, 1, 2, 3, 4, 5))
        if len(data.live) > len(shown):
            story.append(Spacer(1, 4))
            story.append(_note(f"… and {len(data.live) - len(shown):,} more suppliers, not listed here; "
                               f"{NEEDS_PLAN_TAB}.", context))
    else:
        story.append(none_recorded(styles, "no supplier is recorded on a live contract in scope"))

    story.append(_sub(f"Alerts ({len(data.alerts):,})", context))
    if data.alerts:
        shown_alerts = data.alerts[:ALERT_ROWS]
        story += data_table(ALERT_HEADER, ([a.kind, a.supplier, a.contract, a.message] for a in shown_alerts),
                            ALERT_FRACTIONS, context.width, styles, wrapped=(0, 1, 2, 3))
        story.append(Spacer(1, 4))
        if len(data.alerts) > len(shown_alerts):
            story.append(_note(f"… and {len(data.alerts) - len(shown_alerts):,} more alerts, not listed here.",
                               context))
        story.append(_note("Alerts for suppliers on live contracts in scope, as at the meeting date: a contract "
                           "needing a plan its supplier lacks, a latest plan that fails, a plan over 12 months "
                           "old.", context))
    else:
        story.append(none_recorded(styles, "no supplier on a live contract in scope has an alert"))

    story.append(_sub("Emissions trajectories", context))
    if data.charts:
        story.append(Paragraph(
            f"The {_plural(len(data.charts), 'largest supplier')} on live contracts in scope (by the annual value of "
            f"those contracts) with a baseline, a net zero year and at least one later reported year; "
            f"{_plural(data.with_trajectory, 'supplier has', 'suppliers have')} such a trajectory. "
            + html.escape(METHOD), styles["Body"]))
        for chart in data.charts:
            value = format_money(chart.annual_value) if chart.annual_value else "not recorded"
            story.append(KeepTogether([
                trajectory_drawing(chart.trajectory, context.width, 165, title=chart.supplier),
                Paragraph(f"{safe_paragraph_text(chart.trajectory.summary, 600)} Annual value of its "
                          f"{_plural(chart.contracts, 'live contract')} in scope: {value}.", styles["Caption"]),
            ]))
    else:
        story.append(none_recorded(styles, "no supplier on a live contract in scope has a baseline, a net zero "
                                           "year and a later reported year"))
    return story


# -- contract report section -------------------------------------------------------------------------
@dataclass(frozen=True)
class SupplierPlanData:
    name: str
    plan_facts: tuple[tuple[str, str], ...]  # label, value; empty when no plan is in force
    no_plan: str  # why there is no plan in force ("" when there is one)
    verdict: str
    checks: tuple[tuple[str, str, str, str], ...]  # check, status label, reason, source (short)
    trajectory: Trajectory


@dataclass(frozen=True)
class ContractCarbonData:
    needed: str
    why: str
    check_date: date
    basis: str
    suppliers: tuple[SupplierPlanData, ...]
    sources: tuple[str, ...]  # the checks' sources in full, once each
    profile_name: str = ""


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


def _plan_facts(status, needed: CarbonPlan | None) -> tuple[tuple[str, str], ...]:
    record = status.latest
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


def gather_contract_carbon(sources, contract_id: int) -> ContractCarbonData | None:
    carbon = getattr(sources, "carbon", None)
    if carbon is None:
        return None
    found = carbon.contract_carbon(contract_id, today=sources.clock().date())
    when = found.check_date
    suppliers = []
    all_sources: list[str] = []
    for status in found.suppliers:
        if status.latest is None:
            why = (f"No carbon plan in force on {when:%d/%m/%Y}: the {_plural(len(status.plans), 'version')} "
                   f"recorded {'is' if len(status.plans) == 1 else 'are'} dated later." if status.plans
                   else f"{NO_PLAN}.")
            suppliers.append(SupplierPlanData(status.supplier_name, (), why, "", (), status.trajectory))
            continue
        assessment = status.assessment
        checks = tuple((c.title, c.status.label, c.reason, short_source(c.source)) for c in assessment.checks)
        all_sources += [c.source for c in assessment.checks]
        suppliers.append(SupplierPlanData(status.supplier_name, _plan_facts(status, found.needed), "",
                                          assessment.verdict + ("; the plan is over 12 months old" if status.stale
                                                                else ""),
                                          checks, status.trajectory))
    needed = (f"A {found.needed.label}" if found.needed is not None else "No carbon plan is needed")
    return ContractCarbonData(needed, found.why, when, found.check_date_basis, tuple(suppliers),
                              tuple(dict.fromkeys(all_sources)), _profile_name(sources))


CHECK_HEADER = ("Check", "Result", "Reason", "Source")
CHECK_FRACTIONS = (0.20, 0.12, 0.58, 0.10)


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def build_contract_carbon(data, context: SectionContext) -> list[Flowable]:
    found: ContractCarbonData | None = data.section_data.get("carbon")
    styles = context.styles
    if found is None:
        return [Paragraph(html.escape(NOT_AVAILABLE), styles["Body"])]
    basis = ("the contract's tender deadline" if found.basis == "tender deadline"
             else "today (no tender deadline is recorded)")
    story: list[Flowable] = [key_value_table((
        ("Plan the contract needs", found.needed),
        ("Why", _first_upper(found.why.rstrip(".")) + "."),
        ("Checked as at", f"{found.check_date:%d/%m/%Y}, {basis}"),
        ("Rules", f"{RULES_SOURCE}, with the thresholds and dates of the active policy profile"
                  + (f", {found.profile_name}" if found.profile_name else "")),
    ), context.width, styles), Spacer(1, 4)]
    if not found.suppliers:
        story.append(Paragraph("No supplier is recorded on this contract, so there is no carbon plan to check.",
                               styles["NoneRecorded"]))
        return story
    for supplier in found.suppliers:
        if supplier.no_plan:
            story.append(_supplier_heading(supplier.name, context))
            story.append(Paragraph(html.escape(supplier.no_plan), styles["NoneRecorded"]))
            continue
        story.append(KeepTogether([_supplier_heading(supplier.name, context),
                                   key_value_table(supplier.plan_facts, context.width, styles)]))
        story.append(Spacer(1, 4))
        story.append(Paragraph(f"<b>{safe_paragraph_text(supplier.verdict, 300)}</b>", styles["Body"]))
        tables = data_table(CHECK_HEADER, supplier.checks, CHECK_FRACTIONS, context.width, styles,
                            wrapped=(0, 2, 3))
        for table in tables:
            table.setStyle(TableStyle(
                [("TEXTCOLOR", (1, row), (1, row), _status_colour(check[1]))
                 for row, check in enumerate(supplier.checks, 1)]
))
        story += tables
        story.append(Spacer(1, 6))
        trajectory = supplier.trajectory
        if can_draw(trajectory) and len(trajectory.points) > 1:
            story.append(KeepTogether([
                trajectory_drawing(trajectory, context.width, 175, title=f"Emissions trajectory: {supplier.name}"),
                Paragraph(safe_paragraph_text(trajectory.summary, 600), styles["Caption"]),
            ]))
        else:
            story.append(Paragraph("<b>Emissions trajectory:</b> " + safe_paragraph_text(trajectory.summary, 600),
                                   styles["Body"]))
    if found.sources:
        story.append(_note("Sources: " + safe_paragraph_text("; ".join(found.sources), 2000)
                           + ". Trajectory: " + html.escape(METHOD), context))
    return story


def _supplier_heading(name: str, context: SectionContext) -> Flowable:
    """A supplier's name as a sub-heading (typed text: made safe), never alone at the foot of a page."""
    return KeepTogether([CondPageBreak(90), Paragraph(safe_paragraph_text(name, 300), context.styles["Heading3"])])


def _status_colour(label: str):
    if label == CheckStatus.FAILS.label:
        return report_styles.TEXT_RED
    if label == CheckStatus.MEETS.label:
        return report_styles.TEXT_GREEN
    return report_styles.NHS_DARK_GREY


register_section("carbon", "Carbon Reduction Plans", build_pack_carbon, order=50, gather=gather_pack_carbon)
register_contract_section("carbon", "Supplier carbon plans", build_contract_carbon, order=70,
                          gather=gather_contract_carbon)
