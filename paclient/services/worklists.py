"""The work lists: for each, the SQL condition that puts a person on it, its order and reason.

Every condition is written against two aliases handed in by the caseload query: `p`, the young
person, and `a`, their current activity (outer-joined, so its columns are null when a person
has no activity). Rules that depend on birthdays and working days are turned into date bounds
in Python first (`Bounds`), so the database only compares dates.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Date, and_, case, exists, false, func, literal, or_, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import NamedFromClause

from paclient.models import ActionPlan, Contact, GuaranteeOffer, Referral
from paclient.reference import CodeBook
from paclient.services import rules
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


@dataclass(frozen=True)
class Bounds:
    """Dates and code sets the conditions compare against, worked out once per day."""

    today: dt.date
    within_days: int
    neet_codes: tuple[str, ...]
    not_known_codes: tuple[str, ...]
    offer_statuses: tuple[str, ...]
    age_16_17: tuple[DateSpan, ...]
    guarantee: dict[int, tuple[DateSpan, ...]]
    approaching_18: tuple[DateSpan, ...]
    ldd_due: tuple[tuple[DateSpan, dt.date | None], ...]  # with the due date, if one for all
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
        offer_statuses=tuple(sorted(e.code for e in book.entries("guarantee_status")
                                    if e.attrs.get("outcome") in OFFER_OUTCOMES)),
        age_16_17=dob_spans(lambda d: 16 <= rules.academic_age(d, today) <= 17, today,
                            oldest=19, youngest=15),
        guarantee={year: dob_spans(functools.partial(_in_guarantee_year, year, today), today,
                                   oldest=19, youngest=13) for year in (11, 12)},
        approaching_18=dob_spans(lambda d: rules.approaching_18(d, today, policy), today,
                                 oldest=19, youngest=15),
        ldd_due=_ldd_spans(today),
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
    live = and_(ActionPlan.person_id == t.p.c.id, ActionPlan.closed_on.is_(None),
                ActionPlan.deleted_at.is_(None))
    next_review = select(func.min(ActionPlan.next_review_on)).where(live).scalar_subquery()
    where = or_(exists().where(live, ActionPlan.next_review_on < b.today),
                and_(t.p.c.level_of_need.is_not(None), ~exists().where(live)))
    return ListSpec(where, next_review, _review_detail)


def _review_detail(key: Any, row: Any) -> str:
    if key is None:
        return f"level of need {row.level_of_need}, no action plan"
    return f"review due {_d(key)}"


def _referral_follow_ups(t: Tables, b: Bounds) -> ListSpec:
    due = and_(Referral.person_id == t.p.c.id, Referral.deleted_at.is_(None),
               Referral.kind == "referral", Referral.outcome.is_(None),
               Referral.closed_on.is_(None), Referral.follow_up_due <= b.today)
    first_due = select(func.min(Referral.follow_up_due)).where(due).scalar_subquery()
    return ListSpec(exists().where(due), first_due,
                    lambda key, _: f"referral follow-up due {_d(key)}")


def _neet(t: Tables, b: Bounds) -> ListSpec:
    start = t.a.c.neet_start_date

    def detail(key: Any, _row: Any) -> str:
        return f"NEET {(b.today - key).days} days" if key else "NEET"

    return ListSpec(t.a.c.code.in_(b.neet_codes), start, detail, uses_activity=True)


def _not_known(t: Tables, b: Bounds) -> ListSpec:
    no_activity = and_(t.a.c.code.is_(None), _born_in(t.p.c.date_of_birth, b.age_16_17))

    def detail(key: Any, _row: Any) -> str:
        return f"not known since {_d(key)}" if key else "no activity recorded"

    return ListSpec(or_(t.a.c.code.in_(b.not_known_codes), no_activity), t.a.c.start_date,
                    detail, uses_activity=True)


def _no_guarantee_offer(t: Tables, b: Bounds) -> ListSpec:
    dob = t.p.c.date_of_birth
    whens = [(_born_in(dob, spans), literal(year)) for year, spans in sorted(b.guarantee.items())
             if spans]
    if not whens:
        return ListSpec(false(), literal(None), lambda key, _: "")
    year = case(*whens, else_=None)
    offered = exists().where(GuaranteeOffer.person_id == t.p.c.id,
                             GuaranteeOffer.deleted_at.is_(None),
                             GuaranteeOffer.year_group == year,
                             GuaranteeOffer.status.in_(b.offer_statuses))
    return ListSpec(and_(year.is_not(None), ~offered), year,
                    lambda key, _: f"Year {key}: no offer recorded")


def _approaching_18(t: Tables, b: Bounds) -> ListSpec:
    dob = t.p.c.date_of_birth
    return ListSpec(_born_in(dob, b.approaching_18), dob,
                    lambda key, _: f"18 on {_d(rules.eighteenth_birthday(key))}")


def _ldd_transition(t: Tables, b: Bounds) -> ListSpec:
    dob = t.p.c.date_of_birth
    where = and_(or_(t.p.c.send.is_(True), t.p.c.sen_support.is_(True)),
                 t.p.c.lda_completed_on.is_(None),
                 _born_in(dob, tuple(span for span, _ in b.ldd_due)))
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
    neet_start = case((t.a.c.code.in_(b.neet_codes), t.a.c.neet_start_date), else_=None)
    trigger = _later(t.p.c.leaver_notified_on, neet_start)
    # occurred_at is stored as text 'YYYY-MM-DD HH:MM:SS...', which sorts after its own date.
    contacted = exists().where(Contact.person_id == t.p.c.id, Contact.deleted_at.is_(None),
                               Contact.did_not_attend.is_(False),
                               Contact.occurred_at >= trigger)
    where = and_(trigger.is_not(None), trigger <= b.contact_overdue_from, ~contacted)

    def detail(key: Any, row: Any) -> str:
        if row.leaver_notified_on == key:
            return f"leaver notified {_d(key)}, not contacted"
        return f"NEET since {_d(key)}, not contacted"

    return ListSpec(where, trigger, detail, uses_activity=True)


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


def _born_in(dob: ColumnElement[dt.date], spans: tuple[DateSpan, ...]) -> ColumnElement[bool]:
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
