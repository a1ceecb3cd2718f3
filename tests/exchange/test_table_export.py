"""Tables to .xlsx and .csv: typed cells, a frozen header, widths, a BOM, and no formula ever runs."""
from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from sv_desktop.exchange.table_export import (
    ExportError,
    Kind,
    Table,
    TableColumn,
    column_widths,
    csv_cell,
    safe_text,
    tsv_text,
    write_table,
    write_tables,
)

COLUMNS = (TableColumn("Reference"), TableColumn("Total value", Kind.MONEY), TableColumn("End", Kind.DATE),
           TableColumn("Change", Kind.INTEGER), TableColumn("Share", Kind.NUMBER), TableColumn("Note"))
ROWS = [
    ("EST-001", Decimal("1234567.50"), date(2028, 3, 31), -5, 12.5, "=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("-5", Decimal("-250.00"), None, 0, Decimal("0.25"), "+44 20 7946 0000"),
    ("@SUM(A1)", None, None, None, None, "\tTabbed"),
    ("Café £ naïve", Decimal(0), date(2026, 1, 2), 3, -1.5, "\rreturn"),
]
TABLE = Table("Pipeline", COLUMNS, ROWS)


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Plain", "Plain"), ("", ""), ("a=b", "a=b"), ("£5", "£5"),
])
def test_safe_text_neutralises_only_text_a_spreadsheet_could_run(text, expected):
    assert safe_text(text) == expected


def test_numbers_stay_numbers_in_csv_even_negative_ones():
    assert csv_cell(-5) == "-5" and csv_cell(Decimal("-250.00")) == "-250.00" and csv_cell(-1.5) == "-1.5"
    assert csv_cell("-5") == "'-5"
    assert csv_cell(None) == "" and csv_cell(date(2026, 4, 1)) == "2026-04-01" and csv_cell(True) == "Yes"


def test_xlsx_cells_are_typed_and_the_header_is_frozen(tmp_path):
    path = write_table(tmp_path / "out.xlsx", TABLE)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Pipeline" and sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == TABLE.headers and all(cell.font.b for cell in sheet[1])
    first = sheet[2]
    assert first[0].value == "EST-001" and first[0].data_type == "s"
    assert first[1].value == pytest.approx(1234567.5) and first[1].data_type == "n"
    assert first[1].number_format == '"£"#,##0.00'
    assert first[2].value == datetime(2028, 3, 31) and first[2].is_date
    assert first[3].value == -5 and isinstance(first[3].value, int)
    assert first[4].value == 12.5
    assert first[5].value == "'=HYPERLINK(\"http://evil.example\",\"x\")" and first[5].data_type == "s"
    second = sheet[3]
    assert second[0].value == "'-5" and second[1].value == -250 and second[4].value == 0.25
    assert second[5].value == "'+44 20 7946 0000"
    assert sheet[4][0].value == "'@SUM(A1)" and sheet[4][1].value is None and sheet[4][5].value == "'\tTabbed"
    assert sheet[5][0].value == "Café £ naïve" and sheet[5][5].value == "'\rreturn"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert len(widths) == len(COLUMNS) and all(8 <= width <= 60 for width in widths.values())
    assert widths["F"] > widths["D"]  # the long note is wider than the small numbers


def test_csv_is_utf8_with_a_bom_and_neutralised(tmp_path):
    path = write_table(tmp_path / "out.csv", TABLE)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw[3:].decode("utf-8").splitlines(keepends=True)))
    assert rows[0] == TABLE.headers
    assert rows[1] == ["EST-001", "1234567.50", "2028-03-31", "-5", "12.5",
                       "'=HYPERLINK(\"http://evil.example\",\"x\")"]
    assert rows[2][:2] == ["'-5", "-250.00"] and rows[2][5] == "'+44 20 7946 0000"
    assert rows[3][0] == "'@SUM(A1)" and rows[3][5] == "'\tTabbed"
    assert rows[4][0] == "Café £ naïve" and rows[4][5] == "'\rreturn"
    assert b",-5," in raw and b'"-5"' not in raw  # the number is written bare, not quoted as text


def test_several_tables_are_sheets_in_xlsx_and_titled_sections_in_csv(tmp_path):
    other = Table("Overdue: returns/late", (TableColumn("Days", Kind.INTEGER),), [(3,), (-1,)])
    book = openpyxl.load_workbook(write_tables(tmp_path / "two.xlsx", [TABLE, other, other]))
    assert book.sheetnames == ["Pipeline", "Overdue- returns-late", "Overdue- returns-late (2)"]
    assert [row for row in book.worksheets[1].iter_rows(values_only=True)] == [("Days",), (3,), (-1,)]
    text = write_tables(tmp_path / "two.csv", [TABLE, other]).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    assert rows[0] == ["Pipeline"] and rows[1] == TABLE.headers
    assert rows[-5:] == [[], ["Overdue: returns/late"], ["Days"], ["3"], ["-1"]]


def test_unknown_extensions_and_missing_folders_are_refused(tmp_path):
    with pytest.raises(ExportError, match=r"must end in \.xlsx or \.csv"):
        write_table(tmp_path / "out.xls", TABLE)
    with pytest.raises(ExportError, match="does not exist"):
        write_table(tmp_path / "nowhere" / "out.csv", TABLE)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_earlier_file_untouched(tmp_path):
    path = write_table(tmp_path / "keep.csv", TABLE)
    before = path.read_bytes()
    broken = Table("Broken", COLUMNS, [("A", BrokenValue())])
    with pytest.raises(RuntimeError):
        write_table(path, broken)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


class BrokenValue:
    def __str__(self) -> str:
        raise RuntimeError("cannot be shown")


def test_control_characters_an_xlsx_cannot_hold_are_dropped(tmp_path):
    table = Table("T", (TableColumn("Text"),), [("bell\x07 and\x00 null",)])
    sheet = openpyxl.load_workbook(write_table(tmp_path / "t.xlsx", table)).active
    assert sheet["A2"].value == "bell and null"


def test_column_widths_stay_within_bounds():
    table = Table("T", (TableColumn("A"), TableColumn("Long", Kind.TEXT)), [("x", "y" * 500)])
    assert column_widths(table) == [8, 60]


def test_tsv_for_the_clipboard_keeps_numbers_and_neutralises_formulas():
    text = tsv_text(["Reference", "Value", "Note"], [
        ["EST-001", "£1,234.50", "=cmd|' /C calc'!A0"],
        ["DIG-002", "-5", "two\tparts\nand lines"],
    ])
    assert text == ("Reference\tValue\tNote\n"
                    "EST-001\t£1,234.50\t'=cmd|' /C calc'!A0\n"
                    "DIG-002\t-5\ttwo parts and lines\n")
