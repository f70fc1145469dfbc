"""The local socket of the running app (the client side is adapters/ipc.py)."""

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
