"""What an evaluation looks like from outside the store: criteria, bidders, panel, scores, history.

Plain, detached views that EvaluationService returns and that the evaluation tab
and the evaluation report (sv_desktop.reports) read; the rules behind the numbers
are in sv_desktop.domain.evaluation. No Qt, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sv_desktop.domain.evaluation import METHOD, Score, ScoringScale, Spread, Standing, sub_weight_problem


@dataclass(frozen=True)
class CriterionView:
    id: int
    uid: str
    framework_id: str
    ref: str
    title: str
    text: str
    sub_weight: Decimal


@dataclass(frozen=True)
class BidderView:
    id: int
    uid: str
    name: str
    supplier_id: int | None
    response_text: str
    documents: tuple[str, ...]
    price_score: Decimal | None
    quality_score: Decimal | None


@dataclass(frozen=True)
class MemberView:
    id: int
    uid: str
    name: str
    role: str
    declared: dict[int, tuple[bool, str]]  # bidder id -> (conflict, details)
    imported_revision: int | None  # the latest sheet revision imported, None before any

    def conflict_with(self, bidder_id: int) -> bool:
        return self.declared.get(bidder_id, (False, ""))[0]


@dataclass(frozen=True)
class Cell:
    """One criterion x bidder: each member's score, the spread and the consensus."""

    criterion_id: int
    bidder_id: int
    scores: dict[int, Score | None]  # member id -> score (None: not scored yet); conflicted members left out
    spread: Spread
    consensus: int | None
    rationale: str
    weighted: Decimal | None


@dataclass(frozen=True)
class EventView:
    at: datetime
    by: str
    action: str
    details: str
    reason: str


@dataclass(frozen=True)
class EvaluationView:
    id: int
    uid: str
    version: int
    contract_id: int
    contract_reference: str
    contract_title: str
    weighting: Decimal | None
    scale: ScoringScale
    smt_rule: bool
    criteria: tuple[CriterionView, ...]
    additional_criteria: tuple[str, ...]
    bidders: tuple[BidderView, ...]
    members: tuple[MemberView, ...]
    cells: tuple[Cell, ...]
    standings: tuple[Standing, ...]
    includes_price_quality: bool
    locked_at: datetime | None
    locked_by: str
    events: tuple[EventView, ...]
    method: str = METHOD

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    def cell(self, criterion_id: int, bidder_id: int) -> Cell:
        return next(c for c in self.cells if c.criterion_id == criterion_id and c.bidder_id == bidder_id)

    @property
    def setup_problems(self) -> list[str]:
        problems = []
        if not self.criteria:
            problems.append("No criteria: choose the contract's social value outcomes first (Social value tab).")
        problem = sub_weight_problem([c.sub_weight for c in self.criteria], self.weighting)
        if problem and self.criteria:
            problems.append(problem)
        if not self.bidders:
            problems.append("No bidders recorded.")
        if not self.members:
            problems.append("No panel members recorded.")
        return problems

    @property
    def ranking_label(self) -> str:
        return "Total (social value, price and quality)" if self.includes_price_quality else "Social value only"
