"""The social value sections' gatherer: how weightings are banded for the pack's distribution."""
from decimal import Decimal

import pytest

from sv_desktop.services.report_data.social_value import weighting_band


@pytest.mark.parametrize("value, band", [(None, "Not set"), ("9.99", "Under 10 %"), ("10", "10 %"),
                                         ("10.01", "Over 10 % up to 15 %"), ("15", "Over 10 % up to 15 %"),
                                         ("15.01", "Over 15 %")])
def test_weighting_bands_keep_the_ten_percent_minimum_on_its_own(value, band):
    assert weighting_band(None if value is None else Decimal(value)) == band
