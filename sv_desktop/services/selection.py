"""Choosing social value for a contract: read and save its plan in one transaction, and the tender questions
made from a plan (as text for the clipboard, or as a Word document)."""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import flag_modified

from sv_desktop.domain.errors import ConflictError, NotFoundError
from sv_desktop.domain.selection import SelectedEntry, SocialValuePlan
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.tender_pack import TenderQuestionPack, build_tender_pack
from sv_desktop.store.models import Contract, ContractSocialValue, PolicyNote, SvSelection
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

EXCEPTION, CONFIRMATION, SPECIFICATION = "exception", "confirmation", "specification"


class SelectionService:
    def __init__(self, uow_factory: UnitOfWorkFactory, catalogue: CatalogueService):
        self._uow_factory = uow_factory
        self._catalogue = catalogue

    def plan(self, contract_id: int) -> SocialValuePlan:
        with self._uow_factory() as uow:
            session = uow.session
            if session.get(Contract, contract_id) is None:
                raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
            settings = session.get(ContractSocialValue, contract_id)
            selections = session.scalars(
                select(SvSelection).where(SvSelection.contract_id == contract_id).order_by(SvSelection.position)
            ).all()
            notes = session.scalars(select(PolicyNote).where(PolicyNote.contract_id == contract_id)).all()
            return SocialValuePlan(
                weighting_percent=settings.weighting_percent if settings else None,
                word_limit=settings.word_limit if settings else None,
                target_cohort=settings.target_cohort if settings else "",
                entries=tuple(
                    SelectedEntry(s.framework_id, s.ref, s.kind, s.title, s.original_text, s.refined_text,
                                  s.weight_percent)
                    for s in selections
                ),
                specification_covers=frozenset(n.subject for n in notes if n.kind == SPECIFICATION),
                confirmations=frozenset(n.subject for n in notes if n.kind == CONFIRMATION),
                exceptions={n.subject: n.text for n in notes if n.kind == EXCEPTION},
                version=settings.version if settings else 0,
            )

    def plans_for(self, contract_ids) -> dict[int, SocialValuePlan]:
        """The plans of many contracts in a few queries (reports); contracts not in the store are left out."""
        wanted = sorted(set(contract_ids))
        plans: dict[int, SocialValuePlan] = {}
        with self._uow_factory() as uow:
            session = uow.session
            for start in range(0, len(wanted), BULK_CHUNK):
                chunk = wanted[start:start + BULK_CHUNK]
                present = set(session.scalars(select(Contract.id).where(Contract.id.in_(chunk))))
                settings = {s.contract_id: s for s in session.scalars(
                    select(ContractSocialValue).where(ContractSocialValue.contract_id.in_(chunk)))}
                selections: dict[int, list[SvSelection]] = {}
                for s in session.scalars(select(SvSelection).where(SvSelection.contract_id.in_(chunk))
                                         .order_by(SvSelection.contract_id, SvSelection.position)):
                    selections.setdefault(s.contract_id, []).append(s)
                notes: dict[int, list[PolicyNote]] = {}
                for n in session.scalars(select(PolicyNote).where(PolicyNote.contract_id.in_(chunk))):
                    notes.setdefault(n.contract_id, []).append(n)
                for contract_id in chunk:
                    if contract_id in present:
                        plans[contract_id] = _plan(settings.get(contract_id), selections.get(contract_id, ()),
                                                   notes.get(contract_id, ()))
        return plans

    def save(self, contract_id: int, plan: SocialValuePlan) -> SocialValuePlan:
        """Replace the contract's plan; `plan.version` must match what is stored (0 for none yet)."""
        plan = plan.validated()
        with self._uow_factory() as uow:
            session = uow.session
            contract = session.get(Contract, contract_id)
            if contract is None:
                raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
            settings = session.get(ContractSocialValue, contract_id)
            stored_version = settings.version if settings else 0
            if stored_version != plan.version:
                raise ConflictError(
                    f"The social value of {contract.reference} was changed by someone else since you opened it. "
                    "Reload it and make your change again."
                )
            if settings is None:
                settings = ContractSocialValue(contract_id=contract_id, version=1)
                session.add(settings)
            settings.weighting_percent = plan.weighting_percent
            settings.word_limit = plan.word_limit
            settings.target_cohort = plan.target_cohort
            session.execute(delete(SvSelection).where(SvSelection.contract_id == contract_id))
            session.execute(delete(PolicyNote).where(PolicyNote.contract_id == contract_id))
            for position, entry in enumerate(plan.entries):
                session.add(SvSelection(
                    contract_id=contract_id, framework_id=entry.framework_id, ref=entry.ref, kind=entry.kind,
                    title=entry.title, original_text=entry.original_text, refined_text=entry.refined_text,
                    weight_percent=entry.weight_percent, position=position,
                ))
            for kind, subjects in ((SPECIFICATION, {s: "" for s in plan.specification_covers}),
                                   (CONFIRMATION, {s: "" for s in plan.confirmations}),
                                   (EXCEPTION, plan.exceptions)):
                for subject, text in sorted(subjects.items()):
                    session.add(PolicyNote(contract_id=contract_id, kind=kind, subject=subject, text=text))
            if stored_version:
                # Mark the row changed so its version moves on even when only the selections changed.
                flag_modified(settings, "target_cohort")
            uow.commit()
        return self.plan(contract_id)

    # -- the tender question pack --------------------------------------------------------------------
    def tender_pack(self, reference: str, title: str, plan: SocialValuePlan) -> TenderQuestionPack:
        """The tender questions for `plan` (saved or not), in the catalogue's own wording."""
        return build_tender_pack(reference, title, plan, self._catalogue.catalogue())

    def write_tender_word(self, reference: str, title: str, plan: SocialValuePlan,
                          path: str | os.PathLike) -> Path:
        """Write the tender questions for `plan` as a Word document (atomically: a failed write leaves any
        old file in place); ValidationError for a plan that cannot make one, OSError when it cannot be written."""
        from sv_desktop.reports.tender_docx import write_tender_docx  # python-docx only when a document is made

        return write_tender_docx(self.tender_pack(reference, title, plan), path)

    def entry_from_catalogue(self, framework_id: str, ref: str) -> SelectedEntry:
        """A new selection with the catalogue's current wording as its original."""
        catalogue = self._catalogue.catalogue()
        entry = catalogue.entry(framework_id, ref)
        if entry is None:
            raise NotFoundError(f"The catalogue has no entry {ref} in framework {framework_id}.")
        return SelectedEntry(framework_id, ref, entry.kind, entry.title, entry.text or entry.title)

    def suggestions(self, category: str) -> list[tuple[str, str, str]]:
        """(framework id, ref, why) the category guides suggest for a contract category (seed 002 guides)."""
        suggestions = []
        for framework in self._catalogue.catalogue().frameworks:
            for guide in framework.category_guide:
                if guide.category == category:
                    for ref in guide.entries:
                        suggestions.append((framework.id, ref, guide.rationale))
        return suggestions


BULK_CHUNK = 500  # ids per IN (...) query: well inside every database's parameter limit


def _plan(settings: ContractSocialValue | None, selections, notes) -> SocialValuePlan:
    """A detached plan from the stored rows (the same reading as SelectionService.plan)."""
    return SocialValuePlan(
        weighting_percent=settings.weighting_percent if settings else None,
        word_limit=settings.word_limit if settings else None,
        target_cohort=settings.target_cohort if settings else "",
        entries=tuple(SelectedEntry(s.framework_id, s.ref, s.kind, s.title, s.original_text, s.refined_text,
                                    s.weight_percent) for s in selections),
        specification_covers=frozenset(n.subject for n in notes if n.kind == SPECIFICATION),
        confirmations=frozenset(n.subject for n in notes if n.kind == CONFIRMATION),
        exceptions={n.subject: n.text for n in notes if n.kind == EXCEPTION},
        version=settings.version if settings else 0,
    )


def percent(text: str) -> Decimal | None:
    """Read "10", "10 %" or "12.5%"; blank is None; raise ValueError with a reason."""
    cleaned = text.strip().removesuffix("%").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except ArithmeticError as exc:
        raise ValueError(f"'{text.strip()}' is not a percentage (for example 10 or 12.5)") from exc
    if not value.is_finite():
        raise ValueError(f"'{text.strip()}' is not a percentage")
    return value.quantize(Decimal("0.01"))
