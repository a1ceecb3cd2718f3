"""The supplier edit form: every field of one supplier, the facts derived from them, messages beside the field."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from sv_desktop.domain.supplier import (
    MODERN_SLAVERY_TURNOVER_FROM,
    SupplierContact,
    SupplierData,
    SupplierSize,
    derive_size,
    evergreen_expires,
    is_local,
    modern_slavery_statement_required,
    normalise_postcode,
    postcode_area,
    postcode_district,
)
from sv_desktop.domain.vocabulary import UkRegion
from sv_desktop.services.settings import SettingsService
from sv_desktop.services.suppliers import SupplierDetail, SupplierService
from sv_desktop.ui.formatting import date_text
from sv_desktop.ui.widgets import EnumCombo, MoneyEdit, OptionalDateEdit

ERROR_STYLE = "color: #b00020;"  # dark red on white: 6.7:1 contrast; the text also starts with "Error:"
FIELD_LABELS = {
    "name": "Name",
    "companies_house_number": "Companies House number",
    "postcode": "Postcode",
    "staff_count": "Staff count",
    "turnover": "Turnover",
    "balance_sheet_total": "Balance sheet total",
    "size_override_reason": "Reason for the override",
    "evergreen_assessed_on": "Evergreen assessed on",
    "evergreen_level": "Evergreen level",
    "contacts": "Contacts",
    "supplier": "Supplier",
}
CONTACT_HEADERS = ["Name", "Role", "Email", "Phone"]
OVERRIDE_CHOICES = [(None, "Derive from figures"), (SupplierSize.SME, "SME"), (SupplierSize.LARGE, "Large")]


def _parse_staff(text: str) -> int | None:
    cleaned = text.replace(",", "").replace(" ", "").strip()
    if not cleaned:
        return None
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(f"'{text.strip()}' is not a whole number of staff.")
    return int(cleaned)


class SupplierForm(QWidget):
    """Edits one supplier (or a new one) and saves it in one transaction through the service.

    Signals:
        saved(int): a supplier was created or updated; carries its id.
        dirty_changed(bool): the form has (or no longer has) unsaved edits.
        detail_changed(object): the stored supplier shown changed (a SupplierDetail, or None for a new one).
    """

    saved = Signal(int)
    dirty_changed = Signal(bool)
    detail_changed = Signal(object)

    def __init__(self, suppliers: SupplierService, settings: SettingsService, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today):
        super().__init__(parent)
        self._suppliers = suppliers
        self._settings = settings
        self._today = today
        self._detail: SupplierDetail | None = None
        self._dirty = False
        self._loading = False
        self._error_labels: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._local_areas: tuple[str, ...] = ()
        self._levels: tuple[str, ...] = ()
        self._build()
        self.refresh_settings()
        self.show_new()

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        outer.addWidget(self.subheading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setAccessibleName("Problems with this supplier")
        self.summary.hide()
        outer.addWidget(self.summary)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        column = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.name = QLineEdit()
        self.companies_house_number = QLineEdit()
        self.companies_house_number.setPlaceholderText("e.g. 01234567 or SC123456")
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.postcode = QLineEdit()
        self.postcode.setPlaceholderText("e.g. LE1 7RH")
        self.region = EnumCombo(UkRegion, optional=True)
        self.website = QLineEdit()
        self.website.setPlaceholderText("https://…")
        self._group(column, "Supplier", [
            ("name", "&Name", self.name),
            ("companies_house_number", "Companies &House no.", self.companies_house_number),
            ("address", "&Address", self.address),
            ("postcode", "Pos&tcode", self.postcode),
            ("region", "Re&gion", self.region),
            ("website", "We&bsite", self.website),
        ])

        self.staff_count = QLineEdit()
        self.staff_count.setPlaceholderText("Number of staff")
        self.turnover = MoneyEdit()
        self.balance_sheet_total = MoneyEdit()
        self.derived_size = self._derived_label()
        self.size_override = QComboBox()
        for member, label in OVERRIDE_CHOICES:
            self.size_override.addItem(label, member.value if member else None)
        self.size_override_reason = QLineEdit()
        self.size_override_reason.setPlaceholderText("Why the figures do not tell the whole story")
        self._group(column, "Size", [
            ("staff_count", "Sta&ff count", self.staff_count),
            ("turnover", "T&urnover (£)", self.turnover),
            ("balance_sheet_total", "Balan&ce sheet total (£)", self.balance_sheet_total),
            ("derived_size", "Size from the figures", self.derived_size),
            ("size_override", "Overr&ide size", self.size_override),
            ("size_override_reason", "Reason for the override", self.size_override_reason),
        ])

        self.vcse = QCheckBox("VCSE")
        self.vcse.setToolTip("Voluntary, community or social enterprise")
        self.vcse.setAccessibleName("VCSE (voluntary, community or social enterprise)")
        self.mutual = QCheckBox("Mutual")
        self.mutual.setAccessibleName("Mutual")
        self.startup = QCheckBox("Start-up")
        self.startup.setAccessibleName("Start-up")
        flags = QWidget()
        flags_row = QHBoxLayout(flags)
        flags_row.setContentsMargins(0, 0, 0, 0)
        for box in (self.vcse, self.mutual, self.startup):
            flags_row.addWidget(box)
        flags_row.addStretch(1)
        self.local = self._derived_label()
        self._group(column, "Type and place", [
            ("flags", "Organisation type", flags),
            ("local", "Local supplier", self.local),
        ])

        self.modern_slavery = self._derived_label()
        self.modern_slavery_url = QLineEdit()
        self.modern_slavery_url.setPlaceholderText("Link to the published statement")
        self._group(column, "Modern Slavery Act", [
            ("modern_slavery", "Statement required", self.modern_slavery),
            ("modern_slavery_url", "Statement lin&k", self.modern_slavery_url),
        ])

        self.evergreen_level = QComboBox()
        self.evergreen_level.setEditable(True)
        self.evergreen_level.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.evergreen_level.lineEdit().setPlaceholderText("Not assessed (choose or type the level)")
        self.evergreen_assessed_on = OptionalDateEdit()
        self.evergreen_expiry = self._derived_label()
        self._group(column, "Evergreen assessment", [
            ("evergreen_level", "&Evergreen level", self.evergreen_level),
            ("evergreen_assessed_on", "Assessed on", self.evergreen_assessed_on),
            ("evergreen_expiry", "Valid until", self.evergreen_expiry),
        ])

        self.contacts = QTableWidget(0, len(CONTACT_HEADERS))
        self.contacts.setHorizontalHeaderLabels(CONTACT_HEADERS)
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.contacts.setMinimumHeight(110)
        self.add_contact_button = QPushButton("Add contact")
        self.remove_contact_button = QPushButton("Remove contact")
        contact_box = QWidget()
        contact_column = QVBoxLayout(contact_box)
        contact_column.setContentsMargins(0, 0, 0, 0)
        contact_column.addWidget(self.contacts)
        contact_buttons = QHBoxLayout()
        contact_buttons.addWidget(self.add_contact_button)
        contact_buttons.addWidget(self.remove_contact_button)
        contact_buttons.addStretch(1)
        contact_column.addLayout(contact_buttons)
        self._group(column, "Contacts", [("contacts", "People", contact_box)])
        self.contacts.setAccessibleName("Contacts")
        self._inputs["contacts"] = self.contacts
        self._labels["contacts"].setBuddy(self.contacts)

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        self._group(column, "Notes", [("notes", "Notes", self.notes)])
        column.addStretch(1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save this supplier (Ctrl+S)")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.setToolTip("Throw away unsaved edits")
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_contact_button.clicked.connect(self.add_contact)
        self.remove_contact_button.clicked.connect(self.remove_contact)

        for widget in (self.name, self.companies_house_number, self.postcode, self.website, self.staff_count,
                       self.turnover, self.balance_sheet_total, self.size_override_reason,
                       self.modern_slavery_url):
            widget.textEdited.connect(self._mark_dirty)
        for widget in (self.address, self.notes):
            widget.textChanged.connect(self._mark_dirty)
        for combo in (self.region, self.size_override):
            combo.currentIndexChanged.connect(self._mark_dirty)
        self.evergreen_level.currentTextChanged.connect(self._mark_dirty)
        for box in (self.vcse, self.mutual, self.startup):
            box.toggled.connect(self._mark_dirty)
        self.evergreen_assessed_on.dateChanged.connect(self._mark_dirty)
        self.contacts.itemChanged.connect(self._mark_dirty)
        # The derived facts follow the figures as they are typed.
        for widget in (self.staff_count, self.turnover, self.balance_sheet_total, self.postcode):
            widget.textChanged.connect(self._update_derived)
        self.size_override.currentIndexChanged.connect(self._update_derived)
        self.evergreen_assessed_on.dateChanged.connect(self._update_derived)

    def _derived_label(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        return label

    def _group(self, column: QVBoxLayout, title: str, rows: list[tuple[str, str, QWidget]]) -> None:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label_text, widget in rows:
            label = QLabel(label_text)
            label.setMinimumWidth(165)  # one label column width, so the groups line up
            if not isinstance(widget, QLabel):  # a derived fact's label reads its own text
                label.setBuddy(widget)
                if not widget.accessibleName():
                    widget.setAccessibleName(label_text.replace("&", ""))
            holder = QWidget()
            stack = QVBoxLayout(holder)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            stack.addWidget(widget)
            error = QLabel()
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            stack.addWidget(error)
            form.addRow(label, holder)
            self._error_labels[name] = error
            self._inputs[name] = widget
            self._labels[name] = label
        column.addWidget(box)

    # -- settings ------------------------------------------------------------------
    def refresh_settings(self) -> None:
        """Local postcode areas and Evergreen level names come from Edit → Settings."""
        settings = self._settings.load()
        self._local_areas = settings.local_areas
        self._levels = settings.evergreen_level_names
        self._fill_levels(self.evergreen_level.currentText())
        self._update_derived()

    def _fill_levels(self, current: str) -> None:
        was_loading, self._loading = self._loading, True
        try:
            self.evergreen_level.clear()
            self.evergreen_level.addItem("")
            self.evergreen_level.addItems(list(self._levels))
            if current and current not in self._levels:
                self.evergreen_level.addItem(current)  # a level recorded before the names changed
            self.evergreen_level.setCurrentText(current)
        finally:
            self._loading = was_loading

    # -- loading -----------------------------------------------------------------
    @property
    def supplier_id(self) -> int | None:
        return self._detail.id if self._detail else None

    @property
    def detail(self) -> SupplierDetail | None:
        return self._detail

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def show_new(self, name: str = "") -> None:
        """An empty form for a supplier not yet stored."""
        self._detail = None
        self._fill(SupplierData(name=name))
        self.heading.setText("New supplier")
        self.subheading.setText("Contracts and carbon plans can be linked once the supplier is saved.")
        self._set_dirty(False)
        self.name.setFocus()
        self.detail_changed.emit(None)

    def show_supplier(self, supplier_id: int) -> bool:
        """Load a stored supplier; False (with a message) if it has gone."""
        try:
            detail = self._suppliers.get(supplier_id)
        except NotFoundError as exc:
            QMessageBox.information(self, "Supplier not found", str(exc))
            return False
        self.show_detail(detail)
        return True

    def show_detail(self, detail: SupplierDetail) -> None:
        self._detail = detail
        self._fill(detail.data)
        self.heading.setText(detail.data.name)
        contracts = len(detail.contracts)
        plans = detail.plan_count
        self.subheading.setText(
            f"On {contracts:,} contract{'' if contracts == 1 else 's'} · "
            f"{plans:,} carbon plan version{'' if plans == 1 else 's'} recorded")
        self._set_dirty(False)
        self.detail_changed.emit(detail)

    def _fill(self, data: SupplierData) -> None:
        self._loading = True
        try:
            self._clear_errors()
            self.name.setText(data.name)
            self.companies_house_number.setText(data.companies_house_number)
            self.address.setPlainText(data.address)
            self.postcode.setText(data.postcode)
            self.region.set_value(data.region)
            self.website.setText(data.website)
            self.staff_count.setText(f"{data.staff_count}" if data.staff_count is not None else "")
            self.turnover.set_value(data.turnover)
            self.balance_sheet_total.set_value(data.balance_sheet_total)
            self.size_override.setCurrentIndex(max(self.size_override.findData(
                data.size_override.value if data.size_override else None), 0))
            self.size_override_reason.setText(data.size_override_reason)
            self.vcse.setChecked(data.vcse)
            self.mutual.setChecked(data.mutual)
            self.startup.setChecked(data.startup)
            self.modern_slavery_url.setText(data.modern_slavery_url)
            self._fill_levels(data.evergreen_level)
            self.evergreen_assessed_on.set_value(data.evergreen_assessed_on)
            self.contacts.setRowCount(0)
            for contact in data.contacts:
                self._append_contact(contact)
            self.notes.setPlainText(data.notes)
        finally:
            self._loading = False
        self._update_derived()

    # -- contacts ------------------------------------------------------------------
    def _append_contact(self, contact: SupplierContact) -> int:
        row = self.contacts.rowCount()
        self.contacts.insertRow(row)
        for column, value in enumerate((contact.name, contact.role, contact.email, contact.phone)):
            self.contacts.setItem(row, column, QTableWidgetItem(value))
        return row

    def add_contact(self) -> None:
        """A new empty row, ready to type the contact's name into."""
        row = self._append_contact(SupplierContact(""))
        self._mark_dirty()
        self.contacts.setCurrentCell(row, 0)
        self.contacts.setFocus()
        self.contacts.editItem(self.contacts.item(row, 0))

    def remove_contact(self) -> None:
        row = self.contacts.currentRow()
        if row < 0:
            return
        self.contacts.removeRow(row)
        self._mark_dirty()

    def contact_list(self) -> tuple[SupplierContact, ...]:
        found = []
        for row in range(self.contacts.rowCount()):
            cells = [self.contacts.item(row, column) for column in range(len(CONTACT_HEADERS))]
            name, role, email, phone = (cell.text() if cell is not None else "" for cell in cells)
            found.append(SupplierContact(name, role, email, phone))
        return tuple(found)

    # -- derived facts -------------------------------------------------------------
    def _update_derived(self, *_args) -> None:
        self.size_override_reason.setEnabled(self.size_override.currentData() is not None)
        self._update_size()
        self._update_local()
        self._update_modern_slavery()
        self._update_evergreen()

    def _update_size(self) -> None:
        try:
            staff = _parse_staff(self.staff_count.text())
            turnover = self.turnover.value()
            balance = self.balance_sheet_total.value()
        except ValueError as exc:
            self.derived_size.setText(f"Cannot be worked out yet: {exc}")
            return
        finding = derive_size(staff, turnover, balance)
        text = f"{finding.size.label} — {finding.reason}"
        override = self.size_override.currentData()
        if override is not None:
            text += f"\nOverridden: {SupplierSize(override).label}, set by an officer."
        self.derived_size.setText(text)

    def _update_local(self) -> None:
        postcode = self.postcode.text().strip()
        areas = ", ".join(self._local_areas)
        if not self._local_areas:
            self.local.setText("Not known — no local postcode areas are set (Edit → Settings).")
        elif not postcode:
            self.local.setText(f"Not known — no postcode recorded (local areas: {areas}).")
        elif is_local(postcode, self._local_areas):
            wanted = {a.replace(" ", "") for a in self._local_areas}
            match = postcode_district(postcode) if postcode_district(postcode) in wanted else postcode_area(postcode)
            self.local.setText(f"Yes — {normalise_postcode(postcode)} is in {match}, a local area.")
        else:
            self.local.setText(f"No — not in the local areas ({areas}).")

    def _update_modern_slavery(self) -> None:
        try:
            turnover = self.turnover.value()
        except ValueError:
            turnover = None
        required = modern_slavery_statement_required(turnover)
        limit = f"£{MODERN_SLAVERY_TURNOVER_FROM / 1_000_000:,.0f}m"
        if required is None:
            self.modern_slavery.setText("Not known — turnover not recorded.")
        elif required:
            self.modern_slavery.setText(f"Required — turnover £{turnover:,.0f} is {limit} or more "
                                        "(Modern Slavery Act 2015 s.54).")
        else:
            self.modern_slavery.setText(f"Not required — turnover is under {limit}.")

    def _update_evergreen(self) -> None:
        expires = evergreen_expires(self.evergreen_assessed_on.value())
        if expires is None:
            self.evergreen_expiry.setText("No assessment recorded.")
        elif expires < self._today():
            self.evergreen_expiry.setText(f"Expired on {date_text(expires)}: ask for a new assessment.")
        else:
            self.evergreen_expiry.setText(f"{date_text(expires)} (12 months from the assessment).")

    # -- editing -------------------------------------------------------------------
    def _mark_dirty(self, *_args) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self.revert_button.setEnabled(dirty)

    def collect(self) -> SupplierData:
        """The form's contents as SupplierData; unreadable numbers raise ValidationError."""
        errors: list[FieldError] = []
        staff: int | None = None
        money: dict[str, Decimal | None] = {}
        try:
            staff = _parse_staff(self.staff_count.text())
        except ValueError as exc:
            errors.append(FieldError("staff_count", str(exc)))
        for name in ("turnover", "balance_sheet_total"):
            try:
                money[name] = getattr(self, name).value()
            except ValueError as exc:
                errors.append(FieldError(name, str(exc)))
                money[name] = None
        if errors:
            raise ValidationError(errors)
        override = self.size_override.currentData()
        return SupplierData(
            name=self.name.text(),
            companies_house_number=self.companies_house_number.text(),
            address=self.address.toPlainText(),
            postcode=self.postcode.text(),
            region=self.region.value(),
            staff_count=staff,
            turnover=money["turnover"],
            balance_sheet_total=money["balance_sheet_total"],
            size_override=SupplierSize(override) if override is not None else None,
            size_override_reason=self.size_override_reason.text() if override is not None else "",
            vcse=self.vcse.isChecked(),
            mutual=self.mutual.isChecked(),
            startup=self.startup.isChecked(),
            modern_slavery_url=self.modern_slavery_url.text(),
            evergreen_level=self.evergreen_level.currentText(),
            evergreen_assessed_on=self.evergreen_assessed_on.value(),
            website=self.website.text(),
            notes=self.notes.toPlainText(),
            contacts=self.contact_list(),
        )

    def save(self) -> bool:
        """Validate and store; on a problem, say which field and why, and keep the edits."""
        self._clear_errors()
        try:
            data = self.collect()
            if self._detail is None:
                detail = self._suppliers.create(data)
            else:
                detail = self._suppliers.update(self._detail.id, self._detail.version, data)
        except ValidationError as exc:
            self.show_errors(list(exc.errors))
            return False
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, "Supplier not saved", f"{exc}\n\nYour edits are still in the form.")
            return False
        self.show_detail(detail)
        self.saved.emit(detail.id)
        return True

    def revert(self) -> None:
        if self._detail is None:
            self.show_new()
        else:
            self.show_supplier(self._detail.id)

    def show_errors(self, errors: list[FieldError]) -> None:
        lines = []
        first_widget = None
        shown: dict[str, list[str]] = {}
        for error in errors:
            label = FIELD_LABELS.get(error.field, error.field)
            lines.append(f"{label}: {error.message}")
            if error.field in self._error_labels:
                shown.setdefault(error.field, []).append(error.message)
        for field, messages in shown.items():
            target = self._error_labels[field]
            target.setText("\n".join(f"Error: {message}" for message in messages))
            target.show()
            widget = self._inputs[field]
            widget.setAccessibleDescription("Error: " + " ".join(messages))
            first_widget = first_widget or widget
        self.summary.setText("Not saved. Please correct:\n• " + "\n• ".join(lines))
        self.summary.show()
        if first_widget is not None:
            first_widget.setFocus()

    def _clear_errors(self) -> None:
        self.summary.hide()
        for name, label in self._error_labels.items():
            label.hide()
            label.clear()
            self._inputs[name].setAccessibleDescription("")

    def field_error(self, name: str) -> str:
        """The message shown beside a field (empty when none); used by tests and screen readers."""
        label = self._error_labels[name]
        return label.text() if not label.isHidden() else ""
