"""How the moderation grid reads a cell in words: the spread and the outliers."""
from __future__ import annotations

from sv_desktop.ui.evaluation.moderation_models import outliers_text, spread_text


def test_spread_and_outlier_texts_read_in_words():
    from sv_desktop.domain.evaluation import DEFAULT_SCALE, spread
    from sv_desktop.domain.evaluation_views import Cell

    cell = Cell(1, 1, {}, spread([], DEFAULT_SCALE), None, "", None)
    assert spread_text(cell) == "No scores yet"
    cell = Cell(1, 1, {}, spread([60, 60], DEFAULT_SCALE), None, "", None)
    assert spread_text(cell) == "60 (all agree)"
    view = type("View", (), {"members": ()})()
    assert outliers_text(view, cell) == "Too few scores to judge"
