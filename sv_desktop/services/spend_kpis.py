"""Spend KPIs from the stored spend lines, for the dashboard and the committee pack.

Two column queries (the lines' date, amount, postcode and supplier; the facts of the
suppliers those lines are matched to) and the domain's arithmetic
(sv_desktop.domain.spend): no ORM objects, so 100,000 lines read in well under a second.
The local postcode areas come from Settings and the benchmark from the active policy profile.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select

from sv_desktop.domain.spend import (
    LocalSpendBenchmark,
    SpendKpis,
    SpendLineFacts,
    SupplierSpendFacts,
    spend_kpis,
)
from sv_desktop.domain.supplier import SupplierData, SupplierSize, supplier_size
from sv_desktop.services.settings import SettingsService
from sv_desktop.store.models import SpendLine, Supplier
from sv_desktop.store.unit_of_work import UnitOfWorkFactory


class SpendKpiService:
    """Per financial year: total, local, SME and VCSE spend, with the unknowns and the benchmark."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: SettingsService,
                 profile: Callable[[], object] | None = None):
        self._uow_factory = uow_factory
        self._settings = settings
        self._profile = profile  # the active PolicyProfile (its local-spend benchmark); None: no benchmark

    def kpis(self, date_from: date | None = None, date_to: date | None = None) -> SpendKpis:
        """Every financial year with spend; with dates, only lines invoiced from date_from to date_to."""
        local_areas = self._settings.load().local_areas
        benchmark = self.benchmark()
        lines = select(SpendLine.invoice_date, SpendLine.amount, SpendLine.postcode, SpendLine.supplier_id)
        if date_from is not None:
            lines = lines.where(SpendLine.invoice_date >= date_from)
        if date_to is not None:
            lines = lines.where(SpendLine.invoice_date <= date_to)
        matched = select(SpendLine.supplier_id).where(SpendLine.supplier_id.is_not(None)).distinct()
        with self._uow_factory() as uow:
            session = uow.session
            suppliers = {row[0]: _facts(*row[1:]) for row in session.execute(
                select(Supplier.id, Supplier.postcode, Supplier.staff_count, Supplier.turnover,
                       Supplier.balance_sheet_total, Supplier.size_override, Supplier.vcse)
                .where(Supplier.id.in_(matched)))}
            rows = session.execute(lines)
            return spend_kpis((SpendLineFacts(day, amount, postcode or "", supplier_id)
                               for day, amount, postcode, supplier_id in rows),
                              suppliers, local_areas, benchmark)

    def line_count(self) -> int:
        with self._uow_factory() as uow:
            return uow.session.scalar(select(func.count()).select_from(SpendLine)) or 0

    def benchmark(self) -> LocalSpendBenchmark:
        """The active policy profile's local-spend benchmark (none when the profile cannot be read)."""
        if self._profile is None:
            return LocalSpendBenchmark(None)
        try:
            profile = self._profile()
        except Exception as exc:  # a broken profile must not hide the spend figures; say why there is no figure
            return LocalSpendBenchmark(None, f"the policy profile could not be read: {exc}")
        return LocalSpendBenchmark(getattr(profile, "local_spend_benchmark_percent", None),
                                   getattr(profile, "local_spend_benchmark_source", ""),
                                   getattr(profile, "short_name", "") or getattr(profile, "name", ""))


def _facts(postcode: str | None, staff: int | None, turnover, balance_sheet, override: str | None,
           vcse: bool | None) -> SupplierSpendFacts:
    """A supplier's postcode, size (officer's override, else the PA 2023 s.123 test) and VCSE flag."""
    try:
        size_override = SupplierSize(override) if override else None
    except ValueError:
        size_override = None  # an unknown stored value: derive the size instead
    size = supplier_size(SupplierData(name="", staff_count=staff, turnover=turnover, balance_sheet_total=balance_sheet,
                                      size_override=size_override)).size
    return SupplierSpendFacts(postcode or "", size, bool(vcse))


__all__ = ["SpendKpiService"]
