"""A panel member's side of an offline evaluation: open a score sheet, score, export the completed sheet.

The member works on their own laptop with their own store: the sheet they open
is kept there (received_sheets) with their scores as they go, so closing the app
loses nothing. They never see other members' scores: a sheet carries only the
member's own.

The sheet's own types and its file extension are re-exported here, so the
scoring window reads a sheet through this service and never the file format.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.evaluation import ScaleLevel, Score, ScoringScale, score_problems
from sv_desktop.exchange.score_sheet import (
    EXTENSION,
    ScoreSheet,
    SheetBidder,
    SheetCriterion,
    SheetDocument,
    SheetError,
    SheetScore,
    read_sheet,
    write_sheet,
)
from sv_desktop.store.models import ReceivedSheet
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

SHEET_EXTENSION = EXTENSION  # ".svsheet": for file dialogs and the names suggested for sheets


@dataclass(frozen=True)
class ReceivedSheetView:
    sheet_uid: str
    contract_reference: str
    member_name: str
    sheet: ScoreSheet
    updated_at: datetime
    version: int

    @property
    def scale(self) -> ScoringScale:
        return ScoringScale(tuple(ScaleLevel(points, descriptor) for points, descriptor in self.sheet.scale))

    def score(self, bidder_uid: str, criterion_uid: str) -> SheetScore | None:
        return next((s for s in self.sheet.scores if s.bidder_uid == bidder_uid and s.criterion_uid == criterion_uid),
                    None)

    @property
    def to_score(self) -> list[tuple[str, str]]:
        """(bidder uid, criterion uid) still to score; conflicted bidders are not scored."""
        return [(b.bidder_uid, c.criterion_uid) for b in self.sheet.bidders if not b.conflict
                for c in self.sheet.criteria if self.score(b.bidder_uid, c.criterion_uid) is None]


class ScoreSheetService:
    def __init__(self, uow_factory: UnitOfWorkFactory, now: Callable[[], datetime] | None = None):
        self._uow_factory = uow_factory
        self._now = now or (lambda: datetime.now().replace(microsecond=0))

    def open_sheet(self, data: bytes, replace_existing: bool = False) -> ReceivedSheetView:
        """Keep a sheet received from the lead; opening the same sheet again keeps the scores unless replacing."""
        try:
            sheet = read_sheet(data)
        except SheetError as exc:
            raise ValidationError([FieldError("sheet", str(exc))]) from None
        with self._uow_factory() as uow:
            row = uow.session.scalar(select(ReceivedSheet).where(ReceivedSheet.sheet_uid == sheet.sheet_uid))
            if row is not None and not replace_existing:
                raise ValidationError([FieldError("sheet", f"This sheet for {sheet.contract_reference} is already "
                                                           "open here, with your scores so far.")])
            if row is None:
                row = ReceivedSheet(sheet_uid=sheet.sheet_uid, version=1)
                uow.session.add(row)
            if row.content:  # replacing: never step the revision back, or the lead would refuse the next export
                try:
                    kept = read_sheet(row.content.encode("utf-8")).revision
                except SheetError:
                    kept = 0
                sheet = replace(sheet, revision=max(sheet.revision, kept))
            row.contract_reference, row.member_name = sheet.contract_reference, sheet.member_name
            row.content = write_sheet(sheet).decode("utf-8")
            uow.commit()
        return self.sheet(sheet.sheet_uid)

    def already_open(self, data: bytes) -> tuple[ScoreSheet, ReceivedSheetView] | None:
        """(the sheet in the file, the copy kept here) when `data` is a sheet already open here, else None.

        After open_sheet refuses a sheet as already open, the member is asked whether to keep their scores so far
        or replace them with the file; this gives both sides of that question."""
        try:
            incoming = read_sheet(data)
        except SheetError:
            return None
        try:
            here = self.sheet(incoming.sheet_uid)
        except (NotFoundError, ValidationError):
            return None
        return incoming, here

    def sheets(self) -> list[ReceivedSheetView]:
        with self._uow_factory() as uow:
            uids = list(uow.session.scalars(select(ReceivedSheet.sheet_uid).order_by(ReceivedSheet.id)))
        return [self.sheet(uid) for uid in uids]

    def sheet(self, sheet_uid: str) -> ReceivedSheetView:
        with self._uow_factory() as uow:
            row = uow.session.scalar(select(ReceivedSheet).where(ReceivedSheet.sheet_uid == sheet_uid))
            if row is None:
                raise NotFoundError("That score sheet is no longer here.")
            try:
                sheet = read_sheet(row.content.encode("utf-8"))
            except SheetError as exc:
                raise ValidationError([FieldError("sheet", f"The stored sheet is damaged: {exc}")]) from None
            return ReceivedSheetView(row.sheet_uid, row.contract_reference, row.member_name, sheet, row.updated_at,
                                     row.version)

    def save_score(self, sheet_uid: str, bidder_uid: str, criterion_uid: str, score: Score,
                   expected_version: int | None = None) -> ReceivedSheetView:
        """Keep one score with its justification; the scale, the SMT rule and conflicts are checked here."""
        view = self.sheet(sheet_uid)
        bidder = next((b for b in view.sheet.bidders if b.bidder_uid == bidder_uid), None)
        criterion = next((c for c in view.sheet.criteria if c.criterion_uid == criterion_uid), None)
        if bidder is None or criterion is None:
            raise NotFoundError("That bidder or criterion is not on this sheet.")
        if bidder.conflict:
            raise ValidationError([FieldError("bidder", f"You declared a conflict of interest with {bidder.name}, "
                                                        "so you may not score them.")])
        problems = score_problems(score, view.scale, view.sheet.smt_rule)
        if problems:
            raise ValidationError(problems)
        scores = [s for s in view.sheet.scores if (s.bidder_uid, s.criterion_uid) != (bidder_uid, criterion_uid)]
        scores.append(SheetScore(bidder_uid, criterion_uid, score.points, score.justification.strip(), score.smt))
        return self._store(view, replace(view.sheet, scores=tuple(scores)), expected_version)

    def export_completed(self, sheet_uid: str) -> bytes:
        """The completed sheet for the lead (a new version each time); refuses while anything is unscored."""
        view = self.sheet(sheet_uid)
        if view.to_score:
            names = {b.bidder_uid: b.name for b in view.sheet.bidders}
            titles = {c.criterion_uid: c.title for c in view.sheet.criteria}
            left = [f"{names[b]} / {titles[c]}" for b, c in view.to_score]
            raise ValidationError([FieldError("sheet", "Still to score: " + "; ".join(left[:6])
                                              + (f" and {len(left) - 6} more" if len(left) > 6 else "") + ".")])
        completed = replace(view.sheet, revision=view.sheet.revision + 1, completed_at=self._now())
        data = write_sheet(completed)
        self._store(view, completed, None)
        return data

    def _store(self, view: ReceivedSheetView, sheet: ScoreSheet, expected_version: int | None) -> ReceivedSheetView:
        with self._uow_factory() as uow:
            row = uow.session.scalar(select(ReceivedSheet).where(ReceivedSheet.sheet_uid == view.sheet_uid))
            if row is None:
                raise NotFoundError("That score sheet is no longer here.")
            if expected_version is not None and row.version != expected_version:
                raise ConflictError("The sheet was changed in another window; reload it. Nothing was saved.")
            row.content = write_sheet(sheet).decode("utf-8")
            uow.commit()
        return self.sheet(view.sheet_uid)


__all__ = [
    "SHEET_EXTENSION",
    "ReceivedSheetView",
    "ScoreSheet",
    "ScoreSheetService",
    "SheetBidder",
    "SheetCriterion",
    "SheetDocument",
    "SheetScore",
]
