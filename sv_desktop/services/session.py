"""A working session on one store: the services over it, and how the entry points find, lock and open stores.

The composition root (sv_desktop/app.py) wires a `Services` for a store URL. The desktop app is handed that
wiring as an `OpenServices` callable and takes everything else it needs about stores from here (where a
store is, its single-instance lock, the errors opening and locking raise), never from store/ itself; the
command line does the same.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sv_desktop import paths
from sv_desktop.services.audit import AuditService
from sv_desktop.services.backup import BackupService
from sv_desktop.services.carbon import CarbonService
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.delivery import DeliveryService
from sv_desktop.services.delivery_portfolio import DeliveryPortfolio
from sv_desktop.services.demo.service import DemoService
from sv_desktop.services.evaluation import EvaluationService
from sv_desktop.services.export import ExportService
from sv_desktop.services.imports.contracts import ContractImportService
from sv_desktop.services.imports.ocds import OcdsImportService
from sv_desktop.services.imports.spend import SpendImportService
from sv_desktop.services.imports.suppliers import SupplierImportService
from sv_desktop.services.pipeline import PipelineService
from sv_desktop.services.reports import ReportService
from sv_desktop.services.score_sheets import ScoreSheetService
from sv_desktop.services.selection import SelectionService
from sv_desktop.services.settings import SettingsService
from sv_desktop.services.spend_kpis import SpendKpiService
from sv_desktop.services.suppliers import SupplierService
from sv_desktop.store.instance_lock import InstanceLock as StoreLock
from sv_desktop.store.instance_lock import StoreInUseError
from sv_desktop.store.location import sqlite_path_from_url, sqlite_url
from sv_desktop.store.opening import OpenedStore, StoreOpenError
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

__all__ = [
    "OpenServices",
    "OpenedStore",
    "Services",
    "StoreInUseError",
    "StoreLock",
    "StoreOpenError",
    "lock_store",
    "resolve_store_url",
    "store_file",
]


@dataclass
class Services:
    """Every service over one opened store, as the composition root wired them; `close` lets the store go."""

    store: OpenedStore
    uow_factory: UnitOfWorkFactory
    settings: SettingsService
    pipeline: PipelineService
    catalogue: CatalogueService
    selection: SelectionService
    compliance: ComplianceService
    reports: ReportService
    suppliers: SupplierService
    carbon: CarbonService
    delivery: DeliveryService
    portfolio: DeliveryPortfolio
    evaluation: EvaluationService
    score_sheets: ScoreSheetService
    audit: AuditService
    contract_import: ContractImportService
    ocds_import: OcdsImportService
    spend: SpendKpiService
    supplier_import: SupplierImportService
    spend_import: SpendImportService
    backup: BackupService
    export: ExportService
    demo: DemoService

    def close(self) -> None:
        self.store.engine.dispose()


# The composition root's wiring: open the store at a URL (StoreOpenError with the reason) and build its services.
OpenServices = Callable[[str], Services]


def resolve_store_url(db_path: str | None = None, database_url: str | None = None) -> str:
    """--database-url wins, then --db, then SV_DESKTOP_DB, then the per-user data folder."""
    if database_url:
        return database_url
    if db_path:
        return sqlite_url(Path(db_path).expanduser().absolute())
    env_path = os.environ.get("SV_DESKTOP_DB")
    if env_path:
        return sqlite_url(Path(env_path).expanduser().absolute())
    return sqlite_url(paths.default_store_path())


def store_file(url: str) -> Path | None:
    """The SQLite file a store URL names (None for a server store), as an absolute path."""
    path = sqlite_path_from_url(url)
    return path.expanduser().absolute() if path is not None else None


def lock_store(url: str) -> StoreLock | None:
    """The desktop app's single-instance lock on a SQLite store file (None for a server store, or when the
    folder cannot take a lock file: opening the store then gives the reason); StoreInUseError when taken."""
    store_path = store_file(url)
    if store_path is None:
        return None
    lock = StoreLock(store_path)
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except OSError:
        return None
    return lock
