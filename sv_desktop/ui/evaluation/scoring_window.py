"""The panel member's score-sheet window: open a sheet from the lead, read the responses, score, export.

The member works offline on their own laptop. Left: the sheets received here
(contract, member, progress in words) with "Open score sheet…", and the bidders
of the chosen sheet (a bidder the member declared a conflict with is shown as
such and cannot be chosen for scoring). Middle: the bidder's response (text and
documents: response_documents) and how to score (the organisation's scale with
its descriptors, the SMT rule, the PPN 002 additional award criteria and pass
gate). Right: one form per criterion (criterion_score_form) with its own "Save
score" (Ctrl+S saves the form being edited), then the progress, what is still to
score and "Export completed sheet…" (scores_panel).

This module is the window: the lists on the left, opening sheet files, and moving
between sheets and bidders. Every score is kept in the member's store as soon as
it is saved; nothing else is "unsaved" except edits in a form, which are offered
for saving before the window moves on. State is always in words; colour only
repeats it.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import NotFoundError, ValidationError
from sv_desktop.services.score_sheets import (
    SHEET_EXTENSION,
    ReceivedSheetView,
    ScoreSheet,
    ScoreSheetService,
    SheetBidder,
)
from sv_desktop.ui.common.form_parts import rows_height
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.theme import Tone, set_tone, tone_colour
from sv_desktop.ui.common.ui_state import remember_window
from sv_desktop.ui.evaluation.response_documents import ResponseDocuments
from sv_desktop.ui.evaluation.scores_panel import ScoresPanel, ShownSheet
from sv_desktop.ui.evaluation.sheet_texts import (
    OWN_SCORES_TEXT,
    bidder_state_text,
    guide_html,
    progress_text,
    refusal_text,
    sheet_state_text,
)


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
        self._shown = ShownSheet()
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
        self.open_button.setToolTip(f"Open a score sheet file ({SHEET_EXTENSION}) from the evaluation lead (Ctrl+O)")
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
        self.empty_page = QLabel(f"No score sheet is open. Choose Open score sheet… and pick the {SHEET_EXTENSION} "
                                 "file the evaluation lead sent you. Your scores are kept on this laptop as you go; "
                                 "when every bidder is scored, export the completed sheet and send it back.")
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
        QShortcut(QKeySequence.StandardKey.Save, self, self.scores.save_current)
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
        self.response_box = ResponseDocuments()
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
        self.scores = ScoresPanel(self._sheets, self._shown)
        self.scroll_area = self.scores.scroll_area  # the scores column, read top to bottom (the accessibility walk)
        body.addWidget(self.scores)
        body.setStretchFactor(0, 4)
        body.setStretchFactor(1, 5)
        body.setSizes([480, 620])

        self.response_box.saved.connect(self._notify)
        self.scores.sheet_read.connect(self._refresh_counts)
        self.scores.score_saved.connect(self.score_saved)
        self.scores.notice.connect(self._notify)
        self.scores.exported.connect(self.exported)

    # -- the sheets here -----------------------------------------------------------------------
    @property
    def view(self) -> ReceivedSheetView | None:
        """The sheet shown, as last read from the store."""
        return self._shown.view

    def reload(self, select_uid: str | None = None) -> None:
        """Refill the list of sheets; show `select_uid` (or the one shown, or the first)."""
        wanted = select_uid or (self.view.sheet_uid if self.view else None)
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
                                    sheet_state_text(view)])
            item.setData(0, ItemRole.SHEET, view.sheet_uid)
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
            self._show_sheet(chosen.data(0, ItemRole.SHEET))

    def sheet_rows(self) -> list[tuple[str, str, str]]:
        """The list of sheets as shown: (contract, member, progress)."""
        items = (self._sheet_item(i) for i in range(self.sheet_list.topLevelItemCount()))
        return [(item.text(0), item.text(1), item.text(2)) for item in items]

    def _sheet_item(self, index: int) -> QTreeWidgetItem:
        """The sheet list's row `index`, which callers take below topLevelItemCount()."""
        item = self.sheet_list.topLevelItem(index)
        if item is None:
            raise IndexError(f"The sheet list has no row {index}.")
        return item

    def _sheet_chosen(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if self._switching or current is None:
            return
        uid = current.data(0, ItemRole.SHEET)
        if self.view is not None and uid == self.view.sheet_uid:
            return
        if not self.scores.settle_edits():
            self._switching = True
            # PySide6 takes None here (no current item, as before the first choice); its stubs do not say so.
            self.sheet_list.setCurrentItem(previous)  # type: ignore[arg-type]
            self._switching = False
            return
        self._show_sheet(uid)

    def show_sheet(self, sheet_uid: str) -> bool:
        """Show one received sheet (after offering to save edits); False when it cannot be shown."""
        if not self.scores.settle_edits():
            return False
        return self._show_sheet(sheet_uid)

    def _show_sheet(self, sheet_uid: str) -> bool:
        try:
            view = self._sheets.sheet(sheet_uid)
        except (NotFoundError, ValidationError) as exc:
            self._notify("Error: " + refusal_text(exc), error=True)
            return False
        self._shown.view = view
        self._shown.bidder_uid = None
        self.scores.clear_forms()
        for index in range(self.sheet_list.topLevelItemCount()):
            item = self._sheet_item(index)
            if item.data(0, ItemRole.SHEET) == sheet_uid and self.sheet_list.currentItem() is not item:
                self._switching = True
                self.sheet_list.setCurrentItem(item)
                self._switching = False
        sheet = view.sheet
        self.heading.setText(f"{sheet.contract_reference} — {sheet.contract_title}")
        role = f" ({sheet.member_role})" if sheet.member_role else ""
        self.subheading.setText(f"Panel member: {sheet.member_name}{role}   ·   Organisation: {sheet.organisation}"
                                f"   ·   Issued {sheet.issued_at:%d/%m/%Y}")
        self.guide.setHtml(guide_html(view))
        self._fill_bidders()
        self.pages.setCurrentWidget(self.sheet_page)
        self.bidders_box.setEnabled(True)
        first = next((i for i in range(self.bidder_list.count())
                      if self.bidder_list.item(i).flags() & Qt.ItemFlag.ItemIsSelectable), None)
        if first is not None:
            self.bidder_list.setCurrentRow(first)
        else:
            self._show_bidder(None)
        self.scores.show_progress()
        return True

    def _show_nothing(self) -> None:
        self._shown.view = None
        self._shown.bidder_uid = None
        self.bidder_list.clear()
        self.bidders_box.setEnabled(False)
        self.scores.clear_forms()
        self.pages.setCurrentWidget(self.empty_page)

    def _refresh_counts(self) -> None:
        """Bidder and sheet lists and progress after a save, leaving unsaved edits in other forms alone."""
        view = self.view
        assert view is not None  # sheet_read comes just after the scores panel set the view it read
        for index in range(self.bidder_list.count()):
            item = self.bidder_list.item(index)
            bidder = next(b for b in view.sheet.bidders if b.bidder_uid == item.data(ItemRole.BIDDER))
            item.setText(bidder_state_text(view, bidder))
        for index in range(self.sheet_list.topLevelItemCount()):
            sheet_item = self._sheet_item(index)
            if sheet_item.data(0, ItemRole.SHEET) == view.sheet_uid:
                sheet_item.setText(2, sheet_state_text(view))
        self.scores.show_progress()

    # -- bidders -------------------------------------------------------------------------------
    def _fill_bidders(self) -> None:
        view = self.view
        assert view is not None  # called by _show_sheet once it has set the view
        self._switching = True
        self.bidder_list.clear()
        for bidder in view.sheet.bidders:
            item = QListWidgetItem(bidder_state_text(view, bidder))
            item.setData(ItemRole.BIDDER, bidder.bidder_uid)
            if bidder.conflict:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # readable, not selectable for scoring
                item.setForeground(tone_colour(Tone.MUTED))
                item.setToolTip(f"You declared a conflict of interest with {bidder.name}: you do not score them.")
            self.bidder_list.addItem(item)
        self._switching = False

    def bidder_rows(self) -> list[str]:
        return [self.bidder_list.item(i).text() for i in range(self.bidder_list.count())]

    def _bidder_chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._switching or current is None:
            return
        uid = current.data(ItemRole.BIDDER)
        if uid == self._shown.bidder_uid:
            return
        if not self.scores.settle_edits():
            self._switching = True
            # PySide6 takes None here (no current item, as before the first choice); its stubs do not say so.
            self.bidder_list.setCurrentItem(previous)  # type: ignore[arg-type]
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
        return self._shown.bidder

    def _show_bidder(self, bidder_uid: str | None) -> None:
        self._shown.bidder_uid = bidder_uid
        self.scores.show_bidder()
        self.response_box.show_bidder(self.view.sheet_uid if self.view else None, self.bidder)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.scores.settle_edits():
            event.accept()
        else:
            event.ignore()

    # -- opening files -------------------------------------------------------------------------
    def choose_file(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self, "Open score sheet", start_path("score sheets"),
                                              f"Score sheets (*{SHEET_EXTENSION});;All files (*)")
        if not path:
            return False
        remember_folder("score sheets", path)
        return self.open_file(Path(path))

    def open_file(self, path: Path) -> bool:
        """Open a sheet file from the lead; refusals are explained; reopening asks keep or replace."""
        path = Path(path)
        if not self.scores.settle_edits():
            return False
        try:
            data = path.read_bytes()
        except OSError as exc:
            return self._refuse(path, f"The file could not be read: {exc.strerror or exc}.")
        try:
            view = self._sheets.open_sheet(data)
        except ValidationError as exc:
            already = self._sheets.already_open(data)
            if already is None:
                return self._refuse(path, refusal_text(exc))
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
                return self._refuse(path, refusal_text(again))
        self.reload(view.sheet_uid)
        self._notify(f"Opened {path.name}: {view.contract_reference} for {view.member_name}, {progress_text(view)}.")
        self.sheet_opened.emit(view.sheet_uid)
        return True

    def _ask_keep_or_replace(self, path: Path, incoming: ScoreSheet, here: ReceivedSheetView) -> bool | None:
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


__all__ = ["ScoringWindow"]
