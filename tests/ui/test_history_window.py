"""The history window: figures from weeks of real log rows, keyboard access, export, delete."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence

from backbreak.core.events import EventKind, LogEntry
from backbreak.storage.db import open_log
from backbreak.storage.exchange import parse
from backbreak.ui.log_watch import SETTLE_MS


def fill_weeks(log, now, days=21, per_day=6, tension=4):
    """`days` days up to yesterday with `per_day` completed breaks, the 5th day missed."""
    entries = []
    for offset in range(days, 0, -1):
        if offset == 5:
            continue
        day = (now - timedelta(days=offset)).replace(hour=9, minute=0)
        for n in range(per_day):
            entries.append(
                LogEntry(
                    EventKind.COMPLETED,
                    day + timedelta(hours=n),
                    "neck-release",
                    2,
                    "stretch",
                    55,
                    60,
                    checkin_before=tension,
                    checkin_after=tension - 2,
                )
            )
        entries.append(
            LogEntry(EventKind.SKIPPED, day + timedelta(hours=7), "upper-back-reset", 2, "stretch")
        )
    log.record_many(entries)
    return entries


def open_history(windows):
    """What the tray's "History" does."""
    windows.show_history()
    assert windows.history is not None and windows.history.isVisible()
    return windows.history


def test_the_window_shows_streaks_adherence_and_the_year(qtbot, desk, clock):
    fill_weeks(desk.event_log, clock.now())
    window = open_history(desk.shell.windows)
    assert window.streak_value.text() == "4 days"  # the missed day 5 days ago broke it
    assert "Best: 16 days." in window.streak_text.text()
    assert window.period_value.text() == "67%"  # 20 of the last 30 days met the target
    assert (
        window.ring.text_equivalent() == "Today: 0 of 6 breaks. 6 more breaks to reach "
        "the daily target."
    )
    assert "120 breaks completed, 20 skipped, 0 snoozed" in window.bars.text_equivalent()
    assert "the target of 6 was met on 20 days" in window.bars.accessibleDescription()
    assert window.heatmap.summary() == (
        "In the last year: breaks on 20 days, the target met on 20 days."
    )
    assert (
        window.routines.text_equivalent() == "Neck release: 120 done, 0 skipped; "
        "Upper back reset: 0 done, 20 skipped."
    )
    assert window.skipped_text.text() == "Skipped most: Upper back reset (20)."
    assert window.categories.text_equivalent() == "Stretches: 120 done, 20 skipped."
    assert window.tension_trend.text().startswith(
        "Tension before breaks stayed about the same (4.0, then 4.0)"
    )
    assert "Right after a routine it averaged 2.0" in window.tension.accessibleDescription()
    for chart in (
        window.ring,
        window.bars,
        window.tension,
        window.heatmap,
        window.routines,
        window.categories,
    ):
        assert chart.accessibleName() and chart.accessibleDescription()
        assert chart.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_period_switches_from_the_keyboard(qtbot, desk, clock):
    fill_weeks(desk.event_log, clock.now())
    window = open_history(desk.shell.windows)
    seven = window.period_buttons.button(7)
    assert QKeySequence.mnemonic(seven.text()).toString() == "Alt+7"
    seven.setFocus()
    qtbot.keyClick(seven, Qt.Key.Key_Space)
    assert window.period == 7 and len(window.stats.days) == 7
    assert window.period_value.text() == "71%"  # 5 of 7 days: not today, not 5 days ago
    assert window.bars_heading.text() == "Breaks per day, last 7 days"
    ninety = window.period_buttons.button(90)
    assert QKeySequence.mnemonic(ninety.text()).toString() == "Alt+9"
    qtbot.keyClick(ninety, Qt.Key.Key_Space)
    assert window.period == 90 and len(window.stats.days) == 90
    assert window.period_buttons.checkedId() == 90


def test_the_heatmap_cursor_moves_with_the_arrow_keys(qtbot, desk, clock):
    fill_weeks(desk.event_log, clock.now())
    window = open_history(desk.shell.windows)
    today = clock.now().date()
    assert window.heatmap.cursor_day() == today
    qtbot.keyClick(window.heatmap, Qt.Key.Key_Up)
    assert window.heatmap.cursor_day() == today - timedelta(days=1)
    assert "6 breaks (target met)" in window.heatmap.accessibleDescription()
    qtbot.keyClick(window.heatmap, Qt.Key.Key_Left)
    assert window.heatmap.cursor_day() == today - timedelta(days=8)
    qtbot.keyClick(window.heatmap, Qt.Key.Key_Right)
    qtbot.keyClick(window.heatmap, Qt.Key.Key_Right)  # never past today
    assert window.heatmap.cursor_day() == today


def test_an_open_window_catches_up_when_a_break_is_done(qtbot, desk, clock):
    desk.start()
    window = open_history(desk.shell.windows)
    assert window.summary.text() == "No breaks logged yet. Your first one will show up here."
    desk.shell.start_routine_by_id("neck-release")
    clock.advance(60)
    desk.shell.player.findChild(QTimer, "sessionTimer").timeout.emit()
    assert desk.shell.player.state.finished
    qtbot.waitUntil(lambda: window.stats.today_done == 1)
    assert window.summary.text() == "Today: 1 break done, 1 min in breaks"
    assert window.table.item(0, 1).text().startswith("Completed · Neck release")


def test_an_open_window_catches_up_with_another_process_writing_the_log(qtbot, desk, clock):
    """A History shown alone (`backbreak open history`), or `backbreak import` in a terminal:
    the writer is another process, which tells this window nothing. It follows the files."""
    window = open_history(desk.shell.windows)
    assert window.stats.today_done == 0
    other = open_log(desk.paths.database, clock.now()).log  # another process's connection
    assert other is not None
    try:
        other.record(LogEntry(EventKind.COMPLETED, clock.now(), "neck-release", 2, "stretch", 55))
        qtbot.waitUntil(lambda: window.stats.today_done == 1)
        assert window.table.item(0, 1).text().startswith("Completed · Neck release")

        window.hide()  # (also a minimised window): nothing is watched meanwhile
        assert desk.shell.windows.log_watch.watching == []
        other.record(LogEntry(EventKind.COMPLETED, clock.now(), "neck-release", 2, "stretch", 55))
        window.show()  # shown again by the window manager, not reopened: it catches up
        qtbot.waitUntil(lambda: window.stats.today_done == 2)
    finally:
        other.close()


def test_the_window_does_not_refresh_itself_from_its_own_reading(qtbot, desk, clock):
    fill_weeks(desk.event_log, clock.now(), days=3)
    window = open_history(desk.shell.windows)
    drawn: list[object] = []
    window.show_history = lambda data, draw=window.show_history: (drawn.append(data), draw(data))
    desk.shell.windows.history_changed()  # a break logged: one read of the log
    qtbot.waitUntil(lambda: len(drawn) == 1)
    qtbot.wait(3 * SETTLE_MS)  # reading it changed no file: no second read follows
    assert len(drawn) == 1


def test_export_from_the_window_writes_every_event(qtbot, desk, clock, tmp_path):
    written = fill_weeks(desk.event_log, clock.now(), days=3)
    window = open_history(desk.shell.windows)
    target = tmp_path / "mine.json"
    window.export_requested.emit(str(target), "json")
    rows = parse(target.read_text())
    assert len(rows) == len(written) == 21
    assert json.loads(target.read_text())[0]["kind"] == "completed"
    assert window.status.text() == f"Exported 21 events to {target}."
    (tmp_path / "a-file").write_text("")
    window.export_requested.emit(str(tmp_path / "a-file" / "x.csv"), "csv")  # not a folder
    assert window.status.text().startswith("Nothing was exported: could not write")


def test_export_from_the_window_refuses_backbreaks_own_files(qtbot, desk, clock):
    """The save dialog asked before replacing a file, but never the history itself."""
    fill_weeks(desk.event_log, clock.now(), days=3)
    window = open_history(desk.shell.windows)
    paths = desk.paths
    settings = paths.settings_file.read_bytes()
    for target in (paths.database, paths.settings_file, paths.data_dir / "mine.csv"):
        window.export_requested.emit(str(target), "csv")
        assert window.status.text().startswith("Nothing was exported:"), window.status.text()
    assert desk.event_log.count() == 21
    assert paths.settings_file.read_bytes() == settings
    assert not (paths.data_dir / "mine.csv").exists()


def test_rows_the_window_cannot_read_are_left_out_and_named(qtbot, desk, clock):
    import sqlite3

    fill_weeks(desk.event_log, clock.now(), days=3)
    edit = sqlite3.connect(desk.paths.database)
    edit.execute("UPDATE events SET kind = 'exploded' WHERE id = 1")
    edit.execute("UPDATE events SET checkin_before = 99 WHERE id = 2")
    edit.commit()
    edit.close()
    window = open_history(desk.shell.windows)
    assert "2 rows of the history database" in window.status.text()
    assert "could not be read" in window.status.text()
    assert window.stats.period_completed == 16  # the other 16 completed breaks still count


def test_a_history_that_cannot_be_read_says_why_and_the_app_goes_on(qtbot, desk, clock):
    fill_weeks(desk.event_log, clock.now(), days=3)
    desk.event_log.close()  # any sqlite3 error on reading: here, a closed connection
    window = open_history(desk.shell.windows)
    assert window.summary.text().startswith("History could not be read:")
    window.export_requested.emit(str(desk.paths.config_dir.parent / "h.json"), "json")
    assert window.status.text().startswith("Nothing was exported: The history database")


def test_delete_all_my_history_from_the_settings_asks_first(qtbot, desk, clock, monkeypatch):
    fill_weeks(desk.event_log, clock.now(), days=3)
    window = open_history(desk.shell.windows)
    questions = []
    answer = [False]

    def confirm(title, text, action):
        questions.append(text)
        return answer[0]

    windows = desk.shell.windows
    monkeypatch.setattr(windows, "confirm", confirm)
    told = []
    monkeypatch.setattr(windows, "tell_user", lambda text, problem=True: told.append(text))
    windows.show_settings()
    dialog = windows.settings_dialog
    dialog.delete_button.click()
    assert "all 21 events" in questions[0] and "cannot be undone" in questions[0]
    assert desk.event_log.count() == 21  # said no: nothing deleted
    answer[0] = True
    dialog.delete_button.click()
    assert desk.event_log.count() == 0
    assert told[-1].startswith("Deleted 21 events.")
    assert window.summary.text() == "No breaks logged yet. Your first one will show up here."
    assert window.streak_value.text() == "0 days"


def test_without_a_log_the_window_says_why(qtbot, clock, library):
    """What the shell builds when the history database could not be opened."""
    from backbreak.core.settings import Settings
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.windows import Windows

    paths = AppPaths.from_environment()
    store = SettingsStore(paths.settings_file, Settings())
    windows = Windows(clock, paths, store, library, None)
    window = open_history(windows)
    assert window.summary.text().startswith("History is not available")
    windows.close_all()


def test_the_window_in_german_and_japanese_dates_and_keys(qtbot, desk, clock):
    """Its words, dates and percentages in the language; the period buttons keep Alt+digit."""
    from backbreak.core.settings import LANGUAGE

    fill_weeks(desk.event_log, clock.now())
    desk.store.update({LANGUAGE: "de"}, clock.now())
    window = open_history(desk.shell.windows)
    assert window.streak_value.text() == "4 Tage"
    assert window.period_value.text() == "67 %"
    whens = [window.table.item(row, 0).text() for row in range(window.table.rowCount())]
    assert any(
        re.fullmatch(r"(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \w+\.? \d\d:\d\d", w) for w in whens
    )
    for days, key in ((7, "Alt+7"), (30, "Alt+3"), (90, "Alt+9")):
        button = window.period_buttons.button(days)
        assert QKeySequence.mnemonic(button.text()).toString() == key
    window.close()
    desk.store.update({LANGUAGE: "ja"}, clock.now())
    window = open_history(desk.shell.windows)
    assert window.streak_value.text() == "4日"
    assert window.period_value.text() == "67%"
