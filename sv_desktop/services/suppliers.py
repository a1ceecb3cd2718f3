"""The supplier register: list, read, create, edit, merge and delete suppliers.

Contracts link to suppliers by name from the contract form (a new name makes a
new supplier); here the sustainability lead completes the record. Merging two
records of the same supplier moves every contract link, contact and carbon plan
to the one kept.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.supplier import (
    SizeFinding,
    SupplierContact,
    SupplierData,
    SupplierSize,
    evergreen_expires,
    is_local,
    modern_slavery_statement_required,
    supplier_key,
    supplier_size,
    validate_supplier,
)
from sv_desktop.domain.vocabulary import Stage, UkRegion
from sv_desktop.services.settings import SettingsService
from sv_desktop.store.models import CarbonPlanVersion, ContractSupplier, Supplier
from sv_desktop.store.models import SupplierContact as ContactRow
from sv_desktop.store.unit_of_work import UnitOfWorkFactory, touch


@dataclass(frozen=True, slots=True)
class SupplierRow:
    """One line of the supplier table: plain values."""

    id: int
    name: str
    companies_house_number: str
    postcode: str
    region: UkRegion | None
    size: SupplierSize
    size_overridden: bool
    vcse: bool
    mutual: bool
    startup: bool
    local: bool
    modern_slavery_required: bool | None
    contracts: int
    evergreen_level: str
    evergreen_expires: date | None


@dataclass(frozen=True)
class SupplierContractView:
    id: int
    reference: str
    title: str
    stage: Stage
    annual_value: Decimal | None
    end_date: date | None


@dataclass(frozen=True)
class SupplierDetail:
    id: int
    version: int
    data: SupplierData
    size: SizeFinding
    local: bool
    modern_slavery_required: bool | None
    evergreen_expires: date | None
    contracts: tuple[SupplierContractView, ...]
    plan_count: int


class SupplierService:
    def __init__(self, uow_factory: UnitOfWorkFactory, settings: SettingsService,
                 today: Callable[[], date] = date.today):
        self._uow_factory = uow_factory
        self._settings = settings
        self._today = today

    # -- reading -------------------------------------------------------------------------
    def rows(self) -> list[SupplierRow]:
        local_areas = self._settings.load().local_areas
        with self._uow_factory() as uow:
            counts = dict(uow.session.execute(
                select(ContractSupplier.supplier_id, func.count()).group_by(ContractSupplier.supplier_id)).all())
            suppliers = list(uow.session.scalars(select(Supplier).order_by(Supplier.name_key)))
            return [self._row(s, counts.get(s.id, 0), local_areas) for s in suppliers]

    def names(self) -> list[str]:
        with self._uow_factory() as uow:
            return list(uow.session.scalars(select(Supplier.name).order_by(Supplier.name_key)))

    def get(self, supplier_id: int) -> SupplierDetail:
        with self._uow_factory() as uow:
            return self._detail(uow.session, self._load(uow.session, supplier_id))

    def find(self, name: str) -> SupplierDetail | None:
        with self._uow_factory() as uow:
            supplier = uow.session.scalar(select(Supplier).where(Supplier.name_key == supplier_key(name)).limit(1))
            return self._detail(uow.session, supplier) if supplier else None

    def contract_ids(self, supplier_id: int) -> list[int]:
        with self._uow_factory() as uow:
            return list(uow.session.scalars(
                select(ContractSupplier.contract_id).where(ContractSupplier.supplier_id == supplier_id)))

    # -- writing -------------------------------------------------------------------------
    def create(self, data: SupplierData) -> SupplierDetail:
        data = validate_supplier(data, self._today())
        with self._uow_factory() as uow:
            self._check_name_free(uow.session, data.name, None)
            supplier = Supplier(name=data.name, name_key=supplier_key(data.name), version=1)
            self._apply(supplier, data)
            uow.session.add(supplier)
            uow.commit()
            return self._detail(uow.session, supplier)

    def update(self, supplier_id: int, expected_version: int, data: SupplierData) -> SupplierDetail:
        data = validate_supplier(data, self._today())
        with self._uow_factory() as uow:
            supplier = self._load(uow.session, supplier_id)
            self._check_version(supplier, expected_version, "saved")
            self._check_name_free(uow.session, data.name, supplier.id)
            self._apply(supplier, data)
            uow.commit()
            return self._detail(uow.session, supplier)

    def delete(self, supplier_id: int, expected_version: int) -> None:
        with self._uow_factory() as uow:
            supplier = self._load(uow.session, supplier_id)
            self._check_version(supplier, expected_version, "deleted")
            if supplier.links:
                refs = ", ".join(sorted(link.contract.reference for link in supplier.links)[:5])
                raise ValidationError([FieldError(
                    "supplier", f"{supplier.name} is on {len(supplier.links)} contract(s) ({refs}); "
                    "remove it from them or merge it into another supplier instead.")])
            uow.session.delete(supplier)
            uow.commit()

    def merge(self, keep_id: int, merge_id: int) -> SupplierDetail:
        """Fold `merge_id` into `keep_id`: links, contacts and plans move; blank fields are filled."""
        if keep_id == merge_id:
            raise ValidationError([FieldError("supplier", "Choose two different suppliers to merge.")])
        with self._uow_factory() as uow:
            session = uow.session
            keep = self._load(session, keep_id)
            gone = self._load(session, merge_id)
            linked = {link.contract_id for link in keep.links}
            for link in list(gone.links):
                if link.contract_id in linked:
                    session.delete(link)
                else:
                    session.add(ContractSupplier(contract_id=link.contract_id, supplier_id=keep.id,
                                                 position=link.position))
                    session.delete(link)
            session.flush()
            start = len(keep.contacts)
            for offset, contact in enumerate(list(gone.contacts)):
                contact.supplier = keep
                contact.position = start + offset
            for plan in list(gone.carbon_plans):
                plan.supplier = keep
            for column in ("companies_house_number", "address", "postcode", "region", "staff_count",
                           "turnover", "balance_sheet_total", "modern_slavery_url", "evergreen_level",
                           "evergreen_assessed_on", "website"):
                if getattr(keep, column) in (None, "") and getattr(gone, column) not in (None, ""):
                    setattr(keep, column, getattr(gone, column))
            if keep.size_override is None and gone.size_override is not None:
                keep.size_override, keep.size_override_reason = gone.size_override, gone.size_override_reason
            for flag in ("vcse", "mutual", "startup"):
                setattr(keep, flag, getattr(keep, flag) or getattr(gone, flag))
            if gone.notes:
                keep.notes = "\n".join(part for part in (keep.notes, f"Merged from {gone.name}: {gone.notes}") if part)
            session.flush()
            session.expire(gone)
            session.delete(gone)
            uow.commit()
            session.expire_all()
            return self._detail(session, self._load(session, keep_id))

    # -- helpers -------------------------------------------------------------------------
    @staticmethod
    def _load(session: Session, supplier_id: int) -> Supplier:
        supplier = session.scalar(
            select(Supplier).where(Supplier.id == supplier_id).options(
                selectinload(Supplier.contacts),
                selectinload(Supplier.links).selectinload(ContractSupplier.contract),
            ))
        if supplier is None:
            raise NotFoundError("That supplier is no longer in the store (it may have been merged or deleted).")
        return supplier

    @staticmethod
    def _check_version(supplier: Supplier, expected: int, what: str) -> None:
        if supplier.version != expected:
            raise ConflictError(
                f"{supplier.name} was changed by someone else since you opened it; it was not {what}. "
                "Reload and try again.")

    @staticmethod
    def _check_name_free(session: Session, name: str, own_id: int | None) -> None:
        other = session.scalar(select(Supplier.id).where(Supplier.name_key == supplier_key(name)).limit(1))
        if other is not None and other != own_id:
            raise ValidationError([FieldError(
                "name", f"Another supplier is already called '{name}'; merge the two records instead.")])

    @staticmethod
    def _apply(supplier: Supplier, data: SupplierData) -> None:
        supplier.name = data.name
        supplier.name_key = supplier_key(data.name)
        supplier.companies_house_number = data.companies_house_number or None
        supplier.address = data.address
        supplier.postcode = data.postcode
        supplier.region = data.region.value if data.region else None
        supplier.staff_count = data.staff_count
        supplier.turnover = data.turnover
        supplier.balance_sheet_total = data.balance_sheet_total
        supplier.size_override = data.size_override.value if data.size_override else None
        supplier.size_override_reason = data.size_override_reason if data.size_override else ""
        supplier.vcse, supplier.mutual, supplier.startup = data.vcse, data.mutual, data.startup
        supplier.modern_slavery_url = data.modern_slavery_url
        supplier.evergreen_level = data.evergreen_level
        supplier.evergreen_assessed_on = data.evergreen_assessed_on
        supplier.website = data.website
        supplier.notes = data.notes
        wanted = [(c.name, c.role, c.email, c.phone) for c in data.contacts]
        if [(c.name, c.role, c.email, c.phone) for c in supplier.contacts] != wanted:
            touch(supplier)
            supplier.contacts.clear()
            for position, c in enumerate(data.contacts):
                supplier.contacts.append(ContactRow(position=position, name=c.name, role=c.role,
                                                    email=c.email, phone=c.phone))

    def _row(self, s: Supplier, contracts: int, local_areas: tuple[str, ...]) -> SupplierRow:
        data = supplier_data(s, with_contacts=False)
        return SupplierRow(
            id=s.id, name=s.name, companies_house_number=s.companies_house_number or "", postcode=s.postcode,
            region=data.region, size=supplier_size(data).size, size_overridden=s.size_override is not None,
            vcse=s.vcse, mutual=s.mutual, startup=s.startup, local=is_local(s.postcode, local_areas),
            modern_slavery_required=modern_slavery_statement_required(s.turnover), contracts=contracts,
            evergreen_level=s.evergreen_level, evergreen_expires=evergreen_expires(s.evergreen_assessed_on),
        )

    def _detail(self, session: Session, s: Supplier) -> SupplierDetail:
        data = supplier_data(s)
        contracts = tuple(sorted(
            (SupplierContractView(link.contract.id, link.contract.reference, link.contract.title,
                                  _stage(link.contract.stage), link.contract.annual_value, link.contract.end_date)
             for link in s.links), key=lambda c: c.reference))
        plans = session.scalar(select(func.count()).select_from(CarbonPlanVersion)
                               .where(CarbonPlanVersion.supplier_id == s.id)) or 0
        return SupplierDetail(
            id=s.id, version=s.version, data=data, size=supplier_size(data),
            local=is_local(s.postcode, self._settings.load().local_areas),
            modern_slavery_required=modern_slavery_statement_required(s.turnover),
            evergreen_expires=evergreen_expires(s.evergreen_assessed_on), contracts=contracts, plan_count=plans,
        )


def supplier_data(s: Supplier, with_contacts: bool = True) -> SupplierData:
    """The stored record as the domain's SupplierData."""
    return SupplierData(
        name=s.name, companies_house_number=s.companies_house_number or "", address=s.address or "",
        postcode=s.postcode or "", region=_member(UkRegion, s.region), staff_count=s.staff_count,
        turnover=s.turnover, balance_sheet_total=s.balance_sheet_total,
        size_override=_member(SupplierSize, s.size_override), size_override_reason=s.size_override_reason or "",
        vcse=bool(s.vcse), mutual=bool(s.mutual), startup=bool(s.startup),
        modern_slavery_url=s.modern_slavery_url or "", evergreen_level=s.evergreen_level or "",
        evergreen_assessed_on=s.evergreen_assessed_on, website=s.website or "", notes=s.notes or "",
        contacts=tuple(SupplierContact(c.name, c.role, c.email, c.phone) for c in s.contacts) if with_contacts else (),
    )


def _member(enum, value):
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        return None


def _stage(value: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        return Stage.PIPELINE


__all__ = ["SupplierContractView", "SupplierDetail", "SupplierRow", "SupplierService", "supplier_data"]
