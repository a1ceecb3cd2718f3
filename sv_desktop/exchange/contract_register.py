"""Reading a contract register someone keeps in Excel (.xlsx) or as CSV. No Qt, no store.

`read_register` finds the header row (the first of the first 20 rows in which at
least two cells are known column names) and returns the data rows below it with
their spreadsheet row numbers; `propose_mapping` matches header names to
ContractData fields through synonyms; `parse_values` / `parse_row` turn one row's
cells into field values, accepting UK formats (dd/mm/yyyy, d/m/yy, ISO, Excel date
cells, "£1,234,567.00", "1.2m", "£250k", labels or stored values of stages and
categories in any case, blank cells). Every problem names its row and column.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sv_desktop.domain.contract import FIELD_LABELS, ContractData
from sv_desktop.domain.errors import DomainError, ValidationError
from sv_desktop.domain.money import MAX_VALUE, PENNY, parse_money
from sv_desktop.domain.vocabulary import Category, Regime, Route, Stage, VatBasis

HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 2
MAX_FILE_BYTES = 500 * 1024 * 1024
MAX_CELL_CHARS = 32767  # Excel's own limit on a cell

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


class RegisterError(DomainError):
    """A file that cannot be read as a contract register, with the reason in words."""


@dataclass(frozen=True)
class RawRow:
    number: int  # the row number a spreadsheet shows (1-based)
    cells: tuple[object, ...]


@dataclass(frozen=True)
class Register:
    header_row: int  # 1-based
    headers: tuple[str, ...]
    rows: tuple[RawRow, ...]


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


def normalise_header(text: object) -> str:
    """Lower case, words only: "Total value (£)" -> "total value £", "Supplier(s)" -> "supplier s"."""
    if text is None:
        return ""
    words = re.sub(r"[^\w£]+", " ", str(text).casefold())
    return " ".join(words.replace("£", " £ ").split())


_LOOKUP: dict[str, str] = {}
for _field, _names in SYNONYMS.items():
    for _name in (*_names, normalise_header(FIELD_LABELS[_field]), normalise_header(_field)):
        _LOOKUP.setdefault(normalise_header(_name), _field)


def field_for_header(header: object) -> str | None:
    return _LOOKUP.get(normalise_header(header))


def propose_mapping(headers: Iterable[object]) -> dict[int, str]:
    """{column index: ContractData field} for the headers that name a field; the first column wins."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        name = field_for_header(header)
        if name and name not in taken:
            mapping[index] = name
            taken.add(name)
    return mapping


# -- reading files -------------------------------------------------------------
def read_register(path: str | Path) -> Register:
    """The header row and data rows of a .xlsx or .csv register; RegisterError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise RegisterError(f"{path.name}: choose an Excel workbook (.xlsx) or a CSV file (.csv)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RegisterError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise RegisterError(f"{path.name}: is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    rows = _xlsx_rows(path) if suffix in (".xlsx", ".xlsm") else _csv_rows(path)
    return _split(path.name, rows)


def _split(name: str, rows: Iterable[RawRow]) -> Register:
    iterator = iter(rows)
    header: RawRow | None = None
    for row in iterator:
        if row.number > HEADER_SEARCH_ROWS:
            break
        if sum(1 for cell in row.cells if field_for_header(cell)) >= MIN_HEADER_MATCHES:
            header = row
            break
    if header is None:
        expected = ", ".join(FIELD_LABELS[f] for f in ("reference", "title", "category", "total_value", "end_date"))
        raise RegisterError(f"{name}: no header row in the first {HEADER_SEARCH_ROWS} rows "
                            f"(expected column names such as {expected})")
    headers = tuple("" if cell is None else " ".join(str(cell).split()) for cell in header.cells)
    data = tuple(row for row in iterator if any(_text(cell) for cell in row.cells))
    return Register(header.number, headers, data)


def _xlsx_rows(path: Path) -> list[RawRow]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise RegisterError(f"{path.name}: is not an Excel workbook that can be read ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise RegisterError(f"{path.name}: is damaged or not an Excel workbook ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise RegisterError(f"{path.name}: has no worksheet")
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
                cells.pop()
            rows.append(RawRow(number, tuple(cells)))
        return rows
    except RegisterError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part
        raise RegisterError(f"{path.name}: is damaged ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()


def decode_text(raw: bytes, name: str = "file") -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 (Excel's "CSV" on Windows)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegisterError(f"{name}: is not text in UTF-8 or Windows-1252; save it from Excel as 'CSV UTF-8'")


def _csv_rows(path: Path) -> list[RawRow]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    text = decode_text(raw, path.name)
    if "\x00" in text:
        raise RegisterError(f"{path.name}: is not a CSV text file (it contains binary data)")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        return [RawRow(number, tuple(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise RegisterError(f"{path.name}: is not a well-formed CSV file ({exc})") from None


_DELIMITERS = ",;\t|"


def _delimiter(text: str) -> str:
    """The sniffed delimiter, else the first one under which a header row appears (title rows confuse
    the sniffer), else a comma."""
    sample = text[:65536]
    candidates = []
    try:
        candidates.append(csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter)
    except csv.Error:
        pass
    candidates.extend(d for d in _DELIMITERS if d not in candidates)
    head = "\n".join(sample.splitlines()[:HEADER_SEARCH_ROWS])
    for delimiter in candidates:
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        if any(sum(1 for cell in row if field_for_header(cell)) >= MIN_HEADER_MATCHES for row in rows):
            return delimiter
    return ","


# -- parsing cells -------------------------------------------------------------
def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


_DATE_PATTERNS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y",
                  "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%Y/%m/%d")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_date(cell: object) -> date | None:
    """A date from an Excel date cell, an Excel day number, or UK / ISO text; None when blank."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not a date")
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)):
        if 1 <= cell < 2958466:  # Excel's day numbers, 1900-01-01 to 9999-12-31
            return (_EXCEL_EPOCH + timedelta(days=int(cell))).date()
        raise ValueError(f"'{cell}' is not a date (use dd/mm/yyyy)")
    text = str(cell).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
        text = text[:10]
    for pattern in _DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text[:40]}' is not a date (use dd/mm/yyyy, for example 31/03/2027)")


def parse_amount(cell: object) -> Decimal | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not an amount in pounds")
    if isinstance(cell, (int, float, Decimal)):
        try:
            value = Decimal(str(cell))
        except InvalidOperation:
            raise ValueError(f"'{cell}' is not an amount in pounds") from None
        if not value.is_finite():
            raise ValueError(f"'{cell}' is not an amount in pounds")
        if value < 0:
            raise ValueError("must not be negative")
        if value > MAX_VALUE:
            raise ValueError("is larger than any contract value the store can hold (£1 trillion)")
        return value.quantize(PENNY) if value == value.quantize(PENNY) else value
    text = _text(cell)
    try:
        return parse_money(text)
    except InvalidOperation:  # more digits than any amount in pounds
        raise ValueError(f"'{text[:40]}' is not an amount in pounds") from None


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
    text = _text(cell)
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(f"is longer than {MAX_CELL_CHARS} characters")
    if field_name in ENUM_FIELDS:
        if not text:
            return None
        return ENUM_FIELDS[field_name].from_text(text)
    if field_name == "supplier_names":
        return tuple(name.strip() for name in re.split(r"[;\n]", text) if name.strip())
    return text


def column_name(field_name: str, mapping: Mapping[int, str], headers: tuple[str, ...]) -> str:
    """The file's header of the column mapped to `field_name`, else the field's label."""
    for index, name in mapping.items():
        if name == field_name:
            if index < len(headers) and headers[index]:
                return headers[index]
            return f"{index + 1}"
    return FIELD_LABELS.get(field_name, field_name)


def parse_values(row: RawRow, mapping: Mapping[int, str],
                 headers: tuple[str, ...] = ()) -> tuple[dict[str, object], list[RowProblem]]:
    """The mapped cells of one row as field values (blank enum cells left out), and what is wrong."""
    values: dict[str, object] = {}
    problems: list[RowProblem] = []
    for index, field_name in mapping.items():
        cell = row.cells[index] if index < len(row.cells) else None
        try:
            value = parse_cell(field_name, cell)
        except ValueError as exc:
            problems.append(RowProblem(row.number, column_name(field_name, mapping, headers), str(exc)))
            continue
        if value is None and field_name in ("category", "stage", "vat_basis"):
            continue  # blank: the default (stage, VAT basis) or the existing value applies
        values[field_name] = value
    return values, problems


def validation_problems(error: ValidationError, row: int, mapping: Mapping[int, str],
                        headers: tuple[str, ...]) -> list[RowProblem]:
    return [RowProblem(row, column_name(e.field, mapping, headers), e.message) for e in error.errors]


def build_data(values: Mapping[str, object], base: ContractData | None = None) -> ContractData:
    """New data from the values (defaults elsewhere), or `base` with just these fields changed."""
    if base is not None:
        return replace(base, **values)
    merged = {"reference": "", "title": "", "category": None, **values}
    return ContractData(**merged)  # type: ignore[arg-type]


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
