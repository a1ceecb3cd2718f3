"""The Reports window: choose a report and its options, build it off the GUI thread, open the result."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.reports import PackOptions, ReportService, default_contract_file_name, default_pack_file_name
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.literal_text import literal
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.common.ui_state import remember_window

PACK, CONTRACT, EVALUATION = 0, 1, 2  # the evaluation report takes a contract reference too


class OptionalDate(QWidget):
    """A date that may be left unset: a check box switches the date editor on."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(label)
        self.enabled.setAccessibleName(f"Use {label.replace('&', '').lower()}")
        self.editor = QDateEdit(QDate.currentDate())
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("dd/MM/yyyy")
        self.editor.setAccessibleName(label.replace("&", ""))
        self.editor.setEnabled(False)
        self.enabled.toggled.connect(self.editor.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.editor, 1)

    def value(self) -> date | None:
        if not self.enabled.isChecked():
            return None
        return cast(date, self.editor.date().toPython())  # PySide6's stubs say object; QDate gives a date

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.editor.setDate(QDate(value.year, value.month, value.day))


class ReportsWindow(QDialog):
    """Signals:
        built(Path): a report was written (after the background task finished).
    """

    built = Signal(object)

    def __init__(self, reports: ReportService, *, committee_name: str = "", contract_reference: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Reports")
        self.setAccessibleName("Reports")
        self._reports = reports
        self._task: BackgroundTask | None = None
        self.last_output: Path | None = None
        layout = QVBoxLayout(self)

        chooser = QFormLayout()
        self.report_kind = QComboBox()
        self.report_kind.addItems(["Committee pack", "Contract report", "Evaluation report"])
        self.report_kind.setAccessibleName("Report")
        kind_label = QLabel("&Report")
        kind_label.setBuddy(self.report_kind)
        chooser.addRow(kind_label, self.report_kind)
        layout.addLayout(chooser)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._pack_page(committee_name))
        self.pages.addWidget(self._contract_page(contract_reference))
        layout.addWidget(self.pages)
        self.report_kind.currentIndexChanged.connect(self._kind_changed)

        output = QHBoxLayout()
        output_label = QLabel("Save &as")
        self.output_path = QLineEdit(start_path("reports", default_pack_file_name(date.today())))
        self.output_path.setAccessibleName("Output PDF file")
        output_label.setBuddy(self.output_path)
        self.browse = QPushButton("&Browse…")
        self.browse.setAccessibleName("Choose output file")
        self.browse.clicked.connect(self._choose_output)
        output.addWidget(output_label)
        output.addWidget(self.output_path, 1)
        output.addWidget(self.browse)
        layout.addLayout(output)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.build_button = buttons.addButton("&Build", QDialogButtonBox.ButtonRole.AcceptRole)
        self.build_button.setAccessibleName("Build report")
        self.build_button.setDefault(True)
        self.open_pdf_button = buttons.addButton("&Open PDF", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_pdf_button.setAccessibleName("Open the PDF")
        self.open_folder_button = buttons.addButton("Open &folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.setAccessibleName("Open the folder of the PDF")
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        self.open_pdf_button.setEnabled(False)
        self.open_folder_button.setEnabled(False)
        self.build_button.clicked.connect(self.build)
        self.open_pdf_button.clicked.connect(self.open_pdf)
        self.open_folder_button.clicked.connect(self.open_folder)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.meeting_date.editor.dateChanged.connect(self._default_name_changed)
        remember_window(self, "reports")

    # -- layout ------------------------------------------------------------------------
    def _pack_page(self, committee_name: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.committee = QLineEdit(committee_name)
        self.committee.setAccessibleName("Committee")
        self.meeting_date = OptionalDate("&Meeting date")
        self.meeting_date.set_value(date.today())
        self.date_from = OptionalDate("&From")
        self.date_to = OptionalDate("&To")
        committee_label = QLabel("&Committee")
        committee_label.setBuddy(self.committee)
        form.addRow(committee_label, self.committee)
        form.addRow(self.meeting_date)
        range_row = QHBoxLayout()
        range_row.addWidget(self.date_from)
        range_row.addWidget(self.date_to)
        form.addRow("Contracts whose term overlaps", range_row)
        layout.addLayout(form)

        categories = QGroupBox("Categories (none ticked: all)")
        grid = QGridLayout(categories)
        self.category_boxes: dict[Category, QCheckBox] = {}
        for index, category in enumerate(Category):
            box = QCheckBox(literal(category.label))
            box.setAccessibleName(f"Category {category.label}")
            self.category_boxes[category] = box
            grid.addWidget(box, index // 3, index % 3)
        layout.addWidget(categories)

        sections = QGroupBox("Sections")
        grid = QGridLayout(sections)
        self.section_boxes: dict[str, QCheckBox] = {}
        for index, (section_id, title) in enumerate(self._reports.section_choices()):
            box = QCheckBox(literal(title))
            box.setChecked(True)
            box.setAccessibleName(f"Section {title}")
            self.section_boxes[section_id] = box
            grid.addWidget(box, index // 2, index % 2)
        layout.addWidget(sections)
        return page

    def _contract_page(self, reference: str) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.contract_reference = QLineEdit(reference)
        self.contract_reference.setAccessibleName("Contract reference")
        self.contract_reference.setPlaceholderText("e.g. DEMO-000001")
        label = QLabel("Contract &reference")
        label.setBuddy(self.contract_reference)
        form.addRow(label, self.contract_reference)
        self.contract_reference.textChanged.connect(self._default_name_changed)
        return page

    # -- behaviour -----------------------------------------------------------------------
    def _default_name(self) -> str:
        if self.report_kind.currentIndex() == EVALUATION:
            from sv_desktop.services.evaluation_reports import default_evaluation_file_name

            return default_evaluation_file_name(self.contract_reference.text())
        if self.report_kind.currentIndex() == CONTRACT:
            return default_contract_file_name(self.contract_reference.text())
        return default_pack_file_name(self.meeting_date.value() or date.today())

    def _default_name_changed(self) -> None:
        current = Path(self.output_path.text())
        if current.name.startswith(("committee-pack-", "contract-")) or current.name.endswith("-evaluation-report.pdf"):
            self.output_path.setText(str(current.with_name(self._default_name())))

    def _kind_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(min(index, CONTRACT))  # both contract reports ask for the reference
        self._default_name_changed()

    def _choose_output(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save report as", self.output_path.text(),
                                                      "PDF files (*.pdf)")
        remember_folder("reports", chosen)
        if chosen:
            if not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
            self.output_path.setText(chosen)

    def pack_options(self) -> PackOptions:
        return PackOptions(
            date_from=self.date_from.value(), date_to=self.date_to.value(),
            categories=tuple(c for c, box in self.category_boxes.items() if box.isChecked()),
            sections=tuple(section_id for section_id, box in self.section_boxes.items() if box.isChecked()),
            committee_name=self.committee.text().strip() or None, meeting_date=self.meeting_date.value(),
        )

    def _problem(self) -> str | None:
        text = self.output_path.text().strip()
        if not text:
            return "Choose where to save the PDF."
        if not text.lower().endswith(".pdf"):
            return "The file name must end in .pdf."
        if self.report_kind.currentIndex() in (CONTRACT, EVALUATION):
            if not self.contract_reference.text().strip():
                return "Enter the reference of the contract to report on."
            return None
        problems = self.pack_options().problems()
        if problems:
            return problems[0][0].upper() + problems[0][1:] + "."
        return None

    def build(self) -> BackgroundTask | None:
        """Start building the chosen report on a background thread (None when the choices are wrong)."""
        problem = self._problem()
        if problem:
            self._show_error(problem)
            return None
        out = Path(self.output_path.text().strip()).expanduser()
        reports = self._reports
        if self.report_kind.currentIndex() == CONTRACT:
            reference = self.contract_reference.text().strip()
            work = lambda progress: reports.build_contract_report(reference, out, progress)  # noqa: E731
        elif self.report_kind.currentIndex() == EVALUATION:
            reference = self.contract_reference.text().strip()
            work = lambda progress: reports.build_evaluation_report(reference, out, progress)  # noqa: E731
        else:
            options = self.pack_options()
            work = lambda progress: reports.build_pack(options, out, progress)  # noqa: E731
        self.build_button.setEnabled(False)
        self.open_pdf_button.setEnabled(False)
        self.open_folder_button.setEnabled(False)
        set_tone(self.status, None)
        self.status.setText("Building the report…")
        task = BackgroundTask(self, "Building report…", work)
        task.done.connect(self._built)
        task.failed.connect(self._failed)
        self._task = task
        return task.start()

    def _built(self, path: Path) -> None:  # what the report builders return
        self._task = None
        self.last_output = Path(path)
        remember_folder("reports", self.last_output)
        self.build_button.setEnabled(True)
        self.open_pdf_button.setEnabled(True)
        self.open_folder_button.setEnabled(True)
        self.status.setText(f"Saved {self.last_output}")
        self.open_pdf_button.setFocus()
        self.built.emit(self.last_output)

    def _failed(self, error: object) -> None:
        self._task = None
        self.build_button.setEnabled(True)
        if isinstance(error, InterruptedError):
            set_tone(self.status, None)
            self.status.setText("Cancelled; no file was written.")
        elif isinstance(error, NotFoundError):
            self._show_error(f"{str(error)[0].upper()}{str(error)[1:]}.")
        elif isinstance(error, OSError):
            self._show_error(f"The PDF could not be saved: {error.strerror or error}.")
        else:
            self._show_error(f"The report could not be built: {error}")

    def _show_error(self, message: str) -> None:
        set_tone(self.status, Tone.ERROR)
        self.status.setText("Error: " + message)

    def open_pdf(self) -> None:
        if self.last_output is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_output)))

    def open_folder(self) -> None:
        if self.last_output is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_output.parent)))
