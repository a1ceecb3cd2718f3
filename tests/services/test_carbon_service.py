"""Carbon plans through the service: versions, documents, checks at the right date, alerts, compliance.

Rules: reference/domain_rules.md §1.2 (what a compliant CRP contains: net zero by
2050, Scope 1, 2 and Scope 3 categories 4, 5, 6, 7, 9, signed off, published,
updated annually) and §2.3 (NHS tiers: full CRP at £5m a year and above, Net Zero
Commitment above £10k), as set in resources/policies/nhs_trust.yaml
(carbon_reduction_plan rule, citing 002_80f5ea46fbe04add.txt §4.2).
"""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.carbon_plan import (
    REQUIRED_SOURCES,
    CarbonPlanData,
    EmissionFigure,
    InterimTarget,
    Scope,
    emissions,
)
from sv_desktop.domain.compliance import Verdict
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ConflictError, ValidationError
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.supplier import SupplierData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.carbon import CarbonService

TODAY = date(2026, 11, 28)


def full_plan(published=date(2026, 6, 1), net_zero=2045, base="100", current="80", year_end=date(2026, 3, 31)):
    return CarbonPlanData(
        CarbonPlan.FULL_CRP, publication_date=published, url="https://acme.example.org/crp",
        baseline_year=2019, baseline=emissions({s: EmissionFigure(Decimal(base)) for s in REQUIRED_SOURCES}),
        reporting_year_end=year_end,
        current=emissions({s: EmissionFigure(Decimal(current)) for s in REQUIRED_SOURCES}),
        net_zero_year=net_zero, scopes_covered=frozenset(Scope), approved_by="Board of directors",
        approved_on=published, interim_targets=(InterimTarget(2030, Decimal(50), "half by 2030"),))


@pytest.fixture
def carbon(services):
    return CarbonService(services.uow_factory, services.compliance, today=lambda: TODAY)


@pytest.fixture
def acme(services):
    return services.suppliers.create(SupplierData(name="Acme Ltd"))


def contract(services, reference="FM-1", annual="6000000", stage=Stage.AWARDED, deadline=None,
             suppliers=("Acme Ltd",)):
    return services.pipeline.create(ContractData(
        reference=reference, title="Soft FM", category=Category.ESTATES_FACILITIES, stage=stage,
        annual_value=Decimal(annual), total_value=Decimal(annual) * 5, tender_deadline=deadline,
        supplier_names=tuple(suppliers))).id


def test_a_plan_round_trips_with_its_figures_targets_and_scopes(carbon, acme):
    saved = carbon.save_plan(acme.id, full_plan())
    assert carbon.plans(acme.id) == [saved]
    assert saved.data == full_plan()  # Decimal figures, dates, scopes and targets come back unchanged


def test_correcting_a_version_with_a_stale_copy_is_refused_and_nothing_is_lost(carbon, acme):
    saved = carbon.save_plan(acme.id, full_plan())
    carbon.save_plan(acme.id, replace(saved.data, notes="corrected"), saved.id, saved.version)
    with pytest.raises(ConflictError):
        carbon.save_plan(acme.id, replace(saved.data, notes="stale"), saved.id, saved.version)
    assert carbon.plan(saved.id).data.notes == "corrected"


def test_bad_input_names_the_field_and_stores_nothing(carbon, acme):
    bad = replace(full_plan(), url="acme.example.org", publication_date=date(2027, 1, 1),
                  baseline=emissions({REQUIRED_SOURCES[0]: EmissionFigure(Decimal("-5"))}))
    with pytest.raises(ValidationError) as error:
        carbon.save_plan(acme.id, bad)
    assert {e.field for e in error.value.errors} >= {"url", "publication_date", "baseline"}
    assert carbon.plans(acme.id) == []


def test_the_plan_document_is_kept_inside_the_store(carbon, acme, tmp_path):
    saved = carbon.save_plan(acme.id, full_plan())
    document = tmp_path / "Acme CRP 2026.pdf"
    document.write_bytes(b"%PDF-1.7 plan")
    attached = carbon.attach_document(saved.id, document)
    document.unlink()  # the store has its own copy
    assert attached.document.file_name == "Acme CRP 2026.pdf"
    assert carbon.document(saved.id) == ("Acme CRP 2026.pdf", b"%PDF-1.7 plan")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError):
        carbon.attach_document(saved.id, empty)
    assert carbon.document(saved.id)[1] == b"%PDF-1.7 plan"


def test_alerts_name_stale_failing_and_missing_plans(services, carbon):
    for name in ("Stale Ltd", "Failing Ltd", "Missing Ltd", "Good Ltd"):
        services.suppliers.create(SupplierData(name=name))
    ids = {r.name: r.id for r in services.suppliers.rows()}
    carbon.save_plan(ids["Stale Ltd"], full_plan(published=date(2025, 11, 27), year_end=date(2025, 3, 31)))
    carbon.save_plan(ids["Failing Ltd"], full_plan(net_zero=2051))
    carbon.save_plan(ids["Good Ltd"], full_plan())
    contract(services, "FM-9", suppliers=("Missing Ltd",))

    alerts = carbon.alerts()

    found = {(a.kind, a.supplier_name) for a in alerts}
    assert ("stale", "Stale Ltd") in found  # 12 months and a day old
    assert ("failing", "Failing Ltd") in found
    assert ("missing", "Missing Ltd") in found
    assert not any(name == "Good Ltd" for _kind, name in found)
    missing = next(a for a in alerts if a.kind == "missing")
    assert missing.contract_reference == "FM-9" and "full Carbon Reduction Plan" in missing.message


def test_the_selection_gate_checks_the_plan_in_force_at_the_tender_deadline(services, carbon, acme):
    cid = contract(services, deadline=date(2026, 6, 1))
    carbon.save_plan(acme.id, full_plan(published=date(2026, 6, 2)))  # the day after the deadline
    result = _carbon_rule(services, cid)
    assert result.verdict is Verdict.WARNING and "no plan recorded" in result.reason
    assert "tender deadline 01/06/2026" in result.reason

    carbon.save_plan(acme.id, full_plan(published=date(2026, 6, 1)))  # on the day: counts
    assert _carbon_rule(services, cid).verdict is Verdict.PASS
    status = carbon.contract_carbon(cid)
    assert (status.check_date, status.check_date_basis) == (date(2026, 6, 1), "tender deadline")
    assert status.needed is CarbonPlan.FULL_CRP


def test_a_failing_plan_fails_the_contract_with_the_reason(services, carbon, acme):
    cid = contract(services)
    carbon.save_plan(acme.id, full_plan(net_zero=2051))
    result = _carbon_rule(services, cid)
    assert result.verdict is Verdict.FAIL
    assert "2051 is later than 2050" in result.reason


def _carbon_rule(services, contract_id):
    checked = services.compliance.check(contract_id, today=TODAY)
    return next(r for r in checked.results if r.rule_id == "carbon_reduction_plan")
