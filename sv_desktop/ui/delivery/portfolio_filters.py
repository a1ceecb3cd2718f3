"""The dashboard's filter row: which contracts the figures cover (category, stage, supplier) and which year.

The filters work on the snapshot the dashboard already holds, so each change
applies at once; typing a supplier's name applies once the typing pauses, so
a long name is not summarised letter by letter.

Signals:
    changed(): a filter was changed (the supplier text after a short pause).
    refresh_requested(): the officer asked to read the store again.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.delivery_portfolio import PortfolioFilter, financial_year_label

LIVE_STAGES = (Stage.AWARDED, Stage.DELIVERY)
ALL_YEARS = "All years, to date"


class PortfolioFilterBar(QWidget):
    """Category, stage, supplier and financial year filters, and the Refresh button, in one row."""

    changed = Signal()
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.category = QComboBox()
        self.category.setAccessibleName("Category filter")
        self.category.addItem("All categories", None)
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage filter")
        self.stage.addItem("All stages", None)
        self.stage.addItem("Live (awarded or delivery)", "live")
        for stage in Stage:
            self.stage.addItem(stage.label, stage.value)
        self.supplier = QLineEdit()
        self.supplier.setAccessibleName("Supplier filter")
        self.supplier.setPlaceholderText("Part of a supplier's name")
        self.supplier.setClearButtonEnabled(True)
        self.year = QComboBox()
        self.year.setAccessibleName("Financial year filter")
        self.year.addItem(ALL_YEARS, None)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Read the commitments, returns and proxy-value file again")
        for text, widget in (("Cate&gory", self.category), ("S&tage", self.stage),
                             ("Supp&lier", self.supplier), ("Financial &year", self.year)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget, 2 if widget is self.supplier else 1)
        bar.addWidget(self.refresh_button)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)  # typing a supplier name: one pass once the typing pauses
        self._typing.timeout.connect(self.changed)
        self.supplier.textChanged.connect(self._typing.start)
        for combo in (self.category, self.stage, self.year):
            combo.currentIndexChanged.connect(self.changed)
        self.refresh_button.clicked.connect(self.refresh_requested)

    def current_filter(self) -> PortfolioFilter:
        category = self.category.currentData()
        stage = self.stage.currentData()
        stages: tuple[Stage, ...] = ()
        if stage == "live":
            stages = LIVE_STAGES
        elif stage:
            stages = (Stage(stage),)
        return PortfolioFilter(
            categories=(Category(category),) if category else (),
            stages=stages,
            supplier=self.supplier.text().strip() or None,
            financial_year=self.year.currentData(),
        )

    def set_years(self, years: Sequence[int]) -> None:
        """Offer the financial years the snapshot has returns in, keeping the chosen one where it still is."""
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(ALL_YEARS, None)
        for year in years:
            self.year.addItem(financial_year_label(year), year)
        index = self.year.findData(current)
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)

    def clear(self) -> None:
        self.supplier.clear()
        for combo in (self.category, self.stage, self.year):
            combo.setCurrentIndex(0)


__all__ = ["LIVE_STAGES", "PortfolioFilterBar"]
