"""The history window: recent breaks from the log. Imported only when it first opens."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.history import EventKind, LogEntry
from backbreak.ui.widgets import scaled_font


class HistoryWindow(QWidget):
    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("History")
        self.setObjectName("historyWindow")
        self.summary = QLabel()
        self.summary.setFont(scaled_font(self, 1.2, bold=True))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["When", "What", "Time"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Recent breaks, newest first")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.resize(620, 460)

    def show_entries(self, entries: list[LogEntry], now: datetime,
                     unavailable: str | None = None,
                     titles: Mapping[str, str] | None = None) -> None:
        today = now.date()
        done_today = [e for e in entries
                      if e.kind is EventKind.COMPLETED and e.at.astimezone(now.tzinfo).date()
                      == today]
        minutes = sum(e.actual_seconds or 0 for e in done_today) / 60
        if unavailable:
            self.summary.setText(unavailable)
        elif not entries:
            self.summary.setText("No breaks logged yet. Your first one will show up here.")
        else:
            self.summary.setText(f"Today: {len(done_today)} break"
                                 f"{'' if len(done_today) == 1 else 's'} done, "
                                 f"{minutes:.0f} min of stretching")
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            local = entry.at.astimezone(now.tzinfo)
            when = local.strftime("%H:%M") if local.date() == today else \
                local.strftime("%a %d %b, %H:%M")
            took = ""
            if entry.actual_seconds is not None:
                minutes, seconds = divmod(round(entry.actual_seconds), 60)
                took = f"{minutes}:{seconds:02d}"
            title = (titles or {}).get(entry.routine_id or "")
            for column, text in enumerate((when, entry.describe(title), took)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.setCurrentItem(None)
