"""DST nights: intervals are real time, clock times are local, and `plan` prints real offsets.

Each case below was a bug: intervals were added in wall-clock time, so a spring night gave a
time that does not exist and real gaps of 50, -10 and 50 minutes, and a fixed 02:30 fired an
hour early when the settings named no zone.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backbreak.core.fixed import FixedReminder
from backbreak.core.planning import plan
from backbreak.core.working_hours import TimeRange, WorkingHours
from backbreak.platform.zone import for_this_system, resolve_zone
from tests.helpers.engine import MIN, rules

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def write_settings(text: str) -> None:
    from backbreak.storage.paths import AppPaths

    path = AppPaths.from_environment().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def cli_plan(capsys: pytest.CaptureFixture[str], start: str, until: str) -> list[str]:
    from backbreak.cli import main

    assert main(["plan", "--from", start, "--until", until, "--json"]) == 0
    return [r["at"] for r in json.loads(capsys.readouterr().out)]


def gaps(times: list[str]) -> list[float]:
    instants = [datetime.fromisoformat(t) for t in times]
    return [(b - a).total_seconds() / 60 for a, b in itertools.pairwise(instants)]


def test_the_spring_night_in_berlin_keeps_real_fifty_minute_gaps(capsys):
    write_settings(
        '[schedule]\nstretch_every = "50m"\n[working_hours]\nenabled = true\n'
        'timezone = "Europe/Berlin"\nsun = ["01:00-05:00"]\n'
    )
    times = cli_plan(capsys, "2027-03-28T00:00", "2027-03-28T06:00")
    assert times == [
        "2027-03-28T01:50:00+01:00",
        "2027-03-28T03:40:00+02:00",
        "2027-03-28T04:30:00+02:00",
    ]
    assert gaps(times) == [50, 50]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_the_autumn_night_keeps_real_fifty_minute_gaps(capsys, zone):
    write_settings(f'[schedule]\nstretch_every = "50m"\n[working_hours]\ntimezone = "{zone}"\n')
    day = "2026-10-25" if zone == "Europe/Berlin" else "2026-11-01"
    times = cli_plan(capsys, f"{day}T00:00", f"{day}T06:00")
    assert set(gaps(times)) == {50}
    offsets = {datetime.fromisoformat(t).utcoffset() for t in times}
    assert len(offsets) == 2  # both offsets of that night, each where it really applies


@pytest.mark.parametrize(("zone", "day"), [(BERLIN, "2026-10-25"), (NEW_YORK, "2026-11-01")])
def test_a_working_range_across_fall_back_gets_its_first_break_one_interval_in(zone, day):
    sunday = datetime.fromisoformat(day)
    hours = WorkingHours({6: (TimeRange(time(1), time(5)),)}, True, zone)
    start = datetime.combine(sunday.date(), time(0), zone) - timedelta(hours=2)
    found = plan(rules(interval=90 * MIN, hours=hours), start, start + timedelta(hours=10))
    first_start = datetime.combine(sunday.date(), time(1), zone).astimezone(UTC)
    assert found.reminders[0].at - first_start == 90 * MIN
    assert set(gaps([r.at.isoformat() for r in found.reminders])) == {90}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({"TZ": "Europe/Berlin"}, "+02:00"), ({"TZ": "America/New_York"}, "-04:00")],
)
def test_a_fixed_half_past_two_on_the_spring_night_with_the_computers_zone(environ, expected):
    """An empty working_hours.timezone means the computer's zone with its DST rules."""
    local = for_this_system(environ)
    tz, problem = resolve_zone("", local)
    assert problem is None and local.rules
    spring = {"+02:00": "2027-03-28", "-04:00": "2027-03-14"}[expected]
    night = FixedReminder("night", "contrast", (time(2, 30),))
    start = datetime.fromisoformat(f"{spring}T00:00").replace(tzinfo=tz)
    found = plan(
        rules(hours=WorkingHours(tz=tz), fixed=(night,), interval=timedelta(hours=8)),
        start,
        start + timedelta(hours=6),
    )
    [fired] = [r for r in found.reminders if r.kind == "fixed:night"]
    local_time = fired.at.astimezone(tz)
    assert local_time.isoformat().endswith(expected)
    assert local_time.time() == time(3, 30)  # the moment 02:30 names: later, never earlier


def test_the_computers_zone_comes_from_the_localtime_link_or_file(tmp_path: Path):
    zoneinfo = tmp_path / "usr" / "share" / "zoneinfo" / "Europe"
    zoneinfo.mkdir(parents=True)
    source = Path("/usr/share/zoneinfo/Europe/Berlin")
    if not source.exists():
        pytest.skip("tzdata is not installed")
    (zoneinfo / "Berlin").write_bytes(source.read_bytes())
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo / "Berlin")
    assert for_this_system({}, link, tmp_path / "none").name == "Europe/Berlin"
    copy = tmp_path / "copied"
    copy.write_bytes(source.read_bytes())
    found = for_this_system({}, copy, tmp_path / "none")
    assert found.rules and found.tz.utcoffset(datetime(2027, 7, 1)) == timedelta(hours=2)
    named = tmp_path / "timezone"
    named.write_text("America/New_York\n")
    assert for_this_system({}, tmp_path / "missing", named).name == "America/New_York"


def test_without_any_zone_rules_the_offset_is_used_and_about_says_so(tmp_path: Path):
    pipe = tmp_path / "pipe"
    import os

    os.mkfifo(pipe)  # not a regular file: never read (it would block)
    found = for_this_system({"TZ": "Not/A_Zone"}, pipe, tmp_path / "missing")
    assert not found.rules
    assert "working_hours.timezone" in str(found.availability())


def test_an_unknown_zone_in_the_settings_falls_back_with_a_message():
    local = for_this_system({"TZ": "Europe/Berlin"})
    tz, problem = resolve_zone("Mars/Olympus", local)
    assert tz is local.tz and problem is not None and "not known here" in problem
