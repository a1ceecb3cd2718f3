"""Backups of a SQLite store: copies taken with SQLite's online backup API, checked, rolled, restored.

A backup is a complete, single-file SQLite store (rollback journal, no -wal
beside it) that SV Desktop can open as it is. Backups live in a `backups`
folder beside the store and are named after the store and the local time they
were taken, so the newest sorts last and an officer can tell them apart:
`sv-desktop-20260314-101500.sqlite3`. Before a restore replaces the store, the
current store is copied there too as `sv-desktop-before-restore-<time>.sqlite3`;
those copies are never rolled away automatically.

No Qt here: the command line, the services and the window share this code.
PostgreSQL stores have no file: the server's own backups apply.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sv_desktop.domain.errors import UserFacingError
from sv_desktop.store.schema_version import HEAD, REVISIONS, STORE_MARKER

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_FOLDER_NAME = "backups"
BACKUP_SUFFIX = ".sqlite3"
BEFORE_RESTORE = "before-restore"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+?)-(?:(?P<kind>before-restore)-)?(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$"
)


class BackupError(UserFacingError):
    """A backup or restore could not be done; the message says why and what was (not) changed."""


@dataclass(frozen=True)
class BackupFile:
    """One backup in a backups folder."""

    path: Path
    taken_at: datetime  # local time, from the name
    size: int
    kind: str = "backup"  # "backup" (rolled) or "before-restore" (kept until the officer deletes it)

    @property
    def label(self) -> str:
        return f"{self.path.name} (taken {self.taken_at:%d/%m/%Y %H:%M}, {_size_text(self.size)})"


@dataclass(frozen=True)
class BackupCheck:
    """What a file offered for restoring is: the reasons it cannot be restored, or what it holds."""

    path: Path
    reasons: tuple[str, ...]
    revision: str | None = None
    contracts: int | None = None

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def older_schema(self) -> bool:
        return self.revision is not None and self.revision != HEAD


@dataclass(frozen=True)
class RestoreResult:
    store_path: Path
    restored_from: Path
    previous_copy: Path | None  # the store as it was before the restore; None when there was none
    revision: str | None  # the schema revision of the restored file (older ones are migrated on opening)


def backup_folder(store_path: Path) -> Path:
    """The `backups` folder beside the store."""
    return Path(store_path).parent / BACKUP_FOLDER_NAME


def backup_name(store_path: Path, when: datetime, kind: str = "backup") -> str:
    middle = f"-{BEFORE_RESTORE}" if kind == BEFORE_RESTORE else ""
    return f"{Path(store_path).stem}{middle}-{when.strftime(STAMP_FORMAT)}{BACKUP_SUFFIX}"


def _free_name(folder: Path, name: str) -> Path:
    """`name` in `folder`, or name-2, name-3... when a backup was already taken in the same second."""
    candidate = folder / name
    stem, suffix = name[: -len(BACKUP_SUFFIX)], BACKUP_SUFFIX
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def _copy_with_backup_api(source_path: Path, target: Path) -> None:
    """Copy a consistent snapshot of `source_path` (WAL content included) into a new single-file store."""
    staging = target.with_name(target.name + ".partial")
    staging.unlink(missing_ok=True)
    try:
        with _read_only(source_path) as source:
            destination = sqlite3.connect(staging)
            try:
                source.backup(destination)
                destination.execute("PRAGMA journal_mode=DELETE")
                destination.commit()
            finally:
                destination.close()
        os.replace(staging, target)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def make_backup(store_path: Path, folder: Path | None = None, *, out: Path | None = None,
                now: datetime | None = None, kind: str = "backup") -> Path:
    """Back up the store into `folder` (default: its backups folder) under a timestamped name, or to `out`.

    Uses SQLite's online backup API, so it is safe while the store is open, and
    checks the copy before handing it back. Never overwrites an existing file.
    """
    store_path = Path(store_path)
    if not store_path.is_file():
        raise BackupError(f"There is no store at {store_path} to back up.")
    when = now or datetime.now()
    if out is not None:
        target = Path(out)
        if target.exists():
            raise BackupError(f"{target} already exists; choose another name. Nothing was written.")
    else:
        folder = Path(folder) if folder is not None else backup_folder(store_path)
        target = _free_name(folder, backup_name(store_path, when, kind))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_with_backup_api(store_path, target)
    except sqlite3.Error as exc:
        raise BackupError(f"The store {store_path} could not be backed up: {exc}.") from exc
    except OSError as exc:
        raise BackupError(f"The backup {target} could not be written: {exc.strerror or exc}.") from exc
    check = check_backup(target)
    if not check.ok:
        target.unlink(missing_ok=True)
        raise BackupError(f"The backup of {store_path} failed its check ({'; '.join(check.reasons)}); "
                          "it was not kept.")
    return target


def list_backups(folder: Path, store_name: str | None = None) -> list[BackupFile]:
    """The backups in `folder` (of the store whose file stem is `store_name`, if given), oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: list[tuple[BackupFile, int]] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        if store_name is not None and match["stem"] != store_name:
            continue
        try:
            taken = datetime.strptime(match["stamp"], STAMP_FORMAT)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append((BackupFile(entry, taken, size, BEFORE_RESTORE if match["kind"] else "backup"),
                      int(match["n"] or 1)))
    found.sort(key=lambda pair: (pair[0].taken_at, pair[1]))
    return [backup for backup, _n in found]


def newest_backup(store_path: Path) -> BackupFile | None:
    """The newest backup of this store in its backups folder (either kind), or None."""
    backups = list_backups(backup_folder(store_path), Path(store_path).stem)
    return backups[-1] if backups else None


def prune(folder: Path, keep: int, store_name: str | None = None) -> list[Path]:
    """Delete all but the newest `keep` rolling backups; before-restore copies are never deleted."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    rolling = [b for b in list_backups(folder, store_name) if b.kind == "backup"]
    removed = []
    for old in rolling[:-keep]:
        try:
            old.path.unlink()
        except OSError:
            continue
        removed.append(old.path)
    return removed


def check_backup(path: Path) -> BackupCheck:
    """Is this file a whole, undamaged SV Desktop store this build can open? Read-only: nothing is changed."""
    path = Path(path)
    if not path.exists():
        return BackupCheck(path, ("the file does not exist",))
    if path.is_dir():
        return BackupCheck(path, ("it is a folder, not a file",))
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        return BackupCheck(path, (f"it cannot be read: {exc.strerror or exc}",))
    if header != SQLITE_HEADER:
        return BackupCheck(path, ("it is not an SV Desktop store (it is not a SQLite database)",))
    try:
        with _read_only(path) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                return BackupCheck(path, (f"it is damaged (the integrity check found: {'; '.join(problems)})",))
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return BackupCheck(path, ("it is an empty database, not an SV Desktop store",))
            if "sv_store_info" not in tables or "alembic_version" not in tables:
                return BackupCheck(path, ("it is not an SV Desktop store (it holds another application's tables)",))
            marker = connection.execute("SELECT value FROM sv_store_info WHERE key = ?", (STORE_MARKER[0],)).fetchone()
            if not marker or marker[0] != STORE_MARKER[1]:
                return BackupCheck(path, ("it is not an SV Desktop store",))
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
            if revision not in REVISIONS:
                return BackupCheck(path, (
                    f"it was written by a newer version of SV Desktop (schema {revision}; this version knows up "
                    f"to {HEAD}); install the newer version to use it",), revision)
            contracts = None
            if "contracts" in tables:
                contracts = connection.execute("SELECT count(*) FROM contracts").fetchone()[0]
    except sqlite3.Error as exc:
        return BackupCheck(path, (f"it is damaged or unreadable ({exc})",))
    return BackupCheck(path, (), revision, contracts)


def check_backup_file(path: Path) -> list[str]:
    """The reasons this file cannot be restored; empty when it can."""
    return list(check_backup(path).reasons)


def _copy_current_store(store_path: Path, folder: Path, now: datetime) -> Path | None:
    """Keep the store as it is now, before it is replaced: a clean copy, or the raw files if it is damaged."""
    if not store_path.exists() or store_path.stat().st_size == 0:
        return None
    try:
        return make_backup(store_path, folder, now=now, kind=BEFORE_RESTORE)
    except BackupError:
        pass  # a damaged store cannot be read through SQLite: keep its bytes as they are
    target = _free_name(folder, backup_name(store_path, now, BEFORE_RESTORE))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(store_path, target)
        wal = store_path.with_name(store_path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"The current store could not be copied before restoring ({exc.strerror or exc}). "
                          "Nothing was changed.") from exc
    return target


def restore(backup_path: Path, store_path: Path, *, folder: Path | None = None,
            now: datetime | None = None) -> RestoreResult:
    """Replace the store with a checked backup, keeping a copy of the current store first.

    The caller closes every connection to the store first (dispose the engine).
    Refuses, changing nothing, when the file is not a whole SV Desktop store this
    build can open. The restored store is a plain file; opening it as usual
    migrates it when it is older.
    """
    backup_path, store_path = Path(backup_path).absolute(), Path(store_path).absolute()
    check = check_backup(backup_path)
    if not check.ok:
        raise BackupError(f"{backup_path} cannot be restored: {'; '.join(check.reasons)}. Nothing was changed.")
    if store_path.exists() and backup_path.exists() and os.path.samefile(backup_path, store_path):
        raise BackupError(f"{backup_path} is the store itself, not a backup of it. Nothing was changed.")
    when = now or datetime.now()
    folder = Path(folder) if folder is not None else backup_folder(store_path)
    previous = _copy_current_store(store_path, folder, when)
    staging = store_path.with_name(store_path.name + ".restoring")
    try:
        _copy_with_backup_api(backup_path, staging)
    except (sqlite3.Error, OSError) as exc:
        staging.unlink(missing_ok=True)
        raise BackupError(f"{backup_path} could not be read for restoring ({exc}). Nothing was changed.") from exc
    try:
        # A -wal left beside the new file would be replayed into it: remove it (its content is in `previous`).
        for extra in ("-wal", "-shm", "-journal"):
            store_path.with_name(store_path.name + extra).unlink(missing_ok=True)
        os.replace(staging, store_path)
    except OSError as exc:
        staging.unlink(missing_ok=True)
        kept = f" The store as it was is kept at {previous}." if previous else ""
        raise BackupError(f"The store {store_path} could not be replaced ({exc.strerror or exc}); "
                          f"close every program using it and try again.{kept}") from exc
    return RestoreResult(store_path, backup_path, previous, check.revision)
