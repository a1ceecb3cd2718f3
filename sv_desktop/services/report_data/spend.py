"""Procurement spend in the committee pack: the local, SME and VCSE spend KPIs per financial year.

Seed 002 asks for a "Benchmarked % and value of local procurement spend" to be reported
two-yearly to the Finance & Performance Committee (002_80f5ea46fbe04add.txt, Appendix Two).
SpendKpiService (with the domain's sv_desktop.domain.spend) gives the same figures as the
dashboard.
"""
from __future__ import annotations

from datetime import date

from sv_desktop.domain.spend import financial_year_of
from sv_desktop.reports.data import PackScope
from sv_desktop.reports.spend_sections import SpendPackData
from sv_desktop.services.spend_kpis import SpendKpiService


def pack_spend(spend: SpendKpiService, scope: PackScope) -> SpendPackData:
    """Every financial year the pack's date range touches (all years without one)."""
    date_from = date(financial_year_of(scope.date_from), 4, 1) if scope.date_from else None
    date_to = date(financial_year_of(scope.date_to) + 1, 3, 31) if scope.date_to else None
    return SpendPackData(spend.kpis(date_from, date_to), date_from, date_to)
