"""The catalogue loader: every error names the file, the key and the line, and a
user's broken file is skipped with a problem instead of crashing the app."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from sv_desktop.catalogue import (
    Catalogue,
    CatalogueError,
    LoadProblem,
    load_catalogue,
    load_framework_file,
    load_mapping_file,
)

GOOD_FRAMEWORK = """\
schema: 1
id: demo
name: "Demo framework"
short_name: "Demo"
version: "1"
publisher: "Tests"
order: 50
source: "test"
description: "A small framework for tests."
entries:
  - ref: "T1"
    kind: theme
    title: "Climate"
    text: "Reduce carbon emissions"
    source: "test"
    children:
      - ref: "T1.1"
        kind: outcome
        title: "Carbon emissions are reduced"
        source: "test"
        children:
          - ref: "M1"
            kind: metric
            title: "Tonnes of CO2e saved"
            source: "test"
            unit: tco2e
          - ref: "M2"
            kind: metric
            title: "People employed"
            source: "test"
            unit: count
            aggregation: latest
            by_region: true
"""

GOOD_MAPPING = """\
schema: 1
id: demo_map
name: "Demo mapping"
assumption: "Made up for the tests; no official source."
concepts:
  - id: climate
    name: "Climate"
    source: "test"
    members:
      - framework: demo
        ref: "T1.1"
        reasoning: "It is about carbon."
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def builtin(tmp_path: Path, frameworks: dict[str, str], mappings: dict[str, str] | None = None) -> Path:
    root = tmp_path / "resources"
    (root / "frameworks").mkdir(parents=True)
    (root / "mappings").mkdir(parents=True)
    for name, text in frameworks.items():
        write(root / "frameworks", name, text)
    for name, text in (mappings or {}).items():
        write(root / "mappings", name, text)
    return root


def load_error(path: Path) -> CatalogueError:
    with pytest.raises(CatalogueError) as info:
        load_framework_file(path)
    return info.value


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


# -- a good file ---------------------------------------------------------------------


def test_a_good_framework_file_loads_with_its_tree_and_defaults(tmp_path):
    framework = load_framework_file(write(tmp_path, "demo.yaml", GOOD_FRAMEWORK))
    assert framework.id == "demo" and framework.builtin
    assert [e.ref for e in framework.walk()] == ["T1", "T1.1", "M1", "M2"]
    m1 = framework.entry("M1")
    assert m1.is_metric and m1.unit == "tco2e"
    assert m1.aggregation == "sum", "aggregation defaults to the unit's default"
    assert m1.by_region is False and m1.parent_ref == "T1.1"
    assert framework.entry("M2").aggregation == "latest"
    assert framework.entry("M2").by_region is True
    assert framework.entry("T1").text_status == "verbatim"
    assert framework.entry("nope") is None
    assert [m.ref for m in framework.metrics()] == ["M1", "M2"]
    assert [a.ref for a in framework.ancestors("M1")] == ["T1.1", "T1"]


# -- errors name file, key and line ----------------------------------------------------


def test_bad_yaml_syntax_names_the_file_and_line(tmp_path):
    text = GOOD_FRAMEWORK.replace('title: "Climate"', 'title: "Climate\n    oops: [')
    error = load_error(write(tmp_path, "broken.yaml", text))
    assert error.path.name == "broken.yaml"
    assert error.line is not None and error.line >= line_of(text, "Climate")
    assert str(error).startswith("broken.yaml, line ")
    assert "invalid YAML" in error.message


def test_an_unknown_key_is_named_with_its_line_and_the_allowed_keys(tmp_path):
    text = GOOD_FRAMEWORK.replace("    unit: tco2e", "    unit: tco2e\n            colour: green")
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert error.key == "entries[0].children[0].children[0].colour"
    assert error.line == line_of(text, "colour: green")
    assert "unknown key 'colour'" in error.message
    assert "allowed keys: ref, kind, title" in error.message
    assert str(error) == (
        f"demo.yaml, line {error.line}, key 'entries[0].children[0].children[0].colour': "
        f"{error.message}"
    )


def test_an_unknown_top_level_key_is_rejected(tmp_path):
    text = GOOD_FRAMEWORK.replace("order: 50", "order: 50\nauthor: me")
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert (error.key, error.line) == ("author", line_of(text, "author: me"))


def test_a_missing_required_key_is_named_with_the_line_of_its_mapping(tmp_path):
    text = GOOD_FRAMEWORK.replace('        title: "Carbon emissions are reduced"\n', "")
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert "missing required key 'title'" in error.message
    assert error.key == "entries[0].children[0]"
    assert error.line == line_of(text, 'ref: "T1.1"')


def test_a_missing_top_level_key_is_reported(tmp_path):
    text = GOOD_FRAMEWORK.replace('publisher: "Tests"\n', "")
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert "missing required key 'publisher'" in error.message
    assert error.line == 1


def test_an_unknown_unit_lists_the_units_it_expected(tmp_path):
    text = GOOD_FRAMEWORK.replace("unit: tco2e", "unit: kg")
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert error.key == "entries[0].children[0].children[0].unit"
    assert error.line == line_of(text, "unit: kg")
    assert "unknown unit 'kg'" in error.message
    assert "count" in error.message and "tco2e" in error.message


def test_an_unknown_kind_and_aggregation_are_rejected(tmp_path):
    error = load_error(write(tmp_path, "a.yaml", GOOD_FRAMEWORK.replace("kind: outcome", "kind: goal")))
    assert "unknown kind 'goal'" in error.message
    error = load_error(
        write(tmp_path, "b.yaml", GOOD_FRAMEWORK.replace("aggregation: latest", "aggregation: max"))
    )
    assert "unknown aggregation 'max'" in error.message and "sum, latest, average" in error.message


def test_a_duplicate_ref_names_both_lines(tmp_path):
    text = GOOD_FRAMEWORK.replace('ref: "M2"', 'ref: "M1"')
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert "duplicate ref 'M1'" in error.message
    assert error.line == line_of(text, 'ref: "M1"', occurrence=2)
    first = line_of(text, 'ref: "M1"')
    assert f"already used on line {first}" in error.message


def test_a_metric_with_children_is_rejected(tmp_path):
    text = GOOD_FRAMEWORK.replace(
        "            unit: tco2e\n",
        "            unit: tco2e\n            children: []\n",
    )
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert error.key.endswith(".children")
    assert error.line == line_of(text, "children: []")
    assert "cannot have children" in error.message


def test_metric_only_fields_on_a_non_metric_are_rejected(tmp_path):
    text = GOOD_FRAMEWORK.replace('    title: "Climate"', '    title: "Climate"\n    unit: count')
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert error.key == "entries[0].unit"
    assert "only allowed on metric entries" in error.message


def test_a_metric_without_a_unit_is_rejected(tmp_path):
    text = GOOD_FRAMEWORK.replace("            unit: tco2e\n", "")
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert "missing required key 'unit'" in error.message


def test_wrong_types_are_explained(tmp_path):
    error = load_error(write(tmp_path, "a.yaml", GOOD_FRAMEWORK.replace("order: 50", "order: first")))
    assert error.key == "order" and "expected a whole number" in error.message
    error = load_error(write(tmp_path, "b.yaml", GOOD_FRAMEWORK.replace('ref: "T1.1"', "ref: 11")))
    assert "expected text" in error.message and 'put it in quotes: "11"' in error.message
    error = load_error(
        write(tmp_path, "c.yaml", GOOD_FRAMEWORK.replace("by_region: true", "by_region: maybe"))
    )
    assert "expected true or false" in error.message
    error = load_error(write(tmp_path, "d.yaml", GOOD_FRAMEWORK.replace("schema: 1", "schema: 2")))
    assert "unsupported schema version 2" in error.message


def test_bad_ids_categories_and_guide_refs_are_rejected(tmp_path):
    error = load_error(write(tmp_path, "a.yaml", GOOD_FRAMEWORK.replace("id: demo", "id: Demo-1")))
    assert error.key == "id" and "[a-z0-9_]+" in error.message
    guide = (
        "category_guide:\n  - category: {cat}\n    entries: [{ref}]\n"
        '    rationale: "why"\n    source: "test"\n'
    )
    error = load_error(
        write(tmp_path, "b.yaml", GOOD_FRAMEWORK + guide.format(cat="catering", ref='"T1"'))
    )
    assert "unknown category 'catering'" in error.message
    error = load_error(
        write(tmp_path, "c.yaml", GOOD_FRAMEWORK + guide.format(cat="transport", ref='"T9"'))
    )
    assert error.key == "category_guide[0].entries[0]" and "no entry with ref 'T9'" in error.message


def test_workforce_baseline_must_point_at_outcomes(tmp_path):
    baseline = (
        'workforce_baseline:\n  outcomes: ["{ref}"]\n  text: "state headcount"\n'
        '  unit: roles\n  source: "test"\n'
    )
    framework = load_framework_file(write(tmp_path, "a.yaml", GOOD_FRAMEWORK + baseline.format(ref="T1.1")))
    assert framework.workforce_baseline.outcomes == ("T1.1",)
    error = load_error(write(tmp_path, "b.yaml", GOOD_FRAMEWORK + baseline.format(ref="T1")))
    assert "'T1' is of kind 'theme', not an outcome" in error.message
    error = load_error(write(tmp_path, "c.yaml", GOOD_FRAMEWORK + baseline.format(ref="X")))
    assert "no entry with ref 'X'" in error.message


def test_the_model_question_fills_its_placeholders_and_rejects_unknown_ones(tmp_path):
    question = 'model_question:\n  text: "In {word_limit} words, deliver the {outcome}{extra}"\n  source: "t"\n'
    framework = load_framework_file(
        write(tmp_path, "a.yaml", GOOD_FRAMEWORK + question.replace("{extra}", "."))
    )
    assert framework.model_question.filled(300, "Fair work") == "In 300 words, deliver the Fair work."
    error = load_error(
        write(tmp_path, "b.yaml", GOOD_FRAMEWORK + question.replace("{extra}", " {deadline}"))
    )
    assert "unknown placeholder '{deadline}'" in error.message


def test_additional_award_criteria_need_unique_refs(tmp_path):
    criteria = (
        "additional_award_criteria:\n"
        '  - {ref: A1, text: "Specific", pass_gate: true, source: "t"}\n'
        '  - {ref: A2, text: "Plan", items: ["a", "b"], source: "t"}\n'
    )
    framework = load_framework_file(write(tmp_path, "a.yaml", GOOD_FRAMEWORK + criteria))
    assert [(c.ref, c.pass_gate, c.items) for c in framework.additional_award_criteria] == [
        ("A1", True, ()),
        ("A2", False, ("a", "b")),
    ]
    error = load_error(write(tmp_path, "b.yaml", GOOD_FRAMEWORK + criteria.replace("A2", "A1")))
    assert "duplicate ref 'A1'" in error.message


def test_an_empty_file_is_an_error_not_a_crash(tmp_path):
    error = load_error(write(tmp_path, "empty.yaml", ""))
    assert str(error).startswith("empty.yaml: ")
    assert "is empty" in error.message


def test_a_binary_file_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "junk.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    error = load_error(path)
    assert error.path == path
    assert "not a text file" in error.message or "not UTF-8" in error.message
    path.write_bytes(b"schema: 1\nid: \xff\xfe\n")
    error = load_error(path)
    assert error.line == 2 and "not UTF-8" in error.message


def test_a_top_level_that_is_not_a_mapping_is_an_error(tmp_path):
    error = load_error(write(tmp_path, "list.yaml", "- a\n- b\n"))
    assert error.line == 1 and "top level must be a mapping" in error.message
    error = load_error(write(tmp_path, "scalar.yaml", "just words\n"))
    assert "top level must be a mapping" in error.message


def test_duplicate_keys_in_a_mapping_are_rejected(tmp_path):
    text = GOOD_FRAMEWORK.replace('name: "Demo framework"', 'name: "Demo framework"\nname: "Again"')
    error = load_error(write(tmp_path, "demo.yaml", text))
    assert error.key == "name" and "duplicate key 'name'" in error.message
    assert error.line == line_of(text, 'name: "Again"')


# -- mappings ------------------------------------------------------------------------


def test_a_mapping_file_loads_on_its_own(tmp_path):
    mapping = load_mapping_file(write(tmp_path, "map.yaml", GOOD_MAPPING))
    assert mapping.id == "demo_map"
    assert [(m.framework, m.ref) for m in mapping.concepts[0].members] == [("demo", "T1.1")]


def test_a_builtin_mapping_to_an_unknown_ref_names_file_key_and_line(tmp_path):
    mapping = GOOD_MAPPING.replace('ref: "T1.1"', 'ref: "T7"')
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK}, {"map.yaml": mapping})
    with pytest.raises(CatalogueError) as info:
        load_catalogue(root)
    error = info.value
    assert error.path.name == "map.yaml"
    assert error.key == "concepts[0].members[0].ref"
    assert error.line == line_of(mapping, 'ref: "T7"')
    assert "unknown ref 'T7' in framework 'demo'" in error.message


def test_a_builtin_mapping_to_an_unknown_framework_is_an_error(tmp_path):
    mapping = GOOD_MAPPING.replace("framework: demo", "framework: nowhere")
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK}, {"map.yaml": mapping})
    with pytest.raises(CatalogueError, match="unknown framework 'nowhere'"):
        load_catalogue(root)


def test_concepts_cover_the_whole_subtree_of_a_member(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK}, {"map.yaml": GOOD_MAPPING})
    catalogue = load_catalogue(root)
    assert [c.id for c in catalogue.concepts_for("demo", "M1")] == ["climate"]
    assert [c.id for c in catalogue.concepts_for("demo", "T1.1")] == ["climate"]
    assert catalogue.concepts_for("demo", "T1") == []
    assert catalogue.concept("climate").name == "Climate"
    assert catalogue.concept("nope") is None


# -- the user folder -------------------------------------------------------------------


def test_a_bad_user_file_is_skipped_with_a_problem_and_the_good_one_loads(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK})
    user = tmp_path / "user"
    write(user, "good.yaml", GOOD_FRAMEWORK.replace("id: demo", "id: local").replace("order: 50", "order: 5"))
    bad_text = GOOD_FRAMEWORK.replace("id: demo", "id: broken").replace("unit: tco2e", "unit: kg")
    write(user, "bad.yaml", bad_text)
    write(user, "notes.txt", "not yaml, ignored")

    catalogue = load_catalogue(root, user)

    assert [f.id for f in catalogue.frameworks] == ["local", "demo"], "sorted by order"
    assert catalogue.framework("local").builtin is False
    assert catalogue.framework("broken") is None
    [problem] = catalogue.problems
    assert isinstance(problem, LoadProblem)
    assert problem.path.name == "bad.yaml"
    assert problem.line == line_of(bad_text, "unit: kg")
    assert problem.key == "entries[0].children[0].children[0].unit"
    assert str(problem).startswith(f"bad.yaml, line {problem.line}, key '{problem.key}': unknown unit 'kg'")


def test_a_user_framework_whose_id_clashes_is_skipped(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK})
    user = tmp_path / "user"
    clash = GOOD_FRAMEWORK.replace('name: "Demo framework"', 'name: "Impostor"')
    write(user, "clash.yaml", clash)
    catalogue = load_catalogue(root, user)
    assert catalogue.framework("demo").name == "Demo framework"
    [problem] = catalogue.problems
    assert problem.key == "id" and problem.line == line_of(clash, "id: demo")
    assert "already used by demo.yaml" in problem.message


def test_a_builtin_framework_id_clash_is_an_error(tmp_path):
    root = builtin(tmp_path, {"a.yaml": GOOD_FRAMEWORK, "b.yaml": GOOD_FRAMEWORK})
    with pytest.raises(CatalogueError, match="framework id 'demo' is also used by a.yaml"):
        load_catalogue(root)


def test_junk_user_files_never_crash_the_load(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK})
    user = tmp_path / "user"
    user.mkdir()
    (user / "empty.yaml").write_text("")
    (user / "binary.yaml").write_bytes(bytes(range(256)) * 4)
    (user / "syntax.yaml").write_text("id: [unclosed\n")
    (user / "scalar.yml").write_text("42\n")
    (user / "deep.yaml").write_text("[" * 100_000 + "]" * 100_000)
    (user / "alias.yaml").write_text("a: &x [*x]\n")
    (user / "tags.yaml").write_text("!!python/object:os.system {}\n")
    (user / "folder.yaml").mkdir()
    write(user, "mapping.yaml", "schema: 1\nconcepts: nope\n")

    catalogue = load_catalogue(root, user)

    assert [f.id for f in catalogue.frameworks] == ["demo"]
    problems = {p.path.name: p for p in catalogue.problems}
    assert set(problems) == {
        "empty.yaml",
        "binary.yaml",
        "syntax.yaml",
        "scalar.yml",
        "deep.yaml",
        "alias.yaml",
        "tags.yaml",
        "folder.yaml",
        "mapping.yaml",
    }
    assert "is empty" in problems["empty.yaml"].message
    assert problems["syntax.yaml"].line is not None
    assert "nested more than" in problems["deep.yaml"].message
    assert "unsupported YAML tag" in problems["tags.yaml"].message
    for problem in problems.values():
        assert str(problem).startswith(problem.path.name + ":") or str(problem).startswith(
            problem.path.name + ", line"
        )


def test_a_user_mapping_to_an_unknown_ref_is_a_problem_not_an_error(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK})
    user = tmp_path / "user"
    bad = GOOD_MAPPING.replace('ref: "T1.1"', 'ref: "T7"')
    write(user, "map.yaml", bad)
    catalogue = load_catalogue(root, user)
    assert catalogue.mappings == ()
    [problem] = catalogue.problems
    assert problem.line == line_of(bad, 'ref: "T7"')
    assert "unknown ref 'T7'" in problem.message


def test_a_user_mapping_can_point_at_a_user_framework(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK})
    user = tmp_path / "user"
    write(user, "local.yaml", GOOD_FRAMEWORK.replace("id: demo", "id: local"))
    write(user, "a_map.yaml", GOOD_MAPPING.replace("framework: demo", "framework: local"))
    catalogue = load_catalogue(root, user)
    assert catalogue.problems == ()
    assert [c.id for c in catalogue.concepts_for("local", "M2")] == ["climate"]


def test_a_user_concept_id_that_clashes_with_a_builtin_one_is_a_problem(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK}, {"map.yaml": GOOD_MAPPING})
    user = tmp_path / "user"
    write(user, "mine.yaml", GOOD_MAPPING.replace("id: demo_map", "id: mine"))
    catalogue = load_catalogue(root, user)
    assert [m.id for m in catalogue.mappings] == ["demo_map"]
    [problem] = catalogue.problems
    assert "concept id 'climate' is already defined in map.yaml" in problem.message
    assert problem.key == "concepts[0].id"


def test_a_missing_user_folder_is_simply_empty(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK})
    catalogue = load_catalogue(root, tmp_path / "does-not-exist")
    assert [f.id for f in catalogue.frameworks] == ["demo"] and catalogue.problems == ()


# -- the catalogue -----------------------------------------------------------------------


def test_search_needs_every_word_and_ignores_case(tmp_path):
    catalogue = load_catalogue(builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK}))
    assert [e.ref for e in catalogue.search("CARBON")] == ["T1", "T1.1"]
    assert [e.ref for e in catalogue.search("carbon reduced")] == ["T1.1"]
    assert [e.ref for e in catalogue.search("m2")] == ["M2"], "refs are searched too"
    assert catalogue.search("carbon", framework_id="other") == []
    assert catalogue.entry("demo", "M1").title == "Tonnes of CO2e saved"
    assert catalogue.entry("other", "M1") is None


def test_as_dict_is_json_ready_and_complete(tmp_path):
    root = builtin(tmp_path, {"demo.yaml": GOOD_FRAMEWORK}, {"map.yaml": GOOD_MAPPING})
    user = tmp_path / "user"
    write(user, "bad.yaml", "schema: [")
    data = json.loads(json.dumps(load_catalogue(root, user).as_dict()))
    [framework] = data["frameworks"]
    assert framework["id"] == "demo" and framework["builtin"] is True
    metric = framework["entries"][0]["children"][0]["children"][1]
    assert metric["ref"] == "M2" and metric["unit"] == "count" and metric["by_region"] is True
    assert data["mappings"][0]["concepts"][0]["members"][0]["ref"] == "T1.1"
    assert data["problems"][0]["path"].endswith("bad.yaml")
    assert data["problems"][0]["text"].startswith("bad.yaml, line ")


def test_an_empty_catalogue_is_valid():
    catalogue = Catalogue(frameworks=())
    assert catalogue.search("x") == [] and catalogue.concepts_for("a", "b") == []
