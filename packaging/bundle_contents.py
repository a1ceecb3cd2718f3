"""What goes into the PyInstaller bundle besides what its imports pull in.

Plain Python (no PyInstaller), so tests/packaging checks it without building:
every file under resources/ (globbed, so a new folder is picked up without
editing the spec), the Alembic migration scripts (loaded by path at run time,
so PyInstaller cannot see them or what they import), every module of the
package (some are imported only inside functions or by name), and the Qt
modules SV Desktop never uses, left out to keep the bundle small.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "sv_desktop"
MIGRATIONS = Path(PACKAGE) / "store" / "migrations"

# PySide6 modules the app does not use (it imports QtCore, QtGui and QtWidgets only).
# QtNetwork is among them: an offline app has no use for it.
UNUSED_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets",
    "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest", "QtTextToSpeech",
    "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml",
)
# Other things a developer's environment has that the app never imports.
UNUSED_MODULES = ("tkinter", "pytest", "pytestqt", "hypothesis", "pypdf", "PyInstaller", "psycopg")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix != ".pyc")


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for resources/ and the migration scripts."""
    pairs = []
    for source in _files(root / "resources") + _files(root / MIGRATIONS):
        pairs.append((str(source), source.parent.relative_to(root).as_posix()))
    return pairs


def package_modules(root: Path) -> list[str]:
    """Every module of the package, dotted (the migration scripts are data, not modules)."""
    modules = []
    for source in _files(root / PACKAGE):
        relative = source.relative_to(root)
        if source.suffix != ".py" or relative.is_relative_to(MIGRATIONS):
            continue
        parts = relative.with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(modules)


def migration_imports(root: Path) -> list[str]:
    """The modules the migration scripts import (alembic.op, sqlalchemy, ...), found by parsing them."""
    found = set()
    for source in _files(root / MIGRATIONS):
        if source.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names
                             if node.module == "alembic")  # `from alembic import op` names a module
    return sorted(found)


def hidden_imports(root: Path) -> list[str]:
    return sorted(set(package_modules(root)) | set(migration_imports(root)))


def excludes() -> list[str]:
    return [f"PySide6.{name}" for name in UNUSED_QT_MODULES] + list(UNUSED_MODULES)


def app_version(root: Path) -> str:
    """sv_desktop.__version__, read from the source without importing the package."""
    tree = ast.parse((root / PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise ValueError(f"{root / PACKAGE / '__init__.py'} has no __version__")
