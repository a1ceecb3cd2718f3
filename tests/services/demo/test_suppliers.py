"""Demo suppliers: which ones are on contracts large enough for a full carbon reduction plan follows the policy
profile's carbon_plan rule (full_from), not a fixed £5m."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.carbon_plan import CarbonRequirements
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.demo.suppliers import NONE, NZC, _size_class, demo_suppliers

TODAY = date(2026, 11, 22)
# Ten suppliers on live contracts of £1m to £10m a year.
LIVE = [Decimal(1_000_000 * n) for n in range(1, 11)]


def net_zero_commitments(requirements: CarbonRequirements) -> set[Decimal]:
    """The annual values of the suppliers the demo gave a Net Zero Commitment (enough only under full_from)."""
    names = [f"Supplier {n} Ltd" for n in range(len(LIVE))]
    suppliers = demo_suppliers(random.Random(3), names, [Category.ESTATES_FACILITIES] * len(LIVE), LIVE, TODAY,
                               requirements)
    return {value for value, supplier in zip(LIVE, suppliers) if supplier.kind == NZC}


def test_net_zero_commitments_go_to_suppliers_under_the_full_plan_threshold():
    """reference/domain_rules.md §2.3: a Net Zero Commitment is enough below £5m a year (the default);
    a profile whose carbon_plan rule sets full_from at £3m leaves only the £1m and £2m suppliers under it."""
    assert all(value < Decimal(5_000_000) for value in net_zero_commitments(CarbonRequirements()))
    lower = replace(CarbonRequirements(), full_from=Decimal(3_000_000))
    assert net_zero_commitments(lower) == {Decimal(1_000_000), Decimal(2_000_000)}


def test_a_supplier_without_a_plan_on_a_contract_over_the_threshold_is_more_often_large():
    """The demo's notion of "over the threshold" for a supplier's size is the profile's full_from too."""
    def large_share(full_from: Decimal) -> float:
        rng = random.Random(11)
        sizes = [_size_class(rng, "Supplier Ltd", NONE, Decimal(4_000_000), full_from) for _ in range(2000)]
        return sizes.count("large") / len(sizes)

    assert large_share(Decimal(5_000_000)) < 0.3 < 0.35 < large_share(Decimal(3_000_000))
