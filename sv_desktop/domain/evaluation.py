"""Scoring bids' social value responses: the scale, a member's score, consensus, weighting and ranking.

Sources and what they leave open (reference/domain_rules.md §4):
- No official scoring scale exists for PPN 002; the scale is the policy profile's
  (default 0/20/40/60/80/100 with our own descriptors) and is never called official.
- "A specific, measurable and time-bound commitment is the minimum requirement to
  score points" (000_14458fa951fc6b05.txt): with the rule on, a response judged
  not to contain one can only score 0.
- No official formula combines scores with the weighting; the usual practice is
  weighted score = consensus points ÷ maximum points × the criterion's sub-weight
  (stated wherever the result is shown).
No Qt, no database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from sv_desktop.domain.errors import FieldError, ValidationError

METHOD = (
    "Weighted social value score per criterion = consensus points ÷ maximum points × the criterion's "
    "sub-weight (the usual practice; no official formula exists). Total = sum over criteria. Ranking is by "
    "social value only unless price and quality scores are entered for every bidder."
)
SMT_RULE_TEXT = (
    "A response without a specific, measurable and time-bound commitment cannot score points "
    "(000_14458fa951fc6b05.txt, PPN 002 model: the minimum requirement to score points)."
)
OUTLIER_STEPS = 2  # a score this many scale steps or more from the others' median is flagged


@dataclass(frozen=True)
class ScaleLevel:
    points: int
    descriptor: str


@dataclass(frozen=True)
class ScoringScale:
    """Points with descriptors, lowest first; the profile's, never claimed as official."""

    levels: tuple[ScaleLevel, ...]

    def __post_init__(self) -> None:
        points = [level.points for level in self.levels]
        if len(points) < 2 or points != sorted(set(points)) or points[0] < 0:
            raise ValueError("a scoring scale needs at least two levels, in rising order, from 0 or more")

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(level.points for level in self.levels)

    @property
    def maximum(self) -> int:
        return self.levels[-1].points

    @property
    def step(self) -> int:
        """The smallest gap between neighbouring levels."""
        return min(b - a for a, b in zip(self.points, self.points[1:]))

    def descriptor(self, points: int) -> str:
        return next((level.descriptor for level in self.levels if level.points == points), "")

    def text(self) -> str:
        return "; ".join(f"{level.points}: {level.descriptor}" for level in self.levels)


DEFAULT_SCALE = ScoringScale((
    ScaleLevel(0, "No response, or no specific, measurable and time-bound commitment"),
    ScaleLevel(20, "Poor: a commitment with little detail or evidence"),
    ScaleLevel(40, "Limited: some detail; delivery or measurement unclear"),
    ScaleLevel(60, "Satisfactory: clear commitment, method and measures"),
    ScaleLevel(80, "Good: detailed, evidenced, relevant to the contract"),
    ScaleLevel(100, "Excellent: detailed, evidenced, relevant, with added value"),
))


@dataclass(frozen=True)
class Score:
    """One member's mark for one bidder on one criterion."""

    points: int
    justification: str
    smt: bool = True  # the response holds a specific, measurable and time-bound commitment


def check_score(score: Score, scale: ScoringScale, smt_rule: bool, where: str = "") -> None:
    """ValidationError naming the problem: points off the scale, no justification, SMT rule broken."""
    errors = score_problems(score, scale, smt_rule, where)
    if errors:
        raise ValidationError(errors)


def score_problems(score: Score, scale: ScoringScale, smt_rule: bool, where: str = "") -> list[FieldError]:
    prefix = f"{where}: " if where else ""
    errors: list[FieldError] = []
    if score.points not in scale.points:
        errors.append(FieldError("points", f"{prefix}{score.points} is not on the scale "
                                           f"({', '.join(str(p) for p in scale.points)})."))
    if not score.justification.strip():
        errors.append(FieldError("justification", f"{prefix}a written justification is required."))
    if smt_rule and not score.smt and score.points != 0:
        errors.append(FieldError("points", f"{prefix}{SMT_RULE_TEXT} Score 0, or record that the response "
                                           "does contain such a commitment."))
    return errors


def weighted(points: int | None, maximum: int, sub_weight: Decimal) -> Decimal | None:
    """Consensus points ÷ maximum points × sub-weight, to two decimal places (percentage points), half up.

    Multiplied before dividing: points × sub-weight is exact, so an exact half (7/12 × 1.62 = 0.945) is
    rounded up; dividing first rounds 7/12 to 28 digits and the product falls just below the half."""
    if points is None:
        return None
    return (Decimal(points) * sub_weight / Decimal(maximum)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def sub_weight_problem(sub_weights: Iterable[Decimal], weighting: Decimal | None) -> str | None:
    """Sub-weights must add up to the contract's social value weighting."""
    total = sum(sub_weights, Decimal(0))
    if weighting is None:
        return "The contract has no social value weighting recorded (Social value tab)."
    if total != weighting:
        return (f"The criteria's sub-weights add up to {_pct(total)}%, not the {_pct(weighting)}% social value "
                "weighting.")
    return None


@dataclass(frozen=True)
class Spread:
    scores: tuple[int, ...]
    low: int | None
    high: int | None
    mean: Decimal | None
    outliers: tuple[int, ...]  # indexes into scores

    @property
    def range(self) -> int | None:
        # spread() sets low and high together (both None only when there are no scores).
        return None if self.low is None or self.high is None else self.high - self.low


def spread(scores: list[int] | tuple[int, ...], scale: ScoringScale) -> Spread:
    """Lowest, highest, mean and the scores OUTLIER_STEPS scale steps or more from the others' median."""
    scores = tuple(scores)
    if not scores:
        return Spread((), None, None, None, ())
    outliers = []
    if len(scores) >= 3:
        for index, value in enumerate(scores):
            others = scores[:index] + scores[index + 1:]
            if abs(value - median(others)) >= OUTLIER_STEPS * scale.step:
                outliers.append(index)
    mean = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Spread(scores, min(scores), max(scores), mean, tuple(outliers))


@dataclass(frozen=True)
class Standing:
    bidder: str
    social_value: Decimal
    total: Decimal
    position: int
    tied: bool

    @property
    def position_text(self) -> str:
        return f"={self.position}" if self.tied else str(self.position)


def rank(social_value: Mapping[str, Decimal], price: Mapping[str, Decimal | None] | None = None,
         quality: Mapping[str, Decimal | None] | None = None) -> tuple[list[Standing], bool]:
    """Bidders by total, ties sharing a position; the flag says whether price and quality were included
    (only when entered for every bidder)."""
    price, quality = price or {}, quality or {}
    complete = bool(social_value) and all(price.get(b) is not None and quality.get(b) is not None
                                          for b in social_value)
    totals = {b: sv + ((price[b] or 0) + (quality[b] or 0) if complete else 0) for b, sv in social_value.items()}
    ordered = sorted(totals, key=lambda b: (-totals[b], b.casefold()))
    standings: list[Standing] = []
    for index, bidder in enumerate(ordered):
        position = next((s.position for s in standings if s.total == totals[bidder]), index + 1)
        tied = sum(1 for t in totals.values() if t == totals[bidder]) > 1
        standings.append(Standing(bidder, social_value[bidder], totals[bidder], position, tied))
    return standings, complete


def _pct(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


__all__ = [
    "DEFAULT_SCALE",
    "METHOD",
    "OUTLIER_STEPS",
    "SMT_RULE_TEXT",
    "ScaleLevel",
    "Score",
    "ScoringScale",
    "Spread",
    "Standing",
    "check_score",
    "rank",
    "score_problems",
    "spread",
    "sub_weight_problem",
    "weighted",
]
