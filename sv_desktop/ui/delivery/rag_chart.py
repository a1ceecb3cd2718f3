"""The dashboard's RAG chart: one horizontal bar per status, each labelled with its words and its count.

RAG is never shown by colour alone: the bar colours only echo the words beside
each bar, which take the palette's text colour, and the counts are also the
widget's accessible description and tooltip for screen readers.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sv_desktop.domain.delivery import Rag
from sv_desktop.services.delivery_portfolio import RAG_ORDER
from sv_desktop.ui.common.theme import chart_ink

# GOV.UK palette. The bar colours only echo the words beside each bar; words take the palette's text colour.
RAG_COLOURS = {Rag.GREEN: QColor("#00703c"), Rag.AMBER: QColor("#f47738"), Rag.RED: QColor("#d4351c"),
               Rag.GREY: QColor("#b1b4b6")}


class RagBarChart(QWidget):
    """Horizontal bars, one per RAG status, each labelled with its words and its count."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._counts: list[tuple[Rag, int]] = [(rag, 0) for rag in RAG_ORDER]
        self.setAccessibleName("Commitments by RAG status, bar chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._describe()

    def set_counts(self, counts: Sequence[tuple[Rag, int]]) -> None:
        self._counts = list(counts)
        self._describe()
        self.update()

    def counts(self) -> list[tuple[Rag, int]]:
        return list(self._counts)

    def _describe(self) -> None:
        text = "; ".join(f"{rag.label}: {count:,}" for rag, count in self._counts)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def _row_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 12

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(380, int(self._row_height() * len(self._counts) + 16))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(260, int(self._row_height() * len(self._counts) + 16))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = QFont(self.font())
            fm = QFontMetricsF(font)
            painter.setFont(font)
            label_width = max(fm.horizontalAdvance(rag.label) for rag, _count in self._counts) + 14 \
                if self._counts else 0
            count_width = max([fm.horizontalAdvance(f"{c:,}") for _r, c in self._counts] + [0]) + 12
            largest = max([c for _r, c in self._counts] + [1])
            row_height = self._row_height()
            top = max((self.height() - row_height * len(self._counts)) / 2, 4)
            track_width = max(self.width() - label_width - count_width - 12, 20)
            ink = chart_ink(self.palette())
            for position, (rag, count) in enumerate(self._counts):
                y = top + position * row_height
                label = QRectF(4, y, label_width - 10, row_height)
                painter.setPen(ink.text)
                painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), rag.label)
                track = QRectF(label_width, y + 5, track_width, row_height - 10)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ink.grid)
                painter.drawRect(track)
                bar = QRectF(track)
                bar.setWidth(track_width * count / largest)
                painter.setBrush(RAG_COLOURS.get(rag, ink.muted))
                if count:
                    painter.drawRect(bar)
                painter.setPen(QPen(ink.text))
                value = QRectF(bar.right() + 6, y, count_width + 4, row_height)
                painter.drawText(value, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"{count:,}")
        finally:
            painter.end()


__all__ = ["RAG_COLOURS", "RagBarChart"]
