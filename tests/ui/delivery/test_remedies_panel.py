"""Remedies as a contract manager logs them: a payment deduction with its amount, a deduction refused without
one, only the kinds the policy allows, and a remedy closed with its outcome, then deleted."""
from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import Qt

from sv_desktop.domain.delivery import RemedyData, RemedyKind
from tests.ui.delivery.conftest import TODAY, award, delivery_tab, fill_target, row_of_ref


def test_a_payment_deduction_is_logged_with_its_amount(qtbot, tab, services, contract_id):
    remedies = tab.remedies
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    tab.details.setCurrentIndex(2)
    assert "red: off track" in remedies.note.text().lower()
    qtbot.mouseClick(remedies.add_button, Qt.MouseButton.LeftButton)
    dialog = remedies.remedy_dialog
    assert dialog.isVisible()
    assert not dialog.amount.isEnabled()  # an improvement plan has no amount
    dialog.kind.setCurrentIndex(dialog.kind.findData(RemedyKind.PAYMENT_DEDUCTION.value))
    assert dialog.amount.isEnabled()
    dialog.description.setPlainText("Deduction under schedule 7 for the missed Q1 and Q2 recruitment.")
    qtbot.keyClicks(dialog.amount, "12,500")
    dialog.due_on.set_value(TODAY + timedelta(days=30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert remedies.model.rowCount() == 1
    assert remedies.model.index(0, 0).data() == "Payment deduction"
    assert remedies.model.index(0, 2).data() == "£12,500"
    assert remedies.model.index(0, 5).data() == "Open"
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai").remedies
    assert stored[0].data.amount == Decimal("12500.00") and stored[0].data.kind is RemedyKind.PAYMENT_DEDUCTION


def test_a_deduction_without_an_amount_is_refused_beside_the_field(qtbot, tab, services, contract_id):
    tab.commitments.table.select_row(0)
    tab.details.setCurrentIndex(2)
    dialog = tab.remedies.add_remedy()
    dialog.kind.setCurrentIndex(dialog.kind.findData(RemedyKind.SERVICE_CREDIT.value))
    dialog.description.setPlainText("Service credit agreed at the contract review.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "needs an amount in pounds" in dialog.errors.message("amount")
    assert services.delivery.commitments(contract_id)[0].remedies == ()


def test_only_the_remedies_the_policy_allows_are_offered(qtbot, services, monkeypatch):
    contract_id = award(services, reference="SM-1", total=Decimal("60000"))
    monkeypatch.setattr(services.delivery, "deductions_over", lambda: Decimal("100000"))
    widget = delivery_tab(qtbot, services, contract_id)
    widget.details.setCurrentIndex(2)
    assert "only on contracts over £100,000" in widget.remedies.note.text()
    dialog = widget.remedies.add_remedy()
    offered = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert offered == [RemedyKind.IMPROVEMENT_PLAN.value, RemedyKind.ALTERNATIVE.value]


def test_a_remedy_is_edited_and_deleted(qtbot, tab, services, contract_id, answer_dialogs):
    remedies = tab.remedies
    tab.commitments.table.select_row(0)
    commitment = tab.commitments.current_commitment()
    services.delivery.save_remedy(commitment.id, RemedyData(RemedyKind.IMPROVEMENT_PLAN, TODAY,
                                                            "Recruitment plan with the local college"))
    tab.reload()
    tab.details.setCurrentIndex(2)
    dialog = remedies.edit_remedy()
    dialog.closed_on.set_value(TODAY)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Record the outcome when closing" in dialog.errors.message("outcome")
    dialog.outcome.setPlainText("Eight roles filled through the college by the review date.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert remedies.model.index(0, 5).data() == TODAY.strftime("%d/%m/%Y")
    assert remedies.delete_remedy()
    assert remedies.model.rowCount() == 0
