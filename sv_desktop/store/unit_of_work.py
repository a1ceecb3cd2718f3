"""One unit of work for every change: a session and a transaction, committed explicitly.

This is the single place later features hook in: the audit trail (who changed
what, in `before_commit` hooks) and optimistic locking (models carry a version
column; a stale write raises ConflictError here).
"""
from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from sv_desktop.domain.errors import ConflictError

CommitHook = Callable[[Session], None]


class UnitOfWork:
    """`with uow_factory() as uow: ...; uow.commit()` - rolls back unless committed."""

    def __init__(self, session_factory: sessionmaker[Session], hooks: tuple[CommitHook, ...] = ()):
        self._session_factory = session_factory
        self._hooks = hooks
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
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
            self.session.close()

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
        except StaleDataError as exc:
            self.session.rollback()
            raise ConflictError(
                "Someone else changed or deleted this record since you opened it. "
                "Reload it and make your change again."
            ) from exc


class UnitOfWorkFactory:
    """Makes units of work on one engine; the composition root builds exactly one."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._hooks: list[CommitHook] = []

    def add_commit_hook(self, hook: CommitHook) -> None:
        self._hooks.append(hook)

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, tuple(self._hooks))
