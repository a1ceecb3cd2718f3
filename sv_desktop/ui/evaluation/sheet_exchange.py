"""The Evaluation tab's Score sheets section: a score sheet out to each panel member, completed sheets back in.

Members score offline on their own laptops, so the only thing that travels is the sheet file: this section
writes a member's sheet (once they have declared for every bidder) and imports completed ones, several at a
time, listing each file's result or the reason it was refused.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from sv_desktop.domain.evaluation_views import EvaluationView, MemberView
from sv_desktop.services.score_sheets import SHEET_EXTENSION
from sv_desktop.ui.common.form_parts import text_height
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.theme import Tone, set_tone
from sv_desktop.ui.evaluation.evaluation_changes import EvaluationChanges, bullet_list
from sv_desktop.ui.evaluation.evaluation_widgets import (
    item_table,
    select_row,
    wrapped_label,
)
from sv_desktop.ui.evaluation.panel_models import MembersModel


def sheet_file_name(reference: str, member_name: str) -> str:
    """'EV-1 - Priya Shah score sheet.svsheet', with characters file systems refuse replaced."""
    name = f"{reference} - {member_name} score sheet{SHEET_EXTENSION}"
    return re.sub(r'[\\/:*?"<>|]+', "-", name)


class SheetExchangePanel(QWidget):
    """The members with their sheets' state, whether the chosen member's sheet can go out, export and import.

    Signals:
        sheet_exported(int): a member's sheet was written; their id (the tab selects them wherever listed).
    """

    sheet_exported = Signal(int)

    def __init__(self, changes: EvaluationChanges, parent: QWidget | None = None):
        super().__init__(parent)
        self._changes = changes
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label(
            "Export a score sheet for each panel member and give them the file (USB stick, e-mail). They open it in "
            "SV Desktop on their own laptop, score every bidder they have no conflict with, with a written "
            "justification, and export the completed sheet; import the completed sheets here (several at once). "
            "Each sheet carries a checksum: it detects accidental damage and editing outside SV Desktop, not a "
            "member writing their own sheet; what protects the scores is that only you import them.", Tone.MUTED,
            "About score sheets"))
        self.model = MembersModel(self)
        self.table = item_table("Panel members and their score sheets")
        self.table.setModel(self.model)
        for column, width in enumerate((200, 180, 380)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.readiness = wrapped_label(name="Whether the selected member's sheet can be exported")
        layout.addWidget(self.readiness)
        row = QHBoxLayout()
        self.export_button = QPushButton("&Export score sheet…")
        self.import_button = QPushButton("I&mport completed sheets…")
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        results_label = QLabel("Results of the &last import")
        self.import_results = QPlainTextEdit()
        self.import_results.setReadOnly(True)
        self.import_results.setAccessibleName("Results of the last import")
        self.import_results.setPlaceholderText("Nothing imported in this session yet.")
        self.import_results.setMaximumHeight(text_height(self.import_results, 7))
        results_label.setBuddy(self.import_results)
        layout.addWidget(results_label)
        layout.addWidget(self.import_results)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.export_button.clicked.connect(lambda: self.export_sheet())
        self.import_button.clicked.connect(self.import_sheets)

    # -- showing ---------------------------------------------------------------------------------------------
    def set_evaluation(self, view: EvaluationView) -> None:
        """Show the members' sheets, keeping the selected member (or the first) selected."""
        current = self.current_member()
        self.model.set_panel(view.members, view.bidders)
        self.select_member(current.id if current is not None else None)
        self._update_buttons()

    def current_member(self) -> MemberView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_member(self, member_id: int | None) -> None:
        select_row(self.table, self.model, member_id)

    def _update_buttons(self, *_args) -> None:
        view = self._changes.view
        member = self.current_member()
        self.export_button.setEnabled(member is not None)
        self.import_button.setEnabled(view is not None and bool(view.members))
        if view is None:
            return
        if member is None:
            self.readiness.setText("Add panel members first (Bidders and panel)." if not view.members else
                                   "Choose a panel member to export their score sheet.")
            set_tone(self.readiness, Tone.MUTED)
            return
        problems = list(view.setup_problems)
        undeclared = [b.name for b in view.bidders if b.id not in member.declared]
        if undeclared:
            problems.append(f"{member.name} has not yet declared conflicts of interest for: "
                            f"{', '.join(undeclared)}.")
        if view.locked:
            problems.append("The evaluation is locked.")
        if problems:
            self.readiness.setText(f"{member.name}'s sheet cannot be exported yet:\n• " + "\n• ".join(problems))
            set_tone(self.readiness, Tone.ERROR)
        else:
            conflicts = [b.name for b in view.bidders if member.conflict_with(b.id)]
            self.readiness.setText(
                f"✔ {member.name}'s sheet is ready to export: {len(view.criteria)} criteria × "
                f"{len(view.bidders) - len(conflicts)} bidders to score"
                + (f" (not {', '.join(conflicts)}: conflict of interest)." if conflicts else "."))
            set_tone(self.readiness, Tone.OK)

    # -- out and in ------------------------------------------------------------------------------------------
    def export_sheet(self, member_id: int | None = None) -> Path | None:
        """Write a member's sheet (the selected member's unless `member_id`) to a file they are asked for."""
        changes = self._changes
        view = changes.view
        member = (next((m for m in view.members if m.id == member_id), None) if member_id is not None and view
                  else self.current_member())
        if view is None or member is None:
            return None
        suggested = start_path("score sheets", sheet_file_name(view.contract_reference, member.name))
        path, _ = QFileDialog.getSaveFileName(self, f"Export {member.name}'s score sheet", suggested,
                                              f"Score sheets (*{SHEET_EXTENSION})")
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != SHEET_EXTENSION:
            target = target.with_name(target.name + SHEET_EXTENSION)
        try:
            data = changes.service.export_sheet(changes.shown_contract_id, member.id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Score sheet not exported",
                                f"{member.name}'s score sheet was not exported:\n{bullet_list(exc)}")
            return None
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self, "Score sheet not exported", f"{exc}\n\nThe evaluation has been read again.")
            changes.read_again()
            return None
        try:
            target.write_bytes(data)
        except OSError as exc:
            QMessageBox.warning(self, "Score sheet not saved", f"{target.name} could not be written: "
                                                               f"{exc.strerror or exc}.")
            changes.after_change()
            return None
        remember_folder("score sheets", target)
        changes.after_change()
        self.sheet_exported.emit(member.id)
        QMessageBox.information(self, "Score sheet exported",
                                f"{member.name}'s score sheet is saved as {target.name} in {target.parent}. Give "
                                "them the file; they open it in SV Desktop on their own laptop, score, and send "
                                "back the completed sheet.")
        return target

    def import_sheets(self) -> list[str]:
        """Import several completed sheets; each file's result or reason is listed, and returned."""
        changes = self._changes
        if changes.view is None:
            return []
        paths, _ = QFileDialog.getOpenFileNames(self, "Import completed score sheets",
                                                start_path("score sheets"),
                                                f"Score sheets (*{SHEET_EXTENSION});;All files (*)")
        if not paths:
            return []
        reason = changes.reason("are score sheets being imported")
        if reason is None:
            return []
        lines, imported, refused = [], 0, 0
        for path in paths:
            name = Path(path).name
            try:
                data = Path(path).read_bytes()
                result = changes.service.import_sheet(changes.shown_contract_id, data, file_name=name, reason=reason)
            except OSError as exc:
                lines.append(f"✖ {name}: not imported: the file could not be read ({exc.strerror or exc}).")
                refused += 1
                continue
            except ValidationError as exc:
                lines.append(f"✖ {name}: not imported: " + " ".join(e.message for e in exc.errors))
                refused += 1
                continue
            except (ConflictError, NotFoundError) as exc:
                lines.append(f"✖ {name}: not imported: {exc}")
                refused += 1
                continue
            imported += 1
            replaced = (f", replacing version {result.replaced_revision}"
                        if result.replaced_revision is not None else "")
            lines.append(f"✔ {name}: {result.member_name}'s sheet, version {result.revision}, "
                         f"{result.scores} scores imported{replaced}.")
        remember_folder("score sheets", paths[0])
        summary = (f"{imported} of {len(paths)} sheet{'s' if len(paths) != 1 else ''} imported"
                   + (f", {refused} refused" if refused else "") + ".")
        self.import_results.setPlainText(summary + "\n" + "\n".join(lines))
        if imported:
            changes.after_change()
        text = summary + "\n\n" + "\n\n".join(lines)
        if refused:
            QMessageBox.warning(self, "Some score sheets were not imported" if imported else
                                "Score sheets not imported", text)
        else:
            QMessageBox.information(self, "Score sheets imported", text)
        return lines


__all__ = ["SheetExchangePanel", "sheet_file_name"]
