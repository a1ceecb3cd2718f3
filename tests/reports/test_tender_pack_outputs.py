"""The tender question pack read back from Word (python-docx) and PDF (pypdf): the same words in the same order.

Question wording, the pass gate and the workforce-baseline sentence come from the
PPN 002 model (000_14458fa951fc6b05.txt, "Social value question", outcomes 1, 6 and 7).
"""
from dataclasses import replace
from decimal import Decimal

import pytest
from docx import Document

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.reports.tender_docx import write_tender_docx
from tests.reports.conftest import flat, read_pdf

REFINED = "Deliver environmental benefits across our <b>&</b> estate\x07 and sites."
COHORT = "care leavers <b>&</b>\x0b"
PASS_GATE = "(minimum requirement to score points)"


@pytest.fixture
def tender_services(fixed_clock):
    services = fixed_clock
    contract = services.pipeline.create(ContractData(
        reference="EF-1", title="Soft FM cleaning <b>&</b> \x07services", category=Category.ESTATES_FACILITIES,
        stage=Stage.TENDER, total_value=Decimal("6000000"), annual_value=Decimal("1500000")))
    entries = [services.selection.entry_from_catalogue("ppn002", ref) for ref in ("4", "4a", "4a.1", "4ai", "1")]
    entries[1] = replace(entries[1], refined_text=REFINED)
    services.selection.save(contract.id, SocialValuePlan(weighting_percent=Decimal("10"), word_limit=750,
                                                         target_cohort=COHORT, entries=tuple(entries)))
    services.pipeline.create(ContractData(reference="EMPTY-1", title="Nothing chosen", category=Category.DDAT))
    return services


def docx_paragraphs(path):
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def in_order(text: str, phrases: list[str]) -> bool:
    positions, start = [], 0
    for phrase in phrases:
        found = text.find(phrase, start)
        if found < 0:
            return False
        positions.append(found)
        start = found + len(phrase)
    return True


def expected_phrases(pack) -> list[str]:
    """What both outputs must say, in order (plain words; hostile characters dropped)."""
    phrases = [f"Social value questions — {pack.contract_reference}", "Social value weighting: 10 %"]
    for question in pack.questions:
        phrases += [f"Question {question.number}: {question.outcome_title}", question.question[:60]]
        if question.workforce_baseline:
            phrases.append(question.workforce_baseline[:60])
        if question.criteria:
            phrases.append("Award criteria")
        if question.metrics:
            phrases.append("Reporting metrics")
    phrases += ["Additional award criteria", PASS_GATE, "Target cohort identified by the buyer", "Source:"]
    return phrases


def test_the_word_document_has_the_headings_questions_and_refined_wording(tender_services, tmp_path):
    pack = tender_services.reports.tender_pack("EF-1")
    paragraphs = docx_paragraphs(write_tender_docx(pack, tmp_path / "q.docx"))
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings == ["Social value questions — EF-1",
                        "Question 1: Sustainable procurement practices (5 % of the total score)",
                        "Award criteria", "Reporting metrics",
                        "Question 2: Fair work (5 % of the total score)", "Additional award criteria"]
    text = "\n".join(text for _style, text in paragraphs)
    assert "In no more than 750 words" in text and "[enter number of]" not in text
    assert "Deliver environmental benefits across our <b>&</b> estate and sites." in text
    assert PASS_GATE in text
    assert "roles, not Full Time Equivalents" in text  # workforce baseline: PPN 002 outcome 1
    assert "Soft FM cleaning <b>&</b> services" in text and "care leavers <b>&</b>" in text
    assert "\x07" not in text and "\x0b" not in text
    assert in_order(flat(text), expected_phrases(pack))
    assert Document(str(tmp_path / "q.docx")).core_properties.title == "Social value questions: EF-1"


def test_the_pdf_says_what_the_word_document_says_in_the_same_order(tender_services, tmp_path):
    pack = tender_services.reports.tender_pack("EF-1")
    word = flat("\n".join(text for _s, text in docx_paragraphs(write_tender_docx(pack, tmp_path / "q.docx"))))
    pdf = read_pdf(tender_services.reports.build_tender_pack("EF-1", tmp_path / "q.pdf"))
    phrases = expected_phrases(pack)
    assert in_order(word, phrases) and in_order(pdf.text, phrases)
    for phrase in ("In no more than 750 words", "Deliver environmental benefits across our <b>&</b> estate and sites.",
                   PASS_GATE, "Soft FM cleaning <b>&</b> services", "care leavers <b>&</b>", "4ai",
                   "Timed action plan", "Feedback and improvement procedures in place"):
        assert phrase in word and phrase in pdf.text, phrase
    assert "\x07" not in pdf.text and "\x0b" not in pdf.text


def test_the_pdf_has_the_title_marking_pages_and_embedded_fonts_on_a4(tender_services, tmp_path):
    pdf = read_pdf(tender_services.reports.build_tender_pack("EF-1", tmp_path / "q.pdf"))
    assert pdf.reader.metadata.title == "Social value questions: EF-1"
    total = len(pdf.pages)
    for number, text in enumerate(pdf.pages, 1):
        assert text.count("OFFICIAL-SENSITIVE: COMMERCIAL") >= 2  # header and footer
        assert f"Page {number} of {total}" in text
    assert pdf.outline_titles()[:3] == ["Social value questions", "Question 1: Sustainable procurement practices "
                                        "(5 % of the total score)", "Question 2: Fair work (5 % of the total score)"]
    for page in pdf.reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "Helvetica" not in font["/BaseFont"]
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_an_empty_selection_still_builds_and_says_so(tender_services, tmp_path):
    pdf = read_pdf(tender_services.reports.build_tender_pack("EMPTY-1", tmp_path / "e.pdf"))
    assert "No social value outcomes have been selected for this contract yet." in pdf.text
    assert "Question 1" not in pdf.text and len(pdf.pages) == 1
    word = docx_paragraphs(write_tender_docx(tender_services.reports.tender_pack("EMPTY-1"), tmp_path / "e.docx"))
    assert any("No social value outcomes have been selected" in text for _s, text in word)


def test_unsaved_changes_can_be_printed_instead_of_the_stored_plan(tender_services, tmp_path):
    contract_id = tender_services.pipeline.find("EF-1").id
    plan = replace(tender_services.selection.plan(contract_id), word_limit=300)
    pdf = read_pdf(tender_services.reports.build_tender_pack("EF-1", tmp_path / "u.pdf", plan=plan))
    assert "In no more than 300 words" in pdf.text
    assert tender_services.selection.plan(contract_id).word_limit == 750


def test_an_unknown_reference_or_a_cancel_writes_nothing(tender_services, tmp_path):
    with pytest.raises(NotFoundError, match="NOPE"):
        tender_services.reports.build_tender_pack("NOPE", tmp_path / "x.pdf")
    with pytest.raises(InterruptedError):
        tender_services.reports.build_tender_pack("EF-1", tmp_path / "y.pdf", lambda done, total: False)
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("store.sqlite3")]


def test_the_social_value_tab_saves_the_pdf_off_the_gui_thread(qtbot, tender_services, tmp_path):
    from sv_desktop.ui.common.background import wait_for_background_tasks
    from sv_desktop.ui.pipeline.social_value_tab import SocialValueTab

    services = tender_services
    tab = SocialValueTab(services.selection, services.catalogue, services.pipeline, reports=services.reports)
    qtbot.addWidget(tab)
    tab.show_contract(services.pipeline.find("EF-1").id)
    assert tab.pdf_button.isEnabled() and tab.pdf_button.accessibleName()
    target = tmp_path / "tab.pdf"
    task = tab.save_pdf(str(target))
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    assert wait_for_background_tasks(20000)
    assert str(target) in tab.heading.text()
    assert "Sustainable procurement practices" in read_pdf(target).text


def test_without_the_report_service_the_pdf_button_stays_off(qtbot, services, tmp_path):
    from sv_desktop.ui.pipeline.social_value_tab import SocialValueTab

    tab = SocialValueTab(services.selection, services.catalogue, services.pipeline)
    qtbot.addWidget(tab)
    assert not tab.pdf_button.isEnabled() and tab.save_pdf(str(tmp_path / "no.pdf")) is None
