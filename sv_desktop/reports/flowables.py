"""Safe text and the few flowables every report uses: tables in chunks, key figures, "none recorded".

Everything a person typed reaches the PDF through `safe_paragraph_text` (for
Paragraph markup) or `safe_plain_text` (for text drawn straight on the canvas),
so `<`, `&`, control characters, huge notes and characters the font lacks can
never break a build: they are escaped, dropped, shortened or replaced visibly.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import cast

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.styles import ReportStyles

# A generous limit: a 10,000-character note prints whole; a pasted book does not.
TEXT_LIMIT = 20_000
# Table cells must stay shorter than a page, or ReportLab cannot lay the row out.
CELL_LIMIT = 400
MISSING_GLYPH = "□"
# Rows per Table: ReportLab lays out many small tables far faster than one huge one (ENGINEERING.md).
TABLE_CHUNK_ROWS = 250
CELL_FONT_SIZE = 7.2
CELL_PADDING = 2.5

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ZERO_WIDTH_FORMAT = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@lru_cache(maxsize=1)
def _covered_code_points() -> frozenset[int]:
    report_styles.register_fonts()
    # reportlab stubs: getFont returns whatever was registered (here the TTFont that register_fonts
    # made), but is annotated as the Type 1 Font class, which TTFont does not subclass.
    face = cast(TTFont, pdfmetrics.getFont(report_styles.FONT)).face
    return frozenset(face.charToGlyph)


def truncated(text: str, limit: int) -> str:
    """The text, or its first `limit` characters and a visible note of how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [truncated, {len(text) - limit:,} characters omitted]"


def _clean(text: object, limit: int) -> str:
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", value)
    value = _ZERO_WIDTH_FORMAT.sub("", value)
    value = truncated(value, limit)
    covered = _covered_code_points()
    if all(ord(ch) in covered or ch == "\n" for ch in value):
        return value
    return "".join(ch if ch == "\n" or ord(ch) in covered else MISSING_GLYPH for ch in value)


def safe_plain_text(text: object, limit: int = 300) -> str:
    """Text for canvas.drawString: one line, no control characters, only glyphs the font has."""
    return _clean(text, limit).replace("\n", " ")


def safe_paragraph_text(text: object, limit: int = TEXT_LIMIT) -> str:
    """Paragraph markup showing exactly what was typed: escaped, line breaks kept, font-safe."""
    return html.escape(_clean(text, limit), quote=False).replace("\n", "<br/>")


def para(text: object, style, limit: int = TEXT_LIMIT) -> Paragraph:
    """A Paragraph of user (or any untrusted) text."""
    return Paragraph(safe_paragraph_text(text, limit), style)


def none_recorded(styles: ReportStyles, what: str = "") -> Paragraph:
    """The line an empty section or table prints instead of a blank."""
    return Paragraph(f"None recorded{' — ' + html.escape(what) if what else ''}.", styles["NoneRecorded"])


def data_table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    column_fractions: Sequence[float],
    width: float,
    styles: ReportStyles,
    *,
    right_aligned: Sequence[int] = (),
    wrapped: Sequence[int] = (),
    chunk_rows: int = TABLE_CHUNK_ROWS,
) -> list[Table]:
    """A data table split into chunks, each repeating its header row when it crosses a page.

    Cells in `wrapped` columns become Paragraphs (they may need several lines);
    the rest are drawn as single-line strings, which is much faster. Single-line
    columns are widened to their longest cell (taking the room from the wrapped
    ones), so no value ever runs into its neighbour.
    """
    wrapped_set, right_set = set(wrapped), set(right_aligned)
    text_rows = [[safe_paragraph_text(value, CELL_LIMIT) if index in wrapped_set else safe_plain_text(value, 80)
                  for index, value in enumerate(row)] for row in rows]
    col_widths = fitted_widths(header, text_rows, column_fractions, width, wrapped_set)
    header_row: list[Paragraph | str] = [Paragraph(html.escape(title), styles["CellHeader"]) for title in header]
    cell_style, right_style = styles["Cell"], styles["CellRight"]
    chunks: list[Table] = []
    for start in range(0, len(text_rows), chunk_rows):
        body: list[list[Paragraph | str]] = [
            [Paragraph(cell, right_style if index in right_set else cell_style) if index in wrapped_set else cell
             for index, cell in enumerate(row)]
            for row in text_rows[start:start + chunk_rows]]
        chunks.append(_styled_table([header_row, *body], col_widths, right_set))
    return chunks


def fitted_widths(header: Sequence[str], text_rows: Sequence[Sequence[str]], column_fractions: Sequence[float],
                  width: float, wrapped: set[int]) -> list[float]:
    """Column widths from the fractions, with single-line columns grown to fit their widest cell."""
    widths = [width * fraction for fraction in column_fractions]
    if not text_rows or not wrapped:
        return widths
    report_styles.register_fonts()
    # What each column must have: single-line columns their widest value, wrapped ones their longest word.
    needed: list[float] = []
    for index in range(len(widths)):
        if index in wrapped:
            words = {word for row in text_rows
                     for word in html.unescape(row[index].replace("<br/>", " ")).split() if len(word) <= 24}
            widest = max((stringWidth(word, report_styles.FONT, CELL_FONT_SIZE) for word in words), default=0)
        else:
            widest = max((stringWidth(row[index], report_styles.FONT, CELL_FONT_SIZE) for row in text_rows),
                         default=0)
        needed.append(widest + 2 * CELL_PADDING + 1)
    result = [max(widths[index], needed[index]) for index in range(len(widths))]
    extra = sum(result) - width
    if extra <= 0:
        return result
    # Take the room from wrapped columns with more than their longest word needs, in proportion to that spare.
    spare = {index: widths[index] - needed[index] for index in wrapped if widths[index] > needed[index]}
    room = sum(spare.values())
    if room < extra:
        return widths  # nothing can give enough: keep the fractions (long words wrap)
    for index, give in spare.items():
        result[index] = widths[index] - extra * give / room
    return result


def _styled_table(data: list[list[Paragraph | str]], col_widths: list[float], right_columns: set[int]) -> Table:
    table = Table(data, colWidths=col_widths, repeatRows=1)
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), report_styles.FONT, CELL_FONT_SIZE),
        ("TEXTCOLOR", (0, 1), (-1, -1), report_styles.TEXT),
        ("BACKGROUND", (0, 0), (-1, 0), report_styles.NHS_BLUE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, report_styles.NHS_PALE_GREY]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#C8D1D3")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ])
    for column in right_columns:
        style.add("ALIGN", (column, 1), (column, -1), "RIGHT")
    table.setStyle(style)
    return table


def key_value_table(pairs: Sequence[tuple[str, object]], width: float, styles: ReportStyles) -> Table:
    """Label / value rows for one record (the contract report's details)."""
    data = [[Paragraph(html.escape(label), styles["Cell"]), para(value, styles["Cell"], CELL_LIMIT * 5)]
            for label, value in pairs]
    table = Table(data, colWidths=[width * 0.28, width * 0.72])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), report_styles.FONT, CELL_FONT_SIZE),
        ("BACKGROUND", (0, 0), (0, -1), report_styles.NHS_PALE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#C8D1D3")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def key_figures(figures: Sequence[tuple[str, str]], width: float, styles: ReportStyles, per_row: int = 4) -> Flowable:
    """The executive summary's boxed headline numbers, `per_row` to a line."""
    cells = [
        [Paragraph(html.escape(value), styles["FigureValue"]), Paragraph(html.escape(label), styles["FigureLabel"])]
        for label, value in figures]
    rows: list[list[list[Paragraph] | str]] = []
    for start in range(0, len(cells), per_row):
        # Each cell holds its value and label paragraphs; a short last row is padded with empty cells.
        chunk: list[list[Paragraph] | str] = list(cells[start:start + per_row])
        chunk += [""] * (per_row - len(chunk))
        rows.append(chunk)
    column = width / per_row
    table = Table(rows, colWidths=[column] * per_row)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), report_styles.FONT, CELL_FONT_SIZE),
        ("BOX", (0, 0), (-1, -1), 0.5, report_styles.NHS_PALE_GREY),
        ("INNERGRID", (0, 0), (-1, -1), 3, colors.white),
        ("BACKGROUND", (0, 0), (-1, -1), report_styles.NHS_PALE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return KeepTogether([table])
