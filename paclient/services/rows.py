"""Reading stored rows: loading one by id, grouping, and turning them into frozen records
(never handing ORM rows out of a service)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from paclient.errors import NotFound
from paclient.models import Base

M = TypeVar("M", bound=Base)
R = TypeVar("R")
T = TypeVar("T")


def as_record(cls: type[R], source: object | Mapping[str, Any], **extra: Any) -> R:
    """Build record `cls` from an ORM row or a mapping, taking the fields it declares."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    get = source.get if isinstance(source, Mapping) else (lambda n: getattr(source, n, None))
    return cls(**{n: extra[n] if n in extra else get(n) for n in names})


def load(session: Session, model: type[M], row_id: uuid.UUID, kind: str) -> M:
    """The live row with this id, or NotFound."""
    row = session.get(model, row_id)
    if row is None or getattr(row, "deleted_at", None) is not None:
        raise NotFound(kind, str(row_id))
    return row


def grouped(rows: Iterable[T], key: Callable[[T], uuid.UUID]) -> dict[uuid.UUID, list[T]]:
    """Rows grouped by a parent id, keeping their order."""
    groups: dict[uuid.UUID, list[T]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def columns(row: Base) -> dict[str, Any]:
    """Every column value of an ORM row, for building a record with changed fields merged."""
    return {attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs}
