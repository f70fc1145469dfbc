"""What you do most and skip most: a row per routine or kind, done and skipped as bars."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QFontMetrics,
    QPaintEvent,
)
from PySide6.QtWidgets import QWidget

from backbreak.core.i18n import _
from backbreak.core.stats import Ranked
from backbreak.ui.charts import Chart, colours
from backbreak.ui.widgets import scaled_font


class RankedBars(Chart):
    """Rows of name, completed (bar) and skipped (a warm bar after it), most done first."""

    ROWS = 6

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self._rows: tuple[tuple[str, Ranked], ...] = ()
        self._empty = _("Nothing yet in this period")
        self.setMinimumHeight(self._row_height() * 2)

    def _row_height(self) -> int:
        return QFontMetrics(scaled_font(self, 0.9)).height() + 10

    def set_rows(self, rows: Sequence[tuple[str, Ranked]]) -> None:
        """`rows`: (label shown, figures), already in order."""
        self._rows = tuple(rows[: self.ROWS])
        self.setFixedHeight(self._row_height() * max(1, len(self._rows)) + 4)
        if self._rows:
            self._set_text(
                "; ".join(
                    f"{label}: {r.completed} done, {r.skipped} skipped" for label, r in self._rows
                )
                + "."
            )
        else:
            self._set_text(self._empty + ".")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = self._begin()
        c = colours(self)
        font = scaled_font(self, 0.9)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        height = self._row_height()
        if not self._rows:
            painter.setPen(c["faint"])
            painter.drawText(
                QRectF(self.rect()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._empty,
            )
            painter.end()
            return
        label_width = min(
            self.width() * 0.55,
            max(metrics.horizontalAdvance(label) for label, _r in self._rows) + 12,
        )
        number_width = metrics.horizontalAdvance("9999 · 9999") + 8
        room = max(10.0, self.width() - label_width - number_width - 8)
        top = max(max(r.completed + r.skipped for _l, r in self._rows), 1)
        for index, (label, row) in enumerate(self._rows):
            y = index * height + 2
            painter.setPen(c["text"])
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width - 8))
            painter.drawText(
                QRectF(0, y, label_width, height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            x = label_width
            bar_height = height * 0.5
            for value, colour in ((row.completed, c["done"]), (row.skipped, c["skipped"])):
                width = room * value / top
                if width:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(colour)
                    painter.drawRoundedRect(
                        QRectF(x, y + (height - bar_height) / 2, max(2.0, width), bar_height), 2, 2
                    )
                    x += width
            painter.setPen(c["faint"])
            painter.drawText(
                QRectF(x + 6, y, number_width, height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{row.completed} · {row.skipped}" if row.skipped else str(row.completed),
            )
        self._focus_frame(painter)
        painter.end()
