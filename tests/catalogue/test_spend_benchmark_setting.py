"""The local-spend benchmark in a policy profile: loaded with its source, refused with the key when wrong.

The committee KPI is "Benchmarked % and value of local procurement spend"
(002_80f5ea46fbe04add.txt, Appendix Two: Governance, Compliance Measures). Seed 002 gives
no figure; seed 003 (003_5dc777972350c492.txt, Where are we now? - Procurement) says "over
half the Council's spend has been with local companies".
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from sv_desktop.catalogue.policies import load_policies
from tests.catalogue.test_policies import GOOD, RESOURCES, only_problem, write


def test_the_shipped_profiles_cite_their_benchmark_and_the_nhs_one_sets_no_figure():
    profiles, problems = load_policies(RESOURCES, None)
    assert problems == ()
    by_id = {p.id: p for p in profiles}
    nhs, council = by_id["nhs_trust"], by_id["council"]
    assert nhs.local_spend_benchmark_percent is None
    assert nhs.local_spend_benchmark_source.startswith("002_80f5ea46fbe04add.txt, Appendix Two")
    assert council.local_spend_benchmark_percent == Decimal(50)
    assert council.local_spend_benchmark_source.startswith("003_5dc777972350c492.txt, Where are we now?")
    assert "over half" in council.local_spend_benchmark_source


def test_an_organisations_own_benchmark_loads(tmp_path):
    text = GOOD.replace("  vat_basis: inc_vat\n", "  vat_basis: inc_vat\n  local_spend_benchmark:\n"
                        "    percent: \"37.5%\"\n    source: \"Regional anchor network average, 2024/25\"\n")
    write(tmp_path, "mine.yaml", text)
    profiles, problems = load_policies(RESOURCES, tmp_path)
    assert problems == ()
    mine = next(p for p in profiles if p.id == "my_trust")
    assert mine.local_spend_benchmark_percent == Decimal("37.5")
    assert mine.local_spend_benchmark_source == "Regional anchor network average, 2024/25"


def test_a_profile_without_the_setting_has_no_benchmark(tmp_path):
    write(tmp_path, "mine.yaml", GOOD)
    profiles, _problems = load_policies(RESOURCES, tmp_path)
    mine = next(p for p in profiles if p.id == "my_trust")
    assert (mine.local_spend_benchmark_percent, mine.local_spend_benchmark_source) == (None, "")


@pytest.mark.parametrize(("setting", "key", "message"), [
    ("    percent: 120\n    source: \"x\"\n", "settings.local_spend_benchmark.percent", "between 0 and 100"),
    ("    percent: lots\n    source: \"x\"\n", "settings.local_spend_benchmark.percent", "not a percentage"),
    ("    percent: 40\n", "settings.local_spend_benchmark", "source"),
    ("    percent: 40\n    source: \"\"\n", "settings.local_spend_benchmark.source", "must not be empty"),
    ("    percent: 40\n    source: \"x\"\n    year: 2025\n", "settings.local_spend_benchmark", "year"),
])
def test_a_bad_benchmark_is_refused_naming_the_key_and_line(tmp_path, setting, key, message):
    text = GOOD.replace("  vat_basis: inc_vat\n", "  vat_basis: inc_vat\n  local_spend_benchmark:\n" + setting)
    problem = only_problem(tmp_path, text)
    assert message in problem.message, problem
    assert (problem.key or "").startswith(key), problem
    assert problem.line is not None and problem.line >= 9, problem
