"""The tender question pack as a PDF: the Word document's words, in its order, on the report pages.

Built from the same TenderQuestionPack as the text and the Word document
(sv_desktop.reports.tender_docx), so the three outputs always say the same
thing; the PDF adds the organisation, the protective marking and "Page X of Y"
on every page, and a bookmark per question.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.platypus import Flowable, Paragraph

from sv_desktop.domain.tender_pack import TenderQuestionPack
from sv_desktop.reports.data import ReportHeader
from sv_desktop.reports.flowables import safe_paragraph_text, safe_plain_text
from sv_desktop.reports.output import write_atomically
from sv_desktop.reports.styles import ReportStyles, stylesheet
from sv_desktop.reports.templates import Bookmark, ProgressCallback, ReportDocTemplate, heading

BULLET = "•"
SUB_BULLET = "–"
EMPTY_PACK = "No social value outcomes have been selected for this contract yet."
PASS_GATE = "(minimum requirement to score points)"


def tender_title(pack: TenderQuestionPack) -> str:
    """The document title: the Word document's core title, and the PDF's metadata title."""
    return f"Social value questions: {pack.contract_reference}"


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f} %"


def _bullet(text: str, styles: ReportStyles, *, level: int = 1, lead: str = "", tail: str = "") -> Paragraph:
    """A bulleted paragraph of user text; `lead` is printed bold before it, `tail` bold after it."""
    markup = safe_paragraph_text(text)
    if lead:
        markup = f"<b>{safe_paragraph_text(lead)}</b> {markup}"
    if tail:
        markup = f"{markup} <b>{safe_paragraph_text(tail)}</b>"
    return Paragraph(markup, styles["Bullet" if level == 1 else "Bullet2"],
                     bulletText=BULLET if level == 1 else SUB_BULLET)


def tender_story(pack: TenderQuestionPack, styles: ReportStyles) -> list[Flowable]:
    """The pack's flowables, in the order tender_docx writes its paragraphs."""
    story: list[Flowable] = [
        Bookmark("Social value questions", "top"),
        Paragraph(safe_paragraph_text(f"Social value questions — {pack.contract_reference}", 200),
                  styles["Heading1"]),
        Paragraph(safe_paragraph_text(pack.contract_title, 1000), styles["CoverSubtitle"]),
    ]
    if pack.weighting_percent is not None:
        story.append(Paragraph(f"Social value weighting: {_percent(pack.weighting_percent)} of the total score.",
                               styles["Body"]))
    if pack.is_empty:
        story.append(Paragraph(EMPTY_PACK, styles["NoneRecorded"]))
    for question in pack.questions:
        share = f" ({_percent(question.weight_percent)} of the total score)" \
            if question.weight_percent is not None else ""
        title = safe_plain_text(f"Question {question.number}: {question.outcome_title}{share}", 600)
        story.append(heading(title, styles, 1, f"question-{question.number}"))
        story.append(Paragraph(safe_paragraph_text(question.question), styles["Body"]))
        if question.workforce_baseline:
            story.append(Paragraph(safe_paragraph_text(question.workforce_baseline), styles["Body"]))
        if question.criteria:
            story.append(Paragraph("Award criteria", styles["Heading3"]))
            for criterion in question.criteria:
                story.append(_bullet(criterion.text, styles, lead=criterion.ref))
                story += [_bullet(sub.text, styles, level=2) for sub in criterion.sub_criteria]
        if question.metrics:
            story.append(Paragraph("Reporting metrics", styles["Heading3"]))
            story += [_bullet(f"{metric.ref} {metric.label}", styles) for metric in question.metrics]
    if pack.other_metrics:
        story.append(heading("Further reporting metrics", styles, 1, "further-metrics"))
        story += [_bullet(f"{metric.ref} {metric.label}", styles) for metric in pack.other_metrics]
    if pack.additional_criteria:
        story.append(heading("Additional award criteria", styles, 1, "additional-criteria"))
        story.append(Paragraph("Each response is assessed against these criteria.", styles["Body"]))
        for additional in pack.additional_criteria:
            story.append(_bullet(additional.text, styles, tail=PASS_GATE if additional.pass_gate else ""))
            story += [_bullet(item, styles, level=2) for item in additional.items]
        if pack.target_cohort:
            story.append(_bullet(f"Target cohort identified by the buyer: {pack.target_cohort}", styles))
    story.append(Paragraph(safe_paragraph_text(f"Source: {pack.source}", 1000), styles["Note"]))
    return story


def write_tender_pdf(pack: TenderQuestionPack, path: str | Path, *, header: ReportHeader,
                     progress: ProgressCallback | None = None) -> Path:
    """Write the pack to `path` (only once complete); InterruptedError when progress says cancel."""
    styles = stylesheet()
    story = tender_story(pack, styles)
    title = tender_title(pack)

    def write(stream) -> None:
        document = ReportDocTemplate(stream, header=header, report_title=title,
                                     subject=f"{pack.contract_reference} {pack.contract_title}"[:300],
                                     progress=progress, with_cover=False)
        document.build_report(story, passes_expected=1)

    return write_atomically(Path(path), write)
