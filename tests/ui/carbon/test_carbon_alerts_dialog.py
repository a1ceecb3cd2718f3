"""The carbon alerts dialog: the alerts in a table, narrowed by kind, Enter opens the supplier."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from sv_desktop.domain.carbon_plan import CarbonPlanData
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.supplier import SupplierData
from sv_desktop.ui.carbon.carbon_alerts_dialog import CarbonAlertsDialog
from tests.ui.accessibility import unnamed_controls

TODAY = date.today()


@pytest.fixture
def stale_supplier(services) -> int:
    """A supplier whose only plan is a Net Zero Commitment dated 500 days ago."""
    supplier_id = services.suppliers.create(SupplierData(name="Beacon Linen Services")).id
    published = TODAY - timedelta(days=500)
    services.carbon.save_plan(supplier_id, CarbonPlanData(
        CarbonPlan.NZC, publication_date=published, net_zero_year=2045, approved_by="Board of directors",
        approved_on=published))
    return supplier_id


@pytest.fixture
def dialog(qtbot, services, stale_supplier) -> CarbonAlertsDialog:
    widget = CarbonAlertsDialog(services.carbon)
    qtbot.addWidget(widget)
    return widget


def test_a_stale_plan_is_listed_with_its_kind_supplier_and_message(dialog):
    rows = dialog.visible_rows()
    stale = [row for row in rows if row[0] == "Plan over 12 months old"]
    assert len(stale) == 1
    kind, supplier, contract, message = stale[0]
    assert supplier == "Beacon Linen Services" and contract == "—"
    assert (TODAY - timedelta(days=500)).strftime("%d/%m/%Y") in message
    assert dialog.count_label.text() == f"Showing {len(rows)} of {len(rows)} alert{'s' if len(rows) != 1 else ''}"


def test_the_kind_filter_narrows_the_table(dialog):
    everything = dialog.model.rowCount()
    dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData("stale"))
    assert [row[0] for row in dialog.visible_rows()] == ["Plan over 12 months old"]
    assert dialog.count_label.text() == f"Showing 1 of {everything} alert{'s' if everything != 1 else ''}"
    assert dialog.kind_filter.currentText() == "Plan over 12 months old (1)"
    dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData("missing"))
    assert dialog.visible_rows() == []
    dialog.kind_filter.setCurrentIndex(0)
    assert len(dialog.visible_rows()) == everything


def test_enter_on_an_alert_emits_its_supplier_and_closes(qtbot, dialog, stale_supplier):
    dialog.show()
    dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData("stale"))
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.proxy.index(0, 1))
    with qtbot.waitSignal(dialog.supplier_chosen) as chosen:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert chosen.args == [stale_supplier]
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_double_clicking_an_alert_emits_its_supplier(qtbot, dialog, stale_supplier):
    dialog.show()
    with qtbot.waitSignal(dialog.supplier_chosen) as chosen:
        dialog.table.doubleClicked.emit(dialog.proxy.index(0, 3))
    assert chosen.args == [stale_supplier]


def test_with_no_alerts_it_says_so(qtbot, services):
    widget = CarbonAlertsDialog(services.carbon)
    qtbot.addWidget(widget)
    assert widget.visible_rows() == []
    assert widget.empty_label.isVisibleTo(widget)
    assert not widget.open_button.isEnabled()
    assert widget.count_label.text() == "Showing 0 of 0 alerts"


def test_the_alerts_model_passes_the_model_tester(qtmodeltester, dialog):
    qtmodeltester.check(dialog.model)


def test_every_control_in_the_dialog_has_a_name(dialog):
    assert unnamed_controls(dialog) == []
