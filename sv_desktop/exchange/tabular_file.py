"""Reading a table someone keeps in Excel (.xlsx) or as CSV: the part every importer shares. No Qt, no store.

An importer describes its columns with a `HeaderVocabulary` (its fields, their labels
and the header names people use for them). `read_register(path, vocabulary)` finds the
header row (the first of the first 20 rows in which at least two cells name a field of
that vocabulary), sniffs a CSV file's delimiter by the same test, and returns the data
rows below it with their spreadsheet row numbers. `parse_date` / `parse_amount` read the
UK formats officers and finance systems write (dd/mm/yyyy, Excel date cells,
"£1,234,567.00", "1.2m"). Every problem names its row and column.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sv_desktop.domain.errors import DomainError, ValidationError
from sv_desktop.domain.money import MAX_VALUE, PENNY, parse_money

HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 2
MAX_FILE_BYTES = 500 * 1024 * 1024
MAX_CELL_CHARS = 32767  # Excel's own limit on a cell


class RegisterError(DomainError):
    """A file that cannot be read as the table it was offered as, with the reason in words."""


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


class HeaderVocabulary:
    """The fields one kind of file holds, their labels, and the header names that mean each of them.

    A header matches a field when, normalised, it is one of the field's synonyms, its label or
    its own name; where two fields claim a name, the field listed first keeps it.
    """

    def __init__(self, labels: Mapping[str, str], synonyms: Mapping[str, tuple[str, ...]],
                 examples: tuple[str, ...]):
        self.labels = dict(labels)  # field -> label, in the order a mapping dialog lists them
        self.synonyms = dict(synonyms)
        self.examples = examples  # the fields a "no header row" message names as expected columns
        self._lookup: dict[str, str] = {}
        for field_name in (*self.synonyms, *self.labels):
            names = (*self.synonyms.get(field_name, ()), self.labels.get(field_name, ""), field_name)
            for name in names:
                key = normalise_header(name)
                if key:
                    self._lookup.setdefault(key, field_name)

    def field_for_header(self, header: object) -> str | None:
        return self._lookup.get(normalise_header(header))

    def label(self, field_name: str) -> str:
        return self.labels.get(field_name, field_name)

    def is_header(self, cells: Iterable[object]) -> bool:
        return sum(1 for cell in cells if self.field_for_header(cell)) >= MIN_HEADER_MATCHES

    def propose_mapping(self, headers: Iterable[object]) -> dict[int, str]:
        """{column index: field} for the headers that name a field; the first column wins."""
        mapping: dict[int, str] = {}
        taken: set[str] = set()
        for index, header in enumerate(headers):
            name = self.field_for_header(header)
            if name and name not in taken:
                mapping[index] = name
                taken.add(name)
        return mapping

    def column_name(self, field_name: str, mapping: Mapping[int, str], headers: tuple[str, ...]) -> str:
        """The file's header of the column mapped to `field_name`, else the column number, else the label."""
        for index, name in mapping.items():
            if name == field_name:
                if index < len(headers) and headers[index]:
                    return headers[index]
                return f"{index + 1}"
        return self.label(field_name)

    def parse_cells(self, row: RawRow, mapping: Mapping[int, str], headers: tuple[str, ...],
                    parse_cell: Callable[[str, object], object]) -> tuple[dict[str, object], list[RowProblem]]:
        """The mapped cells of one row through `parse_cell(field, cell)`, and a problem for each it refused."""
        values: dict[str, object] = {}
        problems: list[RowProblem] = []
        cells = row.cells
        for index, field_name in mapping.items():
            try:
                values[field_name] = parse_cell(field_name, cells[index] if index < len(cells) else None)
            except ValueError as exc:
                problems.append(RowProblem(row.number, self.column_name(field_name, mapping, headers), str(exc)))
        return values, problems

    def validation_problems(self, error: ValidationError, row: int, mapping: Mapping[int, str],
                            headers: tuple[str, ...]) -> list[RowProblem]:
        return [RowProblem(row, self.column_name(e.field, mapping, headers), e.message) for e in error.errors]

    def check_mapping(self, file_name: str, mapping: Mapping[int, str], required: tuple[str, ...],
                      kind_label: str) -> None:
        """RegisterError when the mapping names an unknown field, maps one field twice or misses a required one."""
        unknown = sorted({f for f in mapping.values() if f not in self.labels})
        if unknown:
            raise RegisterError(f"{file_name}: cannot import into {', '.join(unknown)}")
        if len(set(mapping.values())) != len(mapping):
            raise RegisterError(f"{file_name}: two columns are mapped to the same field")
        for field_name in required:
            if field_name not in mapping.values():
                names = [self.label(field_name), *self.synonyms.get(field_name, ())[:2]]
                examples = ", ".join(f"'{name[:1].upper()}{name[1:]}'" for name in dict.fromkeys(names))
                raise RegisterError(f"{file_name}: no column holds the {self.label(field_name).lower()} of this "
                                    f"{kind_label} (expected a header such as {examples})")


# -- reading files -------------------------------------------------------------
def read_register(path: str | Path, vocabulary: HeaderVocabulary) -> Register:
    """The header row and data rows of a .xlsx or .csv file; RegisterError when it cannot be read."""
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
    rows = _xlsx_rows(path) if suffix in (".xlsx", ".xlsm") else _csv_rows(path, vocabulary)
    return _split(path.name, rows, vocabulary)


def _split(name: str, rows: Iterable[RawRow], vocabulary: HeaderVocabulary) -> Register:
    iterator = iter(rows)
    header: RawRow | None = None
    for row in iterator:
        if row.number > HEADER_SEARCH_ROWS:
            break
        if vocabulary.is_header(row.cells):
            header = row
            break
    if header is None:
        expected = ", ".join(vocabulary.label(f) for f in vocabulary.examples)
        raise RegisterError(f"{name}: no header row in the first {HEADER_SEARCH_ROWS} rows "
                            f"(expected column names such as {expected})")
    headers = tuple("" if cell is None else " ".join(str(cell).split()) for cell in header.cells)
    data = tuple(row for row in iterator if any(cell_text(cell) for cell in row.cells))
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


def _csv_rows(path: Path, vocabulary: HeaderVocabulary) -> list[RawRow]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    text = decode_text(raw, path.name)
    if "\x00" in text:
        raise RegisterError(f"{path.name}: is not a CSV text file (it contains binary data)")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, vocabulary))
        return [RawRow(number, tuple(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise RegisterError(f"{path.name}: is not a well-formed CSV file ({exc})") from None


_DELIMITERS = ",;\t|"


def _delimiter(text: str, vocabulary: HeaderVocabulary) -> str:
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
        if any(vocabulary.is_header(row) for row in rows):
            return delimiter
    return ","


# -- parsing cells -------------------------------------------------------------
def cell_text(cell: object) -> str:
    """A cell as trimmed text: dates ISO, whole-number floats without ".0", blank for None."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def text_cell(cell: object, max_chars: int = MAX_CELL_CHARS) -> str:
    """A text cell, refused when longer than `max_chars`."""
    text = cell_text(cell)
    if len(text) > max_chars:
        raise ValueError(f"is longer than {max_chars} characters")
    return text


_DATE_PATTERNS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y",
                  "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%Y/%m/%d")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


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
    quick = _UK_DATE.fullmatch(text)  # dd/mm/yyyy without strptime, which is slow
    if quick:
        try:
            return date(int(quick[3]), int(quick[2]), int(quick[1]))
        except ValueError:
            pass  # 31/02/2025: the patterns below refuse it with the usual message
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
        text = text[:10]
    for pattern in _DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text[:40]}' is not a date (use dd/mm/yyyy, for example 31/03/2027)")


def number_amount(cell: int | float | Decimal) -> Decimal:
    """A number cell as an exact Decimal; ValueError for NaN and infinity."""
    try:
        value = Decimal(str(cell))
    except InvalidOperation:
        raise ValueError(f"'{cell}' is not an amount in pounds") from None
    if not value.is_finite():
        raise ValueError(f"'{cell}' is not an amount in pounds")
    return value


def parse_amount(cell: object) -> Decimal | None:
    """A non-negative amount in pounds from a number cell or text ("£1,234.50", "1.2m", "250k"); None when blank."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not an amount in pounds")
    if isinstance(cell, (int, float, Decimal)):
        value = number_amount(cell)
        if value < 0:
            raise ValueError("must not be negative")
        if value > MAX_VALUE:
            raise ValueError("is larger than any contract value the store can hold (£1 trillion)")
        return value.quantize(PENNY) if value == value.quantize(PENNY) else value
    text = cell_text(cell)
    try:
        return parse_money(text)
    except InvalidOperation:  # more digits than any amount in pounds
        raise ValueError(f"'{text[:40]}' is not an amount in pounds") from None


__all__ = [
    "HEADER_SEARCH_ROWS", "MAX_CELL_CHARS", "MAX_FILE_BYTES", "MIN_HEADER_MATCHES", "HeaderVocabulary", "RawRow",
    "Register", "RegisterError", "RowProblem", "cell_text", "decode_text", "normalise_header", "number_amount",
    "parse_amount", "parse_date", "read_register", "text_cell",
]
