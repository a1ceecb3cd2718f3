"""The moderation view: every criterion × bidder with each member's score, the spread and outliers; the consensus
the panel records with its rationale; the weighted result and the ranking, with the method on screen.

Layout only, plus the small logic of the consensus editor; the store call is
handed in as `recorder` (the Evaluation tab's call to EvaluationService), so
this view never touches a service.
"""
from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.evaluation_views import Cell, EvaluationView
from sv_desktop.ui.common.form_parts import text_height
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.evaluation.figures import number_text
from sv_desktop.ui.evaluation.moderation_detail import cell_detail_html
from sv_desktop.ui.evaluation.moderation_models import (
    OUTLIER_MARK,
    ModerationModel,
    StandingsModel,
    outlier_rule,
)

Recorder = Callable[[int, int, int, str], bool]  # criterion id, bidder id, points, rationale -> stored?


class ModerationView(QWidget):
    """The grid, the selected row's detail and consensus editor, and the ranking.

    `recorder(criterion_id, bidder_id, points, rationale)` stores a consensus and returns True when stored.
    """

    def __init__(self, parent: QWidget | None = None, recorder: Recorder | None = None):
        super().__init__(parent)
        self.recorder = recorder
        self._view: EvaluationView | None = None
        self._restoring = False
        self._loading_editor = False
        self._editor_cell: Cell | None = None  # the row the consensus editor was filled from
        self._fitted_rows: tuple[int, int] | None = None  # grid and ranking rows the panes were last sized for
        self._build()

    # -- layout ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Moderation progress")
        layout.addWidget(self.summary)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.model = ModerationModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Scores by criterion and bidder")
        self.table.setAccessibleDescription("One row per criterion and bidder: each member's score, the spread, "
                                            "the mean, outliers, the consensus and the weighted score")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 5 + 30)
        top_layout.addWidget(self.table, 1)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        set_tone(self.legend, Tone.MUTED)
        self.legend.setAccessibleName("How outliers are flagged")
        top_layout.addWidget(self.legend)
        self.splitter.addWidget(top)

        bottom = QSplitter(Qt.Orientation.Horizontal)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Members' scores and justifications for the selected row")
        self.detail.setOpenLinks(False)
        bottom.addWidget(self.detail)

        editor = QGroupBox("Consensus for the selected row")
        form = QFormLayout(editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.editor_heading = QLabel("Choose a row in the table.")
        self.editor_heading.setWordWrap(True)
        form.addRow(self.editor_heading)
        self.points = QComboBox()
        self.points.setAccessibleName("Consensus points")
        points_label = QLabel("Consensus &points (from the scale)")
        points_label.setBuddy(self.points)
        form.addRow(points_label, self.points)
        self.rationale = QPlainTextEdit()
        self.rationale.setTabChangesFocus(True)
        self.rationale.setPlaceholderText("Why the panel agreed this score (required); it may differ from the mean")
        self.rationale.setAccessibleName("Rationale for the consensus score")
        self.rationale.setMinimumHeight(text_height(self.rationale, 3))
        rationale_label = QLabel("R&ationale (required)")
        rationale_label.setBuddy(self.rationale)
        form.addRow(rationale_label, self.rationale)
        self.compare = QLabel()
        self.compare.setWordWrap(True)
        self.compare.setAccessibleName("Consensus compared with the mean")
        form.addRow(self.compare)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)
        self.error.setAccessibleName("Why the consensus was not recorded")
        self.error.hide()
        form.addRow(self.error)
        buttons = QHBoxLayout()
        self.revert_button = QPushButton("Re&vert")
        self.record_button = QPushButton("&Record consensus")
        self.record_button.setToolTip("Store the consensus points and rationale for the selected row (Ctrl+Return)")
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.record_button)
        form.addRow(buttons)
        bottom.addWidget(editor)

        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setChildrenCollapsible(False)
        self.bottom = bottom
        self.splitter.addWidget(bottom)

        ranking = QGroupBox("Weighted result and ranking")
        ranking_layout = QHBoxLayout(ranking)
        left = QVBoxLayout()
        self.ranking_heading = QLabel()
        self.ranking_heading.setWordWrap(True)
        self.ranking_heading.setAccessibleName("Ranking basis")
        left.addWidget(self.ranking_heading)
        self.standings_model = StandingsModel(self)
        self.standings = QTableView()
        self.standings.setModel(self.standings_model)
        self.standings.setAccessibleName("Ranking of bidders")
        self.standings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.standings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.standings.setTabKeyNavigation(False)
        self.standings.verticalHeader().setVisible(False)
        self.standings.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.standings.verticalHeader().setDefaultSectionSize(self.table.verticalHeader().defaultSectionSize())
        self.standings.horizontalHeader().setStretchLastSection(True)
        left.addWidget(self.standings, 1)
        ranking_layout.addLayout(left, 3)
        self.method = QLabel()
        self.method.setWordWrap(True)
        set_tone(self.method, Tone.MUTED)
        self.method.setAccessibleName("How the weighted score and ranking are worked out")
        self.method.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.method.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        ranking_layout.addWidget(self.method, 2)
        self.splitter.addWidget(ranking)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.points.currentIndexChanged.connect(self._editor_changed)
        self.rationale.textChanged.connect(self._editor_changed)
        self.record_button.clicked.connect(self.record)
        self.revert_button.clicked.connect(self.revert)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), editor, self.record, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._fill_editor(None)

    # -- data --------------------------------------------------------------------------------------------------
    def set_evaluation(self, view: EvaluationView | None) -> None:
        """Show a new state of the evaluation; the selected row is kept, unsaved editor text is dropped."""
        keep = self.current_cell()
        keep_key = (keep.criterion_id, keep.bidder_id) if keep else None
        self._view = view
        self._restoring = True
        try:
            self.table.clearSpans()
            self.model.set_evaluation(view)
            for first, count in self.model.criterion_groups():
                if count > 1:
                    self.table.setSpan(first, 0, count, 1)
            self._size_columns()
            row = self.model.row_of_cell(*keep_key) if keep_key else -1
            if row < 0 and self.model.rowCount():
                row = 0
            if row >= 0:
                self._select_row(row)
        finally:
            self._restoring = False
        self.standings_model.set_evaluation(view)
        entered = view is not None and any(b.price_score is not None or b.quality_score is not None
                                           for b in view.bidders)
        for key in ("price", "quality"):
            self.standings.setColumnHidden(self.standings_model.column_of(key), not entered)
        self.standings.resizeColumnsToContents()
        self.standings.horizontalHeader().setSectionResizeMode(self.standings_model.column_of("note"),
                                                               QHeaderView.ResizeMode.Stretch)
        self._show_texts()
        self._fit_panes()
        self._fill_editor(self.current_cell())

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column, spec in enumerate(self.model.columns()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            if spec.key == "criterion":
                self.table.setColumnWidth(column, 190)
            elif spec.key == "outliers":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                self.table.resizeColumnToContents(column)
                self.table.setColumnWidth(column, max(self.table.columnWidth(column), 70))

    def _fit_panes(self) -> None:
        """Give the grid and the ranking the height of their rows (within reason); the detail gets the rest."""
        rows = self.model.rowCount(), self.standings_model.rowCount()
        if rows == self._fitted_rows and self.isVisible():
            return  # the same shape: keep the panes where the user put them
        self._fitted_rows = rows
        row = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        frame = 2 * self.table.frameWidth() + 4
        legend = self.legend.heightForWidth(max(self.width(), 900)) if self.legend.text() else 0
        grid = header + frame + row * min(max(rows[0], 3), 12) + legend + 8
        heading = self.ranking_heading.heightForWidth(max(self.width() // 2, 500)) if self.ranking_heading.text() \
            else row
        ranking = heading + header + frame + row * min(max(rows[1], 2), 8) + 48
        total = max(self.splitter.height(), grid + ranking + 300)
        self.splitter.setSizes([grid, max(total - grid - ranking, 300), ranking])

    def _show_texts(self) -> None:
        view = self._view
        if view is None:
            self.summary.clear()
            self.legend.clear()
            self.ranking_heading.clear()
            self.method.clear()
            self.detail.clear()
            return
        total = len(view.cells)
        agreed = sum(1 for c in view.cells if c.consensus is not None)
        flagged = sum(len(c.spread.outliers) for c in view.cells)
        missing = sum(1 for c in view.cells for s in c.scores.values() if s is None)
        parts = [f"Consensus recorded for {agreed} of {total} criterion–bidder pairs"]
        parts.append(f"{flagged} outlier score{'s' if flagged != 1 else ''} flagged ({OUTLIER_MARK})")
        if missing:
            parts.append(f"{missing} member score{'s' if missing != 1 else ''} not yet imported")
        if view.locked:
            parts.append("locked: every change needs a reason")
        self.summary.setText(". ".join(parts) + ".")
        self.legend.setText(outlier_rule(view.scale) + ". “Conflict (not scoring)”: the member declared a "
                            "conflict of interest with that bidder. “Not scored”: no completed sheet from the "
                            "member is imported yet. The consensus is the panel's moderated score and may differ "
                            "from the mean.")
        provisional = "" if agreed == total else (f" — provisional: {total - agreed} consensus score"
                                                  f"{'s' if total - agreed != 1 else ''} still to record")
        self.ranking_heading.setText(f"<b>Ranking: {html.escape(view.ranking_label)}</b>{html.escape(provisional)}."
                                     " Tied bidders share a position, shown as “=2”.")
        self.method.setText("Method: " + view.method)

    # -- selection -------------------------------------------------------------------------------------------
    def current_cell(self) -> Cell | None:
        index = self.table.currentIndex()
        return self.model.cell(index.row()) if index.isValid() else None

    def select_cell(self, criterion_id: int, bidder_id: int) -> bool:
        row = self.model.row_of_cell(criterion_id, bidder_id)
        if row < 0:
            return False
        self._select_row(row, keep_column=True)
        cell = self.current_cell()
        return cell is not None and (cell.criterion_id, cell.bidder_id) == (criterion_id, bidder_id)

    def _select_row(self, row: int, keep_column: bool = False) -> None:
        column = self.table.currentIndex().column() if keep_column and self.table.currentIndex().isValid() else 1
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, max(column, 1)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._restoring:
            return
        editing = self._editor_cell  # never None while is_dirty()
        if editing is not None and self.is_dirty() and (
                not current.isValid() or editing is not self.model.cell(current.row())):
            answer = QMessageBox.question(
                self, "Consensus not recorded",
                "The consensus you typed for the previous row is not recorded. Record it now?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self._record_for(editing)):
                self._restoring = True
                try:
                    back = self.model.row_of_cell(editing.criterion_id, editing.bidder_id)
                    if back >= 0:
                        self._select_row(back)
                finally:
                    self._restoring = False
                return
            if answer == QMessageBox.StandardButton.Save:
                return  # recording reloaded the view and re-selected; select the row asked for
        self._fill_editor(self.model.cell(current.row()) if current.isValid() else None)

    # -- the selected row ------------------------------------------------------------------------------------
    def _fill_editor(self, cell: Cell | None) -> None:
        view = self._view
        self._editor_cell = cell if view is not None else None
        self._loading_editor = True
        try:
            self.points.clear()
            self.rationale.clear()
            self.error.hide()
            enabled = cell is not None and view is not None
            for widget in (self.points, self.rationale, self.record_button, self.revert_button):
                widget.setEnabled(enabled)
            if cell is None or view is None:  # not enabled
                self.editor_heading.setText("Choose a row in the table." if view and view.cells
                                            else "Nothing to moderate yet: criteria and bidders are needed.")
                self.detail.setHtml("" if view is None else "<p>Choose a row to see each member's score and "
                                                             "justification.</p>")
                self.compare.clear()
                return
            criterion = next(c for c in view.criteria if c.id == cell.criterion_id)
            bidder = next(b for b in view.bidders if b.id == cell.bidder_id)
            self.editor_heading.setText(f"<b>{html.escape(criterion.ref)} {html.escape(criterion.title)}</b> — "
                                        f"{html.escape(bidder.name)}")
            self.points.addItem("Not agreed yet: choose points", None)
            for level in view.scale.levels:
                self.points.addItem(f"{level.points} — {level.descriptor}", level.points)
            if cell.consensus is not None:
                self.points.setCurrentIndex(max(self.points.findData(cell.consensus), 0))
            self.rationale.setPlainText(cell.rationale)
            self.detail.setHtml(cell_detail_html(view, cell))
        finally:
            self._loading_editor = False
        self._editor_changed()

    def _editor_changed(self, *_args) -> None:
        if self._loading_editor:
            return
        cell = self._editor_cell
        self.revert_button.setEnabled(cell is not None and self.is_dirty())
        if cell is None:
            self.compare.clear()
            return
        points = self.points.currentData()
        mean = cell.spread.mean
        mean_text = f"the members' mean is {number_text(mean, 1)}" if mean is not None else "no member scores yet"
        if points is None:
            text = f"No consensus chosen; {mean_text}."
        elif mean is None:
            text = f"Consensus {points}; {mean_text}."
        elif points == mean:
            text = f"Consensus {points}, the same as the members' mean."
        else:
            difference = points - mean
            text = (f"Consensus {points}; {mean_text} (the consensus is {number_text(abs(difference), 1)} "
                    f"{'above' if difference > 0 else 'below'} it).")
        stored = "" if not self.is_dirty() else " Not recorded yet."
        self.compare.setText(text + stored)

    def is_dirty(self) -> bool:
        cell = self._editor_cell
        if cell is None or not self.points.isEnabled():
            return False
        return self.points.currentData() != cell.consensus or self.rationale.toPlainText().strip() != cell.rationale

    def revert(self) -> None:
        self._fill_editor(self._editor_cell)

    def save(self) -> bool:
        """Record what the editor holds, if anything changed; True when nothing is left unrecorded."""
        return True if not self.is_dirty() else self.record()

    def record(self) -> bool:
        return self._record_for(self._editor_cell)

    def _record_for(self, cell: Cell | None) -> bool:
        if cell is None or self.recorder is None:
            return False
        points = self.points.currentData()
        if points is None:
            self._show_error("Choose the consensus points from the scale.")
            self.points.setFocus()
            return False
        rationale = self.rationale.toPlainText()
        if not rationale.strip():
            self._show_error("Record the panel's rationale for the consensus score.")
            self.rationale.setFocus()
            return False
        self.error.hide()
        return bool(self.recorder(cell.criterion_id, cell.bidder_id, int(points), rationale))

    def _show_error(self, text: str) -> None:
        self.error.setText("⚠ Not recorded: " + text)
        self.error.show()


__all__ = ["ModerationView"]
