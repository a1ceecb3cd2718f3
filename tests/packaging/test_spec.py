"""The PyInstaller spec, checked without building: what a bundle would miss fails here in a second.

The build itself runs after the suite (`bootstrap.py test`), and its smoke test
runs the bundled programs; these checks name the missing piece directly.
"""
from __future__ import annotations

import ast
import importlib.util
import struct
from pathlib import Path

import pytest

import sv_desktop
from sv_desktop.store import opening
from tests.packaging.conftest import PACKAGING, REPO

SPEC = PACKAGING / "sv_desktop.spec"


def _spec_calls(name: str) -> list[ast.Call]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name]


def _keywords(call: ast.Call) -> dict[str, ast.expr]:
    return {keyword.arg: keyword.value for keyword in call.keywords}


def test_every_resources_folder_and_file_goes_into_the_bundle(bundle_contents):
    shipped = {(Path(source), folder) for source, folder in bundle_contents.data_files(REPO)}
    folders = {folder for _source, folder in shipped}
    for top in sorted(p for p in (REPO / "resources").iterdir() if p.is_dir()):
        assert f"resources/{top.name}" in folders, f"resources/{top.name} would be missing from the bundle"
    for path in (REPO / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert (path, path.parent.relative_to(REPO).as_posix()) in shipped, f"{path} would be missing"


def test_the_bundle_finds_resources_where_the_spec_puts_them(bundle_contents, monkeypatch, tmp_path):
    from sv_desktop import paths

    monkeypatch.delenv("SV_DESKTOP_RESOURCES", raising=False)
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    for source, folder in bundle_contents.data_files(REPO):
        if Path(source).is_relative_to(REPO / "resources"):
            bundled = tmp_path / folder / Path(source).name
            assert bundled.relative_to(paths.resources_dir()) == Path(source).relative_to(REPO / "resources")


def test_the_migration_scripts_sit_where_the_store_looks_for_them(bundle_contents):
    shipped = {Path(source).relative_to(REPO).as_posix(): folder
               for source, folder in bundle_contents.data_files(REPO)}
    package_root = Path(sv_desktop.__file__).resolve().parent.parent
    expected_folder = opening.MIGRATIONS_DIR.resolve().relative_to(package_root).as_posix()
    assert shipped["sv_desktop/store/migrations/env.py"] == expected_folder
    versions = sorted((REPO / "sv_desktop/store/migrations/versions").glob("*.py"))
    assert versions, "no migration scripts found"
    for script in versions:
        assert shipped[script.relative_to(REPO).as_posix()] == f"{expected_folder}/versions"


def test_what_the_migration_scripts_import_is_a_hidden_import(bundle_contents):
    hidden = set(bundle_contents.hidden_imports(REPO))
    assert {"alembic.op", "alembic.context", "sqlalchemy", "sv_desktop.store.models"} <= hidden


def test_every_module_of_the_package_is_a_hidden_import(bundle_contents):
    hidden = set(bundle_contents.hidden_imports(REPO))
    for source in (REPO / "sv_desktop").rglob("*.py"):
        relative = source.relative_to(REPO)
        if relative.is_relative_to("sv_desktop/store/migrations"):
            continue
        parts = relative.with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        assert module in hidden, f"{module} would be left out of the bundle"
    assert not any(name.startswith("sv_desktop.store.migrations") for name in hidden)


def _imported_modules(source: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_nothing_the_app_imports_is_excluded(bundle_contents):
    excluded = set(bundle_contents.excludes())
    assert {"PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtMultimedia"} <= excluded
    for source in (REPO / "sv_desktop").rglob("*.py"):
        for module in _imported_modules(source):
            hit = [name for name in excluded if module == name or module.startswith(name + ".")]
            assert not hit, f"{source.relative_to(REPO)} imports {module}, which the spec excludes"


def test_one_folder_with_a_windowed_app_and_a_console_cli():
    exes = {ast.literal_eval(_keywords(call)["name"]): _keywords(call) for call in _spec_calls("EXE")}
    assert set(exes) == {"sv-desktop", "sv-desktop-cli"}
    assert ast.literal_eval(exes["sv-desktop"]["console"]) is False
    assert ast.literal_eval(exes["sv-desktop-cli"]["console"]) is True
    for keywords in exes.values():
        assert ast.literal_eval(keywords["exclude_binaries"]) is True, "one-folder: binaries go to COLLECT"
        assert "icon" in keywords and "version" in keywords
    (collect,) = _spec_calls("COLLECT")
    assert {arg.id for arg in collect.args if isinstance(arg, ast.Name)} >= {"gui", "cli"}
    assert ast.literal_eval(_keywords(collect)["name"]) == "sv-desktop"
    (analysis,) = _spec_calls("Analysis")
    uses = ast.unparse(analysis)
    for helper in ("data_files", "hidden_imports", "excludes"):
        assert f"bundle_contents.{helper}(" in uses, f"the spec does not use bundle_contents.{helper}"


def test_the_icon_is_a_windows_icon_with_small_and_large_sizes():
    data = (PACKAGING / "icons" / "sv-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1) and count >= 4
    sizes = set()
    for index in range(count):
        width, _height, _colours, _zero, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index)
        assert offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes
    png = (PACKAGING.parent / "resources" / "icons" / "sv-desktop.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (256, 256)


def test_the_version_resource_carries_the_package_version(version_info):
    text = version_info.version_file_text(sv_desktop.__version__, "sv-desktop", "SV Desktop")
    call = ast.parse(text).body[0].value
    assert call.func.id == "VSVersionInfo"
    fixed = next(node for node in ast.walk(call) if isinstance(node, ast.Call) and node.func.id == "FixedFileInfo")
    numbers = ast.literal_eval(_keywords(fixed)["filevers"])
    assert numbers == version_info.version_numbers(sv_desktop.__version__)
    strings = {ast.literal_eval(node.args[0]): ast.literal_eval(node.args[1]) for node in ast.walk(call)
               if isinstance(node, ast.Call) and node.func.id == "StringStruct"}
    assert strings["ProductVersion"] == sv_desktop.__version__
    assert strings["OriginalFilename"] == "sv-desktop.exe"


def test_version_numbers_keep_four_parts_and_drop_suffixes(version_info):
    assert version_info.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_numbers("2.3") == (2, 3, 0, 0)
    assert version_info.version_numbers("1.2.3rc1") == (1, 2, 3, 0)
    with pytest.raises(ValueError, match="does not start with a number"):
        version_info.version_numbers("dev")
    with pytest.raises(ValueError, match="65535"):
        version_info.version_numbers("70000.0")


def test_the_version_resource_uses_only_what_pyinstaller_can_read(version_info):
    """PyInstaller reads the file only on Windows; its classes are checked here on any platform."""
    found = importlib.util.find_spec("PyInstaller")
    if found is None:
        pytest.skip("PyInstaller is not installed (the `build` extra: pip install -e .[build])")
    source = Path(found.origin).parent / "utils" / "win32" / "versioninfo.py"
    classes = {node.name: node for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
               if isinstance(node, ast.ClassDef)}
    text = version_info.version_file_text("1.2.3", "sv-desktop-cli", "SV Desktop headless commands")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call):
            assert node.func.id in classes, f"PyInstaller has no {node.func.id}"
            init = next((f for f in classes[node.func.id].body
                         if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
            accepted = {a.arg for a in init.args.args} if init else set()
            assert {k.arg for k in node.keywords} <= accepted, f"{node.func.id} takes {sorted(accepted)}"
