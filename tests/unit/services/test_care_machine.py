"""The app's care check against a real log, as days pass: check-ins (the app's own and
another process's), red flags, heartbeats, answers, restarts and crafted snooze values in
any order. After every step: a note came
exactly when a plain model says it was due, only on a day with data, at most once a month,
and the snooze outlived every restart."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from backbreak.core import care
from backbreak.core.events import EventKind, LogEntry
from backbreak.core.settings import DAILY_TARGET, Settings
from backbreak.services.care import CareCheck, read_days, snooze
from backbreak.storage.db import open_log

ZONE = timezone(timedelta(hours=1))


class CareMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="care-machine-"))
        self.today = date(2026, 1, 5)
        self.settings = Settings().replace({DAILY_TARGET: 1})
        self.log = self._open()
        self.check = CareCheck(self.log)
        self.changed = True  # a start asks once
        self.next_day: date | None = None  # the model's snooze
        self.shown: list[date] = []

    def _open(self):  # type: ignore[no-untyped-def]
        opened = open_log(self.folder / "history.sqlite3", self._noon())
        assert opened.log is not None, opened.notices
        return opened.log

    def _noon(self) -> datetime:
        return datetime.combine(self.today, time(12), ZONE)

    def _write(self, entry: LogEntry) -> None:
        self.log.record(entry)
        self.check.history_changed()
        self.changed = True

    @rule(tension=st.integers(0, 10))
    def check_in(self, tension: int) -> None:
        self._write(
            LogEntry(EventKind.COMPLETED, self._noon(), "neck-release", checkin_before=tension)
        )

    @rule()
    def break_without_a_check_in(self) -> None:
        self._write(LogEntry(EventKind.COMPLETED, self._noon(), "neck-release"))

    @rule(tension=st.integers(0, 10))
    def another_process_writes(self, tension: int) -> None:
        """`backbreak import` in a terminal: nobody tells the app; its check sees it."""
        opened = open_log(self.folder / "history.sqlite3", self._noon())
        assert opened.log is not None, opened.notices
        try:
            opened.log.record(
                LogEntry(EventKind.COMPLETED, self._noon(), "neck-release", checkin_before=tension)
            )
        finally:
            opened.log.close()
        self.changed = True

    @rule()
    def red_flag(self) -> None:
        self._write(LogEntry(EventKind.RED_FLAG, self._noon(), "neck-release"))

    @rule(days=st.integers(1, 12))
    def days_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    @rule()
    def restart(self) -> None:
        self.log.close()
        self.log = self._open()
        self.check = CareCheck(self.log)
        self.changed = True

    @rule(text=st.one_of(st.text(max_size=40), st.dates().map(date.isoformat)))
    def crafted_snooze(self, text: str) -> None:
        """Whatever the state table holds (an edit, another version), it is read safely;
        the month counts again from what it says (one that cannot be read: no snooze)."""
        self.log.set_state(care.NEXT_KEY, text)
        self.next_day = care.parse_next(text)
        self.shown = []

    @rule()
    def remind_me_in_a_month(self) -> None:
        if self.shown and self.shown[-1] == self.today:
            assert snooze(self.log, self.today) is None
            self.next_day = care.snoozed_until(self.today)

    @rule()
    def heartbeat_at_rest(self) -> None:
        found = self.check.due(self.settings, self.today)
        days = read_days(self.log, self.today)
        assert days is not None
        snoozed = self.next_day is not None and self.today < self.next_day
        expected = (
            care.observe(days, self.today, 3, 6, 1)
            if self.changed and not snoozed and care.has_data(days, self.today)
            else ()
        )
        assert found == expected
        self.changed = False
        if found:
            self.shown.append(self.today)
            self.next_day = care.snoozed_until(self.today)

    @invariant()
    def at_most_once_a_month(self) -> None:
        """(Since the stored snooze was last changed from outside.)"""
        for earlier, later in zip(self.shown, self.shown[1:], strict=False):
            assert later - earlier >= timedelta(days=care.SNOOZE_DAYS)

    @invariant()
    def the_snooze_is_in_the_log(self) -> None:
        assert care.parse_next(self.log.get_state(care.NEXT_KEY)) == self.next_day

    def teardown(self) -> None:
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def test_weeks_of_check_ins_imported_by_another_process_bring_the_note(tmp_path):
    """`backbreak import` while the app runs: the import tells the app nothing, yet the
    weeks of high tension it brought are noticed at the next heartbeat."""
    today = date(2026, 1, 26)
    noon = datetime.combine(today, time(12), ZONE)
    app = open_log(tmp_path / "history.sqlite3", noon).log
    assert app is not None
    check = CareCheck(app)
    assert check.due(Settings(), today) == ()  # the start's look: nothing there yet
    other = open_log(tmp_path / "history.sqlite3", noon).log
    assert other is not None
    other.record_many(
        LogEntry(EventKind.COMPLETED, noon - timedelta(days=n), "neck-release", checkin_before=8)
        for n in range(21)
    )
    other.close()
    try:
        assert [o.rule for o in check.due(Settings(), today)] == [care.Rule.HIGH]
        assert check.due(Settings(), today) == ()  # once: the note's snooze is set
    finally:
        app.close()


CareMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
TestCareMachine = CareMachine.TestCase
