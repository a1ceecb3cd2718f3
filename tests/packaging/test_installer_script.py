"""The Inno Setup script, read as text: Inno Setup runs only on Windows, so what can be checked here is.

It must install per user without administrator rights, under the user's
profile, with a Start Menu shortcut and an uninstaller, take its icon and
version from the build, and install the folder the spec builds.
"""
from __future__ import annotations

import re

from tests.packaging.conftest import PACKAGING, REPO

SCRIPT = PACKAGING / "sv_desktop.iss"


def _sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in SCRIPT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        heading = re.fullmatch(r"\[(\w+)\]", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif current is not None:
            current.append(line)
    return sections


def _setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _sections()["Setup"])


def test_installs_per_user_without_administrator_rights():
    setup = _setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup, "the user must not be offered an admin install"
    assert setup["DefaultDirName"].startswith(("{userpf}", "{localappdata}", "{autopf}"))


def test_start_menu_shortcut_and_uninstaller():
    icons = _sections()["Icons"]
    assert any(line.startswith('Name: "{group}\\{#AppName}"') and "{app}\\{#AppExeName}" in line for line in icons)
    assert any("{uninstallexe}" in line for line in icons)
    assert _setup().get("Uninstallable", "yes").lower() not in ("no", "false", "0")
    assert _setup()["UninstallDisplayIcon"] == "{app}\\{#AppExeName}"


def test_icon_version_and_files_come_from_the_build():
    text = SCRIPT.read_text(encoding="utf-8")
    setup = _setup()
    assert (PACKAGING / setup["SetupIconFile"].replace("\\", "/")).is_file()
    assert setup["AppVersion"] == "{#AppVersion}"
    assert re.search(r'#define AppVersion GetStringFileInfo\(BundleDir \+ "\\" \+ AppExeName, "ProductVersion"\)',
                     text)
    assert '#define AppExeName "sv-desktop.exe"' in text
    bundle = re.search(r'#define BundleDir AddBackslash\(SourcePath\) \+ "\.\.\\(.+)"', text).group(1)
    assert bundle.replace("\\", "/") == "build/dist/sv-desktop", "the folder the spec's COLLECT builds"
    files = _sections()["Files"]
    assert any(line.startswith('Source: "{#BundleDir}\\*"') and "recursesubdirs" in line for line in files)


def test_app_id_is_a_fixed_guid():
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", _setup()["AppId"])


def test_build_output_is_ignored_by_git():
    assert "build/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()
