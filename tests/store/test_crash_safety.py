"""Crash safety: SIGKILL a process in the middle of a burst of edits, again and again,
then check that every committed edit is there and the store is intact.

Each round starts tests/store/crash_writer.py on the same store, waits until it
has logged a random number of completed saves, lets it run a random moment
longer, kills it with SIGKILL and reopens the store with build_services (which
runs the quick check and the migrations check on open). Then:

- PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check finds nothing;
- every save the writer logged (it logs only after the commit returned) is
  there, with at least the logged version;
- no half-written contract: its title names its version, it has its stage
  history (one row per stage it went through, the latest one its stage), and
  its audit trail when the store keeps one;
- at most one save more than the log lists (the one that committed just before
  the kill, before its log line was written).

It runs with the WAL journal (local folders) and the rollback journal (what a
store on a network share gets). Rounds and waits are capped so CI time stays
bounded (about a second a round; SV_CRASH_ROUNDS=N runs more, up to 50).
The random seed is printed; SV_CRASH_SEED=<seed> replays the same choices
(the kill lands wherever the scheduler puts it, so timing is never asserted).
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from sv_desktop.app import build_services
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.store.location import sqlite_url
from tests.store.crash_writer import title_for

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"),
    reason="needs POSIX processes and SIGKILL",
)

REPO = Path(__file__).resolve().parents[2]
ROUNDS = min(int(os.environ.get("SV_CRASH_ROUNDS") or 4), 50)  # per journal mode; raise it for a local soak
START_TIMEOUT = 60.0  # safety only: the writer's first saves (imports included) come well before this
EXIT_TIMEOUT = 30.0
STAGE_ORDER = [stage.value for stage in Stage]


def _seed() -> int:
    seed = int(os.environ.get("SV_CRASH_SEED") or random.randrange(1 << 32))
    print(f"crash-safety seed: {seed} (replay with SV_CRASH_SEED={seed})")
    return seed


def _read_log(path: Path) -> list[tuple[str, str, int]]:
    """Completed lines only: a line cut short by the kill has no newline yet."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.endswith("\n"):
            break
        action, reference, version = line.split()
        entries.append((action, reference, int(version)))
    return entries


def _run_and_kill(store: Path, log: Path, prefix: str, rng: random.Random) -> int:
    """Start the writer, wait for a random number of logged saves, then SIGKILL it a random moment later."""
    wanted = len(_read_log(log)) + rng.randrange(3, 40)  # the log is shared by every round
    delay = rng.uniform(0.0, 0.3)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_writer", str(store), str(log), prefix, str(rng.random())],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while len(_read_log(log)) < wanted:
            if process.poll() is not None:
                pytest.fail(f"the writer stopped by itself (exit {process.returncode}): "
                            f"{process.stderr.read().decode(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the writer did not reach {wanted} logged saves in {START_TIMEOUT:.0f} s")
            time.sleep(0.01)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        returncode = process.wait(timeout=EXIT_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=EXIT_TIMEOUT)
        process.stderr.close()
    assert returncode == -signal.SIGKILL, f"the writer ended with {returncode}, not by SIGKILL"
    return returncode


def _check_store(store: Path, log: Path, prefixes: list[str], context: str) -> int:
    """Reopen the store as the app does and check it; returns how many contracts it holds."""
    expected: dict[str, int] = {}
    for _action, reference, version in _read_log(log):
        expected[reference] = max(expected.get(reference, 0), version)
    services = build_services(sqlite_url(store))  # quick check + migrations check on open
    try:
        with services.store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"], context
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == [], context
            contracts = {
                reference: (cid, title, stage, version)
                for cid, reference, title, stage, version in connection.execute(
                    text("SELECT id, reference, title, stage, version FROM contracts"))
            }
            history: dict[int, list[str]] = {}
            for contract_id, to_stage in connection.execute(
                    text("SELECT contract_id, to_stage FROM stage_changes ORDER BY id")):
                history.setdefault(contract_id, []).append(to_stage)
            tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
            audited = None
            if "audit_events" in tables:
                audited = {row[0] for row in connection.execute(
                    text("SELECT DISTINCT contract_id FROM audit_events WHERE contract_id IS NOT NULL"))}
        # Every committed (logged) save is there, with at least the logged version.
        missing = sorted(ref for ref in expected if ref not in contracts)
        assert not missing, f"{context}: committed contracts lost: {missing[:10]}"
        behind = sorted(ref for ref, version in expected.items() if contracts[ref][3] < version)
        assert not behind, f"{context}: committed updates lost: " + ", ".join(
            f"{ref} v{contracts[ref][3]} < logged v{expected[ref]}" for ref in behind[:10])
        # At most one save beyond the log: the one that committed just before the kill.
        ours = {ref: row for ref, row in contracts.items() if ref.split("-")[0] in prefixes}
        unlogged = sum(1 for ref in ours if ref not in expected) + sum(
            ours[ref][3] - version for ref, version in expected.items())
        assert unlogged <= len(prefixes), f"{context}: {unlogged} saves beyond the log"
        # No half-written contract.
        for reference, (cid, title, stage, version) in ours.items():
            assert title == title_for(reference, version), f"{context}: {reference} v{version} has title {title!r}"
            stages = history.get(cid, [])
            assert stages, f"{context}: {reference} has no stage history"
            assert stages[-1] == stage, f"{context}: {reference} is at {stage} but its history ends {stages[-1]}"
            assert stages == STAGE_ORDER[:len(stages)], f"{context}: {reference} stage history {stages}"
            if audited is not None:
                assert cid in audited, f"{context}: {reference} has no audit trail"
        # The services read it too (the next round writes to it).
        assert services.pipeline.count() == len(contracts)
        return len(contracts)
    finally:
        services.close()


@pytest.mark.parametrize("journal", ["wal", "delete"])  # local folders; network shares (rollback journal)
def test_every_committed_edit_survives_sigkill_and_the_store_stays_intact(tmp_path, monkeypatch, journal):
    monkeypatch.setenv("SV_DESKTOP_JOURNAL", journal)  # the writer inherits it
    seed = _seed()
    rng = random.Random(seed)
    store = tmp_path / "store.sqlite3"
    services = build_services(sqlite_url(store))  # the schema first, so every kill lands among edits
    assert services.store.journal_mode == journal
    services.close()
    log = tmp_path / "committed.log"
    prefixes: list[str] = []
    counts = []
    started = time.monotonic()
    for round_number in range(1, ROUNDS + 1):
        prefix = f"R{round_number}"
        prefixes.append(prefix)
        _run_and_kill(store, log, prefix, rng)
        counts.append(_check_store(store, log, prefixes, f"{journal} journal, seed {seed}, round {round_number}"))
    print(f"crash-safety ({journal}): {ROUNDS} rounds, contracts after each: {counts}, "
          f"{time.monotonic() - started:.1f} s")
    assert counts == sorted(counts) and counts[-1] > counts[0]
