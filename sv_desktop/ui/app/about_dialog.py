"""Help → About: the version, where the data is, how it is backed up, and the licences of the fonts and
libraries shipped with the app (resources/LICENCES.md)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from sv_desktop import __version__, paths

LICENCES_FILE = "LICENCES.md"


def licences_text() -> str:
    """The licences file as Markdown, or a sentence saying why it cannot be shown."""
    path = paths.resources_dir() / LICENCES_FILE
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        return f"The licences could not be read from {path}: {exc.strerror or exc}."


def about_rows(services) -> list[tuple[str, str]]:
    """What the About box lists: version, Qt, the store and its journal, the folders the app uses."""
    import PySide6

    store = services.store
    journal = {"wal": "write-ahead log", "delete": "rollback journal (network or redirected folder)"}.get(
        store.journal_mode or "", "server")
    return [
        ("Version", __version__),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("Store", store.description),
        ("Journal", journal),
        ("Data folder", str(paths.data_dir())),
        ("Local frameworks folder", str(services.catalogue.user_dir)),
    ]


class AboutDialog(QDialog):
    """Two tabs, About and Licences; every line can be selected and copied."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About SV Desktop")
        self.resize(720, 620)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("About SV Desktop")
        body = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                       for k, v in about_rows(services))
        self.details = QLabel(
            "<p><b>SV Desktop</b>: social value through the whole contract cycle, offline.</p>"
            f"<table cellspacing='4'>{body}</table>"
            "<p>Back up with File → Back up now… (copies go to the <code>backups</code> folder beside the "
            "store, and one is taken on closing when anything changed and the last is over a day old); "
            "restore with File → Restore from backup…. "
            "Run with <code>--db PATH</code> or set SV_DESKTOP_DB to use another store, or choose one with "
            "File → Open store….</p>")
        self.details.setWordWrap(True)
        self.details.setMargin(10)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.details.setAccessibleName("Version and store")
        self.tabs.addTab(self.details, "&About")
        self.licences = QTextBrowser()
        self.licences.setAccessibleName("Licences of the fonts and libraries")
        self.licences.setOpenExternalLinks(False)
        self.licences.setMarkdown(licences_text())
        self.tabs.addTab(self.licences, "&Licences")
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        """Everything the box says, as plain text (for tests and for copying)."""
        return self.details.text() + "\n" + self.licences.toPlainText()
