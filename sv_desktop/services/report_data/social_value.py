"""Social value and policy compliance: the committee pack section and the contract report's two sections.

Compliance comes from ComplianceService (the active profile's rules), the choices from
SelectionService. The committee KPI is seed 002's Appendix Two compliance measure, "All
Trust contracts will contain a minimum 10% Social Value weighting"
(002_80f5ea46fbe04add.txt), reported with the active profile's weighting rule.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sv_desktop.domain.compliance import Verdict
from sv_desktop.domain.policy import PolicyRule, RuleKind
from sv_desktop.reports.social_value_sections import (
    TOP_OUTCOMES,
    ContractComplianceData,
    ContractSocialValueData,
    EntryLine,
    FailingContract,
    OutcomeCount,
    RuleLine,
    SocialValuePackData,
)
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.pipeline import PipelineRow
from sv_desktop.services.report_data.common import framework_names, natural
from sv_desktop.services.selection import SelectionService

KPI_SOURCE = "002_80f5ea46fbe04add.txt, Appendix Two (Compliance Measures)"
WEIGHTING_BANDS = ("Not set", "Under 10 %", "10 %", "Over 10 % up to 15 %", "Over 15 %")
KIND_WORDS = {"mission": "Mission", "theme": "Theme", "priority": "Priority", "outcome": "Outcome",
              "award_criterion": "Award criterion", "sub_criterion": "Sub-criterion",
              "opportunity_area": "Opportunity area", "metric": "Metric"}
BASELINE_NOT_REQUIRED = ("Not required: only PPN 002 outcomes 1, 6 and 7 ask bidders for a workforce baseline.")


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


def kpi_of(rule: PolicyRule | None) -> tuple[str, str]:
    """The KPI and its source: seed 002's words when the rule is one minimum for every contract, else the rule's."""
    if rule is None:
        return "Minimum social value weighting", ""
    bands = rule.param("bands")
    if len(bands) == 1 and bands[0].is_unbounded():
        return (f"All contracts contain a minimum {bands[0].min_percent.normalize():f} % social value weighting",
                KPI_SOURCE)
    return rule.title, rule.source


def pack_social_value(compliance: ComplianceService, selection: SelectionService, catalogue: CatalogueService,
                      rows: Sequence[PipelineRow], today: date) -> SocialValuePackData | None:
    """Compliance of the pack's contracts in scope under the active profile, their weightings and outcomes."""
    if not rows:
        return None
    stage_of = {row.id: row.stage.label for row in rows}
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
    names = framework_names(catalogue)
    chosen: Counter = Counter()
    titles: dict[tuple[str, str], str] = {}
    for plan in plans.values():
        for entry in plan.outcomes:
            chosen[entry.key] += 1
            titles.setdefault(entry.key, entry.title)
    top = sorted(chosen.items(), key=lambda item: (-item[1], item[0][0], natural(item[0][1])))[:TOP_OUTCOMES]
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


def _pct(value: Decimal | None) -> str:
    return "Not set" if value is None else f"{value.normalize():f} %"


def contract_social_value(selection: SelectionService, catalogue: CatalogueService,
                          contract_id: int) -> ContractSocialValueData:
    """The contract's weighting, word limit, cohort, chosen entries (refined or not) and workforce baseline."""
    plan = selection.plan(contract_id)
    names = framework_names(catalogue)
    weights = plan.outcome_weights()
    baseline = BASELINE_NOT_REQUIRED
    concepts: dict[str, str] = {}
    try:
        from sv_desktop.services.tender_pack import build_tender_pack

        loaded = catalogue.catalogue()
        concepts = {concept.id: concept.name for concept in loaded.concepts}
        pack = build_tender_pack("", "", plan, loaded)
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


def contract_compliance(compliance: ComplianceService, selection: SelectionService, contract_id: int,
                        today: date) -> ContractComplianceData:
    """Every rule's verdict for the contract, and the justification recorded for each accepted exception."""
    checked = compliance.check(contract_id, today)
    profile = compliance.profile()
    justifications = selection.plan(contract_id).exceptions
    results = tuple((r.title, r.verdict.label, r.reason, r.source) for r in checked.results)
    exceptions = tuple((r.title, justifications.get(r.rule_id, "")) for r in checked.results
                       if r.verdict is Verdict.EXCEPTION)
    return ContractComplianceData(profile.name + (f" ({profile.version})" if profile.version else ""),
                                  today.strftime("%d/%m/%Y"), results, exceptions)
