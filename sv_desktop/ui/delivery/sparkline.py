"""Delivery per reporting period against the pro-rata line, painted small (a table cell) or larger (a panel).

One bar per reporting period of the commitment, up to today: for metrics
summed over periods (counts, money, tonnes) the bar is the delivery to the end
of that period, so it can be read against the pro-rata line the RAG uses; for
"latest value" metrics (headcounts, percentages) it is the period's own figure.
The verified part of a bar is solid and the claimed-but-unverified part pale
and outlined, so unverified claims show without relying on colour. The dashed
line is the pro-rata expectation at the end of every period up to the due
date. The same facts are given in words (`SparkSeries.summary`) for tooltips
and assistive technology; the picture never carries information alone.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QApplication, QSizePolicy, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sv_desktop.domain.dates import add_months
from sv_desktop.domain.delivery import (
    Aggregation,
    CommitmentData,
    DeliveryReturn,
    Frequency,
    Period,
    ReturnStatus,
    delivered,
    expected_by,
    financial_year_start,
    periods,
)
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.common.theme import chart_ink

COUNTED = frozenset({ReturnStatus.CLAIMED, ReturnStatus.VERIFIED})
ONLY_VERIFIED = frozenset({ReturnStatus.VERIFIED})


@dataclass(frozen=True)
class SparkSeries:
    """What the sparkline draws for one commitment, as plain numbers."""

    labels: tuple[str, ...]  # one per reporting period
    delivered: tuple[float | None, ...]  # claimed + verified; None for periods not started (or no figure)
    verified: tuple[float | None, ...]
    expected: tuple[float, ...]  # pro-rata at the end of each period
    target: float
    cumulative: bool
    started: int  # periods begun by today
    reported: int  # periods with a claimed or verified return
    unit_label: str = ""

    @property
    def top(self) -> float:
        values = [v for v in self.delivered if v is not None] + list(self.expected) + [self.target]
        return max(values + [0.0])

    def summary(self) -> str:
        """The chart in words."""
        if not self.labels:
            return "No reporting periods."
        unit = f" {self.unit_label}" if self.unit_label else ""
        done = [i for i in range(self.started) if self.delivered[i] is not None]
        words = [f"{self.reported} of {len(self.labels)} periods reported ({self.started} begun)."]
        if done:
            last = done[-1]
            what = "Delivered to the end of" if self.cumulative else "Latest figure,"
            words.append(f"{what} {self.labels[last]}: {_figure(self.delivered[last])}{unit}, "
                         f"{_figure(self.verified[last] or 0.0)} verified; pro-rata expectation "
                         f"{_figure(self.expected[last])}{unit}.")
        words.append(f"Target {_figure(self.target)}{unit} by the end of {self.labels[-1]}.")
        return " ".join(words)


def period_name(period: Period, frequency: Frequency) -> str:
    """ "Q3 2025/26", or "Q3 2025/26 (part)" for a period clipped by the commitment's start or due date."""
    label = period.label
    if "–" not in label:
        return label
    year = financial_year_start(period.start)
    whole = periods(year, add_months(year, 12) - timedelta(days=1), frequency)
    containing = next((p for p in whole if p.start <= period.start <= p.end), None)
    if containing is None or "–" in containing.label or period.end > containing.end:
        return label
    return f"{containing.label} (part)"


def series_for(data: CommitmentData, returns: Sequence[DeliveryReturn], today: date,
               unit_label: str = "") -> SparkSeries | None:
    """The sparkline of a commitment, or None while its target or dates are missing."""
    start, due, target = data.start_date, data.due_date, data.target
    if start is None or due is None or target is None:  # exactly data.missing, spelt out so mypy narrows
        return None
    spans = periods(start, due, data.frequency)
    cumulative = data.aggregation is Aggregation.SUM
    counted = [r for r in returns if r.status is not ReturnStatus.REJECTED]
    got: list[float | None] = []
    checked: list[float | None] = []
    for period in spans:
        if period.start > today:
            got.append(None)
            checked.append(None)
            continue
        if cumulative:
            so_far = [r for r in counted if r.period_end <= period.end]
            got.append(float(delivered(data, so_far, COUNTED) or 0))
            checked.append(float(delivered(data, so_far, ONLY_VERIFIED) or 0))
        else:
            own = [r for r in counted if (r.period_start, r.period_end) == (period.start, period.end)]
            got.append(float(own[0].actual) if own else None)
            checked.append(float(own[0].actual) if own and own[0].status is ReturnStatus.VERIFIED else None)
    reported = {(r.period_start, r.period_end) for r in counted}
    return SparkSeries(
        labels=tuple(period_name(p, data.frequency) for p in spans),
        delivered=tuple(got),
        verified=tuple(checked),
        expected=tuple(float(expected_by(data, p.end)) for p in spans),
        target=float(target),
        cumulative=cumulative,
        started=sum(1 for p in spans if p.start <= today),
        reported=sum(1 for p in spans if (p.start, p.end) in reported),
        unit_label=unit_label,
    )


def paint_sparkline(painter: QPainter, rect: QRectF, series: SparkSeries, *, today_marker: bool = False) -> None:
    """Bars and the dashed pro-rata line inside `rect` (no frame, no text)."""
    count = len(series.labels)
    if count == 0 or rect.width() < 4 or rect.height() < 4:
        return
    top = series.top or 1.0
    slot = rect.width() / count
    bar_width = max(1.0, min(slot * 0.72, 28.0))

    def y(value: float) -> float:
        return rect.bottom() - value / top * rect.height()

    ink = chart_ink()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(ink.frame, 1))
    painter.drawLine(QPointF(rect.left(), rect.bottom()), QPointF(rect.right(), rect.bottom()))
    for i in range(count):
        value = series.delivered[i]
        if value is None or value <= 0:
            continue
        left = rect.left() + i * slot + (slot - bar_width) / 2
        checked = min(series.verified[i] or 0.0, value)
        if checked > 0:
            painter.fillRect(QRectF(left, y(checked), bar_width, rect.bottom() - y(checked)), ink.checked)
        if value > checked:
            pale = QRectF(left, y(value), bar_width, y(checked) - y(value))
            painter.fillRect(pale, ink.unchecked)
            if bar_width >= 3 and pale.height() >= 2:
                painter.setPen(QPen(ink.checked, 1))
                painter.drawRect(pale.adjusted(0, 0, -1, 0))
    if today_marker and 0 < series.started < count:
        x = rect.left() + series.started * slot
        painter.setPen(QPen(ink.muted, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    line = QPolygonF([QPointF(rect.left(), rect.bottom())] +
                     [QPointF(rect.left() + (i + 1) * slot, y(v)) for i, v in enumerate(series.expected)])
    pen = QPen(ink.expected, 1.5, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawPolyline(line)
    painter.restore()


class SparklineDelegate(QStyledItemDelegate):
    """Paints the ItemRole.SERIES of a cell as a sparkline on a panel of the palette's base colour; the text
    stays for assistive technology."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        series = index.data(ItemRole.SERIES)
        if not isinstance(series, SparkSeries):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        panel = QRectF(option.rect).adjusted(3, 3, -3, -3)
        ink = chart_ink()
        painter.save()
        painter.setPen(QPen(ink.frame, 1))
        painter.setBrush(ink.paper)
        painter.drawRect(panel)
        painter.restore()
        paint_sparkline(painter, panel.adjusted(3, 3, -3, -2), series)

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(150, 26)


class SparklineWidget(QWidget):
    """A larger version for the selected commitment, with the first and last period and the top value marked."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._series: SparkSeries | None = None
        self._message = "Choose a commitment to see its delivery per period."
        self.setAccessibleName("Delivery per period against the pro-rata line")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self._height())
        self._describe()

    def set_series(self, series: SparkSeries | None, message: str = "") -> None:
        self._series = series
        self._message = message or "Fill in the target, start and due dates to see delivery per period."
        self._describe()
        self.update()

    def series(self) -> SparkSeries | None:
        return self._series

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, self._height() + 8)

    def _height(self) -> int:
        """Room for the plot and a line of period names under it, in the widget's (the system's) font."""
        return self.fontMetrics().lineSpacing() * 2 + 64

    def _describe(self) -> None:
        text = self._series.summary() if self._series is not None else self._message
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            outer = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            ink = chart_ink(self.palette())
            painter.setPen(QPen(ink.frame, 1))
            painter.setBrush(ink.paper)
            painter.drawRect(outer)
            painter.setFont(self.font())
            painter.setPen(ink.muted)
            if self._series is None or not self._series.labels:
                painter.drawText(outer.adjusted(12, 6, -12, -6),
                                 int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                                 self._message if self._series is None else "No reporting periods.")
                return
            metrics = QFontMetricsF(self.font())
            top_text = _figure(self._series.top)
            left_margin = metrics.horizontalAdvance(top_text) + 14
            line = metrics.height()
            plot = outer.adjusted(left_margin, 8, -10, -(line + 8))
            painter.drawText(QRectF(outer.left() + 4, plot.top() - line / 2, left_margin - 8, line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), top_text)
            painter.drawText(QRectF(outer.left() + 4, plot.bottom() - line / 2, left_margin - 8, line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), "0")
            labels = self._series.labels
            below = QRectF(plot.left(), plot.bottom() + 3, plot.width(), line)
            painter.drawText(below, int(Qt.AlignmentFlag.AlignLeft), labels[0])
            painter.drawText(below, int(Qt.AlignmentFlag.AlignRight), labels[-1])
            if 0 < self._series.started < len(labels):
                x = plot.left() + self._series.started * plot.width() / len(labels)
                width = metrics.horizontalAdvance("today") + 4
                first_end = plot.left() + metrics.horizontalAdvance(labels[0]) + 8
                last_start = plot.right() - metrics.horizontalAdvance(labels[-1]) - 8
                if first_end < x - width / 2 and x + width / 2 < last_start:
                    painter.drawText(QRectF(x - width / 2, below.top(), width, line),
                                     int(Qt.AlignmentFlag.AlignHCenter), "today")
            paint_sparkline(painter, plot, self._series, today_marker=True)
        finally:
            painter.end()


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


__all__ = ["SparkSeries", "SparklineDelegate", "SparklineWidget", "paint_sparkline", "period_name", "series_for"]
