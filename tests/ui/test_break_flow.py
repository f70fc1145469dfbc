"""The break prompt and the player driven as a user would, through the real shell, service,
agenda and waker on a simulated clock; and the log rows each way through leaves."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import QPoint, Qt, QTimer

from backbreak.core.events import EventKind
from backbreak.core.model import BreathingPattern, Guidance, Side
from backbreak.platform.ipc import Reply
from backbreak.ui.player import Page
from tests.helpers.fakes import START
from tests.helpers.remote import ask
from tests.helpers.routines import make_thermal

MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)


def due(desk):
    desk.start()
    desk.run_for(50 * MIN)
    assert desk.shell.prompt.isVisible()
    return desk.shell.prompt


def tick(player, clock, seconds: float = 0) -> None:
    clock.advance(seconds)
    player.findChild(QTimer, "sessionTimer").timeout.emit()


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_without_a_tray_the_status_window_shows_the_next_break(qtbot, desk):
    desk.start()
    window = desk.shell.status_window
    assert window.isVisible()
    assert "Next break in 50 min" in window.status_label.text()
    assert "no system tray" in window.note_label.text()


def test_a_due_break_notifies_and_prompts_once(qtbot, desk, notifier):
    prompt = due(desk)
    assert [n.title for n in notifier.sent] == ["Time for a stretch break"]
    assert "Neck release" in notifier.sent[0].body
    assert "Snooze 5 min" in prompt.snooze_button.text().replace("&", "")
    desk.run_for(10 * MIN)
    assert len(notifier.sent) == 1  # an unanswered prompt is not repeated
    assert desk.rows() == [EventKind.REMINDED]
    assert desk.shell.status_text() == "A break is waiting for you"


def test_start_plays_the_routine_to_the_end_and_logs_it(qtbot, desk, clock):
    click(qtbot, due(desk).start_button)
    player = desk.shell.player
    assert player.isVisible() and not desk.shell.prompt.isVisible()
    page = player.step_page
    assert page.progress_label.text() == "Step 1 of 3"
    assert page.side_label.text() == "Your left side"
    tick(player, clock, 21)
    assert page.progress_label.text() == "Step 2 of 3"
    tick(player, clock, 40)
    assert player.page is Page.FINISH
    assert player.finish_page.done_label.text() == "Done: 55 s, neck release"
    details = player.finish_page.details_label.text().splitlines()
    assert details == ["Today: 1 of 6 breaks", "Next break in 50 min (at 10:41)"]
    assert desk.rows() == [EventKind.REMINDED, EventKind.STARTED, EventKind.COMPLETED]
    done = desk.event_log.recent(1)[0]
    assert (done.routine_id, done.routine_version, done.steps_done) == ("neck-release", 2, 3)
    assert done.actual_seconds == 55
    assert desk.shell.reminders.next_wake() == START + 101 * MIN + SEC  # 50 min after the end


def test_snooze_logs_and_brings_the_break_back_later(qtbot, desk, notifier):
    click(qtbot, due(desk).snooze_button)
    assert not desk.shell.prompt.isVisible()
    assert desk.rows() == [EventKind.REMINDED, EventKind.SNOOZED]
    assert desk.event_log.recent(1)[0].detail == "for 5 min"
    desk.run_for(5 * MIN)
    assert desk.shell.prompt.isVisible() and len(notifier.sent) == 2


def test_skip_logs_and_waits_a_whole_interval(qtbot, desk, clock):
    click(qtbot, due(desk).skip_button)
    assert desk.rows() == [EventKind.REMINDED, EventKind.SKIPPED]
    assert desk.shell.reminders.next_wake() == clock.now() + 50 * MIN


def test_closing_the_prompt_snoozes_rather_than_losing_the_break(qtbot, desk):
    prompt = due(desk)
    prompt.KEY_GRACE_MS = 0
    qtbot.keyClick(prompt, Qt.Key.Key_Escape)
    assert desk.rows()[-1] is EventKind.SNOOZED


def test_after_the_snooze_limit_only_start_or_skip_remain_and_closing_skips(qtbot, desk):
    prompt = due(desk)
    for left in (3, 2, 1):
        assert prompt.snooze_button.isVisible()
        if left <= 2:
            assert f"({left} left)" in prompt.snooze_button.text()
        click(qtbot, prompt.snooze_button)
        desk.run_for(5 * MIN)
    assert prompt.isVisible() and not prompt.snooze_button.isVisible()
    prompt.KEY_GRACE_MS = 0
    prompt.close()  # the window's close button
    assert desk.rows()[-1] is EventKind.SKIPPED


def test_keyboard_controls_and_esc_abandons_with_steps_done(qtbot, desk, clock):
    desk.start()
    desk.shell.start_routine_by_id("upper-back-reset")
    player = desk.shell.player
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert player.step_page.progress_label.text() == "Step 2 of 3"
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.pause_button.text() == "Resume"
    tick(player, clock, 60)
    assert player.step_page.progress_label.text() == "Step 2 of 3"  # paused: time stands still
    qtbot.keyClick(player, Qt.Key.Key_Left)
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible()
    assert desk.rows() == [EventKind.STARTED, EventKind.ABANDONED]
    row = desk.event_log.recent(1)[0]
    assert (row.steps_done, row.steps_total) == (1, 3)
    assert desk.shell.status_text().startswith("Next break in 50 min")


def test_stop_ends_the_routine_and_the_next_break_counts_from_then(qtbot, desk, clock):
    desk.start()
    clock.advance(10 * MIN)
    desk.shell.start_routine_by_id("neck-release")
    tick(desk.shell.player, clock, 5)
    click(qtbot, desk.shell.player.stop_button)
    assert desk.rows() == [EventKind.STARTED, EventKind.ABANDONED]
    assert desk.shell.reminders.next_wake() == clock.now() + 50 * MIN


# -- the bugs this round fixed ----------------------------------------------------------------
def test_closing_the_first_check_in_returns_to_the_prompt_and_reminders_go_on(
    qtbot, make_desk, clock, library
):
    """Bug: Esc (or the close button) on "Before you start: how tense…" closed the window,
    left the tray at "Break in progress" and no reminder came again."""
    desk = make_desk(long_routine(library, "neck-release"), **{"checkin.enabled": True})
    click(qtbot, due(desk).start_button)
    player = desk.shell.player
    assert player.page is Page.CHECKIN_BEFORE
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible()
    assert desk.shell.prompt.isVisible()  # the break it came from is offered again
    assert desk.shell.status_text() == "A break is waiting for you"
    click(qtbot, desk.shell.prompt.snooze_button)
    assert desk.rows() == [EventKind.REMINDED, EventKind.SNOOZED]  # no STARTED left open
    desk.run_for(5 * MIN)
    assert desk.shell.prompt.isVisible()


def test_closing_the_check_in_of_a_routine_from_the_menu_changes_nothing(
    qtbot, make_desk, clock, library
):
    desk = make_desk(long_routine(library), **{"checkin.enabled": True})
    desk.start()
    desk.shell.start_routine_by_id("long")
    assert desk.shell.player.page is Page.CHECKIN_BEFORE
    desk.shell.player.close()  # the window's close button
    assert desk.rows() == []
    assert desk.shell.status_text().startswith("Next break in 50 min")
    desk.run_for(50 * MIN)
    assert desk.shell.prompt.isVisible()


def test_a_fixed_heat_reminder_whose_safety_checklist_is_cancelled_stalls_nothing(
    qtbot, make_desk, clock, notifier
):
    """Bug: Start, then Cancel on the safety checklist, left the fixed reminder half-answered:
    the next Snooze took the wrong branch and no stretch break came again."""
    heat = make_thermal()
    desk = make_desk(heat, fixed=fixed("09:30", heat.id))
    desk.start()
    desk.run_for(30 * MIN)
    prompt = desk.shell.prompt
    assert notifier.sent[-1].title == "Time for contrast therapy"
    click(qtbot, prompt.start_button)
    player = desk.shell.player
    assert player.page is Page.SAFETY
    click(qtbot, player.safety_page.cancel_button)
    assert prompt.isVisible()
    click(qtbot, prompt.skip_button)
    desk.run_for(20 * MIN)  # 09:50: the stretch break comes
    assert notifier.sent[-1].title == "Time for a stretch break"
    click(qtbot, prompt.snooze_button)
    stretches = 1
    for _ in range(24):  # two hours of snoozing and skipping: breaks keep coming
        desk.run_for(5 * MIN)
        prompt = desk.shell.prompt  # a window let go at rest is made again
        if prompt.isVisible():
            stretches += 1
            click(qtbot, prompt.skip_button if stretches % 2 else prompt.snooze_button)
    assert stretches >= 5
    assert EventKind.STARTED not in desk.rows()


def test_starting_a_routine_while_a_heat_timer_runs_asks_first(qtbot, make_desk, clock, notifier):
    """Bug: starting anything while a heat or cold timer ran silently ended it."""
    heat = make_thermal()
    desk = make_desk(heat)
    desk.start()
    desk.shell.start_routine_by_id(heat.id)
    click(qtbot, desk.shell.player.safety_page.start_button)
    tick(desk.shell.player, clock, 20)
    reply = ask(desk.shell, "start", routine="neck-release")  # `backbreak start` in a terminal
    assert reply.ok and "answer in the backbreak window" in reply.text
    question = desk.shell.windows.open_boxes[-1]
    assert question.isVisible() and "Contrast therapy" in question.text()
    keep = next(b for b in question.buttons() if b.text() == "Keep the timer")
    click(qtbot, keep)
    assert desk.shell.player.playing and desk.shell.player.state.routine.id == heat.id
    desk.shell.start_routine_by_id("neck-release")
    question = desk.shell.windows.open_boxes[-1]
    stop = next(b for b in question.buttons() if b.text().startswith("Stop the timer"))
    click(qtbot, stop)
    assert desk.shell.player.state.routine.id == "neck-release"
    assert notifier.sent[-1].title == "Take the pack off now"
    assert "was stopped" in notifier.sent[-1].body
    assert desk.rows() == [EventKind.STARTED, EventKind.ABANDONED, EventKind.STARTED]


def test_starting_another_routine_ends_a_plain_one_as_stopped_early(qtbot, desk, clock):
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    desk.shell.menu.start_menu.actions()[1].trigger()
    assert desk.shell.player.state.routine.id == "upper-back-reset"
    assert desk.rows() == [EventKind.STARTED, EventKind.ABANDONED, EventKind.STARTED]


def test_quitting_mid_routine_logs_how_far_it_got(qtbot, desk, clock, monkeypatch):
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(QApplication, "exit", lambda code=0: None)
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    tick(desk.shell.player, clock, 21)
    desk.shell.quit()
    row = logged(desk)[-1]
    assert (row.kind, row.steps_done, row.steps_total) == (EventKind.ABANDONED, 1, 3)


def test_quitting_during_a_heat_timer_asks_first(qtbot, make_desk, clock, monkeypatch):
    from PySide6.QtWidgets import QApplication

    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    heat = make_thermal()
    desk = make_desk(heat)
    desk.start()
    desk.shell.start_routine_by_id(heat.id)
    click(qtbot, desk.shell.player.safety_page.start_button)
    answers = iter([False, True])
    monkeypatch.setattr(desk.shell.windows, "confirm", lambda *_a: next(answers))
    desk.shell.quit()
    assert exits == [] and desk.shell.player.playing
    desk.shell.quit()
    assert exits == [0] and logged(desk)[-1].kind is EventKind.ABANDONED


def logged(desk):
    """The log as another process reads it (the app closed its own connection)."""
    from backbreak.storage.db import read_log

    with read_log(desk.paths.database) as log:
        assert log is not None
        return list(reversed(log.recent(100)))


# -- tray, menu and the second launch ----------------------------------------------------------
def test_pause_from_the_menu_holds_reminders_and_survives_a_restart(
    qtbot, desk, clock, library, notifier
):
    from tests.helpers.desk import Desk

    desk.start()
    desk.shell.menu.pause_menu.actions()[1].trigger()  # for 1 hour
    assert desk.shell.status_text().startswith("Reminders paused until")
    desk.run_for(55 * MIN)
    assert not desk.shell.prompt.isVisible() and notifier.sent == []
    desk.waker.stop()
    again = Desk(clock, library, desk.settings, notifier=notifier)
    try:
        assert again.shell.state.paused(clock.now())
        again.start()
        again.shell.menu.resume_action.trigger()
        assert again.rows()[-2:] == [EventKind.PAUSED, EventKind.RESUMED]
    finally:
        again.close()


def test_pause_until_i_resume(qtbot, desk, clock, notifier):
    desk.start()
    desk.shell.menu.pause_menu.actions()[4].trigger()
    assert desk.shell.status_text() == "Reminders paused"
    desk.run_for(timedelta(days=2))
    assert notifier.sent == []
    desk.shell.menu.resume_action.trigger()
    assert desk.shell.status_text().startswith("Next break in 50 min")


def test_the_menu_lists_routines_and_starts_one(qtbot, desk):
    actions = [a.text() for a in desk.shell.menu.start_menu.actions()]
    assert actions == ["Neck release  (55 s)", "Upper back reset  (55 s)"]
    desk.shell.menu.start_menu.actions()[1].trigger()
    assert desk.shell.player.isVisible()
    assert desk.shell.player.state.routine.id == "upper-back-reset"


def test_a_hidden_heat_timer_shows_in_the_tray_and_comes_back_from_it(
    qtbot, make_desk, clock, notifier
):
    heat = replace(make_thermal(minutes=(2, 1)), id="heat")
    desk = make_desk(heat)
    desk.start()
    desk.shell.start_routine_by_id("heat")
    player = desk.shell.player
    click(qtbot, player.safety_page.start_button)
    player.close()
    assert not player.isVisible() and player.playing
    tick(player, clock, 30)
    assert desk.shell.status_text() == "Heat on · 1 min 30 s left, 2 min 30 s in all"
    assert desk.shell.menu.status_action.isEnabled()
    desk.shell.menu.status_action.trigger()
    assert player.isVisible()
    assert desk.rows() == [EventKind.STARTED]  # not abandoned
    tick(player, clock, 151)
    assert notifier.sent[-1].title == "Take the pack off now"
    assert desk.rows()[-1] is EventKind.COMPLETED


def test_a_second_launch_brings_up_what_is_going_on(qtbot, desk, clock):
    desk.start()
    assert ask(desk.shell, "show") == Reply.done("ok")
    assert desk.shell.status_window.isVisible()
    desk.run_for(50 * MIN)
    desk.shell.prompt.hide()
    ask(desk.shell, "show")
    assert desk.shell.prompt.isVisible()


def test_socket_requests_are_answered_and_bad_ones_change_nothing(qtbot, desk):
    desk.start()
    assert ask(desk.shell, "status").text.startswith("Next break in 50 min")
    assert ask(desk.shell, "pause", length="1h30m").text.startswith("Reminders paused until")
    assert ask(desk.shell, "pause", length="off").text.startswith("Next break")
    for refused in (
        ask(desk.shell, "pause", length="99999999999h"),
        ask(desk.shell, "pause", length="soon"),
        ask(desk.shell, "start", routine="nothing"),
        ask(desk.shell, "start", routine="x" * 5000),
        ask(desk.shell, "launch", what="rockets"),
    ):
        assert not refused.ok, refused
    assert ask(desk.shell, "start", routine="nothing").text.startswith("no routine")
    assert ask(desk.shell, "launch").text.startswith("unknown request")
    assert desk.shell.status_text().startswith("Next break in 50 min")


# -- holds -----------------------------------------------------------------------------------
def test_a_natural_break_is_logged_and_the_next_break_counts_from_the_return(
    qtbot, desk, clock, notifier
):
    desk.start()
    desk.run_for(14 * MIN)
    desk.idle.value = 6 * MIN  # away since 14 minutes in (the clock moves on below)
    clock.advance(6 * MIN)
    desk.wake()
    assert desk.rows() == [EventKind.NATURAL_BREAK]
    clock.advance(40 * MIN)
    desk.idle.value = 46 * MIN  # the old due time passes while away
    desk.wake()
    assert notifier.sent == [] and not desk.shell.prompt.isVisible()
    desk.idle.value = 30 * SEC  # back at the keyboard
    desk.wake()
    assert notifier.sent == []
    assert desk.shell.reminders.next_wake() == clock.now() - 30 * SEC + 50 * MIN


def test_in_a_meeting_reminders_wait_and_one_comes_afterwards(qtbot, desk, clock, notifier):
    desk.start()
    desk.run_for(30 * MIN)
    desk.shell.menu.meeting_menu.actions()[3].trigger()  # 90 minutes
    assert desk.shell.status_text().startswith("In a meeting until")
    desk.run_for(89 * MIN)
    assert notifier.sent == []
    desk.run_for(2 * MIN)  # the meeting ended 120 minutes in
    assert len(notifier.sent) == 1 and desk.shell.prompt.isVisible()


def test_do_not_disturb_holds_the_break_without_spinning_and_one_comes_afterwards(
    qtbot, desk, clock, notifier
):
    desk.start()
    assert desk.waker.poll_seconds == 60
    desk.busy.value = True  # a presentation starts
    desk.run_for(100 * MIN)
    assert notifier.sent == []
    assert desk.shell.status_text().startswith("A break is due after this")
    assert desk.waker.planned is None and desk.waker.poll_seconds == 5  # look often, no spin
    desk.busy.value = False
    desk.run_for(5 * SEC)
    assert len(notifier.sent) == 1 and desk.shell.prompt.isVisible()
    click(qtbot, desk.shell.prompt.skip_button)
    assert desk.waker.poll_seconds == 60


def test_a_notifier_failure_falls_through_to_the_next_and_never_raises(qtbot, desk, notifier):
    from backbreak.platform.notify import NotifierChain
    from tests.helpers.fakes import FakeNotifier

    broken = FakeNotifier("broken", fail=True)
    missing = FakeNotifier("missing", available=False)
    desk.shell.notifier = NotifierChain([missing, broken, notifier])
    due(desk)
    assert len(notifier.sent) == 1 and desk.shell.notifier.last_used == "fake"


# -- fixed times, micro checks, heads-up ----------------------------------------------------
def fixed(at: str, routine: str = "upper-back-reset") -> object:
    from backbreak.core.settings import FIXED, validate

    settings, problems = validate({"fixed": {"breathing": {"routine": routine, "at": [at]}}})
    assert problems == []
    return settings[FIXED]


def test_a_fixed_time_routine_comes_on_time_even_right_after_an_interval_break(
    qtbot, make_desk, clock, notifier
):
    desk = make_desk(fixed=fixed("10:00"))
    click(qtbot, due(desk).start_button)  # the interval break at 09:50
    tick(desk.shell.player, clock, 120)
    desk.shell.player.close()
    desk.run_until(START + 60 * MIN)  # 10:00, eight minutes after that break
    assert desk.shell.prompt.isVisible()
    assert notifier.sent[-1].title == "Time for upper back reset"
    assert desk.event_log.recent(1)[0].detail == "at a fixed time (breathing)"


def test_a_stretch_break_due_with_a_fixed_reminder_is_folded_into_it(
    qtbot, make_desk, clock, notifier
):
    desk = make_desk(fixed=fixed("09:48"))
    desk.start()
    desk.run_for(48 * MIN)
    assert [n.title for n in notifier.sent] == ["Time for upper back reset"]
    click(qtbot, desk.shell.prompt.skip_button)
    desk.run_for(10 * MIN)
    assert len(notifier.sent) == 1  # no second prompt two minutes later
    assert desk.shell.reminders.next_wake() == START + 98 * MIN


def test_a_heads_up_comes_before_the_break_when_asked_for(qtbot, make_desk, clock, notifier):
    desk = make_desk(notice_before=30 * SEC)
    desk.start()
    assert desk.waker.planned == START + 50 * MIN - 30 * SEC
    desk.run_for(50 * MIN - 30 * SEC)
    assert [n.title for n in notifier.sent] == ["Stretch break in 30 s"]
    assert not desk.shell.prompt.isVisible()
    desk.run_for(30 * SEC)
    assert notifier.sent[-1].title == "Time for a stretch break" and len(notifier.sent) == 2


def test_micro_checks_come_between_stretch_breaks_and_only_move_their_own_counter(
    qtbot, make_desk, clock, notifier, library
):
    micro = replace(library.get("neck-release"), id="posture-reset", title="Posture check")
    desk = make_desk(micro, **{"micro.enabled": True, "micro.every": 20 * MIN})
    desk.start()
    desk.run_for(20 * MIN)
    assert notifier.sent[-1].title == "Time for a posture check"
    assert desk.event_log.recent(1)[0].detail == "micro posture check"
    click(qtbot, desk.shell.prompt.start_button)
    tick(desk.shell.player, clock, 60)
    desk.shell.player.close()
    assert desk.shell.state.stretch.due == START + 50 * MIN  # the stretch count went on
    assert desk.shell.state.micro.due == clock.now() + 20 * MIN


def test_keys_do_nothing_in_the_first_second_so_typing_cannot_answer(qtbot, desk):
    prompt = due(desk)
    qtbot.keyClick(prompt, Qt.Key.Key_Return)
    qtbot.keyClick(prompt, Qt.Key.Key_Escape)
    assert prompt.isVisible() and desk.rows() == [EventKind.REMINDED]
    qtbot.wait(prompt.KEY_GRACE_MS + 100)
    qtbot.keyClick(prompt, Qt.Key.Key_Return)
    assert desk.shell.player.playing


def test_not_this_one_offers_a_routine_of_similar_length(qtbot, make_desk, library):
    base = library.get("neck-release")
    del library.routines["upper-back-reset"]
    extra = [
        replace(base, id=rid, title=rid.title(), duration_seconds=seconds)
        for rid, seconds in (("short", 20), ("close", 60), ("long", 600))
    ]
    desk = make_desk(*extra)
    prompt = due(desk)
    assert desk.shell.state.pending.routine.id == "neck-release"
    click(qtbot, prompt.other_button)
    assert desk.shell.state.pending.routine.id == "close"
    click(qtbot, prompt.start_button)
    assert desk.shell.player.state.routine.id == "close"


def test_after_three_skips_in_a_row_skip_asks_once_more(qtbot, desk):
    prompt = due(desk)
    for _ in range(3):
        click(qtbot, prompt.skip_button)
        desk.run_for(50 * MIN)
        prompt = desk.shell.prompt  # a window let go at rest is made again
    click(qtbot, prompt.skip_button)
    assert prompt.isVisible() and "again" in prompt.skip_button.text().replace("&", "")
    click(qtbot, prompt.skip_button)
    assert desk.rows().count(EventKind.SKIPPED) == 4


def test_every_prompt_button_has_its_own_alt_key(qtbot, desk):
    """Two buttons on one Alt letter make Qt only move the focus: the key does nothing."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton

    prompt = due(desk)
    buttons = [b for b in prompt.findChildren(QAbstractButton) if b.isVisible()]
    keys = [QKeySequence.mnemonic(b.text()).toString() for b in buttons]
    assert len(buttons) >= 4 and all(keys), keys
    assert len(set(keys)) == len(keys), keys


# -- check-ins and the kinds of routine ---------------------------------------------------------
def long_routine(library, rid: str = "long"):
    """110 s: check-ins skip routines under a minute."""
    base = library.get("neck-release")
    return replace(
        base,
        id=rid,
        duration_seconds=110,
        steps=tuple(replace(step, seconds=step.seconds * 2) for step in base.steps),
    )


def test_check_ins_before_and_after_are_saved_with_the_session(qtbot, make_desk, clock, library):
    desk = make_desk(long_routine(library), **{"checkin.enabled": True})
    desk.start()
    desk.shell.start_routine_by_id("long")
    player = desk.shell.player
    assert "Before you start" in player.checkin_page.question.text()
    tick(player, clock, 300)
    assert player.state is None  # the routine's clock starts after the check-in
    click(qtbot, player.checkin_buttons[7])
    assert player.step_page.progress_label.text() == "Step 1 of 3"
    tick(player, clock, 111)
    assert player.page is Page.CHECKIN_AFTER
    row = desk.event_log.recent(1)[0]
    assert row.kind is EventKind.COMPLETED and row.checkin_before == 7  # durable already
    assert row.actual_seconds == 110
    qtbot.keyClick(player, Qt.Key.Key_4)  # a digit answers too
    row = desk.event_log.recent(1)[0]
    assert (row.checkin_before, row.checkin_after) == (7, 4)
    assert player.page is Page.FINISH


def test_leaving_the_check_in_after_keeps_the_completed_break(qtbot, make_desk, clock, library):
    desk = make_desk(long_routine(library), **{"checkin.enabled": True})
    desk.start()
    desk.shell.start_routine_by_id("long")
    player = desk.shell.player
    click(qtbot, player.checkin_buttons[3])
    tick(player, clock, 111)
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible()
    assert desk.rows() == [EventKind.STARTED, EventKind.COMPLETED]
    assert desk.shell.status_text().startswith("Next break in 50 min")


def test_a_checklist_is_done_when_every_item_is_ticked(qtbot, make_desk, clock, library):
    base = library.get("neck-release")
    desk_check = replace(
        base,
        id="desk-check",
        title="Desk check",
        guidance=Guidance.CHECKLIST,
        steps=tuple(replace(s, side=Side.NONE) for s in base.steps),
        duration_seconds=35,
    )
    desk = make_desk(desk_check)
    desk.start()
    desk.shell.start_routine_by_id("desk-check")
    player = desk.shell.player
    clock.advance(600)
    assert player.page is Page.CHECKLIST  # no countdown: it waits for the ticks
    assert not player.findChild(QTimer, "sessionTimer").isActive()
    for box in player.checks:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert player.page is Page.FINISH
    assert desk.rows()[-1] is EventKind.COMPLETED


def test_the_breathing_pacer_runs_and_reduce_motion_reaches_it(qtbot, make_desk, clock, library):
    from backbreak.core.settings import REDUCE_MOTION

    breaths = replace(
        library.get("neck-release"),
        id="breaths",
        steps=(),
        guidance=Guidance.BREATHING,
        duration_seconds=20,
        breathing=BreathingPattern(inhale=4, exhale=6, cycles=2),
    )
    desk = make_desk(breaths)
    desk.start()
    desk.shell.start_routine_by_id("breaths")
    player = desk.shell.player
    assert player.pacer.isVisible() and not player.pacer.reduce_motion
    desk.store.update({REDUCE_MOTION: True}, clock.now())
    assert player.pacer.reduce_motion


def test_heat_and_cold_phases_and_the_end_are_announced(qtbot, make_desk, clock, notifier):
    desk = make_desk(make_thermal())
    desk.start()
    desk.shell.start_routine_by_id("contrast")
    click(qtbot, desk.shell.player.safety_page.start_button)
    tick(desk.shell.player, clock, 61)
    assert notifier.sent[-1].title == "Cold on"
    tick(desk.shell.player, clock, 61)
    assert notifier.sent[-1].title == "Take the pack off now"
    assert "is done" in notifier.sent[-1].body


def test_the_finish_page_shows_tension_before_and_after(qtbot, make_desk, clock):
    from backbreak.core.model import Step
    from tests.helpers.routines import make_routine

    base = make_routine("longer-neck")  # a check-in needs a minute or more
    longer = replace(base, steps=(*base.steps, Step("Roll", "Roll.", 10)), duration_seconds=65)
    desk = make_desk(longer, **{"checkin.enabled": True})
    desk.start()
    desk.shell.start_routine_by_id("longer-neck")
    player = desk.shell.player
    assert player.page is Page.CHECKIN_BEFORE
    player.checkin_page.buttons[6].click()
    tick(player, clock, 66)
    player.checkin_page.buttons[3].click()
    assert player.page is Page.FINISH
    assert player.finish_page.details_label.text().splitlines()[0] == "Tension 6 → 3 (lower)"


def test_closing_a_prompt_that_brings_the_next_break_up_leaves_that_one_on_screen(
    qtbot, make_desk, clock
):
    """A micro check and a stretch break due together: closing the first prompt with the
    window's close button snoozes it, and the stretch break's prompt that comes up at once
    stays on screen (Qt used to finish the close on it). Found by the shell state machine."""
    from backbreak.core.settings import MICRO_EVERY, MICRO_ON, STRETCH_EVERY

    desk = make_desk(**{MICRO_ON.key: True, MICRO_EVERY.key: 15 * MIN, STRETCH_EVERY.key: 20 * MIN})
    desk.start()
    desk.run_for(20 * MIN)
    prompt = desk.shell.prompt
    assert prompt.isVisible() and desk.shell.state.pending.kind.value == "micro"
    prompt.close()
    assert desk.shell.state.pending.kind.value == "stretch"
    assert prompt.isVisible()


def test_the_finish_page_shows_the_streak_and_asks_how_it_felt_in_one_click(
    qtbot, make_desk, clock
):
    desk = make_desk(daily_target=1)
    click(qtbot, due(desk).start_button)
    player = desk.shell.player
    tick(player, clock, 61)
    assert player.page is Page.FINISH
    details = player.finish_page.details_label.text().splitlines()
    assert details[:2] == ["Today: 1 of 1 breaks · target met", "Streak: 1 day in a row"]
    better = player.finish_page.feel_buttons[0]
    assert better.isVisible() and better.text().replace("&", "") == "Better"
    click(qtbot, better)
    assert not better.isVisible()
    assert "it felt better" in player.finish_page.feel_label.text()
    done = desk.event_log.recent(1)[0]
    assert (done.kind, done.detail) == (EventKind.COMPLETED, "felt better")


def test_a_break_stopped_early_is_not_asked_how_it_felt(qtbot, desk, clock):
    click(qtbot, due(desk).start_button)
    player = desk.shell.player
    tick(player, clock, 2)
    for _ in range(3):
        click(qtbot, player.next_button)
    assert player.page is Page.FINISH
    assert player.finish_page.done_label.text().startswith("Stopped early")
    assert not any(b.isVisible() for b in player.finish_page.feel_buttons)


def test_being_busy_is_only_looked_at_while_a_break_is_due(qtbot, desk, notifier):
    """A call detector reads files, do-not-disturb asks D-Bus: an idle day must not pay for
    them every minute, only when a break would otherwise show."""
    desk.start()
    desk.run_for(49 * MIN)
    assert desk.busy.asked == 0
    desk.busy.value = True  # a call started
    desk.run_for(2 * MIN)
    assert desk.busy.asked >= 1 and notifier.sent == []
    desk.busy.value = False  # the call ended
    desk.run_for(10 * SEC)
    assert len(notifier.sent) == 1
