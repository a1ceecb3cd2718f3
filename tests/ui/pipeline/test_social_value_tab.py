"""Choosing social value as an officer would: tick outcomes, refine a criterion, set the weighting, save.

Wording and the workforce-baseline rule come from the PPN 002 model
(000_14458fa951fc6b05.txt); category suggestions from the seed 002 guides
(002_80f5ea46fbe04add.txt, "Guide - Social Value Themes For NHS Estates & Facilities Procurements").
"""
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.selection import SelectionService
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.pipeline.social_value_tab import SocialValueTab
from tests.ui.accessibility import unnamed_controls


@pytest.fixture
def tab(qtbot, services):
    selection = SelectionService(services.uow_factory, services.catalogue)
    contract = services.pipeline.create(
        ContractData(reference="EF-1", title="Soft FM cleaning", category=Category.ESTATES_FACILITIES))
    widget = SocialValueTab(selection, services.catalogue, services.pipeline)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.show_contract(contract.id)
    widget.selection_service = selection
    widget.contract_id = contract.id
    return widget


def tree_item(tab, framework_id, ref):
    for item in tab._items():
        if item.data(0, ItemRole.KEY) == (framework_id, ref):
            return item
    raise AssertionError(f"{ref} not in the tree")


def tick(tab, framework_id, ref):
    tree_item(tab, framework_id, ref).setCheckState(0, Qt.CheckState.Checked)


def test_ticking_entries_lists_them_and_flags_the_workforce_baseline(tab):
    assert "Not required" in tab.workforce_note.text()
    tick(tab, "ppn002", "4")
    tick(tab, "ppn002", "1")
    chosen = [tab.chosen.topLevelItem(i).data(0, ItemRole.KEY) for i in range(tab.chosen.topLevelItemCount())]
    assert chosen == [("ppn002", "1"), ("ppn002", "4")]  # catalogue order
    assert "roles (not FTE)" in tab.workforce_note.text()
    assert tab.is_dirty()


def test_refining_a_criterion_shows_what_changed_and_is_saved_beside_the_original(qtbot, tab):
    tick(tab, "ppn002", "4a")
    tab.chosen.setCurrentItem(tab.chosen.topLevelItem(0))
    original = tab.original.toPlainText()
    tab.refined.selectAll()
    qtbot.keyClicks(tab.refined, "Deliver environmental benefits across our estate")
    assert "{+" in tab.changes.text() and "[-" in tab.changes.text()
    assert tab.chosen.topLevelItem(0).text(2).startswith("Refined")
    tab.weighting.setText("12.5")
    assert tab.save()
    plan = tab.selection_service.plan(tab.contract_id)
    assert plan.weighting_percent == Decimal("12.50")
    assert plan.entries[0].original_text == original
    assert plan.entries[0].refined_text == "Deliver environmental benefits across our estate"


def test_search_narrows_the_tree_to_matches_and_their_path(qtbot, tab):
    qtbot.keyClicks(tab.search, "carbon emissions")
    assert not tree_item(tab, "ppn002", "4ai").isHidden()
    assert tree_item(tab, "ppn002", "1ai").isHidden()


def test_a_bad_weighting_says_which_field_and_nothing_is_stored(qtbot, tab):
    tick(tab, "ppn002", "4")
    tab.weighting.setText("lots")
    assert not tab.save()
    assert "Social value weighting" in tab.error.text()
    assert tab.selection_service.plan(tab.contract_id).version == 0


def test_estates_contracts_get_the_category_guide_suggestions(tab):
    assert "Suggested for Estates & Facilities" in tree_item(tab, "nhs_themes", "T1").text(2)
    assert "T1" in tab.suggestions.text()


def test_copy_puts_the_filled_question_on_the_clipboard(qtbot, tab):
    from PySide6.QtGui import QGuiApplication

    tick(tab, "ppn002", "4")
    tab.word_limit.setValue(500)
    tab.copy_questions()
    text = QGuiApplication.clipboard().text()
    assert "In no more than 500 words" in text and "Sustainable procurement practices" in text


def test_every_control_has_an_accessible_name(tab):
    assert unnamed_controls(tab) == []


def test_save_as_word_writes_the_questions_through_the_selection_service(qtbot, tab, tmp_path, monkeypatch):
    """The Word tender pack is a service method (SelectionService.write_tender_word): the tab never builds it."""
    from docx import Document
    from PySide6.QtWidgets import QFileDialog

    tick(tab, "ppn002", "4")
    tab.word_limit.setValue(500)
    target = tmp_path / "EF-1-questions.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    written = []
    original = SelectionService.write_tender_word

    def spy(service, *args, **kwargs):
        written.append(service)
        return original(service, *args, **kwargs)

    monkeypatch.setattr(SelectionService, "write_tender_word", spy)
    tab.save_word()
    assert written == [tab.selection_service] and tab.heading.text() == f"Saved {target}"
    text = "\n".join(paragraph.text for paragraph in Document(str(target)).paragraphs)
    assert "In no more than 500 words" in text and "Sustainable procurement practices" in text
