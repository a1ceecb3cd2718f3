"""Importing a contract register: one transaction, all or nothing, re-import updates, dry run, cancel."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.exchange.contract_register import RegisterError
from sv_desktop.services.imports import contracts as contract_import
from sv_desktop.services.imports.contracts import ContractImportService
from sv_desktop.store import audit
from sv_desktop.store.models import AuditEvent, Contract, StageChange, Supplier
from tests.services.imports import import_files

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
    return import_files.write_xlsx(path, "Contract register", headers, rows)


def write_csv(path, rows, headers=HEADERS):
    return import_files.write_csv(path, "Contract register", headers, rows)


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


# -- what the bulk path writes: the audit trail, supplier links, chunks, column limits --------------------------
def trail(services, contract_id):
    """(action, entity, field, old, new) of everything recorded against a contract, oldest first."""
    return sorted((e.action, e.entity, e.field, e.old_value, e.new_value)
                  for e in services.audit.for_contract(contract_id))


def test_imported_contracts_are_on_the_audit_trail_as_if_created_in_the_form(services, importer, tmp_path, monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "jbloggs")
    importer.import_file(write_xlsx(tmp_path / "r.xlsx", GOOD))
    imported = services.pipeline.find("EF-001")
    typed = services.pipeline.create(replace(imported.data, reference="EF-900"))  # the same contract, by hand
    assert trail(services, imported.id) == [
        ("create", "contract_suppliers", "", "", "Clean Co"),
        ("create", "contracts", "", "", "EF-001 Soft FM cleaning"),
        ("create", "stage_changes", "", "", "(new) → delivery"),
    ]
    assert [(a, e, f, o, n.replace("EF-900", "EF-001")) for a, e, f, o, n in trail(services, typed.id)] == \
        trail(services, imported.id)
    supplier_id = services.suppliers.find("Clean Co").id
    with services.uow_factory() as uow:
        rows = {(e.entity, e.entity_id, e.contract_id, e.user) for e in uow.session.scalars(
            select(AuditEvent).where(AuditEvent.new_value.in_(["EF-001 Soft FM cleaning", "Clean Co"])))}
    assert rows == {("contracts", str(imported.id), imported.id, "jbloggs"),
                    ("contract_suppliers", f"{imported.id}/{supplier_id}", imported.id, "jbloggs"),
                    ("contract_suppliers", f"{typed.id}/{supplier_id}", typed.id, "jbloggs"),
                    ("suppliers", str(supplier_id), None, "jbloggs")}


def test_a_reimport_is_audited_field_by_field_as_an_edit_in_the_form_is(services, importer, tmp_path):
    importer.import_file(write_xlsx(tmp_path / "r.xlsx", GOOD))
    before = services.pipeline.find("EF-001")
    twin = services.pipeline.create(replace(before.data, reference="EF-901"))
    recorded, twin_recorded = trail(services, before.id), trail(services, twin.id)
    importer.import_file(write_csv(tmp_path / "s.csv", [["EF-001", "Soft FM cleaning (renewed)", "New Clean Ltd"]],
                                   ["Reference", "Title", "Supplier"]))
    services.pipeline.update(twin.id, twin.version, replace(
        twin.data, title="Soft FM cleaning (renewed)", supplier_names=("New Clean Ltd",)))
    after = services.pipeline.find("EF-001")
    assert after.version == before.version + 1 and after.data.supplier_names == ("New Clean Ltd",)
    imported = set(trail(services, after.id)) - set(recorded)
    typed = set(trail(services, twin.id)) - set(twin_recorded)
    assert ("update", "contracts", "title", "Soft FM cleaning", "Soft FM cleaning (renewed)") in imported
    assert ("create", "contract_suppliers", "", "", "New Clean Ltd") in imported
    assert imported == {tuple(str(before.id) if value == str(twin.id) else value for value in event)
                        for event in typed}


def test_suppliers_are_matched_by_name_and_each_new_one_created_once_across_chunks(services, importer, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr(contract_import, "CHUNK_ROWS", 2)
    services.pipeline.create(ContractData("EX-1", "Existing", Category.OTHER, supplier_names=("Clean Co",)))
    rows = [["A-1", "One", "Other", "", "", "", "", "clean  CO"],
            ["A-2", "Two", "Other", "", "", "", "", "Brand New Ltd"],
            ["A-3", "Three", "Other", "", "", "", "", ""],
            ["A-4", "Four", "Other", "", "", "", "", "brand new ltd"],
            ["A-5", "Five", "Other", "", "", "", "", "Brand New Ltd; Clean Co"]]
    result = importer.import_file(write_csv(tmp_path / "r.csv", rows))
    assert result.added == 5
    assert sorted(services.suppliers.names()) == ["Brand New Ltd", "Clean Co"]
    names = {ref: services.pipeline.find(ref).data.supplier_names for ref in ("A-1", "A-2", "A-3", "A-4", "A-5")}
    assert names == {"A-1": ("Clean Co",), "A-2": ("Brand New Ltd",), "A-3": (), "A-4": ("Brand New Ltd",),
                     "A-5": ("Brand New Ltd", "Clean Co")}
    assert [h.to_stage for h in services.pipeline.find("A-5").stage_history] == [Stage.PIPELINE]


def test_cancelling_after_a_written_chunk_leaves_no_contract_supplier_or_trail(services, importer, tmp_path,
                                                                               monkeypatch):
    monkeypatch.setattr(contract_import, "CHUNK_ROWS", 2)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return len(seen) < 2

    rows = [[f"B-{n}", f"Contract {n}", "Other", "", "", "", "", f"Supplier {n}"] for n in range(5)]
    result = importer.import_file(write_csv(tmp_path / "r.csv", rows), progress=progress)
    assert result.cancelled and not result.stored and seen == [(2, 5), (4, 5)]
    with services.uow_factory() as uow:
        for model in (Contract, StageChange, Supplier, AuditEvent):
            assert uow.session.scalar(select(func.count()).select_from(model)) == 0


def test_text_longer_than_its_column_is_a_row_problem_not_a_database_error(services, importer, tmp_path):
    path = write_csv(tmp_path / "r.csv", [["L-1", "Lift maintenance", "Other", "x" * 201]],
                     ["Reference", "Title", "Category", "Extension options"])
    result = importer.import_file(path)
    assert count(services) == 0 and [row for row, _ in result.rejected] == [4]
    assert str(result.problems[0]) == "row 4, column Extension options: must be at most 200 characters"


def test_the_summary_counts_read_with_thousands_separators():
    from sv_desktop.services.imports.result import ImportResult

    result = ImportResult("big.xlsx", 3, ("Ref",), {0: "reference"}, 100000, added=99000, updated=1000)
    assert result.summary() == ("big.xlsx: 99,000 added, 1,000 updated, 0 unchanged, 0 rejected "
                                "(were imported from 100,000 rows).")
