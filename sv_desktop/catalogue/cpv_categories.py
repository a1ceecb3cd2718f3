"""The CPV code -> category table that gives imported notices their category (resources/cpv/cpv_categories.yaml).

The shipped table is data, not code; the header of the shipped file is its
schema. A user's copy (cpv-categories.yaml in the per-user data folder, written
by the import dialog's table editor or by hand) is used instead of the shipped
one. Reading uses the framework loader's node walking, so every problem names the
file, the line and the key; saving checks every row first and names the row.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import Node, ScalarNode

from sv_desktop import paths
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.domain.vocabulary import Category

from .loader import _check_schema, _compose, _describe, _line, _Reader

__all__ = [
    "CpvRule",
    "CpvTable",
    "load_cpv_table",
    "rule_problems",
    "shipped_cpv_table_path",
    "user_cpv_table_path",
    "write_cpv_table",
]

FILE_KEYS = ("schema", "source", "default", "rules")
FILE_REQUIRED = ("schema", "source", "rules")
RULE_KEYS = ("prefix", "category", "label")
RULE_REQUIRED = ("prefix", "category")
PREFIX_DIGITS = (2, 8)
USER_FILE_NAME = "cpv-categories.yaml"
EXPECTED = "'schema: 1', a 'source' and a list of 'rules' (see the header of the shipped cpv_categories.yaml)"
_TAG = "tag:yaml.org,2002:"
_NULL = _TAG + "null"


def shipped_cpv_table_path() -> Path:
    return paths.resources_dir() / "cpv" / "cpv_categories.yaml"


def user_cpv_table_path() -> Path:
    """The user's own table; when it exists it is used instead of the shipped one."""
    return paths.data_dir() / USER_FILE_NAME


@dataclass(frozen=True)
class CpvRule:
    """CPV codes starting with `prefix` belong to `category`."""

    prefix: str
    category: Category
    label: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CpvTable:
    path: Path
    source: str
    default: Category
    rules: tuple[CpvRule, ...]

    def rule_for(self, code: str) -> CpvRule | None:
        """The rule with the longest prefix the code starts with."""
        best: CpvRule | None = None
        for rule in self.rules:
            if code.startswith(rule.prefix) and (best is None or len(rule.prefix) > len(best.prefix)):
                best = rule
        return best

    def category_for(self, codes: Iterable[str]) -> Category:
        """The category of the first code (the notice's main one) a rule covers; the default when none is."""
        for code in codes:
            rule = self.rule_for(code)
            if rule is not None:
                return rule.category
        return self.default


def rule_problems(rules: Sequence[CpvRule]) -> list[FieldError]:
    """What is wrong with each row of an edited table (rows counted from 1); empty when it may be saved."""
    problems: list[FieldError] = []
    low, high = PREFIX_DIGITS
    seen: dict[str, int] = {}
    if not rules:
        problems.append(FieldError("rules", "the table needs at least one rule"))
    for row, rule in enumerate(rules, start=1):
        prefix = rule.prefix.strip() if isinstance(rule.prefix, str) else ""
        if not (prefix.isascii() and prefix.isdigit() and low <= len(prefix) <= high):
            shown = f"'{rule.prefix}'" if isinstance(rule.prefix, str) and rule.prefix.strip() else "empty"
            problems.append(FieldError(f"row {row} prefix", f"is {shown}; a prefix is {low} to {high} digits "
                                                            "(e.g. 33 or 3314)"))
        elif prefix in seen:
            problems.append(FieldError(f"row {row} prefix", f"{prefix} is already on row {seen[prefix]}"))
        else:
            seen[prefix] = row
        if not isinstance(rule.category, Category):
            problems.append(FieldError(f"row {row} category", "choose a category"))
        if "\n" in rule.label or "\r" in rule.label:
            problems.append(FieldError(f"row {row} label", "must be one line"))
    return problems


def load_cpv_table(path: Path) -> CpvTable:
    """The table in `path`; CatalogueError naming the file, line and key of the first problem."""
    path = Path(path)
    reader = _Reader(path)
    root = _root(path)
    items = reader.mapping(root, None, FILE_KEYS, FILE_REQUIRED)
    _check_schema(reader, items["schema"][1])
    source = reader.string(items["source"][1], "source").strip()
    default = _category(reader, items["default"][1], "default") if "default" in items else Category.OTHER
    rules_node = items["rules"][1]
    rules: list[CpvRule] = []
    seen: dict[str, int | None] = {}
    for index, node in enumerate(reader.sequence(rules_node, "rules", non_empty=True)):
        key = f"rules[{index}]"
        rule_items = reader.mapping(node, key, RULE_KEYS, RULE_REQUIRED)
        prefix_node = rule_items["prefix"][1]
        prefix = _prefix(reader, prefix_node, f"{key}.prefix")
        if prefix in seen:
            reader.fail(prefix_node, f"{key}.prefix",
                        f"prefix {prefix} is already given on line {seen[prefix]}; each prefix once")
        seen[prefix] = _line(prefix_node)
        category = _category(reader, rule_items["category"][1], f"{key}.category")
        label = reader.string(rule_items["label"][1], f"{key}.label", required=False).strip() \
            if "label" in rule_items else ""
        rules.append(CpvRule(prefix, category, label, _line(node)))
    return CpvTable(path, source, default, tuple(rules))


def _root(path: Path) -> Node:
    return _compose(path, guard=True, expected=EXPECTED)


def _prefix(reader: _Reader, node: Node, key: str) -> str:
    low, high = PREFIX_DIGITS
    if isinstance(node, ScalarNode) and node.tag != _TAG + "str" and node.value.strip().isdigit():
        reader.fail(node, key, f'write the prefix in quotes, "{node.value.strip()}": as a number it loses a '
                               "leading zero")
    value = reader.string(node, key).strip()
    if not (value.isascii() and value.isdigit() and low <= len(value) <= high):
        reader.fail(node, key, f"prefix '{value}' must be {low} to {high} digits (e.g. \"33\" or \"3314\")")
    return value


def _category(reader: _Reader, node: Node, key: str) -> Category:
    if isinstance(node, ScalarNode) and node.tag == _NULL:
        reader.fail(node, key, f"expected a category, got {_describe(node)}")
    text = reader.string(node, key)
    try:
        return Category(text.strip())
    except ValueError:
        reader.fail(node, key, f"unknown category '{text}' (expected one of: "
                               f"{', '.join(c.value for c in Category)})")


def cpv_table_yaml(rules: Sequence[CpvRule], source: str, default: Category = Category.OTHER) -> str:
    """The text of a table file: a header saying what it is, then the rules in prefix order."""
    body = {
        "schema": 1,
        "source": source,
        "default": default.value,
        "rules": [{"prefix": r.prefix.strip(), "category": r.category.value, **({"label": r.label.strip()}
                                                                                if r.label.strip() else {})}
                  for r in sorted(rules, key=lambda r: r.prefix.strip())],
    }
    header = (
        f"# CPV code -> category table, saved by SV Desktop on {date.today().isoformat()}.\n"
        "# Used instead of the shipped table (resources/cpv/cpv_categories.yaml, whose header explains\n"
        "# the format). The rule with the longest prefix a notice's main CPV code starts with gives the\n"
        "# category; prefixes are 2 to 8 digits in quotes. Delete this file to go back to the shipped table.\n"
    )
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)


def write_cpv_table(path: Path, rules: Sequence[CpvRule], source: str,
                    default: Category = Category.OTHER) -> CpvTable:
    """Check the rules (ValidationError naming each bad row), write the file whole, and read it back."""
    problems = rule_problems(rules)
    if problems:
        raise ValidationError(problems)
    path = Path(path)
    text = cpv_table_yaml(rules, source, default)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".cpv-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        load_cpv_table(Path(temporary))  # what is written must read back
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return load_cpv_table(path)
