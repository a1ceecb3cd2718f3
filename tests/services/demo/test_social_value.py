"""Demo social value: larger contracts, over the policy profile's KPI publication threshold, carry KPIs."""
from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from sv_desktop.domain.policy import KPI_PUBLICATION_OVER
from sv_desktop.services.demo.social_value import demo_social_value

NOW = datetime(2026, 11, 22, 9, 0)
# Tenders from £1.5m to £9m in £250k steps, three of each: some under £5m, some over.
TOTALS = [Decimal(1_500_000 + 250_000 * step) for step in range(31) for _ in range(3)]


def confirmed(catalogue, over: Decimal) -> set[Decimal]:
    """The totals of the contracts the demo gave a "KPIs publishable" confirmation."""
    contracts = [(index, "tender", total) for index, total in enumerate(TOTALS)]
    plans = demo_social_value(random.Random(7), contracts, catalogue, NOW, over)
    return {TOTALS[note["contract_id"]] for note in plans.notes if note["subject"] == "kpis_publishable"}


def test_kpis_are_confirmed_publishable_only_over_the_profiles_threshold(services):
    """Procurement Act 2023 s.52 (the profile's settings.kpi_publication): KPIs published over £5m by default;
    a profile with its own threshold moves which demo contracts count as over it."""
    catalogue = services.catalogue.catalogue()
    at_five = confirmed(catalogue, KPI_PUBLICATION_OVER)
    assert at_five and min(at_five) > Decimal(5_000_000)
    at_two = confirmed(catalogue, Decimal(2_000_000))
    assert min(at_two) > Decimal(2_000_000) and any(total <= Decimal(5_000_000) for total in at_two)
