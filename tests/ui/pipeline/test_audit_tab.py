"""The History tab: a contract's recorded changes, filtered, exported; readable by assistive technology."""
from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QFileDialog

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.store import audit
from sv_desktop.ui.pipeline.audit_tab import AuditTab
from tests.ui.accessibility import unnamed_controls


@pytest.fixture(autouse=True)
def _user(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "jbloggs")


@pytest.fixture
def contract(services):
    data = ContractData(reference="EF-001", title="Soft FM cleaning", category=Category.ESTATES_FACILITIES,
                        total_value=Decimal("1250000"))
    detail = services.pipeline.create(data)
    services.pipeline.update(detail.id, detail.version, replace(data, title="Cleaning and portering"))
    return services.pipeline.get(detail.id)


@pytest.fixture
def tab(qtbot, services):
    widget = AuditTab(services.audit)
    qtbot.add_widget(widget)
    widget.show()
    return widget


def shown(tab) -> list[list[str]]:
    proxy = tab.proxy
    return [[proxy.index(row, column).data() for column in range(proxy.columnCount())]
            for row in range(proxy.rowCount())]


def test_the_tab_lists_a_contracts_history_newest_first(tab, contract, qtmodeltester):
    assert tab.shown_contract is None and not tab.export_button.isEnabled()
    tab.show_contract(contract.id)
    qtmodeltester.check(tab.model)
    rows = shown(tab)
    assert rows[0][1:] == ["jbloggs", "Changed", "Contract: Title", "Soft FM cleaning", "Cleaning and portering"]
    assert {row[3] for row in rows[1:]} >= {"Contract"}
    assert tab.shown_contract == contract.id and tab.is_dirty() is False and tab.save() is True
    assert "3 recorded changes" in tab.heading.text()
    assert tab.export_button.isEnabled()


def test_the_filter_narrows_the_rows_and_clearing_it_brings_them_back(tab, contract):
    tab.show_contract(contract.id)
    total = tab.proxy.rowCount()
    tab.filter_edit.setText("portering")
    assert [row[3] for row in shown(tab)] == ["Contract: Title"]
    assert f"Showing 1 of {total}" in tab.heading.text()
    tab.filter_edit.setText("nothing like this")
    assert tab.proxy.rowCount() == 0
    tab.filter_edit.clear()
    assert tab.proxy.rowCount() == total


def test_reload_picks_up_a_change_made_elsewhere(tab, services, contract):
    tab.show_contract(contract.id)
    before = tab.proxy.rowCount()
    services.pipeline.update(contract.id, contract.version, replace(contract.data, notes="Re-tender in 2027"))
    tab.reload()
    assert tab.proxy.rowCount() == before + 1
    assert shown(tab)[0][3:] == ["Contract: Notes", "", "Re-tender in 2027"]


def test_export_history_writes_the_chosen_csv(tab, contract, tmp_path, monkeypatch, qtbot):
    tab.show_contract(contract.id)
    asked = []

    def save_name(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(tmp_path / "cleaning-history"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    with qtbot.wait_signal(tab.exported) as signal:
        tab.export_button.click()
    assert asked[0].endswith("EF-001-history.csv")
    path = tmp_path / "cleaning-history.csv"
    assert signal.args == [str(path)]
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == tab.model.rowCount() + 1
    assert "Exported 3 changes" in tab.status.text()


def test_cancelling_the_save_dialog_writes_nothing(tab, contract, tmp_path, monkeypatch):
    tab.show_contract(contract.id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    assert tab.export_history() is None
    assert tab.status.text() == ""


def test_no_contract_shows_an_empty_history(tab, contract):
    tab.show_contract(contract.id)
    tab.show_contract(None)
    assert tab.proxy.rowCount() == 0 and not tab.export_button.isEnabled()
    assert "Save the contract first" in tab.heading.text()


def test_every_control_has_a_name_for_screen_readers(tab, contract):
    tab.show_contract(contract.id)
    assert unnamed_controls(tab) == []


def test_showing_the_tab_again_reads_the_history_again(tab, services, contract):
    tab.show_contract(contract.id)
    before = tab.proxy.rowCount()
    tab.hide()
    services.pipeline.update(contract.id, contract.version, replace(contract.data, notes="Changed elsewhere"))
    tab.show()
    assert tab.proxy.rowCount() == before + 1
