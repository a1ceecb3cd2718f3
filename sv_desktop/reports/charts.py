"""Charts drawn with ReportLab graphics (vector, in the embedded font): horizontal bars are easiest to read."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict, Unpack

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from sv_desktop.reports import styles as s
from sv_desktop.reports.flowables import safe_plain_text
from sv_desktop.reports.templates import fit_text

LABEL_WIDTH = 150  # points kept on the left for category names


class RectStyle(TypedDict, total=False):
    """The shape properties the report charts give a Rect."""

    fillColor: colors.Color | None
    strokeColor: colors.Color | None
    strokeWidth: float
    strokeDashArray: Sequence[float]


def rect(x: float, y: float, width: float, height: float, **style: Unpack[RectStyle]) -> Rect:
    """A Rect with the given fill and stroke, its keywords type-checked."""
    # reportlab stubs: Rect's **kw is annotated without Unpack, so it rejects every keyword (Circle's is right).
    return Rect(x, y, width, height, **style)  # type: ignore[arg-type]


def horizontal_bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | Decimal],
    width: float,
    *,
    value_format: str = "{:,.0f}",
    colour: colors.Color = s.NHS_BLUE,
) -> Drawing:
    """One series of labelled horizontal bars with the value printed at each bar's end.

    Every label stays in the chart even when its value is zero, so a reader can
    see that a stage or category is empty rather than wonder whether it is missing.
    """
    bar_height = 15
    plot_height = max(bar_height * len(labels), bar_height)
    height = plot_height + 36
    # The initial font, or the renderer starts every drawing in Helvetica.
    drawing = Drawing(width, height, initialFontName=s.FONT, initialFontSize=7.5)
    drawing.add(String(0, height - 11, safe_plain_text(title, 120), fontName=s.FONT_BOLD, fontSize=9,
                       fillColor=s.NHS_DARK_BLUE))
    chart = HorizontalBarChart()
    chart.x = LABEL_WIDTH
    chart.y = 8
    chart.height = plot_height
    chart.width = width - LABEL_WIDTH - 60  # type: ignore[assignment]  # reportlab stubs: any number, not int
    # ReportLab draws the first category at the bottom; reverse so the list reads top-down.
    chart.data = [list(reversed([float(v) for v in values]))] if values else [[0.0]]
    shown = [fit_text(safe_plain_text(label, 80), s.FONT, 7.5, LABEL_WIDTH - 8) for label in labels] or [""]
    chart.categoryAxis.categoryNames = list(reversed(shown))
    chart.categoryAxis.labels.fontName = s.FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = s.NHS_MID_GREY
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.visible = False
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([float(v) for v in values] + [1.0]) * 1.02
    chart.bars[0].fillColor = colour
    chart.bars[0].strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = 4
    chart.barLabelFormat = lambda value: value_format.format(value)
    chart.barLabels.fontName = s.FONT
    chart.barLabels.fontSize = 7.5
    chart.barLabels.fillColor = s.TEXT
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabels.nudge = 0
    drawing.add(chart)
    return drawing


def money_short(value: float) -> str:
    """£1.2m / £350k / £900: bar labels must stay short."""
    if value >= 1_000_000_000:
        return f"£{value / 1_000_000_000:,.1f}bn"
    if value >= 1_000_000:
        return f"£{value / 1_000_000:,.1f}m"
    if value >= 1_000:
        return f"£{value / 1_000:,.0f}k"
    return f"£{value:,.0f}"


class _MoneyFormat(str):
    """A format string object that ReportLab's barLabelFormat accepts and that prints short money."""

    def format(self, value: float) -> str:  # type: ignore[override]
        return money_short(value)


MONEY = _MoneyFormat("{}")
