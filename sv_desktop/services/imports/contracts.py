"""Importing a contract register (.xlsx / .csv) into the pipeline, in one transaction.

Every row is read and validated. If any row is invalid nothing is stored,
unless the caller chose to skip invalid rows; then every skipped row is listed
with its reason. A row whose reference is already in the store updates that
contract, changing only the fields the file has columns for; a row that would
change nothing counts as unchanged. A dry run (and `preview`) checks every row
the same way and stores nothing. `progress(done, total)` returning False cancels:
the transaction is rolled back and nothing is stored.

Speed (benchmarks/import_50k.py: 50,000 rows in at most twice the time of reading
the file with openpyxl and inserting the rows in bulk): rows go CHUNK_ROWS at a
time. Stored contracts are read with plain column queries. New contracts, their
supplier links and first stage, and new suppliers are written with Core
executemany inserts and put on the audit trail with `record_created` (the commit
hook sees ORM changes only), in the shape the hook gives a contract created in the
form. Only contracts the file changes go through the ORM (PipelineService._apply),
so the hook records each changed field and their version moves on (a contract
someone else changed meanwhile is a conflict, and nothing is imported).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ConflictError, FieldError, ValidationError
from sv_desktop.domain.supplier import supplier_key
from sv_desktop.exchange.contract_register import (
    CONTRACT_VOCABULARY,
    IMPORTABLE_FIELDS,
    RawRow,
    Register,
    RowProblem,
    build_data,
    column_name,
    parse_values,
    validation_problems,
)
from sv_desktop.services.imports.result import ImportResult, Progress
from sv_desktop.services.imports.tabular import VocabularyImporter
from sv_desktop.services.pipeline import PipelineService, contract_columns, stored_data
from sv_desktop.store.audit import record_created
from sv_desktop.store.models import Contract, ContractSupplier, StageChange, Supplier, table_of, utc_now
from sv_desktop.store.unit_of_work import UnitOfWorkFactory, touch

CHUNK_ROWS = 500  # rows checked, written and reported on at a time (and the size of each IN list)
CONFLICT = ("Someone else changed the contracts in this file while it was being imported, so nothing was "
            "imported. Import the file again.")

# Text columns with a length limit the domain rules do not cover all of (PostgreSQL enforces them).
_LIMITS = {name: length for name, column in table_of(Contract).c.items()
           if name in IMPORTABLE_FIELDS and (length := getattr(column.type, "length", None))}


# What a stored contract is compared by: its ContractData's columns (stored_data reads them by name).
_STORED_COLUMNS = tuple(table_of(Contract).c[name] for name in (
    "id", "version", "parent_id", "parent_kind", *(f for f in IMPORTABLE_FIELDS if f != "supplier_names")))


class _Stored:
    """A stored contract as read with plain queries; its ContractData is built only when a row needs it."""

    def __init__(self, row: Row, parent_reference: str, supplier_names: tuple[str, ...]):
        self.row = row
        self.id: int = row.id
        self.version: int = row.version  # a different version when writing: someone else changed it meanwhile
        self.parent_reference = parent_reference
        self.supplier_names = supplier_names

    def holds(self, values: Mapping[str, object]) -> bool:
        """Every value exactly what is stored (a stage or category equals its stored value): the row
        changes nothing, and most rows of a re-import are found so without building ContractData."""
        row = self.row
        return all(value == (self.supplier_names if name == "supplier_names" else getattr(row, name))
                   for name, value in values.items())

    @cached_property
    def data(self) -> ContractData:
        """As stored (what the form saves is already cleaned; other writers may not clean)."""
        return stored_data(self.row, self.parent_reference, self.supplier_names)


@dataclass
class _Chunk:
    """What one chunk of rows comes to: new contracts, changed ones, rejections."""

    adds: list[ContractData]
    updates: list[tuple[int, _Stored, ContractData]]  # (row number, stored, new data)
    unchanged: int
    refused: list[tuple[int, list[RowProblem]]]


class ContractImportService(VocabularyImporter):
    """The contract register importer (a TabularImporter: the import dialog drives it like the others)."""

    vocabulary = CONTRACT_VOCABULARY
    kind = "contracts"
    kind_label = "contract register"
    required_fields = ("reference",)

    def __init__(self, pipeline: PipelineService, uow_factory: UnitOfWorkFactory):
        self._pipeline = pipeline
        self._uow_factory = uow_factory

    def import_file(self, path: str | Path, mapping: Mapping[int, str] | None = None, *, skip_invalid: bool = False,
                    dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
        path = Path(path)
        register, mapping, base = self.start(path, mapping, dry_run)
        with self._uow_factory() as uow:
            run = _Run(uow.session, register, mapping, path.name, write=not dry_run, skip_invalid=skip_invalid)
            try:
                finished = run.run(progress)
            except (StaleDataError, IntegrityError):
                raise ConflictError(CONFLICT) from None
            if not finished:
                return replace(base, cancelled=True)
            # in file order (a chunk's rows refused while writing are noted after the ones refused on reading)
            rejected = tuple(sorted(run.rejected, key=lambda refusal: refusal[0]))
            problems = tuple(sorted(run.problems, key=lambda problem: problem.row))
            if rejected and not skip_invalid:
                return replace(base, rejected=rejected, problems=problems)
            stored = False
            if not dry_run and (run.added or run.updated):
                uow.commit()
                stored = True
        return replace(base, added=run.added, updated=run.updated, unchanged=run.unchanged, rejected=rejected,
                       problems=problems, stored=stored)


class _Run:
    """One pass over the rows inside one session: check a chunk, write it, report progress, next chunk.

    Writing stops at the first invalid row unless invalid rows are skipped (the rest are still
    checked, so that every problem is listed; the transaction is then rolled back)."""

    def __init__(self, session: Session, register: Register, mapping: dict[int, str], file_name: str, *,
                 write: bool, skip_invalid: bool):
        self.session = session
        self.register = register
        self.mapping = mapping
        self.note = f"Imported from {file_name}"[:200]
        self.write = write
        self.skip_invalid = skip_invalid
        self.today = date.today()
        self.now = utc_now()
        self.seen: dict[str, int] = {}  # reference -> the file row it was first on
        self.suppliers: dict[str, tuple[int, str]] = {}  # supplier name key -> (id, stored name)
        self.added = self.updated = self.unchanged = 0
        self.rejected: list[tuple[int, str]] = []
        self.problems: list[RowProblem] = []

    def run(self, progress: Progress | None) -> bool:
        """False when cancelled."""
        if self.session.get_bind().dialect.name == "postgresql":
            # PostgreSQL would soon reuse one plan for each repeated look-up (psycopg prepares a statement run
            # five times); planned while the table was still small, it scans the whole table per chunk.
            self.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        rows = self.register.rows
        total = len(rows)
        if total == 0:
            return not (progress is not None and progress(0, 0) is False)
        for start in range(0, total, CHUNK_ROWS):
            chunk = self._check(rows[start:start + CHUNK_ROWS])
            self.unchanged += chunk.unchanged
            for number, found in chunk.refused:
                self._refuse(number, found)
            if self.rejected and not self.skip_invalid:
                self.write = False
            self.added += len(chunk.adds)
            self.updated += len(chunk.updates)
            if self.write:
                self._add(chunk.adds)
                for number, found in self._update(chunk.updates):
                    self.updated -= 1
                    self._refuse(number, found)
            done = min(start + CHUNK_ROWS, total)
            if progress is not None and progress(done, total) is False:
                return False
        return True

    def _refuse(self, number: int, found: list[RowProblem]) -> None:
        self.problems.extend(found)
        self.rejected.append((number, "; ".join(f"{p.column}: {p.message}" for p in found)))

    # -- checking ------------------------------------------------------------------------------
    def _check(self, rows: Sequence[RawRow]) -> _Chunk:
        headers = self.register.headers
        parsed = [(row, *parse_values(row, self.mapping, headers)) for row in rows]
        stored = self._stored({str(values.get("reference", "")).strip() for _, values, found in parsed if not found})
        chunk = _Chunk([], [], 0, [])
        for row, values, found in parsed:
            if found:
                chunk.refused.append((row.number, found))
                continue
            reference = str(values.get("reference", "")).strip()
            if reference in self.seen:
                chunk.refused.append((row.number, [RowProblem(
                    row.number, column_name("reference", self.mapping, headers),
                    f"'{reference}' is already on row {self.seen[reference]} of this file")]))
                continue
            if reference:
                self.seen[reference] = row.number
            before = stored.get(reference)
            if before is not None and before.holds(values):
                chunk.unchanged += 1
                continue
            try:
                data = build_data(values, before.data if before else None).validated()
                _check_lengths(data)
            except ValidationError as exc:
                chunk.refused.append((row.number, validation_problems(exc, row.number, self.mapping, headers)))
                continue
            if before is None:
                chunk.adds.append(data)
            elif _same(before.data, data) or _same(before.data.cleaned(), data):
                chunk.unchanged += 1
            else:
                chunk.updates.append((row.number, before, data))
        return chunk

    def _stored(self, references: Iterable[str]) -> dict[str, _Stored]:
        """The stored contracts with these references, read with plain queries (no ORM objects)."""
        wanted = [r for r in references if r]
        if not wanted:
            return {}
        session, c = self.session, table_of(Contract).c
        rows = session.execute(select(*_STORED_COLUMNS).where(c.reference.in_(wanted))).all()
        if not rows:
            return {}
        ids = [row.id for row in rows]
        names: dict[int, list[str]] = {}
        for contract_id, name in session.execute(
                select(ContractSupplier.contract_id, Supplier.name)
                .join(Supplier, Supplier.id == ContractSupplier.supplier_id)
                .where(ContractSupplier.contract_id.in_(ids))
                .order_by(ContractSupplier.contract_id, ContractSupplier.position)):
            names.setdefault(contract_id, []).append(name)
        parent_ids = {row.parent_id for row in rows if row.parent_id is not None}
        parents = dict(session.execute(select(c.id, c.reference).where(c.id.in_(parent_ids))).all()) \
            if parent_ids else {}
        return {row.reference: _Stored(row, parents.get(row.parent_id, ""), tuple(names.get(row.id, ())))
                for row in rows}

    # -- writing -------------------------------------------------------------------------------
    def _add(self, adds: list[ContractData]) -> None:
        """New contracts, their supplier links and first stage: Core inserts, then their audit events."""
        if not adds:
            return
        session, c, now = self.session, table_of(Contract).c, self.now
        self._resolve_suppliers(name for data in adds for name in data.supplier_names)
        contracts: list[dict[str, Any]] = [
            {**contract_columns(data), "parent_id": None, "parent_kind": None, "created_at": now,
             "updated_at": now, "version": 1} for data in adds]
        session.execute(table_of(Contract).insert(), contracts)
        ids = dict(session.execute(select(c.reference, c.id).where(c.reference.in_([d.reference for d in adds]))).all())
        for row in contracts:
            row["id"] = ids[row["reference"]]
        record_created(session, Contract, contracts)
        links = [{"contract_id": ids[data.reference], "supplier_id": self.suppliers[supplier_key(name)][0],
                  "position": position}
                 for data in adds for position, name in enumerate(data.supplier_names)]
        if links:
            session.execute(table_of(ContractSupplier).insert(), links)
            record_created(session, ContractSupplier, links)
        changes: list[dict[str, Any]] = [
            {"contract_id": ids[data.reference], "from_stage": None, "to_stage": data.stage.value,
             "changed_on": self.today, "note": self.note, "recorded_at": now} for data in adds]
        session.execute(table_of(StageChange).insert(), changes)
        change_ids = dict(session.execute(select(StageChange.contract_id, StageChange.id)
                                          .where(StageChange.contract_id.in_(list(ids.values())))).all())
        for row in changes:
            row["id"] = change_ids[row["contract_id"]]
        record_created(session, StageChange, changes)

    def _resolve_suppliers(self, names: Iterable[str]) -> None:
        """Every named supplier in self.suppliers: matched by name key in one query, the rest created."""
        wanted: dict[str, str] = {}
        for name in names:
            key = supplier_key(name)
            if key not in self.suppliers:
                wanted.setdefault(key, name)
        if not wanted:
            return
        session = self.session
        query = select(Supplier.name_key, Supplier.id, Supplier.name).order_by(Supplier.id)
        for key, supplier_id, name in session.execute(query.where(Supplier.name_key.in_(list(wanted)))):
            self.suppliers.setdefault(key, (supplier_id, name))
        new: list[dict[str, Any]] = [
            {"name": name, "name_key": key, "created_at": self.now, "updated_at": self.now, "version": 1}
            for key, name in wanted.items() if key not in self.suppliers]
        if not new:
            return
        session.execute(table_of(Supplier).insert(), new)
        for key, supplier_id, name in session.execute(query.where(Supplier.name_key.in_([r["name_key"] for r in new]))):
            self.suppliers.setdefault(key, (supplier_id, name))
        for row in new:
            row["id"] = self.suppliers[row["name_key"]][0]
        record_created(session, Supplier, new)

    def _update(self, updates: list[tuple[int, _Stored, ContractData]]) -> list[tuple[int, list[RowProblem]]]:
        """Changed contracts through the ORM (field-by-field audit, version check); the rows refused.

        Supplier links are replaced for the whole chunk at once: the old links go in one flush, where
        changing them one contract at a time (PipelineService._apply) would flush once per contract."""
        if not updates:
            return []
        session = self.session
        self._resolve_suppliers(name for _, _, data in updates for name in data.supplier_names)
        contracts = {contract.id: contract for contract in session.scalars(
            select(Contract).where(Contract.id.in_([stored.id for _, stored, _ in updates])).options(
                selectinload(Contract.supplier_links)))}
        refused, relinked = [], []
        with session.no_autoflush:  # one flush below, not one per parent look-up
            for number, stored, data in updates:
                contract = contracts.get(stored.id)
                if contract is None or contract.version != stored.version:
                    raise ConflictError(CONFLICT)
                old_stage = contract.stage
                try:
                    PipelineService._apply_fields(session, contract, data)  # checks the parent before any change
                except ValidationError as exc:
                    refused.append((number, validation_problems(exc, number, self.mapping, self.register.headers)))
                    continue
                if list(map(supplier_key, stored.supplier_names)) != list(map(supplier_key, data.supplier_names)):
                    touch(contract)
                    contract.supplier_links.clear()
                    relinked.append((contract, data.supplier_names))
                if old_stage != data.stage.value:
                    session.add(StageChange(contract_id=contract.id, from_stage=old_stage,
                                            to_stage=data.stage.value, changed_on=self.today, note=self.note))
        session.flush()  # the old links are deleted before any is written again
        for contract, names in relinked:
            for position, name in enumerate(names):
                contract.supplier_links.append(
                    ContractSupplier(supplier_id=self.suppliers[supplier_key(name)][0], position=position))
        session.flush()
        return refused


def _check_lengths(data: ContractData) -> None:
    """ValidationError for text longer than its column holds (SQLite would keep it, PostgreSQL refuses)."""
    errors = [(name, limit) for name, limit in _LIMITS.items()
              if not isinstance(value := getattr(data, name), Enum) and isinstance(value, str) and len(value) > limit]
    if errors:
        raise ValidationError([FieldError(name, f"must be at most {limit} characters") for name, limit in errors])


def _same(before: ContractData, after: ContractData) -> bool:
    """Equal, counting supplier names that differ only in case or spacing as the same supplier."""
    if before.supplier_names == after.supplier_names:
        return before == after
    return list(map(supplier_key, before.supplier_names)) == list(map(supplier_key, after.supplier_names)) and \
        replace(before, supplier_names=after.supplier_names) == after
