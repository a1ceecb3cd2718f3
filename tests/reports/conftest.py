"""Report fixtures: services with demo data or hostile data, and a PDF reader that returns text per page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, ParentKind, Stage
from sv_desktop.services.demo.generator import generate_demo

MEETING = date(2026, 11, 22)
LONG_NOTE = ("Long note line. " * 700)[:10_000]
HOSTILE_TITLE = "<b>&</b> \x00\x07 bell 🌍 مرحبا بالعالم שלום עולם"


@dataclass
class ReadPdf:
    reader: PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        """All pages with runs of whitespace (line wraps) as single spaces, for phrase checks."""
        return flat("\n".join(self.pages))

    def page(self, index: int) -> str:
        return flat(self.pages[index])

    def outline_titles(self) -> list[str]:
        titles: list[str] = []

        def walk(items) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    titles.append(item.title)

        walk(self.reader.outline)
        return titles


def flat(text: str) -> str:
    return " ".join(text.split())


def read_pdf(path: Path) -> ReadPdf:
    reader = PdfReader(str(path))
    return ReadPdf(reader, [page.extract_text() or "" for page in reader.pages])


def with_fixed_clock(services):
    services.reports.clock = lambda: datetime(2026, 11, 20, 9, 30)
    return services


def demo_data(services):
    """What demo_services holds: generated once per test process, copied for each test."""
    generate_demo(services.uow_factory, contracts=120, today=MEETING)


DEMO = ("reports-demo-120", demo_data)  # the template key and how to fill it


@pytest.fixture
def fixed_clock(services):
    return with_fixed_clock(services)


@pytest.fixture
def demo_services(seeded_services):
    return with_fixed_clock(seeded_services(*DEMO))


@pytest.fixture
def hostile_services(fixed_clock):
    """Contracts whose text tries every way to break a PDF build."""
    pipeline = fixed_clock.pipeline
    pipeline.create(ContractData(
        reference="HOST-1", title=HOSTILE_TITLE, category=Category.DDAT, stage=Stage.DELIVERY,
        description="Line one\nLine two <i>not italic</i> & more\r\nLine three",
        total_value=Decimal("1200000"), annual_value=Decimal("400000"),
        start_date=date(2024, 1, 1), end_date=date(2027, 3, 31), notice_period_months=3,
        procurement_lead="Zoë O'Brien <lead>", contract_manager="أحمد", supplier_names=("Acme & Sons <Ltd>",),
        notes=LONG_NOTE,
    ))
    pipeline.create(ContractData(
        reference="HOST-1-LOT", title="Lot of the hostile one 🚑", category=Category.DDAT, stage=Stage.TENDER,
        parent_reference="HOST-1", parent_kind=ParentKind.LOT, start_date=date(2027, 4, 1),
    ))
    return fixed_clock
