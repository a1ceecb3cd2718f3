"""Issue 9: File → Open store… and Recent stores: the last five stores, a missing one greyed out, and switching
that opens the new store before letting the old one go."""
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sv_desktop.app import build_services
from sv_desktop.services.session import lock_store
from sv_desktop.store.location import sqlite_url
from sv_desktop.ui.app.store_menu import KEEP, note_store_opened, recent_store_text, recent_stores


@pytest.fixture
def session(store_session):
    return store_session


def make_store(path: Path) -> Path:
    build_services(sqlite_url(path)).close()
    return path


def test_recent_stores_keep_the_last_five_newest_first(tmp_path):
    for number in range(7):
        note_store_opened(tmp_path / f"store-{number}.sqlite3")
    note_store_opened(tmp_path / "store-3.sqlite3")
    names = [path.name for path in recent_stores()]
    assert len(names) == KEEP and names[0] == "store-3.sqlite3"
    assert names[1:] == ["store-6.sqlite3", "store-5.sqlite3", "store-4.sqlite3", "store-2.sqlite3"]


def test_a_missing_store_is_named_as_missing_and_cannot_be_chosen(qtbot, tmp_path, session):
    here = make_store(tmp_path / "here.sqlite3")
    note_store_opened(tmp_path / "gone.sqlite3")
    assert session.open(sqlite_url(here))
    menu = session.window.store_menu
    menu.recent_menu.aboutToShow.emit()
    items = {action.data(): action for action in menu.recent_menu.actions()}
    gone = items[str((tmp_path / "gone.sqlite3").absolute())]
    assert "(missing)" in gone.text() and not gone.isEnabled()
    current = items[str(here.absolute())]
    assert "(open now)" in current.text() and not current.isEnabled()
    assert recent_store_text(1, here, None).startswith("&1 here.sqlite3")


def test_choosing_a_recent_store_reopens_the_window_on_it_and_lets_the_old_one_go(qtbot, tmp_path, session):
    first = make_store(tmp_path / "first.sqlite3")
    second = make_store(tmp_path / "second.sqlite3")
    assert session.open(sqlite_url(first))
    old_window = session.window
    note_store_opened(second)
    old_window.store_menu.recent_menu.aboutToShow.emit()
    choice = next(a for a in old_window.store_menu.recent_menu.actions() if a.data() == str(second.absolute()))
    choice.trigger()
    assert session.window is not old_window and session.window.isVisible()
    assert session.services.store.path == second.absolute()
    assert str(second.absolute()) in session.window.store_label.text()
    assert not old_window.isVisible()
    released = lock_store(sqlite_url(first))  # the first store's lock was let go
    assert released is not None
    released.release()
    assert recent_stores()[0] == second.absolute()


def test_a_store_in_use_elsewhere_is_refused_and_the_window_stays(qtbot, tmp_path, session, answer_dialogs):
    first = make_store(tmp_path / "first.sqlite3")
    busy = make_store(tmp_path / "busy.sqlite3")
    assert session.open(sqlite_url(first))
    window = session.window
    held = lock_store(sqlite_url(busy))
    try:
        assert not session.switch_to(str(busy))
    finally:
        held.release()
    assert session.window is window and window.isVisible()
    assert answer_dialogs.asked and "already open" in answer_dialogs.asked[-1][0]


def test_a_file_that_is_not_a_store_is_explained_and_nothing_changes(qtbot, tmp_path, session, monkeypatch):
    first = make_store(tmp_path / "first.sqlite3")
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    assert session.open(sqlite_url(first))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(notes), "")))
    window = session.window
    window.store_menu.open_action.trigger()
    assert session.window is window
    assert shown and "not an SV Desktop store" in shown[0]


def test_unsaved_edits_keep_the_old_window_when_the_officer_cancels(qtbot, tmp_path, session, answer_dialogs):
    first = make_store(tmp_path / "first.sqlite3")
    second = make_store(tmp_path / "second.sqlite3")
    assert session.open(sqlite_url(first))
    window = session.window
    window.pipeline_page.new_contract()
    qtbot.keyClicks(window.pipeline_page.form.title, "Patient transport")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    assert not session.switch_to(str(second))
    assert session.window is window and window.isVisible()
    assert session.services.store.path == first.absolute()
    again = lock_store(sqlite_url(second))  # the store it did not move to is not left locked
    assert again is not None
    again.release()
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
