"""Choosing a catalogue metric for a new commitment, and the draft commitment that choice starts.

A framework metric brings its unit and how it adds up from the catalogue (the
officer cannot change them); the dates come from the contract. The picker is a
searchable list because the catalogue holds hundreds of metrics.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import Aggregation, CommitmentData
from sv_desktop.ui.common.table_model import ItemRole


class MetricPickerDialog(QDialog):
    """Choose one framework metric for a new commitment: a searchable list of every metric in the catalogue."""

    def __init__(self, catalogue, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add a framework metric")
        self._catalogue = catalogue
        layout = QVBoxLayout(self)
        label = QLabel("&Search metrics")
        self.search = QLineEdit()
        self.search.setPlaceholderText("e.g. apprentices, carbon, SME")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search metrics")
        label.setBuddy(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName("Framework metrics")
        for framework in catalogue.frameworks:
            for entry in framework.metrics():
                unit = UNITS.get(entry.unit or "count")
                text = f"{framework.short_name} {entry.ref}: {entry.title}"
                if unit is not None:
                    text += f" ({unit.label})"
                item = QListWidgetItem(text)
                item.setData(ItemRole.KEY, (entry.framework_id, entry.ref))
                item.setToolTip(entry.text or entry.title)
                self.list.addItem(item)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Add metric")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(lambda *_: self.ok_button.setEnabled(self.chosen() is not None))
        self.ok_button.setEnabled(False)
        self.resize(640, 480)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hay = f"{item.text()} {item.toolTip()}".casefold()
            hidden = not all(word in hay for word in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    def visible_count(self) -> int:
        return sum(1 for i in range(self.list.count()) if not self.list.item(i).isHidden())

    def choose(self, framework_id: str, ref: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ItemRole.KEY) == (framework_id, ref):
                self.list.setCurrentRow(i)
                return

    def chosen(self):
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return self._catalogue.entry(*item.data(ItemRole.KEY))


def commitment_for_metric(entry, contract: ContractData) -> CommitmentData:
    """A new commitment on a catalogue metric: unit and aggregation from the catalogue, dates from the contract."""
    unit = entry.unit if entry.unit in UNITS else "count"
    aggregation = Aggregation(entry.aggregation or UNITS[unit].default_aggregation)
    return CommitmentData(title=entry.title, unit=unit, aggregation=aggregation, start_date=contract.start_date,
                          due_date=contract.end_date, framework_id=entry.framework_id, ref=entry.ref)


__all__ = ["MetricPickerDialog", "commitment_for_metric"]
