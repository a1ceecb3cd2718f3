"""The committee pack: cover, contents, then each chosen section of the section catalogue."""
from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, PageBreak, Paragraph

from sv_desktop.reports.cover import cover_flowables
from sv_desktop.reports.data import PackData
from sv_desktop.reports.output import write_atomically
from sv_desktop.reports.section_catalogue import PACK_SECTIONS
from sv_desktop.reports.sections import SectionContext, SectionRegistry, section_body
from sv_desktop.reports.styles import ReportStyles, stylesheet
from sv_desktop.reports.templates import FRAME_WIDTH, Bookmark, ProgressCallback, ReportDocTemplate, contents, heading

PACK_TITLE = "Committee pack"


def pack_story(pack: PackData, section_ids: list[str] | None, styles: ReportStyles,
               registry: SectionRegistry[PackData] = PACK_SECTIONS) -> list[Flowable]:
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
                         registry: SectionRegistry[PackData] = PACK_SECTIONS) -> Path:
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
