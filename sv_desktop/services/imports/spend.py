"""Importing a spend extract (.xlsx / .csv) into the spend lines the spend KPIs are counted from.

Every line is read and checked first; if any is invalid nothing is stored, unless
the caller chose to skip invalid lines. Each line is matched to a supplier in the
register: by Companies House number when the extract has one; else by name, case and
spacing aside; else by name with punctuation, a leading "The" and legal-form words
(Ltd, Limited, plc, LLP, CIC, ...) set aside, when exactly one supplier has that name.
A line that matches no supplier is still stored (without a supplier) and listed in
the result's notes. A line already stored (same line_key: an overlapping or repeated
extract) is unchanged; one stored without a supplier that now matches one is updated.

Lines are written with SQLAlchemy Core in chunks (extracts often run to 100,000
lines), which the per-record audit hook does not see, so the import records one
AuditEvent summarising what it added, in the same transaction. A dry run (and
`preview`) stores nothing; `progress(done, total)` returning False cancels and rolls
back. Progress counts the reading of the rows, then the writing of the new lines.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sv_desktop.domain.errors import ConflictError
from sv_desktop.domain.supplier import supplier_key
from sv_desktop.exchange.spend_extract import (
    REQUIRED_FIELDS,
    SPEND_VOCABULARY,
    SpendLineValues,
    line_key,
    parse_spend_line,
    spend_name_key,
)
from sv_desktop.exchange.tabular_file import RawRow, RowProblem
from sv_desktop.services.imports.result import ImportResult, Progress
from sv_desktop.services.imports.tabular import Outcome, VocabularyImporter, walk_rows
from sv_desktop.store.audit import current_user
from sv_desktop.store.models import AuditEvent, SpendLine, Supplier, table_of, utc_now
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

LOOKUP_CHUNK = 500
WRITE_CHUNK = 2000
UNMATCHED_NAMES_SHOWN = 10


@dataclass(frozen=True)
class _Line:
    key: str
    values: SpendLineValues
    supplier_id: int | None


class SpendImportService(VocabularyImporter):
    """The spend extract importer (a TabularImporter: the import dialog drives it like the others)."""

    vocabulary = SPEND_VOCABULARY
    kind = "spend"
    kind_label = "spend extract"
    required_fields = REQUIRED_FIELDS

    def __init__(self, uow_factory: UnitOfWorkFactory):
        self._uow_factory = uow_factory

    def import_file(self, path: str | Path, mapping: Mapping[int, str] | None = None, *, skip_invalid: bool = False,
                    dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
        path = Path(path)
        register, mapping, base = self.start(path, mapping, dry_run)
        rows = register.rows
        with self._uow_factory() as uow:
            session = uow.session
            reader = _LineReader(session, register.headers, mapping)
            tally = walk_rows(rows, reader.row, progress, total=2 * len(rows))
            if tally is None:
                return replace(base, cancelled=True)
            if tally.rejected and not skip_invalid:
                return tally.refusal(base)
            stored_ids = _stored(session, [line.key for line in reader.lines])
            new = [line for line in reader.lines if line.key not in stored_ids]
            rematched = [line for line in reader.lines
                         if line.supplier_id is not None and line.key in stored_ids and stored_ids[line.key] is None]
            tally.added, tally.updated = len(new), len(rematched)
            tally.unchanged = len(reader.lines) - len(new) - len(rematched)
            unmatched = Counter(line.values.supplier_name for line in reader.lines
                                if line.supplier_id is None and stored_ids.get(line.key) is None)
            notes = _unmatched_note(unmatched, dry_run)
            stored = False
            if not dry_run and (new or rematched):
                try:
                    if not _write(session, path.name, new, rematched, progress, len(rows)):
                        return replace(base, cancelled=True)
                    uow.commit()
                except IntegrityError:
                    raise ConflictError(f"{path.name}: some of these lines were stored by someone else while this "
                                        "import ran; nothing was imported. Import the extract again.") from None
                stored = True
            elif progress is not None and progress(2 * len(rows), 2 * len(rows)) is False:
                return replace(base, cancelled=True)  # nothing to write: the bar still reaches the end
        return tally.result(base, stored=stored, notes=notes)


class _LineReader:
    """Reads each row into a keyed line matched to a supplier (nothing is written here)."""

    def __init__(self, session: Session, headers: tuple[str, ...], mapping: dict[int, str]):
        self.headers = headers
        self.mapping = mapping
        self.lines: list[_Line] = []
        self.occurrences: Counter[str] = Counter()
        self.matcher = _SupplierMatcher(session)

    def row(self, row: RawRow) -> Outcome | list[RowProblem]:
        values, problems = parse_spend_line(row, self.mapping, self.headers)
        if values is None:
            return problems
        identity = values.identity()
        self.occurrences[identity] += 1
        key = line_key(identity, self.occurrences[identity])
        self.lines.append(_Line(key, values, self.matcher.match(values)))
        return "added"  # for now: whether it is new is settled once every key is known


class _SupplierMatcher:
    """A spend line's supplier: by Companies House number, then exact name key, then the looser name key
    (only when exactly one supplier has it)."""

    def __init__(self, session: Session):
        self.by_number: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        loose: dict[str, set[int]] = {}
        for supplier_id, name_key, number in session.execute(
                select(Supplier.id, Supplier.name_key, Supplier.companies_house_number).order_by(Supplier.id)):
            if number:
                self.by_number.setdefault(number, supplier_id)
            self.by_name.setdefault(name_key, supplier_id)
            loose.setdefault(spend_name_key(name_key), set()).add(supplier_id)
        self.by_loose = {key: next(iter(ids)) for key, ids in loose.items() if len(ids) == 1 and key}
        self.found: dict[tuple[str, str], int | None] = {}

    def match(self, values: SpendLineValues) -> int | None:
        wanted = (values.companies_house_number, values.supplier_name)
        if wanted not in self.found:
            number, name = wanted
            found = self.by_number.get(number) if number else None
            if found is None:
                found = self.by_name.get(supplier_key(name))
            if found is None:
                found = self.by_loose.get(spend_name_key(name))
            self.found[wanted] = found
        return self.found[wanted]


def _stored(session: Session, keys: list[str]) -> dict[str, int | None]:
    """{line_key: supplier_id} of the keys already stored."""
    found: dict[str, int | None] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), LOOKUP_CHUNK):
        chunk = unique[start:start + LOOKUP_CHUNK]
        for key, supplier_id in session.execute(
                select(SpendLine.line_key, SpendLine.supplier_id).where(SpendLine.line_key.in_(chunk))):
            found[key] = supplier_id
    return found


def _write(session: Session, file_name: str, new: list[_Line], rematched: list[_Line],
           progress: Progress | None, read: int) -> bool:
    """Insert the new lines and fill in the newly matched suppliers in chunks, with one summary AuditEvent
    per kind of change; False when cancelled part-way (the caller's transaction then rolls back)."""
    table = table_of(SpendLine)
    source = file_name[:260]
    imported_at = utc_now()
    connection = session.connection()
    total = 2 * read
    for start in range(0, len(new), WRITE_CHUNK):
        connection.execute(table.insert(), [
            {"line_key": line.key, "supplier_id": line.supplier_id, "supplier_name": line.values.supplier_name,
             "invoice_date": line.values.invoice_date, "amount": line.values.amount,
             "postcode": line.values.postcode, "invoice_reference": line.values.invoice_reference,
             "source_file": source, "imported_at": imported_at}
            for line in new[start:start + WRITE_CHUNK]])
        done = start + len(new[start:start + WRITE_CHUNK])
        if progress is not None and progress(read + (read * done) // max(len(new), 1), total) is False:
            return False
    if rematched:
        statement = (table.update().where(table.c.line_key == bindparam("matched_key"))
                     .values(supplier_id=bindparam("matched_supplier")))
        for start in range(0, len(rematched), WRITE_CHUNK):
            connection.execute(statement, [{"matched_key": line.key, "matched_supplier": line.supplier_id}
                                           for line in rematched[start:start + WRITE_CHUNK]])
    if progress is not None and progress(total, total) is False:
        return False
    user, at = current_user(), datetime.now().replace(microsecond=0)
    if new:
        session.add(AuditEvent(at=at, user=user, action="create", entity="spend_lines",
                               new_value=f"{len(new):,} lines from {file_name}"))
    if rematched:
        session.add(AuditEvent(at=at, user=user, action="update", entity="spend_lines", field="supplier_id",
                               new_value=f"{len(rematched):,} lines from {file_name} matched to a supplier"))
    return True


def _unmatched_note(unmatched: Counter[str], dry_run: bool) -> tuple[str, ...]:
    """"12 lines matched no supplier and were stored without one: Acme (7), ..." (or nothing)."""
    lines = sum(unmatched.values())
    if not lines:
        return ()
    shown = ", ".join(f"{name} ({count:,})" for name, count in unmatched.most_common(UNMATCHED_NAMES_SHOWN))
    more = len(unmatched) - UNMATCHED_NAMES_SHOWN
    verb = "would be" if dry_run else "are"
    return (f"{lines:,} line{'s' if lines != 1 else ''} matched no supplier in the register and {verb} stored "
            f"without one: {shown}{f' and {more:,} more names' if more > 0 else ''}. Add them to the supplier "
            "register (or correct their names) and import the extract again to match them.",)


__all__ = ["SpendImportService"]
