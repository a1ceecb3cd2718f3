"""The list-and-detail page base the pipeline and supplier pages share."""
from sv_desktop.ui.common.list_page import ListDetailPage, count_text
from sv_desktop.ui.pipeline.pipeline_page import PipelinePage
from sv_desktop.ui.suppliers.suppliers_page import SuppliersPage


def test_both_registers_are_list_and_detail_pages_remembered_under_their_own_keys():
    assert issubclass(PipelinePage, ListDetailPage) and issubclass(SuppliersPage, ListDetailPage)
    assert {PipelinePage.LAYOUT_KEY, SuppliersPage.LAYOUT_KEY} == {"pipeline", "suppliers"}


def test_the_count_line_says_empty_all_none_matching_or_how_many():
    words = {"one": "supplier", "many": "suppliers", "empty": "No suppliers yet."}
    assert count_text(0, 0, **words) == "No suppliers yet."
    assert count_text(1, 1, **words) == "1 supplier"
    assert count_text(0, 1_200, **words).startswith("No suppliers match the filters (of 1,200).")
    assert count_text(3, 1_200, **words) == "3 of 1,200 suppliers match"
