"""The import dialog as an officer meets it: choose a register, match its columns, check the preview, import."""
from __future__ import annotations

import csv
import threading

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QPushButton

from sv_desktop.domain.vocabulary import Stage
from sv_desktop.ui.common.ui_state import ui_state
from sv_desktop.ui.exchange.import_dialog import FILE, FOLDER_KEY, MAPPING, PREVIEW, RESULT, TabularImportDialog
from sv_desktop.ui.exchange.mapping_memory import MappingMemory
from tests.services.imports.test_contracts import BAD, GOOD, write_csv, write_xlsx
from tests.ui.accessibility import unnamed_controls, unreachable_by_tab

# "Officer" is no column name the importer knows: the officer matches it to Procurement lead by hand.
HEADERS = ["Contract ref", "Contract title", "Category", "Stage", "Total value (£)", "Start date", "Expiry date",
           "Supplier(s)", "Officer"]
ROWS = [[*row, f"Officer {n}"] for n, row in enumerate(GOOD, start=1)]
BAD_ROW = [*BAD, "Officer 4"]


@pytest.fixture
def memory(tmp_path):
    return MappingMemory(QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_dialog(qtbot, services, memory):
    def make(importer=None):
        dialog = TabularImportDialog(importer or services.contract_import, None, memory)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return make


def settle(qtbot, dialog, page):
    qtbot.waitUntil(lambda: dialog.task is None and dialog.pages.currentIndex() == page, timeout=20000)


def forward(qtbot, dialog, page):
    """Press the step's forward button (Next, Preview, Import) and wait for the next step."""
    click(qtbot, dialog.next_button)
    settle(qtbot, dialog, page)


def combo_for(dialog, header):
    return dialog.mapping_editor.combos[HEADERS.index(header)]


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def count_contracts(services):
    return len(services.pipeline.rows())


def test_a_register_with_title_rows_is_matched_previewed_and_imported_skipping_the_invalid_row(
        qtbot, services, make_dialog, tmp_path):
    path = write_xlsx(tmp_path / "register.xlsx", [*ROWS, BAD_ROW], headers=HEADERS)
    dialog = make_dialog()
    dialog.load(path)
    settle(qtbot, dialog, MAPPING)
    assert "The column names are on row 3; the 2 rows above it are skipped. 4 rows of data" in \
        dialog.header_note.text()
    assert "Suggested from the column names" in dialog.mapping_note.text()
    assert not dialog.suggested_button.isVisible()
    assert "Required: Reference" in dialog.required_note.text()
    officer = combo_for(dialog, "Officer")
    assert officer.currentText() == "Not imported"
    assert combo_for(dialog, "Contract ref").currentText() == "Reference (required)"
    assert "Procurement lead" in dialog.mapping_editor.unused_label.text()
    officer.setCurrentIndex(officer.findData("procurement_lead"))
    assert "Procurement lead" not in dialog.mapping_editor.unused_label.text()

    # waitSignal would sit out its whole timeout waiting for a signal that must not come: fail if it does.
    with qtbot.assertNotEmitted(dialog.imported, wait=200):
        click(qtbot, dialog.next_button)  # Preview: a dry run stores nothing and emits nothing
        settle(qtbot, dialog, PREVIEW)
    assert count_contracts(services) == 0
    texts = {key: label.text() for key, label in dialog.count_labels.items()}
    assert texts == {"rows": "4", "added": "3", "updated": "0", "unchanged": "0", "rejected": "1"}
    problems = [(p.row, p.column) for p in dialog.problems_model.rows]
    assert (7, "Category") in problems and (7, "Total value (£)") in problems and (7, "Start date") in problems
    model = dialog.problems_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Row", "Column", "What is wrong"]
    first = model.data(model.index(0, 2))
    assert first and model.data(model.index(0, 0)) == "7"
    # Import waits for a decision about the invalid row, and says so in words.
    assert dialog.next_button.text() == "&Import" and not dialog.next_button.isEnabled()
    assert "Nothing can be imported while 1 row is invalid" in dialog.import_reason.text()
    assert dialog.skip_box.text() == "&Skip the 1 invalid row and import the rest"
    assert not dialog.skip_box.isChecked()
    dialog.skip_box.click()
    assert dialog.next_button.isEnabled() and not dialog.import_reason.isVisible()

    with qtbot.waitSignal(dialog.imported, timeout=20000) as signal:
        forward(qtbot, dialog, RESULT)
    assert signal.args == ["contracts"]
    assert dialog.summary_label.text() == ("register.xlsx: 3 added, 0 updated, 0 unchanged, 1 rejected "
                                           "(were imported from 4 rows).")
    assert [row[0] for row in dialog.skipped_model.rows] == [7]
    assert "Category" in dialog.skipped_model.rows[0][1]
    assert dialog.copy_button.isVisible() and dialog.save_button.isVisible()
    assert count_contracts(services) == 3
    assert services.pipeline.find("EF-001").data.procurement_lead == "Officer 1"
    assert services.pipeline.find("XX-004") is None


def test_without_skipping_nothing_is_imported_and_the_reason_is_shown(qtbot, services, make_dialog, tmp_path):
    dialog = make_dialog()
    dialog.load(write_csv(tmp_path / "register.csv", [*GOOD, BAD]))
    settle(qtbot, dialog, MAPPING)
    forward(qtbot, dialog, PREVIEW)
    assert not dialog.next_button.isEnabled()
    assert dialog.run_import() is None  # the Import step refuses too, not only the button
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter on the default button does nothing while it is disabled
    assert dialog.task is None and count_contracts(services) == 0
    # Back to the columns, and forward again: the box starts unticked every time.
    click(qtbot, dialog.back_button)
    assert dialog.pages.currentIndex() == MAPPING
    forward(qtbot, dialog, PREVIEW)
    assert not dialog.skip_box.isChecked() and not dialog.next_button.isEnabled()


def test_reimport_counts_updated_and_unchanged(qtbot, services, make_dialog, tmp_path):
    services.contract_import.import_file(write_csv(tmp_path / "first.csv", GOOD))
    changed = [list(row) for row in GOOD]
    changed[0][3] = "Closed"
    dialog = make_dialog()
    dialog.load(write_csv(tmp_path / "second.csv", [*changed, ["NEW-9", "New one", "Transport", "", "", "", "", ""]]))
    settle(qtbot, dialog, MAPPING)
    forward(qtbot, dialog, PREVIEW)
    counts = [dialog.count_labels[k].text() for k in ("added", "updated", "unchanged", "rejected")]
    assert counts == ["1", "1", "2", "0"]
    assert dialog.no_problems_label.isVisible() and not dialog.problems_view.isVisible()
    assert not dialog.skip_box.isVisible()
    forward(qtbot, dialog, RESULT)
    assert "1 added, 1 updated, 2 unchanged, 0 rejected" in dialog.summary_label.text()
    assert not dialog.skipped_view.isVisible()
    assert services.pipeline.find("EF-001").data.stage is Stage.CLOSED


def test_mapping_problems_are_explained_and_stop_the_preview(qtbot, make_dialog, tmp_path):
    dialog = make_dialog()
    dialog.load(write_csv(tmp_path / "register.csv", GOOD))
    settle(qtbot, dialog, MAPPING)
    editor = dialog.mapping_editor
    reference = editor.combos[0]
    reference.setCurrentIndex(reference.findText("Not imported"))
    assert not dialog.next_button.isEnabled()
    assert "Error: No column is imported as Reference, which is required" in editor.problem_label.text()
    reference.setCurrentIndex(reference.findData("reference"))
    title = editor.combos[7]  # Supplier(s) as a second Title column
    title.setCurrentIndex(title.findData("title"))
    assert not dialog.next_button.isEnabled()
    assert ("Title is chosen for column B (Contract title) and column H (Supplier(s)): choose Not imported "
            "for all but one of them.") in editor.problem_label.text()
    assert dialog.run_preview() is None
    title.setCurrentIndex(title.findData("supplier_names"))
    assert dialog.next_button.isEnabled() and not editor.problem_label.isVisible()


def test_a_remembered_mapping_is_used_for_a_file_with_the_same_columns(qtbot, services, make_dialog, tmp_path,
                                                                     memory):
    dialog = make_dialog()
    dialog.load(write_xlsx(tmp_path / "april.xlsx", ROWS, headers=HEADERS))
    settle(qtbot, dialog, MAPPING)
    officer = combo_for(dialog, "Officer")
    officer.setCurrentIndex(officer.findData("contract_manager"))
    forward(qtbot, dialog, PREVIEW)
    forward(qtbot, dialog, RESULT)
    dialog.close()

    again = make_dialog()  # next month's file from the same system: same columns, other rows, CSV this time
    again.load(write_csv(tmp_path / "may.csv", [["ZZ-1", "Laundry", "Estates & Facilities", "", "", "", "", "", "Kim"]],
                         headers=HEADERS))
    settle(qtbot, again, MAPPING)
    assert combo_for(again, "Officer").currentData() == "contract_manager"
    assert "Using the matching you chose before" in again.mapping_note.text()
    assert again.suggested_button.isVisible()
    click(qtbot, again.suggested_button)
    assert combo_for(again, "Officer").currentText() == "Not imported"
    combo = combo_for(again, "Officer")
    combo.setCurrentIndex(combo.findData("contract_manager"))
    forward(qtbot, again, PREVIEW)
    forward(qtbot, again, RESULT)
    assert services.pipeline.find("ZZ-1").data.contract_manager == "Kim"
    # A file with other columns starts from the suggestion.
    assert memory.recall("contracts", HEADERS[:-1]) is None


class GatedImporter:
    """The contract importer, holding its last progress report until the test has pressed Cancel."""

    def __init__(self, real):
        self._real = real
        self.kind, self.kind_label = real.kind, real.kind_label
        self.fields, self.required_fields = real.fields, real.required_fields
        self.reached = threading.Event()
        self.release = threading.Event()

    def read(self, path):
        return self._real.read(path)

    def propose_mapping(self, headers):
        return self._real.propose_mapping(headers)

    def preview(self, path, mapping=None, progress=None):
        return self._real.preview(path, mapping, progress)

    def import_file(self, path, mapping=None, *, skip_invalid=False, dry_run=False, progress=None):
        def gated(done, total):
            self.reached.set()
            self.release.wait(20)
            return progress(done, total)

        return self._real.import_file(path, mapping, skip_invalid=skip_invalid, dry_run=dry_run, progress=gated)


def start_gated_import(qtbot, services, make_dialog, tmp_path):
    importer = GatedImporter(services.contract_import)
    dialog = make_dialog(importer)
    dialog.load(write_csv(tmp_path / "register.csv", GOOD))
    settle(qtbot, dialog, MAPPING)
    forward(qtbot, dialog, PREVIEW)
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(importer.reached.is_set, timeout=20000)
    assert not dialog.next_button.isEnabled() and not dialog.back_button.isEnabled()  # busy
    return dialog, importer


def test_cancel_during_the_import_leaves_the_store_unchanged(qtbot, services, make_dialog, tmp_path):
    dialog, importer = start_gated_import(qtbot, services, make_dialog, tmp_path)
    progress = dialog.findChild(QProgressDialog)
    assert progress.labelText() == "Importing register.csv"
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    with qtbot.assertNotEmitted(dialog.imported):
        cancel.click()
        importer.release.set()
        settle(qtbot, dialog, PREVIEW)
    assert dialog.message.text() == "register.csv: import cancelled; nothing was changed."
    assert count_contracts(services) == 0
    assert dialog.next_button.isEnabled()  # the officer may import again


def test_closing_the_window_during_the_import_cancels_it(qtbot, services, make_dialog, tmp_path):
    dialog, importer = start_gated_import(qtbot, services, make_dialog, tmp_path)
    dialog.reject()
    assert dialog.isVisible()  # closes once the import has stopped
    importer.release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert count_contracts(services) == 0


def test_files_that_cannot_be_read_are_explained_with_their_name(qtbot, make_dialog, tmp_path):
    dialog = make_dialog()
    no_header = tmp_path / "notes.csv"
    no_header.write_text("shopping list\nmilk\neggs\n", encoding="utf-8")
    dialog.load(no_header)
    settle(qtbot, dialog, FILE)
    assert dialog.message.isVisible()
    assert dialog.message.text().startswith("notes.csv: no header row in the first 20 rows")
    dialog.load(tmp_path / "gone.xlsx")
    settle(qtbot, dialog, FILE)
    assert dialog.message.text().startswith("gone.xlsx: cannot be read")
    dialog.file_edit.clear()
    click(qtbot, dialog.next_button)
    assert dialog.message.text() == "Choose the file to import first."


def test_browse_starts_in_the_folder_used_last(qtbot, make_dialog, tmp_path, monkeypatch):
    folder = tmp_path / "registers"
    folder.mkdir()
    path = write_csv(folder / "register.csv", GOOD)
    asked = []

    def get_open_file_name(parent, title, start, filters):
        asked.append((title, start, filters))
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    dialog = make_dialog()
    click(qtbot, dialog.browse_button)
    settle(qtbot, dialog, MAPPING)
    assert ui_state().value(FOLDER_KEY) == str(folder)
    assert asked[0][0] == "Import contract register" and "*.xlsx" in asked[0][2] and "*.csv" in asked[0][2]
    make_dialog().choose_file()
    assert asked[1][1] == str(folder)


def test_the_skipped_rows_can_be_copied_and_saved_as_csv(qtbot, make_dialog, tmp_path, monkeypatch):
    dialog = make_dialog()
    dialog.load(write_csv(tmp_path / "register.csv", [*GOOD, BAD, ["", "No reference", "", "", "", "", "", ""]]))
    settle(qtbot, dialog, MAPPING)
    forward(qtbot, dialog, PREVIEW)
    assert dialog.skip_box.text() == "&Skip the 2 invalid rows and import the rest"
    dialog.skip_box.click()
    forward(qtbot, dialog, RESULT)
    QApplication.clipboard().clear()
    click(qtbot, dialog.copy_button)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0] == "Row\tReason" and [line.split("\t")[0] for line in lines[1:]] == ["7", "8"]
    target = tmp_path / "skipped"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    click(qtbot, dialog.save_button)
    with open(tmp_path / "skipped.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Row", "Reason"] and [r[0] for r in rows[1:]] == ["7", "8"]
    assert "Category" in rows[1][1]
    assert "Saved the list of 2 skipped rows" in dialog.message.text()


def test_every_step_names_its_controls_and_tab_reaches_them_all(qtbot, make_dialog, tmp_path):
    dialog = make_dialog()

    def keyboard_problems():
        return unnamed_controls(dialog) + unreachable_by_tab(dialog)

    assert keyboard_problems() == []
    dialog.load(write_csv(tmp_path / "register.csv", [*GOOD, BAD]))
    settle(qtbot, dialog, MAPPING)
    assert keyboard_problems() == []
    assert combo_for(dialog, "Contract ref").accessibleName() == "Import column A (Contract ref) as"
    forward(qtbot, dialog, PREVIEW)
    assert keyboard_problems() == []
    dialog.skip_box.setFocus()
    qtbot.keyClick(dialog.skip_box, Qt.Key.Key_Space)  # tick the box from the keyboard
    assert dialog.skip_box.isChecked() and dialog.next_button.isEnabled()
    forward(qtbot, dialog, RESULT)
    assert keyboard_problems() == []
    click(qtbot, dialog.next_button)  # Import another file
    assert dialog.pages.currentIndex() == FILE
