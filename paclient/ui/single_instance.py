"""One desktop app per store: a second copy asks the first to come forward, then exits.

The first copy listens on a local socket named after its store's folder (only the same user
can reach it). A second copy started on the same store connects, says "show", and exits; the
first brings its window to the front. A socket left behind by a copy that crashed answers
nobody; listening with `UserAccessOption` puts a new socket in its place.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SHOW = b"show\n"
WAIT_MS = 1_000


class SingleInstance(QObject):
    """The claim of this process on a store's folder; `show_requested` fires when a second
    copy asks this one to come forward."""

    show_requested = Signal()

    def __init__(self, home: Path) -> None:
        super().__init__()
        digest = hashlib.sha256(str(home.expanduser().resolve()).encode()).hexdigest()[:20]
        self.name = f"paclient-{digest}"
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """Become the one copy on this store: True, or False when another copy has it (that
        copy has then been asked to come forward)."""
        if _ask_to_show(self.name):
            log.info("Another copy is open on this store; asked it to come forward")
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Cannot listen (an unusual temp folder): run anyway rather than refuse to start.
            log.warning("Single-instance socket not available: %s", server.errorString())
            return True
        server.newConnection.connect(self._answer)
        self._server = server
        return True

    def release(self) -> None:
        """Stop listening (the app is closing)."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def _answer(self) -> None:
        assert self._server is not None
        while (peer := self._server.nextPendingConnection()) is not None:
            if peer.bytesAvailable() or peer.waitForReadyRead(WAIT_MS):
                if bytes(peer.readAll().data()).startswith(SHOW.strip()):
                    log.info("A second copy asked this window to come forward")
                    self.show_requested.emit()
            peer.disconnectFromServer()
            peer.deleteLater()


def _ask_to_show(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(SHOW)
    socket.waitForBytesWritten(WAIT_MS)
    socket.disconnectFromServer()
    return True
