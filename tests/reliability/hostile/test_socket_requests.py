"""Hostile requests on the running app's local socket: one JSON reply each, and nothing
changes unless the request was a valid command.

Every case goes through a real `InstanceServer` over a real Unix socket, in front of the real
shell on a simulated clock: the client sends raw bytes (malformed, oversized, deeply nested,
not UTF-8, wrong types, unknown commands, a smuggled second command) and reads what comes
back. Each case asserts the reply is exactly one JSON line, says ok or not as expected and
names what was wrong; that a refused request left the engine's state, the windows and every
file in the profile as they were; that nothing was logged with a trace; and that the app
still starts on the profile afterwards. The last tests are about time: a client that says
nothing, dribbles, floods or never reads must not hold the app up.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from backbreak.core.settings import CHECKIN, Settings
from backbreak.platform.ipc import MAX_REQUEST, Reply, decode_reply
from backbreak.platform.ipc.qt import InstanceServer, server_name
from backbreak.ui import commands
from tests.helpers.desk import Desk
from tests.helpers.fakes import FakeClock
from tests.helpers.routines import STANDARD, library_of, make_routine
from tests.reliability.hostile.harness import Snapshot, app_starts

Prepare = Callable[[Desk], None]


def request(command: str, **args: Any) -> bytes:
    return json.dumps({"command": command, "args": args}).encode() + b"\n"


@dataclass(frozen=True)
class Sent:
    id: str
    data: bytes
    ok: bool = False
    words: tuple[str, ...] = ()
    prepare: Prepare | None = None
    checkin: bool = False
    """Check-ins on (the old app answered "not started" while one was asked)."""
    then: Callable[[Desk], bool] | None = None
    """What must hold afterwards (a valid request did what its reply says)."""


def heat_running(desk: Desk) -> None:
    """A heat pack is on: the thermal routine's checklist confirmed, its timer counting."""
    desk.shell.start_routine_by_id("contrast")
    desk.shell.player.safety_page.start_button.click()


LONG = replace(make_routine("long-stretch"), duration_seconds=300)
"""Long enough for a check-in before it (a minute or more)."""


def refused(case_id: str, data: bytes, *words: str) -> Sent:
    return Sent(case_id, data, False, words)


PAUSE_FOREVER = request("pause", length="forever")
BIG_ROUTINE = b'{"command": "start", "args": {"routine": "' + b"x" * 20_000 + b'"}}\n'

CASES = [
    # -- valid requests: answered truthfully ------------------------------------------------
    Sent("status", request("status"), True, ("next break in",)),
    Sent("status-no-args-field", b'{"command": "status"}\n', True, ("next break",)),
    Sent(
        "pause",
        request("pause", length="30m"),
        True,
        ("paused until",),
        then=lambda desk: desk.shell.state.paused(desk.clock.now()),
    ),
    Sent(
        "start",
        request("start", routine="neck-release"),
        True,
        ("started neck release",),
        then=lambda desk: desk.shell.player.page == "steps",
    ),
    Sent(
        "start-with-checkin",
        request("start", routine="long-stretch"),
        True,
        ("started long stretch",),
        checkin=True,
        then=lambda desk: desk.shell.player.page == "checkin_before",
    ),
    Sent(
        "start-heat-asks-checklist",
        request("start", routine="contrast"),
        True,
        ("waiting in the backbreak window", "safety checklist"),
        then=lambda desk: desk.shell.player.page == "safety",
    ),
    Sent(
        "start-while-heat-runs",
        request("start", routine="neck-release"),
        True,
        ("answer in the backbreak window", "stop its timer"),
        prepare=heat_running,
        then=lambda desk: desk.shell.windows.replace_question is not None,
    ),
    Sent("show", request("show"), True, ("ok",), then=lambda d: d.shell.status_window.isVisible()),
    Sent("ended-by-end-of-stream", b'{"command": "status"}', True, ("next break",)),
    # -- a second command smuggled in ------------------------------------------------------
    refused("old-line-protocol", b"start x\npause forever\n", "not a backbreak request"),
    refused("old-protocol-status", b"status\n", "not one json object"),
    refused(
        "newline-inside-argument",
        request("start", routine="x\npause forever"),
        "control or invisible",
    ),
    refused(
        "two-requests-one-connection",
        request("status") + PAUSE_FOREVER,
        "one request per connection",
    ),
    refused(
        "repeated-key",
        b'{"command": "status", "command": "pause", "args": {"length": "forever"}}\n',
        "appears twice",
    ),
    refused("extra-field", b'{"command": "status", "then": "pause forever"}\n', "unknown field"),
    # -- too big, too deep, not text ----------------------------------------------------
    refused("oversized", BIG_ROUTINE, f"longer than {MAX_REQUEST} bytes"),
    refused("endless-line", b"x" * 100_000, f"longer than {MAX_REQUEST} bytes"),
    refused(
        "nested-arrays",
        b'{"command": "status", "args": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",
        "nested deeper",
    ),
    refused(
        "nested-objects",
        b'{"command": "status", "args": ' + b'{"a": ' * 50 + b"1" + b"}" * 50 + b"}\n",
        "nested deeper",
    ),
    refused("not-utf8", b'{"command": "st\xffatus"}\n', "not utf-8"),
    refused("utf16", '{"command": "status"}\n'.encode("utf-16"), "not a backbreak request"),
    refused("lone-surrogate", request("start", routine="\udcff"), "lone surrogate"),
    refused("empty-line", b"\n", "not one json object"),
    refused("nothing-then-close", b"   ", "closed before a request"),
    # -- the wrong shape or types --------------------------------------------------------
    refused("array", b'[{"command": "status"}]\n', "must be a json object"),
    refused("bare-string", b'"status"\n', "must be a json object"),
    refused("command-number", b'{"command": 5}\n', "command must be a name"),
    refused("command-huge-number", b'{"command": ' + b"9" * 5000 + b"}\n", "not one json"),
    refused("args-list", b'{"command": "pause", "args": ["forever"]}\n', "args must be an object"),
    refused("arg-number", request("pause", length=30), "must be a text"),
    refused("arg-null", request("pause", length=None), "must be a text"),
    refused("arg-nan", b'{"command": "pause", "args": {"length": NaN}}\n', "nan"),
    refused("arg-infinite", b'{"command": "pause", "args": {"length": 1e999}}\n', "must be a text"),
    # -- checked against the command table ----------------------------------------------
    refused("unknown-command", request("launch-rockets"), "unknown request", "known: show"),
    refused("escape-as-command", request("\x1b[2J"), "command must be a name"),
    refused("unknown-argument", request("status", verbose="yes"), "takes no argument"),
    refused("missing-argument", request("pause"), "needs its length"),
    refused("empty-argument", request("pause", length=""), "needs its length"),  # was: forever
    refused("long-argument", request("start", routine="x" * 5000), "longer than 200"),
    refused("bidi-argument", request("start", routine="\u202ekcen"), "invisible"),
    refused("escape-argument", request("pause", length="\x1b[31m30m"), "control"),
    # -- valid shape, a value the command refuses: an error reply, no trace in the log ----
    refused("pause-huge", request("pause", length="99999999999h"), "longer than any calendar"),
    refused("pause-past-calendar", request("pause", length="99999999h"), "longer than"),
    refused("pause-zero", request("pause", length="0s"), "no time at all"),
    refused("pause-negative", request("pause", length="-5m"), "cannot be negative"),
    refused("start-unknown", request("start", routine="nope"), 'no routine "nope"'),
]


# -- the running app and a client ----------------------------------------------------------


@dataclass
class App:
    desk: Desk
    server: InstanceServer
    name: str
    records: list[logging.LogRecord] = field(default_factory=list)


@pytest.fixture
def make_app(qtbot, tmp_path: Path) -> Iterator[Callable[..., App]]:
    made: list[App] = []

    def build(checkin: bool = False, timeout: float = 2.0, max_clients: int = 16) -> App:
        settings = Settings().replace({CHECKIN: checkin})
        desk = Desk(FakeClock(), library_of(*STANDARD, LONG), settings).start()
        name = server_name(str(tmp_path / f"profile-{len(made)}"))
        server = InstanceServer(
            name,
            handler=lambda r: commands.handle(desk.shell, r),
            timeout=timeout,
            max_clients=max_clients,
        )
        assert server.listen()
        app = App(desk, server, name)
        made.append(app)
        return app

    yield build
    for app in made:
        app.server.close()
        app.desk.close()


class Client(threading.Thread):
    """Sends `parts` (pausing `gap` seconds between them) and reads until the server hangs
    up. `shut`: close the sending side after the last part (the end of the stream)."""

    def __init__(self, name: str, parts: list[bytes], gap: float = 0, shut: bool = True) -> None:
        super().__init__(daemon=True)
        self.address, self.parts, self.gap, self.shut = name, parts, gap, shut
        self.received = b""
        self.done = False

    def run(self) -> None:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(10)
                sock.connect(self.address)
                with contextlib.suppress(OSError):  # the server may hang up on a flood
                    for part in self.parts:
                        sock.sendall(part)
                        time.sleep(self.gap)
                    if self.shut:
                        sock.shutdown(socket.SHUT_WR)
                while chunk := sock.recv(4096):
                    self.received += chunk
        except OSError:
            pass
        finally:
            self.done = True


def exchange(qtbot, app: App, parts: list[bytes], gap: float = 0, shut: bool = True) -> bytes:
    client = Client(app.name, parts, gap, shut)
    client.start()
    qtbot.waitUntil(lambda: client.done, timeout=10_000)
    client.join()
    return client.received


def one_reply(received: bytes) -> Reply:
    """Exactly one line, one JSON object with ok and its text."""
    assert received.endswith(b"\n") and received.count(b"\n") == 1, received[:200]
    message = json.loads(received)
    assert set(message) in ({"ok", "text"}, {"ok", "error"}), message
    return decode_reply(received[:-1])


def visible_windows() -> set[str]:
    return {type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()}


# -- the corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_hostile_socket_request(qtbot, make_app, caplog, case: Sent) -> None:
    app = make_app(checkin=case.checkin)
    if case.prepare is not None:
        case.prepare(app.desk)
    root = Path(app.desk.paths.config_dir).parent
    state, windows, files = app.desk.shell.state, visible_windows(), Snapshot.of(root)
    with caplog.at_level(logging.INFO):
        reply = one_reply(exchange(qtbot, app, [case.data]))
    assert reply.ok is case.ok, reply
    for word in case.words:
        assert word.lower() in reply.text.lower(), (word, reply)
    assert [r for r in caplog.records if r.exc_info] == [], "a trace was logged"
    if case.then is not None:
        assert case.then(app.desk), "the app did not do what its reply says"
    if not case.ok:
        assert app.desk.shell.state == state, "a refused request changed the engine's state"
        assert visible_windows() == windows
        assert files.kept_in(Snapshot.of(root)) == []
        assert not app.desk.shell.state.paused(app.desk.clock.now())
    app.desk.event_log.close()  # what app.py holds is closed before the next start reads it
    assert app_starts()


# -- time: nobody holds the app up ---------------------------------------------------------


def test_a_silent_client_is_told_off_and_others_are_answered_meanwhile(qtbot, make_app):
    app = make_app(timeout=0.5)
    silent = Client(app.name, [], shut=False)
    silent.start()
    qtbot.waitUntil(lambda: app.server.clients == 1, timeout=5000)
    assert one_reply(exchange(qtbot, app, [request("status")])).ok  # not behind the silent one
    qtbot.waitUntil(lambda: silent.done, timeout=5000)
    assert one_reply(silent.received) == Reply.error("no request within 0.5 s")
    assert app.server.clients == 0


def test_a_request_dribbled_a_byte_at_a_time_is_read_whole(qtbot, make_app):
    app = make_app()
    data = request("pause", length="1h")
    reply = one_reply(exchange(qtbot, app, [data[i : i + 1] for i in range(len(data))], 0.002))
    assert reply.ok and reply.text.startswith("Reminders paused until")


def test_a_client_that_sends_forever_is_cut_off(qtbot, make_app):
    app = make_app()
    reply = one_reply(exchange(qtbot, app, [b"{" + b" " * 65_536] * 20))
    assert reply == Reply.error(
        f"not a backbreak request: the request is longer than {MAX_REQUEST} bytes"
    )
    assert app.server.clients == 0
    assert one_reply(exchange(qtbot, app, [request("status")])).ok


def test_a_crowd_of_idle_connections_is_capped_and_then_let_go(qtbot, make_app):
    app = make_app(timeout=0.5, max_clients=4)
    crowd = [Client(app.name, [], shut=False) for _ in range(10)]
    for client in crowd:
        client.start()
    qtbot.waitUntil(lambda: sum(c.done for c in crowd) >= 6, timeout=400)  # before the timeout
    assert app.server.clients == 4  # the rest were closed at once, not queued
    assert [c.received for c in crowd if c.done] == [b""] * 6
    qtbot.waitUntil(lambda: all(c.done for c in crowd), timeout=5000)
    assert app.server.clients == 0
    assert one_reply(exchange(qtbot, app, [request("status")])).ok


def test_a_client_that_never_reads_its_reply_does_not_block_the_app(qtbot, make_app):
    app = make_app()
    lazy = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lazy.connect(app.name)
    lazy.sendall(request("status"))
    qtbot.waitUntil(lambda: app.server.clients == 0, timeout=5000)  # answered and hung up
    started = time.monotonic()
    assert one_reply(exchange(qtbot, app, [request("status")])).ok
    assert time.monotonic() - started < 2
    lazy.close()


def test_a_client_that_hangs_up_at_once_leaves_nothing_behind(qtbot, make_app):
    app = make_app()
    for _ in range(20):
        quick = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        quick.settimeout(5)
        quick.connect(app.name)
        quick.close()
        qtbot.wait(2)  # the app accepts (a backlog of 8 would fill up otherwise)
    qtbot.waitUntil(lambda: app.server.clients == 0, timeout=5000)
    assert one_reply(exchange(qtbot, app, [request("status")])).ok
