"""Tables out to Excel (.xlsx) and CSV, typed and safe to open.

A `Table` is a title, typed columns and rows of plain values (str, int, Decimal,
float, date, bool or None). Every file gets the same treatment:

- numbers stay numbers (negative ones included), money is a number with a £
  format, dates are dates; only text is text;
- text that a spreadsheet could run as a formula (it starts with `=`, `+`, `-`,
  `@`, tab or carriage return) gets an apostrophe in front: `safe_text`, the one
  place that rule lives (OWASP "CSV injection");
- .xlsx: a bold, frozen header row, a filter on it, and column widths from the
  contents; several tables become several sheets;
- .csv: UTF-8 with a byte-order mark so Excel reads £ and accents right, dates
  as YYYY-MM-DD, money as plain numbers; several tables follow one another,
  each under its title and separated by a blank line.

Files are written next to their destination and moved into place at the end,
so a failed export never leaves half a file where a good one was.
"""
from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path

from sv_desktop.domain.errors import UserFacingError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SUFFIXES = (".xlsx", ".csv")
MONEY_FORMAT = '"£"#,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.##"
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 2000  # rows looked at to size the columns; enough to be representative, cheap at 100,000 rows
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters an .xlsx cannot hold
_PLAIN_NUMBER = re.compile(r"-?£?\d[\d,]*(\.\d+)?%?")  # what a pasted cell may be and still be a number


class Kind(Enum):
    """What a column holds, which decides the cell type and number format."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"


@dataclass(frozen=True)
class TableColumn:
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    """One sheet's worth of data: a title (the sheet name), typed columns, rows of plain values."""

    title: str
    columns: tuple[TableColumn, ...]
    rows: Sequence[Sequence[object]]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


class ExportError(UserFacingError):
    """The file could not be written; the message says why in words a user can act on."""


def safe_text(value: str) -> str:
    """Text a spreadsheet will show, never run: a leading `=`, `+`, `-`, `@`, tab or CR gets an apostrophe."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def check_suffix(path: Path) -> str:
    """The export format from the file name (".xlsx" or ".csv"); anything else is refused."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"'{path.name}' must end in .xlsx or .csv (the export format is taken from the name)")
    return suffix


def write_tables(path: Path, tables: Sequence[Table]) -> Path:
    """Write the tables to `path` as .xlsx or .csv (by its extension); returns the path written."""
    path = Path(path)
    suffix = check_suffix(path)
    if path.is_dir():
        raise ExportError(f"'{path}' is a folder, not a file")
    if not path.parent.is_dir():
        raise ExportError(f"the folder '{path.parent}' does not exist")
    writer = _write_xlsx if suffix == ".xlsx" else _write_csv
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=suffix, dir=path.parent)
    os.close(handle)
    try:
        writer(Path(temporary), tables)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_table(path: Path, table: Table) -> Path:
    return write_tables(path, [table])


# -- CSV ----------------------------------------------------------------------------------------------------

def csv_cell(value: object) -> str:
    """A value as CSV text Excel reads back as the same type."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def _write_csv(path: Path, tables: Sequence[Table]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        titled = len(tables) > 1
        for number, table in enumerate(tables):
            if titled:
                if number:
                    writer.writerow([])
                writer.writerow([safe_text(table.title)])
            writer.writerow([safe_text(header) for header in table.headers])
            writer.writerows([csv_cell(value) for value in row] for row in table.rows)


# -- Excel ----------------------------------------------------------------------------------------------------

def _display_length(value: object, kind: Kind) -> int:
    if value is None:
        return 0
    if kind is Kind.MONEY:
        return len(f"£{value:,.2f}") if isinstance(value, (int, float, Decimal)) else len(str(value))
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(table: Table) -> list[int]:
    """Characters per column: the header or the longest of the first rows, within sensible bounds."""
    widths = [len(column.header) + 2 for column in table.columns]  # room for the filter button
    for row in table.rows[:WIDTH_SAMPLE]:
        for position, (column, value) in enumerate(zip(table.columns, row)):
            widths[position] = max(widths[position], _display_length(value, column.kind))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 1)) for width in widths]


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "-", title).strip("'") or "Sheet"
    base = base[:31]
    name, number = base, 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    used.add(name.casefold())
    return name


def _write_xlsx(path: Path, tables: Sequence[Table]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)  # streams rows: 100,000 contracts in seconds, not minutes
    used: set[str] = set()
    bold = Font(bold=True)
    for table in tables or [Table("Sheet", (), ())]:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        sheet.freeze_panes = "A2"
        for position, width in enumerate(column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(position)].width = width
        if table.columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
        sheet.append([_xlsx_header_cell(sheet, header, bold, WriteOnlyCell) for header in table.headers])
        formats = [_number_format(column.kind) for column in table.columns]
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value, formats[position], WriteOnlyCell)
                          for position, value in enumerate(row)])
    book.save(path)


def _xlsx_header_cell(sheet, text: str, font, cell_type):
    cell = cell_type(sheet, value=_xlsx_text(text))
    cell.font = font
    return cell


def _number_format(kind: Kind) -> str | None:
    return {Kind.MONEY: MONEY_FORMAT, Kind.DATE: DATE_FORMAT, Kind.INTEGER: INTEGER_FORMAT,
            Kind.NUMBER: NUMBER_FORMAT}.get(kind)


def _xlsx_text(value: str) -> str:
    return safe_text(_ILLEGAL_XML.sub("", value))


def _xlsx_cell(sheet, value: object, number_format: str | None, cell_type):
    if value is None:
        return None
    if isinstance(value, bool):
        return cell_type(sheet, value="Yes" if value else "No")
    if isinstance(value, str):
        cell = cell_type(sheet, value=_xlsx_text(value))
        cell.data_type = "s"  # never a formula, whatever openpyxl guesses
        return cell
    if isinstance(value, (int, float, Decimal)):
        cell = cell_type(sheet, value=value)
        if number_format:
            cell.number_format = number_format
        return cell
    if isinstance(value, date):
        cell = cell_type(sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    return cell_type(sheet, value=_xlsx_text(str(value)))


# -- clipboard ----------------------------------------------------------------------------------------------

def tsv_cell(text: str) -> str:
    """A displayed cell for pasting into Excel: one line, no tabs, and never a formula.

    What a table shows as a number ("-5", "£1,234.50", "12%") is left for Excel to read as a number.
    """
    flat = " ".join(text.replace("\t", " ").splitlines()).strip() if text else ""
    if _PLAIN_NUMBER.fullmatch(flat):
        return flat
    return safe_text(flat)


def tsv_text(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Tab-separated lines (header first) as Excel pastes them: one row per line, CRLF-free."""
    lines = ["\t".join(tsv_cell(header) for header in headers)]
    lines.extend("\t".join(tsv_cell(cell) for cell in row) for row in rows)
    return "\n".join(lines) + "\n"


__all__ = [
    "ExportError",
    "Kind",
    "Table",
    "TableColumn",
    "check_suffix",
    "column_widths",
    "csv_cell",
    "safe_text",
    "tsv_cell",
    "tsv_text",
    "write_table",
    "write_tables",
]
