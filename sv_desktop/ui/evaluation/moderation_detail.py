"""The moderation detail pane's text: one criterion × bidder row read out in full.

The panel moderates from the members' justifications, not just their points, so the pane shows every member's
score and reasons next to the spread and the consensus. Plain HTML from the detached EvaluationView.
"""
from __future__ import annotations

import html

from sv_desktop.domain.evaluation_views import Cell, EvaluationView
from sv_desktop.ui.evaluation.figures import number_text, weighted_text
from sv_desktop.ui.evaluation.moderation_models import (
    OUTLIER_MARK,
    member_marks,
    spread_text,
)


def cell_detail_html(view: EvaluationView, cell: Cell) -> str:
    """The selected row for the detail pane: the spread, every member's score with their justification (a
    conflict or a missing sheet said as such), and the consensus with its rationale."""
    criterion = next(c for c in view.criteria if c.id == cell.criterion_id)
    bidder = next(b for b in view.bidders if b.id == cell.bidder_id)
    e = html.escape
    parts = [f"<h3>{e(criterion.ref)} {e(criterion.title)} — {e(bidder.name)}</h3>",
             f"<p>Sub-weight {number_text(criterion.sub_weight)}% of the total score.</p>"]
    spread = cell.spread
    if spread.low is None:
        parts.append("<p><b>Spread:</b> no scores yet.</p>")
    else:
        parts.append(f"<p><b>Spread:</b> {e(spread_text(cell))}; mean {number_text(spread.mean, 1)} from "
                     f"{len(spread.scores)} score{'s' if len(spread.scores) != 1 else ''}.</p>")
    parts.append("<h4>Members' scores and justifications</h4>")
    for mark in member_marks(view, cell):
        who = e(mark.member.name) + (f" ({e(mark.member.role)})" if mark.member.role else "")
        if mark.conflict:
            details = mark.member.declared.get(cell.bidder_id, (True, ""))[1]
            parts.append(f"<p><b>{who}</b>: conflict of interest declared ({e(details)}); did not score "
                         f"{e(bidder.name)}.</p>")
            continue
        if mark.score is None:
            parts.append(f"<p><b>{who}</b>: not scored yet (no completed sheet imported).</p>")
            continue
        score = mark.score
        flag = (f" <b>{OUTLIER_MARK} outlier</b> (2 scale steps or more from the others' median)"
                if mark.outlier else "")
        smt = "" if score.smt else " The member recorded that the response has no specific, measurable and " \
                                    "time-bound commitment."
        parts.append(f"<p><b>{who}: {score.points}</b> — {e(view.scale.descriptor(score.points))}{flag}<br>"
                     f"<i>Justification:</i> {e(score.justification)}{e(smt)}</p>")
    if cell.consensus is not None:
        parts.append(f"<h4>Consensus</h4><p><b>{cell.consensus}</b> — {e(view.scale.descriptor(cell.consensus))}"
                     f"<br><i>Rationale:</i> {e(cell.rationale)}<br>Weighted: {weighted_text(cell.weighted)} "
                     f"of {number_text(criterion.sub_weight)} percentage points.</p>")
    else:
        parts.append("<h4>Consensus</h4><p>Not agreed yet.</p>")
    return "".join(parts)


__all__ = ["cell_detail_html"]
