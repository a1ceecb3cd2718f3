"""Loading demo data: the one call behind `sv-desktop demo` and File → Load demo data….

Both replace the earlier demo contracts (references DEMO-...) with new ones from the same generators,
with social value selections from the catalogue; the officer's own contracts are kept.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sv_desktop.domain.policy import PolicyProfile
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.demo.generator import DemoResult, generate_demo
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

DEFAULT_CONTRACTS = 300
DEFAULT_SEED = 2026  # the same data every time, unless another seed is asked for
MAX_CONTRACTS = 1_000_000

__all__ = ["DEFAULT_CONTRACTS", "DEFAULT_SEED", "MAX_CONTRACTS", "DemoResult", "DemoService"]


class DemoService:
    """Fills the store with realistic, reproducible NHS-trust demo data."""

    def __init__(self, uow_factory: UnitOfWorkFactory, catalogue: CatalogueService,
                 profile: Callable[[], PolicyProfile]):
        self._uow_factory = uow_factory
        self._catalogue = catalogue
        self._profile = profile  # the active policy profile: its thresholds shape the demo contracts

    def load(self, contracts: int = DEFAULT_CONTRACTS, *, seed: int = DEFAULT_SEED,
             progress: Callable[[int, int], bool] | None = None, today: date | None = None) -> DemoResult:
        """Replace the demo contracts with `contracts` new ones; `progress` may return False to cancel."""
        return generate_demo(self._uow_factory, contracts=contracts, seed=seed, today=today, progress=progress,
                             catalogue=self._catalogue.catalogue(), profile=self._profile())
