"""With the default SQLite store SV Desktop never opens a network connection: proved by the operating system.

Qt and the C libraries under Python do not go through Python's socket module,
so patching it would prove nothing. Instead each headless command and an app
start run as their own processes, two ways at once:

- in a fresh network namespace (`unshare --net` as root, else `unshare --user
  --map-root-user --net`): its only interface is a loopback that is down, so
  nothing can reach any network, and the commands must still work;
- under `strace -f`, which logs every connect(), sendto(), sendmsg() and
  sendmmsg() that any thread or child process makes. None may name an AF_INET
  or AF_INET6 address (loopback included). AF_UNIX sockets (D-Bus, X11,
  fontconfig) are local inter-process channels on the same machine, not a
  network, and AF_NETLINK talks only to the kernel; those are allowed.

Two controls show the namespace really has no network and the tracer really
sees a connect. Without namespaces or strace the part that needs them is
skipped with the reason; `bootstrap.py test` installs strace on Debian/Ubuntu.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.conftest import REPO

INTERNET_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(.*\bsa_family=AF_INET6?\b")
TRACED_CALLS = "trace=connect,sendto,sendmsg,sendmmsg"
TIMEOUT = 120

# (label, arguments after `sv-desktop`, extra environment); {store} and {tmp} are filled in.
STEPS = [
    ("--version", ["--version"], {}),
    ("demo", ["--db", "{store}", "demo", "--contracts", "30"], {}),
    ("catalogue", ["catalogue", "--framework", "ppn002"], {}),
    ("check", ["--db", "{store}", "check", "--failing"], {}),
    ("carbon", ["--db", "{store}", "carbon", "--alerts"], {}),
    ("report pack", ["--db", "{store}", "report", "pack", "--out", "{tmp}/pack.pdf"], {}),
    ("export contracts", ["--db", "{store}", "export", "contracts", "{tmp}/contracts.csv"], {}),
    ("import contracts", ["--db", "{store}", "import", "contracts", "{tmp}/contracts.csv", "--dry-run"], {}),
    ("backup", ["--db", "{store}", "backup"], {}),
    ("app start", ["--db", "{store}"], {"SV_DESKTOP_QUIT_AFTER_START": "1"}),
]


def _namespace_prefix() -> tuple[list[str] | None, str]:
    """The command prefix that runs a program in a new network namespace, or None and why not."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None, "unshare (util-linux) is not installed"
    candidates = [[unshare, "--user", "--map-root-user", "--net"]]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        candidates.insert(0, [unshare, "--net"])
    reasons = []
    for prefix in candidates:
        result = subprocess.run([*prefix, "true"], capture_output=True, text=True)
        if result.returncode == 0:
            return prefix, ""
        reasons.append(f"`{' '.join(prefix[1:])}`: {result.stderr.strip() or result.returncode}")
    return None, "network namespaces are not available here (" + "; ".join(reasons) + ")"


NAMESPACE, NO_NAMESPACE = _namespace_prefix() if sys.platform.startswith("linux") else (None, "not Linux")
STRACE = shutil.which("strace") if sys.platform.startswith("linux") else None
NO_STRACE = "strace is not installed (Debian/Ubuntu: apt-get install strace)"

pytestmark = pytest.mark.skipif(NAMESPACE is None and STRACE is None,
                                reason=f"{NO_NAMESPACE}, and {NO_STRACE}: no way to watch the network here")


def _run(command: list[str], log: Path, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    prefix = list(NAMESPACE or [])
    if STRACE:
        prefix += [STRACE, "-f", "-qq", "--seccomp-bpf", "-e", TRACED_CALLS, "-e", "signal=none", "-o", str(log)]
    return subprocess.run(prefix + command, capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL)


def _internet_calls(log: Path) -> list[str]:
    if not log.exists():
        return []
    return [line for line in log.read_text(errors="replace").splitlines() if INTERNET_CALL.search(line)]


@dataclass
class Outcome:
    result: subprocess.CompletedProcess
    internet_calls: list[str]

    def describe(self) -> str:
        return (f"exit status {self.result.returncode}\n{self.result.stdout[-1500:]}\n"
                f"{self.result.stderr[-3000:]}")


@dataclass
class OfflineRuns:
    folder: Path
    outcomes: dict[str, Outcome]


@pytest.fixture(scope="module")
def offline_runs(tmp_path_factory) -> OfflineRuns:
    """Every step, in order on one store, isolated and traced."""
    tmp = tmp_path_factory.mktemp("offline")
    env = {key: value for key, value in os.environ.items() if not key.startswith("SV_DESKTOP_")}
    env.update(SV_DESKTOP_HOME=str(tmp / "home"), QT_QPA_PLATFORM="offscreen")
    outcomes = {}
    for index, (label, arguments, extra) in enumerate(STEPS):
        filled = [a.format(store=tmp / "store.sqlite3", tmp=tmp) for a in arguments]
        log = tmp / f"trace-{index}.log"
        result = _run([sys.executable, "-m", "sv_desktop", *filled], log, dict(env, **extra), tmp)
        outcomes[label] = Outcome(result, _internet_calls(log))
    return OfflineRuns(tmp, outcomes)


@pytest.mark.parametrize("label", [label for label, _args, _env in STEPS])
def test_works_without_a_network_and_never_connects_to_one(offline_runs, label):
    outcome = offline_runs.outcomes[label]
    where = f"in a network namespace ({' '.join(NAMESPACE)})" if NAMESPACE else "(no namespace: traced only)"
    assert outcome.result.returncode == 0, f"`sv-desktop {label}` failed {where}: {outcome.describe()}"
    if not STRACE:
        pytest.skip(f"{NO_STRACE}; the command did work with no network")
    assert not outcome.internet_calls, (
        f"`sv-desktop {label}` tried to reach a network:\n" + "\n".join(outcome.internet_calls[:10]))


def test_the_commands_did_their_work(offline_runs):
    tmp = offline_runs.folder
    assert (tmp / "pack.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp / "contracts.csv").read_text(encoding="utf-8-sig").count("DEMO-") == 30
    assert any((tmp / "backups").glob("store-*.sqlite3"))
    assert "SV Desktop" in offline_runs.outcomes["--version"].result.stdout


PROBE = """
import errno, socket, sys
try:
    socket.create_connection((sys.argv[1], 9), timeout=3)
except OSError as exc:
    print(errno.errorcode.get(exc.errno, exc))
    raise SystemExit(0)
raise SystemExit("connected")
"""


@pytest.mark.skipif(NAMESPACE is None, reason=NO_NAMESPACE)
@pytest.mark.parametrize("address", ["192.0.2.1", "127.0.0.1", "2001:db8::1"])
def test_control_nothing_is_reachable_in_the_namespace(tmp_path, address):
    result = _run([sys.executable, "-c", PROBE, address], tmp_path / "probe.log", dict(os.environ), tmp_path)
    assert result.returncode == 0, f"{address} was reachable: {result.stdout}{result.stderr}"
    assert result.stdout.strip() in ("ENETUNREACH", "EADDRNOTAVAIL"), result.stdout


@pytest.mark.skipif(STRACE is None, reason=NO_STRACE)
def test_control_the_tracer_sees_an_internet_connect_and_not_a_local_one(tmp_path):
    log = tmp_path / "control.log"
    _run([sys.executable, "-c", PROBE, "192.0.2.1"], log, dict(os.environ), tmp_path)
    calls = _internet_calls(log)
    assert calls and "192.0.2.1" in calls[0], log.read_text()
    local = tmp_path / "local.log"
    unix_probe = ("import socket; a = socket.socket(socket.AF_UNIX); a.bind('s'); a.listen(); "
                  "b = socket.socket(socket.AF_UNIX); b.connect('s'); b.sendall(b'x')")
    result = _run([sys.executable, "-c", unix_probe], local, dict(os.environ), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "AF_UNIX" in local.read_text() and not _internet_calls(local)


def test_the_guard_runs_the_installed_command_from_this_checkout():
    """The processes above run this checkout's code, not some other installed copy."""
    result = subprocess.run([sys.executable, "-c", "import sv_desktop; print(sv_desktop.__file__)"],
                            capture_output=True, text=True, cwd=REPO.parent)
    assert Path(result.stdout.strip()).resolve().is_relative_to(REPO)
