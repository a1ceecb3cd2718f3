"""The Evaluation tab's Set-up section: the criteria with their sub-weights, the scoring scale, the SMT rule and
the PPN 002 additional award criteria.

Edits are held here (with a running total against the social value weighting) and stored in one call by "Save
set-up", so a half-typed set of sub-weights never reaches the store. The scale is the policy profile's (no
official scale exists) and stops being editable once completed sheets are scored against it.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.evaluation import SMT_RULE_TEXT, sub_weight_problem
from sv_desktop.domain.evaluation_views import EvaluationView
from sv_desktop.ui.common.form_parts import rows_height
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.evaluation.evaluation_changes import FAILED, EvaluationChanges
from sv_desktop.ui.evaluation.evaluation_widgets import (
    item_table,
    scrolling,
    wrapped_label,
)
from sv_desktop.ui.evaluation.figures import number_text
from sv_desktop.ui.evaluation.setup_models import CriteriaModel, ScaleModel


class SetupPanel(QWidget):
    """The Set-up section. `framework_names()` gives framework ids their short names (empty without a catalogue)."""

    def __init__(self, changes: EvaluationChanges, framework_names: Callable[[], dict[str, str]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._changes = changes
        self._framework_names = framework_names
        self._build()

    # -- layout ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)

        criteria = QGroupBox("Criteria to score")
        criteria_layout = QVBoxLayout(criteria)
        criteria_layout.addWidget(wrapped_label(
            "Each outcome or theme chosen on the Social value tab is one scored criterion (one tender question). "
            "Sub-weights are percentages of the total score and must add up to the contract's social value "
            "weighting; double-click a sub-weight (or select it and start typing) to change it.", Tone.MUTED))
        self.criteria_model = CriteriaModel(self)
        self.criteria_table = item_table("Criteria and sub-weights")
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
        self.weight_total = wrapped_label(name="Sub-weights total")
        criteria_layout.addWidget(self.weight_total)
        self.weight_error = wrapped_label(style=Tone.ERROR, name="Sub-weight not accepted")
        self.weight_error.hide()
        criteria_layout.addWidget(self.weight_error)
        self.problems = wrapped_label(name="Set-up still to do")
        criteria_layout.addWidget(self.problems)
        layout.addWidget(criteria)

        scale = QGroupBox("Scoring scale")
        scale_layout = QVBoxLayout(scale)
        self.scale_note = wrapped_label(name="About the scale")
        scale_layout.addWidget(self.scale_note)
        self.scale_model = ScaleModel(self)
        self.scale_table = item_table("Scoring scale levels")
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
        self.scale_error = wrapped_label(style=Tone.ERROR, name="Scale not accepted")
        self.scale_error.hide()
        scale_layout.addWidget(self.scale_error)
        layout.addWidget(scale)

        rule = QGroupBox("Specific, measurable and time-bound (SMT) rule")
        rule_layout = QVBoxLayout(rule)
        self.smt_rule = QCheckBox("Apply the S&MT rule to every score")
        self.smt_rule.setAccessibleDescription(SMT_RULE_TEXT)
        rule_layout.addWidget(self.smt_rule)
        rule_layout.addWidget(wrapped_label(SMT_RULE_TEXT + " On by default for PPN 002 criteria.", Tone.MUTED,
                                            "The SMT rule"))
        layout.addWidget(rule)

        additional = QGroupBox("Additional award criteria (descriptors and pass gate, not scored separately)")
        additional_layout = QVBoxLayout(additional)
        self.additional = wrapped_label(name="Additional award criteria")
        self.additional.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        additional_layout.addWidget(self.additional)
        layout.addWidget(additional)
        layout.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content), 1)
        buttons = QHBoxLayout()
        self.status = wrapped_label(style=Tone.MUTED, name="Set-up changes")
        self.revert_button = QPushButton("Revert set-up")
        self.save_button = QPushButton("Save set-&up")
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        self.criteria_model.dataChanged.connect(self._edited)
        self.criteria_model.rejected.connect(self._weight_rejected)
        self.scale_model.dataChanged.connect(self._edited)
        self.scale_model.rowsInserted.connect(self._edited)
        self.scale_model.rowsRemoved.connect(self._edited)
        self.scale_model.rejected.connect(self._scale_rejected)
        self.smt_rule.toggled.connect(self._edited)
        self.add_level_button.clicked.connect(self.add_level)
        self.remove_level_button.clicked.connect(self.remove_level)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)

    # -- showing the evaluation ------------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        view = self._changes.view
        if view is None:
            return False
        return bool(self.criteria_model.changed_weights()) or self.scale_model.changed \
            or self.smt_rule.isChecked() != view.smt_rule

    def set_evaluation(self, view: EvaluationView, keep: bool) -> None:
        """Show the set-up as stored; with `keep`, the edits not saved yet stay on screen."""
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
            self.problems.setText("Still to do before score sheets can be exported:\n• " + "\n• ".join(problems))
            set_tone(self.problems, Tone.ERROR)
        else:
            self.problems.setText("✔ Set-up complete: criteria, sub-weights, bidders and panel are in place.")
            set_tone(self.problems, Tone.OK)
        self._edited()

    # -- editing ---------------------------------------------------------------------------------------------
    def _edited(self, *_args) -> None:
        view = self._changes.view
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
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.status.setText("Set-up changes not saved yet." if dirty else "")
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

    def revert(self) -> None:
        if self._changes.view is not None:
            self.set_evaluation(self._changes.view, keep=False)

    def save(self) -> bool:
        """Store the sub-weights, scale and SMT rule as edited, in one call; True when nothing is left unsaved."""
        view = self._changes.view
        if view is None or not self.is_dirty():
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
        reason = self._changes.reason("is the set-up changing")
        if reason is None:
            return False
        weights = self.criteria_model.changed_weights()
        smt = self.smt_rule.isChecked() if self.smt_rule.isChecked() != view.smt_rule else None
        self.weight_error.hide()
        changes = self._changes
        return changes.run("Set-up not saved", lambda: changes.service.save_setup(
            changes.shown_contract_id, view.version, sub_weights=weights or None, scale=scale, smt_rule=smt,
            reason=reason), keep_setup=False) is not FAILED


__all__ = ["SetupPanel"]
