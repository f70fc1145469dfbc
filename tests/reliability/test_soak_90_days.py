"""Ninety days of office life in a few seconds: the real shell, agenda, waker and log.

Only time and the person are simulated. A fake clock stands in for the wall and monotonic
clocks, and the waker's APScheduler is replaced by a stand-in that the simulation fires at
the planned moment (0.4 s late, like a real worker thread); the waker's heartbeat runs at its
real interval. The person works Monday to Friday in Berlin (across the spring DST change),
goes to lunch, answers each prompt after a while (start, snooze, skip, sometimes giving up
half-way), and closes the laptop (suspend) every evening and weekend.

The person's week repeats exactly, so the app's week must too: a reminder that comes one
second later in week 12 than in week 1 is drift.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication

from backbreak.content.loader import load_library
from backbreak.core import agenda_model as a
from backbreak.core.events import EventKind
from backbreak.core.settings import validate
from backbreak.core.stats import tally
from backbreak.storage.paths import assets_dir, shipped_routines_dir
from backbreak.ui.player import Page
from tests.helpers.desk import Desk
from tests.helpers.fakes import FakeClock, FakeNotifier

pytestmark = pytest.mark.slow

BERLIN = ZoneInfo("Europe/Berlin")
FIRST_MONDAY = date(2027, 3, 1)  # the clocks go forward on Sunday 28 March
DAYS = 90
SCHEDULER_LATENESS = timedelta(seconds=0.4)
WORK = (time(9), time(17, 30))
LUNCH = (time(12, 5), time(12, 50))  # away from the keyboard: a natural break
LID_OPEN, LID_CLOSED = time(8, 50), time(17, 45)  # suspended outside these

SETTINGS = """
[schedule]
stretch_every = "50m"
natural_break = "5m"
snooze = "5m"
snooze_limit = 2
[breaks]
routines = ["neck-release"]
skip_friction = 0
[micro]
enabled = true
every = "20m"
routines = ["posture-reset"]
[working_hours]
enabled = true
timezone = "Europe/Berlin"
[fixed]
afternoon = { routine = "box-breathing", at = ["15:00"], days = "weekdays" }
"""


def local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, BERLIN)


class Person:
    """Present at the desk except at lunch; after an evening's suspend the lid opens at 08:50."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def idle(self) -> timedelta | None:
        now = self.clock.now().astimezone(BERLIN)
        away, back = (local(now.date(), t) for t in LUNCH)
        return now - away if away <= now < back else timedelta(0)


@dataclass
class Tape:
    """What the simulated person saw and did, to compare with what the app logged."""

    prompts: list[tuple[datetime, str]] = field(default_factory=list)
    answers: dict[str, int] = field(
        default_factory=lambda: {
            "start": 0,
            "snooze": 0,
            "skip": 0,
            "completed": 0,
            "abandoned": 0,
            "checkin_after": 0,
        }
    )
    double_prompts: list[datetime] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    lateness: list[timedelta] = field(default_factory=list)
    """How late each prompt came after the moment the scheduler was asked for."""


def test_ninety_days_no_drift_no_duplicate_or_lost_reminders(qtbot, tmp_path):
    settings, problems = validate(tomllib.loads(SETTINGS))
    assert not problems, problems
    start = local(FIRST_MONDAY, LID_OPEN)
    clock = FakeClock(start.astimezone(UTC), BERLIN)
    library = load_library(shipped_routines_dir(), None, assets_dir())
    notifier = FakeNotifier()
    person = Person(clock)
    desk = Desk(
        clock, library, settings, zone=BERLIN, notifier=notifier, lateness=SCHEDULER_LATENESS
    )
    desk.shell.idle_monitor = person  # type: ignore[assignment]
    shell, waker = desk.shell, desk.waker
    tape = Tape()
    pending: list[datetime] = []  # the prompt on screen, unanswered
    fired_for: list[datetime | None] = []  # the moment the waker was asked to wake at

    def on_prompt(_pending: a.Pending) -> None:
        if pending:
            tape.double_prompts.append(clock.now())
        if fired_for and fired_for[0] is not None and clock.now() >= fired_for[0]:
            tape.lateness.append(clock.now() - fired_for[0])
        pending.append(clock.now())
        tape.prompts.append((clock.now(), _pending.routine.id))

    shell.reminded.connect(on_prompt)
    windows_before = len(QApplication.topLevelWidgets())
    desk.start()
    rng = random.Random()
    answer_at: datetime | None = None
    session_end: datetime | None = None
    abandon = False
    end = start + timedelta(days=DAYS)
    steps = 0

    def settle() -> None:
        QApplication.processEvents()
        # What the running app's event loop does and processEvents() does not: windows let
        # go at rest (deleteLater) are deleted, or ninety days would keep every one of them.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def tick_player() -> None:
        player = shell.player
        player.findChild(QTimer, "sessionTimer").timeout.emit()

    while clock.now() < end:
        steps += 1
        assert steps < 400_000, "the simulation stopped making progress"
        now = clock.now()
        today = now.astimezone(BERLIN).date()
        lid_closed = local(today, LID_CLOSED)
        # The next thing that happens: the waker's job or heartbeat, the person, or sleep.
        when, _what = desk.next_event()
        moments = [when]
        if answer_at is not None:
            moments.append(answer_at)
        if session_end is not None:
            moments.append(session_end)
        if now < lid_closed:
            moments.append(lid_closed)
        nxt = min(moments)
        if nxt >= lid_closed and answer_at is None and session_end is None:
            # Evening: the lid closes (the wall clock jumps, monotonic time stands still).
            clock.advance(lid_closed - now)
            following = today + timedelta(days=1)
            while following.weekday() >= 5:
                following += timedelta(days=1)
            clock.jump_wall(local(following, LID_OPEN) - clock.now())
            waker.check_clock()  # what the sleep watcher does on resume
            desk.last_beat = clock.now()
            settle()
            continue
        acted = False
        if nxt == when:
            fired_for[:] = [waker.planned]
            desk.step()  # the job (emits the waker's signal, as APScheduler's thread would)
            now = clock.now()  # or the heartbeat's timeout
        else:
            clock.advance(nxt - now)
            now = clock.now()
        if nxt != when and answer_at is not None and now >= answer_at:
            acted = True
            answer_at = None
            pending.clear()
            fired_for.clear()
            prompt = shell.prompt
            if prompt.snooze_button.isVisible() and rng.random() < 0.2:
                tape.answers["snooze"] += 1
                prompt.snooze_button.click()
            elif rng.random() < 0.15:
                tape.answers["skip"] += 1
                prompt.skip_button.click()
            else:
                tape.answers["start"] += 1
                prompt.start_button.click()
                player = shell.player
                if player.page is Page.SAFETY:
                    player.safety_page.start_button.click()
                if player.page is Page.CHECKIN_BEFORE:  # the tension check-in comes first
                    player.checkin_buttons[rng.randint(3, 7)].click()
                assert player.playing and player.state is not None
                routine = player.state.routine
                abandon = rng.random() < 0.1
                length = routine.duration_seconds / (2 if abandon else 1)
                session_end = now + timedelta(seconds=length + 1)
        elif nxt != when and session_end is not None and now >= session_end:
            acted = True
            session_end = None
            fired_for.clear()
            player = shell.player
            if abandon:
                tape.answers["abandoned"] += 1
                player.stop_button.click()
            else:
                tick_player()
                assert not player.playing
                tape.answers["completed"] += 1
                if player.page is Page.CHECKIN_AFTER:  # and the check-in after
                    player.checkin_buttons[rng.randint(1, 6)].click()
                    tape.answers["checkin_after"] += 1
                player.close()
        if acted or pending or steps % 50 == 0:
            settle()
        if pending and answer_at is None:
            prompts_today = sum(
                1 for at, _ in tape.prompts if at.astimezone(BERLIN).date() == today
            )
            # Seeded by the prompt's weekday and its number that day: every week the same.
            rng.seed(f"{today.weekday()}-{prompts_today}")
            answer_at = clock.now() + timedelta(seconds=rng.randint(5, 120))
        # Nothing due is left unannounced while the person is here and free to answer.
        state, at = shell.state, clock.now().astimezone(UTC)
        if (
            not state.on_screen()
            and not state.paused(at)
            and not state.held(at)
            and person.idle() == timedelta(0)
            and not state.away
        ):
            due = [c.due for c in (state.stretch, state.micro) if c is not None and c.due]
            due += [p.due for p in state.queue]
            if any(d <= at for d in due):
                tape.missed.append(f"{clock.now()}: a break is due but was not shown")

    # Windows let go at rest are gone, not piled up: about 1,800 prompts came and went.
    assert len(QApplication.topLevelWidgets()) - windows_before < 20
    entries_log = desk.event_log
    desk.waker.stop()
    for window in shell.built():
        if window is not None:
            window.hide()
    entries = list(reversed(entries_log.recent(1_000_000)))
    day_tallies = entries_log.tallies()
    desk.close()

    # No lost and no duplicate reminders.
    assert not tape.missed, tape.missed[:5]
    assert not tape.double_prompts, tape.double_prompts[:5]
    reminded = [e for e in entries if e.kind is EventKind.REMINDED]
    assert [(e.at, e.routine_id) for e in reminded] == tape.prompts
    assert len({e.at for e in reminded}) == len(reminded)
    # Punctual: a prompt the waker woke up for comes at most the scheduler's own lateness
    # after the planned moment, on day 90 as on day 1. The others came on a heartbeat or an
    # answer because they had waited (for lunch to end, or for another prompt): few.
    assert tape.lateness and max(tape.lateness) <= SCHEDULER_LATENESS, max(tape.lateness)
    assert len(tape.lateness) >= 0.8 * len(reminded), (len(tape.lateness), len(reminded))
    announced = [n for n in notifier.sent if n.title.startswith("Time for")]
    assert len(announced) == len(reminded)

    # Every answer the person gave is in the log, once.
    counts = {kind: sum(1 for e in entries if e.kind is kind) for kind in EventKind}
    assert counts[EventKind.SNOOZED] == tape.answers["snooze"]
    assert counts[EventKind.SKIPPED] == tape.answers["skip"]
    assert counts[EventKind.STARTED] == tape.answers["start"]
    assert counts[EventKind.COMPLETED] == tape.answers["completed"]
    assert counts[EventKind.ABANDONED] == tape.answers["abandoned"]
    after = [e for e in entries if e.kind is EventKind.COMPLETED and e.checkin_after is not None]
    assert len(after) == tape.answers["checkin_after"] > 0
    assert counts[EventKind.SLEPT] >= 60  # every evening and weekend was seen as a suspend
    assert counts[EventKind.NATURAL_BREAK] >= 60  # every lunch counted

    # Reminders only in working hours, on working days, and enough of them every day.
    per_day: dict[date, list[tuple[time, str]]] = {}
    for e in reminded:
        at = e.at.astimezone(BERLIN)
        assert at.weekday() < 5 and WORK[0] <= at.time() <= WORK[1], at
        kind = (
            "fixed"
            if (e.detail or "").startswith("at a fixed")
            else "micro"
            if e.detail == "micro posture check"
            else "stretch"
        )
        per_day.setdefault(at.date(), []).append((at.time().replace(microsecond=0), kind))
    workdays = [
        FIRST_MONDAY + timedelta(days=i)
        for i in range(DAYS)
        if (FIRST_MONDAY + timedelta(days=i)).weekday() < 5
    ]
    assert sorted(per_day) == workdays
    for day, prompts in per_day.items():
        kinds = [k for _, k in prompts]
        assert kinds.count("stretch") >= 6 and kinds.count("micro") >= 8, (day, prompts)
        assert kinds.count("fixed") == 1, (day, prompts)

    # No drift: every week is the same as the first, to the second, across DST.
    weeks: dict[int, list[tuple[int, time, str]]] = {}
    for day, prompts in per_day.items():
        week = (day - FIRST_MONDAY).days // 7
        weeks.setdefault(week, []).extend((day.weekday(), t, k) for t, k in prompts)
    full_weeks = [w for w in weeks if w < DAYS // 7]
    assert len(full_weeks) == 12
    for week in full_weeks[1:]:
        assert weeks[week] == weeks[0], f"week {week + 1} differs from week 1"

    # The database is consistent, and its SQL figures equal a count of what it holds.
    with contextlib.closing(sqlite3.connect(desk.paths.database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert day_tallies[0] == tally(entries)[0]
    starts = [e for e in entries if e.kind is EventKind.STARTED]
    ends = [e for e in entries if e.kind in (EventKind.COMPLETED, EventKind.ABANDONED)]
    assert len(starts) == len(ends)
    for started, ended in zip(starts, ends, strict=True):
        assert started.routine_id == ended.routine_id and started.at <= ended.at
