"""The trajectory chart: what it draws, what it says in words, and its empty states."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtGui import QColor, QImage

from sv_desktop.domain.carbon_plan import REQUIRED_SOURCES, CarbonPlanData, EmissionFigure, emissions
from sv_desktop.domain.carbon_trajectory import Trajectory, trajectory
from sv_desktop.domain.policy import CarbonPlan
from sv_desktop.ui.carbon.trajectory_chart import TrajectoryChart
from sv_desktop.ui.common.theme import chart_ink


def breakdown(total: int):
    """`total` tCO2e over the seven required sources (the first one takes the remainder)."""
    share = Decimal(total) / 7
    figures = {source: EmissionFigure(share.quantize(Decimal("0.1"))) for source in REQUIRED_SOURCES[1:]}
    figures[REQUIRED_SOURCES[0]] = EmissionFigure(Decimal(total) - sum(f.tco2e for f in figures.values()))
    return emissions(figures)


def plan(published: date, reported_year: int | None, current: int | None) -> CarbonPlanData:
    return CarbonPlanData(
        CarbonPlan.FULL_CRP, publication_date=published, baseline_year=2019, baseline=breakdown(1200),
        reporting_year_end=date(reported_year, 12, 31) if reported_year else None,
        current=breakdown(current) if current else emissions(), net_zero_year=2045)


# Baseline 1,200 t in 2019, net zero 2045; the path is 1,061.5 in 2022, 969.2 in 2024 and 923.1 in 2025.
ON_TRACK = trajectory([plan(date(2023, 3, 1), 2022, 1050), plan(date(2025, 3, 1), 2024, 960)])
BEHIND = trajectory([plan(date(2023, 3, 1), 2022, 1050), plan(date(2025, 3, 1), 2024, 960),
                     plan(date(2026, 3, 1), 2025, 940)])


def colour_count(image: QImage, colour: QColor) -> int:
    """Pixels of exactly this colour (antialiased edges aside, a marker's fill)."""
    wanted = colour.rgb()
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) == wanted)


@pytest.fixture
def chart(qtbot) -> TrajectoryChart:
    widget = TrajectoryChart()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    return widget


def test_the_sample_trajectories_are_on_track_and_behind():
    assert ON_TRACK.status == "On track" and BEHIND.status == "Behind"


def test_a_point_above_the_path_is_drawn_as_a_triangle_in_its_own_colour(chart, tmp_path):
    chart.set_trajectory(BEHIND)
    image = chart.grab().toImage()
    assert colour_count(image, chart_ink().alert) > 20  # the triangle and its "940" label
    assert colour_count(image, chart_ink().checked) > 20
    assert chart.grab().save(str(tmp_path / "trajectory.png"))

    chart.set_trajectory(ON_TRACK)
    assert colour_count(chart.grab().toImage(), chart_ink().alert) == 0


def test_the_accessible_description_says_in_words_what_the_chart_shows(chart):
    chart.set_trajectory(BEHIND)
    description = chart.accessibleDescription()
    assert chart.accessibleName() == "Emissions trajectory chart"
    assert description.startswith("Behind by 16.9 tCO2e.")
    assert "2019: baseline 1,200 tCO2e." in description
    assert "2022: reported 1,050 tCO2e, path 1,061.5, on or below the path." in description
    assert "2025: reported 940 tCO2e, path 923.1, above the path." in description
    assert "Net zero target 2045." in description
    assert chart.empty_text() == ""


def test_without_a_supplier_or_enough_data_it_says_why_instead_of_drawing(chart):
    chart.set_trajectory(None)
    assert not chart.has_chart() and "Choose a supplier" in chart.empty_text()
    only_nzc = trajectory([CarbonPlanData(CarbonPlan.NZC, net_zero_year=2040)])
    chart.set_trajectory(only_nzc)
    assert not chart.has_chart()
    assert chart.empty_text().startswith("No full Carbon Reduction Plan recorded")
    assert "No full Carbon Reduction Plan recorded" in chart.accessibleDescription()
    image = chart.grab().toImage()
    assert colour_count(image, chart_ink().checked) == 0


def test_a_baseline_with_no_later_year_still_draws_the_path(chart):
    only_baseline = trajectory([plan(date(2026, 3, 1), None, None)])
    assert only_baseline.status == "Not enough data"
    chart.set_trajectory(only_baseline)
    assert chart.has_chart()
    assert "no later year reported yet" in chart.accessibleDescription()
    assert colour_count(chart.grab().toImage(), chart_ink().checked) == 0  # no reported line or markers


@pytest.mark.parametrize("size", [(360, 220), (500, 300), (800, 450), (1600, 900)])
def test_it_paints_at_small_and_large_sizes(chart, size):
    chart.resize(*size)
    chart.set_trajectory(BEHIND)
    image = chart.grab().toImage()
    assert (image.width(), image.height()) == size
    assert colour_count(image, chart_ink().alert) > 0


def test_a_reported_year_after_the_net_zero_year_widens_the_axis(chart):
    late = Trajectory("Behind", "Behind by 100 tCO2e.", 2019, Decimal(1200), 2030, trajectory([
        plan(date(2026, 3, 1), 2025, 900)]).points)
    chart.set_trajectory(late)
    assert chart.has_chart()
    assert chart.grab().toImage().width() == 500
