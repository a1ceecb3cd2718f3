"""The house rules of the code, checked on the source: domain/ stays plain Python."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "sv_desktop"
FORBIDDEN_IN_DOMAIN = ("PySide6", "reportlab", "sqlalchemy", "sv_desktop.store", "sv_desktop.services",
                       "sv_desktop.ui")
NO_QT = ("store", "services", "catalogue", "domain")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_imports_neither_qt_nor_reportlab_nor_database_sessions():
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in imported_modules(path):
            if name.startswith(FORBIDDEN_IN_DOMAIN):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_only_the_ui_imports_qt():
    offenders = []
    for layer in NO_QT:
        for path in (PACKAGE / layer).rglob("*.py"):
            offenders += [f"{layer}/{path.name}: {n}" for n in imported_modules(path) if n.startswith("PySide6")]
    offenders += [f"cli.py: {n}" for n in imported_modules(PACKAGE / "cli.py") if n.startswith("PySide6")]
    assert offenders == []


def test_the_ui_never_touches_the_store_directly():
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        for name in imported_modules(path):
            if name.startswith(("sqlalchemy", "sv_desktop.store")) and name != "sv_desktop.store.opening":
                offenders.append(f"{path.name}: {name}")
    assert offenders == []
