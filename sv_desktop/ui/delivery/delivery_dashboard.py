"""The portfolio delivery dashboard: totals per metric, RAG counts, overdue returns and every commitment.

The store is read once, off the GUI thread (a snapshot from DeliveryPortfolio);
the filters then work on that snapshot in memory, so changing one is instant.
Units come first everywhere; £ appears only for metrics the user's own proxy
file values, with its source. RAG is always written in words; the bar chart
labels each bar with its words and count. Below them, the procurement spend panel
(ui/delivery/spend_panel.py) shows the local, SME and VCSE spend KPIs per financial year.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from PySide6.QtCore import (
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QDesktopServices, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.delivery import Rag
from sv_desktop.domain.errors import DomainError
from sv_desktop.domain.money import format_money
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.delivery_portfolio import (
    RAG_ORDER,
    DeliveryPortfolio,
    PortfolioData,
    PortfolioFilter,
    PortfolioSnapshot,
    financial_year_label,
    summarise,
)
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.rows_table import CONTRACT_ROLE, NONE_YET, ColumnSpec, RowsModel
from sv_desktop.ui.common.rows_table import read_only_table as _table
from sv_desktop.ui.delivery.spend_panel import SpendPanel
from sv_desktop.ui.common.theme import Tone, chart_ink, set_tone

LIVE_STAGES = (Stage.AWARDED, Stage.DELIVERY)
MAX_COLUMN_WIDTH = 210  # long metric names are cut with "…"; the tooltip has the whole name

# GOV.UK palette. The bar colours only echo the words beside each bar; words take the palette's text colour.
RAG_COLOURS = {Rag.GREEN: QColor("#00703c"), Rag.AMBER: QColor("#f47738"), Rag.RED: QColor("#d4351c"),
               Rag.GREY: QColor("#b1b4b6")}


# -- how numbers read --------------------------------------------------------------------------------

def quantity_text(value: Decimal | None, unit: str) -> str:
    """21, 1,234.5, £210,000, 62.5%: whole numbers without decimals, others to two places at most."""
    if value is None:
        return NONE_YET
    if unit == "gbp":
        return format_money(value)
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "percent" else text


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return NONE_YET
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}%"


# -- table columns ----------------------------------------------------------------------------------

def _gbp_text(total, amount: Decimal | None) -> str:
    if not total.has_proxy:
        return ""  # no proxy value: units only
    return format_money(amount) if amount is not None else NONE_YET


def totals_columns(show_money: bool) -> list[ColumnSpec]:
    columns = [
        ColumnSpec("Metric", lambda t: t.name, lambda t: t.name.casefold(),
                   tooltip=lambda t: (f"{t.name}. " + ("Averaged across contracts (a percentage or yes/no cannot be "
                                                        "added up)." if not t.summed else "Added up across contracts."))),
        ColumnSpec("Unit", lambda t: t.unit_label + (" (average)" if not t.summed else "")),
        ColumnSpec("Achieved", lambda t: quantity_text(t.achieved, t.unit), lambda t: t.achieved, right=True,
                   tooltip=lambda t: "Claimed and verified returns (rejected returns never count)"),
        ColumnSpec("Verified", lambda t: quantity_text(t.verified, t.unit), lambda t: t.verified, right=True),
        ColumnSpec("Target", lambda t: quantity_text(t.target, t.unit), lambda t: t.target, right=True,
                   tooltip=lambda t: (f"{t.without_target} commitment(s) have no target yet."
                                      if t.without_target else "")),
        ColumnSpec("Contracts", lambda t: f"{t.contracts:,}", lambda t: t.contracts, right=True),
    ]
    if show_money:
        columns += [
            ColumnSpec("£ achieved", lambda t: _gbp_text(t, t.achieved_gbp), lambda t: t.achieved_gbp, right=True,
                       tooltip=lambda t: (f"{quantity_text(t.achieved, t.unit)} × £{t.proxy.gbp_per_unit:,} per unit"
                                          if t.has_proxy else "No proxy value given for this metric")),
            ColumnSpec("£ verified", lambda t: _gbp_text(t, t.verified_gbp), lambda t: t.verified_gbp, right=True),
            ColumnSpec("Proxy source", lambda t: t.proxy.attribution if t.has_proxy else ""),
        ]
    return columns


COMMITMENT_COLUMNS = [
    ColumnSpec("Contract", lambda c: c.contract_reference, tooltip=lambda c: c.contract_title),
    ColumnSpec("Supplier", lambda c: c.suppliers),
    ColumnSpec("Metric", lambda c: c.title, lambda c: c.title.casefold(), tooltip=lambda c: c.metric_name),
    ColumnSpec("RAG", lambda c: c.rag.label, lambda c: RAG_ORDER.index(c.rag), tooltip=lambda c: c.reason),
    ColumnSpec("% of expected", lambda c: percent_text(c.percent_of_expected), lambda c: c.percent_of_expected,
               right=True, tooltip=lambda c: c.reason,
               header_tip="Delivery to date as a share of the pro-rata expectation today: what RAG is based on"),
    ColumnSpec("Achieved", lambda c: quantity_text(c.achieved, c.unit), lambda c: c.achieved, right=True,
               header_tip="Claimed and verified returns, in the chosen financial year or to date"),
    ColumnSpec("Target", lambda c: quantity_text(c.target, c.unit), lambda c: c.target, right=True,
               header_tip="The whole target, or its share of the chosen financial year for summed metrics"),
    ColumnSpec("Unit", lambda c: c.unit_label),
    ColumnSpec("Overdue returns", lambda c: f"{c.overdue:,}" if c.overdue else "", lambda c: c.overdue, right=True),
]

OVERDUE_COLUMNS = [
    ColumnSpec("Contract", lambda o: o.contract_reference),
    ColumnSpec("Days overdue", lambda o: f"{o.days_overdue:,}", lambda o: o.days_overdue, right=True),
    ColumnSpec("Period", lambda o: o.period_label, lambda o: o.period.start),
    ColumnSpec("Commitment", lambda o: o.commitment_title, lambda o: o.commitment_title.casefold()),
    ColumnSpec("Due", lambda o: date_text(o.due_on), lambda o: o.due_on),
    ColumnSpec("Supplier", lambda o: o.suppliers),
]


# -- the RAG chart ----------------------------------------------------------------------------------

class RagBarChart(QWidget):
    """Horizontal bars, one per RAG status, each labelled with its words and its count."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._counts: list[tuple[Rag, int]] = [(rag, 0) for rag in RAG_ORDER]
        self.setAccessibleName("Commitments by RAG status, bar chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._describe()

    def set_counts(self, counts: Sequence[tuple[Rag, int]]) -> None:
        self._counts = list(counts)
        self._describe()
        self.update()

    def counts(self) -> list[tuple[Rag, int]]:
        return list(self._counts)

    def _describe(self) -> None:
        text = "; ".join(f"{rag.label}: {count:,}" for rag, count in self._counts)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def _row_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 12

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(380, int(self._row_height() * len(self._counts) + 16))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(260, int(self._row_height() * len(self._counts) + 16))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = QFont(self.font())
            fm = QFontMetricsF(font)
            painter.setFont(font)
            label_width = max(fm.horizontalAdvance(rag.label) for rag, _count in self._counts) + 14 \
                if self._counts else 0
            count_width = max([fm.horizontalAdvance(f"{c:,}") for _r, c in self._counts] + [0]) + 12
            largest = max([c for _r, c in self._counts] + [1])
            row_height = self._row_height()
            top = max((self.height() - row_height * len(self._counts)) / 2, 4)
            track_width = max(self.width() - label_width - count_width - 12, 20)
            ink = chart_ink(self.palette())
            for position, (rag, count) in enumerate(self._counts):
                y = top + position * row_height
                label = QRectF(4, y, label_width - 10, row_height)
                painter.setPen(ink.text)
                painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), rag.label)
                track = QRectF(label_width, y + 5, track_width, row_height - 10)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ink.grid)
                painter.drawRect(track)
                bar = QRectF(track)
                bar.setWidth(track_width * count / largest)
                painter.setBrush(RAG_COLOURS.get(rag, ink.muted))
                if count:
                    painter.drawRect(bar)
                painter.setPen(QPen(ink.text))
                value = QRectF(bar.right() + 6, y, count_width + 4, row_height)
                painter.drawText(value, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"{count:,}")
        finally:
            painter.end()


# -- the page ---------------------------------------------------------------------------------------

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

        bar = QHBoxLayout()
        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName("Category filter")
        self.category_filter.addItem("All categories", None)
        for category in Category:
            self.category_filter.addItem(category.label, category.value)
        self.stage_filter = QComboBox()
        self.stage_filter.setAccessibleName("Stage filter")
        self.stage_filter.addItem("All stages", None)
        self.stage_filter.addItem("Live (awarded or delivery)", "live")
        for stage in Stage:
            self.stage_filter.addItem(stage.label, stage.value)
        self.supplier_filter = QLineEdit()
        self.supplier_filter.setAccessibleName("Supplier filter")
        self.supplier_filter.setPlaceholderText("Part of a supplier's name")
        self.supplier_filter.setClearButtonEnabled(True)
        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName("Financial year filter")
        self.year_filter.addItem("All years, to date", None)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Read the commitments, returns and proxy-value file again")
        for text, widget in (("Cate&gory", self.category_filter), ("S&tage", self.stage_filter),
                             ("Supp&lier", self.supplier_filter), ("Financial &year", self.year_filter)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget, 2 if widget is self.supplier_filter else 1)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)

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
        self.export_button.setToolTip("Save the selected contract's KPI performance as a CSV file for publication "
                                      "(Procurement Act 2023: contracts over £5m)")
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

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)  # typing a supplier name: one pass once the typing pauses
        self._filter_timer.timeout.connect(self.apply_filter)
        self.supplier_filter.textChanged.connect(self._filter_timer.start)
        for combo in (self.category_filter, self.stage_filter, self.year_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.export_selected)
        self.open_folder_button.clicked.connect(self.open_proxy_folder)
        for table in (self.commitments_table, self.overdue_table):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous: current.isValid() and self._contract_chosen(current.data(CONTRACT_ROLE)))
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
        self._refresh_years(snapshot.financial_years())
        self.apply_filter()
        self.loaded.emit()

    def _load_failed(self, error: object) -> None:
        self._load_task = None
        self.summary_label.setText(f"The delivery data could not be read: {error}")

    def _refresh_years(self, years: Sequence[int]) -> None:
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem("All years, to date", None)
        for year in years:
            self.year_filter.addItem(financial_year_label(year), year)
        index = self.year_filter.findData(current)
        self.year_filter.setCurrentIndex(max(index, 0))
        self.year_filter.blockSignals(False)

    # -- filters ---------------------------------------------------------------------------------------
    def current_filter(self) -> PortfolioFilter:
        category = self.category_filter.currentData()
        stage = self.stage_filter.currentData()
        stages: tuple[Stage, ...] = ()
        if stage == "live":
            stages = LIVE_STAGES
        elif stage:
            stages = (Stage(stage),)
        return PortfolioFilter(
            categories=(Category(category),) if category else (),
            stages=stages,
            supplier=self.supplier_filter.text().strip() or None,
            financial_year=self.year_filter.currentData(),
        )

    def apply_filter(self) -> None:
        if self._snapshot is None:
            return
        self.show_data(summarise(self._snapshot, self.current_filter()))

    def clear_filters(self) -> None:
        self.supplier_filter.clear()
        for combo in (self.category_filter, self.stage_filter, self.year_filter):
            combo.setCurrentIndex(0)

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


__all__ = ["DeliveryDashboard", "RagBarChart", "RowsModel", "percent_text", "quantity_text"]
