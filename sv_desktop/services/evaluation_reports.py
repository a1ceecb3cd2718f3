"""The evaluation report through the report service: gather the plain data, then write the PDF.

Kept beside ReportService (sv_desktop.services.reports) rather than in it while
that module is shared; ReportService.build_evaluation_report is a thin call to
build_evaluation_report here.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sv_desktop import __version__
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.money import format_money
from sv_desktop.services.compliance import ComplianceService
from sv_desktop.services.evaluation import EvaluationService

ProgressCallback = Callable[[int, int], bool]


def evaluation_report_data(reports, evaluation: EvaluationService, reference: str):
    """EvaluationReportData for the contract with this reference; NotFoundError when there is nothing to report."""
    from sv_desktop.reports.data import ReportHeader
    from sv_desktop.reports.evaluation_data import EvaluationReportData

    detail = reports.pipeline.find(reference)
    if detail is None:
        raise NotFoundError(f"no contract has the reference '{reference.strip()}'")
    view = evaluation.get(detail.id)
    if view is None:
        raise NotFoundError(f"contract {detail.data.reference} has no evaluation recorded")
    settings = reports.settings.load()
    header = ReportHeader(organisation_name=settings.organisation_name,
                          protective_marking=settings.protective_marking, logo=reports.settings.logo(),
                          generated_at=reports.clock(), app_version=__version__)
    data = detail.data
    fields = (
        ("Category", data.category.label),
        ("Stage", data.stage.label),
        ("Total value", format_money(data.total_value) or "Not recorded"),
        ("Tender deadline", data.tender_deadline.strftime("%d/%m/%Y") if data.tender_deadline else "Not recorded"),
        ("Procurement lead", data.procurement_lead or "Not recorded"),
    )
    profile_name = _profile_name(reports.compliance)
    settings_used = (
        ("Organisation", settings.organisation_name),
        ("Protective marking", settings.protective_marking or "(none)"),
        ("Policy profile", profile_name or settings.policy_profile),
    )
    return EvaluationReportData(header=header, evaluation=view, contract_fields=fields, profile_name=profile_name,
                                settings_used=settings_used)


def build_evaluation_report(reports, evaluation: EvaluationService, reference: str, out_path,
                            progress: ProgressCallback | None = None) -> Path:
    """Write the contract's evaluation report; NotFoundError for an unknown reference or no evaluation;
    InterruptedError (and no file) when progress returns False."""
    from sv_desktop.reports.evaluation_report import build_evaluation_pdf

    if progress is not None and not progress(0, 1):
        raise InterruptedError("Report cancelled; no file was written.")
    data = evaluation_report_data(reports, evaluation, reference)
    return build_evaluation_pdf(data, Path(out_path), progress=progress)


def default_evaluation_file_name(reference: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in reference.strip())[:60] or "contract"
    return f"{safe}-evaluation-report.pdf"


def _profile_name(compliance: ComplianceService) -> str:
    try:
        return compliance.profile().name
    except Exception:  # a broken profile file is the compliance section's story, not this report's
        return ""


__all__ = ["build_evaluation_report", "default_evaluation_file_name", "evaluation_report_data"]
