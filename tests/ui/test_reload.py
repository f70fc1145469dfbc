"""The running app re-reads the settings file when `backbreak config set/reset` asks."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication, QMessageBox

from backbreak.core.settings import FIXED, SNOOZE, STRETCH_EVERY
from tests.helpers.remote import ask


def test_reload_applies_the_file_at_once_and_never_writes_it(qtbot, desk):
    desk.start()
    assert ask(desk.shell, "status").text.startswith("Next break in 50 min")
    written = '[schedule]\nstretch_every = "20m"\n'
    desk.paths.settings_file.write_text(written)
    assert ask(desk.shell, "reload").text.startswith("Next break in 20 min")
    assert desk.store.current[STRETCH_EVERY] == timedelta(minutes=20)
    assert desk.paths.settings_file.read_text() == written  # read, not rewritten


def test_reload_leaves_a_file_that_does_not_parse_alone(qtbot, desk):
    desk.start()
    broken = '[schedule]\nstretch_every = "20m\n'
    desk.paths.settings_file.write_text(broken)
    reply = ask(desk.shell, "reload")
    assert not reply.ok and "not valid TOML" in reply.text
    assert desk.paths.settings_file.read_text() == broken
    assert ask(desk.shell, "status").text.startswith("Next break in 50 min")


MIN = timedelta(minutes=1)


def told() -> list[str]:
    """The messages on screen (backbreak tells the user in a message box, not modal)."""
    return [
        box.text()
        for box in QApplication.topLevelWidgets()
        if isinstance(box, QMessageBox) and box.isVisible()
    ]


def test_a_file_edited_by_hand_is_taken_within_a_minute_without_asking(qtbot, desk):
    """No `backbreak config` and no restart: a `[fixed]` entry typed into the file counts."""
    desk.start()
    desk.run_for(10 * MIN)
    at = (desk.clock.now() + 20 * MIN).astimezone(desk.shell.state.rules.tz)
    written = (
        '[schedule]\nstretch_every = "50m"\n[fixed]\n'
        f'tea = {{ routine = "upper-back-reset", at = ["{at:%H:%M}"] }}\n'
    )
    desk.paths.settings_file.write_text(written)
    assert desk.store.current[FIXED] == ()  # not yet: the next wake-up reads it
    desk.run_for(MIN)
    assert [f.routine_id for f in desk.store.current[FIXED]] == ["upper-back-reset"]
    assert told() == []
    desk.run_until(desk.clock.now() + 20 * MIN)
    assert desk.shell.state.pending is not None
    assert desk.shell.state.pending.routine.id == "upper-back-reset"
    assert desk.paths.settings_file.read_text() == written  # read, never rewritten


def test_an_edit_that_cannot_be_used_is_told_once_and_changes_nothing(qtbot, desk):
    desk.start()
    broken = '[schedule]\nstretch_every = "20m\n'
    desk.paths.settings_file.write_text(broken)
    desk.run_for(MIN)
    [message] = told()
    assert "not valid TOML" in message and str(desk.paths.settings_file) in message
    assert "The settings from before stay" in message and "defaults" not in message
    assert desk.store.current[STRETCH_EVERY] == timedelta(minutes=50)
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()
    desk.run_for(5 * MIN)
    assert told() == []  # the same file: told once, not every minute
    assert desk.paths.settings_file.read_text() == broken  # left alone, never moved aside
    desk.paths.settings_file.write_text('[schedule]\nstretch_every = "20m"\n')  # fixed
    desk.run_for(MIN)
    assert told() == [] and desk.store.current[STRETCH_EVERY] == timedelta(minutes=20)


def test_a_value_that_is_not_valid_gets_its_default_and_is_told(qtbot, desk):
    desk.start()
    desk.paths.settings_file.write_text('[schedule]\nstretch_every = "banana"\nsnooze = "7m"\n')
    desk.run_for(MIN)
    [message] = told()
    assert "were not valid and their defaults are used" in message and "banana" in message
    assert desk.store.current[SNOOZE] == timedelta(minutes=7)  # the rest is taken
    assert desk.store.current[STRETCH_EVERY] == timedelta(minutes=50)


def test_the_apps_own_writes_are_not_read_again(qtbot, desk, monkeypatch):
    """A minute's look at the file is one stat: it is read only when someone else wrote it."""
    from backbreak.storage import settings_store

    reads: list[object] = []
    real = settings_store.load_settings
    monkeypatch.setattr(
        settings_store, "load_settings", lambda *a, **k: reads.append(a) or real(*a, **k)
    )
    desk.start()
    heard: list[frozenset[str]] = []
    desk.store.subscribe(lambda change: heard.append(change.keys))
    assert desk.store.update({STRETCH_EVERY: timedelta(minutes=30)}, desk.clock.now()) is None
    assert heard == [frozenset({STRETCH_EVERY.key})]
    desk.run_for(5 * MIN)
    assert reads == [] and heard == [frozenset({STRETCH_EVERY.key})] and told() == []
