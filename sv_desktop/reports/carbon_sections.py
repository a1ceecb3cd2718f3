"""Suppliers' carbon reduction plans in the reports: one committee pack section and one contract report section.

Each is a plain data type and a builder that lays it out, like social_value_sections;
the data (statuses, alerts, what a contract needs, from CarbonService) is gathered in
sv_desktop.services.report_data.carbon. The rules are reference/domain_rules.md §1.2
(what a Carbon Reduction Plan must contain: PPN 06/21, carried into PPN 006) and §2.3
(the NHS full CRP / Net Zero Commitment tiers), with the thresholds and dates of the
active policy profile. The pack checks every plan as at the meeting date; the contract
report as at the contract's tender deadline, or today when none is recorded (as the
compliance check does). The trajectory is the domain's straight-line method
(carbon_trajectory.METHOD), drawn by trajectory_chart.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from sv_desktop.domain.carbon_plan import CheckStatus
from sv_desktop.domain.carbon_trajectory import METHOD, Trajectory
from sv_desktop.domain.money import format_money
from sv_desktop.reports import charts
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.flowables import data_table, key_value_table, none_recorded, safe_paragraph_text
from sv_desktop.reports.sections import SectionContext, _note, _sub
from sv_desktop.reports.trajectory_chart import can_draw, trajectory_drawing

SUPPLIER_ROWS = 80  # rows of the pack's supplier table before "and N more"
ALERT_ROWS = 60
RULES_SOURCE = ("reference/domain_rules.md §1.2 (what a Carbon Reduction Plan must contain: PPN 06/21, carried "
                "into PPN 006) and §2.3 (NHS England's full CRP / Net Zero Commitment tiers)")
NOT_AVAILABLE = ("Carbon plan data is not available: this report was built without the suppliers' carbon plan "
                 "records.")
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


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


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
        story += data_table(SUPPLIER_HEADER, ([line.name, line.plan, line.verdict, line.reasons or "—", line.trajectory,
                                               line.contracts] for line in shown),
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
