"""What the person-dependent rules read of a young person, from the hub's generic store.

The hub keeps every synced row as JSON in `record` (`models.Record`); a rule that needs the
person (age, SEND, gender, characteristics, activities) reads them here. `FactRecords` reads
the records of the people a push touches once, and sees the push's own records as it goes
(a characteristic pushed just before an activity counts for it), because `Record` objects are
shared through the session and the batch hands over the ones it writes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis import rules
from ccis.catalogue import PERSON_TABLE
from ccis_hub.models import Record

Row = Mapping[str, Any]
FACT_TABLES = (PERSON_TABLE, "characteristic", "activity")
CHUNK = 500  # ids per IN (...) list


def day(row: Row, name: str) -> dt.date | None:
    """A date field of a row in wire form (ISO text), or None."""
    return rules.as_date(row.get(name))


@dataclass(frozen=True)
class PersonFacts:
    """One young person as the rules see them: their row and their live characteristic and
    activity rows, all in wire form."""

    person: Row
    characteristics: tuple[Row, ...] = ()
    activities: tuple[Row, ...] = ()

    @property
    def dob(self) -> dt.date | None:
        """The date of birth, if the person row holds a readable one."""
        return day(self.person, "date_of_birth")

    @property
    def send(self) -> bool:
        """The SEND (EHC plan) flag."""
        return self.person.get("send") is True

    @property
    def gender(self) -> str:
        """The gender code ("U" when missing)."""
        return str(self.person.get("gender") or "U")

    def characteristics_on(self, on: dt.date) -> set[str]:
        """The codes of the characteristics in force on `on` (start <= on <= end)."""
        found = set()
        for row in self.characteristics:
            start, end = day(row, "start_date"), day(row, "end_date")
            if start is not None and start <= on and (end is None or end >= on):
                found.add(str(row.get("code")))
        return found

    def current_activity(self) -> Row | None:
        """The latest activity (by start date, then recording time), as the device's flag."""
        dated = [a for a in self.activities if day(a, "start_date") is not None]
        if not dated:
            return None
        return max(dated, key=lambda a: (day(a, "start_date"), str(a.get("created_at") or "")))


class FactRecords:
    """The fact records of the people a push touches, read once, and the push's own."""

    def __init__(self, session: Session, person_ids: Collection[uuid.UUID]) -> None:
        self._by_person: dict[uuid.UUID, dict[tuple[str, uuid.UUID], Record]] = {}
        listed = list(person_ids)
        for start in range(0, len(listed), CHUNK):
            self._add(session.scalars(select(Record).where(
                Record.person_id.in_(listed[start:start + CHUNK]),
                Record.table_name.in_(FACT_TABLES))))

    def facts(self, person_id: uuid.UUID, pushed: Iterable[Record] = ()) -> PersonFacts | None:
        """The person's facts, counting `pushed` records (this push's); None when the hub
        holds no live person row for them."""
        self._add(pushed)
        mine = [r for r in self._by_person.get(person_id, {}).values() if not r.deleted]
        person = next((r.fields for r in mine if r.table_name == PERSON_TABLE), None)
        if person is None:
            return None
        return PersonFacts(
            person,
            tuple(r.fields for r in mine if r.table_name == "characteristic"),
            tuple(r.fields for r in mine if r.table_name == "activity"))

    def _add(self, records: Iterable[Record]) -> None:
        for record in records:
            if record.table_name in FACT_TABLES and record.person_id is not None:
                key = (record.table_name, record.row_id)
                self._by_person.setdefault(record.person_id, {})[key] = record
