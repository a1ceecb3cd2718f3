"""The bidder's submitted documents: opened from a temporary copy, saved elsewhere, and a refusal in words."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from tests.ui.evaluation.member_steps import DOCUMENT


def test_a_document_opens_from_a_temporary_copy_and_can_be_saved(opened, monkeypatch, tmp_path):
    window = opened
    opened_urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened_urls.append(url) or True))
    window.response_box.open_document_button.click()
    path = Path(opened_urls[0].toLocalFile())
    assert path.name == "Acme method statement.pdf" and path.read_bytes() == DOCUMENT
    target = tmp_path / "saved copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(target), "")))
    window.response_box.save_document_button.click()
    assert target.read_bytes() == DOCUMENT
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    assert not window.response_box.open_document()
    assert "No program is set up to open" in window.response_box.document_error.text()
