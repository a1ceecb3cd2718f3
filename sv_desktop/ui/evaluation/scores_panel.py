"""The member's scores for the chosen bidder: one CriterionScoreForm per criterion, then the sheet's progress,
what is still to score, and "Export completed sheet…".

Every score is kept in the member's store as soon as it is saved; the only thing ever "unsaved" is an edit in a
form, and this panel offers to save it before the window moves on (settle_edits). Export is refused, with every
cell still to score, until the sheet is complete.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import (
    ConflictError,
    FieldError,
    NotFoundError,
    ValidationError,
)
from sv_desktop.services.score_sheets import (
    SHEET_EXTENSION,
    ReceivedSheetView,
    ScoreSheetService,
    SheetBidder,
)
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.evaluation.criterion_score_form import CriterionScoreForm
from sv_desktop.ui.evaluation.sheet_texts import (
    CONFLICT_TEXT,
    completed_file_name,
    progress_text,
    refusal_text,
    scored_count,
    still_to_score,
)


@dataclass
class ShownSheet:
    """The sheet on screen (as last read from the store) and the bidder chosen on it: shared by the scoring
    window, which chooses them, and the scores panel, which reads the sheet again after each save."""

    view: ReceivedSheetView | None = None
    bidder_uid: str | None = None

    @property
    def bidder(self) -> SheetBidder | None:
        if self.view is None or self.bidder_uid is None:
            return None
        return next((b for b in self.view.sheet.bidders if b.bidder_uid == self.bidder_uid), None)


class ScoresPanel(QWidget):
    """The forms, the progress and the export of the shown sheet's chosen bidder.

    Signals:
        sheet_read(): the shown sheet was read again after a save, a refusal or an export; the window brings
            its lists up to date.
        score_saved(str): a score was saved on the sheet with this uid.
        exported(object): the completed sheet was written to this Path.
        notice(str): something to tell the member.
    """

    sheet_read = Signal()
    score_saved = Signal(str)
    exported = Signal(object)
    notice = Signal(str)

    def __init__(self, score_sheets: ScoreSheetService, shown: ShownSheet, parent: QWidget | None = None):
        super().__init__(parent)
        self._sheets = score_sheets
        self._shown = shown
        self._forms: dict[str, CriterionScoreForm] = {}
        right_layout = QVBoxLayout(self)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.scores_title = QLabel()
        title_font = self.scores_title.font()
        title_font.setBold(True)
        self.scores_title.setFont(title_font)
        right_layout.addWidget(self.scores_title)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAccessibleName("Your scores")
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the score fields take the focus; Tab scrolls to them
        self.forms_holder = QWidget()
        self.forms_layout = QVBoxLayout(self.forms_holder)
        self.forms_placeholder = QLabel()
        self.forms_placeholder.setWordWrap(True)
        self.forms_placeholder.setMargin(12)
        self.forms_placeholder.hide()
        self.forms_layout.addWidget(self.forms_placeholder)
        self.forms_layout.addStretch(1)
        self.scroll_area.setWidget(self.forms_holder)
        right_layout.addWidget(self.scroll_area, 1)

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
        self.export_button.clicked.connect(lambda: self.export_completed())

    # -- the chosen bidder's forms -------------------------------------------------------------------
    def show_bidder(self) -> None:
        """A form per criterion for the chosen bidder, or why there is nothing to score."""
        view, bidder = self._shown.view, self._shown.bidder
        self.clear_forms()
        self.forms_placeholder.hide()
        if bidder is None:
            self.scores_title.setText("Your scores")
            self.forms_placeholder.setText("Choose a bidder on the left to read their response and score it."
                                           if view and any(not b.conflict for b in view.sheet.bidders)
                                           else "There is no bidder for you to score on this sheet.")
            self.forms_placeholder.show()
            return
        if bidder.conflict:
            self.scores_title.setText(f"{bidder.name}: {CONFLICT_TEXT}.")
            self.forms_placeholder.setText(f"No scores to enter for {bidder.name}: you declared a conflict of "
                                           "interest. The other panel members score them.")
            self.forms_placeholder.show()
            return
        self.scores_title.setText(f"Your scores for {bidder.name}")
        assert view is not None  # the chosen bidder is one of the shown sheet's bidders
        for criterion in view.sheet.criteria:
            form = CriterionScoreForm(criterion, view.sheet.scale, view.sheet.smt_rule)
            form.set_score(view.score(bidder.bidder_uid, criterion.criterion_uid))
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

    def clear_forms(self) -> None:
        for form in self._forms.values():
            form.setParent(None)
            form.deleteLater()
        self._forms = {}

    @property
    def forms(self) -> dict[str, CriterionScoreForm]:
        """The score forms of the bidder shown, by criterion uid (none for a conflicted bidder)."""
        return dict(self._forms)

    def form(self, criterion_title: str) -> CriterionScoreForm:
        return next(f for f in self._forms.values() if f.criterion.title == criterion_title)

    # -- saving ----------------------------------------------------------------------------------------
    def save_current(self) -> bool:
        """Ctrl+S: save the form being edited (the one with the focus, else the only changed one)."""
        focus = self.window().focusWidget()
        for form in self._forms.values():
            if focus is not None and (focus is form or form.isAncestorOf(focus)):
                return self.save_score(form.criterion.criterion_uid)
        changed = [f for f in self._forms.values() if f.is_dirty()]
        if changed:
            return self.save_score(changed[0].criterion.criterion_uid)
        return False

    def save_score(self, criterion_uid: str) -> bool:
        """Keep one score through the service; errors are shown next to the fields, nothing saved."""
        form = self._forms.get(criterion_uid)
        view, bidder = self._shown.view, self._shown.bidder
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
                self._read(self._sheets.sheet(view.sheet_uid))
            except (NotFoundError, ValidationError):
                return False
            return False
        except NotFoundError as exc:
            form.show_errors([FieldError("other", str(exc))])
            return False
        self._shown.view = saved
        form.set_score(saved.score(bidder.bidder_uid, criterion_uid))
        self.sheet_read.emit()
        self.score_saved.emit(saved.sheet_uid)
        return True

    def _read(self, view: ReceivedSheetView) -> None:
        self._shown.view = view
        self.sheet_read.emit()

    def unsaved_forms(self) -> list[CriterionScoreForm]:
        return [f for f in self._forms.values() if f.is_dirty()]

    def settle_edits(self) -> bool:
        """Offer to save edits before moving on; False when the person chose to stay."""
        changed = self.unsaved_forms()
        if not changed:
            return True
        bidder = self._shown.bidder
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
                form.revert()
            return True
        return False

    # -- progress and export -----------------------------------------------------------------------------
    def show_progress(self) -> None:
        view = self._shown.view
        if view is None:
            return
        done, total = scored_count(view)
        left = still_to_score(view)
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

    @property
    def progress(self) -> str:
        return self.progress_label.text()

    def export_completed(self, path: Path | None = None) -> bool:
        """Write the completed sheet; refused, with every cell still to score, until all are scored."""
        if self._shown.view is None:
            return False
        if not self.settle_edits():
            return False
        view = self._shown.view
        left = still_to_score(view)
        if left:
            reason = (f"The sheet cannot be exported yet: {len(left)} still to score — " + "; ".join(left) + ".")
            self.export_error.setText("Error: " + reason)
            self.export_error.show()
            QMessageBox.warning(self, "Sheet not complete", reason)
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export completed sheet",
                                                    start_path("score sheets", completed_file_name(view)),
                                                    f"Score sheets (*{SHEET_EXTENSION})")
            if not chosen:
                return False
            remember_folder("score sheets", chosen)
            path = Path(chosen)
        path = Path(path)
        if path.suffix.lower() != SHEET_EXTENSION:
            path = path.with_name(path.name + SHEET_EXTENSION)
        try:
            data = self._sheets.export_completed(view.sheet_uid)
        except (ValidationError, NotFoundError) as exc:
            self.export_error.setText("Error: " + refusal_text(exc))
            self.export_error.show()
            return False
        try:
            path.write_bytes(data)
        except OSError as exc:
            self.export_error.setText(f"Error: {path.name} could not be written: {exc.strerror}. Choose another "
                                      "folder and export again.")
            self.export_error.show()
            return False
        self._read(self._sheets.sheet(view.sheet_uid))
        self.notice.emit(f"Exported the completed sheet to {path}. Send this file to the evaluation lead.")
        self.exported.emit(path)
        return True


__all__ = ["ScoresPanel", "ShownSheet"]
