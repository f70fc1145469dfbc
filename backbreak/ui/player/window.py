"""The routine player: owns the pages and the session, and gives every way out one outcome.

Every rule about steps (what Next does on the last step, what counts as done) is in the pure
`core.session`; this window turns keys, buttons, a timer and the close button into session
events, and tells the app what happened with three signals:

- `began(checkin_before)`: the first step starts now;
- `ended(SessionEnd)`: exactly once for every `began`, however the session ends;
- `cancelled()`: the window was left before the first step (safety page, check-in before).

A yes to the red-flag question on a check-in (core.care) is told with `red_flag` first; the
routine then ends as above (before: `cancelled`) and the page says when to see someone.

Esc and the window's close button take the same path as `stop()`; only a heat or cold
timer survives them (it hides and keeps running until the routine ends or is stopped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from backbreak.core import session as s
from backbreak.core.clock import Clock
from backbreak.core.guidance import PlayPage, check_playable, kind_of, needs_precautions
from backbreak.core.i18n import _
from backbreak.core.model import Routine
from backbreak.core.strictness import NOT_HELD, BreakMode
from backbreak.ui.player.finish_page import tension_change
from backbreak.ui.player.frame import PlayerFrame
from backbreak.ui.player.leaving import Hold, StopQuestion
from backbreak.ui.player.pages import Page

TICK_MS = 200
PACER_TICK_MS = 40  # 25 frames a second while a breathing pacer is on screen
HIDDEN_TICK_MS = 1000  # nobody watches the ring of a hidden heat timer: tick gently
CHECKIN_MIN_SECONDS = 60  # no check-in for a 20-second posture check
MAX_STOPS = 3  # play() ends what is here; a slot that restarts it forever is a bug
DIGITS = frozenset("0123456789")
KEYS = {  # Space on a focused button is caught by the step page (it would press the button)
    Qt.Key.Key_Space: s.Event.TOGGLE_PAUSE,
    Qt.Key.Key_Right: s.Event.NEXT,
    Qt.Key.Key_Left: s.Event.BACK,
}


class RoutinePlayer(PlayerFrame):
    """One routine at a time, from the safety checklist to the finish page."""

    began = Signal(object)
    """(check-in before: int 0-10, or None when skipped or not asked): step one starts now."""
    ended = Signal(object)
    """(`core.session.SessionEnd`): emitted before the check-in after or the finish page
    shows, so the slot can make the log row durable and set `history_problem` first."""
    cancelled = Signal()
    """The window was left before the first step began; never follows `began`."""
    step_started = Signal(object, int)
    """(routine, index of the played step that just began)."""
    safety_requested = Signal()
    """The user asked when to see a professional."""
    checkin_after_given = Signal(int)
    """How tense or sore after the routine (0-10)."""
    felt = Signal(str)
    """How the finished routine felt (the finish page's one click)."""
    red_flag = Signal(str, bool)
    """(routine id, asked before it began): yes to tingling, numbness or spreading pain."""
    hidden_running = Signal()
    """The window was closed while a heat or cold timer runs on."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._state: s.SessionState | None = None
        self._preparing: Routine | None = None
        """The routine whose safety page or check-in before is on screen."""
        self._token = 0
        """Moves on whenever a session starts or is stopped: after emitting a signal the
        window checks it, since a slot may have stopped this session or started another."""
        self._tick_ms = TICK_MS
        self.checkin_enabled = False
        self.red_flag_enabled = True
        """Whether the check-ins carry the red-flag question (care.red_flag_question)."""
        self.checkin_before: int | None = None
        self.history_problem: str | None = None
        """Why the finished session is not in the history (the `ended` slot sets it)."""
        self._question = StopQuestion(self)
        self.checkin_after: int | None = None
        self.finish_details: Callable[[], list[str]] | None = None
        """What the app adds to the finish page (today's breaks, the next one)."""
        self._hold = Hold(clock)
        self._escaping = False
        self._timer = QTimer(self)
        self._timer.setObjectName("sessionTimer")  # tests find it to tick by hand
        self._timer.timeout.connect(lambda: self._send(s.Event.TICK))

        self.safety_page.confirmed.connect(self._safety_confirmed)
        self.safety_page.cancelled.connect(self.stop)
        self.checkin_page.answered.connect(self._checkin_answered)
        self.checkin_page.red_flag.connect(self._red_flag)
        self.pages.red_flag_page.close_requested.connect(self.close)
        self.step_page.event_requested.connect(self._requested)
        self.step_page.stop_requested.connect(self._stop_asked)
        self.step_page.escape_requested.connect(self.escape)
        self.step_page.safety_requested.connect(self.safety_requested.emit)
        self.checklist_page.ticked.connect(lambda: self._send(s.Event.NEXT))
        self.checklist_page.done.connect(lambda: self._send(s.Event.FINISH))
        self.finish_page.close_requested.connect(self.close)
        self.finish_page.felt.connect(self.felt.emit)

    # -- what the app reads ------------------------------------------------------------
    @property
    def state(self) -> s.SessionState | None:
        """The session, from `began` on (None while the safety page or check-in shows)."""
        return self._state

    @property
    def playing(self) -> bool:
        """From `began` until `ended`, shown or not (a heat pack timer runs while hidden)."""
        return self._state is not None and not self._state.finished

    @property
    def preparing(self) -> bool:
        """The safety page or the check-in before is up: leaving now means `cancelled`."""
        return self._preparing is not None

    @property
    def checks(self) -> list[QCheckBox]:
        return self.checklist_page.checks

    def time_left(self) -> timedelta | None:
        """What is left of the whole session, for the tray while the window is hidden."""
        state = self._state
        return None if state is None or state.finished else state.left(self._clock.now())

    # -- what the app asks -------------------------------------------------------------
    def may_leave(self) -> bool:
        """Whether Stop, Next, Esc and the close button work now: always, except in a
        held break (core.strictness) that has not been on long enough."""
        return self._hold.may_leave(self.playing)

    @property
    def mode(self) -> BreakMode:
        """How firmly the playing break holds (a due break in a strict or delayed mode)."""
        return self._hold.mode

    def play(self, routine: Routine, mode: BreakMode = NOT_HELD) -> None:
        """Safety checklist (heat and cold), then the check-in (when on and the routine is
        a minute or longer), then the steps. A session already here is stopped first, so
        its outcome is told before anything about the new one."""
        check_playable(routine)
        for _attempt in range(MAX_STOPS):
            if not (self.playing or self.preparing):
                break
            self.stop()  # a slot told of the outcome may start yet another session
        else:
            raise RuntimeError(  # not translated: programmer error
                "a slot keeps starting sessions while the player stops them"
            )
        self._token += 1
        self._state = None
        self._hold.reset(mode)
        self._preparing = routine
        self.checkin_before = None
        self.checkin_after = None
        self.history_problem = None
        if needs_precautions(routine):
            self.safety_page.show_for(routine)
            self._present(Page.SAFETY, routine.title)
        else:
            self._safety_confirmed()

    def stop(self) -> None:
        """End what is here: a running session as not completed, one still preparing as
        cancelled; then hide. Idempotent; when idle it only hides (say, the finish page)."""
        self._token += 1
        self._question.drop()
        self._timer.stop()
        self.hide()  # first: a slot below may show the window again for a new session
        if self._preparing is not None:
            self._preparing = None
            self.cancelled.emit()
        elif self.playing:
            self._send(s.Event.ABANDON)

    def escape(self) -> None:
        """The emergency exit of a strict break: stopped, and logged as an emergency."""
        if self.playing:
            self._escaping = True
            self.stop()

    def show_window(self) -> None:
        """Bring back a hidden session (the tray does this for a heat timer)."""
        if not (self.playing or self.preparing):
            return
        self._present(self._page, self.windowTitle())

    # -- moving through the pages ------------------------------------------------------
    def _safety_confirmed(self) -> None:
        routine = self._preparing
        if routine is None:
            return
        if self.checkin_enabled and routine.duration_seconds >= CHECKIN_MIN_SECONDS:
            self.checkin_page.show_red_flag(self.red_flag_enabled)
            self.checkin_page.ask(after=False)
            self._present(Page.CHECKIN_BEFORE, routine.title)
        else:
            self._begin(routine)

    def _checkin_answered(self, value: int | None) -> None:
        if self._page is Page.CHECKIN_BEFORE and self._preparing is not None:
            self.checkin_before = value
            self._begin(self._preparing)
        elif self._page is Page.CHECKIN_AFTER:
            token = self._token
            self.checkin_after = value
            if value is not None:
                self.checkin_after_given.emit(value)
            if token == self._token:
                self._show_finish()

    def _red_flag(self) -> None:
        """Yes to the red-flag question: told first, then the routine ends here (before it
        began: `cancelled`; after: no finish page) and the red-flag page shows."""
        token = self._token
        routine = self._preparing
        if self._page is Page.CHECKIN_BEFORE and routine is not None:
            self.red_flag.emit(routine.id, True)
            if token != self._token:
                return
            self._preparing = None
            self.cancelled.emit()
        elif self._page is Page.CHECKIN_AFTER and self._state is not None:
            routine = self._state.routine
            self.red_flag.emit(routine.id, False)
        else:
            return
        if token == self._token:
            self._switch(Page.RED_FLAG, _("Stopped: {title}").format(title=routine.title))
            self.pages.red_flag_page.close_button.setFocus()

    def _begin(self, routine: Routine) -> None:
        self._preparing = None
        self._state = s.start(routine, self._clock.now())
        self._hold.begin()
        if kind_of(routine).page is PlayPage.CHECKLIST:
            self.checklist_page.fill(routine)
            self._present(Page.CHECKLIST, routine.title)  # no countdown: it waits for ticks
        else:
            self.step_page.show_routine(routine)
            self.step_page.show_state(self._state, self._clock.now())
            self._show_hold()
            self._present(Page.STEPS, routine.title)
            # A smooth pacer for breathing; otherwise a countdown only needs a few ticks.
            smooth = routine.breathing is not None and not self.pacer.reduce_motion
            self._tick_ms = PACER_TICK_MS if smooth else TICK_MS
            self._timer.start(self._tick_ms)
        self.began.emit(self.checkin_before)  # last: a slot may stop the session at once

    def _stop_asked(self) -> None:
        """Stop: at once, except a heat or cold timer, which asks first (a pack is on the
        skin, and the timer is what tells when to take it off). Stopped, the app says to take
        the pack off; the log says stopped early."""
        state = self._state
        if not self.may_leave():
            return  # the button is disabled; a click queued before that changes nothing
        if not (self.playing and state is not None and state.routine.thermal is not None):
            self.stop()
            return
        token = self._token
        self._question.ask(state.routine.title, lambda: self._stop_answered(token))

    def _stop_answered(self, token: int) -> None:
        """Only the session that was asked about is stopped: one that ended meanwhile, or
        another started from the tray, is left alone."""
        if token == self._token and self.playing:
            self.stop()

    @property
    def stop_question(self) -> QMessageBox | None:
        """The question a heat or cold timer's Stop asks, while it is open."""
        return self._question.box

    def _send(self, event: s.Event) -> None:
        """Feed the session one event and act on its effects."""
        if self._state is None or self._state.finished:
            return
        state, effects = s.advance(self._state, event, self._clock.now())
        self._state = state
        if state.finished:
            # Steps a late tick walked through are not announced once the routine is over.
            self._timer.stop()
            self._ended(state)
            return
        token = self._token
        for effect in effects:
            if isinstance(effect, s.StepChanged):
                self.step_started.emit(state.routine, effect.index)
                if token != self._token:
                    return
        if self._page is Page.STEPS:
            self.step_page.show_state(state, self._clock.now())
            self._show_hold()

    def _requested(self, event: s.Event) -> None:
        """Back, Pause or Next from the page or a key; Next waits in a held break."""
        if event is s.Event.NEXT and not self.may_leave():
            return
        self._send(event)

    def _show_hold(self) -> None:
        self._hold.show_on(self.step_page, self.playing)

    def _ended(self, state: s.SessionState) -> None:
        self._question.drop()  # the timer ran out while Stop was being asked
        token = self._token
        end = s.session_end(state)
        if self._escaping:
            self._escaping = False
            end = replace(end, escaped=True)
        self.step_page.hold(False, None, False)
        self.ended.emit(end)
        if token != self._token or not (end.completed or end.rushed):
            return
        if end.rushed:  # Finish pressed long before its time: say so, ask nothing more
            self._show_finish()
        elif self.checkin_before is not None:
            self.checkin_page.show_red_flag(self.red_flag_enabled)
            self.checkin_page.ask(after=True)
            self._switch(Page.CHECKIN_AFTER, state.routine.title)
        else:
            self._show_finish()

    def _show_finish(self) -> None:
        state = self._state
        assert state is not None and state.finished
        end = s.session_end(state)
        before, after = self.checkin_before, self.checkin_after
        details = []
        if end.completed and before is not None and after is not None:
            details.append(tension_change(before, after))
        if self.finish_details is not None:
            details += self.finish_details()
        self.finish_page.show_result(state.routine.title, end, self.history_problem, details)
        said = _("Done: {title}") if end.completed else _("Stopped early: {title}")
        self._switch(Page.FINISH, said.format(title=state.routine.title))
        self.close_button.setFocus()

    def refresh_finish(self) -> None:
        """The finish page again, with what the app told since (in the window process the
        log's answer comes a moment after the page)."""
        if self._page is Page.FINISH and self._state is not None and self._state.finished:
            self._show_finish()

    # -- Qt events ---------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Esc leaves (as the close button does); Space pauses and arrows move through
        the steps; digits answer a check-in; Return starts from the safety page."""
        key = Qt.Key(event.key())
        page = self._page
        if key == Qt.Key.Key_Escape:
            self.close()
        elif page in (Page.CHECKIN_BEFORE, Page.CHECKIN_AFTER) and event.text() in DIGITS:
            self._checkin_answered(int(event.text()))
        elif page is Page.SAFETY and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._safety_confirmed()
        elif page is Page.STEPS and key in KEYS and self.playing:
            self._requested(KEYS[key])
        else:
            super().keyPressEvent(event)  # a checklist: Space ticks, arrows move focus

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        state = self._state
        if not self.may_leave():
            event.ignore()  # a held break: Stop comes after its wait, or the emergency exit
            return
        if self.playing and state is not None and state.routine.thermal is not None:
            # A heat or cold pack is on: closing the window must not stop its timer. The
            # tray shows the time left and a notification says when to take it off.
            event.ignore()
            if self.isVisible():
                self.hide()
                self._timer.setInterval(HIDDEN_TICK_MS)
                self.hidden_running.emit()
            return
        self.stop()
        # A slot may have started (and shown) another session: do not let Qt hide it.
        event.setAccepted(self.isHidden())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        if self.playing:
            self._timer.setInterval(self._tick_ms)  # back from a hidden heat timer
        super().showEvent(event)
