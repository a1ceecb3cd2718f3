"""The supplier page's "Carbon plans" tab: plan versions, the editor, the checks and the trajectory.

Left: the supplier's versions (newest first) with New version and Delete
version, and the trajectory chart with its summary and the method in words.
Right: the editor for the chosen version and, under it, every check of the
plan as it stands on screen, re-run as fields change. Verdicts are words
first ("✔ Meets", "✖ Does not meet", "ℹ Advice"); colour only repeats them.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.carbon_plan import CarbonPlanData, CheckStatus, PlanAssessment
from sv_desktop.domain.carbon_trajectory import METHOD, Trajectory
from sv_desktop.domain.errors import ConflictError, NotFoundError
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.services.carbon import CarbonService
from sv_desktop.services.carbon_records import PlanRecord
from sv_desktop.ui.carbon.carbon_plan_editor import CarbonPlanEditor
from sv_desktop.ui.carbon.trajectory_chart import TrajectoryChart
from sv_desktop.ui.common.form_parts import ask_to_save, confirm, rows_height
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.theme import Tone, set_tone, tone_colour

# A symbol and words for every status: state is never shown by colour alone.
STATUS_TEXT = {
    CheckStatus.MEETS: f"✔ {CheckStatus.MEETS.label}",
    CheckStatus.FAILS: f"✖ {CheckStatus.FAILS.label}",
    CheckStatus.ADVICE: f"ℹ {CheckStatus.ADVICE.label}",
}
STATUS_TONE = {CheckStatus.MEETS: Tone.OK, CheckStatus.FAILS: Tone.ERROR, CheckStatus.ADVICE: Tone.INFO}
SHORT_TYPE = {CarbonPlan.FULL_CRP: "Full CRP", CarbonPlan.NZC: "Net Zero Commitment"}
NEW_ROW = -1  # the plan id held by the "new version" row


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text in the view's current column widths."""

    def __init__(self, view: QTreeWidget):
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 - Qt override
        base = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        width = max(self._view.columnWidth(index.column()) - 12, 40)
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000),
                                                 int(Qt.TextFlag.TextWordWrap), str(text))
        return QSize(base.width(), max(base.height(), bounds.height() + 8))


class CarbonPlansPanel(QWidget):
    """One supplier's carbon plans.

    Signals:
        changed(): a plan version was saved or deleted.
    """

    changed = Signal()

    def __init__(self, carbon: CarbonService, parent: QWidget | None = None):
        super().__init__(parent)
        self._carbon = carbon
        self._supplier_id: int | None = None
        self._supplier_name = ""
        self._records: list[PlanRecord] = []
        self._selecting = False
        self._sized = False
        self._build()
        self.show_supplier(None)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        outer.addWidget(self.status_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("carbonPlansSplitter")
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        # Left: versions, then the trajectory.
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        versions_box = QGroupBox("Plan versions")
        versions_layout = QVBoxLayout(versions_box)
        self.versions = QTreeWidget()
        self.versions.setHeaderLabels(["Dated", "Type", "Rules today", "Document"])
        self.versions.setRootIsDecorated(False)
        self.versions.setAlternatingRowColors(True)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.setAccessibleName("Plan versions")
        for column in range(3):
            self.versions.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.versions.setMinimumHeight(rows_height(self.versions, 4))
        versions_layout.addWidget(self.versions)
        version_buttons = QHBoxLayout()
        self.new_button = QPushButton("Ne&w version")
        self.new_button.setToolTip("Start a new version from the latest one's figures")
        self.delete_button = QPushButton("&Delete version…")
        version_buttons.addWidget(self.new_button)
        version_buttons.addWidget(self.delete_button)
        version_buttons.addStretch(1)
        versions_layout.addLayout(version_buttons)
        left.addWidget(versions_box)

        trajectory_box = QGroupBox("Emissions trajectory")
        trajectory_layout = QVBoxLayout(trajectory_box)
        self.chart = TrajectoryChart()
        trajectory_layout.addWidget(self.chart, 1)
        self.trajectory_summary = QLabel()
        self.trajectory_summary.setWordWrap(True)
        self.trajectory_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        trajectory_layout.addWidget(self.trajectory_summary)
        self.method_label = QLabel(f"How this is worked out: {METHOD}")
        self.method_label.setWordWrap(True)
        set_tone(self.method_label, Tone.MUTED)
        small = self.method_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.method_label.setFont(small)
        trajectory_layout.addWidget(self.method_label)
        left.addWidget(trajectory_box)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 5)
        self.splitter.addWidget(left)

        # Right: the editor, then the checks.
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        self.editor = CarbonPlanEditor(self._carbon)
        right.addWidget(self.editor)
        checks_box = QGroupBox("Checks")
        checks_layout = QVBoxLayout(checks_box)
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        bold = self.verdict_label.font()
        bold.setBold(True)
        self.verdict_label.setFont(bold)
        checks_label = QLabel("Chec&ks of the version on screen (unsaved edits included)")
        set_tone(checks_label, Tone.MUTED)
        self.checks = QTreeWidget()
        self.checks.setHeaderLabels(["Result", "Check", "Reason"])
        self.checks.setRootIsDecorated(False)
        self.checks.setWordWrap(True)
        self.checks.setUniformRowHeights(False)
        self.checks.setAlternatingRowColors(True)
        self.checks.setAccessibleName("Checks of this plan version")
        self.checks.setColumnWidth(0, 140)
        self.checks.setColumnWidth(1, 210)
        checks_label.setBuddy(self.checks)
        self.checks.setItemDelegate(WrappingDelegate(self.checks))
        self.checks.header().sectionResized.connect(lambda *_: self._relayout_checks())
        checks_layout.addWidget(self.verdict_label)
        checks_layout.addWidget(checks_label)
        checks_layout.addWidget(self.checks, 1)
        right.addWidget(checks_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)

        self.versions.currentItemChanged.connect(self._version_chosen)
        self.new_button.clicked.connect(self.new_version)
        self.delete_button.clicked.connect(self.delete_version)
        self.editor.edited.connect(self._recheck)
        self.editor.saved.connect(self._saved)
        self.editor.document_changed.connect(lambda _plan_id: self._reload_list(keep_editor=True))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """The first time it is shown: about two fifths for the versions and chart, the rest for the editor."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = max(self.splitter.width(), 800)
            left = max(int(width * 0.38), 380)
            self.splitter.setSizes([left, width - left])

    # -- the interface the supplier page uses -------------------------------------------------
    def show_supplier(self, supplier_id: int | None, supplier_name: str = "") -> None:
        """Show a supplier's plans (None: nothing to show until the supplier is saved).

        Showing the supplier already shown keeps unsaved edits in the editor.
        """
        same = supplier_id is not None and supplier_id == self._supplier_id
        self._supplier_id = supplier_id
        self._supplier_name = supplier_name
        if supplier_id is None:
            self._records = []
            self.heading.setText("Carbon plans")
            self.status_label.setText("Save the supplier first to record its carbon plans.")
            self.versions.clear()
            self.editor.clear()
            self.new_button.setEnabled(False)
            self.delete_button.setEnabled(False)
            self._show_checks(None)
            self.chart.set_trajectory(None, "Save the supplier first to see its emissions trajectory.")
            self.trajectory_summary.setText("")
            return
        self.heading.setText(f"Carbon plans: {supplier_name}" if supplier_name else "Carbon plans")
        self.new_button.setEnabled(True)
        if same and self.editor.is_dirty():
            self._reload_list(keep_editor=True)
            return
        self._reload_list()

    def is_dirty(self) -> bool:
        return self.editor.is_dirty()

    def save(self) -> bool:
        """Save the version being edited; True when saved (or nothing to save)."""
        if self._supplier_id is None or not self.editor.is_dirty():
            return True
        return self.editor.save()

    def revert(self) -> None:
        """Throw away the edits to the version being edited."""
        self.editor.revert()

    # -- loading ----------------------------------------------------------------------------------
    def _reload_list(self, select_id: int | None = None, keep_editor: bool = False) -> None:
        """Read the versions again; select `select_id` (else the latest) unless the editor is kept."""
        if self._supplier_id is None:
            return
        try:
            self._records = self._carbon.plans(self._supplier_id)
        except NotFoundError as exc:
            self._records = []
            self.status_label.setText(str(exc))
        shown = self.editor.record.id if self.editor.record else NEW_ROW
        if keep_editor:
            select_id = shown
        elif select_id is None:
            select_id = self._records[-1].id if self._records else NEW_ROW
        self._fill_versions(select_id)
        if not keep_editor:
            record = next((r for r in self._records if r.id == select_id), None)
            if record is not None:
                self.editor.show_record(record)
            else:
                self.editor.show_new(self._supplier_id)
        self._refresh_status()
        self._refresh_trajectory()
        self._update_buttons()

    def _fill_versions(self, select_id: int | None) -> None:
        """The list, newest first; a "new version" row when the editor holds an unsaved version."""
        today = date.today()
        self._selecting = True
        try:
            self.versions.clear()
            wants_new_row = select_id == NEW_ROW
            if wants_new_row:
                item = QTreeWidgetItem(["New (not saved)", SHORT_TYPE[self.editor.plan_type_value()], "—", "—"])
                item.setData(0, ItemRole.PLAN, NEW_ROW)
                font = item.font(0)
                font.setItalic(True)
                for column in range(4):
                    item.setFont(column, font)
                self.versions.addTopLevelItem(item)
            for record in reversed(self._records):
                assessment = self._carbon.assess(record.data, today)
                rules = "Meets the rules" if assessment.passed else "Does not meet"
                document = f"Yes: {record.document.file_name}" if record.document else "No"
                item = QTreeWidgetItem([date_text(record.data.dated) or "No date", SHORT_TYPE[record.data.plan_type],
                                        rules, document])
                item.setData(0, ItemRole.PLAN, record.id)
                item.setToolTip(2, assessment.verdict)
                if record.document:
                    item.setToolTip(3, record.document.file_name)
                self.versions.addTopLevelItem(item)
            for i in range(self.versions.topLevelItemCount()):
                shown = self.versions.topLevelItem(i)
                assert shown is not None  # i is below topLevelItemCount()
                if shown.data(0, ItemRole.PLAN) == select_id:
                    self.versions.setCurrentItem(shown)
                    break
        finally:
            self._selecting = False

    def _refresh_status(self) -> None:
        if self._supplier_id is None:
            return
        try:
            status = self._carbon.status(self._supplier_id)
        except NotFoundError as exc:
            self.status_label.setText(str(exc))
            return
        count = len(self._records)
        versions = "no versions" if count == 0 else "1 version" if count == 1 else f"{count} versions"
        self.status_label.setText(f"Latest plan: {status.summary} ({versions} recorded).")

    def _refresh_trajectory(self) -> None:
        if self._supplier_id is None:
            return
        try:
            found: Trajectory = self._carbon.trajectory(self._supplier_id)
        except NotFoundError as exc:
            self.chart.set_trajectory(None, str(exc))
            self.trajectory_summary.setText(str(exc))
            return
        self.chart.set_trajectory(found)
        self.trajectory_summary.setText(found.summary)
        self.trajectory_summary.setAccessibleName(f"Trajectory: {found.status}")

    # -- choosing, creating, deleting versions ------------------------------------------------------
    def _current_plan_id(self) -> int | None:
        item = self.versions.currentItem()
        return item.data(0, ItemRole.PLAN) if item is not None else None

    def _version_chosen(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if self._selecting or current is None:
            return
        plan_id = current.data(0, ItemRole.PLAN)
        shown = self.editor.record.id if self.editor.record else NEW_ROW
        if plan_id == shown:
            return
        was_dirty = self.editor.is_dirty()
        if not self._leave_editor():
            self._selecting = True
            # PySide6 takes None here (no current item, as before the first choice); its stubs do not say so.
            self.versions.setCurrentItem(previous)  # type: ignore[arg-type]
            self._selecting = False
            return
        if shown == NEW_ROW or was_dirty:
            # A new version was dropped, or edits were saved (which rebuilt the list around the saved
            # version): list the versions again with the chosen one current.
            self._fill_versions(plan_id)
        record = next((r for r in self._records if r.id == plan_id), None)
        if record is not None:
            self.editor.show_record(record)
        self._update_buttons()

    def _leave_editor(self) -> bool:
        """Ask about unsaved edits; True when the editor may show something else."""
        if not self.editor.is_dirty():
            return True
        answer = ask_to_save(self, "Unsaved changes", "This plan version has changes that are not saved. Save them?")
        if answer == QMessageBox.StandardButton.Save:
            return self.editor.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_version(self) -> None:
        """A new version starting from the latest version's figures, with its dates left blank."""
        if self._supplier_id is None or not self._leave_editor():
            return
        start = self._records[-1].data if self._records else None
        if start is not None:
            start = replace(start, publication_date=None, reporting_year_end=None, approved_on=None, notes="")
        self.editor.show_new(self._supplier_id, start or CarbonPlanData(CarbonPlan.FULL_CRP))
        self._fill_versions(NEW_ROW)
        self._update_buttons()
        self.editor.publication_date.setFocus()

    def delete_version(self) -> None:
        record = self.editor.record
        if self._supplier_id is None:
            return
        if record is None:
            if self._records and self._leave_editor_for_delete():
                self._reload_list()
            return
        when = date_text(record.data.dated) or "with no date"
        if not confirm(self, "Delete plan version",
                       f"Delete the {record.data.plan_type.label} version dated {when}"
                       f"{' and its attached document' if record.document else ''}? This cannot be undone."):
            return
        try:
            self._carbon.delete_plan(record.id, record.version)
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, "Not deleted", str(exc))
            return
        self.editor.show_new(self._supplier_id)  # forget the deleted version before reloading
        self._reload_list()
        self.changed.emit()

    def _leave_editor_for_delete(self) -> bool:
        """Deleting the unsaved new version just drops it (asking first when something was typed)."""
        if not self.editor.is_dirty():
            return True
        return confirm(self, "Discard new version", "Discard this new version? Nothing of it has been saved.")

    def _saved(self, plan_id: int) -> None:
        self._reload_list(select_id=plan_id)
        self.changed.emit()

    def _update_buttons(self) -> None:
        has_supplier = self._supplier_id is not None
        self.new_button.setEnabled(has_supplier)
        shown_new = self.editor.record is None
        self.delete_button.setEnabled(has_supplier and (not shown_new or bool(self._records)))
        self.delete_button.setText("&Discard new version…" if shown_new and self._records else "&Delete version…")

    # -- checks -------------------------------------------------------------------------------------
    def _recheck(self) -> None:
        if self._supplier_id is None:
            self._show_checks(None)
            return
        self._show_checks(self._carbon.assess(self.editor.current_data()))
        item = self.versions.currentItem()
        if item is not None and item.data(0, ItemRole.PLAN) == NEW_ROW:
            item.setText(1, SHORT_TYPE[self.editor.plan_type_value()])

    def _show_checks(self, assessment: PlanAssessment | None) -> None:
        self.checks.clear()
        if assessment is None:
            self.verdict_label.setText("No plan to check.")
            return
        self.verdict_label.setText(("✔ " if assessment.passed else "✖ ") + assessment.verdict)
        for check in assessment.checks:
            item = QTreeWidgetItem([STATUS_TEXT[check.status], check.title, check.reason])
            item.setToolTip(1, f"{check.title}\nSource: {check.source}")
            item.setToolTip(2, f"{check.reason}\nSource: {check.source}")
            item.setForeground(0, QBrush(tone_colour(STATUS_TONE[check.status])))
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{check.status.label}: {check.title}")
            self.checks.addTopLevelItem(item)

    def _relayout_checks(self) -> None:
        """Column widths changed: the wrapped rows need new heights."""
        QTimer.singleShot(0, self.checks.doItemsLayout)

    def check_rows(self) -> list[tuple[str, str, str]]:
        """(result, check, reason) as shown, top to bottom: for tests and for reading aloud."""
        rows = []
        for i in range(self.checks.topLevelItemCount()):
            item = self.checks.topLevelItem(i)
            assert item is not None  # i is below topLevelItemCount()
            rows.append((item.text(0), item.text(1), item.text(2)))
        return rows


__all__ = ["CarbonPlansPanel"]
