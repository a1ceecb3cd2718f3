"""The returns of one commitment: a row per NHS financial-year reporting period, recorded, corrected, verified.

Above the periods, the commitment's progress in words and a chart of delivery
against the pro-rata line; below, the selected return's change history. A
verified return changes only with a reason, which the history keeps. Every
action is one DeliveryService call; afterwards (or when the store refuses
because someone else changed it) the tab reads everything again through the
`reload` callback, keeping the same period selected.

Signals:
    changed(): a return or its evidence file was stored or deleted.
"""
from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.delivery import RagThresholds, ReturnStatus
from sv_desktop.domain.delivery_input import validate_return
from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService
from sv_desktop.ui.common.form_parts import confirm
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.delivery.commitment_form import COMMITMENT_FIELDS
from sv_desktop.ui.delivery.commitment_model import PeriodRow, ReturnTableModel, figure_text, metric_text
from sv_desktop.ui.delivery.delivery_table import DeliveryTable
from sv_desktop.ui.delivery.return_dialog import ReturnDialog, ReturnInput
from sv_desktop.ui.delivery.sparkline import SparklineWidget, series_for

FIELD_TITLES = {"actual": "Actual", "period": "Period", "unit": "Unit", "reason": "Reason",
                "rejection_reason": "Reason for rejecting", "status": "Status", "evidence": "Evidence file",
                "commitment": "Commitment"}
CHANGE_FIELDS = {"actual": "Actual", "evidence_notes": "Evidence notes", "evidence_ref": "Evidence reference",
                 "status": "Status"}


class ReturnsPanel(QWidget):
    """The Returns page: progress, chart, the periods table, its actions and the selected return's history."""

    changed = Signal()

    def __init__(self, delivery: DeliveryService, *, reload: Callable[..., None],
                 framework_names: Callable[[], dict[str, str]], today: Callable[[], date],
                 dialog_parent: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # Dialogs and questions open over the tab, which stays enabled while its pages are greyed out.
        self._host = dialog_parent if dialog_parent is not None else self
        self._delivery = delivery
        self._reload = reload
        self._framework_names = framework_names
        self._today = today
        self._record: CommitmentRecord | None = None
        self.return_dialog: ReturnDialog | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.progress_label.setAccessibleName("Progress of the selected commitment")
        layout.addWidget(self.progress_label)
        self.chart = SparklineWidget()
        layout.addWidget(self.chart)
        legend = QLabel("Bars: delivery to the end of each period (the period's own figure for headcounts and "
                        "percentages); solid is verified, pale and outlined is claimed but not yet verified. "
                        "Dashed line: the pro-rata expectation.")
        legend.setWordWrap(True)
        set_tone(legend, Tone.MUTED)
        layout.addWidget(legend)
        self.model = ReturnTableModel(self)
        self.table = DeliveryTable("Reporting periods and returns")
        self.table.setModel(self.model)
        for column, width in enumerate((150, 170, 80, 220, 190, 220)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 2)
        row1 = QHBoxLayout()
        self.record_button = QPushButton("&Record return…")
        self.verify_button = QPushButton("&Verify")
        self.reject_button = QPushButton("Re&ject…")
        self.delete_button = QPushButton("Delete return")
        self.attach_button = QPushButton("&Attach evidence file…")
        self.open_evidence_button = QPushButton("O&pen evidence file")
        for button in (self.record_button, self.verify_button, self.reject_button, self.delete_button):
            row1.addWidget(button)
        row1.addStretch(1)
        row1.addWidget(self.attach_button)
        row1.addWidget(self.open_evidence_button)
        layout.addLayout(row1)
        history_label = QLabel("C&hanges to the selected return")
        self.history = QTreeWidget()
        self.history.setHeaderLabels(["When", "Who", "Change", "Reason"])
        self.history.setRootIsDecorated(False)
        self.history.setAccessibleName("Changes to the selected return")
        self.history.setColumnWidth(0, 130)
        self.history.setColumnWidth(1, 110)
        self.history.setColumnWidth(2, 300)
        history_label.setBuddy(self.history)
        layout.addWidget(history_label)
        layout.addWidget(self.history, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_return())
        self.table.activated_row.connect(lambda _row: self.record_return())
        self.record_button.clicked.connect(self.record_return)
        self.verify_button.clicked.connect(self.verify_return)
        self.reject_button.clicked.connect(self.reject_return)
        self.delete_button.clicked.connect(self.delete_return)
        self.attach_button.clicked.connect(self.attach_evidence)
        self.open_evidence_button.clicked.connect(self.open_evidence)

    # -- what it shows -------------------------------------------------------------------------------
    def show_commitment(self, record: CommitmentRecord | None, thresholds: RagThresholds, *,
                        period_start: date | None = None, drafting: bool = False) -> None:
        """Show `record`'s periods, keeping `period_start` (else the period already selected) when it has one."""
        keep_period = period_start
        if keep_period is None:
            row = self.model.period_row(self.table.current_row())
            keep_period = row.period.start if row is not None else None
        self._record = record
        self.model.set_commitment(record, thresholds, self._today())
        if record is not None:
            progress = record.progress
            self.progress_label.setText(f"<b>{html.escape(progress.rag.label)}</b>. {html.escape(progress.reason)}")
            self.chart.set_series(series_for(record.data, [r.data for r in record.returns], self._today(),
                                             record.unit_label))
            period_row = self.model.row_of(keep_period) if keep_period is not None else -1
            if period_row < 0:
                period_row = self._first_open_period()
            self.table.select_row(period_row)
        else:
            self.progress_label.setText("Save the new commitment first, then record its returns." if drafting
                                        else "Choose a commitment to see its returns.")
            self.chart.set_series(None, "Choose a commitment to see its delivery per period.")
        self._show_return()

    def _first_open_period(self) -> int:
        """The first period without a return that has begun (else the last begun one), so Record is one key away."""
        today = self._today()
        begun = -1
        for row in range(self.model.rowCount()):
            item = self.model.period_row(row)
            if item is not None and item.period.start <= today:
                begun = row
                if item.record is None:
                    return row
        return max(begun, 0)

    def current_period(self) -> PeriodRow | None:
        return self.model.period_row(self.table.current_row())

    def select_period(self, period_start: date) -> None:
        self.table.select_row(self.model.row_of(period_start))

    def _show_return(self) -> None:
        self.history.clear()
        item = self.current_period()
        if item is not None and item.record is not None:
            for change in item.record.history:
                self.history.addTopLevelItem(QTreeWidgetItem([
                    f"{change.changed_at:%d/%m/%Y %H:%M}", change.changed_by, change_text(change), change.reason]))
        self._update_buttons()

    def _update_buttons(self) -> None:
        record, item = self._record, self.current_period()
        stored = item.record if item is not None else None
        measured = record is not None and not record.data.missing
        self.record_button.setEnabled(measured and item is not None and (stored is not None or item.in_schedule))
        self.record_button.setText("Co&rrect return…" if stored is not None else "&Record return…")
        status = stored.data.status if stored is not None else None
        self.verify_button.setEnabled(stored is not None and status is not ReturnStatus.VERIFIED)
        self.reject_button.setEnabled(stored is not None and status is not ReturnStatus.REJECTED)
        self.delete_button.setEnabled(stored is not None and status is not ReturnStatus.VERIFIED)
        self.attach_button.setEnabled(stored is not None)
        self.open_evidence_button.setEnabled(stored is not None and stored.evidence is not None)

    # -- recording and correcting ----------------------------------------------------------------------
    def record_return(self) -> ReturnDialog | None:
        """Open the return of the selected period to record it (or correct it)."""
        record, item = self._record, self.current_period()
        if record is None or item is None or not self.record_button.isEnabled():
            return None
        # The return belongs to this commitment whatever is selected while the dialog is open.
        dialog = ReturnDialog(item.period, metric_text(record, self._framework_names()), record.unit_label,
                              item.record, lambda shown, values: self._store_return(record, shown, values),
                              self._host, period_name=item.name)
        self.return_dialog = dialog
        dialog.open()
        return dialog

    def _store_return(self, record: CommitmentRecord, dialog: ReturnDialog, values: ReturnInput) -> None:
        validate_return(record.data, dialog.period, values.actual)
        existing = dialog.record
        reason = ""
        if existing is not None and existing.data.status is ReturnStatus.VERIFIED and (
                values.actual != existing.data.actual
                or values.evidence_notes.strip() != existing.data.evidence_notes
                or values.evidence_ref.strip() != existing.data.evidence_ref):
            reason, ok = QInputDialog.getText(
                dialog, "Reason for changing a verified return",
                f"The return for {dialog.period_name} was verified. Why is it being changed? "
                "The reason is kept in the return's history.")
            if not ok or not reason.strip():
                raise ValidationError([FieldError(
                    "reason", "A verified return is changed only with a reason; nothing was saved.")])
        self._delivery.save_return(
            record.id, dialog.period, values.actual, evidence_notes=values.evidence_notes,
            evidence_ref=values.evidence_ref, return_id=existing.id if existing else None,
            expected_version=existing.version if existing else None, reason=reason)
        self._after_change(record.id, dialog.period.start)

    def _after_change(self, commitment_id: int, period_start: date) -> None:
        self._reload(select=commitment_id, period_start=period_start, keep_editor=True)
        self.changed.emit()

    def _return_action(self, title: str, action) -> bool:
        """Run one store call on the selected return; messages name the field, the tab reloads either way."""
        record, item = self._record, self.current_period()
        if record is None or item is None or item.record is None:
            return False
        try:
            action(item.record)
        except ValidationError as exc:
            QMessageBox.warning(self._host, title, _messages(exc))
            return False
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self._host, title, str(exc))
            self._reload(select=record.id, period_start=item.period.start, keep_editor=True)
            return False
        self._after_change(record.id, item.period.start)
        return True

    def verify_return(self) -> bool:
        return self._return_action("Return not verified",
                                   lambda r: self._delivery.verify_return(r.id, r.version))

    def reject_return(self) -> bool:
        item = self.current_period()
        if item is None or item.record is None:
            return False
        reason, ok = QInputDialog.getText(self._host, "Reject return",
                                          f"Why is the return for {item.name} rejected? "
                                          "The reason is kept with the return and shown in the table.")
        if not ok:
            return False
        return self._return_action("Return not rejected",
                                   lambda r: self._delivery.reject_return(r.id, r.version, reason))

    def delete_return(self) -> bool:
        item = self.current_period()
        if item is None or item.record is None:
            return False
        if not confirm(self._host, "Delete return",
                       f"Delete the return for {item.name} (and any evidence file attached)?"):
            return False
        return self._return_action("Return not deleted",
                                   lambda r: self._delivery.delete_return(r.id, r.version))

    # -- evidence files --------------------------------------------------------------------------------
    def attach_evidence(self, path: str | None = None) -> bool:
        item = self.current_period()
        if item is None or item.record is None:
            return False
        if not path:
            path, _ = QFileDialog.getOpenFileName(self._host, f"Attach evidence for {item.name}",
                                                  start_path("documents"))
            remember_folder("documents", path)
        if not path:
            return False
        return self._return_action("Evidence not attached",
                                   lambda r: self._delivery.attach_evidence(r.id, Path(path)))

    def evidence_file(self) -> Path | None:
        """The selected return's evidence as a temporary file, or None."""
        item = self.current_period()
        if item is None or item.record is None or item.record.evidence is None:
            return None
        name, content = self._delivery.evidence(item.record.id)
        folder = Path(tempfile.gettempdir()) / "sv-desktop-documents" / f"return-{item.record.id}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (Path(name).name or "evidence")
        target.write_bytes(content)
        return target

    def open_evidence(self) -> None:
        try:
            path = self.evidence_file()
        except NotFoundError as exc:
            QMessageBox.warning(self._host, "Evidence file", str(exc))
            return
        except OSError as exc:
            QMessageBox.warning(self._host, "Evidence file", f"The file could not be written to a temporary folder: "
                                                       f"{exc.strerror}.")
            return
        if path is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self._host, "Evidence file", f"No program is set up to open {path.name}. "
                                                       f"A copy is at {path}.")


# -- how the history and refusals read ------------------------------------------------------------------

def _messages(exc: ValidationError) -> str:
    return "\n".join(f"{FIELD_TITLES.get(e.field, COMMITMENT_FIELDS.get(e.field, e.field))}: {e.message}"
                     for e in exc.errors)


def change_text(change) -> str:
    """One line of a return's history: 'Actual: 12 → 10', 'Status: Verified → Claimed (not yet verified)'."""
    name = CHANGE_FIELDS.get(change.field, change.field)
    old, new = change.old_value, change.new_value
    if change.field == "status":
        old, new = (_status_word(v) for v in (old, new))
    elif change.field == "actual":
        old, new = (_figure_word(v) for v in (old, new))
    return f"{name}: {old or '(blank)'} → {new or '(blank)'}"


def _status_word(value: str) -> str:
    try:
        return ReturnStatus(value).label
    except ValueError:
        return value


def _figure_word(value: str) -> str:
    try:
        return figure_text(Decimal(value)) if value else value
    except InvalidOperation:
        return value


__all__ = ["ReturnsPanel", "change_text"]
