"""The lead's side of an offline evaluation panel: set-up, declarations, score sheets out and in,
moderation to consensus, weighting, ranking and lock.

Criteria are the contract's chosen outcomes or themes (each a tender question),
with sub-weights that must add up to its social value weighting; PPN 002's
additional award criteria travel as descriptors and the pass gate, not as scored
rows. Every change after the evaluation is locked needs a reason and is kept in
the evaluation's history.
"""
from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sv_desktop.domain.documents import DocumentKind
from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.evaluation import (
    DEFAULT_SCALE,
    ScaleLevel,
    Score,
    ScoringScale,
    rank,
    score_problems,
    spread,
    weighted,
)
from sv_desktop.domain.evaluation_views import BidderView, Cell, CriterionView, EvaluationView, EventView, MemberView
from sv_desktop.domain.selection import OUTCOME_KINDS
from sv_desktop.domain.supplier import supplier_key
from sv_desktop.exchange.score_sheet import (
    ScoreSheet,
    SheetBidder,
    SheetCriterion,
    SheetDocument,
    SheetError,
    read_sheet,
    write_sheet,
)
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.documents import add_document, document_names, documents_of, read_document
from sv_desktop.services.selection import SelectionService
from sv_desktop.services.settings import SettingsService
from sv_desktop.store.models import (
    Bidder,
    ConsensusScore,
    Contract,
    ContractSocialValue,
    Declaration,
    Evaluation,
    EvaluationCriterion,
    EvaluationEvent,
    MemberScore,
    PanelMember,
    SheetImport,
    Supplier,
)
from sv_desktop.store.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class ImportResult:
    member_name: str
    scores: int
    revision: int
    replaced_revision: int | None


class EvaluationService:
    def __init__(self, uow_factory: UnitOfWorkFactory, selection: SelectionService, catalogue: CatalogueService,
                 settings: SettingsService, scale: Callable[[], ScoringScale] | None = None,
                 user: Callable[[], str] | None = None, now: Callable[[], datetime] | None = None):
        self._uow_factory = uow_factory
        self._selection = selection
        self._catalogue = catalogue
        self._settings = settings
        self._scale = scale or (lambda: DEFAULT_SCALE)
        self._user = user or _os_user
        self._now = now or (lambda: datetime.now().replace(microsecond=0))

    # -- reading ------------------------------------------------------------------------------------
    def get(self, contract_id: int) -> EvaluationView | None:
        with self._uow_factory() as uow:
            evaluation = uow.session.scalar(select(Evaluation).where(Evaluation.contract_id == contract_id))
            if evaluation is None:
                return None
            return self._view(uow.session, evaluation)

    def require(self, contract_id: int) -> EvaluationView:
        view = self.get(contract_id)
        if view is None:
            raise NotFoundError("This contract has no evaluation yet: start one first.")
        return view

    # -- set-up ---------------------------------------------------------------------------------------
    def start(self, contract_id: int) -> EvaluationView:
        """Create the evaluation: criteria from the chosen outcomes, the profile's scale, the SMT rule on for
        PPN 002."""
        plan = self._selection.plan(contract_id)
        with self._uow_factory() as uow:
            session = uow.session
            contract = session.get(Contract, contract_id)
            if contract is None:
                raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
            if contract.stage not in ("tender", "evaluation"):
                raise ValidationError([FieldError("stage", "An evaluation is started at the Tender or Evaluation "
                                                           "stage.")])
            if not any(e.kind in OUTCOME_KINDS for e in plan.entries):
                raise ValidationError([FieldError("criteria", "Choose the contract's social value outcomes first "
                                                              "(Social value tab): they are the criteria scored.")])
            if session.scalar(select(Evaluation.id).where(Evaluation.contract_id == contract_id)) is not None:
                raise ValidationError([FieldError("evaluation", "This contract already has an evaluation.")])
            questions = [e for e in plan.entries if e.kind in OUTCOME_KINDS]
            weights = _sub_weights([e.weight_percent for e in questions], plan.weighting_percent)
            scale = self._scale()
            evaluation = Evaluation(uid=_uid(), contract_id=contract_id, scale=_scale_json(scale),
                                    smt_rule=any(e.framework_id == "ppn002" for e in plan.entries) or not questions,
                                    locked_by="", version=1)
            session.add(evaluation)
            session.flush()
            for position, (entry, weight) in enumerate(zip(questions, weights)):
                session.add(EvaluationCriterion(
                    uid=_uid(), evaluation_id=evaluation.id, position=position, framework_id=entry.framework_id,
                    ref=entry.ref, title=entry.title, text=entry.refined_text or entry.original_text,
                    sub_weight=weight))
            self._event(session, evaluation, "started", f"{len(questions)} criteria from the social value selection")
            uow.commit()
        return self.require(contract_id)

    def save_setup(self, contract_id: int, expected_version: int, *, sub_weights: dict[int, Decimal] | None = None,
                   scale: ScoringScale | None = None, smt_rule: bool | None = None, reason: str = "") -> EvaluationView:
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id, expected_version)
            changes = []
            for criterion in session.scalars(select(EvaluationCriterion).where(
                    EvaluationCriterion.evaluation_id == evaluation.id)):
                if sub_weights and criterion.id in sub_weights and criterion.sub_weight != sub_weights[criterion.id]:
                    value = sub_weights[criterion.id]
                    if not value.is_finite() or value < 0 or value > 100:
                        raise ValidationError([FieldError("sub_weight", f"{criterion.title}: a sub-weight is a "
                                                                        "percentage between 0 and 100.")])
                    changes.append(f"{criterion.title}: sub-weight {criterion.sub_weight:g}% → {value:g}%")
                    criterion.sub_weight = value
            if scale is not None and _scale_json(scale) != evaluation.scale:
                if session.scalar(select(MemberScore.id).join(PanelMember).where(
                        PanelMember.evaluation_id == evaluation.id).limit(1)) is not None:
                    raise ValidationError([FieldError("scale", "Scores are already imported against the current "
                                                               "scale; it cannot change now.")])
                changes.append(f"scale → {scale.text()}")
                evaluation.scale = _scale_json(scale)
            if smt_rule is not None and smt_rule != evaluation.smt_rule:
                changes.append(f"SMT rule {'on' if smt_rule else 'off'}")
                evaluation.smt_rule = smt_rule
            if changes:
                self._changed_after_lock(evaluation, reason)
                self._event(session, evaluation, "set-up changed", "; ".join(changes), reason)
            uow.commit()
        return self.require(contract_id)

    def add_bidder(self, contract_id: int, name: str, response_text: str = "", supplier_name: str = "",
                   reason: str = "") -> BidderView:
        name = " ".join(name.split())
        if not name:
            raise ValidationError([FieldError("name", "A bidder needs a name.")])
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            self._changed_after_lock(evaluation, reason)
            existing = session.scalars(select(Bidder.name).where(Bidder.evaluation_id == evaluation.id))
            if supplier_key(name) in {supplier_key(n) for n in existing}:
                raise ValidationError([FieldError("name", f"{name} is already a bidder.")])
            supplier_id = None
            lookup = supplier_name or name
            supplier = session.scalar(select(Supplier).where(Supplier.name_key == supplier_key(lookup)).limit(1))
            if supplier is None:
                supplier = Supplier(name=lookup, name_key=supplier_key(lookup), version=1)
                session.add(supplier)
                session.flush()
            supplier_id = supplier.id
            position = len(list(session.scalars(select(Bidder.id).where(Bidder.evaluation_id == evaluation.id))))
            bidder = Bidder(uid=_uid(), evaluation_id=evaluation.id, supplier_id=supplier_id, name=name,
                            response_text=response_text.strip(), position=position)
            session.add(bidder)
            self._event(session, evaluation, "bidder added", name, reason)
            uow.commit()
            bidder_id = bidder.id
        return next(b for b in self.require(contract_id).bidders if b.id == bidder_id)

    def update_bidder(self, contract_id: int, bidder_id: int, *, response_text: str | None = None,
                      price_score: Decimal | None = None, quality_score: Decimal | None = None,
                      clear_price_quality: bool = False, reason: str = "") -> BidderView:
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            bidder = self._bidder(session, evaluation, bidder_id)
            self._changed_after_lock(evaluation, reason)
            for label, value in (("price_score", price_score), ("quality_score", quality_score)):
                if value is not None and (not value.is_finite() or value < 0 or value > 100):
                    raise ValidationError([FieldError(label, "A score is percentage points between 0 and 100.")])
            details = []
            if response_text is not None and response_text.strip() != bidder.response_text:
                bidder.response_text = response_text.strip()
                details.append("response text")
            if clear_price_quality:
                bidder.price_score = bidder.quality_score = None
                details.append("price and quality cleared")
            if price_score is not None:
                bidder.price_score = price_score
                details.append(f"price {price_score:g}")
            if quality_score is not None:
                bidder.quality_score = quality_score
                details.append(f"quality {quality_score:g}")
            if details:
                self._event(session, evaluation, "bidder changed", f"{bidder.name}: {', '.join(details)}", reason)
            uow.commit()
        return next(b for b in self.require(contract_id).bidders if b.id == bidder_id)

    def remove_bidder(self, contract_id: int, bidder_id: int, reason: str = "") -> None:
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            bidder = self._bidder(session, evaluation, bidder_id)
            self._changed_after_lock(evaluation, reason)
            if session.scalar(select(MemberScore.id).where(MemberScore.bidder_id == bidder.id).limit(1)):
                raise ValidationError([FieldError("bidder", f"Scores are already imported for {bidder.name}; "
                                                            "it cannot be removed.")])
            self._event(session, evaluation, "bidder removed", bidder.name, reason)
            session.delete(bidder)
            uow.commit()

    def attach_response(self, contract_id: int, bidder_id: int, path: Path, reason: str = "") -> BidderView:
        """Keep a bidder's submitted social value response document in the store; it travels in score sheets."""
        document = read_document(path, DocumentKind.BID_RESPONSE)
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            bidder = self._bidder(session, evaluation, bidder_id)
            self._changed_after_lock(evaluation, reason)
            add_document(session, DocumentKind.BID_RESPONSE, bidder.id, document)
            self._event(session, evaluation, "response attached", f"{bidder.name}: {document.file_name}", reason)
            uow.commit()
        return next(b for b in self.require(contract_id).bidders if b.id == bidder_id)

    def add_member(self, contract_id: int, name: str, role: str = "", reason: str = "") -> MemberView:
        name = " ".join(name.split())
        if not name:
            raise ValidationError([FieldError("name", "A panel member needs a name.")])
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            self._changed_after_lock(evaluation, reason)
            names = {n.casefold() for n in session.scalars(select(PanelMember.name).where(
                PanelMember.evaluation_id == evaluation.id))}
            if name.casefold() in names:
                raise ValidationError([FieldError("name", f"{name} is already on the panel.")])
            member = PanelMember(uid=_uid(), evaluation_id=evaluation.id, name=name, role=role.strip(),
                                 position=len(names))
            session.add(member)
            self._event(session, evaluation, "member added", f"{name} ({role.strip() or 'no role given'})", reason)
            uow.commit()
            member_id = member.id
        return next(m for m in self.require(contract_id).members if m.id == member_id)

    def remove_member(self, contract_id: int, member_id: int, reason: str = "") -> None:
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            member = self._member(session, evaluation, member_id)
            self._changed_after_lock(evaluation, reason)
            if session.scalar(select(MemberScore.id).where(MemberScore.member_id == member.id).limit(1)):
                raise ValidationError([FieldError("member", f"{member.name}'s scores are already imported; "
                                                            "they cannot be removed from the panel.")])
            self._event(session, evaluation, "member removed", member.name, reason)
            session.delete(member)
            uow.commit()

    def declare(self, contract_id: int, member_id: int, bidder_id: int, conflict: bool, details: str = "",
                reason: str = "") -> None:
        """Record a conflict-of-interest declaration (before scoring); a conflict blocks scoring that bidder."""
        if conflict and not details.strip():
            raise ValidationError([FieldError("details", "Describe the conflict of interest.")])
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            member = self._member(session, evaluation, member_id)
            bidder = self._bidder(session, evaluation, bidder_id)
            self._changed_after_lock(evaluation, reason)
            if conflict and session.scalar(select(MemberScore.id).where(
                    MemberScore.member_id == member.id, MemberScore.bidder_id == bidder.id).limit(1)):
                raise ValidationError([FieldError("conflict", f"{member.name} has already scored {bidder.name}; "
                                                              "remove those scores by re-importing a sheet first.")])
            row = session.scalar(select(Declaration).where(Declaration.member_id == member.id,
                                                           Declaration.bidder_id == bidder.id))
            if row is None:
                row = Declaration(member_id=member.id, bidder_id=bidder.id)
                session.add(row)
            row.conflict, row.details, row.declared_at = conflict, details.strip(), self._now()
            self._event(session, evaluation, "declaration",
                        f"{member.name} / {bidder.name}: "
                        f"{'conflict: ' + details.strip() if conflict else 'no conflict'}",
                        reason)
            uow.commit()

    # -- score sheets -----------------------------------------------------------------------------------
    def export_sheet(self, contract_id: int, member_id: int, organisation: str = "") -> bytes:
        """A blank score sheet for one member, carrying the bidders' responses; refuses until set-up is complete."""
        view = self.require(contract_id)
        member = next((m for m in view.members if m.id == member_id), None)
        if member is None:
            raise NotFoundError("That panel member is no longer on the panel.")
        problems = list(view.setup_problems)
        undeclared = [b.name for b in view.bidders if b.id not in member.declared]
        if undeclared:
            problems.append(f"{member.name} has not yet declared conflicts of interest for: {', '.join(undeclared)}.")
        if view.locked:
            problems.append("The evaluation is locked.")
        if problems:
            raise ValidationError([FieldError("sheet", p) for p in problems])
        with self._uow_factory() as uow:
            documents = {owner_id: [SheetDocument(d.file_name, d.media_type, d.content) for d in files]
                         for owner_id, files in documents_of(uow.session, DocumentKind.BID_RESPONSE,
                                                             [b.id for b in view.bidders]).items()}
        sheet = ScoreSheet(
            sheet_uid=_uid(), revision=0, evaluation_uid=view.uid, contract_reference=view.contract_reference,
            contract_title=view.contract_title, organisation=organisation or self._settings.load().organisation_name,
            member_uid=member.uid, member_name=member.name, member_role=member.role,
            scale=tuple((level.points, level.descriptor) for level in view.scale.levels), smt_rule=view.smt_rule,
            criteria=tuple(SheetCriterion(c.uid, c.ref, c.title, c.text, c.sub_weight) for c in view.criteria),
            additional_criteria=view.additional_criteria,
            bidders=tuple(SheetBidder(b.uid, b.name, b.response_text, member.conflict_with(b.id),
                                      tuple(documents.get(b.id, ()))) for b in view.bidders),
            issued_at=datetime.now())
        with self._uow_factory() as uow:
            evaluation = self._evaluation(uow.session, contract_id)
            self._event(uow.session, evaluation, "sheet issued", f"{member.name} (sheet {sheet.sheet_uid[:8]})")
            uow.commit()
        return write_sheet(sheet)

    def import_sheet(self, contract_id: int, data: bytes, file_name: str = "", reason: str = "") -> ImportResult:
        """Merge a completed sheet; every way a sheet can be wrong is refused with the reason, nothing stored."""
        try:
            sheet = read_sheet(data)
        except SheetError as exc:
            raise ValidationError([FieldError("sheet", str(exc))]) from None
        view = self.require(contract_id)
        if sheet.evaluation_uid != view.uid:
            raise ValidationError([FieldError("sheet", (
                f"This sheet is for {sheet.contract_reference} ({sheet.contract_title}), not {view.contract_reference}."
                if sheet.contract_reference != view.contract_reference else
                f"This sheet is from another evaluation of {sheet.contract_reference} (not this store's)."))])
        member = next((m for m in view.members if m.uid == sheet.member_uid), None)
        if member is None:
            raise ValidationError([FieldError("sheet", f"{sheet.member_name} is not on this panel.")])
        if not sheet.completed:
            raise ValidationError([FieldError("sheet", f"{sheet.member_name}'s sheet has not been completed: it is "
                                                       "the blank sheet as issued. Ask them to score it and export "
                                                       "the completed sheet.")])
        with self._uow_factory() as uow:
            earlier = list(uow.session.execute(select(SheetImport.revision, SheetImport.checksum,
                                                      SheetImport.imported_at).where(
                SheetImport.sheet_uid == sheet.sheet_uid).order_by(SheetImport.revision.desc())))
        if earlier:
            latest_revision, latest_checksum, imported_at = earlier[0]
            if sheet.checksum == latest_checksum or sheet.revision == latest_revision:
                raise ValidationError([FieldError("sheet", f"This sheet (version {sheet.revision}) was already "
                                                           f"imported on {imported_at:%d/%m/%Y at %H:%M}.")])
            if sheet.revision < latest_revision:
                raise ValidationError([FieldError("sheet", f"This is version {sheet.revision} of "
                                                           f"{sheet.member_name}'s sheet; version {latest_revision}, "
                                                           f"a newer one, was imported on "
                                                           f"{imported_at:%d/%m/%Y at %H:%M}. It was not imported.")])
        with self._uow_factory() as uow:
            newer = uow.session.scalar(select(SheetImport.imported_at).where(
                SheetImport.member_id == member.id, SheetImport.sheet_uid != sheet.sheet_uid,
                SheetImport.issued_at > sheet.issued_at).limit(1))
        if newer is not None:
            raise ValidationError([FieldError("sheet", f"{sheet.member_name} was issued a newer sheet after this "
                                                       f"one, and its scores were imported on "
                                                       f"{newer:%d/%m/%Y at %H:%M}. This older sheet was not "
                                                       "imported.")])
        criteria = {c.uid: c for c in view.criteria}
        bidders = {b.uid: b for b in view.bidders}
        if set(criteria) != {c.criterion_uid for c in sheet.criteria} or \
                set(bidders) != {b.bidder_uid for b in sheet.bidders}:
            raise ValidationError([FieldError("sheet", "The criteria or bidders changed after this sheet was "
                                                       "issued; issue a new sheet to the member.")])
        problems: list[FieldError] = []
        seen = set()
        for score in sheet.scores:
            bidder, criterion = bidders.get(score.bidder_uid), criteria.get(score.criterion_uid)
            if bidder is None or criterion is None:
                problems.append(FieldError("sheet", "A score refers to an unknown bidder or criterion."))
                continue
            where = f"{bidder.name}, {criterion.title}"
            if (bidder.id, criterion.id) in seen:
                problems.append(FieldError("sheet", f"{where}: scored twice on the sheet."))
                continue
            if member.conflict_with(bidder.id):
                problems.append(FieldError("sheet", f"{where}: {member.name} declared a conflict of interest with "
                                                    f"{bidder.name} and may not score them."))
            problems.extend(score_problems(Score(score.points, score.justification, score.smt), view.scale,
                                           view.smt_rule, where))
            seen.add((bidder.id, criterion.id))
        missing = [f"{b.name} / {c.title}" for b in view.bidders for c in view.criteria
                   if not member.conflict_with(b.id) and (b.id, c.id) not in seen]
        if missing:
            problems.append(FieldError("sheet", "Not scored: " + "; ".join(missing[:6])
                                       + (f" and {len(missing) - 6} more" if len(missing) > 6 else "") + "."))
        if problems:
            raise ValidationError(problems)
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            self._changed_after_lock(evaluation, reason)
            record = SheetImport(evaluation_id=evaluation.id, member_id=member.id, sheet_uid=sheet.sheet_uid,
                                 revision=sheet.revision, checksum=sheet.checksum, file_name=file_name,
                                 issued_at=sheet.issued_at,
                                 imported_at=self._now(), imported_by=self._user())
            session.add(record)
            session.flush()
            session.execute(delete(MemberScore).where(MemberScore.member_id == member.id))
            for score in sheet.scores:
                session.add(MemberScore(member_id=member.id, bidder_id=bidders[score.bidder_uid].id,
                                        criterion_id=criteria[score.criterion_uid].id, points=score.points,
                                        justification=score.justification.strip(), smt=score.smt,
                                        sheet_import_id=record.id))
            replaced = earlier[0][0] if earlier else None
            self._event(session, evaluation, "sheet imported",
                        f"{member.name}: version {sheet.revision}, {len(sheet.scores)} scores"
                        + (f" (replacing version {replaced})" if replaced is not None else ""), reason)
            uow.commit()
        return ImportResult(member.name, len(sheet.scores), sheet.revision, replaced)

    # -- moderation -------------------------------------------------------------------------------------
    def record_consensus(self, contract_id: int, bidder_id: int, criterion_id: int, points: int, rationale: str,
                         reason: str = "") -> EvaluationView:
        if not rationale.strip():
            raise ValidationError([FieldError("rationale", "Record the panel's rationale for the consensus score.")])
        with self._uow_factory() as uow:
            session = uow.session
            evaluation = self._evaluation(session, contract_id)
            bidder = self._bidder(session, evaluation, bidder_id)
            criterion = session.get(EvaluationCriterion, criterion_id)
            if criterion is None or criterion.evaluation_id != evaluation.id:
                raise NotFoundError("That criterion is no longer in this evaluation.")
            scale = _scale(evaluation.scale)
            if points not in scale.points:
                raise ValidationError([FieldError("points", f"{points} is not on the scale "
                                                            f"({', '.join(str(p) for p in scale.points)}).")])
            self._changed_after_lock(evaluation, reason)
            row = session.scalar(select(ConsensusScore).where(ConsensusScore.bidder_id == bidder.id,
                                                              ConsensusScore.criterion_id == criterion.id))
            before = None if row is None else (row.points, row.rationale)
            if row is None:
                row = ConsensusScore(bidder_id=bidder.id, criterion_id=criterion.id, version=1)
                session.add(row)
            row.points, row.rationale = points, rationale.strip()
            row.recorded_by, row.recorded_at = self._user(), self._now()
            change = (f"{bidder.name} / {criterion.title}: {points}" if before is None
                      else f"{bidder.name} / {criterion.title}: {before[0]} → {points}")
            self._event(session, evaluation, "consensus", f"{change}. Rationale: {rationale.strip()}", reason)
            uow.commit()
        return self.require(contract_id)

    def lock(self, contract_id: int, expected_version: int) -> EvaluationView:
        view = self.require(contract_id)
        missing = [f"{view_b.name} / {c.title}" for c in view.criteria for view_b in view.bidders
                   if view.cell(c.id, view_b.id).consensus is None]
        problems = list(view.setup_problems)
        if missing:
            problems.append("No consensus score yet for: " + "; ".join(missing[:6])
                            + (f" and {len(missing) - 6} more" if len(missing) > 6 else "") + ".")
        if problems:
            raise ValidationError([FieldError("lock", p) for p in problems])
        with self._uow_factory() as uow:
            evaluation = self._evaluation(uow.session, contract_id, expected_version)
            if evaluation.locked_at is not None:
                raise ValidationError([FieldError("lock", "The evaluation is already locked.")])
            evaluation.locked_at, evaluation.locked_by = self._now(), self._user()
            ranking = "; ".join(f"{s.position_text} {s.bidder} {s.total:g}" for s in view.standings)
            self._event(uow.session, evaluation, "locked", f"Ranking ({view.ranking_label}): {ranking}")
            uow.commit()
        return self.require(contract_id)

    # -- helpers ----------------------------------------------------------------------------------------
    def _evaluation(self, session: Session, contract_id: int, expected_version: int | None = None) -> Evaluation:
        evaluation = session.scalar(select(Evaluation).where(Evaluation.contract_id == contract_id))
        if evaluation is None:
            raise NotFoundError("This contract has no evaluation yet: start one first.")
        if expected_version is not None and evaluation.version != expected_version:
            raise ConflictError("The evaluation was changed since you opened it (perhaps in another window); "
                                "nothing was saved. Reload and try again.")
        return evaluation

    @staticmethod
    def _bidder(session: Session, evaluation: Evaluation, bidder_id: int) -> Bidder:
        bidder = session.get(Bidder, bidder_id)
        if bidder is None or bidder.evaluation_id != evaluation.id:
            raise NotFoundError("That bidder is no longer in this evaluation.")
        return bidder

    @staticmethod
    def _member(session: Session, evaluation: Evaluation, member_id: int) -> PanelMember:
        member = session.get(PanelMember, member_id)
        if member is None or member.evaluation_id != evaluation.id:
            raise NotFoundError("That panel member is no longer on the panel.")
        return member

    @staticmethod
    def _changed_after_lock(evaluation: Evaluation, reason: str) -> None:
        if evaluation.locked_at is not None and not reason.strip():
            raise ValidationError([FieldError("reason", "The evaluation is locked: give a reason for this change "
                                                        "(it is kept in the evaluation's history).")])

    def _event(self, session: Session, evaluation: Evaluation, action: str, details: str, reason: str = "") -> None:
        if evaluation.locked_at is not None and action != "locked":
            action = f"{action} (after locking)"
        session.add(EvaluationEvent(evaluation_id=evaluation.id, at=self._now(), by=self._user(), action=action,
                                    details=details, reason=reason.strip()))
        evaluation.version += 1  # every change moves the evaluation on: stale windows are told

    def _view(self, session: Session, evaluation: Evaluation) -> EvaluationView:
        contract = session.get(Contract, evaluation.contract_id)
        weighting = session.scalar(select(ContractSocialValue.weighting_percent).where(
            ContractSocialValue.contract_id == evaluation.contract_id))
        scale = _scale(evaluation.scale)
        criteria = tuple(CriterionView(c.id, c.uid, c.framework_id, c.ref, c.title, c.text, c.sub_weight)
                         for c in session.scalars(select(EvaluationCriterion)
                                                  .where(EvaluationCriterion.evaluation_id == evaluation.id)
                                                  .order_by(EvaluationCriterion.position)))
        bidder_rows = list(session.scalars(select(Bidder).where(Bidder.evaluation_id == evaluation.id)
                                           .order_by(Bidder.position, Bidder.id)))
        documents = document_names(session, DocumentKind.BID_RESPONSE, [b.id for b in bidder_rows])
        bidders = tuple(BidderView(b.id, b.uid, b.name, b.supplier_id, b.response_text or "",
                                   tuple(documents.get(b.id, ())), b.price_score, b.quality_score) for b in bidder_rows)
        member_rows = list(session.scalars(select(PanelMember).where(PanelMember.evaluation_id == evaluation.id)
                                           .order_by(PanelMember.position, PanelMember.id)))
        member_ids = [m.id for m in member_rows] or [-1]
        declared: dict[int, dict[int, tuple[bool, str]]] = {}
        for d in session.scalars(select(Declaration).where(Declaration.member_id.in_(member_ids))):
            declared.setdefault(d.member_id, {})[d.bidder_id] = (d.conflict, d.details)
        revisions: dict[int, int] = {}
        for member_id, revision in session.execute(select(SheetImport.member_id, SheetImport.revision).where(
                SheetImport.evaluation_id == evaluation.id)):
            revisions[member_id] = max(revision, revisions.get(member_id, revision))
        members = tuple(MemberView(m.id, m.uid, m.name, m.role, declared.get(m.id, {}), revisions.get(m.id))
                        for m in member_rows)
        scores: dict[tuple[int, int], dict[int, Score]] = {}
        for s in session.scalars(select(MemberScore).where(MemberScore.member_id.in_(member_ids))):
            scores.setdefault((s.criterion_id, s.bidder_id), {})[s.member_id] = Score(s.points, s.justification, s.smt)
        consensus = {(c.criterion_id, c.bidder_id): c for c in session.scalars(select(ConsensusScore).where(
            ConsensusScore.bidder_id.in_([b.id for b in bidder_rows] or [-1])))}
        cells = []
        totals: dict[str, Decimal] = {}
        for bidder in bidders:
            totals[bidder.name] = Decimal(0)
        for criterion in criteria:
            for bidder in bidders:
                own = scores.get((criterion.id, bidder.id), {})
                per_member = {m.id: own.get(m.id) for m in members if not m.conflict_with(bidder.id)}
                agreed = consensus.get((criterion.id, bidder.id))
                value = weighted(agreed.points if agreed else None, scale.maximum, criterion.sub_weight)
                if value is not None:
                    totals[bidder.name] += value
                cells.append(Cell(criterion.id, bidder.id, per_member,
                                  spread([s.points for s in per_member.values() if s is not None], scale),
                                  agreed.points if agreed else None, agreed.rationale if agreed else "", value))
        standings, complete = rank(totals, {b.name: b.price_score for b in bidders},
                                   {b.name: b.quality_score for b in bidders}) if bidders else ([], False)
        events = tuple(EventView(e.at, e.by, e.action, e.details, e.reason) for e in session.scalars(
            select(EvaluationEvent).where(EvaluationEvent.evaluation_id == evaluation.id).order_by(EvaluationEvent.id)))
        return EvaluationView(
            evaluation.id, evaluation.uid, evaluation.version, evaluation.contract_id,
            contract.reference if contract else "", contract.title if contract else "", weighting, scale,
            evaluation.smt_rule, criteria, self._additional_criteria(criteria), bidders, members, tuple(cells),
            tuple(standings), complete, evaluation.locked_at, evaluation.locked_by or "", events)

    def _additional_criteria(self, criteria: tuple[CriterionView, ...]) -> tuple[str, ...]:
        frameworks = {c.framework_id for c in criteria}
        found = []
        for framework_id in sorted(frameworks):
            framework = self._catalogue.catalogue().framework(framework_id)
            for item in (framework.additional_award_criteria if framework else ()):
                gate = " (pass gate: the minimum requirement to score points)" if item.pass_gate else ""
                found.append(f"{item.ref}: {item.text}{gate}")
        return tuple(found)


def _sub_weights(weights: list[Decimal | None], weighting: Decimal | None) -> list[Decimal]:
    """The selection's weights where given; otherwise the weighting split equally (remainder on the first)."""
    if not weights:
        return []
    given = [w for w in weights if w is not None]
    if len(given) == len(weights):
        return [Decimal(w) for w in given]
    total = weighting if weighting is not None else Decimal(10)
    share = (total / len(weights)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    split = [share] * len(weights)
    split[0] += total - share * len(weights)
    return split


def _scale_json(scale: ScoringScale) -> str:
    return json.dumps([{"points": level.points, "descriptor": level.descriptor} for level in scale.levels])


def _scale(text: str) -> ScoringScale:
    try:
        return ScoringScale(tuple(ScaleLevel(int(level["points"]), str(level["descriptor"]))
                                  for level in json.loads(text)))
    except (ValueError, KeyError, TypeError):
        return DEFAULT_SCALE


def _uid() -> str:
    return str(uuid.uuid4())


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some service accounts)
        return "unknown user"


__all__ = ["BidderView", "Cell", "CriterionView", "EvaluationService", "EvaluationView", "EventView", "ImportResult",
           "MemberView"]
