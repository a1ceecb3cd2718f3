"""Evaluate a policy profile against one contract: one plain-words result per rule.

The rule kinds (sv_desktop.domain.policy.RuleKind) are implemented here; the
profile supplies thresholds, titles and sources. Every result says which value
it used (`basis`) and where the rule comes from (`source`). Thresholds are
compared with the value as recorded: a contract whose VAT basis differs from
the rule's is reported, never converted.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sv_desktop.domain.carbon_plan import (
    CarbonPlanData,
    CarbonRequirements,
    check_plan,
    plan_needed,
    satisfies,
)
from sv_desktop.domain.compliance import ContractFacts, RuleResult, Verdict
from sv_desktop.domain.dates import add_months
from sv_desktop.domain.policy import (
    PARAM_SPECS,
    AtThreshold,
    PolicyProfile,
    PolicyRule,
    RuleKind,
    Severity,
    ValueBasis,
    WeightingBand,
)
from sv_desktop.domain.vocabulary import STAGE_ORDER, Regime, Stage, VatBasis

__all__ = ["carbon_requirements", "evaluate", "evaluate_rule", "format_money_short", "format_percent", "plan_on",
           "profile_carbon_requirements"]

_MILLION = Decimal(1000000)
_LIVE_STAGES = (Stage.AWARDED, Stage.DELIVERY)


def evaluate(profile: PolicyProfile, facts: ContractFacts, today: date) -> list[RuleResult]:
    """Every rule of the profile, in profile order, checked against the contract."""
    return [evaluate_rule(profile, rule, facts, today) for rule in profile.rules]


def evaluate_rule(
    profile: PolicyProfile, rule: PolicyRule, facts: ContractFacts, today: date
) -> RuleResult:
    check = _Check(profile, rule, facts, today)
    if facts.stage is Stage.CANCELLED:
        verdict, reason = Verdict.NOT_APPLICABLE, "The contract was cancelled, so policy checks do not apply."
    else:
        verdict, reason = _KINDS[rule.kind](check)
    verdict, reason = _apply_exception(rule, facts, verdict, reason)
    return RuleResult(
        rule_id=rule.id,
        title=rule.title,
        verdict=verdict,
        reason=reason,
        source=rule.source,
        basis=check.basis_text(),
        exception_allowed=rule.exception_allowed,
    )


# -- words ----------------------------------------------------------------------------


def format_money_short(value: Decimal) -> str:
    """£5m, £6.2m, £100,000, £49,999.99: round millions short, pence only when present."""
    if value >= _MILLION and value % 10000 == 0:
        millions = value / _MILLION
        text = f"{millions:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"£{text}m"
    if value != value.to_integral_value():
        return f"£{value:,.2f}"
    return f"£{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def format_percent(value: Decimal) -> str:
    """10%, 15.01%: no trailing zeros."""
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def _lower_first(text: str) -> str:
    """'Excluding VAT' -> 'excluding VAT'."""
    return text[:1].lower() + text[1:]


def _date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


_money = format_money_short
_pct = format_percent


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _band_text(band: WeightingBand) -> str:
    if band.is_unbounded():
        return "all contracts"
    parts = []
    if band.above is not None:
        parts.append(f"{'from' if band.lower_inclusive else 'over'} {_money(band.above)}")
    if band.up_to is not None:
        parts.append(f"{'up to' if band.upper_inclusive else 'below'} {_money(band.up_to)}")
    return "contracts " + " ".join(parts)


# -- the shared parts of every check ----------------------------------------------------


@dataclass(frozen=True)
class _Check:
    profile: PolicyProfile
    rule: PolicyRule
    facts: ContractFacts
    today: date

    @property
    def before_start(self) -> bool:
        """The contract has not reached the stage from which the rule is checked."""
        return STAGE_ORDER[self.facts.stage] < STAGE_ORDER[self.rule.applies_from]

    def not_yet(self, what: str) -> tuple[Verdict, str]:
        return Verdict.NOT_YET, (
            f"{what} Checked from the {self.rule.applies_from.label} stage; "
            f"this contract is at {self.facts.stage.label}.{self.vat_note()}"
        )

    @property
    def value_basis(self) -> ValueBasis | None:
        if "basis" in PARAM_SPECS[self.rule.kind]:
            return self.rule.param("basis")
        return None

    @property
    def vat_basis(self) -> VatBasis:
        return self.profile.vat_basis_for(self.rule)

    def uses_value(self) -> bool:
        kind = self.rule.kind
        if kind in (RuleKind.OFFICER_CONFIRMATION, RuleKind.ADVICE):
            return self.rule.param("over") is not None
        if kind is RuleKind.MIN_WEIGHTING:
            bands = self.rule.param("bands")
            return not (len(bands) == 1 and bands[0].is_unbounded())
        return self.value_basis is not None

    def basis_text(self) -> str:
        kind = self.rule.kind
        if self.uses_value() and self.value_basis is not None:
            return f"{self.value_basis.label} ({_lower_first(self.vat_basis.label)})"
        if kind is RuleKind.MIN_WEIGHTING:
            return "social value weighting (applies whatever the value)"
        if kind is RuleKind.THEME_COVERED:
            return "selected outcomes and the officer's record of the specification"
        if kind is RuleKind.RENEWAL_PIPELINE:
            return "contract end date and re-procurement decision date"
        if kind is RuleKind.OFFICER_CONFIRMATION:
            return "officer's confirmation (applies whatever the value)"
        return "advice (applies whatever the value)"

    def value(self) -> Decimal | None:
        if self.value_basis is ValueBasis.ANNUAL:
            return self.facts.annual_value
        return self.facts.total_value

    def missing_value(self, what: str) -> tuple[Verdict, str]:
        label = "total value" if self.value_basis is ValueBasis.TOTAL else "annual value"
        return Verdict.WARNING, f"No {label} recorded, so {what} cannot be worked out."

    def vat_note(self) -> str:
        """Said when the contract's VAT basis and the rule's differ; the value is not converted."""
        if not self.uses_value():
            return ""
        pair = {self.facts.vat_basis, self.vat_basis}
        if pair == {VatBasis.EXCLUDING, VatBasis.INCLUDING}:
            return (
                f" Note: this contract's values are recorded {_lower_first(self.facts.vat_basis.label)}, "
                f"but this rule's thresholds are {_lower_first(self.vat_basis.label)}; the value was "
                "compared as recorded, not converted."
            )
        return ""

    def regime_mismatch(self) -> tuple[Verdict, str] | None:
        regimes: tuple[Regime, ...] = self.rule.param("regimes") or ()
        if regimes and self.facts.regime is not None and self.facts.regime not in regimes:
            names = " or ".join(r.label for r in regimes)
            return Verdict.NOT_APPLICABLE, (
                f"Bought under {self.facts.regime.label}; this item is for {names} contracts."
            )
        return None

    def regime_unknown_note(self) -> str:
        if self.rule.param("regimes") and self.facts.regime is None:
            return " (The procurement regime is not recorded, so it is assumed to apply.)"
        return ""


def _apply_exception(
    rule: PolicyRule, facts: ContractFacts, verdict: Verdict, reason: str
) -> tuple[Verdict, str]:
    """A recorded justification turns a breach of a variable rule into an accepted exception."""
    justification = (facts.exceptions.get(rule.id) or "").strip()
    if verdict is not Verdict.FAIL or not justification:
        return verdict, reason
    if not rule.exception_allowed:
        return verdict, (
            f"{reason} An exception was recorded, but this policy does not allow exceptions "
            "to this rule."
        )
    return Verdict.EXCEPTION, f"{reason} Accepted exception: {justification}"


# -- the kinds --------------------------------------------------------------------------


def _min_weighting(c: _Check) -> tuple[Verdict, str]:
    bands: tuple[WeightingBand, ...] = c.rule.param("bands")
    value: Decimal | None = None
    band = bands[0]
    if c.uses_value():
        value = c.value()
        if value is None:
            return c.missing_value("the value band")
        found = next((b for b in bands if b.contains(value)), None)
        if found is None:
            lowest = bands[0]
            if lowest.above is not None and (
                value < lowest.above or (value == lowest.above and not lowest.lower_inclusive)
            ):
                limit = "below" if lowest.lower_inclusive else "not over"
                return Verdict.NOT_APPLICABLE, (
                    f"{_money(value)} is {limit} {_money(lowest.above)}: no weighting required "
                    f"by this policy.{c.vat_note()}"
                )
            return Verdict.NOT_APPLICABLE, (
                f"{_money(value)} falls in none of this policy's value bands: no weighting "
                f"required.{c.vat_note()}"
            )
        band = found
    where = _band_text(band) + (f" ({_money(value)})" if value is not None else "")
    weighting = c.facts.sv_weighting_percent
    if weighting is None:
        if c.before_start:
            return c.not_yet(
                f"No social value weighting recorded yet; the minimum is "
                f"{_pct(band.min_percent)} for {where}."
            )
        return Verdict.FAIL, (
            f"No social value weighting recorded; this policy asks for at least "
            f"{_pct(band.min_percent)} for {where}.{c.vat_note()}"
        )
    if weighting >= band.min_percent:
        return Verdict.PASS, (
            f"{_pct(weighting)} weighting meets the minimum {_pct(band.min_percent)} "
            f"for {where}.{c.vat_note()}"
        )
    return Verdict.FAIL, (
        f"{_pct(weighting)} weighting is below the minimum {_pct(band.min_percent)} "
        f"for {where}.{c.vat_note()}"
    )


def _theme_covered(c: _Check) -> tuple[Verdict, str]:
    concept: str = c.rule.param("concept")
    label = concept.replace("_", " ").capitalize()
    if concept in c.facts.concepts_covered:
        return Verdict.PASS, f"{label} is covered by the selected outcomes."
    if c.rule.param("allow_specification") and concept in c.facts.specification_covers:
        return Verdict.PASS, f"{label}: the officer recorded that the specification covers it."
    how = (
        "select an outcome that covers it, or record that the specification covers it"
        if c.rule.param("allow_specification")
        else "select an outcome that covers it"
    )
    if c.before_start:
        return c.not_yet(f"{label} is not covered yet: {how}.")
    return Verdict.FAIL, f"{label} is not covered: {how}."


def _kpi_required(c: _Check) -> tuple[Verdict, str]:
    value = c.value()
    if value is None:
        return c.missing_value("whether a social value KPI is required")
    over: Decimal = c.rule.param("over")
    weighting_over: Decimal = c.rule.param("weighting_over")
    at_threshold: AtThreshold = c.rule.param("at_threshold")
    weighting = c.facts.sv_weighting_percent
    metrics = c.facts.selected_metrics
    vat = c.vat_note()
    rule_words = (
        f"a KPI is required only over {_money(over)}, or over {_pct(weighting_over)} weighting"
    )
    if value > over or (value == over and at_threshold is AtThreshold.UPPER):
        if value == over:
            why = f"{_money(value)} is exactly {_money(over)}, which this profile counts as over {_money(over)}"
        else:
            why = f"{_money(value)} is over {_money(over)}"
    else:
        at_note = (
            f" (exactly {_money(over)} counts as under {_money(over)} in this profile)"
            if value == over
            else ""
        )
        if weighting is None:
            if metrics:
                return Verdict.PASS, (
                    f"{_plural(metrics, 'social value KPI')} selected (no weighting recorded yet, "
                    f"so whether one is required is not known: {rule_words}).{vat}"
                )
            if c.before_start:
                return c.not_yet(
                    f"No social value weighting recorded yet, so whether a KPI is required is not "
                    f"known: {rule_words}{at_note}."
                )
            return Verdict.WARNING, (
                f"No social value weighting recorded, so whether a KPI is required cannot be "
                f"worked out: {rule_words}{at_note}.{vat}"
            )
        if weighting <= weighting_over:
            return Verdict.NOT_APPLICABLE, (
                f"{_money(value)} with {_pct(weighting)} weighting: {rule_words}{at_note}.{vat}"
            )
        why = (
            f"{_money(value)} with {_pct(weighting)} weighting: under {_money(over)}, a KPI is "
            f"required where the weighting is over {_pct(weighting_over)}{at_note}"
        )
    if metrics:
        return Verdict.PASS, f"{_plural(metrics, 'social value KPI')} selected; required because {why}.{vat}"
    if c.before_start:
        return c.not_yet(f"A social value KPI will be required ({why}).")
    return Verdict.FAIL, f"No social value KPI selected; one is required because {why}.{vat}"


def carbon_requirements(rule: PolicyRule) -> CarbonRequirements:
    """The carbon_plan rule's thresholds and roadmap dates as the plan checks take them."""
    return CarbonRequirements(
        net_zero_by=rule.param("net_zero_by"),
        advised_net_zero_by=rule.param("advised_net_zero_by"),
        max_age_months=rule.param("max_age_months"),
        full_from=rule.param("full_from"),
        nzc_above=rule.param("nzc_above"),
        full_crp_from=rule.param("full_crp_from"),
        nzc_from=rule.param("nzc_from"),
        all_scopes_from=rule.param("all_scopes_from"),
    )


def profile_carbon_requirements(profile: PolicyProfile) -> CarbonRequirements:
    """The profile's carbon_plan rule as the checks take it; PPN 006 / NHS roadmap defaults when it has none."""
    rule = next((r for r in profile.rules if r.kind is RuleKind.CARBON_PLAN), None)
    return carbon_requirements(rule) if rule else CarbonRequirements()


def plan_on(plans: tuple[CarbonPlanData, ...], check_date: date) -> CarbonPlanData | None:
    """The version in force on the check date: the latest dated on or before it."""
    dated = [p for p in plans if p.dated is None or p.dated <= check_date]
    if not dated:
        return None
    return max(dated, key=lambda p: p.dated or date.min)


def _carbon_plan(c: _Check) -> tuple[Verdict, str]:
    value = c.value()
    if value is None:
        return c.missing_value("which carbon plan the supplier needs")
    requirements = carbon_requirements(c.rule)
    deadline = c.facts.tender_deadline
    check_date = deadline or c.today
    as_at = (f"as at the tender deadline {check_date:%d/%m/%Y}" if deadline
             else f"as at today, {check_date:%d/%m/%Y} (no tender deadline recorded)")
    vat = c.vat_note()
    needed, why = plan_needed(value, check_date, requirements)
    if needed is None:
        why = why[:1].upper() + why[1:].rstrip(".")  # a sentence of its own: "Net Zero" keeps its capitals
        return Verdict.NOT_APPLICABLE, f"No supplier carbon plan is required {as_at}. {why}.{vat}"
    need = f"a {needed.label} ({why})"
    if not c.facts.supplier_plans:
        if c.before_start or c.facts.stage.is_procurement:
            return Verdict.NOT_YET, (
                f"Bidders will need {need}, checked {as_at}; checked against the supplier once one is "
                f"recorded.{vat}")
        return Verdict.WARNING, f"Requires {need}; no supplier is recorded on the contract.{vat}"
    missing: list[str] = []
    failing: list[str] = []
    passing: list[str] = []
    for supplier in c.facts.supplier_plans:
        plan = plan_on(supplier.plans, check_date)
        if plan is None:
            later = " (only versions dated after the check date)" if supplier.plans else ""
            missing.append(f"{supplier.supplier_name}: no plan recorded{later}")
            continue
        dated = f" of {plan.dated:%d/%m/%Y}" if plan.dated else ""
        if not satisfies(plan.plan_type, needed):
            missing.append(f"{supplier.supplier_name}: only a {plan.plan_type.label}{dated} is recorded")
            continue
        assessment = check_plan(plan, check_date, requirements)
        if assessment.passed:
            passing.append(f"{supplier.supplier_name}'s {plan.plan_type.label}{dated}")
        else:
            reasons = " ".join(check.reason for check in assessment.failures)
            failing.append(
                f"{supplier.supplier_name}'s {plan.plan_type.label}{dated} does not meet the rules: {reasons}")
    without = ["; ".join(missing) + "."] if missing else []
    if failing:
        return Verdict.FAIL, f"Requires {need}, checked {as_at}. " + " ".join(failing + without) + vat
    if missing:
        return Verdict.WARNING, f"Requires {need}, checked {as_at}. " + " ".join(without) + vat
    meets = "meets" if len(passing) == 1 else "meet"
    return Verdict.PASS, f"{'; '.join(passing)} {meets} the rules {as_at}; this contract requires {need}.{vat}"


def _renewal_pipeline(c: _Check) -> tuple[Verdict, str]:
    months: int = c.rule.param("months")
    window = f"{months}-month renewals pipeline"
    if c.facts.stage not in _LIVE_STAGES:
        if c.before_start:
            return c.not_yet("Joins the renewals pipeline once the contract is live.")
        return Verdict.NOT_APPLICABLE, (
            "Only live contracts (awarded or in delivery) are in the renewals pipeline."
        )
    end = c.facts.end_date
    if end is None:
        return Verdict.WARNING, (
            f"No end date recorded, so the contract cannot be placed in the {window}."
        )
    window_end = add_months(c.today, months)
    if end > window_end:
        return Verdict.NOT_APPLICABLE, (
            f"Ends on {_date(end)}, beyond the {window} (which runs to {_date(window_end)})."
        )
    ends = f"ends {_date(end)}" if end >= c.today else f"ended {_date(end)}"
    if c.rule.id in c.facts.confirmations:
        return Verdict.PASS, f"In the {window} ({ends}); the re-procurement decision is recorded."
    due = c.facts.decision_due
    if due is None:
        return Verdict.WARNING, (
            f"In the {window} ({ends}); no re-procurement decision date recorded."
        )
    if due < c.today:
        return Verdict.WARNING, (
            f"In the {window} ({ends}); the re-procurement decision was due on {_date(due)} "
            "— record the decision."
        )
    return Verdict.PASS, f"In the {window} ({ends}); decision due {_date(due)}."


def _value_condition(c: _Check) -> tuple[tuple[Verdict, str] | None, str]:
    """(a result that settles the rule, or None; words for the condition when met)."""
    mismatch = c.regime_mismatch()
    if mismatch:
        return mismatch, ""
    over: Decimal | None = c.rule.param("over")
    if over is None:
        return None, ""
    value = c.value()
    if value is None:
        return c.missing_value(f"whether this applies (contracts over {_money(over)})"), ""
    if value <= over:
        return (Verdict.NOT_APPLICABLE, (
            f"{_money(value)} is not over {_money(over)}: this applies only to contracts over "
            f"{_money(over)}.{c.vat_note()}"
        )), ""
    return None, f"contract over {_money(over)}"


def _officer_confirmation(c: _Check) -> tuple[Verdict, str]:
    settled, condition = _value_condition(c)
    if settled:
        return settled
    suffix = (f" ({condition})" if condition else "") + "."
    extra = c.vat_note() + c.regime_unknown_note()
    if c.rule.id in c.facts.confirmations:
        return Verdict.PASS, f"Confirmed by the officer{suffix}{extra}"
    if c.before_start:
        return c.not_yet(f"To be confirmed by the officer{suffix}")
    verdict = Verdict.FAIL if c.rule.param("severity") is Severity.FAIL else Verdict.WARNING
    return verdict, f"Not yet confirmed by the officer{suffix}{extra}"


def _advice(c: _Check) -> tuple[Verdict, str]:
    settled, condition = _value_condition(c)
    if settled:
        return settled
    message: str = c.rule.param("message").strip().rstrip(".")
    suffix = (f" ({condition})" if condition else "") + "."
    if c.before_start:
        return c.not_yet(f"{message}{suffix}")
    return Verdict.PASS, f"{message}{suffix}{c.vat_note()}{c.regime_unknown_note()}"


_KINDS: dict[RuleKind, Callable[[_Check], tuple[Verdict, str]]] = {
    RuleKind.MIN_WEIGHTING: _min_weighting,
    RuleKind.THEME_COVERED: _theme_covered,
    RuleKind.KPI_REQUIRED: _kpi_required,
    RuleKind.CARBON_PLAN: _carbon_plan,
    RuleKind.RENEWAL_PIPELINE: _renewal_pipeline,
    RuleKind.OFFICER_CONFIRMATION: _officer_confirmation,
    RuleKind.ADVICE: _advice,
}
