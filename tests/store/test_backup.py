"""Backups are real SQLite copies; they roll; restore checks first and keeps the store it replaces."""
import sqlite3
from datetime import datetime, timedelta

import pytest

from sv_desktop.app import build_services
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.store.backup import (
    BackupError,
    backup_folder,
    check_backup,
    check_backup_file,
    list_backups,
    make_backup,
    newest_backup,
    prune,
    restore,
)
from sv_desktop.store.location import sqlite_url

T0 = datetime(2026, 3, 14, 10, 15, 0)


def make_store(path, *references):
    services = build_services(sqlite_url(path))
    for reference in references:
        services.pipeline.create(ContractData(reference=reference, title=f"Contract {reference}",
                                              category=Category.DDAT))
    return services


def references_in(path):
    services = build_services(sqlite_url(path))
    try:
        return sorted(row.reference for row in services.pipeline.rows())
    finally:
        services.close()


def test_a_backup_is_a_single_file_store_that_opens_with_the_contracts(tmp_path):
    store = tmp_path / "store.sqlite3"
    services = make_store(store, "BK-1", "BK-2")
    try:
        written = make_backup(store, now=T0)  # while the store is open, WAL and all
    finally:
        services.close()
    assert written == backup_folder(store) / "store-20260314-101500.sqlite3"
    assert not written.with_name(written.name + "-wal").exists()
    connection = sqlite3.connect(written)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    assert check_backup_file(written) == []
    assert references_in(written) == ["BK-1", "BK-2"]


def test_two_backups_in_the_same_second_get_different_names_and_none_is_overwritten(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "BK-1").close()
    first, second = make_backup(store, now=T0), make_backup(store, now=T0)
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in list_backups(backup_folder(store), "store")] == [first, second]
    with pytest.raises(BackupError, match="already exists"):
        make_backup(store, out=first)


def test_there_is_nothing_to_back_up_without_a_store(tmp_path):
    with pytest.raises(BackupError, match="no store"):
        make_backup(tmp_path / "missing.sqlite3")


def test_rolling_keeps_only_the_newest_backups_and_never_the_before_restore_copies(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "BK-1").close()
    folder = backup_folder(store)
    made = [make_backup(store, now=T0 + timedelta(days=day)) for day in range(5)]
    kept_copy = make_backup(store, now=T0 - timedelta(days=30), kind="before-restore")
    other_store = make_backup(store, out=folder / "other-20200101-000000.sqlite3")
    removed = prune(folder, 3, "store")
    assert removed == made[:2]
    remaining = list_backups(folder, "store")
    assert [b.path for b in remaining if b.kind == "backup"] == made[2:]
    assert kept_copy.exists() and other_store.exists()
    assert newest_backup(store).path == made[-1]


def test_a_file_that_is_not_a_store_cannot_be_restored_and_the_store_is_untouched(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "BK-1").close()
    before = store.read_bytes()
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("my notes")
    foreign = tmp_path / "foreign.sqlite3"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    assert "not a SQLite database" in check_backup_file(notes)[0]
    assert "another application" in check_backup_file(foreign)[0]
    assert check_backup_file(tmp_path / "nowhere.sqlite3") == ["the file does not exist"]
    for bad in (notes, foreign):
        with pytest.raises(BackupError, match="cannot be restored.*Nothing was changed"):
            restore(bad, store)
    assert store.read_bytes() == before
    assert list_backups(backup_folder(store)) == []


def _corrupt(path):
    """Overwrite the middle of the file with rubbish (the header stays, so it still looks like SQLite)."""
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset:offset + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


def test_a_damaged_or_truncated_backup_cannot_be_restored(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "BK-1", "BK-2").close()
    before = store.read_bytes()
    damaged = make_backup(store, now=T0)
    _corrupt(damaged)
    truncated = make_backup(store, now=T0 + timedelta(hours=1))
    truncated.write_bytes(truncated.read_bytes()[: 4096 + 100])
    for bad in (damaged, truncated):
        reasons = check_backup_file(bad)
        assert len(reasons) == 1 and "damaged" in reasons[0]
        with pytest.raises(BackupError, match="damaged"):
            restore(bad, store)
    assert store.read_bytes() == before


def test_a_backup_from_a_newer_version_cannot_be_restored(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "BK-1").close()
    newer = make_backup(store, now=T0)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = store.read_bytes()
    assert "newer version of SV Desktop (schema 9999" in check_backup_file(newer)[0]
    with pytest.raises(BackupError, match="newer version"):
        restore(newer, store)
    assert store.read_bytes() == before


def test_a_good_restore_replaces_the_store_and_keeps_a_copy_of_the_old_one(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "OLD-1").close()
    backup = make_backup(store, now=T0)
    services = make_store(store, "NEW-1")  # a change after the backup, left in the WAL
    services.close()
    check = check_backup(backup)
    assert check.ok and check.contracts == 1
    result = restore(backup, store, now=T0 + timedelta(days=1))
    assert result.previous_copy.name == "store-before-restore-20260315-101500.sqlite3"
    assert references_in(store) == ["OLD-1"]
    assert references_in(result.previous_copy) == ["NEW-1", "OLD-1"]
    assert backup.exists()


def test_restoring_the_store_onto_itself_is_refused(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "BK-1").close()
    with pytest.raises(BackupError, match="the store itself"):
        restore(store, store)


def test_a_damaged_store_can_still_be_replaced_and_its_bytes_are_kept(tmp_path):
    store = tmp_path / "store.sqlite3"
    make_store(store, "BK-1").close()
    backup = make_backup(store, now=T0)
    _corrupt(store)
    damaged = store.read_bytes()
    result = restore(backup, store, now=T0 + timedelta(days=1))
    assert result.previous_copy.read_bytes() == damaged
    assert references_in(store) == ["BK-1"]


def test_restoring_into_a_folder_without_a_store_just_creates_it(tmp_path):
    source = tmp_path / "a" / "store.sqlite3"
    source.parent.mkdir()
    make_store(source, "BK-1").close()
    backup = make_backup(source, now=T0)
    target = tmp_path / "b" / "store.sqlite3"
    target.parent.mkdir()
    result = restore(backup, target)
    assert result.previous_copy is None
    assert references_in(target) == ["BK-1"]
