"""The Delivery tab as a whole: commitments handed over at award, the notice above them, a contract that goes
away, every control named on every page and in every dialog, and the picture of it with realistic data."""
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import RemedyData, RemedyKind
from sv_desktop.domain.vocabulary import Category, Stage, UkRegion
from tests.ui.accessibility import unnamed_controls
from tests.ui.delivery.conftest import (
    TODAY,
    award,
    cell,
    delivery_tab,
    fill_target,
    quarters,
    row_of_ref,
)

# -- hand-over and the banner --------------------------------------------------------------------------

def test_award_hands_chosen_metrics_over_as_commitments_and_the_banner_asks_for_their_targets(tab):
    assert tab.commitments.model.rowCount() == 4
    assert cell(tab, row_of_ref(tab, "1ai"), "metric") == "PPN 002 1ai: Employment opportunities created (roles), " \
                                                          "by UK region"
    assert cell(tab, 0, "target") == "Needs target"
    assert cell(tab, 0, "rag") == "Grey: not started"
    assert cell(tab, row_of_ref(tab, "1ai"), "region") == "Needs region"
    assert "4 commitments still need the target from the winning bid" in tab.banner.text()
    assert tab.banner.isVisible()
    assert not tab.handover_button.isVisible()
    method = tab.commitments.method.text()
    assert "How RAG is worked out" in method and "95%" in method


def test_an_awarded_contract_without_commitments_offers_to_create_them_from_the_chosen_metrics(qtbot, services):
    contract_id = award(services, reference="TR-2", metrics=("4ai",))
    for record in services.delivery.commitments(contract_id):  # e.g. removed by mistake
        services.delivery.delete_commitment(record.id, record.version)
    widget = delivery_tab(qtbot, services, contract_id)
    assert widget.commitments.model.rowCount() == 0
    assert widget.handover_button.isVisible()
    assert "No commitments yet" in widget.banner.text()
    with qtbot.wait_signal(widget.changed):
        qtbot.mouseClick(widget.handover_button, Qt.MouseButton.LeftButton)
    assert widget.commitments.model.rowCount() == 1
    assert not widget.handover_button.isVisible()
    assert "1 commitment still needs the target from the winning bid" in widget.banner.text()


def test_before_award_the_tab_says_commitments_come_at_award(qtbot, services):
    contract = services.pipeline.create(ContractData(reference="DD-3", title="Patient portal",
                                                     category=Category.DDAT, stage=Stage.TENDER))
    widget = delivery_tab(qtbot, services, contract.id, catalogue=False)
    assert not widget.handover_button.isVisible()
    assert not widget.commitments.add_framework_button.isVisible()  # no catalogue given
    assert "created when the contract is awarded" in widget.banner.text()


def test_a_contract_deleted_elsewhere_empties_the_tab_and_says_so(qtbot, tab, services, contract_id):
    detail = services.pipeline.get(contract_id)
    services.pipeline.delete(contract_id, detail.version)
    tab.reload()
    assert tab.commitments.model.rowCount() == 0
    assert "no longer in the store" in tab.heading.text()
    assert not tab.commitments.add_bespoke_button.isEnabled()


# -- accessibility and the picture ------------------------------------------------------------------------

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
    widget = delivery_tab(qtbot, services, contract_id, size=(1360, 980))
    widget.commitments.table.select_row(row_of_ref(widget, "1ai"))
    widget.details.setCurrentIndex(1)
    widget.select_period(spans[0].start)
    rags = {cell(widget, row, "rag") for row in range(widget.commitments.model.rowCount())}
    assert {"Green: on track", "Red: off track", "Grey: not started"} <= rags

    def picture(target, name):
        QApplication.processEvents()  # let pending layout requests run before painting
        assert target.grab().save(str(tmp_path / name))

    picture(widget, "delivery_tab.png")
    dialog = widget.record_return()
    picture(dialog, "delivery_return_dialog.png")
    dialog.reject()
    widget.resize(620, 980)
    widget.details.setCurrentIndex(0)
    picture(widget, "delivery_tab_narrow.png")
    widget.resize(1360, 980)
    widget.commitments.table.select_row(row_of_ref(widget, "1aii"))
    widget.details.setCurrentIndex(2)
    picture(widget, "delivery_tab_remedies.png")
    dialog = widget.add_remedy()
    picture(dialog, "delivery_remedy_dialog.png")
    dialog.reject()
