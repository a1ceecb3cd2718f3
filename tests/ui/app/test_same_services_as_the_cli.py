"""One way to do each thing: `sv-desktop backup`, `restore`, `export` and `demo` and the desktop app's File menu
reach the same service methods (BackupService.backup_now, restore_store, ExportService.pipeline_table and
write, DemoService.load), so the two can never drift apart."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sv_desktop.app import build_services
from sv_desktop.cli import main
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services import backup as backup_module
from sv_desktop.services.backup import BackupService
from sv_desktop.services.demo.service import DemoService
from sv_desktop.services.export import ExportService
from sv_desktop.services.session import resolve_store_url
from tests.ui.app.test_main_window import make_window


class Spy:
    """Records each call of a function or method (by its caller's `self`, when it has one), then calls it."""

    def __init__(self, monkeypatch, owner, name: str):
        self.calls: list[tuple] = []
        original = getattr(owner, name)

        def spy(*args, **kwargs):
            self.calls.append(args)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, spy)


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "store.sqlite3"
    services = build_services(resolve_store_url(db_path=str(path)))
    try:
        services.pipeline.create(ContractData(reference="ONE-1", title="Cleaning", category=Category.DDAT))
    finally:
        services.close()
    return path


@pytest.fixture
def window(qtbot, store):
    services = build_services(resolve_store_url(db_path=str(store)))
    made = make_window(qtbot, services)
    yield made
    made.hide()
    close(services)


def close(services) -> None:
    """As the app lets a store go: background work on it (the pipeline's compliance check) ends first."""
    from sv_desktop.ui.common.background import wait_for_background_tasks

    assert wait_for_background_tasks(20000)
    services.close()


def answer_file_dialogs(monkeypatch, path: Path, file_type: str = "") -> None:
    answer = staticmethod(lambda *args, **kwargs: (str(path), file_type))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)


def test_backup_is_backup_service_backup_now_from_the_command_line_and_the_file_menu(
        qtbot, store, window, tmp_path, monkeypatch, answer_dialogs, capsys):
    spy = Spy(monkeypatch, BackupService, "backup_now")
    assert main(["--db", str(store), "backup", "--out", str(tmp_path / "by-cli.sqlite3")]) == 0
    assert "Backed up" in capsys.readouterr().out and len(spy.calls) == 1
    answer_file_dialogs(monkeypatch, tmp_path / "by-menu.sqlite3")
    window.back_up_action.trigger()
    assert answer_dialogs.asked[-1][0] == "Backed up"
    assert len(spy.calls) == 2 and spy.calls[1][0] is window.services.backup
    assert (tmp_path / "by-cli.sqlite3").is_file() and (tmp_path / "by-menu.sqlite3").is_file()


def test_restore_is_restore_store_from_the_command_line_and_the_file_menu(
        qtbot, store, tmp_path, monkeypatch, answer_dialogs, capsys):
    backup = tmp_path / "kept.sqlite3"
    assert main(["--db", str(store), "backup", "--out", str(backup)]) == 0
    spy = Spy(monkeypatch, backup_module, "restore_store")
    assert main(["--db", str(store), "restore", str(backup)]) == 0
    assert "Restored" in capsys.readouterr().out and len(spy.calls) == 1
    services = build_services(resolve_store_url(db_path=str(store)))
    try:
        window = make_window(qtbot, services)
        answer_file_dialogs(monkeypatch, backup)
        answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Yes
        window.restore_action.trigger()
        assert answer_dialogs.asked[-1][0] == "Restored"
        assert len(spy.calls) == 2 and spy.calls[1][:2] == (backup, store)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    finally:
        close(services)


def test_export_is_export_service_from_the_command_line_and_the_export_menu(
        qtbot, store, window, tmp_path, monkeypatch, capsys):
    tables = Spy(monkeypatch, ExportService, "pipeline_table")
    writes = Spy(monkeypatch, ExportService, "write")
    assert main(["--db", str(store), "export", "contracts", str(tmp_path / "by-cli.xlsx")]) == 0
    assert "Exported 1 row to" in capsys.readouterr().out
    assert len(tables.calls) == 1 and len(writes.calls) == 1
    answer_file_dialogs(monkeypatch, tmp_path / "by-menu.xlsx", "Excel workbook (*.xlsx)")
    actions = window.export_actions
    with qtbot.waitSignal(actions.exported, timeout=20000):
        actions.pipeline_action.trigger()
    assert len(tables.calls) == 2 and len(writes.calls) == 2
    assert tables.calls[1][0] is window.services.export and writes.calls[1][0] is window.services.export
    assert writes.calls[1][1] == tmp_path / "by-menu.xlsx"


def test_demo_data_is_demo_service_load_from_the_command_line_and_the_file_menu(
        qtbot, store, window, monkeypatch, capsys):
    spy = Spy(monkeypatch, DemoService, "load")
    assert main(["--db", str(store), "demo", "--contracts", "5"]) == 0
    assert "Loaded 5 demo contracts" in capsys.readouterr().out and len(spy.calls) == 1
    task = window.load_demo_data(7)
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    assert len(spy.calls) == 2 and spy.calls[1][0] is window.services.demo and spy.calls[1][1] == 7
