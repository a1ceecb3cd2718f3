"""Spend KPIs read from the store: lines matched to suppliers, Settings' local areas, the profile's benchmark."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.supplier import SupplierData, SupplierSize
from sv_desktop.store.models import SpendLine, Supplier

D = Decimal


@dataclass
class SpendStore:
    services: object
    suppliers: dict[str, int]


def add_lines(services, lines: list[tuple]) -> None:
    """(invoice date, amount, supplier id or None, supplier name, line postcode) rows, written in one go."""
    with services.uow_factory() as uow:
        uow.session.execute(SpendLine.__table__.insert(), [
            {"line_key": uuid.uuid4().hex, "supplier_id": supplier_id, "supplier_name": name, "invoice_date": day,
             "amount": D(amount), "postcode": postcode, "invoice_reference": f"INV{index}", "source_file": "test"}
            for index, (day, amount, supplier_id, name, postcode) in enumerate(lines)])
        uow.commit()


def spend_store(services, local_areas: str = "LE, NG1") -> SpendStore:
    """Four suppliers and two financial years of lines, with a credit note, an unmatched line and unknowns.

    2024/25: £1,000 all with Soar Valley (local SME): 100 % local.
    2025/26: £10,000 net: Soar Valley £2,000 less a £500 credit note (local SME); Northern Pharma £4,000 (Manchester,
    large by an officer's override); Charnwood Carers £1,500 (local VCSE, SME); Unknown Size Ltd £1,000 (no
    postcode, size not known); 'Corner Shop' £2,000 unmatched, invoiced from LE5.
    """
    services.settings.save(replace(services.settings.load(), local_postcode_areas=local_areas))
    made = {}
    for data in (
        SupplierData("Soar Valley Cleaning Ltd", postcode="LE1 7RH", staff_count=40, turnover=D(2_000_000)),
        SupplierData("Northern Pharma plc", postcode="M1 1AE", staff_count=120, turnover=D(9_000_000),
                     size_override=SupplierSize.LARGE, size_override_reason="Owned by a multinational group"),
        SupplierData("Charnwood Carers CIC", postcode="LE11 3TU", staff_count=12, turnover=D(400_000), vcse=True),
        SupplierData("Unknown Size Ltd"),
    ):
        made[data.name] = services.suppliers.create(data).id
    soar, pharma, carers, unknown = made.values()
    add_lines(services, [
        (date(2025, 3, 31), "1000.00", soar, "Soar Valley Cleaning Ltd", ""),
        (date(2025, 4, 1), "2000.00", soar, "Soar Valley Cleaning Ltd", ""),
        (date(2025, 10, 3), "-500.00", soar, "Soar Valley Cleaning Ltd", ""),
        (date(2025, 6, 1), "4000.00", pharma, "Northern Pharma plc", ""),
        (date(2025, 7, 1), "1500.00", carers, "Charnwood Carers CIC", ""),
        (date(2026, 1, 9), "1000.00", unknown, "Unknown Size Ltd", ""),
        (date(2026, 3, 31), "2000.00", None, "Corner Shop", "le5 0ab"),
    ])
    return SpendStore(services, made)


def test_each_financial_year_gets_local_sme_and_vcse_shares_from_the_stored_lines(services):
    spend_store(services)
    kpis = services.spend.kpis()
    assert [(y.label, y.lines, y.total) for y in kpis.years] == [("2024/25", 1, D(1000)), ("2025/26", 6, D(10000))]
    last = kpis.years[1]
    assert (last.local.value, last.local.percent) == (D(5000), D("50.0"))  # Soar 1,500 + Carers 1,500 + LE5 2,000
    assert (last.not_local.value, last.postcode_unknown.value) == (D(4000), D(1000))
    assert last.decided_by_line_postcode == D(2000) and last.decided_by_supplier_postcode == D(7000)
    assert (last.sme.value, last.sme.percent) == (D(3000), D("30.0"))
    assert (last.large.value, last.size_unknown.value, last.unmatched.value) == (D(4000), D(1000), D(2000))
    assert (last.vcse.value, last.vcse.percent) == (D(1500), D("15.0"))
    assert (last.credit_notes, last.credit_note_lines) == (D(-500), 1)
    assert last.vs_previous_year == D("-50.0")
    assert kpis.local_areas == ("LE", "NG1") and services.spend.line_count() == 7


def test_the_benchmark_is_the_active_policy_profiles(services):
    spend_store(services)
    nhs = services.spend.kpis()
    assert nhs.benchmark.percent is None and nhs.years[1].vs_benchmark is None
    assert nhs.benchmark.source.startswith("002_80f5ea46fbe04add.txt")
    services.settings.save(replace(services.settings.load(), policy_profile="council"))
    council = services.spend.kpis()
    assert council.benchmark.percent == D(50) and council.benchmark.profile_name == "Council policy"
    assert council.years[1].vs_benchmark == D("0.0") and council.years[0].vs_benchmark == D("50.0")


def test_a_date_range_keeps_only_lines_invoiced_within_it(services):
    spend_store(services)
    kpis = services.spend.kpis(date_from=date(2025, 4, 1), date_to=date(2025, 12, 31))
    assert [(y.label, y.total) for y in kpis.years] == [("2025/26", D(7000))]


def test_changing_a_suppliers_facts_changes_the_figures(services):
    store = spend_store(services)
    carers = services.suppliers.get(store.suppliers["Charnwood Carers CIC"])
    services.suppliers.update(carers.id, carers.version, replace(carers.data, vcse=False, postcode="CV1 2AB"))
    last = services.spend.kpis().years[1]
    assert last.vcse.value == 0 and last.local.value == D(3500)


def test_a_stored_size_override_the_app_does_not_know_falls_back_to_the_derived_size(services):
    store = spend_store(services)
    with services.uow_factory() as uow:
        uow.session.get(Supplier, store.suppliers["Northern Pharma plc"]).size_override = "huge"
        uow.commit()
    assert services.spend.kpis().years[1].sme.value == D(7000)  # 120 staff, £9m turnover: an SME by s.123


def test_without_local_areas_the_local_share_is_not_measured(services):
    spend_store(services, local_areas="")
    last = services.spend.kpis().years[1]
    assert last.local is None and last.sme.value == D(3000)


def test_an_empty_store_has_no_spend(services):
    kpis = services.spend.kpis()
    assert kpis.years == () and not kpis.has_spend and services.spend.line_count() == 0
