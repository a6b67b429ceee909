"""Checks a pushed field value against its field in the shared catalogue (`ccis.catalogue`):
its shape here, then the domain rule both sides apply (`ccis.row_rules`).

Values arrive as `paclient.storage.db.json_ready` makes them: ids and dates as text. Each
check returns None when the value fits, else a plain sentence a device can show as the reason
its change was rejected (never the value itself: it may be case content).
"""

from __future__ import annotations

import datetime as dt
import uuid

from ccis.catalogue import Field
from ccis.codes import load_codebook
from ccis.row_rules import value_problem

INT_RANGE = (-(2**63), 2**63 - 1)


def problem(table: str, name: str, field: Field, value: object) -> str | None:
    """Why `value` cannot be stored in `table`.`name`, or None when it can."""
    where = f"Field {table}.{name}"
    found = _shape_problem(where, field, value)
    if found is None:
        rule = value_problem(field, value, load_codebook())
        found = None if rule is None else f"{where} {rule}."
    return found


def _shape_problem(where: str, field: Field, value: object) -> str | None:
    if value is None:
        return None if field.nullable else f"{where} may not be empty."
    kind = field.kind
    if kind == "flag":
        return None if isinstance(value, bool) else f"{where} must be true or false."
    if kind == "number":
        fits = isinstance(value, int) and not isinstance(value, bool)
        if fits and INT_RANGE[0] <= value <= INT_RANGE[1]:  # type: ignore[operator]
            return None
        return f"{where} must be a whole number."
    if kind == "time":
        return None if _is_datetime(value) else (
            f"{where} must be a date and time in ISO form without a time zone (UTC).")
    if kind == "date":
        return None if _is_date(value) else f"{where} must be a date in the form YYYY-MM-DD."
    if kind == "id":
        return None if _is_uuid(value) else f"{where} must be an id (UUID text)."
    if kind in ("text", "note"):
        if not isinstance(value, str):
            return f"{where} must be text."
        if field.length is not None and len(value) > field.length:
            return f"{where} is longer than {field.length} characters."
        return None
    return None  # "json": any JSON value


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is None and parsed.isoformat() == value


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False
