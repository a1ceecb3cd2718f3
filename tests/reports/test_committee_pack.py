"""The committee pack read back from the PDF: text, order, pages, bookmarks, metadata, fonts, marking."""
import re
from datetime import date

import pytest

from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.reports import PackOptions
from sv_desktop.services.settings import OrganisationSettings
from tests.reports.conftest import DEMO, MEETING, read_pdf, with_fixed_clock

SECTION_TITLES = ["Executive summary", "Pipeline: renewals and new tenders",
                  "Portfolio by stage, category and value band", "Social value and policy compliance",
                  "Carbon Reduction Plans", "Social value delivery", "Procurement spend: local, SME and VCSE",
                  "Contract register", "Appendix: sources"]


@pytest.fixture(scope="module")
def pack(store_templates, tmp_path_factory):
    """The demo pack, built once for the tests below that only read it."""
    folder = tmp_path_factory.mktemp("pack")
    with store_templates.shared_services(folder, *DEMO) as services, store_templates.own_home():
        with_fixed_clock(services)
        services.settings.save(OrganisationSettings(organisation_name="Leicestershire Partnership NHS Trust"))
        out = services.reports.build_pack(PackOptions(meeting_date=MEETING), folder / "pack.pdf")
    return read_pdf(out)


def test_the_pack_has_cover_contents_and_every_section_in_order(pack):
    assert len(pack.pages) > 8
    cover = pack.page(0)
    assert "Committee pack" in cover and "Finance & Performance Committee" in cover
    assert "Leicestershire Partnership NHS Trust" in cover and "22/11/2026" in cover
    assert "Contents" in pack.pages[1]
    after_contents = len(pack.page(0)) + len(pack.page(1))
    positions = [pack.text.index(title, after_contents) for title in SECTION_TITLES]
    assert positions == sorted(positions)


def test_contents_lines_give_the_page_each_section_starts_on(pack):
    contents = pack.page(1)
    assert all(title in contents for title in SECTION_TITLES)
    page_numbers = [int(number) for number in re.findall(r"(?:\.\s*){3,}(\d+)", contents)]
    assert len(page_numbers) == len(SECTION_TITLES)
    for title, page_number in zip(SECTION_TITLES, page_numbers):
        assert title in pack.page(page_number - 1), (title, page_number)


def test_bookmarks_name_the_cover_contents_and_sections(pack):
    titles = pack.outline_titles()
    assert titles[:2] == ["Cover", "Contents"]
    assert titles[2:] == SECTION_TITLES


def test_metadata_title_author_subject(pack):
    meta = pack.reader.metadata
    assert meta.title == "Committee pack: Finance & Performance Committee, 22/11/2026"
    assert meta.author == "Leicestershire Partnership NHS Trust"
    assert "Finance & Performance Committee" in meta.subject


def test_every_page_carries_the_marking_and_page_x_of_y(pack):
    total = len(pack.pages)
    for number, text in enumerate(pack.pages, 1):
        assert "OFFICIAL-SENSITIVE: COMMERCIAL" in text
        assert f"Page {number} of {total}" in text


def test_the_page_is_a4(pack):
    box = pack.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_only_the_embedded_font_is_used(pack):
    for page in pack.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "Helvetica" not in font["/BaseFont"]
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_summary_figures_and_pipeline_match_the_data(demo_services, tmp_path):
    data = demo_services.reports.pack_data(PackOptions(meeting_date=MEETING))
    pdf = read_pdf(demo_services.reports.build_pack(PackOptions(meeting_date=MEETING), tmp_path / "p.pdf"))
    assert f"Renewals: live contracts ending by 22/11/2027 ({len(data.renewals)})" in pdf.text
    assert f"or not yet dated ({len(data.new_tenders)})" in pdf.text
    for line in data.renewals[:5]:
        assert line.reference in pdf.text
    assert "002_80f5ea46fbe04add.txt" in pdf.text and "domain_rules.md §2.3" in pdf.text


def test_options_pick_sections_categories_and_committee(demo_services, tmp_path):
    options = PackOptions(meeting_date=MEETING, sections=("register", "summary"), categories=(Category.TRANSPORT,),
                          committee_name="Audit Committee")
    pdf = read_pdf(demo_services.reports.build_pack(options, tmp_path / "p.pdf"))
    assert pdf.outline_titles() == ["Cover", "Contents", "Executive summary", "Contract register"]
    assert "Audit Committee" in pdf.page(0) and "Transport" in pdf.page(0)
    data = demo_services.reports.pack_data(options)
    assert data.contracts and all(line.category is Category.TRANSPORT for line in data.contracts)


def test_an_empty_store_still_builds_and_says_none_recorded(fixed_clock, tmp_path):
    pdf = read_pdf(fixed_clock.reports.build_pack(PackOptions(meeting_date=MEETING), tmp_path / "empty.pdf"))
    assert pdf.outline_titles()[2:] == SECTION_TITLES
    for title in SECTION_TITLES[:-1]:
        start = pdf.text.index(title, len(pdf.page(0)) + len(pdf.page(1)))
        assert "None recorded." in pdf.text[start:start + 300], title
    assert all(text.strip() for text in pdf.pages)  # never a blank page


def test_hostile_text_builds_and_reads_back(hostile_services, tmp_path):
    pdf = read_pdf(hostile_services.reports.build_pack(PackOptions(meeting_date=date(2026, 11, 22)),
                                                       tmp_path / "hostile.pdf"))
    text = pdf.text
    assert "<b>&</b>" in text and "□" in text
    assert "HOST-1" in text and "Acme & Sons <Ltd>" in text


def test_a_logo_from_settings_is_on_the_cover(demo_services, tmp_path):
    from tests.reports.test_settings_for_reports import tiny_png

    demo_services.settings.set_logo(tiny_png())
    out = demo_services.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("summary",)),
                                           tmp_path / "logo.pdf")
    cover = read_pdf(out).reader.pages[0]
    assert any(name.startswith("/FormXob") or name.startswith("/Im")
               for name in cover["/Resources"].get("/XObject", {}))


def test_cancelling_leaves_no_file(demo_services, tmp_path):
    out = tmp_path / "cancelled.pdf"
    calls = []

    def progress(done, total):
        calls.append(done)
        return len(calls) < 3

    with pytest.raises(InterruptedError):
        demo_services.reports.build_pack(PackOptions(meeting_date=MEETING), out, progress)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("store.sqlite3")] == []


def test_progress_reaches_the_end(demo_services, tmp_path):
    seen = []
    demo_services.reports.build_pack(PackOptions(meeting_date=MEETING), tmp_path / "p.pdf",
                                     lambda done, total: seen.append((done, total)) or True)
    assert len(seen) > 3 and all(0 <= done <= total for done, total in seen)
