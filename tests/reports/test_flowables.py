"""Safe text: what people type can never break a report, and what cannot be shown is visibly replaced."""
from sv_desktop.reports.flowables import (
    MISSING_GLYPH,
    TEXT_LIMIT,
    fitted_widths,
    safe_paragraph_text,
    safe_plain_text,
    truncated,
)


def test_markup_characters_are_escaped_not_interpreted():
    assert safe_paragraph_text("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_control_characters_are_dropped_and_newlines_become_line_breaks():
    assert safe_paragraph_text("a\x00b\x07c\nd\r\ne\tf") == "abc<br/>d<br/>e f"
    assert safe_plain_text("a\nb\x1b") == "a b"


def test_characters_the_font_lacks_are_replaced_visibly():
    assert safe_paragraph_text("Earth 🌍!") == f"Earth {MISSING_GLYPH}!"


def test_arabic_hebrew_and_accents_are_kept():
    text = "Zoë مرحبا שלום"
    assert safe_paragraph_text(text) == text


def test_a_ten_thousand_character_note_is_kept_whole():
    note = "x" * 10_000
    assert safe_paragraph_text(note) == note


def test_absurdly_long_text_is_truncated_with_a_visible_note():
    text = "y" * (TEXT_LIMIT + 1234)
    shown = safe_paragraph_text(text)
    assert shown.endswith("… [truncated, 1,234 characters omitted]")
    assert truncated("short", 10) == "short"


def test_none_and_numbers_become_text():
    assert safe_paragraph_text(None) == ""
    assert safe_plain_text(12) == "12"


def test_single_line_columns_grow_to_their_widest_value_and_wrapped_ones_give_the_room():
    rows = [["A-VERY-LONG-REFERENCE-0001", "a title that can wrap over several lines"]]
    widths = fitted_widths(["Ref", "Title"], rows, (0.1, 0.9), 500, {1})
    assert abs(sum(widths) - 500) < 0.01
    assert widths[0] > 50
