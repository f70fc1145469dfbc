"""One process-wide audit hook that records file writes and socket use while a test watches.

`sys.addaudithook` hooks can never be removed, so the hook is installed once per process and
does nothing unless a `watch()` block is active in the current context. It sees what Python
itself does (open, rename, remove, mkdir, shutil, sqlite3.connect, sockets), which is every
way backbreak writes a file or touches the network from Python code.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# Events whose arguments before the first non-path are paths that get changed.
_PATH_EVENTS: dict[str, int] = {
    "os.rename": 2,
    "os.replace": 2,
    "os.link": 2,
    "os.symlink": 2,
    "os.remove": 1,
    "os.rmdir": 1,
    "os.mkdir": 1,
    "os.chmod": 1,
    "os.chown": 1,
    "os.truncate": 1,
    "os.utime": 1,
    "os.removexattr": 1,
    "os.setxattr": 1,
    "shutil.copyfile": 2,
    "shutil.copymode": 2,
    "shutil.copystat": 2,
    "shutil.copytree": 2,
    "shutil.rmtree": 1,
    "shutil.move": 2,
    "shutil.chown": 1,
    "shutil.unpack_archive": 2,
    "shutil.make_archive": 1,
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_SOCKET_EVENTS = (
    "socket.__new__",
    "socket.bind",
    "socket.connect",
    "socket.sendto",
    "socket.sendmsg",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
)


@dataclass
class Recorder:
    writes: list[tuple[str, str]] = field(default_factory=list)
    """(event, absolute path) for everything that created, changed or removed a file."""
    sockets: list[tuple[str, str]] = field(default_factory=list)
    """(event, family or host) for every socket made, bound, connected, or name looked up."""
    errors: list[str] = field(default_factory=list)
    """The hook's own failures: reported, so a broken hook cannot pass a test silently."""

    def writes_outside(self, folder: Path) -> list[tuple[str, str]]:
        root = Path(os.path.realpath(folder))
        return [
            (event, path)
            for event, path in self.writes
            if not Path(os.path.realpath(path)).is_relative_to(root)
        ]

    def non_local_sockets(self) -> list[tuple[str, str]]:
        return [(event, what) for event, what in self.sockets if what != "AF_UNIX"]


_active: ContextVar[Recorder | None] = ContextVar("backbreak_audit", default=None)
_installed = False


def _absolute(path: Any) -> str | None:
    if isinstance(path, int):  # a file descriptor: its open was recorded when it was made
        return None
    target = Path(os.fsdecode(path))
    if target.parent.name == "__pycache__" and ".pyc" in target.name:
        return None  # Python's bytecode cache for a module imported inside the block
    return str(target.absolute())


def _family(sock: Any) -> str:
    family = getattr(sock, "family", None)
    return getattr(family, "name", str(family))


def _hook(event: str, args: tuple[Any, ...]) -> None:
    recorder = _active.get()
    if recorder is None:
        return
    try:
        if event == "open":
            path, mode, flags = args
            writing = (
                any(c in mode for c in "wax+")
                if isinstance(mode, str)
                else bool((flags or 0) & _WRITE_FLAGS)
            )
            target = _absolute(path) if writing else None
            if target is not None:
                recorder.writes.append((event, target))
        elif event in _PATH_EVENTS:
            for path in args[: _PATH_EVENTS[event]]:
                target = _absolute(path) if path is not None else None
                if target is not None:
                    recorder.writes.append((event, target))
        elif event == "sqlite3.connect":
            database = os.fsdecode(args[0])
            if database.startswith("file:"):
                parts = urlsplit(database)
                if "mode=ro" in parts.query:
                    return
                database = unquote(parts.path)
            if database != ":memory:":
                recorder.writes.append((event, str(Path(database).absolute())))
        elif event == "socket.__new__":
            if args[1] != -1:  # -1: wrapping a descriptor; its bind or connect says the family
                recorder.sockets.append((event, socket.AddressFamily(args[1]).name))
        elif event in ("socket.bind", "socket.connect", "socket.sendto", "socket.sendmsg"):
            recorder.sockets.append((event, _family(args[0])))
        elif event in _SOCKET_EVENTS:  # a name lookup: on its way to the network
            recorder.sockets.append((event, repr(args[0])))
    except Exception as exc:  # an audit hook must never break the code it watches
        recorder.errors.append(f"{event}: {exc!r}")


def install() -> None:
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@contextlib.contextmanager
def watch() -> Iterator[Recorder]:
    """Record writes and socket use inside the block (this thread and context only)."""
    install()
    recorder = Recorder()
    token = _active.set(recorder)
    try:
        yield recorder
    finally:
        _active.reset(token)
    assert not recorder.errors, recorder.errors
