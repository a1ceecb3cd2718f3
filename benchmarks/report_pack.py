"""Committee pack benchmark: the full pack against a raw single-pass ReportLab rendering of its tables.

Run on demand (not in CI):  .venv/bin/python benchmarks/report_pack.py [--contracts 1000]

Fills a temporary store with demo contracts, then times (median of 3 runs each):
1. pack: ReportService.build_pack with every section - cover, contents (a
   second layout pass), charts, numbered pages, bookmarks, safe text.
2. raw: one SimpleDocTemplate.build of the same tables (pipeline renewals, new
   tenders, contract register): the same rows and columns, Paragraph cells in
   the same wrapped columns, in chunks of the same size, with the same embedded
   font, no contents, no charts, no page decoration.
Target: pack / raw <= 2.5. Prints results; asserts nothing.
"""
from __future__ import annotations

import argparse
import html
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MEETING = date(2026, 11, 22)


def _median_seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def raw_tables(pack) -> list[tuple[tuple[str, ...], list[list[str]], tuple[float, ...], tuple[int, ...]]]:
    """The pack's big tables as plain header/rows/widths/wrapped-columns, from the same data."""
    from sv_desktop.reports import sections as s

    def pipeline_rows(lines):
        return [[l.reference, l.title, l.category.label, l.stage.label, s._money(l.annual_value),
                 s._date(l.end_date), s._date(l.decision_due), l.suppliers or l.procurement_lead or "—"]
                for l in lines]

    register = [[s._reference_cell(l), l.title, l.category.label, l.stage.label, s._money(l.total_value),
                 s._money(l.annual_value), s._date(l.start_date), s._date(l.end_date), l.suppliers or "—"]
                for l in sorted(pack.contracts, key=lambda line: line.reference)]
    return [
        (s.PIPELINE_HEADER, pipeline_rows(pack.renewals), s.PIPELINE_FRACTIONS, (0, 1, 2, 3, 6, 7)),
        (s.PIPELINE_HEADER, pipeline_rows(pack.new_tenders), s.PIPELINE_FRACTIONS, (0, 1, 2, 3, 6, 7)),
        (s.REGISTER_HEADER, register, s.REGISTER_FRACTIONS, (0, 1, 2, 3, 8)),
    ]


def build_raw(pack, out: Path) -> None:
    """A single-pass SimpleDocTemplate of the same tables: the floor the pack is compared with."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from sv_desktop.reports.flowables import TABLE_CHUNK_ROWS
    from sv_desktop.reports.styles import FONT, register_fonts

    register_fonts()
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7.2, leading=8.8)
    width = A4[0] - 36 * mm
    story = []
    for header, rows, fractions, wrapped in raw_tables(pack):
        widths = [width * fraction for fraction in fractions]
        for start in range(0, len(rows), TABLE_CHUNK_ROWS):
            body = [[Paragraph(html.escape(value), cell) if index in wrapped else value
                     for index, value in enumerate(row)] for row in rows[start:start + TABLE_CHUNK_ROWS]]
            table = Table([list(header), *body], colWidths=widths, repeatRows=1)
            table.setStyle([("FONT", (0, 0), (-1, -1), FONT, 7.2)])
            story.append(table)
    SimpleDocTemplate(str(out), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm).build(story)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from pypdf import PdfReader

    from sv_desktop.app import build_services
    from sv_desktop.services.demo.generator import generate_demo
    from sv_desktop.services.reports import PackOptions

    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        services = build_services(f"sqlite+pysqlite:///{folder_path / 'bench.sqlite3'}")
        try:
            generate_demo(services.uow_factory, contracts=args.contracts, today=MEETING)
            options = PackOptions(meeting_date=MEETING)
            pack_pdf, raw_pdf = folder_path / "pack.pdf", folder_path / "raw.pdf"
            services.reports.build_pack(options, pack_pdf)  # warm up: imports, font parsing
            pack_seconds = _median_seconds(lambda: services.reports.build_pack(options, pack_pdf), args.repeats)
            data = services.reports.pack_data(options)
            build_raw(data, raw_pdf)
            raw_seconds = _median_seconds(lambda: build_raw(data, raw_pdf), args.repeats)
            pack_pages, raw_pages = len(PdfReader(str(pack_pdf)).pages), len(PdfReader(str(raw_pdf)).pages)
            rows = sum(len(rows) for _header, rows, _fractions, _wrapped in raw_tables(data))
        finally:
            services.close()
    print(f"contracts: {args.contracts:,}; table rows: {rows:,}; median of {args.repeats}")
    print(f"committee pack (data + 2-pass layout): {pack_seconds:.2f} s, {pack_pages} pages")
    print(f"raw single-pass tables:               {raw_seconds:.2f} s, {raw_pages} pages")
    print(f"ratio: {pack_seconds / raw_seconds:.2f}  (target <= 2.5)")


if __name__ == "__main__":
    main()
