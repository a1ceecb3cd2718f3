"""Reading spend extracts: finance systems' header names, credit notes, UK dates, line keys, name matching keys."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from sv_desktop.exchange.spend_extract import (
    SPEND_VOCABULARY,
    SpendLineValues,
    line_key,
    parse_signed_amount,
    parse_spend_line,
    read_spend_extract,
    spend_name_key,
)
from sv_desktop.exchange.tabular_file import RawRow, RegisterError


def test_a_published_spend_file_is_read_below_its_title_rows(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Expenditure over £500, April 2025"])
    sheet.append([])
    sheet.append(["Body name", "Date", "Transaction number", "Net amount (£)", "Supplier name", "Supplier postcode"])
    sheet.append(["Trust", datetime(2025, 4, 3), "INV-1", 1234.5, "Clean Co Ltd", "le1 7rh"])
    sheet.append(["Trust", "03/04/2025", "CN-1", "(£250.00)", "Clean Co Ltd", ""])
    book.save(tmp_path / "spend.xlsx")
    table = read_spend_extract(tmp_path / "spend.xlsx")
    mapping = SPEND_VOCABULARY.propose_mapping(table.headers)
    assert table.header_row == 3
    assert mapping == {1: "invoice_date", 2: "invoice_reference", 3: "amount", 4: "supplier_name", 5: "postcode"}
    lines = [parse_spend_line(row, mapping, table.headers) for row in table.rows]
    assert lines == [
        (SpendLineValues("Clean Co Ltd", date(2025, 4, 3), Decimal("1234.50"), "LE1 7RH", "INV-1"), []),
        (SpendLineValues("Clean Co Ltd", date(2025, 4, 3), Decimal("-250.00"), "", "CN-1"), []),
    ]


def test_a_supplier_list_is_not_taken_for_a_spend_extract(tmp_path):
    path = tmp_path / "suppliers.csv"
    path.write_text("Company name;Company no.;VCSE\nClean Co;01234567;N\n", encoding="utf-8")
    with pytest.raises(RegisterError, match="no header row .* such as Supplier name, Invoice date, Amount"):
        read_spend_extract(path)


@pytest.mark.parametrize("cell, expected", [
    ("£1,234.56", "1234.56"), ("-250.00", "-250.00"), ("£-250", "-250.00"), ("-£250", "-250.00"),
    ("(250.00)", "-250.00"), ("(£1,000)", "-1000.00"), ("250.00 CR", "-250.00"), ("250.00-", "-250.00"),
    (99.999, "100.00"), (-12, "-12.00"), (0.1 + 0.2, "0.30"), ("-0.00", "0.00"),
])
def test_amounts_and_credit_notes_in_the_forms_finance_systems_write(cell, expected):
    assert parse_signed_amount(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", ["lots", "--5", "(-5)", "£", "1e5", "nan", float("inf"), True])
def test_text_that_is_not_an_amount_is_refused(cell):
    with pytest.raises(ValueError, match="is not an amount in pounds"):
        parse_signed_amount(cell)


def test_every_refused_cell_is_named_by_row_and_column():
    headers = ("Supplier", "Invoice date", "Amount", "Postcode", "Invoice no")
    mapping = SPEND_VOCABULARY.propose_mapping(headers)
    line, problems = parse_spend_line(RawRow(12, ("", "31/02/2025", "", "D02 X285", "x" * 101)), mapping, headers)
    assert line is None
    assert [str(p) for p in problems] == [
        "row 12, column Supplier: a spend line needs the supplier's name",
        "row 12, column Invoice date: '31/02/2025' is not a date (use dd/mm/yyyy, for example 31/03/2027)",
        "row 12, column Amount: a spend line needs its amount",
        "row 12, column Postcode: 'D02 X285' is not a UK postcode (e.g. LE1 7RH); leave it blank for a supplier "
        "outside the UK",
        "row 12, column Invoice no: is longer than 100 characters",
    ]


def test_an_outward_code_alone_is_a_postcode():
    headers = ("Supplier", "Date", "Amount", "Postcode")
    line, _ = parse_spend_line(RawRow(4, ("A", "1/4/25", "1", "le1")), SPEND_VOCABULARY.propose_mapping(headers),
                               headers)
    assert line.postcode == "LE1"


@pytest.mark.parametrize("one, other", [
    ("Acme Ltd", "ACME LIMITED"), ("The Acme Co. (UK) Ltd", "Acme Co UK"), ("Smith & Sons plc", "Smith and Sons"),
    ("Helping Hands C.I.C.", "Helping Hands"), ("Build  LLP", "build"), ("St John’s Ltd", "St Johns"),
])
def test_legal_form_words_case_and_punctuation_do_not_change_the_matching_key(one, other):
    assert spend_name_key(one) == spend_name_key(other)


def test_limited_alone_stays_a_name():
    assert spend_name_key("Limited") == "limited" and spend_name_key("Acme Group Ltd") == "acme group"


def test_line_keys_are_stable_and_tell_repeats_and_differences_apart():
    line = SpendLineValues("Acme Ltd", date(2025, 4, 1), Decimal("10.00"), "LE1 7RH", "INV-1")
    same = SpendLineValues("ACME LIMITED", date(2025, 4, 1), Decimal("10.00"), "LE1 7RH", "inv-1 ")
    key = line_key(line.identity(), 1)
    assert len(key) == 64 and key == line_key(same.identity(), 1)
    assert key != line_key(line.identity(), 2)
    for changed in (SpendLineValues("Acme Ltd", date(2025, 4, 2), Decimal("10.00"), "LE1 7RH", "INV-1"),
                    SpendLineValues("Acme Ltd", date(2025, 4, 1), Decimal("-10.00"), "LE1 7RH", "INV-1"),
                    SpendLineValues("Acme Ltd", date(2025, 4, 1), Decimal("10.00"), "", "INV-1"),
                    SpendLineValues("Other Ltd", date(2025, 4, 1), Decimal("10.00"), "LE1 7RH", "INV-1")):
        assert line_key(changed.identity(), 1) != key
