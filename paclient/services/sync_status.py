"""How this device stands with the hub, for the status bar and the Sync place: changes not
sent yet, changes the hub refused, open conflicts, and when a sync last finished."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from paclient.models import Conflict, Outbox
from paclient.services.context import Context
from paclient.sync.apply import last_sync


@dataclass(frozen=True, slots=True)
class SyncStatus:
    unsent: int  # changes waiting for the hub
    needs_attention: int  # changes the hub refused, waiting for the adviser
    conflicts: int  # fields both sides changed, waiting for the adviser's choice
    last_sync: dt.datetime | None  # UTC; None if this device never synced


def sync_status(ctx: Context) -> SyncStatus:
    """The counts and time above, read in one short transaction."""
    with ctx.read() as session:
        states = dict(session.execute(select(Outbox.state, func.count())
                                      .where(Outbox.state.in_(("pending", "rejected")))
                                      .group_by(Outbox.state)).all())
        conflicts = session.scalar(select(func.count()).select_from(Conflict)
                                   .where(Conflict.resolved_at.is_(None))) or 0
        return SyncStatus(states.get("pending", 0), states.get("rejected", 0), conflicts,
                          last_sync(session))
