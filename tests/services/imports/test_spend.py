"""Importing spend extracts: lines matched to suppliers, overlapping extracts add nothing twice, one transaction."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from sv_desktop.domain.supplier import SupplierData
from sv_desktop.exchange.tabular_file import RegisterError
from sv_desktop.services.imports.spend import SpendImportService
from sv_desktop.store.models import AuditEvent, SpendLine
from tests.services.imports import import_files

HEADERS = ["Supplier name", "Invoice date", "Amount (£)", "Supplier postcode", "Invoice number", "Company no."]
APRIL = [
    ["Clean Co Ltd", "03/04/2025", "£1,200.00", "le1 7rh", "INV-1", ""],
    ["CLEAN CO LIMITED", "04/04/2025", "£300.50", "LE1 7RH", "INV-2", ""],
    ["Whoever Trading", "05/04/2025", "£99.99", "", "INV-3", "01234567"],
    ["Unknown Widgets", "06/04/2025", "(£50.00)", "", "CN-1", ""],
    ["Unknown Widgets", "06/04/2025", "(£50.00)", "", "CN-1", ""],
]
MAY = [
    ["Clean Co Ltd", "02/05/2025", "£400.00", "LE1 7RH", "INV-9", ""],
    ["Nobody Ltd", "03/05/2025", "£10.00", "", "", ""],
]
BAD = ["", "31/02/2025", "lots", "D02 X285", "INV-X", ""]


def write_csv(path, rows, headers=HEADERS):
    return import_files.write_csv(path, "Expenditure over £500", headers, rows)


def write_xlsx(path, rows, headers=HEADERS):
    return import_files.write_xlsx(path, "Expenditure over £500", headers, rows)


@pytest.fixture
def importer(services):
    return services.spend_import


@pytest.fixture
def suppliers(services):
    clean = services.suppliers.create(SupplierData(name="Clean Co Ltd", postcode="LE1 7RH"))
    numbered = services.suppliers.create(SupplierData(name="Registered Name Ltd", companies_house_number="01234567"))
    return {"clean": clean.id, "numbered": numbered.id}


def lines(services):
    with services.uow_factory() as uow:
        return uow.session.execute(
            select(SpendLine.supplier_name, SpendLine.invoice_date, SpendLine.amount, SpendLine.postcode,
                   SpendLine.invoice_reference, SpendLine.supplier_id, SpendLine.source_file)
            .order_by(SpendLine.invoice_date, SpendLine.id)).all()


def audit(services):
    with services.uow_factory() as uow:
        return uow.session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.new_value)
                                   .where(AuditEvent.entity == "spend_lines").order_by(AuditEvent.id)).all()


def test_the_importer_has_the_shape_the_import_dialog_drives(importer):
    assert isinstance(importer, SpendImportService)
    assert (importer.kind, importer.kind_label) == ("spend", "spend extract")
    assert importer.required_fields == ("supplier_name", "invoice_date", "amount")
    assert list(importer.fields) == ["supplier_name", "invoice_date", "amount", "postcode", "invoice_reference",
                                     "companies_house_number"]


def test_an_extract_is_stored_matched_to_suppliers_with_unmatched_lines_kept(services, importer, suppliers,
                                                                             tmp_path):
    result = importer.import_file(write_xlsx(tmp_path / "april.xlsx", APRIL))
    assert (result.added, result.updated, result.unchanged, result.rejected, result.stored) == (5, 0, 0, (), True)
    assert lines(services) == [
        ("Clean Co Ltd", date(2025, 4, 3), Decimal("1200.00"), "LE1 7RH", "INV-1", suppliers["clean"], "april.xlsx"),
        ("CLEAN CO LIMITED", date(2025, 4, 4), Decimal("300.50"), "LE1 7RH", "INV-2", suppliers["clean"],
         "april.xlsx"),
        ("Whoever Trading", date(2025, 4, 5), Decimal("99.99"), "", "INV-3", suppliers["numbered"], "april.xlsx"),
        ("Unknown Widgets", date(2025, 4, 6), Decimal("-50.00"), "", "CN-1", None, "april.xlsx"),
        ("Unknown Widgets", date(2025, 4, 6), Decimal("-50.00"), "", "CN-1", None, "april.xlsx"),
    ]
    assert result.notes == ("2 lines matched no supplier in the register and are stored without one: Unknown "
                            "Widgets (2). Add them to the supplier register (or correct their names) and import the "
                            "extract again to match them.",)
    assert result.summary().startswith("april.xlsx: 5 added, 0 updated, 0 unchanged, 0 rejected (were imported "
                                       "from 5 rows). 2 lines matched no supplier")
    assert audit(services)[-1] == ("create", "spend_lines", "5 lines from april.xlsx")


def test_reimporting_the_same_or_an_overlapping_extract_adds_nothing_twice(services, importer, suppliers, tmp_path):
    importer.import_file(write_csv(tmp_path / "april.csv", APRIL))
    events = len(audit(services))
    again = importer.import_file(tmp_path / "april.csv")
    assert (again.added, again.updated, again.unchanged, again.stored) == (0, 0, 5, False)
    assert len(audit(services)) == events
    overlapping = importer.import_file(write_csv(tmp_path / "april-may.csv", APRIL[2:] + MAY))
    assert (overlapping.added, overlapping.unchanged) == (2, 3)
    assert len(lines(services)) == 7
    assert audit(services)[-1] == ("create", "spend_lines", "2 lines from april-may.csv")


def test_a_third_identical_line_in_a_later_extract_is_new(services, importer, tmp_path):
    importer.import_file(write_csv(tmp_path / "a.csv", APRIL[3:]))
    result = importer.import_file(write_csv(tmp_path / "b.csv", APRIL[3:] + APRIL[3:4]))
    assert (result.added, result.unchanged) == (1, 2)


def test_lines_stored_without_a_supplier_are_matched_when_imported_again(services, importer, tmp_path):
    importer.import_file(write_csv(tmp_path / "april.csv", APRIL))
    assert {line.supplier_id for line in lines(services)} == {None}
    widgets = services.suppliers.create(SupplierData(name="Unknown Widgets Limited")).id
    result = importer.import_file(tmp_path / "april.csv")
    assert (result.added, result.updated, result.unchanged) == (0, 2, 3)
    assert [line.supplier_id for line in lines(services)][-2:] == [widgets, widgets]
    assert audit(services)[-1] == ("update", "spend_lines", "2 lines from april.csv matched to a supplier")


def test_a_name_two_suppliers_share_loosely_matches_neither(services, importer, tmp_path):
    services.suppliers.create(SupplierData(name="Acme Ltd"))
    services.suppliers.create(SupplierData(name="Acme plc"))
    exact = services.suppliers.create(SupplierData(name="Acme")).id
    result = importer.import_file(write_csv(tmp_path / "s.csv", [["ACME LIMITED", "1/4/25", "1", "", "", ""],
                                                                 ["acme", "1/4/25", "2", "", "", ""]]))
    assert [line.supplier_id for line in lines(services)] == [None, exact] and result.added == 2


def test_one_invalid_line_means_nothing_is_stored_and_every_problem_is_named(services, importer, tmp_path):
    result = importer.import_file(write_csv(tmp_path / "s.csv", [*APRIL, BAD]))
    assert lines(services) == [] and result.refused and not result.stored and audit(services) == []
    assert [row for row, _ in result.rejected] == [9]
    assert [str(p) for p in result.problems] == [
        "row 9, column Supplier name: a spend line needs the supplier's name",
        "row 9, column Invoice date: '31/02/2025' is not a date (use dd/mm/yyyy, for example 31/03/2027)",
        "row 9, column Amount (£): 'lots' is not an amount in pounds (for example 1,234.56; a credit note as "
        "-250.00 or (250.00))",
        "row 9, column Supplier postcode: 'D02 X285' is not a UK postcode (e.g. LE1 7RH); leave it blank for a "
        "supplier outside the UK",
    ]


def test_skip_invalid_stores_the_good_lines(services, importer, tmp_path):
    result = importer.import_file(write_csv(tmp_path / "s.csv", [*APRIL, BAD]), skip_invalid=True)
    assert (result.added, len(result.rejected), result.stored) == (5, 1, True)
    assert len(lines(services)) == 5


def test_dry_run_and_preview_store_nothing(services, importer, suppliers, tmp_path):
    path = write_csv(tmp_path / "s.csv", [*APRIL, BAD])
    dry = importer.import_file(path, dry_run=True, skip_invalid=True)
    assert (dry.added, len(dry.rejected), dry.stored) == (5, 1, False)
    assert "would be imported" in dry.summary() and "would be stored without one" in dry.summary()
    preview = importer.preview(path)
    assert (preview.added, len(preview.rejected)) == (5, 1)
    assert lines(services) == [] and audit(services) == []


@pytest.mark.parametrize("cancel_at", ["reading", "writing"])
def test_cancel_leaves_the_store_unchanged(services, importer, tmp_path, monkeypatch, cancel_at):
    monkeypatch.setattr("sv_desktop.services.imports.spend.WRITE_CHUNK", 2)
    importer.import_file(write_csv(tmp_path / "april.csv", APRIL[:1]))
    before = (lines(services), audit(services))
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return not (cancel_at == "reading" or done > total // 2)

    result = importer.import_file(write_csv(tmp_path / "all.csv", APRIL + MAY), progress=progress)
    assert result.cancelled and not result.stored and "nothing was changed" in result.summary()
    assert (lines(services), audit(services)) == before
    assert seen[0] == (7, 14) and (cancel_at == "reading") == (len(seen) == 1)


def test_progress_counts_reading_then_writing(services, importer, tmp_path, monkeypatch):
    monkeypatch.setattr("sv_desktop.services.imports.spend.WRITE_CHUNK", 2)
    seen = []
    importer.import_file(write_csv(tmp_path / "all.csv", APRIL + MAY), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (7, 14) and seen[-1] == (14, 14)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    seen.clear()
    importer.preview(tmp_path / "all.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(7, 14), (14, 14)]


def test_a_mapping_without_the_amount_is_refused(importer, tmp_path):
    path = write_csv(tmp_path / "s.csv", APRIL)
    with pytest.raises(RegisterError, match="no column holds the amount \\(£\\) of this spend extract"):
        importer.import_file(path, {0: "supplier_name", 1: "invoice_date"})


def test_many_unmatched_names_are_summarised(importer, tmp_path):
    rows = [[f"Supplier {n}", "1/4/25", "1", "", "", ""] for n in range(12)]
    result = importer.import_file(write_csv(tmp_path / "s.csv", rows), dry_run=True)
    assert result.notes[0].startswith("12 lines matched no supplier")
    assert "Supplier 9 (1) and 2 more names." in result.notes[0]


CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["", "1/4/25", "31/02/2025", "£1,000", "(5.00)", "--1",
                                                         "LE1 7RH", "=SUM(A1)", "\x00", "\r\n", '"', ";"]))


def snapshot(services):
    with services.uow_factory() as uow:
        return (uow.session.scalar(select(func.count(SpendLine.id))),
                uow.session.scalar(select(func.count(AuditEvent.id))))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, max_size=len(HEADERS) + 2), max_size=6),
       junk=st.binary(max_size=40), skip=st.booleans())
def test_malformed_files_never_crash_or_half_import(services, importer, tmp_path, rows, junk, skip):
    with services.uow_factory() as uow:
        uow.session.execute(delete(SpendLine))
        uow.session.commit()
    importer.import_file(write_csv(tmp_path / "kept.csv", MAY))
    path = write_csv(tmp_path / "fuzz.csv", rows)
    with open(path, "ab") as handle:
        handle.write(junk)
    result, before = import_files.import_malformed(importer, path, skip, lambda: snapshot(services))
    if result is not None and result.stored:
        assert snapshot(services)[0] == before[0] + result.added


@pytest.mark.parametrize("name, content", [("broken.xlsx", b"PK\x03\x04 not really a workbook"),
                                           ("binary.csv", b"Supplier,Date,Amount\n\x00\x01\x02"),
                                           ("extract.pdf", b"%PDF-1.4")])
def test_a_file_that_is_not_an_extract_is_refused_with_a_reason(services, importer, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RegisterError, match=f"^{name}: "):
        importer.import_file(path)
    assert lines(services) == []
