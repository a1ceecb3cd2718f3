"""Matching a file's columns to the fields an importer fills: one row per column, a choice box each.

Each column shows its letter, its name in the file and an example value, and a choice of field (or
"Not imported"). Required fields say so in words; a mapping that leaves a required field without a column,
or gives one field two columns, is explained under the table in words, naming the columns.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from sv_desktop.services.imports.result import cell_text
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.theme import Tone, set_tone

NOT_IMPORTED = "Not imported"
SAMPLE_ROWS = 200  # rows searched for an example value of each column
SAMPLE_CHARS = 60


def column_letter(index: int) -> str:
    """The spreadsheet's letter for a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def example_text(cell: object) -> str:
    """A cell as an officer would read it: dates day/month/year, on one line."""
    if isinstance(cell, datetime):
        return date_text(cell.date()) if cell.time() == datetime.min.time() else cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, date):
        return date_text(cell)
    return " ".join(cell_text(cell).split())


def example_values(column_count: int, rows: Sequence[Sequence[object]]) -> list[str]:
    """The first non-blank value of each column in the first SAMPLE_ROWS rows (blank when there is none)."""
    found = [""] * column_count
    missing = set(range(column_count))
    for cells in rows[:SAMPLE_ROWS]:
        for index in list(missing):
            text = example_text(cells[index]) if index < len(cells) else ""
            if text:
                found[index] = text if len(text) <= SAMPLE_CHARS else text[:SAMPLE_CHARS - 1] + "…"
                missing.discard(index)
        if not missing:
            break
    return found


def column_title(index: int, header: str) -> str:
    return f"{column_letter(index)}  {header}" if header else f"{column_letter(index)}  (no name)"


class ColumnMappingEditor(QWidget):
    """The column table of the import dialog's matching step.

    Signals:
        changed(): a choice changed; `mapping()` and `problems()` give the new state.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._headers: tuple[str, ...] = ()
        self._fields: dict[str, str] = {}
        self._required: tuple[str, ...] = ()
        self.combos: list[QComboBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setAccessibleName("Columns of the file")
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the choices, which scroll into view
        layout.addWidget(self.scroll_area, 1)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        set_tone(self.problem_label, Tone.ERROR)
        self.problem_label.setAccessibleName("Problems with the column matching")
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problem_label)
        self.unused_label = QLabel()
        self.unused_label.setWordWrap(True)
        self.unused_label.setAccessibleName("Fields no column is imported as")
        layout.addWidget(self.unused_label)

    def set_columns(self, headers: Sequence[str], examples: Sequence[str], fields: Mapping[str, str],
                    required: Sequence[str], mapping: Mapping[int, str]) -> None:
        """Show one row per column, each choice set from `mapping` (columns it leaves out: Not imported)."""
        self._headers = tuple(headers)
        self._fields = dict(fields)
        self._required = tuple(required)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(18)
        grid.setColumnStretch(3, 1)  # the spare width goes right of the choices, keeping each row together
        for column, title in enumerate(("Column in the file", "Example value", "Import as")):
            heading = QLabel(f"<b>{title}</b>")
            grid.addWidget(heading, 0, column)
        self.combos = []
        for index, header in enumerate(self._headers):
            name = QLabel(column_title(index, header))
            name.setTextFormat(Qt.TextFormat.PlainText)
            example = QLabel(examples[index] if index < len(examples) and examples[index] else "(blank)")
            example.setTextFormat(Qt.TextFormat.PlainText)
            example.setToolTip(example.text())
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, None)
            for field_name, label in self._fields.items():
                combo.addItem(f"{label} (required)" if field_name in self._required else label, field_name)
            chosen = combo.findData(mapping.get(index)) if mapping.get(index) in self._fields else 0
            combo.setCurrentIndex(max(chosen, 0))
            combo.setAccessibleName(f"Import column {column_letter(index)} ({header or 'no name'}) as")
            combo.setAccessibleDescription(f"Example value: {example.text()}")
            name.setBuddy(combo)
            combo.currentIndexChanged.connect(self._changed)
            grid.addWidget(name, index + 1, 0)
            grid.addWidget(example, index + 1, 1)
            grid.addWidget(combo, index + 1, 2)
            self.combos.append(combo)
        grid.setRowStretch(len(self._headers) + 1, 1)
        self.scroll_area.setWidget(body)
        self._show_problems()

    def set_mapping(self, mapping: Mapping[int, str]) -> None:
        for index, combo in enumerate(self.combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(mapping.get(index)), 0) if index in mapping else 0)
            combo.blockSignals(False)
        self._changed()

    def mapping(self) -> dict[int, str]:
        return {index: combo.currentData() for index, combo in enumerate(self.combos)
                if combo.currentData() is not None}

    def problems(self) -> list[str]:
        """What stops this matching being used, in words naming the fields and columns."""
        found = []
        chosen: dict[str, list[int]] = {}
        for index, name in self.mapping().items():
            chosen.setdefault(name, []).append(index)
        for name in self._required:
            if name not in chosen:
                found.append(f"No column is imported as {self._fields.get(name, name)}, which is required: "
                             "choose the column that holds it.")
        for name, columns in chosen.items():
            if len(columns) > 1:
                named = " and ".join(f"column {column_letter(i)} ({self._headers[i] or 'no name'})" for i in columns)
                found.append(f"{self._fields.get(name, name)} is chosen for {named}: "
                             f"choose {NOT_IMPORTED} for all but one of them.")
        return found

    def _changed(self) -> None:
        self._show_problems()
        self.changed.emit()

    def _show_problems(self) -> None:
        problems = self.problems()
        self.problem_label.setText("\n".join(f"Error: {p}" for p in problems))
        self.problem_label.setVisible(bool(problems))
        used = set(self.mapping().values())
        unused = [label for name, label in self._fields.items() if name not in used]
        self.unused_label.setText("Not filled from this file (left as they are, or their defaults): "
                                  + ", ".join(unused) + "." if unused else "Every field is filled from this file.")
