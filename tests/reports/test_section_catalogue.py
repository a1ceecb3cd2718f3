"""The section catalogue: every section of the committee pack and the contract report, listed in one place."""
from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from sv_desktop import reports
from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS, PACK_SECTIONS

REPORTS = Path(reports.__file__).parent


def section_builders() -> dict[str, object]:
    """Every public `build_*(data, context: SectionContext)` function in the reports package, by dotted name."""
    found = {}
    for path in sorted(REPORTS.glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"sv_desktop.reports.{path.stem}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or not name.startswith("build_"):
                continue
            parameters = list(inspect.signature(function).parameters.values())
            if len(parameters) == 2 and parameters[1].annotation == "SectionContext":
                found[f"{module.__name__}.{name}"] = function
    return found


def listed(registry) -> list[object]:
    return [spec.builder for spec in registry.ordered()]


def test_every_section_builder_is_listed_exactly_once():
    builders = section_builders()
    assert len(builders) >= 14  # the finder finds them: five pack sections of its own, nine more
    everything = listed(PACK_SECTIONS) + listed(CONTRACT_SECTIONS)
    named = {function: name for name, function in builders.items()}
    assert sorted(named[b] for b in everything) == sorted(builders)  # each once, none missing, none unknown


@pytest.mark.parametrize("registry", [PACK_SECTIONS, CONTRACT_SECTIONS], ids=["pack", "contract"])
def test_ids_and_orders_are_unique_and_give_the_print_order(registry):
    specs = registry.ordered()
    assert len({spec.id for spec in specs}) == len(specs)
    assert len({spec.order for spec in specs}) == len(specs)
    assert [spec.order for spec in specs] == sorted(spec.order for spec in specs)
    assert all(spec.title.strip() for spec in specs)


def test_no_other_module_lists_sections():
    """Sections are listed in section_catalogue only: no module adds itself to a registry when imported."""
    for path in REPORTS.glob("*.py"):
        if path.name in ("section_catalogue.py", "sections.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "SectionSpec(" not in text and ".register(" not in text and "SectionRegistry(" not in text, path.name
