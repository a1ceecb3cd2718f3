"""Suppliers' carbon reduction plans: record versions, attach the document, check, follow the trajectory, alert.

Checks use the active policy profile's carbon_plan rule (its thresholds and
roadmap dates); a profile without one falls back to PPN 006 and the NHS roadmap
defaults of CarbonRequirements. Alerts are checked as at today; the contract's
selection gate (tender deadline) is the compliance check's business.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from sv_desktop.domain.carbon_plan import (
    CarbonPlanData,
    CarbonRequirements,
    PlanAssessment,
    check_plan,
    is_stale,
    plan_needed,
    satisfies,
)
from sv_desktop.domain.carbon_plan_input import validate_plan
from sv_desktop.domain.carbon_trajectory import Trajectory, trajectory
from sv_desktop.domain.documents import DocumentKind
from sv_desktop.domain.errors import ConflictError, NotFoundError
from sv_desktop.domain.policy import CarbonPlan, RuleKind
from sv_desktop.domain.policy_rules import plan_on, profile_carbon_requirements
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.services.carbon_records import PlanRecord, apply_plan, load_plans
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.documents import document_of, read_document, remove_documents, replace_document
from sv_desktop.store.models import CarbonPlanVersion, Contract, ContractSupplier, Supplier
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

_LIVE = (Stage.EVALUATION.value, Stage.AWARDED.value, Stage.DELIVERY.value)


@dataclass(frozen=True)
class SupplierCarbonStatus:
    """A supplier's latest plan as at a date: what it is, whether it meets the rules, the trajectory."""

    supplier_id: int
    supplier_name: str
    latest: PlanRecord | None
    assessment: PlanAssessment | None
    stale: bool
    trajectory: Trajectory
    plans: tuple[PlanRecord, ...] = ()

    @property
    def summary(self) -> str:
        if self.latest is None:
            return "No plan recorded"
        words = "Meets the rules" if self.assessment and self.assessment.passed else "Does not meet the rules"
        stale = "; over 12 months old" if self.stale else ""
        return f"{self.latest.data.plan_type.label[0].upper()}{self.latest.data.plan_type.label[1:]}: {words}{stale}"


@dataclass(frozen=True)
class CarbonAlert:
    kind: str  # "stale", "missing", "failing"
    supplier_id: int | None
    supplier_name: str
    contract_reference: str
    message: str

    @property
    def kind_label(self) -> str:
        return {"stale": "Plan over 12 months old", "missing": "Plan needed, none recorded",
                "failing": "Latest plan fails"}[self.kind]


@dataclass(frozen=True)
class ContractCarbon:
    """What a contract needs and what its suppliers hold, as at the check date."""

    needed: CarbonPlan | None
    why: str
    check_date: date
    check_date_basis: str  # "tender deadline" or "today"
    suppliers: tuple[SupplierCarbonStatus, ...]


class CarbonService:
    def __init__(self, uow_factory: UnitOfWorkFactory, compliance: ComplianceService,
                 today: Callable[[], date] = date.today):
        self._uow_factory = uow_factory
        self._compliance = compliance
        self._today = today

    # -- rules ---------------------------------------------------------------------------
    def requirements(self) -> CarbonRequirements:
        """The active profile's carbon_plan rule as checks take it; PPN 006 / NHS roadmap defaults otherwise."""
        return profile_carbon_requirements(self._compliance.profile())

    def policy_requires_plans(self) -> bool:
        return self._carbon_rule() is not None

    def _carbon_rule(self):
        profile = self._compliance.profile()
        return next((r for r in profile.rules if r.kind is RuleKind.CARBON_PLAN), None)

    def assess(self, data: CarbonPlanData, check_date: date | None = None) -> PlanAssessment:
        return check_plan(data, check_date or self._today(), self.requirements())

    # -- plans ---------------------------------------------------------------------------
    def plans(self, supplier_id: int) -> list[PlanRecord]:
        with self._uow_factory() as uow:
            return load_plans(uow.session, [supplier_id]).get(supplier_id, [])

    def plan(self, plan_id: int) -> PlanRecord:
        with self._uow_factory() as uow:
            supplier_id = uow.session.scalar(
                select(CarbonPlanVersion.supplier_id).where(CarbonPlanVersion.id == plan_id))
            if supplier_id is None:
                raise NotFoundError("That carbon plan is no longer in the store.")
            return next(r for r in load_plans(uow.session, [supplier_id])[supplier_id] if r.id == plan_id)

    def save_plan(self, supplier_id: int, data: CarbonPlanData, plan_id: int | None = None,
                  expected_version: int | None = None) -> PlanRecord:
        """Add a new version (plan_id None) or correct one; one transaction either way."""
        data = validate_plan(data, self._today())
        with self._uow_factory() as uow:
            session = uow.session
            if session.get(Supplier, supplier_id) is None:
                raise NotFoundError("That supplier is no longer in the store (it may have been merged or deleted).")
            row: CarbonPlanVersion | None
            if plan_id is None:
                row = CarbonPlanVersion(supplier_id=supplier_id, version=1)
                session.add(row)
            else:
                row = session.scalar(select(CarbonPlanVersion).where(CarbonPlanVersion.id == plan_id).options(
                    selectinload(CarbonPlanVersion.figures), selectinload(CarbonPlanVersion.targets)))
                if row is None or row.supplier_id != supplier_id:
                    raise NotFoundError("That carbon plan is no longer in the store.")
                if expected_version is not None and row.version != expected_version:
                    raise ConflictError("This plan was changed by someone else since you opened it; "
                                        "it was not saved. Reload and try again.")
            apply_plan(row, data)
            uow.commit()
            saved_id = row.id
        return self.plan(saved_id)

    def delete_plan(self, plan_id: int, expected_version: int) -> None:
        with self._uow_factory() as uow:
            row = uow.session.get(CarbonPlanVersion, plan_id)
            if row is None:
                raise NotFoundError("That carbon plan is no longer in the store.")
            if row.version != expected_version:
                raise ConflictError("This plan was changed by someone else since you opened it; it was not deleted.")
            remove_documents(uow.session, DocumentKind.CARBON_PLAN, [plan_id])
            uow.session.delete(row)
            uow.commit()

    # -- the plan document -----------------------------------------------------------------
    def attach_document(self, plan_id: int, path: Path) -> PlanRecord:
        """Copy the file into the store (replacing any earlier one), so backups carry it."""
        document = read_document(path, DocumentKind.CARBON_PLAN)
        with self._uow_factory() as uow:
            if uow.session.get(CarbonPlanVersion, plan_id) is None:
                raise NotFoundError("That carbon plan is no longer in the store.")
            replace_document(uow.session, DocumentKind.CARBON_PLAN, plan_id, document)
            uow.commit()
        return self.plan(plan_id)

    def document(self, plan_id: int) -> tuple[str, bytes]:
        with self._uow_factory() as uow:
            document = document_of(uow.session, DocumentKind.CARBON_PLAN, plan_id)
            if document is None:
                raise NotFoundError("No document is attached to this plan.")
            return document.file_name, document.content

    def remove_document(self, plan_id: int) -> None:
        with self._uow_factory() as uow:
            remove_documents(uow.session, DocumentKind.CARBON_PLAN, [plan_id])
            uow.commit()

    def supplier_ids_for_contracts(self, contract_ids) -> dict[int, tuple[int, ...]]:
        """Contract id -> its suppliers' ids in the contract's own order (contracts without one left out).

        One chunked query, so a committee pack over thousands of contracts does not ask per contract.
        """
        ids = sorted(set(contract_ids))
        links: dict[int, list[int]] = {}
        with self._uow_factory() as uow:
            for start in range(0, len(ids), 500):  # well under SQLite's limit on bound parameters
                for contract_id, supplier_id in uow.session.execute(
                        select(ContractSupplier.contract_id, ContractSupplier.supplier_id)
                        .where(ContractSupplier.contract_id.in_(ids[start:start + 500]))
                        .order_by(ContractSupplier.contract_id, ContractSupplier.position)):
                    links.setdefault(contract_id, []).append(supplier_id)
        return {contract_id: tuple(suppliers) for contract_id, suppliers in links.items()}

    # -- status, trajectory and alerts ----------------------------------------------------------
    def status(self, supplier_id: int, check_date: date | None = None) -> SupplierCarbonStatus:
        with self._uow_factory() as uow:
            supplier = uow.session.get(Supplier, supplier_id)
            if supplier is None:
                raise NotFoundError("That supplier is no longer in the store.")
            name = supplier.name
            records = load_plans(uow.session, [supplier_id]).get(supplier_id, [])
        return self._status(supplier_id, name, records, check_date or self._today(), self.requirements())

    def statuses(self, check_date: date | None = None) -> dict[int, SupplierCarbonStatus]:
        """Every supplier's status (for the register's columns and the alerts)."""
        when = check_date or self._today()
        requirements = self.requirements()
        with self._uow_factory() as uow:
            names = dict(uow.session.execute(select(Supplier.id, Supplier.name)).all())
            plans = load_plans(uow.session)
        return {sid: self._status(sid, name, plans.get(sid, []), when, requirements) for sid, name in names.items()}

    def trajectory(self, supplier_id: int) -> Trajectory:
        return trajectory([r.data for r in self.plans(supplier_id)])

    @staticmethod
    def _status(supplier_id: int, name: str, records: list[PlanRecord], when: date,
                requirements: CarbonRequirements) -> SupplierCarbonStatus:
        current = plan_on(tuple(r.data for r in records), when)
        latest = next((r for r in reversed(records) if r.data is current), None) if current else None
        assessment = check_plan(latest.data, when, requirements) if latest else None
        return SupplierCarbonStatus(
            supplier_id, name, latest, assessment,
            stale=bool(latest and is_stale(latest.data, when, requirements)),
            trajectory=trajectory([r.data for r in records]), plans=tuple(records))

    def alerts(self, today: date | None = None) -> list[CarbonAlert]:
        """Plans over 12 months old, live contracts needing a plan their supplier lacks, failing latest plans."""
        when = today or self._today()
        requirements = self.requirements()
        statuses = self.statuses(when)
        alerts: list[CarbonAlert] = []
        for status in sorted(statuses.values(), key=lambda s: s.supplier_name.casefold()):
            if status.latest is None:
                continue
            dated = status.latest.data.dated
            if status.stale:
                alerts.append(CarbonAlert("stale", status.supplier_id, status.supplier_name, "",
                                          f"Latest plan dated {dated:%d/%m/%Y}; plans must be updated at least "
                                          "every 12 months." if dated else "Latest plan has no date."))
            if status.assessment and not status.assessment.passed:
                reasons = " ".join(c.reason for c in status.assessment.failures)
                alerts.append(CarbonAlert("failing", status.supplier_id, status.supplier_name, "", reasons))
        if self.policy_requires_plans():
            with self._uow_factory() as uow:
                links = uow.session.execute(
                    select(Contract.reference, Contract.annual_value, ContractSupplier.supplier_id)
                    .join(ContractSupplier, ContractSupplier.contract_id == Contract.id)
                    .where(Contract.stage.in_(_LIVE))
                    .order_by(Contract.reference)).all()
            for reference, annual_value, supplier_id in links:
                needed, why = plan_needed(annual_value, when, requirements)
                linked = statuses.get(supplier_id)
                if needed is None or linked is None:
                    continue
                if linked.latest is None or not satisfies(linked.latest.data.plan_type, needed):
                    held = ("no plan recorded" if linked.latest is None
                            else f"only a {linked.latest.data.plan_type.label}")
                    alerts.append(CarbonAlert("missing", supplier_id, linked.supplier_name, reference,
                                              f"{reference} needs a {needed.label} ({why}); {held}."))
        order = {"missing": 0, "failing": 1, "stale": 2}
        return sorted(alerts, key=lambda a: (order[a.kind], a.supplier_name.casefold(), a.contract_reference))

    def contract_carbon(self, contract_id: int, today: date | None = None) -> ContractCarbon:
        """The plan a contract needs on its check date and each linked supplier's status then."""
        with self._uow_factory() as uow:
            contract = uow.session.get(Contract, contract_id)
            if contract is None:
                raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
            deadline, annual_value = contract.tender_deadline, contract.annual_value
            suppliers = uow.session.execute(
                select(Supplier.id, Supplier.name).join(ContractSupplier, ContractSupplier.supplier_id == Supplier.id)
                .where(ContractSupplier.contract_id == contract_id).order_by(ContractSupplier.position)).all()
            plans = load_plans(uow.session, [sid for sid, _ in suppliers])
        when = deadline or today or self._today()
        requirements = self.requirements()
        needed, why = plan_needed(annual_value, when, requirements) if self.policy_requires_plans() else (
            None, "the active policy profile has no carbon plan rule")
        return ContractCarbon(
            needed, why, when, "tender deadline" if deadline else "today",
            tuple(self._status(sid, name, plans.get(sid, []), when, requirements) for sid, name in suppliers))


__all__ = ["CarbonAlert", "CarbonService", "ContractCarbon", "SupplierCarbonStatus"]
