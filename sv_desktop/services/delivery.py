"""Delivery monitoring: commitments from the award, returns per period, verification, remedies, progress.

The hand-over is automatic: when a contract moves to Awarded (or straight to
Delivery), every metric chosen for it becomes a commitment to fill in from the
winning bid, in the same transaction as the stage change (a unit-of-work commit
hook). RAG thresholds come from the active policy profile.
"""
from __future__ import annotations

import getpass
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, selectinload

from sv_desktop.domain.delivery import (
    Aggregation,
    CommitmentData,
    DeliveryReturn,
    Frequency,
    Period,
    Progress,
    RagThresholds,
    RemedyData,
    RemedyKind,
    ReturnStatus,
    periods,
    progress,
)
from sv_desktop.domain.delivery_input import validate_commitment, validate_remedy, validate_return
from sv_desktop.domain.documents import DocumentInfo, DocumentKind
from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.vocabulary import Stage, UkRegion
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.documents import document_infos, document_of, read_document, remove_documents, replace_document
from sv_desktop.store.models import (
    Commitment,
    Contract,
    DeliveryReturnRow,
    Remedy,
    ReturnChange,
    StageChange,
    SvSelection,
)
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

HANDOVER_STAGES = (Stage.AWARDED.value, Stage.DELIVERY.value)


@dataclass(frozen=True)
class ReturnChangeView:
    changed_at: datetime
    changed_by: str
    field: str
    old_value: str
    new_value: str
    reason: str


@dataclass(frozen=True)
class ReturnRecord:
    id: int
    version: int
    commitment_id: int
    data: DeliveryReturn
    reviewed_by: str
    reviewed_at: datetime | None
    history: tuple[ReturnChangeView, ...]
    evidence: DocumentInfo | None

    @property
    def period(self) -> Period:
        return Period(self.data.period_start, self.data.period_end)


@dataclass(frozen=True)
class RemedyRecord:
    id: int
    version: int
    commitment_id: int
    data: RemedyData


@dataclass(frozen=True)
class CommitmentRecord:
    id: int
    version: int
    contract_id: int
    data: CommitmentData
    unit_label: str
    by_region: bool
    returns: tuple[ReturnRecord, ...]
    remedies: tuple[RemedyRecord, ...]
    progress: Progress


def unit_labels(catalogue: CatalogueService) -> dict[str, str]:
    from sv_desktop.catalogue.units import UNITS

    return {unit_id: unit.label for unit_id, unit in UNITS.items()}


class DeliveryService:
    def __init__(self, uow_factory: UnitOfWorkFactory, catalogue: CatalogueService, compliance: ComplianceService,
                 today: Callable[[], date] = date.today, user: Callable[[], str] | None = None):
        self._uow_factory = uow_factory
        self._catalogue = catalogue
        self._compliance = compliance
        self._today = today
        self._user = user or _os_user
        uow_factory.add_commit_hook(self._handover_hook)

    def today(self) -> date:
        """The date progress is measured at (injectable for tests and for reports "as at")."""
        return self._today()

    # -- thresholds ----------------------------------------------------------------------------
    def thresholds(self) -> RagThresholds:
        profile = self._compliance.profile()
        return RagThresholds(profile.rag_green_from, profile.rag_amber_from, profile.return_due_days)

    def deductions_over(self) -> Decimal | None:
        return self._compliance.profile().deductions_over

    def kpi_publication_over(self) -> Decimal:
        """The contract value over which KPI performance must be published (the active profile's)."""
        return self._compliance.profile().kpi_publication_over

    # -- the award hand-over -------------------------------------------------------------------------
    def _handover_hook(self, session: Session) -> None:
        """On a stage change to Awarded/Delivery from an earlier stage, turn chosen metrics into commitments."""
        added = session.info.get("added", ())
        contract_ids = {
            obj.contract_id for obj in added
            if isinstance(obj, StageChange) and obj.to_stage in HANDOVER_STAGES
            and obj.from_stage not in HANDOVER_STAGES
        }
        chosen_later = {obj.contract_id for obj in added if isinstance(obj, SvSelection) and obj.kind == "metric"}
        if chosen_later - contract_ids:  # metrics chosen for a contract already awarded
            contract_ids |= set(session.scalars(select(Contract.id).where(
                Contract.id.in_(sorted(chosen_later - contract_ids)), Contract.stage.in_(HANDOVER_STAGES))))
        for contract_id in sorted(contract_ids):
            self._hand_over(session, contract_id)
        if contract_ids:
            session.flush()

    def hand_over(self, contract_id: int) -> list[CommitmentRecord]:
        """Create commitments for chosen metrics that have none yet (also run by hand from the UI)."""
        with self._uow_factory() as uow:
            self._hand_over(uow.session, contract_id)
            uow.commit()
        return self.commitments(contract_id)

    def _hand_over(self, session: Session, contract_id: int) -> int:
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
        have = {(fid, ref) for fid, ref in session.execute(
            select(Commitment.framework_id, Commitment.ref).where(Commitment.contract_id == contract_id))}
        position = len(have)
        catalogue = self._catalogue.catalogue()
        created = 0
        for selection in session.scalars(select(SvSelection).where(
                SvSelection.contract_id == contract_id, SvSelection.kind == "metric").order_by(SvSelection.position)):
            if (selection.framework_id, selection.ref) in have:
                continue
            entry = catalogue.entry(selection.framework_id, selection.ref)
            unit = (entry.unit if entry and entry.unit else "count")
            aggregation = (entry.aggregation if entry and entry.aggregation else _default_aggregation(unit))
            session.add(Commitment(
                contract_id=contract_id, framework_id=selection.framework_id, ref=selection.ref,
                title=selection.title, unit=unit, aggregation=aggregation,
                start_date=contract.start_date, due_date=contract.end_date, frequency=Frequency.QUARTERLY.value,
                cohort="", bid_text="", justification="", position=position, version=1))
            position += 1
            created += 1
        return created

    # -- commitments ---------------------------------------------------------------------------------
    def commitments(self, contract_id: int, today: date | None = None) -> list[CommitmentRecord]:
        return self.commitments_for([contract_id], today).get(contract_id, [])

    def commitments_for(self, contract_ids: Collection[int] | None, today: date | None = None
                        ) -> dict[int, list[CommitmentRecord]]:
        """Every commitment of the given contracts (or all), with returns, remedies and progress.

        Read with plain column queries (not ORM objects): the dashboard and the committee pack
        read every commitment and return of thousands of contracts.
        """
        when = today or self._today()
        thresholds = self.thresholds()
        labels = unit_labels(self._catalogue)
        catalogue = self._catalogue.catalogue()
        ids: list[int] | None = None
        if contract_ids is not None:
            ids = list(contract_ids)
            if not ids:
                return {}
        commitments_table = Commitment.__table__
        returns_table = DeliveryReturnRow.__table__
        changes_table = ReturnChange.__table__
        remedies_table = Remedy.__table__
        with self._uow_factory() as uow:
            session = uow.session
            rows = [row for chunk in _chunks(ids)
                    for row in session.execute(
                        select(commitments_table) if chunk is None
                        else select(commitments_table).where(commitments_table.c.contract_id.in_(chunk))).all()]
            wanted = None if ids is None else [row.id for row in rows]
            returns: dict[int, list] = {}
            for chunk in _chunks(wanted):
                query = select(returns_table).order_by(returns_table.c.period_start)
                if chunk is not None:
                    query = query.where(returns_table.c.commitment_id.in_(chunk))
                for row in session.execute(query):
                    returns.setdefault(row.commitment_id, []).append(row)
            return_ids = [r.id for group in returns.values() for r in group]
            history: dict[int, list] = {}
            for chunk in _chunks(None if ids is None else return_ids):
                query = select(changes_table).order_by(changes_table.c.id)
                if chunk is not None:
                    query = query.where(changes_table.c.return_id.in_(chunk))
                for row in session.execute(query):
                    history.setdefault(row.return_id, []).append(row)
            remedies: dict[int, list] = {}
            for chunk in _chunks(wanted):
                query = select(remedies_table).order_by(remedies_table.c.id)
                if chunk is not None:
                    query = query.where(remedies_table.c.commitment_id.in_(chunk))
                for row in session.execute(query):
                    remedies.setdefault(row.commitment_id, []).append(row)
            evidence = document_infos(session, DocumentKind.RETURN_EVIDENCE, return_ids)
        found: dict[int, list[CommitmentRecord]] = {}
        for row in sorted(rows, key=lambda r: (r.contract_id, r.position, r.id)):
            entry = catalogue.entry(row.framework_id, row.ref) if row.framework_id else None
            data = _commitment_data(row)
            own_returns = tuple(_return_record(r, evidence.get(r.id), history.get(r.id, ()))
                                for r in returns.get(row.id, ()))
            found.setdefault(row.contract_id, []).append(CommitmentRecord(
                row.id, row.version, row.contract_id, data, labels.get(row.unit, row.unit),
                bool(entry and entry.by_region), own_returns,
                tuple(_remedy_record(r) for r in remedies.get(row.id, ())),
                progress(data, [r.data for r in own_returns], when, thresholds)))
        return found

    def commitment(self, commitment_id: int) -> CommitmentRecord:
        with self._uow_factory() as uow:
            contract_id = uow.session.scalar(select(Commitment.contract_id).where(Commitment.id == commitment_id))
        if contract_id is None:
            raise NotFoundError("That commitment is no longer in the store.")
        return next(c for c in self.commitments(contract_id) if c.id == commitment_id)

    def save_commitment(self, contract_id: int, data: CommitmentData, commitment_id: int | None = None,
                        expected_version: int | None = None) -> CommitmentRecord:
        from sv_desktop.catalogue.units import UNITS

        with self._uow_factory() as uow:
            session = uow.session
            contract = session.get(Contract, contract_id)
            if contract is None:
                raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
            data = validate_commitment(data, set(UNITS), contract.start_date, contract.end_date)
            if commitment_id is None:
                row = Commitment(contract_id=contract_id, version=1, position=_next_position(session, contract_id))
                session.add(row)
            else:
                row = self._commitment_row(session, commitment_id, expected_version)
                if row.contract_id != contract_id:
                    raise NotFoundError("That commitment belongs to another contract.")
                if row.returns:
                    _check_returns_still_fit(row, data)
            _apply_commitment(row, data)
            uow.commit()
            saved = row.id
        return self.commitment(saved)

    def delete_commitment(self, commitment_id: int, expected_version: int) -> None:
        with self._uow_factory() as uow:
            row = self._commitment_row(uow.session, commitment_id, expected_version)
            remove_documents(uow.session, DocumentKind.RETURN_EVIDENCE, [r.id for r in row.returns])
            uow.session.delete(row)
            uow.commit()

    @staticmethod
    def _commitment_row(session: Session, commitment_id: int, expected_version: int | None) -> Commitment:
        row = session.get(Commitment, commitment_id)
        if row is None:
            raise NotFoundError("That commitment is no longer in the store.")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError("This commitment was changed by someone else since you opened it; "
                                "nothing was saved. Reload and try again.")
        return row

    # -- returns -------------------------------------------------------------------------------------
    def save_return(self, commitment_id: int, period: Period, actual: Decimal | None, *, evidence_notes: str = "",
                    evidence_ref: str = "", unit: str | None = None, return_id: int | None = None,
                    expected_version: int | None = None, reason: str = "") -> ReturnRecord:
        """Record (or correct) the return for one period. Correcting a verified return needs a reason,
        kept in the return's history, and sends it back to "claimed" for verification again."""
        with self._uow_factory() as uow:
            session = uow.session
            commitment = session.get(Commitment, commitment_id)
            if commitment is None:
                raise NotFoundError("That commitment is no longer in the store.")
            validate_return(_commitment_data(commitment), period, actual, unit)
            assert actual is not None  # validate_return raises a ValidationError for a missing actual
            user, now = self._user(), _now()
            if return_id is None:
                clash = session.scalar(select(DeliveryReturnRow.id).where(
                    DeliveryReturnRow.commitment_id == commitment_id,
                    DeliveryReturnRow.period_start == period.start))
                if clash is not None:
                    raise ValidationError([FieldError("period", f"A return for {period.label} is already recorded; "
                                                                "open it to correct it.")])
                row = DeliveryReturnRow(commitment_id=commitment_id, period_start=period.start,
                                        period_end=period.end, actual=actual, status=ReturnStatus.CLAIMED.value,
                                        evidence_notes=evidence_notes.strip(), evidence_ref=evidence_ref.strip(),
                                        entered_by=user, entered_at=now, reviewed_by="", rejection_reason="",
                                        version=1)
                session.add(row)
            else:
                row = self._return_row(session, return_id, expected_version)
                if (row.period_start, row.period_end) != (period.start, period.end):
                    raise ValidationError([FieldError("period", "A return's period cannot change; record a new "
                                                                "return for the other period.")])
                changes = [(name, old, new) for name, old, new in (
                    ("actual", _text(row.actual), _text(actual)),
                    ("evidence_notes", row.evidence_notes, evidence_notes.strip()),
                    ("evidence_ref", row.evidence_ref, evidence_ref.strip())) if old != new]
                if row.status == ReturnStatus.VERIFIED.value and changes:
                    if not reason.strip():
                        raise ValidationError([FieldError(
                            "reason",
                            "This return was verified: give a reason for changing it (kept in its history).")])
                    for name, old, new in changes:
                        row.history.append(ReturnChange(changed_by=user, changed_at=now, field=name, old_value=old,
                                                        new_value=new, reason=reason.strip()))
                    row.history.append(ReturnChange(changed_by=user, changed_at=now, field="status",
                                                    old_value=ReturnStatus.VERIFIED.value,
                                                    new_value=ReturnStatus.CLAIMED.value, reason=reason.strip()))
                    row.status, row.reviewed_by, row.reviewed_at = ReturnStatus.CLAIMED.value, "", None
                if row.status == ReturnStatus.REJECTED.value and changes:
                    # A corrected return goes back for verification; the rejection stays in the history.
                    row.history.append(ReturnChange(changed_by=user, changed_at=now, field="status",
                                                    old_value=ReturnStatus.REJECTED.value,
                                                    new_value=ReturnStatus.CLAIMED.value,
                                                    reason=reason.strip() or "corrected after rejection"))
                    for name, old, new in changes:
                        row.history.append(ReturnChange(changed_by=user, changed_at=now, field=name, old_value=old,
                                                        new_value=new, reason=reason.strip()))
                    row.status, row.reviewed_by, row.reviewed_at = ReturnStatus.CLAIMED.value, "", None
                    row.rejection_reason = ""
                row.actual = actual
                row.evidence_notes, row.evidence_ref = evidence_notes.strip(), evidence_ref.strip()
            uow.commit()
            saved = row.id
        return self.delivery_return(saved)

    def verify_return(self, return_id: int, expected_version: int) -> ReturnRecord:
        return self._review(return_id, expected_version, ReturnStatus.VERIFIED, "")

    def reject_return(self, return_id: int, expected_version: int, reason: str) -> ReturnRecord:
        if not reason.strip():
            raise ValidationError([FieldError("rejection_reason", "Say why the return is rejected.")])
        return self._review(return_id, expected_version, ReturnStatus.REJECTED, reason.strip())

    def _review(self, return_id: int, expected_version: int, status: ReturnStatus, reason: str) -> ReturnRecord:
        with self._uow_factory() as uow:
            row = self._return_row(uow.session, return_id, expected_version)
            user, now = self._user(), _now()
            if row.status != status.value:
                row.history.append(ReturnChange(changed_by=user, changed_at=now, field="status",
                                                old_value=row.status, new_value=status.value, reason=reason))
            row.status, row.reviewed_by, row.reviewed_at, row.rejection_reason = status.value, user, now, reason
            uow.commit()
        return self.delivery_return(return_id)

    def delete_return(self, return_id: int, expected_version: int) -> None:
        with self._uow_factory() as uow:
            row = self._return_row(uow.session, return_id, expected_version)
            if row.status == ReturnStatus.VERIFIED.value:
                raise ValidationError([FieldError("status", "A verified return cannot be deleted; correct it "
                                                            "with a reason instead.")])
            remove_documents(uow.session, DocumentKind.RETURN_EVIDENCE, [row.id])
            uow.session.delete(row)
            uow.commit()

    def delivery_return(self, return_id: int) -> ReturnRecord:
        with self._uow_factory() as uow:
            row = uow.session.scalar(select(DeliveryReturnRow).where(DeliveryReturnRow.id == return_id)
                                     .options(selectinload(DeliveryReturnRow.history)))
            if row is None:
                raise NotFoundError("That return is no longer in the store.")
            evidence = document_infos(uow.session, DocumentKind.RETURN_EVIDENCE, [row.id])
            return _return_record(row, evidence.get(row.id))

    @staticmethod
    def _return_row(session: Session, return_id: int, expected_version: int | None) -> DeliveryReturnRow:
        row = session.scalar(select(DeliveryReturnRow).where(DeliveryReturnRow.id == return_id)
                             .options(selectinload(DeliveryReturnRow.history)))
        if row is None:
            raise NotFoundError("That return is no longer in the store.")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError("This return was changed by someone else since you opened it; nothing was saved. "
                                "Reload and try again.")
        return row

    # -- evidence files ------------------------------------------------------------------------------
    def attach_evidence(self, return_id: int, path: Path) -> ReturnRecord:
        """Copy an evidence file into the store (replacing an earlier one), so backups carry it."""
        document = read_document(path, DocumentKind.RETURN_EVIDENCE)
        with self._uow_factory() as uow:
            if uow.session.get(DeliveryReturnRow, return_id) is None:
                raise NotFoundError("That return is no longer in the store.")
            replace_document(uow.session, DocumentKind.RETURN_EVIDENCE, return_id, document)
            uow.commit()
        return self.delivery_return(return_id)

    def remove_evidence(self, return_id: int) -> ReturnRecord:
        with self._uow_factory() as uow:
            remove_documents(uow.session, DocumentKind.RETURN_EVIDENCE, [return_id])
            uow.commit()
        return self.delivery_return(return_id)

    def evidence(self, return_id: int) -> tuple[str, bytes]:
        with self._uow_factory() as uow:
            document = document_of(uow.session, DocumentKind.RETURN_EVIDENCE, return_id)
            if document is None:
                raise NotFoundError("No evidence file is attached to this return.")
            return document.file_name, document.content

    # -- remedies ------------------------------------------------------------------------------------
    def save_remedy(self, commitment_id: int, data: RemedyData, remedy_id: int | None = None,
                    expected_version: int | None = None) -> RemedyRecord:
        with self._uow_factory() as uow:
            session = uow.session
            commitment = session.get(Commitment, commitment_id)
            if commitment is None:
                raise NotFoundError("That commitment is no longer in the store.")
            contract = session.get(Contract, commitment.contract_id)
            data = validate_remedy(data, contract.total_value if contract else None, self.deductions_over(),
                                   self._today())
            row: Remedy | None
            if remedy_id is None:
                row = Remedy(commitment_id=commitment_id, version=1)
                session.add(row)
            else:
                row = session.get(Remedy, remedy_id)
                if row is None or row.commitment_id != commitment_id:
                    raise NotFoundError("That remedy is no longer in the store.")
                if expected_version is not None and row.version != expected_version:
                    raise ConflictError("This remedy was changed by someone else since you opened it; "
                                        "nothing was saved.")
            row.kind, row.description, row.amount = data.kind.value, data.description, data.amount
            row.raised_on, row.due_on = data.raised_on, data.due_on
            row.closed_on, row.outcome = data.closed_on, data.outcome
            uow.commit()
            return _remedy_record(row)

    def delete_remedy(self, remedy_id: int, expected_version: int) -> None:
        with self._uow_factory() as uow:
            row = uow.session.get(Remedy, remedy_id)
            if row is None:
                raise NotFoundError("That remedy is no longer in the store.")
            if row.version != expected_version:
                raise ConflictError("This remedy was changed by someone else since you opened it; it was not deleted.")
            uow.session.delete(row)
            uow.commit()

    def remedy_kinds(self, contract_total: Decimal | None) -> list[RemedyKind]:
        """The remedies the active policy allows on a contract of this total value."""
        limit = self.deductions_over()
        money_allowed = limit is None or (contract_total is not None and contract_total > limit)
        return [kind for kind in RemedyKind if money_allowed or not kind.takes_amount]


# -- mapping ---------------------------------------------------------------------------------------

def _apply_commitment(row: Commitment, data: CommitmentData) -> None:
    row.framework_id, row.ref, row.title, row.unit = data.framework_id, data.ref, data.title, data.unit
    row.aggregation = data.aggregation.value
    row.target, row.baseline = data.target, data.baseline
    row.start_date, row.due_date, row.frequency = data.start_date, data.due_date, data.frequency.value
    row.region = data.region.value if data.region else None
    row.cohort, row.bid_text, row.justification = data.cohort, data.bid_text, data.justification


def _check_returns_still_fit(row: Commitment, data: CommitmentData) -> None:
    """Returns are recorded against the commitment's periods: dates and frequency may change only if every
    recorded return's period is still one of the new periods."""
    terms = data.terms
    if terms is None:
        raise ValidationError([FieldError("target", "Returns are already recorded: the target, start and due "
                                                    "dates cannot be cleared.")])
    allowed = set(periods(terms.start_date, terms.due_date, data.frequency))
    stranded = [Period(r.period_start, r.period_end) for r in row.returns
                if Period(r.period_start, r.period_end) not in allowed]
    if stranded:
        labels = ", ".join(p.label for p in sorted(stranded)[:3])
        field = "frequency" if data.frequency.value != row.frequency else (
            "start_date" if data.start_date != row.start_date else "due_date")
        raise ValidationError([FieldError(
            field, f"Returns are recorded for {labels}; with these dates and frequency those periods would no "
                   "longer exist. Delete or move those returns first.")])


def _commitment_data(row: Commitment | Row[*tuple[Any, ...]]) -> CommitmentData:
    """From a Commitment or a plain row of its columns."""
    return CommitmentData(
        title=row.title, unit=row.unit, target=row.target, start_date=row.start_date, due_date=row.due_date,
        frequency=_member(Frequency, row.frequency, Frequency.QUARTERLY),
        aggregation=_member(Aggregation, row.aggregation, Aggregation.SUM), baseline=row.baseline,
        region=_member(UkRegion, row.region, None), cohort=row.cohort or "", bid_text=row.bid_text or "",
        framework_id=row.framework_id or "", ref=row.ref or "", justification=row.justification or "")


def _return_record(row, evidence: DocumentInfo | None, history_rows=None) -> ReturnRecord:
    """From a DeliveryReturnRow or a plain row of its columns (then with its history rows)."""
    data = DeliveryReturn(row.period_start, row.period_end, row.actual,
                          _member(ReturnStatus, row.status, ReturnStatus.CLAIMED), row.evidence_notes or "",
                          row.evidence_ref or "", row.entered_by or "", row.entered_at, row.rejection_reason or "")
    history = tuple(ReturnChangeView(h.changed_at, h.changed_by, h.field, h.old_value, h.new_value, h.reason)
                    for h in (row.history if history_rows is None else history_rows))
    return ReturnRecord(row.id, row.version, row.commitment_id, data, row.reviewed_by or "", row.reviewed_at,
                        history, evidence)


def _remedy_record(row: Remedy) -> RemedyRecord:
    return RemedyRecord(row.id, row.version, row.commitment_id, RemedyData(
        _member(RemedyKind, row.kind, RemedyKind.IMPROVEMENT_PLAN), row.raised_on, row.description or "",
        row.amount, row.due_on, row.closed_on, row.outcome or ""))


def _chunks(ids: list[int] | None, size: int = 500) -> Iterator[list[int] | None]:
    """None (no filter) once, or the ids in slices under SQLite's bound-parameter limit."""
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _next_position(session: Session, contract_id: int) -> int:
    positions = list(session.scalars(select(Commitment.position).where(Commitment.contract_id == contract_id)))
    return max(positions, default=-1) + 1


def _default_aggregation(unit: str) -> str:
    from sv_desktop.catalogue.units import UNITS

    found = UNITS.get(unit)
    return found.default_aggregation if found else Aggregation.SUM.value


def _member(enum, value, default):
    try:
        return enum(value) if value is not None else default
    except ValueError:
        return default


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some service accounts)
        return "unknown user"


__all__ = ["CommitmentRecord", "DeliveryService", "RemedyRecord", "ReturnChangeView", "ReturnRecord"]
