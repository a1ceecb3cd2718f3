"""Carbon Reduction Plans and Net Zero Commitments: what a plan holds and whether it meets the rules.

The checks follow reference/domain_rules.md §1 (PPN 06/21 and PPN 006: what a
compliant CRP contains) and §2 (NHS Net Zero Supplier Roadmap and the NHS CRP /
Net Zero Commitment policy). Every check returns a plain-words reason and its
source. Dates and thresholds that a policy may change live in
`CarbonRequirements`; the NHS trust profile sets them from its YAML.
No Qt, no database.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from sv_desktop.domain.dates import add_months
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.vocabulary import LabelledEnum

SOURCE_CRP_CONTENT = "reference/domain_rules.md §1.2 (PPN 06/21, carried into PPN 006)"
SOURCE_NHS_TIERS = "reference/domain_rules.md §2.3 (NHS England CRP / Net Zero Commitment requirements)"
SOURCE_ROADMAP = "reference/domain_rules.md §2.2 (NHS Net Zero Supplier Roadmap)"


class Scope(LabelledEnum):
    SCOPE1 = ("scope1", "Scope 1")
    SCOPE2 = ("scope2", "Scope 2")
    SCOPE3 = ("scope3", "Scope 3")


class EmissionSource(LabelledEnum):
    """One line of an emissions breakdown: Scope 1, Scope 2 or a GHG Protocol Scope 3 category."""

    SCOPE1 = ("scope1", "Scope 1: direct emissions")
    SCOPE2 = ("scope2", "Scope 2: purchased energy")
    CAT1 = ("s3_cat1", "Scope 3 cat. 1: purchased goods and services")
    CAT2 = ("s3_cat2", "Scope 3 cat. 2: capital goods")
    CAT3 = ("s3_cat3", "Scope 3 cat. 3: fuel- and energy-related activities")
    CAT4 = ("s3_cat4", "Scope 3 cat. 4: upstream transportation and distribution")
    CAT5 = ("s3_cat5", "Scope 3 cat. 5: waste generated in operations")
    CAT6 = ("s3_cat6", "Scope 3 cat. 6: business travel")
    CAT7 = ("s3_cat7", "Scope 3 cat. 7: employee commuting")
    CAT8 = ("s3_cat8", "Scope 3 cat. 8: upstream leased assets")
    CAT9 = ("s3_cat9", "Scope 3 cat. 9: downstream transportation and distribution")
    CAT10 = ("s3_cat10", "Scope 3 cat. 10: processing of sold products")
    CAT11 = ("s3_cat11", "Scope 3 cat. 11: use of sold products")
    CAT12 = ("s3_cat12", "Scope 3 cat. 12: end-of-life treatment of sold products")
    CAT13 = ("s3_cat13", "Scope 3 cat. 13: downstream leased assets")
    CAT14 = ("s3_cat14", "Scope 3 cat. 14: franchises")
    CAT15 = ("s3_cat15", "Scope 3 cat. 15: investments")

    @property
    def short(self) -> str:
        """"Scope 1", "Scope 2" or "Cat 4": for tables and chart keys."""
        if self is EmissionSource.SCOPE1:
            return "Scope 1"
        if self is EmissionSource.SCOPE2:
            return "Scope 2"
        return "Cat " + self.value.removeprefix("s3_cat")


# The PPN 06/21 minimum: all of Scope 1 and 2 and Scope 3 categories 4, 5, 6, 7 and 9 (§1.2 Scopes).
REQUIRED_SOURCES: tuple[EmissionSource, ...] = (
    EmissionSource.SCOPE1, EmissionSource.SCOPE2, EmissionSource.CAT4, EmissionSource.CAT5,
    EmissionSource.CAT6, EmissionSource.CAT7, EmissionSource.CAT9,
)
ALL_SOURCES: tuple[EmissionSource, ...] = tuple(EmissionSource)


@dataclass(frozen=True)
class EmissionFigure:
    """tCO2e for one source; None with an explanation means "not applicable, explained"."""

    tco2e: Decimal | None = None
    explanation: str = ""


Emissions = Mapping[EmissionSource, EmissionFigure]


def emissions(figures: Mapping[EmissionSource, EmissionFigure] | None = None) -> Emissions:
    return MappingProxyType(dict(figures or {}))


def footprint(breakdown: Emissions, sources: tuple[EmissionSource, ...] = REQUIRED_SOURCES) -> Decimal | None:
    """The sum of the given sources' recorded tCO2e; None when none is recorded."""
    values = [tco2e for s in sources if s in breakdown and (tco2e := breakdown[s].tco2e) is not None]
    return sum(values, Decimal(0)) if values else None


@dataclass(frozen=True)
class InterimTarget:
    """A milestone on the way to net zero, e.g. 50 % below baseline by 2030."""

    year: int
    reduction_percent: Decimal
    description: str = ""


@dataclass(frozen=True)
class CarbonPlanData:
    """One dated version of a supplier's CRP or Net Zero Commitment, as the officer recorded it."""

    plan_type: CarbonPlan
    publication_date: date | None = None
    url: str = ""
    baseline_year: int | None = None
    baseline: Emissions = field(default_factory=emissions)
    reporting_year_end: date | None = None  # last day of the current reporting year
    current: Emissions = field(default_factory=emissions)
    net_zero_year: int | None = None
    scopes_covered: frozenset[Scope] = frozenset()
    interim_targets: tuple[InterimTarget, ...] = ()
    reduction_measures: str = ""
    approved_by: str = ""  # the board, equivalent management body, or director
    approved_on: date | None = None
    notes: str = ""

    @property
    def dated(self) -> date | None:
        """The date a version is ordered by: publication, else approval."""
        return self.publication_date or self.approved_on


@dataclass(frozen=True)
class CarbonRequirements:
    """Thresholds and dates the checks use; defaults are PPN 006 and the NHS roadmap."""

    net_zero_by: int = 2050  # §1.2 Net zero commitment: "by 2050 at the latest"
    advised_net_zero_by: int | None = 2045  # §2.3 Target year: the NHS encourages 2045
    max_age_months: int = 12  # §1.2 Update frequency / Current emissions
    full_from: Decimal = Decimal(5_000_000)  # §2.3 full CRP at £5m a year and above
    nzc_above: Decimal = Decimal(10_000)  # §2.3 NZC above £10k a year
    full_crp_from: date | None = date(2023, 4, 1)  # §2.2 April 2023 milestone
    nzc_from: date | None = date(2024, 4, 1)  # §2.2 April 2024 milestone
    all_scopes_from: date | None = date(2027, 4, 1)  # §2.2 April 2027: all suppliers, Scope 1-3


class CheckStatus(LabelledEnum):
    MEETS = ("meets", "Meets")
    FAILS = ("fails", "Does not meet")
    ADVICE = ("advice", "Advice")


@dataclass(frozen=True)
class PlanCheck:
    id: str
    title: str
    status: CheckStatus
    reason: str
    source: str


@dataclass(frozen=True)
class PlanAssessment:
    """Every check of one plan version at one check date."""

    plan_type: CarbonPlan
    check_date: date
    checks: tuple[PlanCheck, ...]

    @property
    def passed(self) -> bool:
        return all(c.status is not CheckStatus.FAILS for c in self.checks)

    @property
    def failures(self) -> tuple[PlanCheck, ...]:
        return tuple(c for c in self.checks if c.status is CheckStatus.FAILS)

    @property
    def verdict(self) -> str:
        if self.passed:
            return f"Meets the rules on {self.check_date:%d/%m/%Y}"
        return f"Does not meet the rules on {self.check_date:%d/%m/%Y} ({_plural(len(self.failures), 'problem')})"


def required_sources(check_date: date, requirements: CarbonRequirements) -> tuple[EmissionSource, ...]:
    """The breakdown a full CRP must report: the PPN subset, or all of Scope 3 from April 2027."""
    if requirements.all_scopes_from and check_date >= requirements.all_scopes_from:
        return ALL_SOURCES
    return REQUIRED_SOURCES


def required_scopes(check_date: date, requirements: CarbonRequirements) -> frozenset[Scope]:
    """Scopes a net zero target must cover: 1 and 2 as a minimum, all three from April 2027."""
    if requirements.all_scopes_from and check_date >= requirements.all_scopes_from:
        return frozenset(Scope)
    return frozenset({Scope.SCOPE1, Scope.SCOPE2})


def plan_needed(annual_value: Decimal | None, check_date: date, requirements: CarbonRequirements
                ) -> tuple[CarbonPlan | None, str]:
    """Which document a contract of this annual value needs on the check date, and why."""
    req = requirements
    if annual_value is None:
        return None, "No annual value recorded, so the plan needed cannot be worked out."
    when = f"on {check_date:%d/%m/%Y}"
    if annual_value >= req.full_from:
        if req.full_crp_from and check_date < req.full_crp_from:
            return None, f"Full plans are required from {req.full_crp_from:%d/%m/%Y}; not yet {when}."
        return CarbonPlan.FULL_CRP, f"annual value {_money(annual_value)} is {_money(req.full_from)} or more"
    if annual_value > req.nzc_above:
        if req.all_scopes_from and check_date >= req.all_scopes_from:
            return CarbonPlan.FULL_CRP, (
                f"from {req.all_scopes_from:%d/%m/%Y} every supplier needs a full plan covering "
                f"Scope 1, 2 and 3 ({SOURCE_ROADMAP})"
            )
        if req.nzc_from and check_date < req.nzc_from:
            return None, f"Net Zero Commitments are required from {req.nzc_from:%d/%m/%Y}; not yet {when}."
        return CarbonPlan.NZC, (
            f"annual value {_money(annual_value)} is over {_money(req.nzc_above)} and under {_money(req.full_from)}"
        )
    return None, f"annual value {_money(annual_value)} is not over {_money(req.nzc_above)}"


def satisfies(held: CarbonPlan, needed: CarbonPlan) -> bool:
    """A full CRP also satisfies a Net Zero Commitment requirement."""
    return held is CarbonPlan.FULL_CRP or held is needed


def check_plan(plan: CarbonPlanData, check_date: date,
               requirements: CarbonRequirements | None = None) -> PlanAssessment:
    """Run every check for the plan's type; each says what was found, in words."""
    req = requirements or CarbonRequirements()
    checks = [*_net_zero_year(plan, req)]
    if plan.plan_type is CarbonPlan.FULL_CRP:
        checks.append(_scopes_check(plan, check_date, req))
        checks.append(_emissions_check("baseline", "Baseline emissions", plan.baseline, plan, check_date, req))
        checks.append(_emissions_check("current", "Current emissions", plan.current, plan, check_date, req))
        checks.append(_reporting_year(plan, check_date, req))
        checks.append(_signed_off(plan, check_date, "Board or director sign-off"))
        checks.append(_published(plan, check_date))
        checks.append(_updated(plan, check_date, req))
    else:
        checks.append(_scopes_check(plan, check_date, req))
        checks.append(_signed_off(plan, check_date, "Approving body and date"))
    return PlanAssessment(plan.plan_type, check_date, tuple(checks))


# -- the checks -----------------------------------------------------------------------------

def _net_zero_year(plan: CarbonPlanData, req: CarbonRequirements) -> list[PlanCheck]:
    title = "Net zero target year"
    year = plan.net_zero_year
    if year is None:
        return [PlanCheck("net_zero_year", title, CheckStatus.FAILS,
                          "No net zero target year recorded.", SOURCE_CRP_CONTENT)]
    if year > req.net_zero_by:
        return [PlanCheck("net_zero_year", title, CheckStatus.FAILS,
                          f"Net zero by {year} is later than {req.net_zero_by}, the latest year allowed.",
                          SOURCE_CRP_CONTENT)]
    found = [PlanCheck("net_zero_year", title, CheckStatus.MEETS,
                       f"Net zero by {year}: no later than {req.net_zero_by}.", SOURCE_CRP_CONTENT)]
    if req.advised_net_zero_by and year > req.advised_net_zero_by:
        found.append(PlanCheck(
            "nhs_ambition", f"NHS {req.advised_net_zero_by} ambition", CheckStatus.ADVICE,
            f"Net zero by {year} meets the minimum; the NHS encourages suppliers to reach net zero by "
            f"{req.advised_net_zero_by}.", SOURCE_NHS_TIERS))
    return found


def _scopes_check(plan: CarbonPlanData, check_date: date, req: CarbonRequirements) -> PlanCheck:
    needed = required_scopes(check_date, req)
    title = "Scopes the target covers"
    if not plan.scopes_covered:
        return PlanCheck("scopes", title, CheckStatus.FAILS, "The scopes the net zero target covers are not recorded.",
                         SOURCE_CRP_CONTENT)
    missing = sorted(needed - plan.scopes_covered, key=lambda s: s.value)
    covered = ", ".join(s.label for s in sorted(plan.scopes_covered, key=lambda s: s.value))
    if missing:
        why = (f"from {req.all_scopes_from:%d/%m/%Y} the target must cover Scope 1, 2 and 3"
               if Scope.SCOPE3 in needed else "the target must cover Scope 1 and 2 as a minimum")
        return PlanCheck("scopes", title, CheckStatus.FAILS,
                         f"Covers {covered}; {why}, so {', '.join(s.label for s in missing)} is missing.",
                         SOURCE_ROADMAP if Scope.SCOPE3 in needed else SOURCE_CRP_CONTENT)
    return PlanCheck("scopes", title, CheckStatus.MEETS, f"Covers {covered}.", SOURCE_CRP_CONTENT)


def _emissions_check(check_id: str, title: str, breakdown: Emissions, plan: CarbonPlanData,
                     check_date: date, req: CarbonRequirements) -> PlanCheck:
    sources = required_sources(check_date, req)
    problems: list[str] = []
    if check_id == "baseline" and plan.baseline_year is None:
        problems.append("no baseline year")
    if check_id == "current" and plan.reporting_year_end is None:
        problems.append("no reporting year")
    missing = [s.short for s in sources if s not in breakdown
               or (breakdown[s].tco2e is None and not breakdown[s].explanation.strip())]
    zeros = [s.short for s in sources if s in breakdown and breakdown[s].tco2e == 0
             and not breakdown[s].explanation.strip()]
    if missing:
        problems.append(f"no figure for {', '.join(missing)}")
    if zeros:
        problems.append(f"zero with no explanation for {', '.join(zeros)}")
    scope_words = "Scope 1, 2 and all 15 Scope 3 categories" if sources == ALL_SOURCES else \
        "Scope 1, 2 and Scope 3 categories 4, 5, 6, 7 and 9"
    if problems:
        return PlanCheck(check_id, title, CheckStatus.FAILS,
                         f"{title} must cover {scope_words}: " + "; ".join(problems) + ".",
                         SOURCE_ROADMAP if sources == ALL_SOURCES else SOURCE_CRP_CONTENT)
    total = footprint(breakdown, sources)
    total_text = f"{format_tonnes(total)} tCO2e" if total is not None else "all explained as not applicable"
    return PlanCheck(check_id, title, CheckStatus.MEETS, f"Reported for {scope_words} ({total_text}).",
                     SOURCE_CRP_CONTENT)


def _reporting_year(plan: CarbonPlanData, check_date: date, req: CarbonRequirements) -> PlanCheck:
    title = "Reporting year is recent"
    end = plan.reporting_year_end
    months = req.max_age_months
    if end is None:
        return PlanCheck("reporting_year", title, CheckStatus.FAILS, "No reporting year end recorded.",
                         SOURCE_CRP_CONTENT)
    if end > check_date:
        return PlanCheck("reporting_year", title, CheckStatus.FAILS,
                         f"The reporting year ends on {end:%d/%m/%Y}, after the check date "
                         f"{check_date:%d/%m/%Y}: it must be a full 12 months already ended.", SOURCE_CRP_CONTENT)
    earliest = add_months(check_date, -months)
    if end < earliest:
        return PlanCheck("reporting_year", title, CheckStatus.FAILS,
                         f"The reporting year ended on {end:%d/%m/%Y}, more than {months} months before "
                         f"{check_date:%d/%m/%Y} (it must end on or after {earliest:%d/%m/%Y}).", SOURCE_CRP_CONTENT)
    return PlanCheck("reporting_year", title, CheckStatus.MEETS,
                     f"The reporting year ended on {end:%d/%m/%Y}, within {months} months of "
                     f"{check_date:%d/%m/%Y}.", SOURCE_CRP_CONTENT)


def _signed_off(plan: CarbonPlanData, check_date: date, title: str) -> PlanCheck:
    source = SOURCE_CRP_CONTENT if plan.plan_type is CarbonPlan.FULL_CRP else SOURCE_NHS_TIERS
    who, when = plan.approved_by.strip(), plan.approved_on
    if not who and when is None:
        return PlanCheck("sign_off", title, CheckStatus.FAILS,
                         "Not signed off: record who approved it (board, management body or director) and when.",
                         source)
    if not who:
        return PlanCheck("sign_off", title, CheckStatus.FAILS, "The approval date is recorded but not who approved it.",
                         source)
    if when is None:
        return PlanCheck("sign_off", title, CheckStatus.FAILS, f"Approved by {who}, but the date is not recorded.",
                         source)
    if when > check_date:
        return PlanCheck("sign_off", title, CheckStatus.FAILS,
                         f"Approved on {when:%d/%m/%Y}, after the check date {check_date:%d/%m/%Y}.", source)
    return PlanCheck("sign_off", title, CheckStatus.MEETS, f"Approved by {who} on {when:%d/%m/%Y}.", source)


def _published(plan: CarbonPlanData, check_date: date) -> PlanCheck:
    title = "Published on the supplier's website"
    if not plan.url.strip():
        return PlanCheck("published", title, CheckStatus.FAILS, "No web address recorded for the published plan.",
                         SOURCE_CRP_CONTENT)
    if plan.publication_date is None:
        return PlanCheck("published", title, CheckStatus.FAILS, "No publication date recorded.", SOURCE_CRP_CONTENT)
    if plan.publication_date > check_date:
        return PlanCheck("published", title, CheckStatus.FAILS,
                         f"Published on {plan.publication_date:%d/%m/%Y}, after the check date "
                         f"{check_date:%d/%m/%Y}.", SOURCE_CRP_CONTENT)
    return PlanCheck("published", title, CheckStatus.MEETS,
                     f"Published on {plan.publication_date:%d/%m/%Y} at {plan.url.strip()}.", SOURCE_CRP_CONTENT)


def _updated(plan: CarbonPlanData, check_date: date, req: CarbonRequirements) -> PlanCheck:
    title = f"Updated within {req.max_age_months} months"
    dated = plan.dated
    if dated is None:
        return PlanCheck("updated", title, CheckStatus.FAILS, "No publication or approval date recorded.",
                         SOURCE_CRP_CONTENT)
    earliest = add_months(check_date, -req.max_age_months)
    if dated < earliest:
        return PlanCheck("updated", title, CheckStatus.FAILS,
                         f"Last dated {dated:%d/%m/%Y}, more than {req.max_age_months} months before "
                         f"{check_date:%d/%m/%Y}: plans must be updated at least annually.", SOURCE_CRP_CONTENT)
    return PlanCheck("updated", title, CheckStatus.MEETS,
                     f"Dated {dated:%d/%m/%Y}, within {req.max_age_months} months of {check_date:%d/%m/%Y}.",
                     SOURCE_CRP_CONTENT)


def is_stale(plan: CarbonPlanData, today: date, requirements: CarbonRequirements | None = None) -> bool:
    """Older than the update interval (12 months): an alert, whatever else the plan says."""
    req = requirements or CarbonRequirements()
    return plan.dated is None or plan.dated < add_months(today, -req.max_age_months)


def format_tonnes(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    if abs(value) < Decimal("0.05"):
        return f"{value:.3f}".rstrip("0")  # a small figure never reads as zero
    return f"{value:,.1f}"


def _money(value: Decimal) -> str:
    """£5m, £6.25m, £10k, £4,999,999.99: short where round, pence only when present.

    Values read from the store carry two decimal places (Decimal("5000000.00")); the
    words must not (not "£5.00m").
    """
    if value >= 1_000_000 and value % 10_000 == 0:
        return f"£{_trimmed(value / 1_000_000)}m"
    if 1_000 <= value < 1_000_000 and value % 1_000 == 0:
        return f"£{_trimmed(value / 1_000)}k"
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def _trimmed(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


__all__ = [
    "ALL_SOURCES",
    "REQUIRED_SOURCES",
    "CarbonPlanData",
    "CarbonRequirements",
    "CheckStatus",
    "EmissionFigure",
    "EmissionSource",
    "Emissions",
    "InterimTarget",
    "PlanAssessment",
    "PlanCheck",
    "Scope",
    "check_plan",
    "emissions",
    "footprint",
    "format_tonnes",
    "is_stale",
    "plan_needed",
    "required_scopes",
    "required_sources",
    "satisfies",
]
