"""What the Delivery tab says above its panels: the contract in one line and what still needs doing.

Kept apart from the widgets so the words can be read (and tested) in one place:
a commitment without its target, dates or region, or an overdue return, makes
the notice a warning; an empty list tells the officer where commitments come from.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import Rag
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.services.delivery import CommitmentRecord
from sv_desktop.ui.common.formatting import date_text, money_text

HANDOVER_STAGES = (Stage.AWARDED, Stage.DELIVERY)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Notice:
    text: str
    warning: bool  # something needs doing (else it only explains)


def contract_line(data: ContractData, records: Sequence[CommitmentRecord]) -> str:
    """Reference, title, stage, supplier, value, dates and the RAG counts, separated by middle dots."""
    parts = [f"{data.reference} — {data.title}", data.stage.label]
    if data.supplier_names:
        parts.append("supplier " + ", ".join(data.supplier_names))
    if data.total_value is not None:
        parts.append(f"total value {money_text(data.total_value)}")
    if data.start_date or data.end_date:
        parts.append(f"{date_text(data.start_date) or 'no start'} to {date_text(data.end_date) or 'no end'}")
    counts = {rag: sum(1 for r in records if r.progress.rag is rag) for rag in Rag}
    if records:
        parts.append(", ".join(f"{counts[rag]} {rag.short.lower()}" for rag in Rag if counts[rag]))
    return " · ".join(parts)


def can_hand_over(data: ContractData, records: Sequence[CommitmentRecord]) -> bool:
    """An awarded contract without commitments can have them made from its chosen metrics."""
    return data.stage in HANDOVER_STAGES and not records


def delivery_notice(data: ContractData, records: Sequence[CommitmentRecord]) -> Notice | None:
    """What still needs doing on the contract's commitments, or where they come from; None when all is in hand."""
    awarded = data.stage in HANDOVER_STAGES
    need_target = sum(1 for r in records if r.data.target is None)
    need_dates = sum(1 for r in records if r.data.start_date is None or r.data.due_date is None)
    need_region = sum(1 for r in records if r.by_region and r.data.region is None)
    notes = []
    if need_target:
        notes.append(f"{plural(need_target, 'commitment still needs', 'commitments still need')} "
                     "the target from the winning bid.")
    if need_dates:
        notes.append(f"{plural(need_dates, 'commitment needs', 'commitments need')} a start and due date.")
    if need_region:
        notes.append(f"{plural(need_region, 'metric is', 'metrics are')} reported by UK region and "
                     f"{'needs its' if need_region == 1 else 'need their'} region.")
    overdue = sum(len(r.progress.overdue) for r in records)
    if overdue:
        notes.append(f"{plural(overdue, 'return is', 'returns are')} overdue.")
    if not records and awarded:
        notes.append("No commitments yet. Create them from the metrics chosen on the Social value tab, "
                     "or add them by hand.")
    elif not records:
        notes.append("Commitments are created when the contract is awarded, from the metrics chosen on its "
                     "Social value tab. You can add them by hand now.")
    if not notes:
        return None
    warning = bool(need_target or need_dates or need_region or overdue)
    return Notice("⚠ " + " ".join(notes) if warning else " ".join(notes), warning)


__all__ = ["HANDOVER_STAGES", "Notice", "can_hand_over", "contract_line", "delivery_notice", "plural"]
