"""The tender question pack as a Word document: what ITT packs are assembled in.

Built with python-docx from the same TenderQuestionPack the text and PDF use,
so the three outputs always say the same thing.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from sv_desktop.domain.tender_pack import TenderQuestionPack

NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Word's XML cannot hold control characters; drop them rather than write a broken file."""
    return _XML_ILLEGAL.sub("", text)


def _percent(value) -> str:
    return f"{value.normalize():f} %"


def write_tender_docx(pack: TenderQuestionPack, path: str | os.PathLike) -> Path:
    """Write the pack to `path` (atomically: a failed write leaves any old file in place)."""
    target = Path(path)
    document = Document()
    for section in document.sections:  # python-docx's template is US Letter; NHS documents are A4
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = NHS_BLUE
        document.styles[name].font.name = "Arial"
    core = document.core_properties
    core.title = _clean(f"Social value questions: {pack.contract_reference}")
    core.subject = _clean(pack.contract_title)
    core.author = "SV Desktop"

    document.add_heading(_clean(f"Social value questions — {pack.contract_reference}"), level=1)
    document.add_paragraph(_clean(pack.contract_title))
    if pack.weighting_percent is not None:
        document.add_paragraph(f"Social value weighting: {_percent(pack.weighting_percent)} of the total score.")
    if pack.is_empty:
        document.add_paragraph("No social value outcomes have been selected for this contract yet.")
    for question in pack.questions:
        share = (f" ({_percent(question.weight_percent)} of the total score)"
                 if question.weight_percent is not None else "")
        document.add_heading(_clean(f"Question {question.number}: {question.outcome_title}{share}"), level=2)
        document.add_paragraph(_clean(question.question))
        if question.workforce_baseline:
            document.add_paragraph(_clean(question.workforce_baseline))
        if question.criteria:
            document.add_heading("Award criteria", level=3)
            for criterion in question.criteria:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(_clean(f"{criterion.ref} ")).bold = True
                paragraph.add_run(_clean(criterion.text))
                for sub in criterion.sub_criteria:
                    document.add_paragraph(_clean(sub.text), style="List Bullet 2")
        if question.metrics:
            document.add_heading("Reporting metrics", level=3)
            for metric in question.metrics:
                document.add_paragraph(_clean(f"{metric.ref} {metric.label}"), style="List Bullet")
    if pack.other_metrics:
        document.add_heading("Further reporting metrics", level=2)
        for metric in pack.other_metrics:
            document.add_paragraph(_clean(f"{metric.ref} {metric.label}"), style="List Bullet")
    if pack.additional_criteria:
        document.add_heading("Additional award criteria", level=2)
        document.add_paragraph("Each response is assessed against these criteria.")
        for additional in pack.additional_criteria:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(_clean(additional.text))
            if additional.pass_gate:
                paragraph.add_run(" (minimum requirement to score points)").bold = True
            for item in additional.items:
                document.add_paragraph(_clean(item), style="List Bullet 2")
        if pack.target_cohort:
            document.add_paragraph(_clean(f"Target cohort identified by the buyer: {pack.target_cohort}"),
                                   style="List Bullet")
    footer = document.add_paragraph(_clean(f"Source: {pack.source}"))
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT
    footer.runs[0].font.size = Pt(8)

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".docx", dir=target.parent)
    os.close(handle)
    try:
        document.save(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
