"""The contract detail and edit form: every field, with messages beside the field that is wrong."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.contract import FIELD_LABELS, ContractData
from sv_desktop.domain.errors import FieldError
from sv_desktop.domain.vocabulary import Category, ParentKind, Regime, Route, Stage, VatBasis
from sv_desktop.services.pipeline import ContractDetail, PipelineService, PublishedNotice
from sv_desktop.ui.common.form_parts import (
    EditForm,
    FieldErrors,
    heading_label,
    read_inputs,
    save_and_revert,
    scroll_body,
    store_or_explain,
    text_height,
    track_edits,
)
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.widgets import EnumCombo, MoneyEdit, OptionalDateEdit

LABEL_WIDTH = 170  # one label column width, so the groups line up


class _ContractErrors(FieldErrors):
    """The contract rules speak in phrases ("is required"), so the field's name goes first:
    "Error: Title is required"."""

    def describe(self, errors: list[FieldError]) -> tuple[str, str]:
        last = errors[-1]
        return f"Error: {self.title(last.field)} {last.message}", f"Error: {last.message}"


class ContractForm(EditForm, QWidget):
    """Edits one contract (or a new one) and saves it in one transaction through the service.

    Signals:
        saved(int): a contract was created or updated; carries its id.
        dirty_changed(bool): the form has (or no longer has) unsaved edits.
    """

    saved = Signal(int)
    dirty_changed = Signal(bool)

    def __init__(self, pipeline: PipelineService, parent: QWidget | None = None):
        super().__init__(parent)
        self._pipeline = pipeline
        self._detail: ContractDetail | None = None
        self._loading = False
        self._build()
        self.show_new()

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = heading_label()
        self.heading.setObjectName("formHeading")
        outer.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setAccessibleName("Problems with this contract")
        self.errors = _ContractErrors(self.summary, FIELD_LABELS)
        outer.addWidget(self.summary)
        _scroll, column = scroll_body(outer)

        self.reference = QLineEdit()
        self.title = QLineEdit()
        self.category = EnumCombo(Category)
        self.stage = EnumCombo(Stage)
        self.stage_date = OptionalDateEdit()
        self.stage_date.setToolTip("The date the contract moved to the new stage")
        self.stage_note = QLineEdit()
        self.stage_note.setPlaceholderText("Why the stage changed (optional)")
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(text_height(self.description, 3))
        self._group(column, "Contract", [
            ("reference", "&Reference", self.reference),
            ("title", "&Title", self.title),
            ("category", "&Category", self.category),
            ("stage", "&Stage", self.stage),
            ("stage_date", "Stage changed o&n", self.stage_date),
            ("stage_note", "Stage change note", self.stage_note),
            ("description", "Descri&ption", self.description),
        ])

        self.total_value = MoneyEdit()
        self.annual_value = MoneyEdit()
        self.vat_basis = EnumCombo(VatBasis)
        self._group(column, "Value (GBP)", [
            ("total_value", "Total &value (£)", self.total_value),
            ("annual_value", "&Annual value (£)", self.annual_value),
            ("vat_basis", "VAT &basis", self.vat_basis),
        ])

        self.start_date = OptionalDateEdit()
        self.end_date = OptionalDateEdit()
        self.tender_deadline = OptionalDateEdit()
        self.tender_deadline.setToolTip("When bids are due: carbon plans are checked as at this date.")
        self.extension_options = QLineEdit()
        self.extension_options.setPlaceholderText("e.g. 2 x 12 months")
        self.extension_months = QSpinBox()
        self.extension_months.setRange(0, 600)
        self.extension_months.setSuffix(" months")
        self.notice_period_months = QSpinBox()
        self.notice_period_months.setRange(0, 600)
        self.notice_period_months.setSuffix(" months")
        for spin in (self.extension_months, self.notice_period_months):
            spin.valueChanged.connect(lambda value, box=spin: box.setSuffix(" month" if value == 1 else " months"))
        self.decision_due = QLabel()
        self.decision_due.setWordWrap(True)
        self.decision_due.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                  | Qt.TextInteractionFlag.TextSelectableByMouse)
        self._group(column, "Dates and terms", [
            ("start_date", "Start &date", self.start_date),
            ("end_date", "&End date", self.end_date),
            ("tender_deadline", "Tender deadl&ine", self.tender_deadline),
            ("extension_options", "E&xtension options", self.extension_options),
            ("extension_months", "Extension available", self.extension_months),
            ("notice_period_months", "N&otice period", self.notice_period_months),
            ("decision_due", "Decision due", self.decision_due),
        ])

        self.regime = EnumCombo(Regime, optional=True)
        self.route = EnumCombo(Route, optional=True)
        self.parent_reference = QLineEdit()
        self.parent_reference.setPlaceholderText("Reference of the framework or main contract")
        self.parent_kind = EnumCombo(ParentKind, optional=True, none_label="Not a lot or call-off")
        self.children_label = QLabel()
        self.children_label.setWordWrap(True)
        self._group(column, "Procurement", [
            ("regime", "Re&gime", self.regime),
            ("route", "Procurement ro&ute", self.route),
            ("parent_reference", "Parent contract", self.parent_reference),
            ("parent_kind", "Lot or call-off", self.parent_kind),
            ("children", "Lots and call-offs", self.children_label),
        ])

        self.procurement_lead = QLineEdit()
        self.contract_manager = QLineEdit()
        self.supplier_names = QLineEdit()
        self.supplier_names.setPlaceholderText("Separate several suppliers with ;")
        self._group(column, "People and suppliers", [
            ("procurement_lead", "Procurement &lead", self.procurement_lead),
            ("contract_manager", "Contract &manager", self.contract_manager),
            ("supplier_names", "Supp&liers", self.supplier_names),
        ])

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(text_height(self.notes, 4))
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # Read-only: what a published notice (OCDS) said, for contracts imported from one.
        self.notice_facts = QLabel()
        self.notice_facts.setWordWrap(True)
        self.notice_facts.setAccessibleName("What the published notice said")
        self.notice_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.notice_box = self._group(column, "Published notice (OCDS)", [
            ("notice", "From the notice", self.notice_facts),
        ])
        self.notice_box.hide()
        self._group(column, "Notes and history", [
            ("notes", "Notes", self.notes),
            ("history", "Stage history", self.history),
        ])
        column.addStretch(1)

        self.save_button, self.revert_button = save_and_revert(
            self, outer, save_tip="Save this contract (Ctrl+S)", revert_tip="Throw away unsaved edits")
        track_edits(self._mark_dirty, self.reference, self.title, self.extension_options, self.procurement_lead,
                    self.contract_manager, self.supplier_names, self.parent_reference, self.stage_note,
                    self.total_value, self.annual_value, self.description, self.notes, self.category,
                    self.vat_basis, self.regime, self.route, self.parent_kind, self.extension_months,
                    self.notice_period_months, self.start_date, self.end_date, self.tender_deadline, self.stage_date)
        self.stage.currentIndexChanged.connect(self._stage_changed)

    def _group(self, column: QVBoxLayout, title: str, rows: list[tuple[str, str, QWidget]]) -> QGroupBox:
        return self.errors.group(column, title, rows, label_width=LABEL_WIDTH)

    # -- loading -----------------------------------------------------------------
    @property
    def contract_id(self) -> int | None:
        return self._detail.id if self._detail else None

    def set_completions(self, references: list[str], people: list[str], suppliers: list[str]) -> None:
        for widget, words in ((self.parent_reference, references), (self.procurement_lead, people),
                              (self.contract_manager, people), (self.supplier_names, suppliers)):
            completer = QCompleter(words, widget)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            widget.setCompleter(completer)

    def show_new(self, data: ContractData | None = None) -> None:
        """An empty form (or a prefilled one) for a contract not yet stored."""
        self._detail = None
        self._fill(data or ContractData(reference="", title="", category=Category.OTHER))
        self.heading.setText("New contract")
        self.decision_due.setText("Worked out when the end date is saved")
        self.history.setText("Recorded when the contract is saved")
        self.children_label.setText("None")
        self._show_notice(None)
        self._set_dirty(False)
        self.reference.setFocus()

    def show_contract(self, contract_id: int) -> bool:
        """Load a stored contract; False (with a message) if it has gone."""
        return self._show_stored(lambda: self._pipeline.get(contract_id), "Contract not found", self._show_detail)

    def _show_detail(self, detail: ContractDetail) -> None:
        self._detail = detail
        self._fill(detail.data)
        self.heading.setText(f"{detail.data.reference} — {detail.data.title}")
        self.decision_due.setText(
            date_text(detail.decision_due) + "  (end date less notice period and the lead time in Settings)"
            if detail.decision_due else "No end date, so no decision date"
        )
        self.children_label.setText(", ".join(detail.child_references) or "None")
        lines = []
        for change in detail.stage_history:
            move = change.to_stage.label if change.from_stage is None else \
                f"{change.from_stage.label} → {change.to_stage.label}"
            note = f" — {change.note}" if change.note else ""
            lines.append(f"{date_text(change.changed_on)}: {move}{note}")
        self.history.setText("\n".join(lines) or "No stage changes recorded")
        self._show_notice(detail.notice)
        self._set_dirty(False)

    def _show_notice(self, notice: PublishedNotice | None) -> None:
        """The notice's facts for a contract imported from one; the box is hidden for the others."""
        self.notice_box.setVisible(notice is not None)
        self.notice_facts.setText("\n".join(f"{label}: {value}" for label, value in notice.lines()) if notice else "")

    def _fill(self, data: ContractData) -> None:
        self._loading = True
        try:
            self.errors.clear()
            self.reference.setText(data.reference)
            self.title.setText(data.title)
            self.category.set_value(data.category)
            self.stage.set_value(data.stage)
            self.description.setPlainText(data.description)
            self.total_value.set_value(data.total_value)
            self.annual_value.set_value(data.annual_value)
            self.vat_basis.set_value(data.vat_basis)
            self.start_date.set_value(data.start_date)
            self.end_date.set_value(data.end_date)
            self.tender_deadline.set_value(data.tender_deadline)
            self.extension_options.setText(data.extension_options)
            self.extension_months.setValue(data.extension_months)
            self.notice_period_months.setValue(data.notice_period_months)
            self.regime.set_value(data.regime)
            self.route.set_value(data.route)
            self.procurement_lead.setText(data.procurement_lead)
            self.contract_manager.setText(data.contract_manager)
            self.parent_reference.setText(data.parent_reference)
            self.parent_kind.set_value(data.parent_kind)
            self.supplier_names.setText("; ".join(data.supplier_names))
            self.notes.setPlainText(data.notes)
            self.stage_note.clear()
            self.stage_date.set_value(date.today())
            self._update_stage_date_enabled()
        finally:
            self._loading = False

    # -- editing -------------------------------------------------------------------
    def _stage_changed(self, *_args) -> None:
        self._update_stage_date_enabled()
        self._mark_dirty()

    def _update_stage_date_enabled(self) -> None:
        changed = self._detail is None or self.stage.value() != self._detail.data.stage
        self.stage_date.setEnabled(changed)
        self.stage_note.setEnabled(changed and self._detail is not None)

    def collect(self) -> ContractData:
        """The form's contents as ContractData; unreadable inputs raise ValidationError."""
        values = read_inputs(total_value=self.total_value.value, annual_value=self.annual_value.value)
        return ContractData(
            reference=self.reference.text(),
            title=self.title.text(),
            category=self.category.value(),
            stage=self.stage.value(),
            description=self.description.toPlainText(),
            total_value=values["total_value"],
            annual_value=values["annual_value"],
            vat_basis=self.vat_basis.value(),
            start_date=self.start_date.value(),
            end_date=self.end_date.value(),
            tender_deadline=self.tender_deadline.value(),
            extension_options=self.extension_options.text(),
            extension_months=self.extension_months.value(),
            notice_period_months=self.notice_period_months.value(),
            regime=self.regime.value(),
            route=self.route.value(),
            procurement_lead=self.procurement_lead.text(),
            contract_manager=self.contract_manager.text(),
            parent_reference=self.parent_reference.text(),
            parent_kind=self.parent_kind.value(),
            supplier_names=tuple(part for part in self.supplier_names.text().split(";")),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> bool:
        """Validate and store; on a problem, say which field and why, and keep the edits."""
        self.errors.clear()
        stored, detail = store_or_explain(
            self, self._store, self.show_errors, "Contract not saved", "\n\nYour edits are still in the form.",
            "\n\nYour edits are still in the form. To reload it, choose Revert (this throws your edits away).")
        if not stored:
            return False
        assert detail is not None  # stored: what _store returned
        self._show_detail(detail)
        self.saved.emit(detail.id)
        return True

    def _store(self) -> ContractDetail:
        data = self.collect()
        if self._detail is None:
            return self._pipeline.create(data, stage_date=self.stage_date.value())
        return self._pipeline.update(
            self._detail.id, self._detail.version, data,
            stage_date=self.stage_date.value(), stage_note=self.stage_note.text().strip(),
        )

    def revert(self) -> None:
        if self._detail is None:
            self.show_new()
        else:
            self.show_contract(self._detail.id)

