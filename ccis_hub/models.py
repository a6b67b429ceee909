"""The hub's own tables: accounts, devices, and the synced rows stored generically.

Every synced row of every paclient table lives in `record`, keyed by (table, row id), with its
fields as one JSON document, so the hub needs no migration when a paclient table gains a column.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Index, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ROLES = ("adviser", "team_leader", "admin")


def utcnow() -> dt.datetime:
    """The current time in UTC, naive (all stored times are UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, int: BigInteger}


class Team(Base):
    __tablename__ = "team"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), unique=True)


class User(Base):
    """A hub account: an adviser, a team leader or an administrator."""

    __tablename__ = "hub_user"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Device(Base):
    """A named device a user logged in from, with the hashes of its current tokens.

    A device holds one access and one refresh token at a time: refreshing replaces both, so an
    old refresh token stops working the moment a new one is issued. The tokens descending from
    one password sign-in are a family (`token_family`): a spent refresh token used again ends
    the family (`SpentToken`). `public_key` (Ed25519, hex) checks the device's transfer files;
    it is set once, by the device itself, and never replaced.
    """

    __tablename__ = "device"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    access_hash: Mapped[str] = mapped_column(String(64), unique=True)
    access_expires_at: Mapped[dt.datetime]
    refresh_hash: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_expires_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]
    public_key: Mapped[str | None] = mapped_column(String(64))
    token_family: Mapped[uuid.UUID | None]


class SpentToken(Base):
    """A refresh token already swapped (its hash): seeing it again means it was copied."""

    __tablename__ = "spent_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"), index=True)
    family: Mapped[uuid.UUID | None]
    spent_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class SecurityEvent(Base):
    """Something an administrator should know of (a reused refresh token), by ids only."""

    __tablename__ = "security_event"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[uuid.UUID | None]
    device_id: Mapped[uuid.UUID | None]


class LoginCount(Base):
    """Login attempts not yet forgiven, by a hash of the throttle key (see `throttle.py`).

    Times are seconds of the throttle's clock."""

    __tablename__ = "login_count"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int]
    blocked_until: Mapped[float] = mapped_column(Float)
    last_failure: Mapped[float] = mapped_column(Float)


class Revision(Base):
    """The single-row counter behind the global revision sequence.

    Writers lock it (SELECT ... FOR UPDATE) before anything else and hold it to commit, so
    revisions become visible in the order they were given and a pull never skips one.
    """

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class Record(Base):
    """One synced row of a paclient table, as the hub holds it."""

    __tablename__ = "record"
    __table_args__ = (Index("ix_record_person_rev", "person_id", "rev"),)

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    person_id: Mapped[uuid.UUID | None]
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_user.id"))  # who first pushed it
    fields: Mapped[dict[str, Any]]
    field_revs: Mapped[dict[str, Any]]
    rev: Mapped[int] = mapped_column(unique=True)
    created_rev: Mapped[int]
    deleted: Mapped[bool] = mapped_column(default=False)


class Person(Base):
    """Who owns a young person's records: a hub user, or another authority after a transfer."""

    __tablename__ = "person"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("hub_user.id"), index=True)
    transferred_to_la: Mapped[str | None] = mapped_column(String(3))
    rev: Mapped[int]


class ScopeExit(Base):
    """A person leaving `from_user`'s caseload at revision `rev`: `kind` "transfer" (they were
    the owner) or "share" (a share to them ended or expired)."""

    __tablename__ = "scope_exit"

    rev: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(index=True)
    from_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_user.id"))
    kind: Mapped[str] = mapped_column(String(10), default="transfer")


class PersonShare(Base):
    """A person shared with `user` for a referral, by whoever may transfer the person.

    Active while `ended_rev` is empty and `until` (inclusive, a UTC date) has not passed.
    """

    __tablename__ = "person_share"
    __table_args__ = (Index("ix_person_share_user_person", "user_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_user.id"))
    shared_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_user.id"))
    reason: Mapped[str] = mapped_column(String(200))
    until: Mapped[dt.date | None]
    rev: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_rev: Mapped[int | None]
    ended_at: Mapped[dt.datetime | None]


class AppliedChange(Base):
    """A change already applied, with the result it got: a replay answers the same."""

    __tablename__ = "applied_change"

    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_user.id"))
    result: Mapped[dict[str, Any]]
    applied_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Conflict(Base):
    """A field two devices changed from the same revision: both values are kept."""

    __tablename__ = "conflict"
    __table_args__ = (Index("ix_conflict_row", "table_name", "row_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID]
    person_id: Mapped[uuid.UUID | None]
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_user.id"))
    field: Mapped[str] = mapped_column(String(60))
    device_value: Mapped[Any] = mapped_column(JSON(none_as_null=False))
    hub_value: Mapped[Any] = mapped_column(JSON(none_as_null=False))
    hub_rev: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(20))


class AuthoritySetting(Base):
    """One of the authority's settings (`ccis/authority.py`), set by an admin, sent to devices."""

    __tablename__ = "authority_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64))
