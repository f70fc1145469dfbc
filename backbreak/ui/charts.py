"""The history window's charts, drawn with QPainter (QtCharts is deprecated; this is lighter).

Every chart follows the palette (light or dark), can take keyboard focus, and carries a text
equivalent as its accessible description (and tooltip), so a screen reader hears the same
figures the picture shows. Imported only when the history window first opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from backbreak.core.i18n import _, ngettext
from backbreak.core.stats import DayCount
from backbreak.core.stats_words import days_text
from backbreak.core.status import day_text, weekday_text
from backbreak.ui.widgets import scaled_font

AXIS_WIDTH = 34
"""Left margin shared by the day charts, so their days line up one above the other."""


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def colours(widget: QWidget) -> dict[str, QColor]:
    """The chart colours for the widget's palette: accent for done, warm for skipped."""
    palette = widget.palette()
    dark = is_dark(widget)
    text = palette.color(QPalette.ColorRole.WindowText)
    faint, track, snoozed = QColor(text), QColor(text), QColor(text)
    faint.setAlphaF(0.55)
    track.setAlphaF(0.10)
    snoozed.setAlphaF(0.32)
    return {
        "text": text,
        "faint": faint,
        "track": track,
        "done": palette.color(QPalette.ColorRole.Highlight),
        "skipped": QColor("#e0a050" if dark else "#c56a12"),
        "snoozed": snoozed,
        "before": QColor("#ef8a9a" if dark else "#b03a55"),
        "after": palette.color(QPalette.ColorRole.Highlight),
    }


class Chart(QWidget):
    """A focusable picture with words: the text equivalent is its accessible description."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text_equivalent(self) -> str:
        return self._text

    def _set_text(self, text: str) -> None:
        self._text = text
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusOutEvent(event)
        self.update()

    def _begin(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return painter

    def _focus_frame(self, painter: QPainter) -> None:
        if self.hasFocus():
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)


class ProgressRing(Chart):
    """Today's breaks against the daily target, as a ring that fills."""

    def __init__(self, side: int = 112, parent: QWidget | None = None) -> None:
        super().__init__(_("Today's breaks"), parent)
        self._done, self._target = 0, 1
        self.setFixedSize(side, side)

    def set_progress(self, done: int, target: int) -> None:
        self._done, self._target = done, max(1, target)
        left = target - done
        met = (
            _("The daily target is met.")
            if done >= target
            else ngettext(
                "{count} more break to reach the daily target.",
                "{count} more breaks to reach the daily target.",
                left,
            ).format(count=left)
        )
        today = ngettext(
            "Today: {done} of {target} break.", "Today: {done} of {target} breaks.", target
        ).format(done=done, target=target)
        self._set_text(f"{today} {met}")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = self._begin()
        c = colours(self)
        width = max(8.0, self.width() / 11)
        rect = QRectF(self.rect()).adjusted(width, width, -width, -width)
        painter.setPen(QPen(c["track"], width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawEllipse(rect)
        fraction = min(1.0, self._done / self._target)
        if fraction > 0:
            painter.setPen(QPen(c["done"], width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawArc(rect, 90 * 16, int(-360 * 16 * fraction))
        painter.setPen(c["text"])
        painter.setFont(scaled_font(self, 1.7, bold=True))
        upper = QRectF(rect.left(), rect.top(), rect.width(), rect.height() * 0.62)
        painter.drawText(
            upper, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(self._done)
        )
        painter.setFont(scaled_font(self, 0.85))
        painter.setPen(c["faint"])
        lower = QRectF(
            rect.left(), rect.top() + rect.height() * 0.62, rect.width(), rect.height() * 0.38
        )
        painter.drawText(
            lower,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            _("of {target}").format(target=self._target),
        )
        self._focus_frame(painter)
        painter.end()


def _day_label(day: date, span: int) -> str:
    return weekday_text(day) if span <= 7 else day_text(day, weekday=False)


def _label_rect(widget: QWidget, centre: float, top: float, height: float) -> QRectF:
    """An axis label's box, centred under its day but never past the widget's edges."""
    left = min(max(0.0, centre - 40), widget.width() - 80.0)
    return QRectF(left, top, 80, height)


def _centred(widget: QWidget, centre: float) -> Qt.AlignmentFlag:
    """Centre a label under its day, or align it to the edge it would cross."""
    if centre + 40 > widget.width():
        return Qt.AlignmentFlag.AlignRight
    return Qt.AlignmentFlag.AlignLeft if centre < 40 else Qt.AlignmentFlag.AlignHCenter


def _label_every(span: int) -> int:
    return 1 if span <= 7 else 7 if span <= 31 else 14


class DayChart(Chart):
    """A chart with a day per slot under a value axis; DayBars and TensionChart share it,
    with the same left margin, so the same day sits at the same x in both."""

    def __init__(self, name: str, height: int, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self._days: tuple[DayCount, ...] = ()
        self._height = height
        self.setMinimumHeight(height)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, self._height)

    def _frame(self, painter: QPainter, ticks: Sequence[int], top: int) -> QRectF:
        """Grid lines with their values, and the day labels; returns the plot area."""
        c = colours(self)
        small = scaled_font(self, 0.8)
        painter.setFont(small)
        metrics = QFontMetrics(small)
        span = len(self._days)
        # A label's own height: Japanese dates come from a taller fallback font.
        labels = {_day_label(d.day, span) for d in self._days[-7:]} or {"0"}
        line = max(metrics.height(), *(metrics.boundingRect(t).height() for t in labels))
        plot = QRectF(AXIS_WIDTH, 6, self.width() - AXIS_WIDTH - 8, self.height() - line - 14)
        for value in ticks:
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(c["track"], 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(c["faint"])
            painter.drawText(
                QRectF(0, y - line / 2, AXIS_WIDTH - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        every = _label_every(span)
        for index, day in enumerate(self._days):
            if (span - 1 - index) % every == 0:
                centre = self._centre(plot, index)
                painter.drawText(
                    _label_rect(self, centre, plot.bottom() + 4, line),
                    _centred(self, centre),
                    _day_label(day.day, span),
                )
        return plot

    def _centre(self, plot: QRectF, index: int) -> float:
        slot = plot.width() / max(1, len(self._days))
        return plot.left() + index * slot + slot / 2


class DayBars(DayChart):
    """Completed, skipped and snoozed per day, stacked, with the daily target as a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Breaks per day"), 170, parent)
        self._target = 1

    def set_days(self, days: Sequence[DayCount], target: int) -> None:
        self._days, self._target = tuple(days), max(1, target)
        met = sum(d.completed >= target for d in days)
        done = sum(d.completed for d in days)
        skipped = sum(d.skipped for d in days)
        snoozed = sum(d.snoozed for d in days)
        words = [
            ngettext(
                "Last {count} day: {done} breaks completed, {skipped} skipped, {snoozed} "
                "snoozed; the target of {target} was met on {met}.",
                "Last {count} days: {done} breaks completed, {skipped} skipped, {snoozed} "
                "snoozed; the target of {target} was met on {met}.",
                len(days),
            ).format(
                count=len(days),
                done=done,
                skipped=skipped,
                snoozed=snoozed,
                target=target,
                met=days_text(met),
            )
        ]
        if days:
            best = max(days, key=lambda d: (d.completed, d.day))
            if best.completed:
                words.append(
                    _("Most in a day: {count} on {day}.").format(
                        count=best.completed, day=day_text(best.day)
                    )
                )
            words.append(_("Today: {count} completed.").format(count=days[-1].completed))
        self._set_text(" ".join(words))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = self._begin()
        c = colours(self)
        top = max([self._target + 1] + [d.completed + d.skipped + d.snoozed for d in self._days])
        step = 1 if top <= 6 else 2 if top <= 12 else 5 if top <= 30 else 10
        plot = self._frame(painter, range(0, top + 1, step), top)
        span = len(self._days)
        if span:
            slot = plot.width() / span
            bar = max(1.0, slot * (0.62 if span <= 31 else 0.8))
            painter.setPen(Qt.PenStyle.NoPen)
            for index, day in enumerate(self._days):
                x = self._centre(plot, index) - bar / 2
                y = plot.bottom()
                for value, colour in (
                    (day.completed, c["done"]),
                    (day.skipped, c["skipped"]),
                    (day.snoozed, c["snoozed"]),
                ):
                    if value:
                        height = plot.height() * value / top
                        painter.setBrush(colour)
                        painter.drawRect(QRectF(x, y - height, bar, height))
                        y -= height
        target_y = plot.bottom() - plot.height() * self._target / top
        painter.setPen(QPen(c["text"], 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), target_y), QPointF(plot.right(), target_y))
        self._focus_frame(painter)
        painter.end()


class TensionChart(DayChart):
    """Check-ins (0-10) before and after routines, per day, on the same days as the bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Neck and back tension"), 150, parent)

    def set_days(self, days: Sequence[DayCount], trend: str) -> None:
        self._days = tuple(days)
        self._set_text(trend)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = self._begin()
        c = colours(self)
        plot = self._frame(painter, (0, 5, 10), 10)
        span = len(self._days)
        if not span:
            painter.end()
            return
        rated = any(d.tension_before is not None or d.tension_after is not None for d in self._days)
        if not rated:
            painter.drawText(
                plot, Qt.AlignmentFlag.AlignCenter, _("No check-ins in this period yet")
            )
        for attribute, colour, style, square in (
            ("tension_before", c["before"], Qt.PenStyle.SolidLine, False),
            ("tension_after", c["after"], Qt.PenStyle.DashLine, True),
        ):
            points = [
                QPointF(self._centre(plot, i), plot.bottom() - plot.height() * float(value) / 10)
                for i, d in enumerate(self._days)
                if (value := getattr(d, attribute)) is not None
            ]
            if len(points) > 1:
                path = QPainterPath(points[0])
                for point in points[1:]:
                    path.lineTo(point)
                painter.setPen(QPen(colour, 2, style))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
            radius = 3.5 if span <= 31 else 2.2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            for point in points:  # shapes as well as colours tell the two lines apart
                if square:
                    painter.drawRect(
                        QRectF(point.x() - radius, point.y() - radius, radius * 2, radius * 2)
                    )
                else:
                    painter.drawEllipse(point, radius, radius)
        self._focus_frame(painter)
        painter.end()


class Legend(QWidget):
    """A row of coloured keys (square, line or dashed line) with their words."""

    def __init__(self, keys: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        """`keys`: (colour name from `colours`, words); a name ending in ':line' or ':dash'
        draws a line instead of a square."""
        super().__init__(parent)
        self._keys = tuple(keys)
        font = scaled_font(self, 0.85)
        self.setFont(font)
        metrics = QFontMetrics(font)
        width = sum(metrics.horizontalAdvance(words) + 40 for _c, words in self._keys)
        self.setFixedSize(width, metrics.height() + 6)
        self.setAccessibleName("Legend: " + ", ".join(words for _c, words in self._keys))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours(self)
        metrics = QFontMetrics(self.font())
        x = 0.0
        middle = self.height() / 2
        for name, words in self._keys:
            colour_name, _sep, shape = name.partition(":")
            colour = c[colour_name]
            if shape:
                style = Qt.PenStyle.DashLine if shape == "dash" else Qt.PenStyle.SolidLine
                painter.setPen(QPen(colour, 2, style))
                painter.drawLine(QPointF(x, middle), QPointF(x + 18, middle))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(QRectF(x + 3, middle - 6, 12, 12), 2, 2)
            painter.setPen(c["text"])
            painter.drawText(QPointF(x + 24, middle + metrics.ascent() / 2 - 1), words)
            x += metrics.horizontalAdvance(words) + 40
        painter.end()
