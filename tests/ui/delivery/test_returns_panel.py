"""Returns per period as a contract manager records them: RAG moving with delivery, refused figures, overdue
periods, verified returns corrected only with a reason, rejection, evidence files and the keyboard."""
from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from tests.ui.delivery.conftest import TODAY, cell, fill_target, quarters, record_through_dialog, row_of_ref


def status_of(tab, period_start, column=3):
    model = tab.returns.model
    return model.index(model.row_of(period_start), column).data()


def test_entering_returns_for_two_periods_turns_the_rag_from_red_to_green(qtbot, tab, services, contract_id):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "rag") == "Red: off track"
    expected = tab.commitments.current_commitment().progress.expected  # about 44 roles by today
    first = int(expected * Decimal("0.3"))
    second = int(expected) + 5 - first
    q1, q2 = quarters()[0], quarters()[1]
    dialog = record_through_dialog(qtbot, tab, q1.start, str(first), notes="Payroll extract", ref="HR-0412.xlsx")
    assert not dialog.isVisible()
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "rag") == "Red: off track"
    assert cell(tab, row, "achieved") == str(first)
    assert cell(tab, row, "verified") == "None yet"
    assert status_of(tab, q1.start) == "Claimed (not yet verified)"
    record_through_dialog(qtbot, tab, q2.start, str(second))
    row = row_of_ref(tab, "1ai")
    assert cell(tab, row, "rag") == "Green: on track"
    assert cell(tab, row, "achieved") == str(first + second)
    assert tab.returns.progress_label.text().startswith("<b>Green: on track</b>")
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
    tab.commitments.table.select_row(row_of_ref(tab, "4ai"))
    tab.details.setCurrentIndex(1)
    assert tab.returns.model.rowCount() == len(quarters())  # the dates came from the contract at hand-over
    assert not tab.returns.record_button.isEnabled()
    assert tab.returns.record_return() is None


def test_overdue_periods_are_flagged_in_words(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    row = row_of_ref(tab, "1ai")
    overdue = [p for p in quarters() if p.end + timedelta(days=30) < TODAY]
    assert cell(tab, row, "overdue") == f"{len(overdue)} overdue"
    assert status_of(tab, overdue[0].start, 4).startswith("Overdue: was due ")
    assert f"{len(overdue)} returns are overdue" in tab.banner.text()


def test_correcting_a_verified_return_asks_for_a_reason_and_the_history_shows_it(qtbot, tab, services, monkeypatch,
                                                                               contract_id):
    returns = tab.returns
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    q1 = quarters()[0]
    record_through_dialog(qtbot, tab, q1.start, "12")
    returns.select_period(q1.start)
    qtbot.mouseClick(returns.verify_button, Qt.MouseButton.LeftButton)
    assert status_of(tab, q1.start).startswith("Verified by ")
    assert cell(tab, row_of_ref(tab, "1ai"), "verified") == "12"
    assert returns.record_button.text() == "Co&rrect return…"

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
    returns.select_period(q1.start)
    history = [[returns.history.topLevelItem(i).text(c) for c in range(4)]
               for i in range(returns.history.topLevelItemCount())]
    changes = [h[2] for h in history]
    assert "Actual: 12 → 10" in changes
    assert "Status: Verified → Claimed (not yet verified)" in changes
    assert all(h[3] for h in history if h[2].startswith("Actual"))
    assert "Two starters left" in history[changes.index("Actual: 12 → 10")][3]
    assert status_of(tab, q1.start) == "Claimed (not yet verified)"
    stored = next(c for c in services.delivery.commitments(contract_id) if c.data.ref == "1ai")
    assert stored.returns[0].data.actual == Decimal("10")


def test_rejecting_a_return_needs_a_reason_and_it_no_longer_counts(qtbot, tab, monkeypatch):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    q1 = quarters()[0]
    record_through_dialog(qtbot, tab, q1.start, "30")
    assert cell(tab, row_of_ref(tab, "1ai"), "achieved") == "30"
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Roles were agency staff, not new employment.", True)))
    tab.returns.select_period(q1.start)
    assert tab.returns.reject_return()
    assert status_of(tab, q1.start) == "Rejected: Roles were agency staff, not new employment."
    assert cell(tab, row_of_ref(tab, "1ai"), "achieved") == "None yet"


def test_an_evidence_file_is_attached_to_a_return_and_opened_from_the_store(qtbot, tab, tmp_path, monkeypatch):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    q1 = quarters()[0]
    record_through_dialog(qtbot, tab, q1.start, "12")
    tab.returns.select_period(q1.start)
    evidence = tmp_path / "Q1 payroll.csv"
    evidence.write_text("name,start\nA,01/04\n")
    assert tab.returns.attach_evidence(str(evidence))
    assert "File: Q1 payroll.csv" in status_of(tab, q1.start, 5)
    assert tab.returns.open_evidence_button.isEnabled()
    opened = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    qtbot.mouseClick(tab.returns.open_evidence_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].endswith("Q1 payroll.csv")
    assert open(opened[0]).read() == "name,start\nA,01/04\n"


def test_the_keyboard_reaches_the_return_of_a_period(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    tab.details.setCurrentIndex(1)
    tab.returns.table.setFocus()
    tab.returns.select_period(quarters()[1].start)
    qtbot.keyClick(tab.returns.table, Qt.Key.Key_Return)
    dialog = tab.returns.return_dialog
    assert dialog is not None and dialog.isVisible() and dialog.period == quarters()[1]
    qtbot.keyClicks(dialog.actual, "7")
    qtbot.keyClick(dialog.actual, Qt.Key.Key_Return)  # the default button saves
    assert not dialog.isVisible()
    assert tab.returns.current_period().record.data.actual == Decimal(7)


def test_the_frequency_is_fixed_once_returns_are_recorded(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    assert tab.form.frequency.isEnabled()
    record_through_dialog(qtbot, tab, quarters()[0].start, "12")
    assert not tab.form.frequency.isEnabled()
