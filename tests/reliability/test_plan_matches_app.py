"""`backbreak plan --json` and the running app agree, instant for instant.

Random settings (intervals, micro checks, working hours with several ranges in random zones,
fixed times with days and cron lines, a remembered pause, an empty zone meaning the
computer's) over random windows around DST changes. The app side is the real shell, service,
agenda and waker on a simulated clock (only APScheduler's thread is a stand-in, fired at the
planned moment, and the heartbeat beats at its real interval); a simulated user clicks Skip on
every prompt at once. The plan side is the real CLI reading the same settings file and log.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from backbreak.core.agenda_model import PAUSE_KEY
from backbreak.core.settings import validate
from tests.helpers.desk import Desk
from tests.helpers.fakes import FakeClock
from tests.helpers.strategies import CRON_LINES, ZONES, transitions

pytestmark = pytest.mark.slow

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FIXED_ROUTINES = ("box-breathing", "heat-therapy", "posture-reset")


def minutes(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda m: f"{m // 60}h{m % 60}m" if m >= 60 else f"{m}m")


@st.composite
def ranges(draw: st.DrawFn) -> list[str]:
    count = draw(st.sampled_from([0, 1, 1, 2, 2, 3]))
    cuts = sorted(draw(st.sets(st.integers(0, 96), min_size=2 * count, max_size=2 * count)))
    return [
        f"{a // 4:02d}:{a % 4 * 15:02d}-{b // 4:02d}:{b % 4 * 15:02d}"
        for a, b in zip(cuts[::2], cuts[1::2], strict=True)
    ]


@st.composite
def fixed_table(draw: st.DrawFn) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for index in range(draw(st.sampled_from([0, 1, 1, 2]))):
        routine = draw(st.sampled_from(FIXED_ROUTINES))
        if draw(st.booleans()):
            table[f"r{index}"] = {"routine": routine, "cron": draw(st.sampled_from(CRON_LINES))}
        else:
            quarters = draw(st.sets(st.integers(0, 95), min_size=1, max_size=3))
            at = [f"{q // 4:02d}:{q % 4 * 15:02d}" for q in sorted(quarters)]
            days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
            table[f"r{index}"] = {"routine": routine, "at": at, "days": days}
    return table


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    zone = draw(st.sampled_from(ZONES))
    doc: dict[str, Any] = {
        "schedule": {
            "stretch_every": draw(minutes(10, 120)),
            "snooze": draw(minutes(1, 30)),
            "snooze_limit": draw(st.integers(0, 3)),
            "notice_before": draw(st.sampled_from(["0s", "30s"])),
        },
        "micro": {"enabled": draw(st.booleans()), "every": draw(minutes(5, 90))},
        "working_hours": {
            "enabled": draw(st.booleans()),
            # "" is the computer's zone: the test sets TZ to the same zone for both sides.
            "timezone": draw(st.sampled_from([zone, ""])),
            **{day: draw(ranges()) for day in DAYS},
        },
        "fixed": draw(fixed_table()),
        "breaks": {"skip_friction": draw(st.integers(0, 3))},
        "checkin": {"enabled": False},
    }
    pivot = draw(st.sampled_from(transitions(zone)))
    # Odd seconds: the heartbeat (every minute from the start) must never land on a due
    # moment and hide a wake-up that came late or not at all.
    start = pivot + timedelta(
        minutes=draw(st.integers(-2 * 24 * 60, 12 * 60)), seconds=draw(st.integers(1, 59))
    )
    length = timedelta(minutes=draw(st.integers(3 * 60, 30 * 60)))
    pause = draw(st.sampled_from([None, None, None, None, "forever", 10, 90, 300]))
    return {"zone": zone, "doc": doc, "start": start, "until": start + length, "pause": pause}


@contextlib.contextmanager
def fresh_profile(zone: str) -> Iterator[None]:
    """Each example gets its own profile folder and computer zone (TZ)."""
    saved = {key: os.environ.get(key) for key in ("BACKBREAK_HOME", "TZ")}
    with tempfile.TemporaryDirectory() as home:
        os.environ["BACKBREAK_HOME"] = home
        os.environ["TZ"] = zone
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def plan_json(start: datetime, until: datetime) -> list[tuple[datetime, str, str]]:
    from backbreak.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert (
            main(["plan", "--from", start.isoformat(), "--until", until.isoformat(), "--json"]) == 0
        )
    return [
        (datetime.fromisoformat(r["at"]).astimezone(UTC), r["kind"], r["routine_id"])
        for r in json.loads(out.getvalue())
    ]


def skip_whatever_shows(desk: Desk) -> None:
    """Skip every prompt the moment it shows (skip friction asks once more: click again),
    including one that another skip brings up at the same instant."""
    for _ in range(100):
        prompt = desk.shell.built().prompt
        if desk.shell.state.pending is None or prompt is None or not prompt.isVisible():
            return
        prompt.skip_button.click()
    raise AssertionError("prompts kept coming at one instant")


def prepare_profile(scenario: dict[str, Any], settings: Any) -> None:
    """The settings file and the remembered pause, before either side reads them."""
    from backbreak.storage.db import open_log
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_file import save_settings

    paths = AppPaths.from_environment()
    paths.ensure()
    save_settings(paths.settings_file, settings)
    pause = scenario["pause"]
    if pause is None:
        return
    until = (
        "forever"
        if pause == "forever"
        else (scenario["start"] + timedelta(minutes=pause)).isoformat()
    )
    opened = open_log(paths.database, scenario["start"])
    assert opened.log is not None
    opened.log.set_state(PAUSE_KEY, until)
    opened.log.close()


def run_app(scenario: dict[str, Any], settings: Any) -> list[tuple[datetime, str, str]]:
    from backbreak.content.loader import load_library
    from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir

    paths = AppPaths.from_environment()
    library = load_library(shipped_routines_dir(), paths.user_routines, assets_dir())
    zone = ZoneInfo(scenario["zone"])
    clock = FakeClock(scenario["start"], zone)
    desk = Desk(clock, library, settings, zone=zone)
    try:
        desk.start()
        skip_whatever_shows(desk)
        desk.run_until(scenario["until"], lambda: skip_whatever_shows(desk))
        return [
            (at.astimezone(UTC), f"fixed:{p.fixed}" if p.fixed else str(p.kind), p.routine.id)
            for at, p in zip(desk.reminded_at, desk.reminded, strict=True)
        ]
    finally:
        desk.close()


@given(scenarios())
def test_the_app_reminds_exactly_when_plan_says(qtbot, scenario):
    settings, problems = validate(scenario["doc"])
    assert not [p for p in problems if p.severity == "error"], problems
    with fresh_profile(scenario["zone"]):
        prepare_profile(scenario, settings)
        planned = plan_json(scenario["start"], scenario["until"])  # before the app moves on
        app = run_app(scenario, settings)
    assert app == planned
    event(f"reminders: {min(len(planned), 20) // 5 * 5}+")
    kinds = {k.partition(":")[0] for _, k, _ in planned}
    event("kinds: " + ", ".join(sorted(kinds)))
