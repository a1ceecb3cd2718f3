"""Opening a store: check what the database is, migrate it if needed, hand back an engine.

Nothing is changed in a database that is not an SV Desktop store, is newer than
this build, or cannot be written: the officer gets a message instead.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from sv_desktop.domain.errors import UserFacingError
from sv_desktop.store.location import journal_mode_for, sqlite_path_from_url, sqlite_url
from sv_desktop.store.schema_version import HEAD, REVISIONS, STORE_MARKER

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class StoreOpenError(UserFacingError):
    """The store cannot be opened; the message says why and what to do."""


@dataclass(frozen=True)
class OpenedStore:
    engine: Engine
    url: str
    path: Path | None
    journal_mode: str | None
    created: bool  # the database was empty and got the schema now
    migrated_from: str | None  # the older revision an existing store was upgraded from
    backup_path: Path | None  # copy taken before migrating an existing SQLite store

    @property
    def description(self) -> str:
        """Where the data is, for Help → About and the status bar."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)


def _check_sqlite_file(path: Path) -> None:
    if path.exists():
        if path.is_dir():
            raise StoreOpenError(f"{path} is a folder, not an SV Desktop store file.")
        try:
            with path.open("rb") as handle:
                header = handle.read(16)
        except OSError as exc:
            raise StoreOpenError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
        if header and header != SQLITE_HEADER:
            raise StoreOpenError(
                f"{path} is not an SV Desktop store (it is not a SQLite database). Nothing was changed.")
        if not os.access(path, os.W_OK):
            raise StoreOpenError(
                f"{path} cannot be written (it is read-only or you lack permission). "
                "Copy it to a folder you can write to, or ask IT to fix the permission. Nothing was changed."
            )
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreOpenError(f"The folder {folder} cannot be created: {exc.strerror or exc}.") from exc
    if not os.access(folder, os.W_OK):
        raise StoreOpenError(
            f"The folder {folder} cannot be written, so the store there cannot be saved to. "
            "Choose a folder you can write to with --db. Nothing was changed."
        )


def _make_engine(url: str, path: Path | None) -> tuple[Engine, str | None]:
    if path is None and not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True), None
    journal = journal_mode_for(path) if path is not None else None
    engine = create_engine(url, connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised through every test
        # Let SQLAlchemy manage transactions; SQLite's own implicit BEGIN breaks pragmas.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if journal:
            cursor.execute(f"PRAGMA journal_mode={journal}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # pragma: no cover - exercised through every test
        connection.exec_driver_sql("BEGIN")

    return engine, journal


def _revision_of(tables: set[str], scalar: Callable[[str, dict], object]) -> str | None:
    """None for an empty database; the revision of an SV Desktop store; raise for anything else."""
    if not tables:
        return None
    if "sv_store_info" not in tables or "alembic_version" not in tables:
        raise StoreOpenError("This database is not an SV Desktop store (it holds other tables). Nothing was changed.")
    marker = scalar("SELECT value FROM sv_store_info WHERE key = :key", {"key": STORE_MARKER[0]})
    revision = scalar("SELECT version_num FROM alembic_version", {})
    if marker != STORE_MARKER[1]:
        raise StoreOpenError("This database is not an SV Desktop store. Nothing was changed.")
    if revision not in REVISIONS:
        raise StoreOpenError(
            f"This store was written by a newer version of SV Desktop (schema {revision}; "
            f"this version knows up to {HEAD}). Install the newer version to open it. Nothing was changed."
        )
    return str(revision)


def _sqlite_revision(path: Path) -> str | None:
    """Look at an SQLite file read-only, so a foreign or newer database is not touched at all."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    _recover_hot_journal(path)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreOpenError(f"{path} cannot be opened: {exc}. Nothing was changed.") from exc
    try:
        _quick_check(path, connection)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

        def scalar(sql: str, params: dict) -> object:
            row = connection.execute(sql, params).fetchone()
            return row[0] if row else None

        return _revision_of(tables, scalar)
    except sqlite3.DatabaseError as exc:
        raise StoreOpenError(f"{path} is not an SV Desktop store ({exc}). Nothing was changed.") from exc
    finally:
        connection.close()


def _recover_hot_journal(path: Path) -> None:
    """After a crash mid-save a rollback-journal store has a leftover journal, which a read-only
    connection cannot roll back (SQLITE_READONLY_ROLLBACK) and would mistake for damage. Any ordinary
    reader rolls it back (SQLite's own recovery, restoring the last committed state), so do that first."""
    journal = path.with_name(path.name + "-journal")
    try:
        if not journal.exists() or journal.stat().st_size == 0:
            return
        connection = sqlite3.connect(path)
    except (OSError, sqlite3.Error):
        return  # cannot write here: the read-only open that follows reports why
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass  # a damaged file: the integrity check that follows says so
    finally:
        connection.close()


def _quick_check(path: Path, connection: sqlite3.Connection) -> None:
    """Refuse a damaged or truncated store, naming the newest backup as the way forward."""
    try:
        problems = [str(row[0]) for row in connection.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems == ["ok"]:
        return
    raise StoreOpenError(damaged_store_message(path, "; ".join(problems)))


def damaged_store_message(path: Path, detail: str) -> str:
    """What to say about a damaged store: what was found, that it was left alone, and which backup to use."""
    from sv_desktop.store.backup import backup_folder, newest_backup

    message = (f"{path} is damaged or incomplete (the integrity check found: {detail}). "
               "Nothing was changed; keep the file, IT may be able to recover it.")
    newest = newest_backup(path)
    if newest is not None:
        return (f"{message} The newest backup is {newest.path} (taken {newest.taken_at:%d/%m/%Y %H:%M}): "
                f'restore it with: sv-desktop --db "{path}" restore "{newest.path}" '
                "(the damaged store is kept beside it), or open the backup itself with --db, "
                "or choose another store file.")
    return (f"{message} No backup was found in {backup_folder(path)}; open another store file with --db, "
            "or restore a copy of the store you kept elsewhere with: sv-desktop restore FILE.")


def _server_revision(engine: Engine) -> str | None:
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return _revision_of(tables, lambda sql, params: connection.execute(text(sql), params).scalar())


def upgrade(engine: Engine) -> None:
    """Run the Alembic migrations up to head on this engine (imports Alembic only now)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _backup_before_migration(path: Path, revision: str) -> Path:
    backup = path.with_name(f"{path.name}.before-schema-{HEAD}-from-{revision}.bak")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(backup)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return backup


def open_store(url: str) -> OpenedStore:
    """Open (creating or migrating as needed) the store at a SQLAlchemy URL."""
    path = sqlite_path_from_url(url)
    if path is not None:
        path = path.expanduser().absolute()
        _check_sqlite_file(path)
        url = sqlite_url(path)
    try:
        if path is not None:
            revision = _sqlite_revision(path)
            engine, journal = _make_engine(url, path)
        else:
            engine, journal = _make_engine(url, path)
            revision = _server_revision(engine)
    except StoreOpenError:
        raise
    except (DBAPIError, SQLAlchemyError) as exc:
        raise StoreOpenError(f"The store cannot be opened: {_reason(exc)}. Nothing was changed.") from exc
    backup = None
    if revision != HEAD:
        if revision is not None and path is not None:
            backup = _backup_before_migration(path, revision)
        try:
            upgrade(engine)
        except (DBAPIError, SQLAlchemyError) as exc:
            raise StoreOpenError(f"The store could not be brought up to date: {_reason(exc)}.") from exc
    migrated_from = revision if revision not in (None, HEAD) else None
    return OpenedStore(engine, url, path, journal, revision is None, migrated_from, backup)


def _reason(exc: Exception) -> str:
    original = getattr(exc, "orig", None)
    return str(original or exc).strip().rstrip(".")
