"""The work lists: for each, the SQL condition that puts a person on it, its order and reason.

Every condition is written against two aliases handed in by the caseload query: `p`, the young
person, and `a`, their current activity (outer-joined, so its columns are null when a person
has no activity). Rules that depend on birthdays and working days are turned into date bounds
in Python first (`Bounds`), so the database only compares dates.

Conditions on other tables are written as `p.id IN (...)` over a subquery that does not refer
to `p`, found through a partial index where one fits: SQLite works such a subquery out once,
so a list starts from its few candidates and the counts test each person with one lookup,
instead of running a subquery for every person in the caseload.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    Date,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute, aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CompoundSelect, NamedFromClause, Select

from ccis import rules
from ccis.codes import CodeBook
from paclient.models import ActionPlan, Activity, Contact, GuaranteeOffer, Referral, YoungPerson
from paclient.models.activity import CURRENT
from paclient.services.casework.review_prompts import REASONS as REVIEW_PROMPTS
from paclient.services.context import Context

WORKLISTS: dict[str, str] = {
    "lapsed": "Lapsed records",
    "due-to-lapse": "Due to lapse",
    "reviews-overdue": "Reviews overdue",
    "referral-follow-ups": "Referral follow-ups due",
    "neet": "NEET",
    "not-known": "Current situation not known",
    "no-guarantee-offer": "No September Guarantee offer",
    "approaching-18": "Approaching 18",
    "ldd-transition": "LDD transition assessment due",
    "leaver-not-contacted": "Leavers and new NEETs not contacted",
}

# September Guarantee outcomes that count as an offer (made, continuing, not appropriate).
OFFER_OUTCOMES = frozenset({"offer", "continuing", "not_appropriate"})

Detail = Callable[[Any, Any], str]  # (the list's key value, the result row) -> reason


class Tables(NamedTuple):
    p: NamedFromClause  # young_person
    a: NamedFromClause  # the current activity (outer-joined)


@dataclass(frozen=True)
class ListSpec:
    """Who is on a list, how the list sorts (by `key`), and the reason shown for each."""

    where: ColumnElement[bool]
    key: ColumnElement[Any]
    detail: Detail
    uses_activity: bool = False  # whether `where` and `key` look at the current activity
    note: ColumnElement[Any] | None = None  # one more value the reason reads, as `row.note`


@dataclass(frozen=True)
class Bounds:
    """Dates and code sets the conditions compare against, worked out once per day."""

    today: dt.date
    within_days: int
    neet_codes: tuple[str, ...]
    not_known_codes: tuple[str, ...]
    compulsory_codes: tuple[str, ...]
    past_year_11_born_by: dt.date  # the latest birth date of someone past Year 11 today
    offer_statuses: tuple[str, ...]
    age_16_17: tuple[DateSpan, ...]
    guarantee: dict[int, tuple[DateSpan, ...]]
    approaching_18: tuple[DateSpan, ...]
    ldd_due: tuple[tuple[DateSpan, dt.date | None], ...]  # with the due date, if one for all
    ldd_19th_year: tuple[DateSpan, ...]  # those of ldd_due in the 19th year of life
    contact_overdue_from: dt.date  # a trigger on or before this date is past its deadline

    @classmethod
    def compute(cls, ctx: Context, within_days: int = 28) -> Bounds:
        """The bounds for today, from the code book, the rules and the policy."""
        return _bounds(ctx.today(), within_days, ctx.policy, ctx.codebook)


@functools.lru_cache(maxsize=8)
def _bounds(today: dt.date, within_days: int, policy: rules.RulePolicy,
            book: CodeBook) -> Bounds:
    activities = book.entries("activity")
    return Bounds(
        today=today, within_days=within_days,
        neet_codes=tuple(sorted(e.code for e in activities if rules.is_neet(e))),
        not_known_codes=tuple(sorted(e.code for e in activities if e.group == "not_known")),
        compulsory_codes=tuple(sorted(e.code for e in activities
                                      if e.reporting_group == "compulsory")),
        past_year_11_born_by=_past_year_11_born_by(today),
        offer_statuses=tuple(sorted(e.code for e in book.entries("guarantee_status")
                                    if e.attrs.get("outcome") in OFFER_OUTCOMES)),
        age_16_17=dob_spans(lambda d: 16 <= rules.academic_age(d, today) <= 17, today,
                            oldest=19, youngest=15),
        guarantee={year: dob_spans(functools.partial(_in_guarantee_year, year, today), today,
                                   oldest=19, youngest=13) for year in (11, 12)},
        approaching_18=dob_spans(lambda d: rules.approaching_18(d, today, policy), today,
                                 oldest=19, youngest=15),
        ldd_due=(ldd_due := _ldd_spans(today)),
        ldd_19th_year=tuple(span for span, _ in ldd_due
                            if rules.birthday(span.first, 18) <= today),
        contact_overdue_from=_contact_overdue_from(today, policy))


class DateSpan(NamedTuple):
    first: dt.date
    last: dt.date


def spec(name: str, t: Tables, b: Bounds) -> ListSpec:
    """The definition of work list `name` (a key of WORKLISTS)."""
    return _BUILDERS[name](t, b)


# --- the lists ---------------------------------------------------------------------------


def _lapsed(t: Tables, b: Bounds) -> ListSpec:
    dtl = t.a.c.due_to_lapse_date
    return ListSpec(dtl < b.today, dtl, lambda key, _: f"lapsed {_d(key)}", uses_activity=True)


def _due_to_lapse(t: Tables, b: Bounds) -> ListSpec:
    dtl = t.a.c.due_to_lapse_date
    until = b.today + dt.timedelta(days=b.within_days)
    return ListSpec(dtl.between(b.today, until), dtl, lambda key, _: f"lapses {_d(key)}",
                    uses_activity=True)


def _reviews_overdue(t: Tables, b: Bounds) -> ListSpec:
    live = and_(ActionPlan.closed_on.is_(None), ActionPlan.deleted_at.is_(None))
    overdue = select(ActionPlan.person_id).where(live, ActionPlan.next_review_on < b.today)
    unplanned = select(YoungPerson.id).where(
        YoungPerson.level_of_need.is_not(None),
        ~exists().where(ActionPlan.person_id == YoungPerson.id, live))
    next_review = (select(func.min(ActionPlan.next_review_on))
                   .where(ActionPlan.person_id == t.p.c.id, live).scalar_subquery())
    why = (select(func.max(ActionPlan.review_reason))
           .where(ActionPlan.person_id == t.p.c.id, live).scalar_subquery())
    return ListSpec(t.p.c.id.in_(union_all(overdue, unplanned)), next_review, _review_detail,
                    note=why)


def _review_detail(key: Any, row: Any) -> str:
    if key is None:
        return f"level of need {row.level_of_need}, no action plan"
    why = REVIEW_PROMPTS.get(row.note or "")
    return f"review due {_d(key)}" + (f": {why}" if why else "")


def _referral_follow_ups(t: Tables, b: Bounds) -> ListSpec:
    due = and_(Referral.deleted_at.is_(None), Referral.kind == "referral",
               Referral.outcome.is_(None), Referral.closed_on.is_(None),
               Referral.follow_up_due <= b.today)
    first_due = (select(func.min(Referral.follow_up_due))
                 .where(Referral.person_id == t.p.c.id, due).scalar_subquery())
    return ListSpec(t.p.c.id.in_(select(Referral.person_id).where(due)), first_due,
                    lambda key, _: f"referral follow-up due {_d(key)}")


def _neet(t: Tables, b: Bounds) -> ListSpec:
    start = t.a.c.neet_start_date

    def detail(key: Any, _row: Any) -> str:
        return f"NEET {(b.today - key).days} days" if key else "NEET"

    return ListSpec(t.a.c.code.in_(b.neet_codes), start, detail, uses_activity=True)


def _not_known(t: Tables, b: Bounds) -> ListSpec:
    """Not known (DOMAIN §4, NCCIS): a not-known code; a 16 or 17 year old with no activity; a
    compulsory-age code (110-150) kept past Year 11; a lapsed activity other than NEET (a
    lapsed NEET stays NEET)."""
    not_known = _current(Activity.code.in_(b.not_known_codes))
    unrecorded = select(YoungPerson.id).where(  # 16 and 17 year olds with no current activity
        _born_in(YoungPerson.date_of_birth, b.age_16_17),
        ~exists().where(Activity.person_id == YoungPerson.id, CURRENT))
    kept_past_year_11 = (
        _current(Activity.code.in_(b.compulsory_codes))
        .join(YoungPerson, YoungPerson.id == Activity.person_id)
        .where(YoungPerson.date_of_birth <= b.past_year_11_born_by))
    lapsed = _current(Activity.due_to_lapse_date < b.today, Activity.code.not_in(b.neet_codes))
    dtl = t.a.c.due_to_lapse_date
    since = case((and_(dtl < b.today, t.a.c.code.not_in(b.neet_codes)), dtl),
                 else_=t.a.c.start_date)

    def detail(key: Any, row: Any) -> str:
        if row.code is None:
            return "no activity recorded"
        if row.code in b.not_known_codes:
            return f"not known since {_d(key)}"
        if row.code in b.compulsory_codes:
            return f"Year 11 code {row.code} kept past Year 11: record the current activity"
        return f"lapsed on {_d(key)}: not known until confirmed"

    members = union_all(not_known, unrecorded, kept_past_year_11, lapsed)
    return ListSpec(t.p.c.id.in_(members), since, detail, uses_activity=True)


def _no_guarantee_offer(t: Tables, b: Bounds) -> ListSpec:
    dob = t.p.c.date_of_birth
    years = [(year, spans) for year, spans in sorted(b.guarantee.items()) if spans]
    if not years:
        return ListSpec(false(), literal(None), lambda key, _: "")
    year = case(*((_born_in(dob, spans), literal(year)) for year, spans in years), else_=None)
    # Per year group rather than on the CASE, so each is a range of the birth date index (the
    # groups' birth dates never overlap: a person meets one condition at most).
    missing = [and_(_born_in(dob, spans), t.p.c.id.not_in(_offered(year, b)))
               for year, spans in years]
    return ListSpec(or_(*missing), year, lambda key, _: f"Year {key}: no offer recorded")


def _offered(year: int, b: Bounds) -> Select[Any]:
    """People whose latest status for `year` (by date recorded, then by when it was written;
    statuses recorded after today do not count yet) is an offer outcome."""
    status, later = aliased(GuaranteeOffer), aliased(GuaranteeOffer)

    def counted(o: Any) -> ColumnElement[bool]:
        return and_(o.deleted_at.is_(None), o.year_group == year, o.recorded_on <= b.today)

    superseded = exists().where(
        later.person_id == status.person_id, counted(later),
        tuple_(later.recorded_on, later.created_at, later.id)
        > tuple_(status.recorded_on, status.created_at, status.id))
    return select(status.person_id).where(counted(status),
                                          status.status.in_(b.offer_statuses), ~superseded)


def _approaching_18(t: Tables, b: Bounds) -> ListSpec:
    dob = t.p.c.date_of_birth
    return ListSpec(_born_in(dob, b.approaching_18), dob,
                    lambda key, _: f"18 on {_d(rules.eighteenth_birthday(key))}")


def _ldd_transition(t: Tables, b: Bounds) -> ListSpec:
    dob = t.p.c.date_of_birth
    # An assessment recorded by today covers Year 11; the review in the 19th year needs one
    # recorded from the 18th birthday on. A date after today covers nothing yet.
    done = t.p.c.lda_completed_on
    not_done = or_(done.is_(None), done > b.today)
    year_11 = tuple(span for span, _ in b.ldd_due if span not in b.ldd_19th_year)
    eighteenth = type_coerce(func.date(dob, "+18 years"), Date)
    where = and_(or_(t.p.c.send.is_(True), t.p.c.sen_support.is_(True)),
                 _born_in(dob, tuple(span for span, _ in b.ldd_due)),
                 or_(and_(_born_in(dob, year_11), not_done),
                     and_(_born_in(dob, b.ldd_19th_year), or_(not_done, done < eighteenth))))
    # Sorted by due date: one date for a whole Year 11; the day before the 19th birthday for
    # the review in the 19th year (the two windows of rules.ldd_transition_due).
    whens = [(dob.between(*span), literal(due, Date)) for span, due in b.ldd_due if due]
    day_before_19th = type_coerce(func.date(dob, "+19 years", "-1 day"), Date)
    due_on = case(*whens, else_=day_before_19th) if whens else day_before_19th

    def detail(_key: Any, row: Any) -> str:
        due = rules.ldd_transition_due(row.date_of_birth, b.today)
        return f"Section 139A assessment due {_d(due)}"

    return ListSpec(where, due_on, detail)


def _leaver_not_contacted(t: Tables, b: Bounds) -> ListSpec:
    def detail(key: Any, row: Any) -> str:
        if row.leaver_notified_on == key:
            return f"leaver notified {_d(key)}, not contacted"
        return f"NEET since {_d(key)}, not contacted"

    return ListSpec(t.p.c.id.in_(_not_contacted(b)), _contact_trigger(t, b), detail,
                    uses_activity=True)


def _contact_trigger(t: Tables, b: Bounds) -> ColumnElement[Any]:
    """The later of the leaver notice and the start of a current NEET activity."""
    neet_start = case((t.a.c.code.in_(b.neet_codes), t.a.c.neet_start_date), else_=None)
    return _later(t.p.c.leaver_notified_on, neet_start)


def _not_contacted(b: Bounds) -> Select[Any]:
    """People whose contact trigger is past its deadline with no contact attended since.

    A query of its own rather than conditions beside `p.id IN (candidates)`: there SQLite
    would work out the trigger's CASE first, for every person the counts look at.
    """
    t = _LEAVERS
    trigger = _contact_trigger(t, b)
    # occurred_at is stored as text 'YYYY-MM-DD HH:MM:SS...', which sorts after its own date.
    contacted = exists().where(Contact.person_id == t.p.c.id, Contact.deleted_at.is_(None),
                               Contact.did_not_attend.is_(False),
                               Contact.occurred_at >= trigger)
    current = and_(t.a.c.person_id == t.p.c.id, t.a.c.is_current == true())
    return (select(t.p.c.id).select_from(t.p.outerjoin(t.a, current))
            .where(t.p.c.id.in_(_leaver_candidates(b)),
                   trigger <= b.contact_overdue_from,  # never true of a null trigger
                   ~contacted))


def _leaver_candidates(b: Bounds) -> CompoundSelect[Any]:
    """People with a leaver notice or a current NEET start on or before the overdue bound.

    The later of the two dates can only be that early if one of them is, so everyone on the
    list is among these; both halves are found through partial indexes.
    """
    bound = b.contact_overdue_from
    return union_all(
        select(YoungPerson.id).where(YoungPerson.leaver_notified_on <= bound),
        _current(Activity.code.in_(b.neet_codes), Activity.neet_start_date <= bound))


def _current(*conditions: ColumnElement[bool]) -> Select[Any]:
    """The people whose current activity meets `conditions` (through its partial indexes)."""
    return select(Activity.person_id).where(CURRENT, *conditions)


# The names `_not_contacted` gives the person and their current activity inside its subquery.
_LEAVERS = Tables(YoungPerson.__table__.alias("leaver"), Activity.__table__.alias("leaver_now"))

_BUILDERS: dict[str, Callable[[Tables, Bounds], ListSpec]] = {
    "lapsed": _lapsed, "due-to-lapse": _due_to_lapse, "reviews-overdue": _reviews_overdue,
    "referral-follow-ups": _referral_follow_ups, "neet": _neet, "not-known": _not_known,
    "no-guarantee-offer": _no_guarantee_offer, "approaching-18": _approaching_18,
    "ldd-transition": _ldd_transition, "leaver-not-contacted": _leaver_not_contacted,
}


# --- bounds ------------------------------------------------------------------------------


def dob_spans(holds: Callable[[dt.date], bool], today: dt.date, *, oldest: int,
              youngest: int) -> tuple[DateSpan, ...]:
    """The runs of birth dates, aged `youngest` to `oldest` today, for which `holds` is true.

    A birthday rule holds for one or two unbroken runs of birth dates, so a day-by-day scan
    (a few thousand calls of a pure function, once a day) finds them exactly, leap years and
    all, and the database only compares a birth date with the ends of each run.
    """
    day = rules.birthday(today, -oldest) - dt.timedelta(days=1)
    end = rules.birthday(today, -youngest)
    spans: list[DateSpan] = []
    first: dt.date | None = None
    while day <= end:
        inside = holds(day)
        if inside and first is None:
            first = day
        elif not inside and first is not None:
            spans.append(DateSpan(first, day - dt.timedelta(days=1)))
            first = None
        day += dt.timedelta(days=1)
    if first is not None:
        spans.append(DateSpan(first, end))
    return tuple(spans)


def _born_in(dob: ColumnElement[dt.date] | QueryableAttribute[dt.date],
             spans: tuple[DateSpan, ...]) -> ColumnElement[bool]:
    return or_(*(dob.between(*span) for span in spans)) if spans else false()


def _in_guarantee_year(year: int, today: dt.date, dob: dt.date) -> bool:
    return rules.guarantee_year(dob, today) == year


def _ldd_spans(today: dt.date) -> tuple[tuple[DateSpan, dt.date | None], ...]:
    """Birth dates with a Section 139A assessment due, and the due date if the same for all."""
    spans = dob_spans(lambda d: rules.ldd_transition_due(d, today) is not None, today,
                      oldest=21, youngest=13)
    dues = [(rules.ldd_transition_due(s.first, today), rules.ldd_transition_due(s.last, today))
            for s in spans]
    return tuple((span, first if first == last else None)
                 for span, (first, last) in zip(spans, dues, strict=True))


def _past_year_11_born_by(today: dt.date) -> dt.date:
    """The latest birth date whose academic age today is past Year 11's."""
    day = rules.birthday(today, -rules.LAST_COMPULSORY_ACADEMIC_AGE)
    while rules.academic_age(day, today) <= rules.LAST_COMPULSORY_ACADEMIC_AGE:
        day -= dt.timedelta(days=1)
    return day


def _contact_overdue_from(today: dt.date, policy: rules.RulePolicy) -> dt.date:
    """The latest trigger date whose last contact day (rules.contact_due) is before today."""
    day = today
    while rules.contact_due(day, policy) >= today:
        day -= dt.timedelta(days=1)
    return day


def _later(first: ColumnElement[Any], second: ColumnElement[Any]) -> ColumnElement[Any]:
    """The later of two nullable dates (null only when both are)."""
    later = case((first.is_(None), second), (second.is_(None), first),
                 (first > second, first), else_=second)
    return type_coerce(later, Date)


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"
