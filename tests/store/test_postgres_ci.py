"""The PostgreSQL run of `bootstrap.py test`: skipped with one clear line when no server can start."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BOOTSTRAP = Path(__file__).resolve().parents[2] / "packaging" / "bootstrap.py"


@pytest.fixture
def bootstrap(monkeypatch):
    spec = importlib.util.spec_from_file_location("sv_bootstrap_under_test", BOOTSTRAP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.delenv("SV_DESKTOP_TEST_PG_URL", raising=False)
    return module


def test_no_postgresql_skips_with_a_reason_and_does_not_fail(bootstrap, monkeypatch, capsys):
    monkeypatch.setattr(bootstrap, "postgres_bin_dir", lambda: None)
    monkeypatch.setattr(bootstrap, "is_debian_like", lambda: False)
    monkeypatch.setattr(bootstrap, "ensure_psycopg", lambda: pytest.fail("no driver needed without a server"))

    assert bootstrap.run_postgres_tests({}) == 0

    lines = [line for line in capsys.readouterr().out.splitlines() if "PostgreSQL tests skipped" in line]
    assert len(lines) == 1 and "initdb" in lines[0]


def test_a_server_that_will_not_start_skips_and_is_cleaned_up(bootstrap, monkeypatch, capsys):
    folders = []

    class Refusing(bootstrap.ThrowawayPostgres):
        def __init__(self, bin_dir):
            self.bin_dir, self.folder, self.started, self.run_as = bin_dir, None, False, {}

        def start(self):
            self.folder = Path(bootstrap.tempfile.mkdtemp(prefix="sv-desktop-pg-test-"))
            folders.append(self.folder)
            raise bootstrap.PostgresUnavailable("pg_ctl start failed: could not bind IPv4 address")

    monkeypatch.setattr(bootstrap, "ensure_postgres_binaries", lambda: Path("/nonexistent"))
    monkeypatch.setattr(bootstrap, "ensure_psycopg", lambda: None)
    monkeypatch.setattr(bootstrap, "ThrowawayPostgres", Refusing)
    monkeypatch.setattr(bootstrap.subprocess, "call", lambda *a, **k: pytest.fail("no tests without a server"))

    assert bootstrap.run_postgres_tests({}) == 0

    assert "PostgreSQL tests skipped: pg_ctl start failed" in capsys.readouterr().out
    assert folders and not folders[0].exists()


def test_the_url_is_a_psycopg_url_on_loopback(bootstrap):
    server = object.__new__(bootstrap.ThrowawayPostgres)
    server.password, server.port = "pw", 54321
    assert server.url == "postgresql+psycopg://svdesktop:pw@127.0.0.1:54321/svdesktop"
