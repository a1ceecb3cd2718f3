"""Importing published notices (OCDS release or record packages) into the pipeline, in one transaction.

Contracts are matched by ocid. A new contract's reference is its ocid when that
fits the 64 characters of a reference and no other contract uses it; a longer
ocid becomes its first 55 characters, "-" and 8 hex digits of its SHA-1 (so two
long ocids sharing a start still differ); a reference already taken gets "-2",
"-3", ... (cut to fit). Its category comes from the CPV -> category table.

A notice whose newest release is not newer than the contract's stored release
date (`ocds_release_date`) changes nothing: re-importing the same or an older
download is harmless. A newer notice updates only the fields the notice owns:
title, description, total value, start and end dates, tender deadline, buyer,
regions, CPV codes and procurement method (each only when the notice gives it),
its award suppliers (added; suppliers the officer linked stay), and the stage,
which only ever moves forward. Everything else is the officer's and a notice
never changes it: category, annual value, VAT basis, extension and notice
periods, procurement lead, contract manager, parent, notes; the route and regime
are filled from the notice only while they are blank.

Suppliers are found by name (case and spacing do not matter) or created. Where
the publisher gave a supplier's size, it is recorded as a size override ("Published
as SME in OCDS notice <ocid>") only when the supplier has no size facts of its own
(staff, turnover, balance sheet or an override); a published VCSE flag marks the
supplier VCSE, and a published "not VCSE" never clears an officer's flag.

Everything happens in one transaction: a dry run (and `preview`) rolls it back,
and `progress(done, total)` returning False cancels it with nothing stored.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sv_desktop.catalogue.cpv_categories import (
    CpvRule,
    CpvTable,
    load_cpv_table,
    shipped_cpv_table_path,
    user_cpv_table_path,
    write_cpv_table,
)
from sv_desktop.catalogue.loader import CatalogueError
from sv_desktop.domain.contract import REFERENCE_MAX, ContractData
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.supplier import SupplierSize, supplier_key
from sv_desktop.domain.vocabulary import STAGE_ORDER, Category, Stage
from sv_desktop.exchange.ocds import (
    Notice,
    OcdsError,
    PackageSummary,
    buyer_key,
    compile_notices,
    parse_release_stamp,
    read_package,
)
from sv_desktop.services.imports.result import Progress
from sv_desktop.services.pipeline import PipelineService, contract_data
from sv_desktop.store.models import Contract, ContractSupplier, StageChange, Supplier
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

LOOKUP_CHUNK = 500
PROGRESS_EVERY = 25
CPV_CODES_MAX = 300  # Contract.cpv_codes
BUYER_MAX = 300
HASHED_REFERENCE_KEEP = REFERENCE_MAX - 9  # "<start of the ocid>-<8 hex digits>"

# What the entry points use, the file format's summary, buyer matching and error among them (never exchange/).
__all__ = ["NoticeOutcome", "OcdsError", "OcdsImportResult", "OcdsImportService", "PackageSummary", "buyer_key"]


@dataclass(frozen=True)
class NoticeOutcome:
    """What importing one notice did (or would do) to the pipeline."""

    ocid: str
    reference: str
    title: str
    action: str  # "added", "updated" or "unchanged"
    category: Category
    stage: Stage
    value: Decimal | None


@dataclass(frozen=True)
class OcdsImportResult:
    """What an import did (or, for a dry run or preview, would do)."""

    file_name: str
    releases: int  # releases (or records) read from the file
    notices: int  # contracting processes (ocids) the chosen releases make
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: tuple[tuple[str, str], ...] = ()  # (where, reason) of every release or process left out
    outcomes: tuple[NoticeOutcome, ...] = ()
    stored: bool = False  # the transaction was committed
    dry_run: bool = False
    cancelled: bool = False

    def summary(self) -> str:
        if self.cancelled:
            return f"{self.file_name}: import cancelled; nothing was changed."
        verb = "would be" if self.dry_run else "were"
        skipped = f"{len(self.skipped)} skipped" if self.skipped else "none skipped"
        return (f"{self.file_name}: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{skipped} ({verb} imported from {self.releases} releases of {self.notices} contracting "
                "processes).")


class OcdsImportService:
    """Published notices in, CPV -> category table kept; the CLI and the import dialog both use it."""

    kind = "ocds"
    kind_label = "published notices (OCDS)"

    def __init__(self, uow_factory: UnitOfWorkFactory, today: Callable[[], date] = date.today):
        self._uow_factory = uow_factory
        self._today = today

    # -- the package ----------------------------------------------------------------------------------
    def read(self, path: str | Path) -> PackageSummary:
        """What the file holds, with its buyers and release counts (OcdsError when it is not a package)."""
        return read_package(path).summary()

    def preview(self, path: str | Path, buyers: Collection[str] | None = None,
                progress: Progress | None = None) -> OcdsImportResult:
        """What importing would do, notice by notice, and every release that would be skipped; nothing is stored."""
        return self.import_file(path, buyers, dry_run=True, progress=progress)

    def import_file(self, path: str | Path, buyers: Collection[str] | None = None, *, dry_run: bool = False,
                    progress: Progress | None = None) -> OcdsImportResult:
        """Import the file's notices (only those of `buyers` when given) in one transaction."""
        path = Path(path)
        table = self._table_for_import()
        package = read_package(path)
        today = self._today()
        notices, skipped = compile_notices(package, buyers, today=today)
        base = OcdsImportResult(path.name, len(package.releases) + len(package.skipped), len(notices),
                                skipped=tuple(skipped), dry_run=dry_run)
        if progress is not None and progress(0, len(notices)) is False:
            return replace(base, cancelled=True)
        with self._uow_factory() as uow:
            run = _Run(uow.session, table, path.name, progress, today)
            if not run.run(notices):
                return replace(base, cancelled=True)
            stored = False
            if run.wrote and not dry_run:
                uow.commit()
                stored = True
        actions = [o.action for o in run.outcomes]
        return replace(base, added=actions.count("added"), updated=actions.count("updated"),
                       unchanged=actions.count("unchanged"), skipped=base.skipped + tuple(run.skipped),
                       outcomes=tuple(run.outcomes), stored=stored)

    # -- the CPV -> category table ------------------------------------------------------------------------
    @property
    def cpv_table_path(self) -> Path:
        """Where the user's own table is kept (used instead of the shipped one while it exists)."""
        return user_cpv_table_path()

    def cpv_table(self) -> CpvTable:
        """The table imports use: the user's copy when there is one, else the shipped table.

        CatalogueError (naming file, line and key) when the user's copy is broken."""
        path = self.cpv_table_path
        return load_cpv_table(path if path.exists() else shipped_cpv_table_path())

    def shipped_cpv_table(self) -> CpvTable:
        return load_cpv_table(shipped_cpv_table_path())

    def save_cpv_table(self, rules: Sequence[CpvRule]) -> CpvTable:
        """Write the user's copy (ValidationError naming each bad row; the file is then left as it was)."""
        shipped = self.shipped_cpv_table()
        return write_cpv_table(self.cpv_table_path, list(rules), shipped.source, shipped.default)

    def reset_cpv_table(self) -> CpvTable:
        """Go back to the shipped table by removing the user's copy."""
        self.cpv_table_path.unlink(missing_ok=True)
        return self.shipped_cpv_table()

    def _table_for_import(self) -> CpvTable:
        try:
            return self.cpv_table()
        except CatalogueError as exc:
            raise OcdsError(f"Nothing was imported: the CPV category table has a problem ({exc}). Correct it in "
                            "the import dialog, or delete the file to use the shipped table.") from None


class _Run:
    """One pass over the notices inside one session: add, update or leave each contract."""

    def __init__(self, session: Session, table: CpvTable, file_name: str, progress: Progress | None, today: date):
        self.session = session
        self.table = table
        self.note = f"From a published notice (OCDS) in {file_name}"[:200]
        self.progress = progress
        self.today = today
        self.references: set[str] = set()  # every reference in use, the ones given in this run too
        self.suppliers: dict[str, Supplier] = {}  # name key -> supplier, for the names the notices give
        self.outcomes: list[NoticeOutcome] = []
        self.skipped: list[tuple[str, str]] = []
        self.wrote = False

    def run(self, notices: Sequence[Notice]) -> bool:
        """False when cancelled."""
        existing = self._existing(notices)
        self.references = set(self.session.scalars(select(Contract.reference)))
        self.suppliers = self._suppliers(notices)
        total = len(notices)
        for done, notice in enumerate(notices, start=1):
            try:
                contract = existing.get(notice.ocid)
                outcome = self._update(contract, notice) if contract is not None else self._add(notice)
            except ValidationError as exc:
                self.skipped.append((notice.where, f"cannot be stored: {exc}"))
            else:
                self.outcomes.append(outcome)
            if self.progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                if self.progress(done, total) is False:
                    return False
        return True

    def _existing(self, notices: Sequence[Notice]) -> dict[str, Contract]:
        wanted = sorted({n.ocid for n in notices})
        found: dict[str, Contract] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            for contract in self.session.scalars(
                select(Contract).where(Contract.ocid.in_(wanted[start:start + LOOKUP_CHUNK])).options(
                    selectinload(Contract.supplier_links).selectinload(ContractSupplier.supplier),
                    selectinload(Contract.parent),
                )
            ):
                assert contract.ocid is not None  # matched by ocid IN (...), which never matches NULL
                found[contract.ocid] = contract
        return found

    def _suppliers(self, notices: Sequence[Notice]) -> dict[str, Supplier]:
        wanted = sorted({supplier_key(s.name) for notice in notices for s in notice.suppliers})
        found: dict[str, Supplier] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            for supplier in self.session.scalars(select(Supplier).where(
                    Supplier.name_key.in_(wanted[start:start + LOOKUP_CHUNK])).order_by(Supplier.id)):
                found.setdefault(supplier.name_key, supplier)
        return found

    def _link(self, contract: Contract, names: Sequence[str]) -> None:
        """Link the suppliers named (found by name, or new) that the contract does not have yet."""
        linked = {supplier_key(link.supplier.name) for link in contract.supplier_links}
        for name in names:
            key = supplier_key(name)
            if key in linked:
                continue
            supplier = self.suppliers.get(key)
            if supplier is None:
                supplier = Supplier(name=name, name_key=key, version=1)
                self.session.add(supplier)
                self.suppliers[key] = supplier
            contract.supplier_links.append(ContractSupplier(supplier=supplier, position=len(contract.supplier_links)))
            linked.add(key)

    # -- a new contract ---------------------------------------------------------------------------------
    def _add(self, notice: Notice) -> NoticeOutcome:
        data = ContractData(
            reference=self._reference(notice.ocid),
            title=notice.title,
            category=self.table.category_for(notice.cpv_codes),
            stage=notice.stage,
            description=notice.description,
            total_value=notice.value,
            start_date=notice.start_date,
            end_date=notice.end_date,
            tender_deadline=notice.tender_deadline,
            regime=notice.regime,
            route=notice.route,
            supplier_names=tuple(s.name for s in notice.suppliers),
        ).validated()
        contract = Contract(version=1, ocid=notice.ocid, supplier_links=[], stage_changes=[])
        self.session.add(contract)
        with self.session.no_autoflush:
            PipelineService._apply(self.session, contract, replace(data, supplier_names=()))
            self._link(contract, data.supplier_names)
        contract.stage_changes.append(
            StageChange(from_stage=None, to_stage=data.stage.value, changed_on=self.today, note=self.note))
        self._notice_columns(contract, notice)
        self._supplier_flags(contract, notice)
        self.wrote = True
        return NoticeOutcome(notice.ocid, data.reference, data.title, "added", data.category, data.stage,
                             data.total_value)

    def _reference(self, ocid: str) -> str:
        base = ocid if len(ocid) <= REFERENCE_MAX else (
            f"{ocid[:HASHED_REFERENCE_KEEP]}-{hashlib.sha1(ocid.encode('utf-8')).hexdigest()[:8]}")
        candidate, number = base, 2
        while candidate in self.references:
            suffix = f"-{number}"
            candidate = base[:REFERENCE_MAX - len(suffix)] + suffix
            number += 1
        self.references.add(candidate)
        return candidate

    # -- a contract already in the pipeline -------------------------------------------------------------------
    def _update(self, contract: Contract, notice: Notice) -> NoticeOutcome:
        stored = parse_release_stamp(contract.ocds_release_date)
        if stored is not None and notice.release_date <= stored:
            return self._outcome(contract, "unchanged")
        before = contract_data(contract).cleaned()
        names = list(before.supplier_names)
        keys = {supplier_key(name) for name in names}
        for supplier in notice.suppliers:
            if supplier_key(supplier.name) not in keys:
                names.append(supplier.name)
                keys.add(supplier_key(supplier.name))
        advanced = STAGE_ORDER[notice.stage] > STAGE_ORDER[before.stage]
        after = replace(
            before,
            title=notice.title,
            description=notice.description or before.description,
            total_value=notice.value if notice.value is not None else before.total_value,
            start_date=notice.start_date or before.start_date,
            end_date=notice.end_date or before.end_date,
            tender_deadline=notice.tender_deadline or before.tender_deadline,
            stage=notice.stage if advanced else before.stage,
            route=before.route or notice.route,
            regime=before.regime or notice.regime,
            supplier_names=tuple(names),
        ).validated()
        columns = self._columns(contract)
        if after != before:
            with self.session.no_autoflush:
                PipelineService._apply(self.session, contract, replace(after, supplier_names=before.supplier_names))
                self._link(contract, after.supplier_names)
            if advanced:
                contract.stage_changes.append(StageChange(from_stage=before.stage.value, to_stage=after.stage.value,
                                                          changed_on=self.today, note=self.note))
        self._notice_columns(contract, notice)
        changed = after != before or self._columns(contract) != columns
        self._supplier_flags(contract, notice)
        self.wrote = True
        return self._outcome(contract, "updated" if changed else "unchanged")

    @staticmethod
    def _columns(contract: Contract) -> tuple[str, ...]:
        return contract.buyer_name, contract.regions, contract.cpv_codes, contract.procurement_method

    @staticmethod
    def _outcome(contract: Contract, action: str) -> NoticeOutcome:
        data = contract_data(contract)
        return NoticeOutcome(contract.ocid or "", data.reference, data.title, action, data.category, data.stage,
                             data.total_value)

    # -- what only a notice sets ------------------------------------------------------------------------------
    @staticmethod
    def _notice_columns(contract: Contract, notice: Notice) -> None:
        """The notice's own columns; one the notice leaves empty keeps its stored value."""
        contract.ocds_release_date = notice.release_stamp
        if notice.buyer_name:
            contract.buyer_name = notice.buyer_name[:BUYER_MAX]
        if notice.regions:
            contract.regions = ",".join(region.value for region in notice.regions)
        if notice.cpv_codes:
            contract.cpv_codes = _joined_within(notice.cpv_codes, CPV_CODES_MAX)
        if notice.procurement_method:
            contract.procurement_method = notice.procurement_method

    @staticmethod
    def _supplier_flags(contract: Contract, notice: Notice) -> None:
        linked: dict[str, Supplier] = {supplier_key(link.supplier.name): link.supplier
                                       for link in contract.supplier_links if link.supplier is not None}
        for published in notice.suppliers:
            supplier = linked.get(supplier_key(published.name))
            if supplier is None:
                continue
            sme = published.is_sme
            own_facts = (supplier.size_override, supplier.staff_count, supplier.turnover, supplier.balance_sheet_total)
            if sme is not None and all(fact is None for fact in own_facts):
                supplier.size_override = (SupplierSize.SME if sme else SupplierSize.LARGE).value
                supplier.size_override_reason = (f"Published as {'SME' if sme else 'large'} in OCDS notice "
                                                 f"{notice.ocid}")
            if published.vcse and not supplier.vcse:
                supplier.vcse = True


def _joined_within(codes: Sequence[str], limit: int) -> str:
    """As many codes as fit in `limit` characters, comma-separated, in the notice's order (main code first)."""
    kept: list[str] = []
    length = 0
    for code in codes:
        extra = len(code) + (1 if kept else 0)
        if length + extra > limit:
            break
        kept.append(code)
        length += extra
    return ",".join(kept)
