"""The care rules over generated check-in histories: each fires exactly when its condition
holds (checked against a plain day-by-day count written apart from core.care), never on a
day without data, and at most once per snooze period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from backbreak.core import care
from backbreak.core.care import CareDay, Rule
from backbreak.core.events import EventKind, LogEntry
from backbreak.core.stats import tally

TODAY = date(2026, 11, 30)
SPAN = 90  # days of history before today

day_figures = st.one_of(
    st.none(),
    st.builds(
        lambda tension, completed, flags: (tension, completed, flags),
        st.one_of(st.none(), st.integers(0, 10).map(float), st.floats(0, 10)),
        st.integers(0, 12),
        st.sampled_from((0, 0, 0, 0, 0, 0, 0, 0, 1, 2)),  # a red flag is rare
    ),
)
histories = st.lists(day_figures, min_size=SPAN, max_size=SPAN)
"""Index k: the day k days before today (None: nothing logged)."""


def as_days(history: list[tuple[float | None, int, int] | None]) -> dict[date, CareDay]:
    out = {}
    for back, figures in enumerate(history):
        if figures is not None:
            day = TODAY - timedelta(days=back)
            out[day] = CareDay(day, figures[0], figures[1], figures[2])
    return out


def expected(
    history: list[tuple[float | None, int, int] | None], weeks: int, threshold: int, target: int
) -> set[Rule]:
    """The rules' conditions, counted day by day from today backwards."""
    ratings: dict[int, list[float]] = {w: [] for w in range(weeks)}  # week 0: the newest
    met = flagged = 0
    for back in range(7 * weeks):
        figures = history[back]
        if figures is None:
            continue
        tension, completed, flags = figures
        if tension is not None:
            ratings[back // 7].append(tension)
        met += completed >= target
        flagged += flags > 0
    found = set()
    every = [t for week in ratings.values() for t in week]
    if all(ratings.values()) and sum(t >= threshold for t in every) > len(every) / 2:
        found.add(Rule.HIGH)
    newest, oldest = ratings[0], ratings[weeks - 1]
    if newest and oldest and met >= 7 * weeks / 2:
        late, early = sum(newest) / len(newest), sum(oldest) / len(oldest)
        if late >= early and late >= care.MODERATE:
            found.add(Rule.NOT_LOWER)
    if flagged:
        found.add(Rule.RED_FLAG)
    return found


params = st.tuples(st.integers(2, 12), st.integers(3, 10), st.integers(1, 12))


@settings(max_examples=400)
@given(histories, params)
def test_each_rule_fires_exactly_when_its_condition_holds(history, knobs):
    weeks, threshold, target = knobs
    found = care.observe(as_days(history), TODAY, weeks, threshold, target)
    assert {o.rule for o in found} == expected(history, weeks, threshold, target)
    assert len({o.rule for o in found}) == len(found)  # one observation a rule
    for item in found:
        assert "nan" not in item.text and "inf" not in item.text
        assert item.sources


@given(histories, params)
def test_never_on_a_day_without_data(history, knobs):
    weeks, threshold, target = knobs
    history[0] = None if history[0] is None else (None, history[0][1], 0)
    days = as_days(history)
    assert care.nudge_due(days, TODAY, weeks, threshold, target, None) == ()


def test_an_empty_history_never_notes():
    assert care.observe({}, TODAY, 3, 6, 6) == ()
    assert care.nudge_due({}, TODAY, 3, 6, 6, None) == ()


@settings(max_examples=150)
@given(st.lists(day_figures, min_size=200, max_size=200), params)
def test_at_most_once_per_snooze_period_and_whenever_due(history, knobs):
    """Day by day through 200 days of history (oldest first), as the app asks: a note comes
    exactly on the days the rules find something, with data that day, out of the snooze."""
    weeks, threshold, target = knobs
    start = TODAY - timedelta(days=len(history) - 1)
    days: dict[date, CareDay] = {}
    next_day: date | None = None
    shown: list[date] = []
    for offset, figures in enumerate(history):
        today = start + timedelta(days=offset)
        if figures is not None:
            days[today] = CareDay(today, *figures)
        found = care.nudge_due(days, today, weeks, threshold, target, next_day)
        due = (
            care.has_data(days, today)
            and (next_day is None or today >= next_day)
            and bool(care.observe(days, today, weeks, threshold, target))
        )
        assert bool(found) == due
        if found:
            shown.append(today)
            next_day = care.snoozed_until(today)
    for earlier, later in pairwise(shown):
        assert later - earlier >= timedelta(days=care.SNOOZE_DAYS)


def test_the_words_carry_the_numbers():
    days = {
        TODAY - timedelta(days=n): CareDay(TODAY - timedelta(days=n), 7.0, 6, 1 if n == 3 else 0)
        for n in range(21)
    }
    found = {o.rule: o.text for o in care.observe(days, TODAY, 3, 6, 6)}
    assert found[Rule.HIGH] == (
        "Your neck and back tension before a break was 6 or more on 21 of 21 days with a "
        "check-in over the last 3 weeks (average 7.0 out of 10)."
    )
    assert "went from 7.0 in the first week to 7.0 in the last" in found[Rule.NOT_LOWER]
    assert "on 1 of the last 21 days" in found[Rule.RED_FLAG]


def test_the_log_tallies_feed_the_rules():
    """Red flags are counted per day like breaks (core.stats.COUNTED), so the SQL tallies
    and `tally` both carry them."""
    at = datetime(2026, 11, 30, 9, tzinfo=UTC)
    entries = [
        LogEntry(EventKind.COMPLETED, at, "neck", checkin_before=8, uid="a"),
        LogEntry(EventKind.COMPLETED, at, "neck", checkin_before=6, uid="b"),
        LogEntry(EventKind.RED_FLAG, at, "neck", uid="c"),
        LogEntry(EventKind.SKIPPED, at, "neck", uid="d"),
    ]
    days = care.care_days(tally(entries, UTC)[0])
    assert days[at.date()] == CareDay(at.date(), 7.0, 2, 1)


@given(st.one_of(st.text(max_size=30), st.dates().map(date.isoformat)))
def test_a_stored_snooze_that_cannot_be_read_counts_as_none(text):
    """Any text in the state table: a date where it is one (of reasonable length), else
    none; never an exception."""
    try:
        expected = date.fromisoformat(text) if 0 < len(text) <= 20 else None
    except ValueError:
        expected = None
    assert care.parse_next(text) == expected


def test_a_stored_snooze_is_read_back_as_written():
    assert care.parse_next(care.snoozed_until(TODAY).isoformat()) == TODAY + timedelta(days=30)
    assert care.parse_next("2026-13-01") is None
    assert care.parse_next("9" * 100) is None
