"""Composition root: settings, store, services - and the window when there is a display.

The command line and the desktop app both build their services here, so they
run the same code against the same store. The desktop app is handed this wiring
(`run_desktop`); it never imports this module, the store or the file formats.
"""
from __future__ import annotations

from sv_desktop import paths
from sv_desktop.domain.evaluation import DEFAULT_SCALE, ScaleLevel, ScoringScale
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
from sv_desktop.services.proxy_values import ProxyValuesService
from sv_desktop.services.reports import ReportService
from sv_desktop.services.score_sheets import ScoreSheetService
from sv_desktop.services.selection import SelectionService
from sv_desktop.services.session import Services
from sv_desktop.services.settings import SettingsService
from sv_desktop.services.spend_kpis import SpendKpiService
from sv_desktop.services.suppliers import SupplierService
from sv_desktop.store.audit import record_audit
from sv_desktop.store.documents import remove_orphan_documents
from sv_desktop.store.opening import open_store
from sv_desktop.store.unit_of_work import UnitOfWorkFactory


def build_catalogue() -> CatalogueService:
    return CatalogueService(paths.resources_dir(), paths.user_frameworks_dir())


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
    portfolio = DeliveryPortfolio(delivery, pipeline, ProxyValuesService(catalogue), catalogue=catalogue)
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
        portfolio=portfolio,
        evaluation=evaluation,
        score_sheets=ScoreSheetService(uow_factory),
        audit=AuditService(uow_factory),
        contract_import=ContractImportService(pipeline, uow_factory),
        ocds_import=OcdsImportService(uow_factory),
        spend=spend,
        supplier_import=SupplierImportService(uow_factory),
        spend_import=SpendImportService(uow_factory),
        backup=BackupService(store, settings, uow_factory=uow_factory),
        export=ExportService(pipeline, portfolio, compliance),
        demo=DemoService(uow_factory, catalogue, compliance.profile),
    )


def run_desktop(url: str) -> int:
    """Open the desktop app on the store at `url`, handing it this module's wiring (imports Qt only now)."""
    from sv_desktop.ui.app.application import run_application

    return run_application(url, build_services)
