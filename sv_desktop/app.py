"""Composition root: settings, store, services - and the window when there is a display.

The command line and the desktop app both build their services here, so they
run the same code against the same store.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sv_desktop import paths
from sv_desktop.domain.evaluation import DEFAULT_SCALE, ScaleLevel, ScoringScale
from sv_desktop.services.audit import AuditService
from sv_desktop.services.carbon import CarbonService
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.imports.contracts import ContractImportService
from sv_desktop.services.delivery import DeliveryService
from sv_desktop.services.delivery_portfolio import DeliveryPortfolio
from sv_desktop.services.evaluation import EvaluationService
from sv_desktop.services.imports.ocds import OcdsImportService
from sv_desktop.services.proxy_values import ProxyValuesService
from sv_desktop.services.pipeline import PipelineService
from sv_desktop.services.reports import ReportService
from sv_desktop.services.score_sheets import ScoreSheetService
from sv_desktop.services.selection import SelectionService
from sv_desktop.services.settings import SettingsService
from sv_desktop.services.imports.spend import SpendImportService
from sv_desktop.services.spend_kpis import SpendKpiService
from sv_desktop.services.imports.suppliers import SupplierImportService
from sv_desktop.services.suppliers import SupplierService
from sv_desktop.store.audit import record_audit
from sv_desktop.store.documents import remove_orphan_documents
from sv_desktop.store.instance_lock import StoreInUseError  # noqa: F401 - the UI catches it from here
from sv_desktop.store.location import sqlite_url
from sv_desktop.store.opening import OpenedStore, open_store
from sv_desktop.store.unit_of_work import UnitOfWorkFactory


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


@dataclass
class Services:
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

    def close(self) -> None:
        self.store.engine.dispose()


def build_catalogue() -> CatalogueService:
    return CatalogueService(paths.resources_dir(), paths.user_frameworks_dir())


def store_file(url: str) -> Path | None:
    """The SQLite file a store URL names (None for a server store), as an absolute path."""
    from sv_desktop.store.location import sqlite_path_from_url

    path = sqlite_path_from_url(url)
    return path.expanduser().absolute() if path is not None else None


def lock_store(url: str):
    """The desktop app's single-instance lock on a SQLite store file (None for a server store, or when the
    folder cannot take a lock file: opening the store then gives the reason); StoreInUseError when taken."""
    from sv_desktop.store.instance_lock import InstanceLock

    store_path = store_file(url)
    if store_path is None:
        return None
    lock = InstanceLock(store_path)
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except OSError:
        return None
    return lock


def profile_scale(profile) -> ScoringScale:
    """The active policy profile's scoring scale, or the app's default when it sets none."""
    if not profile.scoring_scale:
        return DEFAULT_SCALE
    return ScoringScale(tuple(ScaleLevel(points, descriptor) for points, descriptor in profile.scoring_scale))


def build_services(url: str) -> Services:
    """Open the store at `url` (raising StoreOpenError with a reason) and wire the services."""
    store = open_store(url)
    uow_factory = UnitOfWorkFactory(store.engine)
    uow_factory.add_commit_hook(remove_orphan_documents)
    uow_factory.add_commit_hook(record_audit, last=True)  # after every other hook: it records their writes too
    settings = SettingsService(uow_factory)
    pipeline = PipelineService(uow_factory, settings)
    catalogue = build_catalogue()
    selection = SelectionService(uow_factory, catalogue)
    compliance = ComplianceService(uow_factory, pipeline, catalogue, paths.resources_dir(),
                                   paths.user_policies_dir(), lambda: settings.load().policy_profile)
    carbon = CarbonService(uow_factory, compliance)
    delivery = DeliveryService(uow_factory, catalogue, compliance)
    evaluation = EvaluationService(uow_factory, selection, catalogue, settings,
                                   scale=lambda: profile_scale(compliance.profile()))
    spend = SpendKpiService(uow_factory, settings, compliance.profile)
    return Services(
        store=store,
        uow_factory=uow_factory,
        settings=settings,
        pipeline=pipeline,
        catalogue=catalogue,
        selection=selection,
        compliance=compliance,
        reports=ReportService(pipeline, settings, catalogue, selection=selection, compliance=compliance,
                              carbon=carbon, delivery=delivery, evaluation=evaluation, spend=spend),
        suppliers=SupplierService(uow_factory, settings),
        carbon=carbon,
        delivery=delivery,
        portfolio=DeliveryPortfolio(delivery, pipeline, ProxyValuesService(catalogue), catalogue=catalogue),
        evaluation=evaluation,
        score_sheets=ScoreSheetService(uow_factory),
        audit=AuditService(uow_factory),
        contract_import=ContractImportService(pipeline, uow_factory),
        ocds_import=OcdsImportService(uow_factory),
        spend=spend,
        supplier_import=SupplierImportService(uow_factory),
        spend_import=SpendImportService(uow_factory),
    )
