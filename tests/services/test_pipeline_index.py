"""Filtering and sorting on precomputed keys gives the same answers as the obvious way."""
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.services.pipeline import PipelineRow
from sv_desktop.services.pipeline_index import OPEN_STAGES, Column, PipelineFilter, PipelineIndex

TODAY = date(2026, 11, 22)


def row(i, title, stage=Stage.PIPELINE, category=Category.OTHER, end=None, lead="", value=None, suppliers=""):
    return PipelineRow(i, f"R-{i:03d}", title, category, stage, value, None, None, end, None, lead, "", suppliers, "")


ROWS = [
    row(1, "Soft FM cleaning", Stage.DELIVERY, Category.ESTATES_FACILITIES, date(2027, 3, 31), "Priya", Decimal(5)),
    row(2, "Cleaning materials", Stage.CLOSED, Category.OTHER, date(2025, 1, 1), "Tom", Decimal(50)),
    row(3, "Electronic patient record", Stage.TENDER, Category.DDAT, date(2031, 1, 1), "Priya", None,
        suppliers="Mercia Digital Ltd"),
    row(4, "Lift maintenance", Stage.DELIVERY, Category.ESTATES_FACILITIES, date(2027, 11, 1), "Tom", Decimal(7)),
]


def shown(index):
    return [index.rows[i].id for i in index.visible]


def test_search_needs_every_word_in_any_column_ignoring_case():
    index = PipelineIndex(ROWS)
    index.apply(PipelineFilter(text="CLEAN"))
    assert shown(index) == [1, 2]
    index.apply(PipelineFilter(text="clean soft"))
    assert shown(index) == [1]
    index.apply(PipelineFilter(text="mercia"))
    assert shown(index) == [3]


def test_filters_combine_with_search():
    index = PipelineIndex(ROWS)
    index.apply(PipelineFilter(text="clean", stage=OPEN_STAGES))
    assert shown(index) == [1]
    index.apply(PipelineFilter(category=Category.ESTATES_FACILITIES, procurement_lead="Tom"))
    assert shown(index) == [4]
    index.apply(PipelineFilter(ends_within_months=12, today=TODAY))
    assert shown(index) == [1, 4]


def test_sorting_keeps_the_filter_and_puts_blank_values_last():
    index = PipelineIndex(ROWS)
    index.sort(Column.TOTAL_VALUE, descending=True)
    assert shown(index) == [2, 4, 1, 3]
    index.apply(PipelineFilter(text="e"))
    assert shown(index) == [2, 4, 1, 3]
    index.sort(Column.END_DATE)
    assert shown(index) == [2, 1, 4, 3]


words = st.text(alphabet="abcde ", max_size=6)


@settings(max_examples=150, deadline=None)
@given(titles=st.lists(st.text(alphabet="abcdeXY ", max_size=12), max_size=30), queries=st.lists(words, max_size=6))
def test_incremental_search_matches_a_plain_scan(titles, queries):
    rows = [row(i, t) for i, t in enumerate(titles)]
    index = PipelineIndex(rows)
    index.sort(Column.TITLE)
    for query in queries:
        index.apply(PipelineFilter(text=query))
        wanted = query.casefold().split()
        expected = sorted(
            (r for r in rows if all(w in "\t".join((r.reference, r.title, r.suppliers, r.procurement_lead,
                                                   r.contract_manager, r.category.label, r.stage.label,
                                                   r.parent_reference)).casefold() for w in wanted)),
            key=lambda r: (r.title.casefold(), r.id),
        )
        assert [index.rows[i].id for i in index.visible] == [r.id for r in expected]
