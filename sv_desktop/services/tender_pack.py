"""The tender's social value question pack, built from a contract's selection and the catalogue.

One question per selected outcome: the PPN 002 model question with its blanks
filled (word limit, outcome), that outcome's share of the weighting, the chosen
award criteria and sub-criteria (refined where refined), the metrics the
supplier will report against, and the workforce-baseline sentence for PPN 002
outcomes 1, 6 and 7; then the additional award criteria
(000_14458fa951fc6b05.txt, "How to use the model" and "Social value question").
"""
from __future__ import annotations

import re
from dataclasses import replace

from sv_desktop.catalogue.model import Catalogue, Entry, Framework
from sv_desktop.domain.selection import OUTCOME_KINDS, SelectedEntry, SocialValuePlan
from sv_desktop.domain.tender_pack import (
    PackAdditionalCriterion,
    PackCriterion,
    PackMetric,
    PackQuestion,
    TenderQuestionPack,
)

MODEL_FRAMEWORK = "ppn002"
WORD_LIMIT_BLANK = "[enter number of]"


def _as_sentence(text: str) -> str:
    """The model's "Outcomes 1, 6 and 7 only: ..." note as the instruction a bidder reads."""
    stripped = re.sub(r"^Outcomes?\s[\d,\sand]+only:\s*", "", text.strip())
    return stripped[:1].upper() + stripped[1:]


def _outcome_of(framework: Framework, ref: str) -> Entry | None:
    """The nearest outcome or theme at or above an entry."""
    entry = framework.entry(ref)
    if entry is not None and entry.kind in OUTCOME_KINDS:
        return entry
    for ancestor in framework.ancestors(ref):  # nearest first
        if ancestor.kind in OUTCOME_KINDS:
            return ancestor
    return None


def build_tender_pack(reference: str, title: str, plan: SocialValuePlan, catalogue: Catalogue) -> TenderQuestionPack:
    model = catalogue.framework(MODEL_FRAMEWORK)
    chosen = {entry.key: entry for entry in plan.entries}

    # Outcomes: the chosen ones, plus the outcome above any chosen criterion or metric.
    outcome_order: list[tuple[str, str]] = []
    outcome_at: dict[tuple[str, str], tuple[Framework, Entry]] = {}  # each outcome key's framework and entry
    implicit: list[SelectedEntry] = []
    other_metrics: list[PackMetric] = []
    for entry in plan.entries:
        framework = catalogue.framework(entry.framework_id)
        outcome = _outcome_of(framework, entry.ref) if framework else None
        if framework is None or outcome is None:
            if entry.kind == "metric":
                other_metrics.append(_metric(catalogue, entry))
            continue
        key = (outcome.framework_id, outcome.ref)
        if key not in outcome_order:
            outcome_order.append(key)
            outcome_at[key] = (framework, outcome)
            if key not in chosen:
                implicit.append(SelectedEntry(outcome.framework_id, outcome.ref, outcome.kind, outcome.title,
                                              outcome.text or outcome.title))
    weights = replace(plan, entries=plan.entries + tuple(implicit)).outcome_weights()

    questions = []
    for number, key in enumerate(outcome_order, start=1):
        framework, outcome_entry = outcome_at[key]
        selected_outcome = chosen.get(key)
        outcome_title = (selected_outcome.text if selected_outcome and selected_outcome.is_refined
                         else outcome_entry.title)
        if model and model.model_question:
            limit = str(plan.word_limit) if plan.word_limit else WORD_LIMIT_BLANK
            question = model.model_question.text.replace("{word_limit}", limit).replace("{outcome}", outcome_title)
        else:
            question = ("Please set out the specific, measurable and time-bound commitments you will make to deliver: "
                        f"{outcome_title}.")
        baseline = ""
        if (model and model.workforce_baseline and key[0] == MODEL_FRAMEWORK
                and key[1] in model.workforce_baseline.outcomes):
            baseline = _as_sentence(model.workforce_baseline.text)
        criteria, metrics = [], []
        for entry in plan.entries:
            if entry.framework_id != key[0] or _outcome_key(catalogue, entry) != key:
                continue
            if entry.kind == "award_criterion":
                criteria.append(_criterion(framework, entry, chosen))
            elif entry.kind == "metric":
                metrics.append(_metric(catalogue, entry))
            elif entry.kind == "sub_criterion":
                parent = framework.parent(entry.ref)
                if parent is None or (parent.framework_id, parent.ref) not in chosen:
                    criteria.append(_criterion(framework, entry, chosen))
        questions.append(PackQuestion(number, framework.short_name, key[1], outcome_title, weights.get(key), question,
                                      tuple(criteria), tuple(metrics), baseline))

    additional: tuple[PackAdditionalCriterion, ...] = ()
    if model and questions:
        additional = tuple(PackAdditionalCriterion(c.text, c.items, c.pass_gate)
                           for c in model.additional_award_criteria)
    source = (f"{model.name} ({model.version}), {model.source}" if model else "catalogue")
    return TenderQuestionPack(reference, title, plan.weighting_percent, plan.word_limit, plan.target_cohort,
                              tuple(questions), additional, tuple(other_metrics), source)


def _outcome_key(catalogue: Catalogue, entry: SelectedEntry) -> tuple[str, str] | None:
    framework = catalogue.framework(entry.framework_id)
    outcome = _outcome_of(framework, entry.ref) if framework else None
    return (outcome.framework_id, outcome.ref) if outcome else None


def _criterion(framework: Framework, entry: SelectedEntry, chosen: dict) -> PackCriterion:
    catalogue_entry = framework.entry(entry.ref)
    subs, omitted = [], []
    for child in catalogue_entry.children if catalogue_entry else ():
        if child.kind != "sub_criterion":
            continue
        picked = chosen.get((child.framework_id, child.ref))
        if picked is None:
            omitted.append(child.ref)
        else:
            subs.append(PackCriterion(picked.ref, picked.title, picked.text, picked.is_refined,
                                      picked.change_summary()))
    return PackCriterion(entry.ref, entry.title, entry.text, entry.is_refined, entry.change_summary(),
                         tuple(subs), tuple(omitted))


def _metric(catalogue: Catalogue, entry: SelectedEntry) -> PackMetric:
    from sv_desktop.catalogue.units import UNITS

    found = catalogue.entry(entry.framework_id, entry.ref)
    unit = UNITS[found.unit].label if found and found.unit in UNITS else (found.unit if found else "")
    return PackMetric(entry.ref, entry.text if entry.is_refined else entry.title, unit or "",
                      bool(found and found.by_region))
