"""The contract's History tab: every create, change and delete recorded against it, newest first.

A read-only table (When, Who, Action, What, Old, New) fed by AuditService, a
filter box that narrows it to rows containing the typed text in any column,
and "Export history…" that writes the contract's whole history to a CSV file.
It edits nothing, so it is never dirty and saving it always succeeds; it
reads the history again whenever it is shown, so edits saved in other tabs appear.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.services.audit import AuditEntry, AuditService
from sv_desktop.ui.common.editor import NothingToSave
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.widgets import enable_clear_button

HEADERS = ("When", "Who", "Action", "What", "Old", "New")
ModelIndex = QModelIndex | QPersistentModelIndex


def when_text(entry: AuditEntry) -> str:
    """UK day/month/year and the time to the minute, as officers read it."""
    return entry.at.strftime("%d/%m/%Y %H:%M")


def what_text(entry: AuditEntry) -> str:
    """The record and field in words; the record's id when it is not the contract itself."""
    if entry.entity == "contracts" or not entry.entity_id:
        return entry.what
    return f"{entry.what} (#{entry.entity_id})"


class AuditModel(QAbstractTableModel):
    """The history rows of one contract, read-only."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (when_text(entry), entry.user, entry.action_name, what_text(entry),
                    entry.old_value, entry.new_value)[index.column()]
        if role == ItemRole.ROW_ID:
            return entry.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return super().headerData(section, orientation, role)


class AuditTab(NothingToSave, QWidget):
    """Signals: exported(str): the history was written to this file path."""

    exported = Signal(str)

    def __init__(self, audit: AuditService, parent: QWidget | None = None):
        super().__init__(parent)
        self._audit = audit
        self._contract_id: int | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel("Select a contract to see its history.")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        bar = QHBoxLayout()
        filter_label = QLabel("Fil&ter:")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Type to show only changes containing this text")
        self.filter_edit.setAccessibleName("Filter the history")
        enable_clear_button(self.filter_edit, "Clear the history filter")
        filter_label.setBuddy(self.filter_edit)
        self.export_button = QPushButton("E&xport history…")
        self.export_button.setToolTip("Save this contract's history as a CSV file that Excel opens")
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        self.model = AuditModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Contract history")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((120, 110, 80, 240, 200)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.filter_edit.textChanged.connect(self._filter)
        self.export_button.clicked.connect(self.export_history)
        self._update()

    # -- the contract-tab protocol ---------------------------------------------------------------
    @property
    def shown_contract(self) -> int | None:
        return self._contract_id

    def show_contract(self, contract_id: int | None) -> None:
        self._contract_id = contract_id
        self.reload()

    def reload(self) -> None:
        if self._contract_id is None:
            self.model.set_entries([])
        else:
            self.model.set_entries(self._audit.for_contract(self._contract_id))
        self._update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Coming back to the tab shows what was saved elsewhere meanwhile (other tabs, other users)."""
        super().showEvent(event)
        if self._contract_id is not None:
            self.reload()

    # -- actions ---------------------------------------------------------------------------------
    def export_history(self) -> Path | None:
        """Ask where to save, then write the contract's whole history (unfiltered) as CSV."""
        if self._contract_id is None:
            return None
        reference = self._reference() or f"contract-{self._contract_id}"
        safe_name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in reference)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export history", start_path("exports", f"{safe_name}-history.csv"), "CSV files (*.csv)")
        if not chosen:
            return None
        remember_folder("exports", chosen)
        path = Path(chosen)
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        try:
            rows = self._audit.export_csv(path, contract_id=self._contract_id)
        except OSError as exc:
            self.status.setText(f"Not exported: {exc.strerror or exc}")
            return None
        self.status.setText(f"Exported {rows:,} change{'s' if rows != 1 else ''} to {path}.")
        self.exported.emit(str(path))
        return path

    # -- helpers ---------------------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update()

    def _reference(self) -> str:
        return next((entry.contract_reference for entry in self.model.entries if entry.contract_reference), "")

    def _update(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.export_button.setEnabled(self._contract_id is not None and total > 0)
        self.filter_edit.setEnabled(self._contract_id is not None)
        if self._contract_id is None:
            self.heading.setText("Save the contract first to see its history.")
        elif total == 0:
            self.heading.setText("No changes are recorded for this contract yet.")
        elif shown == total:
            self.heading.setText(f"{total:,} recorded change{'s' if total != 1 else ''}, newest first.")
        else:
            self.heading.setText(f"Showing {shown:,} of {total:,} recorded changes, newest first.")


__all__ = ["AuditModel", "AuditTab"]
