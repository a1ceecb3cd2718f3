"""The contract's commitments: the table (RAG in words, a sparkline each) and the form that edits the selected one.

The panel decides which commitment the form shows and guards its unsaved
changes: moving to another row, adding a metric or deleting asks first, and a
refused save keeps what was typed. It stores through DeliveryService and then
asks the tab to read everything again (the `reload` callback), so the returns
and remedies beside it always show what the store holds.

Signals:
    commitment_shown(object): the officer moved to another commitment (a CommitmentRecord, or None while
        a new commitment is being filled in or none is chosen); the returns and remedies follow it.
    form_wanted(): the form should be on screen (a new commitment, a refused save, a row opened).
    changed(): a commitment was stored or deleted.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.delivery import Aggregation, CommitmentData, RagThresholds
from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService
from sv_desktop.services.pipeline import ContractDetail
from sv_desktop.ui.common.form_parts import ask_to_save, confirm, store_or_explain
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.delivery.commitment_form import NOTHING_CHOSEN, CommitmentForm
from sv_desktop.ui.delivery.commitment_model import COMMITMENT_COLUMN, CommitmentTableModel, metric_text
from sv_desktop.ui.delivery.delivery_notice import plural
from sv_desktop.ui.delivery.delivery_table import DeliveryTable
from sv_desktop.ui.delivery.metric_picker import MetricPickerDialog, commitment_for_metric
from sv_desktop.ui.delivery.sparkline import SparklineDelegate

UNSAVED_COMMITMENT = "The commitment you are editing has changes that are not saved. Save them?"
COLUMN_WIDTHS = {"metric": 300, "unit": 110, "target": 95, "baseline": 70, "period": 75, "span": 160,
                 "region": 110, "achieved": 75, "verified": 70, "expected": 120, "share": 100, "rag": 140,
                 "overdue": 115, "spark": 160}


class CommitmentsPanel(QWidget):
    """The commitments table with the RAG method under it and the add and delete buttons; owns the form
    (`self.form`), which the tab puts on its Commitment page."""

    commitment_shown = Signal(object)
    form_wanted = Signal()
    changed = Signal()

    def __init__(self, delivery: DeliveryService, *, reload: Callable[..., None],
                 framework_names: Callable[[], dict[str, str]], today: Callable[[], date], catalogue=None,
                 dialog_parent: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # Dialogs and questions open over the tab, which stays enabled while its pages are greyed out.
        self._host = dialog_parent if dialog_parent is not None else self
        self._delivery = delivery
        self._reload = reload
        self._framework_names = framework_names
        self._today = today
        self._catalogue = catalogue
        self._contract: ContractDetail | None = None
        self._draft: CommitmentData | None = None  # a new commitment being filled in, not stored yet
        self._draft_by_region = False
        self._editing: CommitmentRecord | None = None  # the stored commitment the form shows
        self._restoring = False
        self.metric_picker: MetricPickerDialog | None = None
        self._build()
        self.form = CommitmentForm()  # not a child: it lives on the tab's Commitment page
        self.form.save_requested.connect(self.save)
        self.form.revert_requested.connect(self.revert)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = CommitmentTableModel(self)
        self.table = DeliveryTable("Commitments")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COMMITMENT_COLUMN["spark"], SparklineDelegate(self.table))
        for key, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(COMMITMENT_COLUMN[key], width)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4 + 30)
        layout.addWidget(self.table, 1)
        self.method = QLabel()
        self.method.setWordWrap(True)
        set_tone(self.method, Tone.MUTED)
        self.method.setAccessibleName("How RAG is worked out")
        self.method.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.method)
        buttons = QHBoxLayout()
        self.add_bespoke_button = QPushButton("Add &bespoke metric")
        self.add_framework_button = QPushButton("Add &framework metric…")
        self.add_framework_button.setVisible(self._catalogue is not None)
        self.delete_button = QPushButton("De&lete commitment")
        buttons.addWidget(self.add_bespoke_button)
        buttons.addWidget(self.add_framework_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)

        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated_row.connect(self._row_activated)
        self.add_bespoke_button.clicked.connect(self.add_bespoke_metric)
        self.add_framework_button.clicked.connect(self.add_framework_metric)
        self.delete_button.clicked.connect(self.delete_commitment)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.table, self.add_bespoke_button, self.add_framework_button):
            widget.setEnabled(enabled)
        if not enabled:
            self.delete_button.setEnabled(False)

    # -- what the tab hands in ---------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    @property
    def drafting(self) -> bool:
        """True while a new commitment is being filled in (it has no returns or remedies yet)."""
        return self._draft is not None

    def drop_draft(self) -> None:
        self._draft = None

    def drop_edits(self) -> None:
        """Forget the new commitment and any unsaved changes (the tab is about to read everything again)."""
        self.form.forget_changes()
        self._draft = None

    def show_records(self, contract: ContractDetail, records: list[CommitmentRecord], thresholds: RagThresholds,
                     *, select: int | None = None, keep_form: bool = False) -> None:
        """Show the contract's commitments, selecting `select` (else the first); `keep_form` leaves unsaved
        changes in the form."""
        keep_form = keep_form and self.form.is_dirty()
        self._contract = contract
        self._restoring = True
        try:
            self.model.set_records(records, self._today(), self._framework_names())
            row = self.model.row_of(select) if select is not None else -1
            if row < 0 and self._draft is None and records:
                row = 0
            if row >= 0:
                self.table.select_row(row)
        finally:
            self._restoring = False
        self.method.setText("How RAG is worked out: " + thresholds.method())
        self._show(self.current_commitment(), fill_form=not keep_form, announce=False)

    def show_nothing(self, *, forget: bool = False, keep_method: bool = False) -> None:
        """No contract to show (not saved yet, or gone from the store: `forget` drops the unsaved form)."""
        if forget:
            self.drop_edits()
        self._contract = None
        self._restoring = True
        self.model.set_records([], self._today())
        self._restoring = False
        if not keep_method:
            self.method.clear()
        self._show(None, announce=False)

    # -- the selected commitment ---------------------------------------------------------------------
    def current_commitment(self) -> CommitmentRecord | None:
        if self._draft is not None:
            return None
        return self.model.record(self.table.current_row())

    def select_commitment(self, commitment_id: int) -> None:
        self.table.select_row(self.model.row_of(commitment_id))

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._restoring:
            return
        record = self.model.record(current.row()) if current.isValid() else None
        leaving_draft = self._draft is not None
        editing = self._editing
        if self.form.is_dirty() and (leaving_draft or record is None or editing is None or record.id != editing.id):
            answer = ask_to_save(self._host, "Unsaved commitment", UNSAVED_COMMITMENT)
            if answer == QMessageBox.StandardButton.Save:
                if not self._store(select_after=record.id if record else None):
                    self._put_back(previous if not leaving_draft else QModelIndex())
                return
            if answer != QMessageBox.StandardButton.Discard:
                self._put_back(previous if not leaving_draft else QModelIndex())
                return
            self.form.forget_changes()
        self._draft = None
        self._show(record)

    def _put_back(self, index: QModelIndex) -> None:
        self._restoring = True
        try:
            if index.isValid():
                self.table.select_row(index.row())
            else:
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
        finally:
            self._restoring = False

    def _row_activated(self, _row: int) -> None:
        self.form_wanted.emit()
        self.form.title.setFocus()

    def _show(self, record: CommitmentRecord | None, *, fill_form: bool = True, announce: bool = True) -> None:
        if fill_form:
            self._editing = record if self._draft is None else None
            if self._draft is not None:
                self.form.fill(self._draft, self._draft_by_region, has_returns=False, is_new=True)
            elif record is not None:
                self.form.fill(record.data, record.by_region, has_returns=bool(record.returns))
            else:
                self.form.fill(None, False, has_returns=False)
        elif record is not None and self._editing is not None and record.id == self._editing.id:
            self._editing = record
        self.form.heading.setText(self._heading_for(record))
        self.delete_button.setEnabled(record is not None)
        if announce:
            self.commitment_shown.emit(record)

    def _heading_for(self, record: CommitmentRecord | None) -> str:
        if self._draft is not None:
            kind = "bespoke metric" if self._draft.bespoke else \
                f"framework metric {self._framework_names().get(self._draft.framework_id, self._draft.framework_id)} " \
                f"{self._draft.ref}"
            return f"New {kind}: fill it in from the winning bid and save it."
        if record is not None:
            return metric_text(record, self._framework_names())
        return NOTHING_CHOSEN

    # -- storing -------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Store the form (the only thing the tab holds unsaved); True when nothing is left unsaved."""
        if not self.form.is_dirty():
            return True
        return self._store()

    def _store(self, select_after: int | None = None) -> bool:
        if self._contract is None:
            return False
        record = self._editing if self._draft is None else None
        base = self._draft if self._draft is not None else record.data if record is not None else None
        if base is None:
            return False
        contract_id = self._contract.id
        self.form.errors.clear()
        stored, saved = store_or_explain(
            self._host, lambda: self._delivery.save_commitment(
                contract_id, self.form.read(base), commitment_id=record.id if record else None,
                expected_version=record.version if record else None),
            self._show_errors, "Commitment not saved", "\n\nYour changes are still in the form.")
        if not stored:
            return False
        assert saved is not None  # stored: it is the record save_commitment returned
        self.drop_edits()
        self._reload(select=select_after if select_after is not None else saved.id)
        self.form.status.setText("Saved.")
        self.changed.emit()
        return True

    def _show_errors(self, errors: list[FieldError]) -> None:
        self.form.show_errors(errors)
        self.form_wanted.emit()

    def revert(self) -> None:
        """Undo the changes in the form (a new commitment is dropped)."""
        if self._draft is not None:
            self.drop_edits()
            self._reload()
            return
        self.form.forget_changes()
        self._show(self.current_commitment())
        self.form.status.setText("Changes undone.")

    def _leave_form_ok(self) -> bool:
        """Before starting a new commitment: save or drop the current edits (or stay)."""
        if not self.form.is_dirty():
            return True
        answer = ask_to_save(self._host, "Unsaved commitment", UNSAVED_COMMITMENT)
        if answer == QMessageBox.StandardButton.Save:
            return self._store()
        if answer == QMessageBox.StandardButton.Discard:
            self.form.forget_changes()
            return True
        return False

    # -- adding and deleting -----------------------------------------------------------------------------
    def _start_draft(self, data: CommitmentData, by_region: bool) -> None:
        self._draft = data
        self._draft_by_region = by_region
        self._put_back(QModelIndex())
        self._show(None)
        self.form_wanted.emit()
        self.form.set_dirty(not data.bespoke)  # a chosen framework metric is already a change worth keeping
        self.form.title.setFocus()

    def add_bespoke_metric(self) -> None:
        if self._contract is None or not self._leave_form_ok():
            return
        data = self._contract.data
        self._start_draft(CommitmentData(title="", unit="count", start_date=data.start_date, due_date=data.end_date,
                                         aggregation=Aggregation(UNITS["count"].default_aggregation)), False)

    def add_framework_metric(self) -> None:
        if self._contract is None or self._catalogue is None:
            return
        self.metric_picker = MetricPickerDialog(self._catalogue.catalogue(), self._host)
        self.metric_picker.accepted.connect(self._metric_picked)
        self.metric_picker.open()

    def _metric_picked(self) -> None:
        picker = self.metric_picker
        entry = picker.chosen() if picker is not None else None
        if entry is not None:
            self.start_framework_metric(entry)

    def start_framework_metric(self, entry) -> None:
        """Begin a new commitment on this catalogue metric (unit and aggregation from the catalogue)."""
        if self._contract is None or not self._leave_form_ok():
            return
        self._start_draft(commitment_for_metric(entry, self._contract.data), entry.by_region)

    def delete_commitment(self) -> None:
        record = self.current_commitment()
        if record is None:
            return
        returns, remedies = len(record.returns), len(record.remedies)
        extra = ""
        if returns or remedies:
            extra = (f" Its {plural(returns, 'return', 'returns')} (with any evidence files) and "
                     f"{plural(remedies, 'remedy', 'remedies')} are deleted with it.")
        if not confirm(self._host, "Delete commitment", f"Delete the commitment “{record.data.title}”?{extra}"):
            return
        try:
            self._delivery.delete_commitment(record.id, record.version)
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self._host, "Commitment not deleted", str(exc))
            self._reload(select=record.id, keep_editor=True)
            return
        self.form.forget_changes()
        self._reload()
        self.changed.emit()


__all__ = ["CommitmentsPanel", "UNSAVED_COMMITMENT"]
