"""Delivery progress and RAG: reporting periods, the pro-rata expectation, aggregation and thresholds.

No source sets the method or the RAG thresholds (issue 6 says so): the defaults tested
here are resources/policies/nhs_trust.yaml settings (rag_green_from 95, rag_amber_from 75,
return_due_days 30), which the council profile repeats. Periods follow the NHS financial
year, April to March (sv_desktop/domain/delivery.py module docstring).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sv_desktop.domain.delivery import (
    LEVEL_UNITS,
    Aggregation,
    CommitmentData,
    DeliveryReturn,
    Frequency,
    Period,
    Rag,
    RagThresholds,
    ReturnStatus,
    delivered,
    expected_by,
    financial_year_start,
    overdue_periods,
    period_label,
    periods,
    progress,
)

D = Decimal
DAY = timedelta(days=1)
FY_START, FY_END = date(2026, 4, 1), date(2027, 3, 31)  # 2026/27: 365 days
CLAIMED, VERIFIED, REJECTED = ReturnStatus.CLAIMED, ReturnStatus.VERIFIED, ReturnStatus.REJECTED
BOTH = frozenset({CLAIMED, VERIFIED})


def commitment(**changes) -> CommitmentData:
    """Apprenticeships: 365 over financial year 2026/27, reported quarterly and summed."""
    values = dict(title="Apprenticeships", unit="count", target=D(365), start_date=FY_START, due_date=FY_END,
                  frequency=Frequency.QUARTERLY, aggregation=Aggregation.SUM, framework_id="ppn002", ref="1aii")
    values.update(changes)
    return CommitmentData(**values)


def ret(start: date, end: date, actual, status: ReturnStatus = CLAIMED) -> DeliveryReturn:
    return DeliveryReturn(start, end, D(str(actual)), status)


Q1 = (date(2026, 4, 1), date(2026, 6, 30))
Q2 = (date(2026, 7, 1), date(2026, 9, 30))
Q3 = (date(2026, 10, 1), date(2026, 12, 31))
Q4 = (date(2027, 1, 1), date(2027, 3, 31))
DAY_100 = FY_START + 99 * DAY  # 9 July 2026: 100 days counted inclusively, so 100 of 365 expected


# -- periods on the NHS financial year --------------------------------------------------------------

def test_quarters_follow_the_nhs_financial_year_with_q1_april_to_june():
    found = periods(FY_START, FY_END, Frequency.QUARTERLY)
    assert found == [Period(*Q1), Period(*Q2), Period(*Q3), Period(*Q4)]
    assert [p.label for p in found] == ["Q1 2026/27", "Q2 2026/27", "Q3 2026/27", "Q4 2026/27"]


def test_a_commitment_starting_mid_quarter_has_its_first_period_clipped():
    found = periods(date(2026, 5, 15), FY_END, Frequency.QUARTERLY)
    assert found[0] == Period(date(2026, 5, 15), date(2026, 6, 30))
    assert found[0].label == "15/05/2026–30/06/2026"  # not a whole quarter, so its dates
    assert found[1:] == [Period(*Q2), Period(*Q3), Period(*Q4)]


def test_a_commitment_ending_mid_quarter_has_its_last_period_clipped():
    found = periods(FY_START, date(2027, 2, 15), Frequency.QUARTERLY)
    assert found[-1] == Period(date(2027, 1, 1), date(2027, 2, 15))
    assert len(found) == 4


def test_a_january_start_falls_in_q4_of_the_previous_financial_year():
    found = periods(date(2027, 1, 10), date(2027, 9, 30), Frequency.QUARTERLY)
    assert found == [Period(date(2027, 1, 10), date(2027, 3, 31)), Period(date(2027, 4, 1), date(2027, 6, 30)),
                     Period(date(2027, 7, 1), date(2027, 9, 30))]
    assert [p.label for p in found[1:]] == ["Q1 2027/28", "Q2 2027/28"]
    assert period_label(date(2027, 1, 1), date(2027, 3, 31)) == "Q4 2026/27"


def test_monthly_periods_are_calendar_months_and_february_2028_has_29_days():
    found = periods(date(2027, 4, 1), date(2028, 3, 31), Frequency.MONTHLY)
    assert len(found) == 12
    assert found[0].label == "Apr 2027"
    assert Period(date(2028, 2, 1), date(2028, 2, 29)) in found
    assert Period(date(2028, 2, 1), date(2028, 2, 29)).label == "Feb 2028"


def test_annual_periods_are_financial_years_clipped_at_either_end():
    found = periods(date(2026, 10, 1), date(2028, 9, 30), Frequency.ANNUAL)
    assert found == [Period(date(2026, 10, 1), date(2027, 3, 31)), Period(date(2027, 4, 1), date(2028, 3, 31)),
                     Period(date(2028, 4, 1), date(2028, 9, 30))]
    assert found[1].label == "2027/28"
    assert period_label(date(2099, 4, 1), date(2100, 3, 31)) == "2099/00"


def test_no_periods_when_the_due_date_is_before_the_start():
    assert periods(FY_END, FY_START, Frequency.QUARTERLY) == []


@pytest.mark.parametrize("day, start", [(date(2027, 3, 31), date(2026, 4, 1)), (date(2027, 4, 1), date(2027, 4, 1)),
                                        (date(2028, 2, 29), date(2027, 4, 1)), (date(2026, 1, 1), date(2025, 4, 1))])
def test_financial_year_starts_on_1_april(day, start):
    assert financial_year_start(day) == start


@settings(max_examples=50, deadline=None)
@given(start=st.dates(date(2020, 1, 1), date(2035, 12, 31)), length=st.integers(0, 1500),
       frequency=st.sampled_from(list(Frequency)))
def test_periods_tile_the_commitment_exactly_within_financial_years(start, length, frequency):
    end = start + timedelta(days=length)
    found = periods(start, end, frequency)
    assert found[0].start == start and found[-1].end == end
    for earlier, later in zip(found, found[1:]):
        assert later.start == earlier.end + DAY
    for period in found:
        assert period.start <= period.end
        assert financial_year_start(period.start) == financial_year_start(period.end)
    for period in found[1:-1]:  # whole periods in between: named, not dated
        assert "–" not in period.label


# -- the pro-rata expectation ----------------------------------------------------------------------

def test_expected_is_linear_by_days_counted_inclusively():
    c = commitment()
    assert expected_by(c, FY_START - DAY) == 0
    assert expected_by(c, FY_START) == 1  # the first day counts
    assert expected_by(c, date(2026, 4, 30)) == 30
    assert expected_by(c, DAY_100) == 100
    assert expected_by(c, FY_END) == 365
    assert expected_by(c, FY_END + 400 * DAY) == 365  # after the due date: the whole target


def test_a_commitment_spanning_29_february_2028_counts_366_days():
    c = commitment(target=D(366), start_date=date(2027, 4, 1), due_date=date(2028, 3, 31))
    assert expected_by(c, date(2028, 2, 28)) == 334
    assert expected_by(c, date(2028, 2, 29)) == 335  # the leap day is a day of delivery
    assert expected_by(c, date(2028, 3, 1)) == 336
    assert expected_by(c, date(2028, 3, 31)) == 366
    half = commitment(target=D(100), start_date=date(2027, 4, 1), due_date=date(2028, 3, 31))
    assert expected_by(half, date(2027, 9, 30)) == D(100) * 183 / 366  # not / 365


@pytest.mark.parametrize("unit", sorted(LEVEL_UNITS))
def test_percentages_and_yes_no_expect_the_whole_target_from_the_start(unit):
    c = commitment(unit=unit, target=D(40) if unit == "percent" else D(1), aggregation=Aggregation.LATEST)
    assert expected_by(c, FY_START - DAY) == 0
    assert expected_by(c, FY_START) == c.target
    assert expected_by(c, DAY_100) == c.target


def test_a_latest_headcount_still_ramps_up_pro_rata():
    c = commitment(unit="roles", aggregation=Aggregation.LATEST)
    assert expected_by(c, DAY_100) == 100


def test_nothing_is_expected_while_the_target_or_dates_are_missing():
    for missing in ("target", "start_date", "due_date"):
        c = replace(commitment(), **{missing: None})
        assert expected_by(c, DAY_100) == 0
        assert c.missing


# -- what has been delivered -------------------------------------------------------------------------

def test_sum_metrics_add_claimed_and_verified_returns_and_never_rejected_ones():
    returns = [ret(*Q1, 50, VERIFIED), ret(*Q2, 30, CLAIMED), ret(*Q3, 1000, REJECTED)]
    assert delivered(commitment(), returns, BOTH) == 80
    assert delivered(commitment(), returns, frozenset({VERIFIED})) == 50
    assert delivered(commitment(), [], BOTH) is None
    assert delivered(commitment(), [ret(*Q1, 10, REJECTED)], BOTH) is None


def test_latest_metrics_take_the_latest_periods_value_not_the_sum():
    c = commitment(unit="roles", aggregation=Aggregation.LATEST, target=D(10))
    returns = [ret(*Q2, 9), ret(*Q1, 6), ret(*Q3, 12, REJECTED)]  # out of order; the latest is rejected
    assert delivered(c, returns, BOTH) == 9
    assert delivered(c, returns + [ret(*Q4, 7)], BOTH) == 7  # a fall in headcount shows as a fall


# -- progress and RAG ----------------------------------------------------------------------------

@pytest.mark.parametrize("achieved, rag", [
    ("95", Rag.GREEN), ("94.9", Rag.AMBER), ("94.96", Rag.AMBER), ("75", Rag.AMBER), ("74.9", Rag.RED),
    ("0", Rag.RED), ("200", Rag.GREEN)])
def test_rag_boundaries_at_95_and_75_percent_of_expected(achieved, rag):
    """No source sets them; resources/policies/nhs_trust.yaml settings (rag_green_from 95, rag_amber_from 75).

    Expected on day 100 is exactly 100, so the actual is the % of expected. 94.96 % is below 95 %
    even though it rounds to 95.0 %: the shown figure is rounded down and the label is Amber.
    """
    result = progress(commitment(), [ret(*Q1, achieved)], DAY_100)
    assert result.expected == 100
    assert result.rag is rag
    assert result.percent_of_expected <= D(achieved)


def test_the_rounded_share_shown_never_contradicts_the_label():
    """No source sets them; resources/policies/nhs_trust.yaml settings (rag_green_from 95)."""
    result = progress(commitment(), [ret(*Q1, "94.96")], DAY_100)
    assert result.percent_of_expected == D("94.9")
    assert "94.9% of expected" in result.reason


@pytest.mark.parametrize("achieved, rag", [("90", Rag.GREEN), ("89.9", Rag.AMBER), ("50", Rag.AMBER),
                                           ("49.9", Rag.RED)])
def test_custom_thresholds_from_a_policy_profile(achieved, rag):
    """No source sets them; a profile may change resources/policies/nhs_trust.yaml settings (here 90 / 50)."""
    custom = RagThresholds(green_from=D(90), amber_from=D(50))
    assert progress(commitment(), [ret(*Q1, achieved)], DAY_100, custom).rag is rag
    assert "90%" in custom.method() and "50%" in custom.method()


def test_default_thresholds_are_95_and_75_with_30_days_for_returns():
    """No source sets them; resources/policies/nhs_trust.yaml settings (95 / 75 / 30)."""
    assert RagThresholds() == RagThresholds(D(95), D(75), 30)
    assert "95%" in RagThresholds().method() and "75%" in RagThresholds().method()
    assert progress(commitment(), [ret(*Q1, 90)], DAY_100).rag is Rag.AMBER
    assert progress(commitment(), [ret(*Q1, 90)], DAY_100, RagThresholds(D(90), D(50))).rag is Rag.GREEN


def test_grey_before_the_start_date_even_with_returns():
    result = progress(commitment(), [ret(*Q1, 100)], FY_START - DAY)
    assert result.rag is Rag.GREY
    assert result.expected == 0 and result.percent_of_expected is None
    assert "01/04/2026" in result.reason
    assert progress(commitment(), [], FY_START).rag is Rag.RED  # from the first day, 1 is expected


@pytest.mark.parametrize("missing", ["target", "start_date", "due_date"])
def test_grey_while_the_target_or_dates_are_missing(missing):
    result = progress(replace(commitment(), **{missing: None}), [], FY_END + 400 * DAY)
    assert result.rag is Rag.GREY
    assert result.overdue == ()
    assert missing.replace("_", " ") in result.reason


def test_a_zero_target_is_green_with_or_without_returns():
    zero = commitment(target=D(0))
    assert progress(zero, [], DAY_100).rag is Rag.GREEN
    assert progress(zero, [ret(*Q1, 3)], DAY_100).rag is Rag.GREEN
    assert progress(zero, [], DAY_100).percent_of_target is None
    assert progress(zero, [], FY_START - DAY).rag is Rag.GREY  # not started is still not started


def test_rejected_returns_never_count():
    result = progress(commitment(), [ret(*Q1, 1000, REJECTED)], DAY_100)
    assert result.rag is Rag.RED
    assert result.achieved is None and result.verified is None


def test_verified_is_shown_separately_from_claimed():
    result = progress(commitment(), [ret(*Q1, 40, VERIFIED), ret(*Q2, 60, CLAIMED)], date(2026, 10, 1))
    assert (result.achieved, result.verified) == (100, 40)
    assert result.unverified_claims
    assert "40 of it verified" in result.reason
    checked = progress(commitment(), [ret(*Q1, 40, VERIFIED)], DAY_100)
    assert (checked.achieved, checked.verified) == (40, 40) and not checked.unverified_claims
    unchecked = progress(commitment(), [ret(*Q1, 40)], DAY_100)
    assert (unchecked.achieved, unchecked.verified) == (40, None) and unchecked.unverified_claims


def test_latest_aggregation_in_progress_uses_the_latest_value():
    c = commitment(unit="roles", aggregation=Aggregation.LATEST, target=D(10))
    result = progress(c, [ret(*Q1, 8), ret(*Q2, 10)], FY_END)
    assert result.achieved == 10  # not 18
    assert result.rag is Rag.GREEN
    assert result.percent_of_target == 100


def test_a_percentage_is_measured_against_the_whole_target_from_the_start():
    c = commitment(unit="percent", target=D(50), aggregation=Aggregation.LATEST)
    result = progress(c, [ret(*Q1, 45)], DAY_100)
    assert result.expected == 50
    assert result.percent_of_expected == 90
    assert result.rag is Rag.AMBER


def test_percent_of_target_is_against_the_whole_target():
    result = progress(commitment(), [ret(*Q1, 73)], DAY_100)
    assert result.percent_of_target == D("20")  # 73 of 365
    assert result.target == 365


# -- overdue returns ---------------------------------------------------------------------------------

def test_a_return_is_due_return_due_days_after_its_period_and_overdue_the_day_after():
    """No source sets it; resources/policies/nhs_trust.yaml settings (return_due_days 30)."""
    c, thresholds = commitment(), RagThresholds()
    due = date(2026, 6, 30) + timedelta(days=30)  # 30 July 2026
    assert overdue_periods(c, [], due, thresholds) == ()
    assert overdue_periods(c, [], due + DAY, thresholds) == (Period(*Q1),)
    assert progress(c, [], due + DAY).overdue == (Period(*Q1),)
    assert "1 return overdue" in progress(c, [], due + DAY).reason


def test_a_claimed_or_verified_return_clears_the_overdue_flag_and_a_rejected_one_does_not():
    c, thresholds, day = commitment(), RagThresholds(), date(2026, 12, 1)
    assert overdue_periods(c, [], day, thresholds) == (Period(*Q1), Period(*Q2))
    assert overdue_periods(c, [ret(*Q1, 5)], day, thresholds) == (Period(*Q2),)
    assert overdue_periods(c, [ret(*Q1, 5, VERIFIED), ret(*Q2, 5, REJECTED)], day, thresholds) == (Period(*Q2),)


def test_custom_return_due_days():
    """No source sets it; a profile may change resources/policies/nhs_trust.yaml settings (here 0 days)."""
    c = commitment()
    assert overdue_periods(c, [], date(2026, 6, 30), RagThresholds(return_due_days=0)) == ()
    assert overdue_periods(c, [], date(2026, 7, 1), RagThresholds(return_due_days=0)) == (Period(*Q1),)


def test_a_clipped_first_period_is_overdue_on_its_own_dates():
    c = commitment(start_date=date(2026, 5, 15))
    assert overdue_periods(c, [], date(2026, 7, 31), RagThresholds()) == (Period(date(2026, 5, 15), Q1[1]),)


def test_nothing_is_overdue_while_the_commitment_is_incomplete():
    assert overdue_periods(commitment(target=None), [], FY_END + 400 * DAY, RagThresholds()) == ()


# -- words, not colour alone ------------------------------------------------------------------------

def test_every_rag_state_has_words_beside_its_colour():
    for rag in Rag:
        assert rag.short.lower() == rag.value
        assert len(rag.label.split()) > 1  # "Green: on track", not just "Green"
