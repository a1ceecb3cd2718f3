"""The bidders on the "Bidders and panel" section: a duplicate refused in the dialog, the price and quality scores
changed through the change dialog (Enter on the row), and a response document attached."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.evaluation.lead_steps import (
    BIDDERS,
    LEFT,
    MEMBERS,
    add_bidder,
    add_member,
    start,
)


def test_bidders_are_changed_and_documents_attached(qtbot, services, tab, answer_dialogs, monkeypatch, tmp_path):
    start(qtbot, tab)
    add_bidder(qtbot, tab, *BIDDERS[0])
    add_member(qtbot, tab, *MEMBERS[0])
    # a duplicate bidder keeps the dialog open with the reason
    qtbot.mouseClick(tab.bidders.add_button, LEFT)
    dialog = tab.bidders.dialog
    qtbot.keyClicks(dialog.name, "brightwater services ltd")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and "already a bidder" in dialog.error_text()
    dialog.reject()
    # price and quality scores, through the change dialog (Enter on the row)
    tab.bidders.table.setFocus()
    qtbot.keyClick(tab.bidders.table, Qt.Key.Key_Return)
    dialog = tab.bidders.dialog
    assert dialog.isVisible() and dialog.name.isReadOnly()
    qtbot.keyClicks(dialog.price, "thirty")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "Price score: 'thirty' is not a percentage" in dialog.error_text()
    dialog.price.setText("35")
    dialog.quality.setText("42.5")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert [tab.bidders.model.index(0, c).data() for c in (3, 4)] == ["35", "42.5"]
    # a response document
    document = tmp_path / "Brightwater social value response.pdf"
    document.write_bytes(b"%PDF-1.4 response")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(document), "")))
    qtbot.mouseClick(tab.bidders.attach_button, LEFT)
    assert tab.bidders.model.index(0, 2).data() == "Brightwater social value response.pdf"
