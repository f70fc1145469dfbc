"""Care signals through the real shell, agenda, log and windows: the red-flag question stops
the routine, logs the answer and shows when to see someone; the care note comes at rest,
once, and its two answers hold across restarts."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from backbreak.content import safety
from backbreak.core import care
from backbreak.core.events import EventKind, LogEntry
from backbreak.storage.settings_file import load_settings
from backbreak.ui.care_window import NOTHING
from backbreak.ui.player import Page
from tests.ui.test_break_flow import click, due, long_routine, tick

DAY = timedelta(days=1)


def test_a_red_flag_yes_before_a_due_break_stops_it_logs_it_and_says_see_someone(
    qtbot, make_desk, library
):
    desk = make_desk(
        long_routine(library), **{"checkin.enabled": True, "breaks.routines": ["long"]}
    )
    click(qtbot, due(desk).start_button)
    player = desk.shell.player
    assert player.page is Page.CHECKIN_BEFORE
    assert player.checkin_page.red_flag_question.isVisible()
    assert player.checkin_page.red_flag_question.text() == care.RED_FLAG_QUESTION
    click(qtbot, player.checkin_page.red_flag_button)
    assert player.page is Page.RED_FLAG and player.isVisible()
    assert not player.playing and not player.preparing  # no step was ever shown
    page = player.pages.red_flag_page
    assert page.why.text() == care.RED_FLAG_STOPPED
    assert all(flag in page.advice.text() for flag in safety.RED_FLAGS)
    assert desk.rows() == [EventKind.REMINDED, EventKind.RED_FLAG]
    row = desk.event_log.recent(1)[0]
    assert (row.routine_id, row.detail) == ("long", "before the routine")
    # The break counts as taken: no prompt comes back asking to snooze or skip it.
    assert not desk.shell.prompt.isVisible()
    assert desk.shell.status_text().startswith("Next break in 50 min")
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible()
    assert desk.rows() == [EventKind.REMINDED, EventKind.RED_FLAG]


def test_a_red_flag_yes_after_a_routine_keeps_it_completed(qtbot, make_desk, clock, library):
    desk = make_desk(long_routine(library), **{"checkin.enabled": True})
    desk.start()
    desk.shell.start_routine_by_id("long")
    player = desk.shell.player
    click(qtbot, player.checkin_buttons[5])
    tick(player, clock, 111)
    assert player.page is Page.CHECKIN_AFTER
    click(qtbot, player.checkin_page.red_flag_button)
    assert player.page is Page.RED_FLAG
    assert desk.rows() == [EventKind.STARTED, EventKind.COMPLETED, EventKind.RED_FLAG]
    click(qtbot, player.pages.red_flag_page.close_button)
    assert not player.isVisible()


def test_the_question_can_be_turned_off(qtbot, make_desk, library):
    desk = make_desk(
        long_routine(library), **{"checkin.enabled": True, "care.red_flag_question": False}
    )
    desk.start()
    desk.shell.start_routine_by_id("long")
    player = desk.shell.player
    assert player.page is Page.CHECKIN_BEFORE
    assert not player.checkin_page.red_flag_button.isVisible()


def tense_weeks(desk, days: int = 21, tension: int = 8) -> None:
    """A check-in of `tension` before one break a day, for `days` days up to today."""
    now = desk.clock.now()
    for back in range(days):
        desk.event_log.record(
            LogEntry(EventKind.COMPLETED, now - back * DAY, "neck-release", checkin_before=tension)
        )


def note(desk):
    made = desk.shell.windows_made
    return None if made is None or made.care is None or not made.care.isVisible() else made.care


def restart(make_desk, desk):
    """The app quits and starts again with the files it left: the log as it is, and the
    setting as the settings file has it (a Desk writes the settings it is given)."""
    desk.close()
    kept = load_settings(desk.paths.settings_file, desk.clock.now(), read_only=True).settings
    return make_desk(**{care.NUDGES_ON.key: kept[care.NUDGES_ON]}).start()


def test_the_note_comes_at_rest_once_and_remind_me_in_a_month_holds(qtbot, make_desk, clock):
    desk = make_desk()
    tense_weeks(desk)
    desk.start()
    desk.wake()
    window = note(desk)
    assert window is not None
    assert "8 or more" not in window.noticed.text()  # the threshold is the setting's, 6
    assert "6 or more on 21 of 21 days" in window.noticed.text()
    assert "Common Causes of Back and Neck Pain" in window.noticed.text()  # its source
    click(qtbot, window.later_button)
    assert note(desk) is None
    tense_weeks(desk, days=1)  # another tense check-in today
    desk.shell.care.history_changed()
    desk.wake()
    assert note(desk) is None  # once a month, not once a break
    # A restart keeps the answer, for the month.
    clock.advance(10 * DAY)
    desk = restart(make_desk, desk)
    tense_weeks(desk)
    desk.wake()
    assert note(desk) is None
    clock.advance(21 * DAY)
    tense_weeks(desk)
    desk.wake()
    assert desk.shell.prompt.isVisible()  # a break is due: no note over it
    assert note(desk) is None
    desk = restart(make_desk, desk)
    desk.wake()
    assert note(desk) is not None  # a month on, three tense weeks again


def test_dont_show_this_again_holds_across_restarts(qtbot, make_desk, clock):
    desk = make_desk()
    tense_weeks(desk)
    desk.start()
    desk.wake()
    click(qtbot, note(desk).never_button)
    assert note(desk) is None
    assert desk.store.current[care.NUDGES_ON] is False
    clock.advance(60 * DAY)
    desk = restart(make_desk, desk)
    assert desk.store.current[care.NUDGES_ON] is False
    tense_weeks(desk)
    desk.wake()
    assert note(desk) is None


def test_no_note_over_a_break_or_on_a_day_without_check_ins(qtbot, make_desk, clock):
    desk = make_desk()
    tense_weeks(desk)
    clock.advance(DAY)  # today: nothing yet
    desk.start()
    desk.wake()
    assert note(desk) is None
    desk.shell.start_routine_by_id("neck-release")
    tense_weeks(desk, days=1)
    desk.shell.care.history_changed()
    desk.wake()
    assert note(desk) is None  # a routine plays
    desk.shell.player.stop()
    desk.wake()
    assert note(desk) is not None  # the next moment at rest


def test_the_history_window_opens_the_note(qtbot, desk):
    desk.start()
    windows = desk.shell.windows
    windows.show_history()
    click(qtbot, windows.history.care_button)
    assert windows.care is not None and windows.care.isVisible()
    assert NOTHING in windows.care.noticed.text()


def test_no_note_while_the_player_still_shows_its_last_pages(qtbot, make_desk, clock, library):
    """The session is over once the routine ends, but the check-in after and the finish page
    are still on screen: the note waits until the player is closed."""
    desk = make_desk(long_routine(library), **{"checkin.enabled": True})
    tense_weeks(desk)
    desk.start()
    desk.shell.start_routine_by_id("long")
    player = desk.shell.player
    click(qtbot, player.checkin_buttons[8])
    tick(player, clock, 111)
    assert player.page is Page.CHECKIN_AFTER and desk.shell.state.session is None
    desk.wake()
    assert note(desk) is None
    click(qtbot, player.checkin_buttons[7])
    assert player.page is Page.FINISH
    desk.wake()
    assert note(desk) is None
    click(qtbot, player.close_button)
    desk.wake()
    assert note(desk) is not None
