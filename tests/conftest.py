"""Shared fixtures: an offscreen Qt platform, a store URL per test, services over it.

Store tests take the database URL from the `store_url` fixture: a fresh SQLite
file by default, or a fresh schema on the PostgreSQL server named by
SV_DESKTOP_TEST_PG_URL, so the same tests run on both.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

REPO = Path(__file__).resolve().parent.parent
# The 120-release development sample (shared/data/ocds), kept with the tests so any checkout can run them.
OCDS_SAMPLE = REPO / "tests" / "fixtures" / "ocds" / "contracts-finder-releases.json"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test away from the real per-user data folder and settings."""
    home = tmp_path_factory.mktemp("sv-home")
    monkeypatch.setenv("SV_DESKTOP_HOME", str(home))
    monkeypatch.delenv("SV_DESKTOP_DB", raising=False)
    return home


def _postgres_url() -> str | None:
    return os.environ.get("SV_DESKTOP_TEST_PG_URL") or None


@pytest.fixture
def store_url(tmp_path):
    """A URL to an empty database: SQLite file, or a new PostgreSQL database when configured."""
    base = _postgres_url()
    if not base:
        yield f"sqlite+pysqlite:///{tmp_path / 'store.sqlite3'}"
        return
    from sqlalchemy import create_engine, text

    name = f"svtest_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    _drop_test_database(admin, name)
    admin.dispose()


def _drop_test_database(admin, name: str) -> None:
    """Drop a test's database. FORCE cannot end an autovacuum worker (a superuser's process) for a
    non-superuser role, so a refusal is retried briefly, then left to the throwaway server."""
    import time
    import warnings

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for attempt in range(10):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError as exc:
            last = exc
            time.sleep(0.2 * (attempt + 1))
    warnings.warn(f"test database {name} was left on the server: {last.orig}", stacklevel=2)


@pytest.fixture
def services(store_url):
    from sv_desktop.app import build_services

    built = build_services(store_url)
    yield built
    built.close()
