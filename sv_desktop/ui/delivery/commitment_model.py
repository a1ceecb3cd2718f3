"""Table models for the Delivery tab: a contract's commitments, one commitment's returns and its remedies.

Fed with the detached records DeliveryService returns; nothing here touches the
store. RAG is always given in words ("Red: off track"); the coloured square
beside it is decoration only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from sv_desktop.domain.delivery import Period, Rag, RagThresholds, ReturnStatus, periods
from sv_desktop.services.delivery import CommitmentRecord, RemedyRecord, ReturnRecord
from sv_desktop.ui.common.formatting import date_text, money_text
from sv_desktop.ui.common.table_model import ItemRole, RecordsModel
from sv_desktop.ui.delivery.sparkline import period_name, series_for

RAG_COLOUR = {Rag.GREEN: QColor("#00703c"), Rag.AMBER: QColor("#f47738"), Rag.RED: QColor("#d4351c"),
              Rag.GREY: QColor("#b1b4b6")}
NUMBER_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TEXT_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def figure_text(value: Decimal | None) -> str:
    """A delivered or expected figure: thousands separated, at most two decimals, no trailing zeros."""
    if value is None:
        return ""
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}%" if value == value.to_integral_value() else f"{value:.1f}%"


def span_text(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{date_text(start) or 'no start'}–{date_text(end) or 'no due date'}"


def metric_text(record: CommitmentRecord, framework_names: dict[str, str] | None = None) -> str:
    """ "PPN 002 1ai: Employment opportunities…" or "Bespoke: Local supply chain events"."""
    data = record.data
    if data.bespoke:
        return f"Bespoke: {data.title}"
    name = (framework_names or {}).get(data.framework_id, "")
    ref = f"{name} {data.ref}".strip()
    return f"{ref}: {data.title}"


class _ListModel(RecordsModel):
    """A read-only table over one list of records: the column headings, alignment and row ids.

    Subclasses name their columns (HEADERS, and TIPS when the headings have tooltips) and say what a cell
    reads (`_text`) and which record a row is (`_id`); numbers in NUMBER_COLUMNS are right-aligned.
    """

    HEADERS: tuple[str, ...] = ()
    TIPS: tuple[str, ...] = ()
    NUMBER_COLUMNS: frozenset[int] = frozenset()

    def column_count(self) -> int:
        return len(self.HEADERS)

    def _text(self, item: Any, column: int) -> str:
        """What the cell of `item` in `column` reads; models that use the shared `data` define it."""
        raise NotImplementedError

    def _id(self, item: Any) -> int | None:
        """The id of the record behind `item` (ItemRole.ROW_ID); models that use the shared `data` define it."""
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and self.TIPS:
            return self.TIPS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGN if index.column() in self.NUMBER_COLUMNS else TEXT_ALIGN
        if role == ItemRole.ROW_ID:
            return self._id(item)
        return None


# -- commitments -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Column:
    key: str
    title: str
    tip: str
    number: bool = False


COMMITMENT_COLUMNS = (
    _Column("metric", "Metric", "Framework reference and title, or a bespoke metric"),
    _Column("rag", "RAG", "Red, amber, green or grey, always in words"),
    _Column("spark", "Delivered vs pro-rata",
            "Bars: delivery to the end of each period (summed metrics) or the period's figure (headcounts, "
            "percentages); solid is verified, pale is claimed. Dashed line: the pro-rata expectation."),
    _Column("achieved", "Achieved", "Claimed and verified returns to date (rejected returns never count)", True),
    _Column("verified", "Verified", "The part of the achieved figure that has been verified", True),
    _Column("expected", "Expected to date", "The pro-rata expectation at today's date", True),
    _Column("share", "% of expected", "Achieved as a share of the expectation to date", True),
    _Column("target", "Target", "What the winning bid committed to by the due date", True),
    _Column("unit", "Unit", "The unit the supplier reports in"),
    _Column("overdue", "Overdue returns", "Reporting periods whose return is overdue"),
    _Column("baseline", "Baseline", "The starting position stated in the bid", True),
    _Column("period", "Returns", "How often the supplier reports (NHS financial year periods)"),
    _Column("span", "Start–due", "From the start date to the due date"),
    _Column("region", "Region", "UK region, for metrics reported by region"),
)
COMMITMENT_COLUMN = {column.key: i for i, column in enumerate(COMMITMENT_COLUMNS)}


class CommitmentTableModel(_ListModel):
    """One row per commitment of the shown contract, in the service's order."""

    HEADERS = tuple(column.title for column in COMMITMENT_COLUMNS)
    TIPS = tuple(column.tip for column in COMMITMENT_COLUMNS)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._series: list = []
        self._framework_names: dict[str, str] = {}

    def set_records(self, records: list[CommitmentRecord], today: date,
                    framework_names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self._framework_names = dict(framework_names or {})
        self._series = [series_for(r.data, [x.data for x in r.returns], today, r.unit_label) for r in self._rows]
        self.endResetModel()

    def record(self, row: int) -> CommitmentRecord | None:
        return self.row_at(row)

    def row_of(self, commitment_id: int | None) -> int:
        return self.row_where(lambda record: record.id == commitment_id)

    def records(self) -> list[CommitmentRecord]:
        return list(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        record = self.row_at(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = COMMITMENT_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(record, column.key, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(record, column.key, index.row())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._cell(record, column.key, index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGN if column.number else TEXT_ALIGN
        if role == Qt.ItemDataRole.DecorationRole and column.key == "rag":
            return RAG_COLOUR[record.progress.rag]
        if role == ItemRole.SERIES and column.key == "spark":
            return self._series[index.row()]
        if role == ItemRole.ROW_ID:
            return record.id
        return None

    def _cell(self, record: CommitmentRecord, key: str, row: int) -> str:
        data, progress = record.data, record.progress
        measured = not data.missing
        if key == "metric":
            return metric_text(record, self._framework_names)
        if key == "unit":
            return record.unit_label
        if key == "target":
            return figure_text(data.target) if data.target is not None else "Needs target"
        if key == "baseline":
            return figure_text(data.baseline)
        if key == "period":
            return data.frequency.label
        if key == "span":
            return span_text(data.start_date, data.due_date)
        if key == "region":
            if data.region is not None:
                return data.region.label
            return "Needs region" if record.by_region else ""
        if key == "achieved":
            return figure_text(progress.achieved) if progress.achieved is not None else "None yet"
        if key == "verified":
            return figure_text(progress.verified) if progress.verified is not None else "None yet"
        if key == "expected":
            return figure_text(progress.expected) if measured else ""
        if key == "share":
            return percent_text(progress.percent_of_expected)
        if key == "rag":
            return progress.rag.label
        if key == "overdue":
            count = len(progress.overdue)
            return f"{count} overdue" if count else "None"
        if key == "spark":
            series = self._series[row]
            return series.summary() if series is not None else "Not measured yet"
        return ""

    def _tip(self, record: CommitmentRecord, key: str, row: int) -> str:
        if key == "rag" or key == "share" or key == "expected":
            return f"{record.progress.rag.label}. {record.progress.reason}"
        if key == "overdue" and record.progress.overdue:
            return "Overdue: " + ", ".join(p.label for p in record.progress.overdue)
        if key == "metric":
            return record.data.bid_text or record.data.title
        if key == "spark":
            return self._cell(record, key, row)
        if key in ("achieved", "verified") and record.progress.unverified_claims:
            return "Some claimed returns are not yet verified."
        return self._cell(record, key, row)


# -- returns -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodRow:
    """A reporting period of the commitment with its return, if any."""

    period: Period
    record: ReturnRecord | None
    overdue: bool
    due_on: date
    in_schedule: bool = True  # False: a return for a period no longer in the commitment's schedule
    name: str = ""  # "Q3 2025/26 (part)"


RETURN_COLUMNS = ("Period", "Dates", "Actual", "Status", "Return due", "Evidence", "Entered")


def status_text(record: ReturnRecord | None) -> str:
    if record is None:
        return "No return yet"
    data = record.data
    if data.status is ReturnStatus.REJECTED:
        return f"Rejected: {data.rejection_reason}" if data.rejection_reason else "Rejected"
    if data.status is ReturnStatus.VERIFIED:
        who = f" by {record.reviewed_by}" if record.reviewed_by else ""
        when = f" on {record.reviewed_at:%d/%m/%Y}" if record.reviewed_at else ""
        return f"Verified{who}{when}"
    return data.status.label


class ReturnTableModel(_ListModel):
    """The reporting periods of one commitment (NHS financial year), each with its return."""

    HEADERS = RETURN_COLUMNS
    NUMBER_COLUMNS = frozenset({2})

    def set_commitment(self, record: CommitmentRecord | None, thresholds: RagThresholds, today: date) -> None:
        self._set_rows(build_period_rows(record, thresholds, today) if record is not None else [])

    def period_row(self, row: int) -> PeriodRow | None:
        return self.row_at(row)

    def row_of(self, period_start: date | None) -> int:
        return self.row_where(lambda item: item.period.start == period_start)

    def _id(self, item: PeriodRow) -> int | None:
        return item.record.id if item.record is not None else None

    @staticmethod
    def _text(item: PeriodRow, column: int) -> str:
        record = item.record
        data = record.data if record is not None else None
        if column == 0:
            name = item.name or item.period.label
            return name if item.in_schedule else f"{name} (outside the current periods)"
        if column == 1:
            return span_text(item.period.start, item.period.end)
        if column == 2:
            return figure_text(data.actual) if data is not None else ""
        if column == 3:
            return status_text(record)
        if column == 4:
            if data is not None:
                return "Received"
            if item.overdue:
                return f"Overdue: was due {date_text(item.due_on)}"
            return f"Due by {date_text(item.due_on)}"
        if column == 5:
            if record is None or data is None:
                return ""
            parts = [p for p in (data.evidence_notes, data.evidence_ref) if p]
            if record.evidence is not None:
                parts.append(f"File: {record.evidence.file_name}")
            return "; ".join(parts) or "No evidence given"
        if column == 6:
            if data is None:
                return ""
            when = f" on {data.entered_at:%d/%m/%Y %H:%M}" if data.entered_at else ""
            return f"{data.entered_by or 'unknown'}{when}"
        return ""


def build_period_rows(record: CommitmentRecord, thresholds: RagThresholds, today: date) -> list[PeriodRow]:
    data = record.data
    by_period = {(r.data.period_start, r.data.period_end): r for r in record.returns}
    overdue = set(record.progress.overdue)
    due_days = timedelta(days=thresholds.return_due_days)
    rows: list[PeriodRow] = []
    if data.start_date is not None and data.due_date is not None:
        for period in periods(data.start_date, data.due_date, data.frequency):
            rows.append(PeriodRow(period, by_period.pop((period.start, period.end), None), period in overdue,
                                  period.end + due_days, name=period_name(period, data.frequency)))
    for (start, end), item in sorted(by_period.items()):
        rows.append(PeriodRow(Period(start, end), item, False, end + due_days, in_schedule=False,
                              name=period_name(Period(start, end), data.frequency)))
    rows.sort(key=lambda r: (r.period.start, r.period.end))
    return rows


# -- remedies ------------------------------------------------------------------------------------------

REMEDY_COLUMNS = ("Action", "Description", "Amount", "Raised", "Due", "Closed", "Outcome")


class RemedyTableModel(_ListModel):
    """What was done about a commitment that slipped: improvement plans, alternatives, deductions."""

    HEADERS = REMEDY_COLUMNS
    NUMBER_COLUMNS = frozenset({2})

    def set_remedies(self, remedies) -> None:
        self._set_rows(sorted(remedies, key=lambda r: (r.data.raised_on, r.id)))

    def remedy(self, row: int) -> RemedyRecord | None:
        return self.row_at(row)

    def row_of(self, remedy_id: int | None) -> int:
        return self.row_where(lambda item: item.id == remedy_id)

    def _id(self, item: RemedyRecord) -> int:
        return item.id

    def _text(self, item: RemedyRecord, column: int) -> str:
        data = item.data
        return [data.kind.label, data.description, money_text(data.amount), date_text(data.raised_on),
                date_text(data.due_on), date_text(data.closed_on) or "Open", data.outcome][column]


__all__ = [
    "COMMITMENT_COLUMN",
    "COMMITMENT_COLUMNS",
    "CommitmentTableModel",
    "PeriodRow",
    "REMEDY_COLUMNS",
    "RETURN_COLUMNS",
    "RemedyTableModel",
    "ReturnTableModel",
    "build_period_rows",
    "figure_text",
    "metric_text",
    "percent_text",
    "status_text",
]
