"""Setups shared by the settings-file and routine-file corpora: what can sit where a file
belongs (bytes of any kind, a named pipe, a folder, a socket, links that loop or lead to a
device), and the checks that go beyond the harness for files: nothing a file holds reaches
the terminal raw, and what the app tells the user at start names the problem.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backbreak.storage.paths import AppPaths
from tests.reliability.hostile.harness import app_starts, paths

Where = Callable[[AppPaths], Path]
Setup = Callable[[AppPaths], None]

BOM = b"\xef\xbb\xbf"
#: What a terminal may act on: C0 and C1 controls, DEL, bidi embeddings and overrides.
#: (The test's own list, not the code's: the code's could be wrong.)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def nested(opener: str, closer: str, depth: int) -> str:
    return opener * depth + closer * depth


def put_bytes(where: Where, data: bytes) -> Setup:
    def setup(found: AppPaths) -> None:
        target = where(found)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return setup


def put_text(where: Where, text: str) -> Setup:
    return put_bytes(where, text.encode("utf-8"))


def put_fifo(where: Where) -> Setup:
    def setup(found: AppPaths) -> None:
        target = where(found)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(target)

    return setup


def put_folder(where: Where) -> Setup:
    def setup(found: AppPaths) -> None:
        where(found).mkdir(parents=True)

    return setup


def put_socket(where: Where) -> Setup:
    def setup(found: AppPaths) -> None:
        target = where(found)
        target.parent.mkdir(parents=True, exist_ok=True)
        with chdir(target.parent), socket.socket(socket.AF_UNIX) as listener:
            listener.bind(target.name)  # relative: a socket's path has ~100 bytes at most

    return setup


def put_link(where: Where, to: Callable[[AppPaths], Path | str]) -> Setup:
    """A symbolic link at `where` to `to` (a path in the profile, or any string)."""

    def setup(found: AppPaths) -> None:
        target = where(found)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(to(found))

    return setup


def both(*setups: Setup) -> Setup:
    def setup(found: AppPaths) -> None:
        for one in setups:
            one(found)

    return setup


def assert_nothing_raw(text: str) -> None:
    """No control character a file held reaches the terminal (line breaks and tabs are the
    CLI's own)."""
    raw = {c for c in CONTROL.findall(text) if c not in "\n\t"}
    assert not raw, f"raw control characters {raw!r} in the output:\n{text}"


@contextlib.contextmanager
def chdir(folder: Path) -> Iterator[None]:
    """Relative paths in a case's argv name files in the profile (its root is per test)."""
    folder.mkdir(parents=True, exist_ok=True)
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def told_at_start(caplog: pytest.LogCaptureFixture, setup: Setup) -> str:
    """Everything the app tells the user when it starts with `setup` in place: the profile's
    notices (app.py shows each) and what the shell says (the time zone, routine ids)."""
    from backbreak.services.profile import open_profile
    from tests.helpers.fakes import FakeClock

    found = paths()
    setup(found)
    profile = open_profile(found, FakeClock().now())
    if profile.log.log is not None:
        profile.log.log.close()
    with caplog.at_level(logging.WARNING, logger="backbreak.ui.windows"):
        app_starts()
    said = [r.getMessage() for r in caplog.records if r.name == "backbreak.ui.windows"]
    return "\n".join([*profile.notices, *said])
