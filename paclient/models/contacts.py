"""Contacts and interview notes (append-only) and the addenda that correct them."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced


class Contact(Synced, Base):
    __tablename__ = "contact"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"))
    adviser_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("adviser.id"))
    occurred_at: Mapped[dt.datetime]
    method: Mapped[str] = mapped_column(String(20))
    setting: Mapped[str] = mapped_column(String(20))
    duration_minutes: Mapped[int | None]
    topics: Mapped[list[str]] = mapped_column(default=list)
    discussion: Mapped[str] = mapped_column(Text, default="")
    agreed: Mapped[str] = mapped_column(Text, default="")
    own_words: Mapped[str | None] = mapped_column(Text)
    next_appointment_at: Mapped[dt.datetime | None]
    did_not_attend: Mapped[bool] = mapped_column(default=False)
    sensitive: Mapped[bool] = mapped_column(default=False)

    # With the two flags in the index, "was this person seen since that day" (the
    # leaver-not-contacted list) is answered from the index, never from the large table.
    __table_args__ = (Index("ix_contact_person_when", "person_id", "occurred_at", "did_not_attend",
                            "deleted_at"),)


class Addendum(Synced, Base):
    """A signed, dated correction to a note written on an earlier day."""

    __tablename__ = "addendum"

    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[dt.datetime]
    signed_by: Mapped[str] = mapped_column(String(120))
