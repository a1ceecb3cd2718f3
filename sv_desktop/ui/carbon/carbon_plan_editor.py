"""The form for one carbon plan version: what the supplier published, its figures, targets, sign-off and document.

Numbers are typed as officers write them ("1,200.5"); a cell that is not a
number is named (row and column) beside the emissions grid as soon as it is
typed, and nothing is saved until it is fixed. Saving goes through the carbon
service in one transaction; a ValidationError is shown beside the fields it
names, a ConflictError in a message box, and the edits stay on screen.
"""
from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.carbon_plan import (
    ALL_SOURCES,
    REQUIRED_SOURCES,
    CarbonPlanData,
    EmissionFigure,
    Emissions,
    EmissionSource,
    InterimTarget,
    Scope,
    emissions,
    footprint,
    format_tonnes,
    required_sources,
)
from sv_desktop.domain.carbon_plan_input import EARLIEST_YEAR, LATEST_TARGET_YEAR, validate_plan
from sv_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.services.carbon import CarbonService
from sv_desktop.services.carbon_records import PlanRecord
from sv_desktop.services.documents import MAX_DOCUMENT_BYTES
from sv_desktop.ui.common.form_parts import (
    EditForm,
    FieldErrors,
    confirm,
    error_lines,
    heading_label,
    rows_height,
    save_and_revert,
    scroll_body,
    store_or_explain,
    text_height,
    track_edits,
)
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.theme import Tone, invalid_cell_background, set_tone
from sv_desktop.ui.common.widgets import OptionalDateEdit

LABEL_WIDTH = 160  # one label column width, so the groups line up
NOTE_MIN_WIDTH = 130  # an explanation column narrower than this is no use

PLAN_TYPE_TEXT = {
    CarbonPlan.FULL_CRP: "Full Carbon Reduction Plan (CRP)",
    CarbonPlan.NZC: "Net Zero Commitment (NZC)",
}
APPROVERS = ("Board of directors", "Equivalent management body", "A director (no board)")
NZC_NOTE = ("A Net Zero Commitment is not checked scope by scope, so its emissions are not entered here. "
            "Figures already typed are kept with the plan.")

FIELD_LABELS = {
    "plan_type": "Document type",
    "publication_date": "Publication date",
    "url": "Web address",
    "baseline_year": "Baseline year",
    "reporting_year_end": "Reporting year end",
    "net_zero_year": "Net zero year",
    "scopes": "Scopes covered",
    "baseline": "Baseline emissions",
    "current": "Current emissions",
    "interim_targets": "Interim targets",
    "reduction_measures": "Reduction measures",
    "approved_by": "Approved by",
    "approved_on": "Approved on",
    "notes": "Notes",
    "document": "Plan document",
}
# Both periods' messages are shown under the one grid.
ERROR_HOME = {"baseline": "emissions", "current": "emissions"}
# Messages that name their own row and column, so the field's name is not put in front of them.
NAMED_IN_MESSAGE = ("baseline", "current", "interim_targets")


def parse_number(text: str) -> Decimal | None:
    """'1,200.5' -> Decimal('1200.5'); '' -> None; anything else raises ValueError."""
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is not a number") from None
    if not value.is_finite():
        raise ValueError(f"'{text.strip()}' is not a number")
    return value


def number_text(value: Decimal | None) -> str:
    """A stored figure as it is edited: thousands separated, no trailing zeros, nothing rounded."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def grid_label(source: EmissionSource) -> str:
    """"Scope 1: direct emissions", "Cat 4: upstream transportation and distribution": short enough for a grid."""
    if source in (EmissionSource.SCOPE1, EmissionSource.SCOPE2):
        return source.label
    return f"{source.short}: {source.label.split(': ', 1)[1]}"


class OptionalYearSpin(QSpinBox):
    """A year that may be left unset: the value below the range reads "Not set"."""

    def __init__(self, earliest: int, latest: int, first_step: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._first_step = first_step
        self.setRange(earliest - 1, latest)
        self.setSpecialValueText("Not set")
        self.setValue(self.minimum())
        self.setGroupSeparatorShown(False)

    def year(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_year(self, year: int | None) -> None:
        self.setValue(self.minimum() if year is None else year)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        """From "Not set" the arrows go to a likely year, not to the bottom of the range."""
        if self.value() == self.minimum() and steps > 0:
            self.setValue(self._first_step)
            return
        super().stepBy(steps)


class EmissionsGrid(QTableWidget):
    """Every emission source with baseline and current tCO2e and explanations, then two totals rows."""

    SOURCE, NEEDED, BASE_T, BASE_NOTE, CURRENT_T, CURRENT_NOTE = range(6)
    HEADERS = ("Emission source", "Needed", "Baseline tCO2e", "Baseline explanation", "Current tCO2e",
               "Current explanation")
    HEADER_TEXT = ("Emission source", "Needed", "Baseline\ntCO2e", "Baseline\nexplanation", "Current\ntCO2e",
                   "Current\nexplanation")
    PERIOD_COLUMNS = {"baseline": (BASE_T, BASE_NOTE), "current": (CURRENT_T, CURRENT_NOTE)}

    def __init__(self, parent: QWidget | None = None):
        super().__init__(len(ALL_SOURCES) + 2, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(list(self.HEADER_TEXT))
        for column, name in enumerate(self.HEADERS):
            self._header(column).setToolTip(name)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setTabKeyNavigation(False)  # Tab leaves the grid; the arrow keys move inside it
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((self.SOURCE, 240), (self.NEEDED, 76), (self.BASE_T, 84), (self.BASE_NOTE, 130),
                              (self.CURRENT_T, 84), (self.CURRENT_NOTE, 130)):
            self.setColumnWidth(column, width)
        for column in (self.BASE_NOTE, self.CURRENT_NOTE):  # explanations take what width is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._bad: set[tuple[int, int]] = set()
        self._full_height = 0
        self._fill_fixed_cells()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self._full_height = height + 2  # every row shown, no vertical scrolling inside the form
        self.setFixedHeight(self._full_height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Explanations share the width left over; when too little is left they keep a readable width
        and the grid scrolls sideways instead."""
        header = self.horizontalHeader()
        fixed = sum(self.columnWidth(c) for c in (self.SOURCE, self.NEEDED, self.BASE_T, self.CURRENT_T))
        stretch = self.viewport().width() - fixed >= 2 * NOTE_MIN_WIDTH
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        for column in (self.BASE_NOTE, self.CURRENT_NOTE):
            if header.sectionResizeMode(column) != mode:
                header.setSectionResizeMode(column, mode)
                if not stretch:
                    self.setColumnWidth(column, NOTE_MIN_WIDTH)
        if self._full_height:
            self.setFixedHeight(self._full_height + (0 if stretch else self.horizontalScrollBar().sizeHint().height()))

    def _fill_fixed_cells(self) -> None:
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for row, source in enumerate(ALL_SOURCES):
            item = QTableWidgetItem(grid_label(source))
            item.setFlags(fixed)
            item.setToolTip(source.label)
            self.setItem(row, self.SOURCE, item)
            needed = QTableWidgetItem()
            needed.setFlags(fixed)
            self.setItem(row, self.NEEDED, needed)
            for column in (self.BASE_T, self.BASE_NOTE, self.CURRENT_T, self.CURRENT_NOTE):
                cell = QTableWidgetItem("")
                if column in (self.BASE_T, self.CURRENT_T):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, cell)
        bold = QFont(self.font())
        bold.setBold(True)
        for offset, text in enumerate(("Footprint: Scope 1, 2 and Scope 3 cat. 4, 5, 6, 7, 9",
                                       "Total of every source entered")):
            row = len(ALL_SOURCES) + offset
            for column in range(self.columnCount()):
                cell = QTableWidgetItem(text if column == self.SOURCE else "")
                cell.setFlags(fixed)
                cell.setFont(bold)
                if column in (self.BASE_T, self.CURRENT_T):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, cell)
        self.cell(len(ALL_SOURCES), self.SOURCE).setToolTip(
            "The footprint the trajectory compares: the PPN 06/21 minimum breakdown")

    def _header(self, column: int) -> QTableWidgetItem:
        """The heading item of `column`: setHorizontalHeaderLabels made one for every column."""
        item = self.horizontalHeaderItem(column)
        if item is None:
            raise LookupError(f"The emissions grid has no heading for column {column}.")
        return item

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        """The item at (row, column): the grid puts one in every cell when it is built."""
        item = self.item(row, column)
        if item is None:
            raise LookupError(f"The emissions grid has no cell at row {row}, column {column}.")
        return item

    def set_needed(self, required: tuple[EmissionSource, ...], later_text: str) -> None:
        """Mark each row "Required" or "Optional" (with when it becomes required) in words."""
        for row, source in enumerate(ALL_SOURCES):
            item = self.cell(row, self.NEEDED)
            if source in required:
                item.setText("Required")
                item.setToolTip(f"{source.label}: required in a full Carbon Reduction Plan")
                font = QFont(self.font())
                font.setBold(True)
                item.setFont(font)
            else:
                item.setText("Optional")
                item.setToolTip(f"{source.label}: optional{later_text}")
                item.setFont(QFont(self.font()))

    def set_emissions(self, baseline: Emissions, current: Emissions) -> None:
        for period, breakdown in (("baseline", baseline), ("current", current)):
            number_column, note_column = self.PERIOD_COLUMNS[period]
            for row, source in enumerate(ALL_SOURCES):
                figure = breakdown.get(source)
                self.cell(row, number_column).setText(number_text(figure.tco2e) if figure else "")
                self.cell(row, note_column).setText(figure.explanation if figure else "")

    def read(self) -> tuple[Emissions, Emissions, list[FieldError], list[tuple[int, int]]]:
        """Both breakdowns (unreadable cells left out), the errors naming row and column, and the bad cells."""
        errors: list[FieldError] = []
        bad: list[tuple[int, int]] = []
        found: dict[str, dict[EmissionSource, EmissionFigure]] = {"baseline": {}, "current": {}}
        for period, (number_column, note_column) in self.PERIOD_COLUMNS.items():
            for row, source in enumerate(ALL_SOURCES):
                text = self.cell(row, number_column).text()
                note = self.cell(row, note_column).text()
                try:
                    value = parse_number(text)
                except ValueError as exc:
                    errors.append(FieldError(period, f"{source.label}, {self.HEADERS[number_column]}: {exc}."))
                    bad.append((row, number_column))
                    value = None
                if value is not None or note.strip():
                    found[period][source] = EmissionFigure(value, note)
        return emissions(found["baseline"]), emissions(found["current"]), errors, bad

    def show_totals_and_marks(self, baseline: Emissions, current: Emissions, bad: list[tuple[int, int]]) -> None:
        first = len(ALL_SOURCES)
        for column, breakdown in ((self.BASE_T, baseline), (self.CURRENT_T, current)):
            self.cell(first, column).setText(format_tonnes(footprint(breakdown, REQUIRED_SOURCES)))
            self.cell(first + 1, column).setText(format_tonnes(footprint(breakdown, ALL_SOURCES)))
        wanted = set(bad)
        for row, column in self._bad - wanted:
            item = self.cell(row, column)
            item.setBackground(QBrush())
            item.setToolTip("")
        for row, column in wanted:
            item = self.cell(row, column)
            item.setBackground(invalid_cell_background())
            item.setToolTip("Error: not a number")
        self._bad = wanted


class TargetsTable(QTableWidget):
    """Interim targets: year, % reduction below baseline, description; rows added and removed by buttons."""

    YEAR, PERCENT, DESCRIPTION = range(3)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Year", "Reduction below baseline (%)", "Description"])
        self.verticalHeader().hide()
        self.setTabKeyNavigation(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setColumnWidth(self.YEAR, 70)
        self.setColumnWidth(self.PERCENT, 190)
        self.horizontalHeader().setStretchLastSection(True)
        self.setMinimumHeight(rows_height(self, 3))
        self.setMaximumHeight(rows_height(self, 5))

    def set_targets(self, targets: tuple[InterimTarget, ...]) -> None:
        self.setRowCount(0)
        for target in targets:
            self.add_row(str(target.year), number_text(target.reduction_percent), target.description)

    def add_row(self, year: str = "", percent: str = "", description: str = "") -> int:
        row = self.rowCount()
        self.insertRow(row)
        for column, text in ((self.YEAR, year), (self.PERCENT, percent), (self.DESCRIPTION, description)):
            item = QTableWidgetItem(text)
            if column != self.DESCRIPTION:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, column, item)
        return row

    def read(self) -> tuple[tuple[InterimTarget, ...], list[FieldError]]:
        targets: list[InterimTarget] = []
        errors: list[FieldError] = []
        for row in range(self.rowCount()):
            cells = (self.item(row, c) for c in range(3))
            year_text, percent_text, description = (cell.text().strip() if cell is not None else "" for cell in cells)
            if not (year_text or percent_text or description):
                continue
            where = f"Interim target row {row + 1}"
            try:
                year = int(year_text.replace(",", ""))
            except ValueError:
                errors.append(FieldError("interim_targets", f"{where}, Year: '{year_text}' is not a year."
                                         if year_text else f"{where}: no year."))
                continue
            try:
                percent = parse_number(percent_text.rstrip("%"))
            except ValueError as exc:
                errors.append(FieldError("interim_targets", f"{where}, Reduction: {exc}."))
                continue
            if percent is None:
                errors.append(FieldError("interim_targets", f"{where}: no reduction percentage."))
                continue
            targets.append(InterimTarget(year, percent, description))
        return tuple(targets), errors


class _PlanErrors(FieldErrors):
    """Every message beside its field, each led by the field's name unless it names its own row and column."""

    def describe(self, errors: list[FieldError]) -> tuple[str, str]:
        lines = [f"Error: {'' if e.field in NAMED_IN_MESSAGE else self.title(e.field) + ': '}{e.message}"
                 for e in errors]
        return "\n".join(lines), " ".join(lines)


class CarbonPlanEditor(EditForm, QWidget):
    """Edits one plan version (or a new one) of one supplier.

    Signals:
        saved(int): the version was stored; carries its id.
        edited(): a field changed (the panel re-checks the unsaved plan).
        dirty_changed(bool): the form has (or no longer has) unsaved edits.
        document_changed(int): a document was attached to or removed from this stored version.
    """

    saved = Signal(int)
    edited = Signal()
    dirty_changed = Signal(bool)
    document_changed = Signal(int)

    def __init__(self, carbon: CarbonService, parent: QWidget | None = None):
        super().__init__(parent)
        self._carbon = carbon
        self._supplier_id: int | None = None
        self._record: PlanRecord | None = None
        self._start: CarbonPlanData = CarbonPlanData(CarbonPlan.FULL_CRP)
        self._pending_document: Path | None = None
        self._loading = False
        self._build()
        self._show(None, CarbonPlanData(CarbonPlan.FULL_CRP))
        self.setEnabled(False)

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = heading_label(1.15)
        outer.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setAccessibleName("Problems with this plan")
        self.errors = _PlanErrors(self.summary, FIELD_LABELS, homes=ERROR_HOME)
        outer.addWidget(self.summary)
        self.scroll_area, column = scroll_body(outer)
        column.setContentsMargins(0, 0, 6, 0)

        # The plan itself.
        self.plan_type = QComboBox()
        for member, text in PLAN_TYPE_TEXT.items():
            self.plan_type.addItem(text, member.value)
        self.publication_date = OptionalDateEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://www.example.co.uk/carbon-reduction-plan")
        self.baseline_year = OptionalYearSpin(EARLIEST_YEAR, date.today().year, date.today().year - 1)
        self.reporting_year_end = OptionalDateEdit()
        self.reporting_year_end.setToolTip("The last day of the 12-month reporting year the current figures cover")
        self.net_zero_year = OptionalYearSpin(2000, LATEST_TARGET_YEAR, 2045)
        self.net_zero_year.setToolTip("Net zero by 2050 at the latest; the NHS encourages 2045")
        scopes = QWidget()
        scopes_row = QHBoxLayout(scopes)
        scopes_row.setContentsMargins(0, 0, 0, 0)
        self.scope_boxes: dict[Scope, QCheckBox] = {}
        for number, scope in enumerate(Scope, start=1):
            box = QCheckBox(f"Scope &{number}")
            box.setAccessibleName(f"Target covers {scope.label}")
            self.scope_boxes[scope] = box
            scopes_row.addWidget(box)
        scopes_row.addStretch(1)
        self._group(column, "Plan", [
            ("plan_type", "Document &type", self.plan_type),
            ("publication_date", "&Publication date", self.publication_date),
            ("url", "Web address (&URL)", self.url),
            ("baseline_year", "&Baseline year", self.baseline_year),
            ("reporting_year_end", "Reporting &year ends", self.reporting_year_end),
            ("net_zero_year", "Net &zero year", self.net_zero_year),
            ("scopes", "Scopes the target covers", scopes, self.scope_boxes[Scope.SCOPE1]),
        ])

        # Emissions.
        emissions_box = QGroupBox("Emissions")
        emissions_layout = QVBoxLayout(emissions_box)
        self.emissions_label = QLabel("Emissions &figures (tCO2e; leave blank, or explain a 0 or \"not applicable\")")
        self.emissions_label.setWordWrap(True)
        self.grid = EmissionsGrid()
        self.grid.setAccessibleName("Emissions figures")
        self.grid.setAccessibleDescription("One row per emission source; baseline and current tCO2e with "
                                           "explanations, then the totals.")
        self.emissions_label.setBuddy(self.grid)
        self.nzc_note = QLabel(NZC_NOTE)
        self.nzc_note.setWordWrap(True)
        set_tone(self.nzc_note, Tone.MUTED)
        self.nzc_note.hide()
        emissions_error = self.errors.add("emissions", self.grid)
        emissions_layout.addWidget(self.emissions_label)
        emissions_layout.addWidget(self.nzc_note)
        emissions_layout.addWidget(self.grid)
        emissions_layout.addWidget(emissions_error)
        column.addWidget(emissions_box)

        # Targets and measures.
        targets_box = QGroupBox("Targets and measures")
        targets_layout = QVBoxLayout(targets_box)
        targets_label = QLabel("&Interim targets (reduction below the baseline)")
        self.targets = TargetsTable()
        self.targets.setAccessibleName("Interim targets")
        targets_label.setBuddy(self.targets)
        self.add_target_button = QPushButton("&Add target")
        self.remove_target_button = QPushButton("Remove tar&get")
        target_buttons = QHBoxLayout()
        target_buttons.addWidget(self.add_target_button)
        target_buttons.addWidget(self.remove_target_button)
        target_buttons.addStretch(1)
        targets_layout.addWidget(targets_label)
        targets_layout.addWidget(self.targets)
        targets_layout.addWidget(self.errors.add("interim_targets", self.targets))
        targets_layout.addLayout(target_buttons)
        measures_label = QLabel("Reduction &measures (projects, certifications, what applies to the contract)")
        measures_label.setWordWrap(True)
        self.reduction_measures = QPlainTextEdit()
        self.reduction_measures.setTabChangesFocus(True)
        self.reduction_measures.setFixedHeight(text_height(self.reduction_measures, 4))
        self.reduction_measures.setAccessibleName("Reduction measures")
        measures_label.setBuddy(self.reduction_measures)
        targets_layout.addWidget(measures_label)
        targets_layout.addWidget(self.reduction_measures)
        column.addWidget(targets_box)

        # Sign-off.
        self.approved_by = QComboBox()
        self.approved_by.setEditable(True)
        self.approved_by.addItem("")
        self.approved_by.addItems(list(APPROVERS))
        self.approved_by.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        approver_line = self.approved_by.lineEdit()
        assert approver_line is not None  # setEditable(True) above gave the combo box its line edit
        approver_line.setPlaceholderText("Board of directors, or a named director")
        self.approved_on = OptionalDateEdit()
        self._group(column, "Sign-off", [
            ("approved_by", "Appro&ved by", self.approved_by),
            ("approved_on", "Approved o&n", self.approved_on),
        ])

        # The document.
        document_box = QGroupBox("Plan document")
        document_layout = QVBoxLayout(document_box)
        self.document_label = QLabel()
        self.document_label.setWordWrap(True)
        self.document_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attach_button = QPushButton("Attac&h…")
        self.attach_button.setToolTip("Copy the plan's PDF (or other file) into the store, so backups carry it")
        self.open_button = QPushButton("Op&en")
        self.open_button.setToolTip("Open the attached document")
        self.remove_document_button = QPushButton("Remove fi&le")
        self.remove_document_button.setToolTip("Remove the attached document from the store")
        document_buttons = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.remove_document_button):
            document_buttons.addWidget(button)
        document_buttons.addStretch(1)
        document_layout.addWidget(self.document_label)
        document_layout.addWidget(self.errors.add("document", self.attach_button))
        document_layout.addLayout(document_buttons)
        column.addWidget(document_box)

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(text_height(self.notes, 3))
        self._group(column, "Notes", [("notes", "N&otes", self.notes)])
        column.addStretch(1)

        self.save_button, self.revert_button = save_and_revert(
            self, outer, save_tip="Save this plan version (Ctrl+S)",
            revert_tip="Throw away unsaved edits to this version", revert_text="&Revert", default=False)
        self.add_target_button.clicked.connect(self.add_target)
        self.remove_target_button.clicked.connect(self.remove_target)
        self.attach_button.clicked.connect(lambda: self.attach_document())
        self.open_button.clicked.connect(self.open_document)
        self.remove_document_button.clicked.connect(self.remove_document)

        self.plan_type.currentIndexChanged.connect(self._type_changed)
        track_edits(self._changed, self.url, self.publication_date, self.reporting_year_end, self.approved_on,
                    self.baseline_year, self.net_zero_year, *self.scope_boxes.values(), self.reduction_measures,
                    self.notes)
        self.approved_by.editTextChanged.connect(self._changed)
        self.grid.cellChanged.connect(self._grid_changed)
        self.targets.cellChanged.connect(self._changed)
        self.targets.currentCellChanged.connect(lambda *_: self._update_target_buttons())

    def _group(self, column: QVBoxLayout, title: str, rows: list[tuple]) -> None:
        self.errors.group(column, title, rows, label_width=LABEL_WIDTH)

    # -- showing a version ----------------------------------------------------------------
    @property
    def record(self) -> PlanRecord | None:
        """The stored version shown (None for a new version not yet saved)."""
        return self._record

    @property
    def supplier_id(self) -> int | None:
        return self._supplier_id

    def clear(self) -> None:
        """No supplier: an empty, disabled form."""
        self._supplier_id = None
        self._show(None, CarbonPlanData(CarbonPlan.FULL_CRP))
        self.heading.setText("No supplier chosen")
        self.setEnabled(False)

    def show_new(self, supplier_id: int, start: CarbonPlanData | None = None) -> None:
        """A version not yet stored, blank or starting from `start` (a copy of the latest)."""
        self._supplier_id = supplier_id
        self.setEnabled(True)
        self._show(None, start or CarbonPlanData(CarbonPlan.FULL_CRP))

    def show_record(self, record: PlanRecord) -> None:
        self._supplier_id = record.supplier_id
        self.setEnabled(True)
        self._show(record, record.data)

    def _show(self, record: PlanRecord | None, data: CarbonPlanData) -> None:
        self._record = record
        self._start = data
        self._pending_document = None
        self._fill(data)
        if record is None:
            self.heading.setText("New version (not saved yet)")
        else:
            when = date_text(data.dated) or "no date"
            self.heading.setText(f"Version dated {when}: {PLAN_TYPE_TEXT[data.plan_type]}")
        self._show_document()
        self._set_dirty(False)
        self.edited.emit()

    def _fill(self, data: CarbonPlanData) -> None:
        self._loading = True
        try:
            self._clear_errors()
            today = date.today()
            requirements = self._carbon.requirements()
            self.grid.set_needed(required_sources(today, requirements),
                                 f"; required from {requirements.all_scopes_from:%d/%m/%Y}"
                                 if requirements.all_scopes_from and requirements.all_scopes_from > today else "")
            self.plan_type.setCurrentIndex(max(self.plan_type.findData(data.plan_type.value), 0))
            self.publication_date.set_value(data.publication_date)
            self.url.setText(data.url)
            self.baseline_year.set_year(data.baseline_year)
            self.reporting_year_end.set_value(data.reporting_year_end)
            self.net_zero_year.set_year(data.net_zero_year)
            for scope, box in self.scope_boxes.items():
                box.setChecked(scope in data.scopes_covered)
            self.grid.set_emissions(data.baseline, data.current)
            self.targets.set_targets(data.interim_targets)
            self.reduction_measures.setPlainText(data.reduction_measures)
            self.approved_by.setEditText(data.approved_by)
            self.approved_on.set_value(data.approved_on)
            self.notes.setPlainText(data.notes)
            self._refresh_grid()
            self._update_type()
            self._update_target_buttons()
        finally:
            self._loading = False

    # -- editing ----------------------------------------------------------------------------
    def _changed(self, *_args) -> None:
        if self._loading:
            return
        self._set_dirty(True)
        self.edited.emit()

    def _grid_changed(self, *_args) -> None:
        if self._loading:
            return
        self._refresh_grid()
        self._changed()

    def _type_changed(self, *_args) -> None:
        self._update_type()
        self._changed()

    def _update_type(self) -> None:
        nzc = self.plan_type_value() is CarbonPlan.NZC
        self.grid.setEnabled(not nzc)
        self.nzc_note.setVisible(nzc)

    def plan_type_value(self) -> CarbonPlan:
        return CarbonPlan(self.plan_type.currentData())

    def _refresh_grid(self) -> None:
        """Totals, the cells that are not numbers, and their messages, as the officer types."""
        baseline, current, errors, bad = self.grid.read()
        was_loading, self._loading = self._loading, True
        try:
            self.grid.show_totals_and_marks(baseline, current, bad)
        finally:
            self._loading = was_loading
        text, description = error_lines([e.message for e in errors]) if errors else ("", "")
        self.errors.put("emissions", text, description)

    def add_target(self) -> None:
        row = self.targets.add_row()
        self.targets.setCurrentCell(row, TargetsTable.YEAR)
        self.targets.setFocus()
        year = self.targets.item(row, TargetsTable.YEAR)
        assert year is not None  # add_row put an item in every cell of the row
        self.targets.editItem(year)
        self._update_target_buttons()

    def remove_target(self) -> None:
        row = self.targets.currentRow()
        if row < 0:
            return
        self.targets.removeRow(row)
        self._update_target_buttons()
        self._changed()

    def _update_target_buttons(self) -> None:
        self.remove_target_button.setEnabled(self.targets.currentRow() >= 0 and self.targets.rowCount() > 0)

    def _commit_open_editors(self) -> None:
        """A cell still being typed in counts: hand its text to the table before reading."""
        focus = QApplication.focusWidget()
        for table in (self.grid, self.targets):
            if focus is not None and focus is not table and table.isAncestorOf(focus):
                table.commitData(focus)
                table.closeEditor(focus, QAbstractItemDelegate.EndEditHint.NoHint)

    # -- reading the form -----------------------------------------------------------------
    def _read(self) -> tuple[CarbonPlanData, list[FieldError]]:
        baseline, current, errors, _ = self.grid.read()
        if errors and self.plan_type_value() is CarbonPlan.NZC:
            errors = [FieldError(e.field, f"{e.message} (Choose a full plan as the document type to correct it.)")
                      for e in errors]
        targets, target_errors = self.targets.read()
        errors.extend(target_errors)
        data = CarbonPlanData(
            plan_type=self.plan_type_value(),
            publication_date=self.publication_date.value(),
            url=self.url.text(),
            baseline_year=self.baseline_year.year(),
            baseline=baseline,
            reporting_year_end=self.reporting_year_end.value(),
            current=current,
            net_zero_year=self.net_zero_year.year(),
            scopes_covered=frozenset(s for s, box in self.scope_boxes.items() if box.isChecked()),
            interim_targets=targets,
            reduction_measures=self.reduction_measures.toPlainText(),
            approved_by=self.approved_by.currentText(),
            approved_on=self.approved_on.value(),
            notes=self.notes.toPlainText(),
        )
        return data, errors

    def current_data(self) -> CarbonPlanData:
        """What the form holds now, unreadable cells left out: for checking as the officer types."""
        return self._read()[0]

    def collect(self) -> CarbonPlanData:
        """The form as CarbonPlanData; a cell that is not a number raises ValidationError naming it.

        The other fields are validated too then, so one Save lists every problem, not the grid's alone.
        """
        data, errors = self._read()
        if errors:
            try:
                validate_plan(data, date.today())
            except ValidationError as exc:
                errors.extend(exc.errors)
            raise ValidationError(errors)
        return data

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        """Validate and store; on a problem, say which field and why, and keep the edits."""
        supplier_id = self._supplier_id
        if supplier_id is None:
            return False
        self._commit_open_editors()
        self._clear_errors()
        stored, record = store_or_explain(self, lambda: self._store(supplier_id), self.show_errors,
                                          "Plan not saved")
        if not stored:
            return False
        assert record is not None  # stored: it is the record save_plan returned
        pending = self._pending_document
        if pending is not None:
            try:
                record = self._carbon.attach_document(record.id, pending)
            except (ValidationError, NotFoundError) as exc:
                QMessageBox.warning(self, "Document not attached",
                                    f"The plan was saved, but {pending.name} was not attached: {exc}")
        self._show(record, record.data)
        self.saved.emit(record.id)
        return True

    def _store(self, supplier_id: int) -> PlanRecord:
        data = self.collect()
        if self._record is None:
            return self._carbon.save_plan(supplier_id, data)
        return self._carbon.save_plan(supplier_id, data, plan_id=self._record.id,
                                      expected_version=self._record.version)

    def revert(self) -> None:
        if self._record is None:
            if self._supplier_id is not None:
                self._show(None, self._start)
            return
        plan_id = self._record.id
        self._show_stored(lambda: self._carbon.plan(plan_id), "Plan not found",
                          lambda record: self._show(record, record.data))

    def show_errors(self, errors: list[FieldError]) -> None:
        first_widget = self.errors.show(errors)
        bad = sorted(self.grid._bad)
        if bad and first_widget is self.grid:
            self.grid.setCurrentCell(*bad[0])
        if first_widget is not None:
            self.scroll_area.ensureWidgetVisible(first_widget)

    def _clear_errors(self) -> None:
        self.errors.clear(keep=("emissions",))  # kept in step with the grid by _refresh_grid


    # -- the document --------------------------------------------------------------------------
    def _show_document(self) -> None:
        self.errors.labels["document"].hide()
        info = self._record.document if self._record else None
        if self._pending_document is not None:
            self.document_label.setText(f"{self._pending_document.name}: attached when you save this version.")
        elif info is not None:
            size = f"{info.size / 1048576:.1f} MB" if info.size >= 1048576 else f"{max(info.size / 1024, 0.1):.0f} KB"
            self.document_label.setText(f"{info.file_name} ({size}), attached {info.attached_at:%d/%m/%Y}.")
        else:
            self.document_label.setText("No document attached.")
        has = self._pending_document is not None or info is not None
        self.open_button.setEnabled(has)
        self.remove_document_button.setEnabled(has)
        self.attach_button.setToolTip("Copy a different file into the store in place of this one" if has else
                                      "Copy the plan's PDF (or other file) into the store, so backups carry it")

    def attach_document(self, path: str | Path | None = None) -> bool:
        """Copy a file into the store for this version (on save, for a version not stored yet)."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Attach the plan document", start_path("documents"),
                                                    "Documents (*.pdf *.docx *.doc *.odt *.html *.htm);;All files (*)")
            if not chosen:
                return False
            remember_folder("documents", chosen)
            path = chosen
        path = Path(path)
        problem = self._document_problem(path)
        if problem:
            self._show_document_error(problem)
            return False
        if self._record is None:
            self._pending_document = path
            self._show_document()
            self._changed()
            return True
        try:
            self._record = replace(self._record, document=self._carbon.attach_document(self._record.id, path).document)
        except (ValidationError, NotFoundError) as exc:
            self._show_document_error(" ".join(exc.for_field("document")) if isinstance(exc, ValidationError)
                                      else str(exc))
            return False
        self._show_document()
        self.document_changed.emit(self._record.id)
        return True

    @staticmethod
    def _document_problem(path: Path) -> str:
        try:
            size = path.stat().st_size
        except OSError as exc:
            return f"{path.name} could not be read: {exc.strerror}."
        if size == 0:
            return f"{path.name} is empty."
        if size > MAX_DOCUMENT_BYTES:
            return f"{path.name} is {size / 1048576:.1f} MB; documents must be at most 25 MB."
        return ""

    def _show_document_error(self, message: str) -> None:
        label = self.errors.labels["document"]
        label.setText(f"Error: {message}")
        label.show()

    def document_file(self) -> Path | None:
        """The document as a file on disk (a temporary copy of a stored one), or None."""
        if self._pending_document is not None:
            return self._pending_document
        if self._record is None or self._record.document is None:
            return None
        try:
            name, content = self._carbon.document(self._record.id)
        except NotFoundError as exc:
            self._show_document_error(str(exc))
            return None
        folder = Path(tempfile.gettempdir()) / "sv-desktop-documents" / f"plan-{self._record.id}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (Path(name).name or "document")
        target.write_bytes(content)
        return target

    def open_document(self) -> None:
        try:
            path = self.document_file()
        except OSError as exc:
            self._show_document_error(f"The document could not be written to a temporary file: {exc.strerror}.")
            return
        if path is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._show_document_error(f"No program is set up to open {path.name}.")

    def remove_document(self) -> None:
        if self._pending_document is not None:
            self._pending_document = None
            self._show_document()
            return
        if self._record is None or self._record.document is None:
            return
        if not confirm(self, "Remove document",
                       f"Remove {self._record.document.file_name} from the store? The plan's figures are kept."):
            return
        try:
            self._carbon.remove_document(self._record.id)
        except NotFoundError as exc:
            self._show_document_error(str(exc))
            return
        self._record = replace(self._record, document=None)
        self._show_document()
        self.document_changed.emit(self._record.id)


__all__ = ["CarbonPlanEditor", "EmissionsGrid", "OptionalYearSpin", "TargetsTable", "number_text", "parse_number"]
