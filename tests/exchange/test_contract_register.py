"""Reading contract registers: header detection, column mapping, UK formats, per-row problems."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.exchange.contract_register import (
    RawRow,
    RegisterError,
    parse_amount,
    parse_date,
    parse_row,
    propose_mapping,
    read_register,
)

HEADERS = ["Contract ref", "Contract title", "Category", "Stage", "Total value (£)", "Annual value",
           "Start date", "Expiry date", "Supplier(s)", "Lead"]


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Trust contract register"])
    sheet.append(["Exported 01/02/2026"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_header_row_is_found_below_title_rows_in_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "register.xlsx", [
        HEADERS,
        ["EF-001", "Soft FM cleaning", "Estates & Facilities", "delivery", "£1.2m", 250000,
         datetime(2025, 4, 1), "31/03/2030", "Clean Co; Shine Ltd", "A. Buyer"],
        [None, None, None],
        ["DD-002", "EPR support", "ddat", "Tender", None, None, None, None, None, None],
    ])
    register = read_register(path)
    assert register.header_row == 3
    assert register.headers[0] == "Contract ref"
    assert [row.number for row in register.rows] == [4, 6]  # the blank row 5 is left out


def test_synonyms_map_headers_to_fields_and_unknown_columns_are_left_out():
    mapping = propose_mapping(["Ref", "Title", "Value", "Start", "End", "Supplier(s)", "Procurement lead",
                               "Colour", "Reference"])
    assert mapping == {0: "reference", 1: "title", 2: "total_value", 3: "start_date", 4: "end_date",
                       5: "supplier_names", 6: "procurement_lead"}
    assert propose_mapping(HEADERS)[4] == "total_value"
    assert propose_mapping(["Reference", "Annual value", "Expiry date", "Lead"]) == {
        0: "reference", 1: "annual_value", 2: "end_date", 3: "procurement_lead"}


@pytest.mark.parametrize("text, expected", [
    ("31/03/2027", date(2027, 3, 31)), ("1/4/25", date(2025, 4, 1)), ("2025-04-01", date(2025, 4, 1)),
    ("2025-04-01 00:00:00", date(2025, 4, 1)), (datetime(2026, 1, 2, 0, 0), date(2026, 1, 2)),
    (45748, date(2025, 4, 1)), ("", None), (None, None),
])
def test_uk_iso_and_excel_dates_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("£1,234,567.00", Decimal("1234567.00")), ("1.2m", Decimal("1200000.00")), ("£250k", Decimal("250000.00")),
    ("", None), (None, None), (1500, Decimal("1500.00")), (99.5, Decimal("99.50")),
])
def test_money_in_the_ways_registers_write_it(text, expected):
    assert parse_amount(text) == expected


def test_a_good_row_becomes_contract_data():
    mapping = propose_mapping(HEADERS)
    row = RawRow(4, ("EF-001", "Soft FM cleaning", "estates & facilities", "DELIVERY", "£1.2m", "250k",
                     "01/04/2025", "31/03/2030", "Clean Co; Shine Ltd", "A. Buyer"))
    data, problems = parse_row(row, mapping, tuple(HEADERS))
    assert problems == []
    assert data.category is Category.ESTATES_FACILITIES and data.stage is Stage.DELIVERY
    assert data.total_value == Decimal("1200000.00") and data.annual_value == Decimal("250000.00")
    assert (data.start_date, data.end_date) == (date(2025, 4, 1), date(2030, 3, 31))
    assert data.supplier_names == ("Clean Co", "Shine Ltd") and data.procurement_lead == "A. Buyer"


def test_every_problem_of_a_bad_row_names_its_row_and_column():
    mapping = propose_mapping(HEADERS)
    row = RawRow(7, ("", "Bad", "Catering", "", "lots", "", "31/02/2025", "tomorrow", "", ""))
    data, problems = parse_row(row, mapping, tuple(HEADERS))
    assert data is None
    text = [str(p) for p in problems]
    assert any(t.startswith("row 7, column Category: 'Catering' is not one of") for t in text)
    assert any(t.startswith("row 7, column Total value (£): 'lots' is not an amount") for t in text)
    assert any(t.startswith("row 7, column Start date: '31/02/2025' is not a date") for t in text)
    assert any(t.startswith("row 7, column Expiry date: 'tomorrow'") for t in text)


def test_validation_rules_are_reported_against_the_file_column():
    mapping = propose_mapping(HEADERS)
    row = RawRow(5, ("X-1", "Ends before it starts", "Other", "", "", "", "01/04/2026", "01/04/2025", "", ""))
    _, problems = parse_row(row, mapping, tuple(HEADERS))
    assert [str(p) for p in problems] == ["row 5, column Expiry date: must be after the start date"]


def test_csv_in_windows_1252_with_semicolons_is_read(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes("Register\r\n\r\nRef;Title;Category;Value\r\nA-1;Caf\xe9 services;Other;£10k\r\n"
                     .encode("cp1252"))
    register = read_register(path)
    assert register.header_row == 3
    assert register.rows[0].cells == ("A-1", "Café services", "Other", "£10k")


def test_csv_with_a_utf8_byte_order_mark(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes("Reference,Title,Category\nA-1,Bł,other\n".encode("utf-8-sig"))
    register = read_register(path)
    assert register.headers == ("Reference", "Title", "Category")
    assert register.rows[0].cells[1] == "Bł"


@pytest.mark.parametrize("name, content", [
    ("notes.csv", b"just some text\nwith no header\n"),
    ("broken.xlsx", b"PK\x03\x04 not really a workbook"),
    ("register.pdf", b"%PDF-1.4"),
])
def test_files_that_are_not_registers_give_a_reason(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert name in str(caught.value)


def test_a_missing_file_gives_a_reason(tmp_path):
    with pytest.raises(RegisterError, match="cannot be read"):
        read_register(tmp_path / "nowhere.csv")
