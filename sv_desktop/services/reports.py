"""Reports: gather plain data from the services, then hand it to the ReportLab builders.

The builders (sv_desktop.reports) never see the store, a service or an ORM object;
this service is the one place that decides what a pack covers, and it pairs each
section of the section catalogue (sv_desktop.reports.section_catalogue) with the
gatherer that reads its data (sv_desktop.services.report_data).

Date range: a contract is in a pack when its term (start date to end date)
overlaps the chosen range. A missing start or end counts as open-ended, and a
contract with neither date (an early pipeline idea) is always included, so a
date range never hides work that has not been dated yet.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sv_desktop import __version__
from sv_desktop.domain.contract import FIELD_LABELS
from sv_desktop.domain.dates import add_months
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.money import format_money
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.carbon import CarbonService
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.delivery import DeliveryService
from sv_desktop.services.evaluation import EvaluationService
from sv_desktop.services.pipeline import ContractDetail, PipelineRow, PipelineService
from sv_desktop.services.selection import SelectionService
from sv_desktop.services.settings import OrganisationSettings, SettingsService
from sv_desktop.services.spend_kpis import SpendKpiService

if TYPE_CHECKING:  # the reports package (and ReportLab) load only when a report is built
    from sv_desktop.reports.data import PackScope

ProgressCallback = Callable[[int, int], bool]


@dataclass(frozen=True)
class PackRequest:
    """What every committee pack section's gatherer may read: the scope, its contracts and the day."""

    scope: PackScope
    rows: tuple[PipelineRow, ...]  # the contracts in scope, as the pipeline lists them
    today: date


# What reads one section's plain data (it reaches the builder as section_data[id]).
PackGatherer = Callable[[PackRequest], object]
ContractGatherer = Callable[[int, date], object]  # (contract id, today)


@dataclass(frozen=True)
class PackOptions:
    """What the person building a pack chose; None means "the default" (all, today, the settings' committee)."""

    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[Category, ...] = ()  # empty: every category
    sections: tuple[str, ...] | None = None  # None: every section of the catalogue
    committee_name: str | None = None
    meeting_date: date | None = None

    def problems(self) -> list[str]:
        errors = []
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors.append("the end of the date range is before its start")
        if self.sections is not None and not self.sections:
            errors.append("choose at least one section")
        return errors


def in_date_range(start: date | None, end: date | None, date_from: date | None, date_to: date | None) -> bool:
    """True when the term start..end overlaps date_from..date_to (missing dates are open-ended)."""
    if date_from is not None and end is not None and end < date_from:
        return False
    if date_to is not None and start is not None and start > date_to:
        return False
    return True


@dataclass
class ReportService:
    """Builds the committee pack, the contract, evaluation and tender question reports.

    Each service feeds the sections of its area: catalogue (framework names, the appendix), selection (social
    value), compliance (policy compliance, the profile's name), carbon, delivery, evaluation and spend.
    """

    pipeline: PipelineService
    settings: SettingsService
    catalogue: CatalogueService
    selection: SelectionService
    compliance: ComplianceService
    carbon: CarbonService
    delivery: DeliveryService
    evaluation: EvaluationService
    spend: SpendKpiService
    clock: Callable[[], datetime] = field(default=datetime.now)

    # -- which gatherer reads which section's data ----------------------------------------------------
    # (The gatherers import the sections' data types, and so ReportLab: they load when a report is built.)
    def pack_gatherers(self) -> Mapping[str, PackGatherer | None]:
        """Every committee pack section id (section_catalogue.PACK_SECTIONS) -> its gatherer.

        None: the section's builder needs only what every pack has (the contracts in scope, the settings).
        """
        from sv_desktop.services.report_data.carbon import pack_carbon
        from sv_desktop.services.report_data.delivery import pack_delivery
        from sv_desktop.services.report_data.social_value import pack_social_value
        from sv_desktop.services.report_data.spend import pack_spend

        return {
            "summary": None,
            "pipeline": None,
            "portfolio": None,
            "social_value": lambda request: pack_social_value(self.compliance, self.selection, self.catalogue,
                                                              request.rows, request.today),
            "carbon": lambda request: pack_carbon(self.carbon, self.compliance, request.rows,
                                                  request.scope.meeting_date),
            "delivery": lambda request: pack_delivery(self.delivery, self.compliance, self.catalogue, request.rows,
                                                      request.today),
            "spend": lambda request: pack_spend(self.spend, request.scope),
            "register": None,
            "appendix": None,
        }

    def contract_gatherers(self) -> Mapping[str, ContractGatherer | None]:
        """Every contract report section id (section_catalogue.CONTRACT_SECTIONS) -> its gatherer, or None."""
        from sv_desktop.services.report_data.carbon import contract_carbon
        from sv_desktop.services.report_data.delivery import contract_delivery
        from sv_desktop.services.report_data.evaluation import contract_evaluation
        from sv_desktop.services.report_data.social_value import (
            contract_compliance,
            contract_social_value,
        )

        return {
            "social_value": lambda contract_id, today: contract_social_value(self.selection, self.catalogue,
                                                                             contract_id),
            "compliance": lambda contract_id, today: contract_compliance(self.compliance, self.selection,
                                                                         contract_id, today),
            "delivery": lambda contract_id, today: contract_delivery(self.delivery, self.compliance,
                                                                     self.catalogue, contract_id, today),
            "evaluation": lambda contract_id, today: contract_evaluation(self.evaluation, contract_id),
            "carbon": lambda contract_id, today: contract_carbon(self.carbon, self.compliance, contract_id, today),
        }

    # -- committee pack -------------------------------------------------------------------
    def section_choices(self) -> list[tuple[str, str]]:
        """(id, title) of every section a pack can have, in print order."""
        from sv_desktop.reports.section_catalogue import PACK_SECTIONS

        return [(spec.id, spec.title) for spec in PACK_SECTIONS.ordered()]

    def pack_data(self, options: PackOptions):
        """The pack's plain data: contracts in scope, the pipeline window, sources and settings."""
        from sv_desktop.reports.data import PackData, PackScope
        from sv_desktop.reports.section_catalogue import PACK_SECTIONS

        problems = options.problems()
        if problems:
            raise ValueError("; ".join(problems))
        specs = PACK_SECTIONS.ordered(options.sections)
        settings = self.settings.load()
        now = self.clock()
        meeting = options.meeting_date or now.date()
        window_end = add_months(meeting, settings.renewal_window_months)
        all_rows = self.pipeline.rows()
        wanted_categories = set(options.categories)
        rows = _in_scope(all_rows, wanted_categories, options.date_from, options.date_to)
        lines = [_line(row) for row in rows]
        renewals = sorted(
            (line for line in lines
             if line.stage.is_open and not line.stage.is_procurement
             and line.end_date is not None and meeting <= line.end_date <= window_end),
            key=lambda line: (line.decision_due or line.end_date, line.reference))
        new_tenders = sorted(
            (line for line in lines
             if line.stage.is_procurement and (line.start_date is None or line.start_date <= window_end)),
            key=lambda line: (line.start_date is None, line.start_date or date.max, line.reference))
        scope = PackScope(
            committee_name=(options.committee_name or "").strip() or settings.committee_name,
            meeting_date=meeting, date_from=options.date_from, date_to=options.date_to,
            categories=tuple(c for c in Category if c in wanted_categories),
            renewal_window_months=settings.renewal_window_months, window_end=window_end,
        )
        frameworks, catalogue_problems = self._frameworks()
        request = PackRequest(scope, tuple(rows), now.date())
        gatherers = self.pack_gatherers()
        section_data = {spec.id: gather(request) for spec in specs if (gather := gatherers[spec.id]) is not None}
        return PackData(
            header=self._header(settings, now),
            scope=scope,
            contracts=tuple(lines),
            renewals=tuple(renewals),
            new_tenders=tuple(new_tenders),
            store_contract_count=len(all_rows),
            settings_used=_settings_used(settings) + (
                ("Sections", ", ".join(spec.title for spec in specs)),
                ("Date range rule", "contracts whose term overlaps the range; undated contracts always included"),
            ),
            frameworks=frameworks,
            catalogue_problems=catalogue_problems,
            section_data=section_data,
            carbon_bands=self._carbon_bands(),
        )

    def build_pack(self, options: PackOptions, out_path: Path, progress: ProgressCallback | None = None) -> Path:
        """Write the committee pack; InterruptedError (and no file) when progress returns False."""
        from sv_desktop.reports.committee_pack import build_committee_pack

        if progress is not None and not progress(0, 1):
            raise InterruptedError("Report cancelled; no file was written.")
        pack = self.pack_data(options)
        sections = list(options.sections) if options.sections is not None else None
        return build_committee_pack(pack, Path(out_path), section_ids=sections, progress=progress)

    # -- contract report ----------------------------------------------------------------------
    def contract_data(self, reference: str):
        from sv_desktop.reports.data import ContractReportData, StageEvent
        from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS

        detail = self.pipeline.find(reference)
        if detail is None:
            raise NotFoundError(f"no contract has the reference '{reference.strip()}'")
        settings = self.settings.load()
        data = detail.data
        now = self.clock()
        gatherers = self.contract_gatherers()
        section_data = {spec.id: gather(detail.id, now.date()) for spec in CONTRACT_SECTIONS.ordered()
                        if (gather := gatherers[spec.id]) is not None}
        return ContractReportData(
            header=self._header(settings, now),
            fields=_detail_fields(detail),
            reference=data.reference,
            title=data.title,
            description=data.description,
            notes=data.notes,
            suppliers=data.supplier_names,
            parent_reference=data.parent_reference,
            parent_kind=data.parent_kind.label if data.parent_kind else "",
            children=detail.child_references,
            stage_history=tuple(StageEvent(c.from_stage, c.to_stage, c.changed_on, c.note)
                                for c in detail.stage_history),
            decision_due=detail.decision_due,
            settings_used=_settings_used(settings),
            contract_id=detail.id,
            section_data=section_data,
        )

    def build_contract_report(self, reference: str, out_path: Path,
                              progress: ProgressCallback | None = None) -> Path:
        """Write one contract's report; NotFoundError for an unknown reference."""
        from sv_desktop.reports.contract_report import build_contract_report

        if progress is not None and not progress(0, 1):
            raise InterruptedError("Report cancelled; no file was written.")
        return build_contract_report(self.contract_data(reference), Path(out_path), progress=progress)

    # -- evaluation report ----------------------------------------------------------------------------
    def build_evaluation_report(self, reference: str, out_path: Path,
                                progress: ProgressCallback | None = None) -> Path:
        """Write the contract's evaluation report; NotFoundError for an unknown reference or no evaluation."""
        from sv_desktop.services.evaluation_reports import build_evaluation_report

        return build_evaluation_report(self, self.evaluation, reference, Path(out_path), progress)

    # -- tender question pack -------------------------------------------------------------------
    def tender_pack(self, reference: str, plan=None):
        """The contract's TenderQuestionPack from its stored plan (or `plan`, e.g. unsaved edits)."""
        from sv_desktop.services.tender_pack import build_tender_pack

        detail = self.pipeline.find(reference)
        if detail is None:
            raise NotFoundError(f"no contract has the reference '{reference.strip()}'")
        if plan is None:
            plan = self.selection.plan(detail.id)
        return build_tender_pack(detail.data.reference, detail.data.title, plan, self.catalogue.catalogue())

    def build_tender_pack(self, reference: str, out_path: Path, progress: ProgressCallback | None = None, *,
                          plan=None) -> Path:
        """Write the contract's social value questions as a PDF; NotFoundError for an unknown reference.

        An empty selection still builds, and says no outcomes have been selected. `plan` (a
        SocialValuePlan) prints unsaved edits, so the PDF matches the Word document made from them.
        """
        from sv_desktop.reports.tender_pack_pdf import write_tender_pdf

        if progress is not None and not progress(0, 1):
            raise InterruptedError("Report cancelled; no file was written.")
        pack = self.tender_pack(reference, plan)
        header = self._header(self.settings.load(), self.clock())
        return write_tender_pdf(pack, Path(out_path), header=header, progress=progress)

    # -- helpers --------------------------------------------------------------------------------
    def _carbon_bands(self):
        """The active policy's carbon plan thresholds, which the pack's value bands and summary follow."""
        from sv_desktop.reports.data import CarbonBands

        requirements = self.carbon.requirements()
        return CarbonBands(commitment_above=requirements.nzc_above, full_plan_from=requirements.full_from)

    def _header(self, settings: OrganisationSettings, now: datetime):
        from sv_desktop.reports.data import ReportHeader

        return ReportHeader(organisation_name=settings.organisation_name,
                            protective_marking=settings.protective_marking, logo=self.settings.logo(),
                            generated_at=now, app_version=__version__)

    def _frameworks(self):
        from sv_desktop.reports.data import FrameworkSource

        try:
            catalogue = self.catalogue.catalogue()
        except Exception as exc:  # a broken framework file is reported in the appendix, not fatal to a pack
            return (), (str(exc),)
        frameworks = tuple(FrameworkSource(f.id, f.name, f.version, f.source) for f in catalogue.frameworks)
        return frameworks, tuple(str(problem) for problem in catalogue.problems)


def _in_scope(rows: Sequence[PipelineRow], categories: set[Category], date_from: date | None,
              date_to: date | None) -> list[PipelineRow]:
    return [row for row in rows
            if (not categories or row.category in categories)
            and in_date_range(row.start_date, row.end_date, date_from, date_to)]


def _line(row: PipelineRow):
    from sv_desktop.reports.data import ContractLine

    return ContractLine(row.reference, row.title, row.category, row.stage, row.total_value, row.annual_value,
                        row.start_date, row.end_date, row.decision_due, row.procurement_lead, row.suppliers,
                        row.parent_reference)


def _settings_used(settings: OrganisationSettings) -> tuple[tuple[str, str], ...]:
    return (
        ("Organisation", settings.organisation_name),
        ("Re-procurement lead time", f"{settings.decision_lead_time_months} months"),
        ("Renewals window", f"{settings.renewal_window_months} months"),
        ("Protective marking", settings.protective_marking or "(none)"),
        ("Default committee", settings.committee_name),
    )


def _text(value: object) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, tuple):
        return "; ".join(str(item) for item in value) or "—"
    return str(value)


def _detail_fields(detail: ContractDetail) -> tuple[tuple[str, str], ...]:
    """Every field of the contract as label/text, money in pounds and pence."""
    data = detail.data
    pairs: list[tuple[str, str]] = []
    for item in fields(data):
        if item.name in ("description", "notes"):
            continue  # printed in full under their own headings
        value = getattr(data, item.name)
        if item.name in ("total_value", "annual_value"):
            text = format_money(value, pence=True) if value is not None else "—"
        else:
            text = _text(value)
        pairs.append((FIELD_LABELS.get(item.name, item.name.replace("_", " ").capitalize()), text))
    pairs += [
        ("Decision due", _text(detail.decision_due)),
        ("Record version", str(detail.version)),
        ("Created", detail.created_at.strftime("%d/%m/%Y %H:%M")),
        ("Last changed", detail.updated_at.strftime("%d/%m/%Y %H:%M")),
    ]
    if detail.notice is not None:  # imported from a published notice: what it said
        pairs += [(f"Published notice: {_notice_label(label)}", value) for label, value in detail.notice.lines()]
    return tuple(pairs)


def _notice_label(label: str) -> str:
    """"Buyer" -> "buyer" after "Published notice: ", keeping "CPV codes" and reading "Notice (ocid)" as "ocid"."""
    if label == "Notice (ocid)":
        return "ocid"
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def pack_section_ids() -> list[str]:
    """The id of every section a committee pack can have, in print order (the command line checks --section
    against them before it opens a store)."""
    from sv_desktop.reports.section_catalogue import PACK_SECTIONS

    return PACK_SECTIONS.ids()


def default_pack_file_name(meeting_date: date) -> str:
    return f"committee-pack-{meeting_date.isoformat()}.pdf"


def _file_safe(reference: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in reference.strip())[:60] or "contract"


def default_contract_file_name(reference: str) -> str:
    return f"contract-{_file_safe(reference)}.pdf"


def default_tender_file_name(reference: str) -> str:
    return f"{_file_safe(reference)}-social-value-questions.pdf"


__all__: Sequence[str] = ("PackOptions", "ReportService", "in_date_range", "default_pack_file_name",
                          "default_contract_file_name", "default_tender_file_name", "pack_section_ids")
