"""The whole app under random users and systems: a hypothesis state machine drives the real
shell (prompt, player pages, tray menu, socket commands, settings store, waker) on a
simulated clock, and checks after every step that

- the app is never stuck: not paused and nothing on screen means the next reminder is
  scheduled (within interval + snooze, or one interval after working hours begin), and the
  waker is armed for it;
- every STARTED row in the log has exactly one ending row (also across a quit or a crash);
- what the tray, its tooltip and the windows show is what the engine holds.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
from dataclasses import replace
from datetime import UTC, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from backbreak.core.events import EventKind
from backbreak.core.model import Guidance, Side
from backbreak.core.settings import (
    BREAK_SHOWS,
    CHECKIN,
    MICRO_EVERY,
    MICRO_ON,
    NOTIFY,
    SNOOZE,
    STRETCH_EVERY,
    WORKING_HOURS_ON,
    Settings,
)
from backbreak.core.status import status
from backbreak.core.strictness import FULL_SCREEN, SKIP_AFTER, STRICTNESS
from backbreak.ui.player import Page
from tests.helpers.desk import BERLIN, Desk
from tests.helpers.fakes import START, FakeBackWatch, FakeClock
from tests.helpers.remote import ask
from tests.helpers.routines import library_of, make_micro, make_routine, make_thermal

ENDINGS = (EventKind.COMPLETED, EventKind.ABANDONED)


def same_words(shown: str, now: str) -> bool:
    def words(text: str) -> str:
        text = text.replace("less than a minute", "1 min")
        text = re.sub(r"\(at [^)]*\)", "", text)
        text = re.sub(r"\d+ (min|s|h)\b", "#", text)
        return " ".join(re.sub(r"#( #)*", "#", text).split())

    return words(shown) == words(now)


def routines() -> tuple[Any, ...]:
    base = make_routine()
    long = replace(
        base,
        id="long",
        title="Long stretch",
        duration_seconds=110,
        steps=tuple(replace(s, seconds=s.seconds * 2) for s in base.steps),
    )
    checklist = replace(
        base,
        id="desk-check",
        title="Desk check",
        guidance=Guidance.CHECKLIST,
        steps=tuple(replace(s, side=Side.NONE) for s in base.steps),
        duration_seconds=70,
    )
    return (base, long, checklist, make_micro(), make_thermal(minutes=(2, 1)))


ROUTINE_IDS = [r.id for r in routines()]
SETTING_CHANGES = [
    {STRETCH_EVERY: timedelta(minutes=20)},
    {STRETCH_EVERY: timedelta(minutes=50)},
    {SNOOZE: timedelta(minutes=2)},
    {MICRO_ON: True, MICRO_EVERY: timedelta(minutes=15)},
    {MICRO_ON: False},
    {WORKING_HOURS_ON: True},
    {WORKING_HOURS_ON: False},
    {CHECKIN: True},
    {CHECKIN: False},
    {BREAK_SHOWS: "notification"},
    {BREAK_SHOWS: "window"},
    {BREAK_SHOWS: "both"},
    {NOTIFY: False},
    {NOTIFY: True},
    {FULL_SCREEN: True},
    {FULL_SCREEN: False},
    {STRICTNESS: "strict"},
    {STRICTNESS: "delayed", SKIP_AFTER: timedelta(seconds=20)},
    {STRICTNESS: "skippable"},
]


class ShellMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._saved = {k: os.environ.get(k) for k in ("BACKBREAK_HOME",)}
        self._home = tempfile.TemporaryDirectory()
        os.environ["BACKBREAK_HOME"] = self._home.name
        QApplication.exit = staticmethod(lambda code=0: None)  # type: ignore[method-assign]
        self.clock = FakeClock(START, BERLIN)
        self.library = library_of(*routines())
        settings = Settings().replace({CHECKIN: True})
        self.desk = self._open(settings)
        self.closed_outside: int = 0

    def _open(self, settings: Settings) -> Desk:
        self.back = FakeBackWatch()  # the desktop says when the user is back (X11, swayidle)
        desk = Desk(self.clock, self.library, settings, tray_available=True, back=self.back)
        desk.start()
        if desk.shell.built().prompt is not None:
            desk.shell.built().prompt.KEY_GRACE_MS = 0
        return desk

    def teardown(self) -> None:
        self.desk.close()
        self._home.cleanup()
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    @property
    def shell(self) -> Any:
        return self.desk.shell

    def prompt(self) -> Any:
        prompt = self.shell.prompt
        prompt.KEY_GRACE_MS = 0
        return prompt

    def player(self) -> Any:
        return self.shell.built().player

    # -- time and the system -----------------------------------------------------------------
    @rule(minutes=st.integers(0, 90), seconds=st.integers(0, 59))
    def time_passes(self, minutes: int, seconds: int) -> None:
        self.desk.run_for(timedelta(minutes=minutes, seconds=seconds))

    @rule()
    def until_the_next_wake_up(self) -> None:
        planned = self.desk.waker.planned
        self.desk.run_until(
            planned if planned is not None else self.clock.now() + timedelta(minutes=1)
        )

    @rule(hours=st.integers(1, 16))
    def the_laptop_sleeps(self, hours: int) -> None:
        self.clock.jump_wall(timedelta(hours=hours))
        self.desk.waker.check_clock()

    @rule(minutes=st.integers(2, 180))
    def the_clock_is_set_back(self, minutes: int) -> None:
        self.clock.jump_wall(-timedelta(minutes=minutes))
        self.desk.wake()

    @rule(idle=st.sampled_from([0, 30, 90, 400, 3600]), busy=st.booleans())
    def the_user_comes_and_goes(self, idle: int, busy: bool) -> None:
        before = self.desk.idle.value
        self.desk.idle.value = timedelta(seconds=idle)
        self.desk.busy.value = busy
        came_back = idle == 0 and before != timedelta(0)  # input, just now
        if came_back and self.back.input():  # the desktop's word alone wakes the app
            assert busy or not self.shell.reminders.waiting(), "back, and the break still waits"
        else:
            self.desk.wake()

    @rule(returns=st.booleans())
    def the_user_steps_away_as_a_break_comes(self, returns: bool) -> None:
        """Away, not yet for a natural break, when the break comes due: it waits for them,
        and (`returns`) shows as they touch a key, with no heartbeat in between."""
        self.desk.idle.value = timedelta(seconds=90)
        self.desk.busy.value = False
        due = self.shell.state.stretch.due
        if due is not None and self.clock.now() < due < self.clock.now() + timedelta(hours=3):
            self.desk.run_until(due + timedelta(seconds=1))
        else:
            self.desk.wake()
        if returns:
            self.the_user_comes_and_goes(0, False)

    @rule(change=st.sampled_from(SETTING_CHANGES))
    def settings_change_from_the_cli(self, change: dict[Any, Any]) -> None:
        from backbreak.storage.settings_file import save_settings

        save_settings(self.desk.paths.settings_file, self.desk.store.current.replace(change))
        ask(self.shell, "reload")

    # -- the prompt ----------------------------------------------------------------------------
    @precondition(lambda self: (p := self.shell.built().prompt) is not None and p.isVisible())
    @rule(how=st.sampled_from(["start", "snooze", "skip", "other", "esc", "close"]))
    def the_prompt_is_answered(self, how: str) -> None:
        prompt = self.prompt()
        if how == "esc":
            QTest.keyClick(prompt, Qt.Key.Key_Escape)
        elif how == "close":
            prompt.close()
        else:
            button = getattr(prompt, f"{how}_button")
            if button.isVisible():
                button.click()

    @precondition(lambda self: (p := self.shell.built().prompt) is not None and p.asking)
    @rule(action=st.sampled_from(["start", "snooze", "skip", "default"]))
    def the_notification_is_answered(self, action: str) -> None:
        if action == "default":  # the notification itself: the window comes
            self.shell.show_main_window()
        else:
            self.prompt().answer_from_notification(action)

    @precondition(
        lambda self: (
            (p := self.shell.built().prompt) is not None
            and p.isVisible()
            and p.escape_button.isVisible()
        )
    )
    @rule()
    def the_prompts_emergency_exit(self) -> None:
        self.prompt().escape_button.click()

    @precondition(
        lambda self: (
            (p := self.player()) is not None
            and p.isVisible()
            and p.step_page.escape_button.isVisible()
        )
    )
    @rule()
    def the_players_emergency_exit(self) -> None:
        self.player().step_page.escape_button.click()

    @rule(answers=st.booleans())
    def the_notification_daemon_changes(self, answers: bool) -> None:
        """Another daemon (or none with actions) takes over, as after a desktop restart."""
        self.desk.notifier.answers = answers

    # -- the player ----------------------------------------------------------------------------
    @precondition(lambda self: self.player() is not None and self.player().isVisible())
    @rule(
        how=st.sampled_from(
            [
                "esc",
                "close",
                "stop",
                "next",
                "back",
                "space",
                "digit",
                "skip",
                "safe",
                "cancel",
                "done",
                "finish",
                "tick",
            ]
        )
    )
    def the_player_is_used(self, how: str) -> None:
        player = self.player()
        page = player.page
        if how == "esc":
            QTest.keyClick(player, Qt.Key.Key_Escape)
        elif how == "close":
            player.close()
        elif how == "digit" and page in (Page.CHECKIN_BEFORE, Page.CHECKIN_AFTER):
            QTest.keyClick(player, Qt.Key.Key_5)
        elif how == "skip" and page in (Page.CHECKIN_BEFORE, Page.CHECKIN_AFTER):
            player.checkin_skip.click()
        elif how in ("safe", "cancel") and page is Page.SAFETY:
            page_ = player.safety_page
            (page_.start_button if how == "safe" else page_.cancel_button).click()
        elif how == "done" and page is Page.CHECKLIST:
            player.checklist_done.click()
        elif how == "finish" and page is Page.FINISH:
            player.close_button.click()
        elif page is Page.STEPS and how in ("stop", "next", "back"):
            getattr(player, f"{how}_button").click()
        elif page is Page.STEPS and how == "space":
            QTest.keyClick(player, Qt.Key.Key_Space)
        elif how == "tick":
            self.desk.run_for(timedelta(seconds=40))  # the app's own wake-ups fire meanwhile
            timer = player.findChild(QTimer, "sessionTimer")
            if timer.isActive():
                timer.timeout.emit()

    @precondition(lambda self: self.player() is not None and self.player().playing)
    @rule()
    def the_routine_runs_to_its_end(self) -> None:
        player = self.player()
        left = player.time_left()
        # Time passes as it does for the app: its wake-ups (a pause or a meeting ending)
        # fire on the way, then the routine's own timer.
        self.desk.run_for((left or timedelta(0)) + timedelta(seconds=1))
        if player.playing:
            player.findChild(QTimer, "sessionTimer").timeout.emit()

    @precondition(
        lambda self: (
            self.player() is not None and self.player().playing and not self.player().isVisible()
        )
    )
    @rule()
    def a_hidden_timer_runs_on(self) -> None:
        self.desk.run_for(timedelta(seconds=50))
        if self.player().playing:
            self.player().findChild(QTimer, "sessionTimer").timeout.emit()

    # -- the tray, the CLI, another launch ---------------------------------------------------------
    @rule(rid=st.sampled_from(ROUTINE_IDS))
    def a_routine_is_started_from_the_tray(self, rid: str) -> None:
        self.shell.start_routine_by_id(rid)

    @rule(rid=st.sampled_from(ROUTINE_IDS))
    def a_routine_is_started_from_the_cli(self, rid: str) -> None:
        reply = ask(self.shell, "start", routine=rid)
        session = self.shell.state.session
        if reply.ok:  # `backbreak start` exits 0 only when it started or asks in the window
            assert session is not None, reply
            assert session.routine.id == rid or session.asked or session.then, reply

    @precondition(lambda self: self.shell.windows.replace_question is not None)
    @rule(stop=st.booleans())
    def the_timer_question_is_answered(self, stop: bool) -> None:
        box: QMessageBox = self.shell.windows.replace_question
        wanted = "Stop the timer" if stop else "Keep the timer"
        next(b for b in box.buttons() if b.text().startswith(wanted)).click()

    @rule(choice=st.sampled_from(["30m", "1h", "tomorrow", "forever", "off", "off", "off"]))
    def pause(self, choice: str) -> None:
        ask(self.shell, "pause", length=choice)

    @rule(minutes=st.sampled_from([0, 15, 60]))
    def meeting(self, minutes: int) -> None:
        self.shell.meeting(minutes)

    @rule()
    def another_launch_asks_to_show(self) -> None:
        ask(self.shell, "show")

    @rule(crash=st.booleans())
    def the_app_stops_and_starts_again(self, crash: bool) -> None:
        settings = self.desk.store.current
        if not crash:
            self.shell.quit(ask=False)
        self.desk.close()
        self.desk = self._open(settings)

    # -- invariants --------------------------------------------------------------------------------
    def rows(self) -> list[EventKind]:
        """Every row in the order it was written (the clock may have been set back)."""
        with contextlib.closing(sqlite3.connect(self.desk.paths.database)) as conn:
            return [EventKind(k) for (k,) in conn.execute("SELECT kind FROM events ORDER BY id")]

    @invariant()
    def every_start_has_exactly_one_ending(self) -> None:
        open_sessions = 0
        for kind in self.rows():
            if kind is EventKind.STARTED:
                assert open_sessions == 0, "a routine started while another was open"
                open_sessions = 1
            elif kind in ENDINGS:
                assert open_sessions == 1, "an ending without a start"
                open_sessions = 0
        session = self.shell.state.session
        began = session is not None and session.began is not None
        assert open_sessions == (1 if began else 0)
        player = self.player()
        assert (player is not None and player.playing) == began

    @invariant()
    def never_stuck(self) -> None:
        state, at = self.shell.state, self.clock.now().astimezone(UTC)
        if state.on_screen() or state.paused(at):
            return
        rules, due = state.rules, state.stretch.due
        if due is None:
            assert rules.hours.enabled
            return
        limit = max(at, state.last_seen) + rules.interval + rules.snooze
        if due > limit:
            assert rules.hours.enabled and rules.hours.contains(due - rules.interval)
        waker = self.desk.waker
        if due > at and not state.held(at):
            assert waker.planned is not None and waker.planned <= due
        else:
            assert waker.planned is not None or waker.poll_seconds <= 60

    @invariant()
    def a_waiting_break_is_watched_or_looked_for_often(self) -> None:
        """Waiting for an away user: the desktop's word is awaited; for a busy one (or with
        no watch), the app looks every few seconds. Nothing waits: no watch is left set."""
        state, waker = self.shell.state, self.desk.waker
        if not self.shell.reminders.waiting():
            assert not self.back.armed
        elif state.away and not state.busy:
            assert self.back.armed and waker.poll_seconds <= 60
        else:
            assert not self.back.armed and waker.poll_seconds == 5

    @invariant()
    def the_tray_and_the_windows_say_what_the_engine_holds(self) -> None:
        shell, state = self.shell, self.shell.state
        view = status(state, self.clock.now(), BERLIN, shell.session_left())
        assert shell.tray.state == view.icon
        # The countdown is refreshed on every wake-up (at least once a minute): compare the
        # words, not the minutes that passed since.
        assert same_words(shell.tray.icon.toolTip(), f"backbreak\n{view.text}")
        prompt = shell.built().prompt
        asking = prompt is not None and prompt.asking
        assert asking == (state.pending is not None)
        if prompt is not None and not prompt.isVisible() and asking:
            # Only a notification that answers may ask alone; it was sent for this break.
            rules = state.rules
            assert rules.notify and rules.window == "notification"
            notifier = self.desk.notifier
            assert notifier.sent[-1].buttons and notifier.sent[-1].timeout_ms == 0
            assert notifier.answering[-1]
        assert not (prompt is not None and prompt.isVisible() and not asking)
        # Covers: over every screen exactly while a full-screen due break is on screen.
        asked = prompt is not None and prompt.isVisible() and prompt.mode.full_screen
        player = self.player()
        held = (
            player is not None
            and player.isVisible()
            and player.mode.full_screen
            and state.session is not None
        )
        covers = shell.covers
        assert (covers is not None and covers.shown) == (asked or held)
        if asked or held:
            assert all(c.isVisible() for c in covers.covers()) and covers.covers()
        player = self.player()
        if state.session is None:
            assert player is None or (not player.playing and not player.preparing)
        elif state.session.began is None:
            assert player is not None and player.preparing and player.isVisible()


def test_the_app_under_random_users_and_systems(qtbot):
    """Runs inside a test that has a QApplication (qtbot); examples as the profile says."""
    profile = settings()
    run_state_machine_as_test(
        ShellMachine,
        settings=settings(
            profile, max_examples=max(20, profile.max_examples // 2), stateful_step_count=30
        ),
    )
