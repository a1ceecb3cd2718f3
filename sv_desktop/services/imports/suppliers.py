"""Importing a supplier list (.xlsx / .csv) into the supplier register, in one transaction.

A row is the supplier already in the register with the same Companies House
number, else the one with the same name (case and spacing aside), else a new
supplier. Only the fields the file has columns for change (a blank cell in such a
column clears the field; a blank yes/no cell means no); a row that would change
nothing counts as unchanged. A row's contact columns update the supplier's contact
of that name, or add one; blank contact cells leave the contacts as they are.
Every row is checked by the same rules as the supplier form (validate_supplier).
If any row is invalid nothing is stored, unless the caller chose to skip invalid
rows. A dry run (and `preview`) does all of this and then rolls it back;
`progress(done, total)` returning False cancels and rolls back.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.supplier import (
    SupplierContact,
    SupplierData,
    normalise_companies_house_number,
    supplier_key,
    validate_supplier,
)
from sv_desktop.exchange.supplier_list import CONTACT_FIELDS, SUPPLIER_VOCABULARY, parse_supplier_values
from sv_desktop.exchange.tabular_file import RawRow, RowProblem
from sv_desktop.services.imports.result import ImportResult, Progress
from sv_desktop.services.imports.tabular import Outcome, VocabularyImporter, walk_rows
from sv_desktop.services.suppliers import SupplierService, supplier_data
from sv_desktop.store.models import Supplier
from sv_desktop.store.unit_of_work import UnitOfWorkFactory


class SupplierImportService(VocabularyImporter):
    """The supplier list importer (a TabularImporter: the import dialog drives it like the others)."""

    vocabulary = SUPPLIER_VOCABULARY
    kind = "suppliers"
    kind_label = "supplier list"
    required_fields = ("name",)

    def __init__(self, uow_factory: UnitOfWorkFactory, today: Callable[[], date] = date.today):
        self._uow_factory = uow_factory
        self._today = today

    def import_file(self, path: str | Path, mapping: Mapping[int, str] | None = None, *, skip_invalid: bool = False,
                    dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
        register, mapping, base = self.start(Path(path), mapping, dry_run)
        with self._uow_factory() as uow:
            run = _Run(uow.session, register.headers, mapping, self._today())
            tally = walk_rows(register.rows, run.row, progress)
            if tally is None:
                return replace(base, cancelled=True)
            if tally.rejected and not skip_invalid:
                return tally.refusal(base)
            stored = not dry_run and bool(tally.added or tally.updated)
            if stored:
                uow.commit()
        return tally.result(base, stored=stored)


def _merged(before: SupplierData | None, values: Mapping[str, Any],
            contacts: tuple[SupplierContact, ...]) -> SupplierData:
    """`before` (or a blank supplier) with the row's field values and contacts. The values are keyed by
    SupplierData field and each parsed to its field's type (parse_supplier_cell), which a dict cannot state."""
    return replace(before or SupplierData(name=""), **values, contacts=contacts)


class _Run:
    """One pass over the rows inside one session: match, merge, validate, then add or update."""

    def __init__(self, session: Session, headers: tuple[str, ...], mapping: dict[int, str], today: date):
        self.session = session
        self.headers = headers
        self.mapping = mapping
        self.today = today
        self.by_number: dict[str, Supplier] = {}
        self.by_name: dict[str, Supplier] = {}
        for supplier in session.scalars(select(Supplier).options(selectinload(Supplier.contacts))
                                        .order_by(Supplier.id)):
            if supplier.companies_house_number:
                self.by_number.setdefault(supplier.companies_house_number, supplier)
            self.by_name.setdefault(supplier.name_key, supplier)
        self.seen: dict[int, int] = {}  # id(Supplier) -> the row of this file that already wrote it

    def column(self, field_name: str) -> str:
        return SUPPLIER_VOCABULARY.column_name(field_name, self.mapping, self.headers)

    def row(self, row: RawRow) -> Outcome | list[RowProblem]:
        values, problems = parse_supplier_values(row, self.mapping, self.headers)
        if problems:
            return problems
        contact = {name: str(values.pop(name)) for name in CONTACT_FIELDS if name in values}
        name = " ".join(str(values.get("name", "")).split())
        number = normalise_companies_house_number(str(values.get("companies_house_number", "")))
        supplier = (self.by_number.get(number) if number else None) or self.by_name.get(supplier_key(name))
        if supplier is not None and id(supplier) in self.seen:
            return [RowProblem(row.number, self.column("name"),
                               f"'{supplier.name}' is already on row {self.seen[id(supplier)]} of this file")]
        before = supplier_data(supplier) if supplier is not None else None
        try:
            contacts = _merge_contact(before.contacts if before else (), contact)
        except ValueError as exc:
            return [RowProblem(row.number, self.column("contact_name"), str(exc))]
        try:
            data = validate_supplier(_merged(before, values, contacts), self.today)
        except ValidationError as exc:
            return [RowProblem(row.number, self.column(self._field(e.field, e.message)), e.message)
                    for e in exc.errors]
        other = self.by_name.get(supplier_key(data.name))
        if other is not None and other is not supplier:
            where = f"row {self.seen[id(other)]} of this file" if id(other) in self.seen else "the register"
            return [RowProblem(row.number, self.column("name"),
                               f"another supplier in {where} is already called '{other.name}'; merge the two "
                               "records, or give this row that supplier's Companies House number")]
        if before is not None and data == before:
            self.seen[id(supplier)] = row.number
            return "unchanged"
        outcome: Outcome = "updated"
        if supplier is None:
            supplier = Supplier(name=data.name, name_key=supplier_key(data.name), version=1)
            self.session.add(supplier)
            outcome = "added"
        elif self.by_name.get(supplier.name_key) is supplier:
            del self.by_name[supplier.name_key]  # it may be renamed
        SupplierService._apply(supplier, data)
        self.by_name[supplier.name_key] = supplier
        if data.companies_house_number:
            self.by_number.setdefault(data.companies_house_number, supplier)
        self.seen[id(supplier)] = row.number
        return outcome

    def _field(self, field_name: str, message: str) -> str:
        """The import field a validation error belongs to (a contact's email problem to the email column)."""
        if field_name != "contacts":
            return field_name
        return "contact_email" if "email" in message and "contact_email" in self.mapping.values() else "contact_name"


def _merge_contact(contacts: tuple[SupplierContact, ...], cells: dict[str, str]) -> tuple[SupplierContact, ...]:
    """The contacts with the row's contact merged in: the one of that name updated (only the columns the
    file has), or a new one added. Blank contact cells leave the contacts as they are."""
    given = {name: text.strip() for name, text in cells.items()}
    if not any(given.values()):
        return contacts
    name = given.get("contact_name", "")
    if not name:
        raise ValueError("the contact's email or phone is given without the contact's name")
    changes = {key.removeprefix("contact_"): value for key, value in given.items() if key != "contact_name"}
    for index, contact in enumerate(contacts):
        if supplier_key(contact.name) == supplier_key(name):
            return (*contacts[:index], replace(contact, **changes), *contacts[index + 1:])
    return (*contacts, SupplierContact(name=name, **changes))


__all__ = ["SupplierImportService"]
