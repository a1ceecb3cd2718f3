"""Procurement spend in the committee pack, read back from the PDF: the committee KPI "Benchmarked % and
value of local procurement spend" (002_80f5ea46fbe04add.txt, Appendix Two) and the SME / VCSE shares."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sv_desktop.reports.section_catalogue import PACK_SECTIONS
from sv_desktop.services.reports import PackOptions
from tests.reports.conftest import MEETING, read_pdf
from tests.reports.test_carbon_sections import render_pages
from tests.services.test_spend_kpis import spend_store

TITLE = "Procurement spend: local, SME and VCSE"


def section_text(pdf) -> str:
    """The spend section's text: from its heading to the next section's."""
    text = pdf.text
    start = text.index(TITLE, text.index(TITLE) + len(TITLE))  # the heading, after the contents line
    end = text.find("Contract register", start)
    return text[start:end if end > 0 else None]


def test_the_section_prints_between_delivery_and_the_register():
    ids = PACK_SECTIONS.ids()
    assert ids.index("delivery") < ids.index("spend") < ids.index("register")
    assert PACK_SECTIONS["spend"].title == TITLE and PACK_SECTIONS["spend"].order == 70


def test_the_pack_prints_local_sme_and_vcse_spend_per_financial_year(fixed_clock, tmp_path):
    services = fixed_clock
    spend_store(services)
    services.settings.save(replace(services.settings.load(), policy_profile="council"))
    out = services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("spend", "register")),
                                      tmp_path / "pack.pdf")
    pdf = read_pdf(out)
    assert TITLE in pdf.outline_titles()
    text = section_text(pdf)
    assert "Benchmarked % and value of local procurement spend" in text and "Appendix Two" in text
    assert "7 invoice lines" in text and "2024/25 to 2025/26" in text
    assert "In 2025/26 local spend was 50.0%, level with the benchmark of 50.0%." in text
    # Local table: year, total, local £, local %, benchmark, against it, against the previous year, not known.
    assert "2025/26 £10,000 £5,000 50.0% 50.0% level with the benchmark 50.0 points below the previous year " \
           "£1,000" in text
    assert "2024/25 £1,000 £1,000 100.0% 50.0% 50.0 points above the benchmark" in text
    # SME / VCSE table: SME £ and %, size not known, VCSE £ and %, not matched, credit notes.
    assert "2025/26 £3,000 30.0% £1,000 £1,500 15.0% £2,000 −£500 (1)" in text
    assert "Local spend as % of each year's net spend" in text
    assert "Procurement Act 2023 s.123" in text and "Council policy: 003_5dc777972350c492.txt" in text
    assert "category choice does not apply" in text
    pages = render_pages(out, tmp_path / "png", 1, len(pdf.pages))
    assert not pages or all(page.stat().st_size > 0 for page in pages)


def test_the_nhs_profile_has_no_benchmark_figure_and_says_so(fixed_clock, tmp_path):
    services = fixed_clock
    spend_store(services)
    out = services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("spend",)), tmp_path / "p.pdf")
    text = section_text(read_pdf(out))
    assert "2025/26 £10,000 £5,000 50.0% none set — 50.0 points below the previous year" in text
    assert "No benchmark figure is set in the policy profile (NHS trust policy: 002_80f5ea46fbe04add.txt" in text


def test_a_date_range_keeps_the_whole_financial_years_it_touches(fixed_clock, tmp_path):
    services = fixed_clock
    spend_store(services)
    options = PackOptions(meeting_date=MEETING, sections=("spend",), date_from=date(2025, 9, 1))
    text = section_text(read_pdf(services.reports.build_pack(options, tmp_path / "p.pdf")))
    assert "2025/26 £10,000" in text and "2024/25" not in text.split("How these figures")[0]
    assert "01/04/2025 to the latest invoice" in text


def test_without_spend_lines_the_section_is_one_line(fixed_clock, tmp_path):
    out = fixed_clock.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("spend",)), tmp_path / "p.pdf")
    text = section_text(read_pdf(out))
    assert "None recorded. Import a spend extract (File → Import → Spend extract…)" in text
    assert "Financial year" not in text


def test_without_local_areas_the_pack_says_local_spend_is_not_measured(fixed_clock, tmp_path):
    services = fixed_clock
    spend_store(services, local_areas="")
    out = services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("spend",)), tmp_path / "p.pdf")
    text = section_text(read_pdf(out))
    assert "Local spend is not measured: no local postcode areas are set in Settings" in text
    assert "2025/26 £10,000 — — none set" in text
