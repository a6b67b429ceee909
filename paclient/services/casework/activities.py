"""Use cases for the activity history, intended destinations and September Guarantee offers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis import identifiers, rules, year_rules
from ccis.errors import ValidationError, ValidationErrors
from ccis.la_dates import check_la_field
from paclient.models import (
    Activity,
    Characteristic,
    GuaranteeOffer,
    IntendedDestination,
    new_id,
)
from paclient.services.casework.records import (
    ActivityRecord,
    DestinationRecord,
    GuaranteeOfferRecord,
)
from paclient.services.casework.review_prompts import became_neet, prompt_review
from paclient.services.context import Context
from paclient.services.people.details import load_person as get_person
from paclient.services.rows import as_record

ACTIVITY_FIELDS = (
    "code", "start_date", "date_ascertained", "date_verified", "review_date",
    "predicted_end_date", "neet_start_date", "provider_establishment_number", "provider_ukprn",
    "provider_name",
)


def activity_row(ctx: Context, person_id: uuid.UUID, values: Mapping[str, Any], *,
                 dob: dt.date, send: bool, gender: str,
                 characteristics_on_start: Iterable[str]) -> dict[str, Any]:
    """The checked row for a new activity of a person with these facts, its lapse date worked
    out: the one place an activity is checked, for the service and the demo's batches alike."""
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    row = {f: values.get(f) for f in ACTIVITY_FIELDS}
    entry = ctx.codebook.entry("activity", row["code"] or "", row["start_date"])
    if entry is None:
        raise ValidationErrors([ValidationError(
            "code", "activity_code", f"'{row['code']}' is not an activity code")])
    _check_providers(row)
    rules.check_activity(
        code_entry=entry, start_date=row["start_date"],
        date_ascertained=row["date_ascertained"], date_verified=row["date_verified"],
        review_date=row["review_date"], predicted_end_date=row["predicted_end_date"],
        neet_start_date=row["neet_start_date"], dob=dob, send=send, gender=gender,
        characteristics_on_start=set(characteristics_on_start), codebook=ctx.codebook,
        on_date=ctx.today())
    row["person_id"] = person_id
    row["due_to_lapse_date"] = rules.due_to_lapse(
        entry, date_verified=row["date_verified"], date_ascertained=row["date_ascertained"],
        predicted_end=row["predicted_end_date"], policy=ctx.policy)
    return row


class ActivityService:
    """Recording activities (history is never overwritten) and destinations."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def record_activity(self, person_id: uuid.UUID, **values: Any) -> ActivityRecord:
        """Validate and add a new current activity, its lapse date computed."""
        with self._ctx.write.begin() as session:
            row = self.stage_activity(session, person_id, values)
            changes = self._ctx.changes(session)
            changes.insert(Activity, **row)
            prompt_review(changes, person_id, became_neet(self._ctx.codebook, row),
                          row["neet_start_date"] or row["start_date"])  # DOMAIN §2
            changes.audit("create", "activity", row["id"], person_id, code=row["code"])
            changes.flush()
        return self._record(row)

    def stage_activity(self, session: Session, person_id: uuid.UUID,
                       values: dict[str, Any]) -> dict[str, Any]:
        """The validated row for a new activity (not yet written)."""
        person = get_person(session, person_id)
        characteristics = _characteristics_on(session, person_id, values.get("start_date"))
        row = activity_row(self._ctx, person_id, values, dob=person.date_of_birth,
                           send=person.send, gender=person.gender,
                           characteristics_on_start=characteristics)
        row["id"] = new_id()
        return row

    def history(self, person_id: uuid.UUID) -> list[ActivityRecord]:
        """Every activity of the person, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(
                select(Activity).where(Activity.person_id == person_id,
                                       Activity.deleted_at.is_(None))
                .order_by(Activity.start_date.desc(), Activity.created_at.desc())).all()
            return [self._record(r) for r in rows]

    def current(self, person_id: uuid.UUID) -> ActivityRecord | None:
        """The latest activity, or None if none was ever recorded."""
        history = self.history(person_id)
        return history[0] if history else None

    def set_intended_destination(self, person_id: uuid.UUID, code: str,
                                 recorded_on: dt.date, notes: str | None = None) -> uuid.UUID:
        """Record the intended destination of a young person in Year 11 on `recorded_on`."""
        self._require_code("intended_destination", code, "code", recorded_on)

        def check(dob: dt.date) -> None:
            year_rules.check_intended_destination(recorded_on=recorded_on, dob=dob,
                                                  on_date=self._ctx.today())

        return self._insert_simple(IntendedDestination, person_id, check, code=code,
                                   recorded_on=recorded_on, notes=notes)

    def record_guarantee_offer(self, person_id: uuid.UUID, *, year_group: int, status: str,
                               recorded_on: dt.date, provider_name: str | None = None,
                               la: str | None = None) -> uuid.UUID:
        """Record a September Guarantee status for the person's own Guarantee year (11 or 12)
        on `recorded_on`."""
        if year_group not in (11, 12):
            raise ValidationErrors([ValidationError("year_group", "guarantee_year",
                                                    "must be 11 or 12")])
        self._require_code("guarantee_status", status, "status", recorded_on)
        entry = self._ctx.codebook.entry("guarantee_status", status, recorded_on)
        assert entry is not None  # _require_code found it
        if la:
            la = check_la_field("guarantee_offer", "la", la, {"recorded_on": recorded_on},
                                self._ctx.today(), self._ctx.codebook)

        def check(dob: dt.date) -> None:
            year_rules.check_guarantee_offer(status_entry=entry, year_group=year_group,
                                             recorded_on=recorded_on, dob=dob,
                                             on_date=self._ctx.today())

        return self._insert_simple(GuaranteeOffer, person_id, check, year_group=year_group,
                                   status=status, recorded_on=recorded_on,
                                   provider_name=provider_name, la=la)

    def destinations(self, person_id: uuid.UUID) -> list[DestinationRecord]:
        """Every intended destination recorded for the person, newest first."""
        with self._ctx.read() as session:
            return [as_record(DestinationRecord, r,
                              label=self._label("intended_destination", r.code))
                    for r in _newest_first(session, IntendedDestination, person_id)]

    def guarantee_offers(self, person_id: uuid.UUID) -> list[GuaranteeOfferRecord]:
        """Every September Guarantee status recorded for the person, newest first."""
        with self._ctx.read() as session:
            return [as_record(GuaranteeOfferRecord, r,
                              status_label=self._label("guarantee_status", r.status))
                    for r in _newest_first(session, GuaranteeOffer, person_id)]

    def _label(self, code_list: str, code: str) -> str:
        entry = self._ctx.codebook.entry(code_list, code)
        return entry.label if entry else code

    def _require_code(self, code_list: str, code: str, field: str, on: dt.date) -> None:
        if not self._ctx.codebook.is_valid(code_list, code, on):
            raise ValidationErrors([ValidationError(field, f"{code_list}_code",
                                                    f"'{code}' is not a valid code")])

    def _insert_simple(self, model: Any, person_id: uuid.UUID,
                       check: Callable[[dt.date], None], **values: Any) -> uuid.UUID:
        """Insert a row after `check` passed on the person's date of birth."""
        with self._ctx.write.begin() as session:
            check(get_person(session, person_id).date_of_birth)
            changes = self._ctx.changes(session)
            row = changes.insert(model, person_id=person_id, **values)
            changes.audit("create", model.__tablename__, row["id"], person_id)
            changes.flush()
        return uuid.UUID(str(row["id"]))

    def _record(self, source: dict[str, Any] | Activity) -> ActivityRecord:
        code = source["code"] if isinstance(source, dict) else source.code
        entry = self._ctx.codebook.activity(code)
        return as_record(ActivityRecord, source, label=entry.label, group=entry.group)


def _newest_first(session: Session, model: Any, person_id: uuid.UUID) -> list[Any]:
    return list(session.scalars(
        select(model).where(model.person_id == person_id, model.deleted_at.is_(None))
        .order_by(model.recorded_on.desc(), model.created_at.desc())).all())


def _characteristics_on(session: Session, person_id: uuid.UUID, on: dt.date | None) -> set[str]:
    if on is None:
        return set()
    rows = session.execute(select(Characteristic.code).where(
        Characteristic.person_id == person_id, Characteristic.deleted_at.is_(None),
        Characteristic.start_date <= on,
        (Characteristic.end_date.is_(None)) | (Characteristic.end_date >= on)))
    return {code for (code,) in rows}


def _check_providers(row: dict[str, Any]) -> None:
    errors: list[ValidationError] = []
    for name, check in (("provider_establishment_number", identifiers.check_establishment_number),
                        ("provider_ukprn", identifiers.check_ukprn)):
        if row.get(name):
            try:
                row[name] = check(row[name], name)
            except ValidationError as exc:
                errors.append(exc)
    if errors:
        raise ValidationErrors(errors)
