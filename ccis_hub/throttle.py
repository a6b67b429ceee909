"""Slows password guessing, counted in the database so that every hub worker sees one count.

Two counts per login attempt: the account at this address (after five attempts that did not
succeed it must wait, and every further one doubles the wait) and the address alone, at a
higher threshold (a spray over many accounts). Colleagues behind the same address (a school, a
custody site) keep signing in while one of their accounts is attacked. An attempt is counted
before the password is checked, in a transaction that locks its counts, so attempts made at
the same moment are all counted; a success forgives its own attempt. Keys are stored hashed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ccis_hub.models import LoginCount

FREE_FAILURES = 5  # per account and address
ADDRESS_FREE_FAILURES = 50  # per address, over all accounts
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 900.0
FORGET_AFTER_S = 3600.0


class LoginThrottle:
    """Login counts in the hub's database; `clock` gives seconds (the wall clock by default)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    def attempt(self, session: Session, username: str, address: str) -> float:
        """Count one attempt; the seconds to wait instead when a count is blocked (then
        nothing is counted)."""
        now = self._clock()
        counts = [(_row(session, key, now), free) for key, free in _keys(username, address)]
        wait = max(0.0, *(row.blocked_until - now for row, _ in counts))
        if wait > 0:
            return wait
        for row, free in counts:
            row.failures += 1
            row.last_failure = now
            if row.failures >= free:
                delay = FIRST_DELAY_S * 2 ** min(row.failures - free, 30)
                row.blocked_until = now + min(delay, MAX_DELAY_S)
        return 0.0

    def succeeded(self, session: Session, username: str, address: str) -> None:
        """The password was right: forget the account's count, take one off the address's."""
        now = self._clock()
        (account_key, _), (address_key, _) = _keys(username, address)
        session.delete(_row(session, account_key, now))
        row = _row(session, address_key, now)
        row.failures = max(0, row.failures - 1)


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    account = f"account\n{username.casefold()}\n{address}"
    return [(_hashed(account), FREE_FAILURES),
            (_hashed(f"address\n{address}"), ADDRESS_FREE_FAILURES)]


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _row(session: Session, key: str, now: float) -> LoginCount:
    """The count of `key`, locked for this transaction (made, or reset when forgotten)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(LoginCount).values(key=key, failures=0, blocked_until=0.0,
                                              last_failure=now).on_conflict_do_nothing())
    row = session.scalars(select(LoginCount).where(LoginCount.key == key).with_for_update()
                          .execution_options(populate_existing=True)).one()
    if now - row.last_failure > FORGET_AFTER_S and now >= row.blocked_until:
        row.failures, row.blocked_until = 0, 0.0
    return row
