"""The evaluation report's plain data: the evaluation as the service shows it, plus what a reader needs
around it (contract, organisation, scale owner), and the small derivations the pages print.

No ReportLab, no store, no Qt: tests check these numbers directly, and the builder
(sv_desktop.reports.evaluation_report) only lays them out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sv_desktop.domain.evaluation import OUTLIER_STEPS, SMT_RULE_TEXT
from sv_desktop.domain.evaluation_views import BidderView, Cell, CriterionView, EvaluationView, EventView, MemberView
from sv_desktop.reports.data import ReportHeader

NOT_LOCKED = "Not locked: moderation is still open, and the scores may still change."
SCALE_OWNER = ("The scoring scale is the organisation's own (from its policy profile{profile}); no official "
               "scoring scale exists for PPN 002 social value responses.")
SMT_OFF = ("Off: a response may score points without a specific, measurable and time-bound commitment "
           "(the organisation's choice for this evaluation).")
OUTLIER_RULE = (f"A member's score is flagged as an outlier when it is {OUTLIER_STEPS} scale steps or more from "
                "the median of the other members' scores on the same criterion and bidder (three or more scores).")
CONSENSUS_NOTE = ("The consensus score is the panel's moderated judgement, recorded with its rationale; it may "
                  "differ from the members' average.")
AFTER_LOCKING = "(after locking)"


@dataclass(frozen=True)
class EvaluationReportData:
    """Everything the evaluation report prints about one contract's evaluation."""

    header: ReportHeader
    evaluation: EvaluationView
    contract_fields: tuple[tuple[str, str], ...]  # label, text: category, stage, value, procurement lead...
    profile_name: str = ""
    settings_used: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def reference(self) -> str:
        return self.evaluation.contract_reference

    @property
    def title(self) -> str:
        return self.evaluation.contract_title


# -- derivations ------------------------------------------------------------------------------------
def member_names(view: EvaluationView) -> dict[int, str]:
    return {m.id: m.name for m in view.members}


def bidder_by_name(view: EvaluationView) -> dict[str, BidderView]:
    return {b.name: b for b in view.bidders}


def outlier_members(cell: Cell) -> tuple[int, ...]:
    """The member ids whose scores the domain's spread flags as outliers (its indexes are over given scores)."""
    scored = [member_id for member_id, score in cell.scores.items() if score is not None]
    return tuple(scored[index] for index in cell.spread.outliers if index < len(scored))


def conflicted_members(view: EvaluationView, bidder_id: int) -> tuple[MemberView, ...]:
    return tuple(m for m in view.members if m.conflict_with(bidder_id))


@dataclass(frozen=True)
class DeclarationLine:
    member: str
    role: str
    bidder: str
    declared: bool
    conflict: bool
    details: str

    @property
    def words(self) -> str:
        if not self.declared:
            return "Not yet declared"
        if self.conflict:
            return ("Conflict of interest declared: " + (self.details.rstrip(".") or "no details given")
                    + ". Does not score this bidder.")
        return "No conflict of interest declared"


def declarations(view: EvaluationView) -> tuple[DeclarationLine, ...]:
    """Every member x bidder pair, in panel then bidder order; pairs not yet declared are said so."""
    lines = []
    for member in view.members:
        for bidder in view.bidders:
            found = member.declared.get(bidder.id)
            lines.append(DeclarationLine(member.name, member.role, bidder.name, found is not None,
                                         bool(found and found[0]), (found[1] if found else "").strip()))
    return tuple(lines)


def consensus_progress(view: EvaluationView) -> tuple[int, int]:
    """(cells with a consensus score, cells in all)."""
    return sum(1 for c in view.cells if c.consensus is not None), len(view.cells)


def lock_text(view: EvaluationView) -> str:
    if view.locked_at is None:
        return NOT_LOCKED
    by = f" by {view.locked_by}" if view.locked_by else ""
    return f"Locked on {_stamp(view.locked_at)}{by}. Any change since needs a reason and is listed in the history."


def after_lock_events(view: EvaluationView) -> tuple[EventView, ...]:
    return tuple(e for e in view.events if e.action.endswith(AFTER_LOCKING))


def smt_text(view: EvaluationView) -> str:
    return f"On: {SMT_RULE_TEXT}" if view.smt_rule else SMT_OFF


def scale_owner_text(profile_name: str) -> str:
    return SCALE_OWNER.format(profile=f", {profile_name}" if profile_name else "")


def sub_weight_total(view: EvaluationView) -> Decimal:
    return sum((c.sub_weight for c in view.criteria), Decimal(0))


def criterion_label(criterion: CriterionView) -> str:
    ref = f"{criterion.ref} " if criterion.ref else ""
    return f"{ref}{criterion.title}".strip()


def bidder_totals(view: EvaluationView) -> dict[int, Decimal]:
    """Each bidder's weighted social value total over the criteria with a consensus score."""
    totals = {b.id: Decimal(0) for b in view.bidders}
    for cell in view.cells:
        if cell.weighted is not None:
            totals[cell.bidder_id] += cell.weighted
    return totals


def percent(value: Decimal | None) -> str:
    """Percentage points as the method gives them (two decimal places at most, trailing zeros dropped)."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} %"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def stamp(moment: datetime | None) -> str:
    return _stamp(moment) if moment else "—"


__all__ = ["DeclarationLine", "EvaluationReportData", "after_lock_events", "bidder_by_name", "bidder_totals",
           "conflicted_members", "consensus_progress", "criterion_label", "declarations", "lock_text",
           "member_names", "outlier_members", "percent", "scale_owner_text", "smt_text", "stamp",
           "sub_weight_total"]
