"""Importing a supplier list: match by Companies House number then name, mapped fields only, all or nothing."""
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from sv_desktop.domain.supplier import SupplierContact, SupplierData
from sv_desktop.domain.vocabulary import UkRegion
from sv_desktop.exchange.tabular_file import RegisterError
from sv_desktop.services.imports.suppliers import SupplierImportService
from sv_desktop.store.models import AuditEvent, Supplier
from sv_desktop.store.models import SupplierContact as SupplierContactRow
from tests.services.imports import import_files

HEADERS = ["Supplier name", "Companies House number", "Postcode", "Region", "Employees", "Turnover (£)",
           "VCSE", "Mutual", "Start-up", "Contact name", "Email"]
GOOD = [
    ["Clean Co Ltd", "1234567", "le1 7rh", "East Midlands", "40", "£2.5m", "N", "", "", "Ann Clean",
     "ann@clean.example"],
    ["Helping Hands CIC", "", "LE2 1AA", "", "12", "£350,000", "Y", "", "yes", "", ""],
    ["Big Build plc", "SC123456", "EH1 1AA", "Scotland", "1,200", "£80m", "0", "FALSE", "0", "", ""],
]
BAD = ["", "12AB", "NOT A POSTCODE", "Mars", "lots", "", "perhaps", "", "", "", "not-an-email"]


def write_xlsx(path, rows, headers=HEADERS):
    return import_files.write_xlsx(path, "Supplier list", headers, rows)


def write_csv(path, rows, headers=HEADERS):
    return import_files.write_csv(path, "Supplier list", headers, rows)


@pytest.fixture
def importer(services):
    return services.supplier_import


def names(services):
    with services.uow_factory() as uow:
        return sorted(uow.session.scalars(select(Supplier.name)))


def audit_count(services):
    with services.uow_factory() as uow:
        return uow.session.scalar(select(func.count(AuditEvent.id)))


def test_the_importer_has_the_shape_the_import_dialog_drives(importer):
    assert isinstance(importer, SupplierImportService)
    assert (importer.kind, importer.kind_label, importer.required_fields) == ("suppliers", "supplier list", ("name",))
    assert importer.fields["companies_house_number"] == "Companies House number"
    assert importer.propose_mapping(("Name", "Post code", "VCSE")) == {0: "name", 1: "postcode", 2: "vcse"}


def test_a_good_list_is_imported_through_the_supplier_rules(services, importer, tmp_path):
    result = importer.import_file(write_xlsx(tmp_path / "s.xlsx", GOOD))
    assert (result.added, result.updated, result.unchanged, result.rejected) == (3, 0, 0, ())
    assert result.stored and result.header_row == 3
    clean = services.suppliers.find("clean co ltd").data
    assert clean.companies_house_number == "01234567" and clean.postcode == "LE1 7RH"
    assert clean.region is UkRegion.EAST_MIDLANDS and clean.staff_count == 40
    assert clean.turnover == Decimal("2500000.00") and not clean.vcse
    assert clean.contacts == (SupplierContact("Ann Clean", email="ann@clean.example"),)
    hands = services.suppliers.find("Helping Hands CIC").data
    assert hands.vcse and hands.startup and not hands.mutual and hands.contacts == ()
    assert services.suppliers.find("Big Build plc").data.staff_count == 1200
    assert audit_count(services) > 0  # the trail saw every new supplier


def test_one_invalid_row_means_nothing_is_imported_and_every_problem_is_named(services, importer, tmp_path):
    result = importer.import_file(write_csv(tmp_path / "s.csv", [*GOOD, BAD]))
    assert names(services) == [] and not result.stored and result.refused
    assert [row for row, _ in result.rejected] == [7]
    text = {str(p) for p in result.problems}
    assert "row 7, column Employees: 'lots' is not a whole number of staff" in text
    assert "row 7, column VCSE: 'perhaps' is not yes or no (use Y or N; blank means no)" in text
    assert any(t.startswith("row 7, column Region: 'Mars' is not one of") for t in text)
    assert "nothing was imported" in result.summary()


def test_the_supplier_forms_rules_apply_with_row_and_column(services, importer, tmp_path):
    bad = ["", "12AB", "NOT A POSTCODE", "", "", "", "", "", "", "", ""]
    no_name = ["", "", "", "", "", "", "", "", "", "Bo", "not-an-email"]
    result = importer.import_file(write_csv(tmp_path / "s.csv", [bad, ["Named", *bad[1:]], no_name]))
    text = {str(p) for p in result.problems}
    assert "row 4, column Supplier name: A supplier needs a name." in text
    assert any(t.startswith("row 5, column Companies House number: '12AB' is not a Companies House number")
               for t in text)
    assert "row 5, column Postcode: 'NOTAPOSTC ODE' is not a UK postcode (e.g. LE1 7RH)." in text
    assert "row 6, column Email: Contact 1: 'not-an-email' is not an email address." in text
    assert names(services) == []


def test_skip_invalid_imports_the_good_rows_and_lists_the_rest(services, importer, tmp_path):
    result = importer.import_file(write_csv(tmp_path / "s.csv", [*GOOD, BAD]), skip_invalid=True)
    assert (result.added, len(result.rejected)) == (3, 1) and result.stored
    assert names(services) == ["Big Build plc", "Clean Co Ltd", "Helping Hands CIC"]


def test_reimport_matches_by_companies_house_number_then_name_and_changes_only_mapped_fields(
        services, importer, tmp_path):
    services.suppliers.create(SupplierData(name="Clean Co Ltd", website="https://clean.example", notes="Keep me",
                                           contacts=(SupplierContact("Ann Clean", "Director", "old@clean.example"),)))
    services.suppliers.create(SupplierData(name="Big Build (Scotland)", companies_house_number="SC123456",
                                           staff_count=1200))
    first = importer.import_file(write_xlsx(tmp_path / "s.xlsx", GOOD))
    assert (first.added, first.updated, first.unchanged) == (1, 2, 0)
    assert names(services) == ["Big Build plc", "Clean Co Ltd", "Helping Hands CIC"]  # renamed through its number
    clean = services.suppliers.find("Clean Co Ltd").data
    assert (clean.website, clean.notes) == ("https://clean.example", "Keep me")  # no column: untouched
    assert clean.contacts == (SupplierContact("Ann Clean", "Director", "ann@clean.example"),)
    again = importer.import_file(tmp_path / "s.xlsx")
    assert (again.added, again.updated, again.unchanged, again.stored) == (0, 0, 3, False)
    assert "0 added, 0 updated, 3 unchanged" in again.summary()


def test_the_same_supplier_twice_in_one_file_is_refused(services, importer, tmp_path):
    rows = [GOOD[0], ["CLEAN CO  LTD", "", "", "", "", "", "", "", "", "", ""],
            ["Other name", "01234567", "", "", "", "", "", "", "", "", ""]]
    result = importer.import_file(write_csv(tmp_path / "s.csv", rows))
    assert {str(p) for p in result.problems} == {
        "row 5, column Supplier name: 'Clean Co Ltd' is already on row 4 of this file",
        "row 6, column Supplier name: 'Clean Co Ltd' is already on row 4 of this file",
    }


def test_renaming_onto_another_suppliers_name_is_refused(services, importer, tmp_path):
    services.suppliers.create(SupplierData(name="Alpha", companies_house_number="00000001"))
    services.suppliers.create(SupplierData(name="Beta"))
    result = importer.import_file(write_csv(tmp_path / "s.csv", [["Beta", "1", *[""] * 9]]))
    assert [str(p) for p in result.problems] == [
        "row 4, column Supplier name: another supplier in the register is already called 'Beta'; merge the two "
        "records, or give this row that supplier's Companies House number"]
    assert names(services) == ["Alpha", "Beta"]


def test_dry_run_and_preview_store_nothing(services, importer, tmp_path):
    path = write_csv(tmp_path / "s.csv", [*GOOD, BAD])
    dry = importer.import_file(path, dry_run=True, skip_invalid=True)
    assert (dry.added, len(dry.rejected), dry.stored) == (3, 1, False)
    assert "would be imported" in dry.summary()
    preview = importer.preview(path)
    assert (preview.added, len(preview.rejected)) == (3, 1)
    assert names(services) == [] and audit_count(services) == 0


def test_cancel_leaves_the_store_unchanged(services, importer, tmp_path):
    services.suppliers.create(SupplierData(name="Clean Co Ltd"))
    before = audit_count(services)
    seen = []

    def cancel(done, total):
        seen.append((done, total))
        return False

    result = importer.import_file(write_csv(tmp_path / "s.csv", GOOD), progress=cancel)
    assert result.cancelled and not result.stored and seen == [(3, 3)]
    assert "cancelled; nothing was changed" in result.summary()
    assert names(services) == ["Clean Co Ltd"] and audit_count(services) == before
    assert services.suppliers.find("Clean Co Ltd").data.postcode == ""


def test_a_mapping_without_the_name_is_refused(importer, tmp_path):
    path = write_csv(tmp_path / "s.csv", GOOD)
    with pytest.raises(RegisterError, match="no column holds the supplier name of this supplier list"):
        importer.import_file(path, {1: "companies_house_number", 2: "postcode"})


def test_a_chosen_mapping_is_used(services, importer, tmp_path):
    path = write_csv(tmp_path / "s.csv", GOOD)
    result = importer.import_file(path, {0: "name", 2: "postcode"})
    assert result.added == 3 and result.mapping == {0: "name", 2: "postcode"}
    assert services.suppliers.find("Clean Co Ltd").data.companies_house_number == ""


CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["", "Y", "£1m", "lots", "LE1 7RH", "12AB", "x@y.z",
                                                         "=1+1", "\x00", "\r\n", '"', ";", "\ufeff"]))


def snapshot(services):
    with services.uow_factory() as uow:
        return (sorted(uow.session.execute(select(Supplier.name, Supplier.postcode, Supplier.vcse,
                                                  Supplier.companies_house_number)).all()),
                uow.session.scalar(select(func.count(AuditEvent.id))))


def empty_register(services):
    with services.uow_factory() as uow:
        uow.session.execute(delete(SupplierContactRow))
        uow.session.execute(delete(Supplier))
        uow.session.commit()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, max_size=len(HEADERS) + 2), max_size=6),
       junk=st.binary(max_size=40), skip=st.booleans())
def test_malformed_files_never_crash_or_half_import(services, importer, tmp_path, rows, junk, skip):
    empty_register(services)
    services.suppliers.create(SupplierData(name="Kept Ltd", postcode="LE1 7RH"))
    path = write_csv(tmp_path / "fuzz.csv", rows)
    with open(path, "ab") as handle:
        handle.write(junk)
    import_files.import_malformed(importer, path, skip, lambda: snapshot(services))
