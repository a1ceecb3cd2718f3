"""The delivery dashboard as an officer uses it: totals, RAG counts, filters, overdue returns, KPI export."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from sv_desktop.domain.delivery import Rag
from sv_desktop.services.delivery_portfolio import DeliveryPortfolio
from sv_desktop.services.proxy_values import ProxyValuesService
from sv_desktop.ui.delivery.delivery_dashboard import DeliveryDashboard
from tests.services.test_delivery_portfolio import build_portfolio_data
from tests.ui.accessibility import unnamed_controls


@pytest.fixture
def built(services):
    return build_portfolio_data(services)


def make_portfolio(built):
    services = built.services
    return DeliveryPortfolio(built.delivery, services.pipeline, ProxyValuesService(services.catalogue),
                             catalogue=services.catalogue)


@pytest.fixture
def page(qtbot, built):
    dashboard = DeliveryDashboard(make_portfolio(built))
    qtbot.addWidget(dashboard)
    dashboard.resize(1500, 950)
    dashboard.load_now()
    dashboard.show()
    return dashboard


def column_values(model, header):
    column = next(i for i, c in enumerate(model.columns) if c.header == header)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def totals_row(page, starts_with):
    model = page.totals_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith(starts_with))
    return {model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
            for c in range(model.columnCount())}


def test_the_models_pass_the_model_tester(qtmodeltester, page):
    for model in (page.totals_model, page.commitments_model, page.overdue_model):
        qtmodeltester.check(model)
        model.sort(3, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)


def test_the_dashboard_shows_totals_per_metric_in_units_and_the_rag_counts_in_words(page):
    apprentices = totals_row(page, "PPN 002 1aii")
    assert (apprentices["Achieved"], apprentices["Verified"], apprentices["Target"], apprentices["Contracts"]) == (
        "21", "17", "50", "3")
    assert apprentices["Unit"] == "number"
    assert totals_row(page, "PPN 002 3aii")["Achieved"] == "£210,000"
    assert "£ achieved" not in [c.header for c in page.totals_model.columns]  # no proxy file: units only
    assert "No £ values" in page.money_label.text()
    data = page.data
    for rag in Rag:
        assert f"{rag.label} {data.rag_count(rag)}" in page.rag_label.text()
    assert page.rag_chart.counts() == list(data.rag_counts)
    assert "Red: off track" in page.rag_chart.accessibleDescription()
    assert "4 contracts shown; 3 with 7 commitments to date" in page.summary_label.text()
    assert "returns overdue" in page.overdue_label.text()
    assert page.overdue_model.rowCount() == len(data.overdue) > 0
    assert "proxy-values.yaml" in page.proxy_label.text() and "No proxy values ship" in page.proxy_label.text()


def test_rag_is_written_in_every_commitment_row(page):
    assert set(column_values(page.commitments_model, "RAG")) <= {rag.label for rag in Rag}
    assert all(value.endswith("%") or value == "—" for value in column_values(page.commitments_model,
                                                                              "% of expected"))


def test_filters_change_the_tables(qtbot, page):
    page.filters.supplier.setText("bluebird")
    qtbot.waitUntil(lambda: set(column_values(page.commitments_model, "Contract")) == {"TRN-002"})
    assert totals_row(page, "PPN 002 1aii")["Achieved"] == "4"
    page.filters.supplier.clear()
    qtbot.waitUntil(lambda: len(set(column_values(page.commitments_model, "Contract"))) == 3)
    page.filters.category.setCurrentIndex(page.filters.category.findText("Digital, Data & Technology"))
    assert set(column_values(page.commitments_model, "Contract")) == {"DIG-003"}
    page.filters.category.setCurrentIndex(0)
    page.filters.stage.setCurrentIndex(page.filters.stage.findText("Awarded"))
    assert set(column_values(page.commitments_model, "Contract")) == {"TRN-002"}
    page.filters.stage.setCurrentIndex(page.filters.stage.findText("Live (awarded or delivery)"))
    assert len(set(column_values(page.commitments_model, "Contract"))) == 3
    page.filters.year.setCurrentIndex(page.filters.year.findText("2026/27"))
    assert totals_row(page, "PPN 002 1aii")["Achieved"] == "7"
    assert "only returns for periods starting in 2026/27" in page.summary_label.text()
    page.clear_filters()
    assert totals_row(page, "PPN 002 1aii")["Achieved"] == "21"


def test_no_matching_contracts_says_so(qtbot, page):
    page.filters.supplier.setText("nobody by this name")
    qtbot.waitUntil(lambda: page.commitments_model.rowCount() == 0)
    assert "No contracts match the filters" in page.summary_label.text()
    assert page.totals_model.rowCount() == page.overdue_model.rowCount() == 0


def test_export_writes_the_selected_contracts_kpi_file(qtbot, page, tmp_path, monkeypatch):
    assert not page.export_button.isEnabled()
    target = tmp_path / "published" / "est-kpis"
    asked = []

    def save_name(parent, title, suggested, filters):
        asked.append((title, suggested, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    assert page.select_contract("EST-001")
    assert page.export_button.isEnabled() and "EST-001" in page.export_label.text()
    with qtbot.waitSignal(page.exported) as signal:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "published" / "est-kpis.csv"
    assert signal.args == [str(written)]
    assert asked[0][1].endswith("EST-001-kpi-performance.csv") and "*.csv" in asked[0][2]
    rows = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "Contract reference" and {r[0] for r in rows[1:]} == {"EST-001"}
    assert "Exported" in page.export_label.text() and "Over £5m" in page.export_label.text()


def test_choosing_an_overdue_return_selects_its_contract_for_export(page):
    page.overdue_table.setCurrentIndex(page.overdue_model.index(0, 0))
    reference = page.overdue_model.row_at(0).contract_reference
    assert page.selected_contract_reference() == reference and page.export_button.isEnabled()


def test_cancelling_the_save_dialog_writes_nothing(page, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    page.select_contract("TRN-002")
    assert page.export_selected() is None


def test_a_proxy_file_adds_pound_columns_with_the_source_and_its_problems_are_listed(qtbot, page):
    path = page._service.proxy_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("schema: 1\nvalues:\n"
                    "  - {framework: ppn002, ref: \"1aii\", gbp_per_unit: 1000, source: Own valuation, year: 2025}\n"
                    "  - {framework: ppn002, ref: \"4ai\", gbp_per_unit: lots, source: Carbon, year: 2025}\n",
                    encoding="utf-8")
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.reload()
    apprentices = totals_row(page, "PPN 002 1aii")
    assert (apprentices["£ achieved"], apprentices["£ verified"]) == ("£21,000", "£17,000")
    assert apprentices["Proxy source"] == "Own valuation (2025 values)"
    assert totals_row(page, "PPN 002 4ai")["£ achieved"] == ""  # its entry was refused: units only
    assert "£21,000 achieved" in page.money_label.text() and "Own valuation (2025 values)" in page.money_label.text()
    assert page.proxy_problems_label.isVisible()
    assert "line 4, key 'values[1].gbp_per_unit'" in page.proxy_problems_label.text()
    assert "1 proxy value in use" in page.proxy_label.text()


def test_every_control_is_named_for_assistive_technology(page):
    assert unnamed_controls(page) == []


def test_filters_are_reached_from_the_keyboard(qtbot, page):
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    for key, widget in ((Qt.Key.Key_Y, page.filters.year), (Qt.Key.Key_L, page.filters.supplier),
                        (Qt.Key.Key_G, page.filters.category), (Qt.Key.Key_T, page.filters.stage)):
        qtbot.keyClick(page, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(widget.hasFocus)
    page.commitments_table.setFocus()
    qtbot.keyClick(page.commitments_table, Qt.Key.Key_Down)
    assert page.export_button.isEnabled()


def test_an_empty_store_explains_where_commitments_come_from(qtbot, services):
    portfolio = DeliveryPortfolio(services.delivery, services.pipeline)
    dashboard = DeliveryDashboard(portfolio)
    qtbot.addWidget(dashboard)
    dashboard.load_now()
    assert "No contracts yet" in dashboard.summary_label.text()
    assert "no proxy-value file is configured" in dashboard.proxy_label.text()
    assert not dashboard.open_folder_button.isEnabled()


def test_the_kpi_export_names_the_active_profiles_publication_threshold(qtbot, services):
    """Procurement Act 2023, section 52: the £5m in the button's tip is the profile's setting, not a constant."""
    dashboard = DeliveryDashboard(DeliveryPortfolio(services.delivery, services.pipeline))
    qtbot.addWidget(dashboard)
    over = services.delivery.kpi_publication_over()
    assert over == 5_000_000
    assert "contracts over £5m" in dashboard.export_button.toolTip()
