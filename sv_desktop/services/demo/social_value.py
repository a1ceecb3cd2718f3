"""Demo social value: realistic selections, weightings and policy notes for demo contracts.

A mix that shows the compliance checks working: most tenders carry the NHS 10 %
minimum and a climate outcome, some fall short, a few have justified
exceptions, and the larger ones (over the policy profile's KPI publication
threshold, the Procurement Act 2023's £5m) carry KPIs (metrics).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from sv_desktop.catalogue.model import Catalogue
from sv_desktop.domain.vocabulary import STAGE_ORDER, Stage

WORD_LIMITS = [500, 750, 750, 1000, 1500]
# (weighting %, how often): mostly the NHS minimum, some higher, some short of it or not yet set.
WEIGHTINGS = [(Decimal("10"), 46), (Decimal("15"), 12), (Decimal("20"), 8), (Decimal("12.5"), 6),
              (Decimal("5"), 8), (None, 8)]
COHORTS = ["", "", "", "care leavers", "people leaving prison", "young people not in education, employment or training",
           "armed forces veterans", "people with a learning disability"]


@dataclass
class DemoSocialValue:
    settings: list[dict] = field(default_factory=list)
    selections: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)


def demo_social_value(rng: random.Random, contracts: list[tuple[int, str, Decimal | None]],
                      catalogue: Catalogue, now, kpi_publication_over: Decimal) -> DemoSocialValue:
    """Plans for (contract id, stage value, total value) tuples; contracts still at pipeline stage get none.

    Contracts whose total is over `kpi_publication_over` always get metrics, and most of them the
    officer's confirmation that their KPIs may be published."""
    ppn = catalogue.framework("ppn002")
    if ppn is None:
        return DemoSocialValue()
    outcomes = [e for e in ppn.walk() if e.kind == "outcome"]
    climate = ppn.entry("4")
    out = DemoSocialValue()
    weights = [w for _v, w in WEIGHTINGS]
    for contract_id, stage_value, total in contracts:
        stage = Stage(stage_value)
        if stage is Stage.CANCELLED or stage is Stage.PIPELINE:
            continue
        if stage is Stage.PRE_MARKET and rng.random() < 0.6:
            continue
        weighting = rng.choices([v for v, _w in WEIGHTINGS], weights)[0]
        out.settings.append({"contract_id": contract_id, "weighting_percent": weighting,
                             "word_limit": rng.choice(WORD_LIMITS), "target_cohort": rng.choice(COHORTS),
                             "updated_at": now, "version": 1})
        chosen = []
        if climate is not None and rng.random() < 0.72:
            chosen.append(climate)
        for outcome in rng.sample(outcomes, rng.choice([0, 1, 1, 2])):
            if outcome not in chosen:
                chosen.append(outcome)
        position = 0
        for outcome in chosen:
            entries = [outcome]
            criteria = [c for c in outcome.children if c.kind == "award_criterion"]
            for criterion in rng.sample(criteria, min(len(criteria), rng.choice([1, 1, 2]))):
                entries.append(criterion)
                subs = [c for c in criterion.children if c.kind == "sub_criterion"]
                keep = [s for s in subs if rng.random() < 0.75] or subs[:1]
                entries += keep
                metrics = [c for c in criterion.children if c.kind == "metric"]
                big = total is not None and total > kpi_publication_over
                if metrics and (big or rng.random() < 0.55):
                    entries += rng.sample(metrics, min(len(metrics), rng.choice([1, 1, 2])))
            for entry in entries:
                refined = None
                if entry.kind == "sub_criterion" and rng.random() < 0.12:
                    refined = (entry.text or entry.title).split("\n")[0].rstrip(".") + \
                        ", proportionate to the size of this contract."
                out.selections.append({
                    "contract_id": contract_id, "framework_id": entry.framework_id, "ref": entry.ref,
                    "kind": entry.kind, "title": entry.title, "original_text": entry.text or entry.title,
                    "refined_text": refined, "weight_percent": None, "position": position,
                })
                position += 1
        if not chosen and rng.random() < 0.5:
            out.notes.append({"contract_id": contract_id, "kind": "specification",
                              "subject": "fighting_climate_change", "text": "", "recorded_at": now})
        if weighting is not None and weighting < 10 and rng.random() < 0.3:
            out.notes.append({"contract_id": contract_id, "kind": "exception", "subject": "min_weighting_10",
                              "text": "Single-source specialist market; agreed by the Head of Procurement.",
                              "recorded_at": now})
        if total is not None and total > kpi_publication_over and rng.random() < 0.6:
            out.notes.append({"contract_id": contract_id, "kind": "confirmation", "subject": "kpis_publishable",
                              "text": "", "recorded_at": now})
        if STAGE_ORDER[stage] >= STAGE_ORDER[Stage.AWARDED] and rng.random() < 0.25:
            out.notes.append({"contract_id": contract_id, "kind": "confirmation", "subject": "renewals_pipeline",
                              "text": "", "recorded_at": now})
    return out
