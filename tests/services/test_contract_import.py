"""Importing a contract register: one transaction, all or nothing, re-import updates, dry run, cancel."""
import csv
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from sv_desktop.domain.vocabulary import Stage
from sv_desktop.exchange.contract_register import RegisterError
from sv_desktop.services.contract_import import ContractImportService
from sv_desktop.store.models import Contract, StageChange

HEADERS = ["Contract ref", "Contract title", "Category", "Stage", "Total value (£)", "Start date",
           "Expiry date", "Supplier(s)"]
GOOD = [
    ["EF-001", "Soft FM cleaning", "Estates & Facilities", "Delivery", "£1.2m", "01/04/2025", "31/03/2030",
     "Clean Co"],
    ["DD-002", "EPR support", "ddat", "tender", "£250k", "1/4/26", "31/3/29", ""],
    ["TR-003", "Patient transport", "Transport", "", "£1,234,567.00", "2025-06-01", "", ""],
]
BAD = ["XX-004", "", "Catering", "", "lots", "31/02/2025", "", ""]


def write_xlsx(path, rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(["Contract register"])
    sheet.append(["Exported for import"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, rows, headers=HEADERS):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Contract register"])
        writer.writerow([])
        writer.writerow(headers)
        writer.writerows(rows)
    return path


@pytest.fixture
def importer(services):
    return ContractImportService(services.pipeline, services.uow_factory)


def count(services):
    with services.uow_factory() as uow:
        return uow.session.scalar(select(func.count(Contract.id)))


def test_a_good_register_is_imported_with_uk_formats(services, importer, tmp_path):
    result = importer.import_file(write_xlsx(tmp_path / "r.xlsx", GOOD))
    assert (result.added, result.updated, result.unchanged, result.rejected) == (3, 0, 0, ())
    assert result.stored and result.header_row == 3
    cleaning = services.pipeline.find("EF-001")
    assert cleaning.data.total_value == Decimal("1200000.00")
    assert (cleaning.data.start_date, cleaning.data.end_date) == (date(2025, 4, 1), date(2030, 3, 31))
    assert cleaning.data.supplier_names == ("Clean Co",) and cleaning.data.stage is Stage.DELIVERY
    assert cleaning.stage_history[0].note == "Imported from r.xlsx"
    assert services.pipeline.find("TR-003").data.stage is Stage.PIPELINE


def test_one_invalid_row_means_nothing_is_imported_and_every_problem_is_named(services, importer, tmp_path):
    result = importer.import_file(write_csv(tmp_path / "r.csv", [*GOOD, BAD]))
    assert count(services) == 0 and not result.stored and result.refused
    assert (result.added, result.updated, result.unchanged) == (0, 0, 0)
    assert [row for row, _ in result.rejected] == [7]
    text = [str(p) for p in result.problems]
    assert any(t.startswith("row 7, column Category: 'Catering' is not one of") for t in text)
    assert any(t.startswith("row 7, column Total value (£): 'lots'") for t in text)
    assert any(t.startswith("row 7, column Start date: '31/02/2025' is not a date") for t in text)


def test_skip_invalid_imports_the_rest_and_lists_every_skipped_row(services, importer, tmp_path):
    second_bad = ["XX-005", "Has no category", "", "", "", "", "", ""]
    result = importer.import_file(write_xlsx(tmp_path / "r.xlsx", [GOOD[0], BAD, GOOD[1], second_bad]),
                                  skip_invalid=True)
    assert (result.added, len(result.rejected)) == (2, 2) and result.stored
    assert [row for row, _ in result.rejected] == [5, 7]
    assert "Category: is required" in result.rejected[1][1]
    assert sorted(services.pipeline.references()) == ["DD-002", "EF-001"]


def test_reimport_updates_by_reference_only_the_fields_in_the_file(services, importer, tmp_path):
    importer.import_file(write_xlsx(tmp_path / "first.xlsx", GOOD))
    cleaning = services.pipeline.find("EF-001")
    services.pipeline.update(cleaning.id, cleaning.version, cleaning.data.__class__(
        **{**cleaning.data.__dict__, "notes": "kept", "procurement_lead": "A. Buyer"}))
    changed = [["EF-001", "Soft FM cleaning (renewed)", "£1.5m"], ["DD-002", "EPR support", "250k"],
               ["NEW-9", "New contract", ""], ["", "No reference", "1m"]]
    result = importer.import_file(write_csv(tmp_path / "second.csv", changed, ["Ref", "Title", "Value"]),
                                  skip_invalid=True)
    assert (result.added, result.updated, result.unchanged, len(result.rejected)) == (0, 1, 1, 2)
    assert count(services) == 3  # nothing duplicated, the new row lacks its category
    after = services.pipeline.find("EF-001").data
    assert (after.title, after.total_value) == ("Soft FM cleaning (renewed)", Decimal("1500000.00"))
    assert (after.notes, after.procurement_lead, after.supplier_names) == ("kept", "A. Buyer", ("Clean Co",))
    again = importer.import_file(write_xlsx(tmp_path / "first.xlsx", GOOD))
    assert (again.added, again.updated, again.unchanged, again.rejected) == (0, 1, 2, ())


def test_a_stage_change_on_reimport_is_recorded(services, importer, tmp_path):
    importer.import_file(write_xlsx(tmp_path / "r.xlsx", GOOD))
    importer.import_file(write_csv(tmp_path / "s.csv", [["DD-002", "Evaluation"]], ["Reference", "Stage"]))
    history = services.pipeline.find("DD-002").stage_history
    assert [(h.from_stage, h.to_stage) for h in history] == [(None, Stage.TENDER), (Stage.TENDER, Stage.EVALUATION)]


def test_a_reference_twice_in_one_file_is_a_problem(services, importer, tmp_path):
    result = importer.import_file(write_xlsx(tmp_path / "r.xlsx", [GOOD[0], GOOD[0]]))
    assert count(services) == 0
    assert "already on row 4" in result.rejected[0][1]


def test_dry_run_and_preview_report_the_same_counts_and_write_nothing(services, importer, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [*GOOD, BAD])
    dry = importer.import_file(path, skip_invalid=True, dry_run=True)
    preview = importer.preview(path)
    assert (dry.added, len(dry.rejected)) == (preview.added, len(preview.rejected)) == (3, 1)
    assert not dry.stored and "would be imported" in dry.summary()
    assert count(services) == 0
    real = importer.import_file(path, skip_invalid=True)
    assert (real.added, len(real.rejected)) == (3, 1) and count(services) == 3


def test_cancel_from_progress_stores_nothing(services, importer, tmp_path):
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return False

    result = importer.import_file(write_xlsx(tmp_path / "r.xlsx", GOOD), progress=progress)
    assert result.cancelled and not result.stored and seen == [(3, 3)]
    assert count(services) == 0
    with services.uow_factory() as uow:
        assert uow.session.scalar(select(func.count(StageChange.id))) == 0


def test_an_explicit_mapping_overrides_the_proposal(services, importer, tmp_path):
    path = write_csv(tmp_path / "r.csv", [["A-1", "x", "Other", "Real title"]], ["Ref", "Title", "Category", "Name 2"])
    result = importer.import_file(path, mapping={0: "reference", 2: "category", 3: "title"})
    assert result.added == 1 and services.pipeline.find("A-1").data.title == "Real title"


def test_a_file_without_a_reference_column_is_refused(importer, tmp_path):
    with pytest.raises(RegisterError, match="reference"):
        importer.import_file(write_csv(tmp_path / "r.csv", [["x", "Other"]], ["Title", "Category"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(alphabet=st.sampled_from(list(",;\"\n\r\t£k.m/0123456789abcXY -\x00é")), max_size=300))
def test_malformed_csv_gives_a_clean_result_and_stores_no_partial_import(services, tmp_path_factory, body):
    importer = ContractImportService(services.pipeline, services.uow_factory)
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.csv"
    path.write_text("Reference,Title,Category,Value,Start date\n" + body, encoding="utf-8")
    before = count(services)
    try:
        result = importer.import_file(path)
    except RegisterError as exc:
        assert str(exc)
        assert count(services) == before
        return
    if result.rejected:
        assert count(services) == before and all(reason for _, reason in result.rejected)
    else:
        assert count(services) == before + result.added
