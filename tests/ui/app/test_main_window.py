"""The main window as an officer meets it: menus and shortcuts, the store shown, demo data offered."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QTextBrowser

from sv_desktop.services.pipeline_index import COLUMNS, Column
from sv_desktop.ui.app.main_window import MainWindow, ui_state
from sv_desktop.ui.common.table_model import ItemRole
from tests.ui.accessibility import unnamed_controls


def make_window(qtbot, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pipeline_page.model.rowCount() > 0 or "No contracts" in
                    window.pipeline_page.count_label.text(), timeout=5000)
    return window


def test_the_status_bar_names_the_store(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    assert str(demo_services.store.path) in window.store_label.text()
    assert "60 of 60 contracts shown" == window.count_label.text()


def test_about_names_the_store_the_local_frameworks_folder_and_the_licences(qtbot, demo_services):
    from sv_desktop import __version__

    window = make_window(qtbot, demo_services)
    dialog = window.show_about()
    text = dialog.text()
    assert str(demo_services.store.path) in text
    assert str(demo_services.catalogue.user_dir) in text
    assert "write-ahead log" in text and __version__ in text
    assert "DejaVu Sans" in text and "Bitstream Vera" in text  # the fonts embedded in every PDF
    assert "LGPL" in text and "SQLAlchemy" in text
    dialog.close()


def test_f1_opens_the_user_guide_with_the_checksum_explained(qtbot, demo_services):
    """Issue 7: what the score-sheet checksum protects is stated in the user guide."""
    window = make_window(qtbot, demo_services)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    browser = window.user_guide_dialog.findChild(QTextBrowser)
    text = browser.toPlainText()
    assert "What the checksum protects" in text and "does not protect against the member" in text.replace("**", "")
    assert browser.accessibleName() == "User guide"
    window.user_guide_dialog.close()


def test_an_empty_store_says_how_to_start_and_demo_data_loads_off_the_gui_thread(qtbot, services, monkeypatch):
    window = make_window(qtbot, services)
    assert "No contracts yet" in window.pipeline_page.count_label.text()
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (40, True)))
    with qtbot.waitSignal(window.pipeline_page.loaded, timeout=15000):
        window.offer_demo_data(first_run=True)
    assert window.pipeline_page.model.rowCount() == 40


def test_ctrl_n_opens_an_empty_form_and_ctrl_f_focuses_search(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.pipeline_page.form.heading.text() == "New contract"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pipeline_page.search.hasFocus()


def test_the_catalogue_tab_is_built_when_first_opened(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    assert window._catalogue_page is None
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["&Pipeline", "&Suppliers", "&Dashboard",
                                                                                     "&Catalogue"]
    window.tabs.setCurrentIndex(window.catalogue_index)
    assert window._catalogue_page is not None and window.tabs.currentWidget() is window._catalogue_page
    assert window.catalogue_index == 3


def test_column_widths_and_window_size_are_remembered(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    window.pipeline_page.table.setColumnWidth(1, 444)
    window.close()
    assert ui_state().value("pipeline/header") is not None
    again = make_window(qtbot, demo_services)
    assert again.pipeline_page.table.columnWidth(1) == 444


def test_every_control_in_the_window_has_an_accessible_name(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    assert unnamed_controls(window) == []
    with qtbot.waitSignal(window.suppliers_page.loaded, timeout=10000):
        window.tabs.setCurrentWidget(window.suppliers_page)
    assert unnamed_controls(window) == []
    window.tabs.setCurrentIndex(window.catalogue_index)
    assert unnamed_controls(window) == []


def test_choosing_social_value_updates_the_checklist_and_the_pipeline_column(qtbot, services):
    from decimal import Decimal

    from sv_desktop.domain.contract import ContractData
    from sv_desktop.domain.vocabulary import Category, Stage

    services.pipeline.create(ContractData(reference="EF-9", title="Grounds maintenance", stage=Stage.TENDER,
                                          category=Category.ESTATES_FACILITIES, total_value=Decimal("400000")))
    window = make_window(qtbot, services)
    page = window.pipeline_page
    qtbot.waitUntil(lambda: "Fails" in page.model.index(0, COLUMNS.index(Column.COMPLIANCE)).data(), timeout=5000)
    page.table.selectRow(0)
    page.detail_tabs.setCurrentWidget(window.compliance_tab)
    verdicts = {window.compliance_tab.table.topLevelItem(i).text(0): window.compliance_tab.table.topLevelItem(i).text(1)
                for i in range(window.compliance_tab.table.topLevelItemCount())}
    assert verdicts["'Fighting climate change' covered in the tender"] == "✖ Fail"
    page.detail_tabs.setCurrentWidget(window.social_value_tab)
    tab = window.social_value_tab
    for item in tab._items():
        if item.data(0, ItemRole.KEY) == ("ppn002", "4"):
            item.setCheckState(0, Qt.CheckState.Checked)
    tab.weighting.setText("10")
    assert tab.save()
    page.detail_tabs.setCurrentWidget(window.compliance_tab)
    verdicts = {window.compliance_tab.table.topLevelItem(i).text(0): window.compliance_tab.table.topLevelItem(i).text(1)
                for i in range(window.compliance_tab.table.topLevelItemCount())}
    assert verdicts["'Fighting climate change' covered in the tender"] == "✔ Pass"
    assert verdicts["Minimum 10% social value weighting"] == "✔ Pass"
    compliance = page.model.index(0, COLUMNS.index(Column.COMPLIANCE)).data()
    assert compliance in ("Meets policy",) or "warning" in compliance


def show_suppliers(qtbot, window):
    with qtbot.waitSignal(window.suppliers_page.carbon_checked, timeout=15000):
        window.tabs.setCurrentWidget(window.suppliers_page)
    return window.suppliers_page


def test_the_suppliers_tab_loads_when_first_opened_and_counts_in_the_status_bar(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    assert window.suppliers_page.model.total == 0  # nothing read before the page is opened
    page = show_suppliers(qtbot, window)
    total = len(demo_services.suppliers.rows())
    assert page.model.rowCount() == total
    assert window.count_label.text() == f"{total} of {total} suppliers shown"
    window.tabs.setCurrentWidget(window.pipeline_page)
    assert window.count_label.text() == "60 of 60 contracts shown"


def test_a_contract_opened_from_a_supplier_is_selected_in_the_pipeline(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    page = show_suppliers(qtbot, window)
    busiest = max(demo_services.suppliers.rows(), key=lambda r: r.contracts)
    page.show_supplier(busiest.id)
    page.detail_tabs.setCurrentWidget(page.contracts_view)
    reference = page.contracts_view.model.contract_at(0).reference
    window.pipeline_page.search.setText("no such contract")  # a filter that hides it is cleared
    window.pipeline_page.apply_filter()
    page.contracts_view.table.selectRow(0)
    qtbot.keyClick(page.contracts_view.table, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.pipeline_page
    pipeline = window.pipeline_page
    assert pipeline.form.reference.text() == reference
    current = pipeline.table.currentIndex()
    assert current.isValid() and pipeline.model.index_data.row_at(current.row()).reference == reference


def test_choosing_a_carbon_alert_shows_its_supplier(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    dialog = window.show_carbon_alerts()
    assert dialog is not None
    qtbot.addWidget(dialog)
    alert = next(a for a in demo_services.carbon.alerts() if a.supplier_id is not None)
    window.suppliers_page.search.setText("a filter that hides every supplier")
    with qtbot.waitSignal(window.suppliers_page.loaded, timeout=15000):
        dialog.supplier_chosen.emit(alert.supplier_id)
    assert window.tabs.currentWidget() is window.suppliers_page
    page = window.suppliers_page
    assert page.form.supplier_id == alert.supplier_id
    assert page.model.supplier_id_at(page.table.currentIndex().row()) == alert.supplier_id
    dialog.close()


def test_a_contract_saved_with_a_new_supplier_name_adds_it_to_the_register(qtbot, demo_services):
    window = make_window(qtbot, demo_services)
    page = show_suppliers(qtbot, window)
    before = page.model.total
    window.tabs.setCurrentWidget(window.pipeline_page)
    form = window.pipeline_page.form
    form.supplier_names.setText(form.supplier_names.text() + "; Brand New Supplier Ltd")
    form.supplier_names.textEdited.emit(form.supplier_names.text())
    assert form.save()
    with qtbot.waitSignal(page.loaded, timeout=15000):
        window.tabs.setCurrentWidget(page)
    assert page.model.total == before + 1
    assert demo_services.suppliers.find("Brand New Supplier Ltd") is not None


def test_the_evaluation_tab_and_the_score_sheet_window_are_in_the_main_window(qtbot, demo_services, monkeypatch,
                                                                              tmp_path):
    """Issue 7: the lead works on a contract's Evaluation tab; a member opens a sheet from the File menu."""
    from PySide6.QtWidgets import QFileDialog

    window = make_window(qtbot, demo_services)
    titles = [window.pipeline_page.detail_tabs.tabText(i) for i in range(window.pipeline_page.detail_tabs.count())]
    assert "Evaluat&ion" in titles and "Deli&very" in titles
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    window.score_sheet_action.trigger()
    assert window.scoring_window.isVisible()
    window.scoring_window.close()
