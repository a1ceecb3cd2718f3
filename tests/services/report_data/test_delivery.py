"""The delivery sections' gatherer: the period names its charts print."""
from datetime import date

from sv_desktop.domain.delivery import Frequency
from sv_desktop.services.report_data.delivery import short_period


def test_short_period_names_fit_a_chart_axis():
    assert short_period(date(2026, 4, 1), Frequency.QUARTERLY) == "Q1 26/27"
    assert short_period(date(2027, 1, 1), Frequency.QUARTERLY) == "Q4 26/27"
    assert short_period(date(2026, 5, 10), Frequency.QUARTERLY) == "Q1 26/27"  # a clipped first period
    assert short_period(date(2026, 4, 1), Frequency.ANNUAL) == "26/27"
    assert short_period(date(2026, 4, 1), Frequency.MONTHLY) == "Apr 26"
