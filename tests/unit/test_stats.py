"""History figures from weeks of fake history: streaks (across DST, with a missed day),
adherence and the tension summary."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from backbreak.core.history import EventKind, LogEntry, compute_stats

BERLIN = ZoneInfo("Europe/Berlin")


def day_of(day: date, completed: int, tension: int | None = None, skipped: int = 0,
           hour: int = 9) -> list[LogEntry]:
    out = []
    for i in range(completed):
        at = datetime(day.year, day.month, day.day, hour + i, 0, tzinfo=BERLIN)
        out.append(LogEntry(EventKind.COMPLETED, at, "neck-release", 1, "stretch",
                            actual_seconds=180, checkin_before=tension))
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
    entries = day_of(date(2026, 11, 22), 6) + day_of(date(2026, 11, 23), 6) + \
        day_of(date(2026, 11, 24), 2)
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
