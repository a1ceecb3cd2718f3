"""Carbon plan alerts: plans over 12 months old, plans needed but not recorded, latest plans that fail.

A table (kind, supplier, contract, message) that can be narrowed to one kind.
Enter or a double-click on a row opens that supplier: the dialog emits
supplier_chosen(id) and closes.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.services.carbon import CarbonAlert, CarbonService
from sv_desktop.ui.common.table_model import ItemRole

Index = QModelIndex | QPersistentModelIndex
# The kinds in the order the service sorts them, with their words.
KINDS = (
    ("missing", CarbonAlert("missing", None, "", "", "").kind_label),
    ("failing", CarbonAlert("failing", None, "", "", "").kind_label),
    ("stale", CarbonAlert("stale", None, "", "", "").kind_label),
)


class AlertsModel(QAbstractTableModel):
    """The alerts, one row each: kind (in words), supplier, contract, message."""

    HEADERS = ("Alert", "Supplier", "Contract", "Message")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._alerts: list[CarbonAlert] = []

    def set_alerts(self, alerts: list[CarbonAlert]) -> None:
        self.beginResetModel()
        self._alerts = list(alerts)
        self.endResetModel()

    def alerts(self) -> list[CarbonAlert]:
        return list(self._alerts)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._alerts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._alerts):
            return None
        alert = self._alerts[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (alert.kind_label, alert.supplier_name, alert.contract_reference or "—", alert.message)[
                index.column()]
        if role == ItemRole.KIND:
            return alert.kind
        if role == ItemRole.SUPPLIER:
            return alert.supplier_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class CarbonAlertsDialog(QDialog):
    """Signals: supplier_chosen(int): the officer picked a row; carries its supplier id."""

    supplier_chosen = Signal(int)

    def __init__(self, carbon: CarbonService, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self._carbon = carbon
        self._today = today
        self.setWindowTitle("Carbon plan alerts")
        self.resize(960, 520)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        filter_row = QHBoxLayout()
        filter_label = QLabel("Sho&w")
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Show alerts of kind")
        filter_label.setBuddy(self.kind_filter)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.kind_filter)
        filter_row.addStretch(1)
        self.count_label = QLabel()
        filter_row.addWidget(self.count_label)
        layout.addLayout(filter_row)

        self.model = AlertsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(ItemRole.KIND)
        self.proxy.setFilterKeyColumn(0)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Carbon plan alerts")
        self.table.setAccessibleDescription("Press Enter on an alert to open its supplier.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # unsorted at first: the service's order, most urgent first
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((200, 200, 110)):
            self.table.setColumnWidth(column, width)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel("No alerts: every supplier's latest plan is up to date and meets the rules, "
                                  "and every live contract's suppliers hold the plan it needs.")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        buttons = QDialogButtonBox()
        self.open_button = QPushButton("&Open supplier")
        self.open_button.setAutoDefault(False)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setAutoDefault(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.table.doubleClicked.connect(self._choose)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.open_button.clicked.connect(lambda: self._choose(self.table.currentIndex()))
        self.refresh_button.clicked.connect(self.reload)
        self.reload()

    # -- data -------------------------------------------------------------------------------
    def reload(self) -> None:
        today = self._today or date.today()
        alerts = self._carbon.alerts(today)
        self.model.set_alerts(alerts)
        kept = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(f"All alerts ({len(alerts)})", None)
        for kind, label in KINDS:
            self.kind_filter.addItem(f"{label} ({sum(1 for a in alerts if a.kind == kind)})", kind)
        self.kind_filter.setCurrentIndex(max(self.kind_filter.findData(kept), 0))
        self.kind_filter.blockSignals(False)
        self.heading.setText(f"Carbon plan alerts as at {today:%d/%m/%Y}. Press Enter or double-click an alert "
                             "to open its supplier.")
        self._apply_filter()

    def _apply_filter(self, *_args) -> None:
        kind = self.kind_filter.currentData()
        pattern = "" if kind is None else f"^{QRegularExpression.escape(kind)}$"
        self.proxy.setFilterRegularExpression(QRegularExpression(pattern))
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"Showing {shown} of {total} alert{'s' if total != 1 else ''}")
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(total == 0)
        if shown and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_buttons()

    def visible_rows(self) -> list[tuple[str, str, str, str]]:
        """The rows as shown (after the filter and sort): for tests and for reading aloud."""
        return [tuple(self.proxy.index(row, column).data() for column in range(4))
                for row in range(self.proxy.rowCount())]

    # -- choosing ------------------------------------------------------------------------------
    def _supplier_at(self, index: QModelIndex) -> int | None:
        if not index.isValid():
            return None
        return self.proxy.index(index.row(), 0).data(ItemRole.SUPPLIER)

    def _choose(self, index: QModelIndex) -> None:
        supplier_id = self._supplier_at(index)
        if supplier_id is None:
            return
        self.supplier_chosen.emit(int(supplier_id))
        self.accept()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self._supplier_at(self.table.currentIndex()) is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.table.currentIndex().isValid():
            self._choose(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)


__all__ = ["AlertsModel", "CarbonAlertsDialog"]
