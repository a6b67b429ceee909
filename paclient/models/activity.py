"""Activity history (never overwritten), intended destination and September Guarantee offers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced

# The current activity, kept by the store's triggers (CURRENT_ACTIVITY_DDL in the migration).
CURRENT = text("is_current = 1")


class Activity(Synced, Base):
    """One recorded activity; the person's current activity is the latest by start date.

    `is_current` marks that latest one (by start date, then by when it was recorded, ignoring
    tombstones). Triggers in the database keep it, whoever writes the rows (a service, a sync
    from the hub), so work lists find current activities through the partial indexes below
    instead of working out the latest for every person. It is local: never sent to the hub.
    """

    __tablename__ = "activity"
    local_only: ClassVar[frozenset[str]] = frozenset({"is_current"})

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"))
    code: Mapped[str] = mapped_column(String(3))
    start_date: Mapped[dt.date]
    date_ascertained: Mapped[dt.date]
    date_verified: Mapped[dt.date | None]
    review_date: Mapped[dt.date | None]
    predicted_end_date: Mapped[dt.date | None]
    due_to_lapse_date: Mapped[dt.date | None]
    neet_start_date: Mapped[dt.date | None]
    provider_establishment_number: Mapped[str | None] = mapped_column(String(7))
    provider_ukprn: Mapped[str | None] = mapped_column(String(8))
    provider_name: Mapped[str | None] = mapped_column(String(200))
    is_current: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        Index("ix_activity_person_start", "person_id", "start_date", "created_at"),
        # Not unique: an update moving a current row to another person briefly gives them two,
        # until the update trigger has run.
        Index("ix_activity_current_person", "person_id", sqlite_where=CURRENT),
        Index("ix_activity_current_lapse", "due_to_lapse_date", sqlite_where=CURRENT),
        # With the person, so a search by code needs no activity row (migration 0002).
        Index("ix_activity_current_code", "code", "person_id", sqlite_where=CURRENT),
    )


class IntendedDestination(Synced, Base):
    __tablename__ = "intended_destination"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    code: Mapped[str] = mapped_column(String(3))
    recorded_on: Mapped[dt.date]
    notes: Mapped[str | None] = mapped_column(String(500))


class GuaranteeOffer(Synced, Base):
    """A September Guarantee status for Year 11 or Year 12."""

    __tablename__ = "guarantee_offer"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    year_group: Mapped[int]
    status: Mapped[str] = mapped_column(String(3))
    recorded_on: Mapped[dt.date]
    provider_name: Mapped[str | None] = mapped_column(String(200))
    la: Mapped[str | None] = mapped_column(String(3))
