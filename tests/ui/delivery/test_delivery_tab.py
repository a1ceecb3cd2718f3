"""Delivery as a contract manager works it: commitments handed over at award, targets from the bid, returns
per period, RAG in words, verification, corrections with a reason, evidence files and remedies.

Dates are relative to today (the service and the tab both use today's date): the contract started 400 days
ago and runs 700 more, so a few quarterly periods have ended and the pro-rata line is about a third of the way
up. RAG thresholds are the shipped NHS trust profile's defaults (green >= 95 % of expected, amber >= 75 %).
"""
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import (
    Aggregation,
    CommitmentData,
    DeliveryReturn,
    Frequency,
    RemedyData,
    RemedyKind,
    ReturnStatus,
    periods,
)
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage, UkRegion
from sv_desktop.ui.delivery.commitment_model import COMMITMENT_COLUMN
from sv_desktop.ui.delivery.delivery_tab import DeliveryTab, MetricPickerDialog
from sv_desktop.ui.delivery.sparkline import SERIES_ROLE, SparkSeries, series_for
from tests.ui.accessibility import unnamed_controls

TODAY = date.today()
START = TODAY - timedelta(days=400)
END = TODAY + timedelta(days=700)
METRICS = ("1ai", "3aii", "4ai", "6ai")  # roles by UK region; £ with SMEs; tCO2e; under-represented groups


def award(services, reference="EF-7", metrics=METRICS, total=Decimal("2400000")):
    contract = services.pipeline.create(ContractData(
        reference=reference, title="Soft FM and cleaning, acute sites", category=Category.ESTATES_FACILITIES,
        total_value=total, start_date=START, end_date=END, stage=Stage.EVALUATION))
    services.selection.save(contract.id, SocialValuePlan(
        entries=tuple(services.selection.entry_from_catalogue("ppn002", ref) for ref in metrics)))
    contract = services.pipeline.get(contract.id)
    services.pipeline.update(contract.id, contract.version,
                             replace(contract.data, stage=Stage.AWARDED, supplier_names=("Brightwater Services Ltd",)))
    return contract.id


@pytest.fixture
def contract_id(services):
    return award(services)


@pytest.fixture
def tab(qtbot, services, contract_id):
    widget = DeliveryTab(services.delivery, services.pipeline, catalogue=services.catalogue)
    qtbot.addWidget(widget)
    widget.resize(1300, 950)
    widget.show()
    widget.show_contract(contract_id)
    return widget


def cell(tab, row, key):
    return tab.model.index(row, COMMITMENT_COLUMN[key]).data()


def row_of_ref(tab, ref):
    for row in range(tab.model.rowCount()):
        if tab.model.record(row).data.ref == ref:
            return row
    raise AssertionError(f"{ref} is not in the table")


def fill_target(qtbot, tab, row, target, region=UkRegion.NORTH_WEST):
    tab.table.select_row(row)
    tab.details.setCurrentIndex(0)
    tab.target.clear()
    qtbot.keyClicks(tab.target, target)
    if region is not None:
        tab.region.set_value(region)
    qtbot.mouseClick(tab.save_commitment_button, Qt.MouseButton.LeftButton)


def record_through_dialog(qtbot, tab, period_start, actual, notes="", ref=""):
    tab.details.setCurrentIndex(1)
    tab.select_period(period_start)
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    dialog = tab.return_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.actual.clear()
    qtbot.keyClicks(dialog.actual, actual)
    if notes:
        dialog.evidence_notes.setPlainText(notes)
    if ref:
        dialog.evidence_ref.setText(ref)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def quarters():
    return periods(START, END, Frequency.QUARTERLY)


# -- hand-over and the banner --------------------------------------------------------------------------

def test_award_hands_chosen_metrics_over_as_commitments_and_the_banner_asks_for_their_targets(tab):
    assert tab.model.rowCount() == 4
    assert cell(tab, row_of_ref(tab, "1ai"), "metric") == "PPN 002 1ai: Employment opportunities created (roles), " \
                                                          "by UK region"
    assert cell(tab, 0, "target") == "Needs target"
    assert cell(tab, 0, "rag") == "Grey: not started"
    assert cell(tab, row_of_ref(tab, "1ai"), "region") == "Needs region"
    assert "4 commitments still need the target from the winning bid" in tab.banner.text()
    assert tab.banner.isVisible()
    assert not tab.handover_button.isVisible()
    assert "How RAG is worked out" in tab.method.text() and "95%" in tab.method.text()


def test_an_awarded_contract_without_commitments_offers_to_create_them_from_the_chosen_metrics(qtbot, services):
    contract_id = award(services, reference="TR-2", metrics=("4ai",))
    for record in services.delivery.commitments(contract_id):  # e.g. removed by mistake
        services.delivery.delete_commitment(record.id, record.version)
    widget = DeliveryTab(services.delivery, services.pipeline, catalogue=services.catalogue)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_contract(contract_id)
    assert widget.model.rowCount() == 0
    assert widget.handover_button.isVisible()
    assert "No commitments yet" in widget.banner.text()
    with qtbot.wait_signal(widget.changed):
        qtbot.mouseClick(widget.handover_button, Qt.MouseButton.LeftButton)
    assert widget.model.rowCount() == 1
    assert not widget.handover_button.isVisible()
    assert "1 commitment still needs the target from the winning bid" in widget.banner.text()


def test_before_award_the_tab_says_commitments_come_at_award(qtbot, services):
    contract = services.pipeline.create(ContractData(reference="DD-3", title="Patient portal",
                                                     category=Category.DDAT, stage=Stage.TENDER))
    widget = DeliveryTab(services.delivery, services.pipeline)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_contract(contract.id)
    assert not widget.handover_button.isVisible()
    assert not widget.add_framework_button.isVisible()  # no catalogue given
    assert "created when the contract is awarded" in widget.banner.text()


# -- the commitment editor -------------------------------------------------------------------------------

def test_filling_in_the_target_through_the_editor_stores_it_and_the_rag_turns_from_grey_to_red(qtbot, tab, services,
                                                                                                contract_id):
    row = row_of_ref(tab, "1ai")
    tab.table.select_row(row)
    assert tab.region_label.text() == "UK re&gion (required)"
    tab.target.clear()
    qtbot.keyClicks(tab.target, "120")
    assert tab.is_dirty
    tab.bid_text.setPlainText("We will create 120 new roles over the contract, recruited locally.")
    tab.region.set_value(UkRegion.NORTH_WEST)
    with qtbot.wait_signal(tab.changed):
        qtbot.mouseClick(tab.save_commitment_button, Qt.MouseButton.LeftButton)
    assert not tab.is_dirty
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "target") == "120"
    assert cell(tab, row, "rag") == "Red: off track"  # nothing delivered against a third of the target expected
    assert cell(tab, row, "region") == "North West"
    assert "3 commitments still need the target" in tab.banner.text()
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai")
    assert stored.data.target == Decimal("120")
    assert stored.data.bid_text.startswith("We will create 120")
    assert stored.data.region is UkRegion.NORTH_WEST


def test_a_target_in_words_is_refused_beside_the_field_and_kept_as_typed(qtbot, tab, services, contract_id):
    tab.table.select_row(0)
    qtbot.keyClicks(tab.target, "about a dozen")
    assert not tab.save()
    assert "not a number" in tab.commitment_errors.message("target")
    assert "Target:" in tab.commitment_summary.text()
    assert tab.target.text() == "about a dozen"
    assert tab.is_dirty
    assert all(c.data.target is None for c in services.delivery.commitments(contract_id))


def test_the_unit_of_a_framework_metric_is_locked_and_a_bespoke_one_needs_a_justification(qtbot, tab, services,
                                                                                          contract_id):
    tab.table.select_row(0)
    assert not tab.unit.isEnabled()
    qtbot.mouseClick(tab.add_bespoke_button, Qt.MouseButton.LeftButton)
    assert tab.unit.isEnabled()
    assert "New bespoke metric" in tab.editor_heading.text()
    qtbot.keyClicks(tab.title, "Local schools careers talks")
    tab.unit.setCurrentIndex(tab.unit.findData("hours"))
    qtbot.keyClicks(tab.target, "40")
    assert not tab.save()
    assert "justification" in tab.commitment_errors.message("justification")
    assert len(services.delivery.commitments(contract_id)) == 4
    tab.justification.setPlainText("The trust's careers programme asks for talks; no framework metric counts them.")
    assert tab.save()
    row = tab.model.row_of(tab.current_commitment().id)
    assert cell(tab, row, "metric") == "Bespoke: Local schools careers talks"
    assert cell(tab, row, "unit") == "hours"
    assert len(services.delivery.commitments(contract_id)) == 5


def test_a_framework_metric_is_added_from_a_searchable_list(qtbot, tab, services, contract_id):
    qtbot.mouseClick(tab.add_framework_button, Qt.MouseButton.LeftButton)
    picker = tab.metric_picker
    assert isinstance(picker, MetricPickerDialog) and picker.isVisible()
    qtbot.keyClicks(picker.search, "apprenticeship")
    assert 0 < picker.visible_count() < picker.list.count()
    picker.choose("ppn002", "1aii")
    qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
    assert "New framework metric PPN 002 1aii" in tab.editor_heading.text()
    assert not tab.unit.isEnabled()
    assert tab.is_dirty
    qtbot.keyClicks(tab.target, "8")
    tab.region.set_value(UkRegion.EAST_MIDLANDS)  # 1aii is reported by UK region (000_14458fa951fc6b05.txt)
    assert tab.save()
    added = [c for c in services.delivery.commitments(contract_id) if c.data.ref == "1aii"]
    assert len(added) == 1 and added[0].data.target == Decimal("8") and added[0].data.unit == "count"


def test_moving_to_another_commitment_with_unsaved_edits_asks_first(qtbot, tab, answer_dialogs):
    tab.table.select_row(0)
    qtbot.keyClicks(tab.target, "50")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    tab.table.select_row(1)
    assert tab.table.current_row() == 0 and tab.target.text() == "50"
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    tab.table.select_row(1)
    assert tab.table.current_row() == 1 and tab.target.text() == "" and not tab.is_dirty
    assert [title for title, _ in answer_dialogs.asked] == ["Unsaved commitment", "Unsaved commitment"]


def test_a_commitment_changed_elsewhere_is_not_overwritten_and_the_edit_stays(qtbot, tab, services, answer_dialogs):
    tab.table.select_row(0)
    record = tab.current_commitment()
    services.delivery.save_commitment(record.contract_id, replace(record.data, cohort="Care leavers"),
                                      record.id, record.version)
    qtbot.keyClicks(tab.target, "75")
    tab.region.set_value(UkRegion.NORTH_WEST)
    assert not tab.save()
    assert answer_dialogs.asked and "changed by someone else" in answer_dialogs.asked[-1][1]
    assert tab.target.text() == "75" and tab.is_dirty


def test_a_contract_deleted_elsewhere_empties_the_tab_and_says_so(qtbot, tab, services, contract_id):
    detail = services.pipeline.get(contract_id)
    services.pipeline.delete(contract_id, detail.version)
    tab.reload()
    assert tab.model.rowCount() == 0
    assert "no longer in the store" in tab.heading.text()
    assert not tab.add_bespoke_button.isEnabled()


def test_deleting_a_commitment_asks_first(qtbot, tab, services, contract_id, answer_dialogs):
    tab.table.select_row(0)
    title = tab.current_commitment().data.title
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert answer_dialogs.asked[-1][0] == "Delete commitment"
    assert title not in [c.data.title for c in services.delivery.commitments(contract_id)]
    assert tab.model.rowCount() == 3


# -- returns -----------------------------------------------------------------------------------------

def test_entering_returns_for_two_periods_turns_the_rag_from_red_to_green(qtbot, tab, services, contract_id):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "rag") == "Red: off track"
    expected = tab.current_commitment().progress.expected  # about 44 roles by today
    first = int(expected * Decimal("0.3"))
    second = int(expected) + 5 - first
    q1, q2 = quarters()[0], quarters()[1]
    dialog = record_through_dialog(qtbot, tab, q1.start, str(first), notes="Payroll extract", ref="HR-0412.xlsx")
    assert not dialog.isVisible()
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "rag") == "Red: off track"
    assert cell(tab, row, "achieved") == str(first)
    assert cell(tab, row, "verified") == "None yet"
    assert tab.returns_model.index(tab.returns_model.row_of(q1.start), 3).data() == "Claimed (not yet verified)"
    record_through_dialog(qtbot, tab, q2.start, str(second))
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "rag") == "Green: on track"
    assert cell(tab, row, "achieved") == str(first + second)
    assert tab.progress_label.text().startswith("<b>Green: on track</b>")
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai")
    assert [(r.period, r.data.actual) for r in stored.returns] == [(q1, first), (q2, second)]
    assert stored.returns[0].data.evidence_ref == "HR-0412.xlsx"


def test_a_negative_or_wordy_actual_shows_an_error_and_nothing_is_stored(qtbot, tab, services, contract_id):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    dialog = record_through_dialog(qtbot, tab, quarters()[0].start, "-5")
    assert dialog.isVisible()
    assert "Cannot be negative" in dialog.errors.message("actual")
    assert "Actual" in dialog.summary.text()
    dialog.actual.clear()
    qtbot.keyClicks(dialog.actual, "twelve")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "'twelve' is not a number" in dialog.errors.message("actual")
    assert dialog.actual.text() == "twelve"
    dialog.reject()
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai")
    assert stored.returns == ()
    assert cell(tab, row_of_ref(tab, "1ai"), "rag") == "Red: off track"


def test_returns_cannot_be_recorded_until_the_target_is_filled_in(tab):
    tab.table.select_row(row_of_ref(tab, "4ai"))
    tab.details.setCurrentIndex(1)
    assert tab.returns_model.rowCount() == len(quarters())  # the dates came from the contract at hand-over
    assert not tab.record_button.isEnabled()
    assert tab.record_return() is None


def test_overdue_periods_are_flagged_in_words(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    row = row_of_ref(tab, "1ai")
    overdue = [p for p in quarters() if p.end + timedelta(days=30) < TODAY]
    assert cell(tab, row, "overdue") == f"{len(overdue)} overdue"
    first = tab.returns_model.row_of(overdue[0].start)
    assert tab.returns_model.index(first, 4).data().startswith("Overdue: was due ")
    assert f"{len(overdue)} returns are overdue" in tab.banner.text()


def test_correcting_a_verified_return_asks_for_a_reason_and_the_history_shows_it(qtbot, tab, services, monkeypatch,
                                                                               contract_id):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    q1 = quarters()[0]
    record_through_dialog(qtbot, tab, q1.start, "12")
    tab.select_period(q1.start)
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    assert tab.returns_model.index(tab.returns_model.row_of(q1.start), 3).data().startswith("Verified by ")
    assert cell(tab, row_of_ref(tab, "1ai"), "verified") == "12"
    assert tab.record_button.text() == "Co&rrect return…"

    answers = [("", False)]
    asked = []

    def get_text(parent, title, label, *args, **kwargs):
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    dialog = record_through_dialog(qtbot, tab, q1.start, "10")
    assert asked == ["Reason for changing a verified return"]
    assert dialog.isVisible() and "only with a reason" in dialog.summary.text()
    answers.append(("Two starters left in their first week; the supplier recounted.", True))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    tab.select_period(q1.start)
    history = [[tab.history.topLevelItem(i).text(c) for c in range(4)] for i in range(tab.history.topLevelItemCount())]
    changes = [h[2] for h in history]
    assert "Actual: 12 → 10" in changes
    assert "Status: Verified → Claimed (not yet verified)" in changes
    assert all(h[3] for h in history if h[2].startswith("Actual"))
    assert "Two starters left" in history[changes.index("Actual: 12 → 10")][3]
    assert tab.returns_model.index(tab.returns_model.row_of(q1.start), 3).data() == "Claimed (not yet verified)"
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai")
    assert stored.returns[0].data.actual == Decimal("10")


def test_rejecting_a_return_needs_a_reason_and_it_no_longer_counts(qtbot, tab, monkeypatch):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    q1 = quarters()[0]
    record_through_dialog(qtbot, tab, q1.start, "30")
    assert cell(tab, row_of_ref(tab, "1ai"), "achieved") == "30"
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Roles were agency staff, not new employment.", True)))
    tab.select_period(q1.start)
    assert tab.reject_return()
    status = tab.returns_model.index(tab.returns_model.row_of(q1.start), 3).data()
    assert status == "Rejected: Roles were agency staff, not new employment."
    assert cell(tab, row_of_ref(tab, "1ai"), "achieved") == "None yet"


def test_an_evidence_file_is_attached_to_a_return_and_opened_from_the_store(qtbot, tab, tmp_path, monkeypatch):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    q1 = quarters()[0]
    record_through_dialog(qtbot, tab, q1.start, "12")
    tab.select_period(q1.start)
    evidence = tmp_path / "Q1 payroll.csv"
    evidence.write_text("name,start\nA,01/04\n")
    assert tab.attach_evidence(str(evidence))
    assert "File: Q1 payroll.csv" in tab.returns_model.index(tab.returns_model.row_of(q1.start), 5).data()
    assert tab.open_evidence_button.isEnabled()
    opened = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    qtbot.mouseClick(tab.open_evidence_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].endswith("Q1 payroll.csv")
    assert open(opened[0]).read() == "name,start\nA,01/04\n"


def test_the_keyboard_reaches_the_return_of_a_period(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    tab.details.setCurrentIndex(1)
    tab.returns_table.setFocus()
    tab.select_period(quarters()[1].start)
    qtbot.keyClick(tab.returns_table, Qt.Key.Key_Return)
    dialog = tab.return_dialog
    assert dialog is not None and dialog.isVisible() and dialog.period == quarters()[1]
    qtbot.keyClicks(dialog.actual, "7")
    qtbot.keyClick(dialog.actual, Qt.Key.Key_Return)  # the default button saves
    assert not dialog.isVisible()
    assert tab.current_period().record.data.actual == Decimal(7)


def test_the_frequency_is_fixed_once_returns_are_recorded(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    assert tab.frequency.isEnabled()
    record_through_dialog(qtbot, tab, quarters()[0].start, "12")
    assert not tab.frequency.isEnabled()


# -- remedies ------------------------------------------------------------------------------------------

def test_a_payment_deduction_is_logged_with_its_amount(qtbot, tab, services, contract_id):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    tab.details.setCurrentIndex(2)
    assert "red: off track" in tab.remedy_note.text().lower()
    qtbot.mouseClick(tab.add_remedy_button, Qt.MouseButton.LeftButton)
    dialog = tab.remedy_dialog
    assert dialog.isVisible()
    assert not dialog.amount.isEnabled()  # an improvement plan has no amount
    dialog.kind.setCurrentIndex(dialog.kind.findData(RemedyKind.PAYMENT_DEDUCTION.value))
    assert dialog.amount.isEnabled()
    dialog.description.setPlainText("Deduction under schedule 7 for the missed Q1 and Q2 recruitment.")
    qtbot.keyClicks(dialog.amount, "12,500")
    dialog.due_on.set_value(TODAY + timedelta(days=30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert tab.remedies_model.rowCount() == 1
    assert tab.remedies_model.index(0, 0).data() == "Payment deduction"
    assert tab.remedies_model.index(0, 2).data() == "£12,500"
    assert tab.remedies_model.index(0, 5).data() == "Open"
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai").remedies
    assert stored[0].data.amount == Decimal("12500.00") and stored[0].data.kind is RemedyKind.PAYMENT_DEDUCTION


def test_a_deduction_without_an_amount_is_refused_beside_the_field(qtbot, tab, services, contract_id):
    tab.table.select_row(0)
    tab.details.setCurrentIndex(2)
    dialog = tab.add_remedy()
    dialog.kind.setCurrentIndex(dialog.kind.findData(RemedyKind.SERVICE_CREDIT.value))
    dialog.description.setPlainText("Service credit agreed at the contract review.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "needs an amount in pounds" in dialog.errors.message("amount")
    assert services.delivery.commitments(contract_id)[0].remedies == ()


def test_only_the_remedies_the_policy_allows_are_offered(qtbot, services, monkeypatch):
    contract_id = award(services, reference="SM-1", total=Decimal("60000"))
    monkeypatch.setattr(services.delivery, "deductions_over", lambda: Decimal("100000"))
    widget = DeliveryTab(services.delivery, services.pipeline, catalogue=services.catalogue)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_contract(contract_id)
    widget.details.setCurrentIndex(2)
    assert "only on contracts over £100,000" in widget.remedy_note.text()
    dialog = widget.add_remedy()
    offered = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert offered == [RemedyKind.IMPROVEMENT_PLAN.value, RemedyKind.ALTERNATIVE.value]


def test_a_remedy_is_edited_and_deleted(qtbot, tab, services, contract_id, answer_dialogs):
    tab.table.select_row(0)
    commitment = tab.current_commitment()
    services.delivery.save_remedy(commitment.id, RemedyData(RemedyKind.IMPROVEMENT_PLAN, TODAY,
                                                            "Recruitment plan with the local college"))
    tab.reload()
    tab.details.setCurrentIndex(2)
    dialog = tab.edit_remedy()
    dialog.closed_on.set_value(TODAY)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Record the outcome when closing" in dialog.errors.message("outcome")
    dialog.outcome.setPlainText("Eight roles filled through the college by the review date.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert tab.remedies_model.index(0, 5).data() == TODAY.strftime("%d/%m/%Y")
    assert tab.delete_remedy()
    assert tab.remedies_model.rowCount() == 0


# -- models, sparkline, accessibility, the picture -------------------------------------------------------

def test_the_table_models_pass_the_model_tester(qtbot, qtmodeltester, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    record_through_dialog(qtbot, tab, quarters()[0].start, "12")
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.returns_model)
    qtmodeltester.check(tab.remedies_model)
    assert isinstance(tab.model.index(row_of_ref(tab, "1ai"), COMMITMENT_COLUMN["spark"]).data(SERIES_ROLE),
                      SparkSeries)


def test_the_sparkline_is_cumulative_for_sums_and_per_period_for_headcounts():
    start, due = date(2025, 4, 1), date(2026, 3, 31)
    data = CommitmentData("Roles", "roles", Decimal(40), start, due, Frequency.QUARTERLY)
    returns = [DeliveryReturn(date(2025, 4, 1), date(2025, 6, 30), Decimal(8), ReturnStatus.VERIFIED),
               DeliveryReturn(date(2025, 7, 1), date(2025, 9, 30), Decimal(6)),
               DeliveryReturn(date(2025, 10, 1), date(2025, 12, 31), Decimal(50), ReturnStatus.REJECTED)]
    series = series_for(data, returns, date(2025, 11, 15))
    assert series.labels == ("Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26")
    assert series.delivered == (8.0, 14.0, 14.0, None)
    assert series.verified == (8.0, 8.0, 8.0, None)
    assert series.expected[-1] == 40.0 and series.started == 3 and series.reported == 2
    latest = series_for(replace(data, aggregation=Aggregation.LATEST), returns, date(2025, 11, 15))
    assert latest.delivered == (8.0, 6.0, None, None)
    assert "2 of 4 periods reported" in series.summary()
    assert series_for(replace(data, target=None), returns, date(2025, 11, 15)) is None


def test_every_control_has_a_name_on_every_page_and_in_every_dialog(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    for page in range(tab.details.count()):
        tab.details.setCurrentIndex(page)
        assert unnamed_controls(tab) == []
    tab.details.setCurrentIndex(1)
    tab.select_period(quarters()[0].start)
    for dialog in (tab.record_return(), tab.add_remedy()):
        assert unnamed_controls(dialog) == []
        dialog.reject()
    tab.add_framework_metric()
    assert unnamed_controls(tab.metric_picker) == []
    tab.metric_picker.reject()
    tab.show_contract(None)
    assert "Save the contract first" in tab.heading.text()


def test_rag_is_never_colour_alone(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    index = tab.model.index(row_of_ref(tab, "1ai"), COMMITMENT_COLUMN["rag"])
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data() == "Red: off track"
    assert "expected" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_screenshot_of_the_delivery_tab_with_realistic_data(qtbot, services, tmp_path):
    contract_id = award(services, reference="EF-2026-014", metrics=("1ai", "1aii", "3aii", "4ai", "6ai", "7ai"))
    delivery = services.delivery
    records = {c.data.ref: c for c in delivery.commitments(contract_id)}
    plan = {  # target, returns per quarter (None: no return), verified quarters
        "1ai": (Decimal(120), [9, 11, 14, 12], 3, UkRegion.NORTH_WEST),
        "1aii": (Decimal(16), [1, 0, 1, None], 2, UkRegion.NORTH_WEST),
        "3aii": (Decimal(1800000), [140000, 165000, 150000, 170000], 4, None),
        "4ai": (Decimal(420), [30, 38, 33, 35], 1, None),
        "7ai": (Decimal(25), [14, 17, 19, 21], 2, None),
    }
    spans = quarters()
    for ref, (target, figures, verified, region) in plan.items():
        record = records[ref]
        data = replace(record.data, target=target, region=region,
                       bid_text="From the winning bid, section 4.2: social value delivery plan.")
        record = delivery.save_commitment(contract_id, data, record.id, record.version)
        for i, figure in enumerate(figures):
            if figure is None or spans[i].start > TODAY:
                continue
            saved = delivery.save_return(record.id, spans[i], Decimal(figure), evidence_notes="Quarterly KPI return",
                                         evidence_ref=f"KPI-{ref}-Q{i + 1}.xlsx")
            if i < verified:
                delivery.verify_return(saved.id, saved.version)
    red = delivery.commitments(contract_id)
    target_red = next(c for c in red if c.data.ref == "1aii")
    delivery.save_remedy(target_red.id, RemedyData(RemedyKind.IMPROVEMENT_PLAN, TODAY - timedelta(days=20),
                                                   "Apprenticeship recovery plan with the local college",
                                                   due_on=TODAY + timedelta(days=70)))
    widget = DeliveryTab(delivery, services.pipeline, catalogue=services.catalogue)
    qtbot.addWidget(widget)
    widget.resize(1360, 980)
    widget.show()
    widget.show_contract(contract_id)
    widget.table.select_row(row_of_ref(widget, "1ai"))
    widget.details.setCurrentIndex(1)
    widget.select_period(spans[0].start)
    rags = {cell(widget, row, "rag") for row in range(widget.model.rowCount())}
    assert {"Green: on track", "Red: off track", "Grey: not started"} <= rags

    def picture(target, path):
        QApplication.processEvents()  # let pending layout requests run before painting
        assert target.grab().save(str(tmp_path / path))

    picture(widget, "delivery_tab.png")
    dialog = widget.record_return()
    picture(dialog, "delivery_return_dialog.png")
    dialog.reject()
    widget.resize(620, 980)
    widget.details.setCurrentIndex(0)
    picture(widget, "delivery_tab_narrow.png")
    widget.resize(1360, 980)
    widget.table.select_row(row_of_ref(widget, "1aii"))
    widget.details.setCurrentIndex(2)
    picture(widget, "delivery_tab_remedies.png")
    dialog = widget.add_remedy()
    picture(dialog, "delivery_remedy_dialog.png")
    dialog.reject()
