"""Giving memory back: glibc's trim where there is one, a plain answer elsewhere."""

from __future__ import annotations

import sys

from backbreak.platform import memory


def test_on_linux_with_glibc_the_trim_is_there_and_runs():
    if not sys.platform.startswith("linux"):
        return
    assert memory.trim_availability().available
    memory.give_back()  # returns; nothing to see but that it does not raise


def test_elsewhere_it_says_why_not_and_still_collects(monkeypatch):
    collected = []
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    monkeypatch.setattr(memory.gc, "collect", lambda: collected.append(1) or 0)
    assert memory.trim_availability().reason.startswith("only glibc")
    memory.give_back()
    assert collected == [1]


def test_a_c_library_without_malloc_trim_is_not_available(monkeypatch):
    class NoTrim:
        def __init__(self, _name: object) -> None:
            pass

    monkeypatch.setattr(memory.sys, "platform", "linux")
    monkeypatch.setattr(memory.ctypes, "CDLL", NoTrim)
    assert memory.trim_availability().reason == "this C library has no malloc_trim (not glibc)"
    memory.give_back()
