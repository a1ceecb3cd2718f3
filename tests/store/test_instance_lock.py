"""One window per SQLite store: a second one is told who has it; a lock left by a dead process is ignored."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from sv_desktop.store.instance_lock import (
    InstanceLock,
    StoreInUseError,
    lock_path,
    process_is_running,
    read_holder,
    store_in_use_by_another,
)


def test_a_second_lock_on_the_same_store_is_refused_and_told_who_holds_it(tmp_path):
    store = tmp_path / "store.sqlite3"
    first = InstanceLock(store).acquire()
    try:
        with pytest.raises(StoreInUseError) as refused:
            InstanceLock(store).acquire()
        assert refused.value.holder.pid == os.getpid()
        assert "already open on the store" in str(refused.value) and str(store) in str(refused.value)
    finally:
        first.release()
    InstanceLock(store).acquire().release()  # free again once released
    assert not lock_path(store).exists()


def test_different_stores_do_not_block_each_other(tmp_path):
    with InstanceLock(tmp_path / "a.sqlite3"), InstanceLock(tmp_path / "b.sqlite3"):
        pass


HOLDER = textwrap.dedent("""
    import sys, time
    from sv_desktop.store.instance_lock import InstanceLock
    lock = InstanceLock(sys.argv[1]).acquire()
    print("held", flush=True)
    sys.stdin.readline()
    lock.release()
""")


def test_another_process_holding_the_store_is_detected(tmp_path):
    store = tmp_path / "store.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreInUseError) as refused:
            InstanceLock(store).acquire()
        assert refused.value.holder.pid == holder.pid
        assert store_in_use_by_another(store).pid == holder.pid
    finally:
        holder.communicate("\n", timeout=30)
    assert store_in_use_by_another(store) is None
    InstanceLock(store).acquire().release()


def test_a_killed_process_leaves_no_lock_behind(tmp_path):
    store = tmp_path / "store.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=30)
    assert lock_path(store).exists() and read_holder(store).pid == holder.pid  # the note is still there
    with InstanceLock(store) as lock:
        assert lock.held and read_holder(store).pid == os.getpid()


def _dead_pid():
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    return int(finished.stdout)


def test_a_stale_lock_file_from_a_dead_process_is_ignored(tmp_path):
    store = tmp_path / "store.sqlite3"
    dead = _dead_pid()
    assert not process_is_running(dead)
    import socket

    lock_path(store).write_text(json.dumps({"pid": dead, "host": socket.gethostname(), "user": "someone",
                                            "since": "2026-01-01T09:00:00"}))
    assert store_in_use_by_another(store) is None
    with InstanceLock(store):
        assert read_holder(store).pid == os.getpid()


def test_without_os_locks_the_process_id_decides(tmp_path, monkeypatch):
    """On a file system without locks: a live holder's pid refuses, a dead one's is taken over."""
    import socket

    from sv_desktop.store import instance_lock

    def no_locks(fd):
        raise instance_lock._NoOsLocks()

    monkeypatch.setattr(instance_lock, "_os_lock", no_locks)
    store = tmp_path / "store.sqlite3"
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.readline()"], stdin=subprocess.PIPE,
                            text=True)
    try:
        lock_path(store).write_text(json.dumps({"pid": live.pid, "host": socket.gethostname()}))
        with pytest.raises(StoreInUseError):
            InstanceLock(store).acquire()
    finally:
        live.communicate("\n", timeout=30)
    lock_path(store).write_text(json.dumps({"pid": _dead_pid(), "host": socket.gethostname()}))
    lock = InstanceLock(store).acquire()
    assert read_holder(store).pid == os.getpid()
    lock.release()
    assert not lock_path(store).exists()
