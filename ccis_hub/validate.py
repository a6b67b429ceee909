"""Checks a pushed field value against the paclient column it will land in.

Values arrive as `paclient.storage.db.json_ready` makes them: ids and dates as text. Each
check returns None when the value fits, else a plain sentence a device can show as the reason
its change was rejected (never the value itself: it may be case content).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, String, Uuid

INT_RANGE = (-(2**63), 2**63 - 1)


def problem(table: str, column: Column[object], value: object) -> str | None:
    """Why `value` cannot be stored in `table`.`column`, or None when it can."""
    where = f"Field {table}.{column.name}"
    if value is None:
        return None if column.nullable else f"{where} may not be empty."
    kind = column.type
    if isinstance(kind, Boolean):
        return None if isinstance(value, bool) else f"{where} must be true or false."
    if isinstance(kind, Integer):
        fits = isinstance(value, int) and not isinstance(value, bool)
        if fits and INT_RANGE[0] <= value <= INT_RANGE[1]:  # type: ignore[operator]
            return None
        return f"{where} must be a whole number."
    if isinstance(kind, DateTime):
        return None if _is_datetime(value) else (
            f"{where} must be a date and time in ISO form without a time zone (UTC).")
    if isinstance(kind, Date):
        return None if _is_date(value) else f"{where} must be a date in the form YYYY-MM-DD."
    if isinstance(kind, Uuid):
        return None if _is_uuid(value) else f"{where} must be an id (UUID text)."
    if isinstance(kind, String):  # Text too
        if not isinstance(value, str):
            return f"{where} must be text."
        if kind.length is not None and len(value) > kind.length:
            return f"{where} is longer than {kind.length} characters."
        return None
    if isinstance(kind, JSON):
        return None
    return f"{where} has a type the hub does not know."


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
