"""The contract's "Delivery" tab: commitments from the winning bid, returns per period, RAG and remedies.

Top: the commitments table (RAG in words, a sparkline of delivery against the
pro-rata line) with the method that works RAG out written under it. Below, for
the selected commitment: its editor (what the bid promised), its returns (one
row per NHS financial-year reporting period: record, correct, verify, reject,
evidence files, change history) and its remedies log. Every change is one
call to DeliveryService; when the store refuses, the message names the field
and what was typed stays where it was.
"""
from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.delivery import (
    Aggregation,
    CommitmentData,
    Frequency,
    Rag,
    RagThresholds,
    RemedyData,
    ReturnStatus,
)
from sv_desktop.domain.delivery_input import validate_return
from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.vocabulary import Stage, UkRegion
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService, RemedyRecord
from sv_desktop.services.pipeline import ContractDetail, PipelineService
from sv_desktop.ui.delivery.commitment_model import (
    COMMITMENT_COLUMN,
    CommitmentTableModel,
    PeriodRow,
    RemedyTableModel,
    ReturnTableModel,
    figure_text,
    metric_text,
)
from sv_desktop.ui.common.form_parts import FieldErrors, ask_to_save, confirm, store_or_explain, text_height, track_edits
from sv_desktop.ui.common.formatting import date_text, money_text
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.pipeline.pipeline_page import ActivatingTable, list_table
from sv_desktop.ui.delivery.remedy_dialog import RemedyDialog
from sv_desktop.ui.delivery.return_dialog import ReturnDialog, ReturnInput, parse_figure
from sv_desktop.ui.delivery.sparkline import SparklineDelegate, SparklineWidget, series_for
from sv_desktop.ui.common.theme import Banner, Tone, set_banner, set_tone
from sv_desktop.ui.common.widgets import EnumCombo, OptionalDateEdit

HANDOVER_STAGES = (Stage.AWARDED, Stage.DELIVERY)
COMMITMENT_FIELDS = {
    "title": "Name", "unit": "Unit", "aggregation": "Adds up as", "target": "Target", "baseline": "Baseline",
    "start_date": "Start date", "due_date": "Due date", "frequency": "Returns", "region": "UK region",
    "cohort": "Cohort", "bid_text": "Bid text", "justification": "Justification",
}
UNSAVED_COMMITMENT = "The commitment you are editing has changes that are not saved. Save them?"
FIELD_TITLES = {"actual": "Actual", "period": "Period", "unit": "Unit", "reason": "Reason",
                "rejection_reason": "Reason for rejecting", "status": "Status", "evidence": "Evidence file",
                "commitment": "Commitment"}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _messages(exc: ValidationError) -> str:
    return "\n".join(f"{FIELD_TITLES.get(e.field, COMMITMENT_FIELDS.get(e.field, e.field))}: {e.message}"
                     for e in exc.errors)


class _Table(ActivatingTable):
    """A read-only, row-selecting table; Enter, Return or a double-click on a row emits activated_row."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        list_table(self, accessible_name, row_padding=12)
        self.setTabKeyNavigation(False)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.selectionModel().setCurrentIndex(
                self.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1


class _WidthWatcher(QWidget):
    """A page that reports its width, so the commitment editor can stack its two columns when narrow."""

    width_changed = Signal(int)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.width_changed.emit(event.size().width())


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
                item.setData(Qt.ItemDataRole.UserRole, (entry.framework_id, entry.ref))
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
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == (framework_id, ref):
                self.list.setCurrentRow(i)
                return

    def chosen(self):
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return self._catalogue.entry(*item.data(Qt.ItemDataRole.UserRole))


class DeliveryTab(QWidget):
    """Commitments, returns, RAG and remedies of one contract.

    Signals:
        changed(): a commitment, return or remedy of the shown contract was stored or deleted.
    """

    changed = Signal()

    def __init__(self, delivery: DeliveryService, pipeline: PipelineService, parent: QWidget | None = None, *,
                 catalogue=None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self._delivery = delivery
        self._pipeline = pipeline
        self._catalogue = catalogue
        self._today = today
        self._contract_id: int | None = None
        self._contract: ContractDetail | None = None
        self._thresholds = RagThresholds()
        self._draft: CommitmentData | None = None  # a new commitment being filled in, not stored yet
        self._draft_by_region = False
        self._editing: CommitmentRecord | None = None  # the stored commitment the editor shows
        self._dirty = False
        self._loading = False
        self._restoring = False
        self.return_dialog: ReturnDialog | None = None
        self.remedy_dialog: RemedyDialog | None = None
        self.metric_picker: MetricPickerDialog | None = None
        self._build()
        self._set_enabled(False)

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel("Select a contract to see its delivery.")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)

        banner_row = QHBoxLayout()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        set_banner(self.banner, Banner.WARNING)
        self.banner.setAccessibleName("Delivery notice")
        self.banner.hide()
        self.handover_button = QPushButton("Create commitments from the &chosen metrics")
        self.handover_button.setToolTip("Turn the metrics chosen on the Social value tab into commitments to fill in "
                                        "from the winning bid")
        self.handover_button.hide()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.handover_button)
        layout.addLayout(banner_row)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.model = CommitmentTableModel(self)
        self.table = _Table("Commitments")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COMMITMENT_COLUMN["spark"], SparklineDelegate(self.table))
        widths = {"metric": 300, "unit": 110, "target": 95, "baseline": 70, "period": 75, "span": 160,
                  "region": 110, "achieved": 75, "verified": 70, "expected": 120, "share": 100, "rag": 140,
                  "overdue": 115, "spark": 160}
        for key, width in widths.items():
            self.table.setColumnWidth(COMMITMENT_COLUMN[key], width)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4 + 30)
        top_layout.addWidget(self.table, 1)
        self.method = QLabel()
        self.method.setWordWrap(True)
        set_tone(self.method, Tone.MUTED)
        self.method.setAccessibleName("How RAG is worked out")
        self.method.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top_layout.addWidget(self.method)
        commitment_buttons = QHBoxLayout()
        self.add_bespoke_button = QPushButton("Add &bespoke metric")
        self.add_framework_button = QPushButton("Add &framework metric…")
        self.add_framework_button.setVisible(self._catalogue is not None)
        self.delete_button = QPushButton("De&lete commitment")
        commitment_buttons.addWidget(self.add_bespoke_button)
        commitment_buttons.addWidget(self.add_framework_button)
        commitment_buttons.addStretch(1)
        commitment_buttons.addWidget(self.delete_button)
        top_layout.addLayout(commitment_buttons)
        self.splitter.addWidget(top)

        self.details = QTabWidget()
        self.details.setAccessibleName("Selected commitment")
        self.details.addTab(self._build_editor(), "C&ommitment")
        self.details.addTab(self._build_returns(), "Re&turns")
        self.details.addTab(self._build_remedies(), "Remed&ies")
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 480])
        layout.addWidget(self.splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(self._commitment_row_changed)
        self.table.activated_row.connect(self._commitment_activated)
        self.handover_button.clicked.connect(self.create_from_chosen)
        self.add_bespoke_button.clicked.connect(self.add_bespoke_metric)
        self.add_framework_button.clicked.connect(self.add_framework_metric)
        self.delete_button.clicked.connect(self.delete_commitment)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build_editor(self) -> QWidget:
        page = _WidthWatcher()
        outer = QVBoxLayout(page)
        self.editor_heading = QLabel("Choose a commitment in the table, or add one.")
        self.editor_heading.setWordWrap(True)
        outer.addWidget(self.editor_heading)
        self.commitment_summary = QLabel()
        self.commitment_errors = FieldErrors(self.commitment_summary, COMMITMENT_FIELDS)
        outer.addWidget(self.commitment_summary)

        self.title = QLineEdit()
        self.unit = QComboBox()
        for unit_id, unit in UNITS.items():
            self.unit.addItem(unit.label, unit_id)
        self.aggregation = EnumCombo(Aggregation)
        self.target = QLineEdit()
        self.target.setPlaceholderText("From the winning bid, e.g. 12")
        self.baseline = QLineEdit()
        self.baseline.setPlaceholderText("Optional")
        self.start_date = OptionalDateEdit()
        self.due_date = OptionalDateEdit()
        self.frequency = EnumCombo(Frequency)
        self.region = EnumCombo(UkRegion, optional=True, none_label="Not set")
        self.cohort = QLineEdit()
        self.cohort.setPlaceholderText("Optional, e.g. care leavers")
        self.bid_text = QPlainTextEdit()
        self.bid_text.setTabChangesFocus(True)
        self.bid_text.setPlaceholderText("Paste the words of the winning bid this commitment came from")
        self.bid_text.setMinimumHeight(text_height(self.bid_text, 3))
        self.bid_text.setMaximumHeight(text_height(self.bid_text, 7))
        self.justification = QPlainTextEdit()
        self.justification.setTabChangesFocus(True)
        self.justification.setPlaceholderText("Why no framework metric fits")
        self.justification.setMinimumHeight(text_height(self.justification, 2))
        self.justification.setMaximumHeight(text_height(self.justification, 5))

        holder = QWidget()
        self.editor_columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, holder)
        self.editor_columns.setContentsMargins(0, 0, 0, 0)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        errors = self.commitment_errors
        errors.row(left, "title", "&Name", self.title)
        errors.row(left, "unit", "&Unit", self.unit)
        errors.row(left, "aggregation", "Adds &up as", self.aggregation)
        errors.row(left, "target", "&Target", self.target)
        errors.row(left, "baseline", "&Baseline", self.baseline)
        errors.row(left, "frequency", "&Returns", self.frequency)
        errors.row(right, "start_date", "&Start date", self.start_date)
        errors.row(right, "due_date", "&Due date", self.due_date)
        self.region_label = errors.row(right, "region", "UK re&gion", self.region)
        errors.row(right, "cohort", "C&ohort", self.cohort)
        errors.row(right, "bid_text", "The bid te&xt it came from", self.bid_text)
        self.justification_label = errors.row(right, "justification", "&Justification (bespoke metric)",
                                              self.justification)
        self._justification_form = right
        labels = [form.labelForField(errors.widgets[name].parentWidget()) for name, form in (
            *((n, left) for n in ("title", "unit", "aggregation", "target", "baseline", "frequency")),
            *((n, right) for n in ("start_date", "due_date", "region", "cohort", "bid_text", "justification")))]
        widest = max(label.sizeHint().width() for label in labels if label is not None)
        for label in labels:
            if label is not None:
                label.setMinimumWidth(widest)  # the two columns line up when stacked
        self.editor_columns.addLayout(left, 1)
        self.editor_columns.addLayout(right, 1)
        holder_outer = QWidget()
        stack = QVBoxLayout(holder_outer)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(holder)
        stack.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields take the focus; Tab scrolls them into view
        scroll.setWidget(holder_outer)
        scroll.viewport().setAutoFillBackground(False)
        holder_outer.setAutoFillBackground(False)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.editor_status = QLabel()
        set_tone(self.editor_status, Tone.MUTED)
        self.revert_button = QPushButton("Re&vert")
        self.save_commitment_button = QPushButton("&Save commitment")
        buttons.addWidget(self.editor_status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_commitment_button)
        outer.addLayout(buttons)

        track_edits(self._mark_dirty, self.title, self.target, self.baseline, self.cohort, self.aggregation,
                    self.frequency, self.region, self.start_date, self.due_date, self.bid_text, self.justification)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.save_commitment_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert_editor)
        page.width_changed.connect(self._arrange_editor)
        return page

    def _build_returns(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
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
        self.returns_model = ReturnTableModel(self)
        self.returns_table = _Table("Reporting periods and returns")
        self.returns_table.setModel(self.returns_model)
        for column, width in enumerate((150, 170, 80, 220, 190, 220)):
            self.returns_table.setColumnWidth(column, width)
        layout.addWidget(self.returns_table, 2)
        row1 = QHBoxLayout()
        self.record_button = QPushButton("&Record return…")
        self.verify_button = QPushButton("&Verify")
        self.reject_button = QPushButton("Re&ject…")
        self.delete_return_button = QPushButton("Delete return")
        self.attach_button = QPushButton("&Attach evidence file…")
        self.open_evidence_button = QPushButton("O&pen evidence file")
        for button in (self.record_button, self.verify_button, self.reject_button, self.delete_return_button):
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

        self.returns_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_return())
        self.returns_table.activated_row.connect(lambda _row: self.record_return())
        self.record_button.clicked.connect(self.record_return)
        self.verify_button.clicked.connect(self.verify_return)
        self.reject_button.clicked.connect(self.reject_return)
        self.delete_return_button.clicked.connect(self.delete_return)
        self.attach_button.clicked.connect(self.attach_evidence)
        self.open_evidence_button.clicked.connect(self.open_evidence)
        return page

    def _build_remedies(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.remedy_note = QLabel()
        self.remedy_note.setWordWrap(True)
        self.remedy_note.setAccessibleName("About remedies")
        layout.addWidget(self.remedy_note)
        self.remedies_model = RemedyTableModel(self)
        self.remedies_table = _Table("Remedies")
        self.remedies_table.setModel(self.remedies_model)
        for column, width in enumerate((200, 260, 90, 90, 90, 90)):
            self.remedies_table.setColumnWidth(column, width)
        layout.addWidget(self.remedies_table, 1)
        buttons = QHBoxLayout()
        self.add_remedy_button = QPushButton("Add re&medy…")
        self.edit_remedy_button = QPushButton("&Edit remedy…")
        self.delete_remedy_button = QPushButton("Delete remedy")
        buttons.addWidget(self.add_remedy_button)
        buttons.addWidget(self.edit_remedy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_remedy_button)
        layout.addLayout(buttons)
        self.remedies_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.remedies_table.activated_row.connect(lambda _row: self.edit_remedy())
        self.add_remedy_button.clicked.connect(self.add_remedy)
        self.edit_remedy_button.clicked.connect(self.edit_remedy)
        self.delete_remedy_button.clicked.connect(self.delete_remedy)
        return page

    def _arrange_editor(self, width: int) -> None:
        direction = QBoxLayout.Direction.LeftToRight if width >= 760 else QBoxLayout.Direction.TopToBottom
        if self.editor_columns.direction() != direction:
            self.editor_columns.setDirection(direction)
            side_by_side = direction is QBoxLayout.Direction.LeftToRight
            self.editor_columns.setStretch(0, 1 if side_by_side else 0)
            self.editor_columns.setStretch(1, 1 if side_by_side else 0)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.table, self.add_bespoke_button, self.add_framework_button, self.details):
            widget.setEnabled(enabled)
        if not enabled:
            self.delete_button.setEnabled(False)

    # -- the tab protocol ------------------------------------------------------------------------------
    @property
    def shown_contract(self) -> int | None:
        return self._contract_id

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def show_contract(self, contract_id: int | None) -> None:
        if contract_id != self._contract_id:
            self._draft = None
        self._contract_id = contract_id
        self.reload()

    def reload(self) -> None:
        """Read everything again; unsaved edits to the commitment are dropped."""
        keep = self.current_commitment()
        self._dirty = False
        self._draft = None
        self._load(select=keep.id if keep else None)

    def save(self) -> bool:
        """Store the commitment being edited (the only thing the tab holds unsaved); True when nothing is left."""
        if not self._dirty:
            return True
        return self._save_commitment()

    # -- loading -------------------------------------------------------------------------------------
    def _load(self, select: int | None = None, period_start: date | None = None, remedy_id: int | None = None,
              keep_editor: bool = False) -> None:
        keep_editor = keep_editor and self._dirty
        if self._contract_id is None:
            self._contract = None
            self._restoring = True
            self.model.set_records([], self._today())
            self._restoring = False
            self.heading.setText("Save the contract first, then record its delivery.")
            self.banner.hide()
            self.handover_button.hide()
            self.method.clear()
            self._show_commitment(None)
            self._set_enabled(False)
            return
        try:
            contract = self._pipeline.get(self._contract_id)
            records = self._delivery.commitments(self._contract_id)
            self._thresholds = self._delivery.thresholds()
        except NotFoundError as exc:
            self._contract = None
            self._dirty = False
            self._draft = None
            self._restoring = True
            self.model.set_records([], self._today())
            self._restoring = False
            self._show_commitment(None)
            self.heading.setText(str(exc))
            self.banner.hide()
            self.handover_button.hide()
            self._set_enabled(False)
            return
        self._contract = contract
        self._set_enabled(True)
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
        self._show_heading()
        self.method.setText("How RAG is worked out: " + self._thresholds.method())
        self._show_commitment(self.current_commitment(), fill_editor=not keep_editor, period_start=period_start,
                              remedy_id=remedy_id)

    def _framework_names(self) -> dict[str, str]:
        if self._catalogue is None:
            return {}
        return {framework.id: framework.short_name for framework in self._catalogue.catalogue().frameworks}

    def _show_heading(self) -> None:
        contract, records = self._contract, self.model.records()
        data = contract.data
        parts = [f"{data.reference} — {data.title}", data.stage.label]
        if data.supplier_names:
            parts.append("supplier " + ", ".join(data.supplier_names))
        if data.total_value is not None:
            parts.append(f"total value {money_text(data.total_value)}")
        if data.start_date or data.end_date:
            parts.append(f"{date_text(data.start_date) or 'no start'} to {date_text(data.end_date) or 'no end'}")
        counts = {rag: sum(1 for r in records if r.progress.rag is rag) for rag in Rag}
        if records:
            parts.append(", ".join(f"{counts[rag]} {rag.short.lower()}" for rag in Rag if counts[rag]))
        self.heading.setText(" · ".join(parts))

        awarded = data.stage in HANDOVER_STAGES
        self.handover_button.setVisible(awarded and not records)
        need_target = sum(1 for r in records if r.data.target is None)
        need_dates = sum(1 for r in records if r.data.start_date is None or r.data.due_date is None)
        need_region = sum(1 for r in records if r.by_region and r.data.region is None)
        notes = []
        if need_target:
            notes.append(f"{_plural(need_target, 'commitment still needs', 'commitments still need')} "
                         "the target from the winning bid.")
        if need_dates:
            notes.append(f"{_plural(need_dates, 'commitment needs', 'commitments need')} a start and due date.")
        if need_region:
            notes.append(f"{_plural(need_region, 'metric is', 'metrics are')} reported by UK region and "
                         f"{'needs its' if need_region == 1 else 'need their'} region.")
        overdue = sum(len(r.progress.overdue) for r in records)
        if overdue:
            notes.append(f"{_plural(overdue, 'return is', 'returns are')} overdue.")
        if not records and awarded:
            notes.append("No commitments yet. Create them from the metrics chosen on the Social value tab, "
                         "or add them by hand.")
        elif not records:
            notes.append("Commitments are created when the contract is awarded, from the metrics chosen on its "
                         "Social value tab. You can add them by hand now.")
        if notes:
            self.banner.setText("⚠ " + " ".join(notes) if (need_target or need_dates or need_region or overdue)
                                else " ".join(notes))
            set_banner(self.banner, Banner.WARNING if (need_target or need_dates or need_region or overdue)
                       else Banner.INFO)
            self.banner.show()
        else:
            self.banner.hide()

    # -- the selected commitment ---------------------------------------------------------------------
    def current_commitment(self) -> CommitmentRecord | None:
        if self._draft is not None:
            return None
        return self.model.record(self.table.current_row())

    def select_commitment(self, commitment_id: int) -> None:
        self.table.select_row(self.model.row_of(commitment_id))

    def _commitment_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._restoring:
            return
        record = self.model.record(current.row()) if current.isValid() else None
        leaving_draft = self._draft is not None
        editing = self._editing
        if self._dirty and (leaving_draft or record is None or editing is None or record.id != editing.id):
            answer = ask_to_save(self, "Unsaved commitment", UNSAVED_COMMITMENT)
            if answer == QMessageBox.StandardButton.Save:
                if not self._save_commitment(select_after=record.id if record else None):
                    self._put_back(previous if not leaving_draft else QModelIndex())
                return
            if answer != QMessageBox.StandardButton.Discard:
                self._put_back(previous if not leaving_draft else QModelIndex())
                return
            self._dirty = False
        self._draft = None
        self._show_commitment(record)

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

    def _commitment_activated(self, _row: int) -> None:
        self.details.setCurrentIndex(0)
        self.title.setFocus()

    def _show_commitment(self, record: CommitmentRecord | None, *, fill_editor: bool = True,
                         period_start: date | None = None, remedy_id: int | None = None) -> None:
        if fill_editor:
            self._editing = record if self._draft is None else None
            if self._draft is not None:
                self._fill_editor(self._draft, self._draft_by_region, has_returns=False)
            elif record is not None:
                self._fill_editor(record.data, record.by_region, has_returns=bool(record.returns))
            else:
                self._fill_editor(None, False, has_returns=False)
        elif record is not None and self._editing is not None and record.id == self._editing.id:
            self._editing = record
        self._heading_for(record)
        keep_period = period_start
        if keep_period is None:
            row = self.returns_model.period_row(self.returns_table.current_row())
            keep_period = row.period.start if row is not None else None
        self.returns_model.set_commitment(record, self._thresholds, self._today())
        self.remedies_model.set_remedies(record.remedies if record is not None else ())
        if record is not None:
            progress = record.progress
            self.progress_label.setText(f"<b>{html.escape(progress.rag.label)}</b>. {html.escape(progress.reason)}")
            self.chart.set_series(series_for(record.data, [r.data for r in record.returns], self._today(),
                                             record.unit_label))
            period_row = self.returns_model.row_of(keep_period) if keep_period is not None else -1
            if period_row < 0:
                period_row = self._first_open_period()
            self.returns_table.select_row(period_row)
            self.remedies_table.select_row(max(self.remedies_model.row_of(remedy_id), 0))
        else:
            self.progress_label.setText("Choose a commitment to see its returns." if self._draft is None
                                        else "Save the new commitment first, then record its returns.")
            self.chart.set_series(None, "Choose a commitment to see its delivery per period.")
        self._show_remedy_note(record)
        self._show_return()
        self._update_buttons()

    def _first_open_period(self) -> int:
        """The first period without a return that has begun (else the last begun one), so Record is one key away."""
        today = self._today()
        begun = -1
        for row in range(self.returns_model.rowCount()):
            item = self.returns_model.period_row(row)
            if item.period.start <= today:
                begun = row
                if item.record is None:
                    return row
        return max(begun, 0)

    def _heading_for(self, record: CommitmentRecord | None) -> None:
        if self._draft is not None:
            kind = "bespoke metric" if self._draft.bespoke else \
                f"framework metric {self._framework_names().get(self._draft.framework_id, self._draft.framework_id)} " \
                f"{self._draft.ref}"
            self.editor_heading.setText(f"New {kind}: fill it in from the winning bid and save it.")
        elif record is not None:
            self.editor_heading.setText(metric_text(record, self._framework_names()))
        else:
            self.editor_heading.setText("Choose a commitment in the table, or add one.")

    # -- the commitment editor ----------------------------------------------------------------------
    def _fill_editor(self, data: CommitmentData | None, by_region: bool, *, has_returns: bool) -> None:
        self._loading = True
        try:
            self.commitment_errors.clear()
            self.editor_status.clear()
            present = data is not None
            for widget in (self.title, self.unit, self.aggregation, self.target, self.baseline, self.start_date,
                           self.due_date, self.frequency, self.region, self.cohort, self.bid_text,
                           self.justification, self.save_commitment_button):
                widget.setEnabled(present)
            if data is None:
                for edit in (self.title, self.target, self.baseline, self.cohort):
                    edit.clear()
                self.bid_text.clear()
                self.justification.clear()
                self.start_date.set_value(None)
                self.due_date.set_value(None)
                self.region.set_value(None)
                self._justification_form.setRowVisible(self.justification_label, False)
                self.region_label.setText("UK re&gion")
                return
            self.title.setText(data.title)
            self.unit.setCurrentIndex(max(self.unit.findData(data.unit), 0))
            self.unit.setEnabled(data.bespoke)
            self.unit.setToolTip("" if data.bespoke else "Set by the framework metric")
            self.aggregation.set_value(data.aggregation)
            self.target.setText(_edit_text(data.target))
            self.baseline.setText(_edit_text(data.baseline))
            self.start_date.set_value(data.start_date)
            self.due_date.set_value(data.due_date)
            self.frequency.set_value(data.frequency)
            self.frequency.setEnabled(not has_returns)
            self.frequency.setToolTip("Returns are recorded for the current periods, so the frequency is fixed"
                                      if has_returns else "")
            self.region.set_value(data.region)
            self.region_label.setText("UK re&gion (required)" if by_region else "UK re&gion")
            self.region.setToolTip("This metric is reported by UK region" if by_region else "")
            self.region.setAccessibleName("UK region (required)" if by_region else "UK region")
            self.cohort.setText(data.cohort)
            self.bid_text.setPlainText(data.bid_text)
            self.justification.setPlainText(data.justification)
            self._justification_form.setRowVisible(self.justification_label, data.bespoke)
        finally:
            self._loading = False
        self._set_dirty(False)

    def _unit_changed(self, *_args) -> None:
        if self._loading:
            return
        unit = UNITS.get(self.unit.currentData())
        if unit is not None:
            self.aggregation.set_value(Aggregation(unit.default_aggregation))
        self._mark_dirty()

    def _mark_dirty(self, *_args) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.revert_button.setEnabled(dirty or self._draft is not None)
        if dirty:
            self.editor_status.setText("Not saved yet.")

    def editor_data(self) -> CommitmentData:
        """The editor's contents as a commitment; unreadable numbers raise ValidationError naming the field."""
        record = self._editing
        base = self._draft if self._draft is not None else (record.data if record is not None else None)
        if base is None:
            raise ValidationError([FieldError("commitment", "Choose or add a commitment first.")])
        errors: list[FieldError] = []
        numbers = {}
        for name, edit in (("target", self.target), ("baseline", self.baseline)):
            try:
                numbers[name] = parse_figure(edit.text(), name)
            except ValidationError as exc:
                errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)
        return CommitmentData(
            title=self.title.text(), unit=self.unit.currentData() if base.bespoke else base.unit,
            target=numbers["target"], start_date=self.start_date.value(), due_date=self.due_date.value(),
            frequency=self.frequency.value(), aggregation=self.aggregation.value(), baseline=numbers["baseline"],
            region=self.region.value(), cohort=self.cohort.text(), bid_text=self.bid_text.toPlainText(),
            framework_id=base.framework_id, ref=base.ref, justification=self.justification.toPlainText())

    def _save_commitment(self, select_after: int | None = None) -> bool:
        if self._contract_id is None:
            return False
        record = self._editing if self._draft is None else None
        if record is None and self._draft is None:
            return False
        self.commitment_errors.clear()
        stored, saved = store_or_explain(
            self, lambda: self._delivery.save_commitment(
                self._contract_id, self.editor_data(), commitment_id=record.id if record else None,
                expected_version=record.version if record else None),
            self._show_commitment_errors, "Commitment not saved", "\n\nYour changes are still in the form.")
        if not stored:
            return False
        self._dirty = False
        self._draft = None
        self._load(select=select_after if select_after is not None else saved.id)
        self.editor_status.setText("Saved.")
        self.changed.emit()
        return True

    def _show_commitment_errors(self, errors: list[FieldError]) -> None:
        self.commitment_errors.show(errors)
        self.details.setCurrentIndex(0)

    def _revert_editor(self) -> None:
        if self._draft is not None:
            self._draft = None
            self._dirty = False
            self._load()
            return
        self._dirty = False
        self._show_commitment(self.current_commitment())
        self.editor_status.setText("Changes undone.")

    def _leave_editor_ok(self) -> bool:
        """Before starting a new commitment: save or drop the current edits (or stay)."""
        if not self._dirty:
            return True
        answer = ask_to_save(self, "Unsaved commitment", UNSAVED_COMMITMENT)
        if answer == QMessageBox.StandardButton.Save:
            return self._save_commitment()
        if answer == QMessageBox.StandardButton.Discard:
            self._dirty = False
            return True
        return False

    def _start_draft(self, data: CommitmentData, by_region: bool) -> None:
        self._draft = data
        self._draft_by_region = by_region
        self._put_back(QModelIndex())
        self._show_commitment(None)
        self.details.setCurrentIndex(0)
        self._set_dirty(not data.bespoke)  # a chosen framework metric is already a change worth keeping
        self.title.setFocus()

    def add_bespoke_metric(self) -> None:
        if self._contract is None or not self._leave_editor_ok():
            return
        data = self._contract.data
        self._start_draft(CommitmentData(title="", unit="count", start_date=data.start_date, due_date=data.end_date,
                                         aggregation=Aggregation(UNITS["count"].default_aggregation)), False)

    def add_framework_metric(self) -> None:
        if self._contract is None or self._catalogue is None:
            return
        self.metric_picker = MetricPickerDialog(self._catalogue.catalogue(), self)
        self.metric_picker.accepted.connect(self._metric_picked)
        self.metric_picker.open()

    def _metric_picked(self) -> None:
        picker = self.metric_picker
        entry = picker.chosen() if picker is not None else None
        if entry is not None:
            self.start_framework_metric(entry)

    def start_framework_metric(self, entry) -> None:
        """Begin a new commitment on this catalogue metric (unit and aggregation from the catalogue)."""
        if self._contract is None or not self._leave_editor_ok():
            return
        unit = entry.unit if entry.unit in UNITS else "count"
        aggregation = Aggregation(entry.aggregation or UNITS[unit].default_aggregation)
        data = self._contract.data
        self._start_draft(CommitmentData(title=entry.title, unit=unit, aggregation=aggregation,
                                         start_date=data.start_date, due_date=data.end_date,
                                         framework_id=entry.framework_id, ref=entry.ref), entry.by_region)

    def delete_commitment(self) -> None:
        record = self.current_commitment()
        if record is None:
            return
        returns, remedies = len(record.returns), len(record.remedies)
        extra = ""
        if returns or remedies:
            extra = (f" Its {_plural(returns, 'return', 'returns')} (with any evidence files) and "
                     f"{_plural(remedies, 'remedy', 'remedies')} are deleted with it.")
        if not confirm(self, "Delete commitment", f"Delete the commitment “{record.data.title}”?{extra}"):
            return
        try:
            self._delivery.delete_commitment(record.id, record.version)
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, "Commitment not deleted", str(exc))
            self._load(select=record.id, keep_editor=True)
            return
        self._dirty = False
        self._load()
        self.changed.emit()

    def create_from_chosen(self) -> None:
        if self._contract_id is None:
            return
        try:
            created = self._delivery.hand_over(self._contract_id)
        except NotFoundError as exc:
            QMessageBox.warning(self, "No commitments created", str(exc))
            return
        if not created:
            QMessageBox.information(
                self, "No commitments created",
                "No metrics are chosen for this contract. Choose them on its Social value tab, "
                "or add commitments here by hand.")
            return
        self._dirty = False
        self._load()
        self.changed.emit()

    # -- returns -------------------------------------------------------------------------------------
    def current_period(self) -> PeriodRow | None:
        return self.returns_model.period_row(self.returns_table.current_row())

    def select_period(self, period_start: date) -> None:
        self.returns_table.select_row(self.returns_model.row_of(period_start))

    def _show_return(self) -> None:
        self.history.clear()
        item = self.current_period()
        if item is not None and item.record is not None:
            for change in item.record.history:
                self.history.addTopLevelItem(QTreeWidgetItem([
                    f"{change.changed_at:%d/%m/%Y %H:%M}", change.changed_by, _change_text(change), change.reason]))
        self._update_buttons()

    def _update_buttons(self) -> None:
        record = self.current_commitment()
        self.delete_button.setEnabled(record is not None)
        item = self.current_period()
        has_return = item is not None and item.record is not None
        measured = record is not None and not record.data.missing
        self.record_button.setEnabled(measured and item is not None and (has_return or item.in_schedule))
        self.record_button.setText("Co&rrect return…" if has_return else "&Record return…")
        status = item.record.data.status if has_return else None
        self.verify_button.setEnabled(has_return and status is not ReturnStatus.VERIFIED)
        self.reject_button.setEnabled(has_return and status is not ReturnStatus.REJECTED)
        self.delete_return_button.setEnabled(has_return and status is not ReturnStatus.VERIFIED)
        self.attach_button.setEnabled(has_return)
        self.open_evidence_button.setEnabled(has_return and item.record.evidence is not None)
        self.add_remedy_button.setEnabled(record is not None)
        remedy = self.current_remedy()
        self.edit_remedy_button.setEnabled(remedy is not None)
        self.delete_remedy_button.setEnabled(remedy is not None)

    def record_return(self) -> ReturnDialog | None:
        """Open the return of the selected period to record it (or correct it)."""
        record, item = self.current_commitment(), self.current_period()
        if record is None or item is None or not self.record_button.isEnabled():
            return None
        dialog = ReturnDialog(item.period, metric_text(record, self._framework_names()), record.unit_label,
                              item.record, self._store_return, self, period_name=item.name)
        dialog.commitment = record  # the return belongs to this commitment whatever is selected later
        self.return_dialog = dialog
        dialog.open()
        return dialog

    def _store_return(self, dialog: ReturnDialog, values: ReturnInput) -> None:
        record = dialog.commitment
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

    def _after_change(self, commitment_id: int, period_start: date | None = None,
                      remedy_id: int | None = None) -> None:
        self._load(select=commitment_id, period_start=period_start, remedy_id=remedy_id, keep_editor=True)
        self.changed.emit()

    def _return_action(self, title: str, action) -> bool:
        """Run one store call on the selected return; messages name the field, the tab reloads either way."""
        record, item = self.current_commitment(), self.current_period()
        if record is None or item is None or item.record is None:
            return False
        try:
            action(item.record)
        except ValidationError as exc:
            QMessageBox.warning(self, title, _messages(exc))
            return False
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, title, str(exc))
            self._load(select=record.id, period_start=item.period.start, keep_editor=True)
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
        reason, ok = QInputDialog.getText(self, "Reject return",
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
        if not confirm(self, "Delete return", f"Delete the return for {item.name} (and any evidence file attached)?"):
            return False
        return self._return_action("Return not deleted",
                                   lambda r: self._delivery.delete_return(r.id, r.version))

    def attach_evidence(self, path: str | None = None) -> bool:
        item = self.current_period()
        if item is None or item.record is None:
            return False
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, f"Attach evidence for {item.name}", start_path("documents"))
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
            QMessageBox.warning(self, "Evidence file", str(exc))
            return
        except OSError as exc:
            QMessageBox.warning(self, "Evidence file", f"The file could not be written to a temporary folder: "
                                                       f"{exc.strerror}.")
            return
        if path is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, "Evidence file", f"No program is set up to open {path.name}. "
                                                       f"A copy is at {path}.")

    # -- remedies ------------------------------------------------------------------------------------
    def current_remedy(self) -> RemedyRecord | None:
        return self.remedies_model.remedy(self.remedies_table.current_row())

    def _allowed_kinds(self):
        total = self._contract.data.total_value if self._contract else None
        return self._delivery.remedy_kinds(total)

    def _policy_note(self) -> str:
        limit = self._delivery.deductions_over()
        if limit is None or any(kind.takes_amount for kind in self._allowed_kinds()):
            return ""
        return (f"Payment deductions and service credits are not offered: the policy allows them only on "
                f"contracts over {money_text(limit)} total value.")

    def _show_remedy_note(self, record: CommitmentRecord | None) -> None:
        if record is None:
            self.remedy_note.setText("Choose a commitment to see its remedies.")
            return
        lines = []
        if record.progress.rag is Rag.RED:
            lines.append("<b>This commitment is red: off track.</b> Record the action taken with the supplier "
                         "(an improvement plan, alternative social value of equivalent value, or a payment "
                         "deduction or service credit where the contract allows).")
        else:
            lines.append(f"This commitment is {html.escape(record.progress.rag.label.lower())}. Remedies are "
                         "usually recorded when a commitment goes red.")
        note = self._policy_note()
        if note:
            lines.append(html.escape(note))
        self.remedy_note.setText("<br>".join(lines))

    def add_remedy(self) -> RemedyDialog | None:
        return self._open_remedy(None)

    def edit_remedy(self) -> RemedyDialog | None:
        remedy = self.current_remedy()
        return self._open_remedy(remedy) if remedy is not None else None

    def _open_remedy(self, remedy: RemedyRecord | None) -> RemedyDialog | None:
        record = self.current_commitment()
        if record is None:
            return None
        dialog = RemedyDialog(self._allowed_kinds(), remedy, self._today(), self._store_remedy,
                              metric_text(record, self._framework_names()), self._policy_note(), self)
        dialog.commitment = record
        self.remedy_dialog = dialog
        dialog.open()
        return dialog

    def _store_remedy(self, dialog: RemedyDialog, data: RemedyData) -> None:
        record = dialog.commitment
        existing = dialog.record
        saved = self._delivery.save_remedy(record.id, data, remedy_id=existing.id if existing else None,
                                           expected_version=existing.version if existing else None)
        self._after_change(record.id, remedy_id=saved.id)

    def delete_remedy(self) -> bool:
        record, remedy = self.current_commitment(), self.current_remedy()
        if record is None or remedy is None:
            return False
        if not confirm(self, "Delete remedy", f"Delete the remedy “{remedy.data.kind.label}” raised on "
                                              f"{date_text(remedy.data.raised_on)}?"):
            return False
        try:
            self._delivery.delete_remedy(remedy.id, remedy.version)
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, "Remedy not deleted", str(exc))
            self._load(select=record.id, keep_editor=True)
            return False
        self._after_change(record.id)
        return True


def _edit_text(value) -> str:
    return "" if value is None else f"{value.normalize():,f}"


CHANGE_FIELDS = {"actual": "Actual", "evidence_notes": "Evidence notes", "evidence_ref": "Evidence reference",
                 "status": "Status"}


def _change_text(change) -> str:
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
    from decimal import Decimal, InvalidOperation

    try:
        return figure_text(Decimal(value)) if value else value
    except InvalidOperation:
        return value


__all__ = ["DeliveryTab", "MetricPickerDialog"]
