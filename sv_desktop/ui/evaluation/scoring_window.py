"""The panel member's score-sheet window: open a sheet from the lead, read the responses, score, export.

The member works offline on their own laptop. Left: the sheets received here
(contract, member, progress in words) with "Open score sheet…", and the bidders
of the chosen sheet (a bidder the member declared a conflict with is shown as
such and cannot be chosen for scoring). Middle: the bidder's response (text and
documents) and how to score (the organisation's scale with its descriptors, the
SMT rule, the PPN 002 additional award criteria and pass gate). Right: one form
per criterion (points, the SMT judgement, a required justification) with its
own "Save score" (Ctrl+S saves the form being edited), then the progress, what
is still to score and "Export completed sheet…".

Every score is kept in the member's store as soon as it is saved; nothing else is
"unsaved" except edits in a form, which are offered for saving before the window
moves on. State is always in words; colour only repeats it.
"""
from __future__ import annotations

import html
import re
import tempfile
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.evaluation import SMT_RULE_TEXT, Score
from sv_desktop.exchange.score_sheet import EXTENSION, SheetBidder, SheetCriterion, SheetError, SheetScore, read_sheet
from sv_desktop.services.score_sheets import ReceivedSheetView, ScoreSheetService
from sv_desktop.ui.common.form_parts import rows_height, text_height
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.theme import Tone, set_tone, tone_colour
from sv_desktop.ui.common.ui_state import remember_window

SHEET_ROLE = Qt.ItemDataRole.UserRole + 40
BIDDER_ROLE = Qt.ItemDataRole.UserRole + 41
CONFLICT_TEXT = "Conflict of interest declared — not scored"
OWN_SCORES_TEXT = "Your scores only: other members' scores are not in this file."
SCALE_NOTE = ("This is the scoring scale {organisation} set for this evaluation. It is not an official scale: "
              "none is published for the PPN 002 Social Value Model.")
NOT_CHOSEN = "Choose the points"


def safe_file_name(text: str) -> str:
    """A file name every desktop accepts: characters Windows forbids become hyphens."""
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "-", text).strip(" .") or "score sheet"


def completed_file_name(view: ReceivedSheetView) -> str:
    return safe_file_name(f"{view.sheet.contract_reference} - {view.sheet.member_name} completed") + EXTENSION


def scored_count(view: ReceivedSheetView) -> tuple[int, int]:
    """(scored, to score in all) over the bidders the member may score."""
    scoreable = [b for b in view.sheet.bidders if not b.conflict]
    total = len(scoreable) * len(view.sheet.criteria)
    return total - len(view.to_score), total


def progress_text(view: ReceivedSheetView) -> str:
    done, total = scored_count(view)
    if total == 0:
        return "Nothing to score (a conflict of interest with every bidder)"
    return f"{done} of {total} scored"


def _size_text(size: int) -> str:
    if size >= 1048576:
        return f"{size / 1048576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def percent_text(value: Decimal) -> str:
    """5.00 → "5%", 2.50 → "2.5%"."""
    text = f"{value:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


class CriterionScoreForm(QGroupBox):
    """Points, the SMT judgement and the justification for one criterion of one bidder.

    Signals:
        save_requested(str): "Save score" was pressed; the criterion uid.
        edited(): a value changed (the form now differs from what is saved, or no longer does).
    """

    save_requested = Signal(str)
    edited = Signal()

    def __init__(self, criterion: SheetCriterion, levels: tuple[tuple[int, str], ...], smt_rule: bool,
                 parent: QWidget | None = None):
        super().__init__(f"{criterion.ref} — {criterion.title}", parent)
        self.criterion = criterion
        self._saved: SheetScore | None = None
        self._loading = False
        name = criterion.title
        self.setAccessibleName(f"Score for {name}")
        layout = QVBoxLayout(self)
        layout.setSpacing(4)

        weight = QLabel(f"Weight: {percent_text(criterion.sub_weight)} of the total score")
        set_tone(weight, Tone.MUTED)
        layout.addWidget(weight)
        self.criterion_text = QLabel(criterion.text)
        self.criterion_text.setWordWrap(True)
        self.criterion_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.criterion_text)

        points_label = QLabel("Points")
        self.points = QComboBox()
        self.points.addItem(NOT_CHOSEN, None)
        for points, descriptor in levels:
            self.points.addItem(f"{points} — {descriptor}", points)
        self.points.setAccessibleName(f"Points for {name}")
        self.points.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.points.setMinimumContentsLength(24)
        widest = max(self.points.fontMetrics().horizontalAdvance(self.points.itemText(i))
                     for i in range(self.points.count()))
        self.points.view().setMinimumWidth(widest + 40)
        points_label.setBuddy(self.points)
        points_row = QHBoxLayout()
        points_row.addWidget(points_label)
        points_row.addWidget(self.points, 1)
        layout.addLayout(points_row)
        self.points_error = self._error_label()
        layout.addWidget(self.points_error)

        self.smt = QCheckBox("The response contains a specific, measurable and time-bound commitment")
        self.smt.setAccessibleName(f"{name}: the response contains a specific, measurable and time-bound commitment")
        self.smt.setAccessibleDescription(SMT_RULE_TEXT if smt_rule else
                                          "Recorded with your score; the rule that limits points is off for "
                                          "this evaluation.")
        self.smt.setToolTip(SMT_RULE_TEXT if smt_rule else "The SMT rule is off for this evaluation.")
        layout.addWidget(self.smt)

        justification_label = QLabel("Justification (required)")
        self.justification = QPlainTextEdit()
        self.justification.setTabChangesFocus(True)
        self.justification.setPlaceholderText("Why this score: what in the response supports it")
        self.justification.setAccessibleName(f"Justification for {name}")
        self.justification.setFixedHeight(text_height(self.justification, 4))
        justification_label.setBuddy(self.justification)
        layout.addWidget(justification_label)
        layout.addWidget(self.justification)
        self.justification_error = self._error_label()
        layout.addWidget(self.justification_error)
        self.other_error = self._error_label()
        layout.addWidget(self.other_error)

        footer = QHBoxLayout()
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        footer.addWidget(self.state_label, 1)
        self.save_button = QPushButton("Save score")
        self.save_button.setAccessibleName(f"Save score for {name}")
        self.save_button.setToolTip("Keep this score in your store (Ctrl+S)")
        footer.addWidget(self.save_button)
        layout.addLayout(footer)

        self.points.currentIndexChanged.connect(self._changed)
        self.smt.toggled.connect(self._changed)
        self.justification.textChanged.connect(self._changed)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.criterion.criterion_uid))

    @staticmethod
    def _error_label() -> QLabel:
        error = QLabel()
        error.setWordWrap(True)
        set_tone(error, Tone.ERROR)
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error.hide()
        return error

    # -- values ----------------------------------------------------------------------------
    def set_score(self, score: SheetScore | None) -> None:
        """Show the stored score (or a blank form) and forget any edits."""
        self._loading = True
        self._saved = score
        self.points.setCurrentIndex(max(self.points.findData(score.points), 0) if score else 0)
        self.smt.setChecked(score.smt if score else False)
        self.justification.setPlainText(score.justification if score else "")
        self._loading = False
        self.clear_errors()
        self._show_state()

    def points_value(self) -> int | None:
        return self.points.currentData()

    def score(self) -> Score | None:
        """The score on screen; None when no points are chosen."""
        points = self.points_value()
        if points is None:
            return None
        return Score(points, self.justification.toPlainText(), self.smt.isChecked())

    @property
    def saved(self) -> SheetScore | None:
        return self._saved

    @property
    def dirty(self) -> bool:
        saved = self._saved
        if saved is None:
            return self.points_value() is not None or bool(self.justification.toPlainText().strip()) \
                or self.smt.isChecked()
        return (self.points_value(), self.smt.isChecked(), self.justification.toPlainText().strip()) != \
            (saved.points, saved.smt, saved.justification.strip())

    def _changed(self) -> None:
        if self._loading:
            return
        self._show_state()
        self.edited.emit()

    def _show_state(self) -> None:
        if self.dirty:
            text, style = "Changed — not saved yet (Ctrl+S saves)", None
        elif self._saved is None:
            text, style = "Not scored yet", Tone.MUTED
        else:
            text, style = f"✔ Saved: {self._saved.points} points", Tone.OK
        if not self.points_error.isHidden() or not self.justification_error.isHidden() \
                or not self.other_error.isHidden():
            text, style = "✖ Not saved — see the errors above", Tone.ERROR
        self.state_label.setText(text)
        set_tone(self.state_label, style)
        self.save_button.setEnabled(self.dirty)

    @property
    def state_text(self) -> str:
        return self.state_label.text()

    # -- errors -----------------------------------------------------------------------------
    def show_errors(self, errors: list[FieldError] | tuple[FieldError, ...]) -> None:
        self.clear_errors()
        homes = {"points": (self.points_error, self.points), "justification": (self.justification_error,
                                                                               self.justification)}
        grouped: dict[str, list[str]] = {}
        for error in errors:
            grouped.setdefault(error.field if error.field in homes else "other", []).append(error.message)
        first = None
        for field, messages in grouped.items():
            label, widget = homes.get(field, (self.other_error, None))
            label.setText("\n".join(f"Error: {m}" for m in messages))
            label.show()
            if widget is not None:
                widget.setAccessibleDescription(" ".join(messages))
                first = first or widget
        self._show_state()
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        for label in (self.points_error, self.justification_error, self.other_error):
            label.clear()
            label.hide()
        self.points.setAccessibleDescription("")
        self.justification.setAccessibleDescription("")

    def error_text(self, field: str) -> str:
        """The message shown beside a field ("points", "justification", anything else); empty when none."""
        label = {"points": self.points_error, "justification": self.justification_error}.get(field, self.other_error)
        return label.text() if not label.isHidden() else ""


class ScoringWindow(QWidget):
    """Score sheets received from an evaluation lead, scored offline by one panel member.

    Signals:
        sheet_opened(str): a sheet file was opened (or replaced) here; its uid.
        score_saved(str): a score was saved on the sheet with this uid.
        exported(object): the completed sheet was written to this Path.
    """

    sheet_opened = Signal(str)
    score_saved = Signal(str)
    exported = Signal(object)

    def __init__(self, score_sheets: ScoreSheetService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle("Score sheets — SV Desktop")
        self.setAccessibleName("Score sheets")
        self._sheets = score_sheets
        self._view: ReceivedSheetView | None = None
        self._bidder_uid: str | None = None
        self._forms: dict[str, CriterionScoreForm] = {}
        self._switching = False
        self.resize(1450, 920)
        self._build()
        self.reload()
        remember_window(self, "scoring")

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        # Left: the sheets here, then the bidders of the chosen one.
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        sheets_box = QGroupBox("Score sheets on this laptop")
        sheets_layout = QVBoxLayout(sheets_box)
        self.open_button = QPushButton("&Open score sheet…")
        self.open_button.setToolTip(f"Open a score sheet file ({EXTENSION}) from the evaluation lead (Ctrl+O)")
        sheets_layout.addWidget(self.open_button)
        self.sheet_list = QTreeWidget()
        self.sheet_list.setHeaderLabels(["Contract", "Member", "Progress"])
        self.sheet_list.setRootIsDecorated(False)
        self.sheet_list.setAlternatingRowColors(True)
        self.sheet_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sheet_list.setAccessibleName("Score sheets on this laptop")
        self.sheet_list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sheet_list.header().setStretchLastSection(False)
        for column in (1, 2):
            self.sheet_list.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.sheet_list.setMaximumHeight(rows_height(self.sheet_list, 5))
        sheets_layout.addWidget(self.sheet_list)
        sheets_layout.addWidget(self.notice)
        left_layout.addWidget(sheets_box)

        self.bidders_box = QGroupBox("Bidders")
        bidders_layout = QVBoxLayout(self.bidders_box)
        bidders_label = QLabel("Choose a &bidder to read and score:")
        self.bidder_list = QListWidget()
        self.bidder_list.setAccessibleName("Bidders")
        self.bidder_list.setWordWrap(True)
        self.bidder_list.setSpacing(3)
        bidders_label.setBuddy(self.bidder_list)
        bidders_layout.addWidget(bidders_label)
        bidders_layout.addWidget(self.bidder_list, 1)
        left_layout.addWidget(self.bidders_box, 1)
        self.splitter.addWidget(left)

        # Right of the list: a placeholder until a sheet is chosen, then the sheet.
        self.pages = QStackedWidget()
        self.empty_page = QLabel(f"No score sheet is open. Choose Open score sheet… and pick the {EXTENSION} file "
                                 "the evaluation lead sent you. Your scores are kept on this laptop as you go; when "
                                 "every bidder is scored, export the completed sheet and send it back.")
        self.empty_page.setWordWrap(True)
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page.setMargin(40)
        self.pages.addWidget(self.empty_page)
        self.sheet_page = QWidget()
        self.pages.addWidget(self.sheet_page)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 7)
        self.splitter.setSizes([380, 1070])
        self._build_sheet_page()

        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_file)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_current)
        self.open_button.clicked.connect(self.choose_file)
        self.sheet_list.currentItemChanged.connect(self._sheet_chosen)
        self.bidder_list.currentItemChanged.connect(self._bidder_chosen)

    def _build_sheet_page(self) -> None:
        layout = QVBoxLayout(self.sheet_page)
        layout.setContentsMargins(6, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.subheading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.subheading)
        self.own_scores_label = QLabel(OWN_SCORES_TEXT)
        self.own_scores_label.setWordWrap(True)
        bold = self.own_scores_label.font()
        bold.setBold(True)
        self.own_scores_label.setFont(bold)
        layout.addWidget(self.own_scores_label)

        body = QSplitter(Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        layout.addWidget(body, 1)

        # Middle: the response, then how to score.
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.setChildrenCollapsible(False)
        self.response_box = QGroupBox("Response")
        response_layout = QVBoxLayout(self.response_box)
        self.response_label = QLabel("Their social value &response (read only):")
        self.response = QPlainTextEdit()
        self.response.setReadOnly(True)
        self.response.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.response.setAccessibleName("Bidder's response")
        self.response_label.setBuddy(self.response)
        response_layout.addWidget(self.response_label)
        response_layout.addWidget(self.response, 1)
        self.documents_label = QLabel("&Documents they submitted:")
        self.documents = QListWidget()
        self.documents.setAccessibleName("Documents the bidder submitted")
        self.documents.setMaximumHeight(rows_height(self.documents, 3))
        self.documents_label.setBuddy(self.documents)
        response_layout.addWidget(self.documents_label)
        response_layout.addWidget(self.documents)
        document_buttons = QHBoxLayout()
        self.open_document_button = QPushButton("O&pen document")
        self.open_document_button.setToolTip("Open a copy in the program your computer uses for this kind of file")
        self.save_document_button = QPushButton("Save document &as…")
        document_buttons.addWidget(self.open_document_button)
        document_buttons.addWidget(self.save_document_button)
        document_buttons.addStretch(1)
        response_layout.addLayout(document_buttons)
        self.document_error = QLabel()
        self.document_error.setWordWrap(True)
        set_tone(self.document_error, Tone.ERROR)
        self.document_error.hide()
        response_layout.addWidget(self.document_error)
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setMargin(12)
        self.conflict_label.hide()
        response_layout.addWidget(self.conflict_label)
        middle.addWidget(self.response_box)

        guide_box = QGroupBox("How to score")
        guide_layout = QVBoxLayout(guide_box)
        self.guide = QTextBrowser()
        self.guide.setOpenLinks(False)
        self.guide.setAccessibleName("How to score: the scale, the SMT rule and the additional award criteria")
        guide_layout.addWidget(self.guide)
        middle.addWidget(guide_box)
        middle.setStretchFactor(0, 1)
        middle.setStretchFactor(1, 1)
        middle.setSizes([430, 430])
        body.addWidget(middle)

        # Right: one form per criterion, then progress and export.
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.scores_title = QLabel()
        title_font = self.scores_title.font()
        title_font.setBold(True)
        self.scores_title.setFont(title_font)
        right_layout.addWidget(self.scores_title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName("Your scores")
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the score fields take the focus; Tab scrolls to them
        self.forms_holder = QWidget()
        self.forms_layout = QVBoxLayout(self.forms_holder)
        self.forms_placeholder = QLabel()
        self.forms_placeholder.setWordWrap(True)
        self.forms_placeholder.setMargin(12)
        self.forms_placeholder.hide()
        self.forms_layout.addWidget(self.forms_placeholder)
        self.forms_layout.addStretch(1)
        self.scroll.setWidget(self.forms_holder)
        right_layout.addWidget(self.scroll, 1)

        progress_box = QGroupBox("Progress")
        progress_layout = QVBoxLayout(progress_box)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.progress_label.setFont(title_font)
        progress_layout.addWidget(self.progress_label)
        self.remaining_label = QLabel()
        self.remaining_label.setWordWrap(True)
        self.remaining_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        progress_layout.addWidget(self.remaining_label)
        export_row = QHBoxLayout()
        self.export_state = QLabel()
        self.export_state.setWordWrap(True)
        set_tone(self.export_state, Tone.MUTED)
        export_row.addWidget(self.export_state, 1)
        self.export_button = QPushButton("&Export completed sheet…")
        self.export_button.setToolTip("Write the completed sheet to a file to send back to the evaluation lead")
        export_row.addWidget(self.export_button)
        progress_layout.addLayout(export_row)
        self.export_error = QLabel()
        self.export_error.setWordWrap(True)
        set_tone(self.export_error, Tone.ERROR)
        self.export_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_error.hide()
        progress_layout.addWidget(self.export_error)
        right_layout.addWidget(progress_box)
        body.addWidget(right)
        body.setStretchFactor(0, 4)
        body.setStretchFactor(1, 5)
        body.setSizes([480, 620])

        self.open_document_button.clicked.connect(lambda: self.open_document())
        self.save_document_button.clicked.connect(lambda: self.save_document())
        self.documents.currentRowChanged.connect(lambda _row: self._update_document_buttons())
        self.documents.itemActivated.connect(lambda _item: self.open_document())
        self.export_button.clicked.connect(lambda: self.export_completed())

    # -- the sheets here -----------------------------------------------------------------------
    @property
    def view(self) -> ReceivedSheetView | None:
        """The sheet shown, as last read from the store."""
        return self._view

    def reload(self, select_uid: str | None = None) -> None:
        """Refill the list of sheets; show `select_uid` (or the one shown, or the first)."""
        wanted = select_uid or (self._view.sheet_uid if self._view else None)
        problems = []
        try:
            views = self._sheets.sheets()
        except ValidationError as exc:  # a stored sheet that no longer reads: say so, list nothing
            views, problems = [], [str(e.message) for e in exc.errors]
        self._switching = True
        self.sheet_list.clear()
        chosen = None
        for view in views:
            sheet = view.sheet
            item = QTreeWidgetItem([f"{sheet.contract_reference} — {sheet.contract_title}", sheet.member_name,
                                    self._list_state(view)])
            item.setData(0, SHEET_ROLE, view.sheet_uid)
            item.setToolTip(0, f"{sheet.contract_reference} — {sheet.contract_title} ({sheet.organisation})")
            self.sheet_list.addTopLevelItem(item)
            if chosen is None or view.sheet_uid == wanted:
                chosen = item
        self._switching = False
        if problems:
            self._notify("Error: " + " ".join(problems), error=True)
        if chosen is None:
            self._show_nothing()
        else:
            self._show_sheet(chosen.data(0, SHEET_ROLE))

    @staticmethod
    def _list_state(view: ReceivedSheetView) -> str:
        text = progress_text(view)
        if view.sheet.completed:
            text += f"; exported {view.sheet.completed_at:%d/%m/%Y}"
        return text

    def sheet_rows(self) -> list[tuple[str, str, str]]:
        """The list of sheets as shown: (contract, member, progress)."""
        return [tuple(self.sheet_list.topLevelItem(i).text(c) for c in range(3))
                for i in range(self.sheet_list.topLevelItemCount())]

    def _sheet_chosen(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if self._switching or current is None:
            return
        uid = current.data(0, SHEET_ROLE)
        if self._view is not None and uid == self._view.sheet_uid:
            return
        if not self._settle_edits():
            self._switching = True
            self.sheet_list.setCurrentItem(previous)
            self._switching = False
            return
        self._show_sheet(uid)

    def show_sheet(self, sheet_uid: str) -> bool:
        """Show one received sheet (after offering to save edits); False when it cannot be shown."""
        if not self._settle_edits():
            return False
        return self._show_sheet(sheet_uid)

    def _show_sheet(self, sheet_uid: str) -> bool:
        try:
            view = self._sheets.sheet(sheet_uid)
        except (NotFoundError, ValidationError) as exc:
            self._notify("Error: " + self._message(exc), error=True)
            return False
        self._view = view
        self._bidder_uid = None
        self._clear_forms()
        for index in range(self.sheet_list.topLevelItemCount()):
            item = self.sheet_list.topLevelItem(index)
            if item.data(0, SHEET_ROLE) == sheet_uid and self.sheet_list.currentItem() is not item:
                self._switching = True
                self.sheet_list.setCurrentItem(item)
                self._switching = False
        sheet = view.sheet
        self.heading.setText(f"{sheet.contract_reference} — {sheet.contract_title}")
        role = f" ({sheet.member_role})" if sheet.member_role else ""
        self.subheading.setText(f"Panel member: {sheet.member_name}{role}   ·   Organisation: {sheet.organisation}"
                                f"   ·   Issued {sheet.issued_at:%d/%m/%Y}")
        self.guide.setHtml(self._guide_html(view))
        self._fill_bidders()
        self.pages.setCurrentWidget(self.sheet_page)
        self.bidders_box.setEnabled(True)
        first = next((i for i in range(self.bidder_list.count())
                      if self.bidder_list.item(i).flags() & Qt.ItemFlag.ItemIsSelectable), None)
        if first is not None:
            self.bidder_list.setCurrentRow(first)
        else:
            self._show_bidder(None)
        self._show_progress()
        return True

    def _show_nothing(self) -> None:
        self._view = None
        self._bidder_uid = None
        self.bidder_list.clear()
        self.bidders_box.setEnabled(False)
        self._clear_forms()
        self.pages.setCurrentWidget(self.empty_page)

    def _guide_html(self, view: ReceivedSheetView) -> str:
        sheet = view.sheet
        esc = html.escape
        rows = "".join(f"<tr><td align='right'><b>{points}</b></td><td>{esc(descriptor)}</td></tr>"
                       for points, descriptor in sheet.scale)
        parts = [f"<p><b>Scoring scale</b></p><table cellspacing='0' cellpadding='3'>"
                 f"<tr><th align='right'>Points</th><th align='left'>What it means</th></tr>{rows}</table>",
                 f"<p><i>{esc(SCALE_NOTE.format(organisation=sheet.organisation or 'your organisation'))}</i></p>"]
        if sheet.smt_rule:
            parts.append(f"<p><b>The SMT rule is on.</b> {esc(SMT_RULE_TEXT)} Tick the box on a score only when "
                         "the response holds such a commitment; without it, only 0 points can be saved.</p>")
        else:
            parts.append("<p><b>The SMT rule is off</b> for this evaluation: whether the response holds a "
                         "specific, measurable and time-bound commitment is recorded, but does not limit the "
                         "points.</p>")
        if sheet.additional_criteria:
            items = "".join(f"<li>{esc(text)}</li>" for text in sheet.additional_criteria)
            parts.append("<p><b>Additional award criteria</b> (PPN 002): what a good response includes. They "
                         "guide your score and are not scored separately; the first is the pass gate.</p>"
                         f"<ul>{items}</ul>")
        return "".join(parts)

    # -- bidders -------------------------------------------------------------------------------
    def _fill_bidders(self) -> None:
        view = self._view
        self._switching = True
        self.bidder_list.clear()
        for bidder in view.sheet.bidders:
            item = QListWidgetItem(self._bidder_text(view, bidder))
            item.setData(BIDDER_ROLE, bidder.bidder_uid)
            if bidder.conflict:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # readable, not selectable for scoring
                item.setForeground(tone_colour(Tone.MUTED))
                item.setToolTip(f"You declared a conflict of interest with {bidder.name}: you do not score them.")
            self.bidder_list.addItem(item)
        self._switching = False

    @staticmethod
    def _bidder_text(view: ReceivedSheetView, bidder: SheetBidder) -> str:
        if bidder.conflict:
            return f"{bidder.name}\n{CONFLICT_TEXT}"
        total = len(view.sheet.criteria)
        done = sum(1 for c in view.sheet.criteria if view.score(bidder.bidder_uid, c.criterion_uid) is not None)
        state = f"✔ All {total} scored" if done == total else f"{done} of {total} scored"
        return f"{bidder.name}\n{state}"

    def bidder_rows(self) -> list[str]:
        return [self.bidder_list.item(i).text() for i in range(self.bidder_list.count())]

    def _bidder_chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._switching or current is None:
            return
        uid = current.data(BIDDER_ROLE)
        if uid == self._bidder_uid:
            return
        if not self._settle_edits():
            self._switching = True
            self.bidder_list.setCurrentItem(previous)
            self._switching = False
            return
        self._show_bidder(uid)

    def choose_bidder(self, name: str) -> bool:
        """Make the named bidder current, as a click would; False when it is not on the sheet."""
        for index in range(self.bidder_list.count()):
            item = self.bidder_list.item(index)
            if item.text().split("\n")[0] == name:
                self.bidder_list.setCurrentItem(item)
                return True
        return False

    @property
    def bidder(self) -> SheetBidder | None:
        if self._view is None or self._bidder_uid is None:
            return None
        return next((b for b in self._view.sheet.bidders if b.bidder_uid == self._bidder_uid), None)

    def _show_bidder(self, bidder_uid: str | None) -> None:
        self._bidder_uid = bidder_uid
        bidder = self.bidder
        self._clear_forms()
        self.document_error.hide()
        self.forms_placeholder.hide()
        if bidder is None:
            self.response_box.setTitle("Response")
            self.scores_title.setText("Your scores")
            self._show_response(None)
            self.forms_placeholder.setText("Choose a bidder on the left to read their response and score it."
                                           if self._view and any(not b.conflict for b in self._view.sheet.bidders)
                                           else "There is no bidder for you to score on this sheet.")
            self.forms_placeholder.show()
            return
        if bidder.conflict:
            self.response_box.setTitle(bidder.name)
            self._show_response(None)
            self.conflict_label.setText(f"⚠ {CONFLICT_TEXT}. You declared a conflict of interest with {bidder.name}, "
                                        "so you do not score them and their response is not shown to you.")
            self.conflict_label.show()
            self.scores_title.setText(f"{bidder.name}: {CONFLICT_TEXT}.")
            self.forms_placeholder.setText(f"No scores to enter for {bidder.name}: you declared a conflict of "
                                           "interest. The other panel members score them.")
            self.forms_placeholder.show()
            return
        self.response_box.setTitle(f"Response from {bidder.name}")
        self._show_response(bidder)
        self.scores_title.setText(f"Your scores for {bidder.name}")
        for criterion in self._view.sheet.criteria:
            form = CriterionScoreForm(criterion, self._view.sheet.scale, self._view.sheet.smt_rule)
            form.set_score(self._view.score(bidder.bidder_uid, criterion.criterion_uid))
            form.save_requested.connect(self.save_score)
            self.forms_layout.insertWidget(self.forms_layout.count() - 1, form)
            self._forms[criterion.criterion_uid] = form
        self._export_after_forms()

    def _export_after_forms(self) -> None:
        """Forms built now join the end of the Tab order; put Export back after the last of them, as it is seen."""
        forms = list(self._forms.values())
        if not forms:
            return
        last, widget = None, forms[-1].nextInFocusChain()
        while widget is not None and forms[-1].isAncestorOf(widget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                last = widget
            widget = widget.nextInFocusChain()
        if last is not None:
            QWidget.setTabOrder(last, self.export_button)

    def _show_response(self, bidder: SheetBidder | None) -> None:
        visible = bidder is not None
        self.conflict_label.hide()
        for widget in (self.response_label, self.response, self.documents_label, self.documents,
                       self.open_document_button, self.save_document_button):
            widget.setVisible(visible)
        self.response.setPlainText(bidder.response_text if bidder else "")
        self.response.setPlaceholderText("No written response in the sheet; see the documents below."
                                         if bidder else "")
        if bidder is not None:
            self.response.setAccessibleName(f"Response from {bidder.name}")
        self.documents.clear()
        if bidder is not None:
            for document in bidder.documents:
                self.documents.addItem(f"{document.file_name} ({_size_text(len(document.content))})")
            if not bidder.documents:
                placeholder = QListWidgetItem("No documents: the response is the text above.")
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                self.documents.addItem(placeholder)
            elif self.documents.count():
                self.documents.setCurrentRow(0)
        self._update_document_buttons()

    def _clear_forms(self) -> None:
        for form in self._forms.values():
            form.setParent(None)
            form.deleteLater()
        self._forms = {}

    # -- scoring -------------------------------------------------------------------------------
    @property
    def forms(self) -> dict[str, CriterionScoreForm]:
        """The score forms of the bidder shown, by criterion uid (none for a conflicted bidder)."""
        return dict(self._forms)

    def form(self, criterion_title: str) -> CriterionScoreForm:
        return next(f for f in self._forms.values() if f.criterion.title == criterion_title)

    def save_current(self) -> bool:
        """Ctrl+S: save the form being edited (the one with the focus, else the only changed one)."""
        focus = self.focusWidget()
        for form in self._forms.values():
            if focus is not None and (focus is form or form.isAncestorOf(focus)):
                return self.save_score(form.criterion.criterion_uid)
        changed = [f for f in self._forms.values() if f.dirty]
        if changed:
            return self.save_score(changed[0].criterion.criterion_uid)
        return False

    def save_score(self, criterion_uid: str) -> bool:
        """Keep one score through the service; errors are shown next to the fields, nothing saved."""
        form = self._forms.get(criterion_uid)
        view, bidder = self._view, self.bidder
        if form is None or view is None or bidder is None:
            return False
        score = form.score()
        if score is None:
            problems = [FieldError("points", "Choose the points from the scale.")]
            if not form.justification.toPlainText().strip():
                problems.append(FieldError("justification", "A written justification is required."))
            form.show_errors(problems)
            return False
        try:
            saved = self._sheets.save_score(view.sheet_uid, bidder.bidder_uid, criterion_uid, score,
                                            expected_version=view.version)
        except ValidationError as exc:
            form.show_errors(exc.errors)
            return False
        except ConflictError:
            form.show_errors([FieldError("other", "The sheet was changed in another window meanwhile, so nothing "
                                                  "was saved; it has been read again. Your edit is still on "
                                                  "screen: press Save score again to keep it.")])
            try:
                self._view = self._sheets.sheet(view.sheet_uid)
            except (NotFoundError, ValidationError):
                return False
            self._refresh_counts()
            return False
        except NotFoundError as exc:
            form.show_errors([FieldError("other", str(exc))])
            return False
        self._view = saved
        form.set_score(saved.score(bidder.bidder_uid, criterion_uid))
        self._refresh_counts()
        self.score_saved.emit(saved.sheet_uid)
        return True

    def _refresh_counts(self) -> None:
        """Bidder and sheet lists and progress after a save, leaving unsaved edits in other forms alone."""
        view = self._view
        for index in range(self.bidder_list.count()):
            item = self.bidder_list.item(index)
            bidder = next(b for b in view.sheet.bidders if b.bidder_uid == item.data(BIDDER_ROLE))
            item.setText(self._bidder_text(view, bidder))
        for index in range(self.sheet_list.topLevelItemCount()):
            item = self.sheet_list.topLevelItem(index)
            if item.data(0, SHEET_ROLE) == view.sheet_uid:
                item.setText(2, self._list_state(view))
        self._show_progress()

    def _show_progress(self) -> None:
        view = self._view
        if view is None:
            return
        done, total = scored_count(view)
        left = self.still_to_score()
        if total and not left:
            self.progress_label.setText(f"✔ All {total} scored: ready to export.")
            set_tone(self.progress_label, Tone.OK)
            self.remaining_label.setText("Export the completed sheet and send the file to the evaluation lead.")
        else:
            self.progress_label.setText(progress_text(view) + ".")
            set_tone(self.progress_label, None)
            self.remaining_label.setText("Still to score: " + "; ".join(left) + "." if left else "")
        conflicted = [b.name for b in view.sheet.bidders if b.conflict]
        if conflicted:
            self.remaining_label.setText(self.remaining_label.text() + f"  Not scored (conflict of interest "
                                         f"declared): {', '.join(conflicted)}.")
        if view.sheet.completed:
            self.export_state.setText(f"Last exported {view.sheet.completed_at:%d/%m/%Y at %H:%M} (version "
                                      f"{view.sheet.revision}). If you change a score, export again.")
        else:
            self.export_state.setText("Not exported yet.")
        self.export_error.hide()

    def still_to_score(self) -> list[str]:
        """Every cell still to score, as "bidder / criterion"."""
        view = self._view
        if view is None:
            return []
        names = {b.bidder_uid: b.name for b in view.sheet.bidders}
        titles = {c.criterion_uid: c.title for c in view.sheet.criteria}
        return [f"{names[b]} / {titles[c]}" for b, c in view.to_score]

    @property
    def progress(self) -> str:
        return self.progress_label.text()

    # -- unsaved edits -------------------------------------------------------------------------
    def unsaved_forms(self) -> list[CriterionScoreForm]:
        return [f for f in self._forms.values() if f.dirty]

    def _settle_edits(self) -> bool:
        """Offer to save edits before moving on; False when the person chose to stay."""
        changed = self.unsaved_forms()
        if not changed:
            return True
        bidder = self.bidder
        titles = ", ".join(f.criterion.title for f in changed)
        answer = QMessageBox.question(
            self, "Unsaved score",
            f"Your score for {bidder.name if bidder else 'this bidder'} on {titles} is not saved yet. Save it now?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer in (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Yes):
            return all([self.save_score(f.criterion.criterion_uid) for f in changed])
        if answer in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.No):
            for form in changed:
                form.set_score(form.saved)  # back to what is stored
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._settle_edits():
            event.accept()
        else:
            event.ignore()

    # -- opening files -------------------------------------------------------------------------
    def choose_file(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self, "Open score sheet", start_path("score sheets"),
                                              f"Score sheets (*{EXTENSION});;All files (*)")
        if not path:
            return False
        remember_folder("score sheets", path)
        return self.open_file(Path(path))

    def open_file(self, path: Path) -> bool:
        """Open a sheet file from the lead; refusals are explained; reopening asks keep or replace."""
        path = Path(path)
        if not self._settle_edits():
            return False
        try:
            data = path.read_bytes()
        except OSError as exc:
            return self._refuse(path, f"The file could not be read: {exc.strerror or exc}.")
        try:
            view = self._sheets.open_sheet(data)
        except ValidationError as exc:
            already = self._already_here(data)
            if already is None:
                return self._refuse(path, self._message(exc))
            incoming, here = already
            replace_it = self._ask_keep_or_replace(path, incoming, here)
            if replace_it is None:
                return False
            if not replace_it:
                self.reload(here.sheet_uid)
                self._notify(f"Kept your scores so far on {here.contract_reference} ({progress_text(here)}); "
                             f"{path.name} was not read again.")
                return True
            try:
                view = self._sheets.open_sheet(data, replace_existing=True)
            except ValidationError as again:
                return self._refuse(path, self._message(again))
        self.reload(view.sheet_uid)
        self._notify(f"Opened {path.name}: {view.contract_reference} for {view.member_name}, {progress_text(view)}.")
        self.sheet_opened.emit(view.sheet_uid)
        return True

    def _already_here(self, data: bytes):
        """(the file's sheet, the copy here) when the file is a sheet already open here, else None."""
        try:
            incoming = read_sheet(data)
        except SheetError:
            return None
        try:
            here = self._sheets.sheet(incoming.sheet_uid)
        except (NotFoundError, ValidationError):
            return None
        return incoming, here

    def _ask_keep_or_replace(self, path: Path, incoming, here: ReceivedSheetView) -> bool | None:
        """True to replace with the file, False to keep the scores here, None to do nothing."""
        box = QMessageBox(QMessageBox.Icon.Question, "Score sheet already open",
                          f"{path.name} is the sheet for {here.contract_reference} ({here.member_name}) that is "
                          f"already open here, with {progress_text(here)}.", parent=self)
        box.setInformativeText(
            f"Keep your scores so far and leave the file aside, or replace them with the sheet in the file "
            f"({len(incoming.scores)} score{'s' if len(incoming.scores) != 1 else ''} in it)? Replacing loses the "
            "scores you saved here.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                               | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("&Keep my scores")
        box.button(QMessageBox.StandardButton.No).setText("&Replace with the file")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Yes:
            return False
        if answer == QMessageBox.StandardButton.No:
            return True
        return None

    def _refuse(self, path: Path, reason: str) -> bool:
        self._notify(f"Error: {path.name} was not opened. {reason}", error=True)
        QMessageBox.warning(self, "Score sheet not opened", f"{path.name} was not opened.\n\n{reason}")
        return False

    def _notify(self, text: str, error: bool = False) -> None:
        self.notice.setText(text)
        set_tone(self.notice, Tone.ERROR if error else Tone.MUTED)
        self.notice.show()

    @property
    def notice_text(self) -> str:
        return self.notice.text() if not self.notice.isHidden() else ""

    @staticmethod
    def _message(exc: Exception) -> str:
        if isinstance(exc, ValidationError):
            return " ".join(e.message for e in exc.errors)
        return str(exc)

    # -- documents -------------------------------------------------------------------------------
    def _update_document_buttons(self) -> None:
        bidder = self.bidder
        has = bidder is not None and not bidder.conflict and bool(bidder.documents) \
            and 0 <= self.documents.currentRow() < len(bidder.documents)
        self.open_document_button.setEnabled(has)
        self.save_document_button.setEnabled(has)

    def _document(self):
        bidder = self.bidder
        row = self.documents.currentRow()
        if bidder is None or bidder.conflict or not 0 <= row < len(bidder.documents):
            return None
        return bidder.documents[row]

    def document_file(self) -> Path | None:
        """The chosen document written to a temporary file (for opening), or None."""
        document = self._document()
        if document is None:
            return None
        folder = (Path(tempfile.gettempdir()) / "sv-desktop-documents"
                  / f"sheet-{self._view.sheet_uid[:8]}-{self._bidder_uid[:8]}")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (safe_file_name(Path(document.file_name).name) or "document")
        target.write_bytes(document.content)
        return target

    def open_document(self) -> bool:
        try:
            path = self.document_file()
        except OSError as exc:
            self._document_problem(f"The document could not be written to a temporary file: {exc.strerror}.")
            return False
        if path is None:
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._document_problem(f"No program is set up to open {path.name}. Use Save document as… instead.")
            return False
        self.document_error.hide()
        return True

    def save_document(self, path: Path | None = None) -> bool:
        document = self._document()
        if document is None:
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save document as",
                                                    start_path("documents", safe_file_name(document.file_name)))
            if not chosen:
                return False
            remember_folder("documents", chosen)
            path = Path(chosen)
        try:
            Path(path).write_bytes(document.content)
        except OSError as exc:
            self._document_problem(f"{Path(path).name} could not be written: {exc.strerror}.")
            return False
        self.document_error.hide()
        self._notify(f"Saved {document.file_name} as {path}.")
        return True

    def _document_problem(self, message: str) -> None:
        self.document_error.setText(f"Error: {message}")
        self.document_error.show()

    # -- export ------------------------------------------------------------------------------------
    def export_completed(self, path: Path | None = None) -> bool:
        """Write the completed sheet; refused, with every cell still to score, until all are scored."""
        view = self._view
        if view is None:
            return False
        if not self._settle_edits():
            return False
        view = self._view
        left = self.still_to_score()
        if left:
            reason = (f"The sheet cannot be exported yet: {len(left)} still to score — " + "; ".join(left) + ".")
            self.export_error.setText("Error: " + reason)
            self.export_error.show()
            QMessageBox.warning(self, "Sheet not complete", reason)
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export completed sheet",
                                                    start_path("score sheets", completed_file_name(view)),
                                                    f"Score sheets (*{EXTENSION})")
            if not chosen:
                return False
            remember_folder("score sheets", chosen)
            path = Path(chosen)
        path = Path(path)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        try:
            data = self._sheets.export_completed(view.sheet_uid)
        except (ValidationError, NotFoundError) as exc:
            self.export_error.setText("Error: " + self._message(exc))
            self.export_error.show()
            return False
        try:
            path.write_bytes(data)
        except OSError as exc:
            self.export_error.setText(f"Error: {path.name} could not be written: {exc.strerror}. Choose another "
                                      "folder and export again.")
            self.export_error.show()
            return False
        self._view = self._sheets.sheet(view.sheet_uid)
        self._refresh_counts()
        self._notify(f"Exported the completed sheet to {path}. Send this file to the evaluation lead.")
        self.exported.emit(path)
        return True


__all__ = ["CONFLICT_TEXT", "OWN_SCORES_TEXT", "SHEET_ROLE", "CriterionScoreForm", "ScoringWindow", "completed_file_name"]
