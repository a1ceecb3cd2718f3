"""How a score sheet received on the member's laptop reads in words: its progress, its bidders' state, the
file names suggested for it, and the scoring guide shown beside the responses.

Plain functions of the ReceivedSheetView the ScoreSheetService returns, shared by the scoring window's parts so
the sheet list, the bidder list and the progress box always say the same thing.
"""
from __future__ import annotations

import html
import re

from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.evaluation import SMT_RULE_TEXT
from sv_desktop.services.score_sheets import (
    SHEET_EXTENSION,
    ReceivedSheetView,
    SheetBidder,
)

CONFLICT_TEXT = "Conflict of interest declared — not scored"
OWN_SCORES_TEXT = "Your scores only: other members' scores are not in this file."
SCALE_NOTE = ("This is the scoring scale {organisation} set for this evaluation. It is not an official scale: "
              "none is published for the PPN 002 Social Value Model.")


def safe_file_name(text: str) -> str:
    """A file name every desktop accepts: characters Windows forbids become hyphens."""
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "-", text).strip(" .") or "score sheet"


def completed_file_name(view: ReceivedSheetView) -> str:
    """'FM-2026-07 - Priya Shah completed.svsheet': the name suggested when the member exports."""
    return safe_file_name(f"{view.sheet.contract_reference} - {view.sheet.member_name} completed") + SHEET_EXTENSION


def scored_count(view: ReceivedSheetView) -> tuple[int, int]:
    """(scored, to score in all) over the bidders the member may score."""
    scoreable = [b for b in view.sheet.bidders if not b.conflict]
    total = len(scoreable) * len(view.sheet.criteria)
    return total - len(view.to_score), total


def progress_text(view: ReceivedSheetView) -> str:
    done, total = scored_count(view)
    if total == 0:
        return "Nothing to score (a conflict of interest with every bidder)"
    return f"{done} of {total} scored"


def sheet_state_text(view: ReceivedSheetView) -> str:
    """The sheet list's progress column: how much is scored, and when the completed sheet was last exported."""
    text = progress_text(view)
    if view.sheet.completed:
        text += f"; exported {view.sheet.completed_at:%d/%m/%Y}"
    return text


def bidder_state_text(view: ReceivedSheetView, bidder: SheetBidder) -> str:
    """The bidder list's entry: the name, then how far their scoring is (or that the member may not score them)."""
    if bidder.conflict:
        return f"{bidder.name}\n{CONFLICT_TEXT}"
    total = len(view.sheet.criteria)
    done = sum(1 for c in view.sheet.criteria if view.score(bidder.bidder_uid, c.criterion_uid) is not None)
    state = f"✔ All {total} scored" if done == total else f"{done} of {total} scored"
    return f"{bidder.name}\n{state}"


def still_to_score(view: ReceivedSheetView) -> list[str]:
    """Every cell still to score, as "bidder / criterion"."""
    names = {b.bidder_uid: b.name for b in view.sheet.bidders}
    titles = {c.criterion_uid: c.title for c in view.sheet.criteria}
    return [f"{names[b]} / {titles[c]}" for b, c in view.to_score]


def guide_html(view: ReceivedSheetView) -> str:
    """"How to score": the organisation's scale with its descriptors, the SMT rule and the additional award
    criteria, as the member reads them beside the response."""
    sheet = view.sheet
    esc = html.escape
    rows = "".join(f"<tr><td align='right'><b>{points}</b></td><td>{esc(descriptor)}</td></tr>"
                   for points, descriptor in sheet.scale)
    parts = [f"<p><b>Scoring scale</b></p><table cellspacing='0' cellpadding='3'>"
             f"<tr><th align='right'>Points</th><th align='left'>What it means</th></tr>{rows}</table>",
             f"<p><i>{esc(SCALE_NOTE.format(organisation=sheet.organisation or 'your organisation'))}</i></p>"]
    if sheet.smt_rule:
        parts.append(f"<p><b>The SMT rule is on.</b> {esc(SMT_RULE_TEXT)} Tick the box on a score only when "
                     "the response holds such a commitment; without it, only 0 points can be saved.</p>")
    else:
        parts.append("<p><b>The SMT rule is off</b> for this evaluation: whether the response holds a "
                     "specific, measurable and time-bound commitment is recorded, but does not limit the "
                     "points.</p>")
    if sheet.additional_criteria:
        items = "".join(f"<li>{esc(text)}</li>" for text in sheet.additional_criteria)
        parts.append("<p><b>Additional award criteria</b> (PPN 002): what a good response includes. They "
                     "guide your score and are not scored separately; the first is the pass gate.</p>"
                     f"<ul>{items}</ul>")
    return "".join(parts)


def refusal_text(exc: Exception) -> str:
    """Why the service refused, in one line."""
    if isinstance(exc, ValidationError):
        return " ".join(e.message for e in exc.errors)
    return str(exc)


__all__ = [
    "CONFLICT_TEXT",
    "OWN_SCORES_TEXT",
    "SCALE_NOTE",
    "bidder_state_text",
    "completed_file_name",
    "guide_html",
    "progress_text",
    "refusal_text",
    "safe_file_name",
    "scored_count",
    "sheet_state_text",
    "still_to_score",
]
