"""The contract's "Evaluation" tab: an offline evaluation panel from set-up to a locked, ranked result.

Sections, in the order the lead works through them (each its own module):
- Set-up (setup_panel): the criteria (the contract's chosen outcomes or themes) with sub-weights against the
  social value weighting, the scoring scale (the policy profile's; no official scale exists), the SMT rule and
  the PPN 002 additional award criteria;
- Bidders and panel (bidders_panel, panel_members): bidders with their responses, panel members, and the
  conflict-of-interest declarations (member × bidder);
- Score sheets (sheet_exchange): a sheet per member out, completed sheets back in (several at once);
- Moderation and ranking (moderation_view): every member's score, the spread and outliers, the consensus with
  its rationale, the weighted scores and the ranking;
- History: every change, and after locking the reason given for it.

This module composes them: the start page, the sections, the lock, and reading the evaluation into every
section. Every change is one call to EvaluationService through EvaluationChanges; after the evaluation is
locked each asks for a reason first. When the store refuses, the reasons are shown in words.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.evaluation_views import EvaluationView
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.services.evaluation import EvaluationService
from sv_desktop.ui.common.theme import Banner, Tone, set_banner, set_tone
from sv_desktop.ui.evaluation.bidders_panel import BiddersPanel
from sv_desktop.ui.evaluation.evaluation_changes import FAILED, EvaluationChanges
from sv_desktop.ui.evaluation.evaluation_dialogs import (
    BidderDialog,
    DeclarationDialog,
    MemberDialog,
)
from sv_desktop.ui.evaluation.evaluation_widgets import (
    ItemTable,
    item_table,
    wrapped_label,
)
from sv_desktop.ui.evaluation.figures import number_text
from sv_desktop.ui.evaluation.history_model import EventsModel
from sv_desktop.ui.evaluation.moderation_view import ModerationView
from sv_desktop.ui.evaluation.panel_members import DeclarationsPanel, MembersPanel
from sv_desktop.ui.evaluation.panel_models import DeclarationsModel
from sv_desktop.ui.evaluation.setup_panel import SetupPanel
from sv_desktop.ui.evaluation.sheet_exchange import SheetExchangePanel

EVALUATION_STAGES = (Stage.TENDER, Stage.EVALUATION)
SECTION = {"setup": 0, "panel": 1, "sheets": 2, "moderation": 3, "history": 4}


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
        self._changes = EvaluationChanges(evaluation, self, reload=self._load, changed=self.changed.emit)
        self._build()
        self.show_contract(None)

    # -- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = wrapped_label("Select a contract to see its evaluation.")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.banner = wrapped_label(name="Evaluation notice")
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
        self.start_text = wrapped_label(
            "This contract has no evaluation yet. An evaluation panel scores the bidders' social value responses: "
            "you set up the criteria (from the outcomes chosen on the Social value tab), the scale, the bidders and "
            "the panel; each member scores offline from a score sheet you export for them; you import the "
            "completed sheets, moderate to a consensus and lock the result.", name="About evaluations")
        layout.addWidget(self.start_text)
        self.start_detail = wrapped_label(name="What the evaluation will start with")
        layout.addWidget(self.start_detail)
        row = QHBoxLayout()
        self.start_button = QPushButton("&Start evaluation")
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.start_reason = wrapped_label(style=Tone.ERROR, name="Why an evaluation cannot start")
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
        self.setup = SetupPanel(self._changes, self._framework_names)
        self.sections.addTab(self.setup, "Set-&up")
        self.sections.addTab(self._build_panel(), "B&idders and panel")
        self.sheets = SheetExchangePanel(self._changes)
        self.sections.addTab(self.sheets, "Score s&heets")
        self.moderation = ModerationView(recorder=self._record_consensus)
        self.sections.addTab(self.moderation, "Moderation and &ranking")
        self.sections.addTab(self._build_history(), "Histor&y")
        layout.addWidget(self.sections, 1)
        bar = QHBoxLayout()
        self.lock_state = wrapped_label(name="Lock state")
        self.lock_button = QPushButton("Loc&k evaluation…")
        self.lock_button.setToolTip("Lock the result when moderation is finished; every later change needs a reason")
        bar.addWidget(self.lock_state, 1)
        bar.addWidget(self.lock_button)
        layout.addLayout(bar)
        self.lock_button.clicked.connect(self.lock)
        self.members.member_added.connect(self.select_member)
        self.sheets.sheet_exported.connect(self.select_member)
        return page

    def _build_panel(self) -> QSplitter:
        """Bidders, panel members and declarations, one above the other (a plain splitter, so the divisions the
        user set are remembered under the same place as before)."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.bidders = BiddersPanel(self._changes)
        splitter.addWidget(self.bidders)
        self.members = MembersPanel(self._changes)
        splitter.addWidget(self.members)
        self.declarations = DeclarationsPanel(self._changes)
        splitter.addWidget(self.declarations)
        splitter.setSizes([260, 200, 220])
        return splitter

    def _build_history(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(wrapped_label("Every change to the evaluation, oldest first. After locking, each change is "
                                       "marked “after locking” with the reason given.", Tone.MUTED))
        self.events_model = EventsModel(self)
        self.history = item_table("Evaluation history")
        self.history.setModel(self.events_model)
        self.history.setWordWrap(True)
        for column, width in enumerate((125, 100, 190, 520)):
            self.history.setColumnWidth(column, width)
        layout.addWidget(self.history, 1)
        return page

    # -- the tab protocol ------------------------------------------------------------------------------------
    @property
    def shown_contract(self) -> int | None:
        return self._changes.contract_id

    @property
    def _view(self) -> EvaluationView | None:
        return self._changes.view

    def is_dirty(self) -> bool:
        return self._view is not None and (self.setup.is_dirty() or self.moderation.is_dirty())

    def show_contract(self, contract_id: int | None) -> None:
        self._changes.contract_id = contract_id
        self.reload()

    def reload(self) -> None:
        """Read the evaluation again; unsaved set-up edits and consensus text are dropped."""
        self._load(keep_setup=False)

    def save(self) -> bool:
        """Store the set-up edits and the consensus being typed; True when nothing is left unsaved."""
        if self._view is None:
            return True
        if self.setup.is_dirty() and not self.setup.save():
            return False
        return self.moderation.save()

    def revert(self) -> None:
        self.reload()

    # -- loading -------------------------------------------------------------------------------------------------
    def _load(self, keep_setup: bool) -> None:
        keep_setup = keep_setup and self.setup.is_dirty()
        self._changes.view = None
        contract_id = self._changes.contract_id
        if contract_id is None:
            self.heading.setText("Save the contract first, then set up its evaluation.")
            self._show_start(None)
            return
        try:
            view = self._evaluation.get(contract_id)
        except NotFoundError as exc:
            self.heading.setText(str(exc))
            self._show_start(None)
            return
        if view is None:
            self._show_start(contract_id)
            return
        self._changes.view = view
        self.stack.setCurrentIndex(1)
        self.heading.setText(f"{view.contract_reference} — {view.contract_title} · evaluation "
                             f"{'locked' if view.locked else 'in progress'} · {len(view.criteria)} criteria, "
                             f"{len(view.bidders)} bidders, {len(view.members)} panel members")
        self.setup.set_evaluation(view, keep_setup)
        for section in (self.bidders, self.members, self.sheets, self.declarations, self.moderation):
            section.set_evaluation(view)
        self.events_model.set_events(view.events)
        self.history.resizeRowsToContents()
        if self.events_model.rowCount():
            self.history.scrollToBottom()
        self._show_state(view)

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

    def _show_state(self, view: EvaluationView) -> None:
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

    def select_member(self, member_id: int) -> None:
        """Make this member current wherever members are listed (the panel and the score sheets)."""
        self.members.select(member_id)
        self.sheets.select_member(member_id)

    # -- start, moderation and lock ------------------------------------------------------------------------------
    def start(self) -> None:
        contract_id = self._changes.contract_id
        if contract_id is None or not self.start_button.isEnabled():
            return
        if self._changes.run("Evaluation not started", lambda: self._evaluation.start(contract_id)) is not FAILED:
            self.sections.setCurrentIndex(SECTION["setup"])

    def _record_consensus(self, criterion_id: int, bidder_id: int, points: int, rationale: str) -> bool:
        if self._view is None:
            return False
        reason = self._changes.reason("is the consensus changing")
        if reason is None:
            return False
        result = self._changes.run("Consensus not recorded", lambda: self._evaluation.record_consensus(
            self._changes.shown_contract_id, bidder_id, criterion_id, points, rationale, reason=reason))
        return result is not FAILED

    def lock(self) -> bool:
        view = self._view
        if view is None or view.locked:
            return False
        if not self.save():
            return False
        view = self._view  # as read again after the save
        if view is None:  # gone from the store while saving (the refusal was shown): nothing to lock
            return False
        ranking = "\n".join(f"{s.position_text}  {s.bidder}  {s.total:.2f}" for s in view.standings)
        answer = QMessageBox.question(
            self, "Lock the evaluation",
            f"Lock the evaluation of {view.contract_reference}?\n\nRanking ({view.ranking_label}):\n{ranking}\n\n"
            "After locking, every change needs a reason and is kept in the evaluation's history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self._changes.run("Evaluation not locked", lambda: self._evaluation.lock(
            self._changes.shown_contract_id, view.version)) is not FAILED

    # -- where the main window's accessibility walk opens the dialogs --------------------------------------------
    @property
    def bidders_table(self) -> ItemTable:
        return self.bidders.table

    @property
    def declarations_table(self) -> ItemTable:
        return self.declarations.table

    @property
    def declarations_model(self) -> DeclarationsModel:
        return self.declarations.model

    def add_bidder(self) -> BidderDialog | None:
        return self.bidders.add()

    def edit_bidder(self) -> BidderDialog | None:
        return self.bidders.edit()

    def add_member(self) -> MemberDialog | None:
        return self.members.add()

    def record_declaration(self) -> DeclarationDialog | None:
        return self.declarations.record()


__all__ = ["EVALUATION_STAGES", "SECTION", "EvaluationTab"]
