"""History figures from weeks of fake history: streaks (across DST, with a missed day),
adherence and the tension summary."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from backbreak.core.events import EventKind, LogEntry
from backbreak.core.stats import compute_stats

BERLIN = ZoneInfo("Europe/Berlin")


def day_of(
    day: date, completed: int, tension: int | None = None, skipped: int = 0, hour: int = 9
) -> list[LogEntry]:
    out = []
    for i in range(completed):
        at = datetime(day.year, day.month, day.day, hour + i, 0, tzinfo=BERLIN)
        out.append(
            LogEntry(
                EventKind.COMPLETED,
                at,
                "neck-release",
                1,
                "stretch",
                actual_seconds=180,
                checkin_before=tension,
            )
        )
    for i in range(skipped):
        at = datetime(day.year, day.month, day.day, 17, i, tzinfo=BERLIN)
        out.append(LogEntry(EventKind.SKIPPED, at, "walk-break", 1, "exercise"))
    return out


def test_streaks_across_the_autumn_dst_night_and_a_missed_day():
    entries = []
    start = date(2026, 10, 20)  # Berlin leaves summer time on 25 October
    for offset in range(14):
        day = start + timedelta(days=offset)
        if day == date(2026, 10, 22):
            continue  # a missed day
        entries += day_of(day, 6)
    today = start + timedelta(days=13)
    stats = compute_stats(entries, today, 14, 6, BERLIN)
    assert stats.current_streak == 11  # 23 Oct .. 2 Nov, straight through the DST change
    assert stats.best_streak == 11
    assert stats.today_done == 6 and stats.today_minutes == 18


def test_today_not_yet_done_does_not_break_the_streak():
    entries = (
        day_of(date(2026, 11, 22), 6)
        + day_of(date(2026, 11, 23), 6)
        + day_of(date(2026, 11, 24), 2)
    )
    stats = compute_stats(entries, date(2026, 11, 24), 7, 6, BERLIN)
    assert stats.current_streak == 2 and stats.today_done == 2


def test_adherence_and_what_is_done_or_skipped_most():
    entries = []
    for offset in range(10):
        day = date(2026, 11, 1) + timedelta(days=offset)
        entries += day_of(day, 6 if offset % 2 else 3, skipped=1)
    stats = compute_stats(entries, date(2026, 11, 10), 10, 6, BERLIN)
    assert stats.adherence == 0.5
    assert [d.completed for d in stats.days][:2] == [3, 6]
    assert stats.by_routine == (("neck-release", 45, 0), ("walk-break", 0, 10))


def test_the_tension_summary_compares_without_claiming_cause():
    entries = []
    for offset in range(12):
        day = date(2026, 11, 1) + timedelta(days=offset)
        good = offset % 2 == 0
        entries += day_of(day, 6 if good else 2, tension=3 if good else 5)
    stats = compute_stats(entries, date(2026, 11, 12), 12, 6, BERLIN)
    assert "2.0 lower" in stats.tension_summary
    assert "does not prove" in stats.tension_summary
    few = compute_stats(entries[:4], date(2026, 11, 12), 12, 6, BERLIN)
    assert few.tension_summary.startswith("Not enough check-ins yet")


def test_backbreak_stats_json(capsys):
    import json

    from backbreak.cli import main
    from backbreak.storage.db import open_log
    from backbreak.storage.paths import AppPaths

    now = datetime.now().astimezone()
    log = open_log(AppPaths.from_environment().database, now).log
    for entry in day_of(now.date(), 2):
        log.record(entry)
    log.close()
    assert main(["stats", "--days", "7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"]["done"] == 2 and data["today"]["target"] == 6
    assert len(data["days"]) == 7 and data["by_routine"][0]["routine_id"] == "neck-release"


def test_weeks_written_through_the_log_with_a_fake_clock(tmp_path):
    """Four weeks across the autumn DST night, through the real log and its SQL tallies."""
    from backbreak.core.stats import stats_from_tallies
    from backbreak.storage.db import open_log
    from tests.helpers.fakes import FakeClock

    clock = FakeClock(datetime(2026, 10, 12, 8, 0, tzinfo=BERLIN))
    log = open_log(tmp_path / "h.sqlite3", clock.now()).log
    for day in range(28):
        missed = day == 9  # 21 October: away all day
        light = day in (3, 4, 5)  # three light days early on
        breaks = 0 if missed else 2 if light else 6
        for n in range(breaks):
            clock.advance(timedelta(minutes=50))
            log.record(
                LogEntry(
                    EventKind.COMPLETED,
                    clock.now(),
                    "neck-release",
                    1,
                    "stretch",
                    180,
                    170,
                    checkin_before=6 if light else 3,
                    checkin_after=2,
                )
            )
            if n == 1:
                log.record(
                    LogEntry(
                        EventKind.SNOOZED, clock.now(), "walk-break", 1, "exercise", detail="10 min"
                    )
                )
        log.record(LogEntry(EventKind.SKIPPED, clock.now(), "walk-break", 1, "exercise"))
        # The night: 02:00-03:00 happens twice on 25 October, and no day is lost or doubled.
        clock.advance(clock.now().replace(hour=8, minute=0) + timedelta(days=1) - clock.now())
    today = clock.now().date() - timedelta(days=1)  # the 28th day, evening
    day_tallies, routine_tallies = log.tallies(today - timedelta(days=27))
    log.close()
    stats = stats_from_tallies(day_tallies, routine_tallies, today, 28, 6)
    assert stats.days[0].day == date(2026, 10, 12)
    assert stats.days[-1].day == date(2026, 11, 8) == today
    assert [d.completed for d in stats.days].count(6) == 24
    assert stats.current_streak == 18  # 22 Oct .. 8 Nov, straight through 25 Oct
    assert stats.best_streak == 18
    assert round(stats.adherence, 3) == round(24 / 28, 3)
    assert stats.today_done == 6 and stats.today_minutes == 17
    assert stats.by_category == (("stretch", 150, 0), ("exercise", 0, 28))
    assert stats.most_skipped == (("walk-break", 0, 28),)
    assert sum(d.snoozed for d in stats.days) == 27
    assert "3.0 lower" in stats.tension_summary and "does not prove" in stats.tension_summary
    assert stats.tension_trend.startswith("Tension before breaks went down from")
    assert "Right after a routine it averaged 2.0" in stats.tension_trend


def test_a_quiet_period_explains_instead_of_inventing_a_trend():
    stats = compute_stats([], date(2026, 11, 24), 7, 6, BERLIN)
    assert stats.current_streak == stats.best_streak == stats.today_done == 0
    assert [d.completed for d in stats.days] == [0] * 7
    assert stats.adherence == 0
    assert stats.tension_trend.startswith("No tension trend yet")
    steady = []
    for offset in range(6):
        steady += day_of(date(2026, 11, 18) + timedelta(days=offset), 3, tension=4)
    flat = compute_stats(steady, date(2026, 11, 24), 7, 6, BERLIN)
    assert flat.tension_trend.startswith("Tension before breaks stayed about the same (4.0")


def test_minutes_are_counted_per_kind_of_break_not_all_as_stretching():
    day = date(2026, 11, 24)

    def done(hour: int, rid: str | None, category: str | None, minutes: float) -> LogEntry:
        at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=BERLIN)
        return LogEntry(EventKind.COMPLETED, at, rid, 1, category, actual_seconds=minutes * 60)

    entries = [
        done(9, "neck-release", "stretch", 3),
        done(10, "desk-reset", "posture", 2),
        done(11, "heat-neck", "thermal", 15),
        done(12, "box-breathing", "breathing", 4),
        done(13, None, None, 1),  # an imported row that names no routine
        LogEntry(
            EventKind.ABANDONED,
            datetime(2026, 11, 24, 14, tzinfo=BERLIN),
            "heat-neck",
            1,
            "thermal",
            actual_seconds=600,
        ),  # stopped early: not counted
    ]
    stats = compute_stats(entries, day, 7, 6, BERLIN)
    assert stats.minutes_by_kind == (
        ("heat and cold", 15),
        ("stretching", 5),
        ("breathing", 4),
        ("other", 1),
    )
    assert sum(m for _kind, m in stats.minutes_by_kind) == stats.period_minutes == 25
    from backbreak.core.stats import minutes_text

    assert minutes_text(stats.minutes_by_kind) == (
        "15 heat and cold, 5 stretching, 4 breathing, 1 other"
    )
