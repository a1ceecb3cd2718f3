"""The static checks configured in pyproject.toml: ruff (lint and import order) and mypy (types).

They run here so the README's test command runs them: a new lint finding or type error fails the suite, with the
tool's own report as the failure message.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


def _run(tool: str, *args: str) -> None:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (it comes with the `test` extra: pip install -e .[test])")
    done = subprocess.run([sys.executable, "-m", tool, *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        pytest.fail(f"`{tool} {' '.join(args)}` reported problems:\n{done.stdout}{done.stderr}", pytrace=False)


def test_ruff_finds_nothing():
    _run("ruff", "check", "sv_desktop", "tests")


def test_mypy_finds_no_type_error():
    # The settings (the `sv_desktop` package, strictness, per-library overrides) are in pyproject.toml.
    _run("mypy")


# The modules pyproject.toml excused from mypy when the checks were turned on (issue 14), each with type errors
# that predate the checks. Fixing one means taking it off the list there and here; adding one is refused.
TYPE_DEBT_WHEN_CHECKS_BEGAN = frozenset({
    "sv_desktop.domain.carbon_plan",
    "sv_desktop.domain.delivery",
    "sv_desktop.domain.delivery_input",
    "sv_desktop.domain.evaluation",
    "sv_desktop.domain.tender_pack",
    "sv_desktop.reports.carbon_sections",
    "sv_desktop.reports.charts",
    "sv_desktop.reports.delivery_sections",
    "sv_desktop.reports.evaluation_report",
    "sv_desktop.reports.flowables",
    "sv_desktop.reports.sections",
    "sv_desktop.reports.social_value_sections",
    "sv_desktop.reports.spend_sections",
    "sv_desktop.reports.styles",
    "sv_desktop.reports.templates",
    "sv_desktop.reports.tender_docx",
    "sv_desktop.reports.tender_pack_pdf",
    "sv_desktop.reports.trajectory_chart",
    "sv_desktop.services.backup",
    "sv_desktop.services.carbon",
    "sv_desktop.services.carbon_records",
    "sv_desktop.services.delivery",
    "sv_desktop.services.delivery_portfolio",
    "sv_desktop.services.demo.delivery",
    "sv_desktop.services.demo.evaluation",
    "sv_desktop.services.demo.generator",
    "sv_desktop.services.demo.spend",
    "sv_desktop.services.demo.suppliers",
    "sv_desktop.services.evaluation",
    "sv_desktop.services.imports.contracts",
    "sv_desktop.services.imports.ocds",
    "sv_desktop.services.imports.spend",
    "sv_desktop.services.imports.suppliers",
    "sv_desktop.services.kpi_publication",
    "sv_desktop.services.pipeline",
    "sv_desktop.services.pipeline_index",
    "sv_desktop.services.tender_pack",
    "sv_desktop.ui.app.application",
    "sv_desktop.ui.app.backup_actions",
    "sv_desktop.ui.app.main_window",
    "sv_desktop.ui.app.store_menu",
    "sv_desktop.ui.app.window_shortcuts",
    "sv_desktop.ui.carbon.carbon_alerts_dialog",
    "sv_desktop.ui.carbon.carbon_plan_editor",
    "sv_desktop.ui.carbon.carbon_plans_panel",
    "sv_desktop.ui.catalogue.catalogue_browser",
    "sv_desktop.ui.catalogue.catalogue_model",
    "sv_desktop.ui.common.form_parts",
    "sv_desktop.ui.common.ui_state",
    "sv_desktop.ui.delivery.commitment_form",
    "sv_desktop.ui.delivery.commitment_model",
    "sv_desktop.ui.delivery.commitments_panel",
    "sv_desktop.ui.delivery.delivery_dashboard",
    "sv_desktop.ui.delivery.remedy_dialog",
    "sv_desktop.ui.delivery.sparkline",
    "sv_desktop.ui.evaluation.bidders_panel",
    "sv_desktop.ui.evaluation.evaluation_dialogs",
    "sv_desktop.ui.evaluation.evaluation_tab",
    "sv_desktop.ui.evaluation.moderation_detail",
    "sv_desktop.ui.evaluation.moderation_models",
    "sv_desktop.ui.evaluation.moderation_view",
    "sv_desktop.ui.evaluation.panel_members",
    "sv_desktop.ui.evaluation.panel_models",
    "sv_desktop.ui.evaluation.response_documents",
    "sv_desktop.ui.evaluation.scores_panel",
    "sv_desktop.ui.evaluation.scoring_window",
    "sv_desktop.ui.evaluation.setup_models",
    "sv_desktop.ui.evaluation.setup_panel",
    "sv_desktop.ui.evaluation.sheet_exchange",
    "sv_desktop.ui.evaluation.view_table",
    "sv_desktop.ui.exchange.column_mapping",
    "sv_desktop.ui.exchange.export_actions",
    "sv_desktop.ui.exchange.import_actions",
    "sv_desktop.ui.exchange.import_dialog",
    "sv_desktop.ui.exchange.ocds_import_dialog",
    "sv_desktop.ui.pipeline.compliance_tab",
    "sv_desktop.ui.pipeline.contract_form",
    "sv_desktop.ui.pipeline.pipeline_model",
    "sv_desktop.ui.pipeline.pipeline_page",
    "sv_desktop.ui.pipeline.social_value_tab",
    "sv_desktop.ui.reports.reports_window",
    "sv_desktop.ui.suppliers.supplier_form",
    "sv_desktop.ui.suppliers.supplier_model",
    "sv_desktop.ui.suppliers.suppliers_page",
})


def test_the_type_debt_list_only_shrinks():
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    excused: set[str] = set()
    for override in config["tool"]["mypy"].get("overrides", []):
        if override.get("ignore_errors"):
            modules = override["module"]
            excused.update([modules] if isinstance(modules, str) else modules)
    newly_excused = sorted(excused - TYPE_DEBT_WHEN_CHECKS_BEGAN)
    assert not newly_excused, f"newly excused from mypy: {newly_excused}"
