"""What is current on people's records, read for the person rules (`ccis.person_rules`): each
person's current activity and the characteristics current on a day. Set-based, so an import
of many people costs a few queries."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.codes import CodeBook
from ccis.person_rules import CurrentActivity, OnRecord
from paclient.models import Activity, Characteristic

_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


def on_records(session: Session, person_ids: Collection[uuid.UUID], on: dt.date,
               codebook: CodeBook) -> dict[uuid.UUID, OnRecord]:
    """Each person's current activity and the characteristics current on `on`, by id (a
    person with neither is left out: `ccis.person_rules.NOTHING`)."""
    ids = list(person_ids)
    activities: dict[uuid.UUID, CurrentActivity] = {}
    characteristics: dict[uuid.UUID, set[str]] = defaultdict(set)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for person_id, code, begun, neet_start in session.execute(
                select(Activity.person_id, Activity.code, Activity.start_date,
                       Activity.neet_start_date)
                .where(Activity.person_id.in_(chunk), Activity.is_current.is_(True),
                       Activity.deleted_at.is_(None))):
            found = CurrentActivity.from_values(
                {"code": code, "start_date": begun, "neet_start_date": neet_start}, codebook)
            if found is not None:
                activities[person_id] = found
        for person_id, code in session.execute(
                select(Characteristic.person_id, Characteristic.code)
                .where(Characteristic.person_id.in_(chunk), Characteristic.deleted_at.is_(None),
                       Characteristic.start_date <= on,
                       Characteristic.end_date.is_(None) | (Characteristic.end_date >= on))):
            characteristics[person_id].add(code)
    return {person_id: OnRecord(activities.get(person_id),
                                frozenset(characteristics.get(person_id, ())))
            for person_id in activities.keys() | characteristics.keys()}
