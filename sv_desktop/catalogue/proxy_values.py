"""Load and validate a user's proxy-value file (resources/proxy_values/SCHEMA.md).

Uses the framework loader's node walking (sv_desktop.catalogue.loader), so every
problem names the file, the line and the key. Unlike a framework file, a proxy
file is not all or nothing: each entry is checked on its own, every problem is
reported, and the entries without problems are used (the dashboard lists the
problems beside the figures). Nothing in a file, however broken, raises: the
worst case is no values and a problem saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yaml.nodes import Node, ScalarNode

from sv_desktop.domain.proxy_values import MetricKey, ProxyTable, ProxyValue

from .loader import (
    _CONSTRUCTOR,
    CatalogueError,
    _check_schema,
    _compose,
    _describe,
    _line,
    _Reader,
    _unexpected,
)
from .model import LoadProblem
from .units import UNITS

__all__ = [
    "FILE_KEYS",
    "ProxyValueFile",
    "VALUE_KEYS",
    "load_proxy_values",
]

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _NULL = (_TAG + t for t in ("str", "int", "float", "null"))

FILE_KEYS = ("schema", "description", "values")
FILE_REQUIRED = ("schema", "values")
VALUE_KEYS = ("framework", "ref", "title", "unit", "gbp_per_unit", "source", "year", "note")
VALUE_REQUIRED = ("gbp_per_unit", "source", "year")
MAX_GBP_PER_UNIT = Decimal("1000000000")  # £1bn a unit: far above any published proxy; catches typos
MIN_YEAR, MAX_YEAR = 1990, 2100
EXPECTED = "'schema: 1' and a list of 'values' (see resources/proxy_values/SCHEMA.md)"

# (framework id, ref) -> the metric's unit id, or None when the catalogue has no such metric.
MetricLookup = Callable[[str, str], "str | None"]


@dataclass(frozen=True)
class ProxyValueFile:
    """What was read from one proxy-value file: the usable values and every problem found."""

    path: Path
    exists: bool
    values: tuple[ProxyValue, ...] = ()
    problems: tuple[LoadProblem, ...] = ()
    table: ProxyTable = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", ProxyTable(self.values))


class _ProxyReader(_Reader):
    def amount(self, node: Node, key: str) -> Decimal:
        """£ per unit: a YAML number, or text such as "£1,234.56"; more than zero."""
        what = 'an amount in pounds per unit (for example 1234.56 or "£1,234.56")'
        if isinstance(node, ScalarNode) and node.tag == _INT:
            value = Decimal(int(_CONSTRUCTOR.construct_yaml_int(node)))
        elif isinstance(node, ScalarNode) and node.tag == _FLOAT:
            try:
                value = Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                value = Decimal("NaN")  # .inf, .nan, sexagesimal
        elif isinstance(node, ScalarNode) and node.tag == _STR:
            text = node.value.strip().replace(",", "").replace("£", "").strip()
            if not text:
                self.fail(node, key, f"must not be empty; expected {what}")
            try:
                value = Decimal(text)
            except InvalidOperation:
                self.fail(node, key, f"'{node.value}' is not {what}")
        else:
            self.fail(node, key, f"expected {what}, got {_describe(node)}")
        if not value.is_finite():
            self.fail(node, key, f"expected {what}, got {_describe(node)}")
        if value <= 0:
            self.fail(node, key, f"must be more than zero, got {value}")
        if value > MAX_GBP_PER_UNIT:
            self.fail(node, key, f"£{value:,} a unit is more than £1bn; check the figure")
        return value

    def year(self, node: Node, key: str) -> int:
        if isinstance(node, ScalarNode) and node.tag == _STR and node.value.strip().isdigit():
            self.fail(node, key, f"write the year as a number without quotes: {node.value.strip()}")
        value = self.integer(node, key)
        if not MIN_YEAR <= value <= MAX_YEAR:
            self.fail(node, key, f"expected a year between {MIN_YEAR} and {MAX_YEAR}, got {value}")
        return value


def _entry(r: _ProxyReader, node: Node, key: str, metric_unit: MetricLookup | None,
           problems: list[LoadProblem]) -> ProxyValue | None:
    """One entry, or None after recording every problem found in it."""
    try:
        items = r.mapping(node, key, VALUE_KEYS, VALUE_REQUIRED)
    except CatalogueError as exc:
        problems.append(exc.problem)
        return None
    found: dict[str, Any] = {}  # each field as its own parser returns it
    failed = False

    def read(name: str, parse: Callable[[Node, str], object]) -> None:
        nonlocal failed
        if name not in items:
            return
        try:
            found[name] = parse(items[name][1], f"{key}.{name}")
        except CatalogueError as exc:
            problems.append(exc.problem)
            failed = True

    read("framework", lambda n, k: r.name(n, k, "framework id"))
    read("ref", r.ref)
    read("title", r.string)
    read("unit", lambda n, k: r.choice(n, k, tuple(UNITS), "unit"))
    read("gbp_per_unit", r.amount)
    read("source", r.string)
    read("year", r.year)
    read("note", lambda n, k: r.string(n, k, required=False))

    def problem(message: str, name: str | None = None) -> None:
        nonlocal failed
        where = items[name][0] if name and name in items else node
        problems.append(LoadProblem(r.path, _line(where), f"{key}.{name}" if name else key, message))
        failed = True

    if "framework" in items and "ref" not in items:
        problem("a framework metric needs its 'ref' as well (for example ref: \"1ai\")")
    elif "ref" in items and "framework" not in items:
        problem("say which framework the ref belongs to (for example framework: ppn002)", "ref")
    elif "framework" not in items and not ("title" in items and "unit" in items):
        problem("say which metric this is: 'framework' and 'ref' for a framework metric, or 'title' and "
                "'unit' for a bespoke one")
    if failed:
        return None
    if "framework" in found:
        framework_id, ref = str(found["framework"]), str(found["ref"])
        if metric_unit is not None:
            unit = metric_unit(framework_id, ref)
            if unit is None:
                problem(f"there is no metric '{ref}' in framework '{framework_id}' (check the framework id and "
                        "ref in the Catalogue tab)", "ref")
            elif "unit" in found and found["unit"] != unit:
                problem(f"metric {framework_id} {ref} is measured in '{unit}', not '{found['unit']}'", "unit")
        metric = MetricKey.framework(framework_id, ref)
    else:
        metric = MetricKey.bespoke(str(found["title"]), str(found["unit"]))
    if failed:
        return None
    return ProxyValue(metric, found["gbp_per_unit"], str(found["source"]).strip(), int(found["year"]),
                      str(found.get("note", "")).strip(), _line(node))


def _root(path: Path) -> Node:
    return _compose(path, guard=True, expected=EXPECTED)


def _parse(path: Path, metric_unit: MetricLookup | None) -> tuple[list[ProxyValue], list[LoadProblem]]:
    r = _ProxyReader(path)
    root = _root(path)
    items = r.mapping(root, None, FILE_KEYS, FILE_REQUIRED)
    _check_schema(r, items["schema"][1])
    if "description" in items:
        r.string(items["description"][1], "description", required=False)
    values_node = items["values"][1]
    if isinstance(values_node, ScalarNode) and values_node.tag == _NULL:
        return [], []  # "values:" with nothing under it: no proxies yet
    problems: list[LoadProblem] = []
    values: list[ProxyValue] = []
    seen: dict[MetricKey, int | None] = {}
    for index, node in enumerate(r.sequence(values_node, "values")):
        key = f"values[{index}]"
        value = _entry(r, node, key, metric_unit, problems)
        if value is None:
            continue
        if value.metric in seen:
            problems.append(LoadProblem(path, value.line, key, f"duplicate metric {value.metric} (already given on "
                                                               f"line {seen[value.metric]}); this entry was ignored"))
            continue
        seen[value.metric] = value.line
        values.append(value)
    return values, problems


def load_proxy_values(path: Path, metric_unit: MetricLookup | None = None) -> ProxyValueFile:
    """Read the proxy-value file at `path`. Never raises: a missing file has no values and no problems.

    `metric_unit(framework_id, ref)` (the catalogue) lets the loader refuse refs that are not
    metrics and units that do not match the metric's own.
    """
    path = Path(path)
    if not path.exists():
        return ProxyValueFile(path, exists=False)
    try:
        values, problems = _parse(path, metric_unit)
    except CatalogueError as exc:
        return ProxyValueFile(path, True, (), (exc.problem,))
    except Exception as exc:  # never let a user's file crash the app
        return ProxyValueFile(path, True, (), (_unexpected(path, exc),))
    return ProxyValueFile(path, True, tuple(values), tuple(problems))
