"""Delivery as a contract manager works it: an awarded contract whose chosen metrics became commitments.

Dates are relative to today (the service and the tab both use today's date): the contract started 400 days
ago and runs 700 more, so a few quarterly periods have ended and the pro-rata line is about a third of the way
up. RAG thresholds are the shipped NHS trust profile's defaults (green >= 95 % of expected, amber >= 75 %).
The helpers work the tab as an officer does: through its panels' fields and buttons.
"""
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import Frequency, periods
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage, UkRegion
from sv_desktop.ui.delivery.commitment_model import COMMITMENT_COLUMN
from sv_desktop.ui.delivery.delivery_tab import DeliveryTab

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


def delivery_tab(qtbot, services, contract_id, *, catalogue=True, size=None) -> DeliveryTab:
    widget = DeliveryTab(services.delivery, services.pipeline, catalogue=services.catalogue if catalogue else None)
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    widget.show_contract(contract_id)
    return widget


@pytest.fixture
def contract_id(services):
    return award(services)


@pytest.fixture
def tab(qtbot, services, contract_id):
    return delivery_tab(qtbot, services, contract_id, size=(1300, 950))


def cell(tab, row, key):
    return tab.commitments.model.index(row, COMMITMENT_COLUMN[key]).data()


def row_of_ref(tab, ref):
    model = tab.commitments.model
    for row in range(model.rowCount()):
        if model.record(row).data.ref == ref:
            return row
    raise AssertionError(f"{ref} is not in the table")


def fill_target(qtbot, tab, row, target, region=UkRegion.NORTH_WEST):
    tab.commitments.table.select_row(row)
    tab.details.setCurrentIndex(0)
    tab.form.target.clear()
    qtbot.keyClicks(tab.form.target, target)
    if region is not None:
        tab.form.region.set_value(region)
    qtbot.mouseClick(tab.form.save_button, Qt.MouseButton.LeftButton)


def record_through_dialog(qtbot, tab, period_start, actual, notes="", ref=""):
    tab.details.setCurrentIndex(1)
    tab.returns.select_period(period_start)
    qtbot.mouseClick(tab.returns.record_button, Qt.MouseButton.LeftButton)
    dialog = tab.returns.return_dialog
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
