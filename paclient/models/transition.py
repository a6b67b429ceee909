"""The approaching-18 checklist: the items an adviser ticks (the rest are worked out)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced


class Approaching18Item(Synced, Base):
    """One ticked item of a young person's approaching-18 checklist (done_on None: unticked)."""

    __tablename__ = "approaching_18_item"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))  # ccis.catalogue.TICKED_18_ITEMS
    done_on: Mapped[dt.date | None]
