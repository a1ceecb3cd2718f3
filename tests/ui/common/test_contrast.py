"""Issue 9: text is readable (WCAG 2.1 AA, 4.5:1; 3:1 for large text and for the marks of a chart) in the app,
under the system's light or dark palette and under View → High contrast, and in the PDF reports.

Contrast is worked out from the colours themselves (WCAG relative luminance), not looked up.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory
from reportlab.lib import colors

from sv_desktop.domain.delivery import Rag
from sv_desktop.ui.common.theme import (
    AA_LARGE_TEXT,
    AA_TEXT,
    BANNER_TEXT,
    DARK_TONES,
    ENABLED_GROUPS,
    LIGHT_TONES,
    TEXT_PAIRS,
    Banner,
    Tone,
    apply_theme,
    banner_style,
    chart_ink,
    contrast_ratio,
    high_contrast_palette,
    invalid_cell_background,
    is_dark,
    readable_palette,
    set_tone,
    tone_colour,
)

Role = QPalette.ColorRole


def test_the_contrast_ratio_is_the_wcag_one():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey
    assert contrast_ratio(QColor(0, 0, 0, 128), "#ffffff") == pytest.approx(contrast_ratio("#7f7f7f", "#ffffff"),
                                                                            abs=0.05)


def dark_palette() -> QPalette:
    """A typical dark desktop theme, as a system could hand it to the app."""
    palette = QPalette()
    for role, colour in {Role.Window: "#2d2d2d", Role.WindowText: "#ffffff", Role.Base: "#1e1e1e",
                         Role.AlternateBase: "#353535", Role.Text: "#ffffff", Role.Button: "#353535",
                         Role.ButtonText: "#ffffff", Role.Highlight: "#2a82da", Role.HighlightedText: "#ffffff",
                         Role.ToolTipBase: "#353535", Role.ToolTipText: "#ffffff", Role.Link: "#2a82da",
                         Role.LinkVisited: "#8e6cc1", Role.PlaceholderText: "#8a8a8a", Role.Mid: "#555555"}.items():
        palette.setColor(role, QColor(colour))
    return palette


def system_palettes() -> dict[str, QPalette]:
    return {"Fusion (light)": QStyleFactory.create("Fusion").standardPalette(),
            "Windows (light)": QStyleFactory.create("Windows").standardPalette(),
            "dark": dark_palette(), "as started": QApplication.palette()}


def low_pairs(palette: QPalette, floor: float = AA_TEXT) -> list[str]:
    found = []
    for group in ENABLED_GROUPS:
        for text, background in TEXT_PAIRS:
            ratio = contrast_ratio(palette.color(group, text), palette.color(group, background))
            if ratio < floor:
                found.append(f"{group.name} {text.name} on {background.name}: {ratio:.2f}")
    return found


@pytest.mark.parametrize("name", ["Fusion (light)", "Windows (light)", "dark", "as started"])
def test_every_palette_the_app_runs_under_is_made_readable_and_otherwise_kept(name):
    system = system_palettes()[name]
    readable = readable_palette(system)
    assert low_pairs(readable) == []
    for group in ENABLED_GROUPS:  # what already read well is the system's own colour, untouched
        for text, background in TEXT_PAIRS:
            if contrast_ratio(system.color(group, text), system.color(group, background)) >= AA_TEXT:
                assert readable.color(group, text) == system.color(group, text)
    assert readable.color(Role.Window) == system.color(Role.Window)
    assert readable.color(Role.Base) == system.color(Role.Base)


def test_fusions_selection_and_placeholder_fall_short_and_are_lifted():
    fusion = QStyleFactory.create("Fusion").standardPalette()
    assert low_pairs(fusion)  # white on Fusion's #308cc6 is 3.7:1, its half-transparent placeholder 4.0:1
    readable = readable_palette(fusion)
    assert readable.color(Role.HighlightedText) == QColor("#ffffff")  # the words stay white ...
    assert readable.color(Role.Highlight).lightness() < fusion.color(Role.Highlight).lightness()  # ... on darker blue


def test_the_high_contrast_palette_is_black_white_and_yellow_at_aaa():
    palette = high_contrast_palette()
    assert low_pairs(palette, floor=7.0) == []  # AAA throughout
    assert palette.color(Role.Window) == QColor("#000000") and palette.color(Role.WindowText) == QColor("#ffffff")
    assert palette.color(Role.Highlight) == QColor("#ffff00")  # selection and the focus frame
    assert is_dark(palette)
    disabled = palette.color(QPalette.ColorGroup.Disabled, Role.Text)
    assert contrast_ratio(disabled, palette.color(Role.Window)) >= AA_TEXT  # greyed-out things can still be read


def backgrounds(palette: QPalette) -> list[QColor]:
    return [palette.color(group, role) for group in ENABLED_GROUPS
            for role in (Role.Window, Role.Base, Role.AlternateBase, Role.Button)]


@pytest.mark.parametrize("name", ["Fusion (light)", "Windows (light)", "dark", "high contrast"])
def test_coloured_words_are_readable_on_every_background_of_their_palette(name):
    palette = high_contrast_palette() if name == "high contrast" else readable_palette(system_palettes()[name])
    table = DARK_TONES if is_dark(palette) else LIGHT_TONES
    for tone in Tone:
        colour = tone_colour(tone, palette)
        for background in backgrounds(palette):
            assert contrast_ratio(colour, background) >= AA_TEXT, (tone, background.name())
        if name != "Windows (light)":  # its classic grey needs a darker green; the others take the table's own
            assert colour == QColor(table[tone])
    for _background in backgrounds(palette):  # a wrong value's cell keeps its words readable
        assert contrast_ratio(palette.color(Role.Text), invalid_cell_background(palette)) >= AA_TEXT
    ink = chart_ink(palette)
    assert contrast_ratio(ink.text, ink.paper) >= AA_TEXT and contrast_ratio(ink.muted, ink.paper) >= AA_TEXT
    for mark in (ink.checked, ink.alert, ink.expected):
        assert contrast_ratio(mark, ink.paper) >= AA_LARGE_TEXT  # WCAG 1.4.11: graphics 3:1


def test_banners_keep_dark_words_on_pale_boxes_and_the_palettes_words_when_dark():
    light = QStyleFactory.create("Fusion").standardPalette()
    for banner in Banner:
        background = banner.value[0]
        assert contrast_ratio(BANNER_TEXT, background) >= AA_TEXT
        assert background in banner_style(banner, light)
        dark_style = banner_style(banner, high_contrast_palette())
        assert "background" not in dark_style and "color" not in dark_style  # the palette's own white on black


def test_high_contrast_recolours_words_already_on_screen_and_turns_off_again(qtbot):
    from PySide6.QtWidgets import QLabel

    app = QApplication.instance()
    label = QLabel("Error: the end date is before the start date")
    qtbot.addWidget(label)
    set_tone(label, Tone.ERROR)
    assert LIGHT_TONES[Tone.ERROR] in label.styleSheet()
    started = app.palette().color(Role.Window)
    sheet = app.styleSheet()
    try:
        apply_theme(app, high_contrast=True)
        assert app.palette().color(Role.Window) == QColor("#000000")
        assert DARK_TONES[Tone.ERROR] in label.styleSheet()
        assert "border: 2px solid #ffff00" in app.styleSheet()  # whatever has the focus: a thick yellow edge
        arrows = re.findall(r'url\("([^"]+)"\)', app.styleSheet())
        assert arrows and all(Path(arrow).exists() for arrow in arrows)
    finally:
        apply_theme(app, high_contrast=False)
    assert app.palette().color(Role.Window) == started
    assert app.styleSheet() == sheet
    assert LIGHT_TONES[Tone.ERROR] in label.styleSheet()


# -- no state by colour alone --------------------------------------------------------------------------

def test_every_rag_status_has_words_as_well_as_a_colour():
    for rag in Rag:
        assert rag.label.lower().startswith(rag.value) and ":" in rag.label  # "Amber: at risk"


def test_the_commitments_table_shows_the_rag_in_words(qtbot, services):
    from datetime import date

    from sv_desktop.services.demo.generator import generate_demo
    from sv_desktop.ui.delivery.commitment_model import COMMITMENT_COLUMNS, CommitmentTableModel
    from sv_desktop.ui.delivery.delivery_tab import DeliveryTab

    generate_demo(services.uow_factory, contracts=40, today=date.today(), catalogue=services.catalogue.catalogue())
    tab = DeliveryTab(services.delivery, services.pipeline, catalogue=services.catalogue)
    qtbot.addWidget(tab)
    column = [c.key for c in COMMITMENT_COLUMNS].index("rag")
    shown = set()
    for row in services.pipeline.rows():
        records = services.delivery.commitments(row.id)
        if not records:
            continue
        tab.show_contract(row.id)
        model: CommitmentTableModel = tab.model
        for index in range(model.rowCount()):
            shown.add(model.index(index, column).data())
    assert shown and shown <= {rag.label for rag in Rag}


# -- the PDF reports ------------------------------------------------------------------------------------

def _hex(colour) -> str:
    return "#" + colour.hexval()[2:]


def report_backgrounds() -> dict[str, str]:
    """Every background the reports print words on."""
    from sv_desktop.reports import delivery_sections, evaluation_report, social_value_sections
    from sv_desktop.reports import styles as s

    found = {"page": "#ffffff", "table band": _hex(s.NHS_PALE_GREY),
             "KPI row": _hex(social_value_sections.KPI_ROW), "outlier row": _hex(evaluation_report.OUTLIER_TINT),
             "after-lock row": _hex(evaluation_report.AFTER_LOCK_TINT)}
    found.update({f"RAG {rag.value}": _hex(tint) for rag, tint in delivery_sections.RAG_TINTS.items()})
    return found


def test_every_paragraph_style_of_the_reports_reads_on_every_background():
    from reportlab.lib.colors import white

    from sv_desktop.reports.styles import stylesheet

    sheet = stylesheet().sheet
    for name, style in sheet.byName.items():
        large = style.fontSize >= 18 or (style.fontSize >= 14 and "Bold" in style.fontName)
        floor = AA_LARGE_TEXT if large else AA_TEXT
        if style.textColor == white:
            continue  # header cells: checked on their own background below
        for where, background in report_backgrounds().items():
            ratio = contrast_ratio(_hex(style.textColor), background)
            assert ratio >= floor, f"{name} on the {where}: {ratio:.2f}"


def test_table_headers_chart_words_and_carbon_verdicts_in_reports_read_well():
    from sv_desktop.domain.carbon_plan import CheckStatus
    from sv_desktop.reports import carbon_sections
    from sv_desktop.reports import styles as s

    assert contrast_ratio("#ffffff", _hex(s.NHS_BLUE)) >= AA_TEXT  # the header row of every table
    for colour in (s.TEXT, s.NHS_DARK_GREY, s.NHS_DARK_BLUE):  # axis ticks, captions and chart titles
        assert contrast_ratio(_hex(colour), "#ffffff") >= AA_TEXT
    assert contrast_ratio(_hex(s.NHS_DARK_GREY), _hex(s.NHS_PALE_GREY)) >= AA_TEXT  # "no trajectory" note
    for status in CheckStatus:  # a check's verdict column, on either band of the table
        colour = _hex(carbon_sections._status_colour(status.label))
        for background in ("#ffffff", _hex(s.NHS_PALE_GREY)):
            ratio = contrast_ratio(colour, background)
            assert ratio >= AA_TEXT, f"{status.label}: {ratio:.2f} on {background}"
    assert colors  # reportlab colours are what the reports print with


def test_no_window_hard_codes_a_text_or_background_colour_in_a_style_sheet():
    """Style sheets with fixed colours (ERROR_STYLE among them: it is the light palette's red) would ignore a dark
    or high-contrast palette: words take their colour from ui/common/theme.py (set_tone, set_banner), which follows
    it."""

    import sv_desktop.ui as ui

    fixed = re.compile(r"""(?<![-\w])(color|background(-color)?)\s*:\s*(#[0-9a-fA-F]{3,8}|rgb|white|black)""")
    found = []
    for path in sorted(Path(ui.__file__).parent.rglob("*.py")):
        if path.name == "theme.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (fixed.search(line) and "LIGHT_TONES" not in line) or "setStyleSheet(ERROR_STYLE" in line:
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found, "\n" + "\n".join(found)
