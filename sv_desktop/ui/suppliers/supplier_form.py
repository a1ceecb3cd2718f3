"""The supplier edit form: every field of one supplier, the facts derived from them, messages beside the field."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import FieldError
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
from sv_desktop.ui.common.form_parts import (
    EditForm,
    FieldErrors,
    error_lines,
    heading_label,
    read_inputs,
    rows_height,
    save_and_revert,
    scroll_body,
    store_or_explain,
    text_height,
    track_edits,
)
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.widgets import EnumCombo, MoneyEdit, OptionalDateEdit

LABEL_WIDTH = 165  # one label column width, so the groups line up
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


class _SupplierErrors(FieldErrors):
    """The supplier rules write whole sentences, and a field can break more than one: every one is shown."""

    def describe(self, errors: list[FieldError]) -> tuple[str, str]:
        return error_lines([error.message for error in errors])


class SupplierForm(EditForm, QWidget):
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
        self._loading = False
        self._local_areas: tuple[str, ...] = ()
        self._levels: tuple[str, ...] = ()
        self._build()
        self.refresh_settings()
        self.show_new()

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = heading_label()
        outer.addWidget(self.heading)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        outer.addWidget(self.subheading)
        self.summary = QLabel()
        self.summary.setAccessibleName("Problems with this supplier")
        self.errors = _SupplierErrors(self.summary, FIELD_LABELS)
        outer.addWidget(self.summary)
        _scroll, column = scroll_body(outer)

        self.name = QLineEdit()
        self.companies_house_number = QLineEdit()
        self.companies_house_number.setPlaceholderText("e.g. 01234567 or SC123456")
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(text_height(self.address, 3))
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
            ("derived_size", "Size from the figures", self.derived_size, None),
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
            ("local", "Local supplier", self.local, None),
        ])

        self.modern_slavery = self._derived_label()
        self.modern_slavery_url = QLineEdit()
        self.modern_slavery_url.setPlaceholderText("Link to the published statement")
        self._group(column, "Modern Slavery Act", [
            ("modern_slavery", "Statement required", self.modern_slavery, None),
            ("modern_slavery_url", "Statement lin&k", self.modern_slavery_url),
        ])

        self.evergreen_level = QComboBox()
        self.evergreen_level.setEditable(True)
        self.evergreen_level.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        editor = self.evergreen_level.lineEdit()
        assert editor is not None  # the box was made editable just above
        editor.setPlaceholderText("Not assessed (choose or type the level)")
        self.evergreen_assessed_on = OptionalDateEdit()
        self.evergreen_expiry = self._derived_label()
        self._group(column, "Evergreen assessment", [
            ("evergreen_level", "&Evergreen level", self.evergreen_level),
            ("evergreen_assessed_on", "Assessed on", self.evergreen_assessed_on),
            ("evergreen_expiry", "Valid until", self.evergreen_expiry, None),
        ])

        self.contacts = QTableWidget(0, len(CONTACT_HEADERS))
        self.contacts.setHorizontalHeaderLabels(CONTACT_HEADERS)
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.contacts.setMinimumHeight(rows_height(self.contacts, 3))
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
        contact_box.setAccessibleName("People")  # the table and its buttons, under the row's label
        self.contacts.setAccessibleName("Contacts")
        self._group(column, "Contacts", [("contacts", "People", contact_box, self.contacts)])

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(text_height(self.notes, 4))
        self._group(column, "Notes", [("notes", "Notes", self.notes)])
        column.addStretch(1)

        self.save_button, self.revert_button = save_and_revert(
            self, outer, save_tip="Save this supplier (Ctrl+S)", revert_tip="Throw away unsaved edits")
        self.add_contact_button.clicked.connect(self.add_contact)
        self.remove_contact_button.clicked.connect(self.remove_contact)

        track_edits(self._mark_dirty, self.name, self.companies_house_number, self.postcode, self.website,
                    self.staff_count, self.turnover, self.balance_sheet_total, self.size_override_reason,
                    self.modern_slavery_url, self.address, self.notes, self.region, self.size_override,
                    self.vcse, self.mutual, self.startup, self.evergreen_assessed_on)
        self.evergreen_level.currentTextChanged.connect(self._mark_dirty)
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

    def _group(self, column: QVBoxLayout, title: str, rows: list[tuple]) -> None:
        """Rows (name, label, widget[, buddy]); a derived fact has no buddy: its label reads its own text."""
        self.errors.group(column, title, rows, label_width=LABEL_WIDTH)

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
        return self._show_stored(lambda: self._suppliers.get(supplier_id), "Supplier not found", self.show_detail)

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
            self.errors.clear()
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
        name = self.contacts.item(row, 0)
        assert name is not None  # _append_contact put an item in every cell of the row
        self.contacts.editItem(name)

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
    def collect(self) -> SupplierData:
        """The form's contents as SupplierData; unreadable numbers raise ValidationError."""
        values = read_inputs(staff_count=lambda: _parse_staff(self.staff_count.text()),
                             turnover=self.turnover.value, balance_sheet_total=self.balance_sheet_total.value)
        staff_count, turnover, balance_sheet_total = (
            values["staff_count"], values["turnover"], values["balance_sheet_total"])
        assert staff_count is None or isinstance(staff_count, int)  # _parse_staff's
        assert turnover is None or isinstance(turnover, Decimal)  # MoneyEdit.value's
        assert balance_sheet_total is None or isinstance(balance_sheet_total, Decimal)
        override = self.size_override.currentData()
        return SupplierData(
            name=self.name.text(),
            companies_house_number=self.companies_house_number.text(),
            address=self.address.toPlainText(),
            postcode=self.postcode.text(),
            region=self.region.value(),
            staff_count=staff_count,
            turnover=turnover,
            balance_sheet_total=balance_sheet_total,
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
        self.errors.clear()
        stored, detail = store_or_explain(
            self, self._store, self.show_errors, "Supplier not saved", "\n\nYour edits are still in the form.",
            "\n\nYour edits are still in the form. To reload it, choose Revert (this throws your edits away).")
        if not stored:
            return False
        assert detail is not None  # stored: what _store returned
        self.show_detail(detail)
        self.saved.emit(detail.id)
        return True

    def _store(self) -> SupplierDetail:
        data = self.collect()
        if self._detail is None:
            return self._suppliers.create(data)
        return self._suppliers.update(self._detail.id, self._detail.version, data)

    def revert(self) -> None:
        if self._detail is None:
            self.show_new()
        else:
            self.show_supplier(self._detail.id)

