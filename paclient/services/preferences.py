"""The adviser's own preferences kept in the store (window and column layout, when the idle
lock locks): local to this device, never synced, never audited (they say nothing about any
young person)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from ccis.errors import ValidationError, ValidationErrors
from paclient.services.context import Context
from paclient.storage import store_settings

PREFIX = "ui."  # every preference key starts so, apart from the store's own settings
IDLE_LOCK = "idle_lock_minutes"  # DESIGN.md §2: an unattended laptop must not show a caseload
IDLE_LOCK_DEFAULT = 10
IDLE_LOCK_MINUTES = range(1, 61)  # up to an hour: longer leaves a caseload on an open screen

log = logging.getLogger(__name__)


class Preferences:
    """Named text values under PREFIX in the store's settings."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def load(self) -> dict[str, str]:
        """Every preference, by name (without the prefix)."""
        with self._ctx.read() as session:
            found = store_settings.values(session, prefix=PREFIX)
        return {key.removeprefix(PREFIX): value for key, value in found.items()}

    def save(self, values: Mapping[str, str]) -> None:
        """Keep `values` (by name), replacing what was kept under those names."""
        keys = [PREFIX + name for name in values]
        with self._ctx.write.begin() as session:
            store_settings.replace(session, {PREFIX + n: v for n, v in values.items()}, keys)

    def idle_lock_minutes(self) -> int:
        """Minutes without keyboard or mouse use before the app locks (the default, 10, when
        none is kept or what is kept is out of bounds)."""
        with self._ctx.read() as session:
            kept = store_settings.get(session, PREFIX + IDLE_LOCK)
        try:
            return check_idle_lock_minutes(int(kept)) if kept is not None else IDLE_LOCK_DEFAULT
        except (ValueError, ValidationErrors):
            log.warning("Idle lock preference unreadable; the default applies")
            return IDLE_LOCK_DEFAULT

    def set_idle_lock_minutes(self, minutes: int) -> int:
        """Keep `minutes` as the idle lock time and return it; ValidationErrors (naming the
        bounds) when it is not a whole number of minutes from 1 to 60."""
        self.save({IDLE_LOCK: str(check_idle_lock_minutes(minutes))})
        return minutes


def check_idle_lock_minutes(minutes: object) -> int:
    """`minutes` when it is a whole number within IDLE_LOCK_MINUTES, else ValidationErrors."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) \
            or minutes not in IDLE_LOCK_MINUTES:
        first, last = IDLE_LOCK_MINUTES[0], IDLE_LOCK_MINUTES[-1]
        raise ValidationErrors([ValidationError(
            IDLE_LOCK, "range", f"must be a whole number of minutes from {first} to {last}, "
                                f"not {minutes!r}")])
    return minutes
