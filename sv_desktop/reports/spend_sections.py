"""Procurement spend in the committee pack: the local, SME and VCSE spend KPIs per financial year.

Seed 002 asks for a "Benchmarked % and value of local procurement spend" to be reported
two-yearly to the Finance & Performance Committee (002_80f5ea46fbe04add.txt, Appendix Two:
Governance, Compliance Measures). sv_desktop.services.report_data.spend gathers the figures
from SpendKpiService (the domain's sv_desktop.domain.spend does the arithmetic, the same
figures as the dashboard); the builder prints two tables per financial year and the
method in words. Differences from the benchmark are written out ("3.2 points below the
benchmark"), never shown by colour.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from sv_desktop.domain.spend import (
    Share,
    SpendKpis,
    amount_text,
    difference_text,
    percent_text,
)
from sv_desktop.reports import charts
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.flowables import data_table, key_figures
from sv_desktop.reports.sections import SectionContext, _note, _sub

NOT_AVAILABLE = "Spend data is not available: this pack was built without the spend records."
NO_SPEND = ("None recorded. Import a spend extract (File → Import → Spend extract…) to report the local, SME and "
            "VCSE shares of spend.")
LOCAL_HEADER = ("Financial year", "Total spend", "Local (£)", "Local (%)", "Benchmark", "Against the benchmark",
                "Against the previous year", "Postcode not known (£)")
LOCAL_FRACTIONS = (0.10, 0.11, 0.11, 0.08, 0.11, 0.18, 0.18, 0.13)
SUPPLIER_HEADER = ("Financial year", "SME (£)", "SME (%)", "Size not known (£)", "VCSE (£)", "VCSE (%)",
                   "Not matched to a supplier (£)", "Credit notes")
SUPPLIER_FRACTIONS = (0.10, 0.13, 0.08, 0.14, 0.13, 0.08, 0.17, 0.17)


@dataclass(frozen=True)
class SpendPackData:
    kpis: SpendKpis
    date_from: date | None  # the first financial year's start when the pack has a date range
    date_to: date | None


def _value(share: Share | None) -> str:
    return amount_text(share.value) if share is not None else "—"


def _percent(share: Share | None) -> str:
    return percent_text(share.percent) if share is not None else "—"


def _short(value) -> str:
    """£128.3m in a key-figure box (the tables give the pounds)."""
    return charts.money_short(float(value)) if value >= 0 else f"−{charts.money_short(float(-value))}"


def _intro(data: SpendPackData) -> str:
    kpis = data.kpis
    first, last = kpis.years[0], kpis.years[-1]
    span = last.label if first is last else f"{first.label} to {last.label}"
    text = (f"The committee KPI <i>Benchmarked % and value of local procurement spend</i> "
            f"(002_80f5ea46fbe04add.txt, Appendix Two), with the shares of spend going to SMEs and VCSEs, for "
            f"each financial year from {span}: {kpis.lines:,} invoice line{'s' if kpis.lines != 1 else ''} from "
            "the finance system's spend extracts.")
    if data.date_from or data.date_to:
        start = f"{data.date_from:%d/%m/%Y}" if data.date_from else "the first invoice"
        end = f"{data.date_to:%d/%m/%Y}" if data.date_to else "the latest invoice"
        text += f" The whole financial years the pack's date range touches are shown: {start} to {end}."
    text += " Spend is not split by contract category, so the pack's category choice does not apply to it."
    return text


def build_pack_spend(pack, context: SectionContext) -> list[Flowable]:
    data: SpendPackData | None = pack.section_data.get("spend")
    styles = context.styles
    if data is None:
        return [Paragraph(html.escape(NOT_AVAILABLE), styles["Body"])]
    kpis = data.kpis
    if not kpis.has_spend:
        return [Paragraph(html.escape(NO_SPEND), styles["NoneRecorded"])]
    last = kpis.years[-1]
    story: list[Flowable] = [Paragraph(_intro(data), styles["Body"])]
    figures = [(f"spent in {last.label} (net)", _short(last.total))]
    if last.local is not None:
        figures.append((f"local in {last.label} ({_short(last.local.value)})", percent_text(last.local.percent)))
    figures += [(f"with SMEs in {last.label}", percent_text(last.sme.percent)),
                (f"with VCSEs in {last.label}", percent_text(last.vcse.percent))]
    story += [key_figures(figures, context.width, styles), Spacer(1, 6)]
    if last.local is None:
        story.append(Paragraph("<b>Local spend is not measured</b>: no local postcode areas are set in Settings, so "
                               "no line can be called local or not local.", styles["Body"]))
    elif last.vs_benchmark is not None:
        story.append(Paragraph(f"In {last.label} local spend was <b>{percent_text(last.local.percent)}</b>, "
                               f"{html.escape(difference_text(last.vs_benchmark, 'the benchmark'))} of "
                               f"{percent_text(last.benchmark)}.", styles["Body"]))

    story.append(_sub("Local spend per financial year", context))
    rows = [[y.label, amount_text(y.total), _value(y.local), _percent(y.local),
             percent_text(y.benchmark) if y.benchmark is not None else "none set",
             difference_text(y.vs_benchmark, "the benchmark"),
             difference_text(y.vs_previous_year, "the previous year"), _value(y.postcode_unknown)]
            for y in kpis.years]
    story += data_table(LOCAL_HEADER, rows, LOCAL_FRACTIONS, context.width, styles, right_aligned=(1, 2, 3, 4, 7),
                        wrapped=(5, 6))
    if any(y.local is not None for y in kpis.years):
        measured = [(y.label, y.local.percent) for y in kpis.years
                    if y.local is not None and y.local.percent is not None]
        if measured:
            story.append(Spacer(1, 4))
            story.append(KeepTogether([
                charts.horizontal_bar_chart("Local spend as % of each year's net spend",
                                            [label for label, _percent in measured],
                                            [percent for _label, percent in measured], context.width,
                                            value_format="{:.1f}%", colour=report_styles.NHS_AQUA_GREEN),
                Paragraph("Local: the invoice line's postcode, else the supplier's, in the organisation's local "
                          "postcode areas." + (f" Benchmark: {html.escape(percent_text(kpis.benchmark.percent))}."
                                               if kpis.benchmark.percent is not None else ""),
                          styles["Caption"]),
            ]))

    story.append(_sub("SME and VCSE spend per financial year", context))
    rows = [[y.label, _value(y.sme), _percent(y.sme), _value(y.size_unknown), _value(y.vcse), _percent(y.vcse),
             _value(y.unmatched),
             (f"{amount_text(y.credit_notes)} ({y.credit_note_lines:,})" if y.credit_note_lines else "none")]
            for y in kpis.years]
    story += data_table(SUPPLIER_HEADER, rows, SUPPLIER_FRACTIONS, context.width, styles,
                        right_aligned=(1, 2, 3, 4, 5, 6, 7))

    story.append(_sub("How these figures are made", context))
    story += [_note(html.escape(sentence), context) for sentence in kpis.method()]
    return story
