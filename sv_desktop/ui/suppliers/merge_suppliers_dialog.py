"""Merge two records of the same supplier: choose the other record and which one to keep, see what moves, confirm."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from sv_desktop.services.suppliers import SupplierDetail, SupplierRow, SupplierService
from sv_desktop.ui.common.errors import show_error
from sv_desktop.ui.common.literal_text import literal
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.widgets import enable_clear_button


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class MergeSuppliersDialog(QDialog):
    """Folds one supplier record into another through SupplierService.merge.

    After `exec()` returns Accepted, `kept` is the surviving supplier's detail.
    """

    def __init__(self, suppliers: SupplierService, current_id: int, choices: Sequence[SupplierRow],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._suppliers = suppliers
        self._current = suppliers.get(current_id)
        self._other: SupplierDetail | None = None
        self.kept: SupplierDetail | None = None
        self.setWindowTitle("Merge suppliers")
        self.resize(620, 620)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Merge <b>{_escape(self._current.data.name)}</b> with another record of the same "
                       "supplier. Every contract link, contact and carbon plan moves to the record you keep; "
                       "the other record is then removed.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        find_label = QLabel("&Find the other record")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, Companies House number or postcode")
        enable_clear_button(self.search)
        self.search.setAccessibleName("Find the other record")
        find_label.setBuddy(self.search)
        layout.addWidget(find_label)
        layout.addWidget(self.search)
        self._items = QStandardItemModel(self)
        for row in choices:
            if row.id == current_id:
                continue
            details = " · ".join(part for part in (row.companies_house_number, row.postcode) if part)
            item = QStandardItem(f"{row.name}  ({details})" if details else row.name)
            item.setData(row.id, ItemRole.ROW_ID)
            item.setEditable(False)
            self._items.appendRow(item)
        self._filtered = QSortFilterProxyModel(self)
        self._filtered.setSourceModel(self._items)
        self._filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView()
        self.list.setModel(self._filtered)
        self.list.setAccessibleName("Other supplier records")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.list, 1)

        keep_box = QGroupBox("Record to keep")
        keep_column = QVBoxLayout(keep_box)
        self.keep_other = QRadioButton("Keep the record chosen above")
        self.keep_current = QRadioButton(f"Keep {literal(self._current.data.name)}")
        self.keep_other.setChecked(True)
        keep_column.addWidget(self.keep_other)
        keep_column.addWidget(self.keep_current)
        layout.addWidget(keep_box)

        self.preview = QLabel("Choose the other record to see what moves.")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAccessibleName("What the merge moves")
        self.preview.setMinimumHeight(self.preview.fontMetrics().lineSpacing() * 4)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.preview)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._filtered.setFilterFixedString)
        self.list.selectionModel().currentChanged.connect(self._chosen)
        self.keep_other.toggled.connect(self._update_preview)
        self.search.setFocus()

    # -- choosing ----------------------------------------------------------------------
    def choose(self, supplier_id: int) -> bool:
        """Pick the other record by id (as clicking it in the list does)."""
        for row in range(self._filtered.rowCount()):
            index = self._filtered.index(row, 0)
            if index.data(ItemRole.ROW_ID) == supplier_id:
                self.list.setCurrentIndex(index)
                return True
        return False

    def _chosen(self, current, _previous=None) -> None:
        supplier_id = current.data(ItemRole.ROW_ID) if current.isValid() else None
        self._other = None
        if supplier_id is not None:
            try:
                self._other = self._suppliers.get(supplier_id)
            except NotFoundError as exc:
                self.preview.setText(_escape(str(exc)))
        if self._other is not None:
            self.keep_other.setText(f"Keep {literal(self._other.data.name)}")
        else:
            self.keep_other.setText("Keep the record chosen above")
        self.merge_button.setEnabled(self._other is not None)
        self._update_preview()

    @property
    def keep_and_merge(self) -> tuple[SupplierDetail, SupplierDetail] | None:
        if self._other is None:
            return None
        if self.keep_current.isChecked():
            return self._current, self._other
        return self._other, self._current

    def _update_preview(self, *_args) -> None:
        pair = self.keep_and_merge
        if pair is None:
            return
        keep, gone = pair
        kept_ids = {c.id for c in keep.contracts}
        moving = [c for c in gone.contracts if c.id not in kept_ids]
        shared = [c for c in gone.contracts if c.id in kept_ids]
        references = ", ".join(c.reference for c in moving[:8]) + (" …" if len(moving) > 8 else "")
        lines = [
            f"<b>{_escape(gone.data.name)}</b> is removed; <b>{_escape(keep.data.name)}</b> is kept and gains:",
            f"• {_plural(len(moving), 'contract')}" + (f" ({_escape(references)})" if moving else ""),
            f"• {_plural(gone.plan_count, 'carbon plan version')}",
            f"• {_plural(len(gone.data.contacts), 'contact')}",
        ]
        if shared:
            lines.append(f"{_plural(len(shared), 'contract')} already name both; they keep one link.")
        lines.append("Details left blank on the kept record are filled in from the other; notes are added.")
        self.preview.setText("<br>".join(lines))

    # -- merging -----------------------------------------------------------------------
    def accept(self) -> None:
        pair = self.keep_and_merge
        if pair is None:
            return
        keep, gone = pair
        try:
            self.kept = self._suppliers.merge(keep.id, gone.id)
        except (ValidationError, ConflictError, NotFoundError) as exc:
            show_error(self, "Suppliers not merged", exc)
            return
        super().accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

