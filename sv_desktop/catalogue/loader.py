"""Load and validate framework and mapping files (resources/frameworks/SCHEMA.md).

The YAML is composed into nodes (not constructed into Python objects) and the
nodes are walked here, so every error can name the file, the key and the line.
Errors in the shipped files raise :class:`CatalogueError`; errors in a user's
own files become :class:`LoadProblem` entries in the catalogue and the file is
skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sv_desktop.domain.errors import UserFacingError

from .model import (
    AGGREGATIONS,
    CATEGORIES,
    KINDS,
    TEXT_STATUSES,
    AdditionalCriterion,
    Catalogue,
    CategoryGuide,
    Concept,
    Entry,
    Framework,
    LoadProblem,
    Mapping,
    MappingMember,
    ModelQuestion,
    WorkforceBaseline,
    describe_problem,
)
from .units import UNITS

__all__ = [
    "CatalogueError",
    "SCHEMA_VERSION",
    "USER_FILE_SUFFIXES",
    "load_catalogue",
    "load_framework_file",
    "load_mapping_file",
]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SCHEMA_VERSION = 1
USER_FILE_SUFFIXES = (".yaml", ".yml")
MAX_NESTING = 64  # user files deeper than this are refused (a guard, not a schema rule)
PLACEHOLDERS = ("word_limit", "outcome")

_ID_RE = re.compile(r"[a-z0-9_]+")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL, _FLOAT = (_TAG + t for t in ("str", "int", "bool", "null", "float"))
_TIMESTAMP = _TAG + "timestamp"
_MAP, _SEQ = _TAG + "map", _TAG + "seq"

FRAMEWORK_KEYS = (
    "schema",
    "id",
    "name",
    "short_name",
    "version",
    "publisher",
    "order",
    "source",
    "description",
    "notes",
    "model_question",
    "additional_award_criteria",
    "workforce_baseline",
    "category_guide",
    "entries",
)
FRAMEWORK_REQUIRED = (
    "schema",
    "id",
    "name",
    "short_name",
    "version",
    "publisher",
    "order",
    "source",
    "description",
    "entries",
)
ENTRY_KEYS = (
    "ref",
    "kind",
    "title",
    "text",
    "source",
    "text_status",
    "note",
    "unit",
    "aggregation",
    "by_region",
    "children",
)
ENTRY_REQUIRED = ("ref", "kind", "title", "source")
METRIC_ONLY_KEYS = ("unit", "aggregation", "by_region")
MODEL_QUESTION_KEYS = ("text", "source")
AAC_KEYS = ("ref", "text", "note", "pass_gate", "items", "source")
AAC_REQUIRED = ("ref", "text", "source")
BASELINE_KEYS = ("outcomes", "text", "unit", "source")
GUIDE_KEYS = ("category", "entries", "rationale", "examples", "source")
GUIDE_REQUIRED = ("category", "entries", "rationale", "source")
MAPPING_KEYS = ("schema", "id", "name", "assumption", "concepts")
CONCEPT_KEYS = ("id", "name", "source", "members")
MEMBER_KEYS = ("framework", "ref", "reasoning")


class CatalogueError(UserFacingError):
    """A framework or mapping file that does not follow SCHEMA.md."""

    def __init__(self, path: Path, line: int | None, key: str | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return describe_problem(self.path, self.line, self.key, self.message)

    @property
    def problem(self) -> LoadProblem:
        return LoadProblem(self.path, self.line, self.key, self.message)


# -- reading a file into nodes -------------------------------------------------------


def _line(node: Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise CatalogueError(path, None, None, "is a folder, not a file") from None
    except OSError as exc:
        raise CatalogueError(path, None, None, f"cannot be read: {exc.strerror or exc}") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CatalogueError(
            path, line, None, "is not a text file (it contains binary data); expected YAML"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            path, line, None, "is not UTF-8 text (binary or another encoding); expected YAML"
        ) from None


def _check_nesting(path: Path, text: str) -> None:
    """Refuse absurdly deep nesting before composing: the C composer recurses
    without a guard and would take the whole process down."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    raise CatalogueError(
                        path,
                        event.start_mark.line + 1 if event.start_mark is not None else None,
                        None,
                        f"nested more than {MAX_NESTING} levels deep",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:
        if "nesting depth" in str(error):  # PyYAML 6.0.3+ has its own (higher) guard
            mark = getattr(error, "problem_mark", None)
            raise CatalogueError(
                path, mark.line + 1 if mark else None, None, f"nested more than {MAX_NESTING} levels deep"
            ) from None
        return  # the syntax error is reported, with its line, by _compose


def _compose(path: Path, *, guard: bool = False, expected: str | None = None) -> Node:
    """The file's YAML node tree, its top level a mapping. `expected` names what another kind of file (a CPV
    table, proxy values) should hold, for the messages about an empty file or a top level that is no mapping."""
    text = _read_text(path)
    if guard:
        _check_nesting(path, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = "; ".join(part for part in (exc.context, exc.problem) if part)
        raise CatalogueError(
            path, mark.line + 1 if mark else None, None, f"invalid YAML: {detail}"
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        if isinstance(exc.character, int):
            message = f"invalid YAML: unacceptable character #x{exc.character:04x}"
        else:
            message = f"invalid YAML: {exc.reason}"
        raise CatalogueError(path, line, None, message) from None
    except yaml.YAMLError as exc:
        raise CatalogueError(path, None, None, f"invalid YAML: {exc}") from None
    if node is None:
        if expected is not None:
            raise CatalogueError(path, 1, None, f"is empty; expected {expected}")
        raise CatalogueError(
            path, None, None, "is empty; expected a framework or a mapping (see SCHEMA.md)"
        )
    if not isinstance(node, MappingNode):
        if expected is not None:
            raise CatalogueError(path, _line(node), None, f"expected {expected}, not {_describe(node)}")
        raise CatalogueError(
            path,
            _line(node),
            None,
            f"the top level must be a mapping of keys (schema, id, ...), not {_describe(node)}",
        )
    return node


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag
    value = node.value if isinstance(node.value, str) else ""
    shown = value if len(value) <= 40 else value[:37] + "..."
    if tag == _NULL:
        return "nothing (null)"
    if tag == _BOOL:
        return f"the true/false value {shown}"
    if tag in (_INT, _FLOAT):
        return f"the number {shown}"
    if tag == _TIMESTAMP:
        return f"the date {shown}"
    if tag == _STR:
        return f"the text '{shown}'"
    return f"a value tagged {tag}"


def _join(key: str | None, name: str) -> str:
    return f"{key}.{name}" if key else name


class _Reader:
    """Typed access to nodes; every failure raises CatalogueError with the line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Node | None, key: str | None, message: str) -> NoReturn:
        raise CatalogueError(self.path, _line(node), key, message)

    def mapping(
        self,
        node: Node,
        key: str | None,
        allowed: Sequence[str],
        required: Sequence[str] = (),
    ) -> dict[str, tuple[Node, Node]]:
        """The mapping's items as name -> (key node, value node)."""
        if not isinstance(node, MappingNode):
            self.fail(node, key, f"expected a mapping of keys, got {_describe(node)}")
        if node.tag != _MAP:
            self.fail(node, key, f"unsupported YAML tag {node.tag} (plain YAML only)")
        out: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in node.value:
            if not (isinstance(knode, ScalarNode) and knode.tag == _STR):
                self.fail(knode, key, f"keys must be plain names, got {_describe(knode)}")
            name = knode.value
            child = _join(key, name)
            if name in out:
                self.fail(
                    knode,
                    child,
                    f"duplicate key '{name}' (first given on line {_line(out[name][0])})",
                )
            if name not in allowed:
                self.fail(
                    knode,
                    child,
                    f"unknown key '{name}' (allowed keys: {', '.join(allowed)})",
                )
            out[name] = (knode, vnode)
        for name in required:
            if name not in out:
                self.fail(node, key, f"missing required key '{name}'")
        return out

    def string(self, node: Node, key: str, *, required: bool = True) -> str:
        if isinstance(node, ScalarNode) and node.tag == _STR:
            value = node.value
            if required and not value.strip():
                self.fail(node, key, "must not be empty")
            return value
        hint = ""
        if isinstance(node, ScalarNode) and node.tag in (_INT, _FLOAT, _BOOL, _TIMESTAMP):
            hint = f' (put it in quotes: "{node.value}")'
        if isinstance(node, ScalarNode) and node.tag == _NULL and not required:
            return ""
        self.fail(node, key, f"expected text, got {_describe(node)}{hint}")

    def name(self, node: Node, key: str, what: str = "id") -> str:
        value = self.string(node, key)
        if not _ID_RE.fullmatch(value):
            self.fail(
                node,
                key,
                f"{what} '{value}' must use only lower-case letters, digits and '_' ([a-z0-9_]+)",
            )
        return value

    def ref(self, node: Node, key: str) -> str:
        value = self.string(node, key)
        if value != value.strip() or "\n" in value:
            self.fail(
                node, key, f"ref '{value}' must not contain line breaks or surrounding spaces"
            )
        return value

    def integer(self, node: Node, key: str) -> int:
        if isinstance(node, ScalarNode) and node.tag == _INT:
            return int(_CONSTRUCTOR.construct_yaml_int(node))
        self.fail(node, key, f"expected a whole number, got {_describe(node)}")

    def boolean(self, node: Node, key: str) -> bool:
        if isinstance(node, ScalarNode) and node.tag == _BOOL:
            return bool(_CONSTRUCTOR.construct_yaml_bool(node))
        self.fail(node, key, f"expected true or false, got {_describe(node)}")

    def sequence(self, node: Node, key: str, *, non_empty: bool = False) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, key, f"expected a list, got {_describe(node)}")
        if node.tag != _SEQ:
            self.fail(node, key, f"unsupported YAML tag {node.tag} (plain YAML only)")
        if non_empty and not node.value:
            self.fail(node, key, "must not be an empty list")
        return list(node.value)

    def strings(self, node: Node, key: str, *, non_empty: bool = False) -> tuple[str, ...]:
        return tuple(
            self.string(item, f"{key}[{i}]")
            for i, item in enumerate(self.sequence(node, key, non_empty=non_empty))
        )

    def choice(self, node: Node, key: str, allowed: Sequence[str], what: str) -> str:
        value = self.string(node, key)
        if value not in allowed:
            self.fail(
                node, key, f"unknown {what} '{value}' (expected one of: {', '.join(allowed)})"
            )
        return value


_CONSTRUCTOR = yaml.SafeLoader("")


# -- frameworks ------------------------------------------------------------------------


@dataclass
class _EntryContext:
    framework_id: str
    seen: dict[str, int | None]  # ref -> line


def _parse_entry(
    r: _Reader, node: Node, key: str, ctx: _EntryContext, parent_ref: str | None
) -> Entry:
    items = r.mapping(node, key, ENTRY_KEYS, ENTRY_REQUIRED)

    def val(name: str) -> Node:
        return items[name][1]

    ref_node = val("ref")
    ref = r.ref(ref_node, _join(key, "ref"))
    if ref in ctx.seen:
        r.fail(
            ref_node,
            _join(key, "ref"),
            f"duplicate ref '{ref}' (already used on line {ctx.seen[ref]}); refs must be "
            "unique within a framework",
        )
    ctx.seen[ref] = _line(ref_node)
    kind = r.choice(val("kind"), _join(key, "kind"), KINDS, "kind")
    title = r.string(val("title"), _join(key, "title"))
    source = r.string(val("source"), _join(key, "source"))
    text = r.string(val("text"), _join(key, "text"), required=False) if "text" in items else ""
    note = r.string(val("note"), _join(key, "note"), required=False) if "note" in items else ""
    text_status = "verbatim"
    if "text_status" in items:
        text_status = r.choice(
            val("text_status"), _join(key, "text_status"), TEXT_STATUSES, "text_status"
        )

    unit: str | None = None
    aggregation: str | None = None
    by_region = False
    children: tuple[Entry, ...] = ()
    if kind == "metric":
        if "children" in items:
            knode = items["children"][0]
            r.fail(
                knode,
                _join(key, "children"),
                f"metric '{ref}' cannot have children (only non-metric entries have children)",
            )
        if "unit" not in items:
            r.fail(node, key, f"metric '{ref}' is missing required key 'unit'")
        unit = r.choice(val("unit"), _join(key, "unit"), tuple(UNITS), "unit")
        if "aggregation" in items:
            aggregation = r.choice(
                val("aggregation"), _join(key, "aggregation"), AGGREGATIONS, "aggregation"
            )
        else:
            aggregation = UNITS[unit].default_aggregation
        if "by_region" in items:
            by_region = r.boolean(val("by_region"), _join(key, "by_region"))
    else:
        for name in METRIC_ONLY_KEYS:
            if name in items:
                r.fail(
                    items[name][0],
                    _join(key, name),
                    f"'{name}' is only allowed on metric entries ('{ref}' is of kind '{kind}')",
                )
        if "children" in items:
            ckey = _join(key, "children")
            children = tuple(
                _parse_entry(r, child, f"{ckey}[{i}]", ctx, ref)
                for i, child in enumerate(r.sequence(val("children"), ckey))
            )
    return Entry(
        framework_id=ctx.framework_id,
        ref=ref,
        kind=kind,
        title=title,
        text=text,
        source=source,
        text_status=text_status,
        note=note,
        unit=unit,
        aggregation=aggregation,
        by_region=by_region,
        parent_ref=parent_ref,
        children=children,
    )


def _parse_framework(r: _Reader, root: Node, path: Path, builtin: bool) -> Framework:
    items = r.mapping(root, None, FRAMEWORK_KEYS, FRAMEWORK_REQUIRED)

    def val(name: str) -> Node:
        return items[name][1]

    _check_schema(r, val("schema"))
    framework_id = r.name(val("id"), "id", "framework id")
    name = r.string(val("name"), "name")
    short_name = r.string(val("short_name"), "short_name")
    version = r.string(val("version"), "version")
    publisher = r.string(val("publisher"), "publisher")
    order = r.integer(val("order"), "order")
    source = r.string(val("source"), "source")
    description = r.string(val("description"), "description")
    notes = r.strings(val("notes"), "notes") if "notes" in items else ()

    ctx = _EntryContext(framework_id, {})
    entry_nodes = r.sequence(val("entries"), "entries", non_empty=True)
    entries = tuple(
        _parse_entry(r, node, f"entries[{i}]", ctx, None) for i, node in enumerate(entry_nodes)
    )
    index = {e.ref: e for top in entries for e in top.walk()}

    model_question = None
    if "model_question" in items:
        mq = r.mapping(
            val("model_question"), "model_question", MODEL_QUESTION_KEYS, MODEL_QUESTION_KEYS
        )
        text_node = mq["text"][1]
        text = r.string(text_node, "model_question.text")
        for placeholder in _PLACEHOLDER_RE.findall(text):
            if placeholder not in PLACEHOLDERS:
                r.fail(
                    text_node,
                    "model_question.text",
                    f"unknown placeholder '{{{placeholder}}}' (allowed: "
                    + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                    + ")",
                )
        model_question = ModelQuestion(text, r.string(mq["source"][1], "model_question.source"))

    criteria: list[AdditionalCriterion] = []
    if "additional_award_criteria" in items:
        seen: dict[str, int | None] = {}
        base = "additional_award_criteria"
        for i, node in enumerate(r.sequence(val(base), base)):
            key = f"{base}[{i}]"
            c = r.mapping(node, key, AAC_KEYS, AAC_REQUIRED)
            ref_node = c["ref"][1]
            ref = r.ref(ref_node, f"{key}.ref")
            if ref in seen:
                r.fail(
                    ref_node,
                    f"{key}.ref",
                    f"duplicate ref '{ref}' (already used on line {seen[ref]})",
                )
            seen[ref] = _line(ref_node)
            note = ""
            if "note" in c:
                note = r.string(c["note"][1], f"{key}.note", required=False)
            pass_gate = False
            if "pass_gate" in c:
                pass_gate = r.boolean(c["pass_gate"][1], f"{key}.pass_gate")
            criteria.append(
                AdditionalCriterion(
                    ref=ref,
                    text=r.string(c["text"][1], f"{key}.text"),
                    note=note,
                    pass_gate=pass_gate,
                    items=r.strings(c["items"][1], f"{key}.items") if "items" in c else (),
                    source=r.string(c["source"][1], f"{key}.source"),
                )
            )

    baseline = None
    if "workforce_baseline" in items:
        key = "workforce_baseline"
        b = r.mapping(val(key), key, BASELINE_KEYS, BASELINE_KEYS)
        outcome_nodes = r.sequence(b["outcomes"][1], f"{key}.outcomes", non_empty=True)
        outcomes = []
        for i, node in enumerate(outcome_nodes):
            okey = f"{key}.outcomes[{i}]"
            ref = r.string(node, okey)
            entry = index.get(ref)
            if entry is None:
                r.fail(node, okey, f"no entry with ref '{ref}' in framework '{framework_id}'")
            if entry.kind != "outcome":
                r.fail(node, okey, f"'{ref}' is of kind '{entry.kind}', not an outcome")
            outcomes.append(ref)
        baseline = WorkforceBaseline(
            outcomes=tuple(outcomes),
            text=r.string(b["text"][1], f"{key}.text"),
            unit=r.choice(b["unit"][1], f"{key}.unit", tuple(UNITS), "unit"),
            source=r.string(b["source"][1], f"{key}.source"),
        )

    guides: list[CategoryGuide] = []
    if "category_guide" in items:
        base = "category_guide"
        for i, node in enumerate(r.sequence(val(base), base)):
            key = f"{base}[{i}]"
            g = r.mapping(node, key, GUIDE_KEYS, GUIDE_REQUIRED)
            refs = []
            ref_nodes = r.sequence(g["entries"][1], f"{key}.entries", non_empty=True)
            for j, ref_node in enumerate(ref_nodes):
                ref = r.string(ref_node, f"{key}.entries[{j}]")
                if ref not in index:
                    r.fail(
                        ref_node,
                        f"{key}.entries[{j}]",
                        f"no entry with ref '{ref}' in framework '{framework_id}'",
                    )
                refs.append(ref)
            guides.append(
                CategoryGuide(
                    category=r.choice(g["category"][1], f"{key}.category", CATEGORIES, "category"),
                    entries=tuple(refs),
                    rationale=r.string(g["rationale"][1], f"{key}.rationale"),
                    examples=(
                        r.strings(g["examples"][1], f"{key}.examples") if "examples" in g else ()
                    ),
                    source=r.string(g["source"][1], f"{key}.source"),
                )
            )

    return Framework(
        id=framework_id,
        name=name,
        short_name=short_name,
        version=version,
        publisher=publisher,
        order=order,
        source=source,
        description=description,
        notes=notes,
        model_question=model_question,
        additional_award_criteria=tuple(criteria),
        workforce_baseline=baseline,
        category_guide=tuple(guides),
        entries=entries,
        path=path,
        builtin=builtin,
    )


def _check_schema(r: _Reader, node: Node) -> None:
    version = r.integer(node, "schema")
    if version != SCHEMA_VERSION:
        r.fail(
            node,
            "schema",
            f"unsupported schema version {version} (this version of SV Desktop reads "
            f"schema {SCHEMA_VERSION})",
        )


# -- mappings --------------------------------------------------------------------------


@dataclass(frozen=True)
class _MemberSite:
    """Where a mapping member was written, for checking it once frameworks are known."""

    member: MappingMember
    line: int | None
    key: str


@dataclass
class _MappingSites:
    """Line numbers kept from parsing a mapping file for the cross-file checks."""

    members: list[_MemberSite]
    id_line: int | None
    concepts: dict[str, tuple[int | None, str]]  # concept id -> (line, key)


def _parse_mapping(
    r: _Reader, root: Node, path: Path, builtin: bool
) -> tuple[Mapping, _MappingSites]:
    items = r.mapping(root, None, MAPPING_KEYS, MAPPING_KEYS)
    _check_schema(r, items["schema"][1])
    mapping_id = r.name(items["id"][1], "id", "mapping id")
    name = r.string(items["name"][1], "name")
    assumption = r.string(items["assumption"][1], "assumption")
    concepts: list[Concept] = []
    sites: list[_MemberSite] = []
    concept_lines: dict[str, tuple[int | None, str]] = {}
    for i, node in enumerate(r.sequence(items["concepts"][1], "concepts", non_empty=True)):
        key = f"concepts[{i}]"
        c = r.mapping(node, key, CONCEPT_KEYS, CONCEPT_KEYS)
        id_node = c["id"][1]
        concept_id = r.name(id_node, f"{key}.id", "concept id")
        if concept_id in concept_lines:
            r.fail(
                id_node,
                f"{key}.id",
                f"duplicate concept id '{concept_id}' (already used on line "
                f"{concept_lines[concept_id][0]})",
            )
        concept_lines[concept_id] = (_line(id_node), f"{key}.id")
        members: list[MappingMember] = []
        for j, mnode in enumerate(r.sequence(c["members"][1], f"{key}.members", non_empty=True)):
            mkey = f"{key}.members[{j}]"
            m = r.mapping(mnode, mkey, MEMBER_KEYS, MEMBER_KEYS)
            member = MappingMember(
                framework=r.string(m["framework"][1], f"{mkey}.framework"),
                ref=r.string(m["ref"][1], f"{mkey}.ref"),
                reasoning=r.string(m["reasoning"][1], f"{mkey}.reasoning"),
            )
            if member in members:
                r.fail(mnode, mkey, f"member {member.framework} '{member.ref}' is listed twice")
            members.append(member)
            sites.append(_MemberSite(member, _line(m["ref"][1]), f"{mkey}.ref"))
        concepts.append(
            Concept(
                id=concept_id,
                name=r.string(c["name"][1], f"{key}.name"),
                source=r.string(c["source"][1], f"{key}.source"),
                members=tuple(members),
            )
        )
    mapping = Mapping(
        id=mapping_id,
        name=name,
        assumption=assumption,
        concepts=tuple(concepts),
        path=path,
        builtin=builtin,
    )
    return mapping, _MappingSites(sites, _line(items["id"][1]), concept_lines)


def _check_members(
    path: Path, sites: list[_MemberSite], frameworks: dict[str, Framework]
) -> None:
    for site in sites:
        member = site.member
        framework = frameworks.get(member.framework)
        if framework is None:
            known = ", ".join(sorted(frameworks)) or "none"
            raise CatalogueError(
                path,
                site.line,
                site.key.rsplit(".", 1)[0] + ".framework",
                f"unknown framework '{member.framework}' (known frameworks: {known})",
            )
        if framework.entry(member.ref) is None:
            raise CatalogueError(
                path,
                site.line,
                site.key,
                f"unknown ref '{member.ref}' in framework '{member.framework}'",
            )


# -- public API -------------------------------------------------------------------------


def _is_user(builtin: bool) -> bool:
    return not builtin


def load_framework_file(path: Path, builtin: bool = True) -> Framework:
    """Read and validate one framework file. Raises CatalogueError."""
    path = Path(path)
    root = _compose(path, guard=_is_user(builtin))
    try:
        return _parse_framework(_Reader(path), root, path, builtin)
    except RecursionError:
        raise CatalogueError(path, None, None, "entries are nested too deeply") from None


def _load_mapping(
    path: Path, builtin: bool, root: Node | None = None
) -> tuple[Mapping, _MappingSites]:
    path = Path(path)
    if root is None:
        root = _compose(path, guard=_is_user(builtin))
    return _parse_mapping(_Reader(path), root, path, builtin)


def load_mapping_file(path: Path, builtin: bool = True) -> Mapping:
    """Read and validate one mapping file's structure. Whether its members point at
    real frameworks and refs is checked by :func:`load_catalogue`. Raises
    CatalogueError."""
    return _load_mapping(path, builtin)[0]


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in USER_FILE_SUFFIXES and not p.name.startswith(".")
    )


def _is_mapping_root(root: Node) -> bool:
    return isinstance(root, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value == "concepts" for k, _ in root.value
    )


def load_catalogue(builtin_dir: Path, user_dir: Path | None = None) -> Catalogue:
    """Load the shipped frameworks and mappings under ``builtin_dir`` (its
    ``frameworks/`` and ``mappings/`` folders) and the user's own files in
    ``user_dir`` (flat; a file with a top-level ``concepts:`` key is a mapping).

    Errors in shipped files raise CatalogueError. A user file that fails is
    skipped and reported in ``Catalogue.problems``."""
    builtin_dir = Path(builtin_dir)
    frameworks: dict[str, Framework] = {}
    for path in _yaml_files(builtin_dir / "frameworks"):
        framework = load_framework_file(path, builtin=True)
        if framework.id in frameworks:
            raise CatalogueError(
                path,
                None,
                "id",
                f"framework id '{framework.id}' is also used by "
                f"{frameworks[framework.id].path.name}",
            )
        frameworks[framework.id] = framework

    mappings: list[Mapping] = []
    concept_owner: dict[str, Mapping] = {}
    mapping_ids: dict[str, Mapping] = {}
    builtin_frameworks = dict(frameworks)
    for path in _yaml_files(builtin_dir / "mappings"):
        mapping, sites = _load_mapping(path, builtin=True)
        _check_members(path, sites.members, builtin_frameworks)
        _check_unique_mapping(path, mapping, sites, mapping_ids, concept_owner)
        mappings.append(mapping)

    problems: list[LoadProblem] = []
    if user_dir is not None:
        user_mappings: list[tuple[Path, Node]] = []
        for path in _yaml_files(Path(user_dir)):
            try:
                root = _compose(path, guard=True)
                if _is_mapping_root(root):
                    user_mappings.append((path, root))
                    continue
                framework = _parse_framework(_Reader(path), root, path, builtin=False)
                if framework.id in frameworks:
                    raise CatalogueError(
                        path,
                        _line(_top_value(root, "id")),
                        "id",
                        f"framework id '{framework.id}' is already used by "
                        f"{frameworks[framework.id].path.name}; this file was skipped",
                    )
                frameworks[framework.id] = framework
            except CatalogueError as exc:
                problems.append(exc.problem)
            except Exception as exc:  # never let a user's file crash the app
                problems.append(_unexpected(path, exc))
        for path, root in user_mappings:
            try:
                mapping, sites = _load_mapping(path, builtin=False, root=root)
                _check_members(path, sites.members, frameworks)
                _check_unique_mapping(path, mapping, sites, mapping_ids, concept_owner)
                mappings.append(mapping)
            except CatalogueError as exc:
                problems.append(exc.problem)
            except Exception as exc:
                problems.append(_unexpected(path, exc))

    return Catalogue(
        frameworks=tuple(frameworks.values()),
        mappings=tuple(mappings),
        problems=tuple(problems),
    )


def _unexpected(path: Path, exc: BaseException) -> LoadProblem:
    if isinstance(exc, RecursionError):
        return LoadProblem(path, None, None, "nested too deeply to read")
    return LoadProblem(path, None, None, f"could not be read ({type(exc).__name__}: {exc})")


def _top_value(root: Node, name: str) -> Node | None:
    if isinstance(root, MappingNode):
        for knode, vnode in root.value:
            if isinstance(knode, ScalarNode) and knode.value == name:
                return vnode
    return None


def _check_unique_mapping(
    path: Path,
    mapping: Mapping,
    sites: _MappingSites,
    mapping_ids: dict[str, Mapping],
    concept_owner: dict[str, Mapping],
) -> None:
    """Mapping ids and concept ids must be unique across all mapping files. Only
    registers the mapping once every check has passed."""
    if mapping.id in mapping_ids:
        raise CatalogueError(
            path,
            sites.id_line,
            "id",
            f"mapping id '{mapping.id}' is already used by {mapping_ids[mapping.id].path.name}",
        )
    for concept in mapping.concepts:
        if concept.id in concept_owner:
            line, key = sites.concepts[concept.id]
            raise CatalogueError(
                path,
                line,
                key,
                f"concept id '{concept.id}' is already defined in "
                f"{concept_owner[concept.id].path.name}",
            )
    mapping_ids[mapping.id] = mapping
    for concept in mapping.concepts:
        concept_owner[concept.id] = mapping
