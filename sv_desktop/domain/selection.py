"""A contract's social value selection: what was chosen from the catalogue, and how it was refined.

Officers may refine wording and omit sub-criteria that are not proportionate
(000_14458fa951fc6b05.txt, "How to use the model", steps 2-3). A selection keeps
the catalogue original beside the refinement so the change can always be shown.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from sv_desktop.domain.errors import FieldError, ValidationError

WEIGHTING_MAX = Decimal(100)
WORD_LIMIT_MAX = 10000
SELECTABLE_KINDS = ("mission", "theme", "priority", "outcome", "award_criterion", "sub_criterion",
                    "opportunity_area", "metric")
OUTCOME_KINDS = ("outcome", "theme")  # each selected one becomes a question in the tender pack


@dataclass(frozen=True)
class SelectedEntry:
    """One catalogue entry chosen for a contract, with the officer's wording where refined."""

    framework_id: str
    ref: str
    kind: str
    title: str  # the catalogue title when it was chosen
    original_text: str  # the catalogue text when it was chosen
    refined_text: str | None = None  # the officer's wording; None when unchanged
    weight_percent: Decimal | None = None  # outcomes: share of the social value weighting

    @property
    def key(self) -> tuple[str, str]:
        return (self.framework_id, self.ref)

    @property
    def is_refined(self) -> bool:
        return self.refined_text is not None and self.refined_text.strip() != self.original_text.strip()

    @property
    def text(self) -> str:
        """The wording the tender uses."""
        return self.refined_text if self.is_refined and self.refined_text is not None else self.original_text

    def change_summary(self) -> str:
        """What the officer changed, word by word: [-removed-] {+added+}."""
        if not self.is_refined or self.refined_text is None:
            return ""
        before, after = self.original_text.split(), self.refined_text.split()
        pieces: list[str] = []
        for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
            if tag == "equal":
                pieces.append(" ".join(before[a1:a2]))
            if tag in ("delete", "replace"):
                pieces.append("[-" + " ".join(before[a1:a2]) + "-]")
            if tag in ("insert", "replace"):
                pieces.append("{+" + " ".join(after[b1:b2]) + "+}")
        return " ".join(pieces)


@dataclass(frozen=True)
class SocialValuePlan:
    """A contract's social value: weighting, word limit, cohort and the chosen entries."""

    weighting_percent: Decimal | None = None
    word_limit: int | None = None
    target_cohort: str = ""
    entries: tuple[SelectedEntry, ...] = ()
    specification_covers: frozenset[str] = frozenset()  # concept ids the specification covers
    confirmations: frozenset[str] = frozenset()  # policy rule ids the officer confirmed
    exceptions: dict[str, str] = field(default_factory=dict)  # policy rule id -> justification
    version: int = 0  # 0: nothing stored yet

    def selected(self, framework_id: str, ref: str) -> SelectedEntry | None:
        for entry in self.entries:
            if entry.framework_id == framework_id and entry.ref == ref:
                return entry
        return None

    @property
    def outcomes(self) -> tuple[SelectedEntry, ...]:
        return tuple(e for e in self.entries if e.kind in OUTCOME_KINDS)

    @property
    def metrics(self) -> tuple[SelectedEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "metric")

    def outcome_weights(self) -> dict[tuple[str, str], Decimal]:
        """Each outcome's share of the weighting: as set, else the remainder split evenly."""
        outcomes = self.outcomes
        if not outcomes or self.weighting_percent is None:
            return {}
        fixed = {o.key: o.weight_percent for o in outcomes if o.weight_percent is not None}
        open_keys = [o.key for o in outcomes if o.weight_percent is None]
        remainder = self.weighting_percent - sum(fixed.values(), Decimal(0))
        shares = dict(fixed)
        if open_keys:
            each = (max(remainder, Decimal(0)) / len(open_keys)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            for key in open_keys:
                shares[key] = each
            # put any rounding penny on the first open outcome so the shares add up
            drift = max(remainder, Decimal(0)) - each * len(open_keys)
            shares[open_keys[0]] += drift
        return shares

    def problems(self) -> list[FieldError]:
        errors: list[FieldError] = []
        if self.weighting_percent is not None and not Decimal(0) <= self.weighting_percent <= WEIGHTING_MAX:
            errors.append(FieldError("weighting_percent", "must be between 0 and 100 %"))
        if self.word_limit is not None and not 1 <= self.word_limit <= WORD_LIMIT_MAX:
            errors.append(FieldError("word_limit", f"must be between 1 and {WORD_LIMIT_MAX:,} words"))
        if len(self.target_cohort) > 500:
            errors.append(FieldError("target_cohort", "must be at most 500 characters"))
        seen: set[tuple[str, str]] = set()
        for entry in self.entries:
            if entry.key in seen:
                errors.append(FieldError("entries", f"{entry.ref} is chosen twice"))
            seen.add(entry.key)
            if entry.kind not in SELECTABLE_KINDS:
                errors.append(FieldError("entries", f"{entry.ref}: a {entry.kind} cannot be chosen"))
            if entry.weight_percent is not None and entry.kind not in OUTCOME_KINDS:
                errors.append(FieldError("entries", f"{entry.ref}: only outcomes carry a share of the weighting"))
            if entry.weight_percent is not None and entry.weight_percent < 0:
                errors.append(FieldError("entries", f"{entry.ref}: the share of the weighting must not be negative"))
            if entry.refined_text is not None and not entry.refined_text.strip():
                errors.append(FieldError("entries", f"{entry.ref}: refined wording must not be empty"))
        fixed = sum((e.weight_percent for e in self.entries if e.weight_percent is not None), Decimal(0))
        if self.weighting_percent is not None and fixed > self.weighting_percent:
            errors.append(FieldError(
                "entries",
                f"the outcomes' shares add up to {fixed} %, more than the {self.weighting_percent} % weighting"))
        for rule_id, justification in self.exceptions.items():
            if not justification.strip():
                errors.append(FieldError("exceptions", f"the exception to {rule_id} needs a justification"))
        return errors

    def validated(self) -> SocialValuePlan:
        cleaned = replace(
            self,
            target_cohort=self.target_cohort.strip(),
            entries=tuple(
                replace(e, refined_text=None) if e.refined_text is not None and not e.is_refined else e
                for e in self.entries
            ),
            exceptions={k: v.strip() for k, v in self.exceptions.items()},
        )
        errors = cleaned.problems()
        if errors:
            raise ValidationError(errors)
        return cleaned
