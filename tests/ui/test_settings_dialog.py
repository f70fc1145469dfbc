"""The settings dialog: tabs from the table, working hours per weekday, Apply, start at login,
and changes made outside the dialog while it is open."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit, QSpinBox

from backbreak.core.settings import (
    DAILY_TARGET,
    MICRO_ON,
    OPTIONS,
    SNOOZE,
    STRETCH_EVERY,
    THEME,
    WORKING_DAYS,
    Settings,
)
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_file import load_settings, save_settings
from backbreak.storage.settings_store import SettingsStore

TUESDAY = WORKING_DAYS["tue"]
MIN = timedelta(minutes=1)


@pytest.fixture
def paths():
    paths = AppPaths.from_environment()
    paths.ensure()
    return paths


@pytest.fixture
def store(paths, clock):
    """The store as the app builds it: from the file, which the first load creates."""
    return SettingsStore(
        paths.settings_file, load_settings(paths.settings_file, clock.now()).settings
    )


def open_dialog(qtbot, store, paths, clock, autostart=None):
    from backbreak.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store, paths, clock, autostart=autostart)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def outside(store, clock, changes, reload=True):
    """`backbreak config set`: the CLI writes the file, then asks the app to "reload"."""
    current = load_settings(store.path, clock.now(), read_only=True).settings
    save_settings(store.path, current.replace(changes))
    if reload:
        assert store.reload(clock.now()) == []


def saved(store, clock) -> Settings:
    return load_settings(store.path, clock.now(), read_only=True).settings


def backdate(path):
    """Move the mtime an hour back, so a rewrite within the same clock tick still shows."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 3600 * 10**9))


def written(path):
    return path.read_bytes(), path.stat().st_mtime_ns


def test_every_settings_table_has_a_tab_with_a_keyboard_mnemonic(qtbot, store, paths, clock):
    from backbreak.ui.settings_dialog import TABS

    shown = {table for _title, tables in TABS for table in tables}
    assert {option.table for option in OPTIONS} <= shown
    dialog = open_dialog(qtbot, store, paths, clock)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert [t.replace("&", "") for t in titles] == [
        "Schedule",
        "Routines",
        "Notifications and sound",
        "Appearance",
        "Data and privacy",
    ]
    mnemonics = {QKeySequence.mnemonic(t).toString() for t in titles}
    assert len(mnemonics) == len(titles)  # Alt+S, Alt+R, Alt+N, Alt+P, Alt+D: all different
    for option in OPTIONS:
        if option.name:
            assert dialog.editor(option).accessibleName()


def test_changing_working_hours_in_the_dialog_saves_them_and_tells_the_subscribers(
    qtbot, store, paths, clock
):
    heard = []
    store.subscribe(heard.append)
    dialog = open_dialog(qtbot, store, paths, clock)
    tuesday = dialog.editor(TUESDAY)
    assert isinstance(tuesday, QLineEdit) and tuesday.text() == "09:00-17:30"
    tuesday.setText("13:00-17:30")
    dialog.apply_button.click()
    assert dialog.isVisible()  # Apply keeps it open
    assert [set(change.keys) for change in heard] == [{TUESDAY.key}]  # the app re-plans
    assert [str(r) for r in store.current[TUESDAY]] == ["13:00-17:30"]
    assert [str(r) for r in saved(store, clock)[TUESDAY]] == ["13:00-17:30"]
    assert dialog.message.isHidden()


def test_a_bad_range_is_flagged_while_typing_and_blocks_ok_and_apply(qtbot, store, paths, clock):
    dialog = open_dialog(qtbot, store, paths, clock)
    tuesday = dialog.editor(TUESDAY)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    tuesday.setText("09:00-12:00, 11:00-15:00")
    error = dialog.error_for(TUESDAY)
    assert not error.isHidden() and "overlap" in error.text()
    assert not ok.isEnabled() and not dialog.apply_button.isEnabled()
    tuesday.setText("")  # a day off is fine
    assert error.isHidden() and ok.isEnabled() and dialog.apply_button.isEnabled()


def test_copy_monday_fills_the_working_week(qtbot, store, paths, clock):
    dialog = open_dialog(qtbot, store, paths, clock)
    dialog.editor(WORKING_DAYS["mon"]).setText("08:00-12:00, 13:00-16:00")
    [copy] = [
        b for b in dialog.findChildren(type(dialog.apply_button)) if b.text().startswith("Copy")
    ]
    copy.click()
    for day in ("tue", "wed", "thu", "fri"):
        assert dialog.editor(WORKING_DAYS[day]).text() == "08:00-12:00, 13:00-16:00"
    assert dialog.editor(WORKING_DAYS["sat"]).text() == ""


def test_start_at_login_writes_a_real_autostart_entry(qtbot, store, paths, clock, tmp_path):
    from backbreak.platform.autostart import XdgAutostart

    folder = tmp_path / "autostart"
    autostart = XdgAutostart(folder)
    dialog = open_dialog(qtbot, store, paths, clock, autostart)
    assert not dialog.autostart_box.isChecked()
    dialog.autostart_box.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    entry = (folder / "backbreak.desktop").read_text()
    assert "Exec=" in entry and "X-GNOME-Autostart-enabled=true" in entry
    dialog = open_dialog(qtbot, store, paths, clock, XdgAutostart(folder))
    assert dialog.autostart_box.isChecked()  # read back from the system, not remembered
    dialog.autostart_box.setChecked(False)
    dialog.apply_button.click()
    assert not (folder / "backbreak.desktop").exists()


def test_start_at_login_explains_when_it_cannot(qtbot, store, paths, clock):
    from backbreak.platform.autostart import NoAutostart

    autostart = NoAutostart("this system has no known way to start apps at login")
    dialog = open_dialog(qtbot, store, paths, clock, autostart)
    assert not dialog.autostart_box.isEnabled()
    assert "no known way" in dialog.autostart_box.toolTip()


def test_the_tray_icon_style_follows_the_setting(qtbot, clock, library):
    from PySide6.QtCore import QSize

    from backbreak.core.settings import TRAY_ICON
    from backbreak.ui.icons import tray_icon
    from tests.helpers.desk import Desk

    def brightness(style: str, state: str) -> float:
        image = tray_icon(state, style).pixmap(QSize(32, 32)).toImage()
        opaque = [
            image.pixelColor(x, y)
            for x in range(32)
            for y in range(32)
            if image.pixelColor(x, y).alpha() > 200
        ]
        return sum(c.lightness() for c in opaque) / len(opaque)

    for state in ("active", "paused", "due"):  # light for dark panels, dark for light ones
        assert brightness("light", state) > 200 > 80 > brightness("dark", state)
    desk = Desk(clock, library, tray_available=True)  # not shown: offscreen has no tray
    try:
        tray = desk.shell.tray
        assert tray is not None and tray.style == "colour"
        desk.store.update({TRAY_ICON: "light"}, clock.now())  # the dialog's Apply does this
        assert tray.style == "light"
    finally:
        desk.close()


# -- changes made outside the dialog while it is open ------------------------------------
@pytest.mark.parametrize("reload", [True, False], ids=["reloaded", "reload-not-yet-arrived"])
def test_apply_keeps_a_change_made_outside_while_the_dialog_was_open(
    qtbot, store, paths, clock, reload
):
    """The bug: `backbreak config set schedule.snooze 10m` with the dialog open, then Apply
    wrote the dialog's stale 5m back."""
    dialog = open_dialog(qtbot, store, paths, clock)
    assert dialog.editor(SNOOZE).text() == "5m"
    outside(store, clock, {SNOOZE: 10 * MIN}, reload=reload)
    dialog.editor(STRETCH_EVERY).setText("45m")
    assert dialog.apply()
    on_disk = saved(store, clock)
    assert on_disk[SNOOZE] == 10 * MIN and on_disk[STRETCH_EVERY] == 45 * MIN
    assert dialog.editor(SNOOZE).text() == "10m"
    assert store.current[SNOOZE] == 10 * MIN and store.current[STRETCH_EVERY] == 45 * MIN


def test_an_untouched_editor_follows_a_change_made_outside(qtbot, store, paths, clock):
    dialog = open_dialog(qtbot, store, paths, clock)
    outside(store, clock, {SNOOZE: 10 * MIN, THEME: "dark", MICRO_ON: True})
    assert dialog.editor(SNOOZE).text() == "10m"
    theme = dialog.editor(THEME)
    assert isinstance(theme, QComboBox) and theme.currentText() == "Dark"
    micro = dialog.editor(MICRO_ON)
    assert isinstance(micro, QCheckBox) and micro.isChecked()
    assert "Apply keeps yours" not in dialog.message.text()
    assert "Changed outside this window: Snooze for, now 10m" in dialog.message.text()
    backdate(store.path)
    before = written(store.path)
    assert dialog.apply()  # the editors match the file: nothing to write
    assert written(store.path) == before


def test_an_edited_field_keeps_the_users_text_when_the_file_changes(qtbot, store, paths, clock):
    dialog = open_dialog(qtbot, store, paths, clock)
    dialog.editor(SNOOZE).setText("15m")
    outside(store, clock, {SNOOZE: 10 * MIN, STRETCH_EVERY: 40 * MIN})
    assert dialog.editor(SNOOZE).text() == "15m"
    assert dialog.editor(STRETCH_EVERY).text() == "40m"  # not edited: follows
    assert not dialog.message.isHidden()
    assert dialog.message.text().startswith(
        "Snooze for was changed outside this window (now 10m); Apply keeps yours."
    )
    assert dialog.apply()
    assert saved(store, clock)[SNOOZE] == 15 * MIN  # "Apply keeps yours"
    assert saved(store, clock)[STRETCH_EVERY] == 40 * MIN
    assert dialog.message.isHidden()


def test_after_an_outside_change_apply_saves_what_the_dialog_shows(qtbot, store, paths, clock):
    """The edited field's baseline moves to the file's new value: typing the old value back
    is then a change too, and Apply writes what the user sees, not the file's 10m."""
    dialog = open_dialog(qtbot, store, paths, clock)
    dialog.editor(SNOOZE).setText("15m")
    outside(store, clock, {SNOOZE: 10 * MIN})
    dialog.editor(SNOOZE).setText("5m")  # what it was when the dialog opened
    assert dialog.apply()
    assert saved(store, clock)[SNOOZE] == 5 * MIN


def test_an_edit_that_does_not_parse_yet_is_kept_too(qtbot, store, paths, clock):
    dialog = open_dialog(qtbot, store, paths, clock)
    dialog.editor(SNOOZE).setText("1")  # on the way to typing 10m
    dialog.editor(SNOOZE).setText("")
    outside(store, clock, {SNOOZE: 8 * MIN})
    assert dialog.editor(SNOOZE).text() == ""
    assert "Snooze for was changed outside this window (now 8m)" in dialog.message.text()


def test_a_number_is_edited_in_a_box_that_keeps_it_within_its_bounds(qtbot, store, paths, clock):
    """The option says it is a whole number from 1 to 50: the editor is a spin box with that
    range, so an out-of-range or non-number value cannot even be typed."""
    dialog = open_dialog(qtbot, store, paths, clock)
    box = dialog.editor(DAILY_TARGET)
    assert isinstance(box, QSpinBox)
    assert (box.minimum(), box.maximum()) == DAILY_TARGET.bounds
    box.setValue(box.maximum() + 100)
    assert box.value() == DAILY_TARGET.bounds[1]
    assert dialog.apply()
    assert saved(store, clock)[DAILY_TARGET] == DAILY_TARGET.bounds[1]


def test_the_dialogs_own_apply_is_not_reported_as_an_outside_change(qtbot, store, paths, clock):
    dialog = open_dialog(qtbot, store, paths, clock)
    dialog.editor(SNOOZE).setText("10m")
    dialog.editor(DAILY_TARGET).setValue(8)
    assert dialog.apply()
    assert dialog.message.isHidden()
    assert saved(store, clock)[SNOOZE] == 10 * MIN and saved(store, clock)[DAILY_TARGET] == 8


def test_apply_with_nothing_changed_does_not_touch_the_file(qtbot, store, paths, clock):
    heard = []
    store.subscribe(heard.append)
    dialog = open_dialog(qtbot, store, paths, clock)
    backdate(store.path)
    before = written(store.path)
    dialog.editor(SNOOZE).setText("10m")
    dialog.editor(SNOOZE).setText("5m")  # and back: not a change
    assert dialog.apply()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert written(store.path) == before
    assert heard == [] and not dialog.isVisible()


def test_apply_sends_only_what_changed_since_the_last_apply(qtbot, store, paths, clock):
    heard = []
    store.subscribe(heard.append)
    dialog = open_dialog(qtbot, store, paths, clock)
    dialog.editor(SNOOZE).setText("10m")
    assert dialog.apply()
    dialog.editor(STRETCH_EVERY).setText("45m")
    assert dialog.apply()
    assert [set(change.keys) for change in heard] == [{SNOOZE.key}, {STRETCH_EVERY.key}]


def test_a_file_that_does_not_parse_is_left_alone_and_the_dialog_says_so(
    qtbot, store, paths, clock
):
    dialog = open_dialog(qtbot, store, paths, clock)
    broken = '[schedule]\nsnooze = "10m\n'
    store.path.write_text(broken)
    dialog.editor(SNOOZE).setText("15m")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert store.path.read_text() == broken
    assert dialog.isVisible()  # OK stays open, so the notice is read
    assert "left as it is" in dialog.message.text()
    assert store.current[SNOOZE] == 15 * MIN  # applies until backbreak quits
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # seen: now it closes
    assert not dialog.isVisible()


def test_a_closed_dialog_stops_listening_and_catches_up_when_shown_again(
    qtbot, store, paths, clock
):
    dialog = open_dialog(qtbot, store, paths, clock)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible()
    outside(store, clock, {SNOOZE: 10 * MIN})
    assert dialog.editor(SNOOZE).text() == "5m"  # closed: not called
    dialog.show()
    assert dialog.editor(SNOOZE).text() == "10m"
    outside(store, clock, {SNOOZE: 20 * MIN})
    assert dialog.editor(SNOOZE).text() == "20m"  # listening again


def test_a_deleted_closed_or_dropped_dialog_is_not_called_back_nor_kept_alive(
    qtbot, store, paths, clock, caplog
):
    import gc
    import weakref

    import shiboken6

    from backbreak.ui.settings_dialog import SettingsDialog

    live = open_dialog(qtbot, store, paths, clock)
    deleted = SettingsDialog(store, paths, clock)  # never shown or closed: still listening
    shiboken6.delete(deleted)
    closed = SettingsDialog(store, paths, clock)  # not given to qtbot, which would keep it
    closed.show()
    closed.reject()
    dropped = SettingsDialog(store, paths, clock)  # never shown, never closed: let go
    gone = [weakref.ref(deleted), weakref.ref(closed), weakref.ref(dropped)]
    del deleted, closed, dropped
    gc.collect()
    assert [ref() for ref in gone] == [None, None, None]  # the store does not hold them
    outside(store, clock, {SNOOZE: 10 * MIN})
    assert "subscriber failed" not in caplog.text
    assert live.editor(SNOOZE).text() == "10m"  # the open one still listens


def test_an_option_that_needs_another_is_greyed_out_while_that_one_is_off(
    qtbot, store, paths, clock
):
    from backbreak.core.care import RED_FLAG_ON
    from backbreak.core.settings import CHECKIN, MICRO_EVERY, MICRO_ON

    dialog = open_dialog(qtbot, store, paths, clock)
    checkin, question = dialog.editor(CHECKIN), dialog.editor(RED_FLAG_ON)
    assert checkin.isChecked() and question.isEnabled()
    checkin.setChecked(False)
    assert not question.isEnabled() and question.isChecked()  # its value is kept
    micro, every = dialog.editor(MICRO_ON), dialog.editor(MICRO_EVERY)
    micro.setChecked(False)
    assert not every.isEnabled()
    micro.setChecked(True)
    assert every.isEnabled()
    dialog.apply()
    assert saved(store, clock)[RED_FLAG_ON] is True and saved(store, clock)[CHECKIN] is False


def test_a_bad_value_greyed_out_by_its_switch_gives_way_to_the_saved_one(
    qtbot, store, paths, clock
):
    from backbreak.core.settings import MICRO_EVERY, MICRO_ON

    dialog = open_dialog(qtbot, store, paths, clock)
    micro, every = dialog.editor(MICRO_ON), dialog.editor(MICRO_EVERY)
    micro.setChecked(True)
    saved_text = every.text()
    every.setText("soon")
    assert not dialog.apply_button.isEnabled()
    micro.setChecked(False)  # the field can no longer be fixed: it must not block Apply
    assert every.text() == saved_text and dialog.apply_button.isEnabled()
