#!/usr/bin/env python3
"""Set up SV Desktop from a fresh checkout, then open the app or run the tests.

    python3 packaging/bootstrap.py run  [app options]     set up and open SV Desktop
    python3 packaging/bootstrap.py test [pytest options]  set up and run the whole test suite
    python3 packaging/bootstrap.py build                  set up, build the one-folder bundle, smoke-test it

Needs only Python 3.11+. It makes a virtual environment in .venv, installs the
project into it (again only when pyproject.toml changes) and, on Debian or
Ubuntu, the system libraries Qt needs: with apt-get when run as root, otherwise
it prints the exact apt-get line to run. Works the same on Windows
(`py packaging\\bootstrap.py run`) and macOS, where no system packages are needed.

After the suite passes on SQLite, `test` runs the store and integration tests
(tests/store, tests/services) again on a throwaway PostgreSQL server of its
own: a cluster in a temporary folder, listening on 127.0.0.1 on a free port,
removed afterwards. It installs PostgreSQL with apt-get when run as root on
Debian/Ubuntu, and uses the PostgreSQL already installed otherwise; when no
server can be started it says why ("PostgreSQL tests skipped: ...") and the
run does not fail on that account.

`build` (and `test`, once the suite passes) builds the one-folder bundle with
PyInstaller (packaging/sv_desktop.spec, into build/dist/sv-desktop) and runs
the bundled programs from outside the checkout: --version, demo, the committee
pack, a check, an export and a window start. On Linux PyInstaller needs
binutils (objdump, objcopy), installed like the Qt libraries.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_build  # noqa: E402 - beside this file, standard library only
import bundle_contents  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".sv-desktop-installed"

# Qt's libraries on a bare Debian/Ubuntu (ENGINEERING.md). Each entry lists the
# package names to try in turn: Debian 13 / Ubuntu 24.04 renamed some (t64).
QT_OFFSCREEN = [
    ("libglib2.0-0t64", "libglib2.0-0"),
    ("libgl1",),
    ("libegl1",),
    ("libfontconfig1",),
    ("libxkbcommon0",),
    ("libdbus-1-3",),
]
QT_WINDOW = [
    ("libxcb-cursor0",), ("libxcb-icccm4",), ("libxcb-keysyms1",), ("libxcb-image0",),
    ("libxcb-render-util0",), ("libxcb-shape0",), ("libxkbcommon-x11-0",), ("libx11-xcb1",),
]
# strace: the network guard (tests/packaging/test_network_guard.py) traces every connect().
TEST_TOOLS = [("poppler-utils",), ("xvfb",), ("xauth",), ("strace",)]
# PyInstaller reads and writes Linux executables with objdump and objcopy.
BUILD_TOOLS = [("binutils",)]

# The tests that take their database from the store_url fixture, run again on PostgreSQL.
POSTGRES_TEST_PATHS = ["tests/store", "tests/services"]
# pytest options after `test` that choose the processes themselves, or need the one process (a debugger):
# with any of them the run gets no `-n` of ours.
WORKER_OPTIONS = ("-n", "--numprocesses", "--tx", "--pdb", "--trace", "no:xdist")


def say(message: str) -> None:
    print(f"[sv-desktop setup] {message}", flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def is_debian_like() -> bool:
    return sys.platform.startswith("linux") and shutil.which("dpkg") is not None and shutil.which("apt-get") is not None


def dpkg_installed(name: str) -> bool:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
    return result.returncode == 0 and "install ok installed" in result.stdout


def apt_known(name: str) -> bool:
    result = subprocess.run(["apt-cache", "show", "--no-all-versions", name], capture_output=True, text=True)
    return result.returncode == 0 and bool(result.stdout.strip())


def missing_packages(groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return [names for names in groups if not any(dpkg_installed(name) for name in names)]


def ensure_system_packages(groups: list[tuple[str, ...]]) -> None:
    """Install what Qt (and the tests) need on Debian/Ubuntu, or say exactly how."""
    if not is_debian_like():
        return
    missing = missing_packages(groups)
    if not missing:
        return
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not is_root:
        names = " ".join(names[-1] if len(names) > 1 else names[0] for names in missing)
        say("Qt needs system libraries that are not installed. Run this, then run this command again:")
        print(f"\n    sudo apt-get update && sudo apt-get install -y --no-install-recommends {names}\n")
        print("(On Debian 13 / Ubuntu 24.04 and later, use libglib2.0-0t64 instead of libglib2.0-0.)")
        raise SystemExit(1)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    say("Installing system libraries: apt-get update")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    chosen = []
    for names in missing:
        known = [name for name in names if apt_known(name)]
        if not known:
            raise SystemExit(f"None of {', '.join(names)} is available from apt; cannot set up Qt.")
        chosen.append(known[0])
    say("Installing: " + " ".join(chosen))
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *chosen], check=True, env=env)


def ensure_venv() -> None:
    if venv_python().exists():
        return
    say(f"Creating the virtual environment in {VENV}")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        if is_debian_like():
            version = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                say(f"Python's venv module is missing; installing {version}")
                env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
                subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
                subprocess.run(["apt-get", "install", "-y", "-qq", version], check=True, env=env)
                venv.EnvBuilder(with_pip=True).create(VENV)
                return
            raise SystemExit(f"Python's venv module is missing. Run: sudo apt-get install -y {version}") from exc
        raise SystemExit(f"Could not create a virtual environment: {exc}") from exc


def ensure_project(extras: str) -> None:
    """pip install -e .[extras], skipped when nothing it depends on has changed."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    python = str(venv_python())
    say("Installing SV Desktop and its dependencies into .venv (first run takes a minute)")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([python, "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


class PostgresUnavailable(Exception):
    """A reason the PostgreSQL run cannot happen on this machine; the run is skipped, not failed."""


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _tail(text: str | bytes | None, lines: int = 3) -> str:
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    kept = [line.strip() for line in (text or "").strip().splitlines() if line.strip()][-lines:]
    return " / ".join(kept) or "no output"


def postgres_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's /usr/lib/postgresql/N/bin (newest), else PATH."""
    def major(path: Path) -> tuple[int, str]:
        name = path.parent.name
        return (int(name), name) if name.isdigit() else (0, name)

    suffix = ".exe" if os.name == "nt" else ""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=major, reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    initdb = shutil.which("initdb")
    if initdb:
        folder = Path(initdb).resolve().parent
        if (folder / f"pg_ctl{suffix}").exists() and (folder / f"psql{suffix}").exists():
            return folder
    return None


def ensure_postgres_binaries() -> Path:
    """PostgreSQL's server programs, installed with apt-get (as root on Debian/Ubuntu) when missing."""
    folder = postgres_bin_dir()
    if folder:
        return folder
    if not is_debian_like():
        raise PostgresUnavailable("no PostgreSQL server programs (initdb, pg_ctl) found; install PostgreSQL to run them")
    if not is_root():
        raise PostgresUnavailable("PostgreSQL is not installed; run `sudo apt-get install -y postgresql` to run them")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]
    say("Installing PostgreSQL for the shared-store tests: apt-get install postgresql")
    result = subprocess.run(install, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        say("apt-get install failed; running apt-get update and trying again")
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, text=True, env=env)
        result = subprocess.run(install, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise PostgresUnavailable(f"apt-get install postgresql failed: {_tail(result.stderr or result.stdout)}")
    folder = postgres_bin_dir()
    if not folder:
        raise PostgresUnavailable("PostgreSQL was installed but initdb and pg_ctl were not found")
    return folder


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayPostgres:
    """A private PostgreSQL cluster in a temporary folder on 127.0.0.1, for one test run.

    It never touches a server already installed on the machine (its own data
    folder, port and socket folder). As root the server runs as the unprivileged
    `postgres` user, because PostgreSQL refuses to run as root.
    """

    ROLE = "svdesktop"
    DATABASE = "svdesktop"

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder: Path | None = None
        self.data: Path | None = None
        self.port = 0
        self.password = secrets.token_hex(16)
        self.admin_password = secrets.token_hex(16)
        self.started = False
        self.run_as: dict = {}
        if is_root():
            import pwd

            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("running as root and there is no `postgres` user to run the server as")
            self.run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
            self.owner = (account.pw_uid, account.pw_gid)
        else:
            self.owner = None

    def _program(self, name: str) -> str:
        return str(self.bin_dir / (name + (".exe" if os.name == "nt" else "")))

    def _run(self, what: str, command: list[str], **extra) -> subprocess.CompletedProcess:
        env = dict(os.environ, LC_ALL="C", PGPASSWORD=self.admin_password)
        env.pop("PGDATA", None)
        try:
            result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, env=env,
                                    timeout=120, **self.run_as, **extra)
        except (OSError, subprocess.SubprocessError) as exc:
            raise PostgresUnavailable(f"{what} could not run: {exc}")
        if result.returncode != 0:
            raise PostgresUnavailable(f"{what} failed: {_tail(result.stderr or result.stdout)}")
        return result

    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sv-desktop-pg-"))
        if self.owner:
            os.chown(self.folder, *self.owner)
        self.data = self.folder / "data"
        password_file = self.folder / "admin-password"
        password_file.write_text(self.admin_password + "\n")
        password_file.chmod(0o600)
        if self.owner:
            os.chown(password_file, *self.owner)
        self._run("initdb", [self._program("initdb"), "-D", str(self.data), "-U", "postgres",
                             f"--pwfile={password_file}", "--auth=scram-sha-256", "-E", "UTF8",
                             "--no-locale", "--no-sync"])
        password_file.unlink()
        # A throwaway cluster: durability settings off make CREATE DATABASE per test fast.
        options = "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        if os.name != "nt":
            options += f" -k {self.folder}"
        last_error = None
        for _attempt in range(3):
            self.port = free_port()
            try:
                self._run("pg_ctl start", [self._program("pg_ctl"), "-D", str(self.data), "-l",
                                           str(self.folder / "server.log"), "-w", "-t", "60",
                                           "-o", f"-p {self.port} {options}", "start"])
                self.started = True
                break
            except PostgresUnavailable as exc:
                last_error = exc
        if not self.started:
            log = self.folder / "server.log"
            detail = _tail(log.read_text(errors="replace")) if log.exists() else ""
            raise PostgresUnavailable(f"{last_error}{' (' + detail + ')' if detail else ''}")
        psql = [self._program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-c"]
        # Separate commands: CREATE DATABASE cannot run inside the transaction one -c with two statements makes.
        self._run("creating the test role", psql + [
            f"CREATE ROLE {self.ROLE} LOGIN CREATEDB PASSWORD '{self.password}'"])
        self._run("creating the test database", psql + [
            f"CREATE DATABASE {self.DATABASE} OWNER {self.ROLE}"])

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.ROLE}:{self.password}@127.0.0.1:{self.port}/{self.DATABASE}"

    def version(self) -> str:
        try:
            return self._run("pg_ctl --version", [self._program("pg_ctl"), "--version"]).stdout.strip()
        except PostgresUnavailable:
            return "PostgreSQL"

    def stop(self) -> None:
        if self.started:
            try:
                self._run("pg_ctl stop", [self._program("pg_ctl"), "-D", str(self.data), "-m", "fast",
                                          "-w", "-t", "60", "stop"])
            except PostgresUnavailable as exc:
                say(f"Could not stop the test PostgreSQL server cleanly: {exc}")
            self.started = False
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def cores() -> int:
    """The processor cores this process may use (a container's limit, not the host's count)."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def worker_options(rest: list[str]) -> list[str]:
    """`-n N` (pytest-xdist, one worker per core) unless the options given already say how to run."""
    if any(arg == option or arg.startswith(option) for arg in rest for option in WORKER_OPTIONS):
        return []
    count = cores()
    return ["-n", str(count)] if count > 1 else []


def ensure_psycopg() -> None:
    """The PostgreSQL driver in .venv: the project's `postgres` extra, installed only for this run."""
    python = str(venv_python())
    if subprocess.run([python, "-c", "import psycopg"], capture_output=True).returncode == 0:
        return
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = pyproject["project"]["optional-dependencies"]["postgres"]
    say("Installing the PostgreSQL driver into .venv: " + " ".join(requirements))
    result = subprocess.run([python, "-m", "pip", "install", "--quiet", *requirements],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PostgresUnavailable(f"could not install the driver ({' '.join(requirements)}): "
                                  f"{_tail(result.stderr or result.stdout)}")


def run_postgres_tests(env: dict[str, str]) -> int:
    """The store and integration tests on a throwaway PostgreSQL server; 0 when skipped."""
    if os.environ.get("SV_DESKTOP_TEST_PG_URL"):
        say("PostgreSQL tests skipped: the suite already ran against SV_DESKTOP_TEST_PG_URL")
        return 0
    server = None
    try:
        try:
            bin_dir = ensure_postgres_binaries()
            ensure_psycopg()
            server = ThrowawayPostgres(bin_dir)
            started = time.monotonic()
            server.start()
        except (PostgresUnavailable, OSError) as exc:
            say(f"PostgreSQL tests skipped: {exc}")
            return 0
        say(f"Running the store and integration tests again on PostgreSQL ({server.version()}, "
            f"127.0.0.1:{server.port}, started in {time.monotonic() - started:.1f} s): "
            + " ".join(POSTGRES_TEST_PATHS))
        began = time.monotonic()
        code = subprocess.call([str(venv_python()), "-m", "pytest", *worker_options([]), *POSTGRES_TEST_PATHS],
                               cwd=ROOT, env=dict(env, SV_DESKTOP_TEST_PG_URL=server.url))
        outcome = "passed" if code == 0 else f"FAILED (pytest exit status {code})"
        say(f"PostgreSQL run {outcome} in {time.monotonic() - began:.0f} s")
        return code
    finally:
        if server:
            server.stop()


def build_and_smoke_test(reuse: bool = False) -> int:
    """Build the one-folder bundle and run it; 0 when it built and every smoke step passed.

    With `reuse` (the test run), a bundle already built from exactly the same inputs (bundle_build.inputs_digest:
    the package, resources, packaging/, pyproject.toml and every installed distribution) is not built again;
    it is still smoke-tested. A fresh checkout (CI) has no build/ folder, so it always builds."""
    try:
        digest = bundle_build.inputs_digest(venv_python())
        if reuse and bundle_build.built_from(digest):
            say(f"The bundle in {bundle_build.BUNDLE.relative_to(ROOT)} was built from these same sources and "
                "packages: not rebuilt (`bootstrap.py build` or deleting build/ rebuilds it); running it")
        else:
            say(f"Building the one-folder bundle with PyInstaller into {bundle_build.BUNDLE.relative_to(ROOT)}")
            seconds = bundle_build.build(venv_python(), digest)
            say(f"Bundle built in {seconds:.0f} s ({bundle_build.bundle_size() / 2**20:.0f} MiB); running it")
        began = time.monotonic()
        steps = bundle_build.smoke_test(bundle_contents.app_version(ROOT))
    except bundle_build.BundleError as exc:
        say(f"Bundle FAILED: {exc}")
        return 1
    say(f"Bundle smoke test passed in {time.monotonic() - began:.0f} s: " + ", ".join(steps))
    return 0


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        raise SystemExit(f"SV Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not argv or argv[0] not in ("run", "test", "build"):
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    if action == "run":
        ensure_system_packages(QT_OFFSCREEN + QT_WINDOW)
        ensure_venv()
        ensure_project("")
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
                and not os.environ.get("QT_QPA_PLATFORM") and not rest:
            say("No display found. On a server, run it under xvfb-run, or use a headless command "
                "such as: .venv/bin/sv-desktop catalogue")
        return subprocess.call([str(venv_python()), "-m", "sv_desktop", *rest], cwd=ROOT)
    if action == "build":
        ensure_system_packages(QT_OFFSCREEN + BUILD_TOOLS)
        ensure_venv()
        ensure_project("build")
        return build_and_smoke_test()
    ensure_system_packages(QT_OFFSCREEN + TEST_TOOLS + BUILD_TOOLS)
    ensure_venv()
    ensure_project("test,build")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    workers = worker_options(rest)
    say("Running the test suite" + ("" if os.environ.get("SV_DESKTOP_TEST_PG_URL") else " on SQLite")
        + (f" in {workers[1]} processes" if workers else ""))
    began = time.monotonic()
    code = subprocess.call([str(venv_python()), "-m", "pytest", *workers, *rest], cwd=ROOT, env=env)
    if code != 0:
        return code
    say(f"Test suite passed in {time.monotonic() - began:.0f} s")
    bundle_code = build_and_smoke_test(reuse=True)
    postgres_code = run_postgres_tests(env)
    return bundle_code or postgres_code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
