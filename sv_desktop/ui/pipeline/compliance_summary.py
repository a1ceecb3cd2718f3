"""The portfolio compliance summary: for each rule of the active profile, how many contracts meet it.

The first line is the committee KPI "All Trust contracts will contain a minimum
10 % Social Value weighting" (002_80f5ea46fbe04add.txt, Appendix Two).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.compliance import Verdict
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.ui.common.background import BackgroundTask

HEADERS = ["Rule", "Applies to", "Meets it", "Fails", "Warnings", "Not yet", "% meeting", "Source"]


class ComplianceSummaryDialog(QDialog):
    def __init__(self, compliance: ComplianceService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Policy compliance summary")
        self.resize(1100, 480)
        self._compliance = compliance
        layout = QVBoxLayout(self)
        self.heading = QLabel(f"Checking every contract against the {compliance.profile().name}…")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Contracts meeting each policy rule")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, the arrow keys move inside it
        self.table.setColumnWidth(0, 320)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.task = BackgroundTask(self, "Checking policy compliance", lambda progress: compliance.check_all(
            progress=progress))
        self.task.done.connect(self._show)
        self.task.failed.connect(lambda error: self.heading.setText(f"The check could not be run: {error}"))
        self.task.start()

    def _show(self, results) -> None:
        summary = self._compliance.summary(results)
        self.heading.setText(
            f"{len(results):,} contracts checked against the {self._compliance.profile().name}. "
            "'Meets it' counts passes and accepted exceptions; contracts a rule does not apply to are left out.")
        self.table.setRowCount(len(summary))
        for row, rule in enumerate(summary):
            share = f"{100 * rule.meeting / rule.applicable:.0f} %" if rule.applicable else "–"
            values = [rule.title, rule.applicable, rule.meeting, rule.counts.get(Verdict.FAIL, 0),
                      rule.counts.get(Verdict.WARNING, 0), rule.counts.get(Verdict.NOT_YET, 0), share, rule.source]
            for column, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
                if isinstance(value, int) or column == 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
