"""The dashboard's procurement spend panel: local, SME and VCSE spend per financial year.

The committee KPI "Benchmarked % and value of local procurement spend"
(002_80f5ea46fbe04add.txt, Appendix Two) beside the SME and VCSE shares, one row per
financial year, read off the GUI thread from SpendKpiService. Differences from the
benchmark and the previous year are written in words ("3.2 points below the benchmark"),
and what could not be placed (no postcode, size not known, no supplier matched) has
columns of its own.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from sv_desktop.domain.spend import (
    Share,
    SpendKpis,
    YearSpend,
    amount_text,
    difference_text,
    percent_text,
)
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.rows_table import ColumnSpec, RowsModel, read_only_table
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.exchange.export_actions import install_copy_rows

EMPTY_TEXT = ("No spend lines yet. Import a spend extract: File → Import → Spend extract… (an .xlsx or .csv of "
              "invoice lines: supplier, invoice date, amount and supplier postcode). The local, SME and VCSE "
              "shares of each financial year then appear here.")
NO_AREAS_TEXT = ("Local spend cannot be measured until the local postcode areas are set (Settings → Local "
                 "postcode areas, e.g. LE, NG1).")
MIN_ROWS, MAX_ROWS = 3, 8  # financial years shown before the table scrolls


def _value(share: Share | None):
    return share.value if share is not None else None


def _percent(share: Share | None):
    return share.percent if share is not None else None


def _of_total(share: Share | None) -> str:
    return f"{percent_text(share.percent)} of the year's net spend" if share is not None else ""


def _money_column(header: str, share, tip: str = "") -> ColumnSpec:
    return ColumnSpec(header, lambda y: amount_text(_value(share(y))), lambda y: _value(share(y)), right=True,
                      tooltip=lambda y: _of_total(share(y)), header_tip=tip)


def _percent_column(header: str, share, tip: str = "") -> ColumnSpec:
    return ColumnSpec(header, lambda y: percent_text(_percent(share(y))), lambda y: _percent(share(y)), right=True,
                      header_tip=tip)


def _total_tip(year: YearSpend) -> str:
    credits = (f", after {year.credit_note_lines:,} credit note{'s' if year.credit_note_lines != 1 else ''} "
               f"({amount_text(year.credit_notes)})" if year.credit_note_lines else "")
    return f"{year.lines:,} invoice line{'s' if year.lines != 1 else ''}{credits}"


def _local_tip(year: YearSpend) -> str:
    return (f"Placed by the invoice line's own postcode: {amount_text(year.decided_by_line_postcode)}; by the "
            f"supplier's postcode: {amount_text(year.decided_by_supplier_postcode)}")


SPEND_COLUMNS = [
    ColumnSpec("Financial year", lambda y: y.label, lambda y: y.year,
               header_tip="1 April to 31 March, by invoice date"),
    ColumnSpec("Total spend", lambda y: amount_text(y.total), lambda y: y.total, right=True, tooltip=_total_tip,
               header_tip="Every invoice line, credit notes netted off"),
    ColumnSpec("Local (£)", lambda y: amount_text(_value(y.local)), lambda y: _value(y.local), right=True,
               tooltip=_local_tip, header_tip="The line's postcode, else the supplier's, in your local areas"),
    _percent_column("Local (%)", lambda y: y.local, "Of the year's total net spend"),
    ColumnSpec("Benchmark", lambda y: percent_text(y.benchmark) if y.benchmark is not None else "none set",
               lambda y: y.benchmark, right=True, header_tip="The active policy profile's local-spend benchmark"),
    ColumnSpec("Against the benchmark", lambda y: difference_text(y.vs_benchmark), lambda y: y.vs_benchmark,
               tooltip=lambda y: difference_text(y.vs_benchmark, "the benchmark"),
               header_tip="Local % less the benchmark, in percentage points"),
    ColumnSpec("Against the year before", lambda y: difference_text(y.vs_previous_year),
               lambda y: y.vs_previous_year,
               tooltip=lambda y: (f"Previous year: {percent_text(y.previous_local_percent)} local"
                                  if y.previous_local_percent is not None else "No local % for the previous year"),
               header_tip="Local % less the previous financial year's, in percentage points"),
    _money_column("No postcode (£)", lambda y: y.postcode_unknown,
                  "Neither the line nor the supplier has a usable postcode: not counted as local or not local"),
    _money_column("SME (£)", lambda y: y.sme, "Procurement Act 2023 s.123 test, or an officer's size override"),
    _percent_column("SME (%)", lambda y: y.sme, "Of the year's total net spend"),
    _money_column("Size unknown (£)", lambda y: y.size_unknown,
                  "Matched suppliers whose staff count and turnover or balance sheet are not recorded"),
    _money_column("VCSE (£)", lambda y: y.vcse, "Suppliers recorded as voluntary, community or social enterprises"),
    _percent_column("VCSE (%)", lambda y: y.vcse, "Of the year's total net spend"),
    _money_column("Not matched (£)", lambda y: y.unmatched,
                  "Lines whose supplier name matched no supplier record: size and VCSE status unknown"),
]


def summary_text(kpis: SpendKpis) -> str:
    """One paragraph: how much spend, over which years, and the latest year's shares in words."""
    if not kpis.has_spend:
        return EMPTY_TEXT
    first, last = kpis.years[0], kpis.years[-1]
    span = last.label if first is last else f"{first.label} to {last.label}"
    text = (f"{kpis.lines:,} invoice line{'s' if kpis.lines != 1 else ''} over "
            f"{len(kpis.years)} financial year{'s' if len(kpis.years) != 1 else ''} ({span}). "
            f"In {last.label}: {amount_text(last.total)} spent")
    if last.local is not None:
        text += f", {amount_text(last.local.value)} local ({percent_text(last.local.percent)})"
        if last.vs_benchmark is not None:
            text += f", {difference_text(last.vs_benchmark, 'the benchmark')}"
    text += (f"; {amount_text(last.sme.value)} with SMEs ({percent_text(last.sme.percent)}); "
             f"{amount_text(last.vcse.value)} with VCSEs ({percent_text(last.vcse.percent)}).")
    if last.unmatched.value:
        text += f" {amount_text(last.unmatched.value)} is not matched to a supplier."
    if last.local is None:
        text += " " + NO_AREAS_TEXT
    return text


def method_text(kpis: SpendKpis) -> str:
    """The method in two lines; the whole of it is the label's tooltip (and the pack prints it in full)."""
    local = (f"Local: the line's postcode, else the supplier's, in {', '.join(kpis.local_areas)}."
             if kpis.local_areas else "Local: not measured until local postcode areas are set in Settings.")
    return ("Shares of each financial year's net spend (1 April to 31 March; credit notes netted off). "
            f"{local} SME: Procurement Act 2023 s.123 test or an officer's size override. "
            f"Benchmark: {kpis.benchmark.text}.")


class SpendPanel(QGroupBox):
    """Spend KPIs per financial year over a SpendKpiService; reloads when shown and with the dashboard.

    Signals:
        loaded(): the figures have arrived from the store and are on screen.
    """

    loaded = Signal()

    def __init__(self, service, parent: QWidget | None = None):
        super().__init__("Procurement spend per financial year: local, SME and VCSE", parent)
        self._service = service
        self._load_task: BackgroundTask | None = None
        self.kpis: SpendKpis | None = None
        layout = QVBoxLayout(self)
        self.summary_label = QLabel("Loading spend figures…")
        self.summary_label.setAccessibleName("Procurement spend summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        self.model = RowsModel(SPEND_COLUMNS, self)
        self.table = read_only_table("Procurement spend per financial year", self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        install_copy_rows(self.table)
        layout.addWidget(self.table, 1)
        self.method_label = QLabel("")
        self.method_label.setAccessibleName("How the spend figures are worked out")
        self.method_label.setWordWrap(True)
        set_tone(self.method_label, Tone.MUTED)
        self.method_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.method_label)
        self.table.hide()
        self.method_label.hide()

    # -- data ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the figures off the GUI thread; they replace what is shown when they arrive."""
        if self._load_task is not None and self._load_task.is_running:
            return
        if self.kpis is None:
            self.summary_label.setText("Loading spend figures…")
        service = self._service
        task = BackgroundTask(self, "Loading spend figures", lambda _progress: service.kpis(), show_progress=False)
        task.done.connect(self.show_kpis)
        task.failed.connect(self._load_failed)
        self._load_task = task.start()

    def load_now(self) -> None:
        """Read on this thread (tests, and tiny stores)."""
        self.show_kpis(self._service.kpis())

    def show_kpis(self, kpis: SpendKpis) -> None:
        self._load_task = None
        self.kpis = kpis
        self.model.set_rows(kpis.years)
        header = self.table.horizontalHeader()  # keep the order the user chose, if any
        if 0 <= header.sortIndicatorSection() < self.model.columnCount():
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.summary_label.setText(summary_text(kpis))
        self.method_label.setText(method_text(kpis))
        self.method_label.setToolTip(" ".join(kpis.method()))
        self.method_label.setAccessibleDescription(" ".join(kpis.method()))
        self.table.setVisible(kpis.has_spend)
        self.method_label.setVisible(kpis.has_spend)
        self._fit_table()
        self.loaded.emit()

    def _fit_table(self) -> None:
        """As tall as its rows (a year each, a few at most before it scrolls), so the other panes keep the room."""
        rows = min(max(self.model.rowCount(), MIN_ROWS), MAX_ROWS)
        table = self.table
        height = (table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
                  + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth() + 2)
        table.setMinimumHeight(height)
        table.setMaximumHeight(height)

    def _load_failed(self, error: object) -> None:
        self._load_task = None
        self.summary_label.setText(f"The spend figures could not be read: {error}")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Supplier details, Settings and the policy profile change the figures: read them again when shown."""
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()


__all__ = ["EMPTY_TEXT", "SPEND_COLUMNS", "SpendPanel", "method_text", "summary_text"]
