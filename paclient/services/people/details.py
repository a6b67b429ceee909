"""Use cases for young people: add, update, look up and view (every view is audited)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection, Mapping
from functools import partial
from typing import Any

from sqlalchemy import String, or_, select
from sqlalchemy.orm import Session

from ccis import identifiers, person_rules, rules
from ccis.catalogue import PERSON_TABLE, TABLES
from ccis.la_dates import LA_FIELDS, check_la_field
from paclient.errors import AmbiguousKey, NotFound
from paclient.models import YoungPerson
from paclient.services.casework.review_prompts import moved, prompt_review
from paclient.services.context import Context
from paclient.services.people.age_out import age_out_records
from paclient.services.people.duplicates import check_not_duplicate
from paclient.services.people.on_record import on_records
from paclient.services.people.records import PersonRecord
from paclient.services.problems import Problems
from paclient.services.rows import as_record

# Fields a user may set; everything else on the row is kept by the application.
PERSON_FIELDS = (
    "ccis_id", "upn", "uln", "given_name", "middle_name", "family_name", "preferred_name",
    "date_of_birth", "gender", "ethnicity", "address_line1", "address_line2", "address_line3",
    "address_line4", "town", "postcode", "phone", "phone_verified_on", "email",
    "email_verified_on", "establishment_number", "school_name", "lead_la", "educated_la",
    "la_at_year_11", "send", "sen_support", "level_of_need", "cohort_status", "adviser_id",
    "leaver_notified_on", "confidentiality_explained_on", "year_9_review_attended_on",
    "lda_completed_on",
)
# Dates of what has happened (their catalogue rule): never after today.
PAST_DATES = tuple(n for n, f in TABLES[PERSON_TABLE].fields.items() if f.past)


class PeopleService:
    """Adding, changing and reading young people. Each method is one short transaction."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def add_person(self, **values: Any) -> PersonRecord:
        """Validate and add one young person; raise ValidationErrors with every problem."""
        clean = self.validate(values)
        with self._ctx.write.begin() as session:
            check_not_duplicate(session, clean)
            changes = self._ctx.changes(session)
            clean.setdefault("adviser_id", self._ctx.actor.adviser_id)
            row = changes.insert(YoungPerson, **clean)
            changes.audit("create", "young_person", row["id"], row["id"])
            changes.flush()
        return self._record(row)

    def update_person(self, person_id: uuid.UUID, **values: Any) -> PersonRecord:
        """Change some fields of a person; the merged result must pass every rule."""
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            current = {f: getattr(person, f) for f in PERSON_FIELDS}
            touched = {k for k, v in values.items() if current.get(k) != _tidy(v)}
            found = on_records(session, [person_id], self._ctx.today(), self._ctx.codebook)
            clean = validate_person({**current, **values}, self._ctx, before=current,
                                    changed=touched,
                                    on_record=found.get(person_id, person_rules.NOTHING))
            changed = {k: v for k, v in clean.items() if k in values and current.get(k) != v}
            check_not_duplicate(session, clean, person_id=person_id, before=current)
            changes = self._ctx.changes(session)
            changes.update(YoungPerson, person_id, changed, person.rev)
            prompt_review(changes, person_id, moved(current, changed), self._ctx.today())
            if changed:
                changes.audit("update", "young_person", person_id, person_id,
                              fields=sorted(changed))
            changes.flush()
        return self.get(person_id, audited=False)

    def age_out(self) -> int:
        """Once a day, records past their age-out birthday get cohort status A (`age_out`)."""
        return age_out_records(self._ctx)

    def get(self, person_id: uuid.UUID, *, audited: bool = True) -> PersonRecord:
        """The person's details; opening a record is audited as a view."""
        if audited:
            with self._ctx.write.begin() as session:
                person = load_person(session, person_id)
                changes = self._ctx.changes(session)
                changes.audit("view", "young_person", person_id, person_id)
                changes.flush()
        else:
            with self._ctx.read() as session:
                person = load_person(session, person_id)
        return self._record(person)

    def find(self, key: str) -> PersonRecord:
        """The one person whose id (or its first or last 8+ characters), UPN, ULN or CCIS id
        is `key`; NotFound, or AmbiguousKey when several match."""
        key = key.strip()
        with self._ctx.read() as session:
            found = session.scalars(_lookup(key).limit(2)).all()
        if not found:
            raise NotFound("young person", key)
        if len(found) > 1:
            raise AmbiguousKey("young person", key)
        return self._record(found[0])

    def validate(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Normalised values, or ValidationErrors listing every broken rule."""
        return validate_person(values, self._ctx)

    def _record(self, source: object) -> PersonRecord:
        dob = _value(source, "date_of_birth")
        today = self._ctx.today()
        return as_record(PersonRecord, source, academic_age=rules.academic_age(dob, today),
                         year_group=rules.year_group(dob, today))


def validate_person(values: Mapping[str, Any], ctx: Context, *,
                    before: Mapping[str, Any] | None = None,
                    on_record: person_rules.OnRecord = person_rules.NOTHING,
                    changed: Collection[str] | None = None) -> dict[str, Any]:
    """Check a person's values against identifier formats, code lists, dates and the rules of
    their record (`ccis.person_rules`, given what is current on it; only those reading a
    field in `changed` when given; `before`: the stored values a change starts from)."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    clean: dict[str, Any] = {k: _tidy(v) for k, v in values.items()}
    problems = Problems()
    for name in ("given_name", "family_name", "date_of_birth"):
        if not clean.get(name):
            problems.add(name, "required", "is required")
    for name, check in _identifier_checks(ctx, clean, before or {}).items():
        if clean.get(name):
            clean[name] = problems.catch(partial(check, clean[name], name)) or clean[name]
    for name in ("gender", "ethnicity", "cohort_status"):
        if clean.get(name):
            problems.code(ctx.codebook, name, name, clean[name], None)
    if clean.get("level_of_need") not in (None, 1, 2, 3):
        problems.add("level_of_need", "level_of_need_code", "must be 1, 2 or 3")
    for name in PAST_DATES:
        if isinstance(clean.get(name), dt.date):
            problems.date(name, clean[name], today=ctx.today())
    facts = person_rules.PersonFacts.from_values(clean)
    if facts is not None:
        problems.errors += person_rules.person_problems(
            facts, on_record, on=ctx.today(), codebook=ctx.codebook, policy=ctx.policy,
            changed=changed)
    problems.raise_any()
    return clean


def _identifier_checks(ctx: Context, clean: Mapping[str, Any], before: Mapping[str, Any]
                       ) -> dict[str, Callable[[str, str], str]]:
    def la(value: str, name: str) -> str:  # in force on its date (ccis.la_dates)
        if all(before.get(f) == clean.get(f) for f in (name, *LA_FIELDS["young_person", name])):
            return identifiers.check_la_code(value, name, ctx.codebook)  # kept as stored
        return check_la_field("young_person", name, value, clean, ctx.today(), ctx.codebook)

    return {"upn": identifiers.check_upn, "uln": identifiers.check_uln,
            "postcode": identifiers.check_postcode, "email": identifiers.check_email,
            "phone": identifiers.check_phone,
            "establishment_number": identifiers.check_establishment_number,
            "ccis_id": identifiers.check_young_persons_id,
            "lead_la": la, "educated_la": la, "la_at_year_11": la}


def _tidy(value: object) -> object:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return value


def _value(source: object, name: str) -> Any:
    return source[name] if isinstance(source, Mapping) else getattr(source, name)


def load_person(session: Session, person_id: uuid.UUID) -> YoungPerson:
    person = session.get(YoungPerson, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound("young person", str(person_id))
    return person


def _lookup(key: str) -> Any:
    conditions = [YoungPerson.upn == key.upper(), YoungPerson.uln == key,
                  YoungPerson.ccis_id == key]
    compact = key.replace("-", "").lower()
    if len(compact) == 32:
        conditions.append(YoungPerson.id == _uuid_or_none(compact))
    elif len(compact) >= 8 and all(c in "0123456789abcdef" for c in compact):
        # Uuid columns are stored as 32 hex characters in SQLite, so part of one can match.
        # Ids are time-ordered: their first characters are shared by people added together,
        # their last ones are random (the short id the command line shows).
        as_text = YoungPerson.id.cast(String)
        conditions += [as_text.like(compact + "%"), as_text.like("%" + compact)]
    return select(YoungPerson).where(or_(*conditions), YoungPerson.deleted_at.is_(None))


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
