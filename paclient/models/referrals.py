"""Referrals and signposting to other services, and CAF episodes with their meetings."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced


class Referral(Synced, Base):
    __tablename__ = "referral"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    service: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(12), default="referral")  # referral, signposting
    route: Mapped[str] = mapped_column(String(10), default="direct")  # direct, caf
    caf_episode_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caf_episode.id"))
    sent_on: Mapped[dt.date]
    sends_data: Mapped[bool] = mapped_column(default=True)
    consent_reference: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text, default="")
    follow_up_due: Mapped[dt.date | None] = mapped_column(index=True)
    acknowledged_on: Mapped[dt.date | None]
    outcome: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[dt.date | None]
    sensitive: Mapped[bool] = mapped_column(default=False)


class CafEpisode(Synced, Base):
    __tablename__ = "caf_episode"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    opened_on: Mapped[dt.date]
    pre_assessment_done: Mapped[bool] = mapped_column(default=False)
    consent_given_by: Mapped[str | None] = mapped_column(String(20))  # young_person, parent
    consent_on: Mapped[dt.date | None]
    consent_agencies: Mapped[list[str]] = mapped_column(default=list)
    lead_professional_name: Mapped[str | None] = mapped_column(String(120))
    lead_professional_agency: Mapped[str | None] = mapped_column(String(120))
    review_on: Mapped[dt.date | None]
    closed_on: Mapped[dt.date | None]
    closure_reason: Mapped[str | None] = mapped_column(Text)


class CafMeeting(Synced, Base):
    """A Team Around the Child meeting."""

    __tablename__ = "caf_meeting"

    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("caf_episode.id"), index=True)
    held_on: Mapped[dt.date]
    attendees: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")


class CafReview(Synced, Base):
    """A review of a CAF episode: progress so far and what was decided."""

    __tablename__ = "caf_review"

    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("caf_episode.id"), index=True)
    reviewed_on: Mapped[dt.date]
    progress: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(10))  # ccis.catalogue.CAF_DECISIONS
