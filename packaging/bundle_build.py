"""Build the one-folder bundle with PyInstaller and prove it runs on its own.

Used by `bootstrap.py build` and, after the test suite, by `bootstrap.py test`
(so CI): a resource, hidden import or Qt plugin missing from the bundle makes
one of the smoke steps fail, naming the step, the command and its output.
Standard library only, like bootstrap.py.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "sv_desktop.spec"
DIST = ROOT / "build" / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "sv-desktop"
LOG = ROOT / "build" / "pyinstaller.log"
GUI_NAME = "sv-desktop"
CLI_NAME = "sv-desktop-cli"
STEP_TIMEOUT = 300
# What the bundle is made from, hashed into BUILT_FROM after a build: `bootstrap.py test` does not build
# it again while the hash is the same (the smoke test still runs). A fresh checkout has no build/.
INPUT_FOLDERS = ("sv_desktop", "resources", "packaging")
BUILT_FROM = ROOT / "build" / "bundle-inputs.sha256"
ENVIRONMENT = ("import sys, importlib.metadata as m; print(sys.version); "
               "print(sorted(f\"{d.metadata['Name']}=={d.version}\" for d in m.distributions()))")


class BundleError(Exception):
    """The bundle could not be built, or a smoke step failed; the message says which and why."""


def _tail(text: str, lines: int = 25) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return "\n".join(f"    {line}" for line in kept) or "    (no output)"


def executable(name: str, bundle: Path = BUNDLE) -> Path:
    return bundle / (name + (".exe" if os.name == "nt" else ""))


def inputs_digest(python: Path) -> str:
    """A hash of everything the bundle is made from: the package, its resources, the spec and its helpers,
    pyproject.toml, and the interpreter and every distribution installed beside it (PyInstaller included)."""
    digest = hashlib.sha256()
    for folder in INPUT_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    environment = subprocess.run([str(python), "-c", ENVIRONMENT], capture_output=True, text=True)
    if environment.returncode != 0:
        raise BundleError(f"cannot list the build environment: {environment.stderr.strip()}")
    digest.update(environment.stdout.encode())
    return digest.hexdigest()


def built_from(digest: str) -> bool:
    """The bundle in build/dist was built from exactly these inputs (and is still all there)."""
    try:
        recorded = BUILT_FROM.read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return recorded == digest and all(executable(name, BUNDLE).is_file() for name in (GUI_NAME, CLI_NAME))


def build(python: Path, digest: str | None = None) -> float:
    """Run PyInstaller on the spec into build/dist; returns the seconds it took.

    With `digest` (inputs_digest, taken before the build), it is recorded once the build succeeds."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    BUILT_FROM.unlink(missing_ok=True)
    began = time.monotonic()
    command = [str(python), "-m", "PyInstaller", "--noconfirm", "--distpath", str(DIST),
               "--workpath", str(WORK), str(SPEC)]
    with LOG.open("w", encoding="utf-8") as log:
        code = subprocess.call(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    if code != 0:
        raise BundleError(f"PyInstaller failed (exit status {code}); the end of {LOG}:\n"
                          + _tail(LOG.read_text(encoding="utf-8", errors="replace")))
    for name in (GUI_NAME, CLI_NAME):
        if not executable(name).is_file():
            raise BundleError(f"PyInstaller finished but {executable(name)} is missing")
    if digest:
        BUILT_FROM.write_text(digest + "\n", encoding="utf-8")
    return time.monotonic() - began


def _clean_env(home: Path) -> dict[str, str]:
    """The environment of a user's machine: nothing pointing back into this checkout or its venv."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SV_DESKTOP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(SV_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def _step(label: str, command: list[str], env: dict[str, str], cwd: Path,
          check: Callable[[subprocess.CompletedProcess], str | None] | None = None) -> float:
    began = time.monotonic()
    try:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                timeout=STEP_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BundleError(f"bundle smoke test, {label}: no answer after {STEP_TIMEOUT} s\n"
                          f"  command: {' '.join(command)}") from None
    problem = f"exit status {result.returncode}" if result.returncode != 0 else (check(result) if check else None)
    if problem:
        raise BundleError(f"bundle smoke test, {label}: {problem}\n  command: {' '.join(command)}\n"
                          f"  output:\n{_tail(result.stdout + result.stderr)}")
    return time.monotonic() - began


def _file_starts(path: Path, magic: bytes, kind: str) -> Callable[[subprocess.CompletedProcess], str | None]:
    def check(_result) -> str | None:
        if not path.is_file():
            return f"{path} was not written"
        if not path.read_bytes().startswith(magic):
            return f"{path} is not a {kind} file"
        return None

    return check


def smoke_test(version: str, bundle: Path = BUNDLE) -> list[str]:
    """Run the bundled programs from outside the checkout: version, demo, reports, export, a window start."""
    cli, gui = str(executable(CLI_NAME, bundle)), str(executable(GUI_NAME, bundle))
    folder = Path(tempfile.mkdtemp(prefix="sv-desktop-bundle-"))
    try:
        env = _clean_env(folder / "home")
        store, pack, workbook = folder / "smoke.sqlite3", folder / "pack.pdf", folder / "contracts.xlsx"
        wanted = f"SV Desktop {version}"
        steps = [
            ("--version", [cli, "--version"],
             lambda r: None if r.stdout.strip() == wanted else f"printed {r.stdout.strip()!r}, not {wanted!r}"),
            ("demo", [cli, "--db", str(store), "demo", "--contracts", "50"], None),
            ("report pack", [cli, "--db", str(store), "report", "pack", "--out", str(pack)],
             _file_starts(pack, b"%PDF", "PDF")),
            ("check", [cli, "--db", str(store), "check", "--failing"], None),
            ("export contracts", [cli, "--db", str(store), "export", "contracts", str(workbook)],
             _file_starts(workbook, b"PK", ".xlsx")),
        ]
        done = []
        for label, command, check in steps:
            seconds = _step(label, command, env, folder, check)
            done.append(f"{label} ({seconds:.1f} s)")
        seconds = _step("window start (offscreen, quits after the first paint)", [gui, "--db", str(store)],
                        dict(env, SV_DESKTOP_QUIT_AFTER_START="1"), folder)
        done.append(f"window start ({seconds:.1f} s)")
        return done
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bundle_size(bundle: Path = BUNDLE) -> int:
    """Bytes on disk, each file once (PyInstaller links some libraries to others in the folder)."""
    return sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
