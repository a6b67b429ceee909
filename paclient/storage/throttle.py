"""Counts wrong passphrases beside the store and slows guessing after five in a row.

The count lives in its own small file so the database is never touched by a failed unlock.
Its deadline is wall-clock time, not monotonic: the file outlives the process and the boot,
and a monotonic clock restarts at each boot.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from paclient.storage.keys import write_atomically

FREE_TRIES = 5
MAX_DELAY_S = 60.0


class Throttle:
    """Wrong-passphrase counter persisted in `path`; delays grow 1, 2, 4 ... 60 s.
    `clock` gives wall-clock seconds and `sleep` waits (tests pass a clock they move)."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._path, self._clock, self._sleep = path, clock, sleep

    def failures(self) -> int:
        """Wrong tries in a row so far."""
        return int(self._read().get("failures", 0))

    def wait_before_try(self) -> None:
        """Sleep until the next try is allowed (no wait during the first five tries)."""
        state = self._read()
        remaining = float(state.get("not_before", 0.0)) - self._clock()
        if remaining > 0:
            self._sleep(min(remaining, MAX_DELAY_S))

    def record_failure(self) -> int:
        """Count one more wrong try; return the count."""
        failures = self.failures() + 1
        delay = 0.0 if failures < FREE_TRIES else min(2.0 ** (failures - FREE_TRIES), MAX_DELAY_S)
        self._write({"failures": failures, "not_before": self._clock() + delay})
        return failures

    def record_success(self) -> None:
        """Forget earlier wrong tries."""
        if self._path.exists():
            self._path.unlink()

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write(self, state: dict[str, float]) -> None:
        write_atomically(self._path, json.dumps(state).encode())
