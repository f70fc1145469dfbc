"""The opt-in stronger break through the real shell on a simulated clock: full screen over
every screen, Skip after a wait, no skip with an emergency exit that is always there and
logged; and a routine the user starts is never held."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from backbreak.core.events import EventKind
from backbreak.ui.player import Page

MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)


def due(desk):
    desk.start()
    desk.run_for(50 * MIN)
    prompt = desk.shell.prompt
    prompt.KEY_GRACE_MS = 0
    assert prompt.isVisible()
    return prompt


def tick(player, clock, seconds: float = 0) -> None:
    clock.advance(seconds)
    player.findChild(QTimer, "sessionTimer").timeout.emit()


def covered(desk) -> bool:
    covers = desk.shell.covers
    shown = covers is not None and covers.shown
    if shown:  # one visible cover per screen, each over its whole screen
        screens = QGuiApplication.screens()
        assert len(covers.covers()) == len(screens)
        for cover in covers.covers():
            assert cover.isVisible() and cover.geometry() == cover.screen().geometry()
    return shown


def test_a_full_screen_break_covers_every_screen_until_the_break_is_over(qtbot, make_desk, clock):
    desk = make_desk(full_screen=True)
    prompt = due(desk)
    assert covered(desk)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert abs(prompt.frameGeometry().center().x() - area.center().x()) <= 2  # in the middle
    prompt.start_button.click()
    player = desk.shell.player
    assert player.isVisible() and covered(desk)
    tick(player, clock, 60)
    assert player.page is Page.FINISH and not covered(desk)  # the routine is over
    assert desk.rows()[-1] is EventKind.COMPLETED


def test_snoozing_a_full_screen_break_takes_the_covers_down(qtbot, make_desk):
    desk = make_desk(full_screen=True)
    due(desk).snooze_button.click()
    assert not covered(desk)
    assert desk.rows() == [EventKind.REMINDED, EventKind.SNOOZED]


def test_a_routine_from_the_tray_is_never_held_nor_full_screen(qtbot, make_desk):
    desk = make_desk(full_screen=True, strictness="strict")
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    player = desk.shell.player
    assert player.isVisible() and not covered(desk)
    assert player.stop_button.isVisible() and player.stop_button.isEnabled()
    QTest.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible() and desk.rows()[-1] is EventKind.ABANDONED


def test_skip_and_snooze_wait_their_time_then_work(qtbot, make_desk, clock):
    desk = make_desk(strictness="delayed", skip_after=timedelta(seconds=15))
    prompt = due(desk)
    assert not prompt.skip_button.isEnabled() and not prompt.snooze_button.isEnabled()
    assert "15 s" in prompt.skip_button.toolTip()
    QTest.keyClick(prompt, Qt.Key.Key_Escape)
    prompt.close()
    prompt.answer_from_notification("skip")  # the notification's Skip waits too
    assert prompt.isVisible() and desk.rows() == [EventKind.REMINDED]
    clock.advance(15)
    qtbot.waitUntil(lambda: prompt.skip_button.isEnabled(), timeout=3000)
    prompt.skip_button.click()
    assert desk.rows() == [EventKind.REMINDED, EventKind.SKIPPED]


def test_a_strict_break_has_no_skip_and_its_emergency_exit_is_logged(qtbot, make_desk):
    desk = make_desk(strictness="strict")
    prompt = due(desk)
    assert not prompt.skip_button.isVisible() and not prompt.snooze_button.isVisible()
    assert prompt.escape_button.isVisible()
    QTest.keyClick(prompt, Qt.Key.Key_Escape)
    prompt.close()
    assert prompt.isVisible() and desk.rows() == [EventKind.REMINDED]
    prompt.escape_button.click()
    assert not prompt.isVisible()
    skipped = desk.event_log.recent(1)[0]
    assert (skipped.kind, skipped.detail) == (EventKind.SKIPPED, "emergency exit")
    assert desk.shell.status_text().startswith("Next break in 50 min")


def test_a_strict_routine_cannot_be_left_but_by_its_emergency_exit(qtbot, make_desk, clock):
    desk = make_desk(strictness="strict")
    due(desk).start_button.click()
    player = desk.shell.player
    assert not player.stop_button.isVisible() and not player.next_button.isEnabled()
    QTest.keyClick(player, Qt.Key.Key_Escape)
    player.close()
    QTest.keyClick(player, Qt.Key.Key_Right)
    assert player.isVisible() and player.playing
    assert player.step_page.progress_label.text() == "Step 1 of 3"
    tick(player, clock, 5)
    player.step_page.escape_button.click()
    assert not player.playing and not player.isVisible()
    ended = desk.event_log.recent(1)[0]
    assert (ended.kind, ended.detail) == (EventKind.ABANDONED, "emergency exit")


def test_a_delayed_routine_can_be_stopped_once_its_wait_is_over(qtbot, make_desk, clock):
    desk = make_desk(strictness="delayed", skip_after=timedelta(seconds=15))
    due(desk).start_button.click()
    player = desk.shell.player
    assert not player.stop_button.isEnabled() and player.stop_button.text() == "Stop in 15 s"
    tick(player, clock, 6)
    assert player.stop_button.text() == "Stop in 9 s"
    player.close()
    assert player.isVisible()
    tick(player, clock, 10)
    assert player.stop_button.isEnabled() and player.stop_button.text() == "Stop"
    player.stop_button.click()
    assert desk.rows()[-1] is EventKind.ABANDONED
    assert desk.event_log.recent(1)[0].detail is None  # an ordinary stop
