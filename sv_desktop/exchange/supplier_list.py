"""Reading a supplier list (.xlsx / .csv) into supplier fields. No Qt, no store.

The columns a supplier list may have, the header names people give them, and how
each cell is read: yes/no flags ("Y", "yes", "TRUE", "1", "x" are yes; "N", "no",
"FALSE", "0" and blank are no), money as the contract register reads it
("£44,000,000", "44m"), staff counts with thousands separators, regions by their
name. A row's contact columns describe one contact person.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from sv_desktop.domain.vocabulary import UkRegion
from sv_desktop.exchange.tabular_file import (
    HeaderVocabulary,
    RawRow,
    Register,
    RowProblem,
    cell_text,
    parse_amount,
    read_register,
    text_cell,
)

SUPPLIER_FIELDS = {
    "name": "Supplier name",
    "companies_house_number": "Companies House number",
    "address": "Address",
    "postcode": "Postcode",
    "region": "Region",
    "staff_count": "Staff count",
    "turnover": "Turnover (£)",
    "balance_sheet_total": "Balance sheet total (£)",
    "vcse": "VCSE",
    "mutual": "Mutual",
    "startup": "Start-up",
    "modern_slavery_url": "Modern Slavery statement URL",
    "website": "Website",
    "contact_name": "Contact name",
    "contact_role": "Contact role",
    "contact_email": "Contact email",
    "contact_phone": "Contact phone",
    "notes": "Notes",
}
CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")
FLAG_FIELDS = frozenset({"vcse", "mutual", "startup"})
MONEY_FIELDS = frozenset({"turnover", "balance_sheet_total"})

SUPPLIER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("supplier", "supplier name", "name", "company", "company name", "organisation", "organisation name",
             "organization name", "vendor", "vendor name", "trading name", "provider", "provider name"),
    "companies_house_number": ("companies house number", "companies house no", "companies house", "company number",
                               "company no", "company registration number", "registration number", "crn",
                               "ch number", "ch no", "company reg no"),
    "address": ("address", "registered address", "registered office", "registered office address",
                "supplier address", "full address"),
    "postcode": ("postcode", "post code", "supplier postcode", "postal code"),
    "region": ("region", "uk region", "itl region", "itl1 region"),
    "staff_count": ("staff", "staff count", "employees", "number of employees", "no of employees", "employee count",
                    "headcount", "head count", "number of staff"),
    "turnover": ("turnover", "annual turnover", "turnover £", "annual turnover £", "revenue"),
    "balance_sheet_total": ("balance sheet", "balance sheet total", "balance sheet total £", "total assets"),
    "vcse": ("vcse", "is vcse", "vcse organisation", "vcse y n", "voluntary community social enterprise"),
    "mutual": ("mutual", "is mutual", "public service mutual", "mutual y n"),
    "startup": ("start up", "startup", "is start up", "start up y n"),
    "modern_slavery_url": ("modern slavery statement", "modern slavery statement url", "modern slavery url",
                           "modern slavery", "msa statement"),
    "website": ("website", "web site", "web address", "url", "web"),
    "contact_name": ("contact", "contact name", "main contact", "primary contact", "key contact"),
    "contact_role": ("contact role", "job title", "contact job title", "role"),
    "contact_email": ("email", "e mail", "email address", "contact email", "contact email address"),
    "contact_phone": ("phone", "telephone", "tel", "phone number", "telephone number", "contact phone",
                      "contact telephone", "contact number"),
    "notes": ("notes", "comments", "note", "comment"),
}

SUPPLIER_VOCABULARY = HeaderVocabulary(SUPPLIER_FIELDS, SUPPLIER_SYNONYMS,
                                       examples=("name", "companies_house_number", "postcode", "vcse"))

_YES = frozenset({"y", "yes", "true", "1", "x", "✓", "✔"})
_NO = frozenset({"", "n", "no", "false", "0", "-"})


def read_supplier_list(path: str | Path) -> Register:
    """The header row and data rows of a supplier list; RegisterError when it cannot be read."""
    return read_register(path, SUPPLIER_VOCABULARY)


def parse_yes_no(cell: object) -> bool:
    """Y / yes / TRUE / 1 / x is yes; N / no / FALSE / 0 / blank is no; anything else is refused."""
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"'{text[:40]}' is not yes or no (use Y or N; blank means no)")


def parse_staff_count(cell: object) -> int | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not a number of staff")
    if isinstance(cell, (int, float)):
        if float(cell).is_integer():
            return int(cell)
        raise ValueError(f"'{cell}' is not a whole number of staff")
    text = cell_text(cell)
    if not text:
        return None
    cleaned = re.sub(r"[,\s]", "", text)
    if not re.fullmatch(r"-?\d{1,9}(?:\.0+)?", cleaned):
        raise ValueError(f"'{text[:40]}' is not a whole number of staff")
    return int(float(cleaned))


def parse_region(cell: object) -> UkRegion | None:
    text = cell_text(cell)
    if not text:
        return None
    try:
        return UkRegion.from_text(text)
    except ValueError:
        return UkRegion.from_text(" ".join(text.replace("&", " and ").split()))


def parse_supplier_cell(field_name: str, cell: object) -> object:
    """One cell as the value of `field_name`; ValueError with the reason when it is not acceptable."""
    if field_name in FLAG_FIELDS:
        return parse_yes_no(cell)
    if field_name in MONEY_FIELDS:
        return parse_amount(cell)
    if field_name == "staff_count":
        return parse_staff_count(cell)
    if field_name == "region":
        return parse_region(cell)
    return text_cell(cell)


def parse_supplier_values(row: RawRow, mapping: Mapping[int, str],
                          headers: tuple[str, ...] = ()) -> tuple[dict[str, object], list[RowProblem]]:
    """The mapped cells of one row as supplier field values, and a problem (row, column) for each refused."""
    return SUPPLIER_VOCABULARY.parse_cells(row, mapping, headers, parse_supplier_cell)


__all__ = [
    "CONTACT_FIELDS", "SUPPLIER_FIELDS", "SUPPLIER_SYNONYMS", "SUPPLIER_VOCABULARY", "parse_region",
    "parse_staff_count", "parse_supplier_cell", "parse_supplier_values", "parse_yes_no", "read_supplier_list",
]
