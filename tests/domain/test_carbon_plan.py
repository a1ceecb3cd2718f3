"""Carbon Reduction Plans and Net Zero Commitments: every check, at and either side of its boundary.

Sources: reference/domain_rules.md §1.2 (what a compliant CRP contains, PPN 06/21 carried into
PPN 006), §2.2 (NHS Net Zero Supplier Roadmap milestones) and §2.3 (NHS CRP / Net Zero
Commitment tiers). The default CarbonRequirements are the NHS trust profile's
(resources/policies/nhs_trust.yaml, rule carbon_reduction_plan).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sv_desktop.domain.carbon_plan import (
    ALL_SOURCES,
    REQUIRED_SOURCES,
    SOURCE_CRP_CONTENT,
    SOURCE_NHS_TIERS,
    SOURCE_ROADMAP,
    CarbonPlanData,
    CarbonRequirements,
    CheckStatus,
    EmissionFigure,
    EmissionSource,
    PlanAssessment,
    PlanCheck,
    Scope,
    check_plan,
    emissions,
    footprint,
    format_tonnes,
    is_stale,
    plan_needed,
    required_scopes,
    required_sources,
    satisfies,
)
from sv_desktop.domain.dates import add_months
from sv_desktop.domain.policy import CarbonPlan

D = Decimal
CHECK = date(2026, 3, 31)
REQ = CarbonRequirements()
ALL_SCOPES = frozenset(Scope)
SCOPES_1_2 = frozenset({Scope.SCOPE1, Scope.SCOPE2})
APRIL_2027 = date(2027, 4, 1)
DAY = timedelta(days=1)


def figures(sources: tuple[EmissionSource, ...] = REQUIRED_SOURCES, tco2e: str = "100",
            **overrides: EmissionFigure | None):
    """A breakdown with `tco2e` for each source; overrides by short enum name (None removes it)."""
    values = {s: EmissionFigure(D(tco2e)) for s in sources}
    for name, figure in overrides.items():
        source = EmissionSource[name]
        if figure is None:
            values.pop(source, None)
        else:
            values[source] = figure
    return emissions(values)


def full_plan(**changes) -> CarbonPlanData:
    """A full CRP that meets every rule on CHECK (31/03/2026)."""
    values = dict(
        plan_type=CarbonPlan.FULL_CRP,
        publication_date=date(2025, 9, 30),
        url="https://supplier.example/carbon-reduction-plan",
        baseline_year=2019,
        baseline=figures(tco2e="200"),
        reporting_year_end=date(2025, 3, 31),
        current=figures(),
        net_zero_year=2045,
        scopes_covered=ALL_SCOPES,
        reduction_measures="LED lighting; electric fleet by 2028.",
        approved_by="Board of directors",
        approved_on=date(2025, 9, 15),
    )
    values.update(changes)
    return CarbonPlanData(**values)


def nzc(**changes) -> CarbonPlanData:
    """A Net Zero Commitment that meets every rule on CHECK."""
    values = dict(plan_type=CarbonPlan.NZC, net_zero_year=2045, scopes_covered=ALL_SCOPES,
                  approved_by="Board of directors", approved_on=date(2025, 6, 1))
    values.update(changes)
    return CarbonPlanData(**values)


def found(assessment: PlanAssessment, check_id: str) -> PlanCheck:
    matches = [c for c in assessment.checks if c.id == check_id]
    assert len(matches) == 1, [c.id for c in assessment.checks]
    return matches[0]


def status(plan: CarbonPlanData, check_id: str, on: date = CHECK,
           requirements: CarbonRequirements | None = None) -> CheckStatus:
    return found(check_plan(plan, on, requirements), check_id).status


# -- a whole plan ------------------------------------------------------------------------


def test_a_complete_full_plan_meets_every_rule_and_says_so():
    """reference/domain_rules.md §1.2: net zero by 2050, baseline and current emissions for
    Scope 1, 2 and Scope 3 cats 4, 5, 6, 7, 9, recent reporting year, sign-off, publication,
    annual update."""
    assessment = check_plan(full_plan(), CHECK)
    assert assessment.passed
    assert assessment.failures == ()
    assert assessment.plan_type is CarbonPlan.FULL_CRP
    assert assessment.check_date == CHECK
    assert [c.id for c in assessment.checks] == [
        "net_zero_year", "scopes", "baseline", "current", "reporting_year", "sign_off", "published", "updated",
    ]
    assert {c.status for c in assessment.checks} == {CheckStatus.MEETS}
    assert all(c.reason and c.title and c.source.startswith("reference/domain_rules.md §") for c in assessment.checks)
    assert assessment.verdict == "Meets the rules on 31/03/2026"


def test_the_verdict_counts_the_problems():
    """reference/domain_rules.md §1.2 "Assessment": a CRP is pass/fail; the officer sees how many
    elements are missing."""
    one = check_plan(full_plan(url=""), CHECK)
    assert not one.passed
    assert [c.id for c in one.failures] == ["published"]
    assert one.verdict == "Does not meet the rules on 31/03/2026 (1 problem)"
    two = check_plan(full_plan(url="", net_zero_year=2051), CHECK)
    assert two.verdict == "Does not meet the rules on 31/03/2026 (2 problems)"


def test_requirements_default_to_the_published_rules():
    """reference/domain_rules.md §1.2 (2050, annual update), §2.3 (£5m / £10k tiers, 2045
    ambition), §2.2 (April 2023, April 2024, April 2027 milestones)."""
    assert REQ == CarbonRequirements(
        net_zero_by=2050, advised_net_zero_by=2045, max_age_months=12, full_from=D(5000000),
        nzc_above=D(10000), full_crp_from=date(2023, 4, 1), nzc_from=date(2024, 4, 1),
        all_scopes_from=date(2027, 4, 1),
    )
    assert check_plan(full_plan(), CHECK) == check_plan(full_plan(), CHECK, REQ)


# -- net zero target year ------------------------------------------------------------------


@pytest.mark.parametrize("make", [full_plan, nzc], ids=["full_crp", "nzc"])
@pytest.mark.parametrize(
    ("year", "expected", "advice"),
    [
        (2040, CheckStatus.MEETS, False),
        (2045, CheckStatus.MEETS, False),
        (2046, CheckStatus.MEETS, True),
        (2050, CheckStatus.MEETS, True),
        (2051, CheckStatus.FAILS, False),
    ],
)
def test_net_zero_by_2050_at_the_latest_with_2045_advice(make, year, expected, advice):
    """reference/domain_rules.md §1.2 Net zero commitment ("by 2050 at the latest", a year ≤ 2050)
    and §2.3 Target year ("the NHS encourages a 2045 net zero target. 2050 still meets the
    minimum"): 2046-2050 is advice, not a failure."""
    assessment = check_plan(make(net_zero_year=year), CHECK)
    assert found(assessment, "net_zero_year").status is expected
    ambition = [c for c in assessment.checks if c.id == "nhs_ambition"]
    if advice:
        assert len(ambition) == 1
        assert ambition[0].status is CheckStatus.ADVICE
        assert ambition[0].title == "NHS 2045 ambition"
        assert ambition[0].source == SOURCE_NHS_TIERS
        assert f"Net zero by {year} meets the minimum" in ambition[0].reason
        assert "by 2045" in ambition[0].reason
    else:
        assert ambition == []
    assert assessment.passed is (expected is CheckStatus.MEETS)


def test_a_target_after_2050_fails_naming_both_years():
    """reference/domain_rules.md §1.2 Net zero commitment: "by 2050 at the latest"."""
    check = found(check_plan(full_plan(net_zero_year=2051), CHECK), "net_zero_year")
    assert check.reason == "Net zero by 2051 is later than 2050, the latest year allowed."
    assert check.source == SOURCE_CRP_CONTENT


def test_no_target_year_fails():
    """reference/domain_rules.md §1.2 Net zero commitment: the plan must confirm the year."""
    for make in (full_plan, nzc):
        check = found(check_plan(make(net_zero_year=None), CHECK), "net_zero_year")
        assert check.status is CheckStatus.FAILS
        assert check.reason == "No net zero target year recorded."


def test_the_latest_and_advised_years_are_profile_settings():
    """reference/domain_rules.md §2.3: 2045 is the NHS ambition, a setting of the profile
    (advised_net_zero_by); a profile without it gives no advice."""
    assert status(full_plan(net_zero_year=2046), "net_zero_year",
                  requirements=CarbonRequirements(net_zero_by=2045)) is CheckStatus.FAILS
    quiet = check_plan(full_plan(net_zero_year=2050), CHECK, CarbonRequirements(advised_net_zero_by=None))
    assert "nhs_ambition" not in [c.id for c in quiet.checks]
    stricter = check_plan(full_plan(net_zero_year=2041), CHECK, CarbonRequirements(advised_net_zero_by=2040))
    assert found(stricter, "nhs_ambition").title == "NHS 2040 ambition"


# -- scopes the target covers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("covered", "on", "expected"),
    [
        (SCOPES_1_2, APRIL_2027 - DAY, CheckStatus.MEETS),
        (ALL_SCOPES, APRIL_2027 - DAY, CheckStatus.MEETS),
        (frozenset({Scope.SCOPE1}), APRIL_2027 - DAY, CheckStatus.FAILS),
        (frozenset({Scope.SCOPE2, Scope.SCOPE3}), APRIL_2027 - DAY, CheckStatus.FAILS),
        (SCOPES_1_2, APRIL_2027, CheckStatus.FAILS),
        (ALL_SCOPES, APRIL_2027, CheckStatus.MEETS),
        (frozenset(), APRIL_2027 - DAY, CheckStatus.FAILS),
    ],
)
def test_target_covers_scope_1_and_2_then_all_three_from_april_2027(covered, on, expected):
    """reference/domain_rules.md §1.2 Scopes (all of Scope 1 and 2 as a minimum) and §2.2
    April 2027 (a plan "covering all Scope 1, 2 and 3 emissions"): 31/03/2027 vs 01/04/2027."""
    for make in (full_plan, nzc):
        plan = make(scopes_covered=covered, publication_date=None, approved_on=on - timedelta(days=30),
                    reporting_year_end=on - timedelta(days=60), baseline=figures(ALL_SOURCES),
                    current=figures(ALL_SOURCES))
        assert status(plan, "scopes", on) is expected


def test_missing_scope_is_named_with_the_rule_that_needs_it():
    """reference/domain_rules.md §1.2 Scopes; §2.2 April 2027 for Scope 3."""
    before = found(check_plan(full_plan(scopes_covered=frozenset({Scope.SCOPE1})), CHECK), "scopes")
    assert before.reason == (
        "Covers Scope 1; the target must cover Scope 1 and 2 as a minimum, so Scope 2 is missing."
    )
    assert before.source == SOURCE_CRP_CONTENT
    after = found(check_plan(full_plan(scopes_covered=SCOPES_1_2), APRIL_2027), "scopes")
    assert after.reason == (
        "Covers Scope 1, Scope 2; from 01/04/2027 the target must cover Scope 1, 2 and 3, so Scope 3 is missing."
    )
    assert after.source == SOURCE_ROADMAP
    empty = found(check_plan(nzc(scopes_covered=frozenset()), CHECK), "scopes")
    assert empty.reason == "The scopes the net zero target covers are not recorded."


def test_required_scopes_and_sources_switch_on_1_april_2027():
    """reference/domain_rules.md §2.2 April 2027: "all Scope 1, 2 and 3"; before it, §1.2 Scopes
    (Scope 1, 2 and Scope 3 cats 4, 5, 6, 7, 9)."""
    assert required_scopes(APRIL_2027 - DAY, REQ) == SCOPES_1_2
    assert required_scopes(APRIL_2027, REQ) == ALL_SCOPES
    assert required_sources(APRIL_2027 - DAY, REQ) == REQUIRED_SOURCES
    assert required_sources(APRIL_2027, REQ) == ALL_SOURCES
    never = CarbonRequirements(all_scopes_from=None)
    assert required_scopes(date(2040, 1, 1), never) == SCOPES_1_2
    assert required_sources(date(2040, 1, 1), never) == REQUIRED_SOURCES


def test_the_ppn_subset_is_scope_1_2_and_scope_3_categories_4_5_6_7_9():
    """reference/domain_rules.md §1.2 Scopes: "Cat 4 ..., Cat 5 ..., Cat 6 ..., Cat 7 ..., Cat 9"."""
    assert [s.short for s in REQUIRED_SOURCES] == ["Scope 1", "Scope 2", "Cat 4", "Cat 5", "Cat 6", "Cat 7", "Cat 9"]
    assert len(ALL_SOURCES) == 17  # Scope 1, Scope 2 and the 15 GHG Protocol Scope 3 categories
    assert [s.short for s in ALL_SOURCES[2:]] == [f"Cat {n}" for n in range(1, 16)]
    assert EmissionSource.CAT7.label == "Scope 3 cat. 7: employee commuting"


# -- baseline and current emissions -------------------------------------------------------------


@pytest.mark.parametrize("which", ["baseline", "current"])
@pytest.mark.parametrize("source", REQUIRED_SOURCES, ids=lambda s: s.short)
def test_every_required_source_must_have_a_figure(which, source):
    """reference/domain_rules.md §1.2 Baseline / Current emissions / Scopes: Scope 1, 2 and Scope 3
    cats 4, 5, 6, 7, 9 for both the baseline and the current reporting year."""
    plan = full_plan(**{which: figures(**{source.name: None})})
    check = found(check_plan(plan, CHECK), which)
    assert check.status is CheckStatus.FAILS
    assert f"no figure for {source.short}." in check.reason
    assert "Scope 1, 2 and Scope 3 categories 4, 5, 6, 7 and 9" in check.reason
    assert check.source == SOURCE_CRP_CONTENT
    other = "current" if which == "baseline" else "baseline"
    assert found(check_plan(plan, CHECK), other).status is CheckStatus.MEETS


def test_a_missing_category_fails_naming_it():
    """reference/domain_rules.md §1.2 Scopes: Cat 7 Employee commuting is in the required subset."""
    check = found(check_plan(full_plan(current=figures(CAT7=None)), CHECK), "current")
    assert check.reason == (
        "Current emissions must cover Scope 1, 2 and Scope 3 categories 4, 5, 6, 7 and 9: no figure for Cat 7."
    )


def test_several_missing_sources_are_all_named_in_order():
    """reference/domain_rules.md §1.2 Scopes."""
    check = found(check_plan(full_plan(baseline=figures(SCOPE2=None, CAT9=None, CAT4=None)), CHECK), "baseline")
    assert "no figure for Scope 2, Cat 4, Cat 9." in check.reason


@pytest.mark.parametrize("which", ["baseline", "current"])
@pytest.mark.parametrize(
    ("figure", "expected", "words"),
    [
        (EmissionFigure(D(0)), CheckStatus.FAILS, "zero with no explanation for Cat 5"),
        (EmissionFigure(D("0.000")), CheckStatus.FAILS, "zero with no explanation for Cat 5"),
        (EmissionFigure(D(0), "   "), CheckStatus.FAILS, "zero with no explanation for Cat 5"),
        (EmissionFigure(D(0), "All waste collected by the landlord; reported in cat. 8."), CheckStatus.MEETS, ""),
        (EmissionFigure(None, "Not applicable: we ship nothing downstream."), CheckStatus.MEETS, ""),
        (EmissionFigure(None), CheckStatus.FAILS, "no figure for Cat 5"),
        (EmissionFigure(None, "  "), CheckStatus.FAILS, "no figure for Cat 5"),
        (EmissionFigure(D("0.001")), CheckStatus.MEETS, ""),
    ],
    ids=["zero", "zero-3dp", "zero-blank-explanation", "zero-explained", "na-explained", "none",
         "none-blank-explanation", "tiny"],
)
def test_a_zero_or_not_applicable_must_be_explained(which, figure, expected, words):
    """reference/domain_rules.md §1.2 Scopes: "A "0" or "N/A" must be explained"."""
    plan = full_plan(**{which: figures(CAT5=figure)})
    check = found(check_plan(plan, CHECK), which)
    assert check.status is expected
    assert words in check.reason


def test_every_source_not_applicable_and_explained_meets_the_rule():
    """reference/domain_rules.md §1.2 Scopes: N/A explained is a valid entry."""
    explained = emissions({s: EmissionFigure(None, "No such activity.") for s in REQUIRED_SOURCES})
    check = found(check_plan(full_plan(current=explained), CHECK), "current")
    assert check.status is CheckStatus.MEETS
    assert check.reason == (
        "Reported for Scope 1, 2 and Scope 3 categories 4, 5, 6, 7 and 9 (all explained as not applicable)."
    )


def test_the_met_emissions_check_gives_the_total():
    """reference/domain_rules.md §1.2 Gases / units: tCO2e."""
    check = found(check_plan(full_plan(), CHECK), "current")
    assert check.reason == "Reported for Scope 1, 2 and Scope 3 categories 4, 5, 6, 7 and 9 (700 tCO2e)."


def test_no_baseline_year_or_reporting_year_fails_the_emissions_checks():
    """reference/domain_rules.md §1.2 Baseline ("A baseline year") and Current emissions (the
    current reporting year)."""
    baseline = found(check_plan(full_plan(baseline_year=None), CHECK), "baseline")
    assert baseline.status is CheckStatus.FAILS and "no baseline year" in baseline.reason
    current = found(check_plan(full_plan(reporting_year_end=None), CHECK), "current")
    assert current.status is CheckStatus.FAILS and "no reporting year" in current.reason


def test_an_empty_breakdown_names_every_required_source():
    """reference/domain_rules.md §1.2 Baseline: emissions for Scope 1, 2 and the Scope 3 subset."""
    check = found(check_plan(full_plan(baseline=emissions()), CHECK), "baseline")
    assert "no figure for Scope 1, Scope 2, Cat 4, Cat 5, Cat 6, Cat 7, Cat 9." in check.reason


def test_other_scope_3_categories_are_voluntary_before_april_2027():
    """reference/domain_rules.md §1.2 Scopes: "Other categories may be added voluntarily"."""
    plan = full_plan(current=figures(ALL_SOURCES, CAT1=None, CAT15=EmissionFigure(D(0))))
    assert status(plan, "current") is CheckStatus.MEETS


@pytest.mark.parametrize("which", ["baseline", "current"])
def test_all_15_scope_3_categories_from_1_april_2027(which):
    """reference/domain_rules.md §2.2 April 2027: a plan covering "all Scope 1, 2 and 3" emissions;
    31/03/2027 the PPN subset is enough, 01/04/2027 it is not."""
    subset = full_plan(**{which: figures(REQUIRED_SOURCES)})
    day_before, day_of = APRIL_2027 - DAY, APRIL_2027
    req_dates = dict(publication_date=date(2027, 1, 10), approved_on=date(2027, 1, 5),
                     reporting_year_end=date(2026, 12, 31))
    assert status(replace(subset, **req_dates), which, day_before) is CheckStatus.MEETS
    check = found(check_plan(replace(subset, **req_dates), day_of), which)
    assert check.status is CheckStatus.FAILS
    assert check.reason.endswith(
        "must cover Scope 1, 2 and all 15 Scope 3 categories: no figure for Cat 1, Cat 2, Cat 3, Cat 8, "
        "Cat 10, Cat 11, Cat 12, Cat 13, Cat 14, Cat 15."
    )
    assert check.source == SOURCE_ROADMAP
    complete = full_plan(**{which: figures(ALL_SOURCES)}, **req_dates)
    assert status(complete, which, day_of) is CheckStatus.MEETS
    one_short = full_plan(**{which: figures(ALL_SOURCES, CAT12=None)}, **req_dates)
    assert "no figure for Cat 12." in found(check_plan(one_short, day_of), which).reason


# -- reporting year ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check_date", "year_end", "expected"),
    [
        # exactly 12 months before the check date passes; 12 months and a day fails
        (date(2026, 3, 31), date(2025, 3, 31), CheckStatus.MEETS),
        (date(2026, 3, 31), date(2025, 3, 30), CheckStatus.FAILS),
        (date(2026, 6, 15), date(2025, 6, 15), CheckStatus.MEETS),
        (date(2026, 6, 15), date(2025, 6, 14), CheckStatus.FAILS),
        # ending on the check date passes; ending after it fails
        (date(2026, 3, 31), date(2026, 3, 31), CheckStatus.MEETS),
        (date(2026, 3, 31), date(2026, 4, 1), CheckStatus.FAILS),
        (date(2026, 3, 31), date(2027, 3, 31), CheckStatus.FAILS),
        # 29 February: add_months clamps 29/02 - 12 months to 28/02
        (date(2024, 2, 29), date(2023, 2, 28), CheckStatus.MEETS),
        (date(2024, 2, 29), date(2023, 2, 27), CheckStatus.FAILS),
        (date(2025, 2, 28), date(2024, 2, 28), CheckStatus.MEETS),
        (date(2025, 2, 28), date(2024, 2, 27), CheckStatus.FAILS),
        (date(2025, 2, 28), date(2024, 2, 29), CheckStatus.MEETS),
        (date(2025, 3, 1), date(2024, 3, 1), CheckStatus.MEETS),
        (date(2025, 3, 1), date(2024, 2, 29), CheckStatus.FAILS),
        # other month ends
        (date(2025, 4, 30), date(2024, 4, 30), CheckStatus.MEETS),
        (date(2025, 4, 30), date(2024, 4, 29), CheckStatus.FAILS),
        (date(2026, 1, 1), date(2025, 1, 1), CheckStatus.MEETS),
        (date(2026, 1, 1), date(2024, 12, 31), CheckStatus.FAILS),
    ],
)
def test_reporting_year_ended_within_the_last_12_months(check_date, year_end, expected):
    """reference/domain_rules.md §1.2 Current emissions: "a full 12 months ending within the last
    12 months before bidding"; months counted by sv_desktop.domain.dates.add_months (clamped to
    the month's last day)."""
    assert status(full_plan(reporting_year_end=year_end), "reporting_year", check_date) is expected


def test_reporting_year_reasons_name_the_dates():
    """reference/domain_rules.md §1.2 Current emissions."""
    late = found(check_plan(full_plan(reporting_year_end=date(2025, 3, 30)), CHECK), "reporting_year")
    assert late.reason == (
        "The reporting year ended on 30/03/2025, more than 12 months before 31/03/2026 "
        "(it must end on or after 31/03/2025)."
    )
    future = found(check_plan(full_plan(reporting_year_end=date(2026, 4, 1)), CHECK), "reporting_year")
    assert "after the check date 31/03/2026" in future.reason
    missing = found(check_plan(full_plan(reporting_year_end=None), CHECK), "reporting_year")
    assert missing.status is CheckStatus.FAILS and missing.reason == "No reporting year end recorded."


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(2021, 1, 1), max_value=date(2035, 12, 31)))
def test_the_12_month_edge_is_add_months_for_any_check_date(check_date):
    """reference/domain_rules.md §1.2 Current emissions and Update frequency: the earliest allowed
    date is add_months(check date, -12); the day before it fails."""
    edge = add_months(check_date, -12)
    assert status(full_plan(reporting_year_end=edge), "reporting_year", check_date) is CheckStatus.MEETS
    assert status(full_plan(reporting_year_end=edge - DAY), "reporting_year", check_date) is CheckStatus.FAILS
    plan = full_plan(publication_date=edge, approved_on=edge)
    assert status(plan, "updated", check_date) is CheckStatus.MEETS
    assert not is_stale(plan, check_date)
    older = full_plan(publication_date=edge - DAY, approved_on=edge - DAY)
    assert status(older, "updated", check_date) is CheckStatus.FAILS
    assert is_stale(older, check_date)


def test_the_age_limit_is_a_profile_setting():
    """reference/domain_rules.md §1.2 Update frequency ("at least annually"): max_age_months."""
    six = CarbonRequirements(max_age_months=6)
    assert status(full_plan(reporting_year_end=date(2025, 9, 30)), "reporting_year", CHECK, six) is CheckStatus.MEETS
    assert status(full_plan(reporting_year_end=date(2025, 9, 29)), "reporting_year", CHECK, six) is CheckStatus.FAILS
    assert found(check_plan(full_plan(), CHECK, six), "updated").title == "Updated within 6 months"


# -- updated within 12 months --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check_date", "dated", "expected"),
    [
        (date(2026, 3, 31), date(2025, 3, 31), CheckStatus.MEETS),
        (date(2026, 3, 31), date(2025, 3, 30), CheckStatus.FAILS),
        (date(2024, 2, 29), date(2023, 2, 28), CheckStatus.MEETS),
        (date(2024, 2, 29), date(2023, 2, 27), CheckStatus.FAILS),
        (date(2025, 2, 28), date(2024, 2, 28), CheckStatus.MEETS),
        (date(2025, 2, 28), date(2024, 2, 27), CheckStatus.FAILS),
        (date(2025, 3, 1), date(2024, 2, 29), CheckStatus.FAILS),
    ],
)
def test_plan_updated_within_12_months(check_date, dated, expected):
    """reference/domain_rules.md §1.2 Update frequency: "Updated at least annually"; a plan dated
    exactly 12 months before the check date passes, 12 months and a day fails."""
    plan = full_plan(publication_date=dated, approved_on=dated, reporting_year_end=dated)
    assert status(plan, "updated", check_date) is expected
    assert is_stale(plan, check_date) is (expected is CheckStatus.FAILS)


def test_the_update_date_is_publication_else_approval():
    """reference/domain_rules.md §1.2 Sign-off ("State the approval date") and Publication: a
    version is dated by publication, or by approval when not yet published."""
    assert full_plan().dated == date(2025, 9, 30)
    unpublished = full_plan(publication_date=None, approved_on=date(2025, 3, 31))
    assert unpublished.dated == date(2025, 3, 31)
    assert status(unpublished, "updated") is CheckStatus.MEETS
    assert status(replace(unpublished, approved_on=date(2025, 3, 30)), "updated") is CheckStatus.FAILS
    undated = full_plan(publication_date=None, approved_on=None)
    assert undated.dated is None
    check = found(check_plan(undated, CHECK), "updated")
    assert check.status is CheckStatus.FAILS and check.reason == "No publication or approval date recorded."
    assert is_stale(undated, CHECK)


def test_a_stale_plan_reason_says_annually():
    """reference/domain_rules.md §1.2 Update frequency."""
    check = found(check_plan(full_plan(publication_date=date(2025, 3, 30)), CHECK), "updated")
    assert check.reason == (
        "Last dated 30/03/2025, more than 12 months before 31/03/2026: plans must be updated at least annually."
    )


# -- sign-off and publication ----------------------------------------------------------------------


@pytest.mark.parametrize("make", [full_plan, nzc], ids=["full_crp", "nzc"])
@pytest.mark.parametrize(
    ("who", "when", "expected", "words"),
    [
        ("Board of directors", CHECK, CheckStatus.MEETS, "Approved by Board of directors on 31/03/2026."),
        ("Board of directors", CHECK + DAY, CheckStatus.FAILS,
         "Approved on 01/04/2026, after the check date 31/03/2026."),
        ("Board of directors", None, CheckStatus.FAILS,
         "Approved by Board of directors, but the date is not recorded."),
        ("", CHECK, CheckStatus.FAILS, "The approval date is recorded but not who approved it."),
        ("   ", CHECK, CheckStatus.FAILS, "The approval date is recorded but not who approved it."),
        ("", None, CheckStatus.FAILS, "Not signed off: record who approved it"),
    ],
)
def test_sign_off_needs_who_and_when_on_or_before_the_check_date(make, who, when, expected, words):
    """reference/domain_rules.md §1.2 Sign-off: approved by the board (or equivalent management body)
    or a director, with the approval date; §2.3 NZC wording ("made on [DD/MM/YY] by the [approving
    board/equivalent management body]")."""
    plan = make(approved_by=who, approved_on=when, publication_date=None)
    check = found(check_plan(plan, CHECK), "sign_off")
    assert check.status is expected
    assert words in check.reason
    assert check.source == (SOURCE_CRP_CONTENT if make is full_plan else SOURCE_NHS_TIERS)


@pytest.mark.parametrize(
    ("url", "published", "expected", "words"),
    [
        ("https://supplier.example/crp", CHECK, CheckStatus.MEETS, "Published on 31/03/2026 at https://supplier.example/crp."),
        ("  https://supplier.example/crp  ", CHECK, CheckStatus.MEETS, "at https://supplier.example/crp."),
        ("https://supplier.example/crp", CHECK + DAY, CheckStatus.FAILS, "after the check date 31/03/2026"),
        ("https://supplier.example/crp", None, CheckStatus.FAILS, "No publication date recorded."),
        ("", CHECK, CheckStatus.FAILS, "No web address recorded for the published plan."),
        ("   ", CHECK, CheckStatus.FAILS, "No web address recorded for the published plan."),
    ],
)
def test_a_full_plan_is_published_with_a_web_address_and_date(url, published, expected, words):
    """reference/domain_rules.md §1.2 Publication: "Published on the supplier's UK website"."""
    check = found(check_plan(full_plan(url=url, publication_date=published), CHECK), "published")
    assert check.status is expected
    assert words in check.reason


# -- Net Zero Commitment -------------------------------------------------------------------------


def test_a_net_zero_commitment_is_checked_only_for_year_scopes_and_approval():
    """reference/domain_rules.md §2.3 NZC wording template: "committed to achieving Net Zero
    emissions by 20[XX] for emissions scopes 1, 2 and 3 ... made on [DD/MM/YY] by the [approving
    board/equivalent management body]"; no emissions figures, URL or annual update."""
    bare = nzc()  # no emissions, no URL, no publication date, no reporting year
    assessment = check_plan(bare, CHECK)
    assert assessment.passed
    assert [c.id for c in assessment.checks] == ["net_zero_year", "scopes", "sign_off"]
    assert found(assessment, "sign_off").title == "Approving body and date"
    old = nzc(approved_on=date(2020, 1, 1))  # older than 12 months: not an NZC check
    assert check_plan(old, CHECK).passed


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        (dict(net_zero_year=2051), ["net_zero_year"]),
        (dict(scopes_covered=frozenset({Scope.SCOPE1})), ["scopes"]),
        (dict(approved_by=""), ["sign_off"]),
        (dict(approved_on=None), ["sign_off"]),
        (dict(approved_on=CHECK + DAY), ["sign_off"]),
        (dict(net_zero_year=None, scopes_covered=frozenset(), approved_by="", approved_on=None),
         ["net_zero_year", "scopes", "sign_off"]),
    ],
)
def test_a_net_zero_commitment_fails_each_of_its_checks(changes, failing):
    """reference/domain_rules.md §2.3 (NZC template and 2050 minimum) and §1.2 Scopes."""
    assessment = check_plan(nzc(**changes), CHECK)
    assert [c.id for c in assessment.failures] == failing


def test_a_net_zero_commitment_must_cover_scope_3_from_april_2027():
    """reference/domain_rules.md §2.2 April 2027: all Scope 1, 2 and 3."""
    plan = nzc(scopes_covered=SCOPES_1_2)
    assert check_plan(plan, APRIL_2027 - DAY).passed
    assert [c.id for c in check_plan(plan, APRIL_2027).failures] == ["scopes"]


# -- which plan a contract needs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annual", "on", "needed"),
    [
        # the value tiers (reference/domain_rules.md §2.3), between the April 2024 and April 2027 milestones
        ("5000000", date(2026, 3, 31), CarbonPlan.FULL_CRP),
        ("5000000.01", date(2026, 3, 31), CarbonPlan.FULL_CRP),
        ("4999999.99", date(2026, 3, 31), CarbonPlan.NZC),
        ("10000.01", date(2026, 3, 31), CarbonPlan.NZC),
        ("10000", date(2026, 3, 31), None),
        ("0", date(2026, 3, 31), None),
        # full plans from 1 April 2023 (§2.2)
        ("5000000", date(2023, 3, 31), None),
        ("5000000", date(2023, 4, 1), CarbonPlan.FULL_CRP),
        # Net Zero Commitments from 1 April 2024 (§2.2, §2.3)
        ("4999999.99", date(2023, 4, 1), None),
        ("4999999.99", date(2024, 3, 31), None),
        ("4999999.99", date(2024, 4, 1), CarbonPlan.NZC),
        ("10000.01", date(2024, 4, 1), CarbonPlan.NZC),
        # from 1 April 2027 every supplier a full plan (§2.2)
        ("4999999.99", date(2027, 3, 31), CarbonPlan.NZC),
        ("4999999.99", date(2027, 4, 1), CarbonPlan.FULL_CRP),
        ("10000.01", date(2027, 3, 31), CarbonPlan.NZC),
        ("10000.01", date(2027, 4, 1), CarbonPlan.FULL_CRP),
        ("10000", date(2027, 4, 1), None),
        ("5000000", date(2027, 4, 1), CarbonPlan.FULL_CRP),
    ],
)
def test_plan_needed_by_annual_value_and_date(annual, on, needed):
    """reference/domain_rules.md §2.3 tiers (full CRP at "£5m per annum (exc. VAT) and above", NZC
    "below £5m and above £10k per annum") and §2.2 milestones (April 2023, April 2024, April 2027)."""
    plan, why = plan_needed(D(annual), on, REQ)
    assert plan is needed
    assert why


def test_plan_needed_says_why_in_words():
    """reference/domain_rules.md §2.2 and §2.3."""
    on = date(2026, 3, 31)
    assert plan_needed(D(5000000), on, REQ) == (CarbonPlan.FULL_CRP, "annual value £5m is £5m or more")
    assert plan_needed(D("4999999.99"), on, REQ) == (
        CarbonPlan.NZC, "annual value £4,999,999.99 is over £10k and under £5m")
    assert plan_needed(D(10000), on, REQ) == (None, "annual value £10k is not over £10k")
    assert plan_needed(D(5000000), date(2023, 3, 31), REQ) == (
        None, "Full plans are required from 01/04/2023; not yet on 31/03/2023.")
    assert plan_needed(D(50000), date(2024, 3, 31), REQ) == (
        None, "Net Zero Commitments are required from 01/04/2024; not yet on 31/03/2024.")
    plan, why = plan_needed(D(50000), APRIL_2027, REQ)
    assert plan is CarbonPlan.FULL_CRP
    assert why.startswith("from 01/04/2027 every supplier needs a full plan covering Scope 1, 2 and 3")
    assert SOURCE_ROADMAP in why
    assert plan_needed(None, on, REQ) == (
        None, "No annual value recorded, so the plan needed cannot be worked out.")


def test_stored_money_reads_without_trailing_zeros():
    """reference/domain_rules.md §2.3 writes "£5m", "£10k"; values from the store carry pence
    (Numeric(16, 2)), e.g. Decimal("6200000.00"), and must read the same."""
    assert plan_needed(D("6200000.00"), CHECK, REQ)[1] == "annual value £6.2m is £5m or more"
    assert plan_needed(D("6250000.00"), CHECK, REQ)[1] == "annual value £6.25m is £5m or more"
    assert plan_needed(D("10000.00"), CHECK, REQ)[1] == "annual value £10k is not over £10k"
    assert plan_needed(D("1500.00"), CHECK, REQ)[1] == "annual value £1,500 is not over £10k"
    assert plan_needed(D("250000.00"), CHECK, REQ)[1] == "annual value £250k is over £10k and under £5m"


def test_without_milestone_dates_the_tiers_apply_at_any_date():
    """reference/domain_rules.md §2.3: a profile may leave the roadmap dates unset."""
    undated = CarbonRequirements(full_crp_from=None, nzc_from=None, all_scopes_from=None)
    old = date(2010, 1, 1)
    assert plan_needed(D(5000000), old, undated)[0] is CarbonPlan.FULL_CRP
    assert plan_needed(D(50000), old, undated)[0] is CarbonPlan.NZC
    assert plan_needed(D(50000), date(2040, 1, 1), undated)[0] is CarbonPlan.NZC


@pytest.mark.parametrize(
    ("held", "needed", "ok"),
    [
        (CarbonPlan.FULL_CRP, CarbonPlan.FULL_CRP, True),
        (CarbonPlan.FULL_CRP, CarbonPlan.NZC, True),
        (CarbonPlan.NZC, CarbonPlan.NZC, True),
        (CarbonPlan.NZC, CarbonPlan.FULL_CRP, False),
    ],
)
def test_a_full_plan_satisfies_a_net_zero_commitment_requirement_but_not_the_reverse(held, needed, ok):
    """reference/domain_rules.md §2.3: a full CRP at £5m a year and above; an NZC below £5m. A full
    plan contains everything an NZC states (resources/policies/nhs_trust.yaml description)."""
    assert satisfies(held, needed) is ok


# -- figures and words --------------------------------------------------------------------------


def test_footprint_sums_the_ppn_subset_by_default():
    """reference/domain_rules.md §1.2 Scopes: the footprint compared is Scope 1, 2 and cats 4, 5, 6,
    7, 9; other categories are voluntary."""
    breakdown = figures(ALL_SOURCES, "10", CAT5=EmissionFigure(None, "No waste."), CAT7=EmissionFigure(D("2.5")))
    assert footprint(breakdown) == D("52.5")  # Scope 1, 2, cats 4, 6, 9 at 10 each, cat 7 2.5, cat 5 n/a
    assert footprint(breakdown, ALL_SOURCES) == D("152.5")  # 15 sources at 10, cat 7 2.5
    assert footprint(emissions()) is None
    assert footprint(emissions({EmissionSource.SCOPE1: EmissionFigure(None, "n/a")})) is None
    assert footprint(emissions({EmissionSource.SCOPE1: EmissionFigure(D(0), "none")})) == D(0)


def test_a_breakdown_is_read_only():
    """reference/domain_rules.md §1.2: a plan version is a record of what was published; the
    breakdown cannot be changed after it is made."""
    breakdown = figures()
    with pytest.raises(TypeError):
        breakdown[EmissionSource.CAT1] = EmissionFigure(D(1))  # type: ignore[index]


@pytest.mark.parametrize(("value", "text"), [
    (None, "—"), (D(0), "0"), (D(1234), "1,234"), (D("1000.000"), "1,000"), (D("1234.56"), "1,234.6"),
    (D("12.26"), "12.3"), (D("0.5"), "0.5"), (D("0.049"), "0.049"), (D("0.004"), "0.004"),
])
def test_tonnes_in_reasons(value, text):
    """reference/domain_rules.md §1.2 Gases / units: tCO2e, shown to a tenth of a tonne at most,
    except that a figure under 0.05 t keeps its digits rather than reading as zero."""
    assert format_tonnes(value) == text
