"""New young people, leaver notifications and new NEETs: each written in one transaction.

A new person and their current activity go in together, so a refused activity leaves no
person behind. A leaver notice (the date a provider told us the young person left) and the
activity they moved to are written together too. The notice and a NEET start are what put a
person on the "leavers and new NEETs not contacted" work list once the contact deadline passes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from ccis import rules
from ccis.codes import CodeBook
from ccis.errors import ValidationError, ValidationErrors
from paclient.models import Activity, YoungPerson
from paclient.services.casework.activities import ActivityService
from paclient.services.casework.records import ActivityRecord
from paclient.services.context import Context
from paclient.services.people.details import PeopleService, load_person, validate_person
from paclient.services.people.duplicates import check_not_duplicate
from paclient.services.people.records import PersonRecord
from paclient.services.problems import Problems, fail


class IntakeService:
    """Adding people with their activity, and recording leavers and new NEETs."""

    def __init__(self, ctx: Context, people: PeopleService,
                 activities: ActivityService) -> None:
        self._ctx = ctx
        self._people = people
        self._activities = activities

    def add_person(self, person: Mapping[str, Any],
                   activity: Mapping[str, Any] | None = None) -> PersonRecord:
        """Add a young person and, if given, their current activity: both or neither."""
        clean = validate_person(person, self._ctx)
        with self._ctx.write.begin() as session:
            check_not_duplicate(session, clean)
            changes = self._ctx.changes(session)
            clean.setdefault("adviser_id", self._ctx.actor.adviser_id)
            row = changes.insert(YoungPerson, **clean)
            changes.audit("create", "young_person", row["id"], row["id"])
            changes.flush()  # the activity's checks read the person back
            if activity is not None:
                self._stage(session, row["id"], activity)
        return self._people.get(row["id"], audited=False)

    def record_leaver(self, person_id: uuid.UUID, *, notified_on: dt.date | None,
                      activity: Mapping[str, Any] | None = None) -> PersonRecord:
        """Record the date a provider said the person left and, if given, the activity they
        moved to (started when they left, found out on the day of the notice)."""
        problems = Problems()
        if problems.date("leaver_notified_on", notified_on, today=self._ctx.today()):
            start = (activity or {}).get("start_date")
            if isinstance(start, dt.date) and notified_on is not None and start > notified_on:
                problems.add("start_date", "left_after_notice",
                             "cannot be after the date the provider told us")
        problems.raise_any()
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            changes = self._ctx.changes(session)
            changes.update(YoungPerson, person_id, {"leaver_notified_on": notified_on},
                           person.rev)
            changes.audit("update", "young_person", person_id, person_id,
                          fields=["leaver_notified_on"])
            changes.flush()
            if activity is not None:
                values = {**_with_neet_start(self._ctx.codebook, activity),
                          "date_ascertained": notified_on}
                _renamed(lambda: self._stage(session, person_id, values),
                         "date_ascertained", "leaver_notified_on")
        return self._people.get(person_id, audited=False)

    def record_neet(self, person_id: uuid.UUID, **activity: Any) -> ActivityRecord:
        """Record a NEET activity (540, 6xx) as current; its NEET start defaults to its start."""
        entry = self._ctx.codebook.entry("activity", str(activity.get("code") or ""),
                                         activity.get("start_date"))
        if entry is None or not rules.is_neet(entry):
            raise fail("code", "neet_code", "must be a NEET activity (540 or 610 to 680)")
        values = _with_neet_start(self._ctx.codebook, activity)
        return self._activities.record_activity(person_id, **values)

    def _stage(self, session: Session, person_id: uuid.UUID,
               values: Mapping[str, Any]) -> None:
        row = self._activities.stage_activity(session, person_id, dict(values))
        changes = self._ctx.changes(session)
        changes.insert(Activity, **row)
        changes.audit("create", "activity", row["id"], person_id, code=row["code"])
        changes.flush()


def _with_neet_start(codebook: CodeBook, activity: Mapping[str, Any]) -> dict[str, Any]:
    """The activity with its NEET start defaulting to its start, when the code is NEET."""
    values = dict(activity)
    entry = codebook.entry("activity", str(values.get("code") or ""), values.get("start_date"))
    if values.get("neet_start_date") is None and entry is not None and rules.is_neet(entry):
        values["neet_start_date"] = values.get("start_date")
    return values


def _renamed(write: Callable[[], None], field: str, shown_as: str) -> None:
    """Run `write`, reporting a problem with `field` as one with the field the adviser saw."""
    try:
        write()
    except ValidationErrors as refused:
        raise ValidationErrors([ValidationError(shown_as if e.field == field else e.field,
                                                e.rule, e.message)
                                for e in refused.errors]) from None
