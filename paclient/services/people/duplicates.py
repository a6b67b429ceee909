"""One record per young person: a UPN, ULN or CCIS id held by someone else, or the same names
and date of birth (compared without case or accents), is refused where a person is added or
changed (the NCCIS duplicate rules: same ID, same ULN, same name and date of birth)."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from paclient.errors import DuplicatePerson
from paclient.models import YoungPerson

IDENTIFIERS = ("upn", "uln", "ccis_id")


def name_key(name: object) -> str:
    """A name as duplicates are compared: without accents, case or extra spaces."""
    text = unicodedata.normalize("NFKD", name if isinstance(name, str) else "")
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def person_key(values: Mapping[str, Any]) -> tuple[str, str, object] | None:
    """(given name, family name, date of birth) as compared, or None if one is missing."""
    given, family = name_key(values.get("given_name")), name_key(values.get("family_name"))
    dob = values.get("date_of_birth")
    return (given, family, dob) if given and family and dob else None


def check_not_duplicate(session: Session, values: Mapping[str, Any], *,
                        person_id: uuid.UUID | None = None,
                        before: Mapping[str, Any] | None = None) -> None:
    """DuplicatePerson if someone other than `person_id` on record has one of `values`' keys;
    for a change, only the keys that differ from `before` are checked (an old pair of
    records does not block unrelated edits)."""
    live: list[ColumnElement[bool]] = [YoungPerson.deleted_at.is_(None)]
    if person_id is not None:
        live.append(YoungPerson.id != person_id)
    for field in IDENTIFIERS:
        value = values.get(field)
        if value and (before is None or before.get(field) != value):
            found = session.scalars(select(YoungPerson.id).where(
                getattr(YoungPerson, field) == value, *live).limit(1)).first()
            if found is not None:
                raise DuplicatePerson(found, field)
    key = person_key(values)
    if key is None or (before is not None and person_key(before) == key):
        return
    same_day = session.execute(select(YoungPerson.id, YoungPerson.given_name,
                                      YoungPerson.family_name)
                               .where(YoungPerson.date_of_birth == key[2], *live))
    for found, given, family in same_day:
        if (name_key(given), name_key(family)) == key[:2]:
            raise DuplicatePerson(found, "date_of_birth")
