"""The catalogue's data model: frameworks, their entry trees, and mappings.

Plain frozen dataclasses (stdlib only). The loader (``loader.py``) builds them
from the YAML files described in ``resources/frameworks/SCHEMA.md``; the rest
of the application reads them and never changes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

Kind = Literal[
    "mission",
    "theme",
    "priority",
    "outcome",
    "award_criterion",
    "sub_criterion",
    "opportunity_area",
    "metric",
]
KINDS: tuple[str, ...] = get_args(Kind)

TextStatus = Literal[
    "verbatim",
    "reconstructed",
    "garbled_in_seed",
    "truncated_in_seed",
    "missing_in_seed",
]
TEXT_STATUSES: tuple[str, ...] = get_args(TextStatus)

Aggregation = Literal["sum", "latest", "average"]
AGGREGATIONS: tuple[str, ...] = get_args(Aggregation)

Category = Literal[
    "estates_facilities",
    "transport",
    "ddat",
    "medical_devices",
    "clinical_services",
    "other",
]
CATEGORIES: tuple[str, ...] = get_args(Category)


@dataclass(frozen=True)
class Unit:
    """A unit a metric is reported in (see the table in SCHEMA.md)."""

    id: str
    label: str
    default_aggregation: str


@dataclass(frozen=True)
class Entry:
    """One node of a framework's tree: a mission, theme, outcome, criterion, metric..."""

    framework_id: str
    ref: str
    kind: str
    title: str
    text: str
    source: str
    text_status: str = "verbatim"
    note: str = ""
    unit: str | None = None
    aggregation: str | None = None
    by_region: bool = False
    parent_ref: str | None = None
    children: tuple[Entry, ...] = ()

    @property
    def is_metric(self) -> bool:
        return self.kind == "metric"

    def walk(self) -> Iterator[Entry]:
        """This entry, then its descendants, depth first."""
        stack: list[Entry] = [self]
        while stack:
            entry = stack.pop()
            yield entry
            stack.extend(reversed(entry.children))

    def as_dict(self) -> dict[str, Any]:
        return {
            "framework_id": self.framework_id,
            "ref": self.ref,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "source": self.source,
            "text_status": self.text_status,
            "note": self.note,
            "unit": self.unit,
            "aggregation": self.aggregation,
            "by_region": self.by_region,
            "parent_ref": self.parent_ref,
            "children": [child.as_dict() for child in self.children],
        }


@dataclass(frozen=True)
class AdditionalCriterion:
    """An additional award criterion applied on top of the chosen outcome's criteria."""

    ref: str
    text: str
    note: str = ""
    pass_gate: bool = False
    items: tuple[str, ...] = ()
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "text": self.text,
            "note": self.note,
            "pass_gate": self.pass_gate,
            "items": list(self.items),
            "source": self.source,
        }


@dataclass(frozen=True)
class ModelQuestion:
    """A model tender question with ``{word_limit}`` and ``{outcome}`` placeholders."""

    text: str
    source: str

    def filled(self, word_limit: int, outcome: str) -> str:
        """The question with its placeholders replaced (plain replacement, so other
        braces in the text are left alone and never raise)."""
        return self.text.replace("{word_limit}", str(word_limit)).replace("{outcome}", outcome)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source}


@dataclass(frozen=True)
class WorkforceBaseline:
    """For the listed outcomes the bidder must also state its contract workforce."""

    outcomes: tuple[str, ...]
    text: str
    unit: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcomes": list(self.outcomes),
            "text": self.text,
            "unit": self.unit,
            "source": self.source,
        }


@dataclass(frozen=True)
class CategoryGuide:
    """Which entries suit a procurement category, and why (from the source)."""

    category: str
    entries: tuple[str, ...]
    rationale: str
    examples: tuple[str, ...]
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "entries": list(self.entries),
            "rationale": self.rationale,
            "examples": list(self.examples),
            "source": self.source,
        }


@dataclass(frozen=True)
class Framework:
    """A social value framework: metadata plus a tree of entries."""

    id: str
    name: str
    short_name: str
    version: str
    publisher: str
    order: int
    source: str
    description: str
    notes: tuple[str, ...]
    model_question: ModelQuestion | None
    additional_award_criteria: tuple[AdditionalCriterion, ...]
    workforce_baseline: WorkforceBaseline | None
    category_guide: tuple[CategoryGuide, ...]
    entries: tuple[Entry, ...]
    path: Path
    builtin: bool
    _index: dict[str, Entry] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, Entry] = {}
        for top in self.entries:
            for entry in top.walk():
                index.setdefault(entry.ref, entry)
        object.__setattr__(self, "_index", index)

    def walk(self) -> Iterator[Entry]:
        """Every entry, depth first, in file order."""
        for top in self.entries:
            yield from top.walk()

    def entry(self, ref: str) -> Entry | None:
        return self._index.get(ref)

    def parent(self, ref: str) -> Entry | None:
        """The parent of the entry with this ref (None for top-level or unknown refs)."""
        entry = self._index.get(ref)
        if entry is None or entry.parent_ref is None:
            return None
        return self._index.get(entry.parent_ref)

    def ancestors(self, ref: str) -> list[Entry]:
        """The entry's parent, grandparent, ... up to the top level."""
        out: list[Entry] = []
        parent = self.parent(ref)
        while parent is not None:
            out.append(parent)
            parent = self.parent(parent.ref)
        return out

    def metrics(self) -> list[Entry]:
        return [entry for entry in self.walk() if entry.is_metric]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "short_name": self.short_name,
            "version": self.version,
            "publisher": self.publisher,
            "order": self.order,
            "source": self.source,
            "description": self.description,
            "notes": list(self.notes),
            "model_question": self.model_question.as_dict() if self.model_question else None,
            "additional_award_criteria": [c.as_dict() for c in self.additional_award_criteria],
            "workforce_baseline": (
                self.workforce_baseline.as_dict() if self.workforce_baseline else None
            ),
            "category_guide": [g.as_dict() for g in self.category_guide],
            "entries": [entry.as_dict() for entry in self.entries],
            "path": str(self.path),
            "builtin": self.builtin,
        }


@dataclass(frozen=True)
class MappingMember:
    """One framework entry (and its whole subtree) belonging to a concept."""

    framework: str
    ref: str
    reasoning: str

    def as_dict(self) -> dict[str, Any]:
        return {"framework": self.framework, "ref": self.ref, "reasoning": self.reasoning}


@dataclass(frozen=True)
class Concept:
    """A theme that several frameworks express in their own terms."""

    id: str
    name: str
    source: str
    members: tuple[MappingMember, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "members": [m.as_dict() for m in self.members],
        }


@dataclass(frozen=True)
class Mapping:
    """A file of concepts relating frameworks: a documented assumption, not official."""

    id: str
    name: str
    assumption: str
    concepts: tuple[Concept, ...]
    path: Path
    builtin: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "assumption": self.assumption,
            "concepts": [c.as_dict() for c in self.concepts],
            "path": str(self.path),
            "builtin": self.builtin,
        }


def describe_problem(path: Path, line: int | None, key: str | None, message: str) -> str:
    """``file.yaml, line 12, key 'entries[3].unit': message``."""
    parts = [Path(path).name]
    if line is not None:
        parts.append(f"line {line}")
    if key:
        parts.append(f"key '{key}'")
    return f"{', '.join(parts)}: {message}"


@dataclass(frozen=True)
class LoadProblem:
    """A user file that could not be loaded and was skipped."""

    path: Path
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        return describe_problem(self.path, self.line, self.key, self.message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "line": self.line,
            "key": self.key,
            "message": self.message,
            "text": str(self),
        }


def _words(text: str) -> list[str]:
    return text.casefold().split()


@dataclass(frozen=True)
class Catalogue:
    """Every framework and mapping the application knows about."""

    frameworks: tuple[Framework, ...]
    mappings: tuple[Mapping, ...] = ()
    problems: tuple[LoadProblem, ...] = ()
    _by_id: dict[str, Framework] = field(init=False, repr=False, compare=False, hash=False)
    _concepts: dict[str, Concept] = field(init=False, repr=False, compare=False, hash=False)
    _covering: dict[tuple[str, str], tuple[Concept, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _haystacks: list[tuple[Entry, str]] | None = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.frameworks, key=lambda f: (f.order, f.name)))
        object.__setattr__(self, "frameworks", ordered)
        object.__setattr__(self, "_by_id", {f.id: f for f in ordered})
        concepts: dict[str, Concept] = {}
        covering: dict[tuple[str, str], list[Concept]] = {}
        for mapping in self.mappings:
            for concept in mapping.concepts:
                concepts.setdefault(concept.id, concept)
                for member in concept.members:
                    bucket = covering.setdefault((member.framework, member.ref), [])
                    if concept not in bucket:
                        bucket.append(concept)
        object.__setattr__(self, "_concepts", concepts)
        object.__setattr__(self, "_covering", {k: tuple(v) for k, v in covering.items()})
        object.__setattr__(self, "_haystacks", None)

    # -- look-ups -------------------------------------------------------------------

    def framework(self, framework_id: str) -> Framework | None:
        return self._by_id.get(framework_id)

    def entry(self, framework_id: str, ref: str) -> Entry | None:
        framework = self._by_id.get(framework_id)
        return framework.entry(ref) if framework else None

    def search(self, text: str, framework_id: str | None = None) -> list[Entry]:
        """Entries whose ref, title or text contain every word of ``text``
        (case-insensitive), in display order. An empty query matches everything."""
        if self._haystacks is None:
            stacks = [
                (entry, f"{entry.ref}\n{entry.title}\n{entry.text}".casefold())
                for framework in self.frameworks
                for entry in framework.walk()
            ]
            object.__setattr__(self, "_haystacks", stacks)
        words = _words(text)
        assert self._haystacks is not None
        return [
            entry
            for entry, haystack in self._haystacks
            if (framework_id is None or entry.framework_id == framework_id)
            and all(word in haystack for word in words)
        ]

    def concept(self, concept_id: str) -> Concept | None:
        return self._concepts.get(concept_id)

    @property
    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self._concepts.values())

    def concepts_for(self, framework_id: str, ref: str) -> list[Concept]:
        """Concepts covering this entry: a member covers its whole subtree, so the
        entry's own ref and every ancestor's ref are checked."""
        framework = self._by_id.get(framework_id)
        refs = [ref]
        if framework is not None:
            refs.extend(a.ref for a in framework.ancestors(ref))
        out: list[Concept] = []
        for candidate in refs:
            for concept in self._covering.get((framework_id, candidate), ()):
                if concept not in out:
                    out.append(concept)
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dump of everything (``sv-desktop catalogue --json``)."""
        return {
            "frameworks": [f.as_dict() for f in self.frameworks],
            "mappings": [m.as_dict() for m in self.mappings],
            "problems": [p.as_dict() for p in self.problems],
        }
