"""Issue 9: what the app remembers between sessions: the last folder of each kind of file, the size of the
secondary windows and where their splitters divide."""
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFileDialog

from sv_desktop.ui.common.last_folder import last_folder, remember_folder, start_path
from sv_desktop.ui.common.ui_state import remember_window, restore_splitters, save_splitters, ui_state


def test_the_next_dialog_of_a_kind_starts_in_the_folder_last_used(tmp_path):
    chosen = tmp_path / "committee" / "pack.pdf"
    chosen.parent.mkdir()
    assert last_folder("reports") != chosen.parent
    remember_folder("reports", chosen)
    assert start_path("reports", "next.pdf") == str(chosen.parent / "next.pdf")
    assert last_folder("exports") != chosen.parent  # each kind keeps its own
    remember_folder("reports", "")  # a cancelled dialog changes nothing
    assert last_folder("reports") == chosen.parent


def test_a_folder_that_has_gone_falls_back_to_the_default(tmp_path):
    gone = tmp_path / "usb-stick"
    gone.mkdir()
    remember_folder("backups", gone / "store.sqlite3")
    gone.rmdir()
    assert last_folder("backups", default=tmp_path) == tmp_path


def test_exporting_history_twice_starts_where_the_first_went(qtbot, services, monkeypatch, tmp_path):
    from sv_desktop.domain.contract import ContractData
    from sv_desktop.domain.vocabulary import Category
    from sv_desktop.ui.pipeline.audit_tab import AuditTab

    contract = services.pipeline.create(ContractData(reference="EF-001", title="Cleaning",
                                                     category=Category.ESTATES_FACILITIES))
    tab = AuditTab(services.audit)
    qtbot.addWidget(tab)
    tab.show_contract(contract.id)
    asked = []
    folder = tmp_path / "histories"
    folder.mkdir()

    def save_name(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(folder / Path(suggested).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    tab.export_history()
    tab.export_history()
    assert Path(asked[1]).parent == folder and Path(asked[0]).parent != folder


def test_the_reports_window_opens_as_large_as_it_was_left(qtbot, services):
    from sv_desktop.ui.reports.reports_window import ReportsWindow

    first = ReportsWindow(services.reports)
    qtbot.addWidget(first)
    first.show()
    first.resize(QSize(700, 520))
    first.close()
    again = ReportsWindow(services.reports)
    qtbot.addWidget(again)
    assert again.size() == QSize(700, 520)


def test_splitters_are_found_by_their_place_and_put_back(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSplitter, QTextEdit, QVBoxLayout, QWidget

    def build():
        window = QWidget()
        layout = QVBoxLayout(window)
        for _ in range(2):
            splitter = QSplitter(Qt.Orientation.Horizontal)
            splitter.addWidget(QTextEdit())
            splitter.addWidget(QTextEdit())
            layout.addWidget(splitter)
        qtbot.addWidget(window)
        window.resize(800, 400)
        window.show()
        return window

    first = build()
    first_splitters = first.findChildren(QSplitter)
    first_splitters[1].setSizes([600, 200])
    state = ui_state()
    save_splitters(first, state, "test")
    again = build()
    restore_splitters(again, state, "test")
    assert again.findChildren(QSplitter)[1].sizes() == first_splitters[1].sizes()
    assert again.findChildren(QSplitter)[0].sizes() == first_splitters[0].sizes()


def test_a_secondary_window_is_remembered_when_dismissed(qtbot):
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    qtbot.addWidget(dialog)
    remember_window(dialog, "test-dialog")
    dialog.show()
    dialog.resize(640, 480)
    dialog.reject()  # hidden, not closed: still remembered
    assert ui_state().value("test-dialog/geometry") is not None


def test_the_main_windows_splitters_and_big_tables_are_remembered(qtbot, demo_services, answer_dialogs):
    from sv_desktop.ui.app.main_window import MainWindow

    def open_window():
        window = MainWindow(demo_services)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    window = open_window()
    window.delivery_tab.splitter.setSizes([150, 500])
    sizes = window.delivery_tab.splitter.sizes()
    window.dashboard.commitments_table.setColumnWidth(1, 333)
    window.audit_tab.table.setColumnWidth(0, 222)
    window.close()
    again = open_window()
    assert again.delivery_tab.splitter.sizes() == sizes
    assert again.dashboard.commitments_table.columnWidth(1) == 333
    assert again.audit_tab.table.columnWidth(0) == 222
