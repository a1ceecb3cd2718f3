"""The user's proxy-value file: valid entries load; every mistake is named with file, line and key; nothing crashes."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sv_desktop.catalogue.proxy_values import load_proxy_values
from sv_desktop.domain.proxy_values import MetricKey, ProxyTable, ProxyValue
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.proxy_values import ProxyValuesService, default_proxy_values_path, schema_path

REPO = Path(__file__).resolve().parents[2]

VALID = """\
schema: 1
description: Our own valuations, agreed by the finance team
values:
  - framework: ppn002
    ref: "1ai"
    gbp_per_unit: 1234.56
    source: "Organisation's own valuation, 2025"
    year: 2025
  - framework: ppn002
    ref: "4ai"
    unit: tco2e
    gbp_per_unit: "£256"
    source: Carbon values used in our business cases
    year: 2024
    note: Per tonne of CO2e avoided
  - title: Community bus journeys
    unit: count
    gbp_per_unit: 7
    source: Transport team estimate
    year: 2026
"""


def catalogue_units():
    catalogue = CatalogueService(REPO / "resources", REPO / "no-user-frameworks").catalogue()

    def unit_of(framework_id, ref):
        entry = catalogue.entry(framework_id, ref)
        return entry.unit if entry is not None and entry.kind == "metric" else None

    return unit_of


UNIT_OF = catalogue_units()


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "proxy-values.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_every_value_with_its_source_and_year(tmp_path):
    loaded = load_proxy_values(write(tmp_path, VALID), UNIT_OF)
    assert loaded.problems == () and loaded.exists
    first, carbon, bus = loaded.values
    assert first == ProxyValue(MetricKey("ppn002", "1ai"), Decimal("1234.56"), "Organisation's own valuation, 2025",
                               2025, "", 4)
    assert carbon.gbp_per_unit == Decimal(256) and carbon.note == "Per tonne of CO2e avoided"
    assert bus.metric == MetricKey.bespoke("community   BUS journeys", "count")
    assert loaded.table.get(MetricKey.framework("ppn002", "4ai")) is carbon
    assert first.value_of(Decimal(3)) == Decimal("3703.68")
    assert first.attribution == "Organisation's own valuation, 2025 (2025 values)"


def test_a_missing_file_means_no_values_and_no_problems(tmp_path):
    loaded = load_proxy_values(tmp_path / "proxy-values.yaml")
    assert (loaded.exists, loaded.values, loaded.problems, len(loaded.table)) == (False, (), (), 0)


def test_values_with_nothing_under_them_is_an_empty_file_not_an_error(tmp_path):
    assert load_proxy_values(write(tmp_path, "schema: 1\nvalues:\n")).problems == ()
    assert load_proxy_values(write(tmp_path, "schema: 1\nvalues: []\n")).problems == ()


ENTRY = '  - framework: ppn002\n    ref: "1ai"\n    gbp_per_unit: 10\n    source: Own\n    year: 2025\n'

# (file text, line, key, words in the message)
BROKEN = [
    ("", 1, None, "is empty"),
    ("- just\n- a list\n", 1, None, "not a list"),
    ("schema: 1\nvalues: [\n", 3, None, "invalid YAML"),
    ("schema: 2\nvalues: []\n", 1, "schema", "unsupported schema version 2"),
    ("values: []\n", 1, None, "missing required key 'schema'"),
    ("schema: 1\nvalues: []\ncolour: red\n", 3, "colour", "unknown key 'colour'"),
    ("schema: 1\nvalues: lots\n", 2, "values", "expected a list"),
    ("schema: 1\nvalues:\n  - 42\n", 3, "values[0]", "expected a mapping"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("gbp_per_unit: 10", "gbp_per_unit: ten pounds"), 5,
     "values[0].gbp_per_unit", "'ten pounds' is not an amount"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("gbp_per_unit: 10", "gbp_per_unit: -5"), 5,
     "values[0].gbp_per_unit", "more than zero"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("gbp_per_unit: 10", "gbp_per_unit: .inf"), 5,
     "values[0].gbp_per_unit", "expected an amount"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("gbp_per_unit: 10", "gbp_per_unit: [1, 2]"), 5,
     "values[0].gbp_per_unit", "got a list"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("    gbp_per_unit: 10\n", ""), 3, "values[0]",
     "missing required key 'gbp_per_unit'"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("year: 2025", "year: twenty"), 7, "values[0].year",
     "expected a whole number"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("year: 2025", "year: \"2025\""), 7, "values[0].year",
     "without quotes"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("year: 2025", "year: 1850"), 7, "values[0].year",
     "between 1990 and 2100"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("source: Own", "source: ''"), 6, "values[0].source", "must not be empty"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("source: Own", "source: 12"), 6, "values[0].source", "put it in quotes"),
    ("schema: 1\nvalues:\n" + ENTRY.replace('ref: "1ai"', 'ref: "9zz"'), 4, "values[0].ref", "no metric '9zz'"),
    ("schema: 1\nvalues:\n" + ENTRY.replace('ref: "1ai"', 'ref: "1a"'), 4, "values[0].ref", "no metric '1a'"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("framework: ppn002", "framework: PPN 002"), 3,
     "values[0].framework", "lower-case"),
    ("schema: 1\nvalues:\n" + ENTRY.replace('    ref: "1ai"\n', ""), 3, "values[0]", "needs its 'ref'"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("  - framework: ppn002\n    ref", "  - ref"), 3, "values[0].ref",
     "which framework"),
    ("schema: 1\nvalues:\n" + ENTRY.replace('    ref: "1ai"\n', '    ref: "1ai"\n    unit: gbp\n'), 5,
     "values[0].unit", "measured in 'roles'"),
    ("schema: 1\nvalues:\n  - title: Bus journeys\n    gbp_per_unit: 3\n    source: Own\n    year: 2025\n", 3,
     "values[0]", "say which metric"),
    ("schema: 1\nvalues:\n  - title: Bus journeys\n    unit: buses\n    gbp_per_unit: 3\n    source: Own\n"
     "    year: 2025\n", 4, "values[0].unit", "unknown unit 'buses'"),
    ("schema: 1\nvalues:\n" + ENTRY + ENTRY, 8, "values[1]", "duplicate metric ppn002 1ai (already given on line 3)"),
    ("schema: 1\nvalues:\n" + ENTRY.replace("source: Own", "source: Own\n    source: Other"), 7,
     "values[0].source", "duplicate key 'source'"),
    ("schema: 1\nvalues:\n  - !!python/object:os.system {}\n", 3, "values[0]", "unsupported YAML tag"),
]


@pytest.mark.parametrize(("text", "line", "key", "words"), BROKEN, ids=[b[3][:30] for b in BROKEN])
def test_every_mistake_is_reported_with_file_line_and_key(tmp_path, text, line, key, words):
    loaded = load_proxy_values(write(tmp_path, text), UNIT_OF)
    if "duplicate metric" not in words:
        assert loaded.values == ()
    assert len(loaded.problems) >= 1
    problem = loaded.problems[-1] if "duplicate metric" in words else loaded.problems[0]
    assert words in problem.message, str(problem)
    assert (problem.line, problem.key) == (line, key), str(problem)
    assert str(problem).startswith(f"proxy-values.yaml, line {line}")


def test_a_duplicate_metric_keeps_the_first_value(tmp_path):
    loaded = load_proxy_values(write(tmp_path, "schema: 1\nvalues:\n" + ENTRY + ENTRY.replace("10", "99")), UNIT_OF)
    assert [v.gbp_per_unit for v in loaded.values] == [Decimal(10)]
    assert "duplicate metric" in loaded.problems[0].message


def test_every_bad_entry_is_reported_and_the_good_ones_still_load(tmp_path):
    text = ("schema: 1\nvalues:\n" + ENTRY
            + "  - framework: ppn002\n    ref: \"4ai\"\n    gbp_per_unit: nothing\n    source: ''\n    year: 2025\n"
            + ENTRY.replace("1ai", "1aii"))
    loaded = load_proxy_values(write(tmp_path, text), UNIT_OF)
    assert [v.metric.ref for v in loaded.values] == ["1ai", "1aii"]
    assert [(p.line, p.key) for p in loaded.problems] == [(10, "values[1].gbp_per_unit"), (11, "values[1].source")]


def test_binary_and_wrongly_encoded_files_are_refused_with_a_line(tmp_path):
    binary = load_proxy_values(write(tmp_path, b"schema: 1\n\x00\x01\x02\xff"))
    assert binary.problems[0].line == 2 and "not a text file" in binary.problems[0].message
    latin = load_proxy_values(write(tmp_path, "schema: 1\nvalues: []\n# café\n".encode("latin-1")))
    assert latin.problems[0].line == 3 and "not UTF-8" in latin.problems[0].message


def test_a_folder_in_the_files_place_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "proxy-values.yaml").mkdir()
    loaded = load_proxy_values(tmp_path / "proxy-values.yaml")
    assert loaded.values == () and "folder" in loaded.problems[0].message


def test_the_service_finds_the_file_in_the_data_folder_and_rereads_it_only_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("SV_DESKTOP_HOME", str(tmp_path))
    service = ProxyValuesService()
    assert service.path == default_proxy_values_path() == tmp_path / "proxy-values.yaml"
    assert service.load().exists is False
    write(tmp_path, VALID)
    first = service.load()
    assert len(first.values) == 3 and service.load() is first
    write(tmp_path, "schema: 1\nvalues:\n" + ENTRY)
    assert [v.gbp_per_unit for v in service.load().values] == [Decimal(10)]
    assert schema_path().is_file()


def test_the_table_looks_values_up_by_metric():
    value = ProxyValue(MetricKey.bespoke("Bus journeys", "count"), Decimal(2), "Own", 2025)
    table = ProxyTable([value])
    assert table.get(MetricKey.bespoke(" bus  Journeys ", "count")) is value
    assert table.get(MetricKey.bespoke("bus journeys", "hours")) is None and len(table) == 1


def test_the_schema_document_example_loads_cleanly(tmp_path):
    """The example in SCHEMA.md is a working file."""
    text = schema_path().read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    loaded = load_proxy_values(write(tmp_path, example), UNIT_OF)
    assert loaded.problems == () and len(loaded.values) >= 2


YAML_SCALARS = st.sampled_from(["1", "-1", "0", "1.5", ".nan", "~", "true", "''", '"1ai"', "ppn002", "2025",
                                "£12", "[]", "{}", "!!binary aGVsbG8=", "&a x", "*a", "? x", "|", ">-"])
KEYS = st.sampled_from(["schema", "values", "framework", "ref", "title", "unit", "gbp_per_unit", "source",
                        "year", "note", "bogus", "- x", ""])


@st.composite
def yamlish(draw):
    lines = ["schema: 1", "values:"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 8))):
        indent = " " * draw(st.sampled_from([0, 2, 4, 6]))
        dash = "- " if draw(st.booleans()) else ""
        lines.append(f"{indent}{dash}{draw(KEYS)}: {draw(YAML_SCALARS)}")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\t", "\x00", "\r\n"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(yamlish(), st.text(max_size=200)), raw=st.binary(max_size=64))
def test_no_file_crashes_the_loader(tmp_path, text, raw):
    for content in (text, raw):
        loaded = load_proxy_values(write(tmp_path, content), UNIT_OF)
        assert loaded.exists
        for problem in loaded.problems:
            assert problem.message and str(problem).startswith("proxy-values.yaml")
            assert "could not be read (" not in problem.message, str(problem)  # an unexpected exception
        if not loaded.problems:
            assert all(v.gbp_per_unit > 0 and v.source for v in loaded.values)
