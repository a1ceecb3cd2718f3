"""One criterion's score for one bidder, as the panel member enters it: the points from the scale, the SMT
judgement and the written justification, with its own "Save score".

A form per criterion (not one grid) so each score is saved, and refused, on its own, with the reason next to the
field it is about; the form knows whether it differs from what is stored, so nothing is lost by moving on.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import FieldError
from sv_desktop.domain.evaluation import SMT_RULE_TEXT, Score
from sv_desktop.services.score_sheets import SheetCriterion, SheetScore
from sv_desktop.ui.common.form_parts import text_height
from sv_desktop.ui.common.theme import Tone, set_tone

NOT_CHOSEN = "Choose the points"


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

    def is_dirty(self) -> bool:
        saved = self._saved
        if saved is None:
            return self.points_value() is not None or bool(self.justification.toPlainText().strip()) \
                or self.smt.isChecked()
        return (self.points_value(), self.smt.isChecked(), self.justification.toPlainText().strip()) != \
            (saved.points, saved.smt, saved.justification.strip())

    def save(self) -> bool:
        """Ask the scores panel to keep this score (it holds the service); True when it was kept."""
        if self.is_dirty():
            self.save_requested.emit(self.criterion.criterion_uid)
        return not self.is_dirty()

    def revert(self) -> None:
        """Back to the stored score."""
        self.set_score(self._saved)

    def _changed(self) -> None:
        if self._loading:
            return
        self._show_state()
        self.edited.emit()

    def _show_state(self) -> None:
        if self.is_dirty():
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
        self.save_button.setEnabled(self.is_dirty())

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


__all__ = ["NOT_CHOSEN", "CriterionScoreForm", "percent_text"]
