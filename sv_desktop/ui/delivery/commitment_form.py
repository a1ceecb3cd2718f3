"""The form that edits one commitment: what the winning bid promised (target, dates, unit, region, its words).

It holds the only unsaved state of the Delivery tab, so it keeps the "not saved
yet" flag; storing, reverting and choosing which commitment it shows belong to
the commitments panel. When the page is narrow its two columns stack, so the
fields never squeeze below a readable width.

Signals:
    save_requested(): the officer pressed Save commitment.
    revert_requested(): the officer pressed Revert.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.catalogue.units import UNITS
from sv_desktop.domain.delivery import Aggregation, CommitmentData, Frequency
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.domain.vocabulary import UkRegion
from sv_desktop.ui.common.editor import DirtyTracking
from sv_desktop.ui.common.form_parts import FieldErrors, text_height, track_edits
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.common.widgets import EnumCombo, OptionalDateEdit
from sv_desktop.ui.delivery.return_dialog import parse_figure

COMMITMENT_FIELDS = {
    "title": "Name", "unit": "Unit", "aggregation": "Adds up as", "target": "Target", "baseline": "Baseline",
    "start_date": "Start date", "due_date": "Due date", "frequency": "Returns", "region": "UK region",
    "cohort": "Cohort", "bid_text": "Bid text", "justification": "Justification",
}
NOTHING_CHOSEN = "Choose a commitment in the table, or add one."
SIDE_BY_SIDE_WIDTH = 760  # below this the two columns of fields stack


class CommitmentForm(DirtyTracking, QWidget):
    """The Commitment page: two columns of fields, a status line, Revert and Save commitment."""

    save_requested = Signal()
    revert_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self._is_new = False
        outer = QVBoxLayout(self)
        self.heading = QLabel(NOTHING_CHOSEN)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary, COMMITMENT_FIELDS)
        outer.addWidget(self.summary)
        self._build_fields()
        outer.addWidget(self._build_columns(), 1)

        buttons = QHBoxLayout()
        self.status = QLabel()
        set_tone(self.status, Tone.MUTED)
        self.revert_button = QPushButton("Re&vert")
        self.save_button = QPushButton("&Save commitment")
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        track_edits(self._mark_dirty, self.title, self.target, self.baseline, self.cohort, self.aggregation,
                    self.frequency, self.region, self.start_date, self.due_date, self.bid_text, self.justification)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.save_button.clicked.connect(self.save_requested)
        self.revert_button.clicked.connect(self.revert_requested)

    def _build_fields(self) -> None:
        self.title = QLineEdit()
        self.unit = QComboBox()
        for unit_id, unit in UNITS.items():
            self.unit.addItem(unit.label, unit_id)
        self.aggregation = EnumCombo(Aggregation)
        self.target = QLineEdit()
        self.target.setPlaceholderText("From the winning bid, e.g. 12")
        self.baseline = QLineEdit()
        self.baseline.setPlaceholderText("Optional")
        self.start_date = OptionalDateEdit()
        self.due_date = OptionalDateEdit()
        self.frequency = EnumCombo(Frequency)
        self.region = EnumCombo(UkRegion, optional=True, none_label="Not set")
        self.cohort = QLineEdit()
        self.cohort.setPlaceholderText("Optional, e.g. care leavers")
        self.bid_text = QPlainTextEdit()
        self.bid_text.setTabChangesFocus(True)
        self.bid_text.setPlaceholderText("Paste the words of the winning bid this commitment came from")
        self.bid_text.setMinimumHeight(text_height(self.bid_text, 3))
        self.bid_text.setMaximumHeight(text_height(self.bid_text, 7))
        self.justification = QPlainTextEdit()
        self.justification.setTabChangesFocus(True)
        self.justification.setPlaceholderText("Why no framework metric fits")
        self.justification.setMinimumHeight(text_height(self.justification, 2))
        self.justification.setMaximumHeight(text_height(self.justification, 5))

    def _build_columns(self) -> QWidget:
        """The fields in two form columns inside a scroll area (Tab scrolls the focused field into view)."""
        holder = QWidget()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, holder)
        self.columns.setContentsMargins(0, 0, 0, 0)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        errors = self.errors
        errors.row(left, "title", "&Name", self.title)
        errors.row(left, "unit", "&Unit", self.unit)
        errors.row(left, "aggregation", "Adds &up as", self.aggregation)
        errors.row(left, "target", "&Target", self.target)
        errors.row(left, "baseline", "&Baseline", self.baseline)
        errors.row(left, "frequency", "&Returns", self.frequency)
        errors.row(right, "start_date", "&Start date", self.start_date)
        errors.row(right, "due_date", "&Due date", self.due_date)
        self.region_label = errors.row(right, "region", "UK re&gion", self.region)
        errors.row(right, "cohort", "C&ohort", self.cohort)
        errors.row(right, "bid_text", "The bid te&xt it came from", self.bid_text)
        self.justification_label = errors.row(right, "justification", "&Justification (bespoke metric)",
                                              self.justification)
        self._justification_form = right
        def label_of(name: str, form: QFormLayout) -> QWidget | None:
            holder = errors.widgets[name].parentWidget()
            assert holder is not None  # errors.row put each field in its holder (with its error line)
            return form.labelForField(holder)

        labels = [label_of(name, form) for name, form in (
            *((n, left) for n in ("title", "unit", "aggregation", "target", "baseline", "frequency")),
            *((n, right) for n in ("start_date", "due_date", "region", "cohort", "bid_text", "justification")))]
        widest = max(label.sizeHint().width() for label in labels if label is not None)
        for label in labels:
            if label is not None:
                label.setMinimumWidth(widest)  # the two columns line up when stacked
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)
        holder_outer = QWidget()
        stack = QVBoxLayout(holder_outer)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(holder)
        stack.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields take the focus; Tab scrolls them into view
        scroll.setWidget(holder_outer)
        scroll.viewport().setAutoFillBackground(False)
        holder_outer.setAutoFillBackground(False)
        return scroll

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        direction = (QBoxLayout.Direction.LeftToRight if width >= SIDE_BY_SIDE_WIDTH
                     else QBoxLayout.Direction.TopToBottom)
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
            side_by_side = direction is QBoxLayout.Direction.LeftToRight
            self.columns.setStretch(0, 1 if side_by_side else 0)
            self.columns.setStretch(1, 1 if side_by_side else 0)

    # -- what it shows ---------------------------------------------------------------------------------
    def fill(self, data: CommitmentData | None, by_region: bool, *, has_returns: bool, is_new: bool = False) -> None:
        """Show `data` (None: an empty, disabled form); what was typed before is dropped."""
        self._is_new = is_new
        self._loading = True
        try:
            self.errors.clear()
            self.status.clear()
            present = data is not None
            for widget in (self.title, self.unit, self.aggregation, self.target, self.baseline, self.start_date,
                           self.due_date, self.frequency, self.region, self.cohort, self.bid_text,
                           self.justification, self.save_button):
                widget.setEnabled(present)
            if data is None:
                for edit in (self.title, self.target, self.baseline, self.cohort):
                    edit.clear()
                self.bid_text.clear()
                self.justification.clear()
                self.start_date.set_value(None)
                self.due_date.set_value(None)
                self.region.set_value(None)
                self._justification_form.setRowVisible(self.justification_label, False)
                self.region_label.setText("UK re&gion")
                return
            self.title.setText(data.title)
            self.unit.setCurrentIndex(max(self.unit.findData(data.unit), 0))
            self.unit.setEnabled(data.bespoke)
            self.unit.setToolTip("" if data.bespoke else "Set by the framework metric")
            self.aggregation.set_value(data.aggregation)
            self.target.setText(_edit_text(data.target))
            self.baseline.setText(_edit_text(data.baseline))
            self.start_date.set_value(data.start_date)
            self.due_date.set_value(data.due_date)
            self.frequency.set_value(data.frequency)
            self.frequency.setEnabled(not has_returns)
            self.frequency.setToolTip("Returns are recorded for the current periods, so the frequency is fixed"
                                      if has_returns else "")
            self.region.set_value(data.region)
            self.region_label.setText("UK re&gion (required)" if by_region else "UK re&gion")
            self.region.setToolTip("This metric is reported by UK region" if by_region else "")
            self.region.setAccessibleName("UK region (required)" if by_region else "UK region")
            self.cohort.setText(data.cohort)
            self.bid_text.setPlainText(data.bid_text)
            self.justification.setPlainText(data.justification)
            self._justification_form.setRowVisible(self.justification_label, data.bespoke)
        finally:
            self._loading = False
        self.set_dirty(False)

    def read(self, base: CommitmentData | None) -> CommitmentData:
        """The form's contents over `base` (what it was filled from); unreadable numbers raise ValidationError
        naming the field."""
        if base is None:
            raise ValidationError([FieldError("commitment", "Choose or add a commitment first.")])
        errors: list[FieldError] = []
        numbers = {}
        for name, edit in (("target", self.target), ("baseline", self.baseline)):
            try:
                numbers[name] = parse_figure(edit.text(), name)
            except ValidationError as exc:
                errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)
        return CommitmentData(
            title=self.title.text(), unit=self.unit.currentData() if base.bespoke else base.unit,
            target=numbers["target"], start_date=self.start_date.value(), due_date=self.due_date.value(),
            frequency=self.frequency.value(), aggregation=self.aggregation.value(), baseline=numbers["baseline"],
            region=self.region.value(), cohort=self.cohort.text(), bid_text=self.bid_text.toPlainText(),
            framework_id=base.framework_id, ref=base.ref, justification=self.justification.toPlainText())

    # -- unsaved changes ---------------------------------------------------------------------------------
    def set_dirty(self, dirty: bool) -> None:
        """Mark the form changed (or not): the panel counts a chosen framework metric as a change already."""
        self._set_dirty(dirty)

    def _dirty_shown(self, dirty: bool) -> None:
        """A new commitment can always be reverted, since it is not stored yet."""
        self.revert_button.setEnabled(dirty or self._is_new)
        if dirty:
            self.status.setText("Not saved yet.")

    def save(self) -> bool:
        """Ask the commitments panel to store the form (it holds the service); True when nothing is left."""
        if self.is_dirty():
            self.save_requested.emit()
        return not self.is_dirty()

    def revert(self) -> None:
        self.revert_requested.emit()

    def forget_changes(self) -> None:
        """Treat what is typed as not worth keeping (the officer chose Discard, or the form is about to refill)."""
        self._dirty = False

    def _unit_changed(self, *_args) -> None:
        if self._loading:
            return
        unit = UNITS.get(self.unit.currentData())
        if unit is not None:
            self.aggregation.set_value(Aggregation(unit.default_aggregation))
        self._mark_dirty()

    def show_errors(self, errors: list[FieldError]) -> None:
        self.errors.show(errors)


def _edit_text(value) -> str:
    return "" if value is None else f"{value.normalize():,f}"


__all__ = ["COMMITMENT_FIELDS", "CommitmentForm"]
