"""The wire format of the app's socket: one bounded JSON line each way.

One request per connection: a JSON object on one line, and one reply the same way::

    {"command": "start", "args": {"routine": "neck-release"}}
    {"ok": true, "text": "started Neck release"}      or      {"ok": false, "error": "…"}

The line end frames the request: JSON never holds a raw newline (inside a string it travels
as the two characters ``\\n``), so a newline typed into an argument cannot start a second
command, which the old protocol of text lines allowed. A newline rather than a length prefix
because an older app still running answers a line (with an error) instead of waiting for
more bytes, so a second launch still sees that one runs. Everything is bounded: the bytes of
a request and a reply, the nesting depth, the text (UTF-8 only, no lone surrogates), and the
shape (an object with a command name and an object of string arguments). Anything else is a
`ProtocolError`, which the server turns into an error reply without acting on it; whether the
command and its arguments exist is judged by the command table (platform/ipc/commands.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_REQUEST = 16 * 1024
"""Bytes of one request, its newline included: backbreak's own are under 1 KiB."""
MAX_REPLY = 64 * 1024
"""Bytes of one reply; the client reads no more."""
MAX_TEXT = 4000
"""Characters of a reply's text; longer text is cut (a status line is under 100)."""
MAX_DEPTH = 4
"""Nesting of arrays and objects: a request needs 2 (the request, its arguments)."""
COMMAND_NAME = re.compile(r"[a-z][a-z-]{0,31}")


class ProtocolError(ValueError):
    """A request or reply that is not one well-formed message (the socket's one error type).
    Its words stay English: backbreak's own CLI never sends such a message, so they are read
    only by whoever writes another client."""


@dataclass(frozen=True, slots=True)
class Request:
    command: str
    args: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reply:
    ok: bool
    text: str
    """The answer when `ok`, else why not (one line, for a person)."""

    @classmethod
    def done(cls, text: str) -> Reply:
        return cls(True, text)

    @classmethod
    def error(cls, text: str) -> Reply:
        return cls(False, text)


# -- the wire format ---------------------------------------------------------------------


def encode_request(request: Request) -> bytes:
    import json  # here and below: a tray app that is never asked does not load json

    message = {"command": request.command, "args": dict(request.args)}
    return json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n"


def encode_reply(reply: Reply) -> bytes:
    import json

    text = reply.text if len(reply.text) <= MAX_TEXT else reply.text[: MAX_TEXT - 1] + "…"
    message = {"ok": True, "text": text} if reply.ok else {"ok": False, "error": text}
    return json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n"


def decode_request(frame: bytes) -> Request:
    """One request line (without its newline) -> the request; ProtocolError says why not."""
    message = _decode(frame, MAX_REQUEST)
    unknown = sorted(set(message) - {"command", "args"})
    if unknown:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"unknown field {_shown(unknown[0])}; a request has command and args"
        )
    command = message.get("command")
    if not isinstance(command, str) or not COMMAND_NAME.fullmatch(command):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "the command must be a name like status"
        )
    args = message.get("args", {})
    if not isinstance(args, dict):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "args must be an object of names and texts"
        )
    for name, value in args.items():
        if not isinstance(value, str):
            raise ProtocolError(  # not translated: a protocol error, for a client's author
                f"the argument {_shown(name)} must be a text"
            )
    return Request(command, args)


def decode_reply(frame: bytes) -> Reply:
    message = _decode(frame, MAX_REPLY)
    ok = message.get("ok")
    text = message.get("text" if ok is True else "error")
    if not isinstance(ok, bool) or not isinstance(text, str):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "a reply holds ok and its text or error"
        )
    return Reply(ok, text)


def _decode(frame: bytes, limit: int) -> dict[str, Any]:
    if len(frame) > limit:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"the message is longer than {limit} bytes"
        )
    try:
        text = frame.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "the message is not UTF-8 text"
        ) from None
    if _depth(text) > MAX_DEPTH:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"the message is nested deeper than {MAX_DEPTH} levels"
        )
    import json

    try:
        message = json.loads(text, object_pairs_hook=_unique, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"the message is not one JSON object ({_reason(exc)})"
        ) from None
    if not isinstance(message, dict):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "the message must be a JSON object"
        )
    return message


def _depth(text: str) -> int:
    """How deep arrays and objects nest, brackets inside strings not counted (checked
    before parsing: json's parser recurses, and a deep enough document exhausts the stack)."""
    deepest = depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are distinct texts (a repeated key could hide a second value)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(  # not translated: a protocol error, for a client's author
                f"the key {_shown(key)} appears twice"
            )
        for text in (key, value):
            if isinstance(text, str) and _SURROGATE.search(text):
                raise ValueError(  # not translated: a protocol error, for a client's author
                    "a text holds a lone surrogate (\\ud800-\\udfff)"
                )
        found[key] = value
    return found


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_constant(name: str) -> Any:
    raise ValueError(  # not translated: a protocol error, for a client's author
        f"{name} is not a number JSON allows"
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "too deeply nested"  # not translated: a protocol error, for a client's author
    return str(exc).split(": line ")[0][:80]


def _shown(text: str) -> str:
    """A name from a message, quoted for an error message: escaped and short."""
    return ascii(text[:40])


class FrameReader:
    """Collects one frame (one line) from chunks as they arrive, holding at most `limit`
    bytes: a client that sends forever is told so, not buffered."""

    def __init__(self, limit: int = MAX_REQUEST) -> None:
        self.limit = limit
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> bytes | None:
        """The frame once its newline arrived; an empty chunk (the end of the stream) ends
        it too. ProtocolError: too long, nothing at all, or bytes after the newline."""
        if not chunk:
            if not self._buffer.strip():
                raise ProtocolError(  # not translated: a protocol error, for a client's author
                    "the connection closed before a request"
                )
            return bytes(self._buffer)
        self._buffer += chunk
        end = self._buffer.find(b"\n")
        if end < 0:
            if len(self._buffer) > self.limit:
                raise ProtocolError(  # not translated: a protocol error, for a client's author
                    f"the request is longer than {self.limit} bytes"
                )
            return None
        if end + 1 > self.limit:
            raise ProtocolError(  # not translated: a protocol error, for a client's author
                f"the request is longer than {self.limit} bytes"
            )
        if self._buffer[end + 1 :].strip():
            raise ProtocolError(  # not translated: a protocol error, for a client's author
                "one request per connection"
            )
        return bytes(self._buffer[:end])
