"""File → Import in the main window (only the imports this build has), Ctrl+I, and files dropped on the window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from sv_desktop.exchange.tabular_file import HeaderVocabulary, read_register
from sv_desktop.ui.exchange.import_actions import ENTRIES, KindChooser, best_fits, guess_kinds
from sv_desktop.ui.exchange.import_dialog import MAPPING, TabularImportDialog
from tests.services.imports.test_contracts import GOOD, write_csv, write_xlsx
from tests.ui.accessibility import unnamed_controls
from tests.ui.app.test_main_window import make_window

LATER = ("ocds_import", "supplier_import", "spend_import")


class ListImporter:
    """A second tabular importer for routing tests: a list of suppliers and their towns."""

    kind = "suppliers"
    kind_label = "supplier list"
    fields = {"name": "Supplier name", "town": "Town"}
    required_fields = ("name",)
    vocabulary = HeaderVocabulary(fields, {"name": ("supplier", "company"), "town": ("town", "city")}, ("name",))

    def read(self, path):
        return read_register(path, self.vocabulary)

    def propose_mapping(self, headers):
        return self.vocabulary.propose_mapping(headers)

    def preview(self, path, mapping=None, progress=None):
        raise AssertionError("routing tests do not preview")

    def import_file(self, path, mapping=None, **kwargs):
        raise AssertionError("routing tests do not import")


@pytest.fixture
def only_contracts(services, monkeypatch):
    """A build with the contract register import only (the others are added to Services separately)."""
    for name in LATER:
        monkeypatch.delattr(services, name, raising=False)
    return services


@pytest.fixture
def window(qtbot, only_contracts):
    return make_window(qtbot, only_contracts)


def drop(window, *paths, target=None):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = target or window
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)
    return event


def dialog_on_mapping(qtbot, window) -> TabularImportDialog:
    qtbot.waitUntil(lambda: isinstance(window.import_actions.dialog, TabularImportDialog)
                    and window.import_actions.dialog.task is None
                    and window.import_actions.dialog.pages.currentIndex() == MAPPING, timeout=20000)
    return window.import_actions.dialog


def test_the_import_menu_lists_the_imports_this_build_has(qtbot, only_contracts, monkeypatch):
    window = make_window(qtbot, only_contracts)
    menu = window.import_actions.menu
    assert menu.title() == "&Import"
    assert [a.text() for a in menu.actions()] == ["&Contract register…"]
    assert menu.menuAction() in window.menuBar().actions()[0].menu().actions()  # under File

    # The imports other services bring appear, in the menu's order, as soon as Services has them.
    for name in LATER:
        monkeypatch.setattr(only_contracts, name, ListImporter(), raising=False)
    fuller = make_window(qtbot, only_contracts)
    assert [a.text() for a in fuller.import_actions.menu.actions()] == [e.text for e in ENTRIES]
    assert all(a.statusTip() for a in fuller.import_actions.menu.actions())


def test_ctrl_i_opens_the_contract_register_import_with_the_file_chooser(qtbot, window, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "register.xlsx", GOOD)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    action = window.import_actions.actions["contract_import"]
    assert action.shortcut().toString() == "Ctrl+I"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = dialog_on_mapping(qtbot, window)
    assert dialog.importer is window.services.contract_import
    assert dialog.windowTitle() == "Import contract register"
    assert unnamed_controls(dialog) == []


def test_an_import_reloads_the_pipeline(qtbot, window, tmp_path):
    before = window.pipeline_page.model.rowCount()
    drop(window, write_csv(tmp_path / "register.csv", GOOD))
    dialog = dialog_on_mapping(qtbot, window)
    dialog.next()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.preview_result is not None, timeout=20000)
    with qtbot.waitSignal(window.pipeline_page.loaded, timeout=20000):
        dialog.next()
    assert window.pipeline_page.model.rowCount() == before + 3


def test_a_dropped_register_opens_the_import_with_the_file_loaded(qtbot, window, tmp_path):
    path = write_csv(tmp_path / "register.csv", GOOD)
    event = drop(window, path, target=window.pipeline_page.table)  # dropped anywhere on the window
    assert event.isAccepted()
    dialog = dialog_on_mapping(qtbot, window)
    assert dialog.path == path and dialog.register.header_row == 3
    assert dialog.importer is window.services.contract_import


def test_files_that_cannot_be_imported_are_named_with_the_types_that_can(qtbot, window, tmp_path):
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    drop(window, pdf)
    message = window.statusBar().currentMessage()
    assert message == "pack.pdf cannot be imported. You can drop an Excel workbook (.xlsx) or a CSV file (.csv) " \
                      "on the window."
    drop(window, tmp_path / "notices.json")  # no published-notices import in this build
    assert "notices.json cannot be imported" in window.statusBar().currentMessage()
    drop(window, tmp_path / "a.csv", tmp_path / "b.csv")
    assert window.statusBar().currentMessage().startswith("Drop one file at a time to import it")
    assert window.import_actions.dialog is None


def test_a_dropped_json_file_goes_to_the_published_notices_import(qtbot, only_contracts, monkeypatch, tmp_path):
    monkeypatch.setattr(only_contracts, "ocds_import", object(), raising=False)
    window = make_window(qtbot, only_contracts)
    opened = []
    monkeypatch.setattr(window.import_actions, "open_import", lambda service, path=None, register=None:
                        opened.append((service, path)))
    drop(window, tmp_path / "Notices.JSON")
    assert opened == [("ocds_import", tmp_path / "Notices.JSON")]
    drop(window, tmp_path / "x.pdf")
    assert "published notices (OCDS, .json)" in window.statusBar().currentMessage()


def test_a_dropped_table_goes_to_the_importer_whose_column_names_fit_best(qtbot, only_contracts, monkeypatch,
                                                                          tmp_path):
    monkeypatch.setattr(only_contracts, "supplier_import", ListImporter(), raising=False)
    window = make_window(qtbot, only_contracts)
    register = write_csv(tmp_path / "register.csv", GOOD)  # not a supplier list: no row names two of its columns
    drop(window, register)
    dialog = dialog_on_mapping(qtbot, window)
    assert dialog.importer is only_contracts.contract_import

    # A supplier list with a contract column too: both can read it; the supplier list fits, the register lacks
    # its required reference.
    suppliers = write_csv(tmp_path / "suppliers.csv", [["Acme", "Leeds", "Cleaning"]],
                          headers=["Supplier", "Town", "Contract title"])
    guesses = guess_kinds({"contract_import": only_contracts.contract_import,
                           "supplier_import": only_contracts.supplier_import}, suppliers)
    assert [g.service for g in best_fits(guesses)] == ["supplier_import"]


def test_when_two_imports_fit_equally_the_officer_is_asked(qtbot, only_contracts, monkeypatch, tmp_path):
    contract_import = only_contracts.contract_import
    tie = ListImporter()
    tie.read, tie.propose_mapping = contract_import.read, contract_import.propose_mapping  # fits just as well
    tie.required_fields = contract_import.required_fields
    monkeypatch.setattr(only_contracts, "supplier_import", tie, raising=False)
    window = make_window(qtbot, only_contracts)
    shown = []

    def choose_second(chooser):
        shown.append([chooser.choices.item(i).text() for i in range(chooser.choices.count())])
        assert unnamed_controls(chooser) == []
        chooser.choices.setCurrentRow(1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(KindChooser, "exec", choose_second)
    drop(window, write_csv(tmp_path / "register.csv", GOOD))
    dialog = dialog_on_mapping(qtbot, window)
    assert shown == [["Contract register (8 of 8 columns recognised)", "Supplier list (8 of 8 columns recognised)"]]
    assert dialog.importer is tie

    dialog.close()
    monkeypatch.setattr(KindChooser, "exec", lambda chooser: QDialog.DialogCode.Rejected)
    drop(window, write_csv(tmp_path / "again.csv", GOOD))
    qtbot.waitUntil(lambda: window.import_actions.task is None, timeout=20000)
    assert window.import_actions.dialog is None  # cancelled: nothing opened


def test_a_dropped_table_no_import_can_read_is_explained(qtbot, only_contracts, monkeypatch, tmp_path,
                                                         answer_dialogs):
    monkeypatch.setattr(only_contracts, "supplier_import", ListImporter(), raising=False)
    window = make_window(qtbot, only_contracts)
    notes = tmp_path / "notes.csv"
    notes.write_text("shopping\nmilk\n", encoding="utf-8")
    drop(window, notes)
    qtbot.waitUntil(lambda: bool(answer_dialogs.asked), timeout=20000)
    title, text = answer_dialogs.asked[0]
    assert title == "File not imported"
    assert text.startswith("notes.csv could not be read for import:\n• as a contract register: no header row")
    assert "Nothing was changed." in text
    assert window.import_actions.dialog is None


def test_with_every_import_of_this_build_a_register_goes_to_the_contract_import(qtbot, demo_services, tmp_path):
    window = make_window(qtbot, demo_services)
    built = [e.text for e in ENTRIES if hasattr(demo_services, e.service)]
    assert [a.text() for a in window.import_actions.menu.actions()] == built
    drop(window, write_xlsx(tmp_path / "register.xlsx", GOOD))
    dialog = dialog_on_mapping(qtbot, window)
    assert dialog.importer is demo_services.contract_import
