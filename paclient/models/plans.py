"""Assessments by factor, action plans with actions, and reviews (the APIR cycle)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced


class Assessment(Synced, Base):
    __tablename__ = "assessment"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    assessed_on: Mapped[dt.date]
    level_of_need: Mapped[int]
    summary: Mapped[str] = mapped_column(Text, default="")
    caf_episode_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caf_episode.id"))


class AssessmentFactor(Synced, Base):
    __tablename__ = "assessment_factor"

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"), index=True)
    factor: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int]  # 0 no need, 1 some, 2 significant, 3 urgent
    note: Mapped[str] = mapped_column(Text, default="")
    sensitive: Mapped[bool] = mapped_column(default=False)


class ActionPlan(Synced, Base):
    """One live plan per young person; closed plans are kept."""

    __tablename__ = "action_plan"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    started_on: Mapped[dt.date]
    next_review_on: Mapped[dt.date]
    closed_on: Mapped[dt.date | None]
    review_reason: Mapped[str | None] = mapped_column(String(20))  # why the review came forward

    # Live plans only: whether a person has one, its next review, and (scanned whole, one entry
    # per person at most) which are overdue, all without reading the table.
    __table_args__ = (Index("ix_action_plan_live", "person_id", "next_review_on",
                            sqlite_where=text("closed_on IS NULL AND deleted_at IS NULL")),)


class Action(Synced, Base):
    __tablename__ = "action"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("action_plan.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(20))  # young_person, adviser, parent_carer, agency
    owner_name: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open, done, dropped
    done_on: Mapped[dt.date | None]
    drop_reason: Mapped[str | None] = mapped_column(Text)


class Review(Synced, Base):
    __tablename__ = "review"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("action_plan.id"), index=True)
    reviewed_on: Mapped[dt.date]
    progress: Mapped[str] = mapped_column(Text, default="")
    achievements: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[dt.date]
