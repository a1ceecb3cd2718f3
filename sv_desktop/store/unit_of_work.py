"""One unit of work for every change: a session and a transaction, committed explicitly.

This is the single place later features hook in: the audit trail (who changed
what, in commit hooks) and optimistic locking (models carry a version column; a
stale write raises ConflictError here).

What changed: before every flush of a unit of work's session (the final one in
commit(), a service's own `session.flush()` and autoflushes alike) the ORM
objects created, the column changes of the modified ones (old → new, taken from
the attribute history, which the flush then resets) and the column values of
the deleted ones are noted in `session.info[CHANGES]` (a `PendingChanges`), so
the audit hook sees the whole transaction. Changes made with Core statements
(`session.execute(insert/update/delete)`: demo data, bulk clean-ups) and rows
removed by the database's ON DELETE CASCADE are not seen here.
`session.info["added"]` / `["deleted"]` stay what they were: what was pending at
commit time.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import RelationshipDirection, Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from sv_desktop.domain.errors import ConflictError
from sv_desktop.store.models import utc_now

CommitHook = Callable[[Session], None]
CHANGES = "changes"  # session.info key of the transaction's PendingChanges
IGNORED_TABLES = frozenset({"audit_events", "sv_store_info"})  # the trail itself and the store's marker
UNSET = object()  # the old value of a column that was never loaded (SQLAlchemy does not fetch it to overwrite it)
STALE = ("Someone else changed or deleted this record since you opened it. "
         "Reload it and make your change again.")


@dataclass
class PendingChanges:
    """What the ORM wrote in this transaction so far, noted before each flush.

    created: new objects (read them after the flush: ids and defaults are filled in);
    changed: id(obj) -> (obj, {column key: (old, new)}), the first old and the last new value;
    deleted: (obj, {column key: value}) as the object was just before it was deleted.
    """

    created: list[Any] = field(default_factory=list)
    changed: dict[int, tuple[Any, dict[str, tuple[Any, Any]]]] = field(default_factory=dict)
    deleted: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)


def _column_keys(obj: Any) -> list[str]:
    return [prop.key for prop in inspect(obj).mapper.column_attrs]


def _column_changes(obj: Any) -> dict[str, tuple[Any, Any]]:
    """{column key: (old, new)} of a modified object; a many-to-one set through its relationship
    (`contact.supplier = other`) counts as a change of the foreign key column it will write."""
    state = inspect(obj)
    found: dict[str, tuple[Any, Any]] = {}
    for key in _column_keys(obj):
        history = state.attrs[key].history
        if history.added:
            found[key] = (history.deleted[0] if history.deleted else UNSET, history.added[0])
    for relationship in state.mapper.relationships:
        if relationship.direction is not RelationshipDirection.MANYTOONE:
            continue
        history = state.attrs[relationship.key].history
        if not history.added:
            continue
        target = history.added[0]
        for local, remote in relationship.local_remote_pairs:
            key = state.mapper.get_property_by_column(local).key
            if key not in found:
                new = None if target is None else getattr(
                    target, inspect(target).mapper.get_property_by_column(remote).key)
                found[key] = (state.dict.get(key, UNSET), new)
    return found


def _snapshot(obj: Any) -> dict[str, Any]:
    """An object's column values just before its delete (loading what is not loaded, where it still can)."""
    state = inspect(obj)
    values: dict[str, Any] = {}
    for key in _column_keys(obj):
        if key in state.dict:
            values[key] = state.dict[key]
        else:
            try:
                values[key] = getattr(obj, key)
            except Exception:  # noqa: BLE001 - the row is already gone; record what is known
                continue
    return values


def _note_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """before_flush: add what this flush will write to session.info[CHANGES]."""
    changes = session.info.get(CHANGES)
    if changes is None:
        changes = session.info[CHANGES] = PendingChanges()
    for obj in session.new:
        if obj.__table__.name not in IGNORED_TABLES:
            changes.created.append(obj)
    for obj in session.dirty:
        if obj.__table__.name in IGNORED_TABLES or not session.is_modified(obj):
            continue
        found = _column_changes(obj)
        if not found:
            continue
        _, noted = changes.changed.setdefault(id(obj), (obj, {}))
        for key, (old, new) in found.items():
            noted[key] = (noted[key][0] if key in noted else old, new)
    for obj in session.deleted:
        if obj.__table__.name not in IGNORED_TABLES:
            changes.deleted.append((obj, _snapshot(obj)))


def touch(record: Any) -> None:
    """Count a change to a versioned record's own rows (a contract's supplier links, a supplier's contacts)
    as a change of the record: its version moves on at the next flush (only an UPDATE of its own row
    does that), so a save made from the version before is refused like any other stale save."""
    record.updated_at = utc_now()


class UnitOfWork:
    """`with uow_factory() as uow: ...; uow.commit()` - rolls back unless committed."""

    def __init__(self, session_factory: sessionmaker[Session], hooks: tuple[CommitHook, ...] = ()):
        self._session_factory = session_factory
        self._hooks = hooks
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.info.pop(CHANGES, None)
            self.session.close()
        if isinstance(exc, StaleDataError):  # a flush before commit() met someone else's newer version
            raise ConflictError(STALE) from exc

    def commit(self) -> None:
        """Run the before-commit hooks, then commit; a concurrent edit becomes ConflictError."""
        try:
            # Hooks see what this unit of work added (after the flush, session.new is empty).
            self.session.info["added"] = list(self.session.new)
            self.session.info["deleted"] = list(self.session.deleted)
            self.session.flush()
            for hook in self._hooks:
                hook(self.session)
            self.session.commit()
            self.session.info.pop(CHANGES, None)
        except StaleDataError as exc:
            self.session.rollback()
            self.session.info.pop(CHANGES, None)
            raise ConflictError(STALE) from exc


class UnitOfWorkFactory:
    """Makes units of work on one engine; the composition root builds exactly one."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _note_changes)
        self._hooks: list[CommitHook] = []
        self._last_hooks: list[CommitHook] = []

    def add_commit_hook(self, hook: CommitHook, *, last: bool = False) -> None:
        """Run `hook(session)` after the commit's flush; `last` hooks run after all the others
        (the audit trail, so that it also records what other hooks wrote)."""
        (self._last_hooks if last else self._hooks).append(hook)

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, (*self._hooks, *self._last_hooks))
