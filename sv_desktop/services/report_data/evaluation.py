"""The contract report's short "Evaluation of social value" section (the full report is evaluation_reports)."""
from __future__ import annotations

from sv_desktop.reports.evaluation_report import ContractEvaluationData
from sv_desktop.services.evaluation import EvaluationService


def contract_evaluation(evaluation: EvaluationService, contract_id: int) -> ContractEvaluationData:
    """The contract's evaluation as the service shows it; `view` None when none is recorded."""
    view = evaluation.get(contract_id)
    reference = view.contract_reference if view is not None else ""
    return ContractEvaluationData(reference, view)
