"""The break prompt and the player, driven as a user would, and the log rows they leave."""

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt

from backbreak.core.history import EventKind
from tests.helpers.fakes import START

MIN = timedelta(minutes=1)


def kinds(ctl):
    return [e.kind for e in reversed(ctl.event_log.recent(50))]


def due_break(ctl, clock):
    ctl.start()
    clock.advance(50 * MIN)
    ctl.on_wake()  # what the driver's signal does when the planned moment comes


def test_without_a_tray_the_status_window_shows_the_next_break(qtbot, controller):
    controller.start()
    assert controller.status_window.isVisible()
    assert "Next break in 50 min" in controller.status_window.status_label.text()
    assert "no system tray" in controller.status_window.note_label.text()


def test_a_due_break_notifies_and_prompts_once(qtbot, controller, clock, notifier):
    due_break(controller, clock)
    assert controller.prompt.isVisible()
    assert len(notifier.sent) == 1
    assert notifier.sent[0].title == "Time for a stretch break"
    assert "Neck release" in notifier.sent[0].body
    assert "Snooze 5 min" in controller.prompt.snooze_button.text().replace("&", "")
    clock.advance(10 * MIN)
    controller.on_wake()
    assert len(notifier.sent) == 1  # an unanswered prompt is not repeated
    assert kinds(controller) == [EventKind.REMINDED]
    assert controller.status_text() == "A break is waiting for you"


def test_start_plays_the_routine_to_the_end_and_logs_it(qtbot, controller, clock):
    due_break(controller, clock)
    qtbot.mouseClick(controller.prompt.start_button, Qt.MouseButton.LeftButton)
    player = controller.player
    assert player.isVisible() and not controller.prompt.isVisible()
    assert player._progress_label.text() == "Step 1 of 3"
    assert player._side_label.text() == "Left side"
    assert player._countdown.text() == "0:20"
    clock.advance(21)
    qtbot.waitUntil(lambda: player._progress_label.text() == "Step 2 of 3")
    assert player._side_label.text() == "Right side"
    clock.advance(40)
    qtbot.waitUntil(lambda: player.state.finished)
    assert player._done_label.text() == "Done: 55 s, neck release"
    assert kinds(controller) == [EventKind.REMINDED, EventKind.STARTED, EventKind.COMPLETED]
    done = controller.event_log.recent(1)[0]
    assert (done.routine_id, done.routine_version, done.steps_done) == ("neck-release", 2, 3)
    assert done.actual_seconds == 55
    assert controller.planner.wake_at() == START + 50 * MIN + 61 * timedelta(seconds=1) + 50 * MIN


def test_snooze_logs_and_brings_the_break_back_later(qtbot, controller, clock, notifier):
    due_break(controller, clock)
    qtbot.mouseClick(controller.prompt.snooze_button, Qt.MouseButton.LeftButton)
    assert not controller.prompt.isVisible()
    assert kinds(controller) == [EventKind.REMINDED, EventKind.SNOOZED]
    assert controller.event_log.recent(1)[0].detail == "for 5 min"
    assert controller.planner.wake_at() == clock.now() + 5 * MIN
    clock.advance(5 * MIN)
    controller.on_wake()
    assert controller.prompt.isVisible() and len(notifier.sent) == 2


def test_skip_logs_and_waits_a_whole_interval(qtbot, controller, clock):
    due_break(controller, clock)
    qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
    assert kinds(controller) == [EventKind.REMINDED, EventKind.SKIPPED]
    assert controller.planner.wake_at() == clock.now() + 50 * MIN


def test_closing_the_prompt_snoozes_rather_than_losing_the_break(qtbot, controller, clock):
    due_break(controller, clock)
    controller.prompt.KEY_GRACE_MS = 0
    qtbot.keyClick(controller.prompt, Qt.Key.Key_Escape)
    assert kinds(controller)[-1] is EventKind.SNOOZED


def test_keyboard_controls_and_esc_abandons_with_steps_done(qtbot, controller, clock):
    controller.start()
    controller.start_routine_by_id("upper-back-reset")
    player = controller.player
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert player._progress_label.text() == "Step 2 of 3"
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.pause_button.text() == "Resume" and player._countdown.text() == "Paused"
    clock.advance(60)
    qtbot.wait(300)
    assert player._progress_label.text() == "Step 2 of 3"  # paused: time stands still
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert player._progress_label.text() == "Step 1 of 3"
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible()
    assert kinds(controller) == [EventKind.STARTED, EventKind.ABANDONED]
    row = controller.event_log.recent(1)[0]
    assert (row.steps_done, row.steps_total) == (1, 3)


def test_pause_from_the_menu_holds_reminders_and_survives_a_restart(
    qtbot, controller, clock, library, notifier
):
    controller.start()
    controller.pause("1h")
    assert controller.status_text().startswith("Reminders paused until")
    clock.advance(55 * MIN)
    controller.on_wake()
    assert not controller.prompt.isVisible() and notifier.sent == []

    from backbreak.adapters.notify import NotifierChain
    from backbreak.core.settings import Settings
    from backbreak.ui.controller import Controller

    again = Controller(
        clock,
        controller.paths,
        Settings(),
        library,
        controller.event_log,
        NotifierChain([notifier]),
        tray_available=False,
    )
    assert again.planner.snapshot().paused(clock.now())
    again.resume()
    assert kinds(again)[-2:] == [EventKind.PAUSED, EventKind.RESUMED]
    again.driver.stop()
    again.status_window.hide()


def test_the_menu_lists_routines_and_starts_one(qtbot, controller):
    actions = [a.text() for a in controller.menu.start_menu.actions()]
    assert actions == ["Neck release  (55 s)", "Upper back reset  (55 s)"]
    controller.menu.start_menu.actions()[1].trigger()
    assert controller.player.isVisible()
    assert controller.player.state.routine.id == "upper-back-reset"


def test_a_notifier_failure_falls_through_to_the_next_and_never_raises(
    qtbot, controller, clock, notifier
):
    from backbreak.adapters.notify import NotifierChain
    from tests.helpers.fakes import FakeNotifier

    broken = FakeNotifier("broken", fail=True)
    missing = FakeNotifier("missing", available=False)
    controller.notifier = NotifierChain([missing, broken, notifier])
    due_break(controller, clock)
    assert len(notifier.sent) == 1 and controller.notifier.last_used == "fake"


def test_a_routine_with_a_checklist_starts_only_when_it_is_confirmed(
    qtbot, controller, monkeypatch
):
    from dataclasses import replace

    heat = replace(
        controller.library.get("neck-release"),
        id="heat",
        checklist=("A cloth between skin and pack",),
    )
    controller.library.routines["heat"] = heat
    answers = iter([False, True])
    asked = []
    monkeypatch.setattr(
        controller, "confirm_checklist", lambda routine: asked.append(routine.id) or next(answers)
    )
    controller.start_routine_by_id("heat")
    assert not controller.playing and kinds(controller) == []
    controller.start_routine_by_id("heat")
    assert controller.playing and asked == ["heat", "heat"]


def test_heat_and_cold_phases_and_the_end_are_announced(
    qtbot, controller, clock, notifier, monkeypatch
):
    from dataclasses import replace

    from backbreak.core.model import ThermalKind, ThermalPhase, ThermalPlan

    plan = ThermalPlan((ThermalPhase(ThermalKind.HEAT, 1), ThermalPhase(ThermalKind.COLD, 1)))
    contrast = replace(
        controller.library.get("neck-release"),
        id="contrast",
        steps=(),
        thermal=plan,
        duration_seconds=120,
        checklist=("A cloth",),
    )
    controller.library.routines["contrast"] = contrast
    monkeypatch.setattr(controller, "confirm_checklist", lambda routine: True)
    controller.start_routine_by_id("contrast")
    clock.advance(61)
    qtbot.waitUntil(lambda: len(notifier.sent) == 1)
    assert notifier.sent[0].title == "Cold on"
    clock.advance(61)
    qtbot.waitUntil(lambda: controller.player.state.finished)
    assert notifier.sent[-1].title == "Take the pack off now"


class FakeIdle:
    def __init__(self):
        self.value = timedelta(0)

    def idle(self):
        return self.value


def test_a_natural_break_is_logged_and_the_next_break_counts_from_the_return(
    qtbot, controller, clock, notifier
):
    idle = FakeIdle()
    controller.idle_monitor = idle
    controller.start()
    clock.advance(20 * MIN)
    idle.value = 6 * MIN  # away since 14 minutes in
    controller.on_wake()
    assert kinds(controller) == [EventKind.NATURAL_BREAK]
    clock.advance(40 * MIN)  # the old due time passes while away
    idle.value = 46 * MIN
    controller.on_wake()
    assert notifier.sent == [] and not controller.prompt.isVisible()
    idle.value = timedelta(seconds=30)  # back at the keyboard
    controller.on_wake()
    assert notifier.sent == []
    assert controller.planner.wake_at() == clock.now() - timedelta(seconds=30) + 50 * MIN


def test_after_the_snooze_limit_only_start_or_skip_remain(qtbot, controller, clock):
    due_break(controller, clock)
    for left in (3, 2, 1):
        assert controller.prompt.snooze_button.isVisible()
        if left <= 2:
            assert f"({left} left)" in controller.prompt.snooze_button.text()
        qtbot.mouseClick(controller.prompt.snooze_button, Qt.MouseButton.LeftButton)
        clock.advance(5 * MIN)
        controller.on_wake()
    assert controller.prompt.isVisible()
    assert not controller.prompt.snooze_button.isVisible()
    controller.prompt.KEY_GRACE_MS = 0
    qtbot.keyClick(controller.prompt, Qt.Key.Key_Escape)  # closing now means skipping
    assert kinds(controller)[-1] is EventKind.SKIPPED


def test_in_a_meeting_reminders_wait_and_one_comes_afterwards(qtbot, controller, clock, notifier):
    controller.start()
    clock.advance(30 * MIN)
    controller.menu.meeting_menu.actions()[3].trigger()  # 90 minutes
    assert controller.status_text().startswith("In a meeting until")
    for _ in range(3):
        clock.advance(25 * MIN)  # 55, 80, 105 minutes in: two breaks came due meanwhile
        controller.on_wake()
    assert notifier.sent == []
    clock.advance(16 * MIN)  # the meeting ended 120 minutes in
    controller.on_wake()
    assert len(notifier.sent) == 1 and controller.prompt.isVisible()


def test_pause_until_i_resume(qtbot, controller, clock, notifier):
    controller.start()
    controller.menu.pause_menu.actions()[4].trigger()  # "Until I resume"
    assert controller.status_text() == "Reminders paused"
    clock.advance(timedelta(days=2))
    controller.on_wake()
    assert notifier.sent == []
    controller.menu.resume_action.trigger()
    assert controller.status_text().startswith("Next break in 50 min")


def fixed_settings(**entries):
    from backbreak.core.settings import validate

    settings, problems = validate({"fixed": entries})
    assert problems == []
    return settings


def test_a_fixed_time_routine_comes_on_time_even_right_after_an_interval_break(
    qtbot, controller, clock, notifier
):
    # START is 09:00 +01:00; the computer's zone decides what "10:00" means, so ask it.
    ten = (START + 60 * MIN).astimezone().strftime("%H:%M")
    controller.settings = fixed_settings(breathing={"routine": "upper-back-reset", "at": [ten]})
    controller._plan_fixed(clock.now())
    controller.start()
    clock.advance(50 * MIN)
    controller.on_wake()  # the interval break at 09:50
    qtbot.mouseClick(controller.prompt.start_button, Qt.MouseButton.LeftButton)
    clock.advance(2 * MIN)
    qtbot.waitUntil(lambda: controller.player.state.finished)
    controller.player.close()
    clock.advance(8 * MIN)  # 10:00, eight minutes after that break
    controller.on_wake()
    assert controller.prompt.isVisible()
    assert notifier.sent[-1].title == "Time for upper back reset"
    assert controller.event_log.recent(1)[0].detail == "at a fixed time (breathing)"


def test_clashing_reminders_come_one_at_a_time(qtbot, controller, clock, notifier):
    at_due = (START + 50 * MIN).astimezone().strftime("%H:%M")
    controller.settings = fixed_settings(breathing={"routine": "upper-back-reset", "at": [at_due]})
    controller._plan_fixed(clock.now())
    controller.start()
    clock.advance(50 * MIN)
    controller.on_wake()  # both are due: the fixed one first, the interval one waits
    assert len(notifier.sent) == 1 and notifier.sent[0].title == "Time for upper back reset"
    qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(notifier.sent) == 2)  # then the interval break, once
    assert notifier.sent[1].title == "Time for a stretch break"
    assert controller.prompt.isVisible()


def test_a_heads_up_comes_before_the_break_when_asked_for(qtbot, controller, clock, notifier):
    from backbreak.core.settings import NOTICE_BEFORE

    controller.settings = controller.settings.replace({NOTICE_BEFORE: timedelta(seconds=30)})
    controller.start()
    assert controller.driver.planned == START + 50 * MIN - timedelta(seconds=30)
    clock.advance(50 * MIN - timedelta(seconds=30))
    controller.on_wake()
    assert [n.title for n in notifier.sent] == ["Stretch break in 30 s"]
    assert not controller.prompt.isVisible()
    controller.on_wake()  # once, not on every heartbeat
    assert len(notifier.sent) == 1
    clock.advance(30)
    controller.on_wake()
    assert notifier.sent[-1].title == "Time for a stretch break"


def micro_on(controller, clock):
    from backbreak.core.settings import MICRO_EVERY, MICRO_ON

    controller.library.routines["posture-reset"] = replace_id(
        controller.library.get("neck-release"), "posture-reset"
    )
    controller.settings = controller.settings.replace({MICRO_ON: True, MICRO_EVERY: 20 * MIN})
    controller.micro = controller._micro_planner(controller.settings, clock.now())


def replace_id(routine, new_id):
    from dataclasses import replace

    return replace(routine, id=new_id, title="Posture check")


def test_micro_checks_come_between_stretch_breaks_and_only_move_their_own_counter(
    qtbot, controller, clock, notifier
):
    micro_on(controller, clock)
    controller.start()
    clock.advance(20 * MIN)
    controller.on_wake()
    assert notifier.sent[-1].title == "Time for a posture check"
    assert controller.event_log.recent(1)[0].detail == "micro posture check"
    qtbot.mouseClick(controller.prompt.start_button, Qt.MouseButton.LeftButton)
    clock.advance(MIN)
    qtbot.waitUntil(lambda: controller.player.state.finished)
    controller.player.close()
    assert controller.planner.wake_at() == START + 50 * MIN  # the stretch count went on
    assert controller.micro.wake_at() == clock.now() + 20 * MIN


def test_a_stretch_break_absorbs_a_micro_check_due_at_the_same_time(
    qtbot, controller, clock, notifier
):
    from backbreak.core.settings import MICRO_EVERY

    micro_on(controller, clock)
    controller.settings = controller.settings.replace({MICRO_EVERY: 25 * MIN})
    controller.micro = controller._micro_planner(controller.settings, clock.now())
    controller.start()
    clock.advance(25 * MIN)
    controller.on_wake()  # the first micro check, at 25 minutes
    qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
    clock.advance(25 * MIN)  # 50 minutes: stretch and micro both due
    controller.on_wake()
    qtbot.wait(50)
    assert [n.title for n in notifier.sent] == [
        "Time for a posture check",
        "Time for a stretch break",
    ]
    qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert len(notifier.sent) == 2  # the micro check was folded into the stretch break
    assert controller.micro.wake_at() == clock.now() + 25 * MIN


class FakeBusyMonitor:
    def __init__(self):
        self.value = False

    def busy(self):
        return self.value


def test_do_not_disturb_holds_the_break_and_one_comes_afterwards(
    qtbot, controller, clock, notifier
):
    busy = FakeBusyMonitor()
    controller.busy_monitor = busy
    controller.start()
    busy.value = True  # a presentation starts
    for _ in range(4):
        clock.advance(25 * MIN)
        controller.on_wake()
    assert notifier.sent == []
    assert controller.status_text().startswith("A break is due after this")
    busy.value = False
    controller.on_wake()
    assert len(notifier.sent) == 1 and controller.prompt.isVisible()


def test_micro_stretch_and_fixed_due_together_come_one_by_one(qtbot, controller, clock, notifier):
    from backbreak.core.settings import FIXED, MICRO_EVERY

    micro_on(controller, clock)
    at_due = (START + 50 * MIN).astimezone().strftime("%H:%M")
    fixed = fixed_settings(breathing={"routine": "upper-back-reset", "at": [at_due]})
    controller.settings = controller.settings.replace({MICRO_EVERY: 50 * MIN, FIXED: fixed[FIXED]})
    controller.micro = controller._micro_planner(controller.settings, clock.now())
    controller._plan_fixed(clock.now())
    controller.start()
    clock.advance(50 * MIN)  # all three are due now
    controller.on_wake()
    titles = [n.title for n in notifier.sent]
    assert titles == ["Time for upper back reset"]  # the fixed one first
    qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(notifier.sent) == 2)
    assert notifier.sent[1].title == "Time for a stretch break"
    qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert len(notifier.sent) == 2  # the micro check was folded into the stretch break


def test_keys_do_nothing_in_the_first_second_so_typing_cannot_answer(qtbot, controller, clock):
    due_break(controller, clock)
    prompt = controller.prompt
    qtbot.keyClick(prompt, Qt.Key.Key_Return)
    qtbot.keyClick(prompt, Qt.Key.Key_Escape)
    assert prompt.isVisible() and kinds(controller) == [EventKind.REMINDED]
    qtbot.wait(prompt.KEY_GRACE_MS + 100)
    qtbot.keyClick(prompt, Qt.Key.Key_Return)
    assert controller.playing


def test_not_this_one_offers_a_routine_of_similar_length(qtbot, controller, clock):
    from dataclasses import replace

    base = controller.library.get("neck-release")
    del controller.library.routines["upper-back-reset"]
    for rid, seconds in (("short", 20), ("close", 60), ("long", 600)):
        controller.library.routines[rid] = replace(
            base, id=rid, title=rid.title(), duration_seconds=seconds
        )
    due_break(controller, clock)
    assert controller._prompted.id == "neck-release"  # 55 s
    qtbot.mouseClick(controller.prompt.other_button, Qt.MouseButton.LeftButton)
    assert controller._prompted.id == "close" and "Close" in controller.prompt._title.text()
    qtbot.mouseClick(controller.prompt.start_button, Qt.MouseButton.LeftButton)
    assert controller.player.state.routine.id == "close"


def test_after_three_skips_in_a_row_skip_asks_once_more(qtbot, controller, clock):
    due_break(controller, clock)
    for _ in range(3):
        qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
        clock.advance(50 * MIN)
        controller.on_wake()
    skip = controller.prompt.skip_button
    qtbot.mouseClick(skip, Qt.MouseButton.LeftButton)
    assert controller.prompt.isVisible() and "again" in skip.text().replace("&", "")
    qtbot.mouseClick(skip, Qt.MouseButton.LeftButton)
    assert kinds(controller).count(EventKind.SKIPPED) == 4


def checklist_routine(controller):
    from dataclasses import replace

    from backbreak.core.model import Guidance, Side

    base = controller.library.get("neck-release")
    steps = tuple(replace(step, side=Side.NONE) for step in base.steps)
    routine = replace(
        base,
        id="desk-check",
        title="Desk check",
        guidance=Guidance.CHECKLIST,
        steps=steps,
        duration_seconds=35,
    )
    controller.library.routines["desk-check"] = routine
    return routine


def test_a_checklist_is_done_when_every_item_is_ticked(qtbot, controller, clock):
    checklist_routine(controller)
    controller.start_routine_by_id("desk-check")
    player = controller.player
    assert [box.accessibleName() for box in player.checks] == ["Side tilt", "Chin tuck"]
    clock.advance(600)
    qtbot.wait(300)
    assert not player.state.finished  # no countdown: it waits for the ticks
    for box in player.checks:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))  # on the tick box
    assert player.state.finished
    assert kinds(controller)[-1] is EventKind.COMPLETED


def test_a_checklist_can_be_confirmed_early(qtbot, controller, clock):
    checklist_routine(controller)
    controller.start_routine_by_id("desk-check")
    qtbot.mouseClick(controller.player.checklist_done, Qt.MouseButton.LeftButton)
    assert kinds(controller)[-1] is EventKind.COMPLETED


def test_closing_the_window_does_not_stop_a_heat_pack_timer(
    qtbot, controller, clock, notifier, monkeypatch
):
    from dataclasses import replace

    from backbreak.core.model import ThermalKind, ThermalPhase, ThermalPlan

    heat = replace(
        controller.library.get("neck-release"),
        id="heat",
        steps=(),
        thermal=ThermalPlan((ThermalPhase(ThermalKind.HEAT, 2),)),
        duration_seconds=120,
        checklist=("A cloth",),
    )
    controller.library.routines["heat"] = heat
    monkeypatch.setattr(controller, "confirm_checklist", lambda routine: True)
    controller.start_routine_by_id("heat")
    controller.player.close()
    assert not controller.player.isVisible() and controller.playing
    clock.advance(30)
    assert controller.status_text() == "Heat on · 1 min 30 s left"
    assert kinds(controller)[-1] is EventKind.STARTED  # not abandoned
    clock.advance(91)
    qtbot.waitUntil(lambda: controller.player.state.finished, timeout=3000)
    assert notifier.sent[-1].title == "Take the pack off now"
    assert kinds(controller)[-1] is EventKind.COMPLETED


def test_the_breathing_pacer_grows_on_the_in_breath_and_shrinks_on_the_out_breath(
    qtbot, controller, clock
):
    from dataclasses import replace

    from backbreak.core.model import BreathingPattern, Guidance

    breaths = replace(
        controller.library.get("neck-release"),
        id="breaths",
        steps=(),
        guidance=Guidance.BREATHING,
        duration_seconds=20,
        breathing=BreathingPattern(inhale=4, exhale=6, cycles=2),
    )
    controller.library.routines["breaths"] = breaths
    controller.start_routine_by_id("breaths")
    player = controller.player
    assert player.pacer.isVisible() and not player._image.isVisible()
    sizes = []
    for seconds in (1, 2, 1, 3, 3):  # 1 s, 3 s into the in-breath; 0, 3, 6 s of the out-breath
        clock.advance(seconds)
        qtbot.wait(80)
        sizes.append(round(player.pacer.size_now, 2))
    assert sizes[0] < sizes[1] < sizes[2] and sizes[2] > sizes[3] > sizes[4]
    assert player._step_title.text() == "Breathe in"  # the second breath has begun


def test_reduce_motion_turns_the_pacer_into_a_calm_bar(qtbot, controller):
    from backbreak.core.settings import REDUCE_MOTION

    controller.apply_settings(controller.settings.replace({REDUCE_MOTION: True}))
    assert controller.player.pacer.reduce_motion


def with_check_ins_and_a_long_routine(controller):
    """Check-ins on, and a 110-second routine (check-ins skip routines under a minute)."""
    from dataclasses import replace

    from backbreak.core.settings import CHECKIN

    controller.apply_settings(controller.settings.replace({CHECKIN: True}))
    base = controller.library.get("neck-release")
    controller.library.routines["long"] = replace(
        base,
        id="long",
        duration_seconds=110,
        steps=tuple(replace(step, seconds=step.seconds * 2) for step in base.steps),
    )


def test_check_ins_before_and_after_are_saved_with_the_session(qtbot, controller, clock):

    with_check_ins_and_a_long_routine(controller)
    controller.start_routine_by_id("long")
    player = controller.player
    assert "Before you start" in player._checkin_question.text()
    clock.advance(300)
    qtbot.wait(300)
    assert player.state is None  # the routine's clock starts after the check-in
    qtbot.mouseClick(player.checkin_buttons[7], Qt.MouseButton.LeftButton)
    assert player._progress_label.text() == "Step 1 of 3"
    clock.advance(111)
    qtbot.waitUntil(
        lambda: "And now?" in player._checkin_question.text() and player._pages.currentIndex() == 3
    )
    row = controller.event_log.recent(1)[0]
    assert row.kind is EventKind.COMPLETED and row.checkin_before == 7  # durable already
    assert row.actual_seconds == 110
    qtbot.keyClick(player, Qt.Key.Key_4)  # a digit answers too
    row = controller.event_log.recent(1)[0]
    assert (row.checkin_before, row.checkin_after) == (7, 4)
    assert player._done_label.text().startswith("Done: ")


def test_skipping_the_check_in_is_one_click_and_saves_nothing(qtbot, controller, clock):

    with_check_ins_and_a_long_routine(controller)
    controller.start_routine_by_id("long")
    qtbot.mouseClick(controller.player.checkin_skip, Qt.MouseButton.LeftButton)
    clock.advance(111)
    qtbot.waitUntil(lambda: controller.player.state.finished)
    assert controller.player._pages.currentIndex() == 1  # straight to the finish screen
    row = controller.event_log.recent(1)[0]
    assert (row.checkin_before, row.checkin_after) == (None, None)


def test_a_due_break_held_back_does_not_spin_the_scheduler(qtbot, controller, clock):
    busy = FakeBusyMonitor()
    controller.busy_monitor = busy
    controller.start()
    assert controller.driver._timer.interval() == 60_000
    busy.value = True
    clock.advance(51 * MIN)
    controller.on_wake()
    # Nothing is scheduled for a moment already past; a quicker heartbeat looks again.
    assert controller.driver.planned is None
    assert controller.driver._timer.interval() == 5_000
    busy.value = False
    controller.on_wake()
    assert controller.prompt.isVisible()
    qtbot.mouseClick(controller.prompt.skip_button, Qt.MouseButton.LeftButton)
    assert controller.driver._timer.interval() == 60_000


def test_breathing_and_thermal_sessions_end_with_their_check_ins_logged(
    qtbot, controller, clock, monkeypatch
):
    from dataclasses import replace

    from backbreak.core.model import (
        BreathingPattern,
        Guidance,
        ThermalKind,
        ThermalPhase,
        ThermalPlan,
    )
    from backbreak.core.settings import CHECKIN

    controller.apply_settings(controller.settings.replace({CHECKIN: True}))
    monkeypatch.setattr(controller, "confirm_checklist", lambda routine: True)
    base = controller.library.get("neck-release")
    kinds_to_play = {
        "breaths": replace(
            base,
            id="breaths",
            steps=(),
            guidance=Guidance.BREATHING,
            duration_seconds=72,
            breathing=BreathingPattern(inhale=3, hold_in=2, exhale=5, hold_out=2, cycles=6),
        ),
        "contrast": replace(
            base,
            id="contrast",
            steps=(),
            guidance=Guidance.THERMAL,
            duration_seconds=180,
            checklist=("A cloth",),
            thermal=ThermalPlan(
                (ThermalPhase(ThermalKind.HEAT, 2), ThermalPhase(ThermalKind.COLD, 1))
            ),
        ),
    }
    for (rid, routine), (before, after) in zip(
        kinds_to_play.items(), ((6, 4), (8, 5)), strict=True
    ):
        controller.library.routines[rid] = routine
        controller.start_routine_by_id(rid)
        player = controller.player
        qtbot.mouseClick(player.checkin_buttons[before], Qt.MouseButton.LeftButton)
        clock.advance(routine.duration_seconds + 1)
        qtbot.waitUntil(lambda p=player: p._pages.currentIndex() == 3, timeout=3000)
        qtbot.mouseClick(player.checkin_buttons[after], Qt.MouseButton.LeftButton)
        row = controller.event_log.recent(1)[0]
        assert (row.kind, row.routine_id) == (EventKind.COMPLETED, rid)
        assert (row.checkin_before, row.checkin_after) == (before, after)
        assert row.steps_done == row.steps_total == len(routine.played_steps)
        player.close()


def test_a_long_checklist_asks_the_check_in_too(qtbot, controller, clock):
    from dataclasses import replace

    from backbreak.core.settings import CHECKIN

    controller.apply_settings(controller.settings.replace({CHECKIN: True}))
    routine = replace(checklist_routine(controller), duration_seconds=120)
    controller.library.routines["desk-check"] = routine
    controller.start_routine_by_id("desk-check")
    player = controller.player
    qtbot.keyClick(player, Qt.Key.Key_5)
    assert player._pages.currentIndex() == 2  # the checklist
    for box in player.checks:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert player._pages.currentIndex() == 3  # the check-in after
    qtbot.keyClick(player, Qt.Key.Key_2)
    row = controller.event_log.recent(1)[0]
    assert (row.kind, row.checkin_before, row.checkin_after) == (EventKind.COMPLETED, 5, 2)


def test_every_prompt_button_has_its_own_alt_key(qtbot, controller, clock):
    """Two buttons on one Alt letter make Qt only move the focus: the key does nothing.
    (Found by bench/soak.py: Alt+N was both Snooze and "Not this one".)"""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton

    due_break(controller, clock)
    buttons = [b for b in controller.prompt.findChildren(QAbstractButton) if b.isVisible()]
    keys = [QKeySequence.mnemonic(b.text()).toString() for b in buttons]
    assert len(buttons) >= 4 and all(keys), keys
    assert len(set(keys)) == len(keys), keys
