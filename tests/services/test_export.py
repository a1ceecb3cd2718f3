"""Exporting the pipeline and the delivery portfolio: the table's columns, its filter, typed cells."""
from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.export import (
    ExportError,
    ExportService,
    pipeline_index,
    pipeline_table,
)
from sv_desktop.services.pipeline_index import COLUMNS, OPEN_STAGES, Column, PipelineFilter
from tests.services.test_delivery_portfolio import built, portfolio  # noqa: F401 - the same fixtures


@pytest.fixture
def pipeline(services):
    create = services.pipeline.create
    create(ContractData(reference="EST-001", title="Hospital facilities management",
                        category=Category.ESTATES_FACILITIES, stage=Stage.DELIVERY,
                        supplier_names=("Acme Facilities Ltd",), total_value=Decimal("6000000"),
                        annual_value=Decimal("2000000.50"), start_date=date(2025, 4, 1), end_date=date(2028, 3, 31),
                        procurement_lead="Priya Shah"))
    create(ContractData(reference="DIG-002", title="=HYPERLINK(\"http://evil.example\",\"Click\")",
                        category=Category.DDAT, stage=Stage.PIPELINE, procurement_lead="-Dana"))
    create(ContractData(reference="OLD-003", title="Closed laundry contract", category=Category.ESTATES_FACILITIES,
                        stage=Stage.CLOSED, total_value=Decimal("10000")))
    return services.pipeline


def export_pipeline(path, index):
    """Write what `index` shows as `sv-desktop export` and the Export menu do: its table, then ExportService.write."""
    service = ExportService(pipeline=None, portfolio=None)  # building the table from an index needs neither
    return service.write(path, [service.pipeline_table(index)])


def export_portfolio(path, delivery_portfolio, wanted=None):
    """Write the portfolio (for `wanted`) as the Export menu does: its tables, then ExportService.write."""
    service = ExportService(pipeline=None, portfolio=delivery_portfolio)
    tables = service.portfolio_tables(delivery_portfolio.portfolio(wanted)) if wanted else service.portfolio_tables()
    return service.write(path, tables)


def test_the_pipeline_export_has_the_tables_columns_and_typed_values(pipeline, tmp_path):
    index = pipeline_index(pipeline)
    result = export_pipeline(tmp_path / "pipeline.xlsx", index)
    assert result.rows == 3 and "Exported 3 rows" in result.text
    sheet = openpyxl.load_workbook(result.path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [column.value for column in COLUMNS]
    assert [row[0] for row in rows[1:]] == ["DIG-002", "EST-001", "OLD-003"]  # sorted by reference
    estates = dict(zip(rows[0], rows[2]))
    assert estates["Total value"] == 6000000 and estates["Annual value"] == pytest.approx(2000000.50)
    assert estates["Start"] == datetime(2025, 4, 1) and estates["End"] == datetime(2028, 3, 31)
    assert estates["Stage"] == Stage.DELIVERY.label and estates["Suppliers"] == "Acme Facilities Ltd"
    assert estates["Policy compliance"] is None  # not worked out: blank, never "Checking…"
    digital = dict(zip(rows[0], rows[1]))
    assert digital["Title"] == "'=HYPERLINK(\"http://evil.example\",\"Click\")"
    assert digital["Procurement lead"] == "'-Dana" and digital["Total value"] is None
    money_cell = sheet.cell(row=3, column=COLUMNS.index(Column.TOTAL_VALUE) + 1)
    assert money_cell.data_type == "n" and "£" in money_cell.number_format
    assert sheet.freeze_panes == "A2"


def test_the_export_honours_the_filter_and_the_sort(pipeline, tmp_path):
    index = pipeline_index(pipeline, PipelineFilter(stage=OPEN_STAGES, category=Category.ESTATES_FACILITIES))
    result = export_pipeline(tmp_path / "open-estates.csv", index)
    with open(result.path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert [row[0] for row in rows[1:]] == ["EST-001"] and result.rows == 1

    index = pipeline_index(pipeline)
    index.sort(Column.TOTAL_VALUE, descending=True)
    index.apply(PipelineFilter(text="laundry"))
    assert [row[0] for row in pipeline_table(index).rows] == ["OLD-003"]
    index.apply(PipelineFilter())
    assert [row[0] for row in pipeline_table(index).rows] == ["EST-001", "OLD-003", "DIG-002"]


def test_the_compliance_column_is_exported_when_it_has_been_worked_out(pipeline, services, tmp_path):
    def check(rows):
        return {r.contract_id: (r.level, r.status) for r in services.compliance.check_rows(rows)}

    index = pipeline_index(pipeline, compliance=check)
    table = pipeline_table(index, columns=(Column.REFERENCE, Column.COMPLIANCE))
    assert all(status for _reference, status in table.rows)
    assert table.headers == ["Reference", "Policy compliance"]


def test_an_unknown_extension_is_refused_before_anything_is_written(pipeline, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match=r"\.xlsx or \.csv"):
        export_pipeline(out / "pipeline.ods", pipeline_index(pipeline))
    with pytest.raises(ExportError, match="does not exist"):
        export_pipeline(out / "missing" / "pipeline.csv", pipeline_index(pipeline))
    assert list(out.iterdir()) == []


def test_the_portfolio_export_has_totals_commitments_and_overdue_returns(portfolio, tmp_path):  # noqa: F811
    result = export_portfolio(tmp_path / "portfolio.xlsx", portfolio)
    book = openpyxl.load_workbook(result.path)
    assert book.sheetnames == ["Totals", "Commitments", "Overdue returns"]
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[0][:3] == ("Metric", "Unit", "Added up as")
    data = portfolio.portfolio()
    assert len(totals) - 1 == len(data.totals)
    first = data.totals[0]
    assert totals[1][0] == first.name and totals[1][3] == pytest.approx(float(first.achieved))
    commitments = list(book["Commitments"].iter_rows(values_only=True))
    assert len(commitments) - 1 == len(data.commitments)
    assert {row[0] for row in commitments[1:]} == {"EST-001", "TRN-002", "DIG-003"}
    overdue = list(book["Overdue returns"].iter_rows(values_only=True))
    assert len(overdue) - 1 == len(data.overdue)
    if data.overdue:
        assert isinstance(overdue[1][4], datetime) and isinstance(overdue[1][5], int)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    assert result.rows == len(data.totals) + len(data.commitments) + len(data.overdue)


def test_the_portfolio_export_follows_its_filter_and_writes_csv_sections(portfolio, tmp_path):  # noqa: F811
    from sv_desktop.services.delivery_portfolio import PortfolioFilter

    result = export_portfolio(tmp_path / "digital.csv", portfolio, PortfolioFilter(categories=(Category.DDAT,)))
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Totals"] and rows[1][0] == "Metric"
    start = rows.index(["Commitments"])
    commitment_rows = rows[start + 2:rows.index(["Overdue returns"]) - 1]
    assert commitment_rows and {row[0] for row in commitment_rows} == {"DIG-003"}


def test_pound_proxy_values_are_exported_as_money_with_their_source(portfolio, tmp_path):  # noqa: F811
    portfolio.proxies.path.parent.mkdir(parents=True, exist_ok=True)
    portfolio.proxies.path.write_text(
        "schema: 1\nvalues:\n"
        "  - {framework: ppn002, ref: \"1aii\", gbp_per_unit: 2500.50, source: Own valuation, year: 2025}\n",
        encoding="utf-8")
    result = export_portfolio(tmp_path / "money.xlsx", portfolio)
    sheet = openpyxl.load_workbook(result.path)["Totals"]
    headers = [cell.value for cell in sheet[1]]
    assert "Achieved £ (proxy)" in headers and "Proxy value source" in headers
    column = headers.index("Achieved £ (proxy)") + 1
    valued = [row for row in sheet.iter_rows(min_row=2) if row[column - 1].value is not None]
    assert valued and valued[0][column - 1].data_type == "n" and "£" in valued[0][column - 1].number_format
    assert "Own valuation" in valued[0][headers.index("Proxy value source")].value


def test_the_export_service_leaves_compliance_blank_and_says_why_when_a_policy_file_is_broken(pipeline, tmp_path):
    from sv_desktop.catalogue.loader import CatalogueError

    class BrokenPolicies:
        def check_rows(self, rows):
            raise CatalogueError(tmp_path / "council.yaml", 3, "rules", "must be a list")

    told = []
    service = ExportService(pipeline, portfolio=None, compliance=BrokenPolicies())
    index = service.pipeline_index(policy_problem=told.append)
    result = service.write(tmp_path / "pipeline.csv", [service.pipeline_table(index)])
    assert result.rows == 3 and len(told) == 1 and "council.yaml" in str(told[0])
    assert [row[0] for row in service.pipeline_table(index).rows] == ["DIG-002", "EST-001", "OLD-003"]


def test_the_export_service_checks_the_file_name_before_anything_is_read(tmp_path):
    from sv_desktop.services.export import check_export_path

    assert check_export_path(tmp_path / "Pipeline.XLSX") == ".xlsx"
    with pytest.raises(ExportError, match=r"must end in \.xlsx or \.csv"):
        check_export_path(tmp_path / "pipeline.ods")
