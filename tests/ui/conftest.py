"""UI fixtures: services over a fresh store with a little demo data."""
from datetime import date

import pytest

from sv_desktop.services.demo.generator import generate_demo


@pytest.fixture(autouse=True)
def _background_tasks_finish(qapp):
    """No test leaves a thread running into the next one."""
    yield
    from sv_desktop.ui.common.background import wait_for_background_tasks

    assert wait_for_background_tasks(20000)


@pytest.fixture
def store_session(qtbot):
    """The desktop app's StoreSession with the composition root's wiring, its window hidden and its store let go
    after the test."""
    from sv_desktop.app import build_services
    from sv_desktop.ui.app.application import StoreSession

    opened = StoreSession(build_services)
    yield opened
    if opened.window is not None:
        opened.window.hide()
    opened.close()


def _demo_data(services):
    generate_demo(services.uow_factory, contracts=60, today=date.today())


@pytest.fixture
def demo_services(seeded_services):
    """Services over a store of its own holding 60 demo contracts (generated once, copied per test)."""
    return seeded_services("ui-demo-60", _demo_data)


@pytest.fixture
def answer_dialogs(monkeypatch):
    """Answer QMessageBox questions without showing them; records what was asked."""
    from PySide6.QtWidgets import QMessageBox

    asked = []
    replies = {"answer": QMessageBox.StandardButton.Yes}

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return replies["answer"]

    def note(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(note))
    return type("Dialogs", (), {"asked": asked, "replies": replies})
