"""The running app re-reads the settings file when `backbreak config set/reset` asks."""

from __future__ import annotations

from datetime import timedelta

from backbreak.core.settings import STRETCH_EVERY
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
