"""A supplier record and the facts derived from it: size, locality, Modern Slavery duty.

The thresholds come from reference/domain_rules.md §6 (Thresholds and policy
rules in the seeds: the "SME definition" and "Modern Slavery statement
threshold" rows; seed 002 App. One and App. Four, and the Acts they quote):
- SME under the Procurement Act 2023 (s.123): fewer than 250 staff, and a
  turnover of £44m or less or a balance sheet total of £38m or less.
- Modern Slavery statement (Modern Slavery Act 2015 s.54; Transparency in
  Supply Chains Regulations 2015 reg. 2): total turnover of not less than £36m.
No Qt, no database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.dates import add_months
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.domain.vocabulary import LabelledEnum, UkRegion

SME_STAFF_BELOW = 250
SME_TURNOVER_UP_TO = Decimal(44_000_000)
SME_BALANCE_SHEET_UP_TO = Decimal(38_000_000)
MODERN_SLAVERY_TURNOVER_FROM = Decimal(36_000_000)
EVERGREEN_VALID_MONTHS = 12

_COMPANIES_HOUSE = re.compile(r"^(?:\d{8}|[A-Z]{2}\d{6}|R\d{7})$")
# Outward code, optional space, inward code (BS 7666 shapes, plus GIR 0AA).
_POSTCODE = re.compile(
    r"^(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$"
)
_AREA = re.compile(r"^[A-Z]{1,2}")


class SupplierSize(LabelledEnum):
    SME = ("sme", "SME")
    LARGE = ("large", "Large")
    UNKNOWN = ("unknown", "Not known")


class SizeBasis(LabelledEnum):
    """Where a supplier's size came from: derived by the rule, or set by an officer."""

    DERIVED = ("pa2023", "Derived: Procurement Act 2023 s.123")
    OFFICER = ("officer", "Set by an officer")


@dataclass(frozen=True)
class SupplierContact:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SupplierData:
    """What an officer records about a supplier; money is Decimal pounds."""

    name: str
    companies_house_number: str = ""
    address: str = ""
    postcode: str = ""
    region: UkRegion | None = None
    staff_count: int | None = None
    turnover: Decimal | None = None
    balance_sheet_total: Decimal | None = None
    size_override: SupplierSize | None = None  # None: derive from the figures
    size_override_reason: str = ""
    vcse: bool = False
    mutual: bool = False
    startup: bool = False
    modern_slavery_url: str = ""
    evergreen_level: str = ""
    evergreen_assessed_on: date | None = None
    website: str = ""
    notes: str = ""
    contacts: tuple[SupplierContact, ...] = field(default_factory=tuple)

    def normalised(self) -> SupplierData:
        """Spaces trimmed, Companies House number and postcode in their standard shape."""
        return replace(
            self,
            name=" ".join(self.name.split()),
            companies_house_number=normalise_companies_house_number(self.companies_house_number),
            address=self.address.strip(),
            postcode=normalise_postcode(self.postcode),
            size_override_reason=self.size_override_reason.strip(),
            modern_slavery_url=self.modern_slavery_url.strip(),
            evergreen_level=self.evergreen_level.strip(),
            website=self.website.strip(),
            notes=self.notes.strip(),
            contacts=tuple(
                SupplierContact(c.name.strip(), c.role.strip(), c.email.strip(), c.phone.strip())
                for c in self.contacts
                if any((c.name.strip(), c.role.strip(), c.email.strip(), c.phone.strip()))
            ),
        )


@dataclass(frozen=True)
class SizeFinding:
    size: SupplierSize
    basis: SizeBasis
    reason: str


def supplier_key(name: str) -> str:
    """How supplier names are matched: case and spacing do not make a new supplier."""
    return " ".join(name.split()).casefold()


def normalise_companies_house_number(text: str) -> str:
    """Upper case without spaces; a purely numeric number is padded to eight digits."""
    cleaned = "".join(text.split()).upper()
    if cleaned.isdigit() and len(cleaned) < 8:
        cleaned = cleaned.zfill(8)
    return cleaned


def normalise_postcode(text: str) -> str:
    """Upper case with one space before the inward code (e.g. "le1 7rh" -> "LE1 7RH").

    Only text long enough to be a full postcode (five characters or more, "M11AE")
    is split: an outward code on its own ("LE10") is left as typed, not "L E10".
    """
    cleaned = "".join(text.split()).upper()
    if len(cleaned) >= 5:
        return f"{cleaned[:-3]} {cleaned[-3:]}"
    return cleaned


def postcode_area(postcode: str) -> str:
    """The letters of the outward code: "LE" for "LE1 7RH"."""
    match = _AREA.match(normalise_postcode(postcode))
    return match.group(0) if match else ""


def postcode_district(postcode: str) -> str:
    """The outward code: "LE1" for "LE1 7RH"."""
    normalised = normalise_postcode(postcode)
    return normalised.split(" ")[0] if " " in normalised else ""


def is_local(postcode: str, local_areas: tuple[str, ...] | list[str]) -> bool:
    """True when the postcode's area ("LE") or district ("LE1") is one the organisation lists."""
    if not postcode.strip():
        return False
    wanted = {"".join(a.split()).upper() for a in local_areas if a.strip()}
    return postcode_area(postcode) in wanted or postcode_district(postcode) in wanted


def derive_size(staff: int | None, turnover: Decimal | None, balance_sheet: Decimal | None) -> SizeFinding:
    """SME or large by the Procurement Act 2023 s.123 test, with the reason in words."""
    basis = SizeBasis.DERIVED
    if staff is None:
        return SizeFinding(SupplierSize.UNKNOWN, basis, "Staff count not recorded.")
    if staff >= SME_STAFF_BELOW:
        return SizeFinding(SupplierSize.LARGE, basis, f"{staff:,} staff: not fewer than 250.")
    if turnover is not None and turnover <= SME_TURNOVER_UP_TO:
        return SizeFinding(SupplierSize.SME, basis,
                           f"{staff:,} staff (fewer than 250) and turnover £{turnover:,.0f} (≤ £44m).")
    if balance_sheet is not None and balance_sheet <= SME_BALANCE_SHEET_UP_TO:
        return SizeFinding(SupplierSize.SME, basis,
                           f"{staff:,} staff (fewer than 250) and balance sheet total £{balance_sheet:,.0f} (≤ £38m).")
    if turnover is None and balance_sheet is None:
        return SizeFinding(SupplierSize.UNKNOWN, basis,
                           f"{staff:,} staff, but neither turnover nor balance sheet total recorded.")
    if turnover is None or balance_sheet is None:
        known = "turnover" if turnover is not None else "balance sheet total"
        missing = "balance sheet total" if turnover is not None else "turnover"
        return SizeFinding(SupplierSize.UNKNOWN, basis,
                           f"{known.capitalize()} is over the SME limit and the {missing} is not recorded.")
    return SizeFinding(SupplierSize.LARGE, basis,
                       "Turnover over £44m and balance sheet total over £38m.")


def supplier_size(data: SupplierData) -> SizeFinding:
    """The officer's override when set, else the derived size."""
    if data.size_override is not None:
        reason = data.size_override_reason or "No reason recorded."
        return SizeFinding(data.size_override, SizeBasis.OFFICER, reason)
    return derive_size(data.staff_count, data.turnover, data.balance_sheet_total)


def modern_slavery_statement_required(turnover: Decimal | None) -> bool | None:
    """True at £36m turnover or more ("not less than"), None when turnover is unknown."""
    if turnover is None:
        return None
    return turnover >= MODERN_SLAVERY_TURNOVER_FROM


def evergreen_expires(assessed_on: date | None) -> date | None:
    """An Evergreen assessment is valid for 12 months (reference/domain_rules.md §2.4)."""
    return add_months(assessed_on, EVERGREEN_VALID_MONTHS) if assessed_on else None


def validate_supplier(data: SupplierData, today: date) -> SupplierData:
    """The normalised record, or ValidationError naming each field that is wrong."""
    data = data.normalised()
    errors: list[FieldError] = []
    if not data.name:
        errors.append(FieldError("name", "A supplier needs a name."))
    elif len(data.name) > 200:
        errors.append(FieldError("name", "The name is longer than 200 characters."))
    if data.companies_house_number and not _COMPANIES_HOUSE.match(data.companies_house_number):
        errors.append(FieldError(
            "companies_house_number",
            f"'{data.companies_house_number}' is not a Companies House number: eight digits, or two "
            "letters and six digits (e.g. 01234567, SC123456).",
        ))
    if data.postcode and not _POSTCODE.match(data.postcode):
        errors.append(FieldError("postcode", f"'{data.postcode}' is not a UK postcode (e.g. LE1 7RH)."))
    if data.staff_count is not None and data.staff_count < 0:
        errors.append(FieldError("staff_count", "Staff count cannot be negative."))
    for name, value in (("turnover", data.turnover), ("balance_sheet_total", data.balance_sheet_total)):
        if value is not None and value < 0:
            errors.append(FieldError(name, "Cannot be negative."))
    if data.size_override is not None and not data.size_override_reason:
        errors.append(FieldError("size_override_reason", "Say why the derived size is overridden."))
    if data.evergreen_assessed_on and data.evergreen_assessed_on > today:
        errors.append(FieldError("evergreen_assessed_on", "The assessment date is in the future."))
    if data.evergreen_assessed_on and not data.evergreen_level:
        errors.append(FieldError("evergreen_level", "Record the level the assessment gave."))
    for number, contact in enumerate(data.contacts, start=1):
        if not contact.name:
            errors.append(FieldError("contacts", f"Contact {number} has no name."))
        if contact.email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", contact.email):
            errors.append(FieldError("contacts", f"Contact {number}: '{contact.email}' is not an email address."))
    if errors:
        raise ValidationError(errors)
    return data


__all__ = [
    "MODERN_SLAVERY_TURNOVER_FROM",
    "SizeBasis",
    "SizeFinding",
    "SupplierContact",
    "SupplierData",
    "SupplierSize",
    "derive_size",
    "evergreen_expires",
    "is_local",
    "modern_slavery_statement_required",
    "normalise_companies_house_number",
    "normalise_postcode",
    "supplier_key",
    "postcode_area",
    "postcode_district",
    "supplier_size",
    "validate_supplier",
]
