"""The committee pack's own sections, and what every report section is made of.

A section is a builder that lays out plain data under its own heading:

    def build_carbon(pack: PackData, context: SectionContext) -> list[Flowable]:
        plans = pack.section_data["carbon"]          # what the section's gatherer returned
        return [] if not plans else [...]            # [] prints "None recorded."

and one line in section_catalogue, which lists every section of the committee pack
and of the contract report with its title and print order. The data a section
needs beyond the contracts every pack has is gathered in services
(sv_desktop.services.report_data) and reaches the builder as pack.section_data[id].

The pack prints each chosen section under its own heading (a contents line and
a bookmark) in `order`; a builder that returns no flowables keeps its heading
and prints "None recorded.", so an empty feature never leaves a blank page.
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Generic, TypeVar

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from sv_desktop.domain.money import format_money
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.reports import charts
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.data import CarbonBands, ContractLine, PackData, PackScope
from sv_desktop.reports.flowables import data_table, key_figures, none_recorded, safe_paragraph_text
from sv_desktop.reports.styles import ReportStyles


@dataclass(frozen=True)
class SectionContext:
    """What a builder needs besides the data: the stylesheet and the frame width in points."""

    styles: ReportStyles
    width: float


DataT = TypeVar("DataT")  # what a report is built from: PackData, ContractReportData


@dataclass(frozen=True)
class SectionSpec(Generic[DataT]):
    """One section of a report: its id (the CLI's --section and the key of its gathered data), title and place."""

    id: str
    title: str
    builder: Callable[[DataT, SectionContext], list[Flowable]]
    order: int


class SectionRegistry(Generic[DataT]):
    """Section id -> spec. section_catalogue builds the app's two; tests build their own."""

    def __init__(self, specs: Iterable[SectionSpec[DataT]] = ()) -> None:
        self._sections: dict[str, SectionSpec[DataT]] = {}
        for spec in specs:
            self.add(spec)

    def add(self, spec: SectionSpec[DataT]) -> SectionSpec[DataT]:
        section_id = spec.id
        if not section_id or not section_id.replace("_", "").isalnum() or section_id != section_id.lower():
            raise ValueError(f"section id '{section_id}' must be lower-case letters, digits and underscores")
        if section_id in self._sections:
            raise ValueError(f"a section with the id '{section_id}' is already registered")
        self._sections[section_id] = spec
        return spec

    def register(self, section_id: str, title: str, builder: Callable[[DataT, SectionContext], list[Flowable]],
                 order: int) -> SectionSpec[DataT]:
        return self.add(SectionSpec(section_id, title, builder, order))

    def __contains__(self, section_id: object) -> bool:
        return section_id in self._sections

    def __getitem__(self, section_id: str) -> SectionSpec[DataT]:
        return self._sections[section_id]

    def ordered(self, chosen: Iterable[str] | None = None) -> list[SectionSpec[DataT]]:
        """The chosen sections (all when None) in print order; unknown ids raise ValueError naming them."""
        if chosen is None:
            specs = list(self._sections.values())
        else:
            wanted = list(dict.fromkeys(chosen))
            unknown = [section_id for section_id in wanted if section_id not in self._sections]
            if unknown:
                raise ValueError(f"unknown section {', '.join(unknown)} (known: {', '.join(self.ids())})")
            specs = [self._sections[section_id] for section_id in wanted]
        return sorted(specs, key=lambda spec: (spec.order, spec.id))

    def ids(self) -> list[str]:
        return [spec.id for spec in self.ordered()]


def section_body(spec: SectionSpec[DataT], data: DataT, context: SectionContext) -> list[Flowable]:
    """The builder's flowables, or the "None recorded." line when it has nothing to show."""
    flowables = spec.builder(data, context)
    return list(flowables) if flowables else [none_recorded(context.styles)]


# -- shared helpers ------------------------------------------------------------------------------
NO_ANNUAL_VALUE = "Annual value not recorded"
_PRESENTATION_EDGES = (Decimal(100_000), Decimal(1_000_000))  # for reading only; the policy's edges come from data


def _short_money(value: Decimal) -> str:
    """£10k, £250k, £5m, £2.5m: a band edge as people say it."""
    if value >= 1_000_000:
        text = f"{value / 1_000_000:f}"
        return f"£{text.rstrip('0').rstrip('.') if '.' in text else text}m"
    if value >= 1_000 and value % 1_000 == 0:
        return f"£{value / 1_000:f}".split(".")[0] + "k"
    return format_money(value)


def value_bands(bands: CarbonBands | None = None) -> tuple[tuple[str, Decimal | None, Decimal | None], ...]:
    """Half-open annual value bands whose edges include the policy's carbon plan thresholds (`bands`)."""
    bands = bands or CarbonBands()
    edges = sorted({bands.commitment_above, *_PRESENTATION_EDGES, bands.full_plan_from})
    result: list[tuple[str, Decimal | None, Decimal | None]] = [(f"Under {_short_money(edges[0])}", None, edges[0])]
    for low, high in zip(edges, edges[1:]):
        result.append((f"{_short_money(low)} to under {_short_money(high)}", low, high))
    last = edges[-1]
    full = " (full CRP)" if last == bands.full_plan_from else ""
    result.append((f"{_short_money(last)} and over{full}", last, None))
    return tuple(result)


def value_band(annual_value: Decimal | None, bands: CarbonBands | None = None) -> str:
    """The band of an annual value; bands are half-open so £10,000 is in "£10k to under £100k"."""
    if annual_value is None:
        return NO_ANNUAL_VALUE
    for label, low, high in value_bands(bands):
        if (low is None or annual_value >= low) and (high is None or annual_value < high):
            return label
    return NO_ANNUAL_VALUE  # pragma: no cover - the bands cover every non-negative value


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((value for value in values if value is not None), Decimal(0))


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _money(value: Decimal | None) -> str:
    return format_money(value) if value is not None else "—"


def _sub(title: str, context: SectionContext) -> Flowable:
    """A sub-heading that starts a new page rather than sit alone at the foot of one."""
    return KeepTogether([CondPageBreak(90), Paragraph(html.escape(title), context.styles["Heading3"])])


def _note(text: str, context: SectionContext) -> Paragraph:
    return Paragraph(text, context.styles["Note"])


# -- executive summary ---------------------------------------------------------------------------
def overdue_decisions(pack: PackData) -> list[ContractLine]:
    meeting = pack.scope.meeting_date
    return [line for line in pack.renewals if line.decision_due is not None and line.decision_due < meeting]


def build_summary(pack: PackData, context: SectionContext) -> list[Flowable]:
    contracts = pack.contracts
    if not contracts:
        return []
    open_lines = [line for line in contracts if line.stage.is_open]
    overdue = overdue_decisions(pack)
    over_threshold = [line for line in open_lines if line.annual_value is not None
                      and line.annual_value >= pack.carbon_bands.full_plan_from]
    figures = [
        ("contracts in scope", f"{len(contracts):,}"),
        ("open contracts", f"{len(open_lines):,}"),
        ("total value of open contracts", charts.money_short(float(_sum(line.total_value for line in open_lines)))),
        ("annual value of open contracts", charts.money_short(float(_sum(line.annual_value for line in open_lines)))),
        (f"renewals due in {pack.scope.renewal_window_months} months", f"{len(pack.renewals):,}"),
        ("new tenders in the pipeline", f"{len(pack.new_tenders):,}"),
        ("renewal decisions overdue", f"{len(overdue):,}"),
        (f"open contracts of {_short_money(pack.carbon_bands.full_plan_from)} a year or more",
         f"{len(over_threshold):,}"),
    ]
    story: list[Flowable] = [
        Paragraph(
            f"This pack covers {len(contracts):,} of the {pack.store_contract_count:,} contracts in the store "
            f"({html.escape(_scope_text(pack.scope))}). Figures are as recorded on "
            f"{pack.header.generated_at:%d/%m/%Y}; values are in pounds as entered (see each contract's VAT basis).",
            context.styles["Body"]),
        key_figures(figures, context.width, context.styles),
        Spacer(1, 8),
    ]
    if overdue:
        story.append(Paragraph(
            f"<b>{len(overdue):,} renewal decision{'s are' if len(overdue) != 1 else ' is'} overdue</b>: the "
            "decision-due date (end date less notice period and re-procurement lead time) is before the meeting. "
            "They are listed first in the pipeline section.", context.styles["Body"]))
    by_stage = Counter(line.stage for line in contracts)
    story.append(KeepTogether([
        charts.horizontal_bar_chart("Contracts by stage", [stage.label for stage in Stage],
                                    [by_stage.get(stage, 0) for stage in Stage], context.width),
        Paragraph("Number of contracts in scope at each stage.", context.styles["Caption"]),
    ]))
    annual_by_category: dict[Category, Decimal] = defaultdict(Decimal)
    for line in open_lines:
        if line.annual_value is not None:
            annual_by_category[line.category] += line.annual_value
    story.append(KeepTogether([
        charts.horizontal_bar_chart("Annual value of open contracts by category",
                                    [category.label for category in Category],
                                    [annual_by_category.get(category, Decimal(0)) for category in Category],
                                    context.width, value_format=charts.MONEY, colour=report_styles.NHS_AQUA_GREEN),
        Paragraph("Sum of annual values of contracts not closed or cancelled.", context.styles["Caption"]),
    ]))
    return story


def _scope_text(scope: PackScope) -> str:
    parts = []
    if scope.date_from or scope.date_to:
        parts.append(f"contract term overlapping {_date(scope.date_from) if scope.date_from else 'any date'} "
                     f"to {_date(scope.date_to) if scope.date_to else 'any date'}")
    else:
        parts.append("all dates")
    parts.append("categories: " + (", ".join(c.label for c in scope.categories) if scope.categories else "all"))
    return "; ".join(parts)


# -- pipeline ------------------------------------------------------------------------------------
PIPELINE_HEADER = ("Reference", "Title", "Category", "Stage", "Annual value", "End date", "Decision due",
                   "Supplier(s) / lead")
PIPELINE_FRACTIONS = (0.11, 0.21, 0.12, 0.11, 0.10, 0.09, 0.10, 0.16)


def _pipeline_rows(lines: Sequence[ContractLine], pack: PackData) -> Iterable[list[object]]:
    meeting = pack.scope.meeting_date
    for line in lines:
        due = _date(line.decision_due)
        if line.decision_due is not None and line.decision_due < meeting:
            due += " (overdue)"
        yield [line.reference, line.title, line.category.label, line.stage.label, _money(line.annual_value),
               _date(line.end_date), due, line.suppliers or line.procurement_lead or "—"]


def build_pipeline(pack: PackData, context: SectionContext) -> list[Flowable]:
    scope = pack.scope
    story: list[Flowable] = [Paragraph(
        f"The rolling {scope.renewal_window_months}-month pipeline from the meeting date "
        f"{_date(scope.meeting_date)} to {_date(scope.window_end)}, as the trust policy asks "
        "(002_80f5ea46fbe04add.txt, Pipeline stage). Decision due = end date − notice period − "
        "re-procurement lead time; dates before the meeting are marked overdue.", context.styles["Body"])]
    pipeline_table = partial(data_table, column_fractions=PIPELINE_FRACTIONS, width=context.width,
                             styles=context.styles, right_aligned=(4,), wrapped=(0, 1, 2, 3, 6, 7))
    story.append(_sub(f"Renewals: live contracts ending by {_date(scope.window_end)} ({len(pack.renewals):,})",
                      context))
    if pack.renewals:
        story += pipeline_table(PIPELINE_HEADER, _pipeline_rows(pack.renewals, pack))
        renewals_value = _money(_sum(line.annual_value for line in pack.renewals))
        story.append(_note(f"Annual value of these renewals: {renewals_value}.", context))
    else:
        story.append(none_recorded(context.styles, "no live contract ends within the window"))
    story.append(_sub(f"New tenders: procurements starting by {_date(scope.window_end)} or not yet dated "
                      f"({len(pack.new_tenders):,})", context))
    if pack.new_tenders:
        header = PIPELINE_HEADER[:5] + ("Start date", "Decision due", "Procurement lead")
        rows = ([line.reference, line.title, line.category.label, line.stage.label, _money(line.annual_value),
                 _date(line.start_date), _date(line.decision_due), line.procurement_lead or "—"]
                for line in pack.new_tenders)
        story += pipeline_table(header, rows)
    else:
        story.append(none_recorded(context.styles, "no procurement at pipeline, pre-market, tender or evaluation "
                                                   "stage starts within the window"))
    if not pack.renewals and not pack.new_tenders:
        return []
    return story


# -- portfolio -----------------------------------------------------------------------------------
def _summary_table(title: str, groups: Sequence[tuple[str, list[ContractLine]]],
                   context: SectionContext) -> list[Flowable]:
    rows = [[label, f"{len(lines):,}", _money(_sum(line.total_value for line in lines)),
             _money(_sum(line.annual_value for line in lines))] for label, lines in groups]
    all_lines = [line for _label, lines in groups for line in lines]
    rows.append(["Total", f"{len(all_lines):,}", _money(_sum(line.total_value for line in all_lines)),
                 _money(_sum(line.annual_value for line in all_lines))])
    tables = data_table(("", "Contracts", "Total value", "Annual value"), rows, (0.40, 0.16, 0.22, 0.22),
                        context.width, context.styles, right_aligned=(1, 2, 3))
    for table in tables:
        table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), report_styles.FONT_BOLD, 7.5)]))
    return [KeepTogether([Paragraph(html.escape(title), context.styles["Heading3"]), *tables])]


def build_portfolio(pack: PackData, context: SectionContext) -> list[Flowable]:
    contracts = pack.contracts
    if not contracts:
        return []
    by_stage = {stage: [line for line in contracts if line.stage is stage] for stage in Stage}
    by_category = {category: [line for line in contracts if line.category is category] for category in Category}
    band_names = [label for label, _low, _high in value_bands(pack.carbon_bands)] + [NO_ANNUAL_VALUE]
    by_band: dict[str, list[ContractLine]] = {label: [] for label in band_names}
    for line in contracts:
        by_band[value_band(line.annual_value, pack.carbon_bands)].append(line)
    story: list[Flowable] = [Paragraph(
        f"All {len(contracts):,} contracts in scope, whatever their stage. Values are as recorded "
        "(total over the whole term, and per year).", context.styles["Body"])]
    story += _summary_table("By stage", [(stage.label, lines) for stage, lines in by_stage.items()], context)
    story += _summary_table("By category", [(c.label, lines) for c, lines in by_category.items()], context)
    story += _summary_table("By annual value band", [(band, by_band[band]) for band in band_names], context)
    story.append(KeepTogether([
        charts.horizontal_bar_chart("Contracts by annual value band", band_names,
                                    [len(by_band[band]) for band in band_names], context.width,
                                    colour=report_styles.NHS_PURPLE),
        Paragraph(f"{_short_money(pack.carbon_bands.full_plan_from)} a year is the threshold for a full Carbon "
                  "Reduction Plan in the active policy (PPN 006; NHS CRP requirements) — see the appendix.",
                  context.styles["Caption"]),
    ]))
    return story


# -- register ------------------------------------------------------------------------------------
REGISTER_HEADER = ("Reference", "Title", "Category", "Stage", "Total value", "Annual value", "Start", "End",
                   "Supplier(s)")
REGISTER_FRACTIONS = (0.11, 0.20, 0.10, 0.08, 0.10, 0.10, 0.09, 0.09, 0.13)


def _reference_cell(line: ContractLine) -> str:
    return f"{line.reference}\npart of {line.parent_reference}" if line.parent_reference else line.reference


def build_register(pack: PackData, context: SectionContext) -> list[Flowable]:
    if not pack.contracts:
        return []
    rows = ([_reference_cell(line), line.title, line.category.label, line.stage.label, _money(line.total_value),
             _money(line.annual_value), _date(line.start_date), _date(line.end_date), line.suppliers or "—"]
            for line in sorted(pack.contracts, key=lambda line: line.reference))
    return [Paragraph(f"Every contract in scope ({len(pack.contracts):,}), by reference; lots and call-offs name "
                      "their parent.", context.styles["Body"]),
            *data_table(REGISTER_HEADER, rows, REGISTER_FRACTIONS, context.width, context.styles,
                        right_aligned=(4, 5), wrapped=(0, 1, 2, 3, 8))]


# -- appendix ------------------------------------------------------------------------------------
SOURCES = (
    ("002_80f5ea46fbe04add.txt", "NHS trust Social Value & Sustainable Procurement Policy (P238 v4.0): the rolling "
     "12-month pipeline of renewals, the procurement categories."),
    ("reference/domain_rules.md §1.1", "PPN 06/21 and PPN 006: Carbon Reduction Plans for contracts above £5m a "
     "year."),
    ("reference/domain_rules.md §2.3", "NHS CRP / Net Zero Commitment policy: full CRP at £5m a year (exc. VAT) "
     "and above, Net Zero Commitment between £10k and £5m a year — the value bands of this pack."),
)


def build_appendix(pack: PackData, context: SectionContext) -> list[Flowable]:
    styles = context.styles
    story: list[Flowable] = [_sub("Sources of the rules", context)]
    story += data_table(("Source", "What this pack takes from it"), SOURCES, (0.3, 0.7), context.width, styles,
                        wrapped=(0, 1))
    story.append(_sub("Frameworks loaded", context))
    if pack.frameworks:
        story += data_table(("Id", "Framework", "Version", "Source"),
                            ((f.id, f.name, f.version, f.source) for f in pack.frameworks),
                            (0.12, 0.38, 0.12, 0.38), context.width, styles, wrapped=(1, 2, 3))
    else:
        story.append(none_recorded(styles, "no framework could be loaded"))
    for problem in pack.catalogue_problems:
        story.append(Paragraph("Not loaded: " + safe_paragraph_text(problem, 500), styles["Note"]))
    story.append(_sub("Settings and choices used", context))
    story += data_table(("Setting", "Value"), pack.settings_used, (0.4, 0.6), context.width, styles,
                        wrapped=(0, 1))
    return story
