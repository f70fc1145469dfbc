"""The routine player: renders a `core.session` state and feeds it events.

Every rule (what Next does on the last step, what counts as done) is in the pure session;
this window only shows it and turns keys, buttons and a timer into events.
"""

from __future__ import annotations

import math
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backbreak.core import session as s
from backbreak.core.clock import Clock
from backbreak.core.model import Guidance, Routine, Side, format_duration
from backbreak.ui.widgets import BreathingPacer, CountdownRing, Illustration, scaled_font

TICK_MS = 200
CHECKIN_MIN_SECONDS = 60  # no check-in for a 20-second posture check
PACER_TICK_MS = 40  # 25 frames a second while a breathing pacer is on screen
BREATH_PHASES = ("Breathe in", "Hold", "Breathe out")
BREATHING_HINT = "Follow the circle: it grows as you breathe in and shrinks as you breathe out."
SIDE_TEXT = {Side.LEFT: "Left side", Side.RIGHT: "Right side"}
KEYS = {
    Qt.Key.Key_Space: s.Event.TOGGLE_PAUSE,
    Qt.Key.Key_Right: s.Event.NEXT,
    Qt.Key.Key_Left: s.Event.BACK,
}


class RoutinePlayer(QWidget):
    session_completed = Signal(object, object)
    """(routine, elapsed timedelta): emitted before the finish screen shows, so the slot can
    make the log row durable first."""
    session_abandoned = Signal(object, int, object)
    """(routine, steps done, elapsed timedelta)."""
    step_started = Signal(object, int)
    """(routine, index of the played step that just began)."""
    safety_requested = Signal()
    """The user asked when to see a professional."""
    checkin_after_given = Signal(int)
    """How tense or sore after the routine (0-10)."""
    hidden_running = Signal()
    """The window was closed while a heat or cold timer runs on."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._clock = clock
        self._state: s.SessionState | None = None
        self._pending: Routine | None = None
        self._asking_after = False
        self.checkin_enabled = False
        self.size_file: Path | None = None
        """Where the window's size is remembered between sessions."""
        self.checkin_before: int | None = None
        self.history_problem: str | None = None
        """Why the finished session is not in the history (the app sets it on completion)."""
        self.setObjectName("routinePlayer")
        self.setWindowTitle("Break")  # Qt appends " — backbreak"
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self._send(s.Event.TICK))

        self._pages = QStackedWidget()
        self._pages.addWidget(self._build_step_page())
        self._pages.addWidget(self._build_finish_page())
        self._pages.addWidget(self._build_checklist_page())
        self._pages.addWidget(self._build_checkin_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self._pages)
        self.setMinimumSize(560, 720)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- building ----------------------------------------------------------------------
    def _build_step_page(self) -> QWidget:
        page = QWidget()
        self._routine_label = QLabel()
        self._routine_label.setFont(scaled_font(self, 1.0, bold=True))
        self._progress_label = QLabel()
        self._progress_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._side_label = QLabel()
        self._side_label.setObjectName("sideBadge")
        self._side_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._side_label.setFont(scaled_font(self, 1.1, bold=True))
        self._image = Illustration(220)
        self.pacer = BreathingPacer(220)
        self.pacer.hide()
        self._step_title = QLabel()
        self._step_title.setFont(scaled_font(self, 1.5, bold=True))
        self._step_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._step_title.setWordWrap(True)
        self._instruction = QLabel()
        self._instruction.setWordWrap(True)
        self._instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._instruction.setFont(scaled_font(self, 1.1))
        self._instruction.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._countdown = CountdownRing(120)
        self._countdown.setObjectName("countdown")

        self.back_button = QPushButton("◀  Back")
        self.back_button.setAccessibleName("Back to the previous step")
        self.pause_button = QPushButton("Pause")
        self.pause_button.setAccessibleName("Pause or resume")
        self.next_button = QPushButton("Next  ▶")
        self.next_button.setAccessibleName("Next step")
        self.back_button.clicked.connect(lambda: self._send(s.Event.BACK))
        self.pause_button.clicked.connect(lambda: self._send(s.Event.TOGGLE_PAUSE))
        self.next_button.clicked.connect(lambda: self._send(s.Event.NEXT))
        for button in (self.back_button, self.pause_button, self.next_button):
            button.setMinimumWidth(110)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Space must reach the shortcut

        header = QHBoxLayout()
        header.addWidget(self._routine_label, 1)
        header.addWidget(self._progress_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pause_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self._side_label)
        layout.addWidget(self._image, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.pacer, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._step_title)
        layout.addWidget(self._instruction, 1)
        layout.addWidget(self._countdown, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self._safety = QLabel()
        self._safety.setObjectName("safetyNote")
        self._safety.setWordWrap(True)
        self._safety.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._safety.setFont(scaled_font(self, 0.9))
        self._safety.setEnabled(False)  # the palette's quieter text colour
        layout.addWidget(self._safety)
        self.safety_button = QPushButton("When to see a professional")
        self.safety_button.setFlat(True)
        self.safety_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.safety_button.setFont(scaled_font(self, 0.9))
        self.safety_button.clicked.connect(self.safety_requested.emit)
        layout.addWidget(self.safety_button, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    def _build_checklist_page(self) -> QWidget:
        """Posture checks and desk set-up: tick each item; done when all are ticked."""
        page = QWidget()
        self._checklist_title = QLabel()
        self._checklist_title.setFont(scaled_font(self, 1.4, bold=True))
        self._checklist_hint = QLabel("Tick each one as you check it.")
        self._checklist_box = QVBoxLayout()
        self._checklist_box.setSpacing(10)
        self.checklist_done = QPushButton("Done")
        self.checklist_done.setDefault(True)
        self.checklist_done.setAccessibleName("All checked: done")
        self.checklist_done.clicked.connect(lambda: self._send(s.Event.FINISH))
        self.checks: list[QCheckBox] = []
        layout = QVBoxLayout(page)
        layout.addWidget(self._checklist_title)
        layout.addWidget(self._checklist_hint)
        layout.addSpacing(8)
        layout.addLayout(self._checklist_box)
        layout.addStretch(1)
        layout.addWidget(self.checklist_done, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _fill_checklist(self, routine: Routine) -> None:
        while self._checklist_box.count():
            item = self._checklist_box.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.checks = []
        self._checklist_title.setText(routine.title)
        for step in routine.played_steps:
            box = QCheckBox(step.title)
            box.setFont(scaled_font(self, 1.05, bold=True))
            box.setAccessibleName(step.title)
            box.setAccessibleDescription(step.instruction)
            box.toggled.connect(self._ticked)
            detail = QLabel(step.instruction)
            detail.setWordWrap(True)
            detail.setContentsMargins(26, 0, 0, 6)
            detail.setMinimumHeight(detail.heightForWidth(460))  # see _render: no h-f-w
            self._checklist_box.addWidget(box)
            self._checklist_box.addWidget(detail)
            self.checks.append(box)

    def _ticked(self, checked: bool) -> None:
        box = self.sender()
        if checked and isinstance(box, QCheckBox):
            box.setEnabled(False)  # a tick counts once
            self._send(s.Event.NEXT)  # the last tick completes the routine

    def _build_checkin_page(self) -> QWidget:
        """0 (none) to 10 (very): one click, or a digit key; Skip is one click too."""
        page = QWidget()
        self._checkin_question = QLabel()
        self._checkin_question.setFont(scaled_font(self, 1.3, bold=True))
        self._checkin_question.setWordWrap(True)
        self._checkin_question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scale = QHBoxLayout()
        scale.setSpacing(4)
        self.checkin_buttons: list[QPushButton] = []
        for value in range(11):
            button = QPushButton(str(value))
            button.setFixedWidth(38)
            button.setAccessibleName(f"{value} out of 10")
            button.clicked.connect(lambda _=False, v=value: self._checkin_answered(v))
            scale.addWidget(button)
            self.checkin_buttons.append(button)
        ends = QHBoxLayout()
        ends.addWidget(QLabel("0 = not at all"))
        ends.addStretch(1)
        ends.addWidget(QLabel("10 = very"))
        self.checkin_skip = QPushButton("Skip")
        self.checkin_skip.setAccessibleName("Skip the check-in")
        self.checkin_skip.clicked.connect(lambda: self._checkin_answered(None))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self._checkin_question)
        layout.addSpacing(16)
        layout.addLayout(scale)
        layout.addLayout(ends)
        layout.addSpacing(16)
        layout.addWidget(self.checkin_skip, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _build_finish_page(self) -> QWidget:
        page = QWidget()
        self._done_label = QLabel()
        self._done_label.setFont(scaled_font(self, 1.6, bold=True))
        self._done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._done_label.setWordWrap(True)
        self._done_note = QLabel()
        self._done_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._done_note.setWordWrap(True)
        self.close_button = QPushButton("Close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self._done_label)
        layout.addWidget(self._done_note)
        layout.addSpacing(20)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    # -- playing -----------------------------------------------------------------------
    @property
    def state(self) -> s.SessionState | None:
        return self._state

    @property
    def playing(self) -> bool:
        """A session is running, shown or not (a heat pack timer runs while hidden)."""
        return self._state is not None and not self._state.finished

    def time_left(self) -> timedelta | None:
        """What is left of the whole session, for the tray while the window is hidden."""
        state = self._state
        if state is None or state.finished:
            return None
        now = self._clock.now()
        later = sum((step.duration for step in state.steps[state.index + 1 :]), timedelta(0))
        return state.step_remaining(now) + later

    def stop(self) -> None:
        """End a running session as abandoned (Quit, or another routine starts)."""
        if self.playing:
            self._send(s.Event.ABANDON)
        self._timer.stop()
        self.hide()

    def play(self, routine: Routine) -> None:
        """Ask the check-in first (when on and the routine is a minute or longer)."""
        self.checkin_before = None
        self.history_problem = None
        self._asking_after = False
        self._pending = routine
        self._state = None
        if self.checkin_enabled and routine.duration_seconds >= CHECKIN_MIN_SECONDS:
            self._ask_checkin(routine, after=False)
            if not self.isVisible():
                self._center()
            self.show()
            self.raise_()
            self.activateWindow()
            return
        self._begin(routine)

    def _ask_checkin(self, routine: Routine, after: bool) -> None:
        self._asking_after = after
        self.setWindowTitle(routine.title)
        self._checkin_question.setText(
            "And now? How tense or sore are your neck and back?"
            if after
            else "Before you start: how tense or sore are your neck and back right now?"
        )
        self._pages.setCurrentIndex(3)

    def _checkin_answered(self, value: int | None) -> None:
        if self._asking_after:
            if value is not None:
                self.checkin_after_given.emit(value)
            assert self._state is not None
            self._show_finish(self._state.elapsed(self._clock.now()))
            return
        self.checkin_before = value
        if self._pending is not None:
            self._begin(self._pending)

    def _begin(self, routine: Routine) -> None:
        self._pending = None
        self._state = s.start(routine, self._clock.now())
        self.setWindowTitle(routine.title)
        checklist = routine.guidance is Guidance.CHECKLIST
        if checklist:
            self._fill_checklist(routine)
        self._pages.setCurrentIndex(2 if checklist else 0)
        self._safety.setText(
            routine.safety[0] if routine.safety else "Move gently. Stop if anything hurts."
        )
        self._render()
        if not checklist:
            # A smooth pacer for breathing; otherwise a countdown only needs a few ticks.
            smooth = routine.breathing is not None and not self.pacer.reduce_motion
            self._timer.setInterval(PACER_TICK_MS if smooth else TICK_MS)
            self._timer.start()  # a checklist has no countdown: it waits for the ticks
        if not self.isVisible():
            self._center()
        self.show()
        self.raise_()
        self.activateWindow()
        self.setFocus()

    def _center(self) -> None:
        """Open at the size the user left it, centred on the screen under the pointer (the
        one they are looking at)."""
        self.adjustSize()
        size = self._saved_size()
        if size is not None:
            self.resize(size.expandedTo(self.minimumSize()))
        screen = (
            QGuiApplication.screenAt(QCursor.pos())
            or self.screen()
            or QGuiApplication.primaryScreen()
        )
        if screen is None:
            return
        frame = self.frameGeometry()
        frame.moveCenter(screen.availableGeometry().center())
        self.move(frame.topLeft())

    def _saved_size(self) -> QSize | None:
        if self.size_file is None:
            return None
        try:
            width, height = (int(x) for x in self.size_file.read_text().split())
        except (OSError, ValueError):
            return None
        return QSize(width, height)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        if self.size_file is not None:
            try:
                self.size_file.parent.mkdir(parents=True, exist_ok=True)
                self.size_file.write_text(f"{self.width()} {self.height()}\n")
            except OSError:
                pass  # remembering the size is a nicety, never a reason to fail
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Space pauses, arrows move, Esc closes (a session still running is abandoned)."""
        action = KEYS.get(Qt.Key(event.key()))
        if self._pages.currentIndex() == 3 and event.text().isdigit():
            self._checkin_answered(int(event.text()))  # 0-9 from the keyboard
            return
        if self._pages.currentIndex() in (2, 3):
            action = None  # a checklist: Space ticks the focused item, arrows move focus
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif action is not None and self._state is not None and not self._state.finished:
            self._send(action)
        else:
            super().keyPressEvent(event)

    def _send(self, event: s.Event) -> None:
        if self._state is None:
            return
        self._state, effects = s.advance(self._state, event, self._clock.now())
        for effect in effects:
            if isinstance(effect, s.Completed):
                self._timer.stop()
                self.session_completed.emit(self._state.routine, effect.elapsed)
                if self.checkin_before is not None:
                    self._ask_checkin(self._state.routine, after=True)
                else:
                    self._show_finish(effect.elapsed)
                return
            if isinstance(effect, s.Abandoned):
                self._timer.stop()
                self.session_abandoned.emit(self._state.routine, effect.steps_done, effect.elapsed)
                return
            if isinstance(effect, s.StepChanged):
                self.step_started.emit(self._state.routine, effect.index)
        self._render()

    def _render(self) -> None:
        state = self._state
        if state is None or state.finished:
            return
        now = self._clock.now()
        step = state.step
        self._routine_label.setText(state.routine.title)
        self._progress_label.setText(f"Step {state.index + 1} of {len(state.steps)}")
        side = SIDE_TEXT.get(step.side, "")
        self._side_label.setText(side)
        self._side_label.setVisible(bool(side))
        breathing = state.routine.breathing is not None and step.title in BREATH_PHASES
        self._image.show_image(step.image, step.title, mirrored=step.side is Side.RIGHT)
        self._image.setVisible(step.image is not None and not breathing)
        self.pacer.setVisible(breathing)
        title = step.title if step.reps is None else f"{step.title} · {step.reps}×"
        self._step_title.setText(title)
        self._instruction.setText(step.instruction)
        if breathing:
            self._progress_label.setText(step.instruction)  # "Breath 2 of 8"
            self._instruction.setText(BREATHING_HINT)
            previous = state.steps[state.index - 1].title if state.index else ""
            elapsed = state.step_elapsed(now) / step.duration if step.duration else 1.0
            self.pacer.set_phase(step.title, elapsed, previous == "Breathe in")
        # QStackedWidget does not pass on height-for-width: reserve the wrapped text's height
        # so picture, text and ring never overlap.
        width = max(320, self._pages.width() or self.width() - 48)
        self._instruction.setMinimumHeight(self._instruction.heightForWidth(width))
        remaining = state.step_remaining(now)
        seconds_left = math.ceil(remaining.total_seconds())
        paused = state.status is s.Status.PAUSED
        fraction = remaining / step.duration if step.duration else 0.0
        self._countdown.set_state(
            fraction, "Paused" if paused else f"{seconds_left // 60}:{seconds_left % 60:02d}"
        )
        self._countdown.setAccessibleName(
            f"{seconds_left} seconds left" + (", paused" if paused else "")
        )
        self.pause_button.setText("Resume" if paused else "Pause")
        self.back_button.setEnabled(state.index > 0 or state.step_elapsed(now).total_seconds() > 1)
        last = state.index == len(state.steps) - 1
        self.next_button.setText("Finish  ✓" if last else "Next  ▶")

    def _show_finish(self, elapsed: timedelta) -> None:
        assert self._state is not None
        routine = self._state.routine
        self._done_label.setText(
            f"Done: {format_duration(elapsed.total_seconds())}, {routine.title.lower()}"
        )
        self._done_note.setText(
            "Nicely done. It is in your history."
            if self.history_problem is None
            else f"Nicely done. It could not be saved to your history: {self.history_problem}."
        )
        self.setWindowTitle(f"Done: {routine.title}")
        self._pages.setCurrentIndex(1)
        self.close_button.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        state = self._state
        if state is not None and not state.finished and state.routine.thermal is not None:
            # A heat or cold pack is on: closing the window must not stop its timer. The
            # tray shows the time left and a notification says when to take it off.
            self.hide()
            event.ignore()
            self._timer.setInterval(1000)  # nobody watches the ring: tick gently
            self.hidden_running.emit()
            return
        if state is not None and not state.finished:
            self._send(s.Event.ABANDON)
        self._timer.stop()
        super().closeEvent(event)
