"""Policy profile files: the shipped ones load and match the seeds; a broken user file
is skipped with a problem naming the file, the line and the key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sv_desktop.catalogue import load_catalogue
from sv_desktop.catalogue.policies import CatalogueError, load_policies, load_policy_file
from sv_desktop.domain.policy import KPI_PUBLICATION_OVER, AtThreshold, RuleKind, ValueBasis
from sv_desktop.domain.vocabulary import Regime, Stage, VatBasis
from tests.domain import test_policy_rules as seed_rules

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

GOOD = """\
schema: 1
id: my_trust
name: "My trust's policy"
short_name: "My policy"
organisation_type: nhs_trust
source: "our board paper, March 2026"
description: "A local profile for tests."
settings:
  vat_basis: inc_vat
rules:
  - id: min_weighting
    kind: min_weighting
    title: "Minimum 15% weighting"
    source: "board paper §2"
    applies_from: tender
    params:
      bands:
        - min_percent: 15
  - id: kpi
    kind: kpi_required
    title: "KPI"
    source: "board paper §3"
    params:
      over: "£2m"
      weighting_over: "12.5%"
      at_threshold: upper
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(tmp_path: Path, text: str, name: str = "mine.yaml"):
    write(tmp_path, name, text)
    profiles, problems = load_policies(RESOURCES, tmp_path)
    assert [p.id for p in profiles] == ["council", "nhs_trust"]  # shipped ones still load
    assert len(problems) == 1, problems
    return problems[0]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# -- shipped profiles --------------------------------------------------------------------


def test_both_shipped_profiles_load_without_problems():
    """Seeds 002 (NHS trust policy) and 003 (council policy) ship as profiles."""
    profiles, problems = load_policies(RESOURCES, None)
    assert problems == ()
    assert {p.id: p.builtin for p in profiles} == {"nhs_trust": True, "council": True}
    for profile in profiles:
        assert profile.source
        assert profile.vat_basis is VatBasis.EXCLUDING
        for rule in profile.rules:
            assert rule.source.startswith(("002_80f5ea46fbe04add.txt", "003_5dc777972350c492.txt")), rule.id
            assert rule.title and rule.description


def test_every_shipped_file_loads_on_its_own():
    """Every file in resources/policies is a valid profile (a shipped file that fails is a bug)."""
    files = sorted((RESOURCES / "policies").glob("*.yaml"))
    assert [f.name for f in files] == ["council.yaml", "nhs_trust.yaml"]
    for path in files:
        assert load_policy_file(path).path == path


def _shipped(profile_id: str):
    profiles, _ = load_policies(RESOURCES, None)
    return next(p for p in profiles if p.id == profile_id)


@pytest.mark.parametrize(
    ("profile_id", "rule"),
    [
        ("nhs_trust", seed_rules.NHS_MIN),
        ("nhs_trust", seed_rules.NHS_THEME),
        ("nhs_trust", seed_rules.nhs_kpi(AtThreshold.LOWER)),
        ("nhs_trust", seed_rules.NHS_PUBLISH),
        ("nhs_trust", seed_rules.NHS_CRP),
        ("nhs_trust", seed_rules.NHS_PIPELINE),
        ("council", seed_rules.COUNCIL_STANDARDS),
        ("council", seed_rules.COUNCIL_BANDS),
        ("council", seed_rules.COUNCIL_DEDUCTIONS),
    ],
    ids=lambda value: getattr(value, "id", value),
)
def test_shipped_rules_have_the_parameters_the_boundary_tests_check(profile_id, rule):
    """The domain tests (tests/domain/test_policy_rules.py) check these exact parameters
    against seeds 002 and 003 at every boundary; the shipped files must use the same."""
    shipped = _shipped(profile_id).rule(rule.id)
    assert shipped is not None
    assert shipped.kind is rule.kind
    assert shipped.applies_from is rule.applies_from
    assert shipped.exception_allowed is rule.exception_allowed
    for name in rule.params:
        assert shipped.param(name) == rule.param(name), name


def test_nhs_profile_settings_for_disputed_points():
    """002_80f5ea46fbe04add.txt §4.2 a leaves exactly £5m in neither group (default: lower);
    CRP tiers exc. VAT (reference/domain_rules.md §2.3)."""
    nhs = _shipped("nhs_trust")
    kpi = nhs.rule("sv_kpi")
    assert kpi.param("at_threshold") is AtThreshold.LOWER
    assert kpi.param("basis") is ValueBasis.TOTAL
    assert any("exactly £5m" in note for note in kpi.notes)
    crp = nhs.rule("carbon_reduction_plan")
    assert crp.param("basis") is ValueBasis.ANNUAL
    assert nhs.vat_basis_for(crp) is VatBasis.EXCLUDING
    assert nhs.rule("kpis_publishable").param("regimes") == (Regime.PA2023,)
    assert nhs.version == "P238 v4.0, December 2025"


def test_council_bands_and_exceptions():
    """003_5dc777972350c492.txt (iv): £50,000-£100,000 → 5%, above £100,000 → 10%, variable."""
    bands = _shipped("council").rule("weighting_bands").param("bands")
    assert [(b.above, b.up_to, b.min_percent) for b in bands] == [
        (Decimal(50000), Decimal(100000), Decimal(5)),
        (Decimal(100000), None, Decimal(10)),
    ]
    assert bands[0].lower_inclusive and bands[0].upper_inclusive and not bands[1].lower_inclusive
    assert _shipped("council").rule("weighting_bands").exception_allowed


def test_shipped_concepts_exist_in_the_shipped_mappings():
    """002_80f5ea46fbe04add.txt §1.1.1: 'Fighting climate change' is a mapped concept."""
    catalogue = load_catalogue(RESOURCES)
    known = {concept.id for mapping in catalogue.mappings for concept in mapping.concepts}
    profiles, _ = load_policies(RESOURCES, None)
    used = {concept for profile in profiles for concept in profile.concepts_used()}
    assert used == {"fighting_climate_change"}
    assert used <= known


# -- a user's own profile ----------------------------------------------------------------


def test_a_users_own_profile_loads_beside_the_shipped_ones(tmp_path):
    """Organisations add their own profile files."""
    write(tmp_path, "mine.yaml", GOOD)
    profiles, problems = load_policies(RESOURCES, tmp_path)
    assert problems == ()
    mine = profiles[-1]
    assert (mine.id, mine.builtin, mine.vat_basis) == ("my_trust", False, VatBasis.INCLUDING)
    kpi = mine.rule("kpi")
    assert kpi.param("over") == Decimal(2000000)  # "£2m" read as money
    assert kpi.param("weighting_over") == Decimal("12.5")
    assert kpi.param("at_threshold") is AtThreshold.UPPER
    assert kpi.applies_from is Stage.PIPELINE  # the default
    assert mine.rule("min_weighting").kind is RuleKind.MIN_WEIGHTING


def test_framework_and_mapping_files_in_the_same_folder_are_left_alone(tmp_path):
    """User folders may hold frameworks and mappings too (resources/frameworks/SCHEMA.md)."""
    write(tmp_path, "framework.yaml", "schema: 1\nid: demo\nentries: []\n")
    write(tmp_path, "mapping.yaml", "schema: 1\nid: demo_map\nconcepts: []\n")
    profiles, problems = load_policies(RESOURCES, tmp_path)
    assert problems == () and len(profiles) == 2


def test_a_profile_reusing_a_shipped_id_is_skipped(tmp_path):
    """A user's file must not replace a shipped profile silently."""
    text = GOOD.replace("id: my_trust", "id: nhs_trust")
    problem = only_problem(tmp_path, text)
    assert problem.path.name == "mine.yaml"
    assert (problem.line, problem.key) == (line_of(text, "id: nhs_trust"), "id")
    assert "already used by a shipped profile (nhs_trust.yaml)" in problem.message


def test_two_user_profiles_with_one_id_keep_the_first(tmp_path):
    """Ids are unique across all profiles."""
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    profiles, problems = load_policies(RESOURCES, tmp_path)
    assert [p.id for p in profiles].count("my_trust") == 1
    assert [p.path.name for p in problems] == ["b.yaml"]
    assert "another of your profiles (a.yaml)" in problems[0].message


@pytest.mark.parametrize(
    ("old", "new", "needle", "key", "message"),
    [
        ("kind: kpi_required", "kind: kpi_maybe", "kind: kpi_maybe", "rules[1].kind",
         "unknown rule kind 'kpi_maybe'"),
        ('over: "£2m"', 'over: "five million"', "five million", "rules[1].params.over",
         "not an amount in pounds"),
        ('over: "£2m"', "over: -5", "over: -5", "rules[1].params.over", "must not be negative"),
        ('over: "£2m"', "over: 2000000.001", "2000000.001", "rules[1].params.over", "whole pence"),
        ('over: "£2m"', "over: [1]", "over: [1]", "rules[1].params.over", "expected an amount"),
        ('weighting_over: "12.5%"', "weighting_over: 101", "weighting_over: 101",
         "rules[1].params.weighting_over", "between 0 and 100"),
        ("at_threshold: upper", "at_threshold: middle", "middle", "rules[1].params.at_threshold",
         "unknown at_threshold 'middle'"),
        ("at_threshold: upper", "at_treshold: upper", "at_treshold", "rules[1].params.at_treshold",
         "unknown key 'at_treshold'"),
        ("applies_from: tender", "applies_from: someday", "someday", "rules[0].applies_from",
         "unknown stage 'someday'"),
        ("applies_from: tender", "applies_from: cancelled", "cancelled", "rules[0].applies_from",
         "unknown stage"),
        ("  vat_basis: inc_vat", "  vat_basis: no_vat", "no_vat", "settings.vat_basis",
         "unknown VAT basis 'no_vat'"),
        ('source: "board paper §3"', 'source: "board paper §3"\n    colour: red', "colour: red",
         "rules[1].colour", "unknown key 'colour'"),
        ("  - id: kpi", "  - id: KPI-1", "KPI-1", "rules[1].id", "lower-case letters"),
        ("name: \"My trust's policy\"\n", "", "schema: 1", None, "missing required key 'name'"),
    ],
)
def test_a_malformed_user_file_is_a_problem_naming_file_line_and_key(
    tmp_path, old, new, needle, key, message
):
    """A malformed profile gets a clear error naming file and line (feature brief)."""
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    problem = only_problem(tmp_path, text)
    assert problem.path.name == "mine.yaml"
    assert problem.line == line_of(text, needle), problem
    assert problem.key == key, problem
    assert message in problem.message, problem
    assert str(problem).startswith(f"mine.yaml, line {problem.line}")


def test_a_duplicate_rule_id_names_the_second_use(tmp_path):
    """Rule ids carry officers' confirmations and exceptions, so they are unique in a profile."""
    text = GOOD.replace("  - id: kpi", "  - id: min_weighting")
    problem = only_problem(tmp_path, text)
    lines = [i for i, line in enumerate(text.splitlines(), 1) if line == "  - id: min_weighting"]
    assert (problem.line, problem.key) == (lines[1], "rules[1].id")
    assert f"duplicate rule id 'min_weighting' (already used on line {lines[0]})" in problem.message


def test_a_band_must_run_from_low_to_high(tmp_path):
    """003_5dc777972350c492.txt (iv): a band is "between £50,000 and £100,000", low to high."""
    text = GOOD.replace("        - min_percent: 15\n",
                        "        - above: 100000\n          up_to: 50000\n          min_percent: 5\n")
    problem = only_problem(tmp_path, text)
    assert (problem.key, problem.line) == ("rules[0].params.bands[0]", line_of(text, "above: 100000"))
    assert "must be less than 'up_to'" in problem.message


def test_missing_params_names_what_the_kind_needs(tmp_path):
    """Each kind has required parameters (resources/policies/SCHEMA.md)."""
    text = GOOD.replace(
        '    params:\n      over: "£2m"\n      weighting_over: "12.5%"\n      at_threshold: upper\n', ""
    )
    problem = only_problem(tmp_path, text)
    assert problem.key == "rules[1]"
    assert problem.line == line_of(text, "  - id: kpi")
    assert "needs: over, weighting_over" in problem.message


def test_overlapping_bands_are_refused(tmp_path):
    """003_5dc777972350c492.txt (iv): £100,000 belongs to exactly one band."""
    text = GOOD.replace(
        "        - min_percent: 15\n",
        "        - above: 50000\n          up_to: 100000\n          min_percent: 5\n"
        "        - above: 100000\n          lower_inclusive: true\n          min_percent: 10\n",
    )
    problem = only_problem(tmp_path, text)
    assert problem.key == "rules[0].params.bands[1]"
    assert "must not overlap" in problem.message


def test_carbon_tiers_must_be_in_order(tmp_path):
    """reference/domain_rules.md §2.3: the NZC tier lies below the full CRP tier."""
    text = GOOD + (
        "  - id: crp\n    kind: carbon_plan\n    title: CRP\n    source: x\n"
        "    params:\n      full_from: 10000\n      nzc_above: 5000000\n"
    )
    problem = only_problem(tmp_path, text)
    assert (problem.key, problem.line) == ("rules[2].params.nzc_above", line_of(text, "nzc_above"))


def test_invalid_yaml_names_the_line(tmp_path):
    """A syntax error is reported with its line, like the framework loader does."""
    text = GOOD.replace("    title: \"KPI\"", "    title: \"KPI")
    problem = only_problem(tmp_path, text)
    assert problem.message.startswith("invalid YAML")
    assert problem.line is not None


def test_a_broken_shipped_file_raises_with_file_line_and_key(tmp_path):
    """Shipped files are checked strictly: an error is a bug and stops loading."""
    folder = tmp_path / "policies"
    folder.mkdir()
    text = GOOD.replace("kind: kpi_required", "kind: nonsense")
    write(folder, "broken.yaml", text)
    with pytest.raises(CatalogueError) as caught:
        load_policies(tmp_path, None)
    error = caught.value
    assert (error.path.name, error.line, error.key) == ("broken.yaml", line_of(text, "nonsense"), "rules[1].kind")
    assert str(error).startswith(f"broken.yaml, line {error.line}, key 'rules[1].kind':")


def test_two_shipped_files_with_one_id_raise(tmp_path):
    """Shipped profile ids are unique."""
    folder = tmp_path / "policies"
    folder.mkdir()
    write(folder, "a.yaml", GOOD)
    write(folder, "b.yaml", GOOD)
    with pytest.raises(CatalogueError, match="also used by a.yaml"):
        load_policies(tmp_path, None)


def test_money_and_percent_accept_numbers_and_text(tmp_path):
    """Thresholds may be written as the seeds write them ("£5m", "15%") or as numbers."""
    text = GOOD.replace('over: "£2m"', "over: 4999999.99").replace('weighting_over: "12.5%"',
                                                                   "weighting_over: 15")
    path = write(tmp_path, "mine.yaml", text)
    kpi = load_policy_file(path, builtin=False).rule("kpi")
    assert kpi.param("over") == Decimal("4999999.99")
    assert kpi.param("weighting_over") == Decimal(15)


def test_delivery_and_scoring_settings_load_and_are_checked(tmp_path):
    """No source sets RAG thresholds or a scoring scale (reference/domain_rules.md §4: no official PPN 002
    scale), so a profile sets its own; the council's deduction threshold is "over £100,000"
    (003_5dc777972350c492.txt, Policy interventions (vii))."""
    text = GOOD.replace("  vat_basis: inc_vat\n", "  vat_basis: inc_vat\n  rag_green_from: 90\n  rag_amber_from: 70\n"
                        "  return_due_days: 14\n  deductions_over: 100000\n  scoring_scale:\n"
                        "    - {points: 0, descriptor: None}\n    - {points: 5, descriptor: Excellent}\n")
    write(tmp_path, "mine.yaml", text)
    profiles, problems = load_policies(RESOURCES, tmp_path)
    assert problems == ()
    mine = profiles[-1]
    assert (mine.rag_green_from, mine.rag_amber_from, mine.return_due_days) == (90, 70, 14)
    assert mine.deductions_over == Decimal(100000)
    assert mine.scoring_scale == ((0, "None"), (5, "Excellent"))
    council = next(p for p in profiles if p.id == "council")
    assert council.deductions_over == Decimal(100000)
    nhs = next(p for p in profiles if p.id == "nhs_trust")
    assert [points for points, _ in nhs.scoring_scale] == [0, 20, 40, 60, 80, 100]


@pytest.mark.parametrize(("settings", "message"), [
    ("  rag_green_from: 70\n  rag_amber_from: 80\n", "amber threshold must not be above the green"),
    ("  return_due_days: 400\n", "between 0 and 365"),
    ("  scoring_scale:\n    - {points: 5, descriptor: A}\n    - {points: 0, descriptor: B}\n", "rising"),
    ("  scoring_scale:\n    - {points: 0}\n    - {points: 5, descriptor: B}\n", "descriptor"),
])
def test_bad_delivery_or_scoring_settings_are_refused_with_the_key(tmp_path, settings, message):
    """A profile's own thresholds and scale are checked on load (no source sets them)."""
    text = GOOD.replace("  vat_basis: inc_vat\n", "  vat_basis: inc_vat\n" + settings)
    problem = only_problem(tmp_path, text)
    assert message in problem.message, problem
    assert (problem.key or "").startswith("settings"), problem


# -- the KPI publication threshold --------------------------------------------------------


@pytest.mark.parametrize("profile_id", ["nhs_trust", "council"])
def test_both_shipped_profiles_state_the_kpi_publication_threshold_and_its_source(profile_id):
    """Procurement Act 2023, section 52: KPIs set and performance published for public contracts with an
    estimated value of more than £5 million; seed 002 §4.2 c asks that NHS contracts allow it."""
    profile = _shipped(profile_id)
    assert profile.kpi_publication_over == Decimal(5_000_000)
    assert profile.kpi_publication_source.startswith("Procurement Act 2023, section 52")


def test_a_profile_without_the_setting_gets_the_acts_five_million(tmp_path):
    mine = load_policy_file(write(tmp_path, "mine.yaml", GOOD), builtin=False)
    assert mine.kpi_publication_over == KPI_PUBLICATION_OVER == Decimal(5_000_000)
    assert mine.kpi_publication_source == "Procurement Act 2023, section 52"


def test_a_profile_may_set_its_own_kpi_publication_threshold(tmp_path):
    text = GOOD.replace("  vat_basis: inc_vat\n", "  vat_basis: inc_vat\n  kpi_publication:\n    over: \"£2m\"\n"
                        "    source: \"board paper §4\"\n")
    mine = load_policy_file(write(tmp_path, "mine.yaml", text), builtin=False)
    assert (mine.kpi_publication_over, mine.kpi_publication_source) == (Decimal(2_000_000), "board paper §4")


@pytest.mark.parametrize(("setting", "key", "message"), [
    ("  kpi_publication:\n    over: 2000000\n", "settings.kpi_publication", "missing required key 'source'"),
    ("  kpi_publication:\n    over: -5\n    source: x\n", "settings.kpi_publication.over", "must not be negative"),
    ("  kpi_publication:\n    over: lots\n    source: x\n", "settings.kpi_publication.over", "not an amount"),
    ("  kpi_publication:\n    over: null\n    source: x\n", "settings.kpi_publication.over", "amount in pounds"),
    ("  kpi_publication: 2000000\n", "settings.kpi_publication", "expected a mapping"),
    ("  kpi_publication:\n    over: 1\n    source: x\n    vat: inc\n", "settings.kpi_publication.vat",
     "unknown key"),
])
def test_a_bad_kpi_publication_setting_is_refused_naming_the_key_and_line(tmp_path, setting, key, message):
    text = GOOD.replace("  vat_basis: inc_vat\n", "  vat_basis: inc_vat\n" + setting)
    problem = only_problem(tmp_path, text)
    assert problem.key == key and message in problem.message, problem
    assert problem.line is not None and problem.line >= line_of(text, "kpi_publication"), problem
