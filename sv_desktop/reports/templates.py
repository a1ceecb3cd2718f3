"""Page geometry, the cover and later-page templates, the numbered canvas, contents and bookmarks.

Every page carries the protective marking at top and bottom (the Government
Security Classifications convention) and "Page X of Y", which the numbered
canvas writes once the total is known.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from sv_desktop.reports import styles as s
from sv_desktop.reports.data import ReportHeader
from sv_desktop.reports.flowables import safe_plain_text
from sv_desktop.reports.styles import ReportStyles

ProgressCallback = Callable[[int, int], bool]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
HEADER_BASELINE = PAGE_HEIGHT - 12 * mm
FOOTER_BASELINE = 10 * mm
PROGRESS_EVERY = 20  # flowables between progress reports (and chances to cancel)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis so it fits `width` points on one line."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class NumberedCanvas(Canvas):
    """Holds every page until save(), then writes "Page X of Y" on each (the pretix recipe)."""

    def __init__(self, *args, **kwargs):
        # The embedded font from the first operator on, so no page refers to Helvetica.
        if not kwargs.get("initialFontName"):  # BaseDocTemplate passes None explicitly
            kwargs["initialFontName"] = s.FONT
        if not kwargs.get("initialFontSize"):
            kwargs["initialFontSize"] = 9
        super().__init__(*args, **kwargs)
        self._page_states: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab override
        self._page_states.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab stubs: Canvas._startPage is missing

    def save(self) -> None:
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        self.saveState()
        self.setFont(s.FONT, 7.5)
        self.setFillColor(s.NHS_DARK_GREY)
        page = self._pageNumber  # type: ignore[attr-defined]  # reportlab stubs: Canvas._pageNumber is missing
        self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, FOOTER_BASELINE, f"Page {page} of {total}")
        self.restoreState()


class Heading(Paragraph):
    """A section heading that becomes a contents line and a PDF bookmark."""

    def __init__(self, text: str, style, level: int, key: str, *, in_contents: bool = True):
        super().__init__(html.escape(text), style)
        self.plain_title = text
        self.level = level
        self.bookmark_key = key
        self.in_contents = in_contents


def heading(text: str, styles: ReportStyles, level: int, key: str, *, in_contents: bool = True) -> Flowable:
    """A heading that moves to the next page rather than sit alone at the foot of this one.

    (keepWithNext would move a heading followed by one long paragraph - a 10,000-character
    note - to a new page, leaving most of this one blank.)
    """
    styled = Heading(text, styles["Heading1" if level == 0 else "Heading2"], level, key, in_contents=in_contents)
    return KeepTogether([CondPageBreak(72), styled]) if level > 0 else styled


class Bookmark(Flowable):
    """An invisible anchor: a bookmark (and optional contents line) for a page with no heading of its own."""

    def __init__(self, title: str, key: str, level: int = 0, *, in_contents: bool = False):
        super().__init__()
        self.plain_title = title
        self.bookmark_key = key
        self.level = level
        self.in_contents = in_contents

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def contents(styles: ReportStyles) -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0)
    toc.tableStyle = TableStyle([("FONT", (0, 0), (-1, -1), s.FONT, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    toc.levelStyles = [styles["Contents1"], styles["Contents2"]]
    return toc


class ReportDocTemplate(BaseDocTemplate):
    """A4 report: a cover template, a later-page template, bookmarks, contents and cancellable progress."""

    def __init__(
        self,
        target,
        *,
        header: ReportHeader,
        report_title: str,
        subject: str,
        progress: ProgressCallback | None = None,
        with_cover: bool = True,
    ):
        author = safe_plain_text(header.organisation_name, 200)
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=safe_plain_text(report_title, 300), author=author,
            subject=safe_plain_text(subject, 300), creator=f"SV Desktop {header.app_version}",
            producer=f"SV Desktop {header.app_version} (ReportLab)", lang="en-GB",
        )
        self.header = header
        self.report_title = report_title
        self._progress = progress
        self._flowables_done = 0
        self._flowables_expected = 1
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate(id="later", frames=[frame], onPage=self._draw_later_page)]
        if with_cover:
            templates.insert(0, PageTemplate(id="cover", frames=[frame], onPage=self._draw_cover_page))
        self.addPageTemplates(templates)

    # -- building ----------------------------------------------------------------------
    def build_report(self, story: Sequence[Flowable], *, passes_expected: int = 2) -> None:
        """Lay out the story (twice or more when it has a contents page), reporting progress."""
        self._flowables_expected = max(1, len(story) * passes_expected)
        self._flowables_done = 0
        self._report_progress(force=True)
        self.multiBuild(list(story), canvasmaker=NumberedCanvas)

    def _report_progress(self, *, force: bool = False) -> None:
        if self._progress is None:
            return
        if force or self._flowables_done % PROGRESS_EVERY == 0:
            total = max(self._flowables_expected, self._flowables_done + 1)
            if not self._progress(min(self._flowables_done, total), total):
                raise InterruptedError("Report cancelled; no file was written.")

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab hook
        self._flowables_done += 1
        self._report_progress()
        if not isinstance(flowable, (Heading, Bookmark)):  # the only flowables with a bookmark_key
            return
        key = flowable.bookmark_key
        title = safe_plain_text(flowable.plain_title, 200)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=flowable.level, closed=flowable.level > 0)
        if flowable.in_contents:
            self.notify("TOCEntry", (flowable.level, html.escape(title), self.page, key))

    def handle_documentBegin(self) -> None:  # noqa: N802 - ReportLab hook
        super().handle_documentBegin()
        self.canv.showOutline()

    # -- page decoration -----------------------------------------------------------------
    def _marking(self) -> str:
        return safe_plain_text(self.header.protective_marking, 100)

    def _draw_marking(self, canvas: Canvas, y: float) -> None:
        marking = self._marking()
        if marking:
            canvas.setFont(s.FONT_BOLD, 8.5)
            canvas.setFillColor(s.NHS_DARK_BLUE)
            canvas.drawCentredString(PAGE_WIDTH / 2, y, fit_text(marking, s.FONT_BOLD, 8.5, FRAME_WIDTH * 0.5))

    def _draw_cover_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(s.NHS_BLUE)
        canvas.rect(0, PAGE_HEIGHT - 6 * mm, PAGE_WIDTH, 6 * mm, stroke=0, fill=1)
        canvas.rect(0, 0, PAGE_WIDTH, 4 * mm, stroke=0, fill=1)
        self._draw_marking(canvas, PAGE_HEIGHT - 13 * mm)
        self._draw_marking(canvas, FOOTER_BASELINE + 3 * mm)
        self._draw_generated(canvas)
        canvas.restoreState()

    def _draw_later_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        organisation = safe_plain_text(self.header.organisation_name, 200)
        canvas.setFont(s.FONT, 8)
        canvas.setFillColor(s.NHS_DARK_GREY)
        canvas.drawString(MARGIN_LEFT, HEADER_BASELINE, fit_text(organisation, s.FONT, 8, FRAME_WIDTH * 0.3))
        title = safe_plain_text(self.report_title, 200)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, HEADER_BASELINE,
                               fit_text(title, s.FONT, 8, FRAME_WIDTH * 0.3))
        self._draw_marking(canvas, HEADER_BASELINE)
        canvas.setStrokeColor(s.NHS_BLUE)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN_LEFT, HEADER_BASELINE - 3 * mm, PAGE_WIDTH - MARGIN_RIGHT, HEADER_BASELINE - 3 * mm)
        canvas.setStrokeColor(s.NHS_PALE_GREY)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, FOOTER_BASELINE + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, FOOTER_BASELINE + 4 * mm)
        self._draw_marking(canvas, FOOTER_BASELINE)
        self._draw_generated(canvas)
        canvas.restoreState()

    def _draw_generated(self, canvas: Canvas) -> None:
        canvas.setFont(s.FONT, 7.5)
        canvas.setFillColor(s.NHS_DARK_GREY)
        canvas.drawString(MARGIN_LEFT, FOOTER_BASELINE, f"Produced {_stamp(self.header.generated_at)}")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def later_pages() -> list[Flowable]:
    """Switch from the cover to the later-page template at the next page break."""
    return [NextPageTemplate("later"), PageBreak()]
