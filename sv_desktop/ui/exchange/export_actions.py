"""Export menu actions (pipeline and delivery portfolio to .xlsx/.csv) and Ctrl+C on tables.

The main window calls `add_export_actions(window, menu)` once; the actions use
`window.services.export` (the ExportService `sv-desktop export` uses too),
`window.pipeline_page` (what the pipeline table shows: its filter and sort) and,
when it has figures on screen, `window.dashboard` (its filter). Files are
written off the GUI thread; the last folder used is remembered.

`install_copy_rows(view)` makes Ctrl+C (the platform's Copy key) on a table copy
the selected rows, header first, as tab-separated text that pastes into Excel.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QTableView, QWidget

from sv_desktop.services.export import EXPORT_SUFFIXES, ExportResult, ExportService, Table, tsv_text
from sv_desktop.ui.common.errors import error_message, show_error
from sv_desktop.ui.common.last_folder import folder_key, remember_folder, start_path

FILE_FILTERS = "Excel workbook (*.xlsx);;CSV for Excel, UTF-8 (*.csv)"
FOLDER_KEY = folder_key("exports")
MESSAGE_MS = 10000




def choose_export_file(parent: QWidget, title: str, stem: str) -> Path | None:
    """Ask where to save; a name without .xlsx or .csv gets the one of the chosen file type."""
    chosen, selected_filter = QFileDialog.getSaveFileName(
        parent, title, start_path("exports", f"{stem}-{date.today().isoformat()}.xlsx"), FILE_FILTERS)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        path = path.with_name(path.name + (".csv" if "*.csv" in selected_filter else ".xlsx"))
    remember_folder("exports", path)
    return path


class ExportActions(QObject):
    """The two export actions of a main window.

    Signals:
        exported(str): a file was written (its path).
        export_failed(str): nothing was written; the reason, as shown to the user.
    """

    exported = Signal(str)
    export_failed = Signal(str)

    def __init__(self, window, menu):
        super().__init__(window)
        self._window = window
        self._service: ExportService = window.services.export
        self.pipeline_action = QAction("Export &pipeline…", window)
        self.pipeline_action.setStatusTip(
            "Save the contracts the pipeline shows (its filter and order) as an Excel workbook or CSV file")
        self.pipeline_action.triggered.connect(self.export_pipeline)
        self.portfolio_action = QAction("Export deli&very portfolio…", window)
        self.portfolio_action.setStatusTip(
            "Save the delivery dashboard's totals per metric, commitments and overdue returns for Excel")
        self.portfolio_action.triggered.connect(self.export_portfolio)
        menu.addAction(self.pipeline_action)
        menu.addAction(self.portfolio_action)
        self.task = None  # the export being written, if any

    # -- the pipeline ------------------------------------------------------------------
    def export_pipeline(self) -> Path | None:
        """What the pipeline table shows now, in its order; returns the file being written."""
        page = self._window.pipeline_page
        path = choose_export_file(self._window, "Export pipeline", "pipeline")
        if path is None:
            return None
        index = page.model.index_data
        table = self._service.pipeline_table(index)  # taken now: later filtering does not change what is written
        shown, total = len(index.visible), len(index)
        note = "" if shown == total else f" (the {shown:,} of {total:,} contracts the filter shows)"
        return self._write(path, lambda: [table], note)

    # -- the delivery portfolio -----------------------------------------------------------
    def export_portfolio(self) -> Path | None:
        """The dashboard's figures for its filter; the whole portfolio when the dashboard has none yet."""
        path = choose_export_file(self._window, "Export delivery portfolio", "delivery-portfolio")
        if path is None:
            return None
        dashboard = getattr(self._window, "dashboard", None)
        data = getattr(dashboard, "data", None)
        service = self._service
        if data is not None:
            tables = service.portfolio_tables(data)
            return self._write(path, lambda: tables, "")
        return self._write(path, service.portfolio_tables, "")  # the whole portfolio, read off the GUI thread

    # -- writing ---------------------------------------------------------------------------
    def _write(self, path: Path, tables: Callable[[], Sequence[Table]], note: str) -> Path:
        from sv_desktop.ui.common.background import BackgroundTask

        service = self._service

        def work(_progress) -> ExportResult:
            return service.write(path, tables())

        task = BackgroundTask(self._window, f"Exporting to {path.name}", work, cancellable=False)
        task.done.connect(lambda result: self._done(result, note))
        task.failed.connect(lambda error: self._failed(path, error))
        self.task = task.start()
        return path

    def _done(self, result: ExportResult, note: str) -> None:
        self.task = None
        self._window.statusBar().showMessage(f"{result.text}{note}.", MESSAGE_MS)
        self.exported.emit(str(result.path))

    def _failed(self, path: Path, error: BaseException) -> None:  # what BackgroundTask.failed sends
        self.task = None
        text = f"{path.name} was not written: {error_message(error)}"
        self.export_failed.emit(text)
        show_error(self._window, "Export failed", text)


def add_export_actions(window, menu) -> ExportActions:
    """Add "Export pipeline…" and "Export delivery portfolio…" to `menu`; keep the result to reach the actions."""
    actions = ExportActions(window, menu)
    window.export_actions = actions
    return actions


# -- Ctrl+C on a table --------------------------------------------------------------------------------

def selected_rows_text(view: QTableView, headers: Callable[[], Sequence[str]] | None = None) -> str:
    """The selected rows (or the current one), visible columns in the order shown, header first, as TSV."""
    model = view.model()
    if model is None:
        return ""
    header = view.horizontalHeader()
    columns = [header.logicalIndex(visual) for visual in range(header.count())]
    columns = [column for column in columns if not view.isColumnHidden(column)]
    selection = view.selectionModel()
    rows = sorted({index.row() for index in selection.selectedIndexes()}) if selection is not None else []
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    if not rows:
        return ""
    if headers is not None:
        names = list(headers())
        titles = [names[column] if column < len(names) else "" for column in columns]
    else:
        titles = [str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
                  for column in columns]

    def text(row: int, column: int) -> str:
        value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    return tsv_text(titles, ([text(row, column) for column in columns] for row in rows))


class RowCopier(QObject):
    """Catches the Copy key on one table before the table's own handler (which copies a single cell)."""

    def __init__(self, view: QTableView, headers: Callable[[], Sequence[str]] | None = None):
        super().__init__(view)
        self._view = view
        self._headers = headers
        view.installEventFilter(self)

    def copy(self) -> str:
        text = selected_rows_text(self._view, self._headers)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._view and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            if isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Copy):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # the table handles Copy itself; no window shortcut takes it
                    return False
                self.copy()
                return True
        return super().eventFilter(watched, event)


def install_copy_rows(view: QTableView, headers: Callable[[], Sequence[str]] | None = None,
                      *, several_rows: bool = False) -> RowCopier:
    """Ctrl+C on `view` copies its selected rows with the header row, tab-separated, for Excel.

    `headers` gives column titles by logical column (default: the model's header data).
    `several_rows` lets the user select more than one row (Ctrl/Shift+click) so there is more to copy.
    """
    if several_rows:
        view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
    return RowCopier(view, headers)


__all__ = [
    "ExportActions",
    "RowCopier",
    "add_export_actions",
    "choose_export_file",
    "install_copy_rows",
    "selected_rows_text",
]
