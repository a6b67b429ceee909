"""Activity history (never overwritten), intended destination and September Guarantee offers."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced


class Activity(Synced, Base):
    """One recorded activity; the person's current activity is the latest by start date."""

    __tablename__ = "activity"

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

    __table_args__ = (Index("ix_activity_person_start", "person_id", "start_date", "created_at"),)


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
