"""Reading a contract register someone keeps in Excel (.xlsx) or as CSV. No Qt, no store.

`read_register` finds the header row (the first of the first 20 rows in which at
least two cells are known column names) and returns the data rows below it with
their spreadsheet row numbers; `propose_mapping` matches header names to
ContractData fields through synonyms; `parse_values` / `parse_row` turn one row's
cells into field values, accepting UK formats (dd/mm/yyyy, d/m/yy, ISO, Excel date
cells, "£1,234,567.00", "1.2m", "£250k", labels or stored values of stages and
categories in any case, blank cells). Every problem names its row and column.
The reading itself is shared with the other importers (exchange/tabular_file.py);
this module is the contract register's vocabulary and fields.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from sv_desktop.domain.contract import FIELD_LABELS, ContractData
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.vocabulary import Category, Regime, Route, Stage, VatBasis
from sv_desktop.exchange.tabular_file import (  # re-exported (__all__): importers have always found them here
    HEADER_SEARCH_ROWS,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MIN_HEADER_MATCHES,
    HeaderVocabulary,
    RawRow,
    Register,
    RegisterError,
    RowProblem,
    decode_text,
    normalise_header,
    parse_amount,
    parse_date,
    text_cell,
)
from sv_desktop.exchange.tabular_file import cell_text as _text
from sv_desktop.exchange.tabular_file import read_register as read_table

IMPORTABLE_FIELDS = (
    "reference", "title", "category", "stage", "description", "total_value", "annual_value", "vat_basis",
    "start_date", "end_date", "extension_options", "extension_months", "notice_period_months",
    "tender_deadline", "regime", "route", "procurement_lead", "contract_manager", "supplier_names", "notes",
)
MONEY_FIELDS = frozenset({"total_value", "annual_value"})
DATE_FIELDS = frozenset({"start_date", "end_date", "tender_deadline"})
MONTH_FIELDS = frozenset({"extension_months", "notice_period_months"})
ENUM_FIELDS = {"category": Category, "stage": Stage, "vat_basis": VatBasis, "regime": Regime, "route": Route}

# Header names people use, normalised (see `normalise_header`); the field's own label counts too.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": ("contract ref", "ref", "reference", "contract reference", "contract ref no", "contract no",
                  "contract number", "contract id", "ref no", "reference number", "our ref"),
    "title": ("contract title", "title", "contract name", "name", "contract", "subject"),
    "category": ("category", "procurement category", "spend category"),
    "stage": ("stage", "status", "contract status", "pipeline stage"),
    "description": ("description", "contract description", "scope", "summary"),
    "total_value": ("value", "total value", "contract value", "total contract value", "whole life value",
                    "estimated value", "total value £", "value £", "contract value £"),
    "annual_value": ("annual value", "annual value £", "value per year", "annual contract value", "yearly value"),
    "vat_basis": ("vat", "vat basis", "vat status"),
    "start_date": ("start", "start date", "contract start", "contract start date", "commencement date"),
    "end_date": ("end", "end date", "expiry", "expiry date", "contract end", "contract end date", "expires"),
    "extension_options": ("extension options", "extensions", "extension"),
    "extension_months": ("extension months", "extension available months", "extension period months",
                         "extension available"),
    "notice_period_months": ("notice period", "notice period months", "notice months", "notice"),
    "tender_deadline": ("tender deadline", "tender closing date", "bid deadline", "closing date"),
    "regime": ("regime", "procurement regime", "legislation"),
    "route": ("route", "procurement route", "procedure", "procurement procedure", "route to market"),
    "procurement_lead": ("lead", "procurement lead", "buyer", "category lead", "procurement officer"),
    "contract_manager": ("contract manager", "manager", "contract owner"),
    "supplier_names": ("supplier", "suppliers", "supplier s", "supplier name", "supplier names", "provider",
                       "providers", "contractor"),
    "notes": ("notes", "comments", "note", "comment"),
}


CONTRACT_VOCABULARY = HeaderVocabulary(
    labels={name: FIELD_LABELS[name] for name in IMPORTABLE_FIELDS},
    synonyms=SYNONYMS,
    examples=("reference", "title", "category", "total_value", "end_date"),
)


def field_for_header(header: object) -> str | None:
    return CONTRACT_VOCABULARY.field_for_header(header)


def propose_mapping(headers: Iterable[object]) -> dict[int, str]:
    """{column index: ContractData field} for the headers that name a field; the first column wins."""
    return CONTRACT_VOCABULARY.propose_mapping(headers)


def read_register(path: str | Path, vocabulary: HeaderVocabulary = CONTRACT_VOCABULARY) -> Register:
    """The header row and data rows of a .xlsx or .csv register; RegisterError when it cannot be read."""
    return read_table(path, vocabulary)


# -- parsing cells -------------------------------------------------------------
def parse_months(cell: object) -> int:
    if cell is None:
        return 0
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if float(cell).is_integer():
            return int(cell)
        raise ValueError(f"'{cell}' is not a whole number of months")
    text = _text(cell)
    if not text:
        return 0
    match = re.fullmatch(r"(-?\d+)(?:\.0+)?\s*(?:months?|mths?|m)?", text, re.IGNORECASE)
    if not match:
        raise ValueError(f"'{text[:40]}' is not a whole number of months")
    return int(match[1])


def parse_cell(field_name: str, cell: object) -> object:
    """One cell as the value of `field_name`; ValueError with the reason when it is not acceptable."""
    if field_name in MONEY_FIELDS:
        return parse_amount(cell)
    if field_name in DATE_FIELDS:
        return parse_date(cell)
    if field_name in MONTH_FIELDS:
        return parse_months(cell)
    text = text_cell(cell)
    if field_name in ENUM_FIELDS:
        if not text:
            return None
        return ENUM_FIELDS[field_name].from_text(text)
    if field_name == "supplier_names":
        return tuple(name.strip() for name in re.split(r"[;\n]", text) if name.strip())
    return text


def column_name(field_name: str, mapping: Mapping[int, str], headers: tuple[str, ...]) -> str:
    """The file's header of the column mapped to `field_name`, else the field's label."""
    if field_name in mapping.values():
        return CONTRACT_VOCABULARY.column_name(field_name, mapping, headers)
    return FIELD_LABELS.get(field_name, field_name)


def parse_values(row: RawRow, mapping: Mapping[int, str],
                 headers: tuple[str, ...] = ()) -> tuple[dict[str, object], list[RowProblem]]:
    """The mapped cells of one row as field values (blank enum cells left out), and what is wrong."""
    values, problems = CONTRACT_VOCABULARY.parse_cells(row, mapping, headers, parse_cell)
    for field_name in ("category", "stage", "vat_basis"):
        if field_name in values and values[field_name] is None:
            del values[field_name]  # blank: the default (stage, VAT basis) or the existing value applies
    return values, problems


def validation_problems(error: ValidationError, row: int, mapping: Mapping[int, str],
                        headers: tuple[str, ...]) -> list[RowProblem]:
    return [RowProblem(row, column_name(e.field, mapping, headers), e.message) for e in error.errors]


def build_data(values: Mapping[str, Any], base: ContractData | None = None) -> ContractData:
    """New data from the values (defaults elsewhere), or `base` with just these fields changed."""
    if base is not None:
        return replace(base, **values)
    merged = {"reference": "", "title": "", "category": None, **values}
    return ContractData(**merged)


def parse_row(row: RawRow, mapping: Mapping[int, str],
              headers: tuple[str, ...] = ()) -> tuple[ContractData | None, list[RowProblem]]:
    """One row as validated new-contract data, or None and every problem (row number, column, reason)."""
    values, problems = parse_values(row, mapping, headers)
    try:
        data = build_data(values).validated()
    except ValidationError as exc:
        problems.extend(validation_problems(exc, row.number, mapping, headers))
        data = None
    return (None, problems) if problems else (data, [])


__all__ = [
    "CONTRACT_VOCABULARY", "DATE_FIELDS", "ENUM_FIELDS", "HEADER_SEARCH_ROWS", "IMPORTABLE_FIELDS", "MAX_CELL_CHARS",
    "MAX_FILE_BYTES", "MIN_HEADER_MATCHES", "MONEY_FIELDS", "MONTH_FIELDS", "SYNONYMS", "HeaderVocabulary", "RawRow",
    "Register", "RegisterError", "RowProblem", "build_data", "column_name", "decode_text", "field_for_header",
    "normalise_header", "parse_amount", "parse_cell", "parse_date", "parse_months", "parse_row", "parse_values",
    "propose_mapping", "read_register", "validation_problems",
]
