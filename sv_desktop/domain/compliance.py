"""Policy compliance of one contract: the facts rules look at, and what each rule found.

Rules themselves are data (policy profiles in resources/policies/*.yaml, loaded
by sv_desktop.catalogue.policies); `sv_desktop.domain.policy_rules` evaluates
them against these facts. No Qt, no database.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sv_desktop.domain.carbon_plan import CarbonPlanData
from sv_desktop.domain.vocabulary import Category, LabelledEnum, Regime, Stage, VatBasis


class Verdict(LabelledEnum):
    """What a rule found; every verdict has words, never only a colour."""

    PASS = ("pass", "Pass")
    FAIL = ("fail", "Fail")
    WARNING = ("warning", "Warning")
    EXCEPTION = ("exception", "Accepted exception")
    NOT_YET = ("not_yet", "Not yet applicable")
    NOT_APPLICABLE = ("not_applicable", "Does not apply")


@dataclass(frozen=True)
class SupplierPlans:
    """A supplier linked to the contract, with every version of its carbon plan."""

    supplier_name: str
    plans: tuple[CarbonPlanData, ...] = ()


@dataclass(frozen=True)
class ContractFacts:
    """Everything a policy rule may look at, gathered by the compliance service."""

    reference: str
    stage: Stage
    category: Category
    total_value: Decimal | None
    annual_value: Decimal | None
    vat_basis: VatBasis
    regime: Regime | None = None
    end_date: date | None = None
    decision_due: date | None = None
    sv_weighting_percent: Decimal | None = None  # None: not set yet
    selected_outcomes: int = 0  # outcomes / themes chosen from any framework
    selected_metrics: int = 0  # metrics chosen: the contract's social value KPIs
    concepts_covered: frozenset[str] = frozenset()  # mapping concept ids the selection covers
    specification_covers: frozenset[str] = frozenset()  # concept ids the officer recorded the spec covers
    confirmations: frozenset[str] = frozenset()  # rule ids the officer confirmed (e.g. minimum standards)
    exceptions: Mapping[str, str] = field(default_factory=dict)  # rule id -> recorded justification
    tender_deadline: date | None = None  # the selection gate's check date for carbon plans
    supplier_plans: tuple[SupplierPlans, ...] = ()  # linked suppliers and their carbon plans


@dataclass(frozen=True)
class RuleResult:
    """One rule's finding for one contract, in plain words, with its source."""

    rule_id: str
    title: str
    verdict: Verdict
    reason: str
    source: str
    basis: str = ""  # which value the rule used, e.g. "total contract value (excluding VAT)"
    exception_allowed: bool = False
