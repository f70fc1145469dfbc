"""The socket's wire format and its client, without Qt: framing, limits, and what the CLI
makes of an app that answers late, strangely, or not at all."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backbreak.cli import main
from backbreak.platform.ipc import (
    FOREIGN,
    MAX_REQUEST,
    NO_ANSWER,
    FrameReader,
    ProtocolError,
    Reply,
    Request,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
    endpoint,
    request,
)
from backbreak.storage.paths import AppPaths


def test_a_request_travels_as_one_line_whatever_its_argument_holds():
    sent = Request("start", {"routine": "x\npause forever\r\n\u2028"})
    line = encode_request(sent)
    assert line.count(b"\n") == 1 and line.endswith(b"\n")
    assert decode_request(line[:-1]) == sent


def test_a_reply_travels_as_one_line_and_long_text_is_cut():
    for reply in (Reply.done("Next break in 5 min\nsecond line"), Reply.error("no")):
        line = encode_reply(reply)
        assert line.count(b"\n") == 1 and decode_reply(line[:-1]) == reply
    long = decode_reply(encode_reply(Reply.done("x" * 10_000))[:-1])
    assert long.ok and len(long.text) == 4000 and long.text.endswith("…")


@pytest.mark.parametrize(
    ("frame", "why"),
    [
        (b"status", "not one JSON object"),
        (b'{"command": "status"} {"command": "pause"}', "not one JSON object"),
        (b'{"command": "pause", "args": {"length": "forever"}, "command": "x"}', "twice"),
        (b'{"command": "x", "args": {"a": "' + b"\\ud800" + b'"}}', "lone surrogate"),
        (b'{"command": "status", "args": [[[[[]]]]]}', "nested deeper"),
        (b'{"command": "Status"}', "must be a name"),
        (b'{"command": "status", "args": {"a": 1}}', "must be a text"),
        (b'{"command": "status", "x": 1}', "unknown field"),
        (b"\xff\xfe", "not UTF-8"),
        (b"{" + b" " * MAX_REQUEST, "longer than"),
    ],
)
def test_malformed_requests_name_what_is_wrong(frame: bytes, why: str):
    with pytest.raises(ProtocolError, match=why):
        decode_request(frame)


def test_brackets_inside_strings_are_not_nesting():
    deep_text = "[" * 100 + "{" * 100
    assert decode_request(encode_request(Request("start", {"routine": deep_text}))[:-1])


def test_the_frame_reader_is_bounded_and_takes_one_request():
    reader = FrameReader(limit=64)
    assert reader.feed(b'{"command":') is None
    assert reader.feed(b' "status"}\n') == b'{"command": "status"}'
    with pytest.raises(ProtocolError, match="one request per connection"):
        FrameReader().feed(b'{"command": "status"}\n{"command": "pause"}\n')
    with pytest.raises(ProtocolError, match="longer than 64 bytes"):
        too_long = FrameReader(limit=64)
        for _ in range(10):
            too_long.feed(b"x" * 10)
    with pytest.raises(ProtocolError, match="closed before a request"):
        FrameReader().feed(b"")
    ended = FrameReader()
    assert ended.feed(b'{"command": "status"}') is None
    assert ended.feed(b"") == b'{"command": "status"}'  # the end of the stream ends it too


# -- the client ----------------------------------------------------------------------------


@pytest.fixture
def fake_app(backbreak_home: Path) -> Iterator[Callable[[Callable[[socket.socket], None]], None]]:
    """A stand-in listening where the running app would, doing what it is told with each
    connection (in a thread)."""
    path = Path(endpoint(str(AppPaths.from_environment().data_dir)))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    threads: list[threading.Thread] = []

    def serve(behaviour: Callable[[socket.socket], None]) -> None:
        def run() -> None:
            connection, _ = server.accept()
            with connection:
                behaviour(connection)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        threads.append(thread)

    yield serve
    server.close()
    path.unlink(missing_ok=True)
    for thread in threads:
        thread.join(timeout=5)


def profile() -> str:
    return str(AppPaths.from_environment().data_dir)


def test_nobody_listening_is_not_running():
    assert request(profile(), "status", timeout=1) is None


def test_an_app_that_takes_the_request_and_never_answers_is_running_but_silent(fake_app):
    done = threading.Event()
    fake_app(lambda conn: done.wait(5))
    assert request(profile(), "status", timeout=0.3) == Reply.error(NO_ANSWER)
    done.set()


def test_an_older_app_answering_a_text_line_still_counts_as_running(fake_app):
    """A second launch must not start a second app next to an older one still running."""
    fake_app(lambda conn: (conn.recv(4096), conn.sendall(b'error: unknown request "{"\n')))
    assert request(profile(), "show", timeout=2) == Reply.error(FOREIGN)


def test_a_reply_that_never_ends_is_read_only_so_far(fake_app):
    def flood(conn: socket.socket) -> None:
        conn.recv(4096)
        try:
            while True:
                conn.sendall(b"x" * 65536)
        except OSError:
            return

    fake_app(flood)
    assert request(profile(), "status", timeout=2) == Reply.error(FOREIGN)


def test_the_cli_says_running_but_silent_with_exit_1(fake_app, capsys, monkeypatch):
    import functools

    import backbreak.platform.ipc as ipc

    done = threading.Event()
    fake_app(lambda conn: done.wait(5))
    monkeypatch.setattr(ipc, "request", functools.partial(ipc.request, timeout=0.3))
    try:
        assert main(["status"]) == 1
    finally:
        done.set()
    assert "running but did not answer" in capsys.readouterr().err


def test_the_cli_escapes_what_the_app_says(fake_app, capsys):
    reply = json.dumps({"ok": True, "text": "Next break \x1b]0;owned\x07 soon"}).encode()
    fake_app(lambda conn: (conn.recv(4096), conn.sendall(reply + b"\n")))
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b]0;owned\\x07" in out


def test_start_exits_1_when_the_app_did_not_start_it(fake_app, capsys):
    reply = encode_reply(Reply.error("Neck release did not start; see the log file"))
    fake_app(lambda conn: (conn.recv(4096), conn.sendall(reply)))
    assert main(["start", "neck-release"]) == 1
    assert "did not start" in capsys.readouterr().err


class FakePipe:
    """A Windows named pipe as the client sees it: a file it writes the request to and
    reads one line from (or, `silent`, one that never answers)."""

    def __init__(self, answer: bytes = b"", silent: bool = False) -> None:
        import threading

        self.written = b""
        self.answer, self.silent = answer, silent
        self.closed = threading.Event()

    def write(self, data: bytes) -> int:
        self.written += data
        return len(data)

    def readline(self, limit: int) -> bytes:
        if self.silent:
            self.closed.wait(30)  # blocks, as a real pipe read does, until closed
            raise OSError("the pipe was closed")
        return self.answer[:limit]

    def close(self) -> None:
        self.closed.set()


def test_on_windows_a_request_goes_over_the_named_pipe_and_never_hangs(monkeypatch):
    from backbreak.platform import ipc

    monkeypatch.setattr(ipc.sys, "platform", "win32")
    pipes: list[FakePipe] = []

    def open_pipe(path: str) -> FakePipe:
        assert path.startswith("\\\\.\\pipe\\backbreak-")
        pipes.append(pipe)
        return pipe

    monkeypatch.setattr(ipc, "open_pipe", open_pipe)
    pipe = FakePipe(b'{"ok": true, "text": "Next break in 50 min"}\n')
    reply = ipc.request("profile", "status")
    assert reply is not None and reply.ok and reply.text == "Next break in 50 min"
    assert pipes[0].written.endswith(b"\n") and b'"status"' in pipes[0].written

    pipe = FakePipe(silent=True)  # the app took the request and never answers
    reply = ipc.request("profile", "status", timeout=0.3)
    assert reply is not None and not reply.ok and reply.text == ipc.NO_ANSWER
    assert pipe.closed.is_set()

    pipe = FakePipe(b"HTTP/1.1 400 Bad Request\n")  # something else holds the name
    reply = ipc.request("profile", "status")
    assert reply is not None and reply.text == ipc.FOREIGN

    def nobody(path: str) -> FakePipe:
        raise FileNotFoundError(path)

    monkeypatch.setattr(ipc, "open_pipe", nobody)
    assert ipc.request("profile", "status") is None  # no app: the first launch


def test_the_socket_name_hash_is_sha256_without_loading_openssl():
    import hashlib

    from backbreak.platform.ipc import sha256_hex

    for data in (b"", b"root\0/home/root/.local/share/backbreak", "é\0ü".encode()):
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "env",
    [{}, {"USER": "ana"}, {"LOGNAME": "bo", "USER": "ana"}, {"USERNAME": "cy"}],
    ids=["password database", "USER", "LOGNAME first", "USERNAME"],
)
def test_the_socket_is_named_for_the_same_user_getpass_would_name(monkeypatch, env):
    """Two backbreaks of one user must find each other's socket: the name is getpass's."""
    import getpass

    from backbreak.platform.ipc import _user

    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _user() == getpass.getuser()
