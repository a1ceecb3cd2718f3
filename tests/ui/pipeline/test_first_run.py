"""Issue 9: a first run on an empty store explains the app and offers ways in, without a box to dismiss."""
import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from sv_desktop.ui.app.main_window import MainWindow, schedule_first_run_offer


@pytest.fixture
def window(qtbot, services, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(
        lambda *a, **k: pytest.fail("the first run asks nothing in a dialog")))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.pipeline_page.load_now()
    return window


def test_an_empty_store_shows_what_the_app_does_and_how_to_start(qtbot, window):
    page = window.pipeline_page
    assert page.table_stack.currentWidget() is page.empty_state
    panel = page.empty_state
    assert "no contracts yet" in panel.heading.text()
    assert panel.demo_button.isVisible() and panel.new_button.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    schedule_first_run_offer(window)
    qtbot.waitUntil(panel.demo_button.hasFocus)


def test_load_demo_data_from_the_empty_state_fills_the_table(qtbot, window):
    page = window.pipeline_page
    page.empty_state.demo_count.setValue(40)
    page.empty_state.demo_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 40, timeout=20000)
    assert page.table_stack.currentWidget() is page.table


def test_new_contract_from_the_empty_state_starts_the_form(qtbot, window):
    page = window.pipeline_page
    page.empty_state.new_button.click()
    assert page.form.heading.text() == "New contract"
    assert page.detail_tabs.currentWidget() is page.form


def test_the_register_import_is_offered_when_the_window_can_import(qtbot, window, monkeypatch):
    panel = window.pipeline_page.empty_state
    actions = getattr(window, "import_actions", None)
    if actions is None or "contract_import" not in actions.actions:
        assert not panel.import_button.isVisible()
        return
    assert panel.import_button.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    panel.import_button.click()
    assert actions.dialog is not None and "contract" in actions.dialog.windowTitle().lower()
    actions.dialog.close()
