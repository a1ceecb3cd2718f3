"""The bidder's response as the panel member reads it before scoring: the written response and the documents
the bidder submitted, each opened from a temporary copy or saved elsewhere.

The documents travel inside the score sheet, so the member needs nothing but the file. A bidder the member
declared a conflict with is not shown at all: only the conflict, in words.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.services.score_sheets import SheetBidder, SheetDocument
from sv_desktop.ui.common.form_parts import rows_height
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.evaluation.sheet_texts import CONFLICT_TEXT, safe_file_name


def size_text(size: int) -> str:
    """A document's size as people read it: '640 bytes', '12 KB', '3.4 MB'."""
    if size >= 1048576:
        return f"{size / 1048576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


class ResponseDocuments(QGroupBox):
    """The chosen bidder's response text and submitted documents, or why they are not shown.

    Signals:
        saved(str): a document was saved; what to tell the member.
    """

    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Response", parent)
        self._sheet_uid: str | None = None
        self._bidder: SheetBidder | None = None
        response_layout = QVBoxLayout(self)
        self.response_label = QLabel("Their social value &response (read only):")
        self.response = QPlainTextEdit()
        self.response.setReadOnly(True)
        self.response.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.response.setAccessibleName("Bidder's response")
        self.response_label.setBuddy(self.response)
        response_layout.addWidget(self.response_label)
        response_layout.addWidget(self.response, 1)
        self.documents_label = QLabel("&Documents they submitted:")
        self.documents = QListWidget()
        self.documents.setAccessibleName("Documents the bidder submitted")
        self.documents.setMaximumHeight(rows_height(self.documents, 3))
        self.documents_label.setBuddy(self.documents)
        response_layout.addWidget(self.documents_label)
        response_layout.addWidget(self.documents)
        document_buttons = QHBoxLayout()
        self.open_document_button = QPushButton("O&pen document")
        self.open_document_button.setToolTip("Open a copy in the program your computer uses for this kind of file")
        self.save_document_button = QPushButton("Save document &as…")
        document_buttons.addWidget(self.open_document_button)
        document_buttons.addWidget(self.save_document_button)
        document_buttons.addStretch(1)
        response_layout.addLayout(document_buttons)
        self.document_error = QLabel()
        self.document_error.setWordWrap(True)
        set_tone(self.document_error, Tone.ERROR)
        self.document_error.hide()
        response_layout.addWidget(self.document_error)
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setMargin(12)
        self.conflict_label.hide()
        response_layout.addWidget(self.conflict_label)

        self.open_document_button.clicked.connect(lambda: self.open_document())
        self.save_document_button.clicked.connect(lambda: self.save_document())
        self.documents.currentRowChanged.connect(lambda _row: self._update_document_buttons())
        self.documents.itemActivated.connect(lambda _item: self.open_document())

    # -- showing ---------------------------------------------------------------------------------
    def show_bidder(self, sheet_uid: str | None, bidder: SheetBidder | None) -> None:
        """Show this bidder of this sheet: their response, or the conflict that keeps it from the member."""
        self._sheet_uid, self._bidder = sheet_uid, bidder
        self.document_error.hide()
        if bidder is None:
            self.setTitle("Response")
            self._show_response(None)
        elif bidder.conflict:
            self.setTitle(bidder.name)
            self._show_response(None)
            self.conflict_label.setText(f"⚠ {CONFLICT_TEXT}. You declared a conflict of interest with {bidder.name}, "
                                        "so you do not score them and their response is not shown to you.")
            self.conflict_label.show()
        else:
            self.setTitle(f"Response from {bidder.name}")
            self._show_response(bidder)

    def _show_response(self, bidder: SheetBidder | None) -> None:
        visible = bidder is not None
        self.conflict_label.hide()
        for widget in (self.response_label, self.response, self.documents_label, self.documents,
                       self.open_document_button, self.save_document_button):
            widget.setVisible(visible)
        self.response.setPlainText(bidder.response_text if bidder else "")
        self.response.setPlaceholderText("No written response in the sheet; see the documents below."
                                         if bidder else "")
        if bidder is not None:
            self.response.setAccessibleName(f"Response from {bidder.name}")
        self.documents.clear()
        if bidder is not None:
            for document in bidder.documents:
                self.documents.addItem(f"{document.file_name} ({size_text(len(document.content))})")
            if not bidder.documents:
                placeholder = QListWidgetItem("No documents: the response is the text above.")
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                self.documents.addItem(placeholder)
            elif self.documents.count():
                self.documents.setCurrentRow(0)
        self._update_document_buttons()

    # -- documents -------------------------------------------------------------------------------
    def _update_document_buttons(self) -> None:
        has = self._document() is not None
        self.open_document_button.setEnabled(has)
        self.save_document_button.setEnabled(has)

    def _document(self) -> SheetDocument | None:
        bidder = self._bidder
        row = self.documents.currentRow()
        if bidder is None or bidder.conflict or not 0 <= row < len(bidder.documents):
            return None
        return bidder.documents[row]

    def document_file(self) -> Path | None:
        """The chosen document written to a temporary file (for opening), or None."""
        document = self._document()
        if document is None:
            return None
        sheet_uid, bidder = self._sheet_uid, self._bidder
        # _document() finds one only for a shown bidder, and the window shows a bidder only with its sheet
        assert sheet_uid is not None and bidder is not None
        folder = (Path(tempfile.gettempdir()) / "sv-desktop-documents"
                  / f"sheet-{sheet_uid[:8]}-{bidder.bidder_uid[:8]}")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (safe_file_name(Path(document.file_name).name) or "document")
        target.write_bytes(document.content)
        return target

    def open_document(self) -> bool:
        try:
            path = self.document_file()
        except OSError as exc:
            self._document_problem(f"The document could not be written to a temporary file: {exc.strerror}.")
            return False
        if path is None:
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._document_problem(f"No program is set up to open {path.name}. Use Save document as… instead.")
            return False
        self.document_error.hide()
        return True

    def save_document(self, path: Path | None = None) -> bool:
        document = self._document()
        if document is None:
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save document as",
                                                    start_path("documents", safe_file_name(document.file_name)))
            if not chosen:
                return False
            remember_folder("documents", chosen)
            path = Path(chosen)
        try:
            Path(path).write_bytes(document.content)
        except OSError as exc:
            self._document_problem(f"{Path(path).name} could not be written: {exc.strerror}.")
            return False
        self.document_error.hide()
        self.saved.emit(f"Saved {document.file_name} as {path}.")
        return True

    def _document_problem(self, message: str) -> None:
        self.document_error.setText(f"Error: {message}")
        self.document_error.show()


__all__ = ["ResponseDocuments", "size_text"]
