"""The local socket of the running app (the client side is adapters/ipc.py).

On Unix a plain AF_UNIX socket watched by QSocketNotifier: Qt's QLocalServer would load
QtNetwork (and through it Kerberos and the resolver), about 2.5 MiB that a tray app would
carry all day for one socket. Windows has no Unix sockets to rely on, so there the named
pipe of QLocalServer is used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from backbreak.adapters.ipc import endpoint

log = logging.getLogger(__name__)

MAX_REQUEST = 64 * 1024
"""A request is one short line; anything longer is not from backbreak's CLI."""


def server_name(profile: str) -> str:
    """The local socket both sides agree on (see adapters.ipc)."""
    return endpoint(profile)


class InstanceServer(QObject):
    """Listens for later launches and CLI commands; emits `message_received` with each,
    and answers with what `handler` returns for it (default "ok")."""

    message_received = Signal(str)

    def __init__(
        self, name: str, parent: QObject | None = None, handler: Callable[[str], str] | None = None
    ) -> None:
        super().__init__(parent)
        self.handler = handler
        self._name = name
        self._listener: socket.socket | None = None
        self._watch: QSocketNotifier | None = None
        self._clients: dict[int, tuple[socket.socket, QSocketNotifier, bytearray]] = {}
        self._pipe: _PipeServer | None = None

    def listen(self) -> bool:
        if sys.platform == "win32":
            self._pipe = _PipeServer(self._name, self._answer, self)
            return self._pipe.listen()
        try:
            self._listener = self._bind()
        except OSError as exc:
            log.warning("single-instance server could not listen on %s: %s", self._name, exc)
            return False
        self._watch = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._accept)
        return True

    def _bind(self) -> socket.socket:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            # Only this user may connect: the socket file is created 0600, never wider.
            old_mask = os.umask(0o177)
            try:
                try:
                    listener.bind(self._name)
                except OSError:
                    # A crashed instance leaves its socket file behind. The caller already
                    # asked it and nobody answered, so it is stale: remove it and try again.
                    Path(self._name).unlink(missing_ok=True)
                    listener.bind(self._name)
            finally:
                os.umask(old_mask)
            listener.listen(8)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        return listener

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                conn, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("single-instance server: accept failed: %s", exc)
                return
            conn.setblocking(False)
            watch = QSocketNotifier(conn.fileno(), QSocketNotifier.Type.Read, self)
            fd = conn.fileno()
            watch.activated.connect(lambda *_args, fd=fd: self._read(fd))
            self._clients[fd] = (conn, watch, bytearray())

    def _read(self, fd: int) -> None:
        client = self._clients.get(fd)
        if client is None:
            return
        conn, _watch, buffer = client
        try:
            chunk = conn.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        buffer += chunk
        while b"\n" in buffer:
            raw, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            line = raw.decode(errors="replace").strip()
            if line:
                reply = self._answer(line)
                try:
                    conn.setblocking(True)
                    conn.settimeout(2)
                    conn.sendall(reply.replace("\n", " ").encode() + b"\n")
                    conn.setblocking(False)
                except OSError:
                    chunk = b""
                    break
        if not chunk or len(buffer) > MAX_REQUEST:
            self._drop(fd)

    def _answer(self, line: str) -> str:
        self.message_received.emit(line)
        try:
            return self.handler(line) if self.handler is not None else "ok"
        except Exception:  # a bad request must not take the app down
            log.exception("could not answer %r", line)
            return "error: backbreak could not do that; see its log file"

    def _drop(self, fd: int) -> None:
        conn, watch, _buffer = self._clients.pop(fd)
        watch.setEnabled(False)
        watch.deleteLater()
        conn.close()

    def close(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
        for fd in list(self._clients):
            self._drop(fd)
        if self._listener is not None:
            if self._watch is not None:
                self._watch.setEnabled(False)
            self._listener.close()
            self._listener = None
            with contextlib.suppress(OSError):
                Path(self._name).unlink()


class _PipeServer(QObject):
    """Windows: QLocalServer on a named pipe, line in and line out like the Unix side."""

    def __init__(self, name: str, answer: Callable[[str], str], parent: QObject) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self._name = name
        self._answer = answer
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        if self._server.listen(self._name):
            return True
        QLocalServer.removeServer(self._name)
        ok = bool(self._server.listen(self._name))
        if not ok:
            log.warning("single-instance server could not listen: %s", self._server.errorString())
        return ok

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._on_ready(s))
            sock.disconnected.connect(sock.deleteLater)

    def _on_ready(self, sock: object) -> None:
        while sock.canReadLine():  # type: ignore[attr-defined]
            raw = sock.readLine().data()  # type: ignore[attr-defined]
            line = bytes(raw).decode(errors="replace").strip()
            if line:
                reply = self._answer(line).replace("\n", " ").encode() + b"\n"
                sock.write(reply)  # type: ignore[attr-defined]
                sock.flush()  # type: ignore[attr-defined]

    def close(self) -> None:
        self._server.close()
