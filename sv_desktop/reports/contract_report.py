"""The contract report: everything recorded about one contract, on a few pages."""
from __future__ import annotations

import html
from pathlib import Path

from reportlab.platypus import Flowable, Paragraph, Spacer

from sv_desktop.reports.cover import logo_flowable
from sv_desktop.reports.data import ContractReportData
from sv_desktop.reports.flowables import data_table, key_value_table, none_recorded, para, safe_paragraph_text
from sv_desktop.reports.output import write_atomically
from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS
from sv_desktop.reports.sections import SectionContext, SectionRegistry, section_body
from sv_desktop.reports.styles import ReportStyles, stylesheet
from sv_desktop.reports.templates import FRAME_WIDTH, Bookmark, ProgressCallback, ReportDocTemplate, heading


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def contract_story(data: ContractReportData, styles: ReportStyles,
                   registry: SectionRegistry[ContractReportData] = CONTRACT_SECTIONS) -> list[Flowable]:
    story: list[Flowable] = [Bookmark("Contract", "top")]
    logo = logo_flowable(data.header.logo, max_height=16 * 2.83)
    if logo is not None:
        story += [logo, Spacer(1, 4)]
    story += [
        Paragraph(safe_paragraph_text(data.header.organisation_name, 300), styles["Heading3"]),
        Paragraph("Contract report: " + safe_paragraph_text(data.reference, 100), styles["CoverSubtitle"]),
        para(data.title, styles["Heading1"], 400),
    ]
    story.append(heading("Details", styles, 1, "details", in_contents=False))
    story.append(key_value_table(data.fields, FRAME_WIDTH, styles))

    story.append(heading("Description", styles, 1, "description", in_contents=False))
    story.append(para(data.description, styles["Body"]) if data.description.strip() else none_recorded(styles))

    story.append(heading("Suppliers", styles, 1, "suppliers", in_contents=False))
    if data.suppliers:
        story += data_table(("#", "Supplier"), ((index, name) for index, name in enumerate(data.suppliers, 1)),
                            (0.06, 0.94), FRAME_WIDTH, styles, wrapped=(1,))
    else:
        story.append(none_recorded(styles, "no supplier yet"))

    story.append(heading("Lots and call-offs", styles, 1, "lots", in_contents=False))
    if data.parent_reference:
        kind = data.parent_kind or "Part"
        story.append(Paragraph(f"{html.escape(kind)} of " + safe_paragraph_text(data.parent_reference, 100) + ".",
                               styles["Body"]))
    if data.children:
        story += data_table(("Lots and call-offs of this contract",), ((child,) for child in data.children),
                            (1.0,), FRAME_WIDTH, styles, wrapped=(0,))
    if not data.parent_reference and not data.children:
        story.append(none_recorded(styles, "not a lot or call-off, and has none"))

    story.append(heading("Stage history", styles, 1, "history", in_contents=False))
    if data.stage_history:
        rows = ((_date(event.changed_on), event.from_stage.label if event.from_stage else "—", event.to_stage.label,
                 event.note or "—") for event in data.stage_history)
        story += data_table(("Date", "From", "To", "Note"), rows, (0.13, 0.2, 0.2, 0.47), FRAME_WIDTH, styles,
                            wrapped=(1, 2, 3))
    else:
        story.append(none_recorded(styles))

    story.append(heading("Notes", styles, 1, "notes", in_contents=False))
    story.append(para(data.notes, styles["Body"]) if data.notes.strip() else none_recorded(styles))

    context = SectionContext(styles, FRAME_WIDTH)
    for spec in registry.ordered():
        story.append(heading(spec.title, styles, 1, f"section-{spec.id}", in_contents=False))
        story += section_body(spec, data, context)

    story.append(heading("Settings used", styles, 1, "settings", in_contents=False))
    story += data_table(("Setting", "Value"), data.settings_used, (0.4, 0.6), FRAME_WIDTH, styles, wrapped=(0, 1))
    return story


def build_contract_report(data: ContractReportData, out_path: Path, *,
                          progress: ProgressCallback | None = None,
                          registry: SectionRegistry[ContractReportData] = CONTRACT_SECTIONS) -> Path:
    """Write the report to out_path (only once complete); InterruptedError when progress says cancel."""
    styles = stylesheet()
    story = contract_story(data, styles, registry)
    title = f"Contract report: {data.reference}"

    def write(stream) -> None:
        document = ReportDocTemplate(stream, header=data.header, report_title=title,
                                     subject=f"{data.reference} {data.title}"[:300], progress=progress,
                                     with_cover=False)
        document.build_report(story, passes_expected=1)

    return write_atomically(out_path, write)
