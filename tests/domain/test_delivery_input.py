"""Input validation for commitments, delivery returns and remedies: every problem named by its field.

The payment-deduction threshold is the council profile's: "For contracts over £100,000 total value
the Council would reserve the right to reduce contractual payments" (003_5dc777972350c492.txt,
Policy interventions (vii); resources/policies/council.yaml settings.deductions_over). The NHS trust
profile sets no such limit (resources/policies/nhs_trust.yaml settings).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.delivery import Aggregation, CommitmentData, Frequency, Period, RemedyData, RemedyKind
from sv_desktop.domain.delivery_input import validate_commitment, validate_remedy, validate_return
from sv_desktop.domain.errors import ValidationError

D = Decimal
KNOWN_UNITS = frozenset(UNITS)
CONTRACT_START, CONTRACT_END = date(2026, 4, 1), date(2029, 3, 31)
TODAY = date(2026, 11, 28)
COUNCIL_DEDUCTIONS_OVER = D(100000)  # 003_5dc777972350c492.txt, Policy interventions (vii)


def commitment(**changes) -> CommitmentData:
    values = dict(title="Apprenticeships", unit="count", target=D(12), start_date=date(2026, 4, 1),
                  due_date=date(2027, 3, 31), frequency=Frequency.QUARTERLY, aggregation=Aggregation.SUM,
                  framework_id="ppn002", ref="1aii")
    values.update(changes)
    return CommitmentData(**values)


def fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in error.value.errors}


def check_commitment(data: CommitmentData) -> CommitmentData:
    return validate_commitment(data, KNOWN_UNITS, CONTRACT_START, CONTRACT_END)


Q1 = Period(date(2026, 4, 1), date(2026, 6, 30))


# -- commitments ----------------------------------------------------------------------------------

def test_a_good_commitment_is_returned_tidied():
    tidy = check_commitment(commitment(title="  Apprenticeships \n created ", cohort=" care leavers ",
                                       bid_text=" We will ... "))
    assert (tidy.title, tidy.cohort, tidy.bid_text) == ("Apprenticeships created", "care leavers", "We will ...")


def test_a_commitment_still_to_fill_in_from_the_bid_is_accepted():
    assert check_commitment(commitment(target=None, start_date=None, due_date=None)).missing == (
        "target", "start date", "due date")


@pytest.mark.parametrize("name, value", [("target", "-1"), ("baseline", "-0.01"), ("target", "NaN"),
                                         ("baseline", "Infinity"), ("target", "sNaN")])
def test_negative_or_non_numeric_targets_and_baselines_are_refused(name, value):
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(**{name: D(value)}))
    assert fields(error) == {name}


@pytest.mark.parametrize("name", ["target", "baseline"])
def test_figures_the_store_would_round_or_overflow_are_refused(name):
    """The store keeps four decimal places (Numeric(20, 4)): 1.00005 would silently become 1.0001."""
    assert getattr(check_commitment(commitment(**{name: D("1.0005")})), name) == D("1.0005")
    assert check_commitment(commitment(**{name: D("1.50000000")}))  # trailing zeros are not extra places
    for value, message in (("1.00005", "At most four decimal places."), ("1E+17", "Too large")):
        with pytest.raises(ValidationError) as error:
            check_commitment(commitment(**{name: D(value)}))
        assert error.value.for_field(name)[0].startswith(message)


def test_a_zero_target_is_allowed():
    assert check_commitment(commitment(target=D(0))).target == 0


def test_a_percentage_target_over_100_is_refused_and_100_is_allowed():
    assert check_commitment(commitment(unit="percent", target=D(100))).target == 100
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(unit="percent", target=D("100.01")))
    assert error.value.for_field("target") == ["A percentage cannot be over 100."]


def test_a_non_numeric_percentage_target_is_a_field_error_not_a_crash():
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(unit="percent", target=D("NaN")))
    assert fields(error) == {"target"}


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(unit="furlongs"))
    assert fields(error) == {"unit"}


def test_a_blank_title_is_refused():
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(title="   "))
    assert fields(error) == {"title"}


def test_a_bespoke_metric_needs_a_justification():
    bespoke = commitment(framework_id="", ref="", title="Hospital volunteers", unit="hours")
    with pytest.raises(ValidationError) as error:
        check_commitment(bespoke)
    assert fields(error) == {"justification"}
    with pytest.raises(ValidationError):
        check_commitment(replace(bespoke, justification="   "))
    assert check_commitment(replace(bespoke, justification=" No framework metric counts volunteering. ")
                            ).justification == "No framework metric counts volunteering."


def test_a_framework_metric_needs_no_justification():
    assert not check_commitment(commitment()).bespoke


def test_commitment_dates_must_lie_within_the_contract_period():
    assert check_commitment(commitment(start_date=CONTRACT_START, due_date=CONTRACT_END))  # both ends inclusive
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(start_date=date(2026, 3, 31), due_date=date(2029, 4, 1)))
    assert fields(error) == {"start_date", "due_date"}
    assert "outside the contract period (01/04/2026 to 31/03/2029)" in error.value.for_field("start_date")[0]


def test_an_open_ended_contract_does_not_limit_the_dates():
    assert validate_commitment(commitment(start_date=date(2020, 1, 1)), KNOWN_UNITS, None, None)


def test_a_due_date_before_the_start_is_refused():
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(start_date=date(2027, 1, 1), due_date=date(2026, 12, 31)))
    assert fields(error) == {"due_date"}


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as error:
        check_commitment(commitment(title="", unit="furlongs", target=D(-1), framework_id=""))
    assert fields(error) == {"title", "unit", "target", "justification"}


# -- returns -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("actual", ["-1", "-0.0001"])
def test_a_negative_actual_is_refused(actual):
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), Q1, D(actual))
    assert fields(error) == {"actual"}
    assert "negative" in error.value.for_field("actual")[0]


@pytest.mark.parametrize("actual", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_a_non_numeric_actual_is_refused(actual):
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), Q1, D(actual))
    assert error.value.for_field("actual") == ["Not a number."]


def test_a_missing_actual_is_refused_and_zero_is_allowed():
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), Q1, None)
    assert fields(error) == {"actual"}
    validate_return(commitment(), Q1, D(0))


@pytest.mark.parametrize("actual, message", [("12.34567", "At most four decimal places."),
                                             ("1E+30", "Too large to store")])
def test_an_actual_the_store_would_round_or_overflow_is_refused(actual, message):
    validate_return(commitment(), Q1, D("12.3456"))
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), Q1, D(actual))
    assert error.value.for_field("actual")[0].startswith(message)


def test_a_percentage_actual_over_100_is_refused():
    validate_return(commitment(unit="percent", target=D(50)), Q1, D(100))
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(unit="percent", target=D(50)), Q1, D("100.5"))
    assert fields(error) == {"actual"}


def test_a_figure_in_another_unit_is_refused():
    validate_return(commitment(), Q1, D(3), unit="count")
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), Q1, D(3), unit="hours")
    assert fields(error) == {"unit"}
    assert "'hours'" in error.value.for_field("unit")[0] and "'count'" in error.value.for_field("unit")[0]


@pytest.mark.parametrize("period", [Period(date(2026, 1, 1), date(2026, 3, 31)),
                                    Period(date(2027, 4, 1), date(2027, 6, 30))])
def test_a_return_outside_the_commitment_is_refused(period):
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), period, D(3))
    assert fields(error) == {"period"}
    assert "outside the commitment (01/04/2026 to 31/03/2027)" in error.value.for_field("period")[0]


@pytest.mark.parametrize("period", [Period(date(2026, 4, 1), date(2026, 4, 30)),  # a month, not a quarter
                                    Period(date(2026, 4, 1), date(2027, 3, 31)),  # the year
                                    Period(date(2026, 5, 1), date(2026, 7, 31))])  # across quarters
def test_a_period_that_is_not_one_of_the_reporting_periods_is_refused(period):
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), period, D(3))
    assert "not one of the commitment's quarterly reporting periods" in error.value.for_field("period")[0]


def test_a_clipped_first_period_must_be_reported_on_its_clipped_dates():
    late = commitment(start_date=date(2026, 5, 15))
    validate_return(late, Period(date(2026, 5, 15), date(2026, 6, 30)), D(1))
    with pytest.raises(ValidationError) as error:
        validate_return(late, Q1, D(1))
    assert fields(error) == {"period"}


def test_no_returns_until_the_commitment_is_filled_in():
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(target=None), Q1, D(3))
    assert fields(error) == {"commitment"}
    assert "target" in error.value.for_field("commitment")[0]


def test_every_return_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as error:
        validate_return(commitment(), Period(date(2030, 1, 1), date(2030, 3, 31)), D(-2), unit="gbp")
    assert fields(error) == {"actual", "unit", "period"}


# -- remedies ----------------------------------------------------------------------------------------

def remedy(kind=RemedyKind.IMPROVEMENT_PLAN, **changes) -> RemedyData:
    values = dict(kind=kind, raised_on=date(2026, 11, 1), description="Recovery plan for Q2 shortfall")
    values.update(changes)
    return RemedyData(**values)


def deduction(**changes) -> RemedyData:
    return remedy(RemedyKind.PAYMENT_DEDUCTION, **{"amount": D("2500"), **changes})


@pytest.mark.parametrize("total, allowed", [(D("100000"), False), (D("100000.01"), True), (D("99999.99"), False),
                                            (None, False)])
@pytest.mark.parametrize("kind", [RemedyKind.PAYMENT_DEDUCTION, RemedyKind.SERVICE_CREDIT])
def test_council_deductions_only_on_contracts_over_100000(kind, total, allowed):
    """003_5dc777972350c492.txt, Policy interventions (vii): "For contracts over £100,000 total value the
    Council would reserve the right to reduce contractual payments" - exactly £100,000 is not over it."""
    data = remedy(kind, amount=D(500))
    if allowed:
        assert validate_remedy(data, total, COUNCIL_DEDUCTIONS_OVER, TODAY) == data
    else:
        with pytest.raises(ValidationError) as error:
            validate_remedy(data, total, COUNCIL_DEDUCTIONS_OVER, TODAY)
        assert fields(error) == {"kind"}
        assert "£100,000" in error.value.for_field("kind")[0]


def test_without_a_policy_limit_deductions_are_allowed_on_any_contract():
    """resources/policies/nhs_trust.yaml settings set no deductions_over: payment deductions are not limited."""
    assert validate_remedy(deduction(), D(1), None, TODAY).amount == 2500
    assert validate_remedy(deduction(), None, None, TODAY).amount == 2500


@pytest.mark.parametrize("amount", [None, "0", "-1", "NaN", "Infinity"])
def test_a_deduction_needs_a_positive_amount(amount):
    with pytest.raises(ValidationError) as error:
        validate_remedy(deduction(amount=None if amount is None else D(amount)), D(500000),
                        COUNCIL_DEDUCTIONS_OVER, TODAY)
    assert fields(error) == {"amount"}


@pytest.mark.parametrize("amount, problem", [("2500.005", "whole pence"), ("2E+12", "larger than")])
def test_a_deduction_amount_must_be_storable_money(amount, problem):
    with pytest.raises(ValidationError) as error:
        validate_remedy(deduction(amount=D(amount)), D(500000), COUNCIL_DEDUCTIONS_OVER, TODAY)
    assert problem in error.value.for_field("amount")[0]
    assert validate_remedy(deduction(amount=D("2500.01")), D(500000), COUNCIL_DEDUCTIONS_OVER, TODAY)


@pytest.mark.parametrize("kind", [RemedyKind.IMPROVEMENT_PLAN, RemedyKind.ALTERNATIVE])
def test_remedies_without_money_take_no_amount(kind):
    assert validate_remedy(remedy(kind), None, COUNCIL_DEDUCTIONS_OVER, TODAY).amount is None
    with pytest.raises(ValidationError) as error:
        validate_remedy(remedy(kind, amount=D(10)), D(500000), COUNCIL_DEDUCTIONS_OVER, TODAY)
    assert fields(error) == {"amount"}


def test_remedy_dates_and_outcome():
    with pytest.raises(ValidationError) as error:
        validate_remedy(remedy(raised_on=TODAY.replace(day=29)), None, None, TODAY)
    assert fields(error) == {"raised_on"}
    assert validate_remedy(remedy(raised_on=TODAY), None, None, TODAY)
    with pytest.raises(ValidationError) as error:
        validate_remedy(remedy(due_on=date(2026, 10, 31), closed_on=date(2026, 10, 31), outcome="done"),
                        None, None, TODAY)
    assert fields(error) == {"due_on", "closed_on"}
    with pytest.raises(ValidationError) as error:
        validate_remedy(remedy(closed_on=date(2026, 11, 20), outcome="  "), None, None, TODAY)
    assert fields(error) == {"outcome"}
    closed = validate_remedy(remedy(closed_on=date(2026, 11, 20), outcome=" Back on track "), None, None, TODAY)
    assert closed.outcome == "Back on track"


def test_a_remedy_says_what_was_agreed():
    with pytest.raises(ValidationError) as error:
        validate_remedy(remedy(description="  "), None, None, TODAY)
    assert fields(error) == {"description"}
