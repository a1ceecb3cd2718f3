"""Reading a finance system's spend extract (.xlsx / .csv): one invoice line per row. No Qt, no store.

Each line has the supplier's name, the invoice date and the amount (a negative amount
is a credit note: "-250.00", "£-250.00", "(250.00)", "250.00 CR"), and may have the
supplier's postcode, the invoice reference and a Companies House number. A line is
identified across overlapping extracts by `line_key`: a hash of its supplier (by
`spend_name_key`), date, amount, invoice reference, postcode and how many identical
lines came before it in the same file, so importing the same lines twice adds nothing
while two genuinely identical lines in one extract are both kept.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from sv_desktop.domain.money import MAX_VALUE, PENNY, parse_money
from sv_desktop.domain.supplier import normalise_companies_house_number, normalise_postcode
from sv_desktop.exchange.tabular_file import (
    HeaderVocabulary,
    RawRow,
    Register,
    RowProblem,
    cell_text,
    number_amount,
    parse_date,
    read_register,
    text_cell,
)

SPEND_FIELDS = {
    "supplier_name": "Supplier name",
    "invoice_date": "Invoice date",
    "amount": "Amount (£)",
    "postcode": "Supplier postcode",
    "invoice_reference": "Invoice reference",
    "companies_house_number": "Companies House number",
}
REQUIRED_FIELDS = ("supplier_name", "invoice_date", "amount")
MAX_NAME_CHARS = 200  # the store's columns
MAX_REFERENCE_CHARS = 100

SPEND_SYNONYMS: dict[str, tuple[str, ...]] = {
    "supplier_name": ("supplier", "supplier name", "vendor", "vendor name", "payee", "payee name", "creditor",
                      "creditor name", "beneficiary", "merchant", "merchant name", "supplier s name"),
    "invoice_date": ("invoice date", "date", "transaction date", "payment date", "paid date", "date paid",
                     "posting date", "inv date", "document date", "date of payment"),
    "amount": ("amount", "amount £", "net amount", "net amount £", "gross amount", "invoice amount", "value",
               "value £", "payment amount", "amount paid", "spend", "total", "line amount", "net", "net value"),
    "postcode": ("supplier postcode", "postcode", "post code", "supplier post code", "vendor postcode",
                 "payee postcode", "creditor postcode"),
    "invoice_reference": ("invoice reference", "invoice ref", "invoice no", "invoice number", "invoice",
                          "transaction number", "transaction no", "transaction reference", "transaction id",
                          "document number", "document no", "reference", "ref"),
    "companies_house_number": ("companies house number", "companies house no", "company number", "company no",
                               "company registration number", "crn", "supplier company number"),
}

SPEND_VOCABULARY = HeaderVocabulary(SPEND_FIELDS, SPEND_SYNONYMS,
                                    examples=("supplier_name", "invoice_date", "amount", "postcode"))

# Words of a company's legal form that finance systems and registers add or drop ("Ltd" / "Limited").
LEGAL_FORM_WORDS = frozenset({"limited", "ltd", "plc", "llp", "lp", "cic", "cio", "inc", "llc", "incorporated"})
_POSTCODE = re.compile(r"^(?:GIR 0AA|[A-Z]{1,2}\d[A-Z\d]?(?: \d[A-Z]{2})?)$")  # full, or the outward code alone


@dataclass(frozen=True)
class SpendLineValues:
    """One valid line of an extract."""

    supplier_name: str
    invoice_date: date
    amount: Decimal
    postcode: str = ""
    invoice_reference: str = ""
    companies_house_number: str = ""

    def identity(self) -> str:
        """What makes two lines the same line (before counting repeats within a file)."""
        return "|".join((spend_name_key(self.supplier_name), self.invoice_date.isoformat(), format(self.amount, "f"),
                         " ".join(self.invoice_reference.split()).casefold(), self.postcode))


def line_key(identity: str, occurrence: int) -> str:
    """The stored key of the `occurrence`-th (1, 2, ...) line of this identity in one file."""
    return hashlib.sha256(f"{identity}|{occurrence}".encode()).hexdigest()[:64]


@lru_cache(maxsize=65536)  # an extract names the same few thousand suppliers again and again
def spend_name_key(name: str) -> str:
    """A supplier name as spend lines are matched by it when the exact name finds no supplier: case,
    punctuation and spacing aside (full stops and apostrophes join: "C.I.C." is "cic"), "&" read as
    "and", a leading "The" and trailing legal-form words (Ltd, Limited, plc, LLP, CIC, ...) left out:
    "The Acme Co. (UK) Ltd" -> "acme co uk"."""
    joined = re.sub(r"[.'’]", "", name.casefold()).replace("&", " and ")
    words = re.sub(r"[^\w]+", " ", joined).split()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and words[-1] in LEGAL_FORM_WORDS:
        words.pop()
    return " ".join(words)


def read_spend_extract(path: str | Path) -> Register:
    """The header row and data rows of a spend extract; RegisterError when it cannot be read."""
    return read_register(path, SPEND_VOCABULARY)


def parse_signed_amount(cell: object) -> Decimal | None:
    """Pounds, to the penny, negative for a credit note; None when blank."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not an amount in pounds")
    if isinstance(cell, (int, float, Decimal)):
        return _in_range(number_amount(cell).quantize(PENNY, rounding=ROUND_HALF_UP))
    text = cell_text(cell)
    if not text:
        return None
    cleaned = "".join(text.split())
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    if cleaned.upper().endswith("CR"):
        negative, cleaned = True, cleaned[:-2]
    if cleaned.endswith("-"):
        negative, cleaned = True, cleaned[:-1]
    signs = cleaned[:len(cleaned) - len(cleaned.lstrip("£+-"))]  # the leading run of £, + and -
    if signs.count("-") > 1 or signs.count("+") > 1 or ("-" in signs and (negative or "+" in signs)):
        raise ValueError(_not_an_amount(text))
    negative = negative or "-" in signs
    try:
        value = parse_money(cleaned[len(signs):])
    except (ValueError, InvalidOperation):
        raise ValueError(_not_an_amount(text)) from None
    if value is None:
        raise ValueError(_not_an_amount(text))
    return _in_range(-value if negative else value)


def _not_an_amount(text: str) -> str:
    return (f"'{text[:40]}' is not an amount in pounds (for example 1,234.56; a credit note as -250.00 "
            "or (250.00))")


def _in_range(value: Decimal) -> Decimal:
    if abs(value) > MAX_VALUE:
        raise ValueError("is larger than any amount the store can hold (£1 trillion)")
    return value if value else abs(value)  # no "-0.00"


def parse_spend_postcode(cell: object) -> str:
    text = cell_text(cell)
    postcode = normalise_postcode(text)
    if postcode and not _POSTCODE.match(postcode):
        raise ValueError(f"'{text[:40]}' is not a UK postcode (e.g. LE1 7RH); leave it blank for a supplier "
                         "outside the UK")
    return postcode


def parse_spend_cell(field_name: str, cell: object) -> object:
    """One cell as the value of `field_name`; ValueError with the reason when it is not acceptable."""
    if field_name == "supplier_name":
        name = " ".join(text_cell(cell, MAX_NAME_CHARS).split())
        if not name:
            raise ValueError("a spend line needs the supplier's name")
        return name
    if field_name == "invoice_date":
        day = parse_date(cell)
        if day is None:
            raise ValueError("a spend line needs its invoice date")
        return day
    if field_name == "amount":
        amount = parse_signed_amount(cell)
        if amount is None:
            raise ValueError("a spend line needs its amount")
        return amount
    if field_name == "postcode":
        return parse_spend_postcode(cell)
    if field_name == "companies_house_number":
        return normalise_companies_house_number(text_cell(cell))
    return text_cell(cell, MAX_REFERENCE_CHARS)


def parse_spend_line(row: RawRow, mapping: Mapping[int, str],
                     headers: tuple[str, ...] = ()) -> tuple[SpendLineValues | None, list[RowProblem]]:
    """One row as a spend line, or None and a problem (row, column, reason) for each refused cell."""
    values, problems = SPEND_VOCABULARY.parse_cells(row, mapping, headers, parse_spend_cell)
    if problems:
        return None, problems
    return SpendLineValues(**values), []  # type: ignore[arg-type]


__all__ = [
    "LEGAL_FORM_WORDS", "REQUIRED_FIELDS", "SPEND_FIELDS", "SPEND_SYNONYMS", "SPEND_VOCABULARY", "SpendLineValues",
    "line_key", "parse_signed_amount", "parse_spend_cell", "parse_spend_line", "parse_spend_postcode",
    "read_spend_extract", "spend_name_key",
]
