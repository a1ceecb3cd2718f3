"""File → Import menu and importing a file dropped on the main window.

The main window calls `add_import_actions(window, menu, services, reload_page)` once, handing in its services
and how to reload one of its pages ("pipeline", "suppliers", "dashboard"); nothing here imports the main
window. Each import is offered only when its service is on `services` (contract register, published notices
(OCDS), supplier list, spend extract).
Dropping a file on the window opens the right import: .json goes to the OCDS import; an .xlsx or .csv file
is read by each tabular importer and goes to the one whose column names fit best (asking when two fit
equally well), with the file already loaded. Afterwards the pages showing what changed are reloaded.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import UserFacingError
from sv_desktop.services.imports.result import Register, TabularImporter
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.form_parts import rows_height
from sv_desktop.ui.exchange.import_dialog import TabularImportDialog

MESSAGE_MS = 10000
TABULAR_SUFFIXES = (".xlsx", ".xlsm", ".csv")
OCDS_SUFFIX = ".json"
OCDS_SERVICE = "ocds_import"


@dataclass(frozen=True)
class ImportEntry:
    service: str  # the attribute of Services that does the import
    text: str
    shortcut: str | None
    tip: str


ENTRIES = (
    ImportEntry("contract_import", "&Contract register…", "Ctrl+I",
                "Add or update contracts from an Excel or CSV register: match the columns, check a preview, "
                "then import"),
    ImportEntry(OCDS_SERVICE, "Published &notices (OCDS)…", None,
                "Add or update contracts from notices downloaded from Contracts Finder or Find a Tender (.json)"),
    ImportEntry("supplier_import", "&Supplier list…", None,
                "Add or update suppliers from an Excel or CSV list"),
    ImportEntry("spend_import", "S&pend extract…", None,
                "Load invoice lines from a finance spend extract (.xlsx or .csv) for the spend measures"),
)
# What each kind of import changes, so only those pages reload afterwards.
RELOADS = {
    "contracts": ("pipeline", "suppliers", "dashboard"),
    "ocds": ("pipeline", "suppliers", "dashboard"),
    "suppliers": ("suppliers", "pipeline"),
    "spend": ("suppliers", "dashboard"),
}


# -- which importer a dropped file is for ---------------------------------------------------------------------

@dataclass(frozen=True)
class KindGuess:
    """How well one importer's vocabulary fits a file's header row."""

    service: str
    importer: TabularImporter
    register: Register | None
    recognised: int = 0  # columns whose names the importer knows
    complete: bool = False  # every required field has a column
    error: str = ""  # why the importer could not read the file

    @property
    def fit(self) -> tuple[bool, int]:
        return self.complete, self.recognised

    @property
    def title(self) -> str:
        label = self.importer.kind_label
        return label[:1].upper() + label[1:]


def guess_kinds(importers: Mapping[str, TabularImporter], path: Path) -> list[KindGuess]:
    """Read the file with each importer and count the column names each one recognises."""
    guesses = []
    for service, importer in importers.items():
        try:
            register = importer.read(path)
        except (UserFacingError, OSError) as exc:
            guesses.append(KindGuess(service, importer, None, error=str(exc)))
            continue
        mapping = importer.propose_mapping(register.headers)
        complete = all(name in mapping.values() for name in importer.required_fields)
        guesses.append(KindGuess(service, importer, register, len(mapping), complete))
    return guesses


def best_fits(guesses: Sequence[KindGuess]) -> list[KindGuess]:
    """The readable guesses that fit best (more than one when they tie); empty when none could read the file."""
    readable = [g for g in guesses if g.register is not None and g.recognised > 0]
    if not readable:
        return []
    best = max(g.fit for g in readable)
    return [g for g in readable if g.fit == best]


class KindChooser(QDialog):
    """Asks which import a file is for, when its column names fit more than one equally well."""

    def __init__(self, file_name: str, guesses: Sequence[KindGuess], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Which import?")
        self.setAccessibleName("Which import?")
        self._guesses = list(guesses)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(480)
        question = QLabel(f"The column names of {file_name} fit more than one kind of import. Which is it?")
        question.setWordWrap(True)
        label = QLabel("&Kind of file")
        self.choices = QListWidget()
        self.choices.setMaximumHeight(rows_height(self.choices, 4))
        self.choices.setAccessibleName("Kind of file")
        label.setBuddy(self.choices)
        for guess in self._guesses:
            columns = len(guess.register.headers) if guess.register is not None else 0
            item = QListWidgetItem(f"{guess.title} ({guess.recognised} of {columns} columns recognised)")
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(question)
        layout.addWidget(label)
        layout.addWidget(self.choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Open import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> KindGuess | None:
        row = self.choices.currentRow()
        return self._guesses[row] if 0 <= row < len(self._guesses) else None


def ask_kind(parent: QWidget, file_name: str, guesses: Sequence[KindGuess]) -> KindGuess | None:
    chooser = KindChooser(file_name, guesses, parent)
    return chooser.chosen() if chooser.exec() == QDialog.DialogCode.Accepted else None


# -- the menu and the drop target ---------------------------------------------------------------------------------

def dropped_files(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class ImportActions(QObject):
    """The Import submenu of a main window, and the window as a drop target for files to import.

    `services` holds the importers (an attribute per ENTRIES service); `reload_page(name)` reloads one of the
    window's pages after an import changed what it shows.
    """

    def __init__(self, window: QMainWindow, menu: QMenu, services: object, reload_page: Callable[[str], None]):
        super().__init__(window)
        self._window = window
        self._services = services
        self._reload_page = reload_page
        self.menu = menu.addMenu("&Import")
        self.actions: dict[str, QAction] = {}
        for entry in ENTRIES:
            if not hasattr(services, entry.service):
                continue  # that import is not part of this build
            action = QAction(entry.text, window)
            if entry.shortcut:
                action.setShortcut(QKeySequence(entry.shortcut))
            action.setStatusTip(entry.tip)
            service = entry.service
            action.triggered.connect(lambda _checked=False, name=service: self.open_import(name))
            self.menu.addAction(action)
            self.actions[service] = action
        self.dialog: QWidget | None = None  # the import window opened last
        self.task: BackgroundTask | None = None  # reading a dropped file
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # -- what is available ---------------------------------------------------------------------------
    def tabular_importers(self) -> dict[str, TabularImporter]:
        services = self._services
        return {entry.service: getattr(services, entry.service) for entry in ENTRIES
                if entry.service != OCDS_SERVICE and hasattr(services, entry.service)}

    def droppable(self) -> str:
        """The kinds of file that can be dropped, in words."""
        kinds = []
        if self.tabular_importers():
            kinds += ["an Excel workbook (.xlsx)", "a CSV file (.csv)"]
        if hasattr(self._services, OCDS_SERVICE):
            kinds.append("published notices (OCDS, .json)")
        return ", ".join(kinds[:-1]) + " or " + kinds[-1] if len(kinds) > 1 else "".join(kinds)

    # -- opening an import ------------------------------------------------------------------------------
    def open_import(self, service: str, path: Path | None = None, register: Register | None = None) -> QWidget | None:
        """The import window for `service`, with `path` loaded (or the file chooser open when there is none)."""
        if service == OCDS_SERVICE:
            return self._open_ocds(path)
        dialog = TabularImportDialog(getattr(self._services, service), self._window)
        dialog.imported.connect(self.imported)
        self._show(dialog)
        if path is not None and register is not None:
            dialog.show_register(path, register)
        elif path is not None:
            dialog.load(path)
        else:
            dialog.choose_file()
        return dialog

    def _open_ocds(self, path: Path | None) -> QWidget | None:
        try:
            from sv_desktop.ui.exchange.ocds_import_dialog import OcdsImportDialog
        except ModuleNotFoundError as exc:
            if exc.name != "sv_desktop.ui.exchange.ocds_import_dialog":
                raise
            QMessageBox.information(self._window, "Import published notices",
                                    "Importing published notices is not available in this build.")
            return None
        dialog = OcdsImportDialog(getattr(self._services, OCDS_SERVICE), self._window)
        dialog.imported.connect(lambda *_args: self.imported("ocds"))
        self._show(dialog)
        if path is not None:
            dialog.load(path)
        else:
            dialog.choose_file()
        return dialog

    def _show(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.destroyed.connect(lambda *_args, gone=dialog: self._forget(gone))
        self.dialog = dialog
        dialog.show()

    def _forget(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def imported(self, kind: str) -> None:
        """Reload the pages an import of this kind changes."""
        for page in RELOADS.get(kind, ("pipeline", "suppliers", "dashboard")):
            self._reload_page(page)

    # -- dropping files ------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window:
            if (event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDropEvent)
                    and dropped_files(event)):  # QDragEnterEvent and QDragMoveEvent are QDropEvents
                event.acceptProposedAction()
                return True
            if event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
                paths = dropped_files(event)
                if paths:
                    event.acceptProposedAction()
                    self.open_dropped(paths)
                    return True
        return super().eventFilter(watched, event)

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, MESSAGE_MS)

    def open_dropped(self, paths: Sequence[Path]) -> QWidget | BackgroundTask | None:
        """Route dropped files: the OCDS import for .json, the best-fitting tabular import for .xlsx/.csv."""
        if len(paths) != 1:
            self._status(f"Drop one file at a time to import it: {self.droppable()}.")
            return None
        path = Path(paths[0])
        suffix = path.suffix.lower()
        if suffix == OCDS_SUFFIX and hasattr(self._services, OCDS_SERVICE):
            return self.open_import(OCDS_SERVICE, path)
        importers = self.tabular_importers()
        if suffix in TABULAR_SUFFIXES and importers:
            if len(importers) == 1:
                service = next(iter(importers))
                return self.open_import(service, path)
            return self._guess(path, importers)
        self._status(f"{path.name} cannot be imported. You can drop {self.droppable()} on the window.")
        return None

    def _guess(self, path: Path, importers: dict[str, TabularImporter]) -> BackgroundTask:
        task = BackgroundTask(self._window, f"Reading {path.name}", lambda _progress: guess_kinds(importers, path),
                              cancellable=False)
        task.done.connect(lambda guesses: self._open_guessed(path, guesses))
        task.failed.connect(lambda error: self._unreadable(path, [str(error)]))
        self.task = task.start()
        return task

    def _open_guessed(self, path: Path, guesses: list[KindGuess]) -> QWidget | None:
        self.task = None
        fits = best_fits(guesses)
        if not fits:
            self._unreadable(path, [f"as a {g.importer.kind_label}: "
                                    + (g.error.removeprefix(f"{path.name}: ") or "no column names recognised")
                                    for g in guesses])
            return None
        chosen = fits[0] if len(fits) == 1 else ask_kind(self._window, path.name, fits)
        if chosen is None:
            return None
        return self.open_import(chosen.service, path, chosen.register)

    def _unreadable(self, path: Path, reasons: list[str]) -> None:
        self.task = None
        QMessageBox.warning(self._window, "File not imported",
                            f"{path.name} could not be read for import:\n• " + "\n• ".join(reasons)
                            + "\n\nNothing was changed.")


def add_import_actions(window: QMainWindow, menu: QMenu, services: object,
                       reload_page: Callable[[str], None]) -> ImportActions:
    """Add File → Import (the imports on `services`) and make the window accept dropped files; the window
    keeps what this returns as its `import_actions`."""
    return ImportActions(window, menu, services, reload_page)
