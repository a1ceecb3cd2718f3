"""Issue 8: a store that cannot be opened at start gets a clear message and a way forward (restore the
newest backup, open or create another store), never a silent overwrite."""
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sv_desktop.app import build_services
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.store.backup import make_backup
from sv_desktop.store.location import sqlite_url
from sv_desktop.ui.app import store_problem
from sv_desktop.ui.app.store_problem import StoreProblemBox


@pytest.fixture
def session(store_session):
    return store_session


def store_with_a_backup(path: Path) -> Path:
    services = build_services(sqlite_url(path))
    services.pipeline.create(ContractData(reference="KEEP-1", title="Cleaning", category=Category.ESTATES_FACILITIES))
    services.close()
    make_backup(path)
    return path


def damage(path: Path) -> bytes:
    """Rubbish over every page but the first, so the file still starts like a SQLite database."""
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset:offset + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
    return bytes(data)


def answer_with(button_name: str, seen: list[StoreProblemBox]) -> None:
    """Press a button of the problem box once it is up (it is modal, so from the event loop)."""
    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, StoreProblemBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box)
        getattr(box, button_name).click()
    QTimer.singleShot(0, press)


def test_a_damaged_store_is_restored_from_its_newest_backup_and_the_damaged_file_kept(qtbot, tmp_path, session):
    path = store_with_a_backup(tmp_path / "store.sqlite3")
    damaged = damage(path)
    seen: list[StoreProblemBox] = []
    answer_with("restore_button", seen)
    assert session.open(sqlite_url(path))
    assert "damaged" in seen[0].informativeText() and seen[0].restore_button is not None
    assert session.services.pipeline.find("KEEP-1") is not None
    kept = [p for p in (path.parent / "backups").glob("*before-restore*.sqlite3")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_without_a_backup_the_officer_can_quit_and_the_file_is_left_as_it_was(qtbot, tmp_path, session):
    path = tmp_path / "store.sqlite3"
    build_services(sqlite_url(path)).close()
    damaged = damage(path)
    seen: list[StoreProblemBox] = []
    answer_with("quit_button", seen)
    assert session.open(sqlite_url(path)) is False
    assert seen[0].restore_button is None
    assert "No backup was found" in seen[0].informativeText()
    assert path.read_bytes() == damaged and session.window is None


def test_another_store_can_be_chosen_or_created_instead(qtbot, tmp_path, session, monkeypatch):
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is not a database, just a text file with the wrong name")
    other = tmp_path / "fresh.sqlite3"
    monkeypatch.setattr(store_problem, "choose_store_file", lambda parent=None: other)
    seen: list[StoreProblemBox] = []
    answer_with("other_button", seen)
    assert session.open(sqlite_url(path))
    assert session.services.store.path == other.absolute()
    assert path.read_bytes().startswith(b"this is not a database")
