"""A supplier's emissions trajectory as a ReportLab drawing: the straight path to net zero and the reported years.

The path and the on-track test are the domain's (sv_desktop.domain.carbon_trajectory,
METHOD); this module only draws them. A reported year above the path is drawn
as a triangle, at or below it as a circle, and the baseline as a square, so the
chart still reads in black and white or for a reader who cannot tell red from
green. Every point carries its value in tCO2e.
"""
from __future__ import annotations

import math
from decimal import Decimal

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from sv_desktop.domain.carbon_plan import format_tonnes
from sv_desktop.domain.carbon_trajectory import Trajectory
from sv_desktop.reports import styles as s
from sv_desktop.reports.charts import rect
from sv_desktop.reports.flowables import safe_plain_text
from sv_desktop.reports.templates import fit_text

PATH_COLOUR = s.NHS_DARK_GREY
REPORTED_LINE = s.NHS_BLUE
BASELINE_COLOUR = s.NHS_DARK_BLUE
ON_TRACK_COLOUR = s.NHS_GREEN
ABOVE_COLOUR = s.NHS_RED
GRID = colors.HexColor("#D5DCDE")
LABEL_BACKING = colors.Color(1, 1, 1, alpha=0.85)
FONT_SIZE = 7
TITLE_SIZE = 8.5
MARKER = 3.4  # half the marker's size, in points

LEFT = 46  # room for the tCO2e tick labels and the axis title
RIGHT = 12
BOTTOM = 28  # year labels and the axis title
TITLE_HEIGHT = 16
LEGEND_ROW = 12


def _path(found: Trajectory) -> tuple[int, Decimal, int] | None:
    """The baseline year, baseline footprint and net zero year, when they make a path to draw."""
    if (found.baseline_year is not None and found.baseline_tco2e is not None and found.baseline_tco2e > 0
            and found.net_zero_year is not None and found.net_zero_year > found.baseline_year):
        return found.baseline_year, found.baseline_tco2e, found.net_zero_year
    return None


def can_draw(found: Trajectory) -> bool:
    """True when there is a path to draw: a baseline footprint, its year and a later net zero year."""
    return _path(found) is not None


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _tick_text(value: float) -> str:
    """Axis numbers in full up to a million tonnes ("12,500"), then in thousands ("1,250k")."""
    if value >= 1_000_000:
        return f"{value / 1000:,.0f}k"
    if value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _year_step(first: int, last: int, room: float) -> int:
    """Label every year while they fit (a label needs about 26 points), else every 2nd, 5th or 10th."""
    years = max(1, last - first)
    for step in (1, 2, 5, 10, 20):
        if room / (years / step) >= 26:
            return step
    return 25


def _square(x: float, y: float, colour: colors.Color) -> Rect:
    return rect(x - MARKER, y - MARKER, 2 * MARKER, 2 * MARKER, fillColor=colour, strokeColor=colors.white,
                strokeWidth=0.6)


def _circle(x: float, y: float, colour: colors.Color) -> Circle:
    return Circle(x, y, MARKER + 0.3, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6)


def _triangle(x: float, y: float, colour: colors.Color) -> Polygon:
    size = MARKER + 1.2
    return Polygon([x - size, y - size * 0.8, x + size, y - size * 0.8, x, y + size * 1.1], fillColor=colour,
                   strokeColor=colors.white, strokeWidth=0.6)


def trajectory_drawing(found: Trajectory, width: float, height: float = 190, title: str = "") -> Drawing:
    """The chart of one supplier's trajectory; a short note in the box when there is no path to draw."""
    # The initial font, or the renderer starts every drawing in Helvetica.
    drawing = Drawing(width, height, initialFontName=s.FONT, initialFontSize=FONT_SIZE)
    top = height
    if title:
        drawing.add(String(0, height - 10, fit_text(safe_plain_text(title, 200), s.FONT_BOLD, TITLE_SIZE, width),
                           fontName=s.FONT_BOLD, fontSize=TITLE_SIZE, fillColor=s.NHS_DARK_BLUE))
        top = height - TITLE_HEIGHT
    path = _path(found)
    if path is None:
        drawing.add(rect(0, 0, width, top - 2, fillColor=s.NHS_PALE_GREY, strokeColor=None))
        drawing.add(String(8, (top - 2) / 2 - 3, fit_text("No trajectory to draw: " + found.status.lower(), s.FONT,
                                                          FONT_SIZE + 1, width - 16),
                           fontName=s.FONT, fontSize=FONT_SIZE + 1, fillColor=s.NHS_DARK_GREY))
        return drawing
    first_year, baseline_tco2e, net_zero_year = path

    legend_items = _legend_items(found)
    legend_rows = _legend_layout(legend_items, width - LEFT)
    legend_height = LEGEND_ROW * len(legend_rows) + 4
    plot_x, plot_y = LEFT, BOTTOM + legend_height
    plot_w, plot_h = width - LEFT - RIGHT, top - plot_y - 14  # 14: room for the top value label
    last_year = max([net_zero_year] + [p.year for p in found.points])
    values = [float(baseline_tco2e)] + [float(p.tco2e) for p in found.points]
    step = nice_step(max(values))
    y_max = step * math.ceil(max(values) * 1.08 / step)

    def x_of(year: float) -> float:
        return plot_x + (year - first_year) / max(1, last_year - first_year) * plot_w

    def y_of(value: float) -> float:
        return plot_y + value / y_max * plot_h

    # Grid and the tCO2e axis.
    tick = 0.0
    while tick <= y_max + step / 1000:
        y = y_of(tick)
        drawing.add(Line(plot_x, y, plot_x + plot_w, y, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(String(plot_x - 4, y - 2.4, _tick_text(tick), fontName=s.FONT, fontSize=FONT_SIZE,
                           fillColor=s.NHS_DARK_GREY, textAnchor="end"))
        tick += step
    axis_title = String(9, plot_y + plot_h / 2, "tCO2e", fontName=s.FONT, fontSize=FONT_SIZE,
                        fillColor=s.NHS_DARK_GREY, textAnchor="middle")
    rotated = Group(axis_title)
    rotated.rotate(90)
    # rotate() turns about the origin: (x, y) lands on (-y, x), so place the text where it ends up upright.
    axis_title.x, axis_title.y = plot_y + plot_h / 2, -9
    drawing.add(rotated)

    # The years along the bottom.
    drawing.add(Line(plot_x, plot_y, plot_x + plot_w, plot_y, strokeColor=s.NHS_MID_GREY, strokeWidth=0.6))
    year_step = _year_step(first_year, last_year, plot_w)
    labelled = set(range(first_year, last_year + 1, year_step)) | {first_year, net_zero_year}
    for year in sorted(labelled):
        x = x_of(year)
        drawing.add(Line(x, plot_y, x, plot_y - 3, strokeColor=s.NHS_MID_GREY, strokeWidth=0.6))
    shown: list[float] = []  # x of each year label drawn; the baseline and net zero years go first
    for year in sorted(labelled, key=lambda y: (y not in (first_year, net_zero_year), y)):
        x = x_of(year)
        half = stringWidth(str(year), s.FONT, FONT_SIZE) / 2
        if any(abs(x - other) < 2 * half + 3 for other in shown):
            continue
        shown.append(x)
        drawing.add(String(x, plot_y - 11, str(year), fontName=s.FONT, fontSize=FONT_SIZE,
                           fillColor=s.NHS_DARK_GREY, textAnchor="middle"))
    drawing.add(String(plot_x + plot_w / 2, plot_y - 22, "Year (reporting year end)", fontName=s.FONT,
                       fontSize=FONT_SIZE, fillColor=s.NHS_DARK_GREY, textAnchor="middle"))

    # The straight path from the baseline to zero in the net zero year.
    drawing.add(Line(x_of(first_year), y_of(float(baseline_tco2e)), x_of(net_zero_year), y_of(0),
                     strokeColor=PATH_COLOUR, strokeWidth=1.2, strokeDashArray=[4, 3]))
    # What was reported, joined in year order.
    points = list(found.points)
    for before, after in zip(points, points[1:]):
        drawing.add(Line(x_of(before.year), y_of(float(before.tco2e)), x_of(after.year), y_of(float(after.tco2e)),
                         strokeColor=REPORTED_LINE, strokeWidth=1))
    # Markers go on top of everything; their boxes are taken first so no value label covers one.
    markers: list[Rect | Polygon | Circle] = []
    placed: list[tuple[float, float, float, float]] = []
    for index, point in enumerate(points):
        x, y = x_of(point.year), y_of(float(point.tco2e))
        if index == 0 and point.label == "baseline":
            markers.append(_square(x, y, BASELINE_COLOUR))
        elif point.tco2e > point.expected:
            markers.append(_triangle(x, y, ABOVE_COLOUR))
        else:
            markers.append(_circle(x, y, ON_TRACK_COLOUR))
        placed.append((x - MARKER - 1, y - MARKER - 1, x + MARKER + 1, y + MARKER + 1))
    for point in points:
        _value_label(drawing, format_tonnes(point.tco2e), x_of(point.year), y_of(float(point.tco2e)),
                     plot_x, plot_x + plot_w, plot_y, placed)
    for marker in markers:
        drawing.add(marker)

    _draw_legend(drawing, legend_rows, plot_x, 4 + LEGEND_ROW * (len(legend_rows) - 1))
    return drawing


def _value_label(drawing: Drawing, text: str, x: float, y: float, left: float, right: float, bottom: float,
                 placed: list[tuple[float, float, float, float]]) -> None:
    """The value beside its marker: above, else below, else to the right; never over another label."""
    width = stringWidth(text, s.FONT_BOLD, FONT_SIZE)
    centre = min(max(x, left + width / 2), right - width / 2)
    candidates = [(centre, y + MARKER + 3), (centre, y - MARKER - 3 - FONT_SIZE),
                  (min(x + MARKER + 3 + width / 2, right - width / 2), y - FONT_SIZE / 2 + 1)]
    for cx, cy in candidates:
        box = (cx - width / 2 - 1, cy - 1, cx + width / 2 + 1, cy + FONT_SIZE)
        if cy < bottom + 1:
            continue
        if not any(box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
                   for other in placed):
            break
    else:
        return  # no free place: the marker alone is clearer than two labels on top of each other
    placed.append(box)
    # A pale backing keeps the number readable where it sits on a line.
    drawing.add(rect(box[0], box[1], box[2] - box[0], box[3] - box[1], fillColor=LABEL_BACKING, strokeColor=None))
    drawing.add(String(cx, cy, text, fontName=s.FONT_BOLD, fontSize=FONT_SIZE, fillColor=s.TEXT,
                       textAnchor="middle"))


def _legend_items(found: Trajectory) -> list[tuple[str, str]]:
    items = [("path", f"Straight path to net zero in {found.net_zero_year}"), ("baseline", "Baseline")]
    reported = found.points[1:] if found.points and found.points[0].label == "baseline" else found.points
    if any(p.tco2e <= p.expected for p in reported):
        items.append(("on", "Reported: on or below the path"))
    if any(p.tco2e > p.expected for p in reported):
        items.append(("above", "Reported: above the path"))
    if not reported:
        items.append(("none", "No later year reported yet"))
    return items


def _legend_width(label: str) -> float:
    return 22 + stringWidth(label, s.FONT, FONT_SIZE) + 12


def _legend_layout(items: list[tuple[str, str]], width: float) -> list[list[tuple[str, str]]]:
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for item in items:
        needed = _legend_width(item[1])
        if rows[-1] and used + needed > width:
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += needed
    return rows


def _draw_legend(drawing: Drawing, rows: list[list[tuple[str, str]]], x0: float, y0: float) -> None:
    y = y0
    for row in rows:
        x = x0
        for kind, label in row:
            middle = y + 2.5
            if kind == "path":
                drawing.add(Line(x, middle, x + 16, middle, strokeColor=PATH_COLOUR, strokeWidth=1.2,
                                 strokeDashArray=[4, 3]))
            elif kind == "baseline":
                drawing.add(_square(x + 8, middle, BASELINE_COLOUR))
            elif kind == "on":
                drawing.add(_circle(x + 8, middle, ON_TRACK_COLOUR))
            elif kind == "above":
                drawing.add(_triangle(x + 8, middle, ABOVE_COLOUR))
            drawing.add(String(x + 20, y, label, fontName=s.FONT, fontSize=FONT_SIZE, fillColor=s.TEXT))
            x += _legend_width(label)
        y -= LEGEND_ROW


__all__ = ["can_draw", "nice_step", "trajectory_drawing"]
