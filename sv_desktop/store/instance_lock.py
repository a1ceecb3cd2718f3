"""One desktop window per SQLite store: a lock file beside the store, held with an OS lock.

The desktop app takes the lock when it opens a store; headless commands do not
(a scheduled report may run while the app is open: SQLite handles that). The
lock is an operating-system lock on `<store>.lock` (flock on Linux and macOS,
a byte-range lock on Windows), so it goes away with the process that held it:
a crash leaves no lock behind, only a file whose contents are ignored. The file
holds who took it (process, computer, user, time) so the second window can say
who has the store open. Where the file system offers no locks, the process id
in the file decides instead: a lock from a process that no longer runs on this
computer is stale and is taken over.

PostgreSQL stores are shared by design and take no lock.
"""
from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sv_desktop.domain.errors import UserFacingError

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte past the text, so other processes can still read who holds it


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    user: str
    since: str  # ISO time the lock was taken

    def describe(self) -> str:
        parts = [f"process {self.pid}"]
        if self.host:
            parts.append(f"on {self.host}")
        if self.user:
            parts.append(f"by {self.user}")
        try:
            parts.append(f"since {datetime.fromisoformat(self.since):%d/%m/%Y %H:%M}")
        except ValueError:
            pass
        return " ".join(parts)


class StoreInUseError(UserFacingError):
    """Another SV Desktop window has this store open; the message says who and what to do."""

    def __init__(self, store_path: Path, holder: LockHolder | None):
        self.store_path = store_path
        self.holder = holder
        who = f" ({holder.describe()})" if holder else ""
        super().__init__(
            f"SV Desktop is already open on the store {store_path}{who}. Switch to that window, or close it "
            "and try again. Two windows on one store could overwrite each other's changes. Nothing was changed."
        )


def lock_path(store_path: Path) -> Path:
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + LOCK_SUFFIX)


def read_holder(store_path: Path) -> LockHolder | None:
    """Who the lock file says took the lock (it may be stale), or None."""
    try:
        data = json.loads(lock_path(store_path).read_text(encoding="utf-8").strip() or "{}")
        return LockHolder(int(data["pid"]), str(data.get("host", "")), str(data.get("user", "")),
                          str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def process_is_running(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes  # only on Windows

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        PROCESS_QUERY_LIMITED_INFORMATION, STILL_ACTIVE = 0x1000, 259
        handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _this_holder() -> LockHolder:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse the lock
        user = ""
    return LockHolder(os.getpid(), socket.gethostname(), user, datetime.now().isoformat(timespec="seconds"))


class _NoOsLocks(Exception):
    """The file system does not support OS locks here; fall back to the process id."""


def _os_lock(fd: int) -> bool:
    """Take the OS lock without waiting: True when taken, False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt  # only on Windows

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise _NoOsLocks() from exc
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise _NoOsLocks() from exc
    return True


def _os_unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


class InstanceLock:
    """`lock = InstanceLock(store_path); lock.acquire()` (raises StoreInUseError); `lock.release()` on exit."""

    def __init__(self, store_path: Path):
        self.store_path = Path(store_path).absolute()
        self.path = lock_path(self.store_path)
        self._fd: int | None = None
        self._pid_only = False

    @property
    def held(self) -> bool:
        return self._fd is not None or self._pid_only

    def acquire(self) -> InstanceLock:
        if self.held:
            return self
        for _attempt in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                taken = _os_lock(fd)
            except _NoOsLocks:
                os.close(fd)
                self._acquire_by_pid()
                return self
            if not taken:
                os.close(fd)
                raise StoreInUseError(self.store_path, read_holder(self.store_path))
            if not self._still_the_lock_file(fd):
                # The holder released and removed the file between our open and our lock: try the new file.
                _os_unlock(fd)
                os.close(fd)
                continue
            self._fd = fd
            self._write_holder()
            return self
        raise StoreInUseError(self.store_path, read_holder(self.store_path))

    def _still_the_lock_file(self, fd: int) -> bool:
        if sys.platform == "win32":
            return True  # an open file cannot be deleted on Windows
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except OSError:
            return False

    def _acquire_by_pid(self) -> None:
        holder = read_holder(self.store_path)
        if (holder is not None and holder.pid != os.getpid() and holder.host == socket.gethostname()
                and process_is_running(holder.pid)):
            raise StoreInUseError(self.store_path, holder)
        if holder is not None and holder.host != socket.gethostname():
            raise StoreInUseError(self.store_path, holder)  # cannot tell whether it still runs: say who
        self._pid_only = True
        self._write_holder()

    def _write_holder(self) -> None:
        holder = _this_holder()
        text = json.dumps({"pid": holder.pid, "host": holder.host, "user": holder.user, "since": holder.since})
        try:
            if self._fd is not None:
                os.lseek(self._fd, 0, os.SEEK_SET)
                os.ftruncate(self._fd, 0)
                os.write(self._fd, text.encode("utf-8"))
            else:
                self.path.write_text(text, encoding="utf-8")
        except OSError:
            pass  # the lock holds without the note of who took it

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with_contents_removed = True
            try:
                os.ftruncate(fd, 0)
            except OSError:
                with_contents_removed = False
            if with_contents_removed and sys.platform != "win32":
                self.path.unlink(missing_ok=True)  # while still locked, so no one else can be holding it
            _os_unlock(fd)
            os.close(fd)
            if sys.platform == "win32":
                try:
                    self.path.unlink()
                except OSError:
                    pass
        elif self._pid_only:
            self._pid_only = False
            holder = read_holder(self.store_path)
            if holder is not None and holder.pid == os.getpid():
                self.path.unlink(missing_ok=True)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc_info) -> None:
        self.release()


def store_in_use_by_another(store_path: Path) -> LockHolder | None:
    """Who else holds the lock on this store right now (None when no other process does).

    For commands such as restore that must not replace a store another window has open.
    A lock this process holds does not count.
    """
    store_path = Path(store_path).absolute()
    if not lock_path(store_path).exists():
        return None
    probe = InstanceLock(store_path)
    holder = read_holder(store_path)
    if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
        return None
    try:
        probe.acquire()
    except StoreInUseError as exc:
        return exc.holder or LockHolder(0, "", "", "")
    probe.release()
    return None
