"""The synced tables: one declaration that the laptop and the hub both read.

Each table says which fields travel over the wire (with their kind, length and whether they may
be empty), how a row reaches its young person (its own person field, or a parent row's), and how
the hub treats it: append-only rows are written once (a note is corrected only on its day, and
such a correction merges like any edit: issue 13), push-only rows (the audit trail) go up and
never come back. The hub keeps rows generically, so this is all
it knows of them; the laptop's SQLAlchemy models must agree with it, and
`tests/unit/test_catalogue.py` checks that they do, column by column.

Adding a synced column: the model, a new Alembic revision on the device (and, when the hub
stores it in a column of its own, on the hub), and a line here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as attribute
from typing import Literal

Kind = Literal["id", "time", "date", "flag", "number", "note", "text", "json"]
PERSON_TABLE = "young_person"
NOT_SENT = frozenset({"id", "rev"})  # the row id travels beside the fields; rev is the hub's


@dataclass(frozen=True)
class Field:
    """One field as it travels: ids, dates and times as ISO text, the rest as JSON values.

    A field may carry the domain rule its values meet on both sides (`ccis.row_rules` checks
    them): a code list of the codebook (for a "json" field, a list of its codes), a fixed set
    of values, or a range of whole numbers. Rules are not part of the column's shape, so they
    are left out of comparisons.
    """

    kind: Kind
    length: int | None = None  # the most characters a "text" field holds
    nullable: bool = False
    codes: str | None = attribute(default=None, compare=False)  # a codebook list's name
    choices: tuple[str, ...] | None = attribute(default=None, compare=False)
    bounds: tuple[int, int] | None = attribute(default=None, compare=False)  # inclusive
    past: bool = attribute(default=False, compare=False)  # a date that cannot be after today

    @property
    def optional(self) -> Field:
        """The same field, allowed to be empty."""
        return replace(self, nullable=True)

    def coded(self, code_list: str) -> Field:
        """The same field, holding codes of `code_list` (for "json": a list of them)."""
        return replace(self, codes=code_list)

    def one_of(self, *values: str) -> Field:
        """The same field, holding one of `values`."""
        return replace(self, choices=values)

    def within(self, low: int, high: int) -> Field:
        """The same field, holding a whole number from `low` to `high`."""
        return replace(self, bounds=(low, high))

    @property
    def up_to_today(self) -> Field:
        """The same field, a date of something that has happened: never after today."""
        return replace(self, past=True)


def text(length: int) -> Field:
    """Text of at most `length` characters."""
    return Field("text", length)


ID, TIME, DATE, FLAG, NUMBER, NOTE, JSON = (
    Field("id"), Field("time"), Field("date"), Field("flag"), Field("number"), Field("note"),
    Field("json"))
# Fixed sets of values the device offers (the code lists are in the codebook, `ccis.codes`).
CONSENT_PURPOSES = ("sharing", "referral", "caf", "record_access")
CONSENT_DECISIONS = ("given", "refused")
CONSENT_GIVEN_BY = ("young_person", "parent")
WARNING_KINDS = ("lone_working", "no_home_visit_alone", "other")
ACTION_OWNERS = ("young_person", "adviser", "parent_carer", "agency")
ACTION_STATUSES = ("open", "done", "dropped")
# Why a plan's review came forward (DOMAIN §2): level of need raised to 1, or a change of
# circumstances (became NEET, entered custody, moved, became looked after).
REVIEW_REASONS = ("level_1", "neet", "custody", "moved", "looked_after")
REFERRAL_KINDS = ("referral", "signposting")
REFERRAL_ROUTES = ("direct", "caf")
CAF_DECISIONS = ("continue", "step_down", "step_up", "close")  # at a CAF review
TICKED_18_ITEMS = ("adult_guidance_given", "adult_services_consent")  # approaching 18
MAX_CONTACT_MINUTES = 600
LEVELS_OF_NEED = (1, 3)
STAMPS = {"created_at": TIME, "updated_at": TIME, "updated_by": text(64),
          "deleted_at": TIME.optional}  # on every synced row (DESIGN.md §3)


@dataclass(frozen=True, eq=False)  # one declaration per table: compared and hashed by identity
class SyncedTable:
    """A synced table as both sides know it."""

    name: str
    fields: Mapping[str, Field]  # every field sent, stamps included (not id, rev, local-only)
    person: str | None = None  # the field holding the row's person id ("id" on young_person)
    parent: tuple[str, str] | None = None  # (field, parent table) when a parent holds the person
    push_only: bool = False  # sent to the hub, never pulled, never in the digest
    append_only: bool = False  # written once (a same-day correction still merges per field)
    local_only: frozenset[str] = frozenset()  # device columns worked out locally, never sent

    @property
    def link(self) -> str | None:
        """The field tying a row to its person or parent (None for the person row itself,
        staff rows and the audit trail): it never changes after the insert."""
        if self.parent is not None:
            return self.parent[0]
        return None if self.person in (None, "id") else self.person

    @property
    def in_record(self) -> bool:
        """True when the rows belong to a young person's record (directly or via a parent)."""
        return self.person is not None or self.parent is not None

    @property
    def required(self) -> frozenset[str]:
        """Fields an insert must carry."""
        return frozenset(name for name, field in self.fields.items() if not field.nullable)


def _table(name: str, /, *, person: str | None = None, parent: tuple[str, str] | None = None,
           push_only: bool = False, append_only: bool = False,
           local_only: frozenset[str] = frozenset(), **fields: Field) -> SyncedTable:
    return SyncedTable(name, {**fields, **STAMPS}, person, parent, push_only, append_only,
                       local_only)


# Parents before children: the order a device applies a pulled page in.
_TABLES = (
    _table("audit_event", push_only=True, append_only=True,
           seq=NUMBER, at=TIME, actor=text(64), action=text(20), entity=text(40),
           entity_id=text(36).optional, person_id=ID.optional, detail=JSON, prev_hash=text(64),
           hash=text(64)),
    _table("team",
           name=text(120)),
    _table("adviser",
           username=text(64), name=text(120), role=text(20), team_id=ID.optional,
           email=text(200).optional, phone=text(40).optional),
    _table("young_person", person="id",
           ccis_id=text(13).optional, upn=text(13).optional, uln=text(10).optional,
           given_name=text(100), middle_name=text(100).optional, family_name=text(100),
           preferred_name=text(100).optional, date_of_birth=DATE, gender=text(1).coded("gender"),
           ethnicity=text(4).optional.coded("ethnicity"), address_line1=text(200).optional,
           address_line2=text(200).optional, address_line3=text(200).optional,
           address_line4=text(200).optional, town=text(100).optional, postcode=text(8).optional,
           phone=text(40).optional, phone_verified_on=DATE.optional.up_to_today,
           email=text(200).optional, email_verified_on=DATE.optional.up_to_today,
           establishment_number=text(7).optional,
           school_name=text(200).optional, lead_la=text(3).optional.coded("la"),
           educated_la=text(3).optional.coded("la"),
           la_at_year_11=text(3).optional.coded("la"), send=FLAG, sen_support=FLAG,
           level_of_need=NUMBER.optional.within(*LEVELS_OF_NEED),
           cohort_status=text(1).coded("cohort_status"),
           adviser_id=ID.optional, leaver_notified_on=DATE.optional.up_to_today,
           confidentiality_explained_on=DATE.optional.up_to_today,
           year_9_review_attended_on=DATE.optional.up_to_today,
           lda_completed_on=DATE.optional.up_to_today),
    _table("action_plan", person="person_id",
           person_id=ID, started_on=DATE, next_review_on=DATE, closed_on=DATE.optional,
           review_reason=text(20).optional.one_of(*REVIEW_REASONS)),
    _table("activity", person="person_id", append_only=True, local_only=frozenset({"is_current"}),
           person_id=ID, code=text(3).coded("activity"), start_date=DATE, date_ascertained=DATE,
           date_verified=DATE.optional, review_date=DATE.optional,
           predicted_end_date=DATE.optional, due_to_lapse_date=DATE.optional,
           neet_start_date=DATE.optional, provider_establishment_number=text(7).optional,
           provider_ukprn=text(8).optional, provider_name=text(200).optional),
    _table("caf_episode", person="person_id",
           person_id=ID, opened_on=DATE, pre_assessment_done=FLAG,
           consent_given_by=text(20).optional, consent_on=DATE.optional, consent_agencies=JSON,
           lead_professional_name=text(120).optional,
           lead_professional_agency=text(120).optional, review_on=DATE.optional,
           closed_on=DATE.optional, closure_reason=NOTE.optional),
    _table("characteristic", person="person_id",
           person_id=ID, code=text(3).coded("characteristic"), start_date=DATE,
           end_date=DATE.optional,
           source=text(100).optional, sensitive=FLAG),
    _table("consent", person="person_id",
           person_id=ID, purpose=text(40).one_of(*CONSENT_PURPOSES), agency=text(120).optional,
           given_by=text(20).one_of(*CONSENT_GIVEN_BY),
           decision=text(10).one_of(*CONSENT_DECISIONS), recorded_on=DATE,
           withdrawn_on=DATE.optional,
           reference=text(60).optional),
    _table("contact", person="person_id", append_only=True,
           person_id=ID, adviser_id=ID.optional, occurred_at=TIME,
           method=text(20).coded("contact_method"), setting=text(20).coded("contact_setting"),
           duration_minutes=NUMBER.optional.within(1, MAX_CONTACT_MINUTES),
           topics=JSON.coded("topic"), discussion=NOTE,
           agreed=NOTE, own_words=NOTE.optional, next_appointment_at=TIME.optional,
           did_not_attend=FLAG, sensitive=FLAG),
    _table("custody_episode", person="person_id",
           person_id=ID, establishment=text(200), admitted_on=DATE,
           expected_release_on=DATE.optional, released_on=DATE.optional,
           home_la=text(3).optional.coded("la"), checklist=JSON, liaison_contact=text(200).optional,
           pre_release_liaison_on=DATE.optional, transfer_pack_sent_on=DATE.optional),
    _table("guarantee_offer", person="person_id",
           person_id=ID, year_group=NUMBER.within(11, 12),
           status=text(3).coded("guarantee_status"), recorded_on=DATE,
           provider_name=text(200).optional, la=text(3).optional.coded("la")),
    _table("intended_destination", person="person_id",
           person_id=ID, code=text(3).coded("intended_destination"), recorded_on=DATE,
           notes=text(500).optional),
    _table("parent_carer", person="person_id",
           person_id=ID, name=text(200), relationship=text(60), phone=text(40).optional,
           email=text(200).optional, address=NOTE.optional, permission_to_contact=FLAG),
    _table("printed_document", person="person_id", append_only=True,
           person_id=ID.optional, kind=text(40), printed_at=TIME, printed_by=text(64),
           sensitive_included=FLAG, destination=text(20)),
    _table("safety_warning", person="person_id",
           person_id=ID, kind=text(40).one_of(*WARNING_KINDS), text=NOTE, start_date=DATE,
           end_date=DATE.optional),
    _table("action", parent=("plan_id", "action_plan"),
           plan_id=ID, description=NOTE, owner=text(20).one_of(*ACTION_OWNERS),
           owner_name=text(120).optional, due_on=DATE,
           status=text(10).one_of(*ACTION_STATUSES), done_on=DATE.optional,
           drop_reason=NOTE.optional),
    _table("addendum", parent=("contact_id", "contact"), append_only=True,
           contact_id=ID, text=NOTE, written_at=TIME, signed_by=text(120)),
    _table("assessment", person="person_id",
           person_id=ID, assessed_on=DATE, level_of_need=NUMBER.within(*LEVELS_OF_NEED),
           summary=NOTE,
           caf_episode_id=ID.optional),
    _table("caf_meeting", parent=("episode_id", "caf_episode"), append_only=True,
           episode_id=ID, held_on=DATE, attendees=NOTE, actions=NOTE),
    _table("referral", person="person_id",
           person_id=ID, service=text(40).coded("referral_service"),
           kind=text(12).one_of(*REFERRAL_KINDS), route=text(10).one_of(*REFERRAL_ROUTES),
           caf_episode_id=ID.optional, sent_on=DATE, sends_data=FLAG,
           consent_reference=text(60).optional, reason=NOTE, follow_up_due=DATE.optional,
           acknowledged_on=DATE.optional, outcome=NOTE.optional, closed_on=DATE.optional,
           sensitive=FLAG),
    _table("review", parent=("plan_id", "action_plan"), append_only=True,
           plan_id=ID, reviewed_on=DATE, progress=NOTE, achievements=NOTE, next_review_on=DATE),
    _table("caf_review", parent=("episode_id", "caf_episode"), append_only=True,
           episode_id=ID, reviewed_on=DATE, progress=NOTE,
           decision=text(10).one_of(*CAF_DECISIONS)),
    _table("approaching_18_item", person="person_id",
           person_id=ID, item=text(40).one_of(*TICKED_18_ITEMS), done_on=DATE.optional),
    _table("assessment_factor", parent=("assessment_id", "assessment"),
           assessment_id=ID, factor=text(40).coded("assessment_factor"),
           rating=NUMBER.within(0, 3), note=NOTE, sensitive=FLAG),
)
TABLES: Mapping[str, SyncedTable] = {table.name: table for table in _TABLES}


def pulled() -> dict[str, SyncedTable]:
    """The tables a pull may bring (all but the push-only audit trail), parents first."""
    return {name: table for name, table in TABLES.items() if not table.push_only}


def in_records() -> dict[str, SyncedTable]:
    """The pulled tables whose rows belong to a young person's record."""
    return {name: table for name, table in pulled().items() if table.in_record}
