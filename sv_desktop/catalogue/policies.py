"""Load and validate policy profile files (resources/policies/SCHEMA.md).

Uses the framework loader's node walking (sv_desktop.catalogue.loader), so an
error names the file, the key and the line. Errors in shipped files raise
:class:`CatalogueError`; a user's own file that fails becomes a
:class:`LoadProblem` and is skipped. The profile and rule types live in the
domain (sv_desktop.domain.policy); this module only builds them from YAML.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from sv_desktop.domain.money import money_problem, parse_money
from sv_desktop.domain.policy import (
    PARAM_SPECS,
    AtThreshold,
    ParamSpec,
    PolicyProfile,
    PolicyRule,
    RuleKind,
    Severity,
    ValueBasis,
    WeightingBand,
)
from sv_desktop.domain.vocabulary import Regime, Stage, VatBasis

from .loader import (
    _CONSTRUCTOR,
    CatalogueError,
    _check_schema,
    _compose,
    _describe,
    _join,
    _line,
    _Reader,
    _top_value,
    _unexpected,
    _yaml_files,
)
from .model import LoadProblem

__all__ = [
    "CatalogueError",
    "PolicyProfile",
    "PolicyRule",
    "load_policies",
    "load_policy_file",
]

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _NULL = (_TAG + t for t in ("str", "int", "float", "null"))

PROFILE_KEYS = (
    "schema",
    "id",
    "name",
    "short_name",
    "organisation_type",
    "version",
    "source",
    "description",
    "notes",
    "settings",
    "rules",
)
PROFILE_REQUIRED = (
    "schema",
    "id",
    "name",
    "short_name",
    "organisation_type",
    "source",
    "description",
    "rules",
)
SETTINGS_KEYS = ("vat_basis", "rag_green_from", "rag_amber_from", "return_due_days", "deductions_over",
                 "scoring_scale", "local_spend_benchmark", "kpi_publication")
RULE_KEYS = (
    "id",
    "kind",
    "title",
    "source",
    "applies_from",
    "exception_allowed",
    "description",
    "notes",
    "params",
)
RULE_REQUIRED = ("id", "kind", "title", "source")
BAND_KEYS = ("above", "up_to", "min_percent", "lower_inclusive", "upper_inclusive")
BAND_REQUIRED = ("min_percent",)

KIND_NAMES = tuple(kind.value for kind in RuleKind)
STAGE_NAMES = tuple(stage.value for stage in Stage if stage is not Stage.CANCELLED)
THRESHOLD_VAT = (VatBasis.EXCLUDING.value, VatBasis.INCLUDING.value)
MAX_MONTHS = 120

# Files in a user's folder that are plainly frameworks or mappings, not profiles.
_OTHER_CATALOGUE_KEYS = ("entries", "concepts")


# -- values -----------------------------------------------------------------------------


class _PolicyReader(_Reader):
    """The framework reader plus the value types policy parameters need."""

    def money(self, node: Node, key: str, *, nullable: bool = False) -> Decimal | None:
        if nullable and isinstance(node, ScalarNode) and node.tag == _NULL:
            return None
        value = self._number(node, key, "an amount in pounds (for example 5000000 or \"£5m\")")
        if value is None:
            try:
                value = parse_money(node.value) if isinstance(node, ScalarNode) else None
            except ValueError as exc:
                self.fail(node, key, f"not an amount in pounds: {exc}")
            if value is None:
                self.fail(node, key, "must not be empty")
        problem = money_problem(value)
        if problem:
            self.fail(node, key, f"amount {problem}")
        return value

    def percent(self, node: Node, key: str) -> Decimal:
        value = self._number(node, key, "a percentage (for example 10 or 15.5)")
        if value is None:
            text = node.value.strip().removesuffix("%").strip()
            try:
                value = Decimal(text)
            except InvalidOperation:
                self.fail(node, key, f"'{node.value}' is not a percentage (for example 10 or 15.5)")
        if not value.is_finite() or value < 0 or value > 100:
            self.fail(node, key, f"percentage {value} must be between 0 and 100")
        return value

    def _number(self, node: Node, key: str, what: str) -> Decimal | None:
        """Decimal for a YAML number; None for text (parsed by the caller); else fails."""
        if isinstance(node, ScalarNode) and node.tag == _INT:
            return Decimal(int(_CONSTRUCTOR.construct_yaml_int(node)))
        if isinstance(node, ScalarNode) and node.tag == _FLOAT:
            try:
                value = Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                value = Decimal("NaN")  # .inf, .nan, sexagesimal
            if not value.is_finite():
                self.fail(node, key, f"expected {what}, got {_describe(node)}")
            return value
        if isinstance(node, ScalarNode) and node.tag == _STR:
            return None
        self.fail(node, key, f"expected {what}, got {_describe(node)}")

    def months(self, node: Node, key: str) -> int:
        value = self.integer(node, key)
        if not 1 <= value <= MAX_MONTHS:
            self.fail(node, key, f"months must be between 1 and {MAX_MONTHS}, got {value}")
        return value

    def stage(self, node: Node, key: str) -> Stage:
        return Stage(self.choice(node, key, STAGE_NAMES, "stage"))

    def regimes(self, node: Node, key: str) -> tuple[Regime, ...]:
        allowed = tuple(regime.value for regime in Regime)
        items = self.sequence(node, key, non_empty=True)
        return tuple(
            Regime(self.choice(item, f"{key}[{i}]", allowed, "regime"))
            for i, item in enumerate(items)
        )

    def notes(self, items: dict[str, tuple[Node, Node]], key: str | None) -> tuple[str, ...]:
        name = _join(key, "notes")
        if "notes" not in items:
            return ()
        node = items["notes"][1]
        if isinstance(node, ScalarNode) and node.tag == _STR:
            return (self.string(node, name),)  # a single note may be given as text
        return self.strings(node, name)


# -- parameters -------------------------------------------------------------------------


def _param(r: _PolicyReader, spec: ParamSpec, node: Node, key: str) -> Any:
    kind = spec.type
    if kind == "money":
        return r.money(node, key)
    if kind == "percent":
        return r.percent(node, key)
    if kind == "months":
        return r.months(node, key)
    if kind == "year":
        value = r.integer(node, key)
        if not 2000 <= value <= 2100:
            r.fail(node, key, f"expected a year between 2000 and 2100, got {value}")
        return value
    if kind == "date":
        return _date(r, node, key)
    if kind == "bool":
        return r.boolean(node, key)
    if kind == "concept":
        return r.name(node, key, "concept id")
    if kind == "text":
        return r.string(node, key)
    if kind == "basis":
        return ValueBasis(r.choice(node, key, tuple(b.value for b in ValueBasis), "value basis"))
    if kind == "vat":
        return VatBasis(r.choice(node, key, THRESHOLD_VAT, "VAT basis"))
    if kind == "at":
        return AtThreshold(r.choice(node, key, tuple(a.value for a in AtThreshold), "at_threshold"))
    if kind == "severity":
        return Severity(r.choice(node, key, tuple(s.value for s in Severity), "severity"))
    if kind == "regimes":
        return r.regimes(node, key)
    if kind == "bands":
        return _bands(r, node, key)
    raise AssertionError(f"no reader for parameter type {kind}")  # pragma: no cover


def _date(r: _PolicyReader, node: Node, key: str) -> date:
    text = node.value.strip() if isinstance(node, ScalarNode) else ""
    try:
        return date.fromisoformat(text)
    except ValueError:
        r.fail(node, key, f"expected a date written 2027-04-01, got {_describe(node)}")
        raise  # pragma: no cover - fail raises


def _spend_benchmark(r: _PolicyReader, node: Node, key: str) -> dict[str, Any]:
    """{percent, source}: the local-spend % each year is compared with (null: none), and where it comes from."""
    fields = r.mapping(node, key, ("percent", "source"), required=("percent", "source"))
    percent_node = fields["percent"][1]
    percent = None
    if not (isinstance(percent_node, ScalarNode) and percent_node.tag == _NULL):
        percent = r.percent(percent_node, f"{key}.percent")
    return {"local_spend_benchmark_percent": percent,
            "local_spend_benchmark_source": r.string(fields["source"][1], f"{key}.source")}


def _kpi_publication(r: _PolicyReader, node: Node, key: str) -> dict[str, Any]:
    """{over, source}: the contract value over which KPI performance must be published, and where it comes from."""
    fields = r.mapping(node, key, ("over", "source"), required=("over", "source"))
    return {"kpi_publication_over": r.money(fields["over"][1], f"{key}.over"),
            "kpi_publication_source": r.string(fields["source"][1], f"{key}.source")}


def _scale(r: _PolicyReader, node: Node, key: str) -> tuple[tuple[int, str], ...]:
    """Scoring levels: a list of {points, descriptor}, at least two, points rising from 0 or more."""
    levels = []
    for index, item in enumerate(r.sequence(node, key, non_empty=True)):
        where = f"{key}[{index}]"
        fields = r.mapping(item, where, ("points", "descriptor"), required=("points", "descriptor"))
        points = r.integer(fields["points"][1], f"{where}.points")
        levels.append((points, r.string(fields["descriptor"][1], f"{where}.descriptor")))
    all_points = [p for p, _ in levels]
    if len(levels) < 2 or all_points != sorted(set(all_points)) or all_points[0] < 0:
        r.fail(node, key, "needs at least two levels with points rising from 0 or more")
    return tuple(levels)


def _bands(r: _PolicyReader, node: Node, key: str) -> tuple[WeightingBand, ...]:
    bands: list[WeightingBand] = []
    for i, item in enumerate(r.sequence(node, key, non_empty=True)):
        bkey = f"{key}[{i}]"
        b = r.mapping(item, bkey, BAND_KEYS, BAND_REQUIRED)
        above = r.money(b["above"][1], f"{bkey}.above", nullable=True) if "above" in b else None
        up_to = r.money(b["up_to"][1], f"{bkey}.up_to", nullable=True) if "up_to" in b else None
        band = WeightingBand(
            min_percent=r.percent(b["min_percent"][1], f"{bkey}.min_percent"),
            above=above,
            up_to=up_to,
            lower_inclusive=(
                r.boolean(b["lower_inclusive"][1], f"{bkey}.lower_inclusive")
                if "lower_inclusive" in b
                else False
            ),
            upper_inclusive=(
                r.boolean(b["upper_inclusive"][1], f"{bkey}.upper_inclusive")
                if "upper_inclusive" in b
                else True
            ),
        )
        if above is not None and up_to is not None and above >= up_to:
            r.fail(item, bkey, f"'above' ({above}) must be less than 'up_to' ({up_to})")
        if bands:
            _check_follows(r, item, bkey, bands[-1], band)
        bands.append(band)
    return tuple(bands)


def _check_follows(
    r: _PolicyReader, node: Node, key: str, previous: WeightingBand, band: WeightingBand
) -> None:
    """Bands run from low to high values and do not overlap."""
    if previous.up_to is None:
        r.fail(node, key, "the band before this one has no upper bound ('up_to'), so no band can follow it")
    if band.above is None or band.above < previous.up_to:
        r.fail(
            node,
            key,
            f"bands must not overlap: this band starts below the previous band's 'up_to' "
            f"({previous.up_to}); list bands from low to high values",
        )
    if band.above == previous.up_to and previous.upper_inclusive and band.lower_inclusive:
        r.fail(
            node,
            key,
            f"bands must not overlap: {band.above} is in both this band (lower_inclusive: true) "
            "and the previous one (upper_inclusive: true)",
        )


def _params(
    r: _PolicyReader, kind: RuleKind, rule_items: dict[str, tuple[Node, Node]], key: str, rule_node: Node
) -> dict[str, Any]:
    specs = PARAM_SPECS[kind]
    required = tuple(name for name, spec in specs.items() if spec.required)
    pkey = _join(key, "params")
    if "params" not in rule_items:
        if required:
            r.fail(
                rule_node,
                key,
                f"missing required key 'params' (kind '{kind.value}' needs: {', '.join(required)})",
            )
        return {}
    p = r.mapping(rule_items["params"][1], pkey, tuple(specs), required)
    values = {name: _param(r, specs[name], vnode, _join(pkey, name)) for name, (_, vnode) in p.items()}
    if kind is RuleKind.CARBON_PLAN and values["nzc_above"] >= values["full_from"]:
        r.fail(
            p["nzc_above"][1],
            _join(pkey, "nzc_above"),
            f"'nzc_above' ({values['nzc_above']}) must be less than 'full_from' ({values['full_from']})",
        )
    return values


# -- profiles ---------------------------------------------------------------------------


def _parse_rule(r: _PolicyReader, node: Node, key: str, seen: dict[str, int | None]) -> PolicyRule:
    items = r.mapping(node, key, RULE_KEYS, RULE_REQUIRED)
    id_node = items["id"][1]
    rule_id = r.name(id_node, _join(key, "id"), "rule id")
    if rule_id in seen:
        r.fail(
            id_node,
            _join(key, "id"),
            f"duplicate rule id '{rule_id}' (already used on line {seen[rule_id]})",
        )
    seen[rule_id] = _line(id_node)
    kind = RuleKind(r.choice(items["kind"][1], _join(key, "kind"), KIND_NAMES, "rule kind"))
    applies_from = Stage.PIPELINE
    if "applies_from" in items:
        applies_from = r.stage(items["applies_from"][1], _join(key, "applies_from"))
    exception_allowed = False
    if "exception_allowed" in items:
        exception_allowed = r.boolean(items["exception_allowed"][1], _join(key, "exception_allowed"))
    description = ""
    if "description" in items:
        description = r.string(items["description"][1], _join(key, "description"), required=False)
    return PolicyRule(
        id=rule_id,
        kind=kind,
        title=r.string(items["title"][1], _join(key, "title")),
        source=r.string(items["source"][1], _join(key, "source")),
        applies_from=applies_from,
        params=_params(r, kind, items, key, node),
        exception_allowed=exception_allowed,
        description=description,
        notes=r.notes(items, key),
    )


def _parse_profile(r: _PolicyReader, root: Node, path: Path, builtin: bool) -> PolicyProfile:
    items = r.mapping(root, None, PROFILE_KEYS, PROFILE_REQUIRED)

    def val(name: str) -> Node:
        return items[name][1]

    _check_schema(r, val("schema"))
    profile_id = r.name(val("id"), "id", "profile id")
    vat_basis = VatBasis.EXCLUDING
    delivery: dict[str, Any] = {}
    if "settings" in items:
        s = r.mapping(val("settings"), "settings", SETTINGS_KEYS)
        if "vat_basis" in s:
            vat_basis = VatBasis(r.choice(s["vat_basis"][1], "settings.vat_basis", THRESHOLD_VAT, "VAT basis"))
        if "rag_green_from" in s:
            delivery["rag_green_from"] = r.percent(s["rag_green_from"][1], "settings.rag_green_from")
        if "rag_amber_from" in s:
            delivery["rag_amber_from"] = r.percent(s["rag_amber_from"][1], "settings.rag_amber_from")
        if "return_due_days" in s:
            days = r.integer(s["return_due_days"][1], "settings.return_due_days")
            if not 0 <= days <= 365:
                r.fail(s["return_due_days"][1], "settings.return_due_days", "must be between 0 and 365 days")
            delivery["return_due_days"] = days
        if "deductions_over" in s:
            delivery["deductions_over"] = r.money(s["deductions_over"][1], "settings.deductions_over", nullable=True)
        if "scoring_scale" in s:
            delivery["scoring_scale"] = _scale(r, s["scoring_scale"][1], "settings.scoring_scale")
        if "local_spend_benchmark" in s:
            delivery.update(_spend_benchmark(r, s["local_spend_benchmark"][1], "settings.local_spend_benchmark"))
        if "kpi_publication" in s:
            delivery.update(_kpi_publication(r, s["kpi_publication"][1], "settings.kpi_publication"))
        if delivery.get("rag_amber_from", Decimal(75)) > delivery.get("rag_green_from", Decimal(95)):
            r.fail((s.get("rag_amber_from") or s["rag_green_from"])[1], "settings.rag_amber_from",
                   "the amber threshold must not be above the green one")
    seen: dict[str, int | None] = {}
    rules = tuple(
        _parse_rule(r, node, f"rules[{i}]", seen)
        for i, node in enumerate(r.sequence(val("rules"), "rules", non_empty=True))
    )
    return PolicyProfile(
        id=profile_id,
        name=r.string(val("name"), "name"),
        short_name=r.string(val("short_name"), "short_name"),
        organisation_type=r.name(val("organisation_type"), "organisation_type", "organisation type"),
        source=r.string(val("source"), "source"),
        description=r.string(val("description"), "description"),
        rules=rules,
        notes=r.notes(items, None),
        version=r.string(val("version"), "version") if "version" in items else "",
        vat_basis=vat_basis,
        path=path,
        builtin=builtin,
        **delivery,
    )


def load_policy_file(path: Path, builtin: bool = True) -> PolicyProfile:
    """Read and validate one policy profile file. Raises CatalogueError naming file, line and key."""
    path = Path(path)
    root = _compose(path, guard=not builtin)
    return _parse_profile(_PolicyReader(path), root, path, builtin)


def load_policies(
    builtin_dir: Path, user_dir: Path | None = None
) -> tuple[tuple[PolicyProfile, ...], tuple[LoadProblem, ...]]:
    """The shipped profiles in ``builtin_dir / "policies"`` and the user's own in ``user_dir``.

    ``builtin_dir`` is the resources folder. Errors in shipped files raise
    CatalogueError. A user file that fails, or reuses an id already loaded, is
    skipped and reported as a LoadProblem. Files in ``user_dir`` whose top level
    has ``entries:`` or ``concepts:`` are frameworks or mappings and are left to
    the framework loader.
    """
    profiles: dict[str, PolicyProfile] = {}
    for path in _yaml_files(Path(builtin_dir) / "policies"):
        profile = load_policy_file(path, builtin=True)
        if profile.id in profiles:
            raise CatalogueError(
                path,
                None,
                "id",
                f"policy profile id '{profile.id}' is also used by {profiles[profile.id].path.name}",  # type: ignore[union-attr]
            )
        profiles[profile.id] = profile

    problems: list[LoadProblem] = []
    if user_dir is not None:
        for path in _yaml_files(Path(user_dir)):
            try:
                root = _compose(path, guard=True)
                if _is_other_catalogue_file(root):
                    continue
                profile = _parse_profile(_PolicyReader(path), root, path, builtin=False)
                if profile.id in profiles:
                    owner = profiles[profile.id]
                    shipped = "a shipped profile" if owner.builtin else "another of your profiles"
                    raise CatalogueError(
                        path,
                        _line(_top_value(root, "id")),
                        "id",
                        f"policy profile id '{profile.id}' is already used by {shipped} "
                        f"({owner.path.name if owner.path else owner.name}); give this profile "
                        "its own id. This file was skipped",
                    )
                profiles[profile.id] = profile
            except CatalogueError as exc:
                problems.append(exc.problem)
            except Exception as exc:  # never let a user's file crash the app
                problems.append(_unexpected(path, exc))
    return tuple(profiles.values()), tuple(problems)


def _is_other_catalogue_file(root: Node) -> bool:
    return isinstance(root, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value in _OTHER_CATALOGUE_KEYS for k, _ in root.value
    )
