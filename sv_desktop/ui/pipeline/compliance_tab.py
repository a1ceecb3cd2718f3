"""The contract's "Compliance" tab: every rule of the active policy profile, its verdict in words, reason and source.

From here the officer records what the rules allow: a justified exception
(which turns a breach into an accepted exception) or a checklist confirmation.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.compliance import RuleResult, Verdict
from sv_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from sv_desktop.domain.policy import RuleKind
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.selection import SelectionService
from sv_desktop.ui.common.editor import NothingToSave
from sv_desktop.ui.common.errors import show_error
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.theme import Tone, tone_colour

# A symbol and a word for every verdict: state is never shown by colour alone.
VERDICT_TEXT = {
    Verdict.PASS: "✔ Pass",
    Verdict.FAIL: "✖ Fail",
    Verdict.WARNING: "⚠ Warning",
    Verdict.EXCEPTION: "✔ Accepted exception",
    Verdict.NOT_YET: "… Not yet applicable",
    Verdict.NOT_APPLICABLE: "– Does not apply",
}
VERDICT_TONE = {Verdict.FAIL: Tone.ERROR, Verdict.WARNING: Tone.WARNING, Verdict.PASS: Tone.OK,
                Verdict.EXCEPTION: Tone.OK}


class ComplianceTab(NothingToSave, QWidget):
    """Signals: changed(int): an exception or confirmation was recorded for this contract id."""

    changed = Signal(int)

    def __init__(self, compliance: ComplianceService, selection: SelectionService, parent: QWidget | None = None):
        super().__init__(parent)
        self._compliance = compliance
        self._selection = selection
        self._contract_id: int | None = None
        self._results: dict[str, RuleResult] = {}
        layout = QVBoxLayout(self)
        self.heading = QLabel("Select a contract to see its compliance checklist.")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTreeWidget()
        self.table.setHeaderLabels(["Rule", "Verdict", "Reason"])
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Compliance checklist")
        self.table.setColumnWidth(0, 330)
        self.table.setColumnWidth(1, 170)
        self.table.setUniformRowHeights(False)
        layout.addWidget(self.table, 3)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Rule detail and source")
        layout.addWidget(self.detail, 2)
        buttons = QHBoxLayout()
        self.exception_button = QPushButton("Record &exception…")
        self.confirm_button = QPushButton("&Confirm checklist item")
        self.refresh_button = QPushButton("Re&check")
        buttons.addWidget(self.exception_button)
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout.addLayout(buttons)
        self.table.currentItemChanged.connect(self._show_rule)
        self.exception_button.clicked.connect(self.record_exception)
        self.confirm_button.clicked.connect(self.toggle_confirmation)
        self.refresh_button.clicked.connect(self.reload)
        self._update_buttons()

    @property
    def shown_contract(self) -> int | None:
        return self._contract_id

    def show_contract(self, contract_id: int | None) -> None:
        self._contract_id = contract_id
        self.reload()

    def reload(self) -> None:
        self.table.clear()
        self.detail.clear()
        self._results = {}
        if self._contract_id is None:
            self.heading.setText("Save the contract first to see its compliance checklist.")
            self._update_buttons()
            return
        try:
            checked = self._compliance.check(self._contract_id)
        except NotFoundError as exc:
            self.heading.setText(str(exc))
            return
        profile = self._compliance.profile()
        fails, warnings = checked.failures, checked.warnings
        self.heading.setText(
            f"{checked.reference}: {checked.status} of the {profile.name} "
            f"({fails} failing, {warnings} warning{'s' if warnings != 1 else ''}, {len(checked.results)} rules)")
        for result in checked.results:
            item = QTreeWidgetItem([result.title, VERDICT_TEXT[result.verdict], result.reason])
            item.setData(0, ItemRole.RULE, result.rule_id)
            item.setToolTip(0, result.title)
            item.setToolTip(2, result.reason)
            tone = VERDICT_TONE.get(result.verdict)
            if tone:
                item.setForeground(1, QBrush(tone_colour(tone)))
            self.table.addTopLevelItem(item)
            self._results[result.rule_id] = result
        first = self.table.topLevelItem(0)  # None when there are no rules
        if first is not None:
            self.table.setCurrentItem(first)
        self._update_buttons()

    def _current(self) -> RuleResult | None:
        item = self.table.currentItem()
        return self._results.get(item.data(0, ItemRole.RULE)) if item is not None else None

    def _show_rule(self, *_args) -> None:
        result = self._current()
        self._update_buttons()
        if result is None:
            self.detail.clear()
            return
        import html

        rule = self._compliance.profile().rule(result.rule_id)
        parts = [f"<h3>{html.escape(result.title)}</h3>",
                 f"<p><b>Verdict:</b> {html.escape(VERDICT_TEXT[result.verdict])}</p>",
                 f"<p><b>Why:</b> {html.escape(result.reason)}</p>"]
        if result.basis:
            parts.append(f"<p><b>Value used:</b> {html.escape(result.basis)}</p>")
        if rule is not None and rule.description:
            parts.append(f"<p>{html.escape(rule.description)}</p>")
        if rule is not None:
            parts.append(f"<p><b>Applies from stage:</b> {html.escape(rule.applies_from.label)}</p>")
            for note in rule.notes:
                parts.append(f"<p><i>{html.escape(note)}</i></p>")
        parts.append(f"<p><b>Source:</b> {html.escape(result.source)}</p>")
        self.detail.setHtml("".join(parts))

    def _update_buttons(self) -> None:
        result = self._current()
        rule = self._compliance.profile().rule(result.rule_id) if result is not None else None
        self.exception_button.setEnabled(bool(result and result.exception_allowed
                                              and result.verdict in (Verdict.FAIL, Verdict.EXCEPTION)))
        self.exception_button.setText("Edit or remove &exception…" if result and result.verdict is Verdict.EXCEPTION
                                      else "Record &exception…")
        confirmable = bool(result and rule and rule.kind is RuleKind.OFFICER_CONFIRMATION
                           and result.verdict is not Verdict.NOT_APPLICABLE)
        self.confirm_button.setEnabled(confirmable)
        confirmed = confirmable and result is not None and result.verdict is Verdict.PASS
        self.confirm_button.setText("Withdraw &confirmation" if confirmed else "&Confirm checklist item")

    def _save_plan(self, change) -> None:
        assert self._contract_id is not None  # its callers return first when no contract is shown
        try:
            plan = self._selection.plan(self._contract_id)
            self._selection.save(self._contract_id, change(plan))
        except (ValidationError, ConflictError, NotFoundError) as exc:
            show_error(self, "Not recorded", exc)
            return
        current = self._current()
        keep = current.rule_id if current else None
        self.reload()
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            if item is not None and item.data(0, ItemRole.RULE) == keep:
                self.table.setCurrentItem(item)
        self.changed.emit(self._contract_id)

    def record_exception(self) -> None:
        result = self._current()
        if result is None or self._contract_id is None:
            return
        current = self._selection.plan(self._contract_id).exceptions.get(result.rule_id, "")
        text, ok = QInputDialog.getMultiLineText(
            self, "Exception to the policy",
            f"Why does {result.title.lower()} not apply as written to this contract? "
            "The justification is kept with the contract and shown on reports. Leave it empty to remove the exception.",
            current)
        if not ok:
            return

        def change(plan):
            exceptions = dict(plan.exceptions)
            if text.strip():
                exceptions[result.rule_id] = text.strip()
            else:
                exceptions.pop(result.rule_id, None)
            return replace(plan, exceptions=exceptions)

        self._save_plan(change)

    def toggle_confirmation(self) -> None:
        result = self._current()
        if result is None or self._contract_id is None:
            return

        def change(plan):
            confirmations = set(plan.confirmations)
            confirmations ^= {result.rule_id}
            return replace(plan, confirmations=frozenset(confirmations))

        self._save_plan(change)
