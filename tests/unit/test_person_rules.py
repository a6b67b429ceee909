"""The rules of a young person's own record (`ccis.person_rules`), on their boundary days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ccis import person_rules
from ccis.codes import load_codebook
from ccis.person_rules import CurrentActivity, OnRecord, PersonFacts

D = dt.date
BOOK = load_codebook()
DOB = D(2006, 11, 22)  # 20 on 2026-11-22, 26 on 2032-11-22
ON = D(2024, 11, 1)


def _rules(on: dt.date = ON, on_record: OnRecord = person_rules.NOTHING,
           changed: Any = None, **facts: Any) -> set[tuple[str, str]]:
    person = PersonFacts(**{"date_of_birth": DOB, "gender": "F", **facts})
    return {(e.field, e.rule) for e in person_rules.person_problems(
        person, on_record, on=on, codebook=BOOK, changed=changed)}


def _activity(code: str, start: dt.date, neet_start: dt.date | None = None) -> OnRecord:
    found = CurrentActivity.from_values(
        {"code": code, "start_date": start.isoformat(), "neet_start_date": neet_start}, BOOK)
    assert found is not None
    return OnRecord(activity=found)


AGED_OUT = {("date_of_birth", "past_age_out")}


def test_the_caseload_keeps_a_young_person_to_their_20th_birthday() -> None:
    assert _rules(on=D(2026, 11, 21)) == set()
    assert _rules(on=D(2026, 11, 22)) == AGED_OUT
    assert _rules(on=D(2026, 11, 22), cohort_status="G") == AGED_OUT


def test_with_send_or_status_l_to_their_26th_birthday() -> None:
    for facts in ({"send": True}, {"cohort_status": "L"}, {"send": True, "cohort_status": "L"}):
        assert _rules(on=D(2026, 11, 22), **facts) == set()
        assert _rules(on=D(2032, 11, 21), **facts) == set()
        assert _rules(on=D(2032, 11, 22), **facts) == AGED_OUT


def test_status_l_with_send_n_is_accepted_from_20_to_25() -> None:
    assert _rules(on=D(2028, 5, 1), send=False, cohort_status="L") == set()


def test_a_record_out_of_the_caseload_has_no_upper_bound() -> None:
    for status in "ATEMD":
        assert _rules(on=D(2040, 1, 1), cohort_status=status) == set()


def test_the_caseload_starts_in_year_9() -> None:
    dob = D(2011, 8, 31)  # academic age 13 from 1 September 2024
    below = {("date_of_birth", "below_cohort_age")}
    assert _rules(on=D(2024, 8, 31), date_of_birth=dob) == below  # Year 8
    assert _rules(on=D(2024, 9, 1), date_of_birth=dob) == set()  # Year 9
    assert _rules(on=D(2024, 9, 1), date_of_birth=D(2030, 1, 1)) == below  # not born
    assert _rules(on=D(2024, 8, 31), date_of_birth=dob, cohort_status="A") == below


def test_the_age_message_states_the_rule_and_never_asks_for_send() -> None:
    person = PersonFacts(DOB)
    found = person_rules.person_problems(person, on=D(2026, 11, 22), codebook=BOOK)
    assert [e.message for e in found] == [
        ("gives an age of 20 or over: the caseload keeps young people to their 20th "
         "birthday, or their 26th with an EHC plan (SEND) or cohort status L")]
    found = person_rules.person_problems(PersonFacts(DOB, send=True), on=D(2032, 11, 22),
                                         codebook=BOOK)
    assert "26 or over" in found[0].message and "must be Y" not in found[0].message


def test_ages_out_on_the_age_out_birthday_and_l_stays_l() -> None:
    assert not person_rules.ages_out(PersonFacts(DOB), D(2026, 11, 21), BOOK)
    assert person_rules.ages_out(PersonFacts(DOB), D(2026, 11, 22), BOOK)
    assert not person_rules.ages_out(PersonFacts(DOB, send=True), D(2032, 11, 21), BOOK)
    assert person_rules.ages_out(PersonFacts(DOB, send=True), D(2032, 11, 22), BOOK)
    assert not person_rules.ages_out(PersonFacts(DOB, send=True, cohort_status="L"),
                                     D(2033, 1, 1), BOOK)
    assert not person_rules.ages_out(PersonFacts(DOB, cohort_status="A"), D(2033, 1, 1), BOOK)


def test_send_and_sen_support_never_both() -> None:
    assert _rules(send=True, sen_support=True) == {("sen_support", "send_and_sen_support")}
    assert _rules(send=True) == _rules(sen_support=True) == set()


def test_gender_m_refused_while_pregnancy_or_activity_650_is_current() -> None:
    pregnancy = OnRecord(characteristics=frozenset({"180"}))
    assert _rules(gender="M", on_record=pregnancy) == {("gender", "not_with_gender")}
    assert _rules(gender="F", on_record=pregnancy) == set()
    with_650 = _activity("650", D(2024, 9, 2), D(2024, 9, 2))
    assert _rules(gender="M", on_record=with_650) == {("gender", "not_with_gender")}
    assert _rules(gender="U", on_record=with_650) == set()


def test_send_n_refused_while_a_send_only_activity_is_current() -> None:
    for code in ("280", "460"):
        current = _activity(code, D(2024, 9, 2))
        assert _rules(send=False, on_record=current) == {("send", "send_only_activity")}
        assert _rules(send=True, on_record=current) == set()
    assert _rules(send=False, on_record=_activity("230", D(2024, 9, 2))) == set()


def test_a_date_of_birth_change_rechecks_the_current_activitys_ages() -> None:
    # 230 began 2 September 2024: post-16 only, so academic age 16 on that day
    current = _activity("230", D(2024, 9, 2))
    assert _rules(date_of_birth=D(2008, 8, 31), on_record=current) == set()  # Year 12
    assert _rules(date_of_birth=D(2008, 9, 1), on_record=current) == {
        ("date_of_birth", "activity_age")}  # Year 11
    compulsory = _activity("110", D(2024, 9, 2))
    assert _rules(date_of_birth=D(2008, 9, 1), on_record=compulsory) == set()
    assert _rules(date_of_birth=D(2008, 8, 31), on_record=compulsory) == {
        ("date_of_birth", "activity_age")}


def test_a_date_of_birth_change_rechecks_the_neet_start_against_the_15th_birthday() -> None:
    current = _activity("619", D(2026, 9, 1), neet_start=D(2024, 9, 10))  # NEET for 2 years
    assert _rules(date_of_birth=D(2008, 8, 31), on_record=current) == set()
    assert _rules(date_of_birth=D(2009, 8, 31), on_record=current) == set()  # 15 on 2024-08-31
    assert _rules(date_of_birth=D(2009, 9, 10), on_record=current) == set()  # 15 that day
    assert _rules(date_of_birth=D(2009, 9, 11), on_record=current) >= {
        ("date_of_birth", "activity_age")}


def test_only_the_rules_reading_a_changed_field_are_applied() -> None:
    pregnancy = OnRecord(characteristics=frozenset({"180"}))
    assert _rules(gender="M", on_record=pregnancy, changed={"town"}) == set()
    assert _rules(gender="M", on_record=pregnancy, changed={"gender"}) == {
        ("gender", "not_with_gender")}
    assert _rules(on=D(2026, 11, 22), changed={"phone"}) == set()
    assert _rules(on=D(2026, 11, 22), changed={"cohort_status"}) == AGED_OUT


def test_facts_read_wire_values() -> None:
    facts = PersonFacts.from_values({"date_of_birth": "2006-11-22", "gender": "M", "send": True,
                                     "sen_support": False, "cohort_status": None})
    assert facts == PersonFacts(DOB, "M", True, False, "P")
    assert PersonFacts.from_values({"date_of_birth": "not a date"}) is None
