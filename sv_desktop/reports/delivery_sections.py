"""Delivery of social value commitments in the reports: one committee pack section, one contract report section.

Each is a plain data type and a builder that lays it out, like carbon_sections; the
data (commitments, returns, remedies and the domain's progress, from DeliveryService)
is gathered in sv_desktop.services.report_data.delivery. Progress, expected-to-date and RAG are the domain's
(sv_desktop.domain.delivery, RagThresholds.method()), with the thresholds of the
active policy profile, as at the day the report is built. RAG is always printed
in words ("Red: off track"); colour only ever backs the words up. Figures are in
the metric's own units first; pounds appear only for metrics measured in £.
"""
from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Group, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from sv_desktop.domain.delivery import Rag
from sv_desktop.domain.money import format_money
from sv_desktop.reports import charts
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.charts import rect
from sv_desktop.reports.flowables import (
    data_table,
    key_figures,
    key_value_table,
    none_recorded,
    safe_paragraph_text,
    safe_plain_text,
)
from sv_desktop.reports.sections import SectionContext, _note, _sub
from sv_desktop.reports.templates import fit_text
from sv_desktop.reports.trajectory_chart import nice_step

NOT_AVAILABLE = ("Delivery data is not available: this report was built without the delivery records "
                 "(commitments, returns and remedies).")
OVERDUE_STATUS = "No return: overdue"
RED_ROWS = 60  # rows of the pack's red-commitment table before "and N more"
OVERDUE_ROWS = 60
TOTAL_ROWS = 40
RAG_ORDER = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREY)
RAG_COLOURS = {Rag.GREEN: report_styles.NHS_GREEN, Rag.AMBER: report_styles.NHS_WARM_YELLOW,
               Rag.RED: report_styles.NHS_RED, Rag.GREY: report_styles.NHS_MID_GREY}
# Pale backings for a RAG cell: the words carry the meaning, the tint helps the eye find them.
RAG_TINTS = {Rag.GREEN: colors.HexColor("#D5EFDD"), Rag.AMBER: colors.HexColor("#FFF0C7"),
             Rag.RED: colors.HexColor("#F8D5D2"), Rag.GREY: colors.HexColor("#E8EDEE")}
RAG_BY_LABEL = {rag.label: rag for rag in Rag}


# -- formatting ---------------------------------------------------------------------------------------
def figure(value: Decimal | None, unit: str) -> str:
    """A quantity in its own unit's style: £ for money, whole numbers from 100 up, else up to two decimals."""
    if value is None:
        return "—"
    if unit == "gbp":
        return format_money(value)
    value = value.quantize(Decimal(1) if abs(value) >= 100 else Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def _date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


# -- plain data: the committee pack --------------------------------------------------------------------
@dataclass(frozen=True)
class MetricTotal:
    """One metric added up over the commitments in scope (level metrics, rates, are counted, not added)."""

    metric: str
    unit: str  # the unit's label
    unit_id: str
    commitments: int
    contracts: int
    target: Decimal | None  # None: a rate, not added up
    expected: Decimal | None
    achieved: Decimal | None
    verified: Decimal | None
    to_fill_in: int  # commitments still without a target


@dataclass(frozen=True)
class RedLine:
    contract: str
    metric: str
    reason: str
    remedies: str  # one remedy a line, or NO_REMEDY


@dataclass(frozen=True)
class OverdueLine:
    contract: str
    metric: str
    periods: str
    count: int
    oldest_due: date


@dataclass(frozen=True)
class DeliveryPackData:
    as_at: date
    method: str
    return_due_days: int
    contracts: int  # in scope
    live_contracts: int  # awarded or in delivery
    contracts_with_commitments: int
    commitments: int
    rag_counts: tuple[tuple[Rag, int], ...]
    totals: tuple[MetricTotal, ...]
    red: tuple[RedLine, ...]
    red_without_remedy: int
    overdue: tuple[OverdueLine, ...]
    overdue_returns: int
    unverified_commitments: int  # with claims not yet verified
    claimed_returns: int  # awaiting verification
    rejected_returns: int


# -- committee pack section -------------------------------------------------------------------------
TOTAL_HEADER = ("Metric", "Unit", "Commitments", "Target", "Expected to date", "Achieved (claimed + verified)",
                "Of which verified")
TOTAL_FRACTIONS = (0.285, 0.09, 0.125, 0.12, 0.12, 0.14, 0.12)
RED_HEADER = ("Contract", "Commitment", "Why it is red", "Remedies recorded")
RED_FRACTIONS = (0.11, 0.27, 0.34, 0.28)
OVERDUE_HEADER = ("Contract", "Commitment", "Periods with no return", "Overdue since")
OVERDUE_FRACTIONS = (0.12, 0.42, 0.34, 0.12)


def rag_chart(counts: Sequence[tuple[Rag, int]], width: float, title: str) -> Drawing:
    """Commitments by RAG as labelled bars: the words on the axis, each bar in its RAG colour as well."""
    drawing = charts.horizontal_bar_chart(title, [rag.label for rag, _n in counts], [n for _r, n in counts], width)
    chart = next(item for item in drawing.contents if isinstance(item, HorizontalBarChart))
    for index, (rag, _n) in enumerate(reversed(counts)):  # the chart draws the list bottom-up
        chart.bars[(0, index)].fillColor = RAG_COLOURS[rag]
    return drawing


def _rag_cell_styles(rows: Sequence[Sequence[object]], column: int) -> list[tuple]:
    commands = []
    for index, row in enumerate(rows, 1):
        rag = RAG_BY_LABEL.get(str(row[column]))
        if rag is not None:
            commands.append(("BACKGROUND", (column, index), (column, index), RAG_TINTS[rag]))
    return commands


def build_pack_delivery(pack, context: SectionContext) -> list[Flowable]:
    data: DeliveryPackData | None = pack.section_data.get("delivery")
    styles = context.styles
    if data is None:
        return [Paragraph(html.escape(NOT_AVAILABLE), styles["Body"])]
    if not data.contracts:
        return []
    story: list[Flowable] = [Paragraph(
        f"The social value commitments of the {_plural(data.contracts, 'contract')} in this pack's scope "
        f"({data.live_contracts:,} awarded or in delivery) and their delivery as recorded on "
        f"<b>{data.as_at:%d/%m/%Y}</b>. {_plural(data.contracts_with_commitments, 'contract has', 'contracts have')} "
        f"commitments; {_plural(data.commitments, 'commitment')} in all. Figures are in each metric's own unit.",
        styles["Body"])]
    if not data.commitments:
        story.append(none_recorded(styles, "no contract in scope has a commitment yet; commitments are created "
                                           "from the chosen metrics when a contract is awarded"))
        story.append(_note(html.escape(data.method), context))
        return story
    counts = dict(data.rag_counts)
    story.append(key_figures([
        ("commitments", f"{data.commitments:,}"),
        ("Red: off track", f"{counts.get(Rag.RED, 0):,}"),
        ("overdue returns", f"{data.overdue_returns:,}"),
        ("returns claimed, not yet verified", f"{data.claimed_returns:,}"),
    ], context.width, styles))
    story.append(Spacer(1, 6))

    story.append(_sub("Commitments by RAG status", context))
    rows = [[rag.label, f"{count:,}", f"{round(100 * count / data.commitments)} %"] for rag, count in data.rag_counts]
    tables = data_table(("RAG status", "Commitments", f"% of {data.commitments:,}"), rows, (0.5, 0.25, 0.25),
                        context.width * 0.6, styles, right_aligned=(1, 2))
    for table in tables:
        table.setStyle(TableStyle(_rag_cell_styles(rows, 0)))
    story += tables
    story.append(Spacer(1, 4))
    story.append(KeepTogether([
        rag_chart(data.rag_counts, context.width, f"Commitments in scope on {data.as_at:%d/%m/%Y}"),
        Paragraph(f"Each of the {data.commitments:,} commitments in scope by its RAG status on "
                  f"{data.as_at:%d/%m/%Y}; the status is in words on every bar.", styles["Caption"]),
    ]))
    story.append(_note(html.escape(data.method) + f" A return is overdue {data.return_due_days} days after its "
                                                  "period ends.", context))

    story.append(_sub("Totals per metric across contracts", context))
    story.append(Paragraph(
        "Each metric added up over the commitments in scope, in its own unit (£ only where the metric is "
        "measured in pounds). Rates such as percentages are counted, not added up. Commitments still waiting "
        "for a target from the winning bid are counted but not added.", styles["Body"]))
    shown = data.totals[:TOTAL_ROWS]
    total_rows = []
    for line in shown:
        count = f"{line.commitments:,}" + (f" ({line.to_fill_in:,} to fill in)" if line.to_fill_in else "")
        total_rows.append([line.metric, line.unit, count] + [
            figure(value, line.unit_id) if line.target is not None else "not added (a rate)"
            for value in (line.target, line.expected, line.achieved, line.verified)])
    story += data_table(TOTAL_HEADER, total_rows, TOTAL_FRACTIONS, context.width, styles,
                        right_aligned=(2, 3, 4, 5, 6), wrapped=(0, 1, 2, 3, 4, 5, 6))
    if len(data.totals) > len(shown):
        story.append(_note(f"… and {_plural(len(data.totals) - len(shown), 'more metric')}, not listed here.",
                           context))

    story.append(_sub(f"Red commitments and their remedies ({len(data.red):,})", context))
    if data.red:
        story.append(Paragraph(
            f"Commitments off track ({Rag.RED.label}), by contract, with the remedies recorded against each: "
            "an improvement plan, alternative social value of equivalent value, or a payment deduction or "
            f"service credit. {_plural(data.red_without_remedy, 'red commitment has', 'red commitments have')} "
            f"no remedy recorded.", styles["Body"]))
        red_shown = data.red[:RED_ROWS]
        story += data_table(RED_HEADER,
                            ([line.contract, line.metric, line.reason, line.remedies] for line in red_shown),
                            RED_FRACTIONS, context.width, styles, wrapped=(0, 1, 2, 3))
        if len(data.red) > len(red_shown):
            story.append(_note(f"… and {_plural(len(data.red) - len(red_shown), 'more red commitment')}, not "
                               "listed here; each contract's report lists its own.", context))
    else:
        story.append(none_recorded(styles, "no commitment in scope is red"))

    story.append(_sub(f"Overdue returns ({data.overdue_returns:,})", context))
    if data.overdue:
        story.append(Paragraph(
            f"Reporting periods that ended more than {data.return_due_days} days ago with no claimed or verified "
            f"return (a rejected return leaves its period open), across "
            f"{_plural(len(data.overdue), 'commitment')}, oldest first.", styles["Body"]))
        overdue_shown = data.overdue[:OVERDUE_ROWS]
        story += data_table(OVERDUE_HEADER, ([line.contract, line.metric, line.periods, _date(line.oldest_due)]
                                             for line in overdue_shown),
                            OVERDUE_FRACTIONS, context.width, styles, wrapped=(0, 1, 2))
        if len(data.overdue) > len(overdue_shown):
            story.append(_note(f"… and {_plural(len(data.overdue) - len(overdue_shown), 'more commitment')} "
                               "with overdue returns, not listed here.", context))
    else:
        story.append(none_recorded(styles, "every return that is due has been made"))

    story.append(_sub("Claims not yet verified", context))
    story.append(Paragraph(
        f"{_plural(data.claimed_returns, 'return is', 'returns are')} claimed by suppliers and not yet verified, "
        f"on {_plural(data.unverified_commitments, 'commitment')}; claimed figures count towards progress and "
        f"are shown beside the verified figures so the difference is visible. "
        f"{_plural(data.rejected_returns, 'return was', 'returns were')} rejected with a reason and "
        f"{'does' if data.rejected_returns == 1 else 'do'} not count.", styles["Body"]))
    return story


# -- plain data: the contract report ------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodBar:
    """One reporting period on the chart: delivery to date at its end, split verified / claimed."""

    start: date
    end: date
    short: str
    verified: float | None  # None: nothing counted for the period
    claimed: float | None
    overdue: bool


@dataclass(frozen=True)
class ChartData:
    start: date
    due: date
    target: float
    level: bool  # the whole target is expected from the start (percentages, yes/no)
    cumulative: bool  # bars show delivery to date (sum); otherwise each period's latest value
    as_at: date
    unit: str  # label for the axis
    money: bool
    target_text: str  # "2,820 hours", "£300,000", "12"
    periods: tuple[PeriodBar, ...]


@dataclass(frozen=True)
class ReturnLine:
    period: str
    actual: str
    status: str
    evidence: str
    entered: str


@dataclass(frozen=True)
class RemedyLine:
    kind: str
    raised: str
    description: str
    amount: str
    due: str
    closed: str  # "Open", or the date and the outcome


@dataclass(frozen=True)
class CommitmentView:
    heading: str
    rag: Rag
    reason: str
    facts: tuple[tuple[str, str], ...]
    summary: tuple[str, str, str, str, str]  # metric, target, expected, achieved (verified), RAG label
    chart: ChartData | None
    no_chart: str  # why there is no chart ("" when there is one)
    returns: tuple[ReturnLine, ...]
    remedies: tuple[RemedyLine, ...]


@dataclass(frozen=True)
class ContractDeliveryData:
    as_at: date
    method: str
    return_due_days: int
    commitments: tuple[CommitmentView, ...]


CHART_HEIGHT = 150
FONT_SIZE = 6.5
LEFT, RIGHT, BOTTOM, TITLE_HEIGHT, LEGEND_ROW = 44, 8, 24, 14, 11
VERIFIED_COLOUR = report_styles.NHS_BLUE
CLAIMED_COLOUR = colors.HexColor("#A9CDEB")
LINE_COLOUR = report_styles.NHS_DARK_GREY
GRID = colors.HexColor("#D5DCDE")


def _axis_text(value: float, money: bool) -> str:
    prefix = "£" if money else ""
    if value >= 1_000_000:
        return f"{prefix}{value / 1_000_000:,.1f}m".replace(".0m", "m")
    if value >= 10_000:
        return f"{prefix}{value / 1000:,.0f}k"
    if value == int(value):
        return f"{prefix}{value:,.0f}"
    return f"{prefix}{value:,.2f}".rstrip("0").rstrip(".")


def delivery_chart(chart: ChartData, width: float, title: str, height: float = CHART_HEIGHT) -> Drawing:
    """Bars of delivery (verified, then claimed on top) per period against the straight pro-rata line.

    For a sum metric each bar is the delivery to date at the period's end, so it can be read straight
    against the line, which rises from nothing at the start to the target on the due date (the domain's
    expectation: target x days elapsed / days in the commitment). For a latest-value metric each bar is
    the period's value; for a rate the line is the whole target from the start. Periods whose return is
    overdue carry a red outline box at the foot; a dashed line marks the day the report was built.
    """
    drawing = Drawing(width, height, initialFontName=report_styles.FONT, initialFontSize=FONT_SIZE)
    drawing.add(String(0, height - 9, fit_text(safe_plain_text(title, 300), report_styles.FONT_BOLD, 8, width),
                       fontName=report_styles.FONT_BOLD, fontSize=8, fillColor=report_styles.NHS_DARK_BLUE))
    legend = [("verified", "Verified"), ("claimed", "Claimed, not yet verified"),
              ("line", "Pro-rata expectation" if not chart.level else "Target (a rate: expected from the start)")]
    if any(bar.overdue for bar in chart.periods):
        legend.append(("overdue", "Return overdue"))
    if chart.start <= chart.as_at <= chart.due:
        legend.append(("today", f"Report date {chart.as_at:%d/%m/%Y}"))
    plot_x, plot_y = LEFT, BOTTOM + LEGEND_ROW + 2
    plot_w, plot_h = width - LEFT - RIGHT, height - plot_y - TITLE_HEIGHT - 4
    highest = max([chart.target] + [(bar.verified or 0) + (bar.claimed or 0) for bar in chart.periods] + [0.0])
    step = nice_step(highest or 1, 4)
    y_max = step * max(1, math.ceil(highest * 1.05 / step))
    span = max(1, (chart.due - chart.start).days + 1)

    def x_of(day: date) -> float:
        return plot_x + (day - chart.start).days / span * plot_w

    def y_of(value: float) -> float:
        return plot_y + max(0.0, value) / y_max * plot_h

    tick = 0.0
    while tick <= y_max + step / 1000:
        y = y_of(tick)
        drawing.add(Line(plot_x, y, plot_x + plot_w, y, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(String(plot_x - 3, y - 2.2, _axis_text(tick, chart.money), fontName=report_styles.FONT,
                           fontSize=FONT_SIZE, fillColor=report_styles.NHS_DARK_GREY, textAnchor="end"))
        tick += step
    axis_title = String(0, 0, fit_text(safe_plain_text(chart.unit, 40), report_styles.FONT, FONT_SIZE, plot_h),
                        fontName=report_styles.FONT, fontSize=FONT_SIZE, fillColor=report_styles.NHS_DARK_GREY,
                        textAnchor="middle")
    rotated = Group(axis_title)
    rotated.rotate(90)
    axis_title.x, axis_title.y = plot_y + plot_h / 2, -7  # rotate() maps (x, y) to (-y, x)
    drawing.add(rotated)

    # Bars, one per period, as wide as the period (less a small gap).
    for bar in chart.periods:
        left, right = x_of(bar.start), x_of(bar.end + timedelta(days=1))
        gap = min(2.0, (right - left) * 0.15)
        left, right = left + gap / 2, right - gap / 2
        base: float = plot_y
        for value, colour in ((bar.verified, VERIFIED_COLOUR), (bar.claimed, CLAIMED_COLOUR)):
            if value:
                top = y_of(((bar.verified or 0) if colour is CLAIMED_COLOUR else 0) + value)
                drawing.add(rect(left, base, right - left, top - base, fillColor=colour, strokeColor=None))
                base = top
        if bar.overdue:  # a red dashed outline round the period's slot, whatever is drawn inside it
            drawing.add(rect(left, plot_y, right - left, max(base - plot_y, 10), fillColor=None,
                             strokeColor=report_styles.NHS_RED, strokeWidth=1, strokeDashArray=[2, 1.5]))
    drawing.add(Line(plot_x, plot_y, plot_x + plot_w, plot_y, strokeColor=report_styles.NHS_MID_GREY,
                     strokeWidth=0.6))

    # The expectation: a straight line (or a flat one for rates).
    if chart.level:
        drawing.add(Line(plot_x, y_of(chart.target), plot_x + plot_w, y_of(chart.target), strokeColor=LINE_COLOUR,
                         strokeWidth=1.1, strokeDashArray=[4, 2]))
    else:
        drawing.add(Line(plot_x, plot_y, plot_x + plot_w, y_of(chart.target), strokeColor=LINE_COLOUR,
                         strokeWidth=1.1, strokeDashArray=[4, 2]))
    if chart.start <= chart.as_at <= chart.due:
        x = x_of(chart.as_at)
        drawing.add(Line(x, plot_y, x, plot_y + plot_h, strokeColor=report_styles.NHS_DARK_BLUE, strokeWidth=0.6,
                         strokeDashArray=[1.5, 1.5]))

    # Period names under the bars: as many as fit without touching.
    widths = [stringWidth(bar.short, report_styles.FONT, FONT_SIZE) for bar in chart.periods]
    slot = plot_w / max(1, len(chart.periods))
    every = max(1, math.ceil((max(widths, default=0) + 4) / max(slot, 0.1)))
    drawn_to = -math.inf  # right edge of the last label drawn: a short first or last period must not collide
    for index, (bar, label_width) in enumerate(zip(chart.periods, widths)):
        middle = (x_of(bar.start) + x_of(bar.end + timedelta(days=1))) / 2
        middle = min(max(middle, plot_x + label_width / 2), plot_x + plot_w - label_width / 2)
        if index % every or middle - label_width / 2 < drawn_to + 4:
            continue
        drawn_to = middle + label_width / 2
        drawing.add(String(middle, plot_y - 9, bar.short, fontName=report_styles.FONT, fontSize=FONT_SIZE,
                           fillColor=report_styles.NHS_DARK_GREY, textAnchor="middle"))
    _chart_legend(drawing, legend, plot_x, 3)
    return drawing


def _chart_legend(drawing: Drawing, items: list[tuple[str, str]], x0: float, y: float) -> None:
    x = x0
    for kind, label in items:
        middle = y + 2.5
        if kind in ("verified", "claimed"):
            drawing.add(rect(x, y, 9, 6, fillColor=VERIFIED_COLOUR if kind == "verified" else CLAIMED_COLOUR,
                             strokeColor=None))
        elif kind == "line":
            drawing.add(Line(x, middle, x + 12, middle, strokeColor=LINE_COLOUR, strokeWidth=1.1,
                             strokeDashArray=[4, 2]))
        elif kind == "overdue":
            drawing.add(rect(x, y - 1, 9, 8, fillColor=None, strokeColor=report_styles.NHS_RED, strokeWidth=1,
                             strokeDashArray=[2, 1.5]))
        elif kind == "today":
            drawing.add(Line(x + 5, y - 1, x + 5, y + 7, strokeColor=report_styles.NHS_DARK_BLUE, strokeWidth=0.6,
                             strokeDashArray=[1.5, 1.5]))
        drawing.add(String(x + 15, y, label, fontName=report_styles.FONT, fontSize=FONT_SIZE,
                           fillColor=report_styles.TEXT))
        x += 15 + stringWidth(label, report_styles.FONT, FONT_SIZE) + 10


# -- contract report section ----------------------------------------------------------------------------
SUMMARY_HEADER = ("Commitment", "Target", "Expected to date", "Achieved (verified)", "RAG status")
SUMMARY_FRACTIONS = (0.42, 0.13, 0.13, 0.16, 0.16)
RETURN_HEADER = ("Period", "Actual", "Status", "Evidence reference", "Entered")
RETURN_FRACTIONS = (0.15, 0.10, 0.33, 0.23, 0.19)
REMEDY_HEADER = ("Action", "Raised", "What was agreed", "Amount", "Due", "Closed / outcome")
REMEDY_FRACTIONS = (0.15, 0.09, 0.36, 0.10, 0.09, 0.21)


def _commitment_heading(text: str, context: SectionContext) -> Flowable:
    return KeepTogether([CondPageBreak(120), Paragraph(safe_paragraph_text(text, 300), context.styles["Heading3"])])


def build_contract_delivery(data, context: SectionContext) -> list[Flowable]:
    found: ContractDeliveryData | None = data.section_data.get("delivery")
    styles = context.styles
    if found is None:
        return [Paragraph(html.escape(NOT_AVAILABLE), styles["Body"])]
    if not found.commitments:
        return [Paragraph("No commitments are recorded for this contract. They are created from the metrics "
                          "chosen for it when it is awarded, or added on the contract's delivery tab.",
                          styles["NoneRecorded"])]
    rag = Counter(view.rag for view in found.commitments)
    words = ", ".join(f"{rag[item]:,} {item.label}" for item in RAG_ORDER if rag.get(item))
    story: list[Flowable] = [Paragraph(
        f"{_plural(len(found.commitments), 'commitment')}, with delivery as recorded on "
        f"<b>{found.as_at:%d/%m/%Y}</b>: {html.escape(words)}. Figures are in each metric's own unit; "
        "achieved counts claimed and verified returns, with the verified part in brackets.", styles["Body"])]
    rows = [list(view.summary) for view in found.commitments]
    tables = data_table(SUMMARY_HEADER, rows, SUMMARY_FRACTIONS, context.width, styles, right_aligned=(1, 2, 3),
                        wrapped=(0, 1, 2, 3, 4))
    for table in tables:
        table.setStyle(TableStyle(_rag_cell_styles(rows, 4)))
    story += tables
    story.append(Spacer(1, 4))
    story.append(_note(html.escape(found.method) + f" A return is overdue {found.return_due_days} days after its "
                                                   "period ends.", context))

    for view in found.commitments:
        facts = key_value_table(view.facts, context.width, styles)
        facts.setStyle(TableStyle([("BACKGROUND", (1, index), (1, index), RAG_TINTS[view.rag])
                                   for index, (label, _v) in enumerate(view.facts) if label == "RAG status"]))
        story.append(_commitment_heading(view.heading, context))
        story.append(facts)
        story.append(Spacer(1, 6))
        if view.chart is not None:
            story.append(KeepTogether([
                delivery_chart(view.chart, context.width, "Delivery against the pro-rata line"),
                Paragraph(_chart_caption(view.chart), styles["Caption"]),
            ]))
        else:
            story.append(Paragraph(html.escape(view.no_chart), styles["NoneRecorded"]))
        overdue = sum(1 for line in view.returns if line.status == OVERDUE_STATUS)
        recorded = len(view.returns) - overdue
        returns_title = Paragraph(f"<b>Returns ({recorded:,} recorded"
                                  + (f"; {overdue:,} overdue" if overdue else "") + ")</b>", styles["Body"])
        if view.returns:
            return_tables = data_table(RETURN_HEADER, ([r.period, r.actual, r.status, r.evidence, r.entered]
                                                       for r in view.returns),
                                       RETURN_FRACTIONS, context.width, styles, right_aligned=(1,),
                                       wrapped=(0, 2, 3, 4))
            story.append(KeepTogether([returns_title, return_tables[0]]))
            story += return_tables[1:]
        else:
            story += [returns_title, none_recorded(styles, "no return has been made yet")]
        story.append(Spacer(1, 8))
        remedies_title = Paragraph(f"<b>Remedies log ({len(view.remedies):,})</b>", styles["Body"])
        if view.remedies:
            remedy_tables = data_table(REMEDY_HEADER, ([r.kind, r.raised, r.description, r.amount, r.due,
                                                        r.closed] for r in view.remedies),
                                       REMEDY_FRACTIONS, context.width, styles, right_aligned=(3,), wrapped=(0, 2, 5))
            story.append(KeepTogether([remedies_title, remedy_tables[0]]))
            story += remedy_tables[1:]
        else:
            why = ("none recorded — this commitment is red, so record the action taken"
                   if view.rag is Rag.RED else "no action has been needed")
            story += [remedies_title, none_recorded(styles, why)]
        story.append(Spacer(1, 8))
    return story


def _chart_caption(chart: ChartData) -> str:
    if chart.cumulative:
        what = "Each bar is the delivery to date at the end of its period (verified, then claimed on top)"
    else:
        what = "Each bar is the value reported for its period (the latest value counts)"
    line = ("the dashed line is the pro-rata expectation, rising to the target of "
            if not chart.level else "the dashed line is the target of ")
    return f"{what}; {line}{safe_paragraph_text(chart.target_text, 100)} by {chart.due:%d/%m/%Y}."
