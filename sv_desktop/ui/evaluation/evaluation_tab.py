"""The contract's "Evaluation" tab: an offline evaluation panel from set-up to a locked, ranked result.

Sections, in the order the lead works through them:
- Set-up: the criteria (the contract's chosen outcomes or themes) with sub-weights
  against the social value weighting, the scoring scale (the policy profile's; no
  official scale exists), the SMT rule and the PPN 002 additional award criteria;
- Bidders and panel: bidders with their responses, panel members, and the
  conflict-of-interest declarations (member × bidder);
- Score sheets: a sheet per member out, completed sheets back in (several at once);
- Moderation and ranking: every member's score, the spread and outliers, the
  consensus with its rationale, the weighted scores and the ranking;
- History: every change, and after locking the reason given for it.

Every change is one call to EvaluationService; after the evaluation is locked each
asks for a reason first. When the store refuses, the reasons are shown in words.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.evaluation import SMT_RULE_TEXT, sub_weight_problem
from sv_desktop.domain.evaluation_views import EvaluationView, MemberView
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.exchange.score_sheet import EXTENSION
from sv_desktop.services.evaluation import EvaluationService
from sv_desktop.ui.evaluation.evaluation_dialogs import (
    BidderDialog,
    BidderInput,
    DeclarationDialog,
    DeclarationInput,
    MemberDialog,
    MemberInput,
)
from sv_desktop.ui.evaluation.evaluation_models import (
    BiddersModel,
    CriteriaModel,
    DeclarationsModel,
    EventsModel,
    MembersModel,
    ScaleModel,
    number_text,
)
from sv_desktop.ui.common.form_parts import rows_height, text_height
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.evaluation.moderation_view import ModerationView
from sv_desktop.ui.common.theme import Banner, Tone, set_banner, set_tone

EVALUATION_STAGES = (Stage.TENDER, Stage.EVALUATION)
SECTION = {"setup": 0, "panel": 1, "sheets": 2, "moderation": 3, "history": 4}
_FAILED = object()


def sheet_file_name(reference: str, member_name: str) -> str:
    """'EV-1 - Priya Shah score sheet.svsheet', with characters file systems refuse replaced."""
    name = f"{reference} - {member_name} score sheet{EXTENSION}"
    return re.sub(r'[\\/:*?"<>|]+', "-", name)


def _messages(exc: ValidationError) -> str:
    return "\n".join(f"• {error.message}" for error in exc.errors)


class _Table(QTableView):
    """A table whose item is opened with Enter or Return, or a double-click (never a single click).

    Signals:
        open_item(QModelIndex): the current item was asked to open.
    """

    open_item = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doubleClicked.connect(self.open_item)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid() \
                and self.state() != QAbstractItemView.State.EditingState:
            self.open_item.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def _table(name: str, parent: QWidget | None = None) -> _Table:
    table = _Table(parent)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _label(text: str = "", style: Tone | None = None, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if style is not None:
        set_tone(label, style)
    if name:
        label.setAccessibleName(name)
    return label


class EvaluationTab(QWidget):
    """One contract's evaluation panel.

    `pipeline` (optional) tells the tab the contract's stage, so starting is offered only at Tender or
    Evaluation; `selection` (optional) lets it say which criteria a new evaluation will take; `catalogue`
    (optional) gives framework names.

    Signals:
        changed(): something in the shown contract's evaluation was stored.
    """

    changed = Signal()

    def __init__(self, evaluation: EvaluationService, parent: QWidget | None = None, *, pipeline=None,
                 selection=None, catalogue=None):
        super().__init__(parent)
        self._evaluation = evaluation
        self._pipeline = pipeline
        self._selection = selection
        self._catalogue = catalogue
        self._contract_id: int | None = None
        self._view: EvaluationView | None = None
        self.bidder_dialog: BidderDialog | None = None
        self.member_dialog: MemberDialog | None = None
        self.declaration_dialog: DeclarationDialog | None = None
        self._build()
        self.show_contract(None)

    # -- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = _label("Select a contract to see its evaluation.")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.banner = _label(name="Evaluation notice")
        self.banner.hide()
        layout.addWidget(self.banner)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_start_page())
        self.stack.addWidget(self._build_main_page())
        layout.addWidget(self.stack, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build_start_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.start_text = _label(
            "This contract has no evaluation yet. An evaluation panel scores the bidders' social value responses: "
            "you set up the criteria (from the outcomes chosen on the Social value tab), the scale, the bidders and "
            "the panel; each member scores offline from a score sheet you export for them; you import the "
            "completed sheets, moderate to a consensus and lock the result.", name="About evaluations")
        layout.addWidget(self.start_text)
        self.start_detail = _label(name="What the evaluation will start with")
        layout.addWidget(self.start_detail)
        row = QHBoxLayout()
        self.start_button = QPushButton("&Start evaluation")
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.start_reason = _label(style=Tone.ERROR, name="Why an evaluation cannot start")
        self.start_reason.hide()
        layout.addWidget(self.start_reason)
        layout.addStretch(1)
        self.start_button.clicked.connect(self.start)
        return page

    def _build_main_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.sections = QTabWidget()
        self.sections.setAccessibleName("Evaluation sections")
        self.sections.addTab(self._build_setup(), "Set-&up")
        self.sections.addTab(self._build_panel(), "B&idders and panel")
        self.sections.addTab(self._build_sheets(), "Score s&heets")
        self.moderation = ModerationView(recorder=self._record_consensus)
        self.sections.addTab(self.moderation, "Moderation and &ranking")
        self.sections.addTab(self._build_history(), "Histor&y")
        layout.addWidget(self.sections, 1)
        bar = QHBoxLayout()
        self.lock_state = _label(name="Lock state")
        self.lock_button = QPushButton("Loc&k evaluation…")
        self.lock_button.setToolTip("Lock the result when moderation is finished; every later change needs a reason")
        bar.addWidget(self.lock_state, 1)
        bar.addWidget(self.lock_button)
        layout.addLayout(bar)
        self.lock_button.clicked.connect(self.lock)
        return page

    def _scrolling(self, content: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the controls take the focus; Tab scrolls them into view
        scroll.setWidget(content)
        return scroll

    def _build_setup(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)

        criteria = QGroupBox("Criteria to score")
        criteria_layout = QVBoxLayout(criteria)
        criteria_layout.addWidget(_label(
            "Each outcome or theme chosen on the Social value tab is one scored criterion (one tender question). "
            "Sub-weights are percentages of the total score and must add up to the contract's social value "
            "weighting; double-click a sub-weight (or select it and start typing) to change it.", Tone.MUTED))
        self.criteria_model = CriteriaModel(self)
        self.criteria_table = _table("Criteria and sub-weights")
        self.criteria_table.setModel(self.criteria_model)
        self.criteria_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.criteria_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                            | QAbstractItemView.EditTrigger.EditKeyPressed
                                            | QAbstractItemView.EditTrigger.AnyKeyPressed)
        for column, width in enumerate((60, 380, 110, 130)):
            self.criteria_table.setColumnWidth(column, width)
        self.criteria_table.horizontalHeader().setStretchLastSection(False)
        self.criteria_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.criteria_table.setMinimumHeight(rows_height(self.criteria_table, 4))
        criteria_layout.addWidget(self.criteria_table)
        self.weight_total = _label(name="Sub-weights total")
        criteria_layout.addWidget(self.weight_total)
        self.weight_error = _label(style=Tone.ERROR, name="Sub-weight not accepted")
        self.weight_error.hide()
        criteria_layout.addWidget(self.weight_error)
        self.setup_problems = _label(name="Set-up still to do")
        criteria_layout.addWidget(self.setup_problems)
        layout.addWidget(criteria)

        scale = QGroupBox("Scoring scale")
        scale_layout = QVBoxLayout(scale)
        self.scale_note = _label(name="About the scale")
        scale_layout.addWidget(self.scale_note)
        self.scale_model = ScaleModel(self)
        self.scale_table = _table("Scoring scale levels")
        self.scale_table.setModel(self.scale_model)
        self.scale_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.scale_table.setColumnWidth(0, 70)
        self.scale_table.setMinimumHeight(self.scale_table.verticalHeader().defaultSectionSize() * 7
                                          + self.scale_table.horizontalHeader().sizeHint().height() + 6)
        scale_layout.addWidget(self.scale_table)
        scale_buttons = QHBoxLayout()
        self.add_level_button = QPushButton("Add &level")
        self.remove_level_button = QPushButton("Remove le&vel")
        scale_buttons.addWidget(self.add_level_button)
        scale_buttons.addWidget(self.remove_level_button)
        scale_buttons.addStretch(1)
        scale_layout.addLayout(scale_buttons)
        self.scale_error = _label(style=Tone.ERROR, name="Scale not accepted")
        self.scale_error.hide()
        scale_layout.addWidget(self.scale_error)
        layout.addWidget(scale)

        rule = QGroupBox("Specific, measurable and time-bound (SMT) rule")
        rule_layout = QVBoxLayout(rule)
        self.smt_rule = QCheckBox("Apply the S&MT rule to every score")
        self.smt_rule.setAccessibleDescription(SMT_RULE_TEXT)
        rule_layout.addWidget(self.smt_rule)
        rule_layout.addWidget(_label(SMT_RULE_TEXT + " On by default for PPN 002 criteria.", Tone.MUTED,
                                     "The SMT rule"))
        layout.addWidget(rule)

        additional = QGroupBox("Additional award criteria (descriptors and pass gate, not scored separately)")
        additional_layout = QVBoxLayout(additional)
        self.additional = _label(name="Additional award criteria")
        self.additional.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        additional_layout.addWidget(self.additional)
        layout.addWidget(additional)
        layout.addStretch(1)

        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scrolling(content), 1)
        buttons = QHBoxLayout()
        self.setup_status = _label(style=Tone.MUTED, name="Set-up changes")
        self.revert_setup_button = QPushButton("Revert set-up")
        self.save_setup_button = QPushButton("Save set-&up")
        buttons.addWidget(self.setup_status, 1)
        buttons.addWidget(self.revert_setup_button)
        buttons.addWidget(self.save_setup_button)
        outer.addLayout(buttons)

        self.criteria_model.dataChanged.connect(self._setup_edited)
        self.criteria_model.rejected.connect(self._weight_rejected)
        self.scale_model.dataChanged.connect(self._setup_edited)
        self.scale_model.rowsInserted.connect(self._setup_edited)
        self.scale_model.rowsRemoved.connect(self._setup_edited)
        self.scale_model.rejected.connect(self._scale_rejected)
        self.smt_rule.toggled.connect(self._setup_edited)
        self.add_level_button.clicked.connect(self.add_level)
        self.remove_level_button.clicked.connect(self.remove_level)
        self.save_setup_button.clicked.connect(self.save_setup)
        self.revert_setup_button.clicked.connect(self.revert_setup)
        return page

    def _build_panel(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)

        bidders = QGroupBox("Bidders")
        bidders_layout = QVBoxLayout(bidders)
        self.bidders_model = BiddersModel(self)
        self.bidders_table = _table("Bidders")
        self.bidders_table.setModel(self.bidders_model)
        for column, width in enumerate((230, 170, 260, 110, 110)):
            self.bidders_table.setColumnWidth(column, width)
        self.bidders_table.horizontalHeader().setStretchLastSection(False)
        self.bidders_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        bidders_layout.addWidget(self.bidders_table, 1)
        row = QHBoxLayout()
        self.add_bidder_button = QPushButton("&Add bidder…")
        self.edit_bidder_button = QPushButton("C&hange bidder…")
        self.edit_bidder_button.setToolTip("The response text and the optional price and quality scores")
        self.attach_button = QPushButton("A&ttach response document…")
        self.remove_bidder_button = QPushButton("Remove bidder")
        for button in (self.add_bidder_button, self.edit_bidder_button, self.attach_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.remove_bidder_button)
        bidders_layout.addLayout(row)
        splitter.addWidget(bidders)

        members = QGroupBox("Panel members")
        members_layout = QVBoxLayout(members)
        self.members_model = MembersModel(self)
        self.members_table = _table("Panel members")
        self.members_table.setModel(self.members_model)
        for column, width in enumerate((200, 200, 380)):
            self.members_table.setColumnWidth(column, width)
        members_layout.addWidget(self.members_table, 1)
        row = QHBoxLayout()
        self.add_member_button = QPushButton("Add &member…")
        self.remove_member_button = QPushButton("Remove member")
        row.addWidget(self.add_member_button)
        row.addStretch(1)
        row.addWidget(self.remove_member_button)
        members_layout.addLayout(row)
        splitter.addWidget(members)

        declarations = QGroupBox("Conflict-of-interest declarations (before scoring)")
        declarations_layout = QVBoxLayout(declarations)
        declarations_layout.addWidget(_label(
            "One declaration per panel member (row) and bidder (column). A declared conflict blocks that member "
            "from scoring that bidder. Select a cell and press Enter, or double-click it, to record a declaration.",
            Tone.MUTED))
        self.declarations_model = DeclarationsModel(self)
        self.declarations_table = _table("Declarations by panel member and bidder")
        self.declarations_table.setModel(self.declarations_model)
        self.declarations_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.declarations_table.verticalHeader().setVisible(True)
        self.declarations_table.horizontalHeader().setStretchLastSection(False)
        self.declarations_table.horizontalHeader().setDefaultSectionSize(220)
        declarations_layout.addWidget(self.declarations_table, 1)
        row = QHBoxLayout()
        self.declare_button = QPushButton("&Record declaration…")
        self.declare_none_button = QPushButton("Record ‘&no conflict’ for the member's other bidders")
        self.declare_none_button.setToolTip("For the selected member: no conflict with every bidder not yet declared")
        row.addWidget(self.declare_button)
        row.addWidget(self.declare_none_button)
        row.addStretch(1)
        declarations_layout.addLayout(row)
        splitter.addWidget(declarations)
        splitter.setSizes([260, 200, 220])

        self.bidders_table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.members_table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.declarations_table.selectionModel().currentChanged.connect(self._update_buttons)
        self.bidders_table.open_item.connect(lambda _index: self.edit_bidder())
        self.declarations_table.open_item.connect(lambda _index: self.record_declaration())
        self.add_bidder_button.clicked.connect(self.add_bidder)
        self.edit_bidder_button.clicked.connect(self.edit_bidder)
        self.attach_button.clicked.connect(self.attach_response)
        self.remove_bidder_button.clicked.connect(self.remove_bidder)
        self.add_member_button.clicked.connect(self.add_member)
        self.remove_member_button.clicked.connect(self.remove_member)
        self.declare_button.clicked.connect(self.record_declaration)
        self.declare_none_button.clicked.connect(self.declare_no_conflicts)
        return splitter

    def _build_sheets(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_label(
            "Export a score sheet for each panel member and give them the file (USB stick, e-mail). They open it in "
            "SV Desktop on their own laptop, score every bidder they have no conflict with, with a written "
            "justification, and export the completed sheet; import the completed sheets here (several at once). "
            "Each sheet carries a checksum: it detects accidental damage and editing outside SV Desktop, not a "
            "member writing their own sheet; what protects the scores is that only you import them.", Tone.MUTED,
            "About score sheets"))
        self.sheets_model = MembersModel(self)
        self.sheets_table = _table("Panel members and their score sheets")
        self.sheets_table.setModel(self.sheets_model)
        for column, width in enumerate((200, 180, 380)):
            self.sheets_table.setColumnWidth(column, width)
        layout.addWidget(self.sheets_table, 1)
        self.sheet_readiness = _label(name="Whether the selected member's sheet can be exported")
        layout.addWidget(self.sheet_readiness)
        row = QHBoxLayout()
        self.export_button = QPushButton("&Export score sheet…")
        self.import_button = QPushButton("I&mport completed sheets…")
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        results_label = QLabel("Results of the &last import")
        self.import_results = QPlainTextEdit()
        self.import_results.setReadOnly(True)
        self.import_results.setAccessibleName("Results of the last import")
        self.import_results.setPlaceholderText("Nothing imported in this session yet.")
        self.import_results.setMaximumHeight(text_height(self.import_results, 7))
        results_label.setBuddy(self.import_results)
        layout.addWidget(results_label)
        layout.addWidget(self.import_results)
        self.sheets_table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.export_button.clicked.connect(lambda: self.export_sheet())
        self.import_button.clicked.connect(self.import_sheets)
        return page

    def _build_history(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_label("Every change to the evaluation, oldest first. After locking, each change is marked "
                                "“after locking” with the reason given.", Tone.MUTED))
        self.events_model = EventsModel(self)
        self.history = _table("Evaluation history")
        self.history.setModel(self.events_model)
        self.history.setWordWrap(True)
        for column, width in enumerate((125, 100, 190, 520)):
            self.history.setColumnWidth(column, width)
        layout.addWidget(self.history, 1)
        return page

    # -- the tab protocol ------------------------------------------------------------------------------------
    @property
    def shown_contract(self) -> int | None:
        return self._contract_id

    @property
    def is_dirty(self) -> bool:
        return self._view is not None and (self.setup_dirty or self.moderation.is_dirty)

    @property
    def setup_dirty(self) -> bool:
        view = self._view
        if view is None:
            return False
        return bool(self.criteria_model.changed_weights()) or self.scale_model.changed \
            or self.smt_rule.isChecked() != view.smt_rule

    def show_contract(self, contract_id: int | None) -> None:
        self._contract_id = contract_id
        self.reload()

    def reload(self) -> None:
        """Read the evaluation again; unsaved set-up edits and consensus text are dropped."""
        self._load(keep_setup=False)

    def save(self) -> bool:
        """Store the set-up edits and the consensus being typed; True when nothing is left unsaved."""
        if self._view is None:
            return True
        if self.setup_dirty and not self.save_setup():
            return False
        return self.moderation.save()

    # -- loading -------------------------------------------------------------------------------------------------
    def _load(self, keep_setup: bool) -> None:
        keep_setup = keep_setup and self.setup_dirty
        self._view = None
        if self._contract_id is None:
            self.heading.setText("Save the contract first, then set up its evaluation.")
            self._show_start(None)
            return
        try:
            view = self._evaluation.get(self._contract_id)
        except NotFoundError as exc:
            self.heading.setText(str(exc))
            self._show_start(None)
            return
        if view is None:
            self._show_start(self._contract_id)
            return
        self._view = view
        self.stack.setCurrentIndex(1)
        self.heading.setText(f"{view.contract_reference} — {view.contract_title} · evaluation "
                             f"{'locked' if view.locked else 'in progress'} · {len(view.criteria)} criteria, "
                             f"{len(view.bidders)} bidders, {len(view.members)} panel members")
        self._fill_setup(view, keep_setup)
        selected = {table: self._selected_id(table, model) for table, model in (
            (self.bidders_table, self.bidders_model), (self.members_table, self.members_model),
            (self.sheets_table, self.sheets_model))}
        declared_at = self.declarations_table.currentIndex()
        declared_ids = (self.declarations_model.member(declared_at.row()), self.declarations_model.bidder(
            declared_at.column())) if declared_at.isValid() else (None, None)
        self.bidders_model.set_bidders(view.bidders)
        self.members_model.set_panel(view.members, view.bidders)
        self.sheets_model.set_panel(view.members, view.bidders)
        self.declarations_model.set_panel(view.members, view.bidders)
        for table, model in ((self.bidders_table, self.bidders_model), (self.members_table, self.members_model),
                             (self.sheets_table, self.sheets_model)):
            self._select_id(table, model, selected[table])
        index = self.declarations_model.index_of(*(x.id if x else None for x in declared_ids))
        if not index.isValid() and self.declarations_model.rowCount() and self.declarations_model.columnCount():
            index = self.declarations_model.index(0, 0)
        if index.isValid():
            self.declarations_table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.declarations_table.resizeRowsToContents()
        self.moderation.set_evaluation(view)
        self.events_model.set_events(view.events)
        self.history.resizeRowsToContents()
        if self.events_model.rowCount():
            self.history.scrollToBottom()
        self._show_state()
        self._update_buttons()

    def _fill_setup(self, view: EvaluationView, keep: bool) -> None:
        scores_in = any(score is not None for cell in view.cells for score in cell.scores.values())
        if not keep:
            self.criteria_model.set_criteria(view.criteria, self._framework_names())
            self.scale_model.set_scale(view.scale, editable=not scores_in)
            self.smt_rule.blockSignals(True)
            self.smt_rule.setChecked(view.smt_rule)
            self.smt_rule.blockSignals(False)
            self.weight_error.hide()
            self.scale_error.hide()
        self.scale_note.setText(
            "No official scoring scale exists for PPN 002 social value; this scale is the policy profile's. "
            + ("Completed score sheets are imported against it, so it can no longer change."
               if scores_in else "You can change it (points and descriptors) until the first completed score "
                                 "sheet is imported."))
        for widget in (self.add_level_button, self.remove_level_button):
            widget.setEnabled(not scores_in)
        self.scale_table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if scores_in else
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed)
        if view.additional_criteria:
            self.additional.setText("These describe what a good response contains and are used when judging each "
                                    "criterion; the pass gate must be met to score points.\n\n• "
                                    + "\n• ".join(view.additional_criteria))
        else:
            self.additional.setText("None: the chosen frameworks have no additional award criteria.")
        problems = view.setup_problems
        if problems:
            self.setup_problems.setText("Still to do before score sheets can be exported:\n• " + "\n• ".join(problems))
            set_tone(self.setup_problems, Tone.ERROR)
        else:
            self.setup_problems.setText("✔ Set-up complete: criteria, sub-weights, bidders and panel are in place.")
            set_tone(self.setup_problems, Tone.OK)
        self._setup_edited()

    def _framework_names(self) -> dict[str, str]:
        if self._catalogue is None:
            return {}
        return {f.id: f.short_name for f in self._catalogue.catalogue().frameworks}

    def _show_start(self, contract_id: int | None) -> None:
        self.stack.setCurrentIndex(0)
        self.banner.hide()
        self.start_detail.clear()
        self.start_reason.hide()
        if contract_id is None:
            self.start_button.setEnabled(False)
            return
        reasons, details = [], []
        if self._pipeline is not None:
            try:
                contract = self._pipeline.get(contract_id)
            except NotFoundError as exc:
                self.heading.setText(str(exc))
                self.start_button.setEnabled(False)
                return
            stage = contract.data.stage
            self.heading.setText(f"{contract.data.reference} — {contract.data.title} · {stage.label} · "
                                 "no evaluation yet")
            if stage not in EVALUATION_STAGES:
                if stage in (Stage.PIPELINE, Stage.PRE_MARKET):
                    reasons.append(f"The contract is at {stage.label}: an evaluation starts when bids are due, at "
                                   "Tender or Evaluation. Move it on (Details tab) first.")
                else:
                    reasons.append(f"The contract is at {stage.label}: evaluations are run at Tender or Evaluation, "
                                   "before the award.")
        else:
            self.heading.setText("No evaluation yet.")
        if self._selection is not None:
            plan = self._selection.plan(contract_id)
            outcomes = plan.outcomes
            if not outcomes:
                reasons.append("No outcomes or themes are chosen on the Social value tab yet. The evaluation takes "
                               "its criteria from them when it starts, so choose them first.")
            else:
                weighting = (f"{number_text(plan.weighting_percent)}%" if plan.weighting_percent is not None
                             else "not set yet")
                details.append(f"It will score {len(outcomes)} criteria from the Social value tab ("
                               + "; ".join(f"{e.ref} {e.title}" for e in outcomes)
                               + f"), against the social value weighting ({weighting}).")
        self.start_detail.setText(" ".join(details))
        self.start_button.setEnabled(not reasons)
        if reasons:
            self.start_reason.setText("Cannot start yet: " + " ".join(reasons))
            self.start_reason.show()

    def _show_state(self) -> None:
        view = self._view
        if view.locked:
            self.lock_state.setText(f"🔒 Locked on {view.locked_at:%d/%m/%Y at %H:%M} by {view.locked_by}. Changes "
                                    "are still possible; each asks for a reason, kept in the History.")
            set_banner(self.lock_state, Banner.LOCKED)
            self.lock_button.setEnabled(False)
            self.banner.setText("🔒 The evaluation is locked: the ranking stands. Every change now asks for a reason.")
            set_banner(self.banner, Banner.LOCKED)
            self.banner.show()
            return
        self.lock_state.setText("Not locked. When every consensus is recorded, lock the evaluation; after that every "
                                "change needs a reason.")
        set_tone(self.lock_state, Tone.MUTED)
        self.lock_button.setEnabled(True)
        imported = sum(1 for m in view.members if m.imported_revision is not None)
        agreed = sum(1 for c in view.cells if c.consensus is not None)
        if view.setup_problems:
            self.banner.setText("⚠ Set-up is not complete: " + " ".join(view.setup_problems))
            set_banner(self.banner, Banner.WARNING)
        elif view.members and imported < len(view.members):
            self.banner.setText(f"Completed score sheets imported from {imported} of {len(view.members)} panel "
                                "members. Export sheets and import them on the Score sheets section.")
            set_banner(self.banner, Banner.INFO)
        else:
            self.banner.setText(f"All score sheets are in. Consensus recorded for {agreed} of {len(view.cells)} "
                                "criterion–bidder pairs (Moderation and ranking).")
            set_banner(self.banner, Banner.INFO)
        self.banner.show()

    @staticmethod
    def _selected_id(table: QTableView, model) -> int | None:
        index = table.currentIndex()
        item = model.row_item(index.row()) if index.isValid() else None
        return getattr(item, "id", None)

    @staticmethod
    def _select_id(table: QTableView, model, item_id: int | None) -> None:
        row = model.row_of(item_id) if item_id is not None else -1
        if row < 0 and model.rowCount():
            row = 0
        if row >= 0:
            table.selectionModel().setCurrentIndex(
                model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _update_buttons(self, *_args) -> None:
        view = self._view
        has = view is not None
        bidder = self.current_bidder()
        member = self.current_member()
        self.edit_bidder_button.setEnabled(bidder is not None)
        self.attach_button.setEnabled(bidder is not None and not (has and view.locked))
        self.attach_button.setToolTip("Attach the bidder's submitted response document; it travels in the score "
                                      "sheets" if not (has and view.locked) else
                                      "Documents cannot be attached after locking")
        self.remove_bidder_button.setEnabled(bidder is not None)
        self.remove_member_button.setEnabled(member is not None)
        index = self.declarations_table.currentIndex()
        self.declare_button.setEnabled(index.isValid())
        self.declare_none_button.setEnabled(index.isValid())
        sheet_member = self.current_sheet_member()
        self.export_button.setEnabled(sheet_member is not None)
        self.import_button.setEnabled(has and bool(view.members))
        if not has:
            return
        if sheet_member is None:
            self.sheet_readiness.setText("Add panel members first (Bidders and panel)." if not view.members else
                                         "Choose a panel member to export their score sheet.")
            set_tone(self.sheet_readiness, Tone.MUTED)
            return
        problems = list(view.setup_problems)
        undeclared = [b.name for b in view.bidders if b.id not in sheet_member.declared]
        if undeclared:
            problems.append(f"{sheet_member.name} has not yet declared conflicts of interest for: "
                            f"{', '.join(undeclared)}.")
        if view.locked:
            problems.append("The evaluation is locked.")
        if problems:
            self.sheet_readiness.setText(f"{sheet_member.name}'s sheet cannot be exported yet:\n• "
                                         + "\n• ".join(problems))
            set_tone(self.sheet_readiness, Tone.ERROR)
        else:
            conflicts = [b.name for b in view.bidders if sheet_member.conflict_with(b.id)]
            self.sheet_readiness.setText(
                f"✔ {sheet_member.name}'s sheet is ready to export: {len(view.criteria)} criteria × "
                f"{len(view.bidders) - len(conflicts)} bidders to score"
                + (f" (not {', '.join(conflicts)}: conflict of interest)." if conflicts else "."))
            set_tone(self.sheet_readiness, Tone.OK)

    # -- selections -------------------------------------------------------------------------------------------
    def current_bidder(self):
        index = self.bidders_table.currentIndex()
        return self.bidders_model.row_item(index.row()) if index.isValid() else None

    def current_member(self) -> MemberView | None:
        index = self.members_table.currentIndex()
        return self.members_model.row_item(index.row()) if index.isValid() else None

    def current_sheet_member(self) -> MemberView | None:
        index = self.sheets_table.currentIndex()
        return self.sheets_model.row_item(index.row()) if index.isValid() else None

    def select_member(self, member_id: int) -> None:
        for table, model in ((self.members_table, self.members_model), (self.sheets_table, self.sheets_model)):
            self._select_id(table, model, member_id)

    def select_bidder(self, bidder_id: int) -> None:
        self._select_id(self.bidders_table, self.bidders_model, bidder_id)

    def select_declaration(self, member_id: int, bidder_id: int) -> None:
        index = self.declarations_model.index_of(member_id, bidder_id)
        if index.isValid():
            self.declarations_table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- calling the service ------------------------------------------------------------------------------------
    def _reason(self, what: str) -> str | None:
        """'' when not locked; the reason typed when locked; None when the user cancelled or gave none."""
        if self._view is None or not self._view.locked:
            return ""
        text, ok = QInputDialog.getMultiLineText(
            self, "Reason for a change after locking",
            f"The evaluation is locked. Why {what}? The reason is kept in the evaluation's history.")
        if not ok:
            return None
        if not text.strip():
            QMessageBox.warning(self, "Not changed", "A change after locking needs a reason; nothing was changed.")
            return None
        return text.strip()

    def _run(self, title: str, action: Callable[[], object], keep_setup: bool = True):
        """One store call; refusals shown in words; the tab reloads after a change or a stale read.

        Unsaved set-up edits survive other changes (keep_setup) but never a stale read."""
        try:
            result = action()
        except ValidationError as exc:
            QMessageBox.warning(self, title, f"{title}:\n{_messages(exc)}")
            return _FAILED
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, title, f"{exc}\n\nThe evaluation has been read again.")
            self._load(keep_setup=False)
            return _FAILED
        self._after_change(keep_setup)
        return result

    def _after_change(self, keep_setup: bool = True) -> None:
        self._load(keep_setup=keep_setup)
        self.changed.emit()

    def _require_reason(self, what: str) -> str:
        """For dialogs: the reason, or a ValidationError that keeps the dialog open."""
        reason = self._reason(what)
        if reason is None:
            raise ValidationError([FieldError("reason", "The evaluation is locked: a change needs a reason. "
                                                        "Nothing was saved.")])
        return reason

    # -- start -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._contract_id is None or not self.start_button.isEnabled():
            return
        if self._run("Evaluation not started", lambda: self._evaluation.start(self._contract_id)) is not _FAILED:
            self.sections.setCurrentIndex(SECTION["setup"])

    # -- set-up -------------------------------------------------------------------------------------------------
    def _setup_edited(self, *_args) -> None:
        view = self._view
        if view is None:
            return
        total = self.criteria_model.total()
        weighting = view.weighting
        problem = sub_weight_problem(list(self.criteria_model.sub_weights().values()), weighting)
        if not view.criteria:
            self.weight_total.setText("No criteria to weight.")
            set_tone(self.weight_total, Tone.ERROR)
        elif weighting is None:
            self.weight_total.setText(f"⚠ Running total {number_text(total)}% — {problem}")
            set_tone(self.weight_total, Tone.ERROR)
        elif problem:
            gap = total - weighting
            self.weight_total.setText(
                f"⚠ Running total {number_text(total)}%: the sub-weights must add up to the contract's "
                f"{number_text(weighting)}% social value weighting ({number_text(abs(gap))}% "
                f"{'too much' if gap > 0 else 'still to give'}).")
            set_tone(self.weight_total, Tone.ERROR)
        else:
            self.weight_total.setText(f"✔ Running total {number_text(total)}%, matching the contract's "
                                      f"{number_text(weighting)}% social value weighting.")
            set_tone(self.weight_total, Tone.OK)
        dirty = self.setup_dirty
        self.save_setup_button.setEnabled(dirty)
        self.revert_setup_button.setEnabled(dirty)
        self.setup_status.setText("Set-up changes not saved yet." if dirty else "")
        if _args:  # an edit was accepted: an earlier refusal no longer applies
            self.weight_error.hide()
            self.scale_error.hide()

    def _weight_rejected(self, reason: str) -> None:
        self.weight_error.setText(f"⚠ Sub-weight not changed: {reason}")
        self.weight_error.show()

    def _scale_rejected(self, reason: str) -> None:
        self.scale_error.setText(f"⚠ Not changed: {reason}")
        self.scale_error.show()

    def add_level(self) -> None:
        row = self.scale_model.add_level()
        index = self.scale_model.index(row, 1)
        self.scale_table.setCurrentIndex(index)
        self.scale_table.edit(index)

    def remove_level(self) -> None:
        index = self.scale_table.currentIndex()
        if index.isValid():
            self.scale_model.remove_level(index.row())

    def revert_setup(self) -> None:
        if self._view is not None:
            self._fill_setup(self._view, keep=False)

    def save_setup(self) -> bool:
        view = self._view
        if view is None or not self.setup_dirty:
            return True
        self.scale_error.hide()
        scale = None
        if self.scale_model.changed:
            try:
                scale = self.scale_model.scale()
            except ValueError as exc:
                self.scale_error.setText(f"⚠ Not saved: {exc}")
                self.scale_error.show()
                QMessageBox.warning(self, "Set-up not saved", f"The scale cannot be used: {exc}")
                return False
        reason = self._reason("is the set-up changing")
        if reason is None:
            return False
        weights = self.criteria_model.changed_weights()
        smt = self.smt_rule.isChecked() if self.smt_rule.isChecked() != view.smt_rule else None
        self.weight_error.hide()
        return self._run("Set-up not saved", lambda: self._evaluation.save_setup(
            self._contract_id, view.version, sub_weights=weights or None, scale=scale, smt_rule=smt,
            reason=reason), keep_setup=False) is not _FAILED

    # -- bidders ------------------------------------------------------------------------------------------------
    def add_bidder(self) -> BidderDialog | None:
        if self._view is None:
            return None
        self.bidder_dialog = BidderDialog(None, self._store_bidder, self)
        self.bidder_dialog.open()
        return self.bidder_dialog

    def edit_bidder(self) -> BidderDialog | None:
        bidder = self.current_bidder()
        if self._view is None or bidder is None:
            return None
        self.bidder_dialog = BidderDialog(bidder, self._store_bidder, self)
        self.bidder_dialog.open()
        return self.bidder_dialog

    def _store_bidder(self, dialog: BidderDialog, values: BidderInput) -> None:
        bidder = dialog.bidder
        if bidder is None:
            reason = self._require_reason("is a bidder being added")
            added = self._evaluation.add_bidder(self._contract_id, values.name, values.response_text,
                                                values.supplier_name, reason=reason)
            self._after_change()
            self.select_bidder(added.id)
            return
        clear = (values.price_score is None and bidder.price_score is not None) or \
                (values.quality_score is None and bidder.quality_score is not None)
        changes = values.response_text.strip() != bidder.response_text or clear \
            or values.price_score != bidder.price_score or values.quality_score != bidder.quality_score
        if not changes:
            return
        reason = self._require_reason(f"is {bidder.name} changing")
        self._evaluation.update_bidder(
            self._contract_id, bidder.id, response_text=values.response_text,
            price_score=values.price_score if values.price_score != bidder.price_score or clear else None,
            quality_score=values.quality_score if values.quality_score != bidder.quality_score or clear else None,
            clear_price_quality=clear, reason=reason)
        self._after_change()
        self.select_bidder(bidder.id)

    def attach_response(self) -> None:
        bidder = self.current_bidder()
        if self._view is None or bidder is None or not self.attach_button.isEnabled():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, f"Attach {bidder.name}'s social value response", start_path("documents"),
            "Documents (*.pdf *.docx *.doc *.odt *.rtf *.txt *.xlsx);;All files (*)")
        if not path:
            return
        remember_folder("documents", path)
        if self._run("Document not attached", lambda: self._evaluation.attach_response(
                self._contract_id, bidder.id, Path(path))) is not _FAILED:
            self.select_bidder(bidder.id)

    def remove_bidder(self) -> None:
        bidder = self.current_bidder()
        if self._view is None or bidder is None:
            return
        answer = QMessageBox.question(
            self, "Remove bidder", f"Remove {bidder.name} from the evaluation, with their declarations and "
                                   "attached documents? Score sheets already issued will need to be issued again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = self._reason(f"is {bidder.name} being removed")
        if reason is None:
            return
        self._run("Bidder not removed", lambda: self._evaluation.remove_bidder(self._contract_id, bidder.id, reason))

    # -- panel --------------------------------------------------------------------------------------------------
    def add_member(self) -> MemberDialog | None:
        if self._view is None:
            return None
        self.member_dialog = MemberDialog(self._store_member, self)
        self.member_dialog.open()
        return self.member_dialog

    def _store_member(self, dialog: MemberDialog, values: MemberInput) -> None:
        reason = self._require_reason("is a panel member being added")
        added = self._evaluation.add_member(self._contract_id, values.name, values.role, reason=reason)
        self._after_change()
        self.select_member(added.id)

    def remove_member(self) -> None:
        member = self.current_member()
        if self._view is None or member is None:
            return
        answer = QMessageBox.question(
            self, "Remove panel member", f"Remove {member.name} from the panel, with their declarations?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = self._reason(f"is {member.name} leaving the panel")
        if reason is None:
            return
        self._run("Member not removed", lambda: self._evaluation.remove_member(self._contract_id, member.id, reason))

    def record_declaration(self) -> DeclarationDialog | None:
        index = self.declarations_table.currentIndex()
        member = self.declarations_model.member(index.row()) if index.isValid() else None
        bidder = self.declarations_model.bidder(index.column()) if index.isValid() else None
        if self._view is None or member is None or bidder is None:
            return None
        self.declaration_dialog = DeclarationDialog(member, bidder, self._store_declaration, self)
        self.declaration_dialog.open()
        return self.declaration_dialog

    def _store_declaration(self, dialog: DeclarationDialog, values: DeclarationInput) -> None:
        reason = self._require_reason(f"is {dialog.member.name}'s declaration about {dialog.bidder.name} changing")
        self._evaluation.declare(self._contract_id, dialog.member.id, dialog.bidder.id, values.conflict,
                                 values.details, reason=reason)
        self._after_change()
        self.select_declaration(dialog.member.id, dialog.bidder.id)

    def declare_no_conflicts(self) -> None:
        view = self._view
        index = self.declarations_table.currentIndex()
        member = self.declarations_model.member(index.row()) if index.isValid() else None
        if view is None or member is None:
            return
        undeclared = [b for b in view.bidders if b.id not in member.declared]
        if not undeclared:
            QMessageBox.information(self, "Declarations", f"{member.name} has declared for every bidder already.")
            return
        answer = QMessageBox.question(
            self, "Record ‘no conflict’",
            f"Record that {member.name} declared no conflict of interest with: "
            f"{', '.join(b.name for b in undeclared)}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = self._reason(f"are {member.name}'s declarations being recorded")
        if reason is None:
            return

        def declare_all() -> None:
            for bidder in undeclared:
                self._evaluation.declare(self._contract_id, member.id, bidder.id, False, "", reason=reason)

        self._run("Declarations not recorded", declare_all)
        self.select_declaration(member.id, undeclared[0].id)

    # -- score sheets ---------------------------------------------------------------------------------------------
    def export_sheet(self, member_id: int | None = None) -> Path | None:
        view = self._view
        member = (next((m for m in view.members if m.id == member_id), None) if member_id is not None and view
                  else self.current_sheet_member())
        if view is None or member is None:
            return None
        suggested = start_path("score sheets", sheet_file_name(view.contract_reference, member.name))
        path, _ = QFileDialog.getSaveFileName(self, f"Export {member.name}'s score sheet", suggested,
                                              f"Score sheets (*{EXTENSION})")
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        try:
            data = self._evaluation.export_sheet(self._contract_id, member.id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Score sheet not exported",
                                f"{member.name}'s score sheet was not exported:\n{_messages(exc)}")
            return None
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, "Score sheet not exported", f"{exc}\n\nThe evaluation has been read again.")
            self._load(keep_setup=False)
            return None
        try:
            target.write_bytes(data)
        except OSError as exc:
            QMessageBox.warning(self, "Score sheet not saved", f"{target.name} could not be written: "
                                                               f"{exc.strerror or exc}.")
            self._after_change()
            return None
        remember_folder("score sheets", target)
        self._after_change()
        self.select_member(member.id)
        QMessageBox.information(self, "Score sheet exported",
                                f"{member.name}'s score sheet is saved as {target.name} in {target.parent}. Give "
                                "them the file; they open it in SV Desktop on their own laptop, score, and send "
                                "back the completed sheet.")
        return target

    def import_sheets(self) -> list[str]:
        """Import several completed sheets; each file's result or reason is listed, and returned."""
        view = self._view
        if view is None:
            return []
        paths, _ = QFileDialog.getOpenFileNames(self, "Import completed score sheets",
                                                start_path("score sheets"),
                                                f"Score sheets (*{EXTENSION});;All files (*)")
        if not paths:
            return []
        reason = self._reason("are score sheets being imported")
        if reason is None:
            return []
        lines, imported, refused = [], 0, 0
        for path in paths:
            name = Path(path).name
            try:
                data = Path(path).read_bytes()
                result = self._evaluation.import_sheet(self._contract_id, data, file_name=name, reason=reason)
            except OSError as exc:
                lines.append(f"✖ {name}: not imported: the file could not be read ({exc.strerror or exc}).")
                refused += 1
                continue
            except ValidationError as exc:
                lines.append(f"✖ {name}: not imported: " + " ".join(e.message for e in exc.errors))
                refused += 1
                continue
            except (ConflictError, NotFoundError) as exc:
                lines.append(f"✖ {name}: not imported: {exc}")
                refused += 1
                continue
            imported += 1
            replaced = (f", replacing version {result.replaced_revision}"
                        if result.replaced_revision is not None else "")
            lines.append(f"✔ {name}: {result.member_name}'s sheet, version {result.revision}, "
                         f"{result.scores} scores imported{replaced}.")
        remember_folder("score sheets", paths[0])
        summary = (f"{imported} of {len(paths)} sheet{'s' if len(paths) != 1 else ''} imported"
                   + (f", {refused} refused" if refused else "") + ".")
        self.import_results.setPlainText(summary + "\n" + "\n".join(lines))
        if imported:
            self._after_change()
        text = summary + "\n\n" + "\n\n".join(lines)
        if refused:
            QMessageBox.warning(self, "Some score sheets were not imported" if imported else
                                "Score sheets not imported", text)
        else:
            QMessageBox.information(self, "Score sheets imported", text)
        return lines

    # -- moderation and lock -----------------------------------------------------------------------------------
    def _record_consensus(self, criterion_id: int, bidder_id: int, points: int, rationale: str) -> bool:
        view = self._view
        if view is None:
            return False
        reason = self._reason("is the consensus changing")
        if reason is None:
            return False
        result = self._run("Consensus not recorded", lambda: self._evaluation.record_consensus(
            self._contract_id, bidder_id, criterion_id, points, rationale, reason=reason))
        return result is not _FAILED

    def lock(self) -> bool:
        view = self._view
        if view is None or view.locked:
            return False
        if not self.save():
            return False
        view = self._view
        ranking = "\n".join(f"{s.position_text}  {s.bidder}  {s.total:.2f}" for s in view.standings)
        answer = QMessageBox.question(
            self, "Lock the evaluation",
            f"Lock the evaluation of {view.contract_reference}?\n\nRanking ({view.ranking_label}):\n{ranking}\n\n"
            "After locking, every change needs a reason and is kept in the evaluation's history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self._run("Evaluation not locked",
                         lambda: self._evaluation.lock(self._contract_id, view.version)) is not _FAILED


__all__ = ["EVALUATION_STAGES", "EvaluationTab", "sheet_file_name"]
