"""Backups of the open store: now, on close (rolling), listed, checked and restored.

Only SQLite stores have a file to back up. On PostgreSQL the server's own
backups apply, and every call here says so instead of doing anything.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sv_desktop.services.settings import OrganisationSettings, SettingsService
from sv_desktop.store import backup as store_backup
from sv_desktop.store.backup import BackupCheck, BackupError, BackupFile, RestoreResult, backup_name
from sv_desktop.store.instance_lock import store_in_use_by_another
from sv_desktop.store.location import sqlite_url
from sv_desktop.store.opening import OpenedStore, StoreOpenError, open_store
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

__all__ = ["BackupCheck", "BackupError", "BackupFile", "BackupService", "RestoreOutcome", "backup_name",
           "newest_backup_of", "restore_store", "SERVER_BACKUPS_MESSAGE", "AUTOMATIC_BACKUP_AGE"]

AUTOMATIC_BACKUP_AGE = timedelta(hours=24)
SERVER_BACKUPS_MESSAGE = (
    "This store is on a database server (PostgreSQL), so SV Desktop does not back it up or restore it: "
    "the server's own backups apply. Ask the server's administrator."
)


@dataclass(frozen=True)
class RestoreOutcome:
    result: RestoreResult
    migrated_from: str | None  # the restored file was older and was brought up to date on opening

    @property
    def previous_copy(self) -> Path | None:
        return self.result.previous_copy


def newest_backup_of(store_path: Path) -> BackupFile | None:
    """The newest backup of a store file that may not open (damaged, or from elsewhere), or None."""
    return store_backup.newest_backup(store_path)


def restore_store(backup_path: Path, store_path: Path, *, now: datetime | None = None) -> RestoreOutcome:
    """Restore a SQLite store from a backup without opening the current store first (it may be damaged).

    Refuses while another SV Desktop window has the store open. After the file
    is replaced, the store is opened as usual, which migrates an older backup.
    """
    holder = store_in_use_by_another(store_path)
    if holder is not None:
        who = f" ({holder.describe()})" if holder.pid else ""
        raise BackupError(f"SV Desktop is open on the store {store_path}{who}; close it before restoring. "
                          "Nothing was changed.")
    result = store_backup.restore(backup_path, store_path, now=now)
    try:
        reopened = open_store(sqlite_url(result.store_path))
    except StoreOpenError as exc:
        raise BackupError(f"The store was restored from {result.restored_from} but then could not be opened: {exc} "
                          f"The store as it was before is kept at {result.previous_copy}.") from exc
    reopened.engine.dispose()
    return RestoreOutcome(result, reopened.migrated_from)


class BackupService:
    """Backups of one opened store, the same for `sv-desktop backup` / `restore` and the File menu.

    `now` is injectable so tests can move the clock. `uow_factory` is the store's, whose commits
    `track_changes` notes once the desktop app starts working in the store.
    """

    def __init__(self, store: OpenedStore, settings: SettingsService | None = None, *,
                 now: Callable[[], datetime] = datetime.now, uow_factory: UnitOfWorkFactory | None = None):
        self.store = store
        self._settings = settings
        self._now = now
        self._uow_factory = uow_factory
        self._tracking: set[int] = set()
        self.changed = False

    # -- what and where ------------------------------------------------------------
    @property
    def available(self) -> bool:
        """Backups apply to SQLite store files only."""
        return self.store.path is not None

    @property
    def unavailable_reason(self) -> str:
        return "" if self.available else SERVER_BACKUPS_MESSAGE

    @property
    def folder(self) -> Path | None:
        return store_backup.backup_folder(self.store.path) if self.store.path is not None else None

    def _store_path(self) -> Path:
        if self.store.path is None:
            raise BackupError(SERVER_BACKUPS_MESSAGE)
        return self.store.path

    @property
    def keep(self) -> int:
        if self._settings is None:
            return OrganisationSettings().backups_to_keep
        return self._settings.load().backups_to_keep

    def track_changes(self, uow_factory: UnitOfWorkFactory | None = None) -> None:
        """Note every commit from now on through this unit-of-work factory (the store's own when none is
        given), so closing knows whether anything changed. Noting the same factory twice changes nothing."""
        factory = uow_factory if uow_factory is not None else self._uow_factory
        if factory is None or id(factory) in self._tracking:
            return
        self._tracking.add(id(factory))

        def _note(_session) -> None:
            self.changed = True

        factory.add_commit_hook(_note)

    # -- backing up ----------------------------------------------------------------
    def backups(self) -> list[BackupFile]:
        """This store's backups in its backups folder, newest first (empty on PostgreSQL)."""
        if self.store.path is None:
            return []
        found = store_backup.list_backups(store_backup.backup_folder(self.store.path), self.store.path.stem)
        return list(reversed(found))

    def newest(self) -> BackupFile | None:
        found = self.backups()
        return found[0] if found else None

    def default_backup_path(self) -> Path:
        """Where "Back up now" suggests writing: the backups folder, a name with the time."""
        path = self._store_path()
        return store_backup.backup_folder(path) / store_backup.backup_name(path, self._now())

    def backup_now(self, out: Path | None = None) -> Path:
        """Back up the store now: into its backups folder (then roll it) or to the file `out`."""
        path = self._store_path()
        folder = store_backup.backup_folder(path)
        written = store_backup.make_backup(path, folder, out=out, now=self._now())
        if written.parent.absolute() == folder.absolute():
            store_backup.prune(folder, self.keep, path.stem)
        return written

    def maybe_backup_on_close(self, changed: bool | None = None) -> Path | None:
        """On closing: back up when something changed and the newest backup is over 24 hours old."""
        if self.store.path is None:
            return None
        if not (self.changed if changed is None else changed):
            return None
        rolling = [b for b in self.backups() if b.kind == "backup"]
        if rolling and self._now() - rolling[0].taken_at < AUTOMATIC_BACKUP_AGE:
            return None
        return self.backup_now()

    # -- restoring -----------------------------------------------------------------
    def check(self, path: Path) -> BackupCheck:
        return store_backup.check_backup(Path(path))

    def restore(self, path: Path) -> RestoreOutcome:
        """Replace this store with the backup at `path` (checked first; the current store is kept as a copy).

        Closes the store's connections first. The window should then be restarted,
        since what it shows came from the store as it was.
        """
        store_path = self._store_path()
        problems = store_backup.check_backup_file(Path(path))
        if problems:
            raise BackupError(f"{path} cannot be restored: {'; '.join(problems)}. Nothing was changed.")
        self.store.engine.dispose()
        return restore_store(Path(path), store_path, now=self._now())
