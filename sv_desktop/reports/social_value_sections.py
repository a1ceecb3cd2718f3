"""Social value and policy compliance in the reports: one committee pack section, two contract report sections.

Each is a plain data type and a builder that lays it out; the data is gathered in
sv_desktop.services.report_data.social_value (ComplianceService for the rules,
SelectionService for the choices). The committee KPI is seed 002's Appendix Two
compliance measure, "All Trust contracts will contain a minimum 10% Social Value
weighting" (002_80f5ea46fbe04add.txt), reported with the active profile's weighting rule.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from sv_desktop.reports import charts
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.flowables import data_table, key_figures, key_value_table, none_recorded, safe_paragraph_text
from sv_desktop.reports.sections import SectionContext, _note, _sub

TOP_OUTCOMES = 10
KPI_ROW = colors.HexColor("#FFF1CC")  # a pale NHS warm yellow behind the KPI's row


# -- plain data ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleLine:
    """One rule of the active profile, counted over the pack's contracts (from ComplianceService.summary)."""

    rule_id: str
    title: str
    source: str
    applicable: int
    meeting: int
    failing: int
    warnings: int
    not_yet: int
    is_weighting: bool

    @property
    def percent_meeting(self) -> str:
        if not self.applicable:
            return "—"
        return f"{round(100 * self.meeting / self.applicable)} %"


@dataclass(frozen=True)
class FailingContract:
    reference: str
    title: str
    stage: str
    failures: tuple[tuple[str, str], ...]  # rule title, reason


@dataclass(frozen=True)
class OutcomeCount:
    framework: str
    ref: str
    title: str
    contracts: int


@dataclass(frozen=True)
class SocialValuePackData:
    profile_name: str
    checked_on: str
    contracts: int
    kpi_label: str
    kpi_source: str
    rules: tuple[RuleLine, ...]  # the weighting rule first, then the profile's order
    failing: tuple[FailingContract, ...]
    weighting_bands: tuple[tuple[str, int], ...]
    top_outcomes: tuple[OutcomeCount, ...]
    contracts_with_outcomes: int


def short_reason(reason: str, limit: int = 110) -> str:
    """A reason's first sentence, shortened at a word with an ellipsis: the table says why, the checklist all."""
    first = reason.strip().split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


# -- committee pack section ----------------------------------------------------------------------
RULE_HEADER = ("Rule", "Applies to", "Meeting it", "Failing", "Warnings", "Not yet applicable", "% meeting")
RULE_FRACTIONS = (0.40, 0.09, 0.09, 0.08, 0.09, 0.14, 0.11)
FAILING_HEADER = ("Reference", "Title", "Stage", "Rules failed and why")
FAILING_FRACTIONS = (0.12, 0.22, 0.10, 0.56)


def _failures_cell(failures: tuple[tuple[str, str], ...]) -> str:
    budget = max(50, 380 // max(1, len(failures)) - 40)
    return "\n".join(f"{title}: {short_reason(reason, budget)}" for title, reason in failures)


def build_pack_social_value(pack, context: SectionContext) -> list[Flowable]:
    data: SocialValuePackData | None = pack.section_data.get("social_value")
    if data is None:
        return []
    styles = context.styles
    story: list[Flowable] = [Paragraph(
        f"The {data.contracts:,} contracts in this pack's scope, checked on {data.checked_on} against the active "
        f"policy profile, <b>{safe_paragraph_text(data.profile_name, 300)}</b>. A contract meets a rule when it "
        "passes or has an accepted exception; % meeting is of the contracts the rule applies to (rules that do "
        "not apply yet, or at all, are not counted).", styles["Body"])]
    kpi = next((line for line in data.rules if line.is_weighting), None)
    if kpi is not None:
        value = (f"{kpi.percent_meeting} ({kpi.meeting:,} of {kpi.applicable:,})" if kpi.applicable
                 else "No contract yet")
        source = f" ({data.kpi_source})" if data.kpi_source else ""
        story.append(key_figures([(f"Committee KPI: {data.kpi_label}{source}", value)], context.width,
                                 styles, per_row=1))
        story.append(Spacer(1, 6))
    story.append(_sub("Compliance by rule", context))
    rows = [[line.title + (" (committee KPI)" if line.is_weighting else ""), f"{line.applicable:,}",
             f"{line.meeting:,}", f"{line.failing:,}", f"{line.warnings:,}", f"{line.not_yet:,}",
             line.percent_meeting] for line in data.rules]
    tables = data_table(RULE_HEADER, rows, RULE_FRACTIONS, context.width, styles, right_aligned=(1, 2, 3, 4, 5, 6),
                        wrapped=(0, 5))
    if kpi is not None and tables:
        tables[0].setStyle(TableStyle([("BACKGROUND", (0, 1), (-1, 1), KPI_ROW)]))
    story += tables
    story.append(_note("Sources: " + safe_paragraph_text("; ".join(f"{line.title} — {line.source}"
                                                                    for line in data.rules), 2000), context))

    story.append(_sub(f"Contracts failing a rule ({len(data.failing):,})", context))
    if data.failing:
        failing_rows = ([c.reference, c.title, c.stage, _failures_cell(c.failures)] for c in data.failing)
        story += data_table(FAILING_HEADER, failing_rows, FAILING_FRACTIONS, context.width, styles,
                            wrapped=(0, 1, 2, 3))
        story.append(_note("Each contract's compliance tab and contract report give every rule in full.", context))
    else:
        story.append(none_recorded(styles, "no contract in scope fails a rule"))

    story.append(_sub("Social value weighting", context))
    story.append(KeepTogether([
        charts.horizontal_bar_chart("Contracts by social value weighting", [b for b, _n in data.weighting_bands],
                                    [n for _b, n in data.weighting_bands], context.width,
                                    colour=report_styles.NHS_AQUA_GREEN),
        Paragraph("Every contract in scope by the weighting recorded for it (share of the total score).",
                  styles["Caption"]),
    ]))
    story.append(_sub("Most-selected outcomes", context))
    if data.top_outcomes:
        story.append(Paragraph(
            f"The outcomes chosen for the most contracts in scope (up to {TOP_OUTCOMES}); "
            f"{data.contracts_with_outcomes:,} of {data.contracts:,} contracts have at least one outcome chosen.",
            styles["Body"]))
        story += data_table(("Framework", "Ref", "Outcome", "Contracts"),
                            ([o.framework, o.ref, o.title, f"{o.contracts:,}"] for o in data.top_outcomes),
                            (0.16, 0.08, 0.64, 0.12), context.width, styles, right_aligned=(3,), wrapped=(0, 2))
    else:
        story.append(none_recorded(styles, "no outcome is selected for a contract in scope"))
    return story


# -- contract report: social value ---------------------------------------------------------------
@dataclass(frozen=True)
class EntryLine:
    framework: str
    ref: str
    kind: str
    title: str
    wording: str
    change: str  # word-level change against the catalogue original; "" when as in the catalogue
    share: str


@dataclass(frozen=True)
class ContractSocialValueData:
    weighting: str
    word_limit: str
    cohort: str
    entries: tuple[EntryLine, ...]
    workforce_baseline: str  # the requirement in words
    specification_covers: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.entries and self.weighting == "Not set" and self.word_limit == "Not set" and not self.cohort


def build_contract_social_value(data, context: SectionContext) -> list[Flowable]:
    found: ContractSocialValueData | None = data.section_data.get("social_value")
    if found is None or found.is_empty:
        return []
    styles = context.styles
    story: list[Flowable] = [key_value_table((
        ("Social value weighting (share of the total score)", found.weighting),
        ("Word limit for the response", found.word_limit),
        ("Target cohort", found.cohort or "Not set"),
        ("Workforce baseline", found.workforce_baseline),
        ("Specification covers", ", ".join(found.specification_covers) or "Nothing recorded"),
    ), context.width, styles), Spacer(1, 6)]
    if not found.entries:
        story.append(none_recorded(styles, "no outcome, criterion or metric chosen"))
        return story
    rows = ([e.framework, e.ref, e.kind, e.title, "Refined" if e.change else "As in the catalogue", e.share or "—"]
            for e in found.entries)
    story += data_table(("Framework", "Ref", "Kind", "Title", "Wording", "Share of weighting"), rows,
                        (0.11, 0.06, 0.13, 0.40, 0.17, 0.13), context.width, styles, right_aligned=(5,),
                        wrapped=(0, 2, 3, 4, 5))
    refined = [e for e in found.entries if e.change]
    story.append(Paragraph("Refined wording", styles["Heading3"]))
    if not refined:
        story.append(none_recorded(styles, "every entry uses the catalogue wording"))
    for entry in refined:
        story.append(KeepTogether([
            Paragraph(f"<b>{safe_paragraph_text(f'{entry.framework} {entry.ref}', 100)}</b> "
                      + safe_paragraph_text(entry.title, 500), styles["Body"]),
            Paragraph("<b>Wording used in the tender:</b> " + safe_paragraph_text(entry.wording), styles["Bullet"],
                      bulletText="•"),
            Paragraph("<b>What changed:</b> " + safe_paragraph_text(entry.change), styles["Bullet"],
                      bulletText="•"),
        ]))
    story.append(_note("What changed: [-removed-] and {+added+} words against the catalogue original.", context))
    return story


# -- contract report: policy compliance ----------------------------------------------------------
@dataclass(frozen=True)
class ContractComplianceData:
    profile_name: str
    checked_on: str
    results: tuple[tuple[str, str, str, str], ...]  # rule, verdict in words, reason, source
    exceptions: tuple[tuple[str, str], ...]  # rule, justification


def build_contract_compliance(data, context: SectionContext) -> list[Flowable]:
    found: ContractComplianceData | None = data.section_data.get("compliance")
    if found is None or not found.results:
        return []
    styles = context.styles
    story: list[Flowable] = [Paragraph(
        f"Checked on {found.checked_on} against the active policy profile, "
        f"<b>{safe_paragraph_text(found.profile_name, 300)}</b>.", styles["Body"])]
    story += data_table(("Rule", "Verdict", "Reason", "Source"), found.results, (0.22, 0.11, 0.42, 0.25),
                        context.width, styles, wrapped=(0, 1, 2, 3))
    story.append(Paragraph("Accepted exceptions", styles["Heading3"]))
    if found.exceptions:
        story += data_table(("Rule", "Justification recorded"), found.exceptions, (0.3, 0.7), context.width, styles,
                            wrapped=(0, 1))
    else:
        story.append(none_recorded(styles))
    return story
