"""Demo data: realistic, reproducible, replaceable without touching the officer's own contracts."""
from datetime import date
from decimal import Decimal

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.demo import generate_demo

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
