"""How an evaluation lead works the Evaluation tab, as steps the tests share: a contract to evaluate, the tab,
and driving its widgets (start, bidders, panel, declarations, sheets out and back, moderation).

The panel used throughout (points out of 100, sub-weights 5% + 5%):

                    Fair work (C1)          Skills for growth (C2)   consensus C1/C2   weighted total
    Brightwater     60, 60, 100 ⚑           80, 80, 80               100 / 80          5.00 + 4.00 = 9.00  (1)
    Northway        80, 80, 60              60, 40, 60                80 / 60          4.00 + 3.00 = 7.00  (=2)
    Apex            60, conflict, 60        80, conflict, 80          60 / 80          3.00 + 4.00 = 7.00  (=2)

Tom Okafor (member 2) declared a conflict with Apex. Jane Ellis's 100 for Brightwater on Fair work is the
only outlier: 40 points (2 scale steps of 20) from the others' median of 60. Member scoring happens in separate
SQLite stores through the member's own service, as it does on their laptops.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.evaluation import Score
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.ui.evaluation.evaluation_tab import SECTION, EvaluationTab
from sv_desktop.ui.evaluation.sheet_exchange import sheet_file_name

BIDDERS = (("Brightwater Services Ltd", "We will create 12 apprenticeships for care leavers by March 2027."),
           ("Northway Care CIC", "Eight supported jobs for people with disabilities within 18 months."),
           ("Apex Transport plc", "Four work placements a year, reported quarterly."))
MEMBERS = (("Priya Shah", "Head of Procurement"), ("Tom Okafor", "Sustainability lead"),
           ("Jane Ellis", "Clinical lead"))
CONFLICT = ("Tom Okafor", "Apex Transport plc", "Former employee of Apex (left 2023)")
# member -> bidder -> (C1 points, C2 points)
SCORES = {
    "Priya Shah": {"Brightwater Services Ltd": (60, 80), "Northway Care CIC": (80, 60), "Apex Transport plc": (60, 80)},
    "Tom Okafor": {"Brightwater Services Ltd": (60, 80), "Northway Care CIC": (80, 40)},
    "Jane Ellis": {"Brightwater Services Ltd": (100, 80), "Northway Care CIC": (60, 60),
                   "Apex Transport plc": (60, 80)},
}
CONSENSUS = {"Brightwater Services Ltd": (100, 80), "Northway Care CIC": (80, 60), "Apex Transport plc": (60, 80)}
LEFT = Qt.MouseButton.LeftButton


def outcome_refs(services) -> list[str]:
    framework = services.catalogue.catalogue().framework("ppn002")
    return [entry.ref for top in framework.entries for entry in top.walk() if entry.kind == "outcome"]


def make_contract(services, reference="EV-1", stage=Stage.EVALUATION, outcomes=2, weighting=Decimal(10),
                  title="Patient transport services") -> int:
    suppliers = ("Brightwater Services Ltd",) if stage in (Stage.AWARDED, Stage.DELIVERY) else ()
    contract = services.pipeline.create(ContractData(reference=reference, title=title, category=Category.TRANSPORT,
                                                     total_value=Decimal("1800000"), stage=stage,
                                                     supplier_names=suppliers))
    refs = outcome_refs(services)[:outcomes]
    services.selection.save(contract.id, SocialValuePlan(
        weighting_percent=weighting,
        entries=tuple(services.selection.entry_from_catalogue("ppn002", ref) for ref in refs)))
    return contract.id


def make_tab(qtbot, services) -> EvaluationTab:
    tab = EvaluationTab(services.evaluation, pipeline=services.pipeline, selection=services.selection,
                        catalogue=services.catalogue)
    qtbot.addWidget(tab)
    tab.resize(1400, 950)
    tab.show()
    return tab


# -- driving the tab through its widgets ----------------------------------------------------------------

def start(qtbot, tab):
    assert tab.stack.currentIndex() == 0
    assert tab.start_button.isEnabled()
    qtbot.mouseClick(tab.start_button, LEFT)
    assert tab.stack.currentIndex() == 1


def add_bidder(qtbot, tab, name, response):
    tab.sections.setCurrentIndex(SECTION["panel"])
    qtbot.mouseClick(tab.bidders.add_button, LEFT)
    dialog = tab.bidders.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, name)
    dialog.response.setPlainText(response)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible(), dialog.error_text()


def add_member(qtbot, tab, name, role):
    tab.sections.setCurrentIndex(SECTION["panel"])
    qtbot.mouseClick(tab.members.add_button, LEFT)
    dialog = tab.members.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.role, role)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible(), dialog.error_text()


def ids(tab):
    view = tab._evaluation.require(tab.shown_contract)
    return ({b.name: b.id for b in view.bidders}, {m.name: m.id for m in view.members},
            [c.id for c in view.criteria])


def declare(qtbot, tab, member, bidder, details=""):
    bidders, members, _ = ids(tab)
    declarations = tab.declarations
    declarations.table.setFocus()
    declarations.select(members[member], bidders[bidder])
    qtbot.keyClick(declarations.table, Qt.Key.Key_Return)
    dialog = declarations.dialog
    assert dialog is not None and dialog.isVisible()
    assert (dialog.member.name, dialog.bidder.name) == (member, bidder)
    if details:
        qtbot.mouseClick(dialog.conflict, LEFT)
        dialog.details.setPlainText(details)
    else:
        qtbot.mouseClick(dialog.no_conflict, LEFT)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible(), dialog.error_text()


def set_up_panel(qtbot, tab, answer_dialogs):
    """Start, three bidders, three members, every declaration (one conflict)."""
    start(qtbot, tab)
    for name, response in BIDDERS:
        add_bidder(qtbot, tab, name, response)
    for name, role in MEMBERS:
        add_member(qtbot, tab, name, role)
    for member, _role in MEMBERS:
        for bidder, _response in BIDDERS:
            if (member, bidder) == CONFLICT[:2]:
                declare(qtbot, tab, member, bidder, CONFLICT[2])
            elif member == "Jane Ellis":
                continue
            else:
                declare(qtbot, tab, member, bidder)
    # Jane declares "no conflict" for all her bidders in one go
    bidders, members, _ = ids(tab)
    tab.declarations.select(members["Jane Ellis"], bidders["Northway Care CIC"])
    qtbot.mouseClick(tab.declarations.declare_none_button, LEFT)


def export_sheets(qtbot, tab, monkeypatch, folder: Path) -> dict[str, Path]:
    suggested = []

    def save_name(parent, caption, directory, *args, **kwargs):
        suggested.append(Path(directory).name)
        return str(folder / Path(directory).name), "Score sheets (*.svsheet)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    tab.sections.setCurrentIndex(SECTION["sheets"])
    files = {}
    _bidders, members, _ = ids(tab)
    for name, _role in MEMBERS:
        tab.select_member(members[name])
        assert "ready to export" in tab.sheets.readiness.text()
        qtbot.mouseClick(tab.sheets.export_button, LEFT)
        files[name] = folder / sheet_file_name("EV-1", name)
        assert files[name].is_file()
    assert suggested == [f"EV-1 - {name} score sheet.svsheet" for name, _ in MEMBERS]
    return files


def score_in_own_store(tmp_path: Path, index: int, sheet: Path, member: str, out: Path) -> Path:
    """A member on their own laptop: a separate store, their own service; returns the completed sheet."""
    from sv_desktop.app import build_services

    own = build_services(f"sqlite+pysqlite:///{tmp_path / f'm{index}.sqlite3'}")
    try:
        opened = own.score_sheets.open_sheet(sheet.read_bytes())
        assert opened.member_name == member
        criteria = [c.criterion_uid for c in opened.sheet.criteria]
        for bidder in opened.sheet.bidders:
            if bidder.conflict:
                assert (member, bidder.name) == CONFLICT[:2]
                continue
            for criterion_uid, points in zip(criteria, SCORES[member][bidder.name]):
                own.score_sheets.save_score(opened.sheet_uid, bidder.bidder_uid, criterion_uid, Score(
                    points, f"{member} on {bidder.name}: {points} because the commitment is dated and counted."))
        out.write_bytes(own.score_sheets.export_completed(opened.sheet_uid))
    finally:
        own.close()
    return out


def import_files(qtbot, tab, monkeypatch, paths):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in paths], "Score sheets (*.svsheet)")))
    tab.sections.setCurrentIndex(SECTION["sheets"])
    qtbot.mouseClick(tab.sheets.import_button, LEFT)


def moderate(qtbot, tab, criterion_id, bidder_id, points, rationale):
    view = tab.moderation
    row = view.model.row_of_cell(criterion_id, bidder_id)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 1))
    assert view.points.isEnabled()
    view.points.setCurrentIndex(view.points.findData(points))
    view.rationale.clear()
    qtbot.keyClicks(view.rationale, rationale)
    qtbot.mouseClick(view.record_button, LEFT)


def row_texts(model, row):
    return [model.index(row, column).data() for column in range(model.columnCount())]
