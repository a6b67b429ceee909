"""What the caseload table shows beside each person's own row: the next action due and flags.

Both are read for a whole page of people in a few grouped queries, never one query per person:
for the whole caseload each query is one pass over its table; for a search or a short work list,
only the people listed are looked up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from paclient.models import Action, ActionPlan, Characteristic, CustodyEpisode

LOOKUP_LIMIT = 20_000  # more people: one pass over each table beats looking each one up
CUSTODY = "custody"  # the flag of someone in custody now (not a characteristic code)


@dataclass(frozen=True, slots=True)
class Extras:
    """The next open action due on the live plan, and flags: characteristic codes in force
    today, plus CUSTODY while in custody."""

    next_action_due: dt.date | None = None
    flags: tuple[str, ...] = ()


NONE = Extras()
Wanted = Collection[uuid.UUID] | None  # None: everyone


def caseload_extras(session: Session, person_ids: Collection[uuid.UUID] | None,
                    today: dt.date) -> dict[uuid.UUID, Extras]:
    """Extras of the people in `person_ids` (None: everyone); people with none are left out."""
    if person_ids is not None and not person_ids:
        return {}
    wanted: Wanted = (person_ids if person_ids is not None and len(person_ids) <= LOOKUP_LIMIT
                      else None)
    due: dict[uuid.UUID, dt.date] = {
        pid: day for pid, day in session.execute(
            _next_actions(wanted)).all()}
    flags: dict[uuid.UUID, list[str]] = defaultdict(list)
    for person_id, code in session.execute(_characteristics(today, wanted)).all():
        flags[person_id].append(code)
    for (person_id,) in session.execute(_in_custody(wanted)).all():
        flags[person_id].append(CUSTODY)
    return {pid: Extras(due.get(pid), tuple(flags.get(pid, ())))
            for pid in due.keys() | flags.keys()}


def _among(column: ColumnElement[uuid.UUID] | InstrumentedAttribute[uuid.UUID],
           wanted: Wanted) -> ColumnElement[bool]:
    return true() if wanted is None else column.in_(list(wanted))


def _next_actions(wanted: Wanted) -> Select[uuid.UUID, dt.date]:
    return (select(ActionPlan.person_id, func.min(Action.due_on))
            .join(Action, Action.plan_id == ActionPlan.id)
            .where(ActionPlan.closed_on.is_(None), ActionPlan.deleted_at.is_(None),
                   Action.status == "open", Action.deleted_at.is_(None),
                   _among(ActionPlan.person_id, wanted))
            .group_by(ActionPlan.person_id))


def _characteristics(today: dt.date, wanted: Wanted) -> Select[uuid.UUID, str]:
    return (select(Characteristic.person_id, Characteristic.code)
            .where(Characteristic.deleted_at.is_(None), Characteristic.start_date <= today,
                   or_(Characteristic.end_date.is_(None), Characteristic.end_date >= today),
                   _among(Characteristic.person_id, wanted))
            .order_by(Characteristic.person_id, Characteristic.code))


def _in_custody(wanted: Wanted) -> Select[uuid.UUID]:
    return (select(CustodyEpisode.person_id).distinct()
            .where(CustodyEpisode.released_on.is_(None), CustodyEpisode.deleted_at.is_(None),
                   _among(CustodyEpisode.person_id, wanted)))
