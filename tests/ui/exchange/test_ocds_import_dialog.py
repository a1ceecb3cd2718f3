"""The published-notices import window, driven through its widgets: file, buyers, CPV table, preview, import."""
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog

from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.imports.ocds import OcdsImportService
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.exchange.ocds_import_dialog import BUYERS, CPV, PREVIEW, OcdsImportDialog
from tests.conftest import OCDS_SAMPLE
from tests.ui.accessibility import unnamed_controls, unreachable_by_tab

SAMPLE = OCDS_SAMPLE


class GatedImport(OcdsImportService):
    """Holds the import at its first progress report until the test lets it go (so Cancel lands in time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()

    def import_file(self, path, buyers=None, *, dry_run=False, progress=None):
        def gated(done, total):
            self.gate.wait(10)
            return progress(done, total) if progress is not None else True

        return super().import_file(path, buyers, dry_run=dry_run, progress=gated)


@pytest.fixture
def dialog(qtbot, services):
    opened = OcdsImportDialog(services.ocds_import)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    return opened


def finish(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)


def loaded(qtbot, dialog):
    dialog.load(SAMPLE)
    finish(qtbot, dialog)
    return dialog


def row_of(dialog, name):
    for row in range(dialog.buyer_filter.rowCount()):
        index = dialog.buyer_filter.index(row, 0)
        if index.data(ItemRole.NAME) == name:
            return index
    raise AssertionError(f"{name} is not listed")


def contract_count(services):
    return services.pipeline.count()


def test_choosing_the_file_shows_what_it_holds_and_every_buyer_ticked(qtbot, dialog, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(SAMPLE), "")))
    dialog.choose_file()
    finish(qtbot, dialog)
    assert "120 usable releases of 118 contracting processes from 102 buyers" in dialog.summary_label.text()
    assert dialog.buyer_model.rowCount() == 102 and dialog.chosen_buyers() is None
    assert dialog.buyer_count.text() == "102 of 102 buyers ticked"
    assert row_of(dialog, "City of Doncaster Council").data() == "City of Doncaster Council (3 releases)"
    assert dialog.tabs.currentIndex() == BUYERS and dialog.import_button.isEnabled()


def test_space_unticks_a_buyer_and_the_preview_lists_its_releases_as_skipped(qtbot, dialog, services):
    loaded(qtbot, dialog)
    dialog.buyer_search.setText("defence")
    assert dialog.buyer_filter.rowCount() == 1
    dialog.buyer_list.setFocus()
    dialog.buyer_list.setCurrentIndex(dialog.buyer_filter.index(0, 0))
    qtbot.keyClick(dialog.buyer_list, Qt.Key.Key_Space)
    assert "Ministry of Defence" not in dialog.chosen_buyers() and len(dialog.chosen_buyers()) == 101
    assert dialog.buyer_count.text() == "101 of 102 buyers ticked"

    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    assert dialog.tabs.currentIndex() == PREVIEW
    assert dialog.outcome_model.rowCount() == 115 and contract_count(services) == 0
    reasons = [reason for _where, reason in dialog.skipped_model.rows]
    assert reasons == ["buyer 'Ministry of Defence' was not chosen"] * 3
    assert "115 would be added" in dialog.preview_counts.text()

    dialog.set_all_buyers(False)
    assert not dialog.preview_button.isEnabled() and not dialog.import_button.isEnabled()
    assert dialog.outcome_model.rowCount() == 0  # the old preview no longer holds


def test_an_edited_cpv_row_is_saved_and_used_by_the_import(qtbot, dialog, services):
    loaded(qtbot, dialog)
    dialog.tabs.setCurrentIndex(CPV)
    model = dialog.cpv_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "85")
    assert model.index(row, 1).data() == "Clinical Services"
    dialog.cpv_view.setFocus()
    dialog.cpv_view.setCurrentIndex(model.index(row, 1))
    dialog.cpv_view.edit(model.index(row, 1))
    editor = dialog.cpv_view.findChild(QComboBox)
    assert editor.accessibleName() == "Category"
    editor.setFocus()
    qtbot.keyClicks(editor, "Other")  # typing picks the category; the choice goes into the table at once
    assert model.index(row, 1).data() == "Other" and model.dirty
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.mouseClick(dialog.save_table_button, Qt.MouseButton.LeftButton)
    assert services.ocds_import.cpv_table_path.exists() and "Using your own table" in dialog.cpv_note.text()
    assert dialog.reset_table_button.isEnabled()

    with qtbot.waitSignal(dialog.imported, timeout=30000) as signal:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    result = signal.args[0]
    assert result.stored and result.added == 118 and contract_count(services) == 118
    assert services.pipeline.find("ocds-b5fd17-a2e8d11a-9970-43cf-9088-a4c30017882c").data.category is Category.OTHER
    assert dialog.message.text() == result.summary()
    assert dialog.outcome_model.rowCount() == 118


def test_saving_a_bad_row_says_what_is_wrong_and_keeps_the_edit(qtbot, dialog, services):
    dialog.tabs.setCurrentIndex(CPV)
    qtbot.mouseClick(dialog.add_rule_button, Qt.MouseButton.LeftButton)
    model = dialog.cpv_model
    new = model.rowCount() - 1
    dialog.cpv_view.closePersistentEditor(model.index(new, 0))
    model.setData(model.index(new, 0), "8x")
    qtbot.mouseClick(dialog.save_table_button, Qt.MouseButton.LeftButton)
    assert dialog.cpv_problems.isVisible()
    assert f"row {new + 1} prefix: is '8x'" in dialog.cpv_problems.text()
    assert dialog.cpv_view.currentIndex().row() == new
    assert not services.ocds_import.cpv_table_path.exists() and model.index(new, 0).data() == "8x"


def test_cancelling_the_import_leaves_the_store_unchanged(qtbot, services):
    gated = GatedImport(services.uow_factory)
    dialog = OcdsImportDialog(gated)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    task = dialog.run_import()
    task.cancel()
    gated.gate.set()
    finish(qtbot, dialog)
    assert dialog.message.text() == "Import cancelled. Nothing was changed."
    assert contract_count(services) == 0 and dialog.import_result.cancelled


def test_a_file_that_is_not_a_package_is_explained(qtbot, dialog, tmp_path):
    bad = tmp_path / "notices.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    dialog.load(bad)
    finish(qtbot, dialog)
    assert "notices.json: is a list, not an OCDS package" in dialog.message.text()
    assert not dialog.import_button.isEnabled()


def test_every_control_is_named_and_reached_by_tab(qtbot, dialog):
    loaded(qtbot, dialog)
    for tab in (BUYERS, CPV, PREVIEW):
        dialog.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        assert unnamed_controls(dialog) == []
        assert unreachable_by_tab(dialog) == []
