"""Opening stores: new, current, older, foreign, newer, unwritable - and nothing changed on refusal."""
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from sv_desktop.store.location import journal_mode_for, sqlite_url
from sv_desktop.store.opening import StoreOpenError, open_store, upgrade
from sv_desktop.store.schema_version import HEAD, REVISIONS

MIGRATIONS = Path(__file__).resolve().parents[2] / "sv_desktop" / "store" / "migrations" / "versions"


def test_a_new_store_gets_the_whole_schema(empty_store_url):
    store = open_store(empty_store_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"contracts", "suppliers", "contract_suppliers", "stage_changes", "settings", "sv_store_info"} <= tables
    assert store.created
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    store.engine.dispose()


def test_reopening_a_current_store_does_not_import_alembic(tmp_path):
    path = tmp_path / "s.sqlite3"
    open_store(sqlite_url(path)).engine.dispose()
    import subprocess
    import sys

    code = (
        "import sys; from sv_desktop.store.opening import open_store; "
        f"s = open_store({sqlite_url(path)!r}); assert not s.created; "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_known_revisions_match_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS.parent))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_current_head() == HEAD
    assert sorted(s.revision for s in scripts.walk_revisions()) == sorted(REVISIONS)


def test_sqlite_store_has_foreign_keys_on_and_wal_in_a_local_folder(tmp_path):
    store = open_store(sqlite_url(tmp_path / "s.sqlite3"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert store.journal_mode == "wal"
    store.engine.dispose()


def test_network_folders_use_the_rollback_journal(tmp_path, monkeypatch):
    monkeypatch.setattr("sv_desktop.store.location.is_network_folder", lambda folder: True)
    assert journal_mode_for(tmp_path / "s.sqlite3") == "delete"
    store = open_store(sqlite_url(tmp_path / "s.sqlite3"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    store.engine.dispose()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"These are my notes, not a database.\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreOpenError, match="not an SV Desktop store"):
        open_store(sqlite_url(path))
    assert path.read_bytes() == before


def test_another_applications_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreOpenError, match="not an SV Desktop store"):
        open_store(sqlite_url(path))
    assert path.read_bytes() == before


def test_a_store_from_a_newer_version_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "newer.sqlite3"
    open_store(sqlite_url(path)).engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreOpenError, match="newer version of SV Desktop"):
        open_store(sqlite_url(path))
    assert path.read_bytes() == before


@pytest.mark.skipif(os.name == "nt" or (hasattr(os, "geteuid") and os.geteuid() == 0),
                    reason="root and Windows ignore the read-only permission bit")
def test_a_read_only_store_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "ro.sqlite3"
    open_store(sqlite_url(path)).engine.dispose()
    path.chmod(stat.S_IRUSR)
    with pytest.raises(StoreOpenError, match="cannot be written"):
        open_store(sqlite_url(path))


def test_an_unwritable_store_is_refused_with_a_reason(tmp_path, monkeypatch):
    """Checked through os.access so it also holds when tests run as root."""
    path = tmp_path / "ro.sqlite3"
    open_store(sqlite_url(path)).engine.dispose()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path and mode == os.W_OK
                        else real_access(p, mode))
    with pytest.raises(StoreOpenError, match="cannot be written"):
        open_store(sqlite_url(path))


def test_a_folder_in_place_of_the_store_is_refused(tmp_path):
    with pytest.raises(StoreOpenError, match="is a folder"):
        open_store(sqlite_url(tmp_path))


def test_migrating_an_older_store_keeps_its_data_and_takes_a_backup(tmp_path, monkeypatch):
    """Simulate a store one revision behind: the current one re-stamped as older, with data in it."""
    path = tmp_path / "old.sqlite3"
    store = open_store(sqlite_url(path))
    with store.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO contracts (reference, title, description, category, stage, vat_basis, extension_options, "
            "extension_months, notice_period_months, procurement_lead, contract_manager, notes, created_at, "
            "updated_at, version) VALUES ('OLD-1', 'Kept', '', 'other', 'pipeline', 'exc_vat', '', 0, 0, '', '', '', "
            "'2026-01-01', '2026-01-01', 1)"))
    store.engine.dispose()
    monkeypatch.setattr("sv_desktop.store.opening.REVISIONS", ("0000", *REVISIONS))
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0000'")
    connection.commit()
    connection.close()
    calls = []
    monkeypatch.setattr("sv_desktop.store.opening.upgrade", lambda engine: calls.append(engine))
    reopened = open_store(sqlite_url(path))
    assert calls and reopened.migrated_from == "0000"
    assert reopened.backup_path is not None and reopened.backup_path.exists()
    backup = sqlite3.connect(reopened.backup_path)
    assert backup.execute("SELECT title FROM contracts WHERE reference = 'OLD-1'").fetchone() == ("Kept",)
    backup.close()
    reopened.engine.dispose()


def test_upgrade_on_an_empty_database_builds_the_schema_the_models_describe(empty_store_url):
    """The migration and the typed models agree: Alembic's autogenerate finds nothing to change."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sv_desktop.store.models import Base

    store = open_store(empty_store_url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [d for d in compare_metadata(context, Base.metadata)]
    assert differences == []
    upgrade(store.engine)  # running it again is a no-op
    store.engine.dispose()


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("revision", [r for r in REVISIONS if r != HEAD])
def test_a_stored_database_of_every_earlier_schema_migrates_and_keeps_its_data(tmp_path, revision):
    """Fixture stores written by each earlier schema (TagStudio's practice): open, migrate, read back."""
    import shutil

    from sv_desktop.app import build_services

    path = tmp_path / "store.sqlite3"
    shutil.copyfile(FIXTURES / f"store-{revision}.sqlite3", path)
    services = build_services(sqlite_url(path))
    try:
        assert services.store.migrated_from == revision
        assert services.store.backup_path is not None and services.store.backup_path.exists()
        rows = {r.reference: r for r in services.pipeline.rows()}
        assert set(rows) == {"EF-001", "DD-002", "MD-003"}
        assert str(rows["DD-002"].total_value) == "8400000.50"
        detail = services.pipeline.find("EF-001")
        assert detail.data.supplier_names == ("Mercia Facilities Ltd",)
        assert detail.data.notes == "note £ & <b>"
        assert services.settings.load().decision_lead_time_months == 9
        supplier = services.suppliers.find("Mercia Facilities Ltd")  # new supplier columns get their defaults
        assert [c.reference for c in supplier.contracts] == ["EF-001"]
        if revision < "0003":
            assert (supplier.data.postcode, supplier.data.vcse, supplier.plan_count) == ("", False, 0)
        else:  # written with a carbon plan, its document and a tender deadline
            assert (supplier.data.postcode, supplier.plan_count) == ("LE1 7RH", 1)
            plan = services.carbon.plans(supplier.id)[0]
            assert str(plan.data.baseline[next(iter(plan.data.baseline))].tco2e) == "100.500"
            assert services.carbon.document(plan.id) == ("crp.pdf", b"%PDF-1.4 fixture plan")
            assert str(detail.data.tender_deadline) == "2025-01-31"
        if revision >= "0004":  # written with a commitment and a return
            commitment = services.delivery.commitments(detail.id)[0]
            assert (commitment.data.ref, str(commitment.data.target)) == ("1aii", "12.0000")
            assert commitment.returns[0].data.evidence_notes == "payroll £ & <b>"
        if revision >= "0005":  # written with an evaluation: a bidder, a member and a declaration
            evaluation = services.evaluation.require(services.pipeline.find("MD-003").id)
            assert [b.response_text for b in evaluation.bidders] == ["We commit to 5 apprenticeships by 2027 <b>"]
            assert evaluation.members[0].declared == {evaluation.bidders[0].id: (False, "")}
        if revision >= "0006":  # written with an audit event; the migration to 0007 keeps the history
            history = services.audit.for_contract(detail.id)
            assert any((e.user, e.old_value, e.new_value) == ("officer", "Old title", "Estates FM") for e in history)
        with services.store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            # 0007's notice columns take their defaults on existing contracts
            assert connection.execute(text(
                "SELECT ocid, buyer_name, regions, cpv_codes FROM contracts WHERE reference = 'EF-001'")).one() == \
                (None, "", "", "")
            assert connection.execute(text("SELECT count(*) FROM spend_lines")).scalar() == 0
    finally:
        services.close()


def test_every_earlier_schema_has_a_fixture_store():
    assert sorted(p.stem.removeprefix("store-") for p in FIXTURES.glob("store-*.sqlite3")) == \
        [r for r in REVISIONS if r != HEAD]


def _damage(path: Path) -> None:
    """Rubbish over every page but the first, so the file still starts like a SQLite database."""
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset:offset + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


def _store_with_a_backup(tmp_path):
    from sv_desktop.store.backup import make_backup

    path = tmp_path / "s.sqlite3"
    open_store(sqlite_url(path)).engine.dispose()
    return path, make_backup(path)


def test_a_damaged_store_is_refused_naming_the_newest_backup_and_left_alone(tmp_path):
    path, backup = _store_with_a_backup(tmp_path)
    _damage(path)
    before = path.read_bytes()
    with pytest.raises(StoreOpenError) as refused:
        open_store(sqlite_url(path))
    message = str(refused.value)
    assert "is damaged or incomplete" in message and "Nothing was changed" in message
    assert str(backup) in message and "sv-desktop" in message and "restore" in message
    assert path.read_bytes() == before
    left = {p.name for p in tmp_path.iterdir()} - {"s.sqlite3-wal", "s.sqlite3-shm"}  # SQLite's own, when reading
    assert left == {"backups", "s.sqlite3"}  # no copy, no new store


def test_a_truncated_store_is_refused_and_left_alone(tmp_path):
    path, backup = _store_with_a_backup(tmp_path)
    path.write_bytes(path.read_bytes()[:4096 + 512])
    before = path.read_bytes()
    with pytest.raises(StoreOpenError, match="damaged or incomplete") as refused:
        open_store(sqlite_url(path))
    assert str(backup) in str(refused.value)
    assert path.read_bytes() == before


def test_a_damaged_store_without_backups_says_where_none_were_found(tmp_path):
    path = tmp_path / "s.sqlite3"
    open_store(sqlite_url(path)).engine.dispose()
    _damage(path)
    with pytest.raises(StoreOpenError, match="No backup was found in .*backups"):
        open_store(sqlite_url(path))
