"""Every form and tab that holds edits answers the same three questions, and the pages ask them."""
import importlib
import inspect
import pkgutil

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

import sv_desktop.ui
from sv_desktop.ui.carbon.carbon_plan_editor import CarbonPlanEditor
from sv_desktop.ui.carbon.carbon_plans_panel import CarbonPlansPanel
from sv_desktop.ui.common.editor import DirtyTracking, Editor, NothingToSave, dirty_editors
from sv_desktop.ui.common.form_parts import EditForm
from sv_desktop.ui.delivery.commitment_form import CommitmentForm
from sv_desktop.ui.delivery.commitments_panel import CommitmentsPanel
from sv_desktop.ui.delivery.delivery_tab import DeliveryTab
from sv_desktop.ui.evaluation.criterion_score_form import CriterionScoreForm
from sv_desktop.ui.evaluation.evaluation_tab import EvaluationTab
from sv_desktop.ui.evaluation.moderation_view import ModerationView
from sv_desktop.ui.evaluation.setup_panel import SetupPanel
from sv_desktop.ui.pipeline.audit_tab import AuditTab
from sv_desktop.ui.pipeline.compliance_tab import ComplianceTab
from sv_desktop.ui.pipeline.contract_form import ContractForm
from sv_desktop.ui.pipeline.pipeline_page import PipelinePage
from sv_desktop.ui.pipeline.social_value_tab import SocialValueTab
from sv_desktop.ui.suppliers.supplier_form import SupplierForm
from sv_desktop.ui.suppliers.suppliers_page import SuppliersPage

EDITORS = [ContractForm, SocialValueTab, ComplianceTab, AuditTab, SupplierForm, CarbonPlanEditor, CarbonPlansPanel,
           CommitmentForm, CommitmentsPanel, DeliveryTab, EvaluationTab, SetupPanel, ModerationView,
           CriterionScoreForm]


def _ui_classes():
    for module in pkgutil.walk_packages(sv_desktop.ui.__path__, "sv_desktop.ui."):
        loaded = importlib.import_module(module.name)
        for _name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == module.name:
                yield cls


@pytest.mark.parametrize("cls", EDITORS, ids=lambda cls: cls.__name__)
def test_every_editor_answers_is_dirty_save_and_revert_as_methods(cls):
    assert issubclass(cls, Editor)
    for name in ("is_dirty", "save", "revert"):
        assert inspect.isfunction(getattr(cls, name)), f"{cls.__name__}.{name} is a method, not a property"


def test_every_class_in_ui_that_says_whether_it_is_dirty_is_a_whole_editor():
    dirty_ones = {cls for cls in _ui_classes() if hasattr(cls, "is_dirty")}
    assert dirty_ones >= set(EDITORS)
    for cls in dirty_ones - {DirtyTracking, NothingToSave, EditForm}:  # mixins, not editors themselves
        assert issubclass(cls, Editor), cls.__name__
        assert inspect.isfunction(cls.is_dirty), f"{cls.__name__}.is_dirty is a method, not a property"


class FakeTab(QWidget):
    """A contract tab holding an edit, recording what the page asks of it."""

    def __init__(self):
        super().__init__()
        self.dirty, self.calls = True, []
        self.shown_contract = None

    def is_dirty(self) -> bool:
        return self.dirty

    def save(self) -> bool:
        self.calls.append("save")
        self.dirty = False
        return True

    def revert(self) -> None:
        self.calls.append("revert")
        self.dirty = False

    def show_contract(self, contract_id):
        self.shown_contract = contract_id


def test_dirty_editors_keeps_only_editors_with_edits():
    held, clean = FakeTab(), FakeTab()
    clean.dirty = False
    assert dirty_editors([held, clean, None, QWidget()]) == [held]


@pytest.mark.parametrize(("answer", "calls", "moves_on"), [
    (QMessageBox.StandardButton.Save, ["save"], True),
    (QMessageBox.StandardButton.Discard, ["revert"], True),
    (QMessageBox.StandardButton.Cancel, [], False),
])
def test_the_pipeline_page_asks_each_editor_through_the_protocol(qtbot, services, answer_dialogs, answer, calls,
                                                                 moves_on):
    page = PipelinePage(services.pipeline)
    qtbot.addWidget(page)
    tab = FakeTab()
    page.add_contract_tab(tab, "Fake")
    answer_dialogs.replies["answer"] = answer
    assert page.confirm_leave_form() is moves_on
    assert tab.calls == calls and answer_dialogs.asked


def test_the_suppliers_page_asks_nothing_when_no_editor_holds_edits(qtbot, services, answer_dialogs):
    page = SuppliersPage(services.suppliers, services.carbon, services.settings)
    qtbot.addWidget(page)
    assert page.confirm_leave_form() and not answer_dialogs.asked
    page.form.name.setText("Typed")
    page.form._mark_dirty()
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    assert page.confirm_leave_form() and answer_dialogs.asked and not page.form.is_dirty()
