"""The rules of a pushed row that need its young person, run with the same `ccis` functions the
device's services run: an activity against the person's age, SEND, gender and characteristics
on its start date (`ccis.rules.check_activity`), a September Guarantee status and an intended
destination against the person's school year (`ccis.year_rules`), and who gave a consent
against the person's age on its day (`ccis.consent_rules`).

`CHECKS` maps a table to its check, and each check names the fields it reads: a change that
touches none of them (a delete, an unrelated edit of a row stored before a rule existed) is not
checked. A check raises `ValidationErrors`; the push answers with the first, as it does for a
row rule. A change to the person row itself (gender, SEND, date of birth) is checked against
their current activity and characteristics with the device's `ccis.person_rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from ccis import consent_rules, person_rules, rules, year_rules
from ccis.codes import CodeBook
from ccis.errors import ValidationError, ValidationErrors
from ccis.row_rules import FUTURE_SLACK
from ccis_hub.person_facts import PersonFacts, Row, day

Check = Callable[[PersonFacts, Row, dt.date, CodeBook], None]  # (facts, row, today, codebook)


@dataclass(frozen=True)
class PersonRule:
    """A table's person-dependent check and the fields whose change calls for it."""

    check: Check
    reads: frozenset[str]


def problem(table: str, facts: PersonFacts | None, row: Row, changed: Collection[str],
            today: dt.date, codebook: CodeBook) -> str | None:
    """Why `row` (as the change leaves it) breaks a rule of its person, or None. No facts (the
    person is not on the hub) or no date of birth: nothing to check against."""
    rule = CHECKS.get(table)
    if rule is None or facts is None or facts.dob is None or not rule.reads & set(changed):
        return None
    try:
        rule.check(facts, row, today + FUTURE_SLACK, codebook)
    except ValidationErrors as refused:
        first = refused.errors[0]
        return f"Field {table}.{first.field} {first.message}."
    return None


def _activity(facts: PersonFacts, row: Row, today: dt.date, codebook: CodeBook) -> None:
    code, start = str(row.get("code")), day(row, "start_date")
    entry = codebook.entry("activity", code, start) or codebook.entry("activity", code)
    if entry is None or facts.dob is None:
        return  # the code's own rule has refused it already
    rules.check_activity(
        code_entry=entry, start_date=start, date_ascertained=day(row, "date_ascertained"),
        date_verified=day(row, "date_verified"), review_date=day(row, "review_date"),
        predicted_end_date=day(row, "predicted_end_date"),
        neet_start_date=day(row, "neet_start_date"), dob=facts.dob, send=facts.send,
        gender=facts.gender, characteristics_on_start=facts.characteristics_on(start)
        if start is not None else set(), codebook=codebook, on_date=today)


def _guarantee(facts: PersonFacts, row: Row, today: dt.date, codebook: CodeBook) -> None:
    recorded, year = day(row, "recorded_on"), row.get("year_group")
    entry = codebook.entry("guarantee_status", str(row.get("status")), recorded)
    if entry is None or recorded is None or not isinstance(year, int) or facts.dob is None:
        return
    year_rules.check_guarantee_offer(status_entry=entry, year_group=year,
                                     recorded_on=recorded, dob=facts.dob, on_date=today)


def _destination(facts: PersonFacts, row: Row, today: dt.date, codebook: CodeBook) -> None:
    recorded = day(row, "recorded_on")
    if recorded is None or facts.dob is None:
        return
    year_rules.check_intended_destination(recorded_on=recorded, dob=facts.dob, on_date=today)


def _consent(facts: PersonFacts, row: Row, today: dt.date, codebook: CodeBook) -> None:
    recorded = day(row, "recorded_on")
    if recorded is None or facts.dob is None:
        return
    found = consent_rules.giver_problem(str(row.get("given_by")), str(row.get("decision")),
                                       facts.dob, recorded)
    if found is not None:
        raise ValidationErrors([ValidationError("given_by", *found)])


def _person(facts: PersonFacts, row: Row, today: dt.date, codebook: CodeBook) -> None:
    """The person row as the change leaves it against what is current on their record (a
    gender, SEND flag or date of birth their current activity or characteristics rule out).
    The rules of the row alone (ages, SEND with SEN support) are `ccis.row_rules`'."""
    person = person_rules.PersonFacts.from_values(row)
    if person is None:
        return
    current = facts.current_activity()
    on_record = person_rules.OnRecord(
        person_rules.CurrentActivity.from_values(current, codebook) if current else None,
        frozenset(facts.characteristics_on(today)))
    alone = {(e.field, e.rule)
             for e in person_rules.person_problems(person, on=today, codebook=codebook)}
    found = [e for e in person_rules.person_problems(person, on_record, on=today,
                                                     codebook=codebook)
             if (e.field, e.rule) not in alone]
    if found:
        raise ValidationErrors(found)


CHECKS: dict[str, PersonRule] = {
    "activity": PersonRule(_activity, frozenset({
        "code", "start_date", "date_ascertained", "date_verified", "review_date",
        "predicted_end_date", "neet_start_date"})),
    "guarantee_offer": PersonRule(_guarantee, frozenset({"year_group", "status",
                                                        "recorded_on"})),
    "intended_destination": PersonRule(_destination, frozenset({"recorded_on"})),
    "consent": PersonRule(_consent, frozenset({"given_by", "decision", "recorded_on"})),
    "young_person": PersonRule(_person, frozenset({"gender", "send", "date_of_birth"})),
}
