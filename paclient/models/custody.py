"""Custody episodes with the resettlement checklist and pre-release liaison."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced

RESETTLEMENT_ITEMS = (
    "cv", "interview_skills", "job_search", "learning_provider", "housing",
    "benefits_and_debt", "bank_account", "disclosure_advice",
)


class CustodyEpisode(Synced, Base):
    __tablename__ = "custody_episode"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    establishment: Mapped[str] = mapped_column(String(200))
    admitted_on: Mapped[dt.date]
    expected_release_on: Mapped[dt.date | None]
    released_on: Mapped[dt.date | None]
    home_la: Mapped[str | None] = mapped_column(String(3))
    checklist: Mapped[dict[str, object]] = mapped_column(default=dict)  # item -> date done
    liaison_contact: Mapped[str | None] = mapped_column(String(200))
    pre_release_liaison_on: Mapped[dt.date | None]
    transfer_pack_sent_on: Mapped[dt.date | None]
