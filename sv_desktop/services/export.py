"""What the pipeline and the delivery portfolio export: the tables as typed rows, and writing them.

The pipeline export has the pipeline table's columns in the table's order, and
the rows the table shows (its filter and its sort), with real numbers and dates
instead of the display text. The portfolio export is what the delivery
dashboard shows for its filter: totals per metric, every commitment, and the
overdue returns, each a sheet of its own.

ExportService is the one way to export: `sv-desktop export` and the Export menu both build their tables with
it and write them with `ExportService.write`. What the desktop app needs of the file formats (the table types,
the export error, the file types offered, clipboard text) it takes from here, never from exchange/.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sv_desktop.catalogue.loader import CatalogueError
from sv_desktop.exchange import table_export
from sv_desktop.exchange.table_export import ExportError, Kind, Table, TableColumn, tsv_text
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.delivery_portfolio import DeliveryPortfolio, PortfolioData
from sv_desktop.services.pipeline import PipelineRow, PipelineService
from sv_desktop.services.pipeline_index import (
    COLUMNS,
    DATE_COLUMNS,
    MONEY_COLUMNS,
    Column,
    PipelineFilter,
    PipelineIndex,
    row_value,
)

EXPORT_SUFFIXES = table_export.SUFFIXES  # the file types an export is written as, by the file name

PIPELINE_KINDS: dict[Column, Kind] = {
    **{column: Kind.MONEY for column in MONEY_COLUMNS},
    **{column: Kind.DATE for column in DATE_COLUMNS},
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int  # data rows written, all tables together

    @property
    def text(self) -> str:
        return f"Exported {self.rows:,} row{'s' if self.rows != 1 else ''} to {self.path}"


def check_export_path(path: Path) -> str:
    """The export format a file name asks for (".xlsx" or ".csv"); ExportError for any other name."""
    return table_export.check_suffix(Path(path))


def write_tables(path: Path, tables: Sequence[Table]) -> ExportResult:
    """Write `tables` to .xlsx (a sheet each) or .csv (a section each), by the file's extension."""
    tables = list(tables)
    written = table_export.write_tables(Path(path), tables)
    return ExportResult(written, sum(len(table.rows) for table in tables))


# -- the pipeline -----------------------------------------------------------------------------------------------

def pipeline_value(row: PipelineRow, column: Column, index: PipelineIndex) -> object:
    """A pipeline cell as a typed value: money as Decimal, dates as dates, the rest as the table's text."""
    if column is Column.COMPLIANCE:
        return index.compliance.get(row.id, ("", ""))[1]  # blank, never "Checking…", until it is known
    return row_value(row, column)


def pipeline_table(index: PipelineIndex, columns: Sequence[Column] = COLUMNS, title: str = "Pipeline") -> Table:
    """The rows `index` shows (its filter, its order) with the pipeline table's columns."""
    return Table(
        title,
        tuple(TableColumn(column.value, PIPELINE_KINDS.get(column, Kind.TEXT)) for column in columns),
        [tuple(pipeline_value(row, column, index) for column in columns)
         for row in (index.rows[position] for position in index.visible)],
    )


def pipeline_index(pipeline: PipelineService, wanted: PipelineFilter | None = None,
                   compliance: Callable[[list[PipelineRow]], dict[int, tuple[str, str]]] | None = None,
                   sort: Column | None = Column.REFERENCE) -> PipelineIndex:
    """Every contract read from the store, sorted and filtered as the table would be.

    `compliance` works out (level, words) per contract id for the compliance column and filter;
    without it that column is blank and a compliance filter matches nothing.
    """
    rows = pipeline.rows()
    index = PipelineIndex(rows)
    if compliance is not None:
        index.set_compliance(compliance(rows))
    if sort is not None:
        index.sort(sort)
    index.apply(wanted or PipelineFilter())
    return index


# -- the delivery portfolio ---------------------------------------------------------------------------------------

def _period_note(data: PortfolioData) -> str:
    return f" {data.filter.period_text}"


def portfolio_tables(data: PortfolioData) -> list[Table]:
    """Totals per metric, commitments and overdue returns, as the dashboard shows them."""
    when = _period_note(data)
    money = any(total.has_proxy for total in data.totals)
    total_columns = [
        TableColumn("Metric"), TableColumn("Unit"), TableColumn("Added up as"),
        TableColumn(f"Achieved{when}", Kind.NUMBER), TableColumn(f"Verified{when}", Kind.NUMBER),
        TableColumn(f"Target{when}", Kind.NUMBER), TableColumn("Contracts", Kind.INTEGER),
        TableColumn("Commitments", Kind.INTEGER), TableColumn("Commitments without a target", Kind.INTEGER),
    ]
    if money:
        total_columns += [TableColumn("Achieved £ (proxy)", Kind.MONEY),
                          TableColumn("Verified £ (proxy)", Kind.MONEY),
                          TableColumn("Target £ (proxy)", Kind.MONEY), TableColumn("Proxy value source")]
    total_rows = []
    for total in data.totals:
        row: list[object] = [total.name, total.unit_label, "average" if not total.summed else "sum",
                             total.achieved, total.verified, total.target, total.contracts, total.commitments,
                             total.without_target]
        if money:
            row += [total.achieved_gbp, total.verified_gbp, total.target_gbp,
                    total.proxy.attribution if total.has_proxy else ""]  # type: ignore[union-attr]
        total_rows.append(tuple(row))

    commitment_columns = (
        TableColumn("Contract"), TableColumn("Contract title"), TableColumn("Suppliers"), TableColumn("Category"),
        TableColumn("Stage"), TableColumn("Metric"), TableColumn("Commitment"), TableColumn("Unit"),
        TableColumn("RAG"), TableColumn("% of expected", Kind.NUMBER), TableColumn(f"Achieved{when}", Kind.NUMBER),
        TableColumn(f"Verified{when}", Kind.NUMBER), TableColumn(f"Target{when}", Kind.NUMBER),
        TableColumn("Overdue returns", Kind.INTEGER), TableColumn("Why this RAG"),
    )
    commitment_rows = [
        (line.contract_reference, line.contract_title, line.suppliers, line.category.label, line.stage.label,
         line.metric_name, line.title, line.unit_label, line.rag.label, line.percent_of_expected,
         line.achieved, line.verified, line.target, line.overdue, line.reason)
        for line in data.commitments
    ]

    overdue_columns = (
        TableColumn("Contract"), TableColumn("Suppliers"), TableColumn("Commitment"), TableColumn("Period"),
        TableColumn("Due on", Kind.DATE), TableColumn("Days overdue", Kind.INTEGER),
    )
    overdue_rows = [
        (item.contract_reference, item.suppliers, item.commitment_title, item.period_label, item.due_on,
         item.days_overdue)
        for item in data.overdue
    ]
    return [
        Table("Totals", tuple(total_columns), total_rows),
        Table("Commitments", commitment_columns, commitment_rows),
        Table("Overdue returns", overdue_columns, overdue_rows),
    ]


class ExportService:
    """Exporting the pipeline and the delivery portfolio for Excel, the same from the command line and the menus.

    Tables are built first (`pipeline_table` takes what an index shows at that moment, so later filtering does
    not change the file), then written by `write`, which the desktop app runs off the GUI thread.
    """

    def __init__(self, pipeline: PipelineService, portfolio: DeliveryPortfolio,
                 compliance: ComplianceService | None = None):
        self._pipeline = pipeline
        self._portfolio = portfolio
        self._compliance = compliance

    def pipeline_index(self, wanted: PipelineFilter | None = None, *,
                       policy_problem: Callable[[CatalogueError], None] | None = None) -> PipelineIndex:
        """Every contract, with its policy compliance, sorted by reference and filtered as the table would be.

        When a policy file is broken the compliance column is left blank and `policy_problem` is told why.
        """
        checker = self._compliance

        def compliance(rows: list[PipelineRow]) -> dict[int, tuple[str, str]]:
            if checker is None:
                return {}
            try:
                results = checker.check_rows(rows)
            except CatalogueError as exc:  # the export still has every other column
                if policy_problem is not None:
                    policy_problem(exc)
                return {}
            return {r.contract_id: (r.level, r.status) for r in results}

        return pipeline_index(self._pipeline, wanted, compliance)

    def pipeline_table(self, index: PipelineIndex) -> Table:
        """The rows `index` shows now, in its order, with the pipeline table's columns."""
        return pipeline_table(index)

    def portfolio_tables(self, data: PortfolioData | None = None) -> list[Table]:
        """The delivery dashboard's figures (`data`), or the whole portfolio read now when there are none."""
        return portfolio_tables(data if data is not None else self._portfolio.portfolio())

    def write(self, path: Path, tables: Sequence[Table]) -> ExportResult:
        """Write the tables to `path` (.xlsx or .csv by its name); ExportError or OSError when it cannot be."""
        return write_tables(path, tables)


__all__ = [
    "EXPORT_SUFFIXES",
    "ExportError",
    "ExportResult",
    "ExportService",
    "Kind",
    "PIPELINE_KINDS",
    "Table",
    "TableColumn",
    "check_export_path",
    "pipeline_index",
    "pipeline_table",
    "pipeline_value",
    "portfolio_tables",
    "tsv_text",
    "write_tables",
]
