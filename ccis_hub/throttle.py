"""Slows password guessing: after five failed logins a username or a client address must
wait, and every further failure doubles the wait.

Counts live in memory: one hub process serves an authority, and a restart forgiving the count
is acceptable (an attacker cannot restart the hub).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

FREE_FAILURES = 5
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 900.0
FORGET_AFTER_S = 3600.0


@dataclass
class _Count:
    failures: int
    blocked_until: float
    last_failure: float


class LoginThrottle:
    """Failure counts by key ("user:NAME", "addr:IP"), safe to share between threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()

    def wait_s(self, keys: list[str]) -> float:
        """Seconds before any of `keys` may try again (0 when none is blocked)."""
        now = self._clock()
        with self._lock:
            self._forget_old(now)
            waits = [c.blocked_until - now for k in keys if (c := self._counts.get(k))]
        return max([0.0, *waits])

    def failed(self, keys: list[str]) -> None:
        """Count one failure against each of `keys`."""
        now = self._clock()
        with self._lock:
            for key in keys:
                count = self._counts.setdefault(key, _Count(0, 0.0, now))
                count.failures += 1
                count.last_failure = now
                if count.failures >= FREE_FAILURES:
                    delay = FIRST_DELAY_S * 2 ** (count.failures - FREE_FAILURES)
                    count.blocked_until = now + min(delay, MAX_DELAY_S)

    def succeeded(self, key: str) -> None:
        """Forget the failures of `key` (the username that just logged in)."""
        with self._lock:
            self._counts.pop(key, None)

    def _forget_old(self, now: float) -> None:
        stale = [k for k, c in self._counts.items()
                 if now - c.last_failure > FORGET_AFTER_S and now >= c.blocked_until]
        for key in stale:
            del self._counts[key]
