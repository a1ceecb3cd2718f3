"""What a pack covers: the date-range rule, renewals and new tenders in the window, option checks."""
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.reports import PackOptions, default_contract_file_name, in_date_range
from tests.reports.conftest import MEETING


@pytest.mark.parametrize("start, end, expected", [
    (date(2020, 1, 1), date(2024, 12, 31), False),  # ended before the range
    (date(2028, 1, 1), date(2030, 1, 1), False),  # starts after it
    (date(2024, 1, 1), date(2026, 1, 1), True),  # overlaps the start
    (None, None, True),  # undated work is always included
    (None, date(2025, 6, 1), True),
    (date(2027, 12, 31), None, True),
])
def test_contracts_overlapping_the_range_are_included(start, end, expected):
    assert in_date_range(start, end, date(2025, 1, 1), date(2027, 12, 31)) is expected


def _contract(services, reference, stage, start=None, end=None, suppliers=("Acme Ltd",)):
    services.pipeline.create(ContractData(
        reference=reference, title=reference, category=Category.OTHER, stage=stage,
        annual_value=Decimal("1000"), start_date=start, end_date=end,
        supplier_names=suppliers if stage in (Stage.AWARDED, Stage.DELIVERY) else ()))


def test_renewals_and_new_tenders_follow_the_window(fixed_clock):
    services = fixed_clock
    _contract(services, "ENDS-SOON", Stage.DELIVERY, date(2024, 1, 1), date(2027, 6, 30))
    _contract(services, "ENDS-LATER", Stage.DELIVERY, date(2024, 1, 1), date(2028, 6, 30))
    _contract(services, "ENDED", Stage.CLOSED, date(2024, 1, 1), date(2027, 1, 31))
    _contract(services, "TENDER-DATED", Stage.TENDER, date(2027, 4, 1), date(2030, 3, 31))
    _contract(services, "TENDER-FAR", Stage.TENDER, date(2028, 4, 1), date(2030, 3, 31))
    _contract(services, "IDEA", Stage.PIPELINE)
    data = services.reports.pack_data(PackOptions(meeting_date=MEETING))
    assert [line.reference for line in data.renewals] == ["ENDS-SOON"]
    assert [line.reference for line in data.new_tenders] == ["TENDER-DATED", "IDEA"]
    assert data.scope.window_end == date(2027, 11, 22)
    assert data.scope.committee_name == "Finance & Performance Committee"


def test_bad_options_are_refused_in_words(fixed_clock):
    with pytest.raises(ValueError, match="before its start"):
        fixed_clock.reports.pack_data(PackOptions(date_from=date(2027, 1, 1), date_to=date(2026, 1, 1)))
    with pytest.raises(ValueError, match="at least one section"):
        fixed_clock.reports.pack_data(PackOptions(sections=()))


def test_a_section_gatherer_hands_its_data_to_the_builder(fixed_clock, tmp_path):
    from sv_desktop.reports.committee_pack import build_committee_pack
    from sv_desktop.reports.section_catalogue import PACK_SECTIONS
    from sv_desktop.reports.sections import SectionRegistry
    from tests.reports.conftest import read_pdf

    registry = SectionRegistry()
    from reportlab.platypus import Paragraph

    registry.register("carbon", "Carbon Reduction Plans",
                      lambda pack, context: [Paragraph(f"Plans: {pack.section_data['carbon']}",
                                                       context.styles["Body"])], order=50)
    registry.register("appendix", "Appendix: sources", PACK_SECTIONS["appendix"].builder, order=1000)
    data = fixed_clock.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("appendix",)))
    from dataclasses import replace

    data = replace(data, section_data={"carbon": 3})
    pdf = read_pdf(build_committee_pack(data, tmp_path / "c.pdf", registry=registry))
    assert pdf.outline_titles()[2:] == ["Carbon Reduction Plans", "Appendix: sources"]
    assert "Plans: 3" in pdf.text


def test_default_file_names_are_safe():
    assert default_contract_file_name("A/B C:1") == "contract-A-B-C-1.pdf"


def test_the_contract_report_prints_what_the_notice_said(services, tmp_path):
    from pypdf import PdfReader

    from tests.conftest import OCDS_SAMPLE

    eap = "ocds-b5fd17-a2e8d11a-9970-43cf-9088-a4c30017882c"
    services.ocds_import.import_file(OCDS_SAMPLE)
    reference = services.pipeline.find(eap).data.reference
    out = tmp_path / "contract.pdf"
    services.reports.build_contract_report(reference, out)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Published notice: buyer" in text and "United Kingdom Atomic Energy Authority" in text
    assert "Published notice: CPV codes" in text


# -- each section's data: the catalogue's sections paired with the services' gatherers ---------------
def test_every_section_has_a_gatherer_or_none_by_name(services):
    """ReportService pairs every section of the catalogue with its gatherer, or says None explicitly."""
    from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS, PACK_SECTIONS

    pack = services.reports.pack_gatherers()
    contract = services.reports.contract_gatherers()
    assert sorted(pack) == sorted(PACK_SECTIONS.ids())
    assert sorted(contract) == sorted(CONTRACT_SECTIONS.ids())
    assert sorted(i for i, gather in pack.items() if gather is None) == ["appendix", "pipeline", "portfolio",
                                                                          "register", "summary"]
    assert all(gather is not None for gather in contract.values())


def test_each_gatherer_hands_its_section_its_own_data_type(fixed_clock):
    from sv_desktop.reports.carbon_sections import CarbonPackData, ContractCarbonData
    from sv_desktop.reports.delivery_sections import ContractDeliveryData, DeliveryPackData
    from sv_desktop.reports.evaluation_report import ContractEvaluationData
    from sv_desktop.reports.social_value_sections import (
        ContractComplianceData,
        ContractSocialValueData,
        SocialValuePackData,
    )
    from sv_desktop.reports.spend_sections import SpendPackData

    services = fixed_clock
    _contract(services, "SEC-1", Stage.DELIVERY, date(2025, 1, 1), date(2027, 3, 31))
    pack = services.reports.pack_data(PackOptions(meeting_date=MEETING))
    assert {key: type(value) for key, value in pack.section_data.items()} == {
        "social_value": SocialValuePackData, "carbon": CarbonPackData, "delivery": DeliveryPackData,
        "spend": SpendPackData}
    chosen = services.reports.pack_data(PackOptions(meeting_date=MEETING, sections=("carbon", "summary")))
    assert list(chosen.section_data) == ["carbon"]  # only the chosen sections are gathered
    contract = services.reports.contract_data("SEC-1")
    assert {key: type(value) for key, value in contract.section_data.items()} == {
        "social_value": ContractSocialValueData, "compliance": ContractComplianceData,
        "delivery": ContractDeliveryData, "evaluation": ContractEvaluationData, "carbon": ContractCarbonData}
