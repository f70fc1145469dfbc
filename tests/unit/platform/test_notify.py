"""Notification adapters: each says why it cannot work here, and the chain never raises."""

from __future__ import annotations

import importlib.util

from backbreak.platform import notify
from backbreak.platform.notify import FreedesktopNotifier, Notice, NotifierChain, PlyerNotifier
from tests.helpers.fakes import FakeNotifier


def test_plyer_on_linux_without_dbus_python_is_passed_over(monkeypatch):
    monkeypatch.setattr(notify.sys, "platform", "linux")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        notify.importlib.util, "find_spec", lambda name: None if name == "dbus" else real(name)
    )
    availability = PlyerNotifier().availability()
    assert not availability.available and "notify-send" in availability.reason


def test_freedesktop_without_a_session_bus(monkeypatch):
    monkeypatch.setattr(notify.sys, "platform", "linux")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setattr(notify.os, "getuid", lambda: 987654)
    assert "no D-Bus session bus" in FreedesktopNotifier().availability().reason


def test_freedesktop_elsewhere(monkeypatch):
    monkeypatch.setattr(notify.sys, "platform", "darwin")
    assert not FreedesktopNotifier().availability().available


def test_a_daemon_that_is_not_there_is_a_failure_the_chain_survives(monkeypatch):
    monkeypatch.setattr(notify.sys, "platform", "linux")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    fallback = FakeNotifier("popup")
    chain = NotifierChain([FreedesktopNotifier(), fallback])
    assert chain.notify(Notice("Time for a break", "Neck release"))
    assert chain.last_used == "popup" and len(fallback.sent) == 1


def test_nothing_works_is_reported_not_raised():
    chain = NotifierChain([FakeNotifier("a", fail=True), FakeNotifier("b", available=False)])
    assert chain.notify(Notice("x", "y")) is False
    assert [name for name, _ in chain.report()] == ["a", "b"]


def test_a_notice_with_buttons_goes_to_a_notifier_that_answers_them_first():
    plain, answering = FakeNotifier("plain"), FakeNotifier("answering")
    answering.answers = True
    chain = NotifierChain([plain, answering])
    buttons = (("start", "Start"),)
    assert chain.notify(Notice("Time for a break", "Neck release", tag="prompt", buttons=buttons))
    assert chain.last_used == "answering" and chain.last_answers
    assert chain.notify(Notice("Heads-up", "In 30 s"))  # no buttons: the usual order
    assert chain.last_used == "plain" and not chain.last_answers
    answering.answers = False  # a daemon without actions: the notice goes, nobody answers
    assert chain.notify(Notice("Time for a break", "Neck release", tag="prompt", buttons=buttons))
    assert chain.last_used == "plain" and not chain.last_answers


def test_a_daemon_that_cannot_be_asked_answers_no_buttons(monkeypatch):
    monkeypatch.setattr(notify.sys, "platform", "linux")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert FreedesktopNotifier().answers_buttons() is False


def test_about_says_how_the_tray_icon_is_shown(monkeypatch):
    from backbreak.platform import dbus

    monkeypatch.setattr(dbus, "has_owner", lambda name: name == "org.kde.StatusNotifierWatcher")
    assert dbus.tray_kind(True).endswith("StatusNotifierItem (D-Bus)")
    monkeypatch.setattr(dbus, "has_owner", lambda name: False)
    assert dbus.tray_kind(True).endswith("(XEmbed)")
    assert dbus.tray_kind(False) == "not here, a window instead"
