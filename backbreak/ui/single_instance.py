"""One backbreak per profile: a second launch asks the running one to show itself."""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)


def server_name(profile: str) -> str:
    """Per user and per profile folder, so portable copies do not see each other."""
    digest = hashlib.sha256(f"{getpass.getuser()}\0{profile}".encode()).hexdigest()[:16]
    return f"backbreak-{digest}"


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
    """Listens for later launches; emits `message_received` with each command."""

    message_received = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
                socket.write(b"ok\n")
                self.message_received.emit(line)

    def close(self) -> None:
        self._server.close()
