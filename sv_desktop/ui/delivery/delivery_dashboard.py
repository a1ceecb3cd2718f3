"""The portfolio delivery dashboard: totals per metric, RAG counts, overdue returns and every commitment.

The store is read once, off the GUI thread (a snapshot from DeliveryPortfolio);
the filters (ui/delivery/portfolio_filters.py) then work on that snapshot in
memory, so changing one is instant. Units come first everywhere; £ appears only
for metrics the user's own proxy file values, with its source (the columns are
in ui/delivery/portfolio_columns.py). RAG is always written in words; the bar
chart (ui/delivery/rag_chart.py) labels each bar with its words and count.
Below them, the procurement spend panel (ui/delivery/spend_panel.py) shows the
local, SME and VCSE spend KPIs per financial year.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import DomainError
from sv_desktop.domain.money import format_money
from sv_desktop.domain.policy_rules import format_money_short
from sv_desktop.services.delivery_portfolio import (
    DeliveryPortfolio,
    PortfolioData,
    PortfolioSnapshot,
    financial_year_label,
    summarise,
)
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.rows_table import RowsModel
from sv_desktop.ui.common.rows_table import read_only_table as _table
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.delivery.portfolio_columns import COMMITMENT_COLUMNS, OVERDUE_COLUMNS, totals_columns
from sv_desktop.ui.delivery.portfolio_filters import PortfolioFilterBar
from sv_desktop.ui.delivery.rag_chart import RagBarChart
from sv_desktop.ui.delivery.spend_panel import SpendPanel

MAX_COLUMN_WIDTH = 210  # long metric names are cut with "…"; the tooltip has the whole name


class DeliveryDashboard(QWidget):
    """Portfolio delivery dashboard over a DeliveryPortfolio service, with the procurement spend panel
    below it when given a SpendKpiService (both reload together).

    Signals:
        loaded(): the snapshot has arrived from the store and the figures are on screen.
        exported(str): a KPI performance file was written to this path.
    """

    loaded = Signal()
    exported = Signal(str)

    def __init__(self, portfolio_service: DeliveryPortfolio, parent: QWidget | None = None, *,
                 spend_service=None):
        super().__init__(parent)
        self._service = portfolio_service
        self.spend_panel = SpendPanel(spend_service) if spend_service is not None else None
        self._snapshot: PortfolioSnapshot | None = None
        self.data: PortfolioData | None = None
        self._load_task: BackgroundTask | None = None
        self._selected_reference: str | None = None
        self._build()

    # -- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)

        self.filters = PortfolioFilterBar()
        layout.addWidget(self.filters)

        self.summary_label = QLabel("Loading delivery data…")
        self.summary_label.setAccessibleName("Dashboard summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)

        # Totals (left) beside the RAG counts (right).
        top = QSplitter(Qt.Orientation.Horizontal)
        totals_box = QGroupBox("Totals per metric (units first; £ only where you gave a proxy value)")
        totals_layout = QVBoxLayout(totals_box)
        self.totals_model = RowsModel(totals_columns(False), self)
        self.totals_table = _table("Totals per metric", self.totals_model)
        header = self.totals_table.horizontalHeader()  # the metric's name takes the spare width
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        totals_layout.addWidget(self.totals_table)
        self.money_label = QLabel("")
        self.money_label.setAccessibleName("Proxy £ values")
        self.money_label.setWordWrap(True)
        self.money_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        totals_layout.addWidget(self.money_label)
        top.addWidget(totals_box)

        rag_box = QGroupBox("Commitments by RAG status")
        rag_layout = QVBoxLayout(rag_box)
        self.rag_label = QLabel("")
        self.rag_label.setAccessibleName("RAG counts")
        self.rag_label.setWordWrap(True)
        self.rag_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rag_chart = RagBarChart()
        self.method_label = QLabel("")
        self.method_label.setAccessibleName("How RAG is worked out")
        self.method_label.setWordWrap(True)
        set_tone(self.method_label, Tone.MUTED)
        rag_layout.addWidget(self.rag_label)
        rag_layout.addWidget(self.rag_chart)
        rag_layout.addWidget(self.method_label)
        rag_layout.addStretch(1)
        # When the pane is shorter than the chart and its wrapped words, it scrolls (arrow keys too) instead of
        # squeezing them over each other.
        self.rag_scroll = QScrollArea()
        self.rag_scroll.setWidgetResizable(True)
        self.rag_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.rag_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rag_scroll.setAccessibleName("Commitments by RAG status")
        self.rag_scroll.setWidget(rag_box)
        top.addWidget(self.rag_scroll)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([1000, 440])

        # Every commitment (left) beside the overdue returns (right).
        bottom = QSplitter(Qt.Orientation.Horizontal)
        commitments_box = QGroupBox("Commitments")
        commitments_layout = QVBoxLayout(commitments_box)
        self.commitments_model = RowsModel(COMMITMENT_COLUMNS, self)
        self.commitments_table = _table("Commitments", self.commitments_model)
        commitments_layout.addWidget(self.commitments_table)
        bottom.addWidget(commitments_box)
        overdue_box = QGroupBox("Overdue returns")
        overdue_layout = QVBoxLayout(overdue_box)
        self.overdue_model = RowsModel(OVERDUE_COLUMNS, self)
        self.overdue_table = _table("Overdue returns", self.overdue_model)
        self.overdue_label = QLabel("")
        self.overdue_label.setAccessibleName("Overdue returns summary")
        self.overdue_label.setWordWrap(True)
        overdue_layout.addWidget(self.overdue_label)
        overdue_layout.addWidget(self.overdue_table)
        bottom.addWidget(overdue_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setSizes([900, 540])

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        if self.spend_panel is not None:
            # Like the RAG pane: when shorter than its table and wrapped method words, it scrolls rather
            # than drawing them over each other.
            self.spend_scroll = QScrollArea()
            self.spend_scroll.setWidgetResizable(True)
            self.spend_scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.spend_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.spend_scroll.setAccessibleName("Procurement spend per financial year")
            self.spend_scroll.setWidget(self.spend_panel)
            self.splitter.addWidget(self.spend_scroll)
            self.splitter.setStretchFactor(2, 1)
            self.splitter.setSizes([300, 340, 240])  # the spend table's years and method show at first
        self.top_splitter, self.bottom_splitter = top, bottom
        layout.addWidget(self.splitter, 1)

        actions = QGridLayout()
        self.export_button = QPushButton("E&xport KPI performance…")
        self.export_button.setEnabled(False)
        over = format_money_short(self._service.delivery.kpi_publication_over())
        self.export_button.setToolTip("Save the selected contract's KPI performance as a CSV file for publication "
                                      f"(Procurement Act 2023, section 52: contracts over {over})")
        self.export_label = QLabel("Select a contract in the commitments or overdue returns table to export its "
                                   "KPI performance.")
        self.export_label.setAccessibleName("KPI export")
        self.export_label.setWordWrap(True)
        self.proxy_label = QLabel("")
        self.proxy_label.setAccessibleName("Proxy values file")
        self.proxy_label.setWordWrap(True)
        self.proxy_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.proxy_problems_label = QLabel("")
        self.proxy_problems_label.setAccessibleName("Problems in the proxy values file")
        self.proxy_problems_label.setWordWrap(True)
        set_tone(self.proxy_problems_label, Tone.ERROR)
        self.proxy_problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.proxy_problems_label.hide()
        self.open_folder_button = QPushButton("Open data f&older")
        self.open_folder_button.setToolTip("Open the folder where proxy-values.yaml goes")
        actions.addWidget(self.export_button, 0, 0)
        actions.addWidget(self.export_label, 0, 1)
        actions.addWidget(self.open_folder_button, 1, 0, Qt.AlignmentFlag.AlignTop)
        actions.addWidget(self.proxy_label, 1, 1)
        actions.addWidget(self.proxy_problems_label, 2, 1)
        actions.setColumnStretch(1, 1)
        layout.addLayout(actions)

        self.filters.changed.connect(self.apply_filter)
        self.filters.refresh_requested.connect(self.reload)
        self.export_button.clicked.connect(self.export_selected)
        self.open_folder_button.clicked.connect(self.open_proxy_folder)
        for table in (self.commitments_table, self.overdue_table):
            table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self._show_proxy_info()

    # -- data ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the portfolio off the GUI thread; the figures are replaced when it arrives."""
        if self._load_task is not None and self._load_task.is_running:
            return
        self.summary_label.setText("Loading delivery data…")
        service = self._service
        task = BackgroundTask(self, "Loading delivery data", lambda _progress: service.snapshot(),
                              show_progress=False)
        task.done.connect(self._snapshot_arrived)
        task.failed.connect(self._load_failed)
        self._load_task = task.start()
        if self.spend_panel is not None:
            self.spend_panel.reload()

    def load_now(self) -> None:
        """Read on this thread (tests, and tiny stores)."""
        self._snapshot_arrived(self._service.snapshot())
        if self.spend_panel is not None:
            self.spend_panel.load_now()

    def set_snapshot(self, snapshot: PortfolioSnapshot) -> None:
        self._snapshot_arrived(snapshot)

    def _snapshot_arrived(self, snapshot: PortfolioSnapshot) -> None:
        self._load_task = None
        self._snapshot = snapshot
        self.filters.set_years(snapshot.financial_years())
        self.apply_filter()
        self.loaded.emit()

    def _load_failed(self, error: object) -> None:
        self._load_task = None
        self.summary_label.setText(f"The delivery data could not be read: {error}")

    # -- filters ---------------------------------------------------------------------------------------
    def apply_filter(self) -> None:
        if self._snapshot is None:
            return
        self.show_data(summarise(self._snapshot, self.filters.current_filter()))

    def clear_filters(self) -> None:
        self.filters.clear()

    # -- showing -------------------------------------------------------------------------------------
    def show_data(self, data: PortfolioData) -> None:
        self.data = data
        show_money = any(t.has_proxy for t in data.totals)
        self.totals_model.set_rows(data.totals, totals_columns(show_money))
        self.commitments_model.set_rows(data.commitments)
        self.overdue_model.set_rows(data.overdue)
        for table in (self.totals_table, self.commitments_table, self.overdue_table):
            header = table.horizontalHeader()  # keep the order the user chose, if any
            if 0 <= header.sortIndicatorSection() < table.model().columnCount():
                table.model().sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._size_columns()
        self.summary_label.setText(self._summary_text(data))
        self.rag_label.setText(f"As at {date_text(data.today)}: "
                               + "; ".join(f"{rag.label} {count:,}" for rag, count in data.rag_counts))
        self.rag_chart.set_counts(data.rag_counts)
        self.method_label.setText(data.method)
        self.money_label.setText(self._money_text(data))
        if data.overdue:
            worst = data.overdue[0]
            self.overdue_label.setText(f"{len(data.overdue):,} return{'s' if len(data.overdue) != 1 else ''} "
                                       f"overdue; the oldest was due {date_text(worst.due_on)} "
                                       f"({worst.days_overdue:,} days ago).")
        else:
            self.overdue_label.setText("No returns are overdue.")
        self._show_proxy_info()
        self._contract_chosen(None)

    def _summary_text(self, data: PortfolioData) -> str:
        period = data.filter.period_text
        if self._snapshot is not None and not self._snapshot.rows:
            return ("No contracts yet. Add contracts on the Pipeline tab (or load demo data from the File menu); "
                    "their commitments appear here once they are awarded.")
        if data.contracts == 0:
            return "No contracts match the filters. Clear the supplier text or choose other filters."
        if not data.commitments:
            return (f"{data.contracts:,} contract{'s' if data.contracts != 1 else ''} shown, none with commitments "
                    f"{period}. Commitments are created when a contract is awarded, from the metrics chosen for "
                    "it (Pipeline → Social value).")
        return (f"{data.contracts:,} contract{'s' if data.contracts != 1 else ''} shown; "
                f"{data.contracts_with_commitments:,} with {len(data.commitments):,} "
                f"commitment{'s' if len(data.commitments) != 1 else ''} {period}. Achieved counts claimed and "
                "verified returns (rejected ones never count)"
                + (f"; only returns for periods starting in {financial_year_label(data.filter.financial_year)}, "
                   "against targets pro-rated to the year" if data.filter.financial_year is not None else "")
                + ".")

    @staticmethod
    def _money_text(data: PortfolioData) -> str:
        achieved = data.monetised_achieved
        if achieved is None:
            return ("No £ values: none of these metrics has a proxy value in your proxy-values file, so totals "
                    "are shown in their own units only.")
        verified = data.monetised_verified or Decimal(0)
        sources = "; ".join(data.proxy_sources)
        count = sum(1 for t in data.totals if t.has_proxy)
        return (f"Valued with your own proxy values: {format_money(achieved)} achieved, {format_money(verified)} "
                f"verified, across {count} metric{'s' if count != 1 else ''} (source: {sources}). "
                "Metrics without a proxy value are not in this £ figure.")

    def _show_proxy_info(self) -> None:
        path = self._service.proxy_path
        if path is None:
            self.proxy_label.setText("£ values are off: no proxy-value file is configured.")
            self.open_folder_button.setEnabled(False)
            return
        loaded = self.data.proxy_values_loaded if self.data is not None else 0
        state = (f"{loaded} proxy value{'s' if loaded != 1 else ''} in use from {path}." if loaded
                 else f"To show £ values, put your own proxy values in {path}.")
        self.proxy_label.setText(
            f"Proxy values file: {state} Format: resources/proxy_values/SCHEMA.md (metric, £ per unit, source, "
            "year). No proxy values ship with SV Desktop: the TOMs and HACT values are licensed.")
        problems = self.data.proxy_problems if self.data is not None else ()
        if problems:
            shown = [f"Problem: {p}" for p in problems[:8]]
            if len(problems) > 8:
                shown.append(f"… and {len(problems) - 8} more problems.")
            self.proxy_problems_label.setText("\n".join(shown))
            self.proxy_problems_label.show()
        else:
            self.proxy_problems_label.clear()
            self.proxy_problems_label.hide()

    def _size_columns(self) -> None:
        for table in (self.totals_table, self.commitments_table, self.overdue_table):
            header = table.horizontalHeader()
            for column in range(table.model().columnCount()):
                table.resizeColumnToContents(column)
                if header.sectionSize(column) > MAX_COLUMN_WIDTH:
                    header.resizeSection(column, MAX_COLUMN_WIDTH)

    # -- selection and export --------------------------------------------------------------------------
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._contract_chosen(current.data(ItemRole.CONTRACT))

    def _contract_chosen(self, reference: str | None) -> None:
        self._selected_reference = reference
        self.export_button.setEnabled(reference is not None)
        set_tone(self.export_label, None)
        if reference is None:
            self.export_label.setText("Select a contract in the commitments or overdue returns table to export its "
                                      "KPI performance.")
        else:
            self.export_label.setText(f"Selected contract: {reference}. Export its KPI performance (one row per "
                                      "commitment per period) as a CSV file for publication.")

    def selected_contract_reference(self) -> str | None:
        return self._selected_reference

    def select_contract(self, reference: str) -> bool:
        """Select the contract's first commitment row (keyboard users and tests)."""
        for row, line in enumerate(self.commitments_model.rows):
            if line.contract_reference == reference:
                self.commitments_table.setCurrentIndex(self.commitments_model.index(row, 0))
                return True
        return False

    def export_selected(self) -> Path | None:
        reference = self._selected_reference
        if reference is None:
            return None
        safe_name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in reference)
        chosen, _selected = QFileDialog.getSaveFileName(
            self, "Export KPI performance", start_path("exports", f"{safe_name}-kpi-performance.csv"),
            "CSV files (*.csv)")
        remember_folder("exports", chosen)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        try:
            result = self._service.export_kpi_performance(reference, path)
        except (DomainError, OSError) as exc:
            self.export_label.setText(f"Not exported: {exc}")
            set_tone(self.export_label, Tone.ERROR)
            return None
        set_tone(self.export_label, None)
        self.export_label.setText(f"Exported {result.rows:,} row{'s' if result.rows != 1 else ''} for {reference} to "
                                  f"{result.path}. {result.threshold_text}.")
        self.exported.emit(str(result.path))
        return result.path

    def open_proxy_folder(self) -> None:
        path = self._service.proxy_path
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    # -- remembered layout -------------------------------------------------------------------------------
    @property
    def _splitter_key(self) -> str:
        """The panes' sizes are remembered per layout: two panes, or three with the spend panel."""
        return "dashboard/splitter" if self.spend_panel is None else "dashboard/splitter-with-spend"

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(self._splitter_key, self.splitter.saveState())
        settings.setValue("dashboard/top", self.top_splitter.saveState())
        settings.setValue("dashboard/bottom", self.bottom_splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in ((self._splitter_key, self.splitter), ("dashboard/top", self.top_splitter),
                              ("dashboard/bottom", self.bottom_splitter)):
            value = settings.value(key)
            if value is not None:
                splitter.restoreState(value)


__all__ = ["DeliveryDashboard"]
