"""The contract pipeline: list, read, create, edit, duplicate and delete contracts."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from sv_desktop.domain.contract import ContractData, decision_due
from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.money import PENNY
from sv_desktop.domain.supplier import supplier_key
from sv_desktop.domain.vocabulary import Category, ParentKind, Regime, Route, Stage, UkRegion, VatBasis
from sv_desktop.services.settings import SettingsService
from sv_desktop.store.models import Contract, ContractSupplier, StageChange, Supplier
from sv_desktop.store.unit_of_work import UnitOfWorkFactory, touch


@dataclass(frozen=True, slots=True)
class PipelineRow:
    """One line of the pipeline table: plain values, cheap to hold 100,000 of."""

    id: int
    reference: str
    title: str
    category: Category
    stage: Stage
    total_value: Decimal | None
    annual_value: Decimal | None
    start_date: date | None
    end_date: date | None
    decision_due: date | None
    procurement_lead: str
    contract_manager: str
    suppliers: str
    parent_reference: str


@dataclass(frozen=True)
class StageChangeView:
    from_stage: Stage | None
    to_stage: Stage
    changed_on: date
    note: str


@dataclass(frozen=True)
class PublishedNotice:
    """What a published notice (OCDS) said about a contract imported from it; read-only in the app."""

    ocid: str
    buyer: str
    regions: str
    cpv_codes: str
    procurement_method: str
    release_date: str  # ISO date-time of the newest release merged

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) for each fact the notice gave, in the order the form and reports show them."""
        facts = [("Notice (ocid)", self.ocid), ("Buyer", self.buyer), ("Regions", self.regions),
                 ("CPV codes", self.cpv_codes), ("Procurement method", self.procurement_method),
                 ("Newest release", self.release_date[:10])]
        return [(label, value) for label, value in facts if value]


@dataclass(frozen=True)
class ContractDetail:
    """A contract as the edit form shows it, detached from any session."""

    id: int
    version: int
    data: ContractData
    decision_due: date | None
    stage_history: tuple[StageChangeView, ...]
    child_references: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    notice: PublishedNotice | None = None  # set when the contract came from a published notice


def contract_data(contract: Contract) -> ContractData:
    """The stored contract as the domain's ContractData (its supplier links and parent loaded)."""
    return stored_data(contract, contract.parent.reference if contract.parent else "",
                       tuple(link.supplier.name for link in contract.supplier_links))


def stored_data(contract, parent_reference: str, supplier_names: tuple[str, ...]) -> ContractData:
    """ContractData from a contract's column values: an ORM Contract, or a Core row with the same column names
    (the import reads thousands that way)."""
    return ContractData(
        reference=contract.reference,
        title=contract.title,
        category=_member(Category, contract.category, Category.OTHER),
        stage=_member(Stage, contract.stage, Stage.PIPELINE),
        description=contract.description,
        total_value=contract.total_value,
        annual_value=contract.annual_value,
        vat_basis=_member(VatBasis, contract.vat_basis, VatBasis.EXCLUDING),
        start_date=contract.start_date,
        end_date=contract.end_date,
        extension_options=contract.extension_options,
        extension_months=contract.extension_months,
        notice_period_months=contract.notice_period_months,
        tender_deadline=contract.tender_deadline,
        regime=_member(Regime, contract.regime, None),
        route=_member(Route, contract.route, None),
        procurement_lead=contract.procurement_lead,
        contract_manager=contract.contract_manager,
        parent_reference=parent_reference,
        parent_kind=_member(ParentKind, contract.parent_kind, None),
        supplier_names=supplier_names,
        notes=contract.notes,
    )


def contract_columns(data: ContractData) -> dict[str, object]:
    """The contracts table's column values for `data`, all but the parent (which needs a look-up)."""
    return {
        "reference": data.reference,
        "title": data.title,
        "description": data.description,
        "category": data.category.value,
        "stage": data.stage.value,
        "total_value": data.total_value,
        "annual_value": data.annual_value,
        "vat_basis": data.vat_basis.value,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "extension_options": data.extension_options,
        "extension_months": data.extension_months,
        "notice_period_months": data.notice_period_months,
        "tender_deadline": data.tender_deadline,
        "regime": data.regime.value if data.regime else None,
        "route": data.route.value if data.route else None,
        "procurement_lead": data.procurement_lead,
        "contract_manager": data.contract_manager,
        "notes": data.notes,
    }


class PipelineService:
    def __init__(self, uow_factory: UnitOfWorkFactory, settings: SettingsService):
        self._uow_factory = uow_factory
        self._settings = settings

    # -- reading -------------------------------------------------------------
    def rows(self, only: Collection[int] | None = None) -> list[PipelineRow]:
        """Every contract (or those with the `only` ids) as a table row, read with plain queries (fast at 100k)."""
        lead_time = self._settings.load().decision_lead_time_months
        with self._uow_factory() as uow:
            session = uow.session
            suppliers: dict[int, list[str]] = {}
            supplier_query = (
                select(ContractSupplier.contract_id, Supplier.name)
                .join(Supplier, Supplier.id == ContractSupplier.supplier_id)
                .order_by(ContractSupplier.contract_id, ContractSupplier.position)
            )
            if only is not None:
                supplier_query = supplier_query.where(ContractSupplier.contract_id.in_(list(only)))
            for contract_id, name in session.execute(supplier_query):
                suppliers.setdefault(contract_id, []).append(name)
            c = Contract.__table__.c
            # Raw values (no per-cell type processing): 10,000 rows arrive twice as fast,
            # and the few conversions below work for SQLite's strings and PostgreSQL's types.
            query = select(
                c.id, c.reference, c.title, c.category, c.stage, type_coerce(c.total_value, String),
                type_coerce(c.annual_value, String), type_coerce(c.start_date, String),
                type_coerce(c.end_date, String), c.notice_period_months, c.procurement_lead,
                c.contract_manager, c.parent_id,
            ).order_by(c.id)
            if only is not None:
                query = query.where(c.id.in_(list(only)))
            result = session.execute(query).all()
            missing_parents = {row[12] for row in result if row[12] is not None} - {row[0] for row in result}
            parent_references = dict(session.execute(
                select(c.id, c.reference).where(c.id.in_(list(missing_parents)))).all()) if missing_parents else {}
        parent_ids = {row[12] for row in result if row[12] is not None}
        references = {row[0]: row[1] for row in result if row[0] in parent_ids}
        references.update(parent_references)
        categories = {member.value: member for member in Category}
        stages = {member.value: member for member in Stage}
        rows = []
        for (cid, reference, title, category, stage, total, annual, start, end, notice, lead, manager,
             parent_id) in result:
            end_day = _as_date(end)
            rows.append(
                PipelineRow(
                    cid, reference, title, categories.get(category, Category.OTHER), stages.get(stage, Stage.PIPELINE),
                    _as_money(total), _as_money(annual), _as_date(start), end_day,
                    decision_due(end_day, notice, lead_time), lead, manager,
                    "; ".join(suppliers.get(cid, ())), references.get(parent_id, "") if parent_id else "",
                )
            )
        return rows

    def count(self) -> int:
        with self._uow_factory() as uow:
            return uow.session.scalar(select(func.count(Contract.id))) or 0

    def get(self, contract_id: int) -> ContractDetail:
        with self._uow_factory() as uow:
            return self._detail(uow.session, self._load(uow.session, contract_id))

    def find(self, reference: str) -> ContractDetail | None:
        with self._uow_factory() as uow:
            contract = uow.session.scalar(select(Contract).where(Contract.reference == reference.strip()))
            return None if contract is None else self._detail(uow.session, contract)

    def supplier_names(self) -> list[str]:
        with self._uow_factory() as uow:
            return list(uow.session.scalars(select(Supplier.name).order_by(Supplier.name_key)))

    def references(self) -> list[str]:
        with self._uow_factory() as uow:
            return list(uow.session.scalars(select(Contract.reference).order_by(Contract.reference)))

    # -- changing ------------------------------------------------------------
    def create(self, data: ContractData, *, stage_date: date | None = None, note: str = "") -> ContractDetail:
        data = data.validated()
        with self._uow_factory() as uow:
            session = uow.session
            self._check_reference_free(session, data.reference, None)
            contract = Contract(version=1)
            session.add(contract)
            with session.no_autoflush:
                self._apply(session, contract, data)
            contract.stage_changes.append(
                StageChange(from_stage=None, to_stage=data.stage.value, changed_on=stage_date or date.today(),
                            note=note or "Created")
            )
            session.add(contract)
            uow.commit()
            return self._detail(session, contract)

    def update(
        self,
        contract_id: int,
        expected_version: int,
        data: ContractData,
        *,
        stage_date: date | None = None,
        stage_note: str = "",
    ) -> ContractDetail:
        """Save an edit; a stage change is recorded with its date. Stale versions are refused."""
        data = data.validated()
        with self._uow_factory() as uow:
            session = uow.session
            contract = self._load(session, contract_id)
            if contract.version != expected_version:
                raise ConflictError(
                    f"Contract {contract.reference} was changed by someone else since you opened it. "
                    "Reload it and make your change again."
                )
            self._check_reference_free(session, data.reference, contract.id)
            old_stage = contract.stage
            self._apply(session, contract, data)
            if old_stage != data.stage.value:
                contract.stage_changes.append(
                    StageChange(from_stage=old_stage, to_stage=data.stage.value,
                                changed_on=stage_date or date.today(), note=stage_note)
                )
            uow.commit()
            return self._detail(session, contract)

    def duplicate(self, contract_id: int) -> ContractDetail:
        """A copy under a new, unused reference, for a similar contract or the next procurement."""
        source = self.get(contract_id)
        existing = set(self.references())
        base = f"{source.data.reference}-COPY"[:60]
        reference, number = base, 2
        while reference in existing:
            reference = f"{base}{number}"
            number += 1
        copy = replace(source.data, reference=reference)
        return self.create(copy, note=f"Created as a copy of {source.data.reference}")

    def delete(self, contract_id: int, expected_version: int) -> None:
        with self._uow_factory() as uow:
            contract = self._load(uow.session, contract_id)
            if contract.version != expected_version:
                raise ConflictError(
                    f"Contract {contract.reference} was changed by someone else since you opened it; "
                    "it was not deleted. Reload and try again."
                )
            uow.session.delete(contract)
            uow.commit()

    # -- helpers -------------------------------------------------------------
    @staticmethod
    def _load(session: Session, contract_id: int) -> Contract:
        contract = session.scalar(
            select(Contract)
            .where(Contract.id == contract_id)
            .options(
                selectinload(Contract.supplier_links).selectinload(ContractSupplier.supplier),
                selectinload(Contract.stage_changes),
                selectinload(Contract.children),
            )
        )
        if contract is None:
            raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
        return contract

    @staticmethod
    def _check_reference_free(session: Session, reference: str, own_id: int | None) -> None:
        other = session.scalar(select(Contract.id).where(Contract.reference == reference))
        if other is not None and other != own_id:
            raise ValidationError([FieldError("reference", f"'{reference}' is already used by another contract")])

    @staticmethod
    def _apply(session: Session, contract: Contract, data: ContractData) -> None:
        PipelineService._apply_fields(session, contract, data)
        wanted = [supplier_key(name) for name in data.supplier_names]
        if [supplier_key(link.supplier.name) for link in contract.supplier_links] != wanted:
            touch(contract)
            contract.supplier_links.clear()
            session.flush()
            with session.no_autoflush:  # the contract may not be in the session yet
                for position, name in enumerate(data.supplier_names):
                    supplier = session.scalar(
                        select(Supplier).where(Supplier.name_key == supplier_key(name)).limit(1))
                    if supplier is None:
                        supplier = Supplier(name=name, name_key=supplier_key(name), version=1)
                        session.add(supplier)
                    contract.supplier_links.append(ContractSupplier(supplier=supplier, position=position))

    @staticmethod
    def _apply_fields(session: Session, contract: Contract, data: ContractData) -> None:
        """Every column but the supplier links; the parent is checked before anything changes."""
        parent_id = None
        if data.parent_reference:
            parent = session.scalar(select(Contract).where(Contract.reference == data.parent_reference))
            if parent is None:
                raise ValidationError(
                    [FieldError("parent_reference", f"no contract has the reference '{data.parent_reference}'")]
                )
            ancestor: Contract | None = parent
            hops = 0
            while ancestor is not None and hops < 100:
                if contract.id is not None and ancestor.id == contract.id:
                    raise ValidationError(
                        [FieldError("parent_reference", "would make the contract a lot or call-off of itself")]
                    )
                ancestor, hops = ancestor.parent, hops + 1
            parent_id = parent.id
        for name, value in contract_columns(data).items():
            setattr(contract, name, value)
        contract.parent_id = parent_id
        contract.parent_kind = data.parent_kind.value if data.parent_kind and parent_id else None

    def _detail(self, session: Session, contract: Contract) -> ContractDetail:
        lead_time = self._settings.load().decision_lead_time_months
        data = contract_data(contract)
        history = tuple(
            StageChangeView(_member(Stage, change.from_stage, None), _member(Stage, change.to_stage, Stage.PIPELINE),
                            change.changed_on, change.note)
            for change in contract.stage_changes
        )
        return ContractDetail(
            id=contract.id,
            version=contract.version,
            data=data,
            decision_due=decision_due(contract.end_date, contract.notice_period_months, lead_time),
            stage_history=history,
            child_references=tuple(sorted(child.reference for child in contract.children)),
            created_at=contract.created_at,
            updated_at=contract.updated_at,
            notice=PublishedNotice(contract.ocid, contract.buyer_name or "", _region_labels(contract.regions or ""),
                                   contract.cpv_codes or "", contract.procurement_method or "",
                                   contract.ocds_release_date or "") if contract.ocid else None,
        )


def _region_labels(stored: str) -> str:
    """"east_midlands,london" as "East Midlands, London" (an unknown value is shown as it is stored)."""
    labels = []
    for value in filter(None, (part.strip() for part in stored.split(","))):
        try:
            labels.append(UkRegion.from_text(value).label)
        except ValueError:
            labels.append(value)
    return ", ".join(labels)


def _as_date(value) -> date | None:
    """A date from a raw column value: SQLite gives ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_money(value) -> Decimal | None:
    """Exact pounds from a raw column value (text, number or Decimal), to the penny."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(PENNY)


def _member(enum, value, default):
    if value is None:
        return default
    try:
        return enum(value)
    except ValueError:
        return default
