"""The break's prompt and player as the tray app sees them when they live in the window
process (ui/break_host.py): stand-ins with the same signals and calls as `BreakPrompt` and
`RoutinePlayer`, so the shell and the reminder engine do not know where the windows are.

Every way the process can go is a path with an end the log and the tray agree on: it cannot
start (the break shows in the app instead, and so do the breaks after it), it ends while a
break asks (the prompt comes back, in the app), it ends before a routine began (the routine
starts again, in the app), it ends while one plays (the session ends as stopped, and the log
says so). The app quitting ends it (window_process.close).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from backbreak.core.session import SessionEnd
from backbreak.core.strictness import NOT_HELD, BreakMode
from backbreak.platform.ipc import window_wire as wire

if TYPE_CHECKING:
    from backbreak.core.clock import Clock
    from backbreak.core.model import Routine
    from backbreak.core.status import SessionLeft
    from backbreak.ui.player import RoutinePlayer
    from backbreak.ui.prompt import BreakPrompt
    from backbreak.ui.window_process import WindowProcess

log = logging.getLogger(__name__)

SETTLE_MS = 2000
"""Quitting while a routine plays waits this long for its outcome from the process."""


class RemotePrompt(QObject):
    start_requested = Signal()
    snooze_requested = Signal()
    skip_requested = Signal()
    other_requested = Signal()
    dismissed = Signal()
    escaped = Signal()

    def __init__(self, process: WindowProcess, make_local: Callable[[], BreakPrompt]) -> None:
        super().__init__()
        self._process, self._make_local = process, make_local
        self._local: BreakPrompt | None = None
        self.asking = False
        self._asked_again = False
        self._visible = False
        self._args: tuple[Routine, float, int, bool, bool, BreakMode] | None = None
        process.answered.connect(self._answered)
        process.ended.connect(self._process_ended)

    @property
    def local(self) -> BreakPrompt | None:
        """The prompt in the app, once the process could not show it."""
        return self._local

    def show_for(
        self,
        routine: Routine,
        snooze_minutes: float,
        snoozes_left: int = 1,
        confirm_skip: bool = False,
        window: bool = True,
        mode: BreakMode = NOT_HELD,
    ) -> None:
        if not self.asking:
            self._asked_again = False
        self.asking = True
        self._args = (routine, snooze_minutes, snoozes_left, confirm_skip, window, mode)
        if self._local is not None:
            self._local.show_for(*self._args)
            return
        sent = self._process.send(
            wire.PROMPT,
            routine=routine.id,
            minutes=float(snooze_minutes),
            left=snoozes_left,
            confirm_skip=confirm_skip,
            window=window,
            mode=wire.mode_fields(mode),
        )
        if not sent:
            self._go_local(
                "the window process cannot start here"  # not translated: for the log
            )

    def withdraw(self) -> None:
        self.asking = False
        if self._local is not None:
            self._local.withdraw()
        else:
            self._process.send(wire.WITHDRAW)

    def bring_up(self) -> None:
        if self._local is not None:
            self._local.bring_up()
        elif self.asking:
            self._process.send(wire.BRING_UP)

    def answer_from_notification(self, action: str) -> None:
        if self._local is not None:
            self._local.answer_from_notification(action)
        elif self.asking and action in wire.NOTIFICATION_ACTIONS:
            self._process.send(wire.ANSWER, action=action)

    def isVisible(self) -> bool:  # noqa: N802 (the widget's name, which the shell calls)
        return self._local.isVisible() if self._local is not None else self._visible

    def deleteLater(self) -> None:  # noqa: N802 (Qt's name)
        if self._local is not None:  # a widget: it has no parent to go with
            self._local.deleteLater()
        super().deleteLater()

    # -- what the process says --------------------------------------------------------------
    def _answered(self, kind: str, fields: dict[str, Any]) -> None:
        if self._local is not None:
            return
        if kind == wire.SHOWING:
            self._visible = bool(fields["prompt"])
        elif kind == wire.UNKNOWN_ROUTINE and self.asking and self._args is not None:
            if fields["routine"] == self._args[0].id:
                self._go_local(
                    "the window process does not know the routine"  # not translated: for the log
                )
        elif kind == wire.ANSWERED and self.asking:
            self.asking, self._visible = False, False
            signal = {
                "start": self.start_requested,
                "snooze": self.snooze_requested,
                "skip": self.skip_requested,
                "other": self.other_requested,
                "dismiss": self.dismissed,
                "escape": self.escaped,
            }.get(fields["answer"])
            if signal is not None:
                signal.emit()

    def _process_ended(self, could_not_start: bool) -> None:
        self._visible = False
        if not self.asking or self._local is not None or self._args is None:
            return
        if not could_not_start and not self._asked_again:
            # It may have been ending (nothing on screen) just as the break came: ask anew.
            self._asked_again = True
            log.info("the window process ended as the break came: asked again")
            self.show_for(*self._args)
            return
        self._go_local(
            "the window process ended while the break asked"  # not translated: for the log
        )

    def _go_local(self, why: str) -> None:
        """From now on this break (and this stand-in) shows in the app."""
        log.warning("the break prompt shows in the app: %s", why)
        local = self._local = self._make_local()
        for mine, theirs in (
            (self.start_requested, local.start_requested),
            (self.snooze_requested, local.snooze_requested),
            (self.skip_requested, local.skip_requested),
            (self.other_requested, local.other_requested),
            (self.dismissed, local.dismissed),
            (self.escaped, local.escaped),
        ):
            theirs.connect(mine.emit)
        if self.asking and self._args is not None:
            local.show_for(*self._args)


class RemotePlayer(QObject):
    began = Signal(object)
    ended = Signal(object)
    cancelled = Signal()
    step_started = Signal(object, int)
    checkin_after_given = Signal(int)
    felt = Signal(str)
    red_flag = Signal(str, bool)
    hidden_running = Signal()

    def __init__(
        self, process: WindowProcess, clock: Clock, make_local: Callable[[], RoutinePlayer]
    ) -> None:
        super().__init__()
        self._process, self._clock, self._make_local = process, clock, make_local
        self._local: RoutinePlayer | None = None
        self._routine: Routine | None = None
        self._mode = NOT_HELD
        self._began_at: float | None = None
        self._steps_done = 0
        self._visible = False
        self._played_again = False
        self._session = 0
        """Numbers each routine asked of the process; its messages carry the number."""
        self.preparing = False
        self.playing = False
        self._left: tuple[str, float, float, bool, float] | None = None
        """The last `left` told: title, step and total left, running (not paused), and when."""
        process.answered.connect(self._answered)
        process.ended.connect(self._process_ended)

    @property
    def local(self) -> RoutinePlayer | None:
        return self._local

    def play(self, routine: Routine, mode: BreakMode = NOT_HELD) -> None:
        if self._local is not None:
            self._local.play(routine, mode)
            return
        if (self.playing or self.preparing) and self._routine is not None:
            # As the player in the app does: the session here is stopped first and its
            # outcome told before anything of the new one (the process's own word on it
            # would come too late, and is not listened for once the new one is asked).
            self.stop()  # its own word on it, under its number, is not listened for
            if self.playing:
                self.playing = False
                self.ended.emit(self._stopped(self._routine))
            else:
                self.preparing = False
                self.cancelled.emit()
        self._routine, self._mode = routine, mode
        self._session += 1
        self.preparing, self.playing = True, False
        self._began_at, self._left, self._steps_done = None, None, 0
        self._played_again = False
        self._send_play()

    def _send_play(self) -> None:
        if self._routine is None:
            return
        held = None if self._mode == NOT_HELD else wire.mode_fields(self._mode)
        sent = self._process.send(
            wire.PLAY, routine=self._routine.id, mode=held, session=self._session
        )
        if not sent:
            self._go_local(
                "the window process cannot start here"  # not translated: for the log
            )

    def stop(self) -> None:
        if self._local is not None:
            self._local.stop()
        elif self.playing or self.preparing or self._visible:
            self._process.send(wire.STOP)

    def settle(self, msecs: int = SETTLE_MS) -> None:
        """Quitting: wait (a little) for a stopped routine's outcome, so the log has it."""
        if self._local is not None:
            return
        waited = 0
        while (self.playing or self.preparing) and waited < msecs:
            if not self._process.wait_for_answers(100):
                waited += 100

    def show_window(self) -> None:
        if self._local is not None:
            self._local.show_window()
        elif self.playing or self.preparing:
            self._process.send(wire.SHOW_PLAYER)

    def finish(self, problem: str | None, details: list[str]) -> None:
        """What the finish page adds: the log's problem if any, today's tally, the next break."""
        if self._local is not None:
            self._local.history_problem = problem
        else:
            self._process.send(wire.FINISH, problem=problem, details=details[:20])

    def isVisible(self) -> bool:  # noqa: N802 (the widget's name, which the shell calls)
        return self._local.isVisible() if self._local is not None else self._visible

    def deleteLater(self) -> None:  # noqa: N802 (Qt's name)
        if self._local is not None:
            self._local.deleteLater()
        super().deleteLater()

    def session_left(self) -> SessionLeft | None:
        """The step's title, what is left of it and of the session: counted down here from
        what the process last told (it tells again at a step, a pause or a resume)."""
        if self._left is None or not self.playing:
            return None
        title, step, total, running, at = self._left
        step, total = wire.counted_down(step, total, running, at, self._clock.monotonic())
        return title, timedelta(seconds=step), timedelta(seconds=total)

    # -- what the process says --------------------------------------------------------------
    def _answered(self, kind: str, fields: dict[str, Any]) -> None:
        if self._local is not None or self._routine is None:
            return
        routine = self._routine
        if "session" in fields and fields["session"] != self._session:
            return  # about a routine replaced since: its outcome was told then
        if kind == wire.SHOWING:
            visible = bool(fields["player"])
            hid = self._visible and not visible
            self._visible = visible
            if hid and self.playing:
                self.hidden_running.emit()
        elif kind == wire.UNKNOWN_ROUTINE and self.preparing and fields["routine"] == routine.id:
            self._go_local(
                "the window process does not know the routine"  # not translated: for the log
            )
        elif kind == wire.BEGAN and self.preparing:
            self.preparing, self.playing = False, True
            self._began_at = self._clock.monotonic()
            self.began.emit(fields["checkin"])
        elif kind == wire.STEP and self.playing:
            index = fields["index"]
            if 0 <= index < len(routine.played_steps):
                self._steps_done = index
                self.step_started.emit(routine, index)
        elif kind == wire.LEFT and self.playing:
            told = (fields["title"], fields["step"], fields["total"], fields["running"])
            self._left = (*told, self._clock.monotonic())
        elif kind == wire.ENDED and self.playing:
            end = wire.read_end(fields["end"])
            if end is not None:
                self.playing = False
                self.ended.emit(end)
        elif kind == wire.CANCELLED and self.preparing:
            self.preparing = False
            self.cancelled.emit()
        elif kind == wire.CHECKIN_AFTER and 0 <= fields["value"] <= 10:
            self.checkin_after_given.emit(fields["value"])
        elif kind == wire.FELT:
            self.felt.emit(fields["word"])
        elif kind == wire.RED_FLAG and fields["before"] == self.preparing and not self.playing:
            self.red_flag.emit(routine.id, fields["before"])

    def _process_ended(self, could_not_start: bool) -> None:
        self._visible = False
        if self._local is not None:
            return
        if self.preparing and not could_not_start and not self._played_again:
            # It may have been ending (its last window just closed) as the routine came.
            self._played_again = True
            log.info("the window process ended as the routine came: played again")
            self._send_play()
        elif self.preparing:
            self._go_local(
                "the window process ended before the routine began"  # not translated: for the log
            )
        elif self.playing and self._routine is not None:
            log.warning("the window process ended while %s played: stopped", self._routine.id)
            self.playing = False
            self.ended.emit(self._stopped(self._routine))
        if could_not_start and self._local is None:
            self._go_local(
                "the window process cannot start here"  # not translated: for the log
            )

    def _stopped(self, routine: Routine) -> SessionEnd:
        began = self._began_at if self._began_at is not None else self._clock.monotonic()
        elapsed = timedelta(seconds=max(0.0, self._clock.monotonic() - began))
        total = len(routine.played_steps)
        return SessionEnd(False, min(self._steps_done, total), total, elapsed)

    def _go_local(self, why: str) -> None:
        log.warning("the routine plays in the app: %s", why)
        if self._local is None:
            local = self._local = self._make_local()
            local.began.connect(self.began.emit)
            local.ended.connect(self.ended.emit)
            local.cancelled.connect(self.cancelled.emit)
            local.step_started.connect(self.step_started.emit)
            local.checkin_after_given.connect(self.checkin_after_given.emit)
            local.red_flag.connect(self.red_flag.emit)
            local.felt.connect(self.felt.emit)
            local.hidden_running.connect(self.hidden_running.emit)
        if self.preparing and self._routine is not None:
            self.preparing = False
            self._local.play(self._routine, self._mode)
