"""The framework and mapping files that ship in resources/ load and say what the
seeds say.

PPN 002 facts are checked against seed 000_14458fa951fc6b05.txt (the PPN 002
Social Value Model, February 2025); the NHS themes against seed
002_80f5ea46fbe04add.txt (Appendix Four and the category guides).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sv_desktop.catalogue import (
    UNITS,
    load_catalogue,
    load_framework_file,
    load_mapping_file,
)
from sv_desktop.paths import resources_dir

RESOURCES = resources_dir()
FRAMEWORK_FILES = sorted((RESOURCES / "frameworks").glob("*.yaml"))
MAPPING_FILES = sorted((RESOURCES / "mappings").glob("*.yaml"))


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(RESOURCES)


@pytest.fixture(scope="module")
def ppn002(catalogue):
    framework = catalogue.framework("ppn002")
    assert framework is not None
    return framework


def kinds(framework, kind):
    return [entry for entry in framework.walk() if entry.kind == kind]


# -- every shipped file loads ----------------------------------------------------------


def test_the_resources_folder_has_the_expected_files():
    names = {p.name for p in FRAMEWORK_FILES}
    assert {"ppn002.yaml", "nhs_themes.yaml"} <= names
    assert "themes.yaml" in {p.name for p in MAPPING_FILES}


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: p.name)
def test_every_shipped_framework_file_loads(path: Path):
    framework = load_framework_file(path)
    assert framework.builtin and framework.entries


@pytest.mark.parametrize("path", MAPPING_FILES, ids=lambda p: p.name)
def test_every_shipped_mapping_file_loads(path: Path):
    mapping = load_mapping_file(path)
    assert mapping.concepts
    assert "no official source" in mapping.assumption.lower()


def test_the_whole_shipped_catalogue_loads_without_problems():
    catalogue = load_catalogue(RESOURCES)
    assert catalogue.problems == ()
    assert len(catalogue.frameworks) == len(FRAMEWORK_FILES)
    assert len(catalogue.mappings) == len(MAPPING_FILES)


def test_frameworks_are_in_display_order_with_ppn002_first(catalogue):
    orders = [(f.order, f.name) for f in catalogue.frameworks]
    assert orders == sorted(orders)
    assert catalogue.frameworks[0].id == "ppn002"


def test_every_entry_in_every_shipped_framework_has_a_source(catalogue):
    missing = [
        f"{entry.framework_id}:{entry.ref}"
        for framework in catalogue.frameworks
        for entry in framework.walk()
        if not entry.source.strip()
    ]
    assert missing == []


def test_every_shipped_metric_has_a_known_unit_and_aggregation(catalogue):
    for framework in catalogue.frameworks:
        for metric in framework.metrics():
            assert metric.unit in UNITS, metric.ref
            assert metric.aggregation in ("sum", "latest", "average"), metric.ref
            assert not metric.children


def test_text_that_is_not_verbatim_always_says_why(catalogue):
    for framework in catalogue.frameworks:
        for entry in framework.walk():
            if entry.text_status != "verbatim":
                assert entry.note.strip(), f"{framework.id}:{entry.ref} is {entry.text_status} without a note"


# -- PPN 002 (seed 000_14458fa951fc6b05.txt) -----------------------------------------------


def test_ppn002_has_5_missions_8_outcomes_17_award_criteria_and_33_metrics(ppn002):
    assert [e.ref for e in kinds(ppn002, "mission")] == ["M1", "M2", "M3", "M4", "M5"]
    assert [e.ref for e in kinds(ppn002, "outcome")] == [str(n) for n in range(1, 9)]
    assert [e.ref for e in kinds(ppn002, "award_criterion")] == [
        "1a", "1b", "1c", "1d", "1e", "2a", "3a", "3b", "4a", "4b",
        "5a", "6a", "6b", "6c", "7a", "7b", "8a",
    ]  # fmt: skip
    assert len(ppn002.metrics()) == 33


def test_ppn002_outcomes_sit_under_their_missions(ppn002):
    parents = {e.ref: e.parent_ref for e in kinds(ppn002, "outcome")}
    assert parents == {"1": "M1", "2": "M1", "3": "M1", "4": "M2", "5": "M3", "6": "M4", "7": "M4", "8": "M5"}


def test_every_ppn002_award_criterion_has_sub_criteria_and_metrics(ppn002):
    for mac in kinds(ppn002, "award_criterion"):
        child_kinds = {child.kind for child in mac.children}
        assert child_kinds == {"sub_criterion", "metric"}, mac.ref
        for child in mac.children:
            assert child.ref.startswith(mac.ref), (mac.ref, child.ref)


def test_every_ppn002_metric_has_a_unit_and_aggregation(ppn002):
    for metric in ppn002.metrics():
        assert metric.unit in UNITS and metric.aggregation, metric.ref


def test_ppn002_metrics_by_uk_region_are_exactly_the_seven_the_seed_names(ppn002):
    """Seed 000_14458fa951fc6b05.txt says 'by UK region' in exactly these metrics
    (also /work/shared/reference/domain_rules.md section 4)."""
    assert {m.ref for m in ppn002.metrics() if m.by_region} == {
        "1ai", "1aii", "2aii", "4aiv", "6bii", "6cii", "6ciii",
    }  # fmt: skip
    for metric in ppn002.metrics():
        assert metric.by_region == ("by UK region" in metric.text), metric.ref


def test_ppn002_metric_units_follow_the_seed_wording(ppn002):
    unit = {m.ref: m.unit for m in ppn002.metrics()}
    assert unit["1ai"] == "roles"  # "Number (in roles, not FTE)"
    assert unit["4ai"] == "tco2e" and unit["4aii"] == "litres" and unit["4aiv"] == "m2"
    assert {unit[r] for r in ("3ai", "3aii", "3aiii", "3aiv")} == {"gbp"}
    assert {unit[r] for r in ("1di", "1dii", "2aii", "4bi", "5ai")} == {"hours"}


def test_the_garbled_4aiii_metric_is_marked_and_encoded_as_waste_in_tonnes(ppn002):
    metric = ppn002.entry("4aiii")
    assert metric.text_status == "garbled_in_seed"
    assert metric.unit == "tonnes" and "waste" in metric.note


def test_the_lost_8ai_metric_is_marked_truncated(ppn002):
    metric = ppn002.entry("8ai")
    assert metric.text_status == "truncated_in_seed"
    assert metric.text == "... and wellbeing." and "inferred" in metric.note


def test_ppn002_workforce_baseline_is_outcomes_1_6_and_7_in_roles(ppn002):
    baseline = ppn002.workforce_baseline
    assert baseline.outcomes == ("1", "6", "7")
    assert baseline.unit == "roles"
    assert "not Full Time Equivalents" in baseline.text


def test_ppn002_model_question_filled_has_no_braces_left(ppn002):
    question = ppn002.model_question
    assert "{word_limit}" in question.text and "{outcome}" in question.text
    filled = question.filled(500, "Fair work")
    assert "{" not in filled and "}" not in filled
    assert "In no more than 500 words" in filled and "deliver the Fair work" in filled


def test_ppn002_additional_award_criteria_gate_on_a_specific_measurable_commitment(ppn002):
    criteria = ppn002.additional_award_criteria
    assert len(criteria) == 7
    gates = [c for c in criteria if c.pass_gate]
    assert len(gates) == 1
    assert "specific, measurable and time-bound commitment" in gates[0].text
    assert len(criteria[-1].items) == 5  # the timed project plan's sub-list


def test_search_for_carbon_finds_metric_4ai(catalogue):
    assert "4ai" in [e.ref for e in catalogue.search("carbon", framework_id="ppn002")]
    assert catalogue.entry("ppn002", "4ai") in catalogue.search("carbon")


# -- NHS themes (seed 002_80f5ea46fbe04add.txt) ------------------------------------------------


def test_nhs_themes_are_the_four_appendix_four_themes(catalogue):
    framework = catalogue.framework("nhs_themes")
    assert [(e.ref, e.title) for e in framework.entries] == [
        ("T1", "Fighting climate change"),
        ("T2", "Wellbeing"),
        ("T3", "Equal opportunity"),
        ("T4", "Tackling economic inequality"),
    ]
    for theme in framework.entries:
        child_kinds = {c.kind for c in theme.children}
        assert child_kinds == {"priority", "opportunity_area"}, theme.ref
    assert "must be included in all procurement" in framework.entry("T1").text


def test_nhs_category_guides_cover_four_categories_and_every_theme(catalogue):
    framework = catalogue.framework("nhs_themes")
    by_category: dict[str, set[str]] = {}
    for guide in framework.category_guide:
        assert guide.rationale and guide.examples and guide.source
        by_category.setdefault(guide.category, set()).update(guide.entries)
    assert set(by_category) == {"estates_facilities", "transport", "ddat", "medical_devices"}
    for refs in by_category.values():
        assert refs == {"T1", "T2", "T3", "T4"}


# -- mappings ------------------------------------------------------------------------------


def test_ppn002_4a_belongs_to_fighting_climate_change(catalogue):
    assert "fighting_climate_change" in [c.id for c in catalogue.concepts_for("ppn002", "4a")]
    assert "fighting_climate_change" in [c.id for c in catalogue.concepts_for("ppn002", "4ai")]
    assert "fighting_climate_change" in [c.id for c in catalogue.concepts_for("nhs_themes", "T1.P1")]


def test_every_nhs_theme_maps_to_at_least_one_ppn002_outcome(catalogue):
    for theme in catalogue.framework("nhs_themes").entries:
        concepts = catalogue.concepts_for("nhs_themes", theme.ref)
        assert concepts, theme.ref
        ppn_members = [m for c in concepts for m in c.members if m.framework == "ppn002"]
        assert ppn_members, theme.ref


def test_every_mapping_member_gives_its_reasoning(catalogue):
    for mapping in catalogue.mappings:
        for concept in mapping.concepts:
            for member in concept.members:
                assert member.reasoning.strip(), (concept.id, member.ref)
                assert catalogue.entry(member.framework, member.ref) is not None
