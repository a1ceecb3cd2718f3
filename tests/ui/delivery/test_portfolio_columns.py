"""How the dashboard's numbers read: whole numbers without decimals, £ and % where the unit says so."""
from decimal import Decimal

from sv_desktop.ui.delivery.portfolio_columns import percent_text, quantity_text


def test_quantities_read_as_officers_write_them():
    assert quantity_text(Decimal("21.0000"), "count") == "21"
    assert quantity_text(Decimal("1234.5"), "hours") == "1,234.5"
    assert quantity_text(Decimal("210000"), "gbp") == "£210,000"
    assert quantity_text(Decimal("62.5"), "percent") == "62.5%"
    assert quantity_text(None, "count") == "—"


def test_a_share_of_the_expectation_reads_as_a_whole_percentage():
    assert percent_text(Decimal("94.5")) == "95%"
    assert percent_text(Decimal("1234")) == "1,234%"
    assert percent_text(None) == "—"
