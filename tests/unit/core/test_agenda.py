"""The reminder engine, step by step: each rule of `core.agenda` with a fake `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backbreak.core import agenda_model as a
from backbreak.core.events import EventKind
from backbreak.core.fixed import FixedReminder
from backbreak.core.session import SessionEnd
from tests.helpers.engine import MIN, SEC, Engine
from tests.helpers.fakes import START
from tests.helpers.routines import make_routine, make_thermal

HEAT = make_thermal()


def ended(completed: bool = True, steps: int = 3) -> a.Ended:
    return a.Ended(SessionEnd(completed, steps if completed else 1, steps, 55 * SEC))


def test_first_break_is_due_one_interval_after_start():
    e = Engine()
    assert e.wake() == START + 50 * MIN
    assert e.at(START + 49 * MIN) == []
    e.at(START + 50 * MIN)
    [prompt] = e.prompts()
    assert prompt.pending.kind is a.Kind.STRETCH and prompt.pending.routine.id == "neck-release"
    assert e.records() == [EventKind.REMINDED]
    notify = e.of(a.Notify)[0]
    assert notify.title == "Time for a stretch break" and notify.opens_prompt


def test_how_a_break_asks_follows_the_setting():
    """Window and notification, window alone, notification alone (which stays until
    answered and leaves the window to the shell's judgement), and notifications off."""
    for window, notify, sent, shown in (
        ("both", True, True, True),
        ("window", True, False, True),
        ("notification", True, True, False),
        ("notification", False, False, True),
    ):
        e = Engine(window=window, notify=notify)
        e.at(START + 50 * MIN)
        notices = [n for n in e.of(a.Notify) if n.opens_prompt]
        assert bool(notices) == sent, window
        [prompt] = e.prompts()
        assert prompt.window == shown, window
        if sent:
            assert (notices[0].seconds == 0) == (not shown)
            assert ("backbreak window" in notices[0].body) == shown


def test_an_open_prompt_is_not_repeated_and_blocks_further_reminders():
    e = Engine()
    e.at(START + 50 * MIN)
    assert e.wake() is None
    e.after(60 * MIN)
    assert len(e.prompts()) == 1


def test_snooze_puts_the_break_off_and_counts_until_the_limit():
    e = Engine(snooze_limit=2)
    e.at(START + 50 * MIN)
    e.answer(a.Answer.SNOOZE)
    assert e.wake() == START + 55 * MIN
    e.at(START + 55 * MIN)
    assert e.prompts()[-1].snoozes_left == 1
    e.answer(a.Answer.DISMISS)  # Esc: a snooze while one is left
    e.at(START + 60 * MIN)
    assert e.prompts()[-1].snoozes_left == 0
    e.answer(a.Answer.DISMISS)  # none left: a skip
    assert e.records()[-1] is EventKind.SKIPPED
    assert e.wake() == START + 110 * MIN


def test_the_rotation_moves_on_and_is_remembered():
    e = Engine()
    for minutes in (50, 100):
        e.at(START + minutes * MIN)
        e.answer(a.Answer.SKIP)
    assert [p.pending.routine.id for p in e.prompts()] == ["neck-release", "upper-back-reset"]
    assert [r.value for r in e.of(a.Remember)] == ["1", "0"]


def test_a_snoozed_break_comes_back_as_itself_and_the_turns_stay_put():
    """Snooze neck release: five minutes later it is neck release again, not the next
    routine in turn; the break after it is the next one."""
    e = Engine()
    e.at(START + 50 * MIN)
    e.answer(a.Answer.SNOOZE)
    e.at(START + 55 * MIN)
    e.answer(a.Answer.SKIP)
    e.at(START + 105 * MIN)
    shown = [p.pending.routine.id for p in e.prompts()]
    assert shown == ["neck-release", "neck-release", "upper-back-reset"]


def test_not_this_one_offers_another_routine_for_the_same_break():
    e = Engine()
    e.at(START + 50 * MIN)
    e.answer(a.Answer.OTHER)
    again = e.of(a.ShowPrompt)[-1]
    assert not again.new and again.pending.routine.id == "upper-back-reset"
    assert e.records() == [EventKind.REMINDED]


def test_a_finished_routine_starts_the_next_interval_from_its_end():
    e = Engine()
    e.at(START + 10 * MIN, a.StartRoutine(make_routine()))
    assert e.of(a.Play) and e.wake() is None
    e.send(a.Began(None))
    e.after(3 * MIN, ended())
    assert e.records() == [EventKind.STARTED, EventKind.COMPLETED]
    assert e.wake() == START + 63 * MIN


def test_pause_holds_reminders_ends_by_itself_and_counts_afresh():
    e = Engine()
    e.send(a.PauseUntil(START + 60 * MIN))
    assert e.wake() == START + 60 * MIN
    assert e.at(START + 55 * MIN) == []
    e.at(START + 60 * MIN)
    assert e.state.pause is None and e.wake() == START + 110 * MIN
    assert [r.key for r in e.of(a.Remember)] == ["paused_until", "paused_until"]


def test_an_indefinite_pause_plans_no_wake_up_and_resume_counts_afresh():
    e = Engine()
    e.send(a.PauseUntil(None))
    assert e.wake() is None
    e.after(timedelta(days=3))
    assert e.prompts() == []
    e.send(a.Resume())
    assert e.records() == [EventKind.PAUSED, EventKind.RESUMED]
    assert e.wake() == e.now + 50 * MIN


def test_a_sleep_as_long_as_a_break_counts_as_one_and_fires_nothing_stale():
    e = Engine()
    e.at(START + 3 * 60 * MIN, a.Tick(asleep=timedelta(hours=2, minutes=50)))
    assert e.prompts() == [] and e.records() == [EventKind.SLEPT]
    assert e.wake() == e.now + 50 * MIN


def test_a_short_sleep_changes_nothing():
    e = Engine()
    e.at(START + 20 * MIN, a.Tick(asleep=2 * MIN))
    assert e.records() == [] and e.wake() == START + 50 * MIN


def test_the_clock_set_back_does_not_push_the_break_hours_away():
    e = Engine()
    earlier = START - timedelta(hours=2)
    e.at(earlier)
    assert e.wake() == earlier + 50 * MIN


def test_a_slightly_late_wake_up_is_still_a_due_break():
    e = Engine()
    e.at(START + 50 * MIN + 20 * SEC)
    assert len(e.prompts()) == 1


def test_new_rules_keep_the_time_already_worked():
    e = Engine()
    e.after(10 * MIN)
    e.send(a.RulesChanged(e.state.rules.__class__(**{**vars_of(e), "interval": 20 * MIN})))
    assert e.wake() == START + 20 * MIN
    e.send(a.RulesChanged(e.state.rules.__class__(**{**vars_of(e), "interval": 5 * MIN})))
    assert len(e.prompts()) == 1  # already overdue: due now


def vars_of(e: Engine) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(e.state.rules, f.name) for f in fields(e.state.rules)}


def test_away_holds_a_due_reminder_until_the_user_is_back():
    e = Engine()
    e.at(START + 50 * MIN, a.Tick(idle=2 * MIN))
    assert e.prompts() == [] and e.state.away
    from backbreak.core.agenda import waiting

    assert waiting(e.state, e.now)
    e.after(30 * SEC, a.Tick(idle=5 * SEC))
    assert len(e.prompts()) == 1


def test_a_natural_break_is_logged_once_and_counts_afresh_from_the_return():
    e = Engine()
    e.at(START + 20 * MIN, a.Tick(idle=5 * MIN))
    e.after(10 * MIN, a.Tick(idle=15 * MIN))
    assert e.records() == [EventKind.NATURAL_BREAK]
    e.at(START + 50 * MIN, a.Tick(idle=35 * MIN))
    assert e.prompts() == []
    e.at(START + 60 * MIN, a.Tick(idle=10 * SEC))
    assert e.wake() == START + 60 * MIN - 10 * SEC + 50 * MIN and not e.state.away


def test_unknown_idle_time_counts_as_present():
    e = Engine()
    e.at(START + 50 * MIN, a.Tick(idle=None))
    assert len(e.prompts()) == 1


def test_a_short_natural_break_setting_also_shortens_the_away_threshold():
    e = Engine(interval=8 * SEC, natural_break=3 * SEC)
    e.at(START + 4 * SEC, a.Tick(idle=3 * SEC))
    assert e.records() == [EventKind.NATURAL_BREAK]


def test_a_meeting_inside_a_pause_still_wakes_the_app_when_it_ends():
    """The tray says "In a meeting until 09:15", then "Reminders paused until 09:30": the
    engine wakes at the meeting's end too, so the words change on time. (Found by the shell
    state machine: the tray went on naming a meeting that was over.)"""
    e = Engine()
    e.at(START + 1 * MIN, a.Meeting(START + 15 * MIN))
    e.at(START + 2 * MIN, a.PauseUntil(START + 30 * MIN))
    assert e.wake() == START + 15 * MIN
    e.at(START + 15 * MIN)
    assert e.wake() == START + 30 * MIN


def test_a_meeting_holds_reminders_and_shows_one_afterwards():
    e = Engine()
    e.at(START + 30 * MIN, a.Meeting(START + 120 * MIN))
    e.at(START + 50 * MIN)
    e.at(START + 100 * MIN)
    assert e.prompts() == [] and e.wake() == START + 120 * MIN
    e.at(START + 120 * MIN)
    assert len(e.prompts()) == 1  # one reminder, not one per missed interval
    e.answer(a.Answer.SKIP)
    assert e.wake() == START + 170 * MIN


def test_ending_a_meeting_early_shows_what_came_due():
    e = Engine()
    e.send(a.Meeting(START + 60 * MIN))
    e.at(START + 55 * MIN, a.Meeting(None))
    assert len(e.prompts()) == 1


def test_restart_when_back_counts_afresh_instead_of_showing_the_due_break():
    e = Engine(restart_when_back=True)
    due = START + 50 * MIN
    e.at(due, a.Tick(idle=2 * MIN))
    e.at(due + MIN, a.Tick(idle=10 * SEC))
    assert e.prompts() == []
    assert e.wake() == due + MIN - 10 * SEC + 50 * MIN


def test_do_not_disturb_holds_a_break_and_shows_it_once_after():
    e = Engine()
    e.at(START + 50 * MIN, a.Tick(busy=True))
    e.after(20 * MIN, a.Tick(busy=True))
    assert e.prompts() == []
    e.after(SEC, a.Tick(busy=False))
    assert len(e.prompts()) == 1


def test_a_heads_up_comes_once_before_the_break():
    e = Engine(notice_before=30 * SEC)
    assert e.wake() == START + 50 * MIN - 30 * SEC
    e.at(e.wake())
    [notice] = e.of(a.Notify)
    assert notice.title == "Stretch break in 30 s" and not notice.opens_prompt
    assert e.wake() == START + 50 * MIN
    e.after(10 * SEC)
    assert len(e.of(a.Notify)) == 1


def test_skip_friction_asks_after_several_skips_in_a_row_and_a_completed_break_resets_it():
    e = Engine(skip_friction=2)
    for _ in range(2):
        e.at(e.wake())
        e.answer(a.Answer.SKIP)
    e.at(e.wake())
    assert e.prompts()[-1].confirm_skip
    e.answer(a.Answer.START)
    e.send(a.Began(None))
    e.send(ended())
    e.at(e.wake())
    assert not e.prompts()[-1].confirm_skip


# -- fixed times -------------------------------------------------------------------------
def fixed_heat(at: str = "10:30") -> FixedReminder:
    from backbreak.core.fixed import parse_clock

    return FixedReminder("heat", "contrast", (parse_clock(at),))


def test_a_fixed_reminder_comes_at_its_clock_time_outside_working_hours_too():
    e = Engine(fixed=(fixed_heat("10:30"),), interval=3 * 60 * MIN)
    e.at(e.wake())
    [prompt] = e.prompts()
    assert prompt.pending.kind is a.Kind.FIXED and prompt.pending.routine is not None
    assert e.now.astimezone(UTC) == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def test_a_fixed_reminder_during_a_pause_is_let_go():
    e = Engine(fixed=(fixed_heat("10:30"),), interval=8 * 60 * MIN)
    e.send(a.PauseUntil(START + 120 * MIN))
    e.at(START + 120 * MIN)
    assert e.prompts() == []


def test_cancelling_the_safety_checklist_of_a_fixed_heat_reminder_stalls_nothing():
    """Bug: Start -> Cancel on the checklist left the fixed reminder 'prompted' for good, so
    the next interval break's snooze took the fixed branch and no stretch break came again."""
    e = Engine(fixed=(fixed_heat("09:30"),))
    e.at(START + 30 * MIN)
    assert e.prompts()[-1].pending.kind is a.Kind.FIXED
    e.answer(a.Answer.START)
    assert e.of(a.Play)[-1].routine.id == "contrast"
    e.send(a.Cancelled())  # Cancel on the safety checklist: back to the prompt
    again = e.of(a.ShowPrompt)[-1]
    assert again.pending.kind is a.Kind.FIXED and not again.new
    e.answer(a.Answer.SKIP)
    assert e.state.pending is None and e.state.session is None
    e.at(START + 50 * MIN)
    assert e.prompts()[-1].pending.kind is a.Kind.STRETCH
    e.answer(a.Answer.SNOOZE)
    assert e.state.stretch.due == START + 55 * MIN
    for _ in range(120):  # two simulated hours of skipping: breaks keep coming
        wake = e.wake()
        assert wake is not None
        e.at(wake)
        if e.state.pending is not None:
            e.answer(a.Answer.SKIP)
        if e.now > START + 170 * MIN:
            break
    stretches = [p for p in e.prompts() if p.pending.kind is a.Kind.STRETCH]
    assert len(stretches) >= 3


# -- sessions ------------------------------------------------------------------------------
def test_leaving_the_check_in_before_the_first_step_returns_to_the_prompt():
    """Bug: Esc on 'Before you start: how tense…' left 'Break in progress' for good."""
    e = Engine()
    e.at(START + 50 * MIN)
    e.answer(a.Answer.START)
    e.send(a.Cancelled())
    assert e.state.session is None and e.state.pending is not None
    assert e.records() == [EventKind.REMINDED]  # nothing began, nothing to end
    e.answer(a.Answer.SNOOZE)
    assert e.wake() == e.now + 5 * MIN


def test_leaving_a_routine_started_from_the_tray_before_it_begins_changes_nothing():
    e = Engine()
    e.at(START + 10 * MIN, a.StartRoutine(make_routine()))
    e.send(a.Cancelled())
    assert e.state.session is None and e.records() == []
    assert e.wake() == START + 50 * MIN


def test_a_running_heat_timer_is_never_ended_without_asking():
    """Bug: starting any routine while a heat or cold timer ran silently ended it."""
    e = Engine()
    e.send(a.StartRoutine(HEAT))
    e.send(a.Began(None))
    e.after(MIN, a.StartRoutine(make_routine()))
    assert e.of(a.StopPlayer) == [] and e.of(a.AskReplace)[-1].running is HEAT
    e.send(a.ReplaceAnswered(False))  # keep the timer
    assert e.state.session is not None and e.state.session.routine is HEAT
    e.send(a.StartRoutine(make_routine()))
    e.send(a.ReplaceAnswered(True))
    assert e.of(a.StopPlayer)
    e.send(ended(completed=False, steps=2))  # what the player says when it is stopped
    take_off = [n for n in e.of(a.Notify) if n.title == "Take the pack off now"]
    assert len(take_off) == 1 and "stopped" in take_off[0].body
    assert e.of(a.Play)[-1].routine.id == "neck-release"
    assert e.records() == [EventKind.STARTED, EventKind.ABANDONED]


def test_a_non_thermal_routine_is_replaced_and_logged_as_stopped_early():
    e = Engine()
    e.send(a.StartRoutine(make_routine()))
    e.send(a.Began(4))
    e.send(a.StartRoutine(make_routine("upper-back-reset")))
    assert e.of(a.StopPlayer) and e.of(a.AskReplace) == []
    e.send(ended(completed=False))
    assert e.of(a.Play)[-1].routine.id == "upper-back-reset"
    row = e.of(a.Record)[-1].entry
    assert row.kind is EventKind.ABANDONED and row.checkin_before == 4


def test_every_session_ends_exactly_once_even_when_the_player_repeats_itself():
    e = Engine()
    e.send(a.StartRoutine(make_routine()))
    e.send(a.Began(None))
    e.send(ended())
    e.send(ended())
    e.send(a.Began(None))
    assert e.records() == [EventKind.STARTED, EventKind.COMPLETED]


def test_quitting_mid_routine_stops_the_player_whose_end_is_logged():
    e = Engine()
    e.send(a.StartRoutine(make_routine()))
    e.send(a.Began(None))
    e.send(a.Quit())
    assert e.of(a.StopPlayer)


def test_a_micro_check_moves_only_its_own_counter():
    e = Engine(micro=20 * MIN)
    e.at(START + 20 * MIN)
    assert e.prompts()[-1].pending.kind is a.Kind.MICRO
    e.answer(a.Answer.START)
    e.send(a.Began(None))
    e.after(20 * SEC, ended(steps=1))
    assert e.state.stretch.due == START + 50 * MIN
    assert e.state.micro is not None and e.state.micro.due == e.now + 20 * MIN


def test_a_micro_check_near_a_stretch_break_is_folded_into_it():
    """Bug: `plan` listed micro checks the running app never showed."""
    e = Engine(micro=55 * MIN)
    for _ in range(10):
        e.at(e.wake())
        e.answer(a.Answer.SKIP)
    assert {p.pending.kind for p in e.prompts()} == {a.Kind.STRETCH}


def test_a_break_held_past_the_end_of_working_hours_is_let_go():
    from datetime import time

    from backbreak.core.working_hours import TimeRange, WorkingHours

    hours = WorkingHours({1: (TimeRange(time(9), time(10, 30)),)}, True, START.tzinfo)
    e = Engine(hours=hours)
    e.at(START + 45 * MIN, a.Meeting(START + 100 * MIN))
    e.at(START + 100 * MIN)
    assert e.prompts() == []
    assert e.state.stretch.due is not None and e.state.stretch.due > START + timedelta(days=1)


def test_the_start_and_end_of_working_hours_wake_the_app_so_the_tray_words_change_on_time():
    """Outside working hours the tray says so; at nine it must say "Next break in 20 min",
    not wait for the break itself (found by the shell state machine)."""
    from backbreak.core.working_hours import TimeRange, WorkingHours

    nine_to_five = {day: (TimeRange.parse("09:00-17:00"),) for day in range(5)}
    tz = START.tzinfo
    hours = WorkingHours(nine_to_five, True, tz)
    early = START.replace(hour=7, minute=38)
    e = Engine(early, hours=hours, interval=20 * MIN)
    assert e.wake() == START.replace(hour=9, minute=0)
    e.at(START.replace(hour=9, minute=0))
    assert e.wake() == START.replace(hour=9, minute=20)
