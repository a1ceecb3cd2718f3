"""A contract record, its field rules and the dates the pipeline derives from it."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.dates import add_months
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.domain.money import money_problem
from sv_desktop.domain.vocabulary import Category, ParentKind, Regime, Route, Stage, VatBasis

REFERENCE_MAX = 64
TITLE_MAX = 300
NAME_MAX = 200
EXTENSION_OPTIONS_MAX = 200  # the store's column width: longer text would be refused by PostgreSQL
MAX_MONTHS = 600  # fifty years: longer than any extension or notice in practice


@dataclass(frozen=True)
class ContractData:
    """What an officer enters for a contract; validated before it reaches the store."""

    reference: str
    title: str
    category: Category
    stage: Stage = Stage.PIPELINE
    description: str = ""
    total_value: Decimal | None = None
    annual_value: Decimal | None = None
    vat_basis: VatBasis = VatBasis.EXCLUDING
    start_date: date | None = None
    end_date: date | None = None
    extension_options: str = ""
    extension_months: int = 0
    notice_period_months: int = 0
    tender_deadline: date | None = None  # bids due: the check date of selection gates (carbon plans)
    regime: Regime | None = None
    route: Route | None = None
    procurement_lead: str = ""
    contract_manager: str = ""
    parent_reference: str = ""
    parent_kind: ParentKind | None = None
    supplier_names: tuple[str, ...] = field(default_factory=tuple)
    notes: str = ""

    def cleaned(self) -> ContractData:
        """The same data with surrounding spaces removed and supplier names de-duplicated."""
        seen: dict[str, str] = {}
        for name in self.supplier_names:
            stripped = " ".join(name.split())
            if stripped and stripped.casefold() not in seen:
                seen[stripped.casefold()] = stripped
        return replace(
            self,
            reference=self.reference.strip(),
            title=" ".join(self.title.split()),
            description=self.description.strip(),
            extension_options=self.extension_options.strip(),
            procurement_lead=self.procurement_lead.strip(),
            contract_manager=self.contract_manager.strip(),
            parent_reference=self.parent_reference.strip(),
            supplier_names=tuple(seen.values()),
            notes=self.notes.strip(),
        )

    def problems(self) -> list[FieldError]:
        """Every field rule this data breaks; empty when it may be stored."""
        errors: list[FieldError] = []
        if not self.reference:
            errors.append(FieldError("reference", "is required"))
        elif len(self.reference) > REFERENCE_MAX:
            errors.append(FieldError("reference", f"must be at most {REFERENCE_MAX} characters"))
        elif any(ord(ch) < 32 for ch in self.reference):
            errors.append(FieldError("reference", "must not contain control characters"))
        if not self.title:
            errors.append(FieldError("title", "is required"))
        elif len(self.title) > TITLE_MAX:
            errors.append(FieldError("title", f"must be at most {TITLE_MAX} characters"))
        if not isinstance(self.category, Category):
            errors.append(FieldError("category", "is required"))
        if not isinstance(self.stage, Stage):
            errors.append(FieldError("stage", "is required"))
        for name in ("total_value", "annual_value"):
            problem = money_problem(getattr(self, name))
            if problem:
                errors.append(FieldError(name, problem))
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors.append(FieldError("end_date", "must be after the start date"))
        for name in ("extension_months", "notice_period_months"):
            months = getattr(self, name)
            if months < 0:
                errors.append(FieldError(name, "must not be negative"))
            elif months > MAX_MONTHS:
                errors.append(FieldError(name, f"must be at most {MAX_MONTHS} months"))
        for name in ("procurement_lead", "contract_manager"):
            if len(getattr(self, name)) > NAME_MAX:
                errors.append(FieldError(name, f"must be at most {NAME_MAX} characters"))
        if len(self.extension_options) > EXTENSION_OPTIONS_MAX:
            errors.append(FieldError("extension_options", f"must be at most {EXTENSION_OPTIONS_MAX} characters"))
        if self.parent_reference and self.parent_reference == self.reference:
            errors.append(FieldError("parent_reference", "a contract cannot be its own parent"))
        if self.parent_kind and not self.parent_reference:
            errors.append(FieldError("parent_reference", "is required when the contract is a lot or call-off"))
        if self.stage in (Stage.AWARDED, Stage.DELIVERY) and not self.supplier_names:
            errors.append(FieldError("supplier_names", f"an {self.stage.label.lower()} contract needs its supplier"))
        for name in self.supplier_names:
            if len(name) > NAME_MAX:
                errors.append(FieldError("supplier_names", f"'{name[:30]}…' is longer than {NAME_MAX} characters"))
        return errors

    def validated(self) -> ContractData:
        """Cleaned data, or ValidationError listing every field that is wrong."""
        data = self.cleaned()
        errors = data.problems()
        if errors:
            raise ValidationError(errors)
        return data


def decision_due(end_date: date | None, notice_period_months: int, lead_time_months: int) -> date | None:
    """When the re-procurement (or extension) decision must be taken.

    The contract ends on `end_date`; notice must be given `notice_period_months`
    before that, and a new procurement needs `lead_time_months` (a setting) on top.
    """
    if end_date is None:
        return None
    return add_months(end_date, -(max(notice_period_months, 0) + max(lead_time_months, 0)))


def ends_within(end_date: date | None, months: int, today: date) -> bool:
    """True when the contract ends between today and `months` from today."""
    return end_date is not None and today <= end_date <= add_months(today, months)


FIELD_LABELS = {
    "reference": "Reference",
    "title": "Title",
    "category": "Category",
    "stage": "Stage",
    "description": "Description",
    "total_value": "Total value",
    "annual_value": "Annual value",
    "vat_basis": "VAT basis",
    "start_date": "Start date",
    "end_date": "End date",
    "extension_options": "Extension options",
    "extension_months": "Extension available (months)",
    "notice_period_months": "Notice period (months)",
    "tender_deadline": "Tender deadline",
    "regime": "Regime",
    "route": "Procurement route",
    "procurement_lead": "Procurement lead",
    "contract_manager": "Contract manager",
    "parent_reference": "Parent contract",
    "parent_kind": "Lot or call-off",
    "supplier_names": "Suppliers",
    "notes": "Notes",
}
