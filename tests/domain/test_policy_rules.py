"""Policy rules, checked at and either side of every boundary the seeds set.

The rules here are built with the same parameters as the shipped profiles
(resources/policies/nhs_trust.yaml, council.yaml; tests/catalogue/test_policies.py
checks the files match). Seeds: 002_80f5ea46fbe04add.txt (NHS trust policy),
003_5dc777972350c492.txt (council policy); tiers from reference/domain_rules.md §2.3.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.carbon_plan import (
    REQUIRED_SOURCES,
    CarbonPlanData,
    CarbonRequirements,
    EmissionFigure,
    EmissionSource,
    Scope,
    emissions,
)
from sv_desktop.domain.compliance import ContractFacts, RuleResult, SupplierPlans, Verdict
from sv_desktop.domain.dates import add_months
from sv_desktop.domain.policy import (
    AtThreshold,
    CarbonPlan,
    PolicyProfile,
    PolicyRule,
    RuleKind,
    Severity,
    ValueBasis,
    WeightingBand,
)
from sv_desktop.domain.policy_rules import carbon_requirements, evaluate, format_money_short, format_percent, plan_on
from sv_desktop.domain.vocabulary import Category, Regime, Stage, VatBasis

TODAY = date(2026, 3, 2)
D = Decimal

S002_MIN = "002_80f5ea46fbe04add.txt, §1.1.1 and Appendix Two (Compliance Measures)"
S002_THEME = "002_80f5ea46fbe04add.txt, §1.1.1, §4.1 and Appendix Four"
S002_KPI = "002_80f5ea46fbe04add.txt, §4.2 a"
S002_PUBLISH = "002_80f5ea46fbe04add.txt, §4.2 c"
S002_CRP = "002_80f5ea46fbe04add.txt, §4.2; reference/domain_rules.md §2.3"
S002_PIPELINE = "002_80f5ea46fbe04add.txt, §4.1"
S003_STANDARDS = "003_5dc777972350c492.txt, Policy interventions (i) Minimum standards"
S003_BANDS = "003_5dc777972350c492.txt, Policy interventions (iv) Clear guidelines"
S003_DEDUCTIONS = "003_5dc777972350c492.txt, Policy interventions (vii) Contractual commitments"

NHS_MIN = PolicyRule(
    "min_weighting_10", RuleKind.MIN_WEIGHTING, "Minimum 10% social value weighting", S002_MIN,
    Stage.TENDER, {"basis": ValueBasis.TOTAL, "bands": (WeightingBand(D(10)),)},
)
NHS_THEME = PolicyRule(
    "fighting_climate_change", RuleKind.THEME_COVERED, "'Fighting climate change' covered", S002_THEME,
    Stage.PRE_MARKET, {"concept": "fighting_climate_change", "allow_specification": True},
)


def nhs_kpi(at: AtThreshold = AtThreshold.LOWER) -> PolicyRule:
    return PolicyRule(
        "sv_kpi", RuleKind.KPI_REQUIRED, "Social value KPI in the contract", S002_KPI, Stage.TENDER,
        {"basis": ValueBasis.TOTAL, "over": D(5000000), "weighting_over": D(15), "at_threshold": at},
    )


NHS_PUBLISH = PolicyRule(
    "kpis_publishable", RuleKind.OFFICER_CONFIRMATION, "KPIs publishable", S002_PUBLISH, Stage.TENDER,
    {"basis": ValueBasis.TOTAL, "over": D(5000000), "severity": Severity.WARNING,
     "regimes": (Regime.PA2023,)},
)
NHS_CRP = PolicyRule(
    "carbon_reduction_plan", RuleKind.CARBON_PLAN, "Supplier carbon reduction plan", S002_CRP,
    Stage.EVALUATION,
    {"basis": ValueBasis.ANNUAL, "full_from": D(5000000), "nzc_above": D(10000),
     "vat_basis": VatBasis.EXCLUDING, "net_zero_by": 2050, "advised_net_zero_by": 2045,
     "max_age_months": 12, "full_crp_from": date(2023, 4, 1), "nzc_from": date(2024, 4, 1),
     "all_scopes_from": date(2027, 4, 1)},
)
NHS_PIPELINE = PolicyRule(
    "renewals_pipeline", RuleKind.RENEWAL_PIPELINE, "Rolling 12-month pipeline of renewals",
    S002_PIPELINE, Stage.AWARDED, {"months": 12},
)
COUNCIL_STANDARDS = PolicyRule(
    "minimum_standards", RuleKind.OFFICER_CONFIRMATION, "Minimum standards from all bidders",
    S003_STANDARDS, Stage.EVALUATION, {"severity": Severity.WARNING},
)
COUNCIL_BANDS = PolicyRule(
    "weighting_bands", RuleKind.MIN_WEIGHTING, "Social value weighting by contract value", S003_BANDS,
    Stage.TENDER,
    {"basis": ValueBasis.TOTAL, "bands": (
        WeightingBand(D(5), above=D(50000), up_to=D(100000), lower_inclusive=True, upper_inclusive=True),
        WeightingBand(D(10), above=D(100000)),
    )},
    exception_allowed=True,
)
COUNCIL_DEDUCTIONS = PolicyRule(
    "payment_deductions", RuleKind.ADVICE, "Payment deductions for undelivered social value",
    S003_DEDUCTIONS, Stage.TENDER,
    {"message": "Payment deductions are available for undelivered commitments",
     "basis": ValueBasis.TOTAL, "over": D(100000)},
)


def facts(**changes) -> ContractFacts:
    values = dict(reference="C-1", stage=Stage.TENDER, category=Category.OTHER, total_value=None,
                  annual_value=None, vat_basis=VatBasis.EXCLUDING)
    values.update(changes)
    return ContractFacts(**values)


def profile(*rules: PolicyRule, vat_basis: VatBasis = VatBasis.EXCLUDING) -> PolicyProfile:
    return PolicyProfile(id="test", name="Test policy", short_name="Test", organisation_type="test",
                         source="tests", description="For tests.", rules=rules, vat_basis=vat_basis)


def check(rule: PolicyRule, **changes) -> RuleResult:
    results = evaluate(profile(rule), facts(**changes), TODAY)
    assert len(results) == 1
    return results[0]


# -- every result --------------------------------------------------------------------


def test_one_result_per_rule_in_profile_order_each_with_source_and_basis():
    """Each checklist line names its source (seed INDEX: cite the seed file and section)."""
    rules = (NHS_MIN, NHS_THEME, nhs_kpi(), NHS_PUBLISH, NHS_CRP, NHS_PIPELINE, COUNCIL_STANDARDS,
             COUNCIL_BANDS, COUNCIL_DEDUCTIONS)
    results = evaluate(profile(*rules), facts(total_value=D(200000), annual_value=D(50000)), TODAY)
    assert [r.rule_id for r in results] == [r.id for r in rules]
    assert [r.source for r in results] == [r.source for r in rules]
    assert all(r.basis for r in results)
    assert all(r.reason for r in results)
    assert results[2].basis == "total contract value (excluding VAT)"
    assert results[4].basis == "annual value (excluding VAT)"
    assert results[7].exception_allowed and not results[0].exception_allowed


def test_a_cancelled_contract_gets_does_not_apply_for_every_rule():
    """A cancelled procurement commissions nothing, so no rule of 002 or 003 applies to it."""
    results = evaluate(profile(NHS_MIN, NHS_CRP), facts(stage=Stage.CANCELLED), TODAY)
    assert {r.verdict for r in results} == {Verdict.NOT_APPLICABLE}


# -- min_weighting: council bands -------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weighting", "verdict"),
    [
        ("49999.99", None, Verdict.NOT_APPLICABLE),
        ("49999.99", "0", Verdict.NOT_APPLICABLE),
        ("50000", "4.99", Verdict.FAIL),
        ("50000", "5", Verdict.PASS),
        ("50000.01", "4.99", Verdict.FAIL),
        ("50000.01", "5", Verdict.PASS),
        ("100000", "5", Verdict.PASS),
        ("100000", "4.99", Verdict.FAIL),
        ("100000.01", "5", Verdict.FAIL),
        ("100000.01", "9.99", Verdict.FAIL),
        ("100000.01", "10", Verdict.PASS),
    ],
)
def test_council_weighting_bands_at_and_either_side_of_50000_and_100000(total, weighting, verdict):
    """003_5dc777972350c492.txt, (iv): "between £50,000 and £100,000" → 5% (both ends
    included), "above £100,000 total value" → 10%."""
    result = check(COUNCIL_BANDS, total_value=D(total),
                   sv_weighting_percent=D(weighting) if weighting is not None else None)
    assert result.verdict is verdict
    assert result.basis == "total contract value (excluding VAT)"


def test_council_below_50000_needs_no_weighting_and_says_why():
    """003_5dc777972350c492.txt, (iv): the bands start at £50,000; below that, nothing is asked."""
    result = check(COUNCIL_BANDS, total_value=D("49999.99"))
    assert result.reason == "£49,999.99 is below £50,000: no weighting required by this policy."


def test_council_shortfall_names_the_numbers():
    """003_5dc777972350c492.txt, (iv): 10% above £100,000."""
    result = check(COUNCIL_BANDS, total_value=D("100000.01"), sv_weighting_percent=D(5))
    assert result.verdict is Verdict.FAIL
    assert "5% weighting is below the minimum 10%" in result.reason
    assert "over £100,000" in result.reason and "£100,000.01" in result.reason


def test_council_justification_turns_a_shortfall_into_an_accepted_exception():
    """003_5dc777972350c492.txt, (iv): "This standard weighting could be varied on a case by
    case basis as appropriate"."""
    result = check(COUNCIL_BANDS, total_value=D(250000), sv_weighting_percent=D(5),
                   exceptions={"weighting_bands": "Single specialist supplier; agreed by Head of Procurement"})
    assert result.verdict is Verdict.EXCEPTION
    assert "Single specialist supplier" in result.reason
    assert "below the minimum 10%" in result.reason


def test_a_blank_justification_is_no_exception():
    """003_5dc777972350c492.txt, (iv): a variation needs a reason to be on record."""
    result = check(COUNCIL_BANDS, total_value=D(250000), sv_weighting_percent=D(5),
                   exceptions={"weighting_bands": "   "})
    assert result.verdict is Verdict.FAIL


def test_an_exception_for_another_rule_does_not_count():
    """003_5dc777972350c492.txt, (iv): exceptions are recorded per rule."""
    result = check(COUNCIL_BANDS, total_value=D(250000), sv_weighting_percent=D(5),
                   exceptions={"min_weighting_10": "wrong rule"})
    assert result.verdict is Verdict.FAIL


def test_no_weighting_is_not_yet_before_tender_and_a_fail_from_tender():
    """002_80f5ea46fbe04add.txt, §1.1.1 ("minimum weighting of 10% ... in all new contracts")
    and 003_5dc777972350c492.txt, (iv): the weighting is set for the tender."""
    for stage in (Stage.PIPELINE, Stage.PRE_MARKET):
        assert check(COUNCIL_BANDS, stage=stage, total_value=D(60000)).verdict is Verdict.NOT_YET
        assert check(NHS_MIN, stage=stage).verdict is Verdict.NOT_YET
    for stage in (Stage.TENDER, Stage.EVALUATION, Stage.DELIVERY):
        result = check(COUNCIL_BANDS, stage=stage, total_value=D(60000))
        assert result.verdict is Verdict.FAIL
        assert "No social value weighting recorded" in result.reason


def test_a_recorded_shortfall_fails_even_before_tender():
    """002_80f5ea46fbe04add.txt, §1.1.1: a weighting set below 10% is a breach whenever it is set."""
    assert check(NHS_MIN, stage=Stage.PIPELINE, sv_weighting_percent=D(5)).verdict is Verdict.FAIL


def test_council_bands_need_a_total_value():
    """003_5dc777972350c492.txt, (iv): the band depends on the total value."""
    result = check(COUNCIL_BANDS, sv_weighting_percent=D(10))
    assert result.verdict is Verdict.WARNING
    assert result.reason == "No total value recorded, so the value band cannot be worked out."


def test_council_bands_use_the_total_value_not_the_annual_value():
    """003_5dc777972350c492.txt, (iv): "contracts with a total value ..."."""
    result = check(COUNCIL_BANDS, total_value=D(40000), annual_value=D(150000), sv_weighting_percent=D(0))
    assert result.verdict is Verdict.NOT_APPLICABLE


def test_a_contract_recorded_including_vat_is_flagged_not_converted():
    """003_5dc777972350c492.txt, (iv) is silent on VAT; the profile reads excluding VAT
    (reference/domain_rules.md §1.1: bases differ between sources)."""
    result = check(COUNCIL_BANDS, total_value=D(100000), vat_basis=VatBasis.INCLUDING,
                   sv_weighting_percent=D(5))
    assert result.verdict is Verdict.PASS  # £100,000 as recorded: the 5% band
    assert "recorded including VAT" in result.reason and "not converted" in result.reason


def test_band_bounds_follow_the_inclusive_settings():
    """003_5dc777972350c492.txt, (iv): whether a bound is inclusive is a setting of each band."""
    strict = WeightingBand(D(5), above=D(50000), up_to=D(100000))
    assert not strict.contains(D(50000)) and strict.contains(D("50000.01"))
    assert strict.contains(D(100000))
    inclusive = WeightingBand(D(5), above=D(50000), up_to=D(100000), lower_inclusive=True,
                              upper_inclusive=False)
    assert inclusive.contains(D(50000)) and not inclusive.contains(D(100000))


# -- min_weighting: NHS 10 % -------------------------------------------------------------


@pytest.mark.parametrize(("weighting", "verdict"),
                         [("9.99", Verdict.FAIL), ("10", Verdict.PASS), ("10.01", Verdict.PASS)])
def test_nhs_minimum_10_percent_whatever_the_value(weighting, verdict):
    """002_80f5ea46fbe04add.txt, §1.1.1: "a minimum weighting of 10% for social value in all
    new contracts"; Appendix Two compliance KPI."""
    result = check(NHS_MIN, sv_weighting_percent=D(weighting))  # no value recorded: not needed
    assert result.verdict is verdict
    assert "all contracts" in result.reason


def test_nhs_minimum_allows_no_exception():
    """002_80f5ea46fbe04add.txt, §1.1.1 "Requires": the NHS minimum is not variable."""
    result = check(NHS_MIN, sv_weighting_percent=D(5), exceptions={"min_weighting_10": "small market"})
    assert result.verdict is Verdict.FAIL
    assert "does not allow exceptions" in result.reason


# -- theme_covered ---------------------------------------------------------------------


def test_fighting_climate_change_covered_by_a_selected_outcome():
    """002_80f5ea46fbe04add.txt, §1.1.1: "'Fighting Climate Change' is mandated in all tenders"."""
    result = check(NHS_THEME, concepts_covered=frozenset({"fighting_climate_change"}))
    assert result.verdict is Verdict.PASS
    assert "covered by the selected outcomes" in result.reason


def test_fighting_climate_change_covered_by_the_specification():
    """002_80f5ea46fbe04add.txt, §1.1.1; reference/domain_rules.md §3: "either in the technical
    specification, through the social value criteria, or a combination of both"."""
    result = check(NHS_THEME, specification_covers=frozenset({"fighting_climate_change"}))
    assert result.verdict is Verdict.PASS
    assert "specification covers it" in result.reason


def test_specification_does_not_count_when_the_profile_says_so():
    """002_80f5ea46fbe04add.txt, §4.1 ("select the mandatory fighting climate change theme"):
    a profile may insist on a selected outcome."""
    strict = PolicyRule(NHS_THEME.id, NHS_THEME.kind, NHS_THEME.title, NHS_THEME.source,
                        NHS_THEME.applies_from, {"concept": "fighting_climate_change",
                                                 "allow_specification": False})
    result = check(strict, specification_covers=frozenset({"fighting_climate_change"}))
    assert result.verdict is Verdict.FAIL


def test_fighting_climate_change_missing_is_not_yet_in_the_pipeline_and_a_fail_from_pre_market():
    """002_80f5ea46fbe04add.txt, §4.1: the theme is selected at pre-market engagement."""
    other = frozenset({"fair_work"})
    assert check(NHS_THEME, stage=Stage.PIPELINE, concepts_covered=other).verdict is Verdict.NOT_YET
    for stage in (Stage.PRE_MARKET, Stage.TENDER, Stage.DELIVERY):
        assert check(NHS_THEME, stage=stage, concepts_covered=other).verdict is Verdict.FAIL


# -- kpi_required ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weighting", "at", "required"),
    [
        ("4999999.99", "15", AtThreshold.LOWER, False),
        ("4999999.99", "15.01", AtThreshold.LOWER, True),
        ("4999999.99", "15", AtThreshold.UPPER, False),
        ("4999999.99", "15.01", AtThreshold.UPPER, True),
        ("5000000", "15", AtThreshold.LOWER, False),
        ("5000000", "15.01", AtThreshold.LOWER, True),
        ("5000000", "15", AtThreshold.UPPER, True),
        ("5000000", "0", AtThreshold.UPPER, True),
        ("5000000.01", "0", AtThreshold.LOWER, True),
        ("5000000.01", "0", AtThreshold.UPPER, True),
    ],
)
def test_kpi_rule_at_and_either_side_of_5m_and_15_percent(total, weighting, at, required):
    """002_80f5ea46fbe04add.txt, §4.2 a: "Include a KPI ... in all contracts over £5m and for
    contracts under £5m where Social Value has a weighting over 15%". Exactly £5m is in
    neither group: at_threshold decides (default lower)."""
    rule = nhs_kpi(at)
    without = check(rule, total_value=D(total), sv_weighting_percent=D(weighting))
    with_kpi = check(rule, total_value=D(total), sv_weighting_percent=D(weighting), selected_metrics=1)
    if required:
        assert without.verdict is Verdict.FAIL
        assert with_kpi.verdict is Verdict.PASS
    else:
        assert without.verdict is Verdict.NOT_APPLICABLE
        assert with_kpi.verdict is Verdict.NOT_APPLICABLE


def test_kpi_not_required_says_why_in_plain_words():
    """002_80f5ea46fbe04add.txt, §4.2 a."""
    result = check(nhs_kpi(), total_value=D(3000000), sv_weighting_percent=D(10))
    assert result.reason == (
        "£3m with 10% weighting: a KPI is required only over £5m, or over 15% weighting."
    )


def test_kpi_at_exactly_5m_says_which_group_the_profile_chose():
    """002_80f5ea46fbe04add.txt, §4.2 a says "over £5m" / "under £5m"; exactly £5m is a setting."""
    lower = check(nhs_kpi(AtThreshold.LOWER), total_value=D(5000000), sv_weighting_percent=D(10))
    assert "exactly £5m counts as under £5m" in lower.reason
    upper = check(nhs_kpi(AtThreshold.UPPER), total_value=D(5000000), sv_weighting_percent=D(10))
    assert upper.verdict is Verdict.FAIL
    assert "exactly £5m, which this profile counts as over £5m" in upper.reason


def test_kpi_required_is_not_yet_before_tender():
    """002_80f5ea46fbe04add.txt, §4.2 (Procurement Stage): the KPI goes into the tender."""
    result = check(nhs_kpi(), stage=Stage.PRE_MARKET, total_value=D(6000000))
    assert result.verdict is Verdict.NOT_YET
    assert check(nhs_kpi(), stage=Stage.TENDER, total_value=D(6000000)).verdict is Verdict.FAIL


def test_kpi_uses_the_total_value_not_the_annual_value():
    """002_80f5ea46fbe04add.txt, §4.2 a: "contracts over £5m" is the contract's total value."""
    result = check(nhs_kpi(), total_value=D(4000000), annual_value=D(9000000), sv_weighting_percent=D(10))
    assert result.verdict is Verdict.NOT_APPLICABLE
    assert result.basis == "total contract value (excluding VAT)"


def test_kpi_under_5m_without_a_weighting_cannot_be_decided():
    """002_80f5ea46fbe04add.txt, §4.2 a: under £5m the weighting decides."""
    assert check(nhs_kpi(), total_value=D(1000000)).verdict is Verdict.WARNING
    assert check(nhs_kpi(), stage=Stage.PIPELINE, total_value=D(1000000)).verdict is Verdict.NOT_YET
    assert check(nhs_kpi(), total_value=D(1000000), selected_metrics=2).verdict is Verdict.PASS


def test_kpi_needs_a_total_value():
    """002_80f5ea46fbe04add.txt, §4.2 a: the £5m test needs the value."""
    result = check(nhs_kpi(), annual_value=D(9000000), sv_weighting_percent=D(20))
    assert result.verdict is Verdict.WARNING
    assert result.reason.startswith("No total value recorded")


# -- carbon_plan -------------------------------------------------------------------------
#
# The plan is checked as at the contract's tender deadline (the selection gate), or today when
# none is recorded; only plan versions dated on or before that date count
# (resources/policies/nhs_trust.yaml, carbon_reduction_plan notes). The plan checks themselves
# are tested in tests/domain/test_carbon_plan.py.

DEADLINE = date(2026, 1, 30)


def crp(**changes) -> CarbonPlanData:
    """A full CRP that meets every rule on DEADLINE and on TODAY."""
    figures = emissions({s: EmissionFigure(D(100)) for s in REQUIRED_SOURCES})
    values = dict(plan_type=CarbonPlan.FULL_CRP, publication_date=date(2025, 9, 30),
                  url="https://acme.example/crp", baseline_year=2019, baseline=figures,
                  reporting_year_end=date(2025, 3, 31), current=figures, net_zero_year=2045,
                  scopes_covered=frozenset(Scope), approved_by="Board of directors",
                  approved_on=date(2025, 9, 15))
    values.update(changes)
    return CarbonPlanData(**values)


def nzc_plan(**changes) -> CarbonPlanData:
    """A Net Zero Commitment that meets every rule on DEADLINE and on TODAY."""
    values = dict(plan_type=CarbonPlan.NZC, net_zero_year=2045, scopes_covered=frozenset(Scope),
                  approved_by="Board of directors", approved_on=date(2025, 6, 1))
    values.update(changes)
    return CarbonPlanData(**values)


def supplier(*plans: CarbonPlanData, name: str = "Acme Ltd") -> SupplierPlans:
    return SupplierPlans(name, plans=plans)


@pytest.mark.parametrize(
    ("annual", "needed"),
    [
        ("10000", None),
        ("10000.01", CarbonPlan.NZC),
        ("4999999.99", CarbonPlan.NZC),
        ("5000000", CarbonPlan.FULL_CRP),
        ("5000000.01", CarbonPlan.FULL_CRP),
    ],
)
def test_carbon_plan_tiers_at_and_either_side_of_10000_and_5m_a_year(annual, needed):
    """002_80f5ea46fbe04add.txt, §4.2 ("Obtain a copy of the supplier's Carbon Reduction
    Plan"); reference/domain_rules.md §2.3: full CRP at £5m a year and above, Net Zero
    Commitment below £5m and above £10k a year (exc. VAT)."""
    value = dict(annual_value=D(annual), stage=Stage.AWARDED, tender_deadline=DEADLINE)
    no_plan = check(NHS_CRP, supplier_plans=(supplier(),), **value)
    if needed is None:
        assert no_plan.verdict is Verdict.NOT_APPLICABLE
        assert no_plan.reason == (
            "No supplier carbon plan is required as at the tender deadline 30/01/2026. "
            "Annual value £10k is not over £10k."
        )
        assert check(NHS_CRP, supplier_plans=(supplier(nzc_plan()),), **value).verdict is Verdict.NOT_APPLICABLE
        return
    assert no_plan.verdict is Verdict.WARNING
    assert no_plan.reason.startswith(f"Requires a {needed.label} (")
    assert no_plan.reason.endswith("Acme Ltd: no plan recorded.")
    held = crp() if needed is CarbonPlan.FULL_CRP else nzc_plan()
    assert check(NHS_CRP, supplier_plans=(supplier(held),), **value).verdict is Verdict.PASS
    assert check(NHS_CRP, supplier_plans=(supplier(crp()),), **value).verdict is Verdict.PASS


def test_a_net_zero_commitment_does_not_satisfy_a_full_plan_requirement():
    """reference/domain_rules.md §2.3: a full CRP for £5m a year and above; a full plan also
    satisfies a Net Zero Commitment requirement (resources/policies/nhs_trust.yaml)."""
    result = check(NHS_CRP, annual_value=D(6200000), stage=Stage.AWARDED, tender_deadline=DEADLINE,
                   supplier_plans=(supplier(nzc_plan()),))
    assert result.verdict is Verdict.WARNING
    assert result.reason == (
        "Requires a full Carbon Reduction Plan (annual value £6.2m is £5m or more), checked as at "
        "the tender deadline 30/01/2026. Acme Ltd: only a Net Zero Commitment of 01/06/2025 is recorded."
    )
    full = check(NHS_CRP, annual_value=D(50000), stage=Stage.AWARDED, tender_deadline=DEADLINE,
                 supplier_plans=(supplier(crp()),))
    assert full.verdict is Verdict.PASS
    assert full.reason.startswith("Acme Ltd's full Carbon Reduction Plan of 30/09/2025 meets the rules")
    assert full.reason.endswith("this contract requires a Net Zero Commitment "
                                "(annual value £50k is over £10k and under £5m).")


def test_carbon_plan_reason_reads_plainly():
    """002_80f5ea46fbe04add.txt, §4.2; reference/domain_rules.md §2.3."""
    result = check(NHS_CRP, annual_value=D(6200000), stage=Stage.DELIVERY)
    assert result.verdict is Verdict.WARNING
    assert result.reason == (
        "Requires a full Carbon Reduction Plan (annual value £6.2m is £5m or more); "
        "no supplier is recorded on the contract."
    )
    assert result.basis == "annual value (excluding VAT)"
    passed = check(NHS_CRP, annual_value=D("6200000.00"), stage=Stage.DELIVERY, tender_deadline=DEADLINE,
                   supplier_plans=(supplier(crp()),))
    assert passed.reason == (
        "Acme Ltd's full Carbon Reduction Plan of 30/09/2025 meets the rules as at the tender deadline "
        "30/01/2026; this contract requires a full Carbon Reduction Plan (annual value £6.2m is £5m or more)."
    )


def test_carbon_plan_is_not_yet_while_bidders_have_no_supplier_record():
    """002_80f5ea46fbe04add.txt, §4.2 (Procurement Stage): the plan comes from the bidder; once
    the contract is awarded, a contract without a supplier cannot be checked."""
    for stage in (Stage.PIPELINE, Stage.PRE_MARKET, Stage.TENDER, Stage.EVALUATION):
        result = check(NHS_CRP, stage=stage, annual_value=D(6000000), tender_deadline=DEADLINE)
        assert result.verdict is Verdict.NOT_YET
        assert result.reason.startswith(
            "Bidders will need a full Carbon Reduction Plan (annual value £6m is £5m or more), checked "
            "as at the tender deadline 30/01/2026")
    for stage in (Stage.AWARDED, Stage.DELIVERY, Stage.CLOSED):
        assert check(NHS_CRP, stage=stage, annual_value=D(6000000)).verdict is Verdict.WARNING


def test_carbon_plan_uses_the_annual_value_not_the_total():
    """reference/domain_rules.md §2.3: the tiers are "per annum"."""
    result = check(NHS_CRP, total_value=D(50000000), annual_value=D(8000))
    assert result.verdict is Verdict.NOT_APPLICABLE
    missing = check(NHS_CRP, total_value=D(50000000))
    assert missing.verdict is Verdict.WARNING
    assert missing.reason.startswith("No annual value recorded")


def test_carbon_plan_flags_a_value_recorded_including_vat_without_converting_it():
    """reference/domain_rules.md §1.1: NHS guidance exc. VAT, PPN 006 inc. VAT."""
    result = check(NHS_CRP, annual_value=D(5000000), vat_basis=VatBasis.INCLUDING)
    assert "full Carbon Reduction Plan" in result.reason  # £5m as recorded
    assert "recorded including VAT" in result.reason and "excluding VAT" in result.reason


def test_a_profile_may_read_thresholds_including_vat():
    """reference/domain_rules.md §1.1: PPN 006 states £5m a year including VAT."""
    rule = PolicyRule(NHS_CRP.id, NHS_CRP.kind, NHS_CRP.title, NHS_CRP.source, NHS_CRP.applies_from,
                      {"full_from": D(5000000), "nzc_above": D(10000)})
    result = evaluate(profile(rule, vat_basis=VatBasis.INCLUDING),
                      facts(annual_value=D(6000000), vat_basis=VatBasis.INCLUDING), TODAY)[0]
    assert result.basis == "annual value (including VAT)"
    assert "Note:" not in result.reason


def test_carbon_plan_requirements_come_from_the_rule():
    """reference/domain_rules.md §1.2 (2050, 12 months), §2.2 (April 2023, 2024, 2027 milestones)
    and §2.3 (tiers, 2045 ambition), as the NHS trust profile sets them."""
    assert carbon_requirements(NHS_CRP) == CarbonRequirements()
    bare = PolicyRule("crp", RuleKind.CARBON_PLAN, "CRP", "tests", Stage.EVALUATION,
                      {"full_from": D(1000000), "nzc_above": D(0)})
    assert carbon_requirements(bare) == CarbonRequirements(
        full_from=D(1000000), nzc_above=D(0), advised_net_zero_by=None, full_crp_from=None, nzc_from=None,
        all_scopes_from=None)


@pytest.mark.parametrize(
    ("deadline", "verdict"),
    [
        (date(2026, 3, 31), Verdict.PASS),  # reporting year ended exactly 12 months before
        (date(2026, 4, 1), Verdict.FAIL),  # 12 months and a day
        (None, Verdict.PASS),  # today, 02/03/2026
    ],
)
def test_carbon_plan_is_checked_as_at_the_tender_deadline_else_today(deadline, verdict):
    """reference/domain_rules.md §1.2 Current emissions: "a full 12 months ending within the last
    12 months before bidding": the tender deadline is the selection gate."""
    plan = crp(publication_date=date(2025, 4, 30), approved_on=date(2025, 4, 20),
               reporting_year_end=date(2025, 3, 31))
    result = check(NHS_CRP, annual_value=D(6000000), stage=Stage.EVALUATION, tender_deadline=deadline,
                   supplier_plans=(supplier(plan),))
    assert result.verdict is verdict
    if deadline is None:
        assert "as at today, 02/03/2026 (no tender deadline recorded)" in result.reason
    else:
        assert f"as at the tender deadline {deadline:%d/%m/%Y}" in result.reason
    if verdict is Verdict.FAIL:
        assert "The reporting year ended on 31/03/2025, more than 12 months before 01/04/2026" in result.reason


def test_a_plan_published_after_the_tender_deadline_does_not_count():
    """reference/domain_rules.md §1.2 Publication and Current emissions ("before bidding"): the plan
    must be published by the selection gate; one published that day counts, the day after does not."""
    on_the_day = crp(publication_date=DEADLINE, approved_on=date(2026, 1, 20))
    day_after = crp(publication_date=date(2026, 1, 31), approved_on=date(2026, 1, 20))
    common = dict(annual_value=D(6000000), stage=Stage.EVALUATION, tender_deadline=DEADLINE)
    assert check(NHS_CRP, supplier_plans=(supplier(on_the_day),), **common).verdict is Verdict.PASS
    late = check(NHS_CRP, supplier_plans=(supplier(day_after),), **common)
    assert late.verdict is Verdict.WARNING
    assert late.reason.endswith("Acme Ltd: no plan recorded (only versions dated after the check date).")


def test_the_version_in_force_at_the_deadline_is_the_one_checked():
    """reference/domain_rules.md §1.2 Update frequency: plans are re-published at least annually;
    a version published after the deadline does not rescue (or spoil) the one bid with."""
    old_failing = crp(net_zero_year=2051, publication_date=date(2025, 9, 30))
    new_passing = crp(publication_date=date(2026, 2, 15), approved_on=date(2026, 2, 10))
    result = check(NHS_CRP, annual_value=D(6000000), stage=Stage.EVALUATION, tender_deadline=DEADLINE,
                   supplier_plans=(supplier(new_passing, old_failing),))
    assert result.verdict is Verdict.FAIL
    assert "Net zero by 2051 is later than 2050" in result.reason
    today = check(NHS_CRP, annual_value=D(6000000), stage=Stage.EVALUATION,
                  supplier_plans=(supplier(new_passing, old_failing),))
    assert today.verdict is Verdict.PASS
    assert "of 15/02/2026" in today.reason


def test_plan_on_picks_the_latest_version_dated_on_or_before_the_check_date():
    """reference/domain_rules.md §1.2 Update frequency and Sign-off: a version is dated by its
    publication, else its approval."""
    first = crp(publication_date=date(2024, 9, 30))
    second = crp(publication_date=date(2025, 9, 30))
    approved_only = crp(publication_date=None, approved_on=date(2025, 12, 1))
    undated = crp(publication_date=None, approved_on=None)
    assert plan_on((first, second), date(2025, 9, 29)) is first
    assert plan_on((second, first), date(2025, 9, 30)) is second
    assert plan_on((first, second, approved_only), date(2026, 1, 1)) is approved_only
    assert plan_on((first,), date(2024, 9, 29)) is None
    assert plan_on((), DEADLINE) is None
    assert plan_on((undated,), DEADLINE) is undated  # undated counts, and fails its date checks
    assert plan_on((undated, first), DEADLINE) is first


def test_a_failing_plan_fails_the_rule_with_its_reasons():
    """reference/domain_rules.md §1.2 Assessment: pass/fail; Scopes: Cat 7 is required; Net zero
    commitment: by 2050 at the latest."""
    figures = emissions({s: EmissionFigure(D(100)) for s in REQUIRED_SOURCES if s is not EmissionSource.CAT7})
    plan = crp(current=figures, net_zero_year=2051)
    result = check(NHS_CRP, annual_value=D(6000000), stage=Stage.AWARDED, tender_deadline=DEADLINE,
                   supplier_plans=(supplier(plan),))
    assert result.verdict is Verdict.FAIL
    assert result.reason == (
        "Requires a full Carbon Reduction Plan (annual value £6m is £5m or more), checked as at the tender "
        "deadline 30/01/2026. Acme Ltd's full Carbon Reduction Plan of 30/09/2025 does not meet the rules: "
        "Net zero by 2051 is later than 2050, the latest year allowed. Current emissions must cover Scope 1, "
        "2 and Scope 3 categories 4, 5, 6, 7 and 9: no figure for Cat 7."
    )


def test_a_failing_net_zero_commitment_fails_the_rule():
    """reference/domain_rules.md §2.3 NZC template ("made on [DD/MM/YY] by the [approving
    board/equivalent management body]")."""
    result = check(NHS_CRP, annual_value=D(50000), stage=Stage.AWARDED, tender_deadline=DEADLINE,
                   supplier_plans=(supplier(nzc_plan(approved_by="")),))
    assert result.verdict is Verdict.FAIL
    assert "The approval date is recorded but not who approved it." in result.reason


def test_advice_on_the_2045_ambition_does_not_fail_the_rule():
    """reference/domain_rules.md §2.3 Target year: "2050 still meets the minimum"."""
    result = check(NHS_CRP, annual_value=D(6000000), stage=Stage.AWARDED, tender_deadline=DEADLINE,
                   supplier_plans=(supplier(crp(net_zero_year=2050)),))
    assert result.verdict is Verdict.PASS


def test_an_exception_is_not_allowed_for_a_failing_plan():
    """002_80f5ea46fbe04add.txt, §4.2 and reference/domain_rules.md §1.2 Assessment: a plan is
    pass/fail; the NHS profile allows no exception to this rule."""
    result = check(NHS_CRP, annual_value=D(6000000), stage=Stage.AWARDED, tender_deadline=DEADLINE,
                   supplier_plans=(supplier(crp(url="")),),
                   exceptions={"carbon_reduction_plan": "Supplier's website down"})
    assert result.verdict is Verdict.FAIL
    assert "does not allow exceptions" in result.reason


@pytest.mark.parametrize(
    ("deadline", "held", "verdict", "words"),
    [
        (date(2024, 3, 31), None, Verdict.NOT_APPLICABLE,
         "Net Zero Commitments are required from 01/04/2024; not yet on 31/03/2024."),
        (date(2024, 4, 1), None, Verdict.WARNING, "Requires a Net Zero Commitment"),
        (date(2027, 3, 31), "nzc", Verdict.PASS, "this contract requires a Net Zero Commitment"),
        (date(2027, 4, 1), "nzc", Verdict.WARNING, "only a Net Zero Commitment of"),
    ],
)
def test_the_roadmap_dates_are_read_at_the_check_date(deadline, held, verdict, words):
    """reference/domain_rules.md §2.2: Net Zero Commitments from April 2024; from April 2027 every
    supplier a full plan covering Scope 1, 2 and 3."""
    plans = (nzc_plan(approved_on=deadline),) if held else ()
    result = check(NHS_CRP, annual_value=D(50000), stage=Stage.AWARDED, tender_deadline=deadline,
                   supplier_plans=(supplier(*plans),))
    assert result.verdict is verdict
    assert words in result.reason


def test_full_plans_before_april_2023_are_not_required():
    """reference/domain_rules.md §2.2 April 2023: new contracts above £5m a year."""
    before = check(NHS_CRP, annual_value=D(6000000), stage=Stage.AWARDED, tender_deadline=date(2023, 3, 31),
                   supplier_plans=(supplier(),))
    assert before.verdict is Verdict.NOT_APPLICABLE
    assert before.reason == (
        "No supplier carbon plan is required as at the tender deadline 31/03/2023. Full plans are required "
        "from 01/04/2023; not yet on 31/03/2023."
    )
    on = check(NHS_CRP, annual_value=D(6000000), stage=Stage.AWARDED, tender_deadline=date(2023, 4, 1),
               supplier_plans=(supplier(),))
    assert on.verdict is Verdict.WARNING


def test_every_linked_supplier_is_checked():
    """002_80f5ea46fbe04add.txt, §4.2 ("Obtain a copy of the supplier's Carbon Reduction Plan"):
    a contract with several suppliers (lots, frameworks) needs a plan from each."""
    common = dict(annual_value=D(6000000), stage=Stage.AWARDED, tender_deadline=DEADLINE)
    both = check(NHS_CRP, supplier_plans=(supplier(crp()), supplier(crp(), name="Beta plc")), **common)
    assert both.verdict is Verdict.PASS
    assert both.reason.startswith("Acme Ltd's full Carbon Reduction Plan of 30/09/2025; Beta plc's full "
                                  "Carbon Reduction Plan of 30/09/2025 meet the rules")
    one_missing = check(NHS_CRP, supplier_plans=(supplier(crp()), supplier(name="Beta plc")), **common)
    assert one_missing.verdict is Verdict.WARNING
    assert one_missing.reason.endswith("Beta plc: no plan recorded.")
    failing_and_missing = check(
        NHS_CRP, supplier_plans=(supplier(crp(url="")), supplier(name="Beta plc"), supplier(crp(), name="Gamma")),
        **common)
    assert failing_and_missing.verdict is Verdict.FAIL
    assert failing_and_missing.reason.endswith(
        "does not meet the rules: No web address recorded for the published plan. Beta plc: no plan recorded.")
    assert "Gamma" not in failing_and_missing.reason


# -- renewal_pipeline ---------------------------------------------------------------------


def test_a_live_contract_ending_within_12_months_is_in_the_pipeline():
    """002_80f5ea46fbe04add.txt, §4.1: "Identify a pipeline of contract renewal and new
    tenders for the next 12 months"."""
    result = check(NHS_PIPELINE, stage=Stage.DELIVERY, end_date=date(2026, 11, 30),
                   decision_due=date(2026, 5, 31))
    assert result.verdict is Verdict.PASS
    assert result.reason == (
        "In the 12-month renewals pipeline (ends 30 November 2026); decision due 31 May 2026."
    )


def test_a_passed_decision_date_is_a_warning_until_the_decision_is_recorded():
    """002_80f5ea46fbe04add.txt, §4.1 and §5.1 (the procurement lead keeps the pipeline)."""
    result = check(NHS_PIPELINE, stage=Stage.AWARDED, end_date=date(2026, 6, 30),
                   decision_due=date(2026, 1, 31))
    assert result.verdict is Verdict.WARNING
    assert "was due on 31 January 2026" in result.reason and "record the decision" in result.reason
    done = check(NHS_PIPELINE, stage=Stage.AWARDED, end_date=date(2026, 6, 30),
                 decision_due=date(2026, 1, 31), confirmations=frozenset({"renewals_pipeline"}))
    assert done.verdict is Verdict.PASS


def test_the_pipeline_window_is_12_months_from_today():
    """002_80f5ea46fbe04add.txt, §4.1: "for the next 12 months"."""
    edge = add_months(TODAY, 12)
    inside = check(NHS_PIPELINE, stage=Stage.DELIVERY, end_date=edge, decision_due=TODAY)
    assert inside.verdict is Verdict.PASS  # due today: not yet passed
    outside = check(NHS_PIPELINE, stage=Stage.DELIVERY, end_date=date.fromordinal(edge.toordinal() + 1),
                    decision_due=TODAY)
    assert outside.verdict is Verdict.NOT_APPLICABLE


def test_only_live_contracts_join_the_renewals_pipeline():
    """002_80f5ea46fbe04add.txt, §4.1: the pipeline is of contract renewals."""
    ending = dict(end_date=date(2026, 6, 30), decision_due=date(2026, 1, 31))
    assert check(NHS_PIPELINE, stage=Stage.TENDER, **ending).verdict is Verdict.NOT_YET
    assert check(NHS_PIPELINE, stage=Stage.CLOSED, **ending).verdict is Verdict.NOT_APPLICABLE
    no_end = check(NHS_PIPELINE, stage=Stage.DELIVERY)
    assert no_end.verdict is Verdict.WARNING and "No end date recorded" in no_end.reason


# -- officer_confirmation ---------------------------------------------------------------


@pytest.mark.parametrize(("total", "verdict"), [("4999999.99", Verdict.NOT_APPLICABLE),
                                                ("5000000", Verdict.NOT_APPLICABLE),
                                                ("5000000.01", Verdict.WARNING)])
def test_kpis_publishable_applies_over_5m(total, verdict):
    """002_80f5ea46fbe04add.txt, §4.2 c: "Review confidentiality clauses to ensure they permit
    the publishing of KPIs in accordance with the Procurement Act 2023" (contracts over £5m)."""
    assert check(NHS_PUBLISH, total_value=D(total), regime=Regime.PA2023).verdict is verdict


def test_kpis_publishable_passes_once_confirmed_and_is_not_yet_before_tender():
    """002_80f5ea46fbe04add.txt, §4.2 c."""
    big = dict(total_value=D(8000000), regime=Regime.PA2023)
    assert check(NHS_PUBLISH, confirmations=frozenset({"kpis_publishable"}), **big).verdict is Verdict.PASS
    assert check(NHS_PUBLISH, stage=Stage.PRE_MARKET, **big).verdict is Verdict.NOT_YET


def test_kpis_publishable_only_for_procurement_act_contracts():
    """002_80f5ea46fbe04add.txt, §4.2 c: "in accordance with the Procurement Act 2023"."""
    pcr = check(NHS_PUBLISH, total_value=D(8000000), regime=Regime.PCR2015)
    assert pcr.verdict is Verdict.NOT_APPLICABLE and "Public Contracts Regulations 2015" in pcr.reason
    unknown = check(NHS_PUBLISH, total_value=D(8000000))
    assert unknown.verdict is Verdict.WARNING and "regime is not recorded" in unknown.reason


def test_council_minimum_standards_need_the_officers_confirmation():
    """003_5dc777972350c492.txt, (i): modern slavery, equality and diversity, health and
    safety, fair working practices expected "from all bidders"."""
    assert check(COUNCIL_STANDARDS, stage=Stage.TENDER).verdict is Verdict.NOT_YET
    assert check(COUNCIL_STANDARDS, stage=Stage.EVALUATION).verdict is Verdict.WARNING
    confirmed = check(COUNCIL_STANDARDS, stage=Stage.EVALUATION,
                      confirmations=frozenset({"minimum_standards"}))
    assert confirmed.verdict is Verdict.PASS
    assert confirmed.basis == "officer's confirmation (applies whatever the value)"
    strict = PolicyRule(COUNCIL_STANDARDS.id, COUNCIL_STANDARDS.kind, COUNCIL_STANDARDS.title,
                        COUNCIL_STANDARDS.source, Stage.EVALUATION, {"severity": Severity.FAIL})
    assert check(strict, stage=Stage.EVALUATION).verdict is Verdict.FAIL


# -- advice ----------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "verdict"), [("99999.99", Verdict.NOT_APPLICABLE),
                                                ("100000", Verdict.NOT_APPLICABLE),
                                                ("100000.01", Verdict.PASS)])
def test_payment_deductions_over_100000(total, verdict):
    """003_5dc777972350c492.txt, (vii): "For contracts over £100,000 total value the Council
    would reserve the right to reduce contractual payments"."""
    assert check(COUNCIL_DEDUCTIONS, total_value=D(total)).verdict is verdict


def test_payment_deductions_reason():
    """003_5dc777972350c492.txt, (vii)."""
    result = check(COUNCIL_DEDUCTIONS, total_value=D(250000))
    assert result.reason == (
        "Payment deductions are available for undelivered commitments (contract over £100,000)."
    )
    assert check(COUNCIL_DEDUCTIONS).verdict is Verdict.WARNING  # no value: cannot tell


# -- words -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [("5000000", "£5m"), ("6200000", "£6.2m"),
                                             ("100000", "£100,000"), ("49999.99", "£49,999.99"),
                                             ("5000000.01", "£5,000,000.01"), ("0", "£0")])
def test_money_in_reasons(value, text):
    """Amounts read as the seeds write them (002 §4.2 a "£5m"; 003 (iv) "£100,000")."""
    assert format_money_short(D(value)) == text


def test_percent_in_reasons():
    """Weightings read as the seeds write them (002 §4.2 a "15%")."""
    assert [format_percent(D(v)) for v in ("15", "15.01", "10.50", "100")] == ["15%", "15.01%", "10.5%", "100%"]
