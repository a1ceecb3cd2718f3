"""The sparkline's series: delivery to the end of each period against the pro-rata line."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.delivery import Aggregation, CommitmentData, DeliveryReturn, Frequency, ReturnStatus
from sv_desktop.ui.delivery.sparkline import series_for


def test_the_sparkline_is_cumulative_for_sums_and_per_period_for_headcounts():
    start, due = date(2025, 4, 1), date(2026, 3, 31)
    data = CommitmentData("Roles", "roles", Decimal(40), start, due, Frequency.QUARTERLY)
    returns = [DeliveryReturn(date(2025, 4, 1), date(2025, 6, 30), Decimal(8), ReturnStatus.VERIFIED),
               DeliveryReturn(date(2025, 7, 1), date(2025, 9, 30), Decimal(6)),
               DeliveryReturn(date(2025, 10, 1), date(2025, 12, 31), Decimal(50), ReturnStatus.REJECTED)]
    series = series_for(data, returns, date(2025, 11, 15))
    assert series.labels == ("Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26")
    assert series.delivered == (8.0, 14.0, 14.0, None)
    assert series.verified == (8.0, 8.0, 8.0, None)
    assert series.expected[-1] == 40.0 and series.started == 3 and series.reported == 2
    latest = series_for(replace(data, aggregation=Aggregation.LATEST), returns, date(2025, 11, 15))
    assert latest.delivered == (8.0, 6.0, None, None)
    assert "2 of 4 periods reported" in series.summary()
    assert series_for(replace(data, target=None), returns, date(2025, 11, 15)) is None
