"""Shared fixtures: an offscreen Qt platform, a store URL per test, services over it.

Store tests take the database URL from the `store_url` fixture: a store that already has the
current schema, on SQLite by default, or on the PostgreSQL server named by SV_DESKTOP_TEST_PG_URL,
so the same tests run on both. `empty_store_url` is an empty database instead (nothing created
yet), for the tests of creating a store.

Building a store is the slow part of a test's set-up (the migrations take a fifth of a second on
SQLite and more on a server; demo data more again), so each kind of store is built once per test
process (per xdist worker) as a template and copied for each test: the SQLite file with a file copy,
the PostgreSQL database with CREATE DATABASE ... TEMPLATE. Every test still gets a store of its own.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

REPO = Path(__file__).resolve().parent.parent
# The 120-release development sample (shared/data/ocds), kept with the tests so any checkout can run them.
OCDS_SAMPLE = REPO / "tests" / "fixtures" / "ocds" / "contracts-finder-releases.json"


_SHARED_FIXTURE = re.compile(r"""scope\s*=\s*["'](module|class|package)["']""")


@functools.cache
def _shares_a_fixture(path: Path) -> bool:
    """The test module defines a module- (or class-) scoped fixture: its tests should run in one process."""
    try:
        return bool(_SHARED_FIXTURE.search(path.read_text(encoding="utf-8")))
    except OSError:
        return False


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist (-p no:xdist) there is nothing to schedule
def pytest_xdist_make_scheduler(config, log):
    """Under `-n` (bootstrap.py test gives one worker per core), hand out tests one at a time to whichever
    worker is free, as xdist's default `--dist load` does, except that the tests of a module with a
    module-scoped fixture go to one worker together, so an expensive shared set-up (the traced
    network-guard runs, the demo committee pack) is done once, not once per worker. Those modules are
    handed out first. (xdist's own `--dist loadgroup` does not group under pytest 9.2: pytest-xdist #1386.)
    Another `--dist` given on the command line is left to xdist."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModulesWithSharedFixtures(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if _shares_a_fixture(config.rootpath / module) else nodeid

    return ModulesWithSharedFixtures(config, log)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test away from the real per-user data folder and settings."""
    home = tmp_path_factory.mktemp("sv-home")
    monkeypatch.setenv("SV_DESKTOP_HOME", str(home))
    monkeypatch.delenv("SV_DESKTOP_DB", raising=False)
    return home


def _postgres_url() -> str | None:
    return os.environ.get("SV_DESKTOP_TEST_PG_URL") or None


def _server_url(base: str, database: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + database


class StoreTemplates:
    """Stores built once per test process and copied for each test that asks for one.

    A template is named by a key and filled by a function of the services over it (None: the schema
    only). On SQLite it is a file in this session's temporary folder and a copy is one file copy; on
    PostgreSQL it is a database on the test server and a copy is CREATE DATABASE ... TEMPLATE, which
    copies the template's files. Nothing else may be connected to a template while it is copied, so
    the services that filled it are closed first and no test ever opens a template itself.
    """

    def __init__(self, folder: Path, server: str | None) -> None:
        self.folder = folder
        self.server = server
        self.worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self._made: dict[str, str] = {}  # key -> SQLite file or template database name
        self._admin = None
        self.databases: list[str] = []  # every template database made, dropped at the end

    def admin(self):
        if self._admin is None:
            from sqlalchemy import create_engine

            # One pooled connection to the server's own database (never a template) for every CREATE and DROP.
            self._admin = create_engine(self.server, isolation_level="AUTOCOMMIT", pool_size=1)
        return self._admin

    def _execute(self, statement: str) -> None:
        from sqlalchemy import text

        with self.admin().connect() as connection:
            connection.execute(text(statement))

    @contextmanager
    def own_home(self) -> Iterator[None]:
        """An empty data folder of the session's own: for filling templates, whichever test asks first, and for
        module-scoped fixtures, which are set up before the test's own folder is."""
        before = os.environ.get("SV_DESKTOP_HOME")
        home = self.folder / "home"
        home.mkdir(exist_ok=True)
        os.environ["SV_DESKTOP_HOME"] = str(home)
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("SV_DESKTOP_HOME", None)
            else:
                os.environ["SV_DESKTOP_HOME"] = before

    def _template(self, key: str, fill: Callable | None) -> str:
        if key in self._made:
            return self._made[key]
        from sv_desktop.app import build_services
        from sv_desktop.store.location import sqlite_url
        from sv_desktop.store.opening import open_store

        if self.server is None:
            made = str(self.folder / f"{key}.sqlite3")
            url = sqlite_url(Path(made))
        else:
            made = f"svtpl_{self.worker}_{key}_{uuid.uuid4().hex[:8]}".lower().replace("-", "_")
            self._execute(f'CREATE DATABASE "{made}"')
            self.databases.append(made)
            url = _server_url(self.server, made)
        with self.own_home():
            if fill is None:
                open_store(url).engine.dispose()
            else:
                services = build_services(url)
                try:
                    fill(services)
                finally:
                    services.close()
        if self.server is None:
            leftovers = [p for p in self.folder.glob(f"{key}.sqlite3-*") if p.name.endswith(("-wal", "-journal"))]
            assert not leftovers, f"template {key} was not closed cleanly: {leftovers}"
        self._made[key] = made
        return made

    def new_store(self, key: str, fill: Callable | None, folder: Path) -> tuple[str, str | None]:
        """A new store copied from template `key`: (its URL, the server database name or None)."""
        made = self._template(key, fill)
        if self.server is None:
            from sv_desktop.store.location import sqlite_url

            target = folder / "store.sqlite3"
            shutil.copyfile(made, target)
            return sqlite_url(target), None
        name = f"svtest_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{made}"')
        return _server_url(self.server, name), name

    @contextmanager
    def shared_services(self, folder: Path, key: str = "schema", fill: Callable | None = None) -> Iterator:
        """Services over a store of their own for a module-scoped fixture: for tests that only read it."""
        from sv_desktop.app import build_services

        url, database = self.new_store(key, fill, folder)
        try:
            with self.own_home():
                services = build_services(url)
            try:
                yield services
            finally:
                services.close()
        finally:
            if database:
                self.drop(database)

    def empty_database(self) -> str:
        name = f"svtest_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}"')
        return name

    def drop(self, name: str) -> None:
        _drop_test_database(self.admin(), name)

    def close(self) -> None:
        if self._admin is not None:
            for name in self.databases:
                self.drop(name)
            self._admin.dispose()


@pytest.fixture(scope="session")
def store_templates(tmp_path_factory) -> Iterator[StoreTemplates]:
    templates = StoreTemplates(tmp_path_factory.mktemp("store-templates"), _postgres_url())
    yield templates
    templates.close()


@pytest.fixture
def empty_store_url(tmp_path, store_templates):
    """A URL to an empty database, nothing created in it yet: SQLite file, or a new PostgreSQL database."""
    if store_templates.server is None:
        yield f"sqlite+pysqlite:///{tmp_path / 'store.sqlite3'}"
        return
    name = store_templates.empty_database()
    yield _server_url(store_templates.server, name)
    store_templates.drop(name)


@pytest.fixture
def new_store(tmp_path, store_templates, request):
    """Make the test's store from a template: `new_store(key, fill)` returns its URL (one store per test).

    `fill(services)` writes what every copy holds (demo data, say); it runs once per test process,
    so it must depend on nothing but its key.
    """
    made: list[str | None] = []

    def make(key: str = "schema", fill: Callable | None = None) -> str:
        assert not made, "a test has one store: ask for store_url, services or one seeded fixture"
        url, name = store_templates.new_store(key, fill, tmp_path)
        made.append(name)
        return url

    yield make
    for name in made:
        if name is not None:
            store_templates.drop(name)


@pytest.fixture
def store_url(new_store):
    """A URL to a store of its own with the current schema and no data (a copy of a migrated template)."""
    return new_store()


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


@pytest.fixture
def seeded_services(new_store):
    """`seeded_services(key, fill)`: services over a copy of a store filled once per test process by `fill`."""
    from sv_desktop.app import build_services

    opened = []

    def make(key: str, fill: Callable) -> object:
        built = build_services(new_store(key, fill))
        opened.append(built)
        return built

    yield make
    for built in opened:
        built.close()


CLI_DEMO_CONTRACTS = 30


@pytest.fixture(scope="session")
def _cli_demo_template(tmp_path_factory) -> Path:
    """The store `sv-desktop demo --contracts 30` writes, made once per test process by the command itself."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("cli-demo")
    store = folder / "demo.sqlite3"
    env = {key: value for key, value in os.environ.items() if not key.startswith("SV_DESKTOP_")}
    env["SV_DESKTOP_HOME"] = str(folder / "home")
    result = subprocess.run([sys.executable, "-m", "sv_desktop", "--db", str(store), "demo", "--contracts",
                             str(CLI_DEMO_CONTRACTS)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"Loaded {CLI_DEMO_CONTRACTS} demo contracts" in result.stdout
    return store


@pytest.fixture
def cli_demo_store(_cli_demo_template, tmp_path) -> Path:
    """A store of this test's own holding what `sv-desktop demo --contracts 30` writes (CLI_DEMO_CONTRACTS):
    a copy of one made once, for the command-line tests that only need some demo data to work on."""
    store = tmp_path / "demo.sqlite3"
    shutil.copyfile(_cli_demo_template, store)
    return store
