"""All services of one unlocked store, built in one place."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from sqlalchemy import select

from paclient.models import Adviser, Setting, Team
from paclient.reference import load_codebook
from paclient.services.activities import ActivityService
from paclient.services.caseload import CaseloadService
from paclient.services.changes import ChangeSet
from paclient.services.contacts import ContactService
from paclient.services.context import Actor, Context
from paclient.services.custody import CustodyService
from paclient.services.documents import DocumentService
from paclient.services.drafts import DraftService
from paclient.services.people import PeopleService
from paclient.services.plans import PlanService
from paclient.services.preferences import Preferences
from paclient.services.referrals import ReferralService
from paclient.services.rules import RulePolicy
from paclient.services.safeguarding import SafeguardingService
from paclient.storage.store import Store

ADVISER_KEY = "adviser_id"


class Services:
    """The use cases the UI and command line call."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.people = PeopleService(ctx)
        self.activities = ActivityService(ctx)
        self.caseload = CaseloadService(ctx)
        self.contacts = ContactService(ctx)
        self.plans = PlanService(ctx)
        self.referrals = ReferralService(ctx)
        self.safeguarding = SafeguardingService(ctx)
        self.custody = CustodyService(ctx)
        self.documents = DocumentService(ctx)
        self.drafts = DraftService(ctx)
        self.preferences = Preferences(ctx)


def open_services(store: Store, *, today: Callable[[], dt.date] = dt.date.today,
                  policy: RulePolicy | None = None) -> Services:
    """Services acting as the store's own adviser."""
    ctx = Context(read=store.read, write=store.write, actor=_actor(store),
                  codebook=load_codebook(), policy=policy or RulePolicy(), today=today)
    return Services(ctx)


def register_adviser(store: Store, *, username: str, name: str, team: str | None = None,
                     ) -> uuid.UUID:
    """Record who owns this store (run once, by `paclient init`)."""
    with store.write.begin() as session:
        changes = ChangeSet(session, username)
        team_id = changes.insert(Team, name=team)["id"] if team else None
        adviser = changes.insert(Adviser, username=username, name=name, team_id=team_id)
        session.add(Setting(key=ADVISER_KEY, value=str(adviser["id"])))
        changes.audit("create", "adviser", adviser["id"])
        changes.flush()
    return uuid.UUID(str(adviser["id"]))


def _actor(store: Store) -> Actor:
    with store.read() as session:
        adviser_id = session.scalar(select(Setting.value).where(Setting.key == ADVISER_KEY))
        if adviser_id is None:
            return Actor(username="unknown")
        adviser = session.get(Adviser, uuid.UUID(adviser_id))
        return Actor(username=adviser.username if adviser else "unknown",
                     adviser_id=uuid.UUID(adviser_id))
