"""Reminders at clock times: days, cron lines and DST nights."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from backbreak.core.fixed import Cron, FixedReminder, next_fixed, parse_days
from backbreak.core.settings import FIXED, validate
from backbreak.core.settings_toml import to_toml

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def week(reminder: FixedReminder, start: datetime, tz=BERLIN) -> list[str]:
    out, t = [], start
    while (t := reminder.next_after(t, tz)) is not None and t < start + timedelta(days=7):
        out.append(t.astimezone(tz).strftime("%a %H:%M"))
    return out


def test_days_in_words():
    assert parse_days("weekdays") == frozenset(range(5))
    assert parse_days("fri-mon") == frozenset({4, 5, 6, 0})
    assert parse_days(["sat", "sun"]) == parse_days("weekends")
    with pytest.raises(ValueError, match="is not a day"):
        parse_days("someday")


def test_breathing_at_half_past_ten_and_three_on_weekdays():
    breathing = FixedReminder(
        "breathing", "box-breathing", (time(10, 30), time(15, 30)), parse_days("weekdays")
    )
    monday = datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN)
    assert week(breathing, monday) == [
        f"{d} {t}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri") for t in ("10:30", "15:30")
    ]


def test_cron_lines():
    cron = FixedReminder("heat", "heat-therapy", cron=Cron.parse("0 18 * * 1-5"))
    monday = datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN)
    assert week(cron, monday) == ["Mon 18:00", "Tue 18:00", "Wed 18:00", "Thu 18:00", "Fri 18:00"]
    every = FixedReminder("x", "y", cron=Cron.parse("*/20 9-10 * * 6,7"))
    assert week(every, monday)[:7] == [
        "Sat 09:00",
        "Sat 09:20",
        "Sat 09:40",
        "Sat 10:00",
        "Sat 10:20",
        "Sat 10:40",
        "Sun 09:00",
    ]
    for bad, words in (
        ("* * *", "five fields"),
        ("61 * * * *", "within 0-59"),
        ("*/0 * * * *", "positive"),
        ("a * * * *", "not a number"),
    ):
        with pytest.raises(ValueError, match=words):
            Cron.parse(bad)


@pytest.mark.parametrize(
    ("tz", "spring_sunday", "autumn_sunday"),
    [
        (BERLIN, datetime(2027, 3, 28), datetime(2026, 10, 25)),
        (NEW_YORK, datetime(2027, 3, 14), datetime(2026, 11, 1)),
    ],
)
def test_dst_nights(tz, spring_sunday, autumn_sunday):
    nine = FixedReminder("morning", "posture-reset", (time(9),))
    night = FixedReminder("night", "posture-reset", (time(2, 30),))
    for sunday in (spring_sunday, autumn_sunday):
        saturday = (sunday - timedelta(days=1)).replace(tzinfo=tz)
        times = week(nine, saturday, tz)[:3]
        assert times == ["Sat 09:00", "Sun 09:00", "Mon 09:00"]  # 09:00 stays 09:00
        # The skipped hour rings once, an hour later; the repeated hour rings once.
        at_night = [t for t in week(night, saturday, tz) if t.startswith("Sun")]
        assert len(at_night) == 1
    spring = week(night, (spring_sunday - timedelta(days=1)).replace(tzinfo=tz), tz)
    assert "Sun 03:30" in spring


def test_the_soonest_of_several():
    a = FixedReminder("a", "x", (time(15, 30),))
    b = FixedReminder("b", "y", (time(10, 30),))
    when, which = next_fixed((a, b), datetime(2026, 11, 23, 8, tzinfo=BERLIN), BERLIN)
    assert which is b and when.astimezone(BERLIN).hour == 10


def test_fixed_reminders_in_the_settings_file_round_trip():
    raw = {
        "fixed": {
            "breathing": {"routine": "box-breathing", "at": ["15:30", "10:30"], "days": "weekdays"},
            "heat": {"routine": "heat-therapy", "cron": "0 18 * * 1-5"},
        }
    }
    settings, problems = validate(raw)
    assert problems == []
    reminders = settings[FIXED]
    assert [r.name for r in reminders] == ["breathing", "heat"]
    assert reminders[0].times == (time(10, 30), time(15, 30))
    import tomllib

    again, problems = validate(tomllib.loads(to_toml(settings)))
    assert problems == [] and again[FIXED] == reminders


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"routine": "x"}, "needs at"),
        ({"at": ["10:30"]}, "needs routine"),
        ({"routine": "x", "at": ["25:00"]}, "not a time of day"),
        ({"routine": "x", "at": ["10:00"], "days": "someday"}, "is not a day"),
        ({"routine": "x", "at": ["10:00"], "cron": "0 9 * * *"}, "either cron or at"),
        ({"routine": "x", "when": "now"}, "unknown key when"),
    ],
)
def test_a_bad_fixed_reminder_is_named_in_the_message(entry, words):
    settings, problems = validate({"fixed": {"mine": entry}})
    assert settings[FIXED] == ()
    assert problems[0].key == "fixed" and "mine: " in problems[0].message
    assert words in problems[0].message
