#!/usr/bin/env python3
"""Set up SV Desktop from a fresh checkout, then open the app or run the tests.

    python3 packaging/bootstrap.py run  [app options]     set up and open SV Desktop
    python3 packaging/bootstrap.py test [pytest options]  set up and run the whole test suite

Needs only Python 3.11+. It makes a virtual environment in .venv, installs the
project into it (again only when pyproject.toml changes) and, on Debian or
Ubuntu, the system libraries Qt needs: with apt-get when run as root, otherwise
it prints the exact apt-get line to run. Works the same on Windows
(`py packaging\\bootstrap.py run`) and macOS, where no system packages are needed.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

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
TEST_TOOLS = [("poppler-utils",), ("xvfb",), ("xauth",)]


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


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        raise SystemExit(f"SV Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not argv or argv[0] not in ("run", "test"):
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
    ensure_system_packages(QT_OFFSCREEN + TEST_TOOLS)
    ensure_venv()
    ensure_project("test")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([str(venv_python()), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
