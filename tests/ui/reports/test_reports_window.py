"""The Reports window: options, a build off the GUI thread, cancel, errors in words, open the result."""
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from sv_desktop.domain.vocabulary import Category
from sv_desktop.ui.reports.reports_window import CONTRACT, ReportsWindow
from tests.reports.conftest import read_pdf
from tests.ui.accessibility import unnamed_controls


@pytest.fixture
def window(qtbot, demo_services):
    dialog = ReportsWindow(demo_services.reports, committee_name="Finance & Performance Committee",
                           contract_reference="DEMO-000003")
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url) or True))
    return urls


def test_a_pack_builds_off_the_gui_thread_and_opens(qtbot, window, tmp_path, opened):
    out = tmp_path / "pack.pdf"
    window.output_path.setText(str(out))
    window.category_boxes[Category.DDAT].setChecked(True)
    window.section_boxes["register"].setChecked(False)
    window.meeting_date.set_value(date(2026, 11, 22))
    with qtbot.wait_signal(window.built, timeout=60000):
        task = window.build()
        assert task is not None and not window.build_button.isEnabled()
    assert out.exists() and "Saved" in window.status.text()
    pdf = read_pdf(out)
    assert "Contract register" not in pdf.outline_titles()
    assert "Digital, Data & Technology" in pdf.page(0)
    qtbot.mouseClick(window.open_pdf_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.open_folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(out), str(tmp_path)]


def test_a_contract_report_uses_the_reference_given(qtbot, window, tmp_path):
    window.report_kind.setCurrentIndex(CONTRACT)
    assert window.output_path.text().endswith("contract-DEMO-000003.pdf")
    window.output_path.setText(str(tmp_path / "c.pdf"))
    with qtbot.wait_signal(window.built, timeout=60000):
        window.build()
    assert "DEMO-000003" in read_pdf(tmp_path / "c.pdf").text


def test_an_unknown_reference_is_reported_in_words(qtbot, window, tmp_path):
    window.report_kind.setCurrentIndex(CONTRACT)
    window.contract_reference.setText("NOPE")
    window.output_path.setText(str(tmp_path / "c.pdf"))
    window.build()
    qtbot.wait_until(lambda: window.build_button.isEnabled(), timeout=20000)
    assert "No contract has the reference 'NOPE'" in window.status.text()
    assert not (tmp_path / "c.pdf").exists()


def test_wrong_choices_are_explained_without_building(window, tmp_path):
    window.output_path.setText(str(tmp_path / "pack.txt"))
    assert window.build() is None and "must end in .pdf" in window.status.text()
    window.output_path.setText(str(tmp_path / "pack.pdf"))
    for box in window.section_boxes.values():
        box.setChecked(False)
    assert window.build() is None and "at least one section" in window.status.text()


def test_cancel_leaves_no_file(qtbot, window, tmp_path):
    out = tmp_path / "pack.pdf"
    window.output_path.setText(str(out))
    task = window.build()
    task.cancel()
    qtbot.wait_until(lambda: window.build_button.isEnabled(), timeout=30000)
    assert "Cancelled" in window.status.text()
    assert not out.exists()


def test_every_control_has_an_accessible_name(window):
    assert unnamed_controls(window) == []
    window.report_kind.setCurrentIndex(CONTRACT)
    assert unnamed_controls(window) == []


def test_ctrl_p_opens_the_reports_window_with_the_selected_contract(qtbot, demo_services):
    from tests.ui.app.test_main_window import make_window

    main = make_window(qtbot, demo_services)
    main.pipeline_page.table.selectRow(0)
    qtbot.wait_until(lambda: main.pipeline_page.current_contract_id() is not None, timeout=5000)
    contract_id = main.pipeline_page.current_contract_id()
    assert main.reports_action.shortcut().toString() == "Ctrl+P"
    dialog = main.open_reports()
    assert dialog.contract_reference.text() == demo_services.pipeline.get(contract_id).data.reference
    dialog.close()


def test_the_evaluation_report_is_built_for_the_demo_panel(qtbot, services, tmp_path):
    """Issue 7: the evaluation report (PDF) through the report system, from the GUI as from `report evaluation`."""
    from sv_desktop.services.demo.generator import generate_demo
    from sv_desktop.store.models import Contract, Evaluation
    from sv_desktop.ui.reports.reports_window import EVALUATION

    generate_demo(services.uow_factory, contracts=60, catalogue=services.catalogue.catalogue())
    demo_services = services

    with demo_services.uow_factory() as uow:
        reference = uow.session.scalar(
            Contract.__table__.select().with_only_columns(Contract.reference)
            .join(Evaluation.__table__, Evaluation.contract_id == Contract.id))
    dialog = ReportsWindow(demo_services.reports, committee_name="F&P", contract_reference=reference)
    qtbot.add_widget(dialog)
    dialog.report_kind.setCurrentIndex(EVALUATION)
    assert dialog.output_path.text().endswith(f"{reference}-evaluation-report.pdf")
    dialog.output_path.setText(str(tmp_path / "e.pdf"))
    with qtbot.wait_signal(dialog.built, timeout=60000):
        dialog.build()
    text = read_pdf(tmp_path / "e.pdf").text
    assert reference in text and "Social value only" in text


def test_category_boxes_show_the_ampersand_not_a_shortcut_letter(window):
    """"Estates & Facilities" reads so, not "Estates _Facilities" (the "&" is doubled for Qt)."""
    from sv_desktop.domain.vocabulary import Category

    box = window.category_boxes[Category.ESTATES_FACILITIES]
    assert box.text() == "Estates && Facilities"
    assert box.accessibleName() == "Category Estates & Facilities"
