"""'import suppliers' and 'import spend' end to end, in a subprocess like a scheduled job would run them."""
import csv
import sqlite3

from tests.test_cli import run


def _csv(path, headers, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Exported from the finance system"])
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _query(store, sql):
    connection = sqlite3.connect(store)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_the_import_help_lists_suppliers_and_spend():
    helptext = run("import", "--help").stdout
    assert "suppliers" in helptext and "spend" in helptext
    spend_help = run("import", "spend", "--help").stdout
    assert "--dry-run" in spend_help and "--skip-invalid" in spend_help and "credit note" in spend_help


def test_import_suppliers_then_spend_matched_to_them(tmp_path):
    store = tmp_path / "s.sqlite3"
    suppliers = _csv(tmp_path / "suppliers.csv", ["Supplier name", "Company no.", "Postcode", "VCSE"],
                     [["Clean Co Ltd", "1234567", "le1 7rh", "N"], ["Helping Hands CIC", "", "LE2 1AA", "Y"]])
    out = run("--db", str(store), "import", "suppliers", str(suppliers)).stdout
    assert "suppliers.csv: 2 added, 0 updated, 0 unchanged, 0 rejected (were imported from 2 rows)." in out
    assert _query(store, "SELECT name, companies_house_number, vcse FROM suppliers ORDER BY name") == [
        ("Clean Co Ltd", "01234567", 0), ("Helping Hands CIC", None, 1)]

    spend = _csv(tmp_path / "spend.csv", ["Supplier", "Invoice date", "Amount", "Postcode", "Invoice no"],
                 [["CLEAN CO LIMITED", "03/04/2025", "£1,200.00", "LE1 7RH", "INV-1"],
                  ["Helping Hands", "04/04/2025", "(£20.00)", "", "CN-1"],
                  ["Stranger Things Ltd", "05/04/2025", "£5.00", "", "INV-2"]])
    dry = run("--db", str(store), "import", "spend", str(spend), "--dry-run").stdout
    assert "3 added, 0 updated, 0 unchanged, 0 rejected (would be imported" in dry
    assert _query(store, "SELECT count(*) FROM spend_lines") == [(0,)]
    out = run("--db", str(store), "import", "spend", str(spend)).stdout
    assert "3 added" in out and "1 line matched no supplier" in out and "Stranger Things Ltd (1)" in out
    assert _query(store, "SELECT s.name, l.amount FROM spend_lines l LEFT JOIN suppliers s ON s.id = l.supplier_id "
                         "ORDER BY l.invoice_date") == [("Clean Co Ltd", 1200), ("Helping Hands CIC", -20),
                                                        (None, 5)]
    again = run("--db", str(store), "import", "spend", str(spend)).stdout
    assert "0 added, 0 updated, 3 unchanged" in again


def test_import_spend_refuses_an_extract_with_an_invalid_line_and_names_it(tmp_path):
    store = tmp_path / "s.sqlite3"
    spend = _csv(tmp_path / "spend.csv", ["Supplier", "Invoice date", "Amount"],
                 [["Clean Co", "03/04/2025", "£1,200.00"], ["Clean Co", "31/02/2025", "lots"]])
    result = run("--db", str(store), "import", "spend", str(spend), check=False)
    assert result.returncode == 1 and "nothing was imported" in result.stdout
    assert "row 4, column Invoice date: '31/02/2025' is not a date" in result.stdout
    assert "row 4, column Amount: 'lots' is not an amount in pounds" in result.stdout
    skipped = run("--db", str(store), "import", "spend", str(spend), "--skip-invalid").stdout
    assert "Skipped 1 invalid row." in skipped and "1 added" in skipped
    assert _query(store, "SELECT count(*) FROM spend_lines") == [(1,)]


def test_import_spend_of_a_file_without_its_columns_fails_with_a_reason(tmp_path):
    path = _csv(tmp_path / "notes.csv", ["Colour", "Shape"], [["red", "round"]])
    result = run("--db", str(tmp_path / "s.sqlite3"), "import", "spend", str(path), check=False)
    assert result.returncode == 1 and "no header row" in result.stderr and "Invoice date" in result.stderr
