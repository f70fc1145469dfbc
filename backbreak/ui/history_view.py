"""The history window: today, streaks, adherence, the year, what you do most, tension.

Imported only when it first opens, so the resident tray process never pays for it. The
figures come from `core.stats` over the log's day tallies, the same code as `backbreak stats`;
switching between 7, 30 and 90 days recomputes them in memory without touching the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.events import LogEntry
from backbreak.core.i18n import _, ngettext
from backbreak.core.stats import (
    DayTally,
    RoutineTally,
    Stats,
    daily,
    stats_from_tallies,
)
from backbreak.core.stats_words import category_name, days_text, history_words
from backbreak.core.status import clock_text
from backbreak.ui.charts import DayBars, Legend, ProgressRing, TensionChart
from backbreak.ui.ranked_chart import RankedBars
from backbreak.ui.widgets import scaled_font
from backbreak.ui.year_chart import YearHeatmap

PERIODS = (7, 30, 90)
YEAR = 371  # 53 weeks: the heatmap's columns


@dataclass
class HistoryData:
    """What the window shows, read from the log in one go."""

    now: datetime
    target: int
    day_tallies: Sequence[DayTally] = ()
    routine_tallies: Sequence[RoutineTally] = ()
    """From the start of the longest period on."""
    recent: Sequence[LogEntry] = ()
    titles: Mapping[str, str] = field(default_factory=dict)
    unavailable: str | None = None


def _card(*widgets: QWidget, stretch_last: bool = False) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    layout.setSpacing(4)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch_last:
        layout.addStretch(1)
    return frame


def _heading(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    label.setFont(scaled_font(label, 1.1, bold=True))
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def _words(text: str = "", factor: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if factor != 1.0:
        label.setFont(scaled_font(label, factor))
    return label


class HistoryWindow(QWidget):
    export_requested = Signal(str, str)  # file path, "csv" or "json"
    care_requested = Signal()
    """"What your check-ins show": the care note (core.care), opened by the user."""
    visible_changed = Signal(bool)
    """Shown (True) or hidden: the window follows the log's files only while it shows."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("History"))
        self.setObjectName("historyWindow")
        self._data: HistoryData | None = None
        self.stats: Stats | None = None
        self.period = 30

        self.summary = QLabel()
        self.summary.setFont(scaled_font(self, 1.25, bold=True))
        self.summary.setWordWrap(True)
        self.period_buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for days in PERIODS:
            # Alt and the first digit (7, 3, 9) in every language: digits are the same.
            button = QPushButton("&" + days_text(days))
            button.setCheckable(True)
            button.setObjectName("period")
            button.setAccessibleName(
                ngettext("Show the last {count} days", "Show the last {count} days", days).format(
                    count=days
                )
            )
            self.period_buttons.addButton(button, days)
            bar.addWidget(button)
        self.period_buttons.button(self.period).setChecked(True)
        self.period_buttons.idClicked.connect(self.set_period)
        self.export_button = QPushButton(_("E&xport…"))
        self.export_button.setToolTip(_("Save your whole history as CSV or JSON"))
        self.export_button.clicked.connect(self._ask_export)
        bar.addSpacing(12)
        bar.addWidget(self.export_button)

        # -- the top row: today, streak, the period at a glance
        self.ring = ProgressRing()
        self.today_text = _words()
        today = QFrame()
        today_layout = QHBoxLayout(today)
        today_layout.setContentsMargins(0, 0, 0, 0)
        today_layout.addWidget(self.ring)
        today_layout.addWidget(self.today_text, 1)
        self.streak_value = QLabel()
        self.streak_value.setFont(scaled_font(self, 2.0, bold=True))
        self.streak_text = _words(factor=0.95)
        self.period_value = QLabel()
        self.period_value.setFont(scaled_font(self, 2.0, bold=True))
        self.period_text = _words(factor=0.95)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(_card(_heading(_("Today")), today, stretch_last=True), 3)
        top.addWidget(
            _card(_heading(_("Streak")), self.streak_value, self.streak_text, stretch_last=True), 2
        )
        self.period_heading = _heading("")
        top.addWidget(
            _card(self.period_heading, self.period_value, self.period_text, stretch_last=True), 2
        )

        # -- per day: breaks, then tension on the same days
        self.bars = DayBars()
        self.bars_heading = _heading(_("Breaks per day"), self.bars)
        bars_legend = Legend(  # not translated: the legend's style keys (its words are)
            (
                ("done", _("Completed")),
                ("skipped", _("Skipped")),
                ("snoozed", _("Snoozed")),
                ("text:dash", _("Daily target")),
            )
        )
        self.tension = TensionChart()
        tension_legend = Legend(  # not translated: the legend's style keys (its words are)
            (("before:line", _("Before a routine")), ("after:dash", _("Right after")))
        )
        self.tension_trend = _words(factor=0.95)
        self.tension_summary = _words(factor=0.95)
        self.care_button = QPushButton(_("What your check-ins &show…"))
        self.care_button.setToolTip(
            _("What backbreak watches for in your check-ins, and when to see a professional")
        )
        self.care_button.clicked.connect(self.care_requested.emit)
        self.care_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        per_day = _card(
            self.bars_heading,
            bars_legend,
            self.bars,
            _heading(_("Neck and back tension (check-ins, 0-10)"), self.tension),
            tension_legend,
            self.tension,
            self.tension_trend,
            self.tension_summary,
            self.care_button,
        )

        # -- the year
        self.heatmap = YearHeatmap()
        self.year_text = _words(factor=0.95)
        year = _card(_heading(_("The last year"), self.heatmap), self.heatmap, self.year_text)

        # -- what you do and skip
        self.routines = RankedBars(_("Routines, most done first"))
        self.categories = RankedBars(_("Kinds of break, most done first"))
        self.skipped_text = _words(factor=0.95)
        ranked_legend = Legend((("done", _("Completed")), ("skipped", _("Skipped"))))
        ranked = QGridLayout()
        ranked.setHorizontalSpacing(24)
        ranked.addWidget(_heading(_("What you do most"), self.routines), 0, 0)
        ranked.addWidget(_heading(_("By kind"), self.categories), 0, 1)
        ranked.addWidget(self.routines, 1, 0, Qt.AlignmentFlag.AlignTop)
        ranked.addWidget(self.categories, 1, 1, Qt.AlignmentFlag.AlignTop)
        ranked.setColumnStretch(0, 3)
        ranked.setColumnStretch(1, 2)
        ranked_box = QWidget()
        ranked_box.setLayout(ranked)
        doing = _card(ranked_box, ranked_legend, self.skipped_text)

        # -- the raw events
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("When"), _("What"), _("Time")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setMinimumHeight(220)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(_("Recent events, newest first"))
        events = _card(_heading(_("Recent events"), self.table), self.table)

        content = QWidget()
        content.setObjectName("historyContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 8, 16, 16)
        column.setSpacing(12)
        column.addLayout(top)
        for section in (per_day, year, doing, events):
            column.addWidget(section)
        column.addStretch(1)  # a tall window leaves room below, never stretches the cards
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        header_row = QWidget()
        header_row.setLayout(bar)
        bar.setContentsMargins(16, 0, 16, 0)
        layout.addWidget(header_row)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.setStyleSheet(  # not translated: a style sheet
            "#card { background: palette(alternate-base); border-radius: 8px; }"
            "QPushButton#period:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border: 1px solid palette(highlight);"
            " border-radius: 4px; padding: 4px 10px; }"
            "#historyContent, QScrollArea { background: palette(window); }"
        )
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.visible_changed.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        super().hideEvent(event)
        self.visible_changed.emit(False)

    # -- data --------------------------------------------------------------------------
    def show_history(self, data: HistoryData) -> None:
        self._data = data
        self.status.hide()
        self._render()

    def set_period(self, days: int) -> None:
        self.period = days
        button = self.period_buttons.button(days)
        if button is not None:
            button.setChecked(True)
        self._render()

    def show_message(self, text: str) -> None:
        """A line above the figures: an export written, or why it was not."""
        self.status.setText(text)
        self.status.setContentsMargins(16, 4, 16, 4)
        self.status.show()

    def _render(self) -> None:
        data = self._data
        if data is None:
            return
        today = data.now.date()
        stats = stats_from_tallies(
            data.day_tallies, data.routine_tallies, today, self.period, data.target
        )
        self.stats = stats
        said = history_words(stats, self.period)
        if data.unavailable:
            self.summary.setText(data.unavailable)
        elif not data.day_tallies and not data.recent:
            self.summary.setText(_("No breaks logged yet. Your first one will show up here."))
        else:
            self.summary.setText(said.summary)
        self.ring.set_progress(stats.today_done, stats.target)
        self.today_text.setText(said.today)
        self.streak_value.setText(said.streak)
        self.streak_value.setAccessibleName(said.streak_said)
        self.streak_text.setText(said.streak_text)
        self.period_heading.setText(said.period_heading)
        self.period_value.setText(said.percent)
        self.period_value.setAccessibleName(said.percent_said)
        self.period_text.setText(said.period_text)
        self.bars_heading.setText(said.bars_heading)
        self.bars.set_days(stats.days, stats.target)
        self.tension.set_days(stats.days, stats.tension_trend)
        self.tension_trend.setText(stats.tension_trend)
        self.tension_summary.setText(stats.tension_summary)
        self.heatmap.set_days(daily(data.day_tallies, today, YEAR), stats.target)
        self.year_text.setText(self.heatmap.summary())
        titles = data.titles
        self.routines.set_rows([(titles.get(r.name, r.name), r) for r in stats.by_routine])
        self.categories.set_rows([(category_name(r.name), r) for r in stats.by_category])
        skipped = stats.most_skipped[:3]
        names = ", ".join(
            _("{name} ({count})").format(name=titles.get(r.name, r.name), count=r.skipped)
            for r in skipped
        )
        self.skipped_text.setText(
            _("Skipped most: {names}.").format(names=names)
            if skipped
            else _("Nothing skipped in this period.")
        )
        self._fill_table(data.recent, data.now, titles)

    def _fill_table(
        self, entries: Sequence[LogEntry], now: datetime, titles: Mapping[str, str]
    ) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            when = clock_text(entry.at, now, now.tzinfo or UTC)
            took = ""
            if entry.actual_seconds is not None:
                minutes, seconds = divmod(round(entry.actual_seconds), 60)
                took = f"{minutes}:{seconds:02d}"
            title = titles.get(entry.routine_id or "")
            for column, text in enumerate((when, entry.describe(title), took)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.setCurrentCell(-1, -1)  # no row looks chosen

    def _ask_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            _("Export your history"),
            "backbreak-history.csv",  # not translated: a file name
            _("CSV, for spreadsheets (*.csv);;JSON (*.json)"),
        )
        if path:
            fmt = "json" if path.lower().endswith(".json") or chosen.endswith("(*.json)") else "csv"
            self.export_requested.emit(path, fmt)
