"""The page of timed steps: picture or breathing pacer, instruction, countdown and controls.

It only paints a `core.session` state and says which button was pressed; the window owns
the session and decides what a press means.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.core import session as s
from backbreak.core.i18n import N_, _, ngettext
from backbreak.core.model import Routine, Side
from backbreak.ui.widgets import BreathingPacer, CountdownRing, Illustration, scaled_font

BREATHING_HINT = N_("Follow the circle: it grows as you breathe in and shrinks as you breathe out.")
STILL_BREATHING_HINT = N_(
    "The bar fills once for each part of the breath: in, hold or out, as above."
)
"""With reduce motion on, the pacer is a bar that fills, not a circle that moves."""
_MIRRORED = str.maketrans("◀▶", "▶◀")
SIDE_TEXT = {Side.LEFT: N_("Your left side"), Side.RIGHT: N_("Your right side")}
MIRROR_NOTE = N_("The picture is drawn as your mirror image.")
"""Said under a one-sided step's picture: its left is on the left, as in a mirror."""
GENTLE_NOTE = N_("Move gently. Stop if anything hurts.")


class StepPage(QWidget):
    """One played step at a time; Back, Pause, Stop and Next below it."""

    event_requested = Signal(object)
    """A `core.session.Event` the user asked for (Back, Pause or Next)."""
    stop_requested = Signal()
    """The user wants to end the routine here."""
    safety_requested = Signal()
    """The user asked when to see a professional."""
    escape_requested = Signal()
    """A strict break's emergency exit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine_label = QLabel()
        self.routine_label.setFont(scaled_font(self, 1.0, bold=True))
        self.progress_label = QLabel()
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.side_label = QLabel()
        self.side_label.setObjectName("sideBadge")
        self.side_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side_label.setFont(scaled_font(self, 1.1, bold=True))
        self.image = Illustration(220)
        self.mirror_note = QLabel(_(MIRROR_NOTE))
        self.mirror_note.setObjectName("mirrorNote")
        self.mirror_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mirror_note.setFont(scaled_font(self, 0.85))
        self.pacer = BreathingPacer(220)
        self.pacer.hide()
        self.step_title = QLabel()
        self.step_title.setFont(scaled_font(self, 1.5, bold=True))
        self.step_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_title.setWordWrap(True)
        self.instruction = QLabel()
        self.instruction.setWordWrap(True)
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instruction.setFont(scaled_font(self, 1.1))
        self.instruction.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.countdown = CountdownRing(120)
        self.countdown.setObjectName("countdown")
        self.safety_note = QLabel()
        self.safety_note.setObjectName("safetyNote")
        self.safety_note.setWordWrap(True)
        self.safety_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.safety_note.setFont(scaled_font(self, 0.9))
        self.safety_button = QPushButton(_("When to see a professional"))
        self.safety_button.setFlat(True)
        self.safety_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.safety_button.setFont(scaled_font(self, 0.9))
        self.safety_button.clicked.connect(self.safety_requested.emit)
        self.escape_button = QPushButton(_("&Emergency exit"))
        self.escape_button.setAccessibleName(_("Emergency exit: stop this break (it is logged)"))
        self.escape_button.setFlat(True)
        self.escape_button.setFont(scaled_font(self, 0.9))
        self.escape_button.clicked.connect(self.escape_requested.emit)
        self.escape_button.hide()

        header = QHBoxLayout()
        header.addWidget(self.routine_label, 1)
        header.addWidget(self.progress_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.side_label)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.mirror_note)
        layout.addWidget(self.pacer, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.step_title)
        layout.addWidget(self.instruction, 1)
        layout.addWidget(self.countdown, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(6)
        layout.addLayout(self._build_buttons())
        layout.addWidget(self.safety_note)
        layout.addWidget(self.safety_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.escape_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def _pointing(self, text: str) -> str:
        """Back and Next point the way their buttons sit: mirrored in a right-to-left
        layout, where Next is on the left (Qt mirrors the row, not the arrows in words)."""
        return text.translate(_MIRRORED) if self.isRightToLeft() else text

    def _build_buttons(self) -> QHBoxLayout:
        self._finishing = False  # the last step: Next reads "Finish"
        self.back_button = QPushButton(self._pointing(_("◀  Back")))
        self.back_button.setAccessibleName(_("Back to the previous step"))
        self.pause_button = QPushButton(_("Pause"))
        self.pause_button.setAccessibleName(_("Pause or resume"))
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.setAccessibleName(_("Stop this routine"))
        self.next_button = QPushButton(self._pointing(_("Next  ▶")))
        self.next_button.setAccessibleName(_("Next step"))
        self.back_button.clicked.connect(lambda: self.event_requested.emit(s.Event.BACK))
        self.pause_button.clicked.connect(lambda: self.event_requested.emit(s.Event.TOGGLE_PAUSE))
        self.next_button.clicked.connect(lambda: self.event_requested.emit(s.Event.NEXT))
        self.stop_button.clicked.connect(self.stop_requested.emit)
        buttons = QHBoxLayout()
        for button in (self.back_button, self.pause_button, self.stop_button, self.next_button):
            button.installEventFilter(self)  # Space on a focused button: see eventFilter
            button.setMinimumWidth(100)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Space must reach the shortcut
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        return buttons

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() is QEvent.Type.LayoutDirectionChange:  # the arrows turn with the row
            self.back_button.setText(self._pointing(_("◀  Back")))
            if not self._finishing:
                self.next_button.setText(self._pointing(_("Next  ▶")))
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Space on a focused button pauses or resumes instead of pressing it: someone who
        typed on after clicking a notification (or pressed Tab once) must not press Next or
        Stop. A button presses on Space's release, so both halves are taken here."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space:
                if event.type() is QEvent.Type.KeyPress and not event.isAutoRepeat():
                    self.event_requested.emit(s.Event.TOGGLE_PAUSE)
                return True
        return super().eventFilter(watched, event)

    def show_routine(self, routine: Routine) -> None:
        """Set what stays the same for the whole routine."""
        self.routine_label.setText(routine.title)
        self.safety_note.setText(routine.safety[0] if routine.safety else _(GENTLE_NOTE))

    def show_state(self, state: s.SessionState, now: datetime) -> None:
        """Show the current step of a running session as of `now`."""
        step = state.step
        # Steps are counted apart from breaths: a breathing routine reads "Step 1 of 1", then
        # "Breath 1 of 8", not "Step 1 of 33".
        moves = [i for i, played in enumerate(state.steps) if not played.phase.is_breath]
        if state.index in moves:
            self.progress_label.setText(
                _("Step {number} of {count}").format(
                    number=moves.index(state.index) + 1, count=len(moves)
                )
            )
        side = _(SIDE_TEXT[step.side]) if step.side in SIDE_TEXT else ""
        self.side_label.setText(side)
        self.side_label.setVisible(bool(side))
        breathing = step.phase.is_breath
        self.image.show_image(step.image, step.title, mirrored=step.side is Side.RIGHT)
        self.image.setVisible(step.image is not None and not breathing)
        self.mirror_note.setVisible(bool(side) and self.image.isVisibleTo(self))
        self.pacer.setVisible(breathing)
        self.step_title.setText(step.title if step.reps is None else f"{step.title} · {step.reps}×")
        self.instruction.setText(step.instruction)
        if breathing:
            self.progress_label.setText(step.instruction)  # "Breath 2 of 8"
            still = self.pacer.reduce_motion
            self.instruction.setText(_(STILL_BREATHING_HINT if still else BREATHING_HINT))
            elapsed = state.step_elapsed(now) / step.duration if step.duration else 1.0
            self.pacer.set_phase(step.phase, elapsed)
        self._reserve_text_height()
        remaining = state.step_remaining(now)
        seconds_left = math.ceil(remaining.total_seconds())
        paused = state.status is s.Status.PAUSED
        fraction = remaining / step.duration if step.duration else 0.0
        self.countdown.set_state(
            fraction, _("Paused") if paused else f"{seconds_left // 60}:{seconds_left % 60:02d}"
        )
        self.countdown.setAccessibleName(
            (
                ngettext(
                    "{count} second left, paused", "{count} seconds left, paused", seconds_left
                )
                if paused
                else ngettext("{count} second left", "{count} seconds left", seconds_left)
            ).format(count=seconds_left)
        )
        self.pause_button.setText(_("Resume") if paused else _("Pause"))
        self.back_button.setEnabled(state.index > 0 or state.step_elapsed(now).total_seconds() > 1)
        last = state.index == len(state.steps) - 1
        self._finishing = last
        self.next_button.setText(_("Finish  ✓") if last else self._pointing(_("Next  ▶")))

    def set_compact(self, compact: bool) -> None:
        """Smaller picture, pacer and ring when the window is short (a laptop at 125 % or
        150 %): the buttons stay in view more often, and the rest scrolls."""
        picture, ring = (140, 92) if compact else (220, 120)
        self.image.set_side(picture)
        self.pacer.setFixedSize(picture, picture)
        self.countdown.setFixedSize(ring, ring)

    def hold(self, held: bool, wait: timedelta | None, escape: bool) -> None:
        """A held break: Stop and Next wait (`wait` left, or for good with an emergency
        exit in Stop's place); not held, both work as usual."""
        self.stop_button.setEnabled(not held)
        self.next_button.setEnabled(not held)
        self.stop_button.setVisible(not (held and escape))
        self.escape_button.setVisible(escape)
        seconds = math.ceil(wait.total_seconds()) if wait is not None else 0
        self.stop_button.setText(
            _("Stop in {seconds} s").format(seconds=seconds) if seconds else _("Stop")
        )

    def _reserve_text_height(self) -> None:
        """QStackedWidget does not pass on height-for-width: reserve the wrapped text's
        height, so picture, text and ring never overlap."""
        width = max(320, self.width())
        self.instruction.setMinimumHeight(max(0, self.instruction.heightForWidth(width)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._reserve_text_height()
