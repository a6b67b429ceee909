"""Contacts and interview notes: append-only, corrected on the day or by signed addenda."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis import catalogue
from ccis.sensitivity import is_sensitive
from paclient.errors import NoteLocked
from paclient.models import Addendum, Contact, utcnow
from paclient.services.casework.records import AddendumRecord, ContactRecord
from paclient.services.context import Context
from paclient.services.people.details import load_person
from paclient.services.problems import Problems, fail
from paclient.services.rows import as_record, columns, grouped, load

# What a same-day correction may change; everything else on the note is kept.
NOTE_FIELDS = ("occurred_at", "method", "setting", "duration_minutes", "topics", "discussion",
               "agreed", "own_words", "next_appointment_at", "sensitive")
MAX_MINUTES = catalogue.MAX_CONTACT_MINUTES  # the hub checks the same bound


class ContactService:
    """Recording contacts; notes are never edited after the day they were written."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def add_contact(self, person_id: uuid.UUID, *, occurred_at: dt.datetime, method: str,
                    setting: str, duration_minutes: int | None = None,
                    topics: Sequence[str] = (), discussion: str = "", agreed: str = "",
                    own_words: str | None = None, next_appointment_at: dt.datetime | None = None,
                    sensitive: bool | None = None) -> ContactRecord:
        """Record a contact; it is sensitive when any topic is, unless `sensitive` says."""
        values = {"occurred_at": occurred_at, "method": method, "setting": setting,
                  "duration_minutes": duration_minutes, "topics": topics,
                  "discussion": discussion, "agreed": agreed, "own_words": own_words,
                  "next_appointment_at": next_appointment_at, "sensitive": sensitive}
        return self._add(person_id, values, did_not_attend=False)

    def record_did_not_attend(self, person_id: uuid.UUID, *, occurred_at: dt.datetime,
                              method: str, setting: str) -> ContactRecord:
        """Record a missed appointment."""
        values = {"occurred_at": occurred_at, "method": method, "setting": setting}
        return self._add(person_id, values, did_not_attend=True)

    def add_addendum(self, contact_id: uuid.UUID, text: str) -> AddendumRecord:
        """Add a correction to a note, signed by the adviser and dated now."""
        clean = text.strip() if isinstance(text, str) else ""
        if not clean:
            raise fail("text", "required", "is required")
        with self._ctx.write.begin() as session:
            contact = load(session, Contact, contact_id, "contact")
            changes = self._ctx.changes(session)
            row = changes.insert(Addendum, contact_id=contact_id, text=clean,
                                 written_at=utcnow(), signed_by=self._ctx.actor.username)
            changes.audit("create", "addendum", row["id"], contact.person_id,
                          contact_id=str(contact_id))
            changes.flush()
        return as_record(AddendumRecord, row)

    def correct_same_day(self, contact_id: uuid.UUID, **fields: Any) -> ContactRecord:
        """Correct a note on the day it was written; later, raise NoteLocked."""
        unknown = set(fields) - set(NOTE_FIELDS)
        if unknown:
            raise TypeError(f"fields that cannot be corrected: {sorted(unknown)}")
        with self._ctx.write.begin() as session:
            contact = load(session, Contact, contact_id, "contact")
            if written_on(contact.created_at) != self._ctx.today():
                raise NoteLocked(str(contact_id))
            current = {f: getattr(contact, f) for f in NOTE_FIELDS}
            clean = self._validate({**current, **fields})
            if "sensitive" not in fields:  # a correction never quietly lowers sensitivity
                clean["sensitive"] = clean["sensitive"] or contact.sensitive
            changed = {k: v for k, v in clean.items() if current[k] != v}
            changes = self._ctx.changes(session)
            changes.update(Contact, contact_id, changed, contact.rev)
            if changed:
                changes.audit("update", "contact", contact_id, contact.person_id,
                              fields=sorted(changed))
            changes.flush()
            addenda = _addenda(session, [contact_id]).get(contact_id, ())
            return _record({**columns(contact), **changed}, addenda)

    def timeline(self, person_id: uuid.UUID, *, include_sensitive: bool = True,
                 limit: int | None = None, before: dt.datetime | None = None,
                 ) -> list[ContactRecord]:
        """The person's contacts, newest first, each with its addenda."""
        stmt = select(Contact).where(Contact.person_id == person_id,
                                     Contact.deleted_at.is_(None))
        if not include_sensitive:
            stmt = stmt.where(Contact.sensitive.is_(False))
        if before is not None:
            stmt = stmt.where(Contact.occurred_at < before)
        stmt = stmt.order_by(Contact.occurred_at.desc(), Contact.created_at.desc()).limit(limit)
        with self._ctx.read() as session:
            contacts = session.scalars(stmt).all()
            addenda = _addenda(session, [c.id for c in contacts])
            return [_record(c, addenda.get(c.id, ())) for c in contacts]

    def contact(self, contact_id: uuid.UUID) -> ContactRecord:
        """One contact with its addenda."""
        with self._ctx.read() as session:
            contact = load(session, Contact, contact_id, "contact")
            return _record(contact, _addenda(session, [contact_id]).get(contact_id, ()))

    def _add(self, person_id: uuid.UUID, values: dict[str, Any], *,
             did_not_attend: bool) -> ContactRecord:
        clean = self._validate(values)
        with self._ctx.write.begin() as session:
            load_person(session, person_id)
            changes = self._ctx.changes(session)
            row = changes.insert(Contact, person_id=person_id, did_not_attend=did_not_attend,
                                 adviser_id=self._ctx.actor.adviser_id, **clean)
            changes.audit("create", "contact", row["id"], person_id,
                          topics=len(clean["topics"]))
            changes.flush()
        return _record(row, ())

    def _validate(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Normalised note fields, or ValidationErrors listing every broken rule."""
        problems, codebook = Problems(), self._ctx.codebook
        occurred_at = values["occurred_at"]
        day = occurred_at.date() if isinstance(occurred_at, dt.datetime) else None
        if day is None:
            problems.add("occurred_at", "required", "needs a date and time")
        elif day > self._ctx.today():
            problems.add("occurred_at", "not_in_future", "cannot be in the future")
        problems.code(codebook, "contact_method", "method", values["method"], day)
        problems.code(codebook, "contact_setting", "setting", values["setting"], day)
        topics = _topics(values.get("topics"))
        entries = [problems.code(codebook, "topic", "topics", t, day) for t in topics]
        _check_timing(problems, occurred_at if day else None, values)
        problems.raise_any()
        sensitive = values.get("sensitive")
        return {**_clean(values), "topics": list(topics),
                "sensitive": any(map(is_sensitive, entries)) if sensitive is None
                else bool(sensitive)}


def written_on(created_at: dt.datetime) -> dt.date:
    """The local calendar day of a stored (naive UTC) creation time."""
    return created_at.replace(tzinfo=dt.UTC).astimezone().date()


def _topics(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
    return tuple(dict.fromkeys(items))  # drop repeats, keep order


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """The note's fields with text trimmed (an empty own-words quote is no quote)."""
    return {"occurred_at": values["occurred_at"], "method": values["method"],
            "setting": values["setting"], "duration_minutes": values.get("duration_minutes"),
            "discussion": (values.get("discussion") or "").strip(),
            "agreed": (values.get("agreed") or "").strip(),
            "own_words": (values.get("own_words") or "").strip() or None,
            "next_appointment_at": values.get("next_appointment_at")}


def _check_timing(problems: Problems, occurred_at: dt.datetime | None,
                  values: Mapping[str, Any]) -> None:
    minutes = values.get("duration_minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool)
                                or not 1 <= minutes <= MAX_MINUTES):
        problems.add("duration_minutes", "duration_range",
                     f"must be a whole number of minutes from 1 to {MAX_MINUTES}")
    following = values.get("next_appointment_at")
    if following is None:
        return
    if not isinstance(following, dt.datetime):
        problems.add("next_appointment_at", "required", "needs a date and time")
    elif occurred_at is not None and following <= occurred_at:
        problems.add("next_appointment_at", "next_appointment_after_contact",
                     "must be after the contact")


def _addenda(session: Session, contact_ids: Iterable[uuid.UUID],
             ) -> dict[uuid.UUID, tuple[AddendumRecord, ...]]:
    ids = list(contact_ids)
    if not ids:
        return {}
    rows = session.scalars(select(Addendum).where(
        Addendum.contact_id.in_(ids), Addendum.deleted_at.is_(None))
        .order_by(Addendum.written_at)).all()
    return {contact_id: tuple(as_record(AddendumRecord, a) for a in found)
            for contact_id, found in grouped(rows, lambda a: a.contact_id).items()}


def _record(source: Mapping[str, Any] | Contact,
            addenda: tuple[AddendumRecord, ...]) -> ContactRecord:
    values = source if isinstance(source, Mapping) else columns(source)
    return as_record(ContactRecord, values, topics=tuple(values["topics"] or ()),
                     written_on=written_on(values["created_at"]), addenda=addenda)
