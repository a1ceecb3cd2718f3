"""Typed SQLAlchemy models: the tables of an SV Desktop store.

The schema looks ahead: suppliers are their own table (contracts link to one or
more), money is exact Numeric with its VAT basis, and every contract carries a
version number for optimistic locking.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(16, 2, asdecimal=True)
Quantity = Numeric(20, 4, asdecimal=True)  # metric values: counts, hours, tCO2e, percentages


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """A model's Table, for Core inserts and updates. SQLAlchemy types a declarative class's __table__ as a
    FromClause (a class may map any selectable); every model here declares a __tablename__, so it is a Table."""
    return cast(Table, model.__table__)


class StoreInfo(Base):
    """Marks a database as an SV Desktop store, whatever its schema version."""

    __tablename__ = "sv_store_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Setting(Base):
    """Organisation-wide settings kept with the data (name, lead time, ...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Supplier(Base):
    """A supplier in the register; size, locality and carbon plans hang off it."""

    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    companies_house_number: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    region: Mapped[str | None] = mapped_column(String(32))
    staff_count: Mapped[int | None] = mapped_column(Integer)
    turnover: Mapped[Decimal | None] = mapped_column(Money)
    balance_sheet_total: Mapped[Decimal | None] = mapped_column(Money)
    size_override: Mapped[str | None] = mapped_column(String(16))
    size_override_reason: Mapped[str] = mapped_column(Text, default="")
    vcse: Mapped[bool] = mapped_column(Boolean, default=False)
    mutual: Mapped[bool] = mapped_column(Boolean, default=False)
    startup: Mapped[bool] = mapped_column(Boolean, default=False)
    modern_slavery_url: Mapped[str] = mapped_column(Text, default="")
    evergreen_level: Mapped[str] = mapped_column(String(100), default="")
    evergreen_assessed_on: Mapped[date | None] = mapped_column(Date)
    website: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    links: Mapped[list[ContractSupplier]] = relationship(back_populates="supplier")
    contacts: Mapped[list[SupplierContact]] = relationship(
        back_populates="supplier", cascade="all, delete-orphan", order_by="SupplierContact.position"
    )
    carbon_plans: Mapped[list[CarbonPlanVersion]] = relationship(
        back_populates="supplier", cascade="all, delete-orphan", order_by="CarbonPlanVersion.id"
    )

    __mapper_args__ = {"version_id_col": version}


class SupplierContact(Base):
    __tablename__ = "supplier_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")

    supplier: Mapped[Supplier] = relationship(back_populates="contacts")


class CarbonPlanVersion(Base):
    """One dated version of a supplier's Carbon Reduction Plan or Net Zero Commitment."""

    __tablename__ = "carbon_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"), index=True)
    plan_type: Mapped[str] = mapped_column(String(16))
    publication_date: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str] = mapped_column(Text, default="")
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    reporting_year_end: Mapped[date | None] = mapped_column(Date)
    net_zero_year: Mapped[int | None] = mapped_column(Integer)
    scopes_covered: Mapped[str] = mapped_column(String(64), default="")  # "scope1,scope2,scope3"
    reduction_measures: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str] = mapped_column(String(300), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    supplier: Mapped[Supplier] = relationship(back_populates="carbon_plans")
    figures: Mapped[list[CarbonPlanFigure]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )
    targets: Mapped[list[CarbonPlanTarget]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="CarbonPlanTarget.year"
    )

    __mapper_args__ = {"version_id_col": version}


class CarbonPlanFigure(Base):
    """tCO2e for one emission source in the baseline or current year of a plan."""

    __tablename__ = "carbon_plan_figures"

    plan_id: Mapped[int] = mapped_column(ForeignKey("carbon_plans.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)  # "baseline" / "current"
    source: Mapped[str] = mapped_column(String(16), primary_key=True)  # EmissionSource value
    tco2e: Mapped[Decimal | None] = mapped_column(Numeric(16, 3, asdecimal=True))
    explanation: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[CarbonPlanVersion] = relationship(back_populates="figures")


class CarbonPlanTarget(Base):
    __tablename__ = "carbon_plan_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("carbon_plans.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    reduction_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    description: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[CarbonPlanVersion] = relationship(back_populates="targets")


class StoredDocument(Base):
    """A file kept inside the store (so backups carry it): a plan document, later evidence."""

    __tablename__ = "stored_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(32))  # "carbon_plan", ...
    owner_id: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    attached_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    __table_args__ = (Index("ix_stored_documents_owner", "owner_kind", "owner_id"),)


class Contract(Base):
    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32), index=True)
    stage: Mapped[str] = mapped_column(String(32), index=True)
    total_value: Mapped[Decimal | None] = mapped_column(Money)
    annual_value: Mapped[Decimal | None] = mapped_column(Money)
    vat_basis: Mapped[str] = mapped_column(String(16), default="exc_vat")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, index=True)
    extension_options: Mapped[str] = mapped_column(String(200), default="")
    extension_months: Mapped[int] = mapped_column(Integer, default=0)
    notice_period_months: Mapped[int] = mapped_column(Integer, default=0)
    tender_deadline: Mapped[date | None] = mapped_column(Date)
    regime: Mapped[str | None] = mapped_column(String(32))
    route: Mapped[str | None] = mapped_column(String(32))
    procurement_lead: Mapped[str] = mapped_column(String(200), default="")
    contract_manager: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="SET NULL"), index=True)
    parent_kind: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    # From a published notice (OCDS): the ocid is the key re-imports match on; the newest release's date
    # merged so far, so an older release never overwrites a newer one.
    ocid: Mapped[str | None] = mapped_column(String(128), unique=True, index=True)
    buyer_name: Mapped[str] = mapped_column(String(300), default="")
    regions: Mapped[str] = mapped_column(String(300), default="")
    cpv_codes: Mapped[str] = mapped_column(String(300), default="")
    procurement_method: Mapped[str] = mapped_column(String(200), default="")
    ocds_release_date: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    parent: Mapped[Contract | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Contract]] = relationship(back_populates="parent")
    supplier_links: Mapped[list[ContractSupplier]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="ContractSupplier.position"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="StageChange.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ContractSupplier(Base):
    """A supplier awarded (part of) a contract; several for multi-supplier frameworks."""

    __tablename__ = "contract_suppliers"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="RESTRICT"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contract: Mapped[Contract] = relationship(back_populates="supplier_links")
    supplier: Mapped[Supplier] = relationship(back_populates="links")

    __table_args__ = (Index("ix_contract_suppliers_supplier", "supplier_id"),)


class StageChange(Base):
    """A contract moved from one stage to another on a date."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    contract: Mapped[Contract] = relationship(back_populates="stage_changes")


class ContractSocialValue(Base):
    """A contract's social value settings: weighting, word limit, target cohort."""

    __tablename__ = "contract_social_value"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True)
    weighting_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    word_limit: Mapped[int | None] = mapped_column(Integer)
    target_cohort: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


class SvSelection(Base):
    """One catalogue entry chosen for a contract, with the catalogue original kept beside any refinement."""

    __tablename__ = "sv_selections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    ref: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)
    refined_text: Mapped[str | None] = mapped_column(Text)
    weight_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("contract_id", "framework_id", "ref", name="uq_sv_selections_entry"),)


class Commitment(Base):
    """What the winning supplier committed to on one metric: filled in from the bid after award."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(64), default="")  # "" for a bespoke metric
    ref: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(32))
    aggregation: Mapped[str] = mapped_column(String(16))
    target: Mapped[Decimal | None] = mapped_column(Quantity)  # None: still to fill in from the bid
    baseline: Mapped[Decimal | None] = mapped_column(Quantity)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    frequency: Mapped[str] = mapped_column(String(16), default="quarterly")
    region: Mapped[str | None] = mapped_column(String(32))
    cohort: Mapped[str] = mapped_column(Text, default="")
    bid_text: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    returns: Mapped[list[DeliveryReturnRow]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="DeliveryReturnRow.period_start")
    remedies: Mapped[list[Remedy]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="Remedy.id")

    __mapper_args__ = {"version_id_col": version}


class DeliveryReturnRow(Base):
    """A supplier's reported delivery on one commitment for one period, and its verification."""

    __tablename__ = "delivery_returns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    actual: Mapped[Decimal] = mapped_column(Quantity)
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    evidence_notes: Mapped[str] = mapped_column(Text, default="")
    evidence_ref: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    commitment: Mapped[Commitment] = relationship(back_populates="returns")
    history: Mapped[list[ReturnChange]] = relationship(
        back_populates="delivery_return", cascade="all, delete-orphan", order_by="ReturnChange.id")

    __table_args__ = (UniqueConstraint("commitment_id", "period_start", name="uq_delivery_returns_period"),)
    __mapper_args__ = {"version_id_col": version}


class ReturnChange(Base):
    """A change to a return after it was verified: who, when, what, and the reason given."""

    __tablename__ = "delivery_return_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("delivery_returns.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    changed_by: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")

    delivery_return: Mapped[DeliveryReturnRow] = relationship(back_populates="history")


class Remedy(Base):
    """What was done when a commitment went red: improvement plan, alternative social value, deduction."""

    __tablename__ = "remedies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal | None] = mapped_column(Money)
    raised_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    commitment: Mapped[Commitment] = relationship(back_populates="remedies")

    __mapper_args__ = {"version_id_col": version}


class Evaluation(Base):
    """A contract's social value evaluation panel: scale, rule setting, lock."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # carried in score sheets
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), unique=True)
    scale: Mapped[str] = mapped_column(Text)  # JSON list of {"points", "descriptor"}
    smt_rule: Mapped[bool] = mapped_column(Boolean, default=True)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    # Moves on with every change to the evaluation or anything in it (the service counts it), so a
    # window opened before someone else's change is told rather than overwriting it.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class EvaluationCriterion(Base):
    __tablename__ = "evaluation_criteria"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    framework_id: Mapped[str] = mapped_column(String(64), default="")
    ref: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    sub_weight: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class Bidder(Base):
    __tablename__ = "bidders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    response_text: Mapped[str] = mapped_column(Text, default="")
    price_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))  # weighted percentage points
    quality_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)


class PanelMember(Base):
    __tablename__ = "panel_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Declaration(Base):
    """A panel member's conflict-of-interest declaration for one bidder, made before scoring."""

    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_members.id", ondelete="CASCADE"), index=True)
    bidder_id: Mapped[int] = mapped_column(ForeignKey("bidders.id", ondelete="CASCADE"), index=True)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    __table_args__ = (UniqueConstraint("member_id", "bidder_id", name="uq_declarations_pair"),)


class SheetImport(Base):
    """A completed score sheet the lead imported: which sheet, which revision, its checksum."""

    __tablename__ = "sheet_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_members.id", ondelete="CASCADE"), index=True)
    sheet_uid: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    checksum: Mapped[str] = mapped_column(String(80))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime)  # when the lead issued the blank sheet
    file_name: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(200), default="")


class MemberScore(Base):
    __tablename__ = "member_scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_members.id", ondelete="CASCADE"), index=True)
    bidder_id: Mapped[int] = mapped_column(ForeignKey("bidders.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("evaluation_criteria.id", ondelete="CASCADE"), index=True)
    points: Mapped[int] = mapped_column(Integer)
    justification: Mapped[str] = mapped_column(Text)
    smt: Mapped[bool] = mapped_column(Boolean, default=True)
    sheet_import_id: Mapped[int | None] = mapped_column(ForeignKey("sheet_imports.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("member_id", "bidder_id", "criterion_id", name="uq_member_scores_cell"),)


class ConsensusScore(Base):
    """The panel's moderated score for one bidder on one criterion, with its rationale."""

    __tablename__ = "consensus_scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bidder_id: Mapped[int] = mapped_column(ForeignKey("bidders.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("evaluation_criteria.id", ondelete="CASCADE"), index=True)
    points: Mapped[int] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __table_args__ = (UniqueConstraint("bidder_id", "criterion_id", name="uq_consensus_scores_cell"),)
    __mapper_args__ = {"version_id_col": version}


class EvaluationEvent(Base):
    """The evaluation's history: consensus changes, imports, lock and changes after locking (with reasons)."""

    __tablename__ = "evaluation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    by: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class ReceivedSheet(Base):
    """A score sheet a panel member opened on their own laptop, with their scores so far."""

    __tablename__ = "received_sheets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sheet_uid: Mapped[str] = mapped_column(String(36), unique=True)
    contract_reference: Mapped[str] = mapped_column(String(64))
    member_name: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)  # the sheet's JSON as received, scores as last saved
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


class AuditEvent(Base):
    """One change to one field of one record: who (operating-system user), when, old → new.

    Written by a commit hook (sv_desktop/store/audit.py) in the same transaction as the change.
    contract_id is filled for anything that belongs to a contract, so its history is one query.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, index=True)
    user: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(16))  # create / update / delete
    entity: Mapped[str] = mapped_column(String(64))  # table name
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    contract_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: the history outlives the contract
    field: Mapped[str] = mapped_column(String(64), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class SpendLine(Base):
    """One invoice line from a finance system's spend extract, matched to a supplier where possible.

    line_key identifies the line across re-imports of overlapping extracts (supplier, date, amount,
    invoice reference and occurrence), so importing the same extract twice adds nothing.
    """

    __tablename__ = "spend_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_key: Mapped[str] = mapped_column(String(64), unique=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id", ondelete="SET NULL"), index=True)
    supplier_name: Mapped[str] = mapped_column(String(200))
    invoice_date: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    postcode: Mapped[str] = mapped_column(String(10), default="")
    invoice_reference: Mapped[str] = mapped_column(String(100), default="")
    source_file: Mapped[str] = mapped_column(String(260), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    supplier: Mapped[Supplier | None] = relationship()


class PolicyNote(Base):
    """What an officer recorded against a policy rule or theme for a contract.

    kind is "exception" (a justified departure), "confirmation" (a checklist item
    confirmed) or "specification" (the specification covers a theme, by concept id).
    """

    __tablename__ = "policy_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    __table_args__ = (UniqueConstraint("contract_id", "kind", "subject", name="uq_policy_notes_subject"),)


__all__ = [
    "AuditEvent",
    "Base",
    "Bidder",
    "ConsensusScore",
    "Declaration",
    "Evaluation",
    "EvaluationCriterion",
    "EvaluationEvent",
    "MemberScore",
    "PanelMember",
    "ReceivedSheet",
    "SheetImport",
    "Commitment",
    "DeliveryReturnRow",
    "Remedy",
    "ReturnChange",
    "CarbonPlanFigure",
    "CarbonPlanTarget",
    "CarbonPlanVersion",
    "StoredDocument",
    "SupplierContact",
    "Contract",
    "ContractSocialValue",
    "PolicyNote",
    "SpendLine",
    "SvSelection",
    "ContractSupplier",
    "Setting",
    "StageChange",
    "StoreInfo",
    "Supplier",
    "table_of",
]
