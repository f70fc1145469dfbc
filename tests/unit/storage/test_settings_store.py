"""The settings store: reload only reads, update writes only what changed, subscribers hear
exactly which keys differ."""

from __future__ import annotations

import errno
import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbreak.core.settings import (
    FIXED,
    OPTIONS,
    SNOOZE,
    STRETCH_EVERY,
    THEME,
    Option,
    Settings,
    format_duration_setting,
    validate,
)
from backbreak.storage import settings_file
from backbreak.storage.settings_file import load_settings, save_settings
from backbreak.storage.settings_store import SettingsChange, SettingsStore
from tests.helpers.fakes import START

MIN = timedelta(minutes=1)
BROKEN = '[schedule]\nsnooze = "10m\n'  # an unterminated string: not TOML


def written(path: Path) -> tuple[bytes, int]:
    """What a test compares to prove a file was not touched: its bytes and its mtime."""
    return path.read_bytes(), path.stat().st_mtime_ns


def backdate(path: Path) -> None:
    """Move the mtime an hour back, so a rewrite within the same clock tick still shows."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 3600 * 10**9))


def store_with(path: Path, settings_: Settings | None = None) -> SettingsStore:
    settings_ = settings_ or Settings()
    save_settings(path, settings_)
    return SettingsStore(path, settings_)


class Heard:
    """A subscriber that remembers every change."""

    def __init__(self) -> None:
        self.changes: list[SettingsChange] = []

    def __call__(self, change: SettingsChange) -> None:
        self.changes.append(change)

    @property
    def keys(self) -> list[set[str]]:
        return [set(c.keys) for c in self.changes]


# -- reload --------------------------------------------------------------------------------
def test_reload_takes_the_file_and_never_writes_it(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path)
    heard = Heard()
    store.subscribe(heard)
    save_settings(path, Settings().replace({SNOOZE: 10 * MIN}))  # `backbreak config set`
    backdate(path)
    before = written(path)
    assert store.reload(START) == []
    assert written(path) == before
    assert store.current[SNOOZE] == 10 * MIN
    assert heard.keys == [{SNOOZE.key}]
    assert heard.changes[0].before[SNOOZE] == 5 * MIN
    assert heard.changes[0].after[SNOOZE] == 10 * MIN


def test_reload_of_a_broken_file_changes_nothing_and_leaves_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path, Settings().replace({SNOOZE: 7 * MIN}))
    heard = Heard()
    store.subscribe(heard)
    path.write_text(BROKEN)
    backdate(path)
    before = written(path)
    notices = store.reload(START)
    assert len(notices) == 1 and "not valid TOML" in notices[0]
    assert written(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]  # no backup made
    assert store.current[SNOOZE] == 7 * MIN
    assert heard.changes == []


def test_reload_of_an_unreadable_file_changes_nothing(tmp_path):
    path = tmp_path / "settings.toml"
    store = SettingsStore(path, Settings().replace({SNOOZE: 7 * MIN}))
    path.mkdir()  # reading a folder fails, even for root
    notices = store.reload(START)
    assert len(notices) == 1 and "cannot be read" in notices[0]
    assert store.current[SNOOZE] == 7 * MIN and path.is_dir()


def test_reload_with_nothing_changed_calls_nobody(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path, Settings().replace({SNOOZE: 7 * MIN}))
    heard = Heard()
    store.subscribe(heard)
    assert store.reload(START) == []
    assert heard.changes == []


# -- update --------------------------------------------------------------------------------
def test_update_keeps_an_edit_made_meanwhile_to_another_key(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path)
    # `backbreak config set schedule.snooze 10m`, whose "reload" has not arrived yet:
    save_settings(path, Settings().replace({SNOOZE: 10 * MIN}))
    heard = Heard()
    store.subscribe(heard)
    assert store.update({STRETCH_EVERY: 45 * MIN}, START) is None
    saved = load_settings(path, START, read_only=True).settings
    assert saved[SNOOZE] == 10 * MIN and saved[STRETCH_EVERY] == 45 * MIN
    assert store.current[SNOOZE] == 10 * MIN and store.current[STRETCH_EVERY] == 45 * MIN
    assert heard.keys == [{SNOOZE.key, STRETCH_EVERY.key}]  # the app learns of both


def test_update_keeps_unknown_keys_and_whole_tables_it_was_not_given(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path)
    path.write_text(
        'mine = "top"\n[schedule]\nfuture_option = 3\n'
        '[fixed]\nbreathing = { routine = "box-breathing", at = ["10:30"] }\n'
    )
    assert store.update({SNOOZE: 10 * MIN}, START) is None
    saved = load_settings(path, START, read_only=True).settings
    assert saved.unknown == {"": {"mine": "top"}, "schedule": {"future_option": 3}}
    assert [r.name for r in saved[FIXED]] == ["breathing"]
    assert saved[SNOOZE] == 10 * MIN


def test_update_of_a_broken_file_leaves_it_and_applies_in_memory(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path)
    heard = Heard()
    store.subscribe(heard)
    path.write_text(BROKEN)
    backdate(path)
    before = written(path)
    notice = store.update({STRETCH_EVERY: 45 * MIN}, START)
    assert notice is not None and "\n" not in notice
    assert "left as it is" in notice and str(path) in notice and "not valid TOML" in notice
    assert "backbreak config reset --all" in notice  # how to get out of it
    assert written(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]
    assert store.current[STRETCH_EVERY] == 45 * MIN
    assert heard.keys == [{STRETCH_EVERY.key}]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root can write into a read-only folder",
)
def test_update_in_a_read_only_folder_says_so_and_applies_in_memory(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.toml"
    store = store_with(path)
    before = written(path)
    folder.chmod(0o500)
    try:
        notice = store.update({SNOOZE: 10 * MIN}, START)
    finally:
        folder.chmod(0o700)
    assert notice is not None
    assert notice.startswith(f"The settings could not be saved to {path}: Permission denied.")
    assert notice.endswith("They apply until backbreak quits.")
    assert written(path) == before
    assert store.current[SNOOZE] == 10 * MIN


def test_update_that_cannot_save_says_why_and_applies_in_memory(tmp_path, monkeypatch):
    """The same as the read-only folder, for any user (root included): a full disk."""
    path = tmp_path / "settings.toml"
    store = store_with(path)
    before = written(path)

    def disk_full(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(settings_file, "save_settings", disk_full)
    heard = Heard()
    store.subscribe(heard)
    notice = store.update({SNOOZE: 10 * MIN}, START)
    assert notice == (
        f"The settings could not be saved to {path}: No space left on device. "
        "They apply until backbreak quits."
    )
    assert written(path) == before
    assert store.current[SNOOZE] == 10 * MIN and heard.keys == [{SNOOZE.key}]


def test_update_of_a_file_that_is_a_folder_leaves_it(tmp_path):
    path = tmp_path / "settings.toml"
    store = SettingsStore(path, Settings())
    path.mkdir()
    notice = store.update({SNOOZE: 10 * MIN}, START)
    assert notice is not None and "cannot be read" in notice and "left as it is" in notice
    assert path.is_dir() and store.current[SNOOZE] == 10 * MIN


def test_update_creates_a_missing_file(tmp_path):
    path = tmp_path / "config" / "settings.toml"
    store = SettingsStore(path, Settings())
    assert store.update({THEME: "dark"}, START) is None
    assert load_settings(path, START, read_only=True).settings[THEME] == "dark"


def test_update_to_the_same_values_calls_nobody(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path, Settings().replace({SNOOZE: 7 * MIN}))
    heard = Heard()
    store.subscribe(heard)
    assert store.update({SNOOZE: 7 * MIN}, START) is None
    assert heard.changes == []


# -- subscribers ---------------------------------------------------------------------------
def test_a_failing_subscriber_does_not_stop_the_others(tmp_path, caplog):
    path = tmp_path / "settings.toml"
    store = store_with(path)
    first, last = Heard(), Heard()

    def broken(_change: SettingsChange) -> None:
        raise RuntimeError("a subscriber with a bug")

    store.subscribe(first)
    store.subscribe(broken)
    store.subscribe(last)
    with caplog.at_level(logging.ERROR, logger="backbreak.storage.settings_store"):
        assert store.update({SNOOZE: 10 * MIN}, START) is None
    assert first.keys == last.keys == [{SNOOZE.key}]
    assert "a subscriber with a bug" in caplog.text


def test_unsubscribe_stops_the_calls_even_during_a_notification(tmp_path):
    path = tmp_path / "settings.toml"
    store = store_with(path)
    later = Heard()
    handles: dict[str, Any] = {}
    store.subscribe(lambda _change: handles["later"]())
    handles["later"] = store.subscribe(later)
    store.update({SNOOZE: 10 * MIN}, START)
    assert later.changes == []  # removed by the first subscriber before its turn
    handles["later"]()  # twice is fine
    store.update({SNOOZE: 11 * MIN}, START)
    assert later.changes == []


# -- the property --------------------------------------------------------------------------
DURATIONS = ["0s", "5s", "45s", "1m", "5m", "10m", "45m", "1h", "1h30m", "4h", "8h"]
INTS = [0, 1, 3, 6, 10, 30, 100]
LISTS = [[], ["neck-release"], ["posture-reset", "neck-micro"], ["08:00-12:00", "13:00-17:00"]]
ZONES = ["", "Europe/Berlin", "America/New_York"]
TABLES = [
    {},
    {"breathing": {"routine": "box-breathing", "at": ["10:30", "15:30"], "days": "weekdays"}},
    {"eyes": {"routine": "eye-rest", "cron": "30 10 * * 1-5"}},
]


def _candidates(option: Option[Any]) -> list[Any]:
    """Raw TOML values of the option's kind; those its own parser refuses are dropped."""
    default = option.dump(option.default)
    if option.choices:
        return list(option.choices)
    if isinstance(default, bool):
        return [True, False]
    if isinstance(default, int):
        return INTS
    if option.dump is format_duration_setting:
        return DURATIONS
    if isinstance(default, str):
        return ZONES
    if isinstance(default, list):
        return LISTS
    return TABLES


def _valid(option: Option[Any]) -> list[Any]:
    values = [option.default]
    for raw in _candidates(option):
        try:
            values.append(option.parse(raw))
        except ValueError:
            continue
    return values


VALUES: dict[str, list[Any]] = {option.key: _valid(option) for option in OPTIONS}


def test_the_value_table_gives_every_option_something_to_change_to():
    for option in OPTIONS:
        dumped = {repr(option.dump(v)) for v in VALUES[option.key]}
        assert len(dumped) >= 2, option.key


@st.composite
def some_settings(draw: st.DrawFn) -> dict[Option[Any], Any]:
    options = draw(st.lists(st.sampled_from(OPTIONS), unique_by=lambda o: o.key))
    return {o: draw(st.sampled_from(VALUES[o.key])) for o in options}


def dumped(settings_: Settings) -> dict[str, Any]:
    return {option.key: option.dump(settings_[option]) for option in OPTIONS}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=some_settings(), changes=some_settings())
def test_update_writes_exactly_the_changes_and_reports_exactly_the_changed_keys(
    tmp_path, start, changes
):
    path = tmp_path / "settings.toml"
    before, problems = validate(
        {"extra": {"kept": 1}, "schedule": {"from_the_future": "yes"}}
    )  # unknown keys ride along
    assert all(p.severity == "warning" for p in problems)
    before = before.replace(start)
    store = store_with(path, before)
    heard = Heard()
    store.subscribe(heard)
    assert store.update(changes, START) is None
    expected = before.replace(changes)
    fresh = load_settings(path, START, read_only=True)
    assert fresh.notices == [] and [p for p in fresh.problems if p.severity == "error"] == []
    assert dumped(fresh.settings) == dumped(expected)
    assert fresh.settings.unknown == before.unknown
    differ = {o.key for o in OPTIONS if o.dump(before[o]) != o.dump(expected[o])}
    assert heard.keys == ([differ] if differ else [])
    assert dumped(store.current) == dumped(expected)
