"""The Score sheets section: a sheet goes out only once the member has declared; completed sheets come back
several at a time, each refused one with its reason."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from sv_desktop.ui.evaluation.evaluation_tab import SECTION
from tests.ui.evaluation.lead_steps import (
    BIDDERS,
    LEFT,
    MEMBERS,
    add_bidder,
    add_member,
    export_sheets,
    import_files,
    make_contract,
    score_in_own_store,
    set_up_panel,
    start,
)


def test_damaged_sheets_and_sheets_for_another_contract_are_refused_with_the_reason(
        qtbot, services, tab, answer_dialogs, monkeypatch, tmp_path):
    set_up_panel(qtbot, tab, answer_dialogs)
    out = tmp_path / "out"
    out.mkdir()
    issued = export_sheets(qtbot, tab, monkeypatch, out)
    good = score_in_own_store(tmp_path, 1, issued["Priya Shah"], "Priya Shah", tmp_path / "priya.svsheet")
    damaged = tmp_path / "damaged.svsheet"
    damaged.write_bytes(good.read_bytes().replace(b"dated and counted", b"dated and COUNTED"))
    truncated = tmp_path / "truncated.svsheet"
    truncated.write_bytes(good.read_bytes()[:200])
    # another contract's evaluation in the same store, with its own member
    other = make_contract(services, reference="EV-2", title="Linen services")
    services.evaluation.start(other)
    bidder = services.evaluation.add_bidder(other, "Brightwater Services Ltd", "Ten local jobs by 2027.")
    member = services.evaluation.add_member(other, "Priya Shah", "Head of Procurement")
    services.evaluation.declare(other, member.id, bidder.id, False)
    other_sheet = tmp_path / "other blank.svsheet"
    other_sheet.write_bytes(services.evaluation.export_sheet(other, member.id))
    answer_dialogs.asked.clear()

    import_files(qtbot, tab, monkeypatch, [good, damaged, truncated, other_sheet, issued["Tom Okafor"]])
    title, text = answer_dialogs.asked[-1]
    assert title == "Some score sheets were not imported"
    assert "1 of 5 sheets imported, 4 refused" in text
    assert "✔ priya.svsheet: Priya Shah's sheet, version 1, 6 scores imported." in text
    assert "✖ damaged.svsheet: not imported: The file was changed outside SV Desktop" in text
    assert "✖ truncated.svsheet: not imported: The file is damaged or incomplete" in text
    assert "✖ other blank.svsheet: not imported: This sheet is for EV-2 (Linen services), not EV-1." in text
    assert f"✖ {issued['Tom Okafor'].name}: not imported: Tom Okafor's sheet has not been completed" in text
    assert tab.sheets.import_results.toPlainText().startswith("1 of 5 sheets imported, 4 refused.")
    # the same sheet again is explained too
    import_files(qtbot, tab, monkeypatch, [good])
    assert "was already imported" in answer_dialogs.asked[-1][1]
    assert answer_dialogs.asked[-1][0] == "Score sheets not imported"


def test_export_is_refused_with_the_reasons_until_the_member_has_declared(
        qtbot, services, tab, answer_dialogs, monkeypatch, tmp_path):
    start(qtbot, tab)
    add_bidder(qtbot, tab, *BIDDERS[0])
    add_member(qtbot, tab, *MEMBERS[0])
    tab.sections.setCurrentIndex(SECTION["sheets"])
    assert "cannot be exported yet" in tab.sheets.readiness.text()
    assert "has not yet declared conflicts of interest for: Brightwater Services Ltd" in tab.sheets.readiness.text()
    target = tmp_path / "sheet.svsheet"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(tab.sheets.export_button, LEFT)
    title, text = answer_dialogs.asked[-1]
    assert title == "Score sheet not exported"
    assert "Priya Shah has not yet declared conflicts of interest for: Brightwater Services Ltd." in text
    assert not target.exists()
