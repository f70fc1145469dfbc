"""The settings dialog: tabs from the table, working hours per weekday, Apply, start at login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from backbreak.core.settings import OPTIONS, WORKING_DAYS, validate
from backbreak.storage.settings_file import load_settings

TUESDAY = WORKING_DAYS["tue"]


@pytest.fixture
def berlin_hours(controller, clock):
    """Working hours on, in Berlin (the fake clock's +01:00 in November): Tue 09:00 now."""
    settings, problems = validate({"working_hours": {"enabled": True, "timezone": "Europe/Berlin"}})
    assert problems == []
    controller.apply_settings(settings)
    controller.start()
    return settings


def open_dialog(qtbot, controller):
    controller.show_settings()
    dialog = controller._settings_dialog
    qtbot.addWidget(dialog)
    return dialog


def test_every_settings_table_has_a_tab_with_a_keyboard_mnemonic(qtbot, controller):
    from backbreak.ui.settings_dialog import TABS

    shown = {table for _title, tables in TABS for table in tables}
    assert {option.table for option in OPTIONS} <= shown
    dialog = open_dialog(qtbot, controller)
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


def test_changing_working_hours_in_the_dialog_changes_the_plan(
    qtbot, controller, clock, berlin_hours
):
    assert controller.planner.wake_at() == clock.now() + timedelta(minutes=50)
    dialog = open_dialog(qtbot, controller)
    tuesday = dialog.editor(TUESDAY)
    assert isinstance(tuesday, QLineEdit) and tuesday.text() == "09:00-17:30"
    tuesday.setText("13:00-17:30")
    dialog.apply_button.click()
    assert dialog.isVisible()  # Apply keeps it open
    assert controller.status_text() == "Outside working hours · next break 13:50"
    assert controller.planner.wake_at().astimezone(clock.now().tzinfo).hour == 13
    saved = load_settings(controller.paths.settings_file, clock.now()).settings
    assert [str(r) for r in saved[TUESDAY]] == ["13:00-17:30"]


def test_a_bad_range_is_flagged_while_typing_and_blocks_ok_and_apply(qtbot, controller):
    dialog = open_dialog(qtbot, controller)
    tuesday = dialog.editor(TUESDAY)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    tuesday.setText("09:00-12:00, 11:00-15:00")
    error = dialog._errors[TUESDAY.key]
    assert not error.isHidden() and "overlap" in error.text()
    assert not ok.isEnabled() and not dialog.apply_button.isEnabled()
    tuesday.setText("")  # a day off is fine
    assert error.isHidden() and ok.isEnabled() and dialog.apply_button.isEnabled()


def test_copy_monday_fills_the_working_week(qtbot, controller):
    dialog = open_dialog(qtbot, controller)
    dialog.editor(WORKING_DAYS["mon"]).setText("08:00-12:00, 13:00-16:00")
    [copy] = [
        b for b in dialog.findChildren(type(dialog.apply_button)) if b.text().startswith("Copy")
    ]
    copy.click()
    for day in ("tue", "wed", "thu", "fri"):
        assert dialog.editor(WORKING_DAYS[day]).text() == "08:00-12:00, 13:00-16:00"
    assert dialog.editor(WORKING_DAYS["sat"]).text() == ""


def test_start_at_login_writes_a_real_autostart_entry(qtbot, controller, tmp_path):
    from backbreak.adapters.autostart import XdgAutostart

    folder = tmp_path / "autostart"
    controller._autostart = XdgAutostart(folder)
    dialog = open_dialog(qtbot, controller)
    assert not dialog.autostart_box.isChecked()
    dialog.autostart_box.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    entry = (folder / "backbreak.desktop").read_text()
    assert "Exec=" in entry and "X-GNOME-Autostart-enabled=true" in entry
    dialog = open_dialog(qtbot, controller)
    assert dialog.autostart_box.isChecked()  # read back from the system, not remembered
    dialog.autostart_box.setChecked(False)
    dialog.apply_button.click()
    assert not (folder / "backbreak.desktop").exists()


def test_start_at_login_explains_when_it_cannot(qtbot, controller):
    from backbreak.adapters.autostart import NoAutostart

    controller._autostart = NoAutostart("this system has no known way to start apps at login")
    dialog = open_dialog(qtbot, controller)
    assert not dialog.autostart_box.isEnabled()
    assert "no known way" in dialog.autostart_box.toolTip()


def test_the_tray_icon_style_follows_the_setting(qtbot, controller):
    from PySide6.QtCore import QSize

    from backbreak.core.settings import TRAY_ICON
    from backbreak.ui.icons import tray_icon
    from backbreak.ui.tray import TrayIcon

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
    tray = TrayIcon(controller.menu, controller)
    controller.tray = tray
    assert tray.style == "colour"
    controller.apply_settings(controller.settings.replace({TRAY_ICON: "light"}))
    assert tray.style == "light"
