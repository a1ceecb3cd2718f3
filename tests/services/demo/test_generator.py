"""Demo data: realistic, reproducible, replaceable without touching the officer's own contracts."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.demo.generator import generate_demo

TODAY = date(2026, 11, 22)


def test_demo_data_spans_categories_stages_values_and_dates(services):
    result = generate_demo(services.uow_factory, contracts=400, today=TODAY)
    rows = services.pipeline.rows()
    assert result.contracts == len(rows) == 400
    assert {r.category for r in rows} == set(Category)
    assert {Stage.PIPELINE, Stage.TENDER, Stage.DELIVERY, Stage.CLOSED} <= {r.stage for r in rows}
    values = [r.total_value for r in rows if r.total_value is not None]
    assert min(values) >= Decimal(2000) and max(values) <= Decimal(50_000_000) * 2
    assert min(values) < Decimal(100_000) and max(values) > Decimal(5_000_000)
    ends = [r.end_date for r in rows]
    assert min(ends).year <= TODAY.year - 2 and max(ends).year >= TODAY.year + 3
    awarded = [r for r in rows if r.stage in (Stage.DELIVERY, Stage.AWARDED)]
    assert awarded and all(r.suppliers for r in awarded)
    assert any(r.parent_reference for r in rows)


def test_same_seed_gives_the_same_data(services):
    generate_demo(services.uow_factory, contracts=50, seed=7, today=TODAY)
    first = [(r.reference, r.title, r.total_value, r.end_date) for r in services.pipeline.rows()]
    generate_demo(services.uow_factory, contracts=50, seed=7, today=TODAY)
    second = [(r.reference, r.title, r.total_value, r.end_date) for r in services.pipeline.rows()]
    assert first == second


def test_reloading_demo_data_keeps_the_officers_own_contracts(services):
    services.pipeline.create(ContractData(reference="MY-1", title="My contract", category=Category.OTHER))
    generate_demo(services.uow_factory, contracts=30, today=TODAY)
    result = generate_demo(services.uow_factory, contracts=20, today=TODAY)
    references = {r.reference for r in services.pipeline.rows()}
    assert result.replaced == 30
    assert "MY-1" in references and len(references) == 21


def test_demo_contracts_pass_the_domain_rules(services):
    generate_demo(services.uow_factory, contracts=200, today=TODAY)
    for row in services.pipeline.rows()[:200:7]:
        services.pipeline.get(row.id).data.validated()


def test_demo_data_with_the_catalogue_gets_a_mix_of_compliant_and_failing_contracts(services):
    from sv_desktop.domain.compliance import Verdict

    generate_demo(services.uow_factory, contracts=300, today=TODAY, catalogue=services.catalogue.catalogue())
    results = services.compliance.check_all(TODAY)
    weighting = next(s for s in services.compliance.summary(results) if s.rule_id == "min_weighting_10")
    assert weighting.counts.get(Verdict.PASS, 0) > weighting.counts.get(Verdict.FAIL, 0) > 0
    assert weighting.counts.get(Verdict.EXCEPTION, 0) >= 0
    planned = [services.selection.plan(r.contract_id) for r in results[:60]]
    assert any(p.entries for p in planned) and any(e.is_refined for p in planned for e in p.entries)


# -- suppliers and carbon plans ------------------------------------------------------------------

def _carbon_kind(status):
    from sv_desktop.domain.policy import CarbonPlan

    if status.latest is None:
        return "none"
    if status.stale:
        return "stale"
    if status.latest.data.plan_type is CarbonPlan.NZC:
        return "nzc" if status.assessment.passed else "failing"
    return "meets" if status.assessment.passed else "failing"


def _live_supplier_ids(services):
    from sqlalchemy import select

    from sv_desktop.store.models import Contract, ContractSupplier

    with services.uow_factory() as uow:
        return set(uow.session.scalars(
            select(ContractSupplier.supplier_id).join(Contract, Contract.id == ContractSupplier.contract_id)
            .where(Contract.stage.in_([Stage.EVALUATION.value, Stage.AWARDED.value, Stage.DELIVERY.value]))))


def test_demo_suppliers_have_a_spread_of_carbon_plans_and_alerts(services):
    from collections import Counter

    from sv_desktop.domain.carbon_trajectory import TrajectoryStatus

    generate_demo(services.uow_factory, contracts=300, today=TODAY)
    statuses = services.carbon.statuses(TODAY)
    live = _live_supplier_ids(services)
    kinds = Counter(_carbon_kind(statuses[sid]) for sid in live)
    assert set(kinds) == {"meets", "failing", "stale", "nzc", "none"}
    shares = {kind: count / len(live) for kind, count in kinds.items()}
    assert 0.25 <= shares["meets"] <= 0.45 and 0.1 <= shares["none"] <= 0.3 and 0.1 <= shares["nzc"] <= 0.3
    compliant = [statuses[sid] for sid in live if _carbon_kind(statuses[sid]) == "meets"]
    assert {s.trajectory.status for s in compliant} >= {TrajectoryStatus.ON_TRACK, TrajectoryStatus.BEHIND}
    assert all(2 <= len(s.plans) <= 4 for s in compliant)
    for status in compliant:  # annual versions with falling emissions
        figures = [p.data for p in status.plans]
        assert [p.publication_date.year for p in figures] == sorted(p.publication_date.year for p in figures)
        points = [p.tco2e for p in status.trajectory.points]
        assert points == sorted(points, reverse=True) and len(set(points)) == len(points)
    failing_reasons = {c.id for s in statuses.values() if _carbon_kind(s) == "failing" for c in s.assessment.failures}
    assert {"net_zero_year", "current", "sign_off"} <= failing_reasons
    net_zero = [s.latest.data.net_zero_year for s in statuses.values() if s.latest]
    assert 2045 in net_zero and any(2045 < y <= 2050 for y in net_zero) and 2055 in net_zero
    assert sum(2040 <= y <= 2050 for y in net_zero) > len(net_zero) / 2
    alerts = services.carbon.alerts(TODAY)
    assert {a.kind for a in alerts} == {"missing", "failing", "stale"}
    # A contract of £5m a year or more whose supplier has no plan at all.
    assert any(a.kind == "missing" and "no plan recorded" in a.message and "full Carbon Reduction Plan" in a.message
               for a in alerts)


def test_demo_plans_are_stored_as_an_officer_would_enter_them(services):
    from sv_desktop.domain.carbon_plan_input import validate_plan
    from sv_desktop.domain.policy import CarbonPlan
    from sv_desktop.domain.supplier import SupplierData

    generate_demo(services.uow_factory, contracts=200, today=TODAY)
    records = [r for s in services.carbon.statuses(TODAY).values() for r in s.plans]
    assert records
    for record in records:
        assert validate_plan(record.data, TODAY) == record.data
        assert record.data.approved_on is None or record.data.approved_on <= TODAY
        if record.data.plan_type is CarbonPlan.NZC:
            assert record.data.net_zero_year and record.data.scopes_covered and not record.data.current
        for figure in [*record.data.baseline.values(), *record.data.current.values()]:
            assert figure.tco2e is None or figure.tco2e == figure.tco2e.quantize(Decimal("0.1"))
    # Each plan reads back exactly as the carbon service saves it.
    sample = next(r for r in records if r.data.plan_type is CarbonPlan.FULL_CRP and r.data.interim_targets)
    supplier = services.suppliers.create(SupplierData(name="Round Trip Ltd"))
    saved = services.carbon.save_plan(supplier.id, sample.data)
    assert saved.data == sample.data


def test_demo_plans_still_show_the_spread_after_the_april_2027_milestone(services):
    later = date(2027, 6, 15)
    generate_demo(services.uow_factory, contracts=200, today=later)
    statuses = services.carbon.statuses(later)
    kinds = {_carbon_kind(statuses[sid]) for sid in _live_supplier_ids(services)}
    assert kinds == {"meets", "failing", "stale", "nzc", "none"}


def test_demo_supplier_records_are_realistic(services):
    from sv_desktop.domain.supplier import SupplierSize, postcode_area, validate_supplier
    from sv_desktop.services.demo.suppliers import AREA_REGION

    services.settings.save(replace(services.settings.load(), local_postcode_areas="LE, DE, NG"))
    generate_demo(services.uow_factory, contracts=300, today=TODAY)
    rows = services.suppliers.rows()
    sizes = {r.size for r in rows}
    assert {SupplierSize.SME, SupplierSize.LARGE} <= sizes
    assert any(r.vcse for r in rows) and any(r.mutual for r in rows) and any(r.startup for r in rows)
    local = [r for r in rows if r.local]
    assert 0 < len(local) < len(rows)
    assert len({postcode_area(r.postcode) for r in rows}) >= 8
    for row in rows:
        assert row.region is AREA_REGION[postcode_area(row.postcode)]
    assert any(r.evergreen_expires and r.evergreen_expires < TODAY for r in rows)
    assert any(r.evergreen_expires and r.evergreen_expires >= TODAY for r in rows)
    required = [services.suppliers.get(r.id) for r in rows if r.modern_slavery_required]
    with_statement = [d for d in required if d.data.modern_slavery_url]
    assert len(required) / 2 < len(with_statement) < len(required)  # most publish a statement, not all
    details = [services.suppliers.get(r.id) for r in rows]
    for detail in details:
        validate_supplier(detail.data, TODAY)  # postcode, Companies House number, emails: valid shapes
        assert 1 <= len(detail.data.contacts) <= 2
        assert all(c.email.endswith(".example.org") for c in detail.data.contacts)
    assert any(not d.data.companies_house_number for d in details if d.data.vcse)
    assert all(d.data.companies_house_number for d in details if not d.data.vcse)


def _snapshot(services):
    from sqlalchemy import func, select

    from sv_desktop.store.models import CarbonPlanFigure, CarbonPlanVersion, Supplier, SupplierContact

    rows = {r.name: (r.postcode, r.region, r.size, r.vcse, r.evergreen_level, r.evergreen_expires)
            for r in services.suppliers.rows()}
    plans = {s.supplier_name: [p.data for p in s.plans] for s in services.carbon.statuses(TODAY).values()}
    with services.uow_factory() as uow:
        counts = tuple(uow.session.scalar(select(func.count()).select_from(m))
                       for m in (Supplier, SupplierContact, CarbonPlanVersion, CarbonPlanFigure))
    return rows, plans, counts


def test_demo_suppliers_are_replaced_not_duplicated_and_the_same_for_a_seed(services):
    from sv_desktop.domain.carbon_plan import CarbonPlanData
    from sv_desktop.domain.policy import CarbonPlan
    from sv_desktop.domain.supplier import SupplierData

    own = services.suppliers.create(SupplierData(name="My Own Supplier Ltd", postcode="LE1 7RH"))
    services.carbon.save_plan(own.id, CarbonPlanData(plan_type=CarbonPlan.NZC, net_zero_year=2040))
    generate_demo(services.uow_factory, contracts=120, seed=11, today=TODAY)
    first = _snapshot(services)
    generate_demo(services.uow_factory, contracts=120, seed=11, today=TODAY)
    assert _snapshot(services) == first
    generate_demo(services.uow_factory, contracts=80, seed=12, today=TODAY)
    rows, plans, _counts = _snapshot(services)
    result = generate_demo(services.uow_factory, contracts=80, seed=12, today=TODAY)
    assert _snapshot(services)[0] == rows and len(rows) == result.suppliers + 1
    assert rows["My Own Supplier Ltd"][0] == "LE1 7RH" and len(plans["My Own Supplier Ltd"]) == 1


def test_demo_contracts_have_tender_deadlines_before_award(services):
    from sqlalchemy import select

    from sv_desktop.store.models import Contract, StageChange

    generate_demo(services.uow_factory, contracts=300, today=TODAY)
    with services.uow_factory() as uow:
        contracts = uow.session.execute(select(Contract.id, Contract.stage, Contract.tender_deadline,
                                               Contract.start_date)).all()
        awarded_on = dict(uow.session.execute(select(StageChange.contract_id, StageChange.changed_on)
                                              .where(StageChange.to_stage == Stage.AWARDED.value)).all())
    by_stage = {}
    for cid, stage, deadline, start in contracts:
        by_stage.setdefault(stage, []).append((cid, deadline, start))
    for stage in (Stage.TENDER, Stage.EVALUATION, Stage.AWARDED, Stage.DELIVERY):
        found = by_stage.get(stage.value, [])
        assert found and all(deadline is not None and deadline < start for _cid, deadline, start in found)
    assert all(deadline > TODAY for _cid, deadline, _start in by_stage[Stage.TENDER.value])
    for stage in (Stage.EVALUATION, Stage.AWARDED, Stage.DELIVERY):
        for cid, deadline, _start in by_stage[stage.value]:
            assert deadline < TODAY and (cid not in awarded_on or deadline < awarded_on[cid])
    assert all(deadline is None for _cid, deadline, _start in by_stage.get(Stage.PIPELINE.value, []))


def test_the_demo_takes_its_thresholds_from_the_policy_profile_it_is_given(services, monkeypatch):
    """The active profile decides what a large contract is: its carbon_plan rule's full_from for suppliers' plans,
    its KPI publication threshold (settings.kpi_publication) for KPIs; without a profile, the defaults."""
    from sv_desktop.domain.carbon_plan import CarbonRequirements
    from sv_desktop.domain.policy import KPI_PUBLICATION_OVER, RuleKind
    from sv_desktop.services.demo import generator

    seen = {}

    def spy(name, real):
        def call(*args):
            seen[name] = args[-1]
            return real(*args)
        monkeypatch.setattr(generator, name, call)

    spy("demo_suppliers", generator.demo_suppliers)
    spy("demo_social_value", generator.demo_social_value)
    catalogue = services.catalogue.catalogue()
    generate_demo(services.uow_factory, contracts=40, today=TODAY, catalogue=catalogue)
    assert seen == {"demo_suppliers": None, "demo_social_value": KPI_PUBLICATION_OVER}  # None: CarbonRequirements()

    nhs = services.compliance.profile("nhs_trust")
    crp = next(rule for rule in nhs.rules if rule.kind is RuleKind.CARBON_PLAN)
    own = replace(nhs, kpi_publication_over=Decimal(2_000_000), rules=tuple(
        replace(rule, params={**rule.params, "full_from": Decimal(3_000_000)}) if rule is crp else rule
        for rule in nhs.rules))
    generate_demo(services.uow_factory, contracts=40, today=TODAY, catalogue=catalogue, profile=own)
    assert seen["demo_social_value"] == Decimal(2_000_000)
    assert seen["demo_suppliers"] == replace(CarbonRequirements(), full_from=Decimal(3_000_000))
