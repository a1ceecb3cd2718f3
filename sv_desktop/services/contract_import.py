"""Importing a contract register (.xlsx / .csv) into the pipeline, in one transaction.

Every row is read and validated first. If any row is invalid nothing is stored,
unless the caller chose to skip invalid rows; then every skipped row is listed
with its reason. A row whose reference is already in the store updates that
contract, changing only the fields the file has columns for; a row that would
change nothing counts as unchanged. A dry run (and `preview`) does all of this
inside the transaction and then rolls it back. `progress(done, total)` returning
False cancels: the transaction is rolled back and nothing is stored.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sv_desktop.domain.contract import FIELD_LABELS, ContractData
from sv_desktop.domain.errors import ValidationError
from sv_desktop.exchange.contract_register import (
    IMPORTABLE_FIELDS, Register, RegisterError, RowProblem, build_data, column_name, parse_cell, parse_values,
    propose_mapping, read_register, validation_problems,
)
from sv_desktop.services.import_result import ImportResult, Progress
from sv_desktop.services.pipeline import PipelineService, contract_data, supplier_key
from sv_desktop.store.models import Contract, ContractSupplier, StageChange
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

LOOKUP_CHUNK = 500
PROGRESS_EVERY = 200


class ContractImportService:
    """The contract register importer (a TabularImporter: the import dialog drives it like the others)."""

    kind = "contracts"
    kind_label = "contract register"
    fields = {name: FIELD_LABELS[name] for name in IMPORTABLE_FIELDS}
    required_fields = ("reference",)

    def __init__(self, pipeline: PipelineService, uow_factory: UnitOfWorkFactory):
        self._pipeline = pipeline
        self._uow_factory = uow_factory

    def read(self, path: str | Path) -> Register:
        """The file's header row and rows (RegisterError when it cannot be read)."""
        return read_register(path)

    def propose_mapping(self, headers: tuple[str, ...]) -> dict[int, str]:
        return propose_mapping(headers)

    def preview(self, path: str | Path, mapping: Mapping[int, str] | None = None,
                progress: Progress | None = None) -> ImportResult:
        """What importing would do, skipping the invalid rows, with every row's problems; nothing is stored."""
        return self.import_file(path, mapping, skip_invalid=True, dry_run=True, progress=progress)

    def import_file(self, path: str | Path, mapping: Mapping[int, str] | None = None, *, skip_invalid: bool = False,
                    dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
        path = Path(path)
        register = read_register(path)
        mapping = dict(propose_mapping(register.headers) if mapping is None else mapping)
        _check_mapping(path.name, mapping, register.headers)
        base = ImportResult(path.name, register.header_row, register.headers, mapping, len(register.rows),
                            dry_run=dry_run)
        with self._uow_factory() as uow:
            outcome = _Run(uow.session, register, mapping, path.name, progress).run()
            if outcome is None:
                return replace(base, cancelled=True)
            added, updated, unchanged, rejected, problems = outcome
            if rejected and not skip_invalid:
                return replace(base, rejected=rejected, problems=problems)
            if not dry_run and (added or updated):
                uow.commit()
                stored = True
            else:
                stored = False
        return replace(base, added=added, updated=updated, unchanged=unchanged, rejected=rejected,
                       problems=problems, stored=stored)


def _check_mapping(name: str, mapping: Mapping[int, str], headers: tuple[str, ...]) -> None:
    unknown = sorted({f for f in mapping.values() if f not in IMPORTABLE_FIELDS})
    if unknown:
        raise RegisterError(f"{name}: cannot import into {', '.join(unknown)}")
    if len(set(mapping.values())) != len(mapping):
        raise RegisterError(f"{name}: two columns are mapped to the same field")
    if "reference" not in mapping.values():
        raise RegisterError(f"{name}: no column holds the contract reference (expected a header such as "
                            "'Reference', 'Contract ref' or 'Ref')")


class _Run:
    """One pass over the rows inside one session: validate, then add or update each valid row."""

    def __init__(self, session: Session, register: Register, mapping: dict[int, str], file_name: str,
                 progress: Progress | None):
        self.session = session
        self.register = register
        self.mapping = mapping
        self.note = f"Imported from {file_name}"[:200]
        self.progress = progress

    def run(self):
        rows = self.register.rows
        total = len(rows)
        headers = self.register.headers
        existing = self._existing(rows)
        seen: dict[str, int] = {}
        added = updated = unchanged = 0
        rejected: list[tuple[int, str]] = []
        problems: list[RowProblem] = []
        today = date.today()
        for done, row in enumerate(rows, start=1):
            found = self._row(row, headers, existing, seen, today)
            if isinstance(found, list):
                problems.extend(found)
                rejected.append((row.number, "; ".join(f"{p.column}: {p.message}" for p in found)))
            elif found == "added":
                added += 1
            elif found == "updated":
                updated += 1
            else:
                unchanged += 1
            if self.progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                if self.progress(done, total) is False:
                    return None
        if self.progress is not None and total == 0 and self.progress(0, 0) is False:
            return None
        return added, updated, unchanged, tuple(rejected), tuple(problems)

    def _row(self, row, headers, existing, seen, today):
        values, problems = parse_values(row, self.mapping, headers)
        if problems:
            return problems
        reference = str(values.get("reference", "")).strip()
        if reference in seen:
            return [RowProblem(row.number, column_name("reference", self.mapping, headers),
                               f"'{reference}' is already on row {seen[reference]} of this file")]
        if reference:
            seen[reference] = row.number
        contract = existing.get(reference)
        before = contract_data(contract).cleaned() if contract is not None else None
        try:
            data = build_data(values, before).validated()
        except ValidationError as exc:
            return validation_problems(exc, row.number, self.mapping, headers)
        if before is not None and _same(before, data):
            return "unchanged"
        try:
            if contract is None:
                self._add(data, today)
                return "added"
            self._update(contract, data, today)
            return "updated"
        except ValidationError as exc:
            return validation_problems(exc, row.number, self.mapping, headers)

    def _existing(self, rows) -> dict[str, Contract]:
        references = set()
        reference_columns = [i for i, f in self.mapping.items() if f == "reference"]
        for row in rows:
            for index in reference_columns:
                try:
                    references.add(str(parse_cell("reference", row.cells[index] if index < len(row.cells) else None)))
                except ValueError:
                    continue  # reported when the row is read
        found: dict[str, Contract] = {}
        wanted = sorted(r for r in references if r)
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start:start + LOOKUP_CHUNK]
            for contract in self.session.scalars(
                select(Contract).where(Contract.reference.in_(chunk)).options(
                    selectinload(Contract.supplier_links).selectinload(ContractSupplier.supplier),
                    selectinload(Contract.parent),
                )
            ):
                found[contract.reference] = contract
        return found

    def _add(self, data: ContractData, today: date) -> None:
        session = self.session
        PipelineService._check_reference_free(session, data.reference, None)
        contract = Contract(version=1)
        session.add(contract)
        try:
            with session.no_autoflush:
                PipelineService._apply(session, contract, data)
        except ValidationError:
            session.expunge(contract)
            raise
        contract.stage_changes.append(
            StageChange(from_stage=None, to_stage=data.stage.value, changed_on=today, note=self.note))

    def _update(self, contract: Contract, data: ContractData, today: date) -> None:
        old_stage = contract.stage
        PipelineService._apply(self.session, contract, data)  # checks the parent before changing anything
        if old_stage != data.stage.value:
            contract.stage_changes.append(
                StageChange(from_stage=old_stage, to_stage=data.stage.value, changed_on=today, note=self.note))


def _same(before: ContractData, after: ContractData) -> bool:
    """Equal, counting supplier names that differ only in case or spacing as the same supplier."""
    return replace(before, supplier_names=tuple(map(supplier_key, before.supplier_names))) == replace(
        after, supplier_names=tuple(map(supplier_key, after.supplier_names)))
