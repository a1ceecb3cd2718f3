"""The import dialog for any tabular importer (contract register, supplier list, spend extract).

Four steps in one window, with Back and Next: choose the file; match its columns to fields (the importer's
proposal, or the matching remembered for files laid out the same way); preview what importing would do,
with every invalid row's problems (row, column, what is wrong); import in one transaction, then the result
with every skipped row and its reason. Reading, previewing and importing run off the GUI thread with
progress; previewing and importing can be cancelled, which leaves the store unchanged. If any row is
invalid nothing is imported unless the officer ticks the box to skip the invalid rows.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import UserFacingError
from sv_desktop.services.export import ExportError, Kind, Table, TableColumn, tsv_text, write_tables
from sv_desktop.services.imports.result import ImportResult, Register, TabularImporter
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.form_parts import heading_label
from sv_desktop.ui.common.rows_table import ColumnSpec, RowsModel, read_only_table
from sv_desktop.ui.common.task_dialog import TaskDialog
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.common.ui_state import ui_state
from sv_desktop.ui.exchange.column_mapping import ColumnMappingEditor, example_values
from sv_desktop.ui.exchange.mapping_memory import MappingMemory

FOLDER_KEY = "import/folder"
OPEN_FILTERS = "Excel workbook or CSV file (*.xlsx *.xlsm *.csv);;All files (*)"
CSV_FILTER = "CSV for Excel, UTF-8 (*.csv)"
FILE, MAPPING, PREVIEW, RESULT = range(4)
STEP_TITLES = ("Choose the file", "Match the columns", "Check the preview", "Result")
WRAP_ROWS = 300  # up to this many rows, long reasons wrap onto more lines; beyond, the tooltip has them whole


def last_import_folder() -> str:
    folder = ui_state().value(FOLDER_KEY)
    if folder and Path(str(folder)).is_dir():
        return str(folder)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def remember_import_folder(path: Path) -> None:
    state = ui_state()
    state.setValue(FOLDER_KEY, str(path.parent))
    state.sync()


def error_text(path: Path, error: object, *, changed_nothing: bool) -> str:
    """What went wrong, in words, naming the file."""
    if isinstance(error, OSError):
        text = f"{path.name}: cannot be read ({error.strerror or error})"
    elif isinstance(error, UserFacingError):
        text = str(error)
        if path.name not in text:
            text = f"{path.name}: {text}"
    else:
        text = f"{path.name}: stopped by an unexpected error ({type(error).__name__}: {error})"
    return text + (" Nothing was changed." if changed_nothing else "")


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def fit_rows(view: QTableView) -> None:
    """Let long reasons wrap when the list is short enough to measure every row."""
    if view.model().rowCount() <= WRAP_ROWS:
        view.resizeRowsToContents()


def _table(name: str, model: RowsModel) -> QTableView:
    view = read_only_table(name, model)
    view.setWordWrap(True)  # long reasons wrap (see fit_rows)
    return view


PROBLEM_COLUMNS = (
    ColumnSpec("Row", lambda p: str(p.row), lambda p: p.row, right=True),
    ColumnSpec("Column", lambda p: p.column, lambda p: p.column.casefold()),
    ColumnSpec("What is wrong", lambda p: p.message, tooltip=lambda p: p.message),
)
SKIPPED_COLUMNS = (
    ColumnSpec("Row", lambda r: str(r[0]), lambda r: r[0], right=True),
    ColumnSpec("Reason", lambda r: r[1], tooltip=lambda r: r[1]),
)


class TabularImportDialog(TaskDialog):
    """Import one file through `importer`. `remembered` keeps column matchings (None: the per-user memory).

    Signals:
        imported(str): something was stored; the importer's kind ("contracts", "suppliers", "spend").
    """

    imported = Signal(str)

    def __init__(self, importer: TabularImporter, parent: QWidget | None = None,
                 remembered: MappingMemory | None = None):
        super().__init__(parent)
        self.importer = importer
        self.memory = remembered if remembered is not None else MappingMemory()
        self.kind_title = importer.kind_label[:1].upper() + importer.kind_label[1:]
        self.setWindowTitle(f"Import {importer.kind_label}")
        self.setAccessibleName(f"Import {importer.kind_label}")
        self.resize(900, 640)
        self.path: Path | None = None
        self.register: Register | None = None
        self.proposed: dict[int, str] = {}
        self.preview_result: ImportResult | None = None
        self.import_result: ImportResult | None = None

        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setAccessibleName("Step")
        layout.addWidget(self.step_label)
        self.pages = QStackedWidget()
        self.file_page = self._file_page()
        self.mapping_page = self._mapping_page()
        self.preview_page = self._preview_page()
        self.result_page = self._result_page()
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.back_button = QPushButton("&Back")
        self.back_button.setAccessibleName("Back")
        self.next_button = QPushButton("&Next")
        self.next_button.setDefault(True)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.next_button.setAutoDefault(True)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        self._go(FILE)

    # -- pages ----------------------------------------------------------------------------------------
    def _page(self, heading: str = "") -> tuple[QWidget, QVBoxLayout, QLabel]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        title = heading_label()
        title.setText(heading)
        layout.addWidget(title)
        return page, layout, title

    def _file_page(self) -> QWidget:
        page, layout, _title = self._page(f"Import a {self.importer.kind_label}")
        intro = QLabel(
            f"Choose the Excel workbook (.xlsx) or CSV file that holds the {self.importer.kind_label}. Title "
            "rows above the column names are skipped; UK dates (31/03/2027) and amounts (£1,250,000, 1.2m, "
            "£250k) are understood. Nothing is stored until you choose Import, after a preview.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self.file_row("Choose a file, or paste its path", entered=self.next, browse=self.choose_file))
        layout.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page, layout, self.mapping_heading = self._page()
        self.header_note = QLabel()
        self.header_note.setWordWrap(True)
        self.header_note.setAccessibleName("Header row")
        layout.addWidget(self.header_note)
        remembered_row = QHBoxLayout()
        self.mapping_note = QLabel()
        self.mapping_note.setWordWrap(True)
        self.mapping_note.setAccessibleName("Where the matching comes from")
        self.suggested_button = QPushButton("Use the &suggested matching")
        self.suggested_button.setAccessibleName("Use the matching suggested from the column names")
        self.suggested_button.clicked.connect(lambda: self.mapping_editor.set_mapping(self.proposed))
        remembered_row.addWidget(self.mapping_note, 1)
        remembered_row.addWidget(self.suggested_button)
        layout.addLayout(remembered_row)
        self.required_note = QLabel()
        self.required_note.setWordWrap(True)
        layout.addWidget(self.required_note)
        self.mapping_editor: ColumnMappingEditor = ColumnMappingEditor()
        self.mapping_editor.changed.connect(self._update_buttons)
        layout.addWidget(self.mapping_editor, 1)
        return page

    def _preview_page(self) -> QWidget:
        page, layout, self.preview_heading = self._page()
        counts = QFormLayout()
        self.count_labels: dict[str, QLabel] = {}
        for key, title in (("rows", "Rows read"), ("added", "Would be added"), ("updated", "Would be updated"),
                           ("unchanged", "Unchanged"), ("rejected", "Invalid (would be rejected)")):
            value = QLabel()
            value.setAccessibleName(title)
            counts.addRow(title, value)
            self.count_labels[key] = value
        layout.addLayout(counts)
        self.problems_label = QLabel("&Problems (row numbers as the spreadsheet shows them)")
        self.problems_model = RowsModel(PROBLEM_COLUMNS, self)
        self.problems_view = _table("Problems found in the file", self.problems_model)
        self.problems_view.setColumnWidth(0, 60)
        self.problems_view.setColumnWidth(1, 180)
        self.problems_label.setBuddy(self.problems_view)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems_view, 1)
        self.no_problems_label = QLabel("No problems found: every row can be imported.")
        layout.addWidget(self.no_problems_label)
        self.skip_box = QCheckBox("&Skip the invalid rows and import the rest")  # the count is filled in by a preview
        self.skip_box.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_box)
        self.import_reason = QLabel()
        self.import_reason.setWordWrap(True)
        self.import_reason.setAccessibleName("Why Import is not available")
        set_tone(self.import_reason, Tone.ERROR)
        layout.addWidget(self.import_reason)
        return page

    def _result_page(self) -> QWidget:
        page, layout, self.result_heading = self._page()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("Import result")
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        self.skipped_label = QLabel("Skipped &rows and why")
        self.skipped_model = RowsModel(SKIPPED_COLUMNS, self)
        self.skipped_view = _table("Skipped rows and why", self.skipped_model)
        self.skipped_view.setColumnWidth(0, 60)
        self.skipped_label.setBuddy(self.skipped_view)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.skipped_view, 1)
        row = QHBoxLayout()
        self.copy_button = QPushButton("&Copy list")
        self.copy_button.setAccessibleName("Copy the list of skipped rows")
        self.copy_button.clicked.connect(self.copy_skipped)
        self.save_button = QPushButton("Sa&ve list as CSV…")
        self.save_button.setAccessibleName("Save the list of skipped rows as a CSV file")
        self.save_button.clicked.connect(self.save_skipped)
        row.addWidget(self.copy_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(0)
        return page

    # -- moving between steps ---------------------------------------------------------------------------
    def _go(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.step_label.setText(f"Step {page + 1} of 4: {STEP_TITLES[page]}")
        self._update_buttons()
        focus = {FILE: self.file_edit, MAPPING: self.mapping_editor.combos[0] if self.mapping_editor.combos else None,
                 PREVIEW: self.problems_view if self.problems_model.rows else self.next_button,
                 RESULT: self.skipped_view if self.skipped_model.rows else self.close_button}[page]
        if focus is not None:
            focus.setFocus()

    def back(self) -> None:
        page = self.pages.currentIndex()
        if self.task is None and page in (MAPPING, PREVIEW):
            self.say("")
            self._go(page - 1)

    def next(self) -> BackgroundTask | None:
        """The current step's forward action: read the file, preview, import, or start again."""
        if self.task is not None:
            return None
        page = self.pages.currentIndex()
        if page == FILE:
            text = self.file_edit.text().strip()
            if not text:
                self.say("Choose the file to import first.", error=True)
                self.file_edit.setFocus()
                return None
            return self.load(text)
        if page == MAPPING:
            return self.run_preview()
        if page == PREVIEW:
            return self.run_import()
        self.say("")
        self._go(FILE)
        self.file_edit.selectAll()
        return None

    def busy_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        busy = self.task is not None
        self.back_button.setVisible(page in (MAPPING, PREVIEW))
        self.back_button.setEnabled(not busy)
        self.browse_button.setEnabled(not busy)
        texts = {FILE: "&Next", MAPPING: "&Preview", PREVIEW: "&Import", RESULT: "Import &another file"}
        self.next_button.setText(texts[page])
        self.next_button.setAccessibleName(texts[page].replace("&", ""))
        enabled = not busy
        if page == MAPPING:
            enabled = enabled and not self.mapping_editor.problems()
        elif page == PREVIEW:
            reason = self._import_refusal()
            self.import_reason.setText(reason)
            self.import_reason.setVisible(bool(reason))
            enabled = enabled and not reason
        self.next_button.setEnabled(enabled)

    # -- work off the GUI thread ------------------------------------------------------------------------
    def _run(self, title: str, work: Callable[[Callable[[int, int], bool]], Any], done: Callable[[Any], None],
             failed_page: int, *, cancellable: bool = True, changes: bool = False) -> BackgroundTask:
        """Run one step's work; a failure is said in words naming the file, on the page it came from."""
        path = self.path or Path("The file")

        def failed(error: object) -> None:
            self.say(error_text(path, error, changed_nothing=changes), error=True)
            self._go(failed_page)

        return self.run_task(title, work, done, failed=failed, cancellable=cancellable)

    # -- step 1: the file -------------------------------------------------------------------------------
    def choose_file(self) -> BackgroundTask | None:
        """Ask for the file (starting in the folder used last) and read it."""
        chosen, _filter = QFileDialog.getOpenFileName(self, f"Import {self.importer.kind_label}",
                                                      last_import_folder(), OPEN_FILTERS)
        if not chosen:
            return None
        return self.load(chosen)

    def load(self, path: str | Path) -> BackgroundTask:
        """Read the file off the GUI thread, then show its columns to match."""
        path = Path(path)
        self.path = path
        self.file_edit.setText(str(path))
        remember_import_folder(path)
        importer = self.importer
        return self._run(f"Reading {path.name}", lambda _progress: importer.read(path),
                         lambda register: self.show_register(path, register), FILE, cancellable=False)

    def show_register(self, path: str | Path, register: Register) -> None:
        """Show the columns of a file already read, with the remembered matching or the suggested one."""
        path = Path(path)
        self.path, self.register = path, register
        self.file_edit.setText(str(path))
        importer = self.importer
        headers = register.headers
        self.proposed = dict(importer.propose_mapping(headers))
        remembered = self.memory.recall(importer.kind, headers, importer.fields)
        self.mapping_heading.setText(f"Match the columns of {path.name}")
        above = register.header_row - 1
        self.header_note.setText(
            f"The column names are on row {register.header_row}"
            + (f"; the {plural(above, 'row')} above it {'is' if above == 1 else 'are'} skipped. " if above else ". ")
            + f"{plural(len(register.rows), 'row')} of data below it.")
        if remembered is not None:
            self.mapping_note.setText("Using the matching you chose before for files with these column names.")
        else:
            self.mapping_note.setText("Suggested from the column names: check each one before the preview.")
        self.suggested_button.setVisible(remembered is not None and remembered != self.proposed)
        required = ", ".join(importer.fields.get(name, name) for name in importer.required_fields)
        self.required_note.setText(f"Required: {required} (marked “required” in the lists). Columns set to "
                                   "“Not imported” are left out.")
        examples = example_values(len(headers), [row.cells for row in register.rows])
        self.mapping_editor.set_columns(headers, examples, importer.fields, importer.required_fields,
                                        remembered if remembered is not None else self.proposed)
        self.say("")
        self._go(MAPPING)

    # -- step 2 and 3: preview -----------------------------------------------------------------------------
    def run_preview(self) -> BackgroundTask | None:
        """What importing would do, off the GUI thread (cancellable); nothing is stored."""
        if self.path is None or self.mapping_editor.problems():
            return None
        path, mapping, importer = self.path, self.mapping_editor.mapping(), self.importer
        return self._run(f"Checking {path.name}",
                         lambda progress: importer.preview(path, mapping, progress=progress),
                         self._show_preview, MAPPING)

    def _show_preview(self, result: ImportResult) -> None:
        if result.cancelled:
            self.say("Preview cancelled. Nothing was changed.")
            return
        self.preview_result = result
        invalid = len(result.rejected)
        self.preview_heading.setText(f"Preview of {result.file_name}")
        for key, value in (("rows", result.rows), ("added", result.added), ("updated", result.updated),
                           ("unchanged", result.unchanged), ("rejected", invalid)):
            self.count_labels[key].setText(f"{value:,}")
        self.problems_model.set_rows(result.problems)
        fit_rows(self.problems_view)
        has_problems = bool(result.problems)
        self.problems_label.setVisible(has_problems)
        self.problems_view.setVisible(has_problems)
        self.no_problems_label.setVisible(not has_problems and result.rows > 0)
        self.skip_box.blockSignals(True)
        self.skip_box.setChecked(False)
        self.skip_box.blockSignals(False)
        self.skip_box.setText(f"&Skip the {plural(invalid, 'invalid row')} and import the rest")
        self.skip_box.setVisible(0 < invalid < result.rows)
        self._go(PREVIEW)

    def _import_refusal(self) -> str:
        """Why Import is not available on the preview page (empty when it is)."""
        result = self.preview_result
        if result is None:
            return "Preview the file first."
        invalid = len(result.rejected)
        if result.rows == 0:
            return "The file has no rows of data below the column names, so there is nothing to import."
        if invalid == result.rows:
            return ("Every row is invalid, so nothing can be imported. Correct the file, then go Back and "
                    "preview it again.")
        if invalid and not self.skip_box.isChecked():
            return (f"Nothing can be imported while {plural(invalid, 'row')} {'is' if invalid == 1 else 'are'} "
                    "invalid: correct the file, then go Back and preview it again, or tick the box to skip "
                    f"the invalid {'row' if invalid == 1 else 'rows'} and import the rest.")
        if not (result.added or result.updated):
            rows = "every valid row" if invalid else "every row"
            return f"Importing would change nothing: {rows} matches what is already stored."
        return ""

    # -- step 4: import --------------------------------------------------------------------------------------
    def run_import(self) -> BackgroundTask | None:
        """Import in one transaction, off the GUI thread (cancel rolls it back)."""
        if self.path is None or self.preview_result is None or self._import_refusal():
            return None
        path, importer = self.path, self.importer
        mapping, skip = dict(self.preview_result.mapping), self.skip_box.isChecked()
        return self._run(f"Importing {path.name}",
                         lambda progress: importer.import_file(path, mapping, skip_invalid=skip, progress=progress),
                         self._show_result, PREVIEW, changes=True)

    def _show_result(self, result: ImportResult) -> None:
        self.import_result = result
        if result.cancelled:
            self.say(result.summary())
            return
        self._remember(result)
        if result.stored:
            heading = "Imported"
        elif result.refused:
            heading = "Nothing was imported"
        else:
            heading = "Nothing changed"
        self.result_heading.setText(f"{heading}: {result.file_name}")
        self.summary_label.setText(result.summary())
        self.skipped_model.set_rows(result.rejected)
        fit_rows(self.skipped_view)
        has_skipped = bool(result.rejected)
        self.skipped_label.setText("Rows not imported and why" if result.refused else "Skipped &rows and why")
        for widget in (self.skipped_label, self.skipped_view, self.copy_button, self.save_button):
            widget.setVisible(has_skipped)
        self._go(RESULT)
        if result.stored:
            self.imported.emit(self.importer.kind)

    def _remember(self, result: ImportResult) -> None:
        """Keep the matching for files laid out like this one, unless it is just the suggestion."""
        kind, headers = self.importer.kind, result.headers
        if dict(result.mapping) == dict(self.importer.propose_mapping(headers)):
            self.memory.forget(kind, headers)
        else:
            self.memory.remember(kind, headers, result.mapping)

    # -- the skipped rows -------------------------------------------------------------------------------------
    def _skipped_table(self) -> tuple[list[str], list[list[object]]]:
        rows = list(self.import_result.rejected) if self.import_result is not None else []
        return ["Row", "Reason"], [[number, reason] for number, reason in rows]

    def copy_skipped(self) -> str:
        """The skipped rows, tab-separated with a header line, on the clipboard for Excel."""
        headers, rows = self._skipped_table()
        text = tsv_text(headers, ([str(number), str(reason)] for number, reason in rows))
        QGuiApplication.clipboard().setText(text)
        self.say(f"Copied the list of {plural(len(rows), 'skipped row')}.")
        return text

    def save_skipped(self) -> Path | None:
        """Ask where, then write the skipped rows as CSV (Row, Reason)."""
        if self.import_result is None or self.path is None:
            return None
        suggested = self.path.with_name(f"{self.path.stem}-skipped-rows.csv")
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save the skipped rows", str(suggested), CSV_FILTER)
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".csv":
            target = target.with_name(target.name + ".csv")
        _headers, rows = self._skipped_table()
        table = Table("Skipped rows", (TableColumn("Row", Kind.INTEGER), TableColumn("Reason")), rows)
        try:
            write_tables(target, [table])
        except (ExportError, OSError) as exc:
            self.say(f"{target.name} was not written: {getattr(exc, 'strerror', None) or exc}", error=True)
            return None
        self.say(f"Saved the list of {plural(len(rows), 'skipped row')} to {target}.")
        return target
