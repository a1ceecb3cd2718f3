"""The dashboard's procurement spend panel as an officer uses it: a row per financial year, words for
the benchmark comparison, a clear line when there is nothing to show, reloading with the dashboard."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sv_desktop.ui.delivery.delivery_dashboard import DeliveryDashboard
from sv_desktop.ui.delivery.spend_panel import SpendPanel
from tests.services.test_spend_kpis import add_lines, spend_store
from tests.ui.accessibility import unnamed_controls


@pytest.fixture
def panel(qtbot, services):
    spend_store(services)
    widget = SpendPanel(services.spend)
    qtbot.addWidget(widget)
    widget.resize(1400, 300)
    widget.load_now()
    return widget


def row_of(panel, label):
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == label)
    return {model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
            for c in range(model.columnCount())}


def test_each_financial_year_has_a_row_with_local_sme_and_vcse_spend(panel):
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["2024/25", "2025/26"]
    year = row_of(panel, "2025/26")
    assert year["Total spend"] == "£10,000"
    assert (year["Local (£)"], year["Local (%)"]) == ("£5,000", "50.0%")
    assert year["Benchmark"] == "none set" and year["Against the benchmark"] == "—"
    assert year["Against the year before"] == "50.0 points below"
    assert year["No postcode (£)"] == "£1,000"
    assert (year["SME (£)"], year["SME (%)"], year["Size unknown (£)"]) == ("£3,000", "30.0%", "£1,000")
    assert (year["VCSE (£)"], year["VCSE (%)"]) == ("£1,500", "15.0%")
    assert year["Not matched (£)"] == "£2,000"
    summary = panel.summary_label.text()
    assert "7 invoice lines over 2 financial years (2024/25 to 2025/26)" in summary
    assert "£5,000 local (50.0%)" in summary and "£2,000 is not matched to a supplier" in summary
    method = panel.method_label.text()
    assert "in LE, NG1" in method and "No benchmark figure is set in the policy profile" in method
    assert "Appendix Two" in method and "Procurement Act 2023 s.123" in panel.method_label.toolTip()


def test_tooltips_say_how_the_totals_and_local_figures_were_made(panel):
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "2025/26")
    total = model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    local = model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert total == "6 invoice lines, after 1 credit note (−£500)"
    assert local == "Placed by the invoice line's own postcode: £2,000; by the supplier's postcode: £7,000"


def test_the_council_profile_benchmark_is_compared_in_words(qtbot, services, panel):
    services.settings.save(replace(services.settings.load(), policy_profile="council"))
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.reload()
    assert row_of(panel, "2025/26")["Against the benchmark"] == "level"
    assert row_of(panel, "2024/25")["Against the benchmark"] == "50.0 points above"
    assert row_of(panel, "2024/25")["Benchmark"] == "50.0%"
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "2024/25")
    assert model.index(row, 5).data(Qt.ItemDataRole.ToolTipRole) == "50.0 points above the benchmark"
    assert "50.0% (Council policy: 003_5dc777972350c492.txt" in panel.method_label.text()


def test_no_spend_lines_gives_one_line_saying_how_to_import_them(qtbot, services):
    widget = SpendPanel(services.spend)
    qtbot.addWidget(widget)
    widget.load_now()
    widget.show()
    assert "Import a spend extract: File → Import → Spend extract…" in widget.summary_label.text()
    assert not widget.table.isVisible() and widget.model.rowCount() == 0


def test_without_local_areas_the_panel_says_where_to_set_them(qtbot, services):
    spend_store(services, local_areas="")
    widget = SpendPanel(services.spend)
    qtbot.addWidget(widget)
    widget.load_now()
    assert row_of(widget, "2025/26")["Local (%)"] == "—"
    assert "Settings → Local postcode areas" in widget.summary_label.text()


def test_the_table_is_named_keyboard_usable_sortable_and_copies_rows(qtbot, qtmodeltester, panel):
    panel.show()
    qtbot.waitUntil(lambda: panel._load_task is None, timeout=10000)  # the reload that showing starts
    assert unnamed_controls(panel) == []
    qtmodeltester.check(panel.model)
    local_percent = next(i for i, c in enumerate(panel.model.columns) if c.header == "Local (%)")
    panel.table.sortByColumn(local_percent, Qt.SortOrder.DescendingOrder)
    assert panel.model.index(0, 0).data() == "2024/25"  # 100 % local before 50 %
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Home)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.table.currentIndex().row() == 1
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0].startswith("Financial year\tTotal spend\tLocal (£)")
    assert copied[1].startswith("2025/26\t£10,000\t£5,000\t50.0%")


def test_the_dashboard_shows_the_panel_and_reloads_it_with_the_rest(qtbot, services):
    from sv_desktop.services.delivery_portfolio import DeliveryPortfolio

    spend_store(services)
    dashboard = DeliveryDashboard(DeliveryPortfolio(services.delivery, services.pipeline), spend_service=services.spend)
    qtbot.addWidget(dashboard)
    dashboard.resize(1500, 1000)
    dashboard.load_now()
    assert dashboard.spend_panel.model.rowCount() == 2
    add_lines(services, [(date(2026, 5, 1), "700.00", None, "New Supplier", "NG1 5AA")])
    with qtbot.waitSignal(dashboard.spend_panel.loaded, timeout=10000):
        qtbot.mouseClick(dashboard.filters.refresh_button, Qt.MouseButton.LeftButton)
    assert row_of(dashboard.spend_panel, "2026/27")["Local (%)"] == "100.0%"
    qtbot.waitUntil(lambda: dashboard._load_task is None, timeout=10000)
