"""The routine player on its own: every way out of every page ends in one outcome the app is
told about (`began` / `ended` / `cancelled`), checked by hand per exit and by a state machine
that presses anything in any order."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from backbreak.core.model import (
    BreathingPattern,
    Category,
    Guidance,
    Routine,
    Side,
    Step,
    ThermalKind,
    ThermalPhase,
    ThermalPlan,
)
from backbreak.core.session import SessionEnd
from backbreak.ui.player import Page, RoutinePlayer
from tests.helpers.fakes import FakeClock
from tests.ui.conftest import make_routine

SEC = timedelta(seconds=1)


# -- routines ----------------------------------------------------------------------------
def stretch() -> Routine:
    """65 s (long enough for the check-in), four played steps (a "both" step, two more)."""
    base = make_routine()
    roll = Step("Shoulder roll", "Roll your shoulders back.", 10)
    return replace(base, steps=(*base.steps, roll), duration_seconds=65)


def thermal() -> Routine:
    """Heat 1 min, cold 1 min: a safety checklist first, and a timer that survives Esc."""
    return replace(
        make_routine("heat-and-cold", Category.THERMAL),
        title="Heat therapy",
        guidance=Guidance.THERMAL,
        steps=(),
        thermal=ThermalPlan((ThermalPhase(ThermalKind.HEAT, 1), ThermalPhase(ThermalKind.COLD, 1))),
        duration_seconds=120,
        precautions=("A cloth between skin and pack",),
    )


def checklist() -> Routine:
    base = make_routine("desk-check", Category.POSTURE)
    return replace(
        base,
        title="Desk check",
        guidance=Guidance.CHECKLIST,
        steps=tuple(replace(step, side=Side.NONE) for step in base.steps),
        duration_seconds=35,
    )


def breathing() -> Routine:
    pattern = BreathingPattern(inhale=4, exhale=6, cycles=2)
    return replace(
        make_routine("slow-breathing", Category.BREATHING),
        title="Slow breathing",
        guidance=Guidance.BREATHING,
        steps=(Step("Settle", "Sit back and let your shoulders drop.", 10),),
        breathing=pattern,
        duration_seconds=10 + pattern.total_seconds,
    )


def short() -> Routine:
    """Under a minute: never asks the check-in."""
    return replace(make_routine("posture-check"), steps=(Step("Sit tall", "Sit tall.", 20),))


# -- what the app sees -------------------------------------------------------------------
@dataclass
class Seen:
    """Every signal the app would get, in order, with the page on screen when it came."""

    player: RoutinePlayer
    signals: list[tuple[Any, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        p = self.player
        p.began.connect(lambda before: self.signals.append(("began", before)))
        p.ended.connect(lambda end: self.signals.append(("ended", end, p.page)))
        p.cancelled.connect(lambda: self.signals.append(("cancelled",)))
        p.hidden_running.connect(lambda: self.signals.append(("hidden_running",)))
        p.checkin_after_given.connect(lambda v: self.signals.append(("checkin_after", v)))

    def names(self) -> list[str]:
        return [entry[0] for entry in self.signals]

    def ends(self) -> list[SessionEnd]:
        return [entry[1] for entry in self.signals if entry[0] == "ended"]


@pytest.fixture
def player(qtbot, clock):
    window = RoutinePlayer(clock)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def seen(player):
    return Seen(player)


def tick(player: RoutinePlayer) -> None:
    """What the session timer does when it fires (the fake clock says how late it is)."""
    timer = session_timer(player)
    if timer.isActive():
        timer.timeout.emit()


def session_timer(player: RoutinePlayer) -> QTimer:
    timer = player.findChild(QTimer, "sessionTimer")
    assert timer is not None
    return timer


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# -- the safety page ---------------------------------------------------------------------
def test_a_thermal_routine_shows_its_safety_checklist_first(qtbot, player, seen):
    player.play(thermal())
    assert player.isVisible() and player.page is Page.SAFETY
    assert player.safety_page.heading.text() == "Before heat therapy"
    assert player.safety_page.intro.text() == "Check before you start:"
    assert [x.text() for x in player.safety_page.items] == ["A cloth between skin and pack"]
    assert player.state is None and not player.playing and player.preparing
    assert seen.signals == []
    click(qtbot, player.safety_page.start_button)
    assert player.page is Page.STEPS and seen.signals == [("began", None)]


def test_return_starts_from_the_safety_page(qtbot, player, seen):
    player.play(thermal())
    QTest.keyClick(player.safety_page.start_button, Qt.Key.Key_Return)
    assert seen.names() == ["began"] and player.playing


@pytest.mark.parametrize("way", ["cancel", "esc", "esc-on-a-button", "close"])
def test_leaving_the_safety_page_cancels(qtbot, player, seen, way):
    player.play(thermal())
    if way == "cancel":
        click(qtbot, player.safety_page.cancel_button)
    elif way == "esc":
        QTest.keyClick(player, Qt.Key.Key_Escape)
    elif way == "esc-on-a-button":  # focus sits on "All checked, start": Esc still leaves
        QTest.keyClick(player.safety_page.start_button, Qt.Key.Key_Escape)
    else:
        player.close()  # what the window's close button does
    assert not player.isVisible()
    assert seen.signals == [("cancelled",)]
    assert not player.preparing and not player.playing


def test_return_on_a_focused_cancel_cancels(qtbot, player, seen):
    player.play(thermal())
    QTest.keyClick(player.safety_page.cancel_button, Qt.Key.Key_Return)
    assert seen.signals == [("cancelled",)]


def test_checklist_items_are_plain_text(qtbot, player):
    player.play(replace(thermal(), precautions=("<b>never</b> on numb skin",)))
    assert player.safety_page.items[0].text() == "<b>never</b> on numb skin"
    assert player.safety_page.items[0].textFormat() is Qt.TextFormat.PlainText


# -- the check-in before -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "expected"), [("button 7", 7), ("key 4", 4), ("skip", None), ("key 0", 0)]
)
def test_any_check_in_answer_begins_the_routine(qtbot, player, seen, answer, expected):
    player.checkin_enabled = True
    player.play(stretch())
    assert player.page is Page.CHECKIN_BEFORE and "Before you start" in (
        player.checkin_page.question.text()
    )
    assert player.state is None  # the routine's clock starts after the check-in
    how, _, value = answer.partition(" ")
    if how == "button":
        click(qtbot, player.checkin_buttons[int(value)])
    elif how == "key":
        QTest.keyClick(player, Qt.Key(Qt.Key.Key_0.value + int(value)))
    else:
        click(qtbot, player.checkin_skip)
    assert seen.signals == [("began", expected)]
    assert player.checkin_before == expected and player.page is Page.STEPS and player.playing


@pytest.mark.parametrize("way", ["esc", "close"])
def test_leaving_the_check_in_before_cancels(qtbot, player, seen, way):
    """The bug: Esc here closed the window and told nobody ("Break in progress" forever)."""
    player.checkin_enabled = True
    player.play(stretch())
    if way == "esc":
        QTest.keyClick(player, Qt.Key.Key_Escape)
    else:
        player.close()
    assert not player.isVisible()
    assert seen.signals == [("cancelled",)]
    assert not player.preparing


def test_safety_then_check_in_then_steps(qtbot, player, seen):
    player.checkin_enabled = True
    player.play(thermal())
    click(qtbot, player.safety_page.start_button)
    assert player.page is Page.CHECKIN_BEFORE and seen.signals == []
    QTest.keyClick(player, Qt.Key.Key_Escape)
    assert seen.signals == [("cancelled",)]


def test_a_short_routine_skips_the_check_in(qtbot, player, seen):
    player.checkin_enabled = True
    player.play(short())
    assert player.page is Page.STEPS and seen.signals == [("began", None)]


# -- the steps ---------------------------------------------------------------------------
def test_the_stop_button_ends_the_routine_not_completed(qtbot, player, seen, clock):
    player.play(stretch())
    assert player.stop_button.accessibleName() == "Stop this routine"
    clock.advance(21)
    tick(player)  # into step 2
    clock.advance(3)
    click(qtbot, player.stop_button)
    assert not player.isVisible() and not player.playing
    assert seen.ends() == [SessionEnd(False, 1, 4, 24 * SEC)]
    assert not session_timer(player).isActive()


@pytest.mark.parametrize("way", ["esc", "close"])
def test_leaving_a_running_routine_ends_it_not_completed(qtbot, player, seen, clock, way):
    player.play(stretch())
    clock.advance(5)
    if way == "esc":
        QTest.keyClick(player, Qt.Key.Key_Escape)
    else:
        player.close()
    assert not player.isVisible()
    assert seen.names() == ["began", "ended"]
    assert seen.ends() == [SessionEnd(False, 0, 4, 5 * SEC)]
    assert not session_timer(player).isActive()


@pytest.mark.parametrize("way", ["esc", "close"])
def test_leaving_a_heat_timer_hides_it_and_keeps_it_running(qtbot, player, seen, clock, way):
    player.play(thermal())
    click(qtbot, player.safety_page.start_button)
    if way == "esc":
        QTest.keyClick(player, Qt.Key.Key_Escape)
    else:
        player.close()
    assert not player.isVisible() and player.playing
    assert seen.names() == ["began", "hidden_running"]
    assert session_timer(player).isActive()
    clock.advance(30)
    assert player.time_left() == 90 * SEC
    player.show_window()  # what the tray does
    assert player.isVisible() and player.page is Page.STEPS
    player.close()
    clock.advance(91)
    tick(player)
    assert seen.ends() == [SessionEnd(True, 2, 2, 120 * SEC)]
    assert not player.playing and player.page is Page.FINISH
    assert not player.isVisible()  # a hidden timer does not pop up when it ends
    assert not session_timer(player).isActive()


def test_stop_ends_a_hidden_heat_timer(qtbot, player, seen, clock):
    player.play(thermal())
    click(qtbot, player.safety_page.start_button)
    player.close()
    clock.advance(10)
    player.stop()  # what Quit does
    assert seen.ends() == [SessionEnd(False, 0, 2, 10 * SEC)]
    assert not session_timer(player).isActive()


def test_the_stop_button_asks_before_it_ends_a_heat_timer(qtbot, player, seen, clock):
    """A pack is on the skin: Stop asks, Keep going (or Esc) keeps the timer, Stop the
    timer ends it as stopped early."""
    player.play(thermal())
    click(qtbot, player.safety_page.start_button)
    click(qtbot, player.stop_button)
    question = player.stop_question
    assert question is not None and question.isVisible() and "pack" in question.text()
    keep = next(b for b in question.buttons() if b.text() == "Keep going")
    click(qtbot, keep)
    assert player.playing and seen.names() == ["began"]
    click(qtbot, player.stop_button)
    question = player.stop_question
    stop = next(b for b in question.buttons() if b.text() == "Stop the timer")
    clock.advance(5)
    click(qtbot, stop)
    assert seen.names() == ["began", "ended"] and not player.isVisible()
    assert seen.ends()[-1].completed is False


def test_the_timer_running_out_completes_before_the_finish_page_shows(qtbot, player, seen, clock):
    player.ended.connect(lambda end: setattr(player, "history_problem", "the disk is full"))
    player.play(stretch())
    clock.advance(70)
    tick(player)  # a late tick walks through every step
    assert seen.signals == [
        ("began", None),
        ("ended", SessionEnd(True, 4, 4, 65 * SEC), Page.STEPS),
    ]
    assert player.page is Page.FINISH and player.isVisible()
    assert player.finish_page.done_label.text() == "Done: 1 min 5 s, neck release"
    assert "could not be saved to your history: the disk is full" in (
        player.finish_page.note_label.text()
    )
    assert player.windowTitle() == "Done: Neck release"


def test_finish_on_the_last_step_completes_when_the_time_was_spent(qtbot, player, seen, clock):
    player.play(stretch())  # 65 s: 80 % is 52 s
    for _ in range(3):
        clock.advance(13)
        click(qtbot, player.next_button)
    assert player.next_button.text() == "Finish  ✓"
    clock.advance(13)
    click(qtbot, player.next_button)
    assert seen.ends() == [SessionEnd(True, 4, 4, 52 * SEC)]
    assert player.page is Page.FINISH
    assert player.finish_page.note_label.text() == "Nicely done. It is in your history."


def test_finish_long_before_the_time_is_up_says_stopped_early(qtbot, player, seen, clock):
    """Clicked through a 65-second routine in 4 s: logged and shown as stopped early, with
    the rule that decides it."""
    player.play(stretch())
    for _ in range(3):
        click(qtbot, player.next_button)
    clock.advance(4)
    click(qtbot, player.next_button)
    assert seen.ends() == [SessionEnd(False, 4, 4, 4 * SEC)]
    assert player.page is Page.FINISH
    assert player.windowTitle() == "Stopped early: Neck release"
    assert player.finish_page.done_label.text().startswith("Stopped early: 4 s of 1 min")
    assert "at least 80% of its time" in player.finish_page.note_label.text()
    assert "stopped early" in player.finish_page.note_label.text()


def test_finish_on_a_heat_timer_after_seconds_is_not_a_treatment_done(qtbot, player, seen, clock):
    player.play(thermal())
    click(qtbot, player.safety_page.start_button)
    clock.advance(27)
    click(qtbot, player.next_button)
    click(qtbot, player.next_button)  # Finish ✓ on the cold phase at once
    assert seen.ends()[-1].completed is False
    assert player.finish_page.done_label.text().startswith("Stopped early: 27 s of 2 min")


def test_space_pauses_even_when_a_button_has_the_focus(qtbot, player, seen, clock):
    """After a Tab, focus sits on a button: Space still pauses, it never presses Next or
    Stop (someone typing on after clicking a notification would skip through)."""
    player.play(stretch())
    player.show()
    qtbot.waitExposed(player)
    for button in (player.next_button, player.stop_button):
        button.setFocus()
        QTest.keyClick(button, Qt.Key.Key_Space)
        assert player.step_page.pause_button.text() == "Resume"
        QTest.keyClick(button, Qt.Key.Key_Space)
        assert player.step_page.pause_button.text() == "Pause"
    assert player.step_page.progress_label.text() == "Step 1 of 4" and player.playing
    assert seen.ends() == []


def test_keys_pause_and_move_and_digits_do_nothing(qtbot, player, seen, clock):
    player.play(stretch())
    QTest.keyClick(player, Qt.Key.Key_Right)
    assert player.step_page.progress_label.text() == "Step 2 of 4"
    QTest.keyClick(player, Qt.Key.Key_Space)
    assert player.pause_button.text() == "Resume"
    assert player.step_page.countdown.text() == "Paused"
    clock.advance(120)
    tick(player)
    assert player.step_page.progress_label.text() == "Step 2 of 4"  # paused: time stands still
    QTest.keyClick(player, Qt.Key.Key_Left)
    QTest.keyClick(player, Qt.Key.Key_5)
    assert player.step_page.progress_label.text() == "Step 1 of 4"
    assert seen.names() == ["began"] and player.checkin_before is None


def test_the_pacer_follows_the_steps_phase_not_its_title(qtbot, player, clock):
    """A written step called "Hold" in a breathing routine is a position to hold, shown with
    its picture; only the breaths the pattern makes are paced by the circle."""
    routine = breathing()
    hold = Step("Hold", "Hold your chin tucked in for ten seconds.", 10)
    player.play(replace(routine, steps=(hold,)))
    assert player.step_page.step_title.text() == "Hold"
    assert not player.pacer.isVisible()
    clock.advance(11)
    tick(player)
    assert player.step_page.step_title.text() == "Breathe in" and player.pacer.isVisible()


def test_heat_or_cold_without_its_safety_checklist_is_never_played(qtbot, player, seen):
    """The loader refuses such a file; the player refuses such a routine too."""
    with pytest.raises(ValueError, match="safety checklist"):
        player.play(replace(thermal(), precautions=()))
    assert seen.names() == [] and not player.playing


def test_a_breathing_routine_paces_with_the_circle(qtbot, player, seen, clock):
    player.play(breathing())
    clock.advance(11)
    tick(player)
    assert player.pacer.isVisible() and player.step_page.step_title.text() == "Breathe in"
    assert session_timer(player).interval() == 40  # smooth
    QTest.keyClick(player, Qt.Key.Key_Escape)
    assert seen.ends() == [SessionEnd(False, 1, 5, 11 * SEC)]


# -- a checklist routine -----------------------------------------------------------------
def test_ticking_every_item_completes_a_checklist(qtbot, player, seen, clock):
    player.play(checklist())
    assert player.page is Page.CHECKLIST
    assert not session_timer(player).isActive()  # no countdown: it waits for the ticks
    clock.advance(600)
    for box in player.checks:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))  # on the tick box
    assert seen.ends() == [SessionEnd(True, 2, 2, 600 * SEC)]
    assert player.page is Page.FINISH


def test_done_confirms_a_checklist_as_complete(qtbot, player, seen):
    player.play(checklist())
    click(qtbot, player.checklist_done)
    assert seen.ends() == [SessionEnd(True, 2, 2, timedelta(0))]


@pytest.mark.parametrize("way", ["esc", "close"])
def test_leaving_a_checklist_counts_the_ticked_items(qtbot, player, seen, clock, way):
    player.play(checklist())
    qtbot.mouseClick(player.checks[1], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    clock.advance(7)
    if way == "esc":
        QTest.keyClick(player, Qt.Key.Key_Escape)
    else:
        player.close()
    assert seen.ends() == [SessionEnd(False, 1, 2, 7 * SEC)]
    assert not player.isVisible()


# -- the check-in after and the finish page ----------------------------------------------
def completed_with_checkin(qtbot, player, clock) -> None:
    player.checkin_enabled = True
    player.play(stretch())
    click(qtbot, player.checkin_buttons[6])
    clock.advance(70)
    tick(player)


def test_a_check_in_before_asks_again_after(qtbot, player, seen, clock):
    completed_with_checkin(qtbot, player, clock)
    assert player.page is Page.CHECKIN_AFTER
    assert "And now?" in player.checkin_page.question.text()
    assert seen.signals[-1][2] is Page.STEPS  # ended came before the check-in after showed
    QTest.keyClick(player, Qt.Key.Key_2)
    assert seen.names() == ["began", "ended", "checkin_after"] and seen.signals[-1][1] == 2
    assert player.page is Page.FINISH


def test_skipping_the_check_in_after_goes_to_the_finish_page(qtbot, player, seen, clock):
    completed_with_checkin(qtbot, player, clock)
    click(qtbot, player.checkin_skip)
    assert seen.names() == ["began", "ended"] and player.page is Page.FINISH


@pytest.mark.parametrize("way", ["esc", "close"])
def test_leaving_the_check_in_after_only_hides(qtbot, player, seen, clock, way):
    completed_with_checkin(qtbot, player, clock)
    if way == "esc":
        QTest.keyClick(player, Qt.Key.Key_Escape)
    else:
        player.close()
    assert not player.isVisible() and seen.names() == ["began", "ended"]


@pytest.mark.parametrize("way", ["button", "esc"])
def test_the_finish_page_closes(qtbot, player, seen, clock, way):
    player.play(short())
    clock.advance(21)
    tick(player)
    assert player.page is Page.FINISH
    if way == "button":
        click(qtbot, player.close_button)
    else:
        QTest.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible() and seen.names() == ["began", "ended"]


# -- stop(), play() again, show_window() -------------------------------------------------
def test_stop_ends_a_running_session_once(qtbot, player, seen, clock):
    player.play(stretch())
    clock.advance(3)
    player.stop()
    player.stop()
    assert seen.ends() == [SessionEnd(False, 0, 4, 3 * SEC)] and not player.isVisible()


@pytest.mark.parametrize("checkin", [False, True])
def test_stop_cancels_a_session_still_preparing(qtbot, player, seen, checkin):
    player.checkin_enabled = checkin
    player.play(thermal() if not checkin else stretch())
    player.stop()
    player.stop()
    assert seen.signals == [("cancelled",)] and not player.isVisible()


def test_stop_does_nothing_when_idle(qtbot, player, seen):
    player.stop()
    player.show_window()
    assert seen.signals == [] and not player.isVisible()


def test_playing_again_ends_the_session_first(qtbot, player, seen, clock):
    player.play(stretch())
    clock.advance(2)
    player.play(checklist())
    assert seen.names() == ["began", "ended", "began"]
    assert seen.ends() == [SessionEnd(False, 0, 4, 2 * SEC)]
    assert player.page is Page.CHECKLIST and player.state.routine.id == "desk-check"


def test_playing_again_while_preparing_cancels_first(qtbot, player, seen):
    player.play(thermal())
    player.play(stretch())
    assert seen.names() == ["cancelled", "began"]


def test_a_slot_that_stops_at_once_leaves_nothing_running(qtbot, player, seen):
    player.began.connect(player.stop)
    player.play(stretch())
    assert seen.names() == ["began", "ended"]
    assert not player.isVisible() and not session_timer(player).isActive()


def test_a_slot_that_plays_another_routine_when_one_ends_keeps_it_on_screen(
    qtbot, player, seen, clock
):
    follow_up = short()
    player.ended.connect(lambda end: None if end.completed else player.play(follow_up))
    player.play(stretch())
    QTest.keyClick(player, Qt.Key.Key_Escape)
    assert seen.names() == ["began", "ended", "began"]
    assert player.isVisible() and player.state.routine is follow_up and player.playing


def test_a_slot_that_always_plays_again_is_a_loud_bug_not_a_hang(qtbot, player, clock):
    replays = iter(range(10))  # bounded, so a broken stop() fails here instead of hanging
    player.cancelled.connect(lambda: next(replays, None) is not None and player.play(thermal()))
    player.play(thermal())
    with pytest.raises(RuntimeError, match="keeps starting sessions"):
        player.play(stretch())
    player.cancelled.disconnect()
    player.stop()


def test_the_window_remembers_its_size(qtbot, player, tmp_path):
    player.size_file = tmp_path / "player-size"
    player.play(stretch())
    player.resize(700, 650)
    player.stop()
    assert player.size_file.read_text().split() == ["700", "650"]
    player.play(stretch())
    assert (player.width(), player.height()) == (700, 650)


def test_a_remembered_size_larger_than_the_screen_is_shrunk_to_fit(qtbot, player, tmp_path):
    """A size left on a big monitor, opened on a laptop: the window fits the laptop."""
    from backbreak.ui.placement import FRAME, screen_area

    player.size_file = tmp_path / "player-size"
    player.size_file.write_text("1900 1400\n")
    player.play(stretch())
    area = screen_area(player)
    assert player.height() + FRAME.height() <= area.height()
    assert player.width() + FRAME.width() <= area.width()


# -- a state machine: anything, in any order ---------------------------------------------
ROUTINES = {
    "stretch": stretch(),
    "thermal": thermal(),
    "checklist": checklist(),
    "breathing": breathing(),
    "short": short(),
}
# The heat timer has the most ways out (and two pages before it): play it more often.
PLAYED = ["stretch", "thermal", "checklist", "thermal", "breathing", "short", "thermal"]
KEYS = [Qt.Key.Key_Escape, Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right]
KEYS += [Qt.Key.Key_Return, Qt.Key.Key_0, Qt.Key.Key_3, Qt.Key.Key_9, Qt.Key.Key_A]


class Outcomes:
    """Checks the signals as they come: every `began` gets one `ended`, `cancelled` never
    comes in a session that began, and `play()` tells the old session's outcome first."""

    def __init__(self, player: RoutinePlayer) -> None:
        self.open = False
        self.began_here = False  # in the session started by the last play()
        self.owed: str | None = None  # what play() owes the session it replaces
        self.problems: list[str] = []
        player.began.connect(self.began)
        player.ended.connect(self.ended)
        player.cancelled.connect(self.cancelled)

    def playing_again(self, old: str | None) -> None:
        self.owed = old
        if old is None:
            self.began_here = False

    def began(self, _before: object) -> None:
        if self.open or self.owed:
            self.problems.append(f"began while open={self.open}, owed={self.owed}")
        self.open = self.began_here = True

    def ended(self, end: object) -> None:
        if not self.open or not isinstance(end, SessionEnd):
            self.problems.append(f"ended without began: {end}")
        self.open = False
        if self.owed == "playing":
            self.owed = None
            self.began_here = False

    def cancelled(self) -> None:
        if self.open or self.began_here:
            self.problems.append("cancelled after began")
        if self.owed == "preparing":
            self.owed = None


class PlayerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.player = RoutinePlayer(self.clock)
        self.outcomes = Outcomes(self.player)

    @initialize(checkin=st.booleans(), reduce_motion=st.booleans(), first=st.sampled_from(PLAYED))
    def setup(self, checkin: bool, reduce_motion: bool, first: str) -> None:
        self.player.checkin_enabled = checkin
        self.player.pacer.reduce_motion = reduce_motion
        self.play(first)

    @rule(name=st.sampled_from(PLAYED))
    def play(self, name: str) -> None:
        p = self.player
        self.outcomes.playing_again(
            "playing" if p.playing else "preparing" if p.preparing else None
        )
        p.play(ROUTINES[name])
        assert self.outcomes.owed is None, "play() did not end the session it replaced"

    @precondition(lambda self: self.player.isVisible())
    @rule(key=st.sampled_from(KEYS))
    def press(self, key: Qt.Key) -> None:
        QTest.keyClick(self.player, key)

    @rule()
    def close(self) -> None:
        self.player.close()

    @rule()
    def stop(self) -> None:
        self.player.stop()

    @rule()
    def show_window(self) -> None:
        self.player.show_window()

    @precondition(lambda self: self.player.playing)
    @rule(seconds=st.sampled_from([1, 5, 19, 61, 200]))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)
        tick(self.player)

    @precondition(lambda self: self.player.isVisible())
    @rule(data=st.data())
    def click(self, data: st.DataObject) -> None:
        """Any button a user could press now: Stop, Next, Back, Pause, Skip, a number,
        "All checked, start", Cancel, Done, a tick, Close."""
        p = self.player
        buttons: list[QAbstractButton] = [
            p.stop_button,
            p.next_button,
            p.back_button,
            p.pause_button,
            p.checkin_skip,
            p.checkin_buttons[5],
            p.safety_page.start_button,
            p.safety_page.cancel_button,
            p.checklist_done,
            p.close_button,
            *p.checks,
        ]
        pressable = [b for b in buttons if b.isVisible() and b.isEnabled()]
        if pressable:
            button = data.draw(st.sampled_from(pressable), label=f"on {p.page}")
            button.click()

    @invariant()
    def outcomes_are_paired(self) -> None:
        assert self.outcomes.problems == []
        assert self.player.playing == self.outcomes.open

    @invariant()
    def nothing_runs_unseen(self) -> None:
        p = self.player
        if not p.isVisible():
            assert not p.preparing, "a hidden window waits for an answer nobody can give"
            if p.playing:
                assert p.state is not None and p.state.routine.thermal is not None
            else:
                assert not session_timer(p).isActive()

    def teardown(self) -> None:
        self.player.hide()
        self.player.deleteLater()


def test_any_sequence_of_actions_keeps_the_outcomes_paired(qapp: QApplication):
    run_state_machine_as_test(
        PlayerMachine,
        settings=settings(
            max_examples=100,  # about 3 s; the heat timer's hidden exits come up often
            stateful_step_count=50,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_a_breathing_routine_counts_its_steps_and_its_breaths_apart(qtbot, player, clock):
    player.play(breathing())  # one written step, then 2 breaths of in and out
    assert player.step_page.progress_label.text() == "Step 1 of 1"
    clock.advance(11)
    tick(player)
    assert player.step_page.progress_label.text() == "Breath 1 of 2"


def test_with_reduce_motion_the_breathing_hint_speaks_of_the_bar(qtbot, player, clock):
    player.pacer.reduce_motion = True
    player.play(breathing())
    clock.advance(11)
    tick(player)
    assert "bar" in player.step_page.instruction.text()
    assert "circle" not in player.step_page.instruction.text()


def test_a_stop_question_left_open_never_stops_another_session(qtbot, player, seen, clock):
    """Stop asked on a heat timer, then another routine started from the tray: the question
    goes away with the session it was about, and cannot stop the new one."""
    player.play(thermal())
    click(qtbot, player.safety_page.start_button)
    click(qtbot, player.stop_button)
    question = player.stop_question
    assert question is not None and question.isVisible()
    player.play(stretch())  # what the tray's Start does once the timer question is answered
    assert player.stop_question is None and not question.isVisible()
    assert player.playing and player.state.routine.id == stretch().id


def test_a_one_sided_step_names_the_side_and_shows_the_users_own_picture_as_a_mirror(
    qtbot, player, tmp_path
):
    from PySide6.QtGui import QColor, QImage

    from backbreak.core.model import Side, Step

    photo = tmp_path / "handout.jpg"
    picture = QImage(1200, 900, QImage.Format.Format_RGB32)  # a phone photo, larger than shown
    picture.fill(QColor("#2a7fbf"))
    assert picture.save(str(photo))
    step = Step(
        "Side tilt",
        "Tilt your {side} ear towards your {side} shoulder.",
        20,
        Side.BOTH,
        image=str(photo),
    )
    routine = replace(make_routine(), steps=(step,), duration_seconds=40)
    player.play(routine)
    page = player.step_page
    assert page.side_label.text() == "Your left side"
    assert page.instruction.text() == "Tilt your left ear towards your left shoulder."
    assert page.mirror_note.isVisibleTo(player) and "mirror" in page.mirror_note.text()
    pixmap = page.image.pixmap()
    assert not pixmap.isNull() and pixmap.width() <= 220 * pixmap.devicePixelRatio()
    assert pixmap.toImage().pixelColor(110, 110) == QColor("#2a7fbf")
