"""What the tray app carries while it only waits for the next break (issue 18).

Memory itself is measured by bench/ (never by timed or sized assertions here); these tests
keep the decisions that make it small from coming undone: nothing is built or themed
before something is shown, and icons come from PNGs rendered once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from backbreak.core.settings import THEME
from backbreak.ui import icons
from backbreak.ui.theme import DARK, LIGHT_ACCENT
from tests.helpers.desk import Desk


def highlight() -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.palette().color(QPalette.ColorRole.Highlight).name()


def window_colour() -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.palette().color(QPalette.ColorRole.Window).name()


@pytest.fixture
def tray_desk(qtbot, clock, library, settings):
    """The app as it runs in a tray (offscreen has none to show it in, which is fine)."""
    made: list[Desk] = []

    def build(theme: str, give_back: Callable[[], None] | None = None) -> Desk:
        chosen = settings.replace({THEME: theme})
        made.append(Desk(clock, library, chosen, tray_available=True, give_back=give_back))
        return made[-1].start()

    yield build
    for desk in made:
        desk.close()


@pytest.fixture
def plain_palette(qapp):
    """Each test starts from Qt's own palette, and leaves it as it found it."""
    palette, sheet = qapp.palette(), qapp.styleSheet()
    qapp.setPalette(QPalette())
    qapp.setStyleSheet("")
    yield
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def test_a_waiting_tray_app_builds_no_window_and_sets_no_theme(plain_palette, tray_desk):
    desk = tray_desk("dark")
    desk.run_for(timedelta(minutes=20))  # heartbeats, no break due yet (every 50 min)
    assert desk.shell.built() == (None, None, None)
    assert desk.shell.windows_made is None
    assert window_colour() != DARK[QPalette.ColorRole.Window]


def test_the_menu_and_the_first_window_bring_the_chosen_theme(
    plain_palette, tray_desk, monkeypatch
):
    desk = tray_desk("dark")
    assert desk.shell.tray is not None
    monkeypatch.setattr(desk.shell.tray, "menu_drawn_here", lambda: True)  # the X11 tray
    desk.shell.menu.aboutToShow.emit()
    assert window_colour() == DARK[QPalette.ColorRole.Window]
    app = QApplication.instance()
    assert app.styleSheet() == ""  # the menu has no tick boxes: 3 MiB of style sheet spared
    desk.shell.windows.show_about()  # a window here may have them: the sheet comes now
    assert "QCheckBox::indicator" in app.styleSheet()
    assert window_colour() == DARK[QPalette.ColorRole.Window]

    other = tray_desk("dark")
    app.setPalette(QPalette())
    other.shell.windows.show_about()
    assert window_colour() == DARK[QPalette.ColorRole.Window]


def test_a_system_theme_leaves_a_menu_drawn_here_in_the_platform_look_until_a_window(
    plain_palette, tray_desk, monkeypatch
):
    """ "system" is the platform's own look: a menu alone is left in it (deciding what the
    system prefers loads Qt's namespace of enums and the Fusion style for the whole day);
    the first window of ours brings the theme, and the menu follows it from then on."""
    desk = tray_desk("system")
    assert desk.shell.tray is not None
    monkeypatch.setattr(desk.shell.tray, "menu_drawn_here", lambda: True)  # the X11 tray
    platform_look = highlight()
    desk.shell.menu.aboutToShow.emit()
    assert highlight() == platform_look and not desk.shell.theming.themed

    desk.shell.windows.show_about()  # offscreen prefers no dark: light, with our accent
    assert highlight() == LIGHT_ACCENT != platform_look
    desk.shell.menu.aboutToShow.emit()
    assert highlight() == LIGHT_ACCENT  # the menu keeps the windows' theme


def test_a_menu_the_tray_host_draws_brings_no_theme_but_a_left_click_popup_does(
    plain_palette, tray_desk, qtbot
):
    """A StatusNotifierItem host (KDE, GNOME) draws the menu from D-Bus: the app, which
    never draws it, stays unthemed. A left click pops the menu up here: themed then."""
    from PySide6.QtWidgets import QSystemTrayIcon

    desk = tray_desk("dark")
    tray = desk.shell.tray
    assert tray is not None
    assert not tray.menu_drawn_here()  # offscreen, as on such a desktop: no X11 tray widget
    desk.shell.menu.aboutToShow.emit()
    assert window_colour() != DARK[QPalette.ColorRole.Window]

    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert window_colour() == DARK[QPalette.ColorRole.Window]
    desk.shell.menu.hide()


def test_a_theme_changed_while_nothing_shows_waits_for_the_first_window(
    plain_palette, tray_desk, clock
):
    desk = tray_desk("light")
    assert desk.store.update({THEME: "dark"}, clock.now()) is None
    assert window_colour() != DARK[QPalette.ColorRole.Window]
    assert desk.shell.prompt is not None  # the prompt is made: the theme comes with it
    assert window_colour() == DARK[QPalette.ColorRole.Window]


@pytest.fixture
def icon_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(icons, "_cache", [])
    icons.use_cache(tmp_path / "cache")
    return tmp_path / "cache" / "icons"


def test_icons_are_rendered_once_then_read_from_the_cache(qapp, icon_cache, monkeypatch):
    first = icons.tray_icon("due", "dark")
    assert sorted(p.name for p in icon_cache.iterdir()) == sorted(
        f"icons-tray-due-dark-{side}.png" for side in icons.SIZES
    )

    def no_rendering(*_args: object) -> None:
        raise AssertionError("rendered again although the PNG is in the cache")

    monkeypatch.setattr(icons, "render_svg", no_rendering)
    again = icons.tray_icon("due", "dark")
    for icon in (first, again):
        assert not icon.pixmap(22, 22).isNull()


def test_every_tray_state_is_rendered_at_start_so_the_day_renders_none(
    qapp, icon_cache, monkeypatch
):
    """A "due" icon first rendered at the day's first break would load the SVG renderer
    (and Qt's namespace of enums) into the tray app for the rest of the day."""
    icons.prepare_tray_icons("colour")
    assert sorted(p.name for p in icon_cache.iterdir()) == sorted(
        f"icons-{name}-{side}.png"
        for name in ("tray", "tray-paused", "tray-due")
        for side in icons.SIZES
    )

    def no_rendering(*_args: object) -> None:
        raise AssertionError("rendered during the day")

    monkeypatch.setattr(icons, "render_svg", no_rendering)
    for state in ("due", "paused", "active"):
        assert not icons.tray_icon(state, "colour").pixmap(22, 22).isNull()


@given(
    natural=st.tuples(st.integers(0, 5000), st.integers(0, 5000)),
    box=st.tuples(st.integers(1, 3000), st.integers(1, 3000)),
)
def test_pictures_fit_their_box_as_qt_would_fit_them(qapp, natural, box):
    """The renderer scales without Qt's namespace: it must still fit as QSize.scaled does."""
    from PySide6.QtCore import QSize, Qt

    size = QSize(*natural)
    fitted = icons.fit_size(size, *box)
    if size.width() > 0 and size.height() > 0:
        expected = size.scaled(QSize(*box), Qt.AspectRatioMode.KeepAspectRatio)
        assert fitted == (expected.width(), expected.height())
    else:  # an SVG without a size: drawn over the whole box
        assert fitted == box


def test_a_cache_that_cannot_hold_a_png_still_gives_an_icon(qapp, icon_cache):
    icon_cache.mkdir(parents=True)
    (icon_cache / "icons-tray-22.png").mkdir()  # a folder where the picture should be
    (icon_cache / "icons-tray-16.png").write_bytes(b"\x00" * 10)  # junk, older than the SVG
    import os

    os.utime(icon_cache / "icons-tray-16.png", (0, 0))
    icon = icons.tray_icon("active")
    assert not icon.pixmap(22, 22).isNull()
    assert not icon.pixmap(16, 16).isNull()
    assert (icon_cache / "icons-tray-22.png").is_dir()  # left alone, not deleted


MIN = timedelta(minutes=1)


def test_windows_are_let_go_at_rest_and_made_again_for_the_next_break(qtbot, tray_desk):
    from PySide6.QtCore import Qt

    desk = tray_desk("light")
    desk.run_for(50 * MIN)
    prompt = desk.shell.prompt
    assert prompt.isVisible()
    qtbot.mouseClick(prompt.snooze_button, Qt.MouseButton.LeftButton)
    desk.run_for(2 * MIN)
    assert desk.shell.built().prompt is prompt  # the break comes back soon: kept

    desk.run_for(3 * MIN)
    assert desk.shell.prompt is prompt and prompt.isVisible()
    qtbot.mouseClick(prompt.skip_button, Qt.MouseButton.LeftButton)
    desk.run_for(2 * MIN)
    assert desk.shell.built() == (None, None, None)  # 48 minutes of rest ahead: let go

    desk.shell.start_routine_by_id("upper-back-reset")
    player = desk.shell.player
    assert player.isVisible()
    desk.shell.windows.show_history()
    player.stop()
    player.close()
    desk.run_for(2 * MIN)
    assert desk.shell.built().player is player  # history is still open: nothing let go
    assert desk.shell.windows.history is not None
    desk.shell.windows.history.close()
    desk.run_for(2 * MIN)
    assert desk.shell.built() == (None, None, None) and desk.shell.windows_made is None

    desk.run_for(50 * MIN)  # the next break: a new prompt, which answers as ever
    again = desk.shell.prompt
    assert again is not prompt and again.isVisible()
    qtbot.mouseClick(again.start_button, Qt.MouseButton.LeftButton)
    assert desk.shell.player.isVisible()


def test_memory_is_given_back_once_the_windows_are_let_go(qtbot, tray_desk):
    from PySide6.QtCore import Qt

    given: list[int] = []
    desk = tray_desk("light", give_back=lambda: given.append(1))
    desk.run_for(50 * MIN)
    qtbot.mouseClick(desk.shell.prompt.skip_button, Qt.MouseButton.LeftButton)
    desk.run_for(2 * MIN)
    assert desk.shell.built() == (None, None, None)
    qtbot.waitUntil(lambda: given == [1], timeout=3000)
    desk.run_for(5 * MIN)  # nothing left to let go: not again
    qtbot.wait(1200)
    assert given == [1]
