"""The committee pack: cover, contents, then each chosen section from the registry."""
from __future__ import annotations

import html
from io import BytesIO
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph, Spacer, Table, TableStyle

from sv_desktop.reports.data import PackData, ReportHeader
from sv_desktop.reports.flowables import safe_paragraph_text
from sv_desktop.reports.output import write_atomically
from sv_desktop.reports.sections import SECTION_REGISTRY, SectionContext, SectionRegistry, section_body
from sv_desktop.reports.styles import FONT, ReportStyles, stylesheet
from sv_desktop.reports.templates import (FRAME_WIDTH, Bookmark, ProgressCallback, ReportDocTemplate, contents,
                                          heading, later_pages)

PACK_TITLE = "Committee pack"


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
    top.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
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


def pack_story(pack: PackData, section_ids: list[str] | None, styles: ReportStyles,
               registry: SectionRegistry = SECTION_REGISTRY) -> list[Flowable]:
    scope = pack.scope
    details = [("Meeting date", scope.meeting_date.strftime("%d/%m/%Y")),
               ("Period", _period(pack)),
               ("Categories", ", ".join(c.label for c in scope.categories) if scope.categories else "All categories"),
               ("Prepared", pack.header.generated_at.strftime("%d/%m/%Y %H:%M"))]
    story = cover_flowables(pack.header, PACK_TITLE, scope.committee_name, details, styles)
    story += [Bookmark("Contents", "contents"), Paragraph("Contents", styles["ContentsTitle"]), contents(styles),
              PageBreak()]
    context = SectionContext(styles, FRAME_WIDTH)
    specs = registry.ordered(section_ids)
    for index, spec in enumerate(specs):
        story.append(heading(spec.title, styles, 0, f"section-{spec.id}"))
        story += section_body(spec, pack, context)
        if index < len(specs) - 1:
            story.append(PageBreak())
    return story


def _period(pack: PackData) -> str:
    scope = pack.scope
    if not scope.date_from and not scope.date_to:
        return "All contract dates"
    start = scope.date_from.strftime("%d/%m/%Y") if scope.date_from else "any date"
    end = scope.date_to.strftime("%d/%m/%Y") if scope.date_to else "any date"
    return f"Contracts whose term overlaps {start} to {end}"


def build_committee_pack(pack: PackData, out_path: Path, *, section_ids: list[str] | None = None,
                         progress: ProgressCallback | None = None,
                         registry: SectionRegistry = SECTION_REGISTRY) -> Path:
    """Write the pack to out_path (only once complete); InterruptedError when progress says cancel."""
    styles = stylesheet()
    story = pack_story(pack, section_ids, styles, registry)
    title = f"{PACK_TITLE}: {pack.scope.committee_name}, {pack.scope.meeting_date:%d/%m/%Y}"

    def write(stream) -> None:
        document = ReportDocTemplate(stream, header=pack.header, report_title=title,
                                     subject=f"Contract pipeline and portfolio for the {pack.scope.committee_name}",
                                     progress=progress)
        document.build_report(story)

    return write_atomically(out_path, write)
