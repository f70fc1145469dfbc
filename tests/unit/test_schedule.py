from datetime import timedelta

from backbreak.core.schedule import BreakPlanner, Gap, Phase, pause_until_tomorrow
from tests.helpers.fakes import START

MIN = timedelta(minutes=1)


def planner(now=START, **kw):
    return BreakPlanner(kw.pop("interval", 50 * MIN), kw.pop("snooze", 5 * MIN), now, **kw)


def test_first_break_is_due_one_interval_after_start():
    p = planner()
    assert p.wake_at() == START + 50 * MIN
    assert not p.is_due(START + 49 * MIN)
    assert p.is_due(START + 50 * MIN)


def test_open_prompt_blocks_further_reminders_until_answered():
    p = planner()
    due = START + 50 * MIN
    p.prompted(due)
    assert p.wake_at() is None
    assert not p.is_due(due + 30 * MIN)


def test_snooze_puts_the_break_off_by_the_snooze_length_and_counts():
    p = planner()
    due = START + 50 * MIN
    p.prompted(due)
    p.snoozed(due)
    assert p.wake_at() == due + 5 * MIN
    assert p.snapshot().snoozes == 1
    p.prompted(due + 5 * MIN)
    p.skipped(due + 5 * MIN)
    assert p.snapshot().snoozes == 0
    assert p.wake_at() == due + 55 * MIN


def test_a_finished_routine_starts_the_next_interval_from_its_end():
    p = planner()
    p.started(START + 10 * MIN)  # from the tray, early
    assert p.wake_at() is None
    p.finished(START + 13 * MIN)
    assert p.snapshot().phase is Phase.WAITING
    assert p.wake_at() == START + 63 * MIN


def test_pause_holds_reminders_and_resume_counts_afresh():
    p = planner()
    p.pause(START, START + 30 * MIN)
    assert p.snapshot().paused(START + 10 * MIN)
    p.resume(START + 20 * MIN)
    assert not p.snapshot().paused(START + 20 * MIN)
    assert p.wake_at() == START + 70 * MIN


def test_pause_ends_by_itself_and_the_next_break_is_a_full_interval_later():
    p = planner()
    p.pause(START, START + 60 * MIN)
    assert p.wake_at() == START + 60 * MIN
    assert not p.is_due(START + 55 * MIN)
    p.observe(START + 60 * MIN)
    assert p.snapshot().paused_until is None
    assert p.wake_at() == START + 110 * MIN


def test_indefinite_pause_plans_no_wake_up():
    p = planner()
    p.pause(START, None)
    assert p.wake_at() is None
    assert not p.is_due(START + timedelta(days=3))


def test_sleep_longer_than_a_break_counts_as_one_and_fires_nothing_stale():
    p = planner()
    back = START + timedelta(hours=3)
    assert p.account_sleep(back, timedelta(hours=2, minutes=50)) is Gap.SLEPT
    p.observe(back)
    assert not p.is_due(back)
    assert p.wake_at() == back + 50 * MIN


def test_a_short_sleep_changes_nothing():
    p = planner()
    assert p.account_sleep(START + 20 * MIN, 2 * MIN) is Gap.NONE
    assert p.wake_at() == START + 50 * MIN


def test_a_long_quiet_stretch_without_wake_ups_is_not_mistaken_for_sleep():
    p = planner()
    p.pause(START, START + 60 * MIN)
    p.observe(START + 55 * MIN)
    assert p.snapshot().paused(START + 55 * MIN)
    assert p.wake_at() == START + 60 * MIN


def test_slightly_late_wake_up_is_still_a_due_break():
    p = planner()
    late = START + 50 * MIN + timedelta(seconds=20)
    assert p.observe(late) is Gap.NONE
    assert p.is_due(late)


def test_clock_set_back_does_not_push_the_break_hours_away():
    p = planner()
    earlier = START - timedelta(hours=2)
    assert p.observe(earlier) is Gap.CLOCK_BACK
    assert p.wake_at() == earlier + 50 * MIN


def test_a_working_day_at_the_default_rhythm_gives_one_prompt_per_interval():
    p = planner()
    now, prompts = START, 0
    while now < START + timedelta(hours=8):
        now += timedelta(seconds=30)
        p.observe(now)
        if p.is_due(now):
            prompts += 1
            p.prompted(now)
            p.started(now)
            now += 3 * MIN
            p.finished(now)
    assert prompts == 9  # every 53 minutes (50 + a 3 minute routine) across 8 hours


def test_reconfigure_keeps_time_already_worked():
    p = planner()
    p.reconfigure(20 * MIN, 5 * MIN, START + 10 * MIN)
    assert p.wake_at() == START + 20 * MIN
    p.reconfigure(5 * MIN, 5 * MIN, START + 10 * MIN)
    assert p.wake_at() == START + 10 * MIN  # already overdue: due now


def test_pause_until_tomorrow_is_tomorrow_morning_local_time():
    until = pause_until_tomorrow(START)
    assert until.date() == (START + timedelta(days=1)).date()
    assert (until.hour, until.minute) == (6, 0)
    assert until.utcoffset() == START.utcoffset()


SEC = timedelta(seconds=1)


def test_idle_shorter_than_a_break_holds_a_due_reminder_until_the_user_is_back():
    p = planner()
    due = START + 50 * MIN
    assert p.observe_idle(due, 2 * MIN) is Gap.NONE
    assert not p.is_due(due) and p.snapshot().away
    p.observe_idle(due + 30 * SEC, 5 * SEC)  # back at the keyboard
    assert p.is_due(due + 30 * SEC)


def test_idle_as_long_as_a_break_is_a_natural_break_and_counts_afresh_on_return():
    p = planner()
    t = START + 20 * MIN
    assert p.observe_idle(t, 5 * MIN) is Gap.NATURAL_BREAK
    assert p.observe_idle(t + 10 * MIN, 15 * MIN) is Gap.NONE  # reported once per absence
    assert not p.is_due(START + 50 * MIN)
    back = t + 40 * MIN
    p.observe_idle(back, 10 * SEC)
    assert p.wake_at() == back - 10 * SEC + 50 * MIN
    assert not p.snapshot().away


def test_unknown_idle_time_counts_as_present():
    p = planner()
    assert p.observe_idle(START + 50 * MIN, None) is Gap.NONE
    assert p.is_due(START + 50 * MIN)


def test_a_short_natural_break_setting_also_shortens_the_away_threshold():
    p = planner(interval=8 * SEC)
    assert p.observe_idle(START + 4 * SEC, 3 * SEC, break_length=3 * SEC) is Gap.NATURAL_BREAK


def test_a_meeting_holds_reminders_and_shows_one_afterwards():
    p = planner()
    p.hold(START + 30 * MIN, START + 120 * MIN)  # a 90-minute meeting from 09:30
    assert not p.is_due(START + 50 * MIN)
    assert p.wake_at() == START + 120 * MIN
    p.observe(START + 120 * MIN)
    assert p.is_due(START + 120 * MIN)  # one reminder, not one per missed interval
    p.prompted(START + 120 * MIN)
    p.skipped(START + 120 * MIN)
    assert p.wake_at() == START + 170 * MIN


def test_ending_a_meeting_early():
    p = planner()
    p.hold(START, START + 60 * MIN)
    p.hold(START + 55 * MIN, None)
    assert p.is_due(START + 55 * MIN)


def test_restart_when_back_counts_afresh_instead_of_showing_the_due_break():
    p = planner()
    due = START + 50 * MIN
    p.observe_idle(due, 2 * MIN, restart_when_back=True)
    p.observe_idle(due + MIN, 10 * SEC, restart_when_back=True)  # back
    assert not p.is_due(due + MIN)
    assert p.wake_at() == due + MIN - 10 * SEC + 50 * MIN


def test_a_three_hour_sleep_in_the_middle_of_the_day():
    p = planner()
    lunch = START + 3 * 60 * MIN  # 12:00
    p.observe(lunch)
    wake_up = lunch + 3 * 60 * MIN
    assert p.account_sleep(wake_up, 3 * 60 * MIN) is Gap.SLEPT
    p.observe(wake_up)
    assert not p.is_due(wake_up)  # no burst of stale reminders
    assert p.wake_at() == wake_up + 50 * MIN
