"""The contract's "Delivery" tab: commitments from the winning bid, returns per period, RAG and remedies.

The tab composes the panels and owns only what sits above them (the contract
in one line, a notice of what still needs doing, the hand-over button) and the
reading: it loads the contract's commitments once and hands each panel its
part. Top: the commitments panel's table (RAG in words, a sparkline of delivery
against the pro-rata line; new metrics come from the metric picker). Below, for
the selected commitment: its form (what the bid promised), the returns panel
(one row per NHS financial-year reporting period) and the remedies panel.
Panels never reach into each other: each stores through DeliveryService and
calls the tab's `_load` to read again; the commitments panel announces which
commitment it shows and the tab passes it to the other two.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from sv_desktop.domain.delivery import RagThresholds
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService
from sv_desktop.services.pipeline import ContractDetail, PipelineService
from sv_desktop.ui.common.theme import Banner, set_banner
from sv_desktop.ui.delivery.commitments_panel import CommitmentsPanel
from sv_desktop.ui.delivery.delivery_notice import can_hand_over, contract_line, delivery_notice
from sv_desktop.ui.delivery.metric_picker import MetricPickerDialog
from sv_desktop.ui.delivery.remedies_panel import RemediesPanel
from sv_desktop.ui.delivery.remedy_dialog import RemedyDialog
from sv_desktop.ui.delivery.return_dialog import ReturnDialog
from sv_desktop.ui.delivery.returns_panel import ReturnsPanel


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
        self.commitments = CommitmentsPanel(self._delivery, reload=self._load, framework_names=self._framework_names,
                                            today=self._today, catalogue=self._catalogue, dialog_parent=self)
        self.splitter.addWidget(self.commitments)
        self.details = QTabWidget()
        self.details.setAccessibleName("Selected commitment")
        self.form = self.commitments.form
        self.details.addTab(self.form, "C&ommitment")
        self.returns = ReturnsPanel(self._delivery, reload=self._load, framework_names=self._framework_names,
                                    today=self._today, dialog_parent=self)
        self.details.addTab(self.returns, "Re&turns")
        self.remedies = RemediesPanel(self._delivery, reload=self._load, framework_names=self._framework_names,
                                      today=self._today, dialog_parent=self)
        self.details.addTab(self.remedies, "Remed&ies")
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 480])
        layout.addWidget(self.splitter, 1)
        # What the main window remembers and copies from.
        self.table, self.model = self.commitments.table, self.commitments.model

        self.handover_button.clicked.connect(self.create_from_chosen)
        self.commitments.commitment_shown.connect(self._show_selected)
        self.commitments.form_wanted.connect(lambda: self.details.setCurrentWidget(self.form))
        for panel in (self.commitments, self.returns, self.remedies):
            panel.changed.connect(self.changed)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _set_enabled(self, enabled: bool) -> None:
        self.commitments.set_enabled(enabled)
        self.details.setEnabled(enabled)

    # -- the tab protocol ------------------------------------------------------------------------------
    @property
    def shown_contract(self) -> int | None:
        return self._contract_id

    def is_dirty(self) -> bool:
        return self.commitments.is_dirty()

    def show_contract(self, contract_id: int | None) -> None:
        if contract_id != self._contract_id:
            self.commitments.drop_draft()
        self._contract_id = contract_id
        self.reload()

    def reload(self) -> None:
        """Read everything again; unsaved edits to the commitment are dropped."""
        keep = self.commitments.current_commitment()
        self.commitments.drop_edits()
        self._load(select=keep.id if keep else None)

    def save(self) -> bool:
        """Store the commitment being edited (the only thing the tab holds unsaved); True when nothing is left."""
        return self.commitments.save()

    def revert(self) -> None:
        self.reload()

    # -- reading -------------------------------------------------------------------------------------
    def _load(self, select: int | None = None, period_start: date | None = None, remedy_id: int | None = None,
              keep_editor: bool = False) -> None:
        """Read the contract and its commitments and hand them to the panels, selecting `select` (a commitment),
        `period_start` and `remedy_id` where given; `keep_editor` keeps unsaved changes in the form."""
        if self._contract_id is None:
            self._show_no_contract("Save the contract first, then record its delivery.")
            return
        try:
            contract = self._pipeline.get(self._contract_id)
            records = self._delivery.commitments(self._contract_id)
            self._thresholds = self._delivery.thresholds()
        except NotFoundError as exc:
            self._show_no_contract(str(exc), gone=True)
            return
        self._contract = contract
        self.remedies.contract_value = contract.data.total_value
        self._set_enabled(True)
        self.commitments.show_records(contract, records, self._thresholds, select=select, keep_form=keep_editor)
        self._show_heading(contract, records)
        self._show_selected(self.commitments.current_commitment(), period_start=period_start, remedy_id=remedy_id)

    def _show_no_contract(self, heading: str, *, gone: bool = False) -> None:
        """Not saved yet, or `gone` from the store (then unsaved changes are dropped and the RAG method stays)."""
        self._contract = None
        self.remedies.contract_value = None
        self.commitments.show_nothing(forget=gone, keep_method=gone)
        self._show_selected(None)
        self.heading.setText(heading)
        self.banner.hide()
        self.handover_button.hide()
        self._set_enabled(False)

    def _show_selected(self, record: CommitmentRecord | None, *, period_start: date | None = None,
                       remedy_id: int | None = None) -> None:
        """The returns and remedies follow the commitment the commitments panel shows."""
        self.returns.show_commitment(record, self._thresholds, period_start=period_start,
                                     drafting=self.commitments.drafting)
        self.remedies.show_commitment(record, remedy_id=remedy_id)

    def _framework_names(self) -> dict[str, str]:
        if self._catalogue is None:
            return {}
        return {framework.id: framework.short_name for framework in self._catalogue.catalogue().frameworks}

    def _show_heading(self, contract: ContractDetail, records: list[CommitmentRecord]) -> None:
        data = contract.data
        self.heading.setText(contract_line(data, records))
        self.handover_button.setVisible(can_hand_over(data, records))
        notice = delivery_notice(data, records)
        if notice is None:
            self.banner.hide()
            return
        self.banner.setText(notice.text)
        set_banner(self.banner, Banner.WARNING if notice.warning else Banner.INFO)
        self.banner.show()

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
        self.form.forget_changes()  # a new commitment being filled in stays in the form
        self._load()
        self.changed.emit()

    # -- what the main window and its keyboard walk reach ------------------------------------------------
    def current_commitment(self) -> CommitmentRecord | None:
        return self.commitments.current_commitment()

    def select_commitment(self, commitment_id: int) -> None:
        self.commitments.select_commitment(commitment_id)

    def select_period(self, period_start: date) -> None:
        self.returns.select_period(period_start)

    def record_return(self) -> ReturnDialog | None:
        return self.returns.record_return()

    def add_remedy(self) -> RemedyDialog | None:
        return self.remedies.add_remedy()

    def add_framework_metric(self) -> None:
        self.commitments.add_framework_metric()

    @property
    def metric_picker(self) -> MetricPickerDialog | None:
        return self.commitments.metric_picker


__all__ = ["DeliveryTab"]
