"""Reading supplier lists: header row below titles, header names people use, yes/no flags, money, regions."""
from decimal import Decimal

import pytest
from openpyxl import Workbook

from sv_desktop.domain.vocabulary import UkRegion
from sv_desktop.exchange.supplier_list import (
    SUPPLIER_VOCABULARY,
    parse_staff_count,
    parse_supplier_cell,
    parse_supplier_values,
    parse_yes_no,
    read_supplier_list,
)
from sv_desktop.exchange.tabular_file import RawRow, RegisterError


def test_the_header_row_is_found_below_title_rows_and_mapped(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Approved suppliers"])
    sheet.append([])
    sheet.append(["Company name", "Company No.", "Post code", "Employees", "Annual turnover (£)", "VCSE?",
                  "Start-up", "Email", "Colour"])
    sheet.append(["Clean Co Ltd", 1234567, "le1 7rh", 40, 2500000, "Y", None, "a@clean.example", "blue"])
    book.save(tmp_path / "suppliers.xlsx")
    table = read_supplier_list(tmp_path / "suppliers.xlsx")
    assert table.header_row == 3 and [row.number for row in table.rows] == [4]
    mapping = SUPPLIER_VOCABULARY.propose_mapping(table.headers)
    assert mapping == {0: "name", 1: "companies_house_number", 2: "postcode", 3: "staff_count", 4: "turnover",
                       5: "vcse", 6: "startup", 7: "contact_email"}
    values, problems = parse_supplier_values(table.rows[0], mapping, table.headers)
    assert problems == []
    assert values == {"name": "Clean Co Ltd", "companies_house_number": "1234567", "postcode": "le1 7rh",
                      "staff_count": 40, "turnover": Decimal("2500000.00"), "vcse": True, "startup": False,
                      "contact_email": "a@clean.example"}


def test_a_contract_register_is_not_taken_for_a_supplier_list(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("Contract ref,Contract title,Total value\nA-1,Cleaning,£1m\n", encoding="utf-8")
    with pytest.raises(RegisterError, match="no header row .* such as Supplier name, Companies House number"):
        read_supplier_list(path)


@pytest.mark.parametrize("cell", ["Y", "yes", "TRUE", "1", "x", 1, True, " Yes "])
def test_yes_cells(cell):
    assert parse_yes_no(cell) is True


@pytest.mark.parametrize("cell", ["N", "no", "FALSE", "0", "", None, 0, False])
def test_no_cells_and_blank(cell):
    assert parse_yes_no(cell) is False


def test_other_flag_text_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="'maybe' is not yes or no"):
        parse_yes_no("maybe")


def test_staff_counts_money_and_regions_in_the_forms_people_type():
    assert parse_staff_count("1,200") == 1200 and parse_staff_count(12.0) == 12 and parse_staff_count("") is None
    with pytest.raises(ValueError, match="whole number of staff"):
        parse_staff_count("about 40")
    assert parse_supplier_cell("turnover", "£44m") == Decimal("44000000.00")
    assert parse_supplier_cell("balance_sheet_total", "£1,234.50") == Decimal("1234.50")
    assert parse_supplier_cell("region", "Yorkshire & The Humber") is UkRegion.YORKSHIRE
    assert parse_supplier_cell("region", "north west") is UkRegion.NORTH_WEST
    with pytest.raises(ValueError, match="'Mars' is not one of"):
        parse_supplier_cell("region", "Mars")


def test_every_refused_cell_is_named_by_row_and_column():
    headers = ("Supplier", "Turnover", "VCSE", "Staff")
    mapping = SUPPLIER_VOCABULARY.propose_mapping(headers)
    _, problems = parse_supplier_values(RawRow(9, ("Acme", "lots", "perhaps", "-")), mapping, headers)
    assert [str(p) for p in problems] == [
        "row 9, column Turnover: 'lots' is not an amount in pounds (for example 1,250,000.00 or 1.25m)",
        "row 9, column VCSE: 'perhaps' is not yes or no (use Y or N; blank means no)",
        "row 9, column Staff: '-' is not a whole number of staff",
    ]
