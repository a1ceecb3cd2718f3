"""Social value and policy compliance in the reports: one committee pack section, two contract report sections.

Each is one gatherer (plain data from the services: ComplianceService for the
rules, SelectionService for the choices), one builder and one registration.
The committee KPI is seed 002's Appendix Two compliance measure, "All Trust
contracts will contain a minimum 10% Social Value weighting"
(002_80f5ea46fbe04add.txt), reported with the active profile's weighting rule.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from sv_desktop.domain.compliance import Verdict
from sv_desktop.domain.policy import RuleKind
from sv_desktop.reports import charts
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.flowables import (data_table, key_figures, key_value_table, none_recorded,
                                          safe_paragraph_text)
from sv_desktop.reports.sections import (SectionContext, _note, _sub, register_contract_section,
                                         register_section)

KPI_SOURCE = "002_80f5ea46fbe04add.txt, Appendix Two (Compliance Measures)"
TOP_OUTCOMES = 10
KPI_ROW = colors.HexColor("#FFF1CC")  # a pale NHS warm yellow behind the KPI's row
WEIGHTING_BANDS = ("Not set", "Under 10 %", "10 %", "Over 10 % up to 15 %", "Over 15 %")
KIND_WORDS = {"mission": "Mission", "theme": "Theme", "priority": "Priority", "outcome": "Outcome",
              "award_criterion": "Award criterion", "sub_criterion": "Sub-criterion",
              "opportunity_area": "Opportunity area", "metric": "Metric"}
BASELINE_NOT_REQUIRED = ("Not required: only PPN 002 outcomes 1, 6 and 7 ask bidders for a workforce baseline.")


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


def weighting_band(value: Decimal | None) -> str:
    """The distribution band of a weighting: 10 % itself is its own band (the policy minimum)."""
    if value is None:
        return WEIGHTING_BANDS[0]
    if value < 10:
        return WEIGHTING_BANDS[1]
    if value == 10:
        return WEIGHTING_BANDS[2]
    if value <= 15:
        return WEIGHTING_BANDS[3]
    return WEIGHTING_BANDS[4]


def kpi_of(rule) -> tuple[str, str]:
    """The KPI and its source: seed 002's words when the rule is one minimum for every contract, else the rule's."""
    if rule is None:
        return "Minimum social value weighting", ""
    bands = rule.param("bands")
    if len(bands) == 1 and bands[0].is_unbounded():
        return (f"All contracts contain a minimum {bands[0].min_percent.normalize():f} % social value weighting",
                KPI_SOURCE)
    return rule.title, rule.source


def short_reason(reason: str, limit: int = 110) -> str:
    """A reason's first sentence, shortened at a word with an ellipsis: the table says why, the checklist all."""
    first = reason.strip().split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _framework_names(sources) -> dict[str, str]:
    try:
        return {f.id: f.short_name or f.name for f in sources.catalogue.catalogue().frameworks}
    except Exception:  # a broken catalogue shows framework ids rather than stop the report
        return {}


def gather_pack_social_value(sources, scope) -> SocialValuePackData | None:
    """Compliance of the pack's contracts in scope under the active profile, their weightings and outcomes."""
    compliance, selection = getattr(sources, "compliance", None), getattr(sources, "selection", None)
    if compliance is None or selection is None:
        return None
    rows = sources.rows_in_scope(scope)
    if not rows:
        return None
    stage_of = {row.id: row.stage.label for row in rows}
    today = sources.clock().date()
    results = [c for c in compliance.check_all(today) if c.contract_id in stage_of]
    profile = compliance.profile()
    summaries = {summary.rule_id: summary for summary in compliance.summary(results)}
    weighting_rule = next((rule for rule in profile.rules if rule.kind is RuleKind.MIN_WEIGHTING), None)
    ordered = sorted(profile.rules, key=lambda rule: rule is not weighting_rule)
    lines = []
    for rule in ordered:
        summary = summaries.get(rule.id)
        counts = summary.counts if summary else {}
        lines.append(RuleLine(rule.id, rule.title, rule.source, summary.applicable if summary else 0,
                              summary.meeting if summary else 0, counts.get(Verdict.FAIL, 0),
                              counts.get(Verdict.WARNING, 0), counts.get(Verdict.NOT_YET, 0),
                              rule is weighting_rule))
    failing = tuple(
        FailingContract(c.reference, c.title, stage_of[c.contract_id],
                        tuple((r.title, r.reason) for r in c.results if r.verdict is Verdict.FAIL))
        for c in sorted(results, key=lambda c: c.reference) if c.failures)
    plans = selection.plans_for(list(stage_of))
    bands = Counter(weighting_band(plan.weighting_percent) for plan in plans.values())
    names = _framework_names(sources)
    chosen: Counter = Counter()
    titles: dict[tuple[str, str], str] = {}
    for plan in plans.values():
        for entry in plan.outcomes:
            chosen[entry.key] += 1
            titles.setdefault(entry.key, entry.title)
    top = sorted(chosen.items(), key=lambda item: (-item[1], item[0][0], _natural(item[0][1])))[:TOP_OUTCOMES]
    return SocialValuePackData(
        profile_name=profile.name + (f" ({profile.version})" if profile.version else ""),
        checked_on=today.strftime("%d/%m/%Y"),
        contracts=len(rows),
        kpi_label=kpi_of(weighting_rule)[0],
        kpi_source=kpi_of(weighting_rule)[1],
        rules=tuple(lines),
        failing=failing,
        weighting_bands=tuple((band, bands.get(band, 0)) for band in WEIGHTING_BANDS),
        top_outcomes=tuple(OutcomeCount(names.get(f, f), ref, titles[(f, ref)], count) for (f, ref), count in top),
        contracts_with_outcomes=sum(1 for plan in plans.values() if plan.outcomes),
    )


def _natural(ref: str) -> tuple:
    """"2" before "10": references sort as people read them."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", ref) if part)


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


def _pct(value: Decimal | None) -> str:
    return "Not set" if value is None else f"{value.normalize():f} %"


def gather_contract_social_value(sources, contract_id: int) -> ContractSocialValueData | None:
    selection = getattr(sources, "selection", None)
    if selection is None:
        return None
    plan = selection.plan(contract_id)
    names = _framework_names(sources)
    weights = plan.outcome_weights()
    baseline = BASELINE_NOT_REQUIRED
    concepts: dict[str, str] = {}
    try:
        from sv_desktop.services.tender_pack import build_tender_pack

        catalogue = sources.catalogue.catalogue()
        concepts = {concept.id: concept.name for concept in catalogue.concepts}
        pack = build_tender_pack("", "", plan, catalogue)
        needed = [q for q in pack.questions if q.workforce_baseline]
        if needed:
            outcomes = ", ".join(f"{q.framework} {q.outcome_ref}" for q in needed)
            baseline = f"Required (for {outcomes}): {needed[0].workforce_baseline}"
    except Exception:  # without the catalogue the rest of the section still prints
        pass
    entries = tuple(
        EntryLine(names.get(e.framework_id, e.framework_id), e.ref, KIND_WORDS.get(e.kind, e.kind), e.title, e.text,
                  e.change_summary(), _pct(weights[e.key]) if e.key in weights else "")
        for e in plan.entries)
    return ContractSocialValueData(
        weighting=_pct(plan.weighting_percent),
        word_limit=f"{plan.word_limit:,} words" if plan.word_limit else "Not set",
        cohort=plan.target_cohort,
        entries=entries,
        workforce_baseline=baseline,
        specification_covers=tuple(concepts.get(c, c) for c in sorted(plan.specification_covers)),
    )


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


def gather_contract_compliance(sources, contract_id: int) -> ContractComplianceData | None:
    compliance = getattr(sources, "compliance", None)
    if compliance is None:
        return None
    today = sources.clock().date()
    checked = compliance.check(contract_id, today)
    profile = compliance.profile()
    justifications = sources.selection.plan(contract_id).exceptions if sources.selection is not None else {}
    results = tuple((r.title, r.verdict.label, r.reason, r.source) for r in checked.results)
    exceptions = tuple((r.title, justifications.get(r.rule_id, "")) for r in checked.results
                       if r.verdict is Verdict.EXCEPTION)
    return ContractComplianceData(profile.name + (f" ({profile.version})" if profile.version else ""),
                                  today.strftime("%d/%m/%Y"), results, exceptions)


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


register_section("social_value", "Social value and policy compliance", build_pack_social_value, order=40,
                 gather=gather_pack_social_value)
register_contract_section("social_value", "Social value", build_contract_social_value, order=50,
                          gather=gather_contract_social_value)
register_contract_section("compliance", "Policy compliance", build_contract_compliance, order=60,
                          gather=gather_contract_compliance)
