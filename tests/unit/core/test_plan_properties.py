"""Invariants of every generated plan, over random settings, zones and DST windows.

The stretch breaks are also recomputed by an independent model (interval in real time,
working-hours edges, folding into fixed reminders, the pause) and must match exactly.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backbreak.core.agenda_model import Memory
from backbreak.core.planning import plan
from backbreak.core.reminder_rules import Rules, later, settle
from backbreak.core.working_hours import local_instant
from tests.helpers.strategies import memories, reminder_rules, windows


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rules, datetime, datetime, Memory]:
    rules = draw(reminder_rules())
    start, until = draw(windows(rules))
    return rules, start, until, draw(memories(start))


def names_local_time(at: datetime, rules: Rules) -> bool:
    """The printed local time (with its offset) is a real time that names this instant."""
    local = at.astimezone(rules.tz)
    naive = local.replace(tzinfo=None)
    # (Inter-zone == is False for a repeated local time with fold=1: compare in UTC.)
    candidates = (local_instant(naive, rules.tz), naive.replace(tzinfo=rules.tz, fold=1))
    return at.astimezone(UTC) in {c.astimezone(UTC) for c in candidates}


def expected_stretches(
    rules: Rules, start: datetime, until: datetime, memory: Memory, fixed: list[datetime]
) -> list[datetime]:
    """The stretch breaks a user who skips each reminder at once gets, from the rules alone:
    each interval is real time from where the count last started; a due time outside working
    hours moves to one interval after they begin; a fixed reminder shown at most the fold
    window before it covers it (the count starts there); the pause pushes it to at least
    one interval after the pause ends."""
    window = rules.fold_window(rules.interval)
    out: list[datetime] = []
    since = start.astimezone(UTC)
    pause = memory.pause
    end = until.astimezone(UTC)
    while True:
        due = settle(later(since, rules.interval), rules.interval, rules.hours)
        while due is not None:
            if pause is not None:  # it began at `start`; when it ends, a whole interval
                if pause.until is None:
                    return out
                since, pause = pause.until, None
                due = settle(max(due, since + rules.interval), rules.interval, rules.hours)
                continue
            folding = [f for f in fixed if since < f <= due and due - f <= window]
            if not folding:
                break
            since = folding[0]
            due = settle(later(since, rules.interval), rules.interval, rules.hours)
        if due is None or due > end:
            return out
        out.append(due)
        since = due


@given(cases())
def test_every_plan_keeps_its_invariants(case):
    rules, start, until, memory = case
    result = plan(rules, start, until, memory)
    found = list(result.reminders)
    instants = [r.at for r in found]
    # Strictly increasing: two reminders at one instant only when two fixed times coincide.
    for a, b in itertools.pairwise(found):
        assert a.at < b.at or (
            a.at == b.at and a.kind.startswith("fixed") and b.kind.startswith("fixed")
        ), (a, b)
    assert all(start.astimezone(UTC) <= t <= until.astimezone(UTC) for t in instants)
    # Nothing outside working hours but fixed reminders; every time printable for real.
    for r in found:
        if not r.kind.startswith("fixed"):
            assert rules.hours.contains(r.at), r
        assert names_local_time(r.at, rules), r
    # A fixed reminder comes at most once per scheduled time, on its own clock time.
    per_day = Counter(
        (r.kind, r.at.astimezone(rules.tz).date()) for r in found if r.kind.startswith("fixed")
    )
    for (kind, day), count in per_day.items():
        reminder = next(f for f in rules.fixed if f"fixed:{f.name}" == kind)
        assert count <= len(reminder._day_times(day)), (kind, day, count)
    paused = memory.pause
    for r in found:
        if r.kind.startswith("fixed"):
            assert paused is None or (paused.until is not None and r.at >= paused.until)
    # Gaps never shorter than the interval; the stretch breaks exactly as the model says.
    for kind, interval in (("stretch", rules.interval), ("micro", rules.micro)):
        times = [r.at for r in found if r.kind == kind]
        if interval is not None:
            assert all(b - a >= interval for a, b in itertools.pairwise(times)), kind
    fixed = [r.at for r in found if r.kind.startswith("fixed")]
    stretches = [r.at for r in found if r.kind == "stretch"]
    expected = expected_stretches(rules, start, until, memory, fixed)
    assert stretches == (expected[: len(stretches)] if result.truncated else expected)


def test_the_model_itself_finds_breaks():
    """A check of the checker: without folding and pauses it is the plain interval."""
    from tests.helpers.engine import rules as make_rules

    rules = make_rules()
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    expected = expected_stretches(rules, start, start + timedelta(hours=3), Memory(), [])
    assert expected == [start + timedelta(minutes=m) for m in (50, 100, 150)]
    found = [r.at for r in plan(rules, start, start + timedelta(hours=3)).reminders]
    assert found == expected
