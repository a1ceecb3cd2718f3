"""The main window as an officer meets it: menus and shortcuts, the store shown, demo data offered."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from sv_desktop.ui.main_window import MainWindow, ui_state
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


def test_about_names_the_store_and_the_local_frameworks_folder(qtbot, demo_services, monkeypatch):
    shown = {}
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda parent, title, text: shown.update(text=text)))
    window = make_window(qtbot, demo_services)
    window.show_about()
    assert str(demo_services.store.path) in shown["text"]
    assert str(demo_services.catalogue.user_dir) in shown["text"]
    assert "write-ahead log" in shown["text"]


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
    window.tabs.setCurrentIndex(1)
    assert window._catalogue_page is not None and window.tabs.currentWidget() is window._catalogue_page


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
    window.tabs.setCurrentIndex(1)
    assert unnamed_controls(window) == []
