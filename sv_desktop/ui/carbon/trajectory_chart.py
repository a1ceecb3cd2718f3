"""A supplier's reported footprints against the straight-line path to net zero, drawn with QPainter.

PySide6-Essentials has no QtCharts, so the chart is painted here: years along
the bottom (baseline year to net zero year), tCO2e up the side from zero, the
path as a dashed line, the reported footprints as markers joined by a solid
line, each labelled with its value. A point above the path gets a triangle
instead of a circle, so the state never rests on colour alone. The same facts
are given in words through the accessible description.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from sv_desktop.domain.carbon_plan import format_tonnes
from sv_desktop.domain.carbon_trajectory import Trajectory, TrajectoryPoint
from sv_desktop.ui.common.theme import chart_ink

# Colours (all text colours reach at least 4.5:1 on the white background).

NO_SUPPLIER_MESSAGE = "Choose a supplier to see its emissions trajectory."
NEEDS = ("The chart needs a full Carbon Reduction Plan with a baseline year and footprint, "
         "a net zero year, and a later reported year.")


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits and how data values map to pixels."""

    plot: QRectF
    first_year: int
    last_year: int
    top_value: float

    def x(self, year: float) -> float:
        span = max(self.last_year - self.first_year, 1)
        inner = self.plot.adjusted(14, 0, -14, 0)
        return inner.left() + (year - self.first_year) / span * inner.width()

    def y(self, value: float) -> float:
        return self.plot.bottom() - value / self.top_value * self.plot.height()


class TrajectoryChart(QWidget):
    """Paints one Trajectory; set_trajectory(None) shows the "choose a supplier" message."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._trajectory: Trajectory | None = None
        self._message = NO_SUPPLIER_MESSAGE
        self.setAccessibleName("Emissions trajectory chart")
        self._ink = chart_ink()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)
        self._update_description()

    # -- data in -----------------------------------------------------------------------
    def set_trajectory(self, trajectory: Trajectory | None, message: str = "") -> None:
        """Show a trajectory; `message` replaces the empty-state text when there is nothing to draw."""
        self._trajectory = trajectory
        self._message = message or (NO_SUPPLIER_MESSAGE if trajectory is None else "")
        self._update_description()
        self.update()

    def trajectory(self) -> Trajectory | None:
        return self._trajectory

    def has_chart(self) -> bool:
        """True when there is a path to draw (baseline, footprint and net zero year known)."""
        t = self._trajectory
        return bool(t and t.baseline_year is not None and t.baseline_tco2e is not None and t.net_zero_year is not None
                    and t.net_zero_year > t.baseline_year and t.baseline_tco2e > 0)

    def empty_text(self) -> str:
        """The words shown instead of a chart (empty when a chart is drawn)."""
        if self.has_chart():
            return ""
        if self._trajectory is None:
            return self._message
        return f"{self._trajectory.summary}\n\n{NEEDS}"

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(560, 320)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, 220)

    def _update_description(self) -> None:
        t = self._trajectory
        if not self.has_chart() or t is None:
            self.setAccessibleDescription(self.empty_text().replace("\n\n", " "))
            self.setToolTip("")
            return
        parts = [t.summary]
        for point in t.points:
            if point.label == "baseline":
                parts.append(f"{point.year}: baseline {format_tonnes(point.tco2e)} tCO2e.")
            else:
                where = "above the path" if point.tco2e > point.expected else "on or below the path"
                parts.append(f"{point.year}: reported {format_tonnes(point.tco2e)} tCO2e, path "
                             f"{format_tonnes(point.expected)}, {where}.")
        parts.append(f"Net zero target {t.net_zero_year}.")
        self.setAccessibleDescription(" ".join(parts))
        self.setToolTip("\n".join(parts))

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            outer = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            self._ink = chart_ink(self.palette())
            painter.setPen(QPen(self._ink.frame, 1))
            painter.setBrush(self._ink.paper)
            painter.drawRoundedRect(outer, 4, 4)
            if self.has_chart():
                self._paint_chart(painter)
            else:
                self._paint_empty(painter)
        finally:
            painter.end()

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(self._ink.muted)
        painter.setFont(self.font())
        area = QRectF(self.rect()).adjusted(24, 16, -24, -16)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text())

    def _paint_chart(self, painter: QPainter) -> None:
        t = self._trajectory
        assert t is not None and t.baseline_year is not None and t.net_zero_year is not None
        assert t.baseline_tco2e is not None
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        fm, sfm = QFontMetricsF(font), QFontMetricsF(small)
        points = list(t.points) or [TrajectoryPoint(t.baseline_year, t.baseline_tco2e, t.baseline_tco2e, "baseline")]
        above_any = any(p.tco2e > p.expected for p in points if p.label != "baseline")

        # Legend rows at the top, wrapped to the width.
        legend = [("path", "Path to net zero"), ("baseline", "Baseline")]
        if len(points) > 1:
            legend.insert(1, ("reported", "Reported"))
        if above_any:
            legend.append(("above", "Above the path"))
        legend.append(("net_zero", f"Net zero {t.net_zero_year}"))
        width = self.width()
        legend_rows = self._legend_layout(legend, sfm, width - 24)
        legend_height = len(legend_rows) * (sfm.height() + 6)

        last_year = max([t.net_zero_year] + [p.year for p in points])
        top_value = self._nice_top(max(float(p.tco2e) for p in points))
        y_ticks = self._y_ticks(top_value)
        tick_width = max(sfm.horizontalAdvance(self._tonnes(v)) for v in y_ticks)
        left = 12 + fm.height() + 6 + tick_width + 8  # rotated axis title, tick labels, gap
        top = 10 + legend_height + 10
        bottom_space = sfm.height() + 6 + fm.height() + 10  # tick labels, axis title
        plot = QRectF(left, top, max(width - left - 18, 60), max(self.height() - top - bottom_space, 60))
        frame = _Frame(plot, t.baseline_year, last_year, top_value)

        self._paint_legend(painter, legend_rows, small, sfm)
        self._paint_axes(painter, frame, y_ticks, font, small, fm, sfm)

        # The path: baseline in the baseline year to zero in the net zero year.
        path_pen = QPen(self._ink.muted, 2, Qt.PenStyle.DashLine)
        path_pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(path_pen)
        start = QPointF(frame.x(t.baseline_year), frame.y(float(t.baseline_tco2e)))
        end = QPointF(frame.x(t.net_zero_year), frame.y(0))
        painter.drawLine(start, end)
        painter.setPen(QPen(self._ink.muted, 1.5))
        painter.setBrush(self._ink.paper)
        painter.drawEllipse(end, 4, 4)

        # Reported footprints joined by a solid line.
        positions = [QPointF(frame.x(p.year), frame.y(float(p.tco2e))) for p in points]
        if len(positions) > 1:
            line = QPainterPath(positions[0])
            for position in positions[1:]:
                line.lineTo(position)
            painter.setPen(QPen(self._ink.checked, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                Qt.PenJoinStyle.RoundJoin))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(line)
        for point, position in zip(points, positions):
            self._paint_marker(painter, self._kind(point), position, 5.5)

        # Value labels: above each marker, else below, else higher, avoiding what is already written.
        painter.setFont(small)
        taken: list[QRectF] = [QRectF(end.x() - 5, end.y() - 5, 10, 10)]
        taken.extend(QRectF(p.x() - 7, p.y() - 7, 14, 14) for p in positions)
        # The baseline and the latest point are labelled first; a crowded middle point goes unlabelled
        # (its value is in the accessible description and the summary) rather than overprinting.
        order = sorted(range(len(points)), key=lambda i: 0 if i in (0, len(points) - 1) else 1)
        for index in order:
            point, position = points[index], positions[index]
            essential = index in (0, len(points) - 1)
            text = format_tonnes(point.tco2e)
            size = QRectF(0, 0, sfm.horizontalAdvance(text) + 6, sfm.height() + 2)
            choices = []
            for dy in (-(size.height() / 2 + 9), size.height() / 2 + 9, -(size.height() * 1.5 + 11)):
                rect = QRectF(size)
                rect.moveCenter(QPointF(position.x(), position.y() + dy))
                rect.moveLeft(min(max(rect.left(), 2), width - rect.width() - 2))
                choices.append(rect)
            chosen = next((r for r in choices if not any(r.intersects(o) for o in taken)
                           and r.top() >= plot.top() - 8 and r.bottom() <= plot.bottom()), None)
            if chosen is None:
                if not essential:
                    continue
                chosen = choices[0]
            taken.append(chosen)
            self._paint_text(painter, chosen, text,
                             self._ink.alert if self._kind(point) == "above" else self._ink.text)

        if len(points) == 1:
            painter.setFont(small)
            note = "No later year reported yet"
            rect = QRectF(plot.left() + 10, plot.bottom() - sfm.height() - 28, plot.width() - 20, sfm.height() + 4)
            painter.setPen(self._ink.muted)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), note)

    @staticmethod
    def _kind(point: TrajectoryPoint) -> str:
        if point.label == "baseline":
            return "baseline"
        return "above" if point.tco2e > point.expected else "reported"

    def _paint_axes(self, painter: QPainter, frame: _Frame, y_ticks: list[float], font: QFont, small: QFont,
                    fm: QFontMetricsF, sfm: QFontMetricsF) -> None:
        plot = frame.plot
        painter.setFont(small)
        for value in y_ticks:
            y = frame.y(value)
            painter.setPen(QPen(self._ink.grid, 1))
            if value > 0:
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(self._ink.muted)
            label = QRectF(0, y - sfm.height() / 2, plot.left() - 8, sfm.height())
            painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             self._tonnes(value))
        painter.setPen(QPen(self._ink.muted, 1.2))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        # Year ticks: a round step that fits, plus the baseline and net zero years themselves.
        year_width = sfm.horizontalAdvance("2050") + 12
        span = max(frame.last_year - frame.first_year, 1)
        step = next((s for s in (1, 2, 5, 10, 20, 25, 50)
                     if span / s * year_width <= plot.width() - 28), 50)
        special = [frame.first_year, frame.last_year]
        if self._trajectory and self._trajectory.net_zero_year is not None:
            special.append(self._trajectory.net_zero_year)
        years = sorted(set(special))
        for year in range(math.ceil(frame.first_year / step) * step, frame.last_year + 1, step):
            if all(abs(frame.x(year) - frame.x(s)) >= year_width for s in years):
                years.append(year)
        for year in sorted(years):
            x = frame.x(year)
            painter.setPen(QPen(self._ink.muted, 1.2))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.setPen(self._ink.muted)
            rect = QRectF(x - year_width / 2, plot.bottom() + 5, year_width, sfm.height())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(year))

        painter.setFont(font)
        painter.setPen(self._ink.text)
        title = QRectF(plot.left(), plot.bottom() + 6 + sfm.height(), plot.width(), fm.height() + 2)
        painter.drawText(title, int(Qt.AlignmentFlag.AlignCenter), "Year")
        painter.save()
        painter.translate(12, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height()),
                         int(Qt.AlignmentFlag.AlignCenter), "Emissions (tCO2e)")
        painter.restore()

    @staticmethod
    def _legend_layout(items: list[tuple[str, str]], sfm: QFontMetricsF, width: float
                       ) -> list[list[tuple[str, str, float]]]:
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for kind, text in items:
            item_width = 26 + sfm.horizontalAdvance(text) + 14
            if rows[-1] and used + item_width > width:
                rows.append([])
                used = 0.0
            rows[-1].append((kind, text, item_width))
            used += item_width
        return rows

    def _paint_legend(self, painter: QPainter, rows: list[list[tuple[str, str, float]]], small: QFont,
                      sfm: QFontMetricsF) -> None:
        painter.setFont(small)
        y = 10.0
        for row in rows:
            total = sum(w for _, _, w in row) - 14
            x = max((self.width() - total) / 2, 12)
            mid = y + sfm.height() / 2
            for kind, text, item_width in row:
                sample_left, sample_right = QPointF(x, mid), QPointF(x + 20, mid)
                if kind == "path":
                    pen = QPen(self._ink.muted, 2, Qt.PenStyle.DashLine)
                    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                    painter.setPen(pen)
                    painter.drawLine(sample_left, sample_right)
                elif kind == "reported":
                    painter.setPen(QPen(self._ink.checked, 2.5))
                    painter.drawLine(sample_left, sample_right)
                    self._paint_marker(painter, "reported", QPointF(x + 10, mid), 4.5)
                else:
                    self._paint_marker(painter, kind, QPointF(x + 10, mid), 5)
                painter.setPen(self._ink.text)
                painter.drawText(QRectF(x + 26, y, item_width - 26, sfm.height()),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
                x += item_width
            y += sfm.height() + 6

    def _paint_marker(self, painter: QPainter, kind: str, centre: QPointF, radius: float) -> None:
        painter.setPen(QPen(self._ink.paper, 1.5))
        if kind == "net_zero":
            painter.setPen(QPen(self._ink.muted, 1.5))
            painter.setBrush(self._ink.paper)
            painter.drawEllipse(centre, radius * 0.8, radius * 0.8)
        elif kind == "baseline":
            painter.setBrush(self._ink.text)
            r = radius * 0.9
            painter.drawRect(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r))
        elif kind == "above":
            painter.setBrush(self._ink.alert)
            r = radius * 1.35
            painter.drawPolygon(QPolygonF([QPointF(centre.x(), centre.y() - r),
                                           QPointF(centre.x() + r * 0.95, centre.y() + r * 0.7),
                                           QPointF(centre.x() - r * 0.95, centre.y() + r * 0.7)]))
        else:
            painter.setBrush(self._ink.checked)
            painter.drawEllipse(centre, radius, radius)

    def _paint_text(self, painter: QPainter, rect: QRectF, text: str, colour: QColor) -> None:
        halo = QColor(self._ink.paper)
        halo.setAlpha(225)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(halo)
        painter.drawRoundedRect(rect, 2, 2)
        painter.setPen(colour)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)

    # -- scales --------------------------------------------------------------------------
    @staticmethod
    def _nice_step(rough: float) -> float:
        if rough <= 0:
            return 1.0
        magnitude = 10 ** math.floor(math.log10(rough))
        for factor in (1, 2, 2.5, 5, 10):
            if rough <= factor * magnitude:
                return factor * magnitude
        return 10 * magnitude

    def _nice_top(self, largest: float) -> float:
        step = self._nice_step(largest * 1.12 / 5)
        return max(math.ceil(largest * 1.12 / step) * step, step)

    def _y_ticks(self, top: float) -> list[float]:
        step = self._nice_step(top / 5)
        count = int(round(top / step))
        return [step * i for i in range(count + 1)]

    @staticmethod
    def _tonnes(value: float) -> str:
        return format_tonnes(Decimal(str(round(value, 1))))


__all__ = ["TrajectoryChart"]
