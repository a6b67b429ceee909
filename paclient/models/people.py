"""The young person and what hangs directly off them: carers, characteristics, consent, safety."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced


class YoungPerson(Synced, Base):
    __tablename__ = "young_person"

    ccis_id: Mapped[str | None] = mapped_column(String(13), unique=True)  # YoungPersonsID
    upn: Mapped[str | None] = mapped_column(String(13), index=True)
    uln: Mapped[str | None] = mapped_column(String(10), index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date]
    gender: Mapped[str] = mapped_column(String(1), default="U")
    ethnicity: Mapped[str | None] = mapped_column(String(4))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    address_line3: Mapped[str | None] = mapped_column(String(200))
    address_line4: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(8))
    phone: Mapped[str | None] = mapped_column(String(40))
    phone_verified_on: Mapped[dt.date | None]
    email: Mapped[str | None] = mapped_column(String(200))
    email_verified_on: Mapped[dt.date | None]
    establishment_number: Mapped[str | None] = mapped_column(String(7))
    school_name: Mapped[str | None] = mapped_column(String(200))
    lead_la: Mapped[str | None] = mapped_column(String(3))
    educated_la: Mapped[str | None] = mapped_column(String(3))
    la_at_year_11: Mapped[str | None] = mapped_column(String(3))
    send: Mapped[bool] = mapped_column(default=False)
    sen_support: Mapped[bool] = mapped_column(default=False)
    level_of_need: Mapped[int | None]
    cohort_status: Mapped[str] = mapped_column(String(1), default="P")
    adviser_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("adviser.id"), index=True)
    leaver_notified_on: Mapped[dt.date | None]
    confidentiality_explained_on: Mapped[dt.date | None]
    year_9_review_attended_on: Mapped[dt.date | None]
    lda_completed_on: Mapped[dt.date | None]  # Section 139A learning difficulty assessment

    __table_args__ = (
        Index("ix_young_person_names", "family_name", "given_name"),
        # Work lists start from people picked by birth date, level of need or leaver notice;
        # with `id` in these indexes, the ids to start from are read from the index alone.
        Index("ix_young_person_date_of_birth", "date_of_birth", "id"),
        Index("ix_young_person_need", "level_of_need", "id",
              sqlite_where=text("level_of_need IS NOT NULL")),
        Index("ix_young_person_leaver", "leaver_notified_on", "id",
              sqlite_where=text("leaver_notified_on IS NOT NULL")),
    )


class ParentCarer(Synced, Base):
    __tablename__ = "parent_carer"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    permission_to_contact: Mapped[bool] = mapped_column(default=False)


class Characteristic(Synced, Base):
    __tablename__ = "characteristic"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    code: Mapped[str] = mapped_column(String(3))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
    source: Mapped[str | None] = mapped_column(String(100))
    sensitive: Mapped[bool] = mapped_column(default=False)


class Consent(Synced, Base):
    """Consent given, refused or withdrawn, per purpose and agency."""

    __tablename__ = "consent"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))  # sharing, referral, caf, record_access
    agency: Mapped[str | None] = mapped_column(String(120))  # null: every agency
    given_by: Mapped[str] = mapped_column(String(20))  # young_person, parent
    decision: Mapped[str] = mapped_column(String(10))  # given, refused
    recorded_on: Mapped[dt.date]
    withdrawn_on: Mapped[dt.date | None]
    reference: Mapped[str | None] = mapped_column(String(60))


class SafetyWarning(Synced, Base):
    """A staff-safety warning, shown as a banner on the record."""

    __tablename__ = "safety_warning"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # lone_working, no_home_visit_alone, other
    text: Mapped[str] = mapped_column(Text)
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
