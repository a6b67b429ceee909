"""Declarative base, naming convention and the columns every synced row carries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

import uuid_utils.compat as uuid_utils
from sqlalchemy import JSON, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> uuid.UUID:
    """A new row id: a time-ordered UUID (version 7, RFC 9562).

    Ids made one after another sort one after another, so a new row lands at the right-hand
    edge of every index keyed by an id (primary keys, person_id, the outbox) instead of on a
    random page: a big write then touches a few pages per index rather than most of them.
    """
    return uuid_utils.uuid7()


def utcnow() -> dt.datetime:
    """The current time in UTC, naive (all stored times are UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {dict[str, object]: JSON, list[str]: JSON}


class Synced:
    """Columns of DESIGN.md §3 on every row that syncs with the hub.

    `id` is made on the device (`new_id`) so offline rows can be referenced and retried; `rev`
    is the hub's revision when the row was last synced (null before); `deleted_at` is a tombstone.
    """

    # Columns the device works out for itself and never sends to the hub.
    local_only: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
    rev: Mapped[int | None]
    deleted_at: Mapped[dt.datetime | None]


SYNC_COLUMNS = ("id", "created_at", "updated_at", "updated_by", "rev", "deleted_at")
