"""The pipeline page: filter bar, the contracts table and the edit form side by side."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, NotFoundError
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.pipeline import PipelineService
from sv_desktop.services.pipeline_index import COLUMNS, OPEN_STAGES, Column, PipelineFilter
from sv_desktop.ui.background import BackgroundTask
from sv_desktop.ui.contract_form import ContractForm
from sv_desktop.ui.pipeline_model import PipelineTableModel
from sv_desktop.ui.widgets import enable_clear_button

WITHIN_CHOICES = [(None, "Any end date"), (3, "Ends within 3 months"), (6, "Ends within 6 months"),
                  (12, "Ends within 12 months"), (18, "Ends within 18 months"), (24, "Ends within 24 months")]
DEFAULT_WIDTHS = [110, 300, 120, 150, 90, 100, 110, 110, 90, 150, 140, 140, 220]
COMPLIANCE_CHOICES = [(None, "Any compliance"), ("fail", "Fails a policy rule"),
                      ("warning", "Has policy warnings"), ("ok", "Meets policy")]


class ContractTable(QTableView):
    """The contracts table; Enter moves to the form to edit the current contract.

    Signals:
        activated_row(int): Enter or Return pressed on a row.
    """

    activated_row = Signal(int)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class PipelinePage(QWidget):
    """Lists contracts (model/view), filters them, and edits the selected one.

    Signals:
        counts_changed(int, int): shown and total contracts, for the status bar.
        loaded(): the rows have arrived from the store and are on screen.
        compliance_checked(): policy compliance has been worked out and shown.
    """

    counts_changed = Signal(int, int)
    loaded = Signal()
    compliance_checked = Signal()

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
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search reference, title, supplier, people…  (Ctrl+F)")
        enable_clear_button(self.search)
        self.search.setAccessibleName("Search contracts")
        search_label = QLabel("Sea&rch")
        search_label.setBuddy(self.search)
        self.stage_filter = QComboBox()
        self.stage_filter.setAccessibleName("Stage filter")
        self.stage_filter.addItem("All stages", None)
        self.stage_filter.addItem("Open (not closed or cancelled)", OPEN_STAGES)
        for stage in Stage:
            self.stage_filter.addItem(stage.label, stage.value)
        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName("Category filter")
        self.category_filter.addItem("All categories", None)
        for category in Category:
            self.category_filter.addItem(category.label, category.value)
        self.lead_filter = QComboBox()
        self.lead_filter.setAccessibleName("Procurement lead filter")
        self.lead_filter.addItem("All procurement leads", None)
        self.within_filter = QComboBox()
        self.within_filter.setAccessibleName("Renewal or expiry filter")
        for months, label in WITHIN_CHOICES:
            self.within_filter.addItem(label, months)
        self.compliance_filter = QComboBox()
        self.compliance_filter.setAccessibleName("Policy compliance filter")
        for level, label in COMPLIANCE_CHOICES:
            self.compliance_filter.addItem(label, level)
        self.compliance_filter.setVisible(self._compliance is not None)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        for combo in (self.stage_filter, self.category_filter, self.lead_filter, self.within_filter,
                      self.compliance_filter):
            bar.addWidget(combo, 1)
        layout.addLayout(bar)

        self.count_label = QLabel("Loading contracts…")
        self.count_label.setAccessibleName("Number of contracts shown")
        layout.addWidget(self.count_label)

        self.model = PipelineTableModel(self)
        self.table = ContractTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Contracts")
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(DEFAULT_WIDTHS):
            self.table.setColumnWidth(column, width)

        self.form = ContractForm(self._pipeline)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
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

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)  # coalesce fast typing into one filter pass per event-loop turn
        self._filter_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._filter_timer.start)
        for combo in (self.stage_filter, self.category_filter, self.lead_filter, self.within_filter,
                      self.compliance_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
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
        elif self.model.rowCount() and self.form.contract_id is None and not self.form.is_dirty:
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
                self._select_row(row)
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
                self._select_row(row)

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
        if total == 0:
            text = "No contracts yet. Press Ctrl+N to add one, or load demo data from the File menu."
        elif shown == total:
            text = f"{total:,} contracts"
        elif shown == 0:
            text = f"No contracts match the filters (of {total:,}). Clear the search or filters to see them."
        else:
            text = f"{shown:,} of {total:,} contracts match"
        self.count_label.setText(text)
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
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _current_row_changed(self, current, previous) -> None:
        contract_id = self.model.contract_id_at(current.row()) if current.isValid() else None
        if contract_id is None or contract_id == self.form.contract_id:
            return
        if not self.confirm_leave_form():
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.selectionModel().blockSignals(False)
            return
        self.form.show_contract(contract_id)
        self._sync_contract_tab()

    # -- contract tabs ---------------------------------------------------------------
    def add_contract_tab(self, widget: QWidget, title: str) -> None:
        """Another view of the selected contract (social value, compliance, ...).

        The widget needs `show_contract(contract_id | None)`, and may have `is_dirty`
        and `save()`; it is told about the contract only while its tab is showing.
        """
        self._contract_tabs.append(widget)
        self.detail_tabs.addTab(widget, title)

    def _sync_contract_tab(self, force: bool = False) -> None:
        widget = self.detail_tabs.currentWidget()
        if widget not in self._contract_tabs:
            return
        other_contract = getattr(widget, "shown_contract", None) != self.form.contract_id
        if force or other_contract or not getattr(widget, "is_dirty", False):
            widget.show_contract(self.form.contract_id)

    def _dirty_editors(self) -> list[QWidget]:
        return [w for w in (self.form, *self._contract_tabs) if getattr(w, "is_dirty", False)]

    def confirm_leave_form(self) -> bool:
        """Ask before unsaved edits are thrown away; True when it is fine to move on."""
        dirty = self._dirty_editors()
        if not dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            "This contract has changes that are not saved. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return all(editor.save() for editor in dirty)
        if answer == QMessageBox.StandardButton.Discard:
            for editor in dirty:
                if editor is not self.form and hasattr(editor, "reload"):
                    editor.reload()
            return True
        return False

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
            QMessageBox.warning(self, "Not duplicated", str(exc))
            return
        self.form.show_contract(detail.id)
        self.reload(select_id=detail.id)

    def delete_contract(self) -> None:
        contract_id = self.form.contract_id
        if contract_id is None:
            return
        detail = self._pipeline.get(contract_id)
        answer = QMessageBox.question(
            self, "Delete contract",
            f"Delete {detail.data.reference} — {detail.data.title}?\n\n"
            "Its stage history goes with it. Lots and call-offs under it are kept but no longer linked. "
            "This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._pipeline.delete(contract_id, detail.version)
        except (NotFoundError, ConflictError) as exc:
            QMessageBox.warning(self, "Not deleted", str(exc))
        row = self.table.currentIndex().row()
        self.form.show_new()
        self._sync_contract_tab()
        self._pending_select = None
        self.reload(select_id=self.model.contract_id_at(row + 1) or self.model.contract_id_at(row - 1))

    def _form_saved(self, contract_id: int) -> None:
        self._sync_contract_tab(force=True)
        self.reload(select_id=contract_id)

    # -- remembered layout -------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("pipeline/header", self.table.horizontalHeader().saveState())
        settings.setValue("pipeline/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("pipeline/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value("pipeline/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
