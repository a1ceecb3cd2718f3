"""The supplier's "Carbon plans" tab: entering and saving versions, live checks, the trajectory, documents."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QTableWidget

from sv_desktop.domain.carbon_plan import (
    ALL_SOURCES,
    REQUIRED_SOURCES,
    CarbonPlanData,
    EmissionFigure,
    EmissionSource,
    InterimTarget,
    Scope,
    emissions,
)
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.domain.supplier import SupplierData
from sv_desktop.ui.carbon.carbon_plan_editor import EmissionsGrid, number_text, parse_number
from sv_desktop.ui.carbon.carbon_plans_panel import CarbonPlansPanel
from sv_desktop.ui.common.table_model import ItemRole
from tests.ui.accessibility import unnamed_controls

TODAY = date.today()
BASELINE_YEAR = TODAY.year - 6
# A 1,200 tCO2e baseline split over the PPN 06/21 minimum breakdown.
BASELINE = {EmissionSource.SCOPE1: "360", EmissionSource.SCOPE2: "300", EmissionSource.CAT4: "180",
            EmissionSource.CAT5: "60", EmissionSource.CAT6: "120", EmissionSource.CAT7: "120",
            EmissionSource.CAT9: "60"}
CURRENT = {EmissionSource.SCOPE1: "300", EmissionSource.SCOPE2: "250", EmissionSource.CAT4: "150",
           EmissionSource.CAT5: "50", EmissionSource.CAT6: "100", EmissionSource.CAT7: "100",
           EmissionSource.CAT9: "50"}
NOT_RELEVANT = "Not relevant to our operations"


def figures(values: dict[EmissionSource, str], scale: Decimal = Decimal(1)):
    """Every source: the given figures, the others explained as not relevant (so all-scope rules are met too)."""
    found = {s: EmissionFigure(Decimal(v.replace(",", "")) * scale) for s, v in values.items()}
    for source in ALL_SOURCES:
        found.setdefault(source, EmissionFigure(None, NOT_RELEVANT))
    return emissions(found)


def full_plan(published: date, reporting_year_end: date, current_scale: Decimal = Decimal(1),
              net_zero_year: int = 2045) -> CarbonPlanData:
    return CarbonPlanData(
        plan_type=CarbonPlan.FULL_CRP, publication_date=published, url="https://acme.example.co.uk/crp",
        baseline_year=BASELINE_YEAR, baseline=figures(BASELINE), reporting_year_end=reporting_year_end,
        current=figures(CURRENT, current_scale), net_zero_year=net_zero_year, scopes_covered=frozenset(Scope),
        interim_targets=(InterimTarget(2030, Decimal(50), "Half the baseline"),),
        reduction_measures="ISO 14001 certified; LED lighting; electric vans", approved_by="Board of directors",
        approved_on=published - timedelta(days=3))


@pytest.fixture
def supplier_id(services) -> int:
    return services.suppliers.create(SupplierData(name="Acme Clinical Logistics Ltd")).id


@pytest.fixture
def panel(qtbot, services, supplier_id) -> CarbonPlansPanel:
    widget = CarbonPlansPanel(services.carbon)
    qtbot.addWidget(widget)
    widget.resize(1400, 950)
    widget.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_cell(qtbot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Type into a cell the way a person does: open its editor, type, press Enter."""
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editors = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "the cell editor did not open"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: table.item(row, column).text() == text)


def type_year(qtbot, spin, year: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(year))


def row_of(source: EmissionSource) -> int:
    return ALL_SOURCES.index(source)


def statuses(panel: CarbonPlansPanel) -> dict[str, str]:
    return {check: result for result, check, _ in panel.check_rows()}


# -- entering and saving ---------------------------------------------------------------------

def test_a_full_plan_typed_into_the_editor_is_stored_and_meets_every_check(qtbot, panel, services, supplier_id):
    editor = panel.editor
    assert editor.record is None and panel.versions.topLevelItem(0).text(0) == "New (not saved)"
    published = TODAY - timedelta(days=20)
    editor.plan_type.setCurrentIndex(editor.plan_type.findData(CarbonPlan.FULL_CRP.value))
    editor.publication_date.set_value(published)
    qtbot.keyClicks(editor.url, "https://acme.example.co.uk/crp")
    type_year(qtbot, editor.baseline_year, BASELINE_YEAR)
    editor.reporting_year_end.set_value(TODAY - timedelta(days=60))
    type_year(qtbot, editor.net_zero_year, 2045)
    for box in editor.scope_boxes.values():
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    grid = editor.grid
    for source, value in BASELINE.items():
        type_cell(qtbot, grid, row_of(source), EmissionsGrid.BASE_T, value)
    for source, value in CURRENT.items():
        type_cell(qtbot, grid, row_of(source), EmissionsGrid.CURRENT_T, value)
    type_cell(qtbot, grid, row_of(EmissionSource.SCOPE1), EmissionsGrid.CURRENT_T, "1,300.5")
    for source in ALL_SOURCES:
        if source not in REQUIRED_SOURCES:
            type_cell(qtbot, grid, row_of(source), EmissionsGrid.BASE_NOTE, NOT_RELEVANT)
            type_cell(qtbot, grid, row_of(source), EmissionsGrid.CURRENT_NOTE, NOT_RELEVANT)
    footprint_row = len(ALL_SOURCES)
    assert grid.item(footprint_row, EmissionsGrid.BASE_T).text() == "1,200"
    assert grid.item(footprint_row, EmissionsGrid.CURRENT_T).text() == "2,000.5"
    qtbot.mouseClick(editor.add_target_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, editor.targets, 0, 0, "2030")
    type_cell(qtbot, editor.targets, 0, 1, "50")
    type_cell(qtbot, editor.targets, 0, 2, "Half the baseline")
    qtbot.keyClicks(editor.reduction_measures, "ISO 14001; electric vans")
    qtbot.keyClicks(editor.approved_by.lineEdit(), "Board of directors")
    editor.approved_on.set_value(published - timedelta(days=2))
    assert panel.is_dirty()

    assert set(statuses(panel).values()) == {"✔ Meets"}
    assert panel.verdict_label.text().startswith("✔ Meets the rules")
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    [stored] = services.carbon.plans(supplier_id)
    data = stored.data
    assert data.plan_type is CarbonPlan.FULL_CRP
    assert data.publication_date == published and data.url == "https://acme.example.co.uk/crp"
    assert data.baseline_year == BASELINE_YEAR and data.net_zero_year == 2045
    assert data.scopes_covered == frozenset(Scope)
    assert data.baseline[EmissionSource.CAT4].tco2e == Decimal(180)
    assert data.current[EmissionSource.SCOPE1].tco2e == Decimal("1300.5")
    assert data.baseline[EmissionSource.CAT1] == EmissionFigure(None, NOT_RELEVANT)
    assert data.interim_targets == (InterimTarget(2030, Decimal(50), "Half the baseline"),)
    assert data.approved_by == "Board of directors" and data.reduction_measures == "ISO 14001; electric vans"
    assert not panel.is_dirty()
    assert panel.versions.topLevelItemCount() == 1
    row = panel.versions.topLevelItem(0)
    assert (row.text(1), row.text(2), row.text(3)) == ("Full CRP", "Meets the rules", "No")
    assert panel.editor.record is not None and panel.editor.record.id == stored.id


def test_ctrl_s_saves_the_version_being_edited(qtbot, panel, services, supplier_id):
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    panel.activateWindow()
    qtbot.waitActive(panel)
    panel.editor.url.setFocus()
    panel.editor.url.selectAll()
    qtbot.keyClicks(panel.editor.url, "https://acme.example.co.uk/carbon")
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.editor.url, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.carbon.plans(supplier_id)[0].data.url == "https://acme.example.co.uk/carbon"


def test_the_panel_save_method_saves_unsaved_edits_for_the_supplier_page(qtbot, panel, services, supplier_id):
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    assert not panel.is_dirty()
    qtbot.keyClicks(panel.editor.notes, "Checked against the website")
    assert panel.is_dirty()
    assert panel.save() is True
    assert not panel.is_dirty()
    assert services.carbon.plans(supplier_id)[0].data.notes == "Checked against the website"


def test_showing_the_same_supplier_again_keeps_unsaved_edits(qtbot, panel, services, supplier_id):
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    qtbot.keyClicks(panel.editor.notes, "draft")
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    assert panel.is_dirty() and panel.editor.notes.toPlainText() == "draft"


# -- live checks -------------------------------------------------------------------------------------

def test_checks_follow_the_net_zero_year_as_it_is_typed_and_2051_does_not_meet(qtbot, panel, services, supplier_id):
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    assert statuses(panel)["Net zero target year"] == "✔ Meets"
    assert "NHS 2045 ambition" not in statuses(panel)

    type_year(qtbot, panel.editor.net_zero_year, 2050)
    assert statuses(panel)["Net zero target year"] == "✔ Meets"
    assert statuses(panel)["NHS 2045 ambition"] == "ℹ Advice"
    assert panel.verdict_label.text().startswith("✔ Meets the rules")

    type_year(qtbot, panel.editor.net_zero_year, 2051)
    rows = {check: (result, reason) for result, check, reason in panel.check_rows()}
    assert rows["Net zero target year"][0] == "✖ Does not meet"
    assert "2051" in rows["Net zero target year"][1]
    assert panel.verdict_label.text().startswith("✖ Does not meet the rules")
    assert services.carbon.plans(supplier_id)[0].data.net_zero_year == 2045  # nothing saved by checking


def test_a_blank_new_version_lists_what_is_missing_in_words(panel):
    rows = panel.check_rows()
    assert rows and all(result in ("✔ Meets", "✖ Does not meet", "ℹ Advice") for result, _, _ in rows)
    assert ("✖ Does not meet", "Net zero target year", "No net zero target year recorded.") in rows


# -- the trajectory ---------------------------------------------------------------------------------

def test_saving_a_second_version_updates_the_trajectory_from_on_track_to_behind(qtbot, panel, services,
                                                                                 supplier_id):
    first = full_plan(TODAY - timedelta(days=300), TODAY - timedelta(days=400), current_scale=Decimal("0.5"))
    services.carbon.save_plan(supplier_id, first)
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    assert panel.trajectory_summary.text().startswith("On track")
    assert panel.chart.trajectory().status == "On track"
    assert panel.chart.has_chart()

    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    editor = panel.editor
    assert editor.record is None
    assert editor.publication_date.value() is None and editor.reporting_year_end.value() is None
    assert editor.grid.item(row_of(EmissionSource.SCOPE1), EmissionsGrid.BASE_T).text() == "360"
    assert editor.grid.item(row_of(EmissionSource.SCOPE1), EmissionsGrid.CURRENT_T).text() == "150"
    assert panel.versions.topLevelItem(0).text(0) == "New (not saved)"

    published = TODAY - timedelta(days=10)
    editor.publication_date.set_value(published)
    editor.approved_on.set_value(published)
    editor.reporting_year_end.set_value(TODAY - timedelta(days=30))
    for source, value in BASELINE.items():  # back up to the baseline: above the straight line
        type_cell(qtbot, editor.grid, row_of(source), EmissionsGrid.CURRENT_T, value)
    assert panel.chart.trajectory().status == "On track"  # the chart follows saved versions only
    with qtbot.waitSignal(panel.changed):
        assert panel.save()

    assert len(services.carbon.plans(supplier_id)) == 2
    assert panel.trajectory_summary.text().startswith("Behind by")
    assert panel.chart.trajectory().status == "Behind"
    assert "above the path" in panel.chart.accessibleDescription()
    assert panel.versions.topLevelItemCount() == 2
    assert panel.versions.currentItem().text(0) == published.strftime("%d/%m/%Y")


# -- input errors, conflicts -------------------------------------------------------------------------

def test_a_cell_that_is_not_a_number_is_named_by_row_and_column_and_nothing_is_saved(qtbot, panel, services,
                                                                                      supplier_id):
    editor = panel.editor
    type_year(qtbot, editor.net_zero_year, 2045)
    type_cell(qtbot, editor.grid, row_of(EmissionSource.CAT4), EmissionsGrid.CURRENT_T, "12o")
    message = editor.field_error("current")
    assert "Scope 3 cat. 4: upstream transportation and distribution" in message
    assert "Current tCO2e" in message and "'12o' is not a number" in message

    assert editor.save() is False
    assert services.carbon.plans(supplier_id) == []
    assert editor.summary.isVisibleTo(panel) and "Not saved" in editor.summary.text()
    assert editor.grid.currentRow() == row_of(EmissionSource.CAT4)

    type_cell(qtbot, editor.grid, row_of(EmissionSource.CAT4), EmissionsGrid.CURRENT_T, "120")
    assert editor.field_error("current") == ""
    assert editor.save() is True
    assert services.carbon.plans(supplier_id)[0].data.current[EmissionSource.CAT4].tco2e == Decimal(120)


def test_a_validation_error_is_shown_beside_its_field_and_the_edits_stay(qtbot, panel, services, supplier_id):
    editor = panel.editor
    qtbot.keyClicks(editor.url, "www.acme.example.co.uk")
    editor.publication_date.set_value(TODAY + timedelta(days=5))
    assert editor.save() is False
    assert "is not a web address" in editor.field_error("url")
    assert "in the future" in editor.field_error("publication_date")
    assert editor.url.text() == "www.acme.example.co.uk"
    assert services.carbon.plans(supplier_id) == []


def test_a_conflict_is_reported_in_a_message_box_and_nothing_typed_is_lost(qtbot, panel, services, supplier_id,
                                                                            answer_dialogs):
    record = services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=21), TODAY - timedelta(days=60)),
                              plan_id=record.id, expected_version=record.version)  # someone else saves
    qtbot.keyClicks(panel.editor.notes, "my edit")
    assert panel.save() is False
    assert answer_dialogs.asked and answer_dialogs.asked[-1][0] == "Plan not saved"
    assert panel.editor.notes.toPlainText() == "my edit" and panel.is_dirty()


def test_number_parsing_accepts_commas_and_rejects_words():
    assert parse_number(" 1,234.50 ") == Decimal("1234.50")
    assert parse_number("") is None
    for bad in ("12o", "NaN", "Infinity", "1.2.3"):
        with pytest.raises(ValueError):
            parse_number(bad)
    assert number_text(Decimal("1200.000")) == "1,200"
    assert number_text(Decimal("1200.250")) == "1,200.25"


# -- Net Zero Commitments ----------------------------------------------------------------------------

def test_a_net_zero_commitment_disables_the_emissions_grid_and_is_not_checked_scope_by_scope(
        qtbot, panel, services, supplier_id):
    editor = panel.editor
    assert editor.grid.isEnabled()
    editor.plan_type.setFocus()
    editor.plan_type.setCurrentIndex(editor.plan_type.findData(CarbonPlan.NZC.value))
    assert not editor.grid.isEnabled()
    assert editor.nzc_note.isVisibleTo(panel) and "not checked scope by scope" in editor.nzc_note.text()
    assert "Baseline emissions" not in statuses(panel)
    type_year(qtbot, editor.net_zero_year, 2040)
    editor.scope_boxes[Scope.SCOPE1].setChecked(True)
    editor.scope_boxes[Scope.SCOPE2].setChecked(True)
    editor.scope_boxes[Scope.SCOPE3].setChecked(True)
    qtbot.keyClicks(editor.approved_by.lineEdit(), "Jane Smith, Managing Director")
    editor.approved_on.set_value(TODAY - timedelta(days=5))
    editor.publication_date.set_value(TODAY - timedelta(days=5))
    assert set(statuses(panel).values()) == {"✔ Meets"}
    assert editor.save()
    [stored] = services.carbon.plans(supplier_id)
    assert stored.data.plan_type is CarbonPlan.NZC
    assert panel.versions.topLevelItem(0).text(1) == "Net Zero Commitment"
    editor.plan_type.setCurrentIndex(editor.plan_type.findData(CarbonPlan.FULL_CRP.value))
    assert editor.grid.isEnabled() and not editor.nzc_note.isVisibleTo(panel)


# -- documents ------------------------------------------------------------------------------------------

def test_attaching_a_document_stores_it_and_it_can_be_opened_and_removed(qtbot, panel, services, supplier_id,
                                                                          tmp_path, monkeypatch, answer_dialogs):
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    document = tmp_path / "acme-crp-2026.pdf"
    document.write_bytes(b"%PDF-1.4 carbon reduction plan")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(document), "")))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    editor = panel.editor
    assert not editor.open_button.isEnabled()

    qtbot.mouseClick(editor.attach_button, Qt.MouseButton.LeftButton)
    plan_id = editor.record.id
    assert services.carbon.document(plan_id) == ("acme-crp-2026.pdf", b"%PDF-1.4 carbon reduction plan")
    assert "acme-crp-2026.pdf" in editor.document_label.text()
    assert panel.versions.topLevelItem(0).text(3) == "Yes: acme-crp-2026.pdf"
    assert not panel.is_dirty()

    qtbot.mouseClick(editor.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and Path(opened[0]).read_bytes() == b"%PDF-1.4 carbon reduction plan"
    assert Path(opened[0]).name == "acme-crp-2026.pdf"

    qtbot.mouseClick(editor.remove_document_button, Qt.MouseButton.LeftButton)
    assert answer_dialogs.asked[-1][0] == "Remove document"
    assert services.carbon.plans(supplier_id)[0].document is None
    assert editor.document_label.text() == "No document attached."
    assert panel.versions.topLevelItem(0).text(3) == "No"


def test_a_document_chosen_for_a_new_version_is_attached_when_it_is_saved(qtbot, panel, services, supplier_id,
                                                                          tmp_path):
    document = tmp_path / "nzc.pdf"
    document.write_bytes(b"commitment")
    editor = panel.editor
    assert editor.attach_document(document)
    assert "attached when you save" in editor.document_label.text()
    assert editor.save()
    [stored] = services.carbon.plans(supplier_id)
    assert stored.document is not None and stored.document.file_name == "nzc.pdf"
    assert services.carbon.document(stored.id)[1] == b"commitment"


def test_an_empty_document_is_refused_beside_the_document(qtbot, panel, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert panel.editor.attach_document(empty) is False
    assert "empty.pdf is empty" in panel.editor.field_error("document")


# -- versions --------------------------------------------------------------------------------------------

def test_deleting_a_version_asks_first_then_removes_it(qtbot, panel, services, supplier_id, answer_dialogs):
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=300), TODAY - timedelta(days=400)))
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    assert panel.versions.topLevelItemCount() == 2
    assert panel.versions.currentItem().text(0) == (TODAY - timedelta(days=20)).strftime("%d/%m/%Y")

    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.No
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(services.carbon.plans(supplier_id)) == 2

    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    [left] = services.carbon.plans(supplier_id)
    assert left.data.publication_date == TODAY - timedelta(days=300)
    assert panel.versions.topLevelItemCount() == 1
    assert panel.editor.record.id == left.id


def test_choosing_another_version_with_unsaved_edits_asks_and_cancel_stays(qtbot, panel, services, supplier_id,
                                                                           answer_dialogs):
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=300), TODAY - timedelta(days=400)))
    latest = services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    qtbot.keyClicks(panel.editor.notes, "unsaved")
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Cancel
    panel.versions.setCurrentItem(panel.versions.topLevelItem(1))
    assert panel.editor.record.id == latest.id and panel.editor.notes.toPlainText() == "unsaved"
    assert panel.versions.currentItem() is panel.versions.topLevelItem(0)

    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    panel.versions.setCurrentItem(panel.versions.topLevelItem(1))
    assert panel.editor.record.id != latest.id and not panel.is_dirty()


def test_leaving_a_new_version_for_an_older_one_can_save_it_first(qtbot, panel, services, supplier_id,
                                                                  answer_dialogs):
    older = services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=300),
                                                             TODAY - timedelta(days=400)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    panel.editor.publication_date.set_value(TODAY - timedelta(days=2))
    panel.editor.approved_on.set_value(TODAY - timedelta(days=2))
    assert [panel.versions.topLevelItem(i).text(0) for i in range(2)][0] == "New (not saved)"

    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Save
    with qtbot.waitSignal(panel.changed):
        panel.versions.setCurrentItem(panel.versions.topLevelItem(1))
    assert len(services.carbon.plans(supplier_id)) == 2
    assert panel.editor.record.id == older.id and not panel.is_dirty()
    assert panel.versions.topLevelItemCount() == 2
    assert panel.versions.currentItem().data(0, ItemRole.PLAN) == older.id

    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard
    panel.versions.setCurrentItem(panel.versions.topLevelItem(2))
    assert panel.versions.topLevelItemCount() == 2 and panel.editor.record.id == older.id


def test_without_a_supplier_the_panel_says_to_save_the_supplier_first(qtbot, services):
    widget = CarbonPlansPanel(services.carbon)
    qtbot.addWidget(widget)
    widget.show_supplier(None)
    assert "Save the supplier first" in widget.status_label.text()
    assert not widget.editor.isEnabled() and not widget.new_button.isEnabled()
    assert widget.save() is True and not widget.is_dirty()


# -- accessibility and the look -------------------------------------------------------------------------------

def test_every_control_in_the_panel_has_a_name(qtbot, panel, services, supplier_id):
    assert unnamed_controls(panel) == []
    services.carbon.save_plan(supplier_id, full_plan(TODAY - timedelta(days=20), TODAY - timedelta(days=60)))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    panel.editor.plan_type.setCurrentIndex(panel.editor.plan_type.findData(CarbonPlan.NZC.value))
    assert unnamed_controls(panel) == []


def test_the_panel_renders_with_realistic_versions(qtbot, panel, services, supplier_id, tmp_path):
    """Baseline 1,200 t; versions reporting three later years (the last one above the path)."""
    for published, year, scale in ((TODAY - timedelta(days=1000), TODAY.year - 4, Decimal("0.875")),
                                   (TODAY - timedelta(days=300), TODAY.year - 2, Decimal("0.8")),
                                   (TODAY - timedelta(days=20), TODAY.year - 1, Decimal("0.8"))):
        services.carbon.save_plan(supplier_id, full_plan(published, date(year, 12, 31), current_scale=scale))
    panel.show_supplier(supplier_id, "Acme Clinical Logistics Ltd")
    assert panel.chart.has_chart() and len(panel.chart.trajectory().points) == 4
    image = panel.grab().toImage()
    assert image.width() == panel.width() and not image.isNull()
    assert panel.grab().save(str(tmp_path / "carbon_panel.png"))
