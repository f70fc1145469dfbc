"""The last year at a glance: a square a day, darker for more breaks; arrow keys and the
pointer read out any day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from backbreak.core.i18n import _
from backbreak.core.stats import DayCount
from backbreak.core.stats_words import breaks_text, days_text
from backbreak.core.status import day_text, month_text, weekday_text
from backbreak.ui.charts import Chart, colours
from backbreak.ui.widgets import scaled_font

MONDAY = date(2026, 11, 30)  # any Monday: the weekday labels' widest name


class YearHeatmap(Chart):
    """The last year as a calendar: a square a day, darker for more breaks.

    Arrow keys move a cursor day (Left/Right a week, as columns are weeks; Up/Down a day);
    the caption under the grid, the tooltip and the accessible description say what that
    day holds.
    """

    GAP = 3
    PITCH = (9.0, 16.0)
    """Smallest and largest step from one day's square to the next: cells follow the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("The last year, day by day"), parent)
        self._counts: dict[date, int] = {}
        self._first = self._today = date.today()
        self._cursor = self._today
        self._target = 1
        self._summary = ""
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        line = QFontMetrics(scaled_font(self, 0.8)).height()
        return int(line + 4 + 7 * self._pitch(width) + line + 10)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        width = int(self._left() + 53 * 14 + 8)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        width = int(self._left() + 53 * self.PITCH[0] + 8)
        return QSize(width, self.heightForWidth(width))

    def _pitch(self, width: int | None = None) -> float:
        room = (self.width() if width is None else width) - self._left() - 8
        return max(self.PITCH[0], min(self.PITCH[1], room / 53))

    def _left(self) -> int:
        return (
            QFontMetrics(scaled_font(self, 0.8)).horizontalAdvance(
                max((weekday_text(MONDAY + timedelta(days=d)) for d in (0, 2, 4)), key=len)
            )
            + 10
        )

    def set_days(self, days: Sequence[DayCount], target: int) -> None:
        """`days` ends today; the grid starts on the Monday 52 weeks before this week's."""
        self._today = days[-1].day if days else date.today()
        self._first = self._today - timedelta(days=self._today.weekday() + 52 * 7)
        self._counts = {d.day: d.completed for d in days if d.day >= self._first}
        self._target = max(1, target)
        self._cursor = self._today
        active = [d for d, n in self._counts.items() if n]
        met = sum(n >= target for n in self._counts.values())
        self._summary = _("In the last year: breaks on {days}, the target met on {met}.").format(
            days=days_text(len(active)), met=days_text(met)
        )
        self._announce()

    def cursor_day(self) -> date:
        return self._cursor

    def summary(self) -> str:
        """The year in one sentence (the accessible description adds the cursor day)."""
        return self._summary

    def describe(self, day: date) -> str:
        count = self._counts.get(day, 0)
        said = day_text(day, year=True)
        if count >= self._target:
            return _("{day}: {breaks} (target met)").format(day=said, breaks=breaks_text(count))
        return _("{day}: {breaks}").format(day=said, breaks=breaks_text(count))

    def _announce(self) -> None:
        self._set_text(f"{self._summary} {self.describe(self._cursor)}.")
        self.update()

    def _cell(self, day: date) -> QRectF:
        offset = (day - self._first).days
        week, weekday = divmod(offset, 7)
        top = QFontMetrics(scaled_font(self, 0.8)).height() + 4
        pitch = self._pitch()
        side = pitch - self.GAP
        return QRectF(self._left() + week * pitch, top + weekday * pitch, side, side)

    def _level(self, count: int) -> float:
        if count <= 0:
            return 0.0
        return min(1.0, 0.3 + 0.7 * count / self._target)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
        key = Qt.Key(event.key())
        if key not in moves:
            super().keyPressEvent(event)
            return
        step = moves[key] * (7 if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) else 1)
        self._cursor = min(self._today, max(self._first, self._cursor + timedelta(days=step)))
        self._announce()

    def _day_at(self, position: QPointF) -> date | None:
        """The day whose square is under `position`, if any (the grid is plain arithmetic)."""
        origin = self._cell(self._first)
        pitch = self._pitch()
        week = int((position.x() - origin.left()) // pitch)
        weekday = int((position.y() - origin.top()) // pitch)
        if week < 0 or not 0 <= weekday < 7:
            return None
        day = self._first + timedelta(days=week * 7 + weekday)
        return day if day <= self._today and self._cell(day).contains(position) else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        day = self._day_at(event.position())
        if day is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(day), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        day = self._day_at(event.position())
        if day is not None:
            self._cursor = day
            self._announce()
        super().mousePressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = self._begin()
        c = colours(self)
        small = scaled_font(self, 0.8)
        painter.setFont(small)
        line = QFontMetrics(small).height()
        painter.setPen(c["faint"])
        for weekday in (0, 2, 4):
            name = weekday_text(self._first + timedelta(days=weekday))
            rect = self._cell(self._first + timedelta(days=weekday))
            painter.drawText(
                QRectF(0, rect.top() - 2, self._left() - 6, rect.height() + 4),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        month_at = -100.0
        day = self._first
        while day <= self._today:
            if day.day <= 7 and day.weekday() == 0:
                x = self._cell(day).left()
                if x - month_at > 30:
                    painter.drawText(QPointF(x, line - 2), month_text(day))
                    month_at = x
            day += timedelta(days=7)
        painter.setPen(Qt.PenStyle.NoPen)
        day = self._first
        while day <= self._today:
            level = self._level(self._counts.get(day, 0))
            if level:
                colour = QColor(c["done"])
                colour.setAlphaF(level)
            else:
                colour = c["track"]
            painter.setBrush(colour)
            painter.drawRoundedRect(self._cell(day), 2, 2)
            day += timedelta(days=1)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(c["text"], 1.5))
        painter.drawRoundedRect(self._cell(self._cursor).adjusted(-1, -1, 1, 1), 2, 2)
        bottom = self._cell(self._first + timedelta(days=6)).bottom() + 6
        painter.setPen(c["faint"])
        painter.drawText(
            QRectF(self._left(), bottom, self.width() - self._left(), line + 4),
            Qt.AlignmentFlag.AlignLeft,
            self.describe(self._cursor),
        )
        self._focus_frame(painter)
        painter.end()
