"""The rules on a young person's own record, re-checked whenever the person changes.

The age the caseload keeps (DOMAIN §1, §4: from Year 9 to the 20th birthday, or the 26th with
an EHC plan or cohort status L), SEND beside SEN support (§3), and the cross-field rules of
§5.1-5.2 between the person and what is current on their record: gender M with pregnancy (180,
or activity 650) current, SEND = N with a SEND-only activity current, a date of birth that no
longer fits the current activity's ages or its NEET start.

Pure: the device's services and the hub call the same `person_problems`, each with the facts
they hold. Values may be Python dates or wire text (ISO dates), so the hub can pass its rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ccis import rules
from ccis.codes import CodeBook, CodeEntry
from ccis.errors import ValidationError

AGED_OUT = "A"  # cohort status of a record past its age-out birthday
EHC_CEASED = "L"  # cohort status: aged 20-25 whose EHC plan / LDA has ceased (DOMAIN §5.3)
AGE_BOUND = frozenset({"date_of_birth", "send", "cohort_status"})
READS: Mapping[str, frozenset[str]] = {  # rule id -> the person's fields it reads
    "below_cohort_age": AGE_BOUND, "past_age_out": AGE_BOUND,
    "send_and_sen_support": frozenset({"send", "sen_support"}),
    "not_with_gender": frozenset({"gender"}), "send_only_activity": frozenset({"send"}),
    "activity_age": frozenset({"date_of_birth"}),
}


@dataclass(frozen=True)
class PersonFacts:
    """The fields of a young person the record rules read."""

    date_of_birth: dt.date
    gender: str = "U"
    send: bool = False
    sen_support: bool = False
    cohort_status: str = "P"

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> PersonFacts | None:
        """The facts of a person's values (dates as dates or ISO text); None without a
        readable date of birth. Empty gender and cohort status take the defaults."""
        dob = rules.as_date(values.get("date_of_birth"))
        if dob is None:
            return None
        return cls(dob, values.get("gender") or "U", values.get("send") is True,
                   values.get("sen_support") is True, values.get("cohort_status") or "P")


@dataclass(frozen=True)
class CurrentActivity:
    """The person's current (latest) activity, as far as the record rules read it."""

    entry: CodeEntry
    start_date: dt.date
    neet_start_date: dt.date | None = None

    @classmethod
    def from_values(cls, values: Mapping[str, Any], codebook: CodeBook,
                    ) -> CurrentActivity | None:
        """The current activity of an activity row (dates as dates or ISO text); None when
        its code or start date cannot be read."""
        start = rules.as_date(values.get("start_date"))
        code = values.get("code")
        entry = codebook.entry("activity", code, start) if isinstance(code, str) else None
        if entry is None or start is None:
            return None
        return cls(entry, start, rules.as_date(values.get("neet_start_date")))


@dataclass(frozen=True)
class OnRecord:
    """What is current on the person's record: their activity and characteristic codes."""

    activity: CurrentActivity | None = None
    characteristics: frozenset[str] = frozenset()


NOTHING = OnRecord()



def keeps_until(person: PersonFacts, codebook: CodeBook,
                policy: rules.RulePolicy = rules.DEFAULT_POLICY) -> dt.date | None:
    """The birthday the caseload keeps the person to: the 20th, or the 26th with an EHC plan
    (SEND) or cohort status L; None for a record already out of the caseload (A, T, E, M, D)."""
    if person.cohort_status == EHC_CEASED:
        return rules.age_out_date(person.date_of_birth, True, policy)
    entry = codebook.entry("cohort_status", person.cohort_status)
    if entry is None or entry.attrs.get("active"):
        return rules.age_out_date(person.date_of_birth, person.send, policy)
    return None


def ages_out(person: PersonFacts, on: dt.date, codebook: CodeBook,
             policy: rules.RulePolicy = rules.DEFAULT_POLICY) -> bool:
    """True when an active record (P, G) has reached its age-out birthday by `on`: its cohort
    status should become A (a record with status L is kept as L)."""
    if person.cohort_status == EHC_CEASED:
        return False
    until = keeps_until(person, codebook, policy)
    return until is not None and on >= until


def person_problems(person: PersonFacts, on_record: OnRecord = NOTHING, *, on: dt.date,
                    codebook: CodeBook, policy: rules.RulePolicy = rules.DEFAULT_POLICY,
                    changed: Collection[str] | None = None) -> list[ValidationError]:
    """Every rule of the person's own record `person` breaks on `on`, given what is current on
    the record; only the rules reading a field in `changed` when it is given (so a record
    stored before a rule existed can still take unrelated edits)."""
    found = [*_age_bounds(person, on, codebook, policy), *_current(person, on_record, codebook)]
    if person.send and person.sen_support:
        found.append(ValidationError("sen_support", "send_and_sen_support",
                                     "cannot be Y when SEND (EHC plan) is Y"))
    if changed is None:
        return found
    return [e for e in found if READS.get(e.rule, AGE_BOUND) & set(changed)]


def _age_bounds(person: PersonFacts, on: dt.date, codebook: CodeBook,
                policy: rules.RulePolicy) -> Iterator[ValidationError]:
    if rules.academic_age(person.date_of_birth, on) < rules.YOUNGEST_COHORT_ACADEMIC_AGE:
        yield ValidationError("date_of_birth", "below_cohort_age", (
            "gives an age below Year 9: the caseload starts in Year 9 (academic age 13)"))
        return
    until = keeps_until(person, codebook, policy)
    if until is None or on < until:
        return
    age = (policy.age_out_send if rules.age_on(person.date_of_birth, on) >= policy.age_out_send
           else policy.age_out)
    yield ValidationError("date_of_birth", "past_age_out", (
        f"gives an age of {age} or over: the caseload keeps young people to their "
        f"{policy.age_out}th birthday, or their {policy.age_out_send}th with an EHC plan (SEND) "
        "or cohort status L"))


def _current(person: PersonFacts, on_record: OnRecord,
             codebook: CodeBook) -> Iterator[ValidationError]:
    for code in sorted(on_record.characteristics):
        if _excluded(codebook, code, person.gender):
            yield ValidationError("gender", "not_with_gender", (
                f"cannot be {person.gender} while characteristic {code} "
                f"({_label(codebook, code)}) is current"))
    activity = on_record.activity
    if activity is None:
        return
    entry = activity.entry
    needed = entry.attrs.get("needs_characteristic")
    if (needed is not None and needed not in on_record.characteristics
            and _excluded(codebook, needed, person.gender)):
        yield ValidationError("gender", "not_with_gender", (
            f"cannot be {person.gender} while the current activity is {entry.code} "
            f"({entry.label.lower()})"))
    if entry.attrs.get("send_only") and not person.send:
        yield ValidationError("send", "send_only_activity", (
            f"must be Y while the current activity is {entry.code} ({entry.label.lower()}), "
            "which is only for young people with SEND: record their new activity first"))
    yield from _activity_ages(person, activity)


def _excluded(codebook: CodeBook, code: str, gender: str) -> bool:
    entry = codebook.entry("characteristic", code)
    return entry is not None and entry.attrs.get("not_with_gender") == gender


def _label(codebook: CodeBook, code: str) -> str:
    entry = codebook.entry("characteristic", code)
    return entry.label.lower() if entry else "characteristic"


def _activity_ages(person: PersonFacts, activity: CurrentActivity) -> Iterator[ValidationError]:
    dob, entry = person.date_of_birth, activity.entry
    for broken in rules.activity_age_problems(entry, dob, activity.start_date):
        yield ValidationError("date_of_birth", "activity_age",
                              f"does not fit the current activity: {broken.message}")
    neet_start = activity.neet_start_date
    if (rules.is_neet(entry) and neet_start is not None
            and neet_start < rules.birthday(dob, rules.NEET_START_EARLIEST_AGE)):
        yield ValidationError("date_of_birth", "activity_age", (
            "does not fit the current activity: its NEET start date would be before the "
            "15th birthday"))
