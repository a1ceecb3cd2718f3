"""Compliance of stored contracts against the shipped profiles, through the service the UI and CLI use.

Rules: NHS trust policy (002_80f5ea46fbe04add.txt §1.1.1 minimum 10 % weighting and
Fighting climate change in every tender; §4.2 KPI rule) and the council policy
(003_5dc777972350c492.txt, policy interventions (iv) weightings).
"""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.compliance import Verdict
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.paths import resources_dir
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.selection import SelectionService

TODAY = date(2026, 11, 22)


@pytest.fixture
def selection(services):
    return SelectionService(services.uow_factory, services.catalogue)


def compliance_for(services, tmp_path, profile="nhs_trust"):
    return ComplianceService(services.uow_factory, services.pipeline, services.catalogue, resources_dir(),
                             tmp_path / "policies", lambda: profile)


def tender(services, reference="EF-1", total="2000000", stage=Stage.TENDER):
    return services.pipeline.create(ContractData(
        reference=reference, title="Soft FM", category=Category.ESTATES_FACILITIES, stage=stage,
        total_value=Decimal(total), annual_value=Decimal(total) / 4)).id


def verdicts(checked):
    return {r.rule_id: r.verdict for r in checked.results}


def test_a_tender_with_nothing_chosen_fails_the_weighting_and_climate_rules(services, tmp_path):
    contract_id = tender(services)
    checked = compliance_for(services, tmp_path).check(contract_id, TODAY)
    found = verdicts(checked)
    assert found["min_weighting_10"] is Verdict.FAIL
    assert found["fighting_climate_change"] is Verdict.FAIL
    assert checked.status.startswith("Fails")


def test_choosing_a_climate_outcome_and_10_percent_passes_them(services, tmp_path, selection):
    contract_id = tender(services)
    plan = SocialValuePlan(weighting_percent=Decimal("10"),
                           entries=(selection.entry_from_catalogue("ppn002", "4"),))
    selection.save(contract_id, plan)
    found = verdicts(compliance_for(services, tmp_path).check(contract_id, TODAY))
    assert found["min_weighting_10"] is Verdict.PASS
    assert found["fighting_climate_change"] is Verdict.PASS  # PPN 002 outcome 4 maps to the theme


def test_the_specification_can_cover_climate_instead(services, tmp_path, selection):
    contract_id = tender(services)
    selection.save(contract_id, SocialValuePlan(specification_covers=frozenset({"fighting_climate_change"})))
    checked = compliance_for(services, tmp_path).check(contract_id, TODAY)
    assert verdicts(checked)["fighting_climate_change"] is Verdict.PASS


def test_council_profile_accepts_a_justified_exception(services, tmp_path, selection):
    contract_id = tender(services, total="80000")
    saved = selection.save(contract_id, SocialValuePlan(weighting_percent=Decimal("3")))
    service = compliance_for(services, tmp_path, profile="council")
    assert verdicts(service.check(contract_id, TODAY))["weighting_bands"] is Verdict.FAIL
    selection.save(contract_id, replace(saved, exceptions={"weighting_bands": "Specialist market of two suppliers."}))
    result = {r.rule_id: r for r in service.check(contract_id, TODAY).results}["weighting_bands"]
    assert result.verdict is Verdict.EXCEPTION and "Specialist market" in result.reason


def test_check_all_and_the_portfolio_summary_count_contracts_per_rule(services, tmp_path, selection):
    first, _second = tender(services, "A-1"), tender(services, "A-2")
    selection.save(first, SocialValuePlan(weighting_percent=Decimal("10")))
    service = compliance_for(services, tmp_path)
    results = service.check_all(TODAY)
    assert {r.reference for r in results} == {"A-1", "A-2"}
    weighting = next(s for s in service.summary(results) if s.rule_id == "min_weighting_10")
    assert weighting.counts[Verdict.PASS] == 1 and weighting.counts[Verdict.FAIL] == 1
    assert weighting.applicable == 2 and weighting.meeting == 1


def test_a_broken_local_profile_is_reported_and_the_shipped_ones_still_load(services, tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "mine.yaml").write_text("schema: 1\nid: mine\nname: [broken\n")
    service = compliance_for(services, tmp_path)
    assert {p.id for p in service.profiles()} >= {"nhs_trust", "council"}
    assert "mine.yaml" in str(service.problems()[0])
