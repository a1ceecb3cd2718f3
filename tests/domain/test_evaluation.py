"""Score maths for offline evaluation panels (issue 7): scale, SMT rule, weighting, spread, ranking.

Sources (reference/domain_rules.md §4):
- No official PPN 002 scoring scale was found, so the scale is configurable; the
  default 0/20/40/60/80/100 is ours, and a 0-5 scale must work just as well.
- "A specific, measurable and time-bound commitment is the minimum requirement to
  score points" (seed 000_14458fa951fc6b05.txt, the PPN 002 model): with the rule
  on, a response without one can only score 0.
- No official formula combines scores with the weighting; the usual practice is
  consensus points ÷ maximum points × sub-weight (60/100 at 10% gives 6 points).
Outliers, ties and "price and quality only when entered for every bidder" are the
product's own rules (sv_desktop/domain/evaluation.py, issue 7).
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.evaluation import (
    DEFAULT_SCALE,
    METHOD,
    OUTLIER_STEPS,
    SMT_RULE_TEXT,
    ScaleLevel,
    Score,
    ScoringScale,
    check_score,
    rank,
    score_problems,
    spread,
    sub_weight_problem,
    weighted,
)

D = Decimal
ZERO_TO_FIVE = ScoringScale(tuple(ScaleLevel(p, f"level {p}") for p in range(6)))


# -- the scale -------------------------------------------------------------------------------------

def test_the_default_scale_is_0_to_100_in_steps_of_20_and_not_called_official():
    assert DEFAULT_SCALE.points == (0, 20, 40, 60, 80, 100)
    assert DEFAULT_SCALE.maximum == 100 and DEFAULT_SCALE.step == 20
    assert DEFAULT_SCALE.descriptor(60).startswith("Satisfactory")
    assert DEFAULT_SCALE.descriptor(55) == ""
    assert "official" not in DEFAULT_SCALE.text().casefold()
    assert "no official formula" in METHOD


def test_a_custom_0_to_5_scale_has_its_own_maximum_and_step():
    assert ZERO_TO_FIVE.maximum == 5 and ZERO_TO_FIVE.step == 1
    assert ZERO_TO_FIVE.text().startswith("0: level 0; 1: level 1")


def test_the_step_is_the_smallest_gap_on_an_uneven_scale():
    uneven = ScoringScale((ScaleLevel(0, "none"), ScaleLevel(10, "some"), ScaleLevel(40, "good"),
                           ScaleLevel(50, "best")))
    assert uneven.step == 10 and uneven.maximum == 50


@pytest.mark.parametrize("points", [(), (0,), (0, 40, 20), (0, 20, 20), (-1, 0, 1)])
def test_a_scale_needs_two_rising_levels_from_zero_or_more(points):
    with pytest.raises(ValueError):
        ScoringScale(tuple(ScaleLevel(p, "x") for p in points))


# -- a member's score ------------------------------------------------------------------------------

def test_points_off_the_scale_are_refused_naming_the_scale():
    problems = score_problems(Score(55, "Reasonable plan"), DEFAULT_SCALE, smt_rule=True)
    assert [p.field for p in problems] == ["points"]
    assert problems[0].message == "55 is not on the scale (0, 20, 40, 60, 80, 100)."


def test_a_custom_scale_accepts_its_own_points_and_refuses_the_default_ones():
    assert score_problems(Score(3, "Clear plan"), ZERO_TO_FIVE, smt_rule=True) == []
    problems = score_problems(Score(60, "Clear plan"), ZERO_TO_FIVE, smt_rule=True)
    assert problems[0].message == "60 is not on the scale (0, 1, 2, 3, 4, 5)."


@pytest.mark.parametrize("justification", ["", "   ", "\n\t"])
def test_a_written_justification_is_required(justification):
    problems = score_problems(Score(60, justification), DEFAULT_SCALE, smt_rule=False)
    assert [(p.field, p.message) for p in problems] == [("justification", "a written justification is required.")]


def test_where_the_score_is_prefixes_every_problem():
    problems = score_problems(Score(55, ""), DEFAULT_SCALE, smt_rule=True, where="Brightwater, Fair work")
    assert len(problems) == 2
    assert all(p.message.startswith("Brightwater, Fair work: ") for p in problems)


def test_the_smt_rule_refuses_points_without_a_commitment_when_on():
    """000_14458fa951fc6b05.txt: the SMT commitment is the minimum requirement to score points."""
    problems = score_problems(Score(20, "Vague promise only", smt=False), DEFAULT_SCALE, smt_rule=True)
    assert [p.field for p in problems] == ["points"]
    assert SMT_RULE_TEXT in problems[0].message and "000_14458fa951fc6b05.txt" in problems[0].message
    with pytest.raises(ValidationError) as caught:
        check_score(Score(20, "Vague promise only", smt=False), DEFAULT_SCALE, smt_rule=True)
    assert caught.value.for_field("points") == [problems[0].message]


def test_the_smt_rule_off_allows_points_without_a_commitment():
    assert score_problems(Score(20, "Vague promise only", smt=False), DEFAULT_SCALE, smt_rule=False) == []


@pytest.mark.parametrize("smt_rule", [True, False])
def test_zero_is_always_allowed_with_or_without_a_commitment(smt_rule):
    assert score_problems(Score(0, "No commitment offered", smt=False), DEFAULT_SCALE, smt_rule) == []
    check_score(Score(0, "No commitment offered", smt=False), DEFAULT_SCALE, smt_rule)


def test_points_with_a_commitment_pass_the_smt_rule():
    check_score(Score(100, "Specific, measured, dated plan", smt=True), DEFAULT_SCALE, smt_rule=True)


# -- weighting -------------------------------------------------------------------------------------

def test_weighted_is_points_over_maximum_times_sub_weight():
    """domain_rules.md §4: 60/100 at a 10% weighting gives 6 percentage points; at 5%, 3.00."""
    assert weighted(60, 100, D(5)) == D("3.00")
    assert weighted(60, 100, D(10)) == D("6.00")
    assert weighted(100, 100, D("3.34")) == D("3.34")
    assert weighted(0, 100, D(5)) == D("0.00")
    assert weighted(3, 5, D(5)) == D("3.00")  # the same 60% on a 0-5 scale
    assert weighted(None, 100, D(5)) is None
    assert str(weighted(60, 100, D(5))) == "3.00"  # always two decimal places


def test_weighting_rounds_half_up_to_two_places():
    assert weighted(50, 100, D("0.05")) == D("0.03")  # 0.025
    assert weighted(20, 100, D("3.33")) == D("0.67")  # 0.666
    assert weighted(40, 100, D("3.33")) == D("1.33")  # 1.332
    assert weighted(1, 8, D("0.1")) == D("0.01")  # 0.0125


def test_an_exact_half_is_rounded_up_on_a_scale_whose_maximum_does_not_divide_exactly():
    """7/12 × 1.62 is exactly 0.945: half up gives 0.95 (dividing first used to give 0.94)."""
    assert weighted(7, 12, D("1.62")) == D("0.95")
    assert weighted(5, 6, D("0.03")) == D("0.03")  # 0.025 exactly


@settings(max_examples=50, deadline=None)
@given(maximum=st.integers(1, 200), data=st.data(), cents=st.integers(0, 10_000))
def test_weighted_matches_exact_arithmetic_rounded_half_up(maximum, data, cents):
    points = data.draw(st.integers(0, maximum))
    exact = Fraction(points * cents, maximum * 100)
    expected = Decimal(math.floor(exact * 100 + Fraction(1, 2))) / 100
    assert weighted(points, maximum, Decimal(cents) / 100) == expected


def test_sub_weights_must_add_up_to_the_weighting():
    assert sub_weight_problem([D("5.00"), D("5.00")], D("10.00")) is None
    assert sub_weight_problem([D("3.34"), D("3.33"), D("3.33")], D(10)) is None
    assert sub_weight_problem([D("5.00"), D("4.99")], D("10.00")) == (
        "The criteria's sub-weights add up to 9.99%, not the 10% social value weighting.")
    assert sub_weight_problem([D("6"), D("5")], D("10")) == (
        "The criteria's sub-weights add up to 11%, not the 10% social value weighting.")


def test_sub_weights_without_a_weighting_are_a_problem():
    assert sub_weight_problem([D(5), D(5)], None) == (
        "The contract has no social value weighting recorded (Social value tab).")


# -- spread and outliers ---------------------------------------------------------------------------

def test_spread_gives_lowest_highest_and_mean():
    result = spread([40, 60, 60], DEFAULT_SCALE)
    assert (result.low, result.high, result.range, result.mean) == (40, 60, 20, D("53.3"))
    assert result.outliers == ()


def test_no_scores_have_no_spread():
    result = spread([], DEFAULT_SCALE)
    assert (result.low, result.high, result.range, result.mean, result.outliers) == (None, None, None, None, ())


def test_two_steps_from_the_others_median_is_an_outlier():
    """Step 20: a score 40 away from the other members' median is flagged."""
    assert OUTLIER_STEPS == 2
    assert spread([40, 40, 80], DEFAULT_SCALE).outliers == (2,)
    assert spread([100, 60, 60, 60], DEFAULT_SCALE).outliers == (0,)
    assert spread([0, 40, 40], DEFAULT_SCALE).outliers == (0,)


def test_one_step_from_the_others_median_is_not_an_outlier():
    """Step 20: 20 away is ordinary disagreement."""
    assert spread([40, 40, 60], DEFAULT_SCALE).outliers == ()
    assert spread([40, 60, 80], DEFAULT_SCALE).outliers == ()  # 80 is 30 from the others' median of 50


def test_fewer_than_three_scores_have_no_outliers():
    assert spread([0, 100], DEFAULT_SCALE).outliers == ()
    assert spread([100], DEFAULT_SCALE).outliers == ()


def test_outliers_on_a_custom_scale_count_its_own_steps():
    assert spread([1, 1, 3], ZERO_TO_FIVE).outliers == (2,)
    assert spread([1, 1, 2], ZERO_TO_FIVE).outliers == ()


def test_members_on_both_sides_can_both_be_outliers():
    assert spread([0, 60, 60, 100], DEFAULT_SCALE).outliers == (0, 3)  # 60 and 40 from the others' median
    assert spread([0, 60, 60, 60, 80], DEFAULT_SCALE).outliers == (0,)


def test_a_panel_split_down_the_middle_flags_everyone():
    assert spread([0, 0, 100, 100], DEFAULT_SCALE).outliers == (0, 1, 2, 3)  # each 100 from the others' median


# -- ranking ---------------------------------------------------------------------------------------

def test_ranking_is_by_social_value_highest_first():
    standings, complete = rank({"Brightwater": D("6.00"), "Northgate": D("8.00"), "Oakline": D("4.00")})
    assert [(s.position_text, s.bidder, s.total) for s in standings] == [
        ("1", "Northgate", D("8.00")), ("2", "Brightwater", D("6.00")), ("3", "Oakline", D("4.00"))]
    assert complete is False


def test_ties_share_a_position_shown_with_an_equals_sign():
    standings, _ = rank({"Oakline": D("6.00"), "Brightwater": D("6.00"), "Northgate": D("4.00")})
    assert [(s.position_text, s.bidder) for s in standings] == [("=1", "Brightwater"), ("=1", "Oakline"),
                                                                ("3", "Northgate")]
    assert [s.tied for s in standings] == [True, True, False]


def test_a_tie_below_the_top_keeps_the_positions_after_it():
    standings, _ = rank({"A": D("9"), "B": D("6.0"), "C": D("6.00"), "D": D("2")})
    assert [s.position_text for s in standings] == ["1", "=2", "=2", "4"]


def test_price_and_quality_are_included_when_entered_for_every_bidder():
    standings, complete = rank({"Brightwater": D("8"), "Northgate": D("6")},
                               price={"Brightwater": D("20"), "Northgate": D("30")},
                               quality={"Brightwater": D("50"), "Northgate": D("50")})
    assert complete is True
    assert [(s.bidder, s.social_value, s.total) for s in standings] == [
        ("Northgate", D("6"), D("86")), ("Brightwater", D("8"), D("78"))]


@pytest.mark.parametrize("price, quality", [
    ({"Brightwater": D("20")}, {"Brightwater": D("50"), "Northgate": D("50")}),  # price missing for one
    ({"Brightwater": D("20"), "Northgate": D("30")}, {"Brightwater": D("50"), "Northgate": None}),
    ({"Brightwater": D("20"), "Northgate": D("30")}, None),
])
def test_price_and_quality_are_left_out_unless_entered_for_every_bidder(price, quality):
    standings, complete = rank({"Brightwater": D("8"), "Northgate": D("6")}, price=price, quality=quality)
    assert complete is False
    assert [(s.bidder, s.total) for s in standings] == [("Brightwater", D("8")), ("Northgate", D("6"))]


def test_no_bidders_rank_nothing():
    assert rank({}) == ([], False)
