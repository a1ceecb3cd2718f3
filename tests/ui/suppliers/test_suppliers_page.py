"""Driving the supplier register as an officer would: search, filter, sort, create, edit, merge, delete."""
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.supplier import SupplierContact, SupplierData, SupplierSize
from sv_desktop.domain.vocabulary import Category, UkRegion
from sv_desktop.ui.suppliers.merge_suppliers_dialog import MergeSuppliersDialog
from sv_desktop.ui.suppliers.supplier_model import (
    COLUMNS,
    CarbonState,
    Column,
    SupplierContractsModel,
    SupplierTableModel,
)
from sv_desktop.ui.suppliers.suppliers_page import SuppliersPage
from tests.ui.accessibility import unnamed_controls


def make_page(qtbot, services):
    page = SuppliersPage(services.suppliers, services.carbon, services.settings)
    qtbot.addWidget(page)
    page.resize(1500, 900)
    page.load_now()  # before showing, so no background load races the test
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # shortcuts such as Ctrl+S need an active window
    return page


def shown_names(page):
    return [page.model.row_at(r).name for r in range(page.model.rowCount())]


def cell(page, name, column):
    row = shown_names(page).index(name)
    return page.model.index(row, COLUMNS.index(column)).data()


@pytest.fixture
def register(services):
    """A small register: three suppliers on contracts, one local VCSE, one large with an override."""
    services.settings.save(replace(services.settings.load(), local_postcode_areas="LE, NG1"))
    suppliers = services.suppliers
    suppliers.create(SupplierData(name="Acme Cleaning Ltd", companies_house_number="01234567", postcode="LE1 7RH",
                                  region=UkRegion.EAST_MIDLANDS, staff_count=40, turnover=Decimal("3000000"),
                                  vcse=True))
    suppliers.create(SupplierData(name="Bigco Facilities plc", companies_house_number="SC123456",
                                  postcode="G1 1AA", staff_count=5000, turnover=Decimal("90000000"),
                                  evergreen_level="Level 2", evergreen_assessed_on=date.today() - timedelta(days=400)))
    suppliers.create(SupplierData(name="Care Mutual", postcode="NG1 5AA", mutual=True, size_override=SupplierSize.SME,
                                  size_override_reason="Confirmed by the finance team"))
    for number, names in enumerate((("Acme Cleaning Ltd",), ("Acme Cleaning Ltd", "Bigco Facilities plc"),
                                    ("Bigco Facilities plc",), ("Acme Cleaning Ltd",)) * 3, start=1):
        services.pipeline.create(ContractData(reference=f"C-{number:03d}", title=f"Service {number}",
                                              category=Category.ESTATES_FACILITIES, supplier_names=names))
    return services


def test_supplier_models_pass_the_model_tester(qtmodeltester, demo_services):
    model = SupplierTableModel()
    model.set_rows(demo_services.suppliers.rows(), demo_services.carbon.statuses())
    qtmodeltester.check(model)
    model.sort(COLUMNS.index(Column.CARBON), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    busiest = max(demo_services.suppliers.rows(), key=lambda r: r.contracts)
    contracts = SupplierContractsModel()
    contracts.set_contracts(demo_services.suppliers.get(busiest.id).contracts)
    qtmodeltester.check(contracts)


def test_the_page_lists_every_supplier_with_its_carbon_status(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    rows = demo_services.suppliers.rows()
    statuses = demo_services.carbon.statuses()
    assert page.model.rowCount() == len(rows) > 0
    assert page.count_label.text() == f"{len(rows)} suppliers"
    for row in rows[:5]:
        assert cell(page, row.name, Column.CARBON) == statuses[row.id].summary
        assert cell(page, row.name, Column.TRAJECTORY) == statuses[row.id].trajectory.status
        assert cell(page, row.name, Column.CONTRACTS) == str(row.contracts)
    # the first supplier is open in the form
    assert page.form.supplier_id == page.model.supplier_id_at(0)


def test_flags_size_and_evergreen_read_as_words(qtbot, register):
    page = make_page(qtbot, register)
    assert cell(page, "Acme Cleaning Ltd", Column.VCSE) == "Yes"
    assert cell(page, "Acme Cleaning Ltd", Column.MUTUAL) == ""
    assert cell(page, "Acme Cleaning Ltd", Column.LOCAL) == "Yes"
    assert cell(page, "Acme Cleaning Ltd", Column.SIZE) == "SME"
    assert cell(page, "Care Mutual", Column.SIZE) == "SME (set)"
    assert cell(page, "Care Mutual", Column.LOCAL) == "Yes"  # NG1 is a local district
    assert cell(page, "Bigco Facilities plc", Column.SIZE) == "Large"
    assert cell(page, "Bigco Facilities plc", Column.MODERN_SLAVERY) == "Required"
    assert cell(page, "Acme Cleaning Ltd", Column.MODERN_SLAVERY) == "Not required"
    assert cell(page, "Care Mutual", Column.MODERN_SLAVERY) == "Unknown"
    assert cell(page, "Bigco Facilities plc", Column.EVERGREEN).startswith("Level 2 — expired ")
    assert cell(page, "Care Mutual", Column.CARBON) == "No plan recorded"


def test_typing_a_name_number_or_postcode_narrows_the_table(qtbot, register):
    page = make_page(qtbot, register)
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, "bigco")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert shown_names(page) == ["Bigco Facilities plc"]
    assert page.count_label.text() == "1 of 3 suppliers match"
    page.search.clear()
    qtbot.keyClicks(page.search, "sc123456")
    qtbot.waitUntil(lambda: shown_names(page) == ["Bigco Facilities plc"])
    page.search.clear()
    qtbot.keyClicks(page.search, "le17rh")  # a postcode typed without its space
    qtbot.waitUntil(lambda: shown_names(page) == ["Acme Cleaning Ltd"])
    page.search.clear()
    qtbot.keyClicks(page.search, "nothing like it")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert "No suppliers match" in page.count_label.text()


def test_filters_show_only_matching_suppliers(qtbot, register):
    page = make_page(qtbot, register)
    page.size_filter.setCurrentIndex(page.size_filter.findData(SupplierSize.LARGE.value))
    assert shown_names(page) == ["Bigco Facilities plc"]
    page.size_filter.setCurrentIndex(0)
    page.type_filter.setCurrentIndex(page.type_filter.findData("mutual"))
    assert shown_names(page) == ["Care Mutual"]
    page.type_filter.setCurrentIndex(0)
    page.local_filter.setCurrentIndex(page.local_filter.findData(False))
    assert shown_names(page) == ["Bigco Facilities plc"]
    page.local_filter.setCurrentIndex(0)
    page.carbon_filter.setCurrentIndex(page.carbon_filter.findData(CarbonState.NO_PLAN))
    assert page.model.rowCount() == 3
    page.carbon_filter.setCurrentIndex(page.carbon_filter.findData(CarbonState.MEETS))
    assert page.model.rowCount() == 0
    page.clear_filters()
    assert page.model.rowCount() == 3


def test_the_carbon_filter_finds_failing_old_and_good_plans(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    statuses = demo_services.carbon.statuses()
    for state, wanted in ((CarbonState.MEETS, lambda s: s.assessment and s.assessment.passed and not s.stale),
                          (CarbonState.STALE, lambda s: s.stale),
                          (CarbonState.FAILS, lambda s: s.latest and not s.assessment.passed),
                          (CarbonState.NO_PLAN, lambda s: s.latest is None)):
        page.carbon_filter.setCurrentIndex(page.carbon_filter.findData(state))
        expected = sorted(s.supplier_name for s in statuses.values() if wanted(s))
        assert sorted(shown_names(page)) == expected


def test_columns_sort_by_value_not_by_text(qtbot, register):
    page = make_page(qtbot, register)
    page.table.sortByColumn(COLUMNS.index(Column.CONTRACTS), Qt.SortOrder.DescendingOrder)
    counts = [int(page.model.index(r, COLUMNS.index(Column.CONTRACTS)).data()) for r in range(3)]
    assert counts == [9, 6, 0]  # 9 before 6: numbers, not text
    page.table.sortByColumn(COLUMNS.index(Column.NAME), Qt.SortOrder.AscendingOrder)
    assert shown_names(page) == ["Acme Cleaning Ltd", "Bigco Facilities plc", "Care Mutual"]


def test_sorting_keeps_the_selected_supplier_selected(qtbot, register):
    page = make_page(qtbot, register)
    page.select_supplier(register.suppliers.find("Care Mutual").id)
    page.table.sortByColumn(COLUMNS.index(Column.NAME), Qt.SortOrder.DescendingOrder)
    assert page.model.supplier_id_at(page.table.currentIndex().row()) == register.suppliers.find("Care Mutual").id
    assert page.form.name.text() == "Care Mutual"


def test_a_new_supplier_typed_into_the_form_appears_in_the_table(qtbot, register):
    page = make_page(qtbot, register)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.form.heading.text() == "New supplier" and page.form.name.hasFocus()
    qtbot.keyClicks(page.form.name, "Dales Transport Ltd")
    qtbot.keyClicks(page.form.companies_house_number, "7654321")  # padded to eight digits on save
    qtbot.keyClicks(page.form.postcode, "le2 1aa")
    qtbot.keyClicks(page.form.staff_count, "12")
    qtbot.keyClicks(page.form.turnover, "1.2m")
    assert page.form.is_dirty()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.keyClick(page.form.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = register.suppliers.find("Dales Transport Ltd")
    assert stored is not None and stored.data.companies_house_number == "07654321"
    assert stored.data.postcode == "LE2 1AA" and stored.local
    assert "Dales Transport Ltd" in shown_names(page)
    assert page.form.supplier_id == stored.id and not page.form.is_dirty()
    assert page.model.supplier_id_at(page.table.currentIndex().row()) == stored.id
    assert cell(page, "Dales Transport Ltd", Column.SIZE) == "SME"


def test_a_bad_companies_house_number_is_shown_beside_the_field_and_nothing_is_stored(qtbot, register):
    page = make_page(qtbot, register)
    page.new_supplier()
    qtbot.keyClicks(page.form.name, "Wrong Number Ltd")
    qtbot.keyClicks(page.form.companies_house_number, "ABC")
    assert not page.form.save()
    assert "not a Companies House number" in page.form.field_error("companies_house_number")
    assert page.form.field_error("name") == ""
    assert page.form.companies_house_number.hasFocus()
    assert "Error:" in page.form.companies_house_number.accessibleDescription()
    assert register.suppliers.find("Wrong Number Ltd") is None
    assert page.form.name.text() == "Wrong Number Ltd" and page.form.is_dirty()  # nothing typed is lost


def test_unreadable_figures_are_shown_beside_their_fields(qtbot, register):
    page = make_page(qtbot, register)
    page.new_supplier()
    qtbot.keyClicks(page.form.name, "Odd Figures Ltd")
    qtbot.keyClicks(page.form.staff_count, "lots")
    qtbot.keyClicks(page.form.turnover, "a fortune")
    assert not page.form.save()
    assert "not a whole number" in page.form.field_error("staff_count")
    assert page.form.field_error("turnover")
    assert register.suppliers.find("Odd Figures Ltd") is None


def test_the_size_from_the_figures_follows_staff_and_turnover_as_they_are_typed(qtbot, register):
    page = make_page(qtbot, register)
    page.new_supplier()
    form = page.form
    assert form.derived_size.text().startswith("Not known")
    qtbot.keyClicks(form.staff_count, "120")
    assert form.derived_size.text().startswith("Not known")  # staff alone is not enough
    qtbot.keyClicks(form.turnover, "5m")
    assert form.derived_size.text().startswith("SME — 120 staff")
    form.staff_count.clear()
    qtbot.keyClicks(form.staff_count, "250")
    assert form.derived_size.text().startswith("Large — 250 staff")
    form.turnover.clear()
    qtbot.keyClicks(form.turnover, "40m")
    assert form.modern_slavery.text().startswith("Required")


def test_overriding_the_size_needs_a_reason(qtbot, register):
    page = make_page(qtbot, register)
    acme = register.suppliers.find("Acme Cleaning Ltd")
    page.select_supplier(acme.id)
    form = page.form
    assert not form.size_override_reason.isEnabled()
    form.size_override.setCurrentIndex(form.size_override.findData(SupplierSize.LARGE.value))
    assert form.size_override_reason.isEnabled()
    assert "Overridden: Large" in form.derived_size.text()
    assert not form.save()
    assert "Say why" in form.field_error("size_override_reason")
    assert register.suppliers.get(acme.id).data.size_override is None
    qtbot.keyClicks(form.size_override_reason, "Part of a large group")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        assert form.save()
    assert register.suppliers.get(acme.id).size.size is SupplierSize.LARGE
    assert cell(page, "Acme Cleaning Ltd", Column.SIZE) == "Large (set)"


def test_local_and_evergreen_follow_the_settings_and_dates(qtbot, register):
    page = make_page(qtbot, register)
    form = page.form
    page.new_supplier()
    qtbot.keyClicks(form.postcode, "NG1 1AA")
    assert form.local.text().startswith("Yes")
    form.postcode.clear()
    qtbot.keyClicks(form.postcode, "NG2 1AA")  # NG2 is not local: only the NG1 district is
    assert form.local.text().startswith("No")
    assert [form.evergreen_level.itemText(i) for i in range(1, form.evergreen_level.count())] == [
        "Level 1", "Level 2", "Level 3", "Level 4"]
    form.evergreen_assessed_on.set_value(date.today() - timedelta(days=30))
    assert "12 months from the assessment" in form.evergreen_expiry.text()
    form.evergreen_assessed_on.set_value(date(2020, 1, 1))
    assert form.evergreen_expiry.text().startswith("Expired on 01/01/2021")


def test_contacts_can_be_added_removed_and_saved(qtbot, register):
    page = make_page(qtbot, register)
    acme = register.suppliers.find("Acme Cleaning Ltd")
    page.select_supplier(acme.id)
    form = page.form
    qtbot.mouseClick(form.add_contact_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.add_contact_button, Qt.MouseButton.LeftButton)
    for column, text in enumerate(("Sam Patel", "Account manager", "sam@acme.example.org", "0116 496 0000")):
        form.contacts.item(0, column).setText(text)
    form.contacts.item(1, 0).setText("To be removed")
    form.contacts.setCurrentCell(1, 0)
    qtbot.mouseClick(form.remove_contact_button, Qt.MouseButton.LeftButton)
    assert form.is_dirty()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        assert form.save()
    assert register.suppliers.get(acme.id).data.contacts == (
        SupplierContact("Sam Patel", "Account manager", "sam@acme.example.org", "0116 496 0000"),)
    form.add_contact()
    form.contacts.item(1, 0).setText("No Email")
    form.contacts.item(1, 2).setText("not-an-address")
    assert not form.save()
    assert "not an email address" in form.field_error("contacts")


def test_unsaved_edits_are_asked_about_before_another_supplier_is_shown(qtbot, register, answer_dialogs):
    page = make_page(qtbot, register)
    page.select_supplier(register.suppliers.find("Acme Cleaning Ltd").id)
    qtbot.keyClicks(page.form.website, "https://acme.example.org")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    page.select_supplier(register.suppliers.find("Care Mutual").id)
    assert answer_dialogs.asked[-1][0] == "Unsaved changes"
    assert page.form.name.text() == "Acme Cleaning Ltd" and page.form.website.text() == "https://acme.example.org"
    assert shown_names(page)[page.table.currentIndex().row()] == "Acme Cleaning Ltd"
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Save
    page.select_supplier(register.suppliers.find("Care Mutual").id)
    assert page.form.name.text() == "Care Mutual"
    assert register.suppliers.find("Acme Cleaning Ltd").data.website == "https://acme.example.org"


def test_a_change_made_elsewhere_is_reported_and_the_edits_are_kept(qtbot, register, answer_dialogs):
    page = make_page(qtbot, register)
    care = register.suppliers.find("Care Mutual")
    page.select_supplier(care.id)
    register.suppliers.update(care.id, care.version, replace(care.data, notes="Changed by a colleague"))
    qtbot.keyClicks(page.form.website, "https://care.example.org")
    assert not page.form.save()
    assert answer_dialogs.asked[-1][0] == "Supplier not saved"
    assert "changed by someone else" in answer_dialogs.asked[-1][1]
    assert "To reload it, choose Revert" in answer_dialogs.asked[-1][1]
    assert page.form.website.text() == "https://care.example.org" and page.form.is_dirty()


def test_merging_two_suppliers_keeps_every_contract_link(qtbot, register, monkeypatch):
    page = make_page(qtbot, register)
    acme = register.suppliers.find("Acme Cleaning Ltd")
    bigco = register.suppliers.find("Bigco Facilities plc")
    before = set(register.suppliers.contract_ids(acme.id)) | set(register.suppliers.contract_ids(bigco.id))
    previews = []

    def choose_and_merge(dialog):
        assert dialog.choose(acme.id)
        dialog.keep_other.setChecked(True)  # keep Acme; Bigco (the open record) goes
        previews.append(dialog.preview.text())
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MergeSuppliersDialog, "exec", choose_and_merge)
    page.select_supplier(bigco.id)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.merge_supplier()
    assert "Bigco Facilities plc</b> is removed" in previews[0]
    assert "3 contracts (C-003, C-007, C-011)" in previews[0]
    assert "3 contracts already name both" in previews[0]
    assert set(register.suppliers.contract_ids(acme.id)) == before
    assert register.suppliers.find("Bigco Facilities plc") is None
    assert shown_names(page) == ["Acme Cleaning Ltd", "Care Mutual"]
    assert page.form.supplier_id == acme.id
    kept = register.suppliers.get(acme.id)
    assert kept.data.evergreen_level == "Level 2"  # blank details are filled from the merged record
    assert cell(page, "Acme Cleaning Ltd", Column.CONTRACTS) == str(len(before))


def test_the_merge_dialog_finds_records_and_can_keep_the_open_one(qtbot, register):
    care = register.suppliers.find("Care Mutual")
    dialog = MergeSuppliersDialog(register.suppliers, care.id, register.suppliers.rows())
    qtbot.addWidget(dialog)
    assert not dialog.merge_button.isEnabled()
    qtbot.keyClicks(dialog.search, "bigco")
    assert dialog.list.model().rowCount() == 1
    bigco = register.suppliers.find("Bigco Facilities plc")
    assert dialog.choose(bigco.id) and dialog.merge_button.isEnabled()
    dialog.keep_current.setChecked(True)
    assert "Bigco Facilities plc</b> is removed" in dialog.preview.text()
    assert unnamed_controls(dialog) == []
    dialog.accept()
    assert dialog.kept.id == care.id
    assert len(register.suppliers.contract_ids(care.id)) == 6


def test_the_contracts_tab_lists_the_suppliers_contracts_and_opens_one(qtbot, register):
    page = make_page(qtbot, register)
    bigco = register.suppliers.find("Bigco Facilities plc")
    page.select_supplier(bigco.id)
    view = page.contracts_view
    page.detail_tabs.setCurrentWidget(view)
    assert page.detail_tabs.tabText(page.detail_tabs.currentIndex()) == "C&ontracts (6)"
    references = [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    assert references == sorted(c.reference for c in bigco.contracts) and len(references) == 6
    view.table.setFocus()
    view.table.selectRow(2)
    with qtbot.waitSignal(page.open_contract) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [references[2]]
    with qtbot.waitSignal(page.open_contract) as opened:
        view.table.doubleClicked.emit(view.model.index(4, 1))
    assert opened.args == [references[4]]


def test_a_supplier_on_contracts_is_not_deleted_but_an_unused_one_is(qtbot, register, answer_dialogs):
    page = make_page(qtbot, register)
    page.select_supplier(register.suppliers.find("Acme Cleaning Ltd").id)
    page.delete_supplier()
    assert answer_dialogs.asked[-1][0] == "Supplier not deleted"
    assert register.suppliers.find("Acme Cleaning Ltd") is not None
    page.select_supplier(register.suppliers.find("Care Mutual").id)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.delete_supplier()
    assert answer_dialogs.asked[-1][0] == "Delete supplier"
    assert register.suppliers.find("Care Mutual") is None
    assert shown_names(page) == ["Acme Cleaning Ltd", "Bigco Facilities plc"]
    assert page.form.supplier_id is not None and page.form.name.text() != "Care Mutual"


def test_every_control_on_the_page_has_an_accessible_name(qtbot, demo_services):
    page = make_page(qtbot, demo_services)
    qtbot.keyClicks(page.search, "a")  # the search's clear button appears
    assert unnamed_controls(page) == []
    for index in range(page.detail_tabs.count()):
        page.detail_tabs.setCurrentIndex(index)
        assert unnamed_controls(page) == [], page.detail_tabs.tabText(index)
    page.new_supplier()
    assert unnamed_controls(page) == []


def test_the_register_loads_off_the_gui_thread_when_shown(qtbot, register):
    page = SuppliersPage(register.suppliers, register.carbon, register.settings)
    qtbot.addWidget(page)
    page.reload()  # not showing yet: nothing is read
    assert page.model.total == 0 and not page.is_loading
    with qtbot.waitSignal(page.carbon_checked, timeout=10000):
        page.show()
    assert page.model.rowCount() == 3
    assert cell(page, "Care Mutual", Column.CARBON) == "No plan recorded"
