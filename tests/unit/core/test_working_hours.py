"""Working hours and the week plan, with real time zones and their DST nights."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from backbreak.core import agenda
from backbreak.core import agenda_model as a
from backbreak.core.planning import PlannedReminder, plan
from backbreak.core.settings import Settings, validate, working_hours
from backbreak.core.working_hours import TimeRange, WorkingHours
from tests.helpers.engine import Engine, rules

MIN = timedelta(minutes=1)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TWO_RANGES = (TimeRange(time(9), time(12, 30)), TimeRange(time(13, 30), time(18)))


def weekdays(ranges=TWO_RANGES, tz=BERLIN) -> WorkingHours:
    return WorkingHours({day: ranges for day in range(5)}, True, tz)


def planned(interval, hours, start, until, micro=None) -> tuple[PlannedReminder, ...]:
    return plan(rules(interval=interval, hours=hours, micro=micro), start, until).reminders


def first_due(now, hours):
    return agenda.start(rules(hours=hours), now).stretch.due


def test_ranges_parse_and_say_what_is_wrong():
    assert str(TimeRange.parse("9:00 - 12:30")) == "09:00-12:30"
    assert TimeRange.parse("22:00-24:00").end is None
    for bad, words in (
        ("9-5", "not a time range"),
        ("18:00-09:00", "ends before"),
        ("25:00-26:00", "does not exist"),
    ):
        with pytest.raises(ValueError, match=words):
            TimeRange.parse(bad)


def test_a_week_with_two_ranges_a_day_and_the_weekend_off():
    monday = datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN)
    reminders = planned(50 * MIN, weekdays(), monday, monday + timedelta(days=7))
    by_day: dict[int, list[str]] = {}
    for r in reminders:
        local = r.at.astimezone(BERLIN)
        by_day.setdefault(local.weekday(), []).append(local.strftime("%H:%M"))
    assert sorted(by_day) == [0, 1, 2, 3, 4]  # nothing on Saturday or Sunday
    for times in by_day.values():
        # 09:00-12:30: 09:50, 10:40, 11:30, 12:20; 13:30-18:00: afresh from 13:30
        assert times == [
            "09:50",
            "10:40",
            "11:30",
            "12:20",
            "14:20",
            "15:10",
            "16:00",
            "16:50",
            "17:40",
        ]
    assert all(WorkingHours.contains(weekdays(), r.at) for r in reminders)


@pytest.mark.parametrize(
    ("tz", "spring", "autumn"),
    [
        (BERLIN, datetime(2027, 3, 29), datetime(2026, 10, 26)),
        (NEW_YORK, datetime(2027, 3, 15), datetime(2026, 11, 2)),
    ],
)
def test_dst_nights_keep_working_hours_in_local_time(tz, spring, autumn):
    hours = weekdays((TimeRange(time(9), time(11)),), tz)
    for monday in (spring, autumn):  # the Monday after each change
        sunday_evening = (monday - timedelta(hours=6)).replace(tzinfo=tz)
        reminders = planned(50 * MIN, hours, sunday_evening, sunday_evening + timedelta(days=1))
        assert [r.at.astimezone(tz).strftime("%H:%M") for r in reminders] == ["09:50", "10:40"]
        assert (
            reminders[0].at.astimezone(tz).utcoffset()
            != (monday - timedelta(days=3)).replace(tzinfo=tz).utcoffset()
        )


def test_a_break_that_would_fall_after_hours_moves_to_the_next_morning():
    friday = datetime(2026, 11, 27, 17, 20, tzinfo=BERLIN)
    assert first_due(friday, weekdays()) == datetime(2026, 11, 30, 9, 50, tzinfo=BERLIN)


def test_a_snooze_into_the_evening_does_not_ring_at_night():
    late = datetime(2026, 11, 24, 17, 57, tzinfo=BERLIN)
    e = Engine(late - 50 * MIN, hours=weekdays())
    e.at(late)
    e.answer(a.Answer.SNOOZE)
    assert e.state.stretch.due == datetime(2026, 11, 25, 9, 50, tzinfo=BERLIN)
    # The app still wakes when work ends (18:00 here), only so the tray's words change.
    assert e.wake() == datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN)


def test_disabled_working_hours_change_nothing():
    now = datetime(2026, 11, 28, 23, 0, tzinfo=BERLIN)  # a Saturday night
    assert first_due(now, WorkingHours({}, False, BERLIN)) == now + 50 * MIN


def test_a_range_shorter_than_the_interval_never_rings():
    hours = weekdays((TimeRange(time(9), time(9, 30)),))
    assert first_due(datetime(2026, 11, 23, 8, tzinfo=BERLIN), hours) is None


def test_working_hours_from_the_settings_file():
    settings, problems = validate(
        {
            "working_hours": {
                "enabled": True,
                "mon": ["13:30-18:00", "09:00-12:30"],
                "sat": [],
                "tue": ["09:00-12:00", "11:00-13:00"],
                "timezone": "Europe/Berlin",
            }
        }
    )
    assert [p.key for p in problems] == ["working_hours.tue"]
    assert "overlap" in problems[0].message
    hours = working_hours(settings, BERLIN)
    assert hours.enabled and hours.days[0] == TWO_RANGES
    assert hours.days[1] == (TimeRange(time(9), time(17, 30)),)  # the default kept
    assert hours.days[5] == ()
    assert not working_hours(Settings()).enabled


def test_backbreak_plan_json_for_a_week_matches_the_settings(capsys):
    import json

    from backbreak.cli import main
    from backbreak.storage.paths import AppPaths

    settings_file = AppPaths.from_environment().settings_file
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(
        '[schedule]\nstretch_every = "1h"\n\n[breaks]\nroutines = ["neck-micro", "walk-break"]'
        '\n\n[working_hours]\nenabled = true\ntimezone = "Europe/Berlin"\n'
        'mon = ["09:00-12:30", "13:30-18:00"]\ntue = ["09:00-12:30", "13:30-18:00"]\n'
        'wed = ["09:00-12:30", "13:30-18:00"]\nthu = ["09:00-12:30", "13:30-18:00"]\n'
        'fri = ["09:00-12:30", "13:30-18:00"]\n'
    )
    assert (
        main(["plan", "--from", "2026-11-23T00:00", "--until", "2026-11-30T00:00", "--json"]) == 0
    )
    planned = json.loads(capsys.readouterr().out)
    days: dict[str, list[str]] = {}
    for item in planned:
        at = datetime.fromisoformat(item["at"])
        assert at.utcoffset() == timedelta(hours=1)
        days.setdefault(at.strftime("%a"), []).append(at.strftime("%H:%M"))
    assert list(days) == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert all(
        t == ["10:00", "11:00", "12:00", "14:30", "15:30", "16:30", "17:30"] for t in days.values()
    )
    assert [p["routine_id"] for p in planned[:3]] == ["neck-micro", "walk-break", "neck-micro"]
    assert not settings_file.with_name("settings.toml.corrupt").exists()


def test_backbreak_plan_explains_a_bad_time(capsys):
    from backbreak.cli import main

    assert main(["plan", "--from", "tomorrow"]) == 2
    assert "write times like" in capsys.readouterr().err


def test_backbreak_plan_lists_fixed_time_routines_with_the_breaks(capsys):
    import json

    from backbreak.cli import main
    from backbreak.storage.paths import AppPaths

    settings_file = AppPaths.from_environment().settings_file
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(
        '[schedule]\nstretch_every = "3h"\n\n[working_hours]\nenabled = true\n'
        'timezone = "Europe/Berlin"\nmon = ["09:00-17:00"]\n\n[fixed]\n'
        'heat = { routine = "heat-therapy", at = ["18:00"], days = "mon" }\n'
    )
    assert (
        main(["plan", "--from", "2026-11-23T00:00", "--until", "2026-11-24T00:00", "--json"]) == 0
    )
    planned = [
        (datetime.fromisoformat(p["at"]).strftime("%H:%M"), p["kind"], p["routine_id"])
        for p in json.loads(capsys.readouterr().out)
    ]
    assert [p[:2] for p in planned] == [
        ("12:00", "stretch"),
        ("15:00", "stretch"),
        ("18:00", "fixed:heat"),
    ]
    assert planned[-1][2] == "heat-therapy"


def test_the_plan_folds_micro_checks_into_nearby_stretch_breaks():
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    hours = weekdays((TimeRange(time(9), time(12)),))
    reminders = planned(60 * MIN, hours, monday, monday + timedelta(hours=3), micro=20 * MIN)
    assert [(r.at.astimezone(BERLIN).strftime("%H:%M"), r.kind) for r in reminders] == [
        ("09:20", "micro"),
        ("09:40", "micro"),
        ("10:00", "stretch"),
        ("10:20", "micro"),
        ("10:40", "micro"),
        ("11:00", "stretch"),
        ("11:20", "micro"),
        ("11:40", "micro"),
    ]
