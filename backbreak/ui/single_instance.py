"""One backbreak per profile: a second launch asks the running one to show itself."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from backbreak.adapters.ipc import endpoint

log = logging.getLogger(__name__)


def server_name(profile: str) -> str:
    """The local socket both sides agree on (see adapters.ipc)."""
    return endpoint(profile)


def ask_running_instance(name: str, message: str = "show", timeout_ms: int = 1000) -> bool:
    """True when another instance answered; it then does what `message` says."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(message.encode() + b"\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.waitForReadyRead(timeout_ms)  # the server says "ok"; old servers may not
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    socket.close()
    return True


class InstanceServer(QObject):
    """Listens for later launches and CLI commands; emits `message_received` with each,
    and answers with what `handler` returns for it (default "ok")."""

    message_received = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None,
                 handler: Callable[[str], str] | None = None) -> None:
        super().__init__(parent)
        self.handler = handler
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._name = name

    def listen(self) -> bool:
        if self._server.listen(self._name):
            return True
        # A crashed instance leaves its socket file behind: nobody answered, so remove it.
        QLocalServer.removeServer(self._name)
        ok = self._server.listen(self._name)
        if not ok:
            log.warning("single-instance server could not listen: %s",
                        self._server.errorString())
        return ok

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(self._on_ready)
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket):
            return
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).decode(errors="replace").strip()
            if line:
                self.message_received.emit(line)
                try:
                    reply = self.handler(line) if self.handler is not None else "ok"
                except Exception:  # a bad request must not take the app down
                    log.exception("could not answer %r", line)
                    reply = "error: backbreak could not do that; see its log file"
                socket.write(reply.replace("\n", " ").encode() + b"\n")
                socket.flush()

    def close(self) -> None:
        self._server.close()
