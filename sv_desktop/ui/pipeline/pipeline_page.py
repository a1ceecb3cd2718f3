"""The pipeline page: filter bar, the contracts table and the edit form side by side (a ListDetailPage)."""
from __future__ import annotations

from datetime import date
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from sv_desktop.domain.errors import ConflictError, NotFoundError
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.pipeline import PipelineService
from sv_desktop.services.pipeline_index import COLUMNS, OPEN_STAGES, Column, PipelineFilter
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
from sv_desktop.ui.pipeline.contract_form import ContractForm
from sv_desktop.ui.pipeline.first_run import EmptyStorePanel
from sv_desktop.ui.pipeline.pipeline_model import PipelineTableModel

WITHIN_CHOICES = [(None, "Any end date"), (3, "Ends within 3 months"), (6, "Ends within 6 months"),
                  (12, "Ends within 12 months"), (18, "Ends within 18 months"), (24, "Ends within 24 months")]
DEFAULT_WIDTHS = [110, 300, 120, 150, 90, 100, 110, 110, 90, 150, 140, 140, 220]
COMPLIANCE_CHOICES = [(None, "Any compliance"), ("fail", "Fails a policy rule"),
                      ("warning", "Has policy warnings"), ("ok", "Meets policy")]


ContractTable = ActivatingTable  # the name the pipeline's table has always had



@runtime_checkable
class ContractView(Protocol):
    """A contract tab: shows the contract with this id (None: none selected)."""

    def show_contract(self, contract_id: int | None) -> None: ...

class PipelinePage(ListDetailPage):
    """Lists contracts (model/view), filters them, and edits the selected one.

    Signals:
        counts_changed(int, int): shown and total contracts, for the status bar.
        loaded(): the rows have arrived from the store and are on screen.
        compliance_checked(): policy compliance has been worked out and shown.
    """

    counts_changed = Signal(int, int)
    loaded = Signal()
    compliance_checked = Signal()
    LAYOUT_KEY = "pipeline"
    UNSAVED_QUESTION = "This contract has changes that are not saved. Save them?"

    def __init__(self, pipeline: PipelineService, renewal_window_months: int = 12, parent: QWidget | None = None,
                 *, compliance: ComplianceService | None = None):
        super().__init__(parent)
        self._pipeline = pipeline
        self._compliance = compliance
        self._compliance_task: BackgroundTask | None = None
        self._load_task: BackgroundTask | None = None
        self._pending_select: int | None = None
        self._renewal_window = renewal_window_months
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.stage_filter = filter_combo("Stage filter", [
            (None, "All stages"), (OPEN_STAGES, "Open (not closed or cancelled)"),
            *((stage.value, stage.label) for stage in Stage)])
        self.category_filter = filter_combo("Category filter", [
            (None, "All categories"), *((category.value, category.label) for category in Category)])
        self.lead_filter = filter_combo("Procurement lead filter", [(None, "All procurement leads")])
        self.within_filter = filter_combo("Renewal or expiry filter", WITHIN_CHOICES)
        self.compliance_filter = filter_combo("Policy compliance filter", COMPLIANCE_CHOICES)
        self.compliance_filter.setVisible(self._compliance is not None)
        self.search = filter_bar(layout, "Search reference, title, supplier, people…  (Ctrl+F)", "Search contracts",
                                 (self.stage_filter, self.category_filter, self.lead_filter, self.within_filter,
                                  self.compliance_filter))

        self.count_label = QLabel("Loading contracts…")
        self.count_label.setAccessibleName("Number of contracts shown")
        layout.addWidget(self.count_label)

        self.model = PipelineTableModel(self)
        self.table = ActivatingTable()
        self.table.setModel(self.model)
        list_table(self.table, "Contracts")
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        for column, width in enumerate(DEFAULT_WIDTHS):
            self.table.setColumnWidth(column, width)

        self.form = ContractForm(self._pipeline)
        self.empty_state = EmptyStorePanel()
        self.empty_state.new_contract.connect(self.new_contract)
        self.table_stack = QStackedWidget()  # the table, or what to do first while the store is empty
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_state)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table_stack)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setAccessibleName("Contract")
        self.detail_tabs.addTab(self.form, "&Details")
        self._contract_tabs: list[QWidget] = []
        self.detail_tabs.currentChanged.connect(lambda _index: self._sync_contract_tab())
        self.splitter.addWidget(self.detail_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([900, 520])
        layout.addWidget(self.splitter, 1)

        self._watch_filters(self.search, (self.stage_filter, self.category_filter, self.lead_filter,
                                          self.within_filter, self.compliance_filter))
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.form.saved.connect(self._form_saved)
        self.table.activated_row.connect(lambda _row: self.form.reference.setFocus())

    # -- data ----------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Read the rows off the GUI thread; selection is restored when they arrive."""
        self._pending_select = select_id if select_id is not None else self.current_contract_id()
        if self._load_task is not None and self._load_task.is_running:
            return
        task = BackgroundTask(self, "Loading contracts", lambda _progress: self._pipeline.rows(),
                              show_progress=False)
        task.done.connect(self._rows_arrived)
        task.failed.connect(self._load_failed)
        self._load_task = task.start()

    def load_now(self) -> None:
        """Read the rows on this thread (tests, and tiny stores)."""
        self._rows_arrived(self._pipeline.rows())

    def _rows_arrived(self, rows) -> None:
        self._load_task = None
        self.model.set_rows(rows)
        self._refresh_lead_filter()
        self._update_counts()
        if self._pending_select is not None:
            self.select_contract(self._pending_select)
        elif self.model.rowCount() and self.form.contract_id is None and not self.form.is_dirty():
            self.table.selectRow(0)
        # Typing suggestions and compliance are not needed for the first paint; work them out afterwards.
        QTimer.singleShot(100, self._refresh_completions)
        self.check_compliance(rows)
        self.loaded.emit()

    # -- compliance ------------------------------------------------------------------
    def check_compliance(self, rows=None) -> None:
        """Work out every contract's compliance off the GUI thread; the column fills in when done."""
        if self._compliance is None:
            return
        rows = list(self.model.index_data.rows) if rows is None else rows
        service = self._compliance
        task = BackgroundTask(self, "Checking policy compliance",
                              lambda progress: service.check_rows(rows, progress=progress), show_progress=False)
        task.done.connect(self._compliance_arrived)
        task.failed.connect(lambda error: self.count_label.setText(
            f"{self.count_label.text()} — compliance could not be checked: {error}"))
        self._compliance_task = task.start()

    def recheck_contract(self, contract_id: int) -> None:
        """After an edit that can change one contract's compliance."""
        if self._compliance is None:
            return
        try:
            self._compliance_arrived([self._compliance.check(contract_id)])
        except NotFoundError:
            return

    def _compliance_arrived(self, results) -> None:
        keep = self.current_contract_id()
        self.model.set_compliance({r.contract_id: (r.level, r.status) for r in results})
        self._update_counts()
        if keep is not None:
            row = self.model.row_of(keep)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                select_row(self.table, row)
                self.table.selectionModel().blockSignals(False)
        self.compliance_checked.emit()

    def _load_failed(self, error: object) -> None:
        self._load_task = None
        self.count_label.setText("Contracts could not be loaded.")
        QMessageBox.critical(self, "Contracts not loaded", f"The contracts could not be read: {error}")

    def _refresh_lead_filter(self) -> None:
        current = self.lead_filter.currentData()
        self.lead_filter.blockSignals(True)
        self.lead_filter.clear()
        self.lead_filter.addItem("All procurement leads", None)
        leads = self.model.index_data.leads()
        for lead in leads:
            self.lead_filter.addItem(lead, lead)
        index = self.lead_filter.findData(current)
        self.lead_filter.setCurrentIndex(max(index, 0))
        self.lead_filter.blockSignals(False)

    def _refresh_completions(self) -> None:
        rows = self.model.index_data.rows
        people = sorted({r.procurement_lead for r in rows} | {r.contract_manager for r in rows} - {""})
        self.form.set_completions([r.reference for r in rows], [p for p in people if p],
                                  self._pipeline.supplier_names())

    # -- filtering -------------------------------------------------------------------
    def current_filter(self) -> PipelineFilter:
        stage = self.stage_filter.currentData()
        category = self.category_filter.currentData()
        return PipelineFilter(
            text=self.search.text(),
            stage=OPEN_STAGES if stage == OPEN_STAGES else (Stage(stage) if stage else None),
            category=Category(category) if category else None,
            procurement_lead=self.lead_filter.currentData(),
            ends_within_months=self.within_filter.currentData(),
            compliance=self.compliance_filter.currentData(),
            today=date.today(),
        )

    def apply_filter(self) -> None:
        keep = self.current_contract_id()
        self.model.apply_filter(self.current_filter())
        self._update_counts()
        if keep is not None:
            row = self.model.row_of(keep)
            if row is not None:
                select_row(self.table, row)

    def show_renewals(self, months: int | None = None) -> None:
        """The rolling renewal view: open contracts ending within the window."""
        months = months or self._renewal_window
        index = self.within_filter.findData(months)
        if index < 0:
            self.within_filter.addItem(f"Ends within {months} months", months)
            index = self.within_filter.count() - 1
        self.stage_filter.setCurrentIndex(self.stage_filter.findData(OPEN_STAGES))
        self.within_filter.setCurrentIndex(index)
        self.table.sortByColumn(COLUMNS.index(Column.DECISION_DUE), Qt.SortOrder.AscendingOrder)

    def clear_filters(self) -> None:
        self.search.clear()
        for combo in (self.stage_filter, self.category_filter, self.lead_filter, self.within_filter,
                      self.compliance_filter):
            combo.setCurrentIndex(0)

    def _update_counts(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.index_data)
        self.count_label.setText(count_text(
            shown, total, one="contract", many="contracts",
            empty="No contracts yet. Press Ctrl+N to add one, or load demo data from the File menu."))
        self.table_stack.setCurrentWidget(self.empty_state if total == 0 else self.table)
        self.counts_changed.emit(shown, total)

    # -- selection -------------------------------------------------------------------
    def current_contract_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.contract_id_at(index.row()) if index.isValid() else self.form.contract_id

    def select_contract(self, contract_id: int) -> bool:
        row = self.model.row_of(contract_id)
        if row is None:
            self.form.show_contract(contract_id)
            return False
        select_row(self.table, row)
        return True

    def _current_row_changed(self, current, previous) -> None:
        contract_id = self.model.contract_id_at(current.row()) if current.isValid() else None
        if contract_id is None or contract_id == self.form.contract_id:
            return
        if not self._may_leave_row(previous):
            return
        self.form.show_contract(contract_id)
        self._sync_contract_tab()

    # -- contract tabs ---------------------------------------------------------------
    def add_contract_tab(self, widget: QWidget, title: str) -> None:
        """Another view of the selected contract (social value, compliance, ...).

        The widget needs `show_contract(contract_id | None)` and is an `Editor` (is_dirty, save, revert);
        it is told about the contract only while its tab is showing.
        """
        self._contract_tabs.append(widget)
        self.detail_tabs.addTab(widget, title)

    def _sync_contract_tab(self, force: bool = False) -> None:
        widget = self.detail_tabs.currentWidget()
        if widget not in self._contract_tabs:
            return
        if not isinstance(widget, ContractView):  # as calling its missing show_contract would have failed
            raise TypeError(f"{type(widget).__name__} has no show_contract")
        other_contract = getattr(widget, "shown_contract", None) != self.form.contract_id
        if force or other_contract or not (isinstance(widget, Editor) and widget.is_dirty()):
            widget.show_contract(self.form.contract_id)

    def _editors(self) -> list[object]:
        return [self.form, *self._contract_tabs]

    def _discard(self, dirty: list[Editor]) -> None:
        for editor in dirty:
            if editor is not self.form:  # the form is filled in again by whatever comes next
                editor.revert()

    # -- actions ---------------------------------------------------------------------
    def new_contract(self) -> None:
        if not self.confirm_leave_form():
            return
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        self.form.show_new()
        self.detail_tabs.setCurrentWidget(self.form)

    def duplicate_contract(self) -> None:
        contract_id = self.current_contract_id()
        if contract_id is None or not self.confirm_leave_form():
            return
        try:
            detail = self._pipeline.duplicate(contract_id)
        except (NotFoundError, ConflictError) as exc:
            show_error(self, "Not duplicated", exc)
            return
        self.form.show_contract(detail.id)
        self.reload(select_id=detail.id)

    def delete_contract(self) -> None:
        contract_id = self.form.contract_id
        if contract_id is None:
            return
        detail = self._pipeline.get(contract_id)
        if not confirm(self, "Delete contract",
                       f"Delete {detail.data.reference} — {detail.data.title}?\n\n"
                       "Its stage history goes with it. Lots and call-offs under it are kept but no longer linked. "
                       "This cannot be undone."):
            return
        try:
            self._pipeline.delete(contract_id, detail.version)
        except (NotFoundError, ConflictError) as exc:
            show_error(self, "Not deleted", exc)
        row = self.table.currentIndex().row()
        self.form.show_new()
        self._sync_contract_tab()
        self._pending_select = None
        self.reload(select_id=self.model.contract_id_at(row + 1) or self.model.contract_id_at(row - 1))

    def _form_saved(self, contract_id: int) -> None:
        self._sync_contract_tab(force=True)
        self.reload(select_id=contract_id)
