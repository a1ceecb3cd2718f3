"""Policy compliance for contracts: gather each contract's facts, run the active profile's rules.

Profiles are YAML data (resources/policies plus the user's local folder); the
rules themselves are evaluated by sv_desktop.domain.policy_rules.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from sv_desktop.domain.compliance import ContractFacts, RuleResult, SupplierPlans, Verdict
from sv_desktop.domain.policy import PolicyProfile
from sv_desktop.domain.policy_rules import evaluate
from sv_desktop.domain.vocabulary import Regime, VatBasis
from sv_desktop.services.carbon_records import load_plans
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.pipeline import PipelineRow, PipelineService
from sv_desktop.services.selection import CONFIRMATION, EXCEPTION, SPECIFICATION
from sv_desktop.store.models import (
    Contract,
    ContractSocialValue,
    ContractSupplier,
    PolicyNote,
    Supplier,
    SvSelection,
)
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

DEFAULT_PROFILE = "nhs_trust"
OUTCOME_LIKE = ("outcome", "theme")
ATTENTION = (Verdict.FAIL, Verdict.WARNING)


@dataclass(frozen=True)
class ContractCompliance:
    contract_id: int
    reference: str
    title: str
    results: tuple[RuleResult, ...]

    @property
    def failures(self) -> int:
        return sum(1 for r in self.results if r.verdict is Verdict.FAIL)

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.results if r.verdict is Verdict.WARNING)

    @property
    def level(self) -> str:
        """"fail", "warning" or "ok": what the pipeline filter keys on."""
        return "fail" if self.failures else ("warning" if self.warnings else "ok")

    @property
    def status(self) -> str:
        """One word for the pipeline column: Fails / Warnings / Meets policy."""
        if self.failures:
            return f"Fails {self.failures} rule{'s' if self.failures != 1 else ''}"
        if self.warnings:
            return f"{self.warnings} warning{'s' if self.warnings != 1 else ''}"
        return "Meets policy"


@dataclass(frozen=True)
class RuleSummary:
    """How many contracts each verdict of one rule has: the committee's compliance KPI."""

    rule_id: str
    title: str
    source: str
    counts: dict[Verdict, int]

    @property
    def applicable(self) -> int:
        return sum(n for v, n in self.counts.items() if v not in (Verdict.NOT_APPLICABLE, Verdict.NOT_YET))

    @property
    def meeting(self) -> int:
        return self.counts.get(Verdict.PASS, 0) + self.counts.get(Verdict.EXCEPTION, 0)


class ComplianceService:
    def __init__(self, uow_factory: UnitOfWorkFactory, pipeline: PipelineService, catalogue: CatalogueService,
                 resources: Path, user_dir: Path, active_profile: Callable[[], str]):
        self._uow_factory = uow_factory
        self._pipeline = pipeline
        self._catalogue = catalogue
        self._resources = resources
        self._user_dir = user_dir
        self._active_profile = active_profile
        self._profiles: tuple[tuple[PolicyProfile, ...], tuple] | None = None
        self._lock = threading.Lock()

    # -- profiles ----------------------------------------------------------------------
    def profiles(self) -> tuple[PolicyProfile, ...]:
        return self._load()[0]

    def problems(self) -> tuple:
        """User profile files that were skipped, each naming file, line and key."""
        return self._load()[1]

    def _load(self):
        from sv_desktop.catalogue.policies import load_policies

        with self._lock:
            if self._profiles is None:
                self._profiles = load_policies(self._resources, self._user_dir if self._user_dir.is_dir() else None)
            return self._profiles

    def reload(self) -> None:
        with self._lock:
            self._profiles = None

    def profile(self, profile_id: str | None = None) -> PolicyProfile:
        wanted = profile_id or self._active_profile() or DEFAULT_PROFILE
        profiles = self.profiles()
        for profile in profiles:
            if profile.id == wanted:
                return profile
        for profile in profiles:
            if profile.id == DEFAULT_PROFILE:
                return profile
        return profiles[0]

    # -- facts ---------------------------------------------------------------------------
    def _facts(self, rows: list[PipelineRow]) -> dict[int, ContractFacts]:
        wanted = {row.id for row in rows}
        few = list(wanted) if len(wanted) <= 500 else None
        catalogue = self._catalogue.catalogue()
        with self._uow_factory() as uow:
            session = uow.session
            def limited(query, column):
                return query.where(column.in_(few)) if few is not None else query

            extra = {cid: (vat, regime, deadline) for cid, vat, regime, deadline in session.execute(
                limited(select(Contract.id, Contract.vat_basis, Contract.regime, Contract.tender_deadline),
                        Contract.id))}
            linked: dict[int, list[tuple[int, str]]] = {}
            for cid, supplier_id, name in session.execute(limited(
                    select(ContractSupplier.contract_id, ContractSupplier.supplier_id, Supplier.name)
                    .join(Supplier, Supplier.id == ContractSupplier.supplier_id)
                    .order_by(ContractSupplier.contract_id, ContractSupplier.position),
                    ContractSupplier.contract_id)):
                if cid in wanted:
                    linked.setdefault(cid, []).append((supplier_id, name))
            plans = load_plans(session, {sid for pairs in linked.values() for sid, _ in pairs}) if linked else {}
            weightings = {cid: w for cid, w in session.execute(limited(
                select(ContractSocialValue.contract_id, ContractSocialValue.weighting_percent),
                ContractSocialValue.contract_id))}
            selections: dict[int, list[tuple[str, str, str]]] = {}
            for cid, framework_id, ref, kind in session.execute(limited(
                    select(SvSelection.contract_id, SvSelection.framework_id, SvSelection.ref, SvSelection.kind),
                    SvSelection.contract_id)):
                if cid in wanted:
                    selections.setdefault(cid, []).append((framework_id, ref, kind))
            notes: dict[int, dict[str, dict[str, str]]] = {}
            for cid, kind, subject, text in session.execute(limited(
                    select(PolicyNote.contract_id, PolicyNote.kind, PolicyNote.subject, PolicyNote.text),
                    PolicyNote.contract_id)):
                if cid in wanted:
                    notes.setdefault(cid, {}).setdefault(kind, {})[subject] = text
        concept_cache: dict[tuple[str, str], frozenset[str]] = {}

        def concepts(framework_id: str, ref: str) -> frozenset[str]:
            key = (framework_id, ref)
            if key not in concept_cache:
                concept_cache[key] = frozenset(c.id for c in catalogue.concepts_for(framework_id, ref))
            return concept_cache[key]

        facts = {}
        for row in rows:
            chosen = selections.get(row.id, [])
            own = notes.get(row.id, {})
            vat, regime, deadline = extra.get(row.id, ("exc_vat", None, None))
            covered: frozenset[str] = (frozenset().union(*(concepts(f, r) for f, r, _k in chosen))
                                       if chosen else frozenset())
            facts[row.id] = ContractFacts(
                reference=row.reference, stage=row.stage, category=row.category,
                total_value=row.total_value, annual_value=row.annual_value,
                vat_basis=_member(VatBasis, vat, VatBasis.EXCLUDING), regime=_member(Regime, regime, None),
                end_date=row.end_date, decision_due=row.decision_due,
                sv_weighting_percent=weightings.get(row.id),
                selected_outcomes=sum(1 for _f, _r, k in chosen if k in OUTCOME_LIKE),
                selected_metrics=sum(1 for _f, _r, k in chosen if k == "metric"),
                concepts_covered=covered,
                specification_covers=frozenset(own.get(SPECIFICATION, {})),
                confirmations=frozenset(own.get(CONFIRMATION, {})),
                exceptions=dict(own.get(EXCEPTION, {})),
                tender_deadline=deadline,
                supplier_plans=tuple(
                    SupplierPlans(name, tuple(record.data for record in plans.get(sid, ())))
                    for sid, name in linked.get(row.id, ())),
            )
        return facts

    # -- checks --------------------------------------------------------------------------
    def check(self, contract_id: int, today: date | None = None) -> ContractCompliance:
        rows = self._pipeline.rows(only=[contract_id])
        if not rows:
            from sv_desktop.domain.errors import NotFoundError

            raise NotFoundError("That contract is no longer in the store (it may have been deleted).")
        return self.check_rows(rows, today)[0]

    def check_all(self, today: date | None = None, progress: Callable[[int, int], bool] | None = None,
                  profile_id: str | None = None) -> list[ContractCompliance]:
        return self.check_rows(self._pipeline.rows(), today, progress, profile_id)

    def check_rows(self, rows: list[PipelineRow], today: date | None = None,
                   progress: Callable[[int, int], bool] | None = None,
                   profile_id: str | None = None) -> list[ContractCompliance]:
        today = today or date.today()
        profile = self.profile(profile_id)
        facts = self._facts(rows)
        results = []
        for position, row in enumerate(rows, start=1):
            results.append(ContractCompliance(row.id, row.reference, row.title,
                                              tuple(evaluate(profile, facts[row.id], today))))
            if progress and position % 2000 == 0 and progress(position, len(rows)) is False:
                raise InterruptedError("The compliance check was cancelled.")
        return results

    @staticmethod
    def summary(results: list[ContractCompliance]) -> list[RuleSummary]:
        order: dict[str, tuple[str, str]] = {}
        counts: dict[str, Counter] = {}
        for contract in results:
            for result in contract.results:
                order.setdefault(result.rule_id, (result.title, result.source))
                counts.setdefault(result.rule_id, Counter())[result.verdict] += 1
        return [RuleSummary(rule_id, title, source, dict(counts[rule_id]))
                for rule_id, (title, source) in order.items()]


def _member(enum, value, default):
    try:
        return enum(value) if value is not None else default
    except ValueError:
        return default
