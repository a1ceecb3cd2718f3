"""A report's first page: the organisation's logo and name, the title, the details and the marking.

Shared by the committee pack and the evaluation report (the contract report shows the logo
only); the cover page template itself is in templates.
"""
from __future__ import annotations

import html
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from sv_desktop.reports.data import ReportHeader
from sv_desktop.reports.flowables import safe_paragraph_text
from sv_desktop.reports.styles import FONT, ReportStyles
from sv_desktop.reports.templates import FRAME_WIDTH, Bookmark, later_pages


def logo_flowable(logo: bytes | None, max_width: float = 60 * mm, max_height: float = 28 * mm) -> Flowable | None:
    """The organisation's logo scaled to fit, or None when there is none or it cannot be read."""
    if not logo:
        return None
    try:
        reader = ImageReader(BytesIO(logo))
        width, height = reader.getSize()
    except Exception:  # a damaged image must not stop the pack; the cover then shows the name only
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(max_width / width, max_height / height)
    image = Image(BytesIO(logo), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def cover_flowables(header: ReportHeader, title: str, subtitle: str, details: list[tuple[str, str]],
                    styles: ReportStyles) -> list[Flowable]:
    """Logo and organisation, title, the meeting's details and the marking, then the later-page template."""
    organisation = Paragraph(safe_paragraph_text(header.organisation_name, 300), styles["CoverOrganisation"])
    logo = logo_flowable(header.logo)
    top = Table([[logo or "", organisation]], colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
    top.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [Bookmark("Cover", "cover"), top, Spacer(1, 60 * mm),
                             Paragraph(html.escape(title), styles["CoverTitle"]),
                             Paragraph(safe_paragraph_text(subtitle, 300), styles["CoverSubtitle"]),
                             Spacer(1, 8 * mm)]
    for label, value in details:
        story.append(Paragraph(f"<b>{html.escape(label)}:</b> {safe_paragraph_text(value, 500)}",
                               styles["CoverDetail"]))
    if header.protective_marking.strip():
        story.append(Paragraph(safe_paragraph_text(header.protective_marking, 100), styles["CoverMarking"]))
    return story + later_pages()
