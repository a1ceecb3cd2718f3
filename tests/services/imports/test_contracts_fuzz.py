"""Fuzzing the contract importer: malformed rows among valid ones, into a store that already holds contracts.

Bad dates, bad amounts, unknown categories, duplicate references, text too long for its
column, missing titles and end dates before start dates are mixed with valid rows, whose
titles and notes may look like spreadsheet formulas. Either the import is refused, with a
message for every rejected row and every stored row exactly as it was, or (skipping
invalid rows) exactly the valid rows are stored and nothing else changes.
"""
from __future__ import annotations

import csv
import itertools
import string
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.supplier import supplier_key
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.store.models import AuditEvent, Contract, ContractSupplier, StageChange, Supplier

HEADERS = ["Reference", "Title", "Category", "Stage", "Total value", "Start date", "End date", "Extension options",
           "Supplier(s)", "Notes"]
FIRST_DATA_ROW = 3  # a title row, then the header row
TABLES = (Contract, ContractSupplier, Supplier, StageChange, AuditEvent)
FORMULA_LIKE = ["=SUM(A1:A3)", "=cmd|' /C calc'!A0", "+44 20 7946 0000", "-1 lots", "@SUM(1)",
                '=HYPERLINK("http://example.invalid","x")']
SUPPLIERS = ["Clean Co", "clean  co", "Mercia FM Ltd", "New Supplier Ltd"]
NEEDS_SUPPLIER = (Stage.AWARDED, Stage.DELIVERY)
MALFORMED = {
    "bad date": ("start", ["31/02/2025", "next week", "2025-13-01", "00/00/0000"], "Start date"),
    "bad amount": ("value", ["lots", "-5", "£1,2,3,x", "12.3.4", "1e5"], "Total value"),
    "unknown category": ("category", ["Catering", "Legal services"], "Category"),
    "title too long": ("title", ["T" * 301], "Title"),
    "no title": ("title", [""], "Title"),
    "extension options too long": ("extension", ["E" * 201], "Extension options"),
    "supplier name too long": ("suppliers", ["S" * 201], "Supplier(s)"),
    "end before start": ("end", [None], "End date"),
}
_new_references = itertools.count(1)

text = st.text(alphabet=string.ascii_letters + string.digits + " &'\",.()£=+@/-é", min_size=1, max_size=40)


@dataclass
class Row:
    reference: str
    title: str
    category: str
    stage: Stage
    value: str
    start: date | None
    end: date | None
    extension: str
    suppliers: str
    notes: str
    malformed: str = ""  # which MALFORMED kind, or "duplicate"; "" for a valid row
    start_text: str = ""  # a malformed start date as typed

    def cells(self) -> list[object]:
        start = self.start_text or (self.start.strftime("%d/%m/%Y") if self.start else "")
        return [self.reference, self.title, self.category, self.stage.label, self.value, start,
                self.end.strftime("%d/%m/%Y") if self.end else "", self.extension, self.suppliers, self.notes]


@st.composite
def valid_row(draw, reference: str) -> Row:
    stage = draw(st.sampled_from(list(Stage)))
    suppliers = draw(st.sampled_from(SUPPLIERS)) if stage in NEEDS_SUPPLIER else draw(
        st.sampled_from(["", *SUPPLIERS]))
    category = draw(st.sampled_from(list(Category)))
    start = draw(st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31))))
    end = None if start is None else start + timedelta(days=draw(st.integers(1, 3000)))
    pence = draw(st.integers(0, 10 ** 11))
    return Row(
        reference=reference,
        title=draw(st.one_of(st.sampled_from(FORMULA_LIKE), text.filter(str.strip))),
        category=draw(st.sampled_from([category.label, category.value, category.label.upper()])),
        stage=stage,
        value=f"£{Decimal(pence) / 100:,.2f}",
        start=start,
        end=end,
        extension=draw(st.sampled_from(["", "1 + 1 years", "=2*12"])),
        suppliers=suppliers,
        notes=draw(st.one_of(st.just(""), st.sampled_from(FORMULA_LIKE), text)),
    )


def spoil(row: Row, kind: str, draw) -> Row:
    field, choices, _column = MALFORMED[kind]
    row.malformed = kind
    bad = draw(st.sampled_from(choices))
    if field == "start":
        row.start_text = bad
    elif field == "end":
        row.start = row.start or date(2026, 4, 1)
        row.end = row.start - timedelta(days=draw(st.integers(0, 400)))
    else:
        setattr(row, field, bad)
    return row


@st.composite
def register(draw, existing: list[str]) -> list[Row]:
    """Rows with references of stored contracts (each at most once) or new ones; the same draws whatever
    the store holds (hypothesis replays them), so picks are drawn as numbers and applied modulo."""
    unused = list(existing)
    rows: list[Row] = []
    for _ in range(draw(st.integers(1, 10))):
        stored, pick = draw(st.booleans()), draw(st.integers(0, 10 ** 6))
        reference = unused.pop(pick % len(unused)) if stored and unused else f"FZ-{next(_new_references)}"
        row = draw(valid_row(reference))
        kind, pick = draw(st.sampled_from(["", "", "", "duplicate", *MALFORMED])), draw(st.integers(0, 10 ** 6))
        earlier = [r.reference for r in rows if not r.malformed]
        if kind == "duplicate" and earlier:
            row.reference, row.malformed = earlier[pick % len(earlier)], "duplicate"
        elif kind and kind != "duplicate":
            row = spoil(row, kind, draw)
        rows.append(row)
    return rows


def write(path, rows: list[Row]):
    body = [["Contract register"], HEADERS, *[row.cells() for row in rows]]
    if path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(body)
        return path
    book = Workbook()
    sheet = book.active
    for cells in body:
        sheet.append(cells)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as Excel keeps it after a leading '
    book.save(path)
    return path


def snapshot(services) -> dict[str, list[tuple]]:
    """Every row of every table an import writes, in primary key order."""
    with services.uow_factory() as uow:
        return {model.__tablename__: [tuple(row) for row in uow.session.execute(
            select(model.__table__).order_by(*model.__table__.primary_key.columns))] for model in TABLES}


def contracts_by_reference(tables: dict[str, list[tuple]]) -> dict[str, tuple]:
    at = list(Contract.__table__.c.keys()).index("reference")
    return {row[at]: row for row in tables["contracts"]}


@pytest.fixture
def stocked(services):
    for number, stage in enumerate((Stage.PIPELINE, Stage.DELIVERY, Stage.CLOSED), start=1):
        services.pipeline.create(ContractData(
            f"EX-{number}", f"Existing contract {number}", Category.ESTATES_FACILITIES, stage=stage,
            total_value=Decimal("125000.00"), start_date=date(2024, 4, 1), end_date=date(2027, 3, 31),
            supplier_names=("Clean Co",) if stage is Stage.DELIVERY else ()))
    return services


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), skip_invalid=st.booleans(), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_malformed_rows_are_all_named_and_never_partly_imported(stocked, tmp_path_factory, data, skip_invalid, suffix):
    services = stocked
    rows = data.draw(register(services.pipeline.references()))
    path = write(tmp_path_factory.mktemp("fuzz") / f"register{suffix}", rows)
    before = snapshot(services)

    result = services.contract_import.import_file(path, skip_invalid=skip_invalid)

    expected = [FIRST_DATA_ROW + index for index, row in enumerate(rows) if row.malformed]
    assert [number for number, _ in result.rejected] == expected
    assert all(reason for _, reason in result.rejected)
    for number, row in ((FIRST_DATA_ROW + i, r) for i, r in enumerate(rows) if r.malformed):
        columns = {p.column for p in result.problems if p.row == number}
        wanted = "Reference" if row.malformed == "duplicate" else MALFORMED[row.malformed][2]
        assert wanted in columns, (row.malformed, [str(p) for p in result.problems if p.row == number])
    if expected and not skip_invalid:
        assert result.refused and not result.stored
        assert snapshot(services) == before
        return
    valid = [row for row in rows if not row.malformed]
    for row in valid:
        stored = services.pipeline.find(row.reference).data
        assert stored.title == " ".join(row.title.split())
        assert stored.category is Category.from_text(row.category) and stored.stage is row.stage
        assert stored.total_value == Decimal(row.value.lstrip("£").replace(",", ""))
        assert (stored.start_date, stored.end_date) == (row.start, row.end)
        assert [supplier_key(n) for n in stored.supplier_names] == [supplier_key(n) for n in row.suppliers.split(";")
                                                                    if n.strip()]
    touched = {row.reference for row in valid}
    stored_before, stored_after = contracts_by_reference(before), contracts_by_reference(snapshot(services))
    assert {ref: r for ref, r in stored_before.items() if ref not in touched} == {
        ref: r for ref, r in stored_after.items() if ref not in touched}  # malformed rows' contracts included
    assert set(stored_after) == set(stored_before) | touched
