"""One stylesheet for every report: an embedded open font family and NHS-style colours.

The fonts are shipped in resources/fonts (DejaVu Sans, Bitstream Vera licence),
so a PDF looks the same on every machine and never falls back to a standard-14
font that cannot show accents, Arabic or Hebrew.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sv_desktop import paths

FONT = "SVSans"
FONT_BOLD = "SVSans-Bold"
FONT_ITALIC = "SVSans-Italic"
FONT_BOLD_ITALIC = "SVSans-BoldItalic"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

# NHS identity colours (NHS digital service manual palette).
NHS_BLUE = colors.HexColor("#005EB8")
NHS_DARK_BLUE = colors.HexColor("#003087")
NHS_DARK_GREY = colors.HexColor("#425563")
NHS_MID_GREY = colors.HexColor("#768692")
NHS_PALE_GREY = colors.HexColor("#E8EDEE")
NHS_WARM_YELLOW = colors.HexColor("#FFB81C")
NHS_RED = colors.HexColor("#DA291C")
NHS_GREEN = colors.HexColor("#009639")
NHS_AQUA_GREEN = colors.HexColor("#00A499")
NHS_PURPLE = colors.HexColor("#330072")
NHS_PINK = colors.HexColor("#AE2573")
NHS_LIGHT_BLUE = colors.HexColor("#41B6E6")
TEXT = colors.HexColor("#212B32")
# Words in a colour (a check's verdict): NHS dark red and dark green, which keep 4.5:1 on white and on the
# pale grey band of a table, where NHS_GREEN (3.9:1) would not. The words still say pass or fail.
TEXT_RED = colors.HexColor("#8A1538")
TEXT_GREEN = colors.HexColor("#006747")
CHART_COLOURS = (NHS_BLUE, NHS_AQUA_GREEN, NHS_WARM_YELLOW, NHS_PURPLE, NHS_PINK, NHS_LIGHT_BLUE,
                 NHS_DARK_GREY, NHS_GREEN)

_registered = False
_lock = threading.Lock()


def fonts_dir() -> Path:
    return paths.resources_dir() / "fonts"


def register_fonts() -> None:
    """Register the family once per process, so <b> and <i> in paragraphs pick the right face."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = fonts_dir()
        for name, file_name in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD_ITALIC)
        _registered = True


@dataclass(frozen=True)
class ReportStyles:
    """The named paragraph styles; story code uses these and creates none of its own."""

    sheet: StyleSheet1

    def __getitem__(self, name: str) -> ParagraphStyle:
        # StyleSheet1 is typed to hold any PropertySet; stylesheet() below adds only ParagraphStyles.
        return cast(ParagraphStyle, self.sheet[name])


def stylesheet() -> ReportStyles:
    """A fresh stylesheet (styles are mutable, so each document gets its own)."""
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=13, textColor=TEXT, spaceAfter=5,
                          splitLongWords=True)
    sheet.add(base)
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=8, leading=10, spaceAfter=3))
    sheet.add(ParagraphStyle("Note", parent=base, fontSize=8, leading=10, textColor=NHS_DARK_GREY))
    sheet.add(ParagraphStyle("NoneRecorded", parent=base, fontName=FONT_ITALIC, textColor=NHS_DARK_GREY))
    sheet.add(ParagraphStyle("Heading1", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21,
                             textColor=NHS_DARK_BLUE, spaceBefore=4, spaceAfter=10, keepWithNext=True))
    sheet.add(ParagraphStyle("Heading2", parent=base, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                             textColor=NHS_BLUE, spaceBefore=10, spaceAfter=6))
    sheet.add(ParagraphStyle("Heading3", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                             textColor=NHS_DARK_GREY, spaceBefore=6, spaceAfter=4))
    sheet.add(ParagraphStyle("CoverOrganisation", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19,
                             textColor=NHS_DARK_BLUE, alignment=TA_RIGHT, spaceAfter=0))
    sheet.add(ParagraphStyle("CoverTitle", parent=base, fontName=FONT_BOLD, fontSize=30, leading=36,
                             textColor=NHS_DARK_BLUE, spaceAfter=14))
    sheet.add(ParagraphStyle("CoverSubtitle", parent=base, fontSize=15, leading=20, textColor=NHS_BLUE,
                             spaceAfter=8))
    sheet.add(ParagraphStyle("CoverDetail", parent=base, fontSize=11, leading=16, textColor=TEXT, spaceAfter=2))
    sheet.add(ParagraphStyle("CoverMarking", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16,
                             textColor=NHS_DARK_BLUE, alignment=TA_LEFT, spaceBefore=18))
    sheet.add(ParagraphStyle("ContentsTitle", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21,
                             textColor=NHS_DARK_BLUE, spaceAfter=12))
    sheet.add(ParagraphStyle("Contents1", parent=base, fontSize=11, leading=16, leftIndent=0, spaceBefore=3))
    sheet.add(ParagraphStyle("Contents2", parent=base, fontSize=9.5, leading=13, leftIndent=16,
                             textColor=NHS_DARK_GREY))
    # Bullets name the embedded font too: ReportLab's bullet font is Helvetica unless told otherwise.
    sheet.add(ParagraphStyle("Bullet", parent=base, leftIndent=14, bulletIndent=3, bulletFontName=FONT,
                             spaceAfter=3))
    sheet.add(ParagraphStyle("Bullet2", parent=base, leftIndent=30, bulletIndent=19, bulletFontName=FONT,
                             spaceAfter=2))
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=7.2, leading=8.8, spaceAfter=0))
    sheet.add(ParagraphStyle("CellRight", parent=base, fontSize=7.2, leading=8.8, spaceAfter=0, alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("CellHeader", parent=base, fontName=FONT_BOLD, fontSize=7.2, leading=8.8,
                             spaceAfter=0, textColor=colors.white))
    sheet.add(ParagraphStyle("FigureValue", parent=base, fontName=FONT_BOLD, fontSize=16, leading=19,
                             textColor=NHS_DARK_BLUE, alignment=TA_CENTER, spaceAfter=0))
    sheet.add(ParagraphStyle("FigureLabel", parent=base, fontSize=8, leading=10, textColor=NHS_DARK_GREY,
                             alignment=TA_CENTER, spaceAfter=0))
    sheet.add(ParagraphStyle("Caption", parent=base, fontSize=8, leading=10, textColor=NHS_DARK_GREY,
                             alignment=TA_CENTER, spaceBefore=2, spaceAfter=8))
    return ReportStyles(sheet)
