"""The break prompt: a small window near the tray with Start / Snooze / Skip."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.clock import Clock, SystemClock
from backbreak.core.i18n import N_, _, ngettext
from backbreak.core.model import Routine, format_duration
from backbreak.core.strictness import NOT_HELD, BreakMode
from backbreak.ui.widgets import Illustration, scaled_font

PROMPT_TITLE = N_("Break time")  # Qt appends " — backbreak"


LONGEST_SNOOZE_MINUTES = 119  # a snooze is at most 2 h


class BreakPrompt(QDialog):
    """Asks once per due break. Closing it is an answer too (`dismissed`): nothing is lost."""

    start_requested = Signal()
    snooze_requested = Signal()
    skip_requested = Signal()
    other_requested = Signal()
    """"Not this one": the user wants a different routine of about the same length."""
    dismissed = Signal()
    """Esc or the close button: the app decides (a snooze while snoozes are left)."""
    escaped = Signal()
    """A strict break's emergency exit: skipped, and logged as such."""

    #: Keys do nothing this long after the prompt appears: someone typing must not answer it.
    KEY_GRACE_MS = 1000

    def __init__(self, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self._clock = clock or SystemClock()
        self.mode = NOT_HELD
        """How firmly this break holds (a strict or delayed skip, full screen)."""
        self._since = self._clock.monotonic()
        self.setWindowTitle(_(PROMPT_TITLE))
        self.setObjectName("breakPrompt")
        self.setModal(False)
        # Do not take the keyboard from what the user is typing.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self._answered = False
        self._confirm_skip = False
        self._shown = QElapsedTimer()
        self.asking = False
        """A break waits for an answer here (shown, or held for its notification)."""
        self._snoozes_left = 1

        self._heading = QLabel(_("Time for a break"))
        self._heading.setFont(scaled_font(self, 1.35, bold=True))
        self._title = QLabel()
        self._title.setFont(scaled_font(self, 1.1, bold=True))
        self._title.setWordWrap(True)
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._image = Illustration(96)

        self.start_button = QPushButton(_("&Start"))
        self.start_button.setDefault(True)
        self.start_button.setAccessibleName(_("Start the break"))
        self.snooze_button = QPushButton(_("Snooze"))
        self.skip_button = QPushButton(_("S&kip"))
        self.skip_button.setAccessibleName(_("Skip this break"))
        self.other_button = QPushButton(_("Not &this one"))
        self.other_button.setAccessibleName(_("Offer another routine of about the same length"))
        self.escape_button = QPushButton(_("&Emergency exit"))
        self.escape_button.setAccessibleName(_("Emergency exit: skip this break (it is logged)"))
        self.escape_button.setAutoDefault(False)
        self.escape_button.setFlat(True)
        self.escape_button.hide()
        self.escape_button.clicked.connect(lambda: self._answer(self.escaped))
        self._hold_timer = QTimer(self)
        self._hold_timer.setInterval(1000)
        self._hold_timer.timeout.connect(self._show_hold)
        for button in (self.snooze_button, self.skip_button, self.other_button):
            button.setAutoDefault(False)  # Return means Start, whichever button has focus
        self.start_button.clicked.connect(lambda: self._answer(self.start_requested))
        self.snooze_button.clicked.connect(lambda: self._answer(self.snooze_requested))
        self.skip_button.clicked.connect(self._skip_clicked)
        self.other_button.clicked.connect(self.other_requested.emit)
        for button in (self.start_button, self.snooze_button, self.skip_button, self.other_button):
            button.installEventFilter(self)  # mnemonics (Alt+S) are keys too

        text = QVBoxLayout()
        text.addWidget(self._heading)
        text.addWidget(self._title)
        text.addWidget(self._summary)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self._image, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(12)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.escape_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(buttons)
        # One width for every break, wide enough for the longest Snooze label (a snooze is at
        # most 2 h): the window no longer changes size between breaks or clips a button.
        self.snooze_button.setText(
            ngettext(
                "S&nooze {duration} ({count} left)", "S&nooze {duration} ({count} left)", 2
            ).format(duration=format_duration(LONGEST_SNOOZE_MINUTES * 60), count=2)
        )
        self.setFixedWidth(max(440, self.sizeHint().width()))
        QWidget.setTabOrder(self.start_button, self.snooze_button)
        QWidget.setTabOrder(self.snooze_button, self.skip_button)

    def show_for(
        self,
        routine: Routine,
        snooze_minutes: float,
        snoozes_left: int = 1,
        confirm_skip: bool = False,
        window: bool = True,
        mode: BreakMode = NOT_HELD,
    ) -> None:
        """Show (or refresh) the prompt. `confirm_skip`: gentle friction after many skips.
        `window` False: the notification asks alone; the prompt holds the answers it gives."""
        if not self.isVisible():
            self._shown.start()
        if not self.asking:  # a new break (not the same one with another routine)
            self._since = self._clock.monotonic()
        self._answered = False
        self.asking = True
        self.mode = mode
        self._confirm_skip = confirm_skip
        self.skip_button.setText(_("S&kip"))
        self._title.setText(f"{routine.title} · {format_duration(routine.duration_seconds)}")
        self._summary.setText(routine.summary)
        # Heat, cold and breathing routines may have no steps of their own, only phases.
        first = next(iter(routine.steps or routine.played_steps), None)
        image = first.image if first is not None else None
        self._image.show_image(image, first.title if first is not None else routine.title)
        self._image.setVisible(image is not None)
        label = format_duration(snooze_minutes * 60)
        if 0 < snoozes_left <= 2:  # the last ones are counted
            text = ngettext(
                "S&nooze {duration} ({count} left)",
                "S&nooze {duration} ({count} left)",
                snoozes_left,
            )
            name = ngettext(
                "Snooze for {duration} ({count} left)",
                "Snooze for {duration} ({count} left)",
                snoozes_left,
            )
        else:
            text, name = _("S&nooze {duration}"), _("Snooze for {duration}")
        self.snooze_button.setText(text.format(duration=label, count=snoozes_left))
        self.snooze_button.setAccessibleName(name.format(duration=label, count=snoozes_left))
        self._snoozes_left = snoozes_left
        self.setAccessibleName(_("Time for a break: {title}").format(title=routine.title))
        self._show_hold()
        # The new words first: a title in another script (a CJK "3分" in its fallback font)
        # is taller, and a size taken before the layout knew it cut the summary short.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()
        if mode.full_screen:
            self._place_centred()
        else:
            self._place_near_tray()
        if window or self.isVisible():
            self.show()
            self.raise_()
            self.start_button.setFocus()

    def withdraw(self) -> None:
        """The break was answered elsewhere, or went: hide, and answer nothing more."""
        self.asking = False
        self._hold_timer.stop()
        self.hide()

    def on_screen(self) -> timedelta:
        return timedelta(seconds=self._clock.monotonic() - self._since)

    def may_leave(self) -> bool:
        """Whether Skip, Snooze, Esc and the close button work now (see core.strictness)."""
        return self.mode.may_leave(self.on_screen())

    def _show_hold(self) -> None:
        """Skip and Snooze as the break mode allows them now; a countdown while they wait."""
        mode, free = self.mode, self.may_leave()
        wait = mode.wait_left(self.on_screen())
        self.snooze_button.setVisible(self._snoozes_left > 0 and not mode.has_escape)
        self.skip_button.setVisible(not mode.has_escape)
        self.other_button.setVisible(not mode.has_escape)
        self.escape_button.setVisible(mode.has_escape)
        for button in (self.snooze_button, self.skip_button, self.other_button):
            button.setEnabled(free)
        self.skip_button.setToolTip(
            _("Skip and Snooze work in {duration}").format(
                duration=format_duration(wait.total_seconds())
            )
            if wait
            else ""
        )
        if mode.holds and not free and wait is not None:
            self._hold_timer.start()
        else:
            self._hold_timer.stop()

    def _place_centred(self) -> None:
        """A full-screen break: in the middle of the main screen, over the cover."""
        screen: QScreen | None = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.move(area.center() - self.rect().center())

    def bring_up(self) -> None:
        """Show the waiting break's window (a tray click, a second launch, a notification
        whose buttons cannot answer)."""
        if not self.asking:
            return
        if not self.isVisible():
            self._shown.start()
        self.show()
        self.raise_()
        self.activateWindow()

    def _place_near_tray(self) -> None:
        """At the right edge, half-way down: notification daemons stack their bubbles in a
        corner (dunst, XFCE and Cinnamon top right, KDE and Windows bottom right, GNOME top
        centre), and a bubble over Snooze once took the click meant for it."""
        screen: QScreen | None = QGuiApplication.primaryScreen()  # None with no screen at all
        if screen is None:
            return
        area = screen.availableGeometry()
        top = area.top() + max(0, (area.height() - self.height()) // 2)
        self.move(QPoint(area.right() - self.width() - 24, top))

    def _skip_clicked(self) -> None:
        if self._confirm_skip:
            self._confirm_skip = False
            self.skip_button.setText(_("Skip a&gain?"))
            self.skip_button.setAccessibleName(_("You skipped the last breaks too. Skip again?"))
            return
        self._answer(self.skip_requested)

    def answer_from_notification(self, action: str) -> None:
        """A button of the reminder's notification: the same answer as the window's own.
        Skip after many skips, or a snooze none is left of, brings the window up instead."""
        if not self.asking or self._answered:
            return  # the notification outlived its break: nothing to answer
        if action == "start":
            self._answer(self.start_requested)
        elif action == "snooze" and self._snoozes_left and self.may_leave():
            self._answer(self.snooze_requested)
        elif action == "skip" and not self._confirm_skip and self.may_leave():
            self._answer(self.skip_requested)
        else:
            self.bring_up()

    def _dismissed(self) -> None:
        if self.may_leave():  # a held break stays: Start, or its emergency exit
            self._answer(self.dismissed)

    def _answer(self, signal: SignalInstance) -> None:
        if self._answered:
            return
        self._answered = True
        self.asking = False
        self._hold_timer.stop()
        self.hide()
        signal.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Shortcut and not self.keys_active():
            return True
        return super().eventFilter(watched, event)

    def keys_active(self) -> bool:
        return not self._shown.isValid() or self._shown.elapsed() >= self.KEY_GRACE_MS

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if not self.keys_active():
            event.accept()  # a keystroke meant for another window: ignore it
            return
        if event.key() == Qt.Key.Key_Escape:
            self._dismissed()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.isVisible() and not self._answered:
            self._dismissed()
            if self.isVisible():  # the answer brought the next break up: keep it on screen
                event.ignore()
                return
        super().closeEvent(event)
