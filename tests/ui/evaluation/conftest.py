"""Fixtures for the evaluation's two sides: the lead's Evaluation tab over a contract ready to evaluate, and a
panel member's scoring window over their own store with a sheet the lead exported."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.ui.evaluation.scoring_window import ScoringWindow
from tests.ui.evaluation.lead_steps import make_contract, make_tab
from tests.ui.evaluation.member_steps import (
    ACME,
    ACME_RESPONSE,
    BETA,
    DOCUMENT,
    MEMBER,
    make_window,
)

# -- the lead's side --------------------------------------------------------------------------------------


@pytest.fixture
def contract_id(services):
    return make_contract(services)


@pytest.fixture
def tab(qtbot, services, contract_id):
    widget = make_tab(qtbot, services)
    widget.show_contract(contract_id)
    return widget


@pytest.fixture
def reasons(monkeypatch):
    """Answer 'why?' questions after locking; records each question asked."""
    asked = []
    answers = {"text": "Panel minutes corrected after the moderation meeting", "ok": True}

    def ask(parent, title, label, *args, **kwargs):
        asked.append((title, label))
        return answers["text"], answers["ok"]

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(ask))
    return type("Reasons", (), {"asked": asked, "answers": answers})


# -- the member's side -------------------------------------------------------------------------------------

@pytest.fixture
def lead(services, tmp_path):
    """The lead's store: an evaluation ready to issue sheets. Returns (services, contract id, member id)."""
    contract = services.pipeline.create(ContractData(
        reference="FM/2026-07", title="Soft FM services", category=Category.ESTATES_FACILITIES,
        stage=Stage.EVALUATION, total_value=Decimal("750000"), start_date=date(2026, 10, 1),
        end_date=date(2029, 9, 30)))
    framework = services.catalogue.catalogue().framework("ppn002")
    outcomes = [entry.ref for entry in framework.walk() if entry.kind == "outcome"][:2]
    plan = services.selection.plan(contract.id)
    services.selection.save(contract.id, replace(
        plan, weighting_percent=Decimal(10),
        entries=tuple(services.selection.entry_from_catalogue("ppn002", ref) for ref in outcomes)))
    services.evaluation.start(contract.id)
    acme = services.evaluation.add_bidder(contract.id, ACME, ACME_RESPONSE)
    document = tmp_path / "Acme method statement.pdf"
    document.write_bytes(DOCUMENT)
    services.evaluation.attach_response(contract.id, acme.id, document)
    beta = services.evaluation.add_bidder(contract.id, BETA, "We commit to supporting the community.")
    member = services.evaluation.add_member(contract.id, MEMBER, "Estates manager")
    services.evaluation.declare(contract.id, member.id, acme.id, False)
    services.evaluation.declare(contract.id, member.id, beta.id, True, "My partner is a director of Beta.")
    return services, contract.id, member.id


@pytest.fixture
def sheet_file(lead, tmp_path) -> Path:
    services, contract_id, member_id = lead
    path = tmp_path / "FM-2026-07 - Priya Shah.svsheet"
    path.write_bytes(services.evaluation.export_sheet(contract_id, member_id, organisation="Northshire NHS Trust"))
    return path


@pytest.fixture
def member_services(tmp_path):
    """The member's own laptop: a second, separate store."""
    from sv_desktop.app import build_services

    built = build_services(f"sqlite+pysqlite:///{tmp_path / 'member.sqlite3'}")
    yield built
    built.close()


@pytest.fixture
def window(qtbot, member_services) -> ScoringWindow:
    return make_window(qtbot, member_services)


@pytest.fixture
def opened(window, sheet_file, answer_dialogs) -> ScoringWindow:
    assert window.open_file(sheet_file)
    return window


@pytest.fixture
def message_box(monkeypatch):
    """Answer a QMessageBox built and run with exec(); records its text and button labels."""
    shown = []
    answer = {"button": QMessageBox.StandardButton.Yes}

    def run(box):
        shown.append({"text": box.text() + "\n" + box.informativeText(),
                      "buttons": {b: box.button(b).text() for b in (QMessageBox.StandardButton.Yes,
                                                                  QMessageBox.StandardButton.No,
                                                                  QMessageBox.StandardButton.Cancel)
                                  if box.button(b) is not None}})
        return answer["button"]

    monkeypatch.setattr(QMessageBox, "exec", run)
    return type("Box", (), {"shown": shown, "answer": answer})
