"""Where a store lives and how its SQLite file must be journalled.

WAL is faster and lets readers work during writes, but it needs shared memory
that network shares and redirected folders do not provide reliably; there the
classic rollback journal is used.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smbfs", "smb3", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone", "lustre", "gpfs",
}


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def sqlite_path_from_url(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory stores."""
    for prefix in ("sqlite+pysqlite:///", "sqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix):].split("?", 1)[0]
            if rest in ("", ":memory:"):
                return None
            return Path(rest)
    return None


def _linux_filesystem_type(path: Path) -> str | None:
    """The filesystem type of the mount holding `path`, from /proc/self/mounts."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def _windows_is_remote(path: Path) -> bool:
    """UNC paths and mapped network drives (GetDriveTypeW == DRIVE_REMOTE)."""
    text = str(path.resolve())
    if text.startswith("\\\\"):
        return True
    import ctypes  # only on Windows

    drive = os.path.splitdrive(text)[0] + "\\"
    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive) == DRIVE_REMOTE  # type: ignore[attr-defined]


def is_network_folder(folder: Path) -> bool:
    """True when `folder` is on a network share or a redirected (remote) folder."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if sys.platform == "win32":
        try:
            return _windows_is_remote(existing)
        except (OSError, AttributeError):
            return False
    fs_type = _linux_filesystem_type(existing)
    return fs_type is not None and fs_type.lower() in NETWORK_FILESYSTEMS


def journal_mode_for(path: Path) -> str:
    """'wal' for local folders, 'delete' (the rollback journal) on network or redirected ones."""
    if os.environ.get("SV_DESKTOP_JOURNAL", "").lower() in ("wal", "delete"):
        return os.environ["SV_DESKTOP_JOURNAL"].lower()
    return "delete" if is_network_folder(path.parent) else "wal"
