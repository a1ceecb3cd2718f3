"""The contract report: every field, suppliers, lots, stage history and notes, escaped."""
import pytest

from sv_desktop.domain.errors import NotFoundError
from tests.reports.conftest import read_pdf


def test_the_report_shows_everything_about_the_contract(hostile_services, tmp_path):
    pdf = read_pdf(hostile_services.reports.build_contract_report("HOST-1", tmp_path / "c.pdf"))
    text = pdf.text
    for expected in ("Contract report: HOST-1", "<b>&</b>", "Digital, Data & Technology", "Delivery",
                     "£1,200,000.00", "£400,000.00", "31/03/2027", "Decision due", "30/06/2026",
                     "Acme & Sons <Ltd>", "HOST-1-LOT", "Stage history", "Zoë O'Brien <lead>",
                     "Line two <i>not italic</i> & more"):
        assert expected in text, expected
    assert "\x07" not in text and "□" in text
    assert pdf.outline_titles()[0] == "Contract"
    assert {"Details", "Suppliers", "Lots and call-offs", "Stage history", "Notes"} <= set(pdf.outline_titles())
    assert pdf.reader.metadata.title == "Contract report: HOST-1"
    total = len(pdf.pages)
    assert all(f"Page {n} of {total}" in page for n, page in enumerate(pdf.pages, 1))


def test_a_ten_thousand_character_note_is_printed_whole(hostile_services, tmp_path):
    pdf = read_pdf(hostile_services.reports.build_contract_report("HOST-1", tmp_path / "c.pdf"))
    assert pdf.text.replace("\n", " ").count("Long note line.") >= 600
    assert "truncated" not in pdf.text


def test_arabic_and_hebrew_are_rendered_with_real_glyphs(hostile_services, tmp_path):
    pdf = read_pdf(hostile_services.reports.build_contract_report("HOST-1", tmp_path / "c.pdf"))
    # Extraction order of right-to-left text varies by reader; the letters themselves must be there.
    assert set("שלום") <= set(pdf.text) and set("مرحب") <= set(pdf.text)


def test_a_lot_names_its_parent(hostile_services, tmp_path):
    pdf = read_pdf(hostile_services.reports.build_contract_report("HOST-1-LOT", tmp_path / "lot.pdf"))
    assert "Lot of HOST-1" in pdf.text


def test_an_unknown_reference_is_refused_and_writes_nothing(services, tmp_path):
    with pytest.raises(NotFoundError, match="no contract has the reference 'NOPE'"):
        services.reports.build_contract_report("NOPE", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
