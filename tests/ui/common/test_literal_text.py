"""Names with "&" show as written on buttons, check boxes and menus, never as an underlined shortcut letter
("Smith _Nephew UK Ltd", "Estates _Facilities")."""

from PySide6.QtWidgets import QCheckBox

from sv_desktop.domain.vocabulary import Category
from sv_desktop.ui.app.store_menu import recent_store_text
from sv_desktop.ui.common.literal_text import literal


def test_an_ampersand_is_doubled_so_qt_shows_it_as_itself():
    assert literal("Smith & Nephew UK Ltd") == "Smith && Nephew UK Ltd"
    assert literal("O'Brien Café") == "O'Brien Café"


def test_a_check_box_names_its_category_with_the_ampersand(qtbot):
    box = QCheckBox(literal(Category.ESTATES_FACILITIES.label))
    qtbot.addWidget(box)
    assert box.text().replace("&&", "&") == "Estates & Facilities"
    assert "&F" not in box.text().replace("&&", "")  # no shortcut letter made of the name


def test_a_recent_store_keeps_its_own_mnemonic_and_the_file_name_its_ampersand(tmp_path):
    path = tmp_path / "Smith & Co" / "R&D.sqlite3"
    text = recent_store_text(1, path, None)
    assert text.startswith("&1 R&&D.sqlite3 — ")
    assert "Smith && Co" in text
