"""Importing published notices (OCDS .json from Contracts Finder or Find a Tender) into the pipeline.

One window: the file and what it holds; three tabs: the buyers to import (all ticked at first; Space
ticks and unticks), the CPV -> category table (edit it in place; saving checks every row and says
what is wrong, and writes your own copy), and the preview of what importing would add, update or
leave unchanged with every release that would be skipped and why. Reading, previewing and importing
run off the GUI thread; previewing and importing show progress and can be cancelled, which leaves the
store unchanged. `imported` fires with the result once something was stored.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.catalogue.cpv_categories import CpvRule, CpvTable
from sv_desktop.catalogue.loader import CatalogueError
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.imports.ocds import NoticeOutcome, OcdsImportResult, OcdsImportService, PackageSummary
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.form_parts import heading_label
from sv_desktop.ui.common.formatting import money_text
from sv_desktop.ui.common.rows_table import NONE_YET, ColumnSpec, RowsModel, read_only_table
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.task_dialog import TaskDialog
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.exchange.import_dialog import (
    error_text,
    fit_rows,
    last_import_folder,
    plural,
    remember_import_folder,
)

Index = QModelIndex | QPersistentModelIndex
OPEN_FILTERS = "Published notices, OCDS (*.json);;All files (*)"
BUYERS, CPV, PREVIEW = range(3)
NO_BUYER_LABEL = "(no buyer named)"

OUTCOME_COLUMNS = (
    ColumnSpec("Action", lambda o: o.action.capitalize(), lambda o: o.action),
    ColumnSpec("Reference", lambda o: o.reference, lambda o: o.reference.casefold(), tooltip=lambda o: o.ocid),
    ColumnSpec("Title", lambda o: o.title, lambda o: o.title.casefold(), tooltip=lambda o: o.title),
    ColumnSpec("Category", lambda o: o.category.label),
    ColumnSpec("Stage", lambda o: o.stage.label),
    ColumnSpec("Value", lambda o: money_text(o.value) if o.value is not None else NONE_YET,
               lambda o: o.value, right=True),
)
SKIPPED_COLUMNS = (
    ColumnSpec("Where in the file", lambda s: s[0], tooltip=lambda s: s[0]),
    ColumnSpec("Why it is skipped", lambda s: s[1], tooltip=lambda s: s[1]),
)


class CpvRulesModel(QAbstractTableModel):
    """The CPV -> category table as an editable grid: prefix, category, what the codes are."""

    HEADERS = ("CPV prefix", "Category", "What the codes are")
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[list[Any]] = []  # [prefix, Category | None, label]
        self.dirty = False

    def set_rules(self, rules: tuple[CpvRule, ...] | list[CpvRule]) -> None:
        self.beginResetModel()
        self._rows = [[rule.prefix, rule.category, rule.label] for rule in rules]
        self.endResetModel()
        self.dirty = False

    def rules(self) -> list[CpvRule]:
        return [CpvRule(str(prefix).strip(), category, str(label).strip())
                for prefix, category, label in self._rows]

    def add_rule(self) -> QModelIndex:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(["", Category.OTHER, ""])
        self.endInsertRows()
        self._touched()
        return self.index(row, 0)

    def remove_rule(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self._touched()

    def _touched(self) -> None:
        self.dirty = True
        self.changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == 1:
                return value.label if isinstance(value, Category) else "(choose a category)"
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value.value if index.column() == 1 and isinstance(value, Category) else value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not 0 <= index.row() < len(self._rows):
            return False
        if index.column() == 1:
            try:
                value = value if isinstance(value, Category) else Category.from_text(str(value))
            except ValueError:
                return False
        else:
            value = " ".join(str(value).split()) if index.column() == 2 else str(value).strip()
        if self._rows[index.row()][index.column()] == value:
            return True
        self._rows[index.row()][index.column()] = value
        self.dataChanged.emit(index, index)
        self._touched()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1  # the row numbers save problems name
        return None


class CategoryDelegate(QStyledItemDelegate):
    """A choice box of the categories for the Category column; a choice (arrow keys, typing) takes at once."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:  # noqa: N802 - Qt override
        combo = QComboBox(parent)
        combo.setAccessibleName("Category")
        for category in Category:
            combo.addItem(category.label, category.value)
        combo.currentIndexChanged.connect(lambda _position, editor=combo: self.commitData.emit(editor))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt override
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))  # type: ignore[attr-defined]
        editor.blockSignals(True)  # showing the stored value is not a choice
        editor.setCurrentIndex(max(position, 0))  # type: ignore[attr-defined]
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # noqa: N802 - Qt override
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]


class OcdsImportDialog(TaskDialog):
    """Import an OCDS release or record package through `service` (an OcdsImportService).

    Signals:
        imported(object): the OcdsImportResult of an import that stored something.
    """

    imported = Signal(object)

    def __init__(self, service: OcdsImportService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.path: Path | None = None
        self.summary: PackageSummary | None = None
        self.preview_result: OcdsImportResult | None = None
        self.import_result: OcdsImportResult | None = None
        self._filling = False
        self.setWindowTitle("Import published notices (OCDS)")
        self.setAccessibleName("Import published notices")
        self.resize(980, 700)

        layout = QVBoxLayout(self)
        heading = heading_label()
        heading.setText("Import published notices")
        layout.addWidget(heading)
        intro = QLabel("Contract notices downloaded from Contracts Finder or Find a Tender (OCDS release or record "
                       "packages, .json) become contracts in the pipeline, one per contracting process (ocid). "
                       "Importing the same notices again changes nothing; a newer notice updates only what the "
                       "notice says, never your own edits. Nothing is stored until you choose Import.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self.file_row("Choose a .json file, or paste its path and press Enter",
                                       entered=self._load_typed, browse=self.choose_file))
        self.summary_label = QLabel("No file read yet.")
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("What the file holds")
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Import settings and preview")
        self.tabs.addTab(self._buyers_tab(), "&Buyers")
        self.tabs.addTab(self._cpv_tab(), "&CPV categories")
        self.tabs.addTab(self._preview_tab(), "Pre&view")
        layout.addWidget(self.tabs, 1)

        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setAccessibleName("Preview what importing would do")
        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleName("Import")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        for button in (self.preview_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.preview_button.clicked.connect(self.run_preview)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.reject)
        self._load_table()
        self._update_buttons()

    # -- the tabs ---------------------------------------------------------------------------------------------
    def _buyers_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel("Only notices from the ticked buyers are imported. Space ticks or unticks the buyer in focus.")
        note.setWordWrap(True)
        layout.addWidget(note)
        find_row = QHBoxLayout()
        find_label = QLabel("Fi&nd a buyer")
        self.buyer_search = QLineEdit()
        self.buyer_search.setAccessibleName("Find a buyer")
        self.buyer_search.setClearButtonEnabled(True)
        find_label.setBuddy(self.buyer_search)
        find_row.addWidget(find_label)
        find_row.addWidget(self.buyer_search, 1)
        layout.addLayout(find_row)
        self.buyer_model = QStandardItemModel(self)
        self.buyer_filter = QSortFilterProxyModel(self)
        self.buyer_filter.setSourceModel(self.buyer_model)
        self.buyer_filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.buyer_search.textChanged.connect(self.buyer_filter.setFilterFixedString)
        self.buyer_list = QListView()
        self.buyer_list.setModel(self.buyer_filter)
        self.buyer_list.setAccessibleName("Buyers in the file, with their number of releases")
        self.buyer_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.buyer_list, 1)
        row = QHBoxLayout()
        self.all_button = QPushButton("Tick &all")
        self.all_button.setAccessibleName("Tick every buyer")
        self.none_button = QPushButton("Untick all")
        self.none_button.setAccessibleName("Untick every buyer")
        self.all_button.clicked.connect(lambda: self.set_all_buyers(True))
        self.none_button.clicked.connect(lambda: self.set_all_buyers(False))
        self.buyer_count = QLabel()
        self.buyer_count.setAccessibleName("Buyers chosen")
        for widget in (self.all_button, self.none_button):
            widget.setAutoDefault(False)
            row.addWidget(widget)
        row.addWidget(self.buyer_count, 1)
        layout.addLayout(row)
        self.buyer_model.itemChanged.connect(self._buyers_changed)
        return page

    def _cpv_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.cpv_note = QLabel()
        self.cpv_note.setWordWrap(True)
        self.cpv_note.setAccessibleName("Which CPV table is in use")
        self.cpv_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.cpv_note)
        table_label = QLabel("CPV &rules (a notice takes the category of the longest prefix its main CPV code "
                             "starts with; F2 or typing edits a cell)")
        table_label.setWordWrap(True)
        self.cpv_model = CpvRulesModel(self)
        self.cpv_view = QTableView()
        self.cpv_view.setModel(self.cpv_model)
        self.cpv_view.setAccessibleName("CPV prefix to category rules")
        self.cpv_view.setItemDelegateForColumn(1, CategoryDelegate(self.cpv_view))
        self.cpv_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.cpv_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cpv_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.EditKeyPressed
                                      | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.cpv_view.setTabKeyNavigation(False)
        self.cpv_view.setAlternatingRowColors(True)
        self.cpv_view.horizontalHeader().setStretchLastSection(True)
        self.cpv_view.setColumnWidth(0, 110)
        self.cpv_view.setColumnWidth(1, 220)
        table_label.setBuddy(self.cpv_view)
        layout.addWidget(table_label)
        layout.addWidget(self.cpv_view, 1)
        self.cpv_problems = QLabel()
        self.cpv_problems.setWordWrap(True)
        set_tone(self.cpv_problems, Tone.ERROR)
        self.cpv_problems.setAccessibleName("What is wrong with the table")
        self.cpv_problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cpv_problems.hide()
        layout.addWidget(self.cpv_problems)
        row = QHBoxLayout()
        self.add_rule_button = QPushButton("A&dd rule")
        self.add_rule_button.setAccessibleName("Add a rule")
        self.remove_rule_button = QPushButton("R&emove rule")
        self.remove_rule_button.setAccessibleName("Remove the rule in focus")
        self.save_table_button = QPushButton("&Save table")
        self.save_table_button.setAccessibleName("Save the table as your own copy")
        self.reset_table_button = QPushButton("Use the s&hipped table")
        self.reset_table_button.setAccessibleName("Go back to the shipped table")
        for button in (self.add_rule_button, self.remove_rule_button, self.save_table_button,
                       self.reset_table_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_rule_button.clicked.connect(self.add_rule)
        self.remove_rule_button.clicked.connect(self.remove_rule)
        self.save_table_button.clicked.connect(self.save_table)
        self.reset_table_button.clicked.connect(self.reset_table)
        self.cpv_model.changed.connect(self._table_edited)
        return page

    def _preview_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.preview_counts = QLabel("Choose Preview to see what importing would do; nothing is stored.")
        self.preview_counts.setWordWrap(True)
        self.preview_counts.setAccessibleName("Preview counts")
        self.preview_counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.preview_counts)
        outcomes_label = QLabel("C&ontracts")
        self.outcome_model = RowsModel(OUTCOME_COLUMNS, self)
        self.outcome_view = read_only_table("Contracts the notices add, update or leave unchanged", self.outcome_model)
        self.outcome_view.setColumnWidth(0, 90)
        self.outcome_view.setColumnWidth(1, 200)
        self.outcome_view.setColumnWidth(2, 300)
        outcomes_label.setBuddy(self.outcome_view)
        layout.addWidget(outcomes_label)
        layout.addWidget(self.outcome_view, 2)
        skipped_label = QLabel("S&kipped releases and why")
        self.skipped_model = RowsModel(SKIPPED_COLUMNS, self)
        self.skipped_view = read_only_table("Skipped releases and why", self.skipped_model)
        self.skipped_view.setWordWrap(True)
        self.skipped_view.setColumnWidth(0, 360)
        skipped_label.setBuddy(self.skipped_view)
        layout.addWidget(skipped_label)
        layout.addWidget(self.skipped_view, 1)
        return page

    # -- the file -------------------------------------------------------------------------------------------
    def choose_file(self) -> BackgroundTask | None:
        """Ask for the .json file (starting in the folder used last) and read it."""
        chosen, _filter = QFileDialog.getOpenFileName(self, "Import published notices", last_import_folder(),
                                                      OPEN_FILTERS)
        if not chosen:
            return None
        return self.load(chosen)

    def _load_typed(self) -> None:
        text = self.file_edit.text().strip()
        if text:
            self.load(text)

    def load(self, path: str | Path) -> BackgroundTask | None:
        """Read the file off the GUI thread, then show what it holds and its buyers."""
        if self.task is not None:
            return None
        path = Path(path)
        self.path = path
        self.file_edit.setText(str(path))
        remember_import_folder(path)
        service = self.service
        return self._run(f"Reading {path.name}", lambda _progress: service.read(path), self._show_summary,
                         cancellable=False)

    def _show_summary(self, summary: PackageSummary) -> None:
        self.summary = summary
        self.summary_label.setText(summary.text())
        self._filling = True  # one update at the end, not one per buyer
        self.buyer_model.clear()
        for name, count in summary.buyers:
            item = QStandardItem(f"{name or NO_BUYER_LABEL} ({plural(count, 'release')})")
            item.setData(name, ItemRole.NAME)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            self.buyer_model.appendRow(item)
        self._filling = False
        self._buyers_changed()
        self._clear_preview("Choose Preview to see what importing would do; nothing is stored.")
        if summary.skipped:
            self.skipped_model.set_rows(summary.skipped)
            fit_rows(self.skipped_view)
        self.import_result = None
        self.say("")
        self.tabs.setCurrentIndex(BUYERS)
        self.buyer_list.setFocus()
        if self.buyer_filter.rowCount():
            self.buyer_list.setCurrentIndex(self.buyer_filter.index(0, 0))

    # -- buyers ---------------------------------------------------------------------------------------------
    def _items(self) -> list[QStandardItem]:
        return [self.buyer_model.item(row) for row in range(self.buyer_model.rowCount())]

    def chosen_buyers(self) -> list[str] | None:
        """The ticked buyers' names; None when every buyer is ticked (the whole file)."""
        items = self._items()
        ticked = [item.data(ItemRole.NAME) for item in items if item.checkState() == Qt.CheckState.Checked]
        return None if len(ticked) == len(items) else ticked

    def set_buyer_checked(self, name: str, checked: bool) -> bool:
        for item in self._items():
            if item.data(ItemRole.NAME) == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return True
        return False

    def set_all_buyers(self, checked: bool) -> None:
        self._filling = True
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._filling = False
        self._buyers_changed()

    def _buyers_changed(self, _item: QStandardItem | None = None) -> None:
        if self._filling:
            return
        items = self._items()
        ticked = sum(1 for item in items if item.checkState() == Qt.CheckState.Checked)
        self.buyer_count.setText(f"{ticked:,} of {plural(len(items), 'buyer')} ticked")
        if self.preview_result is not None:
            self._clear_preview("The buyers changed: choose Preview again to see what importing would do.")
        self._update_buttons()

    # -- the CPV table --------------------------------------------------------------------------------------
    def _load_table(self) -> None:
        path = self.service.cpv_table_path
        try:
            table = self.service.cpv_table()
        except CatalogueError as exc:  # a broken user copy is shown, not raised
            table = self.service.shipped_cpv_table()
            self._show_table(table)
            self.cpv_note.setText(f"Your own table ({path}) cannot be used: {exc}. The shipped table is shown; "
                                  "saving it replaces your copy.")
            self.cpv_problems.setText(str(exc))
            self.cpv_problems.show()
            self.cpv_model.dirty = True
            return
        self._show_table(table)

    def _show_table(self, table: CpvTable) -> None:
        self.cpv_model.set_rules(table.rules)
        self.cpv_problems.hide()
        path = self.service.cpv_table_path
        if table.path == path:
            self.cpv_note.setText(f"Using your own table, {path}. “Use the shipped table” goes back to the one "
                                  "SV Desktop ships.")
        else:
            self.cpv_note.setText("Using the table SV Desktop ships (CPV 2008 divisions mapped to the procurement "
                                  f"categories). Saving an edited table writes your own copy to {path}; it changes "
                                  "the category of notices imported from then on.")
        self.reset_table_button.setEnabled(path.exists())

    def _table_edited(self) -> None:
        if self.preview_result is not None:
            self._clear_preview("The CPV table changed: choose Preview again to see what importing would do.")
        self.save_table_button.setEnabled(True)

    def add_rule(self) -> None:
        index = self.cpv_model.add_rule()
        self.cpv_view.setCurrentIndex(index)
        self.cpv_view.scrollTo(index)
        self.cpv_view.setFocus()
        self.cpv_view.edit(index)

    def remove_rule(self) -> None:
        index = self.cpv_view.currentIndex()
        if index.isValid():
            self.cpv_model.remove_rule(index.row())

    def save_table(self) -> bool:
        """Save the edited table as the user's copy; on a problem say which rows are wrong and keep the edits."""
        try:
            table = self.service.save_cpv_table(self.cpv_model.rules())
        except ValidationError as exc:
            self.cpv_problems.setText("The table was not saved. " + "; ".join(str(e) for e in exc.errors) + ".")
            self.cpv_problems.show()
            self.tabs.setCurrentIndex(CPV)
            self._select_first_bad_row(exc)
            return False
        except OSError as exc:
            self.cpv_problems.setText(f"The table was not saved: {exc.strerror or exc}.")
            self.cpv_problems.show()
            return False
        self._show_table(table)
        self.say(f"Saved the CPV table ({len(table.rules)} rules) to {table.path}.")
        return True

    def _select_first_bad_row(self, exc: ValidationError) -> None:
        for error in exc.errors:
            words = error.field.split()
            if len(words) >= 2 and words[0] == "row" and words[1].isdigit():
                column = {"prefix": 0, "category": 1, "label": 2}.get(words[-1], 0)
                index = self.cpv_model.index(int(words[1]) - 1, column)
                self.cpv_view.setCurrentIndex(index)
                self.cpv_view.scrollTo(index)
                self.cpv_view.setFocus()
                return

    def reset_table(self) -> None:
        table = self.service.reset_cpv_table()
        self._show_table(table)
        self.say("Using the shipped CPV table again; your copy was removed.")

    # -- preview and import ----------------------------------------------------------------------------------
    def _ready(self) -> str:
        """Why Preview and Import cannot run now ("" when they can)."""
        if self.path is None or self.summary is None:
            return "Choose the file to import first."
        if not any(item.checkState() == Qt.CheckState.Checked for item in self._items()):
            return "Tick at least one buyer."
        return ""

    def _table_saved(self) -> bool:
        """Preview and import use the saved table: unsaved edits are saved first (or the problems shown)."""
        return not self.cpv_model.dirty or self.save_table()

    def run_preview(self) -> BackgroundTask | None:
        """What importing would do, off the GUI thread (cancellable); nothing is stored."""
        return self._start(True)

    def run_import(self) -> BackgroundTask | None:
        """Import in one transaction, off the GUI thread with progress; Cancel leaves the store unchanged."""
        return self._start(False)

    def _start(self, dry_run: bool) -> BackgroundTask | None:
        reason = self._ready()
        if reason or self.task is not None:
            self.say(reason, error=True)
            return None
        if not self._table_saved():
            return None
        path, buyers, service = self.path, self.chosen_buyers(), self.service
        assert path is not None  # _ready() asks for a file until one is chosen
        return self._run(f"{'Checking' if dry_run else 'Importing'} {path.name}",
                         lambda progress: service.import_file(path, buyers, dry_run=dry_run, progress=progress),
                         self._show_preview if dry_run else self._show_result, changes=not dry_run)

    def _show_preview(self, result: OcdsImportResult) -> None:
        if result.cancelled:
            self.say("Preview cancelled. Nothing was changed.")
            return
        self.preview_result = result
        self._show_outcomes(result, "would be")
        self.say("")
        self.tabs.setCurrentIndex(PREVIEW)
        self.outcome_view.setFocus()

    def _show_result(self, result: OcdsImportResult) -> None:
        self.import_result = result
        if result.cancelled:
            self.say("Import cancelled. Nothing was changed.")
            return
        self.preview_result = None
        self._show_outcomes(result, "were")
        self.say(result.summary())
        self.tabs.setCurrentIndex(PREVIEW)
        if result.stored:
            self.imported.emit(result)

    def _show_outcomes(self, result: OcdsImportResult, verb: str) -> None:
        processes = plural(result.notices, "contracting process", "contracting processes")
        skipped = plural(len(result.skipped), "release or process", "releases or processes")
        self.preview_counts.setText(
            f"{result.file_name}: {processes} from {plural(result.releases, 'release')}. {result.added:,} {verb} "
            f"added, {result.updated:,} updated, {result.unchanged:,} unchanged; {skipped} skipped (listed below "
            "with the reason).")
        self.outcome_model.set_rows(_in_action_order(result.outcomes))
        self.skipped_model.set_rows(result.skipped)
        fit_rows(self.skipped_view)

    def _clear_preview(self, text: str) -> None:
        self.preview_result = None
        self.preview_counts.setText(text)
        self.outcome_model.set_rows([])
        self.skipped_model.set_rows([])

    # -- running work off the GUI thread ------------------------------------------------------------------------
    def _run(self, title: str, work: Callable[[Callable[[int, int], bool]], Any], done: Callable[[Any], None], *,
             cancellable: bool = True, changes: bool = False) -> BackgroundTask:
        path = self.path or Path("The file")
        def failed(error: object) -> None:
            self.say(error_text(path, error, changed_nothing=changes), error=True)

        return self.run_task(title, work, done, cancellable=cancellable, failed=failed)

    def busy_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.task is not None
        ready = not self._ready() and not busy
        self.preview_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.browse_button.setEnabled(not busy)
        self.file_edit.setReadOnly(busy)
        for button in (self.all_button, self.none_button):
            button.setEnabled(bool(self._items()) and not busy)


def _in_action_order(outcomes: tuple[NoticeOutcome, ...]) -> list[NoticeOutcome]:
    """Added first, then updated, then unchanged: what changes comes first."""
    order = {"added": 0, "updated": 1, "unchanged": 2}
    return sorted(outcomes, key=lambda o: order.get(o.action, 3))
