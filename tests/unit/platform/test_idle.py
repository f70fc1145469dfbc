"""Idle-time sources: each says why it is not available instead of failing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backbreak.platform import Availability, idle
from backbreak.platform.idle import DBusIdle, IdleMonitor, MacIdle, WindowsIdle, X11Idle


class FakeSource:
    def __init__(self, name, available, value=None, explode=False):
        self.name, self._available, self._value, self._explode = name, available, value, explode

    def availability(self):
        return Availability.yes() if self._available else Availability.no(f"{self.name} is off")

    def idle(self):
        if self._explode:
            raise RuntimeError("sensor broke")
        return self._value


def test_the_monitor_takes_the_first_available_source():
    monitor = IdleMonitor(
        [
            FakeSource("a", False),
            FakeSource("b", True, timedelta(seconds=7)),
            FakeSource("c", True, timedelta(seconds=99)),
        ]
    )
    assert monitor.idle() == timedelta(seconds=7)
    assert str(monitor.availability()) == "available (b)"
    assert [name for name, a in monitor.report() if not a.available] == ["a"]


def test_no_source_means_unknown_idle_and_a_reason():
    monitor = IdleMonitor([FakeSource("a", False)])
    assert monitor.idle() is None
    assert "no idle-time source works" in str(monitor.availability())


def test_a_failing_sensor_is_unknown_idle_not_a_crash():
    assert IdleMonitor([FakeSource("a", True, explode=True)]).idle() is None


def test_x11_without_a_display_says_so(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    source = X11Idle()
    assert not source.availability().available
    assert "DISPLAY" in source.availability().reason
    assert source.idle() is None


def test_x11_without_libxss_says_what_to_install(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(idle.ctypes.util, "find_library", lambda name: None)
    assert "apt-get install libxss1" in X11Idle().availability().reason


def test_x11_with_an_unreachable_display_says_so():
    source = X11Idle(display=":12345")
    if source.availability().reason.startswith("libX11"):
        pytest.skip("libX11/libXss are not installed here")
    assert source.availability().reason == "the X11 display cannot be opened"


def test_dbus_sources_without_a_session_bus(monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    source = DBusIdle(
        "gnome",
        "org.gnome.Mutter.IdleMonitor",
        "/x",
        "org.gnome.Mutter.IdleMonitor",
        "GetIdletime",
        unit_ms=True,
    )
    assert source.idle() is None
    assert "not reachable" in source.availability().reason


def test_other_platforms_say_not_here(monkeypatch):
    monkeypatch.setattr(idle, "PLATFORM", "linux")
    assert WindowsIdle().availability().reason == "this is not Windows"
    assert MacIdle().availability().reason == "this is not macOS"
    assert WindowsIdle().idle() is None and MacIdle().idle() is None
    monkeypatch.setattr(idle, "PLATFORM", "win32")
    assert X11Idle().availability().reason == "this is not an X11 desktop"


def fake_swayidle(tmp_path, script: str):
    import stat

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / "swayidle"
    tool.write_text("#!/bin/sh\n" + script)
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_swayidle_reports_idle_from_its_words_and_back_at_the_next_input(tmp_path, monkeypatch):
    import time

    from backbreak.platform.idle import wayland

    monkeypatch.setattr(wayland, "PLATFORM", "linux")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-1")
    go_on = tmp_path / "go-on"
    script = f"echo idle\nwhile [ ! -e {go_on} ]; do sleep 0.05; done\necho back\nexec sleep 30\n"
    monkeypatch.setenv("PATH", f"{fake_swayidle(tmp_path, script)}:/usr/bin:/bin")
    now = [100.0]
    source = wayland.SwayIdle(clock=lambda: now[0])
    try:
        assert source.availability().available
        for _ in range(100):
            if source.idle() != timedelta(0):
                break
            time.sleep(0.02)
        now[0] += 30
        assert source.idle() == timedelta(seconds=31)  # 30 s, plus the second before "idle"
        go_on.touch()
        for _ in range(100):
            if source.idle() == timedelta(0):
                break
            time.sleep(0.02)
        assert source.idle() == timedelta(0)
    finally:
        source.stop()
    assert source.idle() is None  # stopped: cannot tell


def test_swayidle_without_an_idle_protocol_says_so(tmp_path, monkeypatch):
    from backbreak.platform.idle import wayland

    monkeypatch.setattr(wayland, "PLATFORM", "linux")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-1")
    monkeypatch.setenv("PATH", str(fake_swayidle(tmp_path, "exit 1\n")))
    source = wayland.SwayIdle()
    availability = source.availability()
    assert not availability.available and "no idle protocol" in availability.reason
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    assert "not installed" in wayland.SwayIdle().availability().reason
    monkeypatch.delenv("WAYLAND_DISPLAY")
    assert "not a Wayland session" in wayland.SwayIdle().availability().reason


def test_mutter_watch_without_a_session_bus_says_so_and_cannot_arm(monkeypatch, tmp_path):
    from backbreak.platform.idle.mutter import MutterBack

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    back = MutterBack()
    assert back.availability().reason == "there is no session bus"
    assert back.fileno() is None and not back.arm() and not back.fired()
    back.disarm()
    back.close()


def test_x11_watch_without_a_display_says_so_and_cannot_arm(monkeypatch):
    from backbreak.platform.idle.xsync import XSyncBack

    monkeypatch.delenv("DISPLAY", raising=False)
    back = XSyncBack()
    assert "DISPLAY is not set" in back.availability().reason
    assert back.fileno() is None and not back.arm() and not back.fired()
    assert "cannot be opened" in XSyncBack(":12345").availability().reason
