"""File → Back up now… / Restore from backup…, and the rolling backup when the window closes."""
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMainWindow

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.ui.app.backup_actions import add_backup_actions, backup_on_close


class Window(QMainWindow):
    """The parts of the main window the backup actions use: services, a File menu, closeEvent."""

    def __init__(self, services):
        super().__init__()
        self.services = services
        self.file_menu = self.menuBar().addMenu("&File")
        add_backup_actions(self, self.file_menu)

    def closeEvent(self, event):  # noqa: N802 - Qt override
        backup_on_close(self)
        event.accept()


@pytest.fixture
def window(qtbot, services):
    if services.store.path is None:
        pytest.skip("backups are for SQLite stores")
    made = Window(services)
    qtbot.addWidget(made)
    return made


def add(services, reference):
    services.pipeline.create(ContractData(reference=reference, title=f"Contract {reference}", category=Category.DDAT))


def choose(monkeypatch, path):
    asked = {}

    def dialog(parent, caption, start, filters, *args, **kwargs):
        asked.update(caption=caption, start=start)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    return asked


def test_the_file_menu_gets_both_actions(window):
    texts = [action.text() for action in window.file_menu.actions()]
    assert texts == ["&Back up now…", "Res&tore from backup…"]
    assert window.back_up_action.isEnabled() and window.restore_action.isEnabled()


def test_back_up_now_suggests_the_backups_folder_and_says_where_it_went(window, services, monkeypatch,
                                                                        answer_dialogs):
    add(services, "BK-1")
    folder = services.store.path.parent / "backups"
    asked = choose(monkeypatch, None)
    window.back_up_action.trigger()
    assert Path(asked["start"]).parent == folder and asked["start"].endswith(".sqlite3")
    assert not folder.exists() and answer_dialogs.asked == []  # cancelled: nothing made, nothing said
    choose(monkeypatch, asked["start"])
    window.back_up_action.trigger()
    assert Path(asked["start"]).exists()
    title, text = answer_dialogs.asked[-1]
    assert title == "Backed up" and asked["start"] in text and "newest 10" in text


def test_restore_checks_the_file_first_and_changes_nothing_when_it_is_not_a_store(window, services, monkeypatch,
                                                                                  answer_dialogs, tmp_path):
    add(services, "BK-1")
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a store")
    choose(monkeypatch, notes)
    window.restore_action.trigger()
    title, text = answer_dialogs.asked[-1]
    assert title == "This file cannot be restored" and "not a SQLite database" in text and "Nothing was changed" in text
    assert [row.reference for row in services.pipeline.rows()] == ["BK-1"]


def test_restore_says_what_will_happen_and_does_nothing_when_cancelled(window, services, monkeypatch,
                                                                       answer_dialogs):
    from PySide6.QtWidgets import QMessageBox

    add(services, "OLD-1")
    backup = window.backup_service.backup_now()
    add(services, "NEW-1")
    choose(monkeypatch, backup)
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    window.restore_action.trigger()
    title, text = answer_dialogs.asked[-1]
    assert title == "Restore from backup"
    assert str(backup) in text and "1 contract" in text and str(services.store.path) in text
    assert "copy of the store" in text and "closes" in text
    assert sorted(row.reference for row in services.pipeline.rows()) == ["NEW-1", "OLD-1"]


def test_a_confirmed_restore_replaces_the_store_then_closes_the_window_without_a_backup(
        qtbot, window, services, monkeypatch, answer_dialogs):
    add(services, "OLD-1")
    backup = window.backup_service.backup_now()
    add(services, "NEW-1")
    window.show()
    choose(monkeypatch, backup)
    window.restore_action.trigger()
    title, text = answer_dialogs.asked[-1]
    assert title == "Restored" and "Start it again" in text and "before-restore" in text
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert [row.reference for row in services.pipeline.rows()] == ["OLD-1"]
    kinds = sorted(b.kind for b in window.backup_service.backups())
    assert kinds == ["backup", "before-restore"]  # closing after a restore took no automatic backup


def test_closing_takes_a_backup_only_after_a_change(qtbot, window, services):
    window.show()
    window.close()
    assert window.backup_service.backups() == []
    add(services, "BK-1")
    window.show()
    window.close()
    backups = window.backup_service.backups()
    assert len(backups) == 1
    window.show()
    window.close()  # changed, but the last backup is not a day old
    assert len(window.backup_service.backups()) == 1


def test_on_a_server_store_the_actions_are_off_and_say_why(qtbot, services):
    from dataclasses import replace

    from sv_desktop.services.backup import BackupService

    made = QMainWindow()
    qtbot.addWidget(made)
    made.services = services
    made.backup_service = BackupService(replace(services.store, path=None), services.settings)
    menu = made.menuBar().addMenu("&File")
    back_up, restore = add_backup_actions(made, menu)
    assert not back_up.isEnabled() and not restore.isEnabled()
    assert "server's own backups" in back_up.statusTip()
    assert backup_on_close(made) is None
