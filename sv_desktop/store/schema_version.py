"""The migration revisions this build knows, so start-up can skip Alembic when current.

A test checks these against the Alembic scripts in `migrations/versions`.
"""
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
STORE_MARKER = ("application", "sv-desktop")
