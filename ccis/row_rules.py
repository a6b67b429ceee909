"""The domain rules a synced row meets, as the hub checks a pushed change and the device its
writes: one field's own rule (the text rule, its code list, its fixed values, its range) and
the cross-field rules of each table, on the row as it will be after the change.

Values are in wire form (`ccis.catalogue`: ids, dates and times as ISO text). Every message
names what is wrong, never the value: a value may be case content. A cross-field rule is only
applied when the change touches one of its fields, so a row stored before a rule existed can
still take unrelated edits; rules that read today's date use the checker's `today`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from ccis import identifiers, person_rules, rules
from ccis.catalogue import TABLES, Field
from ccis.codes import CodeBook
from ccis.errors import ExpectedError
from ccis.la_dates import la_problems
from ccis.text import json_problem, text_problem

Row = Mapping[str, Any]
Problem = tuple[str, str]  # (field, what is wrong)
FUTURE_SLACK = dt.timedelta(days=1)  # a device's local day may be ahead of the hub's UTC one
IDENTIFIERS: dict[str, Callable[[str, str], str]] = {
    "upn": identifiers.check_upn, "uln": identifiers.check_uln,
    "postcode": identifiers.check_postcode, "email": identifiers.check_email,
    "phone": identifiers.check_phone,
    "establishment_number": identifiers.check_establishment_number,
    "ccis_id": identifiers.check_young_persons_id}
# Code lists an authority may add to (reference data an administrator edits on a laptop): an
# added code starts with the prefix and is accepted by shape until the hub holds the list.
LOCAL_CODE_PREFIX = "la_"
LOCAL_LISTS = frozenset({"assessment_factor"})
_LOCAL_CODE = re.compile(r"la_[a-z0-9_]{1,37}")


def value_problem(field: Field, value: object, codebook: CodeBook) -> str | None:
    """Why `value` breaks `field`'s own rule, or None (an empty value is the caller's call)."""
    if value is None:
        return None
    if isinstance(value, str):
        found = text_problem(value)
        if found is not None:
            return found
    elif field.kind == "json":
        found = json_problem(value)
        if found is not None:
            return found
    if field.codes is not None and field.kind == "json":
        if not isinstance(value, list):
            return f"must be a list of codes of the {field.codes} code list"
        return _code_problem(field.codes, value, codebook)
    if field.codes is not None:
        return _code_problem(field.codes, [value], codebook)
    if field.choices is not None and value not in field.choices:
        return f"must be one of {', '.join(field.choices)}"
    if field.bounds is not None and isinstance(value, int):
        low, high = field.bounds
        if not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
    return None


def _code_problem(code_list: str, codes: list[Any], codebook: CodeBook) -> str | None:
    if all(isinstance(c, str) and (codebook.entry(code_list, c) is not None or (
            code_list in LOCAL_LISTS and _LOCAL_CODE.fullmatch(c))) for c in codes):
        return None
    return f"holds a code that is not in the {code_list} code list"


def row_problems(table: str, row: Row, changed: Collection[str], today: dt.date,
                 codebook: CodeBook) -> list[Problem]:
    """The cross-field rules of `table` that `row` breaks, among those `changed` touches."""
    check = _CHECKS.get(table)
    past = _past_fields(table)
    found = [*_not_future(row, today, *past), *(check(row, today, codebook) if check else ()),
             *la_problems(table, row, today, codebook, FUTURE_SLACK)]
    return [(name, what) for name, what, touched in found if touched & set(changed)]


def _past_fields(table: str) -> tuple[str, ...]:
    """The table's dates of things that have happened (`Field.past`): never after today."""
    info = TABLES.get(table)
    return tuple(n for n, f in info.fields.items() if f.past) if info is not None else ()


Found = Iterator[tuple[str, str, frozenset[str]]]  # (field, what, the fields the rule reads)


def _date(row: Row, name: str) -> dt.date | None:
    return rules.as_date(row.get(name)) if isinstance(row.get(name), str) else None


def _time(row: Row, name: str) -> dt.datetime | None:
    value = row.get(name)
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _not_before(row: Row, later: str, earlier: str, what: str) -> Found:
    first, second = _date(row, earlier), _date(row, later)
    if first is not None and second is not None and second < first:
        yield later, f"cannot be before {what}", frozenset({earlier, later})


def _not_future(row: Row, today: dt.date, *names: str) -> Found:
    for name in names:
        day = _date(row, name)
        if day is not None and day > today + FUTURE_SLACK:
            yield name, "cannot be in the future", frozenset({name})


def _person(row: Row, today: dt.date, codebook: CodeBook) -> Found:
    for name, check in IDENTIFIERS.items():
        value = row.get(name)
        if isinstance(value, str) and value and _breaks(check, value, name):
            yield name, "is not in the expected form", frozenset({name})
    yield from person_record_problems(row, today, codebook)


def person_record_problems(row: Row, today: dt.date, codebook: CodeBook,
                           on_record: person_rules.OnRecord = person_rules.NOTHING) -> Found:
    """The rules of a person's own record (`ccis.person_rules`) that the young_person `row`
    breaks, given what is current on the record: on the hub's day and on the device's, which
    may be a day ahead of it (field, what, the person's fields the rule reads)."""
    facts = person_rules.PersonFacts.from_values(row)
    if facts is None:
        return
    early, late = (person_rules.person_problems(facts, on_record, on=on, codebook=codebook)
                   for on in (today, today + FUTURE_SLACK))
    broken_late = {(e.field, e.rule) for e in late}
    for e in early:
        if (e.field, e.rule) in broken_late:
            yield e.field, e.message, person_rules.READS[e.rule]


def _breaks(check: Callable[[str, str], str], value: str, name: str) -> bool:
    try:
        check(value, name)
    except ExpectedError:
        return True
    return False


def _contact(row: Row, today: dt.date, codebook: CodeBook) -> Found:
    occurred, following = _time(row, "occurred_at"), _time(row, "next_appointment_at")
    if occurred is not None and occurred.date() > today + FUTURE_SLACK:
        yield "occurred_at", "cannot be in the future", frozenset({"occurred_at"})
    if occurred is not None and following is not None and following <= occurred:
        yield ("next_appointment_at", "must be after the contact",
               frozenset({"occurred_at", "next_appointment_at"}))


def _activity(row: Row, today: dt.date, codebook: CodeBook) -> Found:
    yield from _not_before(row, "date_ascertained", "start_date", "the start date")
    yield from _not_before(row, "date_verified", "date_ascertained", "the date ascertained")
    yield from _not_before(row, "review_date", "start_date", "the start date")
    start, end = _date(row, "start_date"), _date(row, "predicted_end_date")
    if start is not None and end is not None and end <= start:
        yield ("predicted_end_date", "must be after the start date",
               frozenset({"start_date", "predicted_end_date"}))
    yield from _not_future(row, today, "date_ascertained", "date_verified")


def _dated(start: str, *ends: str, future: tuple[str, ...] = ()) -> Callable[..., Found]:
    def check(row: Row, today: dt.date, codebook: CodeBook) -> Found:
        for end in ends:
            yield from _not_before(row, end, start, "the start")
        yield from _not_future(row, today, *future)
    return check


_CHECKS: dict[str, Callable[[Row, dt.date, CodeBook], Found]] = {
    "young_person": _person,
    "contact": _contact,
    "activity": _activity,
    "characteristic": _dated("start_date", "end_date"),
    "safety_warning": _dated("start_date", "end_date"),
    "consent": _dated("recorded_on", "withdrawn_on", future=("recorded_on",)),
    "custody_episode": _dated("admitted_on", "released_on", "expected_release_on",
                              future=("admitted_on",)),
    "caf_episode": _dated("opened_on", "closed_on", future=("opened_on",)),
    "action_plan": _dated("started_on", future=("started_on",)),
    "referral": _dated("sent_on", "acknowledged_on", "closed_on", future=("sent_on",)),
    "assessment": _dated("assessed_on", future=("assessed_on",)),
    "caf_review": _dated("reviewed_on", future=("reviewed_on",)),
    "approaching_18_item": _dated("done_on", future=("done_on",)),
}
