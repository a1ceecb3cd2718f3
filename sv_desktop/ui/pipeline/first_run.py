"""What the pipeline shows in place of its table while the store holds no contracts: what the app is for, and
three ways to start (demo data, importing a register, typing a contract in), none of them forced on anyone."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from sv_desktop.ui.common.form_parts import heading_label
from sv_desktop.ui.common.theme import Tone, set_tone

DEMO_CONTRACTS = 300

WHAT_IT_DOES = (
    "SV Desktop keeps your organisation's contract pipeline and follows social value through each contract: "
    "the outcomes asked for in the tender and their weighting, the suppliers and their carbon reduction plans, "
    "the evaluation panel's scores, the commitments made at award and the returns that show whether they are "
    "delivered. It builds the committee pack and contract reports as PDF. Everything is kept in the store file "
    "named in the status bar, on this computer or on your shared drive; nothing is sent anywhere."
)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    set_tone(label, Tone.MUTED)
    return label


class EmptyStorePanel(QFrame):
    """The empty pipeline's explanation and its three ways in.

    Signals:
        load_demo(int): load this many demo contracts.
        import_register(): open the contract register import.
        new_contract(): start a new contract in the form.
    """

    load_demo = Signal(int)
    import_register = Signal()
    new_contract = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Getting started")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        content = QWidget()  # lines no longer than about 90 characters read easily
        content.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        beside = QHBoxLayout()
        beside.addWidget(content, 1)
        beside.addStretch(0)  # what is wider than the reading width stays empty on the right
        outer.addLayout(beside)
        self.heading = heading_label(1.4)
        self.heading.setText("This store has no contracts yet")
        layout.addWidget(self.heading)
        intro = QLabel(WHAT_IT_DOES)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(QLabel("<b>Start in one of these ways:</b>"))

        ways = QGridLayout()
        ways.setColumnStretch(1, 1)
        ways.setVerticalSpacing(6)
        self.demo_button = QPushButton("&Load demo data…")
        self.demo_button.setToolTip("Realistic contracts of an NHS trust to try the app with")
        self.demo_count = QSpinBox()
        self.demo_count.setRange(1, 100000)
        self.demo_count.setSingleStep(100)
        self.demo_count.setValue(DEMO_CONTRACTS)
        self.demo_count.setAccessibleName("Number of demo contracts")
        count_label = QLabel("contracts")
        count_label.setBuddy(self.demo_count)
        count_row = QHBoxLayout()
        count_row.addWidget(self.demo_count)
        count_row.addWidget(count_label)
        count_row.addStretch(1)
        ways.addWidget(self.demo_button, 0, 0)
        ways.addLayout(count_row, 0, 1)
        ways.addWidget(_note("An NHS trust's pipeline with suppliers, carbon plans, delivery returns and an "
                             "evaluation panel. Demo contracts have references starting DEMO- and can be deleted or "
                             "loaded again; your own contracts are never touched."), 1, 1)

        self.import_button = QPushButton("&Import a contract register…")
        self.import_button.setToolTip("Your contracts from an Excel or CSV register")
        self.import_note = _note("Match the register's columns to the app's fields, check a preview, then import. "
                                 "Nothing is stored until you say so.")
        ways.addWidget(self.import_button, 2, 0)
        ways.addWidget(self.import_note, 2, 1)
        self.set_import_available(False)

        self.new_button = QPushButton("&New contract")
        self.new_button.setToolTip("Type a contract in (Ctrl+N)")
        ways.addWidget(self.new_button, 3, 0)
        ways.addWidget(_note("The form on the right takes it; Ctrl+S saves."), 3, 1)
        layout.addLayout(ways)
        outer.addStretch(1)
        outer.addWidget(_note("Help → User guide (F1) explains each part of the app."))

        self.demo_button.clicked.connect(lambda: self.load_demo.emit(self.demo_count.value()))
        self.import_button.clicked.connect(self.import_register)
        self.new_button.clicked.connect(self.new_contract)

    def set_import_available(self, available: bool) -> None:
        """Show the import button only when this build's window can import a register."""
        self.import_button.setVisible(available)
        self.import_note.setVisible(available)

    def focus_first(self) -> None:
        """Put the focus on the first way in, so a keyboard user starts there."""
        self.demo_button.setFocus(Qt.FocusReason.OtherFocusReason)
