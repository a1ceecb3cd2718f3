"""The contract's "Social value" tab: choose outcomes, criteria and metrics, refine wording, set the weighting.

Selections are made from a searchable tree of every framework (PPN 002 first)
with check boxes; the chosen list beside it shows each entry's catalogue
original and the officer's refinement, and what changed between them.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.selection import OUTCOME_KINDS, SelectedEntry, SocialValuePlan
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.pipeline import PipelineService
from sv_desktop.services.reports import ReportService, default_tender_file_name
from sv_desktop.services.selection import SelectionService, percent
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.editor import DirtyTracking
from sv_desktop.ui.common.errors import show_error
from sv_desktop.ui.common.form_parts import text_height
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.literal_text import literal
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.common.widgets import enable_clear_button

KIND_WORDS = {"mission": "Mission", "theme": "Theme", "priority": "Priority", "outcome": "Outcome",
              "award_criterion": "Award criterion", "sub_criterion": "Sub-criterion",
              "opportunity_area": "Opportunity area", "metric": "Metric"}


def _change_html(entry: SelectedEntry) -> str:
    """What changed, word by word: removed words struck through in [- -], added ones underlined in {+ +}."""
    import html
    import re

    summary = entry.change_summary()
    if not summary:
        return "No changes: the catalogue wording is used."
    text = html.escape(summary)
    text = re.sub(r"\[-(.*?)-\]", r"<s>[-\1-]</s>", text)
    return re.sub(r"\{\+(.*?)\+\}", r"<u><b>{+\1+}</b></u>", text)


class SocialValueTab(DirtyTracking, QWidget):
    """Edits one contract's social value plan and saves it in one transaction.

    Signals:
        saved(int): the plan of this contract id was stored.
    """

    saved = Signal(int)

    def __init__(self, selection: SelectionService, catalogue: CatalogueService, pipeline: PipelineService,
                 parent: QWidget | None = None, *, reports: ReportService | None = None):
        super().__init__(parent)
        self._reports = reports  # the PDF needs the report service; without it the PDF button stays off
        self._pdf_task: BackgroundTask | None = None
        self._selection = selection
        self._catalogue = catalogue
        self._pipeline = pipeline
        self._contract_id: int | None = None
        self._reference = ""
        self._title = ""
        self._category = ""
        self._plan = SocialValuePlan()
        self._entries: dict[tuple[str, str], SelectedEntry] = {}
        self._tree_built = False
        self._loading = False
        self._build()

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel("Select a contract to choose its social value.")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        settings = QFormLayout()
        self.weighting = QLineEdit()
        self.weighting.setPlaceholderText("e.g. 10")
        self.word_limit = QSpinBox()
        self.word_limit.setRange(0, 10000)
        self.word_limit.setSpecialValueText("Not set")
        self.word_limit.setSingleStep(50)
        self.word_limit.setSuffix(" words")
        self.cohort = QLineEdit()
        self.cohort.setPlaceholderText("Optional, e.g. care leavers")
        self.workforce_note = QLabel()
        self.workforce_note.setWordWrap(True)
        for text, widget in (("Social value &weighting (% of total score)", self.weighting),
                             ("Word l&imit for the response", self.word_limit),
                             ("Target &cohort", self.cohort)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            settings.addRow(label, widget)
        settings.addRow(QLabel("Workforce baseline"), self.workforce_note)
        self.spec_boxes: dict[str, QCheckBox] = {}
        self.spec_row = QGridLayout()  # two columns, so long theme names never widen the window
        settings.addRow(QLabel("Specification covers"), self._wrap(self.spec_row))
        layout.addLayout(settings)
        self.error = QLabel()
        set_tone(self.error, Tone.ERROR)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search outcomes, criteria and metrics")
        enable_clear_button(self.search)
        self.search.setAccessibleName("Search the catalogue to choose from")
        self.suggestions = QLabel()
        self.suggestions.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Catalogue (tick to choose)", "Kind", "Note"])
        self.tree.setAccessibleName("Catalogue entries to choose")
        self.tree.setColumnWidth(0, 420)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.suggestions)
        left_layout.addWidget(self.tree, 1)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.chosen = QTreeWidget()
        self.chosen.setHeaderLabels(["Chosen", "Kind", "Wording", "Share of weighting"])
        self.chosen.setAccessibleName("Chosen social value")
        self.chosen.setRootIsDecorated(False)
        self.chosen.setColumnWidth(0, 300)
        right_layout.addWidget(self.chosen, 3)
        self.original = QPlainTextEdit()
        self.original.setReadOnly(True)
        self.original.setAccessibleName("Catalogue wording (original)")
        self.refined = QPlainTextEdit()
        self.refined.setAccessibleName("Your wording for the tender")
        self.refined.setTabChangesFocus(True)
        self.changes = QLabel()
        self.changes.setWordWrap(True)
        self.changes.setAccessibleName("What you changed")
        self.share = QLineEdit()
        self.share.setPlaceholderText("Blank: an even share of what is left")
        self.share.setAccessibleName("This outcome's share of the weighting (%)")
        self.restore = QPushButton("Restore &original wording")
        detail = QFormLayout()
        detail.addRow("Catalogue wording", self.original)
        detail.addRow("Your wording", self.refined)
        detail.addRow("Changed", self.changes)
        detail.addRow("Share of weighting (%)", self.share)
        detail.addRow("", self.restore)
        for editor in (self.original, self.refined):
            editor.setMinimumHeight(text_height(editor, 3))
            editor.setMaximumHeight(text_height(editor, 7))
        self.changes.setTextFormat(Qt.TextFormat.RichText)
        right_layout.addLayout(detail, 2)
        splitter.addWidget(right)
        splitter.setSizes([560, 640])
        layout.addWidget(splitter, 1)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton("Cop&y tender questions")
        self.word_button = QPushButton("Save as &Word…")
        self.pdf_button = QPushButton("Save as P&DF…")
        self.pdf_button.setAccessibleName("Save the tender questions as PDF")
        self.revert_button = QPushButton("Re&vert")
        self.save_button = QPushButton("&Save social value")
        for button in (self.copy_button, self.word_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.search.textChanged.connect(self._filter_tree)
        self.tree.itemChanged.connect(self._tree_item_changed)
        self.chosen.currentItemChanged.connect(self._show_chosen)
        self.refined.textChanged.connect(self._refined_edited)
        self.share.textEdited.connect(self._share_edited)
        self.restore.clicked.connect(self._restore_original)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        self.copy_button.clicked.connect(self.copy_questions)
        self.word_button.clicked.connect(self.save_word)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.weighting.textEdited.connect(self._mark_dirty)
        self.word_limit.valueChanged.connect(self._mark_dirty)
        self.cohort.textEdited.connect(self._mark_dirty)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._set_enabled(False)

    @staticmethod
    def _wrap(layout) -> QWidget:
        holder = QWidget()
        holder.setLayout(layout)
        layout.setContentsMargins(0, 0, 0, 0)
        return holder

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.weighting, self.word_limit, self.cohort, self.search, self.tree, self.chosen,
                       self.save_button, self.copy_button, self.word_button, self.revert_button):
            widget.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled and self._reports is not None and self._pdf_task is None)

    # -- catalogue tree --------------------------------------------------------------
    def _ensure_tree(self) -> None:
        if self._tree_built:
            return
        catalogue = self._catalogue.catalogue()
        self._loading = True
        self.tree.clear()
        for framework in catalogue.frameworks:
            top = QTreeWidgetItem([framework.name, "Framework", ""])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            self._add_entries(top, framework.entries)
        for concept in catalogue.concepts:
            box = QCheckBox(literal(concept.name))
            box.setAccessibleName(f"Specification covers {concept.name}")
            box.toggled.connect(self._mark_dirty)
            self.spec_boxes[concept.id] = box
            position = len(self.spec_boxes) - 1
            self.spec_row.addWidget(box, position // 2, position % 2)
        first = self.tree.topLevelItem(0)  # None when the catalogue has no frameworks
        if first is not None:
            first.setExpanded(True)  # PPN 002 first, open
        self._tree_built = True
        self._loading = False

    def _add_entries(self, parent: QTreeWidgetItem, entries) -> None:
        for entry in entries:
            item = QTreeWidgetItem([f"{entry.ref}  {entry.title}", KIND_WORDS.get(entry.kind, entry.kind), ""])
            item.setData(0, ItemRole.KEY, (entry.framework_id, entry.ref))
            item.setToolTip(0, entry.text or entry.title)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            parent.addChild(item)
            self._add_entries(item, entry.children)

    def _items(self):
        iterator = QTreeWidgetItemIterator(self.tree)
        while iterator.value():
            yield iterator.value()
            iterator += 1

    def _filter_tree(self, text: str) -> None:
        words = text.casefold().split()

        def visit(item: QTreeWidgetItem) -> bool:
            own = all(w in (item.text(0) + " " + (item.toolTip(0) or "")).casefold() for w in words)
            child_match = False
            for i in range(item.childCount()):
                child = item.child(i)
                if child is not None:
                    child_match = visit(child) or child_match
            shown = not words or own or child_match
            item.setHidden(not shown)
            item.setExpanded(bool(words) and child_match)
            return own or child_match

        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None:
                visit(top)

    def _tree_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading or column != 0:
            return
        key = item.data(0, ItemRole.KEY)
        if key is None:
            return
        if item.checkState(0) == Qt.CheckState.Checked and key not in self._entries:
            self._entries[key] = self._selection.entry_from_catalogue(*key)
        elif item.checkState(0) == Qt.CheckState.Unchecked:
            self._entries.pop(key, None)
        self._mark_dirty()
        self._refresh_chosen(select=key)

    # -- loading -----------------------------------------------------------------------
    @property
    def shown_contract(self) -> int | None:
        return self._contract_id

    def show_contract(self, contract_id: int | None) -> None:
        self._contract_id = contract_id
        if contract_id is None:
            self.heading.setText("Save the contract first, then choose its social value.")
            self._set_enabled(False)
            return
        self._ensure_tree()
        self.reload()

    def reload(self) -> None:
        if self._contract_id is None:
            return
        try:
            detail = self._pipeline.get(self._contract_id)
            plan = self._selection.plan(self._contract_id)
        except NotFoundError as exc:
            self.heading.setText(str(exc))
            self._set_enabled(False)
            return
        self._reference, self._title = detail.data.reference, detail.data.title
        self._category = detail.data.category.value
        self._plan = plan
        self._set_enabled(True)
        self.heading.setText(f"Social value for {detail.data.reference} — {detail.data.title}")
        self._loading = True
        try:
            self.weighting.setText("" if plan.weighting_percent is None else f"{plan.weighting_percent.normalize():f}")
            self.word_limit.setValue(plan.word_limit or 0)
            self.cohort.setText(plan.target_cohort)
            for concept_id, box in self.spec_boxes.items():
                box.setChecked(concept_id in plan.specification_covers)
            self._entries = {entry.key: entry for entry in plan.entries}
            suggested = {(f, r) for f, r, _ in self._selection.suggestions(self._category)}
            for item in self._items():
                key = item.data(0, ItemRole.KEY)
                if key is None:
                    continue
                item.setCheckState(0, Qt.CheckState.Checked if key in self._entries else Qt.CheckState.Unchecked)
                item.setText(2, f"Suggested for {detail.data.category.label}" if key in suggested else "")
            self.suggestions.setText(
                f"Suggested for {detail.data.category.label} (seed 002 category guide): "
                + ", ".join(sorted(r for _f, r in suggested)) if suggested else
                f"No category guide suggestions for {detail.data.category.label}.")
        finally:
            self._loading = False
        self._refresh_chosen()
        self.error.hide()
        self._set_dirty(False)

    # -- chosen list ---------------------------------------------------------------------
    def _ordered_entries(self) -> list[SelectedEntry]:
        """Chosen entries in catalogue order, so the pack reads like the framework."""
        order = {}
        for position, item in enumerate(self._items()):
            key = item.data(0, ItemRole.KEY)
            if key is not None:
                order[key] = position
        return sorted(self._entries.values(), key=lambda e: order.get(e.key, 1 << 30))

    def current_plan(self) -> SocialValuePlan:
        """The tab's contents as a plan; unreadable numbers raise ValidationError."""
        try:
            weighting = percent(self.weighting.text())
        except ValueError as exc:
            raise ValidationError([FieldError("weighting_percent", str(exc))]) from exc
        return replace(
            self._plan,
            weighting_percent=weighting,
            word_limit=self.word_limit.value() or None,
            target_cohort=self.cohort.text(),
            entries=tuple(self._ordered_entries()),
            specification_covers=frozenset(k for k, box in self.spec_boxes.items() if box.isChecked()),
        )

    def _refresh_chosen(self, select: tuple[str, str] | None = None) -> None:
        item = self.chosen.currentItem()
        current = select or (item.data(0, ItemRole.KEY) if item else None)
        try:
            weights = self.current_plan().outcome_weights()
        except ValidationError:
            weights = {}
        self.chosen.blockSignals(True)
        self.chosen.clear()
        chosen_item = None
        for entry in self._ordered_entries():
            wording = "Refined (changed from the catalogue)" if entry.is_refined else "As in the catalogue"
            share = ""
            if entry.kind in OUTCOME_KINDS and entry.key in weights:
                even = "" if entry.weight_percent is not None else " (even share)"
                share = f"{weights[entry.key].normalize():f} %{even}"
            kind = KIND_WORDS.get(entry.kind, entry.kind)
            item = QTreeWidgetItem([f"{entry.ref}  {entry.title}", kind, wording, share])
            item.setData(0, ItemRole.KEY, entry.key)
            self.chosen.addTopLevelItem(item)
            if entry.key == current:
                chosen_item = item
        self.chosen.blockSignals(False)
        if chosen_item is not None:
            self.chosen.setCurrentItem(chosen_item)
        self._show_chosen(self.chosen.currentItem(), None)
        needs_baseline = any(e.framework_id == "ppn002" and e.ref in ("1", "6", "7") for e in self._entries.values())
        self.workforce_note.setText(
            "Required: PPN 002 outcome 1, 6 or 7 is chosen, so bidders must state the number of people who will "
            "work on the contract, in roles (not FTE)." if needs_baseline else
            "Not required (only for PPN 002 outcomes 1, 6 and 7).")

    def _show_chosen(self, item, _previous) -> None:
        entry = self._entries.get(item.data(0, ItemRole.KEY)) if item is not None else None
        self._loading = True
        try:
            for widget in (self.refined, self.restore, self.share):
                widget.setEnabled(entry is not None)
            if entry is None:
                self.original.clear()
                self.refined.clear()
                self.changes.setText("Choose an entry in the list to see or refine its wording.")
                self.share.clear()
                return
            self.original.setPlainText(entry.original_text)
            self.refined.setPlainText(entry.text)
            self.changes.setText(_change_html(entry))
            self.share.setEnabled(entry.kind in OUTCOME_KINDS)
            self.share.setText("" if entry.weight_percent is None else f"{entry.weight_percent.normalize():f}")
        finally:
            self._loading = False

    def _current_entry(self) -> SelectedEntry | None:
        item = self.chosen.currentItem()
        return self._entries.get(item.data(0, ItemRole.KEY)) if item is not None else None

    def _refined_edited(self) -> None:
        entry = self._current_entry()
        if self._loading or entry is None:
            return
        text = self.refined.toPlainText()
        updated = replace(entry, refined_text=None if text.strip() == entry.original_text.strip() else text)
        self._entries[entry.key] = updated
        self.changes.setText(_change_html(updated))
        item = self.chosen.currentItem()  # the entry's own: _current_entry read it from there
        assert item is not None
        item.setText(2, "Refined (changed from the catalogue)" if updated.is_refined else "As in the catalogue")
        self._mark_dirty()

    def _share_edited(self, text: str) -> None:
        entry = self._current_entry()
        if entry is None:
            return
        try:
            value = percent(text)
        except ValueError as exc:
            self._show_errors([FieldError("entries", f"{entry.ref}: {exc}")])
            return
        self._entries[entry.key] = replace(entry, weight_percent=value)
        self._mark_dirty()
        self._refresh_chosen(select=entry.key)

    def _restore_original(self) -> None:
        entry = self._current_entry()
        if entry is not None:
            self._entries[entry.key] = replace(entry, refined_text=None)
            self._mark_dirty()
            self._refresh_chosen(select=entry.key)

    # -- saving and output -----------------------------------------------------------------
    def _dirty_shown(self, dirty: bool) -> None:
        self.revert_button.setEnabled(dirty and self._contract_id is not None)

    def revert(self) -> None:
        self.reload()

    def save(self) -> bool:
        if self._contract_id is None:
            return False
        self.error.hide()
        try:
            self._selection.save(self._contract_id, self.current_plan())
        except ValidationError as exc:
            self._show_errors(list(exc.errors))
            return False
        except (ConflictError, NotFoundError) as exc:
            show_error(self, "Social value not saved", exc)
            return False
        self.reload()
        self.saved.emit(self._contract_id)
        return True

    def _show_errors(self, errors: list[FieldError]) -> None:
        labels = {"weighting_percent": "Social value weighting", "word_limit": "Word limit",
                  "target_cohort": "Target cohort", "entries": "Chosen entries", "exceptions": "Exceptions"}
        self.error.setText("Not saved. Please correct:\n• " + "\n• ".join(
            f"{labels.get(e.field, e.field)}: {e.message}" for e in errors))
        self.error.show()

    def tender_pack(self):
        return self._selection.tender_pack(self._reference, self._title, self.current_plan())

    def copy_questions(self) -> None:
        try:
            text = self.tender_pack().as_text()
        except ValidationError as exc:
            self._show_errors(list(exc.errors))
            return
        QGuiApplication.clipboard().setText(text)
        self.heading.setText(f"Tender questions for {self._reference} copied to the clipboard.")

    def save_word(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save tender questions as Word",
                                              start_path("reports", f"{self._reference}-social-value-questions.docx"),
                                              "Word document (*.docx)")
        if not path:
            return
        remember_folder("reports", path)
        try:
            self._selection.write_tender_word(self._reference, self._title, self.current_plan(), path)
        except ValidationError as exc:
            self._show_errors(list(exc.errors))
            return
        except OSError as exc:
            QMessageBox.warning(self, "Not saved", f"The Word document could not be written: {exc}")
            return
        self.heading.setText(f"Saved {path}")

    def save_pdf(self, path: str | None = None) -> BackgroundTask | None:
        """Write the tender questions (as the tab shows them, saved or not) to a PDF off the GUI thread."""
        if self._reports is None or self._contract_id is None or self._pdf_task is not None:
            return None
        try:
            plan = self.current_plan()
        except ValidationError as exc:
            self._show_errors(list(exc.errors))
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save tender questions as PDF",
                                                  start_path("reports", default_tender_file_name(self._reference)),
                                                  "PDF (*.pdf)")
            remember_folder("reports", path)
        if not path:
            return None
        reports, reference = self._reports, self._reference
        task = BackgroundTask(self, "Saving the tender questions as PDF…",
                              lambda progress: reports.build_tender_pack(reference, Path(path), progress, plan=plan))
        task.done.connect(self._pdf_saved)
        task.failed.connect(self._pdf_failed)
        self._pdf_task = task
        self.pdf_button.setEnabled(False)
        self.heading.setText(f"Saving the tender questions for {reference} as PDF…")
        return task.start()

    def _pdf_finished(self) -> None:
        self._pdf_task = None
        self.pdf_button.setEnabled(self._contract_id is not None)

    def _pdf_saved(self, path: object) -> None:
        self._pdf_finished()
        self.heading.setText(f"Saved {path}")

    def _pdf_failed(self, error: object) -> None:
        self._pdf_finished()
        if isinstance(error, InterruptedError):
            self.heading.setText("Cancelled; no PDF was written.")
        elif isinstance(error, OSError):
            QMessageBox.warning(self, "Not saved", f"The PDF could not be written: {error.strerror or error}")
        else:
            QMessageBox.warning(self, "Not saved", f"The PDF could not be built: {error}")
