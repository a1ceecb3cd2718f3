"""The house rules of the code, checked on the source (DESIGN.md, Architecture).

Data flows one way: ui -> services -> domain/store/catalogue/exchange/reports. Each rule
walks every module's imports (at any depth: a lazy import inside a function is still a
dependency) and fails on a new violation, naming the module, the import and its line.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sv_desktop"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # what it imports, dotted (a module, or a name inside one)
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


MODULES = {module_name(path): path for path in source_files()}


def imports_of(path: Path) -> list[Import]:
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(me, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append(Import(me, full if full in MODULES else base, node.lineno))
    return found


ALL_IMPORTS = [found for path in source_files() for found in imports_of(path)]


def in_layer(module: str, *layers: str) -> bool:
    return any(module == f"sv_desktop.{layer}" or module.startswith(f"sv_desktop.{layer}.") for layer in layers)


def violations(importer_layers: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    """Imports from a module in one of `importer_layers` of anything that starts with one of `forbidden`."""
    return sorted({
        str(found) for found in ALL_IMPORTS
        if in_layer(found.module, *importer_layers)
        and any(found.target == name or found.target.startswith(name + ".") for name in forbidden)
    })


def test_domain_imports_only_the_standard_library():
    offenders = sorted({
        str(found) for found in ALL_IMPORTS
        if in_layer(found.module, "domain")
        and not in_layer(found.target, "domain")
        and found.target.split(".")[0] not in sys.stdlib_module_names
        and found.target != "__future__"
    })
    assert offenders == []


def test_only_the_ui_imports_qt():
    layers = ("domain", "store", "catalogue", "exchange", "reports", "services", "cli", "app", "paths")
    assert violations(layers, ("PySide6", "shiboken6")) == []


def test_reports_lay_out_plain_data_and_reach_neither_services_nor_the_store():
    assert violations(("reports",), ("sv_desktop.services", "sv_desktop.store", "sv_desktop.ui", "sqlalchemy")) == []


def test_the_ui_talks_only_to_services():
    forbidden = ("sv_desktop.store", "sv_desktop.exchange", "sv_desktop.reports", "sv_desktop.app", "sv_desktop.cli",
                 "sqlalchemy", "reportlab", "openpyxl", "docx")
    assert violations(("ui",), forbidden) == []


def test_the_command_line_calls_the_same_services_as_the_ui():
    """Backup, export, reports and the Word tender pack: one way each, through a service."""
    forbidden = ("sv_desktop.store", "sv_desktop.exchange", "sv_desktop.reports", "sqlalchemy")
    assert violations(("cli",), forbidden) == []


def test_lower_layers_never_reach_up():
    assert violations(("store", "catalogue", "exchange", "domain"),
                      ("sv_desktop.services", "sv_desktop.ui", "sv_desktop.app", "sv_desktop.cli")) == []
    assert violations(("services",), ("sv_desktop.ui", "sv_desktop.app", "sv_desktop.cli")) == []


def import_loops() -> list[list[str]]:
    """Every strongly connected group of more than one module in the package's import graph (Tarjan)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for found in ALL_IMPORTS:
        if found.target in MODULES and found.target != found.module:
            graph[found.module].add(found.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, 10 * len(MODULES)))
    try:
        for name in sorted(graph):
            if name not in index:
                visit(name)
    finally:
        sys.setrecursionlimit(previous)
    return loops


def test_no_import_loop_anywhere_in_the_package():
    assert import_loops() == []


def test_the_loop_finder_finds_a_loop(monkeypatch):
    """The rule above is only worth something if the finder sees a loop when there is one."""
    fake = [Import("sv_desktop.domain.money", "sv_desktop.domain.dates", 1),
            Import("sv_desktop.domain.dates", "sv_desktop.domain.money", 1)]
    monkeypatch.setattr(sys.modules[__name__], "ALL_IMPORTS", ALL_IMPORTS + fake)
    assert ["sv_desktop.domain.dates", "sv_desktop.domain.money"] in import_loops()
