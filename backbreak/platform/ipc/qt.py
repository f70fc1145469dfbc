"""The local socket of the running app (the wire format and the client: platform/ipc).

On Unix a plain AF_UNIX socket watched by QSocketNotifier: Qt's QLocalServer would load
QtNetwork (and through it Kerberos and the resolver), about 2.5 MiB that a tray app would
carry all day for one socket. Windows has no Unix sockets to rely on, so there the named
pipe of QLocalServer is used.

The app must never wait on a client: every socket is non-blocking, a request is read into a
bounded buffer, a client gets `timeout` seconds to finish its one request, at most
`max_clients` talk at once, and the reply (a short line) is sent without waiting.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from backbreak.core.i18n import _
from backbreak.platform.ipc import (
    FrameReader,
    ProtocolError,
    Reply,
    Request,
    decode_request,
    encode_reply,
    endpoint,
    same_user,
)

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

CLIENT_TIMEOUT = 5.0
"""Seconds a client has to send its request; the CLI sends it at once."""
MAX_CLIENTS = 16
"""Connections served at once; more are closed at once (backbreak's CLI needs one)."""

Handler = Callable[[Request], Reply]


def server_name(profile: str) -> str:
    """The local socket both sides agree on (see platform.ipc)."""
    return endpoint(profile)


class InstanceServer(QObject):
    """Listens for later launches and CLI commands, and answers each request with what
    `handler` replies (default: ok)."""

    def __init__(
        self,
        name: str,
        parent: QObject | None = None,
        handler: Handler | None = None,
        timeout: float = CLIENT_TIMEOUT,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        super().__init__(parent)
        self.handler = handler
        self.timeout = timeout
        self.max_clients = max_clients
        self._name = name
        self._listener: socket.socket | None = None
        self._watch: QSocketNotifier | None = None
        self._clients: dict[int, _Client] = {}
        self._serial = 0
        self._pipe: _PipeServer | None = None

    @property
    def clients(self) -> int:
        """Connections open now (a test watches a flood being cut off)."""
        return len(self._clients) + (self._pipe.clients if self._pipe is not None else 0)

    def listen(self) -> bool:
        if sys.platform == "win32":
            self._pipe = _PipeServer(self._name, self, self)
            return self._pipe.listen()
        try:
            self._listener = self._bind()
        except OSError as exc:
            log.warning("single-instance server could not listen on %s: %s", self._name, exc)
            return False
        self._watch = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._accept)
        return True

    def feed(self, reader: FrameReader, chunk: bytes) -> bytes | None:
        """One chunk of a connection in (b"": its end); the reply line once the request is
        complete or refused, None while more may come."""
        try:
            frame = reader.feed(chunk)
        except ProtocolError as exc:
            said = _("not a backbreak request: {reason}").format(reason=exc)
            return encode_reply(Reply.error(said))
        return None if frame is None else self.respond(frame)

    def respond(self, frame: bytes) -> bytes:
        """One request line (without its newline) -> the reply line; never raises. A
        request that is not well formed reaches no handler."""
        try:
            request = decode_request(frame)
        except ProtocolError as exc:
            said = _("not a backbreak request: {reason}").format(reason=exc)
            return encode_reply(Reply.error(said))
        if self.handler is None:
            return encode_reply(Reply.done("ok"))
        try:
            return encode_reply(self.handler(request))
        except Exception:  # a bad request must not take the app down
            log.exception("could not answer a %s request", request.command)
            return encode_reply(Reply.error(_("backbreak could not do that; see its log file")))

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
                conn, _address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("single-instance server: accept failed: %s", exc)
                return
            conn.setblocking(False)
            if len(self._clients) >= self.max_clients or not same_user(conn, self._name):
                conn.close()
                continue
            self._serial += 1
            serial = self._serial
            watch = QSocketNotifier(conn.fileno(), QSocketNotifier.Type.Read, self)
            watch.activated.connect(lambda *_args, serial=serial: self._read(serial))
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda serial=serial: self._expire(serial))
            timer.start(int(self.timeout * 1000))
            self._clients[serial] = _Client(conn, watch, timer)

    def _read(self, serial: int) -> None:
        client = self._clients.get(serial)
        if client is None:
            return
        try:
            chunk = client.conn.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(serial)
            return
        reply = self.feed(client.reader, chunk)
        if reply is not None:
            self._finish(serial, reply)

    def _expire(self, serial: int) -> None:
        if serial in self._clients:
            said = _("no request within {seconds} s").format(seconds=f"{self.timeout:g}")
            self._finish(serial, encode_reply(Reply.error(said)))

    def _finish(self, serial: int, reply: bytes) -> None:
        """Send the reply without waiting (it fits the socket's buffer), then hang up."""
        client = self._clients.get(serial)
        if client is None:
            return
        with contextlib.suppress(OSError):
            client.conn.send(reply)
        self._drop(serial)

    def _drop(self, serial: int) -> None:
        client = self._clients.pop(serial, None)
        if client is None:
            return
        client.watch.setEnabled(False)
        client.watch.deleteLater()
        client.timer.stop()
        client.timer.deleteLater()
        client.conn.close()

    def close(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
        for serial in list(self._clients):
            self._drop(serial)
        if self._listener is not None:
            if self._watch is not None:
                self._watch.setEnabled(False)
            self._listener.close()
            self._listener = None
            with contextlib.suppress(OSError):
                Path(self._name).unlink()


@dataclass
class _Client:
    conn: socket.socket
    watch: QSocketNotifier
    timer: QTimer
    reader: FrameReader = field(default_factory=FrameReader)


class _PipeServer(QObject):
    """Windows: QLocalServer on a named pipe, with the same framing and limits."""

    def __init__(self, name: str, server: InstanceServer, parent: QObject) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self._name = name
        self._owner = server
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self.clients = 0

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
            if self.clients >= self._owner.max_clients:
                sock.abort()
                sock.deleteLater()
                continue
            self.clients += 1
            reader = FrameReader()
            timer = QTimer(sock)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda s=sock: self._hang_up(s, b""))
            timer.start(int(self._owner.timeout * 1000))
            sock.readyRead.connect(lambda s=sock, r=reader: self._on_ready(s, r))
            sock.disconnected.connect(lambda s=sock: self._gone(s))

    def _on_ready(self, sock: QLocalSocket, reader: FrameReader) -> None:
        while sock.bytesAvailable() > 0:
            reply = self._owner.feed(reader, bytes(sock.read(4096).data()))
            if reply is not None:
                self._hang_up(sock, reply)
                return

    def _hang_up(self, sock: QLocalSocket, reply: bytes) -> None:
        if reply:
            sock.write(reply)
            sock.flush()
        sock.disconnectFromServer()

    def _gone(self, sock: QLocalSocket) -> None:
        self.clients -= 1
        sock.deleteLater()

    def close(self) -> None:
        self._server.close()
