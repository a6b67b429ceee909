"""All services of one unlocked store, each built once, wired to the services it uses.

The desktop app and the command line reach the store only through a `Services`: views never
build a service, and no service builds another.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from ccis.codes import load_codebook
from ccis.rules import RulePolicy
from paclient.models import Adviser, Team
from paclient.services.authority import AuthorityService
from paclient.services.authority import load as load_authority
from paclient.services.caseload.listing import CaseloadService
from paclient.services.casework.activities import ActivityService
from paclient.services.casework.approaching_18 import Approaching18Service
from paclient.services.casework.contacts import ContactService
from paclient.services.casework.custody import CustodyService
from paclient.services.casework.drafts import DraftService
from paclient.services.casework.factors import EditedBook, FactorService
from paclient.services.casework.plans import PlanService
from paclient.services.casework.referrals import ReferralService
from paclient.services.context import Actor, Context
from paclient.services.documents.caf_referral import CafReferralDocuments
from paclient.services.documents.caseload_review import CaseloadReview
from paclient.services.documents.guidance import PlanDocuments
from paclient.services.documents.service import DocumentService
from paclient.services.documents.subject_access import SubjectAccess
from paclient.services.people.cohort_import import CohortImporter
from paclient.services.people.details import PeopleService
from paclient.services.people.history import HistoryService
from paclient.services.people.intake import IntakeService
from paclient.services.people.overview import OverviewService
from paclient.services.people.safeguarding import SafeguardingService
from paclient.services.preferences import Preferences
from paclient.services.sync.conflicts import ConflictService
from paclient.services.sync.hub import HubSync
from paclient.services.sync.review import SyncReview
from paclient.services.sync.transfer import TransferService
from paclient.services.writing import ChangeSet
from paclient.storage import store_settings
from paclient.storage.store import Store


class Services:
    """The use cases the UI and the command line call, with the code lists and the rules
    they are judged by. `ctx` is for tests and the demo builder, never for views."""

    def __init__(self, ctx: Context, hub: HubSync | None = None) -> None:
        self.ctx = ctx
        self.codebook, self.today = ctx.codebook, ctx.today
        self.authority = AuthorityService(ctx)  # the authority's settings, as the hub sent
        # a young person
        self.people = PeopleService(ctx)
        self.activities = ActivityService(ctx)
        self.intake = IntakeService(ctx, self.people, self.activities)
        self.cohort = CohortImporter(ctx)
        self.safeguarding = SafeguardingService(ctx)
        self.history = HistoryService(ctx)
        # case work
        self.contacts = ContactService(ctx)
        self.plans = PlanService(ctx)
        self.referrals = ReferralService(ctx)
        self.custody = CustodyService(ctx)
        self.approaching_18 = Approaching18Service(ctx)
        self.factors = FactorService(ctx)
        self.drafts = DraftService(ctx)
        self.overview = OverviewService(ctx, self.people, self.safeguarding, self.custody,
                                        self.plans, self.activities, self.contacts,
                                        self.referrals)
        self.caseload = CaseloadService(ctx)
        # documents
        self.documents = DocumentService(ctx, self.people, self.activities)
        self.guidance = PlanDocuments(ctx, self.documents, self.contacts, self.plans)
        self.caf_referrals = CafReferralDocuments(ctx, self.documents, self.people,
                                                  self.activities, self.plans, self.referrals,
                                                  self.safeguarding)
        self.caseload_review = CaseloadReview(ctx, self.documents, self.caseload)
        self.subject_access = SubjectAccess(ctx, self.documents)
        # sync and the adviser's own things
        self.conflicts = ConflictService(ctx)
        self.sync = SyncReview(ctx, self.conflicts)
        self.transfer = TransferService(ctx)
        self.hub = hub  # None: no online sync from here (tests, the demo builder)
        self.preferences = Preferences(ctx)

    @property
    def policy(self) -> RulePolicy:
        """The time rules the services apply now (the authority's settings)."""
        return self.ctx.policy


def open_services(store: Store, *, today: Callable[[], dt.date] = dt.date.today,
                  policy: RulePolicy | None = None, hub: HubSync | None = None) -> Services:
    """Services acting as the store's own adviser (`hub`: how they sync online, if at all),
    with the authority's settings kept in the store (`policy`: other time rules, for tests)."""
    codebook = load_codebook()
    with store.read() as session:
        settings = load_authority(session, codebook)
    if policy is not None:
        settings.policy = policy
    ctx = Context(read=store.read, write=store.write, actor=_actor(store),
                  codebook=EditedBook.over(codebook), authority=settings, today=today)
    services = Services(ctx, hub)
    services.factors.load()  # the authority's edits to the assessment factors
    return services


def register_adviser(store: Store, *, username: str, name: str, team: str | None = None,
                     ) -> uuid.UUID:
    """Record who owns this store (run once, by `paclient init`)."""
    with store.write.begin() as session:
        changes = ChangeSet(session, username)
        team_id = changes.insert(Team, name=team)["id"] if team else None
        adviser = changes.insert(Adviser, username=username, name=name, team_id=team_id)
        store_settings.put(session, store_settings.ADVISER_ID, str(adviser["id"]))
        changes.audit("create", "adviser", adviser["id"])
        changes.flush()
    return uuid.UUID(str(adviser["id"]))


def _actor(store: Store) -> Actor:
    with store.read() as session:
        adviser = store_settings.local_adviser(session)
        if adviser is None:
            return Actor(username="unknown")
        return Actor(username=adviser.username, adviser_id=adviser.id)
