"""BackupService: backups now and on close (rolling, 24 h, only when changed), restore, and PostgreSQL."""
from datetime import datetime, timedelta

import pytest

from sv_desktop.app import build_services
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.backup import SERVER_BACKUPS_MESSAGE, BackupError, BackupService
from sv_desktop.services.settings import OrganisationSettings
from sv_desktop.store.instance_lock import InstanceLock
from sv_desktop.store.location import sqlite_url

T0 = datetime(2026, 3, 14, 18, 0, 0)


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def sqlite_services(tmp_path):
    built = build_services(sqlite_url(tmp_path / "store.sqlite3"))
    yield built
    built.close()


def add(services, reference):
    services.pipeline.create(ContractData(reference=reference, title=f"Contract {reference}", category=Category.DDAT))


def references(path):
    services = build_services(sqlite_url(path))
    try:
        return sorted(row.reference for row in services.pipeline.rows())
    finally:
        services.close()


def test_back_up_now_writes_into_the_backups_folder_beside_the_store(sqlite_services, tmp_path):
    add(sqlite_services, "BK-1")
    service = BackupService(sqlite_services.store, sqlite_services.settings, now=Clock(T0))
    written = service.backup_now()
    assert written == tmp_path / "backups" / "store-20260314-180000.sqlite3"
    assert references(written) == ["BK-1"]
    assert [b.path for b in service.backups()] == [written]
    elsewhere = service.backup_now(tmp_path / "for-it.sqlite3")
    assert references(elsewhere) == ["BK-1"] and len(service.backups()) == 1


def test_only_the_newest_backups_are_kept_as_the_settings_say(sqlite_services):
    sqlite_services.settings.save(OrganisationSettings(backups_to_keep=3))
    clock = Clock(T0)
    service = BackupService(sqlite_services.store, sqlite_services.settings, now=clock)
    made = []
    for day in range(5):
        clock.now = T0 + timedelta(days=day)
        made.append(service.backup_now())
    assert [b.path for b in service.backups()] == list(reversed(made[2:]))
    assert not made[0].exists() and not made[1].exists()


def test_the_number_kept_is_a_setting_between_1_and_100(sqlite_services):
    assert OrganisationSettings().backups_to_keep == 10
    for wrong in (0, 101):
        with pytest.raises(ValidationError, match="backups_to_keep"):
            sqlite_services.settings.save(OrganisationSettings(backups_to_keep=wrong))
    sqlite_services.settings.save(OrganisationSettings(backups_to_keep=100))
    assert sqlite_services.settings.load().backups_to_keep == 100


def test_closing_backs_up_only_when_something_changed_and_the_last_backup_is_a_day_old(sqlite_services):
    clock = Clock(T0)
    service = BackupService(sqlite_services.store, sqlite_services.settings, now=clock)
    service.track_changes(sqlite_services.uow_factory)
    assert service.maybe_backup_on_close() is None  # nothing changed
    add(sqlite_services, "BK-1")
    assert service.changed
    first = service.maybe_backup_on_close()
    assert first is not None and references(first) == ["BK-1"]
    clock.now = T0 + timedelta(hours=23, minutes=59)
    assert service.maybe_backup_on_close(changed=True) is None  # the last is not yet 24 hours old
    clock.now = T0 + timedelta(hours=24)
    second = service.maybe_backup_on_close(changed=True)
    assert second is not None and second != first
    clock.now = T0 + timedelta(days=3)
    assert service.maybe_backup_on_close(changed=False) is None
    assert len(service.backups()) == 2


def test_restore_replaces_the_store_keeps_the_old_one_and_the_store_opens_again(sqlite_services, tmp_path):
    add(sqlite_services, "OLD-1")
    clock = Clock(T0)
    service = BackupService(sqlite_services.store, sqlite_services.settings, now=clock)
    backup = service.backup_now()
    add(sqlite_services, "NEW-1")
    clock.now = T0 + timedelta(hours=1)
    outcome = service.restore(backup)
    assert outcome.migrated_from is None
    assert references(tmp_path / "store.sqlite3") == ["OLD-1"]
    assert references(outcome.previous_copy) == ["NEW-1", "OLD-1"]
    assert [b.kind for b in service.backups()] == ["before-restore", "backup"]


def test_a_bad_file_is_refused_with_the_reason_and_the_store_untouched(sqlite_services, tmp_path):
    add(sqlite_services, "BK-1")
    service = BackupService(sqlite_services.store, sqlite_services.settings)
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a store")
    with pytest.raises(BackupError, match="not a SQLite database.*Nothing was changed"):
        service.restore(notes)
    assert [row.reference for row in sqlite_services.pipeline.rows()] == ["BK-1"]
    assert service.backups() == []


def test_restore_is_refused_while_another_window_has_the_store_open(sqlite_services, tmp_path):
    import subprocess
    import sys

    add(sqlite_services, "BK-1")
    service = BackupService(sqlite_services.store, sqlite_services.settings)
    backup = service.backup_now()
    code = ("import sys; from sv_desktop.store.instance_lock import InstanceLock; "
            "l = InstanceLock(sys.argv[1]).acquire(); print('held', flush=True); sys.stdin.readline()")
    window = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "store.sqlite3")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert window.stdout.readline().strip() == "held"
        with pytest.raises(BackupError, match="SV Desktop is open on the store.*close it"):
            service.restore(backup)
    finally:
        window.communicate("\n", timeout=30)
    assert len(service.backups()) == 1  # no before-restore copy: nothing was done


def test_this_process_holding_the_lock_may_restore(sqlite_services, tmp_path):
    add(sqlite_services, "BK-1")
    service = BackupService(sqlite_services.store, sqlite_services.settings, now=Clock(T0))
    backup = service.backup_now()
    with InstanceLock(tmp_path / "store.sqlite3"):
        assert service.restore(backup).previous_copy is not None


def test_a_server_store_has_no_backups_and_says_the_server_backs_it_up(sqlite_services):
    from dataclasses import replace

    server = replace(sqlite_services.store, path=None)
    service = BackupService(server, sqlite_services.settings)
    assert not service.available and service.unavailable_reason == SERVER_BACKUPS_MESSAGE
    assert "PostgreSQL" in SERVER_BACKUPS_MESSAGE and "server's own backups" in SERVER_BACKUPS_MESSAGE
    assert service.backups() == [] and service.maybe_backup_on_close(changed=True) is None
    with pytest.raises(BackupError, match="PostgreSQL"):
        service.backup_now()
    with pytest.raises(BackupError, match="PostgreSQL"):
        service.restore("anything.sqlite3")


def test_a_backup_from_an_older_version_is_brought_up_to_date_after_restoring(sqlite_services, tmp_path):
    import shutil
    from pathlib import Path

    from sv_desktop.store.schema_version import HEAD, REVISIONS

    older = tmp_path / "older.sqlite3"
    shutil.copy(Path(__file__).resolve().parents[1] / "store" / "fixtures" / f"store-{REVISIONS[0]}.sqlite3", older)
    service = BackupService(sqlite_services.store, sqlite_services.settings)
    check = service.check(older)
    assert check.ok and check.older_schema and check.revision == REVISIONS[0]
    outcome = service.restore(older)
    assert outcome.migrated_from == REVISIONS[0]
    reopened = build_services(sqlite_url(tmp_path / "store.sqlite3"))
    try:
        assert not reopened.store.migrated_from
    finally:
        reopened.close()
    assert HEAD != REVISIONS[0]
