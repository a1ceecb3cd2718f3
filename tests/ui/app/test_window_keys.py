"""Issue 9: the main window by keyboard: standard shortcuts, a mnemonic on every menu item (unique in its menu),
no key bound twice, Ctrl+S saving the form in use, Edit → Undo/Redo taking back typing (not saved changes)."""
from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu

from sv_desktop.ui.app.main_window import MainWindow
from sv_desktop.ui.app.window_shortcuts import menu_actions


@pytest.fixture
def window(qtbot, demo_services, answer_dialogs):
    from PySide6.QtWidgets import QMessageBox

    answer_dialogs.replies["answer"] = QMessageBox.StandardButton.Discard  # edits left in a form at the end
    window = MainWindow(demo_services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.pipeline_page.load_now()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def menus(window) -> list[QMenu]:
    found = []

    def walk(menu: QMenu) -> None:
        found.append(menu)
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())

    for action in window.menuBar().actions():
        walk(action.menu())
    return found


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand)."""
    plain = text.replace("&&", "")
    index = plain.find("&")
    return plain[index + 1].lower() if 0 <= index < len(plain) - 1 else None


def test_every_menu_item_has_a_mnemonic_unique_in_its_menu(window):
    problems = []
    bar_letters = [mnemonic(action.text()) for action in window.menuBar().actions()]
    if None in bar_letters or len(set(bar_letters)) != len(bar_letters):
        problems.append(f"menu bar: {[a.text() for a in window.menuBar().actions()]}")
    for menu in menus(window):
        menu.aboutToShow.emit()  # menus filled when opened (Recent stores) are filled now
        items = [action for action in menu.actions() if not action.isSeparator() and action.isVisible()]
        letters = [mnemonic(action.text()) for action in items]
        for action, letter in zip(items, letters):
            if letter is None:
                problems.append(f"{menu.title()}: {action.text()!r} has no mnemonic")
        repeated = [letter for letter, count in Counter(letters).items() if letter and count > 1]
        if repeated:
            problems.append(f"{menu.title()}: {repeated} used twice in "
                            f"{[a.text() for a in items if mnemonic(a.text()) in repeated]}")
    assert problems == []


STANDARD = {
    "New contract": QKeySequence.StandardKey.New,
    "Find": QKeySequence.StandardKey.Find,
    "Reports": "Ctrl+P",
    "User guide": QKeySequence.StandardKey.HelpContents,
    "Save": QKeySequence.StandardKey.Save,
    "Exit": "Ctrl+Q",
    "Undo typing": QKeySequence.StandardKey.Undo,
    "Redo typing": "Ctrl+Shift+Z",
    "Open store": QKeySequence.StandardKey.Open,
}


def test_the_standard_shortcuts_are_there(window):
    by_text = {action.text().replace("&", "").rstrip("…"): action for action in menu_actions(window)}
    for text, key in STANDARD.items():
        wanted = QKeySequence(key)
        assert wanted in by_text[text].shortcuts(), f"{text} should answer {wanted.toString()}"
    assert QKeySequence("Ctrl+Y") in by_text["Redo typing"].shortcuts()  # as Windows users press it


def test_no_key_is_bound_twice_in_the_window(window, qtbot):
    keys = Counter(sequence.toString() for action in menu_actions(window) for sequence in action.shortcuts())
    assert [key for key, count in keys.items() if count > 1] == []
    window.tabs.setCurrentIndex(window.catalogue_index)  # a page built later is adopted too
    live_inner = [(shortcut.key().toString(), type(shortcut.parent()).__name__)
                  for shortcut in window.findChildren(QShortcut)
                  if shortcut.isEnabled() and shortcut.key().toString() in keys]
    assert live_inner == []


def test_ctrl_s_saves_the_form_with_the_focus(window, qtbot):
    page = window.pipeline_page
    page.table.selectRow(0)
    form = page.form
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Cleaning services (re-let)")
    assert form.is_dirty()
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not form.is_dirty()
    assert window.services.pipeline.get(form.contract_id).data.title == "Cleaning services (re-let)"


def test_ctrl_s_saves_the_supplier_form_on_its_own_page(window, qtbot):
    with qtbot.waitSignal(window.suppliers_page.loaded, timeout=10000):
        window.tabs.setCurrentWidget(window.suppliers_page)
    page = window.suppliers_page
    page.table.selectRow(0)
    page.form.postcode.setFocus()
    page.form.postcode.selectAll()
    qtbot.keyClicks(page.form.postcode, "LE1 5WW")
    with qtbot.waitSignal(page.form.saved):
        qtbot.keyClick(page.form.postcode, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.services.suppliers.get(page.form.supplier_id).data.postcode == "LE1 5WW"


def test_edit_undo_and_redo_take_back_and_put_back_typing_in_the_focused_field(window, qtbot):
    page = window.pipeline_page
    page.table.selectRow(0)
    field = page.form.extension_options
    field.setFocus()
    field.selectAll()
    before = field.text()
    qtbot.keyClicks(field, "2 x 12 months")
    assert window.edit_actions.undo_typing()
    assert field.text() == before
    assert window.edit_actions.redo_typing()
    assert field.text() == "2 x 12 months"
    notes = page.form.notes
    notes.setFocus()
    qtbot.keyClicks(notes, "Check TUPE list")
    window.edit_actions.undo.trigger()
    assert "Check TUPE list" not in notes.toPlainText()


def test_undo_says_so_when_the_focus_is_not_in_a_field(window, qtbot):
    window.pipeline_page.table.setFocus()
    assert not window.edit_actions.undo_typing()
    assert "Nothing typed to undo" in window.statusBar().currentMessage()


def test_high_contrast_is_applied_remembered_and_turned_off(window, qtbot):
    from PySide6.QtGui import QColor, QPalette

    from sv_desktop.ui.app.main_window import high_contrast_chosen

    app = QApplication.instance()
    try:
        window.high_contrast_action.trigger()
        assert window.high_contrast_action.isChecked() and high_contrast_chosen()
        assert app.palette().color(QPalette.ColorRole.Window) == QColor("#000000")
        assert app.palette().color(QPalette.ColorRole.Highlight) == QColor("#ffff00")
        again = MainWindow(window.services)
        qtbot.addWidget(again)
        assert again.high_contrast_action.isChecked()
    finally:
        window.set_high_contrast(False)
    assert not high_contrast_chosen()
    assert app.palette().color(QPalette.ColorRole.Window) != QColor("#000000")


def test_every_key_the_user_guide_lists_is_a_menu_key(window):
    import re

    from sv_desktop import paths
    from sv_desktop.ui.app.window_shortcuts import menu_keys

    guide = (paths.resources_dir() / "guide" / "USER_GUIDE.md").read_text(encoding="utf-8")
    table = guide[guide.index("| Keys |"):].split("\n\n", 1)[0]
    listed = {key for row in table.splitlines()[2:]
              for key in re.findall(r"Ctrl\+(?:Shift\+)?[A-Z0-9]|F\d+", row.split("|")[1])}
    assert len(listed) >= 15
    assert listed - menu_keys(window) == set()
