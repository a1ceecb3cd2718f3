"""The section registry: how later features add their own part of the committee pack."""
import pytest
from reportlab.platypus import Paragraph

from sv_desktop.reports.section_catalogue import PACK_SECTIONS
from sv_desktop.reports.sections import SectionContext, SectionRegistry, section_body, value_band
from sv_desktop.reports.styles import stylesheet


def _nothing(pack, context):
    return []


def test_the_pack_sections_are_registered_in_print_order():
    assert PACK_SECTIONS.ids() == ["summary", "pipeline", "portfolio", "social_value", "carbon", "delivery",
                                      "spend", "register", "appendix"]


def test_a_later_feature_adds_a_section_with_one_registration():
    registry = SectionRegistry()
    registry.register("appendix", "Appendix", _nothing, order=1000)
    registry.register("carbon", "Carbon Reduction Plans", _nothing, order=50)
    assert registry.ids() == ["carbon", "appendix"]
    assert registry.ordered(["appendix", "carbon"])[0].id == "carbon"


def test_duplicate_and_badly_named_sections_are_refused():
    registry = SectionRegistry()
    registry.register("carbon", "Carbon", _nothing, order=50)
    with pytest.raises(ValueError, match="already registered"):
        registry.register("carbon", "Carbon again", _nothing, order=51)
    with pytest.raises(ValueError, match="lower-case"):
        registry.register("Carbon Plans", "Carbon", _nothing, order=52)


def test_unknown_section_ids_are_named():
    with pytest.raises(ValueError, match="unknown section no_such_section"):
        PACK_SECTIONS.ordered(["summary", "no_such_section"])


def test_a_builder_with_nothing_to_show_prints_none_recorded():
    registry = SectionRegistry()
    spec = registry.register("delivery", "Delivery", _nothing, order=60)
    body = section_body(spec, data=None, context=SectionContext(stylesheet(), 400))
    assert len(body) == 1 and isinstance(body[0], Paragraph)
    assert body[0].getPlainText() == "None recorded."


@pytest.mark.parametrize("value, band", [
    (None, "Annual value not recorded"), (9_999.99, "Under £10k"), (10_000, "£10k to under £100k"),
    (999_999, "£100k to under £1m"), (1_000_000, "£1m to under £5m"), (5_000_000, "£5m and over (full CRP)"),
])
def test_value_bands_are_half_open(value, band):
    from decimal import Decimal

    assert value_band(None if value is None else Decimal(str(value))) == band


def test_value_bands_follow_the_policys_carbon_plan_thresholds():
    """A profile that asks for a full plan from £2.5m a year moves the pack's top band with it
    (NHS CRP requirements, §2.3: the thresholds are the profile's carbon_plan rule)."""
    from decimal import Decimal

    from sv_desktop.reports.data import CarbonBands
    from sv_desktop.reports.sections import value_bands

    bands = CarbonBands(commitment_above=Decimal(25_000), full_plan_from=Decimal(2_500_000))
    labels = [label for label, _low, _high in value_bands(bands)]
    assert labels == ["Under £25k", "£25k to under £100k", "£100k to under £1m", "£1m to under £2.5m",
                      "£2.5m and over (full CRP)"]
    assert value_band(Decimal(2_500_000), bands) == "£2.5m and over (full CRP)"
    assert value_band(Decimal(2_499_999), bands) == "£1m to under £2.5m"
