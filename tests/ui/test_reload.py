"""The running app re-reads the settings file when `backbreak config set/reset` asks."""

from __future__ import annotations

from backbreak.core.settings import STRETCH_EVERY


def test_reload_applies_the_file_at_once(qtbot, controller):
    controller.start()
    assert controller.handle_command("status").startswith("Next break in 50 min")
    controller.paths.settings_file.write_text('[schedule]\nstretch_every = "20m"\n')
    assert controller.handle_command("reload").startswith("Next break in 20 min")
    assert controller.settings[STRETCH_EVERY].total_seconds() == 20 * 60


def test_reload_leaves_a_file_that_does_not_parse_alone(qtbot, controller):
    controller.start()
    broken = '[schedule]\nstretch_every = "20m\n'
    controller.paths.settings_file.write_text(broken)
    reply = controller.handle_command("reload")
    assert reply.startswith("error: ") and "not valid TOML" in reply
    assert controller.paths.settings_file.read_text() == broken
    assert controller.handle_command("status").startswith("Next break in 50 min")
