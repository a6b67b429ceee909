"""The ORM models; importing this package registers every table on `Base.metadata`."""

from paclient.models.activity import Activity, GuaranteeOffer, IntendedDestination
from paclient.models.base import SYNC_COLUMNS, Base, Synced, new_id, utcnow
from paclient.models.contacts import Addendum, Contact
from paclient.models.custody import RESETTLEMENT_ITEMS, CustodyEpisode
from paclient.models.people import (
    Characteristic,
    Consent,
    ParentCarer,
    SafetyWarning,
    YoungPerson,
)
from paclient.models.plans import Action, ActionPlan, Assessment, AssessmentFactor, Review
from paclient.models.referrals import CafEpisode, CafMeeting, CafReview, Referral
from paclient.models.staff import Adviser, Team
from paclient.models.system import (
    AuditEvent,
    Conflict,
    Draft,
    Outbox,
    PrintedDocument,
    Setting,
    SyncState,
)
from paclient.models.transition import Approaching18Item

__all__ = [
    "RESETTLEMENT_ITEMS",
    "SYNC_COLUMNS",
    "Action",
    "ActionPlan",
    "Activity",
    "Addendum",
    "Adviser",
    "Approaching18Item",
    "Assessment",
    "AssessmentFactor",
    "AuditEvent",
    "Base",
    "CafEpisode",
    "CafMeeting",
    "CafReview",
    "Characteristic",
    "Conflict",
    "Consent",
    "Contact",
    "CustodyEpisode",
    "Draft",
    "GuaranteeOffer",
    "IntendedDestination",
    "Outbox",
    "ParentCarer",
    "PrintedDocument",
    "Referral",
    "Review",
    "SafetyWarning",
    "Setting",
    "SyncState",
    "Synced",
    "Team",
    "YoungPerson",
    "new_id",
    "utcnow",
]
