"""The suppliers page: the register (search, filters, sortable columns) beside the selected supplier's tabs.

The tabs are the supplier's details (the edit form), its carbon reduction plans,
and the contracts it is on; a contract opens in the Pipeline page.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from sv_desktop.domain.supplier import SupplierSize
from sv_desktop.services.carbon import CarbonService
from sv_desktop.services.settings import SettingsService
from sv_desktop.services.suppliers import SupplierContractView, SupplierDetail, SupplierService
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.editor import Editor
from sv_desktop.ui.common.errors import show_error
from sv_desktop.ui.common.form_parts import confirm
from sv_desktop.ui.common.list_page import (
    ActivatingTable,
    ListDetailPage,
    count_text,
    filter_bar,
    filter_combo,
    list_table,
    select_row,
)
from sv_desktop.ui.suppliers.merge_suppliers_dialog import MergeSuppliersDialog
from sv_desktop.ui.suppliers.supplier_form import SupplierForm
from sv_desktop.ui.suppliers.supplier_model import (
    CARBON_CHOICES,
    COLUMNS,
    Column,
    SupplierContractsModel,
    SupplierFilter,
    SupplierTableModel,
)

DEFAULT_WIDTHS = {
    Column.NAME: 250, Column.COMPANIES_HOUSE: 135, Column.POSTCODE: 85, Column.REGION: 150, Column.SIZE: 125,
    Column.VCSE: 55, Column.MUTUAL: 60, Column.STARTUP: 70, Column.LOCAL: 55, Column.MODERN_SLAVERY: 175,
    Column.CONTRACTS: 80, Column.CARBON: 350, Column.TRAJECTORY: 125, Column.EVERGREEN: 200,
}
SIZE_CHOICES = [(None, "All sizes"), (SupplierSize.SME.value, "SME"), (SupplierSize.LARGE.value, "Large"),
                (SupplierSize.UNKNOWN.value, "Size not known")]
TYPE_CHOICES = [(None, "Any type"), ("vcse", "VCSE"), ("mutual", "Mutual"), ("startup", "Start-up")]
LOCAL_CHOICES = [(None, "Local or not"), (True, "Local"), (False, "Not local")]


class SupplierContractsView(QWidget):
    """The contracts one supplier is on; Enter or a double-click opens one in the Pipeline.

    Signals:
        open_contract(str): the reference of the contract to open.
    """

    open_contract = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.model = SupplierContractsModel(self)
        self.table = ActivatingTable()
        self.table.setModel(self.model)
        list_table(self.table, "Supplier's contracts")
        for column, width in enumerate((120, 260, 110, 110)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open in &Pipeline")
        self.open_button.setToolTip("Show the selected contract on the Pipeline page (Enter)")
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.table.activated_row.connect(self._open_row)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentIndex().row()))
        self.set_contracts(None, ())

    def set_contracts(self, supplier_name: str | None, contracts: tuple[SupplierContractView, ...]) -> None:
        self.model.set_contracts(contracts)
        if supplier_name is None:
            self.heading.setText("Save the supplier first; contracts name their suppliers on the Pipeline page.")
        elif not contracts:
            self.heading.setText(f"{supplier_name} is not on any contract. Contracts name their suppliers "
                                 "on the Pipeline page.")
        else:
            count = len(contracts)
            self.heading.setText(f"{supplier_name} is on {count:,} contract{'' if count == 1 else 's'}. "
                                 "Double-click one, or select it and press Enter, to open it in the Pipeline.")
            self.table.selectRow(0)
        self.open_button.setEnabled(bool(contracts))

    def _open_row(self, row: int) -> None:
        contract = self.model.contract_at(row)
        if contract is not None:
            self.open_contract.emit(contract.reference)



@runtime_checkable
class SupplierView(Protocol):
    """The carbon panel: shows the plans of the supplier with this id (None: none selected)."""

    def show_supplier(self, supplier_id: int | None, supplier_name: str = "") -> None: ...

def _carbon_panel(carbon: CarbonService) -> QWidget | None:
    """The carbon plans panel, or None in a build that does not have it yet."""
    try:
        from sv_desktop.ui.carbon.carbon_plans_panel import CarbonPlansPanel
    except ModuleNotFoundError as exc:
        if exc.name != "sv_desktop.ui.carbon.carbon_plans_panel":
            raise
        return None
    return CarbonPlansPanel(carbon)


class SuppliersPage(ListDetailPage):
    """Lists suppliers (model/view) with their carbon status, filters them, and edits the selected one.

    Signals:
        open_contract(str): the officer asked to see this contract (its reference) in the Pipeline.
        counts_changed(int, int): shown and total suppliers, for the status bar.
        loaded(): the rows have arrived from the store and are on screen.
        carbon_checked(): every supplier's carbon plan status has been worked out and shown.
        suppliers_changed(): a supplier was saved, merged or deleted, so names elsewhere may differ.
    """

    open_contract = Signal(str)
    counts_changed = Signal(int, int)
    loaded = Signal()
    carbon_checked = Signal()
    suppliers_changed = Signal()
    LAYOUT_KEY = "suppliers"
    UNSAVED_QUESTION = "This supplier has changes that are not saved. Save them?"

    def __init__(self, suppliers: SupplierService, carbon: CarbonService, settings: SettingsService,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._suppliers = suppliers
        self._carbon = carbon
        self._settings = settings
        self._load_task: BackgroundTask | None = None
        self._carbon_task: BackgroundTask | None = None
        self._pending_select: int | None = None
        self._stale = True  # nothing loaded yet: loaded when first shown (or by load_now)
        self._reload_again = False
        self._carbon_again = False
        self._carbon_shown: tuple[int | None] | None = None
        self._build()

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.size_filter = filter_combo("Size filter", SIZE_CHOICES)
        self.type_filter = filter_combo("Organisation type filter", TYPE_CHOICES)
        self.local_filter = filter_combo("Local supplier filter", LOCAL_CHOICES)
        self.carbon_filter = filter_combo("Carbon plan filter", CARBON_CHOICES)
        self.search = filter_bar(layout, "Search name, Companies House number, postcode…  (Ctrl+F)",
                                 "Search suppliers", self._filters)

        actions = QHBoxLayout()
        self.count_label = QLabel("Loading suppliers…")
        self.count_label.setAccessibleName("Number of suppliers shown")
        self.new_button = QPushButton("Ne&w supplier")
        self.new_button.setToolTip("Add a supplier to the register")
        self.merge_button = QPushButton("&Merge into…")
        self.merge_button.setToolTip("Fold this record into another record of the same supplier")
        self.delete_button = QPushButton("De&lete supplier…")
        self.delete_button.setToolTip("Delete the selected supplier (only when no contract names it)")
        actions.addWidget(self.count_label, 1)
        for button in (self.new_button, self.merge_button, self.delete_button):
            actions.addWidget(button)
        layout.addLayout(actions)

        self.model = SupplierTableModel(self)
        self.table = ActivatingTable()
        self.table.setModel(self.model)
        list_table(self.table, "Suppliers")
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        for column, width in DEFAULT_WIDTHS.items():
            # Wide enough for the heading and its sort arrow, whatever the font.
            needed = header.fontMetrics().horizontalAdvance(column.value) + 34
            self.table.setColumnWidth(COLUMNS.index(column), max(width, needed))

        self.form = SupplierForm(self._suppliers, self._settings)
        self.carbon_panel = _carbon_panel(self._carbon)
        carbon_tab = self.carbon_panel or self._missing_carbon_panel()
        self.contracts_view = SupplierContractsView()
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setAccessibleName("Supplier")
        self.detail_tabs.addTab(self.form, "&Details")
        self.detail_tabs.addTab(carbon_tab, "Carbon &plans")
        self.detail_tabs.addTab(self.contracts_view, "C&ontracts")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([600, 900])  # the detail side holds the carbon plan editor and its chart
        layout.addWidget(self.splitter, 1)

        self._watch_filters(self.search, self._filters)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.activated_row.connect(lambda _row: self._edit_current())
        self.table.doubleClicked.connect(lambda _index: self._edit_current())
        self.new_button.clicked.connect(self.new_supplier)
        self.delete_button.clicked.connect(self.delete_supplier)
        self.merge_button.clicked.connect(self.merge_supplier)
        self.form.saved.connect(self._form_saved)
        self.form.detail_changed.connect(self._detail_changed)
        self.detail_tabs.currentChanged.connect(lambda _index: self._sync_carbon_tab())
        self.contracts_view.open_contract.connect(self.open_contract)
        if self.carbon_panel is not None and hasattr(self.carbon_panel, "changed"):
            self.carbon_panel.changed.connect(self._plans_changed)
        self._update_buttons()

    @property
    def _filters(self) -> tuple[QComboBox, ...]:
        return (self.size_filter, self.type_filter, self.local_filter, self.carbon_filter)

    @staticmethod
    def _missing_carbon_panel() -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        note = QLabel("Carbon reduction plans cannot be shown in this build.")
        note.setWordWrap(True)
        column.addWidget(note)
        column.addStretch(1)
        return holder

    # -- data ------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Read the rows off the GUI thread, then the carbon statuses (slower); the selection is kept.

        A page that is not showing only notes that it is out of date, and reads when next shown.
        """
        self._pending_select = select_id if select_id is not None else self.current_supplier_id()
        if not self.isVisible():
            self._stale = True
            return
        if self._load_task is not None and self._load_task.is_running:
            self._reload_again = True
            return
        self._stale = False
        suppliers = self._suppliers
        task = BackgroundTask(self, "Loading suppliers", lambda _progress: suppliers.rows(), show_progress=False)
        task.done.connect(self._rows_arrived)
        task.failed.connect(self._load_failed)
        self._load_task = task.start()

    def load_now(self) -> None:
        """Read the rows and carbon statuses on this thread (tests, and tiny stores)."""
        self._stale = False
        self._rows_arrived(self._suppliers.rows(), check_carbon=False)
        self._statuses_arrived(self._carbon.statuses())

    @property
    def is_loading(self) -> bool:
        return self._load_task is not None and self._load_task.is_running

    def check_carbon(self) -> None:
        """Work out every supplier's carbon plan status off the GUI thread; the columns fill in when done."""
        if self._carbon_task is not None and self._carbon_task.is_running:
            self._carbon_again = True
            return
        carbon = self._carbon
        task = BackgroundTask(self, "Checking carbon plans", lambda _progress: carbon.statuses(),
                              show_progress=False)
        task.done.connect(self._statuses_arrived)
        task.failed.connect(lambda error: self.count_label.setText(
            f"{self.count_label.text()} — carbon plans could not be checked: {error}"))
        self._carbon_task = task.start()

    def _statuses_arrived(self, statuses) -> None:
        self._carbon_task = None
        self.model.set_statuses(statuses)
        self._update_counts()
        if self._carbon_again:
            self._carbon_again = False
            self.check_carbon()
        self.carbon_checked.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, lambda: self.reload(self._pending_select) if self._stale else None)

    def _rows_arrived(self, rows, check_carbon: bool = True) -> None:
        self._load_task = None
        self.model.set_rows(rows)
        self._update_counts()
        pending, self._pending_select = self._pending_select, None
        if pending is not None:
            self.select_supplier(pending)
        elif self.model.rowCount() and self.form.supplier_id is None and not self.form.is_dirty():
            select_row(self.table, 0)
        elif self.form.supplier_id is not None:
            self._reselect(self.form.supplier_id)
        self.loaded.emit()
        if self._reload_again:
            self._reload_again = False
            self.reload()
        elif check_carbon:
            self.check_carbon()

    def _load_failed(self, error: object) -> None:
        self._load_task = None
        self.count_label.setText("Suppliers could not be loaded.")
        QMessageBox.critical(self, "Suppliers not loaded", f"The suppliers could not be read: {error}")

    def settings_changed(self) -> None:
        """Local areas and Evergreen levels come from Settings: refresh what depends on them."""
        self.form.refresh_settings()
        self.reload()

    # -- filtering -------------------------------------------------------------------
    def current_filter(self) -> SupplierFilter:
        size = self.size_filter.currentData()
        return SupplierFilter(
            text=self.search.text(),
            size=SupplierSize(size) if size else None,
            flag=self.type_filter.currentData(),
            local=self.local_filter.currentData(),
            carbon=self.carbon_filter.currentData(),
        )

    def apply_filter(self) -> None:
        keep = self.current_supplier_id()
        self.model.apply_filter(self.current_filter())
        self._update_counts()
        if keep is not None:
            self._reselect(keep)

    def clear_filters(self) -> None:
        self.search.clear()
        for combo in self._filters:
            combo.setCurrentIndex(0)
        self.apply_filter()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_counts(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(count_text(
            shown, total, one="supplier", many="suppliers",
            empty="No suppliers yet. Add one here, or name suppliers on contracts in the Pipeline."))
        self.counts_changed.emit(shown, total)

    # -- selection -------------------------------------------------------------------
    def current_supplier_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.supplier_id_at(index.row()) if index.isValid() else self.form.supplier_id

    def select_supplier(self, supplier_id: int) -> bool:
        """Select the supplier's row; a supplier hidden by the filters is shown in the form anyway."""
        row = self.model.row_of(supplier_id)
        if row is None:
            if supplier_id != self.form.supplier_id and self.confirm_leave_form():
                self.table.clearSelection()
                self.form.show_supplier(supplier_id)
            return False
        select_row(self.table, row)
        return True

    def show_supplier(self, supplier_id: int) -> None:
        """Bring a supplier into view (from the carbon alerts, say), clearing filters that hide it."""
        if self._stale or self.is_loading:
            self.clear_filters()
            self._pending_select = supplier_id
            if not self.is_loading and self.isVisible():
                self.reload(supplier_id)
            return
        if self.model.row_of(supplier_id) is None:
            self.clear_filters()
        self.select_supplier(supplier_id)

    def _reselect(self, supplier_id: int) -> None:
        """Put the selection back on a supplier after the rows changed, without reloading the form."""
        row = self.model.row_of(supplier_id)
        if row is None:
            return
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        select_row(self.table, row)
        selection.blockSignals(False)
        self.table.viewport().update()

    def _current_row_changed(self, current, previous) -> None:
        supplier_id = self.model.supplier_id_at(current.row()) if current.isValid() else None
        if supplier_id is None or supplier_id == self.form.supplier_id:
            return
        if not self._may_leave_row(previous):
            return
        self.form.show_supplier(supplier_id)

    def _edit_current(self) -> None:
        self.detail_tabs.setCurrentWidget(self.form)
        self.form.name.setFocus()

    # -- tabs ------------------------------------------------------------------------
    def _detail_changed(self, detail: SupplierDetail | None) -> None:
        if detail is None:
            self.contracts_view.set_contracts(None, ())
            title = "C&ontracts"
        else:
            self.contracts_view.set_contracts(detail.data.name, detail.contracts)
            title = f"C&ontracts ({len(detail.contracts):,})"
        self.detail_tabs.setTabText(self.detail_tabs.indexOf(self.contracts_view), title)
        self._update_buttons()
        self._sync_carbon_tab()

    def _sync_carbon_tab(self, force: bool = False) -> None:
        """The carbon panel is told about the supplier only while its tab is showing."""
        panel = self.carbon_panel
        if panel is None or self.detail_tabs.currentWidget() is not panel:
            return
        supplier_id = self.form.supplier_id
        same = self._carbon_shown == (supplier_id,)
        if same and not force:
            return
        if same and isinstance(panel, Editor) and panel.is_dirty():
            return
        detail = self.form.detail
        if not isinstance(panel, SupplierView):  # as calling its missing show_supplier would have failed
            raise TypeError(f"{type(panel).__name__} has no show_supplier")
        panel.show_supplier(supplier_id, detail.data.name if detail else "")
        self._carbon_shown = (supplier_id,)

    def _plans_changed(self, *_args) -> None:
        """A plan was saved or deleted: the register's carbon columns and the plan count change."""
        supplier_id = self.form.supplier_id
        if supplier_id is not None and not self.form.is_dirty():
            detail = self._fresh_detail(supplier_id)
            if detail is not None:
                self.form.show_detail(detail)  # the plan count; the panel already shows this supplier
        self.check_carbon()

    def _fresh_detail(self, supplier_id: int) -> SupplierDetail | None:
        try:
            return self._suppliers.get(supplier_id)
        except NotFoundError:
            return None

    def _editors(self) -> list[object]:
        return [self.form, self.carbon_panel]

    def _discard(self, dirty: list[Editor]) -> None:
        super()._discard(dirty)
        if self.carbon_panel in dirty:
            self._carbon_shown = None  # read again when next shown

    # -- actions ---------------------------------------------------------------------
    def _update_buttons(self) -> None:
        stored = self.form.supplier_id is not None
        self.delete_button.setEnabled(stored)
        self.merge_button.setEnabled(stored)

    def new_supplier(self) -> None:
        if not self.confirm_leave_form():
            return
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        self.form.show_new()
        self.detail_tabs.setCurrentWidget(self.form)
        self.form.name.setFocus()

    def delete_supplier(self) -> None:
        detail = self.form.detail
        if detail is None:
            return
        name = detail.data.name
        if detail.contracts:
            QMessageBox.information(
                self, "Supplier not deleted",
                f"{name} is on {len(detail.contracts):,} contract(s), so it cannot be deleted. "
                "If it is another record of a supplier already in the register, use Merge into… instead.")
            return
        if not confirm(self, "Delete supplier",
                       f"Delete {name}?\n\nIts contacts and {detail.plan_count:,} carbon plan version(s) go with it. "
                       "This cannot be undone."):
            return
        try:
            self._suppliers.delete(detail.id, detail.version)
        except (ValidationError, ConflictError, NotFoundError) as exc:
            show_error(self, "Supplier not deleted", exc)
            return
        row = self.table.currentIndex().row()
        neighbour = self.model.supplier_id_at(row + 1) or self.model.supplier_id_at(row - 1)
        self.table.setCurrentIndex(self.model.index(-1, -1))
        self.form.show_new()
        self.suppliers_changed.emit()
        self.reload(select_id=neighbour)

    def merge_supplier(self) -> None:
        supplier_id = self.form.supplier_id
        if supplier_id is None or not self.confirm_leave_form():
            return
        try:
            dialog = MergeSuppliersDialog(self._suppliers, supplier_id, self.model.rows, self)
        except NotFoundError as exc:
            show_error(self, "Suppliers not merged", exc)
            self.reload()
            return
        if not dialog.exec() or dialog.kept is None:
            return
        kept = dialog.kept
        self.form.show_detail(kept)
        self._carbon_shown = None
        self._sync_carbon_tab()
        self.suppliers_changed.emit()
        self.reload(select_id=kept.id)

    def _form_saved(self, supplier_id: int) -> None:
        self.suppliers_changed.emit()
        self.reload(select_id=supplier_id)
