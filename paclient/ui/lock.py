"""The idle lock: after a while without keyboard or mouse use the app locks, warning first.

DESIGN.md §2: an unattended laptop in a school office must not show a caseload. The locker only
watches and tells (`warned`, `idle`); app.py does the locking: it closes the store, which drops
the key, and asks for the passphrase again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from paclient.services.preferences import IDLE_LOCK_DEFAULT

IDLE_SECONDS = IDLE_LOCK_DEFAULT * 60  # until app.py applies the adviser's preference
WARN_SECONDS = 60
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                       QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class IdleLocker(QObject):
    """Counts idle time from the last key press, click, mouse move or scroll in the app."""

    warned = Signal(int)  # seconds until the lock (each second of the warning)
    resumed = Signal()  # the adviser came back during the warning
    idle = Signal()  # time to lock

    def __init__(self, idle_seconds: int = IDLE_SECONDS, warn_seconds: int = WARN_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._idle_seconds, self._warn_seconds, self._clock = idle_seconds, warn_seconds, clock
        self._last = clock()
        self._warning = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Watch the whole application from now."""
        self._last, self._warning = self._clock(), False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def set_idle_seconds(self, seconds: int) -> None:
        """Lock after `seconds` without use from now on (the idle time so far still counts)."""
        self._idle_seconds = seconds

    def seconds_left(self) -> float:
        """Seconds until the lock."""
        return self._idle_seconds - (self._clock() - self._last)

    def tick(self) -> None:
        """Check the idle time (the timer calls this each second)."""
        left = self.seconds_left()
        if left <= 0:
            self.stop()
            self.idle.emit()
        elif left <= min(self._warn_seconds, self._idle_seconds / 2):  # a short lock warns late
            self._warning = True
            self.warned.emit(int(left + 0.999))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last = self._clock()
            if self._warning:
                self._warning = False
                self.resumed.emit()
        return False
