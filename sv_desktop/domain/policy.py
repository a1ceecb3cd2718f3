"""Policy profiles: the rules an organisation applies, as plain values.

A profile is data (resources/policies/*.yaml, described in
resources/policies/SCHEMA.md and read by sv_desktop.catalogue.policies). The
code implements a small set of rule *kinds*; a profile supplies each rule's
parameters, title and source. `sv_desktop.domain.policy_rules` evaluates them.

This module holds the vocabulary both sides share: the kinds, the parameters
each kind takes (with their types and defaults), and the frozen dataclasses.
No I/O, no YAML.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sv_desktop.domain.vocabulary import LabelledEnum, Stage, VatBasis


class RuleKind(LabelledEnum):
    """What a rule checks; each kind is implemented in policy_rules.py."""

    MIN_WEIGHTING = ("min_weighting", "Minimum social value weighting")
    THEME_COVERED = ("theme_covered", "Theme covered")
    KPI_REQUIRED = ("kpi_required", "Social value KPI required")
    CARBON_PLAN = ("carbon_plan", "Supplier carbon reduction plan")
    RENEWAL_PIPELINE = ("renewal_pipeline", "Renewals pipeline")
    OFFICER_CONFIRMATION = ("officer_confirmation", "Officer confirmation")
    ADVICE = ("advice", "Advice")


class ValueBasis(LabelledEnum):
    """Which contract value a threshold is compared with."""

    TOTAL = ("total", "total contract value")
    ANNUAL = ("annual", "annual value")


class AtThreshold(LabelledEnum):
    """Which group a value exactly at a threshold falls in, where the source leaves it open."""

    LOWER = ("lower", "with the lower group")
    UPPER = ("upper", "with the upper group")


class Severity(LabelledEnum):
    """How an unconfirmed item shows on the checklist."""

    WARNING = ("warning", "Warning")
    FAIL = ("fail", "Fail")


# Procurement Act 2023, section 52: KPIs must be set, and performance against them published, for a public
# contract "with an estimated value of more than £5 million". A profile may state it (settings.kpi_publication);
# one that does not gets the Act's figure.
KPI_PUBLICATION_OVER = Decimal(5_000_000)
KPI_PUBLICATION_SOURCE = "Procurement Act 2023, section 52"


class CarbonPlan(LabelledEnum):
    """The supplier carbon plans the NHS tiers ask for (reference/domain_rules.md §2.3)."""

    FULL_CRP = ("full_crp", "full Carbon Reduction Plan")
    NZC = ("nzc", "Net Zero Commitment")


@dataclass(frozen=True)
class WeightingBand:
    """One value band of a min_weighting rule.

    `above` is the lower bound (None: no lower bound), `up_to` the upper bound
    (None: no upper bound). By default a band is "above X, up to and including Y";
    `lower_inclusive` makes it "from X", `upper_inclusive=False` makes it "below Y".
    """

    min_percent: Decimal
    above: Decimal | None = None
    up_to: Decimal | None = None
    lower_inclusive: bool = False
    upper_inclusive: bool = True

    def contains(self, value: Decimal) -> bool:
        if self.above is not None:
            if value < self.above or (value == self.above and not self.lower_inclusive):
                return False
        if self.up_to is not None:
            if value > self.up_to or (value == self.up_to and not self.upper_inclusive):
                return False
        return True

    def is_unbounded(self) -> bool:
        return self.above is None and self.up_to is None


# -- the parameters each kind takes ----------------------------------------------------

# Parameter types: the catalogue reads YAML into these Python values.
#   money    Decimal pounds >= 0 (YAML number or text such as "5000000" / "£5m")
#   percent  Decimal 0-100
#   months   int 1-120
#   year     int 2000-2100 (a calendar year)
#   date     datetime.date (YAML date, 2027-04-01)
#   bool     True / False
#   concept  a concept id, [a-z0-9_]+ (checked against mappings by the service)
#   text     a non-empty string
#   basis    ValueBasis
#   vat      VatBasis (exc_vat or inc_vat)
#   at       AtThreshold
#   severity Severity
#   regimes  tuple[Regime, ...]
#   bands    tuple[WeightingBand, ...]


@dataclass(frozen=True)
class ParamSpec:
    """One parameter a kind accepts."""

    type: str
    required: bool = False
    default: Any = None
    help: str = ""


_VAT = ParamSpec("vat", help="VAT basis of the thresholds; default: the profile's vat_basis")
_REGIMES = ParamSpec("regimes", default=(), help="only contracts bought under these regimes")

PARAM_SPECS: Mapping[RuleKind, Mapping[str, ParamSpec]] = MappingProxyType({
    RuleKind.MIN_WEIGHTING: MappingProxyType({
        "basis": ParamSpec("basis", default=ValueBasis.TOTAL),
        "bands": ParamSpec("bands", required=True),
        "vat_basis": _VAT,
    }),
    RuleKind.THEME_COVERED: MappingProxyType({
        "concept": ParamSpec("concept", required=True),
        "allow_specification": ParamSpec("bool", default=True),
    }),
    RuleKind.KPI_REQUIRED: MappingProxyType({
        "basis": ParamSpec("basis", default=ValueBasis.TOTAL),
        "over": ParamSpec("money", required=True),
        "weighting_over": ParamSpec("percent", required=True),
        "at_threshold": ParamSpec("at", default=AtThreshold.LOWER),
        "vat_basis": _VAT,
    }),
    RuleKind.CARBON_PLAN: MappingProxyType({
        "basis": ParamSpec("basis", default=ValueBasis.ANNUAL),
        "full_from": ParamSpec("money", required=True),
        "nzc_above": ParamSpec("money", required=True),
        "vat_basis": _VAT,
        "net_zero_by": ParamSpec("year", default=2050, help="latest net zero target year a plan may give"),
        "advised_net_zero_by": ParamSpec("year", help="year shown as advice when a target is later"),
        "max_age_months": ParamSpec("months", default=12, help="plans and reporting years older fail"),
        "full_crp_from": ParamSpec("date", help="date from which full plans are required"),
        "nzc_from": ParamSpec("date", help="date from which Net Zero Commitments are required"),
        "all_scopes_from": ParamSpec("date", help="date from which every supplier needs a full Scope 1-3 plan"),
    }),
    RuleKind.RENEWAL_PIPELINE: MappingProxyType({
        "months": ParamSpec("months", required=True),
    }),
    RuleKind.OFFICER_CONFIRMATION: MappingProxyType({
        "over": ParamSpec("money"),
        "basis": ParamSpec("basis", default=ValueBasis.TOTAL),
        "severity": ParamSpec("severity", default=Severity.WARNING),
        "regimes": _REGIMES,
        "vat_basis": _VAT,
    }),
    RuleKind.ADVICE: MappingProxyType({
        "message": ParamSpec("text", required=True),
        "over": ParamSpec("money"),
        "basis": ParamSpec("basis", default=ValueBasis.TOTAL),
        "regimes": _REGIMES,
        "vat_basis": _VAT,
    }),
})


@dataclass(frozen=True)
class PolicyRule:
    """One rule of a profile: a kind implemented in code, parameters and words from the data."""

    id: str
    kind: RuleKind
    title: str
    source: str  # seed file and section, e.g. "002_80f5ea46fbe04add.txt, §4.2 a"
    applies_from: Stage = Stage.PIPELINE
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    exception_allowed: bool = False
    description: str = ""
    notes: tuple[str, ...] = ()  # why a disputed setting has the value it has

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def param(self, name: str) -> Any:
        """The parameter's value, or the kind's default when the profile did not set it."""
        if name in self.params:
            return self.params[name]
        return PARAM_SPECS[self.kind][name].default

    @property
    def concept(self) -> str | None:
        return self.params.get("concept") if self.kind is RuleKind.THEME_COVERED else None


@dataclass(frozen=True)
class PolicyProfile:
    """The rules one organisation applies, in checklist order, each with its source."""

    id: str
    name: str
    short_name: str
    organisation_type: str
    source: str
    description: str
    rules: tuple[PolicyRule, ...]
    notes: tuple[str, ...] = ()
    version: str = ""
    vat_basis: VatBasis = VatBasis.EXCLUDING  # thresholds' VAT basis unless a rule says otherwise
    # Delivery RAG (no source sets these; the profile's settings may): % of the pro-rata expectation.
    rag_green_from: Decimal = Decimal(95)
    rag_amber_from: Decimal = Decimal(75)
    return_due_days: int = 30  # a delivery return is overdue this many days after its period ends
    deductions_over: Decimal | None = None  # payment deductions only on contracts whose total is over this
    # Evaluation scoring scale: (points, descriptor), lowest first; empty means the app's default. No
    # official scale exists (reference/domain_rules.md §4), so it is the organisation's to set.
    scoring_scale: tuple[tuple[int, str], ...] = ()
    # The committee KPI "Benchmarked % and value of local procurement spend" (seed 002, Appendix Two):
    # the local-spend % each financial year is compared with (None: no figure set), and its source.
    local_spend_benchmark_percent: Decimal | None = None
    local_spend_benchmark_source: str = ""
    # The contract value over which KPI performance must be published (the KPI publication file, the demo).
    kpi_publication_over: Decimal = KPI_PUBLICATION_OVER
    kpi_publication_source: str = KPI_PUBLICATION_SOURCE
    path: Path | None = None
    builtin: bool = True

    def rule(self, rule_id: str) -> PolicyRule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def concepts_used(self) -> tuple[str, ...]:
        """Concept ids the profile's rules name, in rule order, each once."""
        seen: dict[str, None] = {}
        for rule in self.rules:
            if rule.concept:
                seen.setdefault(rule.concept, None)
        return tuple(seen)

    def vat_basis_for(self, rule: PolicyRule) -> VatBasis:
        return rule.params.get("vat_basis") or self.vat_basis


__all__ = [
    "KPI_PUBLICATION_OVER",
    "KPI_PUBLICATION_SOURCE",
    "PARAM_SPECS",
    "AtThreshold",
    "CarbonPlan",
    "ParamSpec",
    "PolicyProfile",
    "PolicyRule",
    "RuleKind",
    "Severity",
    "ValueBasis",
    "WeightingBand",
]
