"""services.session: where a store is, its single-instance lock, and the services the composition root wires."""
import pytest

from sv_desktop.app import build_services
from sv_desktop.services.backup import BackupService
from sv_desktop.services.demo.service import DemoService
from sv_desktop.services.export import ExportService
from sv_desktop.services.session import StoreInUseError, lock_store, resolve_store_url, store_file


def test_database_url_wins_then_db_then_the_environment_then_the_user_data_folder(tmp_path, monkeypatch):
    assert resolve_store_url(str(tmp_path / "a.db"), "postgresql+psycopg://host/db") == "postgresql+psycopg://host/db"
    assert store_file(resolve_store_url(str(tmp_path / "a.db"))) == (tmp_path / "a.db").absolute()
    monkeypatch.setenv("SV_DESKTOP_DB", str(tmp_path / "env.db"))
    assert store_file(resolve_store_url()) == (tmp_path / "env.db").absolute()
    monkeypatch.delenv("SV_DESKTOP_DB")
    assert store_file(resolve_store_url()).name == "sv-desktop.sqlite3"  # in SV_DESKTOP_HOME (conftest)
    assert store_file("postgresql+psycopg://host/db") is None


def test_a_store_file_takes_one_lock_and_a_second_is_refused_with_who_holds_it(tmp_path):
    url = resolve_store_url(str(tmp_path / "store.sqlite3"))
    held = lock_store(url)
    try:
        with pytest.raises(StoreInUseError, match="already open"):
            lock_store(url)
    finally:
        held.release()
    again = lock_store(url)
    assert again is not None
    again.release()
    assert lock_store("postgresql+psycopg://host/db") is None  # a shared store takes no lock


def test_the_composition_root_wires_backup_export_and_demo_data_on_the_same_store(tmp_path):
    services = build_services(resolve_store_url(str(tmp_path / "store.sqlite3")))
    try:
        assert isinstance(services.backup, BackupService) and services.backup.store is services.store
        assert isinstance(services.export, ExportService) and isinstance(services.demo, DemoService)
        assert not services.backup.changed
        services.demo.load(3)
        assert not services.backup.changed  # changes are noted only once the desktop app starts working
        services.backup.track_changes()
        services.demo.load(3)
        assert services.backup.changed and services.pipeline.count() == 3
    finally:
        services.close()
