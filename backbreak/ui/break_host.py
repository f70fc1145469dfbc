"""The break's windows in the window process: the prompt and the player, shown as the tray
app asks (platform/ipc/window_wire.py), and what the user does told back.

The app keeps every decision and the log; this process only shows. Its widgets, fonts and Qt
classes (about 15 MiB) leave with it when the break is over, instead of staying all day in
a tray app that mostly waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from backbreak.core.care import RED_FLAG_ON
from backbreak.core.session import Status
from backbreak.core.settings import CHECKIN, REDUCE_MOTION
from backbreak.core.strictness import NOT_HELD
from backbreak.platform.ipc import window_wire as wire

if TYPE_CHECKING:
    from backbreak.content.loader import Library
    from backbreak.core.clock import Clock
    from backbreak.core.model import Routine
    from backbreak.core.session import SessionEnd
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.player import RoutinePlayer
    from backbreak.ui.prompt import BreakPrompt

log = logging.getLogger(__name__)

LEFT_EVERY_MS = 1000
"""How often a playing routine looks whether the app's count of what is left still holds."""
LEFT_DRIFT_S = 2.0
"""The app counts down from what it was last told (break_remote.session_left): it is told
again at a new step, a pause or a resume, or once its count is off by this much (a clock
jump), not every second, since each message wakes the resident app."""


class BreakHost(QObject):
    def __init__(
        self,
        clock: Clock,
        library: Library,
        store: SettingsStore,
        say: Callable[[str], None],
        show_safety: Callable[[], None],
        size_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.clock, self.library, self.store = clock, library, store
        self._say, self._show_safety, self._size_file = say, show_safety, size_file
        self._prompt: BreakPrompt | None = None
        self._player: RoutinePlayer | None = None
        self._details: list[str] = []
        self._session = 0
        """The app's number for the routine playing: told with each of its messages, so a
        replaced routine's last words are not taken for the new one's."""
        self._showing = (False, False)
        self.on_told: Callable[[], None] = lambda: None
        """After each message to the app (the window host then looks whether it is done)."""
        self._left = QTimer(self)
        self._left.setObjectName("leftTimer")
        self._left.setInterval(LEFT_EVERY_MS)
        self._left.timeout.connect(self._tell_left)
        self._told_left: tuple[str, float, float, bool, float] | None = None
        """What the app was last told: title, step and total left, running, and when."""

    # -- the windows, made on first use ----------------------------------------------------
    @property
    def prompt(self) -> BreakPrompt:
        if self._prompt is None:
            from backbreak.ui.prompt import BreakPrompt

            prompt = BreakPrompt(clock=self.clock)
            for signal, answer in zip(
                (
                    prompt.start_requested,
                    prompt.snooze_requested,
                    prompt.skip_requested,
                    prompt.other_requested,
                    prompt.dismissed,
                    prompt.escaped,
                ),
                wire.PROMPT_ANSWERS,
                strict=True,
            ):
                signal.connect(lambda word=answer: self._tell(wire.ANSWERED, answer=word))
            self._prompt = prompt
        return self._prompt

    @property
    def player(self) -> RoutinePlayer:
        if self._player is None:
            from backbreak.ui.player import RoutinePlayer

            player = RoutinePlayer(self.clock)
            player.size_file = self._size_file
            player.began.connect(self._began)
            player.ended.connect(self._ended)
            player.cancelled.connect(lambda: self._tell_player(wire.CANCELLED))
            player.checkin_after_given.connect(
                lambda v: self._tell_player(wire.CHECKIN_AFTER, value=v)
            )
            player.felt.connect(lambda word: self._tell_player(wire.FELT, word=word))
            player.red_flag.connect(
                lambda _routine, before: self._tell_player(wire.RED_FLAG, before=before)
            )
            player.safety_requested.connect(self._show_safety)
            player.step_started.connect(self._step)
            player.hidden_running.connect(self.tell_showing)
            player.finish_details = lambda: list(self._details)
            self._player = player
            self.apply_settings()
        return self._player

    def apply_settings(self) -> None:
        """Reduce motion and the check-in, from this process's copy of the settings."""
        if self._player is not None:
            self._player.pacer.reduce_motion = self.store.current[REDUCE_MOTION]
            self._player.checkin_enabled = self.store.current[CHECKIN]
            self._player.red_flag_enabled = self.store.current[RED_FLAG_ON]

    def forget_idle_windows(self) -> None:
        """After a language change: idle windows are made again, in the new words."""
        prompt, player = self._prompt, self._player
        if prompt is not None and not prompt.asking and not prompt.isVisible():
            prompt.deleteLater()
            self._prompt = None
        if player is not None and not (player.playing or player.preparing or player.isVisible()):
            player.deleteLater()
            self._player = None

    def active(self) -> bool:
        """A break asks (even from its notification alone) or a routine plays (even hidden):
        the process must stay."""
        prompt, player = self._prompt, self._player
        return (prompt is not None and prompt.asking) or (
            player is not None and (player.playing or player.preparing)
        )

    # -- the app asks -------------------------------------------------------------------------
    def request(self, kind: str, fields: dict[str, Any]) -> None:
        """One checked message (window_wire.decode); what cannot be done is said, not raised."""
        if kind == wire.PROMPT:
            routine, mode = self._routine(fields["routine"]), wire.read_mode(fields["mode"])
            if routine is not None and mode is not None:
                self.prompt.show_for(
                    routine,
                    fields["minutes"],
                    fields["left"],
                    confirm_skip=fields["confirm_skip"],
                    window=fields["window"],
                    mode=mode,
                )
        elif kind == wire.WITHDRAW and self._prompt is not None:
            self._prompt.withdraw()
        elif kind == wire.BRING_UP and self._prompt is not None:
            self._prompt.bring_up()
        elif kind == wire.ANSWER and self._prompt is not None:
            if fields["action"] in wire.NOTIFICATION_ACTIONS:
                self._prompt.answer_from_notification(fields["action"])
        elif kind == wire.PLAY:
            self._play(fields)
        elif kind == wire.STOP and self._player is not None:
            self._player.stop()
        elif kind == wire.SHOW_PLAYER and self._player is not None:
            self._player.show_window()
        elif kind == wire.FINISH and self._player is not None:
            self._details = [str(line) for line in fields["details"]]
            self._player.history_problem = fields["problem"]
            self._player.refresh_finish()
        self.tell_showing()

    def _play(self, fields: dict[str, Any]) -> None:
        routine = self._routine(fields["routine"])
        mode = NOT_HELD if fields["mode"] is None else wire.read_mode(fields["mode"])
        if routine is None or mode is None:
            return
        self._details = []
        player = self.player
        player.stop()  # the routine before says its end under its own number
        self._session = fields["session"]
        try:
            player.play(routine, mode)
        except (ValueError, RuntimeError) as exc:  # a routine the library let through
            log.warning("could not play %s: %s", routine.id, exc)
            self._tell(wire.UNKNOWN_ROUTINE, routine=routine.id)

    def _routine(self, routine_id: str) -> Routine | None:
        routine = self.library.get(routine_id)
        if routine is None:  # edited since this process read the routines: the app shows it
            self._tell(wire.UNKNOWN_ROUTINE, routine=routine_id)
        return routine

    # -- told back ----------------------------------------------------------------------------
    def _tell(self, kind: str, **fields: Any) -> None:
        self._say(wire.encode(kind, **fields).rstrip("\n"))
        self.on_told()

    def tell_showing(self) -> None:
        """Whether each window is on screen, when that changed (the tray's menu follows)."""
        showing = (
            self._prompt is not None and self._prompt.isVisible(),
            self._player is not None and self._player.isVisible(),
        )
        if showing != self._showing:
            self._showing = showing
            self._tell(wire.SHOWING, prompt=showing[0], player=showing[1])

    def _tell_player(self, kind: str, **fields: Any) -> None:
        self._tell(kind, **fields, session=self._session)

    def _began(self, checkin: int | None) -> None:
        self._tell_player(wire.BEGAN, checkin=checkin)
        self._told_left = None
        self._left.start()
        self._tell_left()

    def _ended(self, end: SessionEnd) -> None:
        self._left.stop()
        self._tell_player(wire.ENDED, end=wire.end_fields(end))

    def _step(self, _routine: Routine, index: int) -> None:
        self._tell_player(wire.STEP, index=index)
        self._tell_left()

    def _tell_left(self) -> None:
        player = self._player
        state = player.state if player is not None else None
        left = player.time_left() if player is not None else None
        if state is None or left is None:
            return
        title = state.step.title[: wire.MAX_TEXT]
        step = max(0.0, state.step_remaining(self.clock.now()).total_seconds())
        total = max(0.0, left.total_seconds())
        running = state.status is not Status.PAUSED
        now = self.clock.monotonic()
        told = self._told_left
        if told is not None:
            was_title, was_step, was_total, was_running, at = told
            app_step, app_total = wire.counted_down(was_step, was_total, was_running, at, now)
            if (
                (was_title, was_running) == (title, running)
                and abs(app_step - step) < LEFT_DRIFT_S
                and abs(app_total - total) < LEFT_DRIFT_S
            ):
                return  # the app's own count still holds: nothing to wake it for
        self._told_left = (title, step, total, running, now)
        self._tell_player(wire.LEFT, title=title, step=step, total=total, running=running)

    def close(self) -> None:
        """The app is gone: nothing of the break stays on screen (nothing can be told)."""
        self._left.stop()
        if self._prompt is not None:
            self._prompt.withdraw()
        if self._player is not None:
            self._player.stop()
