"""Issue 9: every window the app opens, walked as a screen reader and a keyboard-only officer meet it.

The main window is built over demo data (40 contracts). Every page, every contract tab and every tab nested in
them is shown in turn, and so is every dialog and secondary window the app can open. On each, every interactive
widget must tell assistive technology its name (read through QAccessible, as a screen reader does), Tab from the
first control must reach every control that takes the focus and come back round, and in the edit forms Tab must
move down the form in the order the fields are seen.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QStackedWidget, QTabWidget, QWidget

from sv_desktop.services.demo.generator import generate_demo
from sv_desktop.ui.app.main_window import MainWindow
from tests.ui.accessibility import out_of_visual_order, unnamed_controls, unreachable_by_tab


@pytest.fixture
def demo(services):
    generate_demo(services.uow_factory, contracts=40, today=date.today(), catalogue=services.catalogue.catalogue())
    return services


@pytest.fixture
def window(qtbot, demo, answer_dialogs, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.pipeline_page.load_now()
    return window


def settle(qtbot) -> None:
    """Let background reads land (pages load off the GUI thread)."""
    from sv_desktop.ui.common.background import wait_for_background_tasks

    for _ in range(3):
        QApplication.processEvents()
        wait_for_background_tasks(20000)
        QApplication.processEvents()
    qtbot.wait(10)


def _show_page_holding(widget: QWidget) -> None:
    """Make every tab widget and stack above `widget` show the page it is on."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and parent.indexOf(child) >= 0:
            holder = parent.parentWidget()
            if isinstance(holder, QTabWidget):
                holder.setCurrentWidget(child)
            else:
                parent.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()


def _pages_of(holder: QWidget) -> tuple[int, Callable[[int], None], Callable[[int], str]]:
    """How many pages a tab widget or a stack (a wizard's steps, an empty state) has, how to show one, its name."""
    if isinstance(holder, QTabWidget):
        return holder.count(), holder.setCurrentIndex, lambda i: holder.tabText(i).replace("&", "")
    return holder.count(), holder.setCurrentIndex, lambda i: f"page {i + 1}"


def each_page(qtbot, root: QWidget) -> Iterator[str]:
    """Show every page of every tab widget and stack under `root` in turn (nested ones too), naming where it is."""
    yield "as opened"
    done: set[int] = set()
    while True:
        every = [root, *root.findChildren(QWidget)]
        pending = [holder for holder in every if id(holder) not in done and (
            isinstance(holder, QTabWidget) or (isinstance(holder, QStackedWidget)
                                               and not isinstance(holder.parentWidget(), QTabWidget)))]
        if not pending:
            return
        holder = pending[0]
        done.add(id(holder))
        _show_page_holding(holder)
        count, show, name = _pages_of(holder)
        index = 0
        while index < holder.count():  # a page may be built (and swapped in) when first shown
            show(index)
            settle(qtbot)
            yield f"{holder.accessibleName() or type(holder).__name__} → {name(index)}"
            index += 1


def listed(found: dict[str, list[str]]) -> str:
    """Every problem on a line of its own under where it was met, for a failure message that is read whole."""
    return "\n" + "\n".join(f"{where}:\n    " + "\n    ".join(problems) for where, problems in found.items())


def names_missing(qtbot, root: QWidget) -> dict[str, list[str]]:
    found = {}
    for where in each_page(qtbot, root):
        missing = unnamed_controls(root)
        if missing:
            found[where] = missing
    return found


# -- what to open -------------------------------------------------------------------------------------------

def contract_where(services, wanted: Callable[[int], object]) -> int:
    for row in services.pipeline.rows():
        if wanted(row.id):
            return row.id
    raise AssertionError("the demo data has no such contract")


def evaluation_contract(services) -> int:
    return contract_where(services, lambda cid: services.evaluation.get(cid) is not None)


def delivery_contract(services) -> int:
    return contract_where(services, lambda cid: any(
        record.returns for record in services.delivery.commitments(cid)))


def show_contract(qtbot, window, contract_id: int) -> None:
    page = window.pipeline_page
    window.tabs.setCurrentWidget(page)
    assert page.select_contract(contract_id)
    settle(qtbot)


def supplier_with_plans(services) -> int:
    for row in services.suppliers.rows():
        if services.carbon.plans(row.id):
            return row.id
    raise AssertionError("the demo data has no supplier with a carbon plan")


def show_supplier(qtbot, window, supplier_id: int):
    window.tabs.setCurrentWidget(window.suppliers_page)
    settle(qtbot)
    window.suppliers_page.show_supplier(supplier_id)
    settle(qtbot)
    return window.suppliers_page


# -- the main window ------------------------------------------------------------------------------------------

def test_every_page_and_contract_tab_names_every_control(qtbot, window, demo):
    found = {}
    for label, contract_id in (("evaluation", evaluation_contract(demo)), ("delivery", delivery_contract(demo))):
        show_contract(qtbot, window, contract_id)
        found.update({f"{label} contract: {where}": missing
                      for where, missing in names_missing(qtbot, window.pipeline_page.detail_tabs).items()})
    show_supplier(qtbot, window, supplier_with_plans(demo))
    found.update({f"supplier: {where}": missing
                  for where, missing in names_missing(qtbot, window.suppliers_page).items()})
    found.update(names_missing(qtbot, window))
    assert not found, listed(found)


def test_tab_reaches_every_control_of_each_page_and_comes_back_round(qtbot, window, demo):
    found = {}
    show_contract(qtbot, window, delivery_contract(demo))
    pages = window.pipeline_page.detail_tabs
    for index in range(pages.count()):
        pages.setCurrentIndex(index)
        settle(qtbot)
        problems = unreachable_by_tab(window)
        if problems:
            found[f"pipeline → {pages.tabText(index)}"] = problems
    show_supplier(qtbot, window, supplier_with_plans(demo))
    supplier_tabs = window.suppliers_page.detail_tabs
    for index in range(supplier_tabs.count()):
        supplier_tabs.setCurrentIndex(index)
        settle(qtbot)
        problems = unreachable_by_tab(window)
        if problems:
            found[f"suppliers → {supplier_tabs.tabText(index)}"] = problems
    for page in (window.dashboard, window.catalogue_page):
        window.tabs.setCurrentWidget(page)
        settle(qtbot)
        problems = unreachable_by_tab(window)
        if problems:
            found[type(page).__name__] = problems
    assert not found, listed(found)


def test_tab_goes_down_the_edit_forms_in_the_order_they_are_read(qtbot, window, demo):
    found = {}
    show_contract(qtbot, window, delivery_contract(demo))
    window.pipeline_page.detail_tabs.setCurrentWidget(window.pipeline_page.form)
    found["contract form"] = out_of_visual_order(window.pipeline_page.form, window)
    page = show_supplier(qtbot, window, supplier_with_plans(demo))
    page.detail_tabs.setCurrentWidget(page.form)
    found["supplier form"] = out_of_visual_order(page.form, window)
    page.detail_tabs.setCurrentIndex(1)
    settle(qtbot)
    editor = page.carbon_panel.editor
    found["carbon plan editor"] = out_of_visual_order(editor, window)
    found = {name: problems for name, problems in found.items() if problems}
    assert not found, listed(found)


# -- dialogs and secondary windows ------------------------------------------------------------------------------

def _delivery_dialogs(qtbot, window, demo) -> Iterator[tuple[str, QWidget]]:
    show_contract(qtbot, window, delivery_contract(demo))
    tab = window.delivery_tab
    window.pipeline_page.detail_tabs.setCurrentWidget(tab)
    settle(qtbot)
    tab.details.setCurrentIndex(1)
    record = next(r for r in tab.model.records() if r.returns)
    tab.select_commitment(record.id)
    tab.select_period(record.returns[0].period.start)
    settle(qtbot)
    yield "return dialog", tab.record_return()
    yield "remedy dialog", tab.add_remedy()
    tab.add_framework_metric()
    yield "metric picker", tab.metric_picker


def _evaluation_dialogs(qtbot, window, demo) -> Iterator[tuple[str, QWidget]]:
    show_contract(qtbot, window, evaluation_contract(demo))
    tab = window.evaluation_tab
    window.pipeline_page.detail_tabs.setCurrentWidget(tab)
    settle(qtbot)
    yield "add bidder", tab.add_bidder()
    tab.bidders_table.selectRow(0)
    yield "edit bidder", tab.edit_bidder()
    yield "add panel member", tab.add_member()
    tab.declarations_table.setCurrentIndex(tab.declarations_model.index(0, 1))
    yield "declaration", tab.record_declaration()


def _supplier_dialogs(qtbot, window, demo) -> Iterator[tuple[str, QWidget]]:
    from sv_desktop.ui.suppliers.merge_suppliers_dialog import MergeSuppliersDialog

    page = show_supplier(qtbot, window, supplier_with_plans(demo))
    yield "merge suppliers", MergeSuppliersDialog(demo.suppliers, page.form.supplier_id, page.model.rows, window)


def _scoring_a_sheet(window, demo) -> QWidget:
    """The scoring window with a score sheet of the demo evaluation open, as a panel member sees it."""
    import tempfile
    from pathlib import Path

    contract_id = evaluation_contract(demo)
    member = demo.evaluation.require(contract_id).members[0]
    sheet = Path(tempfile.mkdtemp()) / "sheet.svsheet"
    sheet.write_bytes(demo.evaluation.export_sheet(contract_id, member.id, organisation="Demo NHS Trust"))
    window.open_score_sheet()
    assert window.scoring_window.open_file(sheet)
    return window.scoring_window


def _window_dialogs(qtbot, window, demo) -> Iterator[tuple[str, QWidget]]:
    from sv_desktop.ui.app.settings_dialog import SettingsDialog
    from sv_desktop.ui.pipeline.compliance_summary import ComplianceSummaryDialog

    yield "settings", SettingsDialog(demo.settings, window,
                                     profiles=[(p.id, p.name) for p in demo.compliance.profiles()])
    yield "reports", window.open_reports()
    window.open_score_sheet()
    yield "scoring window", window.scoring_window
    yield "scoring window with a sheet", _scoring_a_sheet(window, demo)
    yield "carbon plan alerts", window.show_carbon_alerts()
    yield "compliance summary", ComplianceSummaryDialog(demo.compliance, window)
    window.show_user_guide()
    yield "user guide", window.user_guide_dialog
    if hasattr(window, "about_dialog"):
        yield "about", window.about_dialog()


def _import_dialogs(qtbot, window, demo) -> Iterator[tuple[str, QWidget]]:
    """The import windows (added by the import work): through the window's File → Import when it has one, else
    built as that menu builds them, once their modules exist."""
    actions = getattr(window, "import_actions", None)
    if actions is not None:
        for service in list(actions.actions):
            yield f"import ({service})", actions.open_import(service)
        return
    tabular = _module("sv_desktop.ui.exchange.import_dialog")
    if tabular is not None:
        for service in ("contract_import", "supplier_import", "spend_import"):
            if hasattr(demo, service):
                yield f"import ({service})", tabular.TabularImportDialog(getattr(demo, service), window)
    ocds = _module("sv_desktop.ui.exchange.ocds_import_dialog")
    if ocds is not None and hasattr(demo, "ocds_import"):
        yield "import (published notices)", ocds.OcdsImportDialog(demo.ocds_import, window)


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


ALL_DIALOGS = (_window_dialogs, _delivery_dialogs, _evaluation_dialogs, _supplier_dialogs, _import_dialogs)


def every_dialog(qtbot, window, demo) -> Iterator[tuple[str, QWidget]]:
    for opener in ALL_DIALOGS:
        for name, dialog in opener(qtbot, window, demo):
            assert dialog is not None, f"{name} did not open"
            dialog.show()
            qtbot.waitExposed(dialog)
            settle(qtbot)
            yield name, dialog
            dialog.close()
            settle(qtbot)


def test_every_dialog_and_window_names_every_control(qtbot, window, demo):
    found = {}
    for name, dialog in every_dialog(qtbot, window, demo):
        for where, missing in names_missing(qtbot, dialog).items():
            found[f"{name}: {where}"] = missing
    assert not found, listed(found)


def reading_order(dialog: QWidget) -> list[str]:
    """Tab down the dialog as it is read; the scoring window is read in columns, its scores column top to bottom."""
    scores = getattr(dialog, "scroll_area", None) if type(dialog).__name__ == "ScoringWindow" else None
    if scores is not None and scores.isVisible():
        return out_of_visual_order(scores.parentWidget(), dialog)
    return out_of_visual_order(dialog)


@pytest.mark.parametrize("check", [unreachable_by_tab, reading_order], ids=["reach", "reading order"])
def test_tab_reaches_every_control_of_every_dialog_in_the_order_it_is_read(qtbot, window, demo, check):
    found = {name: check(dialog) for name, dialog in every_dialog(qtbot, window, demo)}
    found = {name: problems for name, problems in found.items() if problems}
    assert not found, listed(found)


def test_the_empty_store_names_every_control_and_tab_reaches_them(qtbot, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.pipeline_page.load_now()
    assert window.pipeline_page.table_stack.currentWidget() is window.pipeline_page.empty_state
    assert unnamed_controls(window) == []
    problems = unreachable_by_tab(window)
    assert not problems, listed({"empty store": problems})
    assert out_of_visual_order(window.pipeline_page.empty_state, window) == []
