"""Settings flow one way: the file -> the store -> the engine, the tray and an open dialog.

Bug fixed here: with the Settings dialog open, `backbreak config set schedule.snooze 10m`
and then Apply in the dialog wrote 5m back; and a reload re-saved the file the CLI had just
written.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QLineEdit

from backbreak.core.settings import SNOOZE, STRETCH_EVERY
from backbreak.storage.settings_file import load_settings, save_settings
from tests.helpers.remote import ask

MIN = timedelta(minutes=1)


def config_set(desk, option, value) -> None:
    """What `backbreak config set` does: write the file, then ask the app to reload."""
    path = desk.paths.settings_file
    current = load_settings(path, desk.clock.now(), read_only=True).settings
    save_settings(path, current.replace({option: value}))
    assert ask(desk.shell, "reload").ok


def test_a_reload_never_writes_the_file_back(qtbot, desk):
    desk.start()
    path = desk.paths.settings_file
    config_set(desk, STRETCH_EVERY, 20 * MIN)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    ask(desk.shell, "reload")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert desk.shell.status_text().startswith("Next break in 20 min")


def test_the_open_dialog_keeps_what_config_set_wrote_when_applying_its_own_change(
    qtbot, desk, clock
):
    desk.start()
    desk.shell.windows.show_settings()
    dialog = desk.shell.windows.settings_dialog
    config_set(desk, SNOOZE, 10 * MIN)  # from a terminal, while the dialog is open
    snooze = dialog.editor(SNOOZE)
    assert isinstance(snooze, QLineEdit) and snooze.text() == "10m"
    stretch = dialog.editor(STRETCH_EVERY)
    assert isinstance(stretch, QLineEdit)
    stretch.setText("45m")
    assert dialog.apply()
    saved = load_settings(desk.paths.settings_file, clock.now(), read_only=True).settings
    assert saved[SNOOZE] == 10 * MIN and saved[STRETCH_EVERY] == 45 * MIN
    # The engine took both: the break is 45 minutes in, and a snooze lasts ten.
    assert desk.shell.reminders.next_wake() == clock.now() + 45 * MIN
    desk.run_for(45 * MIN)
    assert "Snooze 10 min" in desk.shell.prompt.snooze_button.text().replace("&", "")


def test_a_file_that_does_not_parse_is_left_alone_and_the_app_keeps_going(qtbot, desk):
    desk.start()
    path = desk.paths.settings_file
    path.write_text('[schedule]\nstretch_every = "20m\n')
    reply = ask(desk.shell, "reload")
    assert not reply.ok and "not valid TOML" in reply.text
    assert path.read_text() == '[schedule]\nstretch_every = "20m\n'
    assert desk.shell.status_text().startswith("Next break in 50 min")


def test_routines_are_chosen_by_title_and_saved_as_ids_in_the_order_ticked(qtbot, make_desk):
    """No ids to type: the dialog lists the routines by title; the file keeps ids, in the
    order they were ticked (the rotation's order); an id no routine has is kept, marked."""
    from PySide6.QtCore import Qt

    from backbreak.core.settings import STRETCH_ROUTINES
    from backbreak.ui.settings_editors import RoutinePicker

    desk = make_desk(**{STRETCH_ROUTINES.key: ("gone-routine",)})
    desk.start()
    desk.shell.windows.show_settings()
    dialog = desk.shell.windows.settings_dialog
    picker = dialog.editor(STRETCH_ROUTINES)
    assert isinstance(picker, RoutinePicker)
    titles = [picker.item(row).text() for row in range(picker.count())]
    assert titles == ["Neck release", "Upper back reset", "gone-routine (no such routine)"]
    picker.item(2).setCheckState(Qt.CheckState.Unchecked)
    picker.item(1).setCheckState(Qt.CheckState.Checked)
    picker.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.apply()
    assert desk.store.current[STRETCH_ROUTINES] == ("upper-back-reset", "neck-release")
