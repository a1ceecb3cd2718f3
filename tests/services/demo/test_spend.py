"""Demo spend lines: three financial years with local, SME and VCSE spend, credit notes and unmatched
names, replaced on every demo load without touching imported lines or the officer's local areas."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from sv_desktop.services.demo.generator import generate_demo
from sv_desktop.services.demo.spend import DEMO_LOCAL_AREAS, DEMO_SPEND_SOURCE, demo_line_count
from sv_desktop.store.models import SpendLine
from tests.services.test_spend_kpis import add_lines

TODAY = date(2026, 11, 22)


def demo_lines(services) -> list[tuple]:
    with services.uow_factory() as uow:
        return uow.session.execute(
            select(SpendLine.line_key, SpendLine.supplier_id, SpendLine.supplier_name, SpendLine.invoice_date,
                   SpendLine.amount, SpendLine.postcode)
            .where(SpendLine.source_file == DEMO_SPEND_SOURCE).order_by(SpendLine.line_key)).all()


def test_the_demo_gives_three_financial_years_of_spend_to_show_every_measure(services):
    generate_demo(services.uow_factory, contracts=300, today=TODAY)
    lines = demo_lines(services)
    assert 1500 <= len(lines) <= 5000 and len(lines) == demo_line_count(37)
    assert min(line.invoice_date for line in lines) >= date(2024, 4, 1)
    assert max(line.invoice_date for line in lines) <= TODAY
    assert any(line.amount < 0 for line in lines)  # credit notes
    assert any(line.supplier_id is None for line in lines)  # names not in the supplier register
    assert services.settings.load().local_postcode_areas == DEMO_LOCAL_AREAS
    kpis = services.spend.kpis()
    assert [y.label for y in kpis.years] == ["2024/25", "2025/26", "2026/27"]
    for year in kpis.years:
        assert year.credit_note_lines > 0 and year.credit_notes < 0
        assert 10 < year.local.percent < 80 and 10 < year.sme.percent < 90
        assert year.vcse.value > 0 and year.unmatched.value > 0
        assert year.decided_by_line_postcode > 0 and year.decided_by_supplier_postcode > 0
    assert kpis.years[1].vs_previous_year is not None


def test_loading_the_demo_again_replaces_its_lines_and_keeps_imported_ones(services):
    add_lines(services, [(date(2025, 5, 1), "123.45", None, "From a real extract", "LE1 1AA")])
    generate_demo(services.uow_factory, contracts=300, today=TODAY)
    first = demo_lines(services)
    generate_demo(services.uow_factory, contracts=300, today=TODAY)
    assert demo_lines(services) == first  # same seed: the same lines, not twice as many
    with services.uow_factory() as uow:
        kept = uow.session.scalar(select(func.count()).select_from(SpendLine)
                                  .where(SpendLine.supplier_name == "From a real extract"))
    assert kept == 1


def test_the_officers_own_local_areas_are_left_alone(services):
    services.settings.save(replace(services.settings.load(), local_postcode_areas="NN, MK9"))
    generate_demo(services.uow_factory, contracts=60, today=TODAY)
    assert services.settings.load().local_postcode_areas == "NN, MK9"
    assert services.spend.kpis().local_areas == ("NN", "MK9")
