"""Fuzzing the two ways commands get into backbreak: the command line and the local socket.

Command lines are built from the real vocabulary (commands, options, option values a person
might type, setting keys, routine ids) mixed with junk (any characters, control characters,
bytes that are not UTF-8, very long words, huge and negative numbers). Whatever the line,
the run ends with 0, 1, 2 or 3, never a traceback, never a raw control character on the
terminal, and never a write outside the profile.

Socket requests are random bytes, random JSON, and requests built from the real command
table with random names, argument names and values. Whatever arrives, the reply is exactly one
JSON object on one line, and a request that is refused leaves the engine's state, the windows
and the profile's files as they were.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from backbreak.core.settings import OPTIONS, Settings
from backbreak.platform.ipc import FrameReader, decode_reply
from backbreak.platform.ipc.commands import REMOTE
from backbreak.platform.ipc.qt import InstanceServer, server_name
from backbreak.storage.paths import AppPaths
from backbreak.ui import commands
from tests.helpers.desk import Desk
from tests.helpers.fakes import FakeClock
from tests.helpers.routines import STANDARD, library_of
from tests.reliability.audit import watch
from tests.reliability.hostile.harness import Snapshot, cli


def fuzz(**changes: Any) -> settings:
    """The CI profile (conftest), plus: one app serves every example of a test."""
    return settings(
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
        ],
        **changes,
    )


# -- command lines --------------------------------------------------------------------------

JUNK = st.text(
    st.characters(exclude_characters="/\\"),  # paths stay inside the profile (the cwd)
    max_size=30,
)
ODD = st.sampled_from(
    [
        "",
        "-",
        "--",
        "x\npause forever",
        "\x1b[2J",
        "\x00",
        "caf\udce9",
        "\u202eevil",
        "x" * 5000,
        "[" * 300,
        "--json",
        "-5m",
    ]
)
NUMBER = st.one_of(
    st.sampled_from(["0", "1", "-1", "30", "36600", "36601", "99999999999", "9" * 30, "1e3"]),
    st.integers(-(10**12), 10**12).map(str),
)
DURATION = st.one_of(
    st.sampled_from(["30m", "1h", "2h", "1h30m", "until-tomorrow", "tomorrow", "forever", "off"]),
    st.builds(
        lambda n, unit: f"{n}{unit}",
        st.integers(-5, 10**13),
        st.sampled_from(["h", "m", "s", "min", "", "d"]),
    ),
)
TIME = st.one_of(
    st.datetimes(datetime(2026, 11, 29), datetime(2026, 12, 2)).map(
        lambda t: t.isoformat(timespec="minutes")
    ),
    st.sampled_from(
        [
            "2026-12-01",
            "2026-11-30T20:00+01:00",
            "2026-11-30T08:00-23:59",
            "2026-03-29T02:30",
            "9999-12-31T23:00",
            "0001-01-01T00:00",
            "0001-01-01T00:00+14:00",
            "1899-12-31T23:59",
            "9000-01-01T00:00",
            "2026-02-30T08:00",
            "yesterday",
        ]
    ),
)
ROUTINE = st.sampled_from(["neck-release", "contrast-therapy", "box-breathing", "nope", "NECK"])
KEY = st.sampled_from([o.key for o in OPTIONS] + ["schedule", "schedule.nope", "general.x"])
SETTING_VALUE = st.one_of(
    DURATION,
    NUMBER,
    st.sampled_from(["true", "no", "none", "dark", "Europe/Berlin", "Mars/Olympus_Mons"]),
    st.sampled_from(['"45m"', "[1, 2]", "09:00-12:30,13:30-18:00", "neck-release,nope"]),
)
FILE = st.sampled_from(["export.json", "export.csv", "missing.json", ".", "data"]) | JUNK
CATEGORY = st.sampled_from(["stretch", "posture", "thermal", "none"])

# Each command: its words, then positionals and options as a person would type them.
FORMS: list[tuple[list[str], list[st.SearchStrategy[str]], dict[str, Any]]] = [
    (["routines"], [], {}),
    (["routines", "list"], [], {"--json": None, "--category": CATEGORY}),
    (["routines", "show"], [ROUTINE], {}),
    (["routines", "validate"], [FILE], {}),
    (["routines", "new"], [st.sampled_from(["my-neck", "../x", "MY", "a" * 80]) | JUNK], {}),
    (
        ["history"],
        [],
        {"-n": NUMBER, "--limit": NUMBER, "--days": NUMBER, "--json": None},
    ),
    (["history", "--delete-all"], [], {"--yes": None}),
    (["stats"], [], {"--days": NUMBER, "--json": None}),
    (
        ["plan"],
        [],
        {"--from": TIME, "--until": TIME, "--json": None, "--answer": st.just("start")},
    ),
    (["status"], [], {}),
    (["pause"], [DURATION], {}),
    (["start"], [ROUTINE], {}),
    (["export"], [], {"--format": st.sampled_from(["csv", "json", "xml"]), "--out": FILE}),
    (["import"], [FILE], {}),
    (["config"], [], {}),
    (["config", "show"], [KEY], {"--json": None}),
    (["config", "set"], [KEY, SETTING_VALUE], {}),
    (["config", "reset"], [KEY], {"--all": None, "--yes": None}),
    (["config", "path"], [], {}),
    (["paths"], [], {}),
    (["safety"], [], {}),
    (["open"], [st.sampled_from(["history", "settings", "logs"]) | JUNK], {"--from-app": None}),
]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Mostly a well-formed line with odd values; sometimes junk words anywhere in it."""
    words, positionals, options = draw(st.sampled_from(FORMS))
    argv = list(words)
    for value in positionals:
        if draw(st.integers(0, 5)):
            argv.append(draw(value))
    for flag in draw(st.lists(st.sampled_from(sorted(options)), unique=True)) if options else []:
        argv.append(flag)
        if options[flag] is not None:
            argv.append(draw(options[flag]))
    for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 4)) == 0 else 0):
        argv.insert(draw(st.integers(0, len(argv))), draw(ODD | JUNK | NUMBER))
    return argv


def raw_controls(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n"]


@pytest.fixture
def in_profile(backbreak_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The profile folder as the working directory (relative paths land there), and no
    tray app started by a line that names no command."""
    import backbreak.app

    AppPaths.from_environment().ensure()
    monkeypatch.chdir(backbreak_home)
    monkeypatch.setattr(backbreak.app, "run", lambda: 0)
    import backbreak.ui.window_host  # `backbreak open`, with no app to ask, shows it here

    monkeypatch.setattr(backbreak.ui.window_host, "run_window", lambda _name, from_app: 0)
    return backbreak_home


@example(argv=["pause", "-5m"])
@example(argv=["history", "--days", "99999999999"])
@example(argv=["plan", "--from", "9999-12-31T23:00"])
@example(argv=["config", "set", "schedule.stretch_every", "[" * 3000])
@example(argv=["start", "x\npause forever"])
@example(argv=["routines", "show", "x" * 100_000])
@fuzz()
@given(argv=command_lines())
def test_any_command_line_ends_with_a_status_and_no_trace(in_profile: Path, argv: list[str]):
    with watch() as seen:
        result = cli(argv)
    assert result.code in (0, 1, 2, 3), result
    event(f"exit {result.code}")
    assert "Traceback" not in result.text, result.text
    assert raw_controls(result.text) == [], result
    assert seen.writes_outside(in_profile) == [], "wrote outside the profile"


# -- socket requests --------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
ARGUMENT_NAMES = sorted({arg.name for c in REMOTE.values() for arg in c.arguments})
ARGUMENT_VALUES = st.one_of(
    DURATION, ODD, st.sampled_from(["", " ", "neck-release", "contrast", "history"]), JSON
)


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    """A request shaped like the CLI's, with names and values from the table or anywhere."""
    message: dict[str, Any] = {
        "command": draw(st.sampled_from(sorted(REMOTE)) | st.text(max_size=12) | JSON)
    }
    if draw(st.booleans()):
        message["args"] = draw(
            st.dictionaries(st.sampled_from(ARGUMENT_NAMES) | st.text(max_size=8), ARGUMENT_VALUES)
            | JSON
        )
    if draw(st.integers(0, 9)) == 0:
        message[draw(st.text(max_size=8))] = draw(JSON)
    return message


def encoded(message: Any) -> bytes:
    return json.dumps(message, allow_nan=True).encode() + b"\n"


FRAMES = st.one_of(
    st.binary(max_size=300),
    requests().map(encoded),
    JSON.map(encoded),
    st.builds(lambda a, b: a + b, requests().map(encoded), st.binary(max_size=40)),
)


@dataclass
class App:
    desk: Desk
    server: InstanceServer
    name: str


@pytest.fixture
def app(qtbot, tmp_path: Path) -> Iterator[App]:
    """The shell on a simulated clock behind a real server, listening (made once per test:
    the examples share it, and valid requests may change what the next one meets)."""
    desk = Desk(FakeClock(), library_of(*STANDARD), Settings()).start()
    name = server_name(str(tmp_path / "profile"))
    server = InstanceServer(name, handler=lambda r: commands.handle(desk.shell, r), timeout=2)
    assert server.listen()
    yield App(desk, server, name)
    server.close()
    desk.close()


def answer(server: InstanceServer, data: bytes) -> bytes:
    """What the server answers bytes read from one connection in pieces, then its end."""
    reader = FrameReader()
    for chunk in [data[i : i + 64] for i in range(0, len(data), 64)] + [b""]:
        reply = server.feed(reader, chunk)
        if reply is not None:
            return reply
    raise AssertionError("a request ends at the latest with the stream")


def known_command(data: bytes) -> bool:
    """The bytes hold one JSON object naming a command in the table (needed to be obeyed)."""
    try:
        message = json.loads(data.split(b"\n", 1)[0])
    except (ValueError, RecursionError):
        return False
    if not isinstance(message, dict):
        return False
    command = message.get("command")
    return isinstance(command, str) and command in REMOTE


def engine_and_files(desk: Desk) -> tuple[Any, set[str], Snapshot]:
    windows = {type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()}
    return desk.shell.state, windows, Snapshot.of(desk.paths.config_dir.parent)


@example(data=b"start x\npause forever\n")
@example(data=b'{"command": "pause", "args": {"length": ""}}\n')
@example(data=b'{"command": "pause", "args": {"length": "99999999999h"}}\n')
@example(data=b'{"command": "status"}\n{"command": "pause", "args": {"length": "forever"}}\n')
@fuzz()
@given(data=FRAMES)
def test_any_bytes_on_the_socket_get_one_json_reply_and_refused_ones_change_nothing(
    app: App, data: bytes
):
    desk = app.desk
    state, windows, files = engine_and_files(desk)
    reply = answer(app.server, data)
    assert reply.endswith(b"\n") and reply.count(b"\n") == 1, reply
    parsed = decode_reply(reply[:-1])
    assert isinstance(json.loads(reply), dict)
    if not known_command(data):
        assert not parsed.ok, (data, parsed)
    if not parsed.ok:
        after_state, after_windows, after_files = engine_and_files(desk)
        assert after_state == state, (data, parsed)
        assert after_windows == windows, (data, parsed)
        assert files.kept_in(after_files) == []


class Sender(threading.Thread):
    def __init__(self, address: str, parts: list[bytes]) -> None:
        super().__init__(daemon=True)
        self.address, self.parts = address, parts
        self.received = b""
        self.done = False

    def run(self) -> None:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(10)
                sock.connect(self.address)
                with contextlib.suppress(OSError):
                    for part in self.parts:
                        sock.sendall(part)
                    sock.shutdown(socket.SHUT_WR)
                while chunk := sock.recv(4096):
                    self.received += chunk
        except OSError:
            pass
        finally:
            self.done = True


@fuzz(max_examples=40)  # each example a thread and a real connection
@given(parts=st.lists(FRAMES, min_size=1, max_size=3))
def test_any_bytes_over_the_real_socket_get_one_json_reply(qtbot, app: App, parts: list[bytes]):
    state = app.desk.shell.state
    sender = Sender(app.name, parts)
    sender.start()
    qtbot.waitUntil(lambda: sender.done, timeout=10_000)
    sender.join()
    reply = sender.received
    assert reply.endswith(b"\n") and reply.count(b"\n") == 1, (parts, reply)
    if not decode_reply(reply[:-1]).ok:
        assert app.desk.shell.state == state
    assert app.server.clients == 0
