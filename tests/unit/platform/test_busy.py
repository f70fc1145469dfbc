"""Do-not-disturb sources: each says why it cannot see anything, the monitor never raises."""

from __future__ import annotations

from backbreak.platform import busy
from backbreak.platform.busy import BusyMonitor, DBusFlag, X11Fullscreen
from tests.helpers.fakes import FakeBusySource as Source


def test_busy_when_any_available_source_says_so():
    assert BusyMonitor([Source("a"), Source("b", value=True)]).busy()
    assert not BusyMonitor([Source("a"), Source("b", available=False, value=True)]).busy()
    assert not BusyMonitor([Source("a", explode=True)]).busy()


def test_nothing_to_see_is_said_plainly():
    monitor = BusyMonitor([Source("a", available=False)])
    assert "can be seen on this desktop" in monitor.availability().reason


def test_x11_fullscreen_without_a_display(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    source = X11Fullscreen()
    assert "DISPLAY" in source.availability().reason and source.busy() is None
    monkeypatch.setattr(busy, "PLATFORM", "darwin")
    assert X11Fullscreen().availability().reason == "this is not an X11 desktop"


def test_dbus_flag_without_a_bus(monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    flag = DBusFlag(
        "dunst",
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "org.dunstproject.cmd0",
        "paused",
    )
    assert flag.busy() is None and "not reachable" in flag.availability().reason


def test_gnome_do_not_disturb_is_show_banners_off(monkeypatch):
    from backbreak.platform import busy
    from backbreak.platform.busy import GnomeBanners

    monkeypatch.setattr(busy, "PLATFORM", "linux")
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")
    said = {"value": "true\n"}
    asked: list[list[str]] = []

    def run(argv: list[str]) -> str | None:
        asked.append(argv)
        return said["value"]

    banners = GnomeBanners(run)
    assert banners.availability().available and banners.busy() is False
    assert asked[-1] == ["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"]
    said["value"] = "false\n"
    assert banners.busy() is True
    said["value"] = None  # gsettings missing or the schema not installed
    assert banners.busy() is None and not banners.availability().available
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "KDE")
    said["value"] = "false\n"
    assert "not a GNOME desktop" in banners.availability().reason
