"""Issue 9: the app follows the system's text size: no window sets a font size of its own, and text boxes are
sized in lines of their font, so a larger system font makes them taller instead of cutting lines off."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

import sv_desktop.ui as ui


@pytest.fixture
def large_font(qapp):
    """The system asking for 20 pt text (a user who has turned text size up)."""
    before = QApplication.font()
    font = QFont(before)
    font.setPointSizeF(20)
    QApplication.setFont(font)
    yield font
    QApplication.setFont(before)


def test_contract_and_supplier_text_boxes_show_their_lines_at_a_large_system_font(qtbot, services, large_font):
    from sv_desktop.ui.pipeline.contract_form import ContractForm
    from sv_desktop.ui.suppliers.supplier_form import SupplierForm

    form = ContractForm(services.pipeline)
    qtbot.addWidget(form)
    line = form.description.fontMetrics().lineSpacing()
    assert line > 25  # the system's size reached the form
    assert form.description.height() >= 3 * line and form.notes.height() >= 4 * line
    supplier = SupplierForm(services.suppliers, services.settings)
    qtbot.addWidget(supplier)
    assert supplier.address.height() >= 3 * supplier.address.fontMetrics().lineSpacing()


FIXED_FONT = re.compile(r"setPointSize\(\d|setPixelSize\(|font-size\s*:|QFont\([^)]*,\s*\d")
PIXEL_HEIGHT = re.compile(r"set(Fixed|Minimum|Maximum)Height\(\d+\)")


def test_no_window_sets_a_font_size_or_a_text_height_in_pixels():
    """Sizes relative to the system font (x 1.25 for a heading, n lines of text) are fine; fixed points or pixels
    are not."""
    found = []
    for path in sorted(Path(ui.__file__).parent.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FIXED_FONT.search(line) or PIXEL_HEIGHT.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found, "\n" + "\n".join(found)
