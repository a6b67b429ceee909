"""Pure domain rules: ages, calendar arithmetic, currency, timeliness and cross-field checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from ccis import rules
from ccis.codes import CodeBook, load_codebook
from ccis.errors import ValidationError, ValidationErrors
from ccis.rules import RulePolicy

D = dt.date
NEW_YEAR = D(2024, 1, 2)


@pytest.fixture(scope="module")
def book() -> CodeBook:
    return load_codebook()


# --- ages and school years --------------------------------------------------------------


@pytest.mark.parametrize(("dob", "on", "age"), [
    (D(2008, 8, 31), D(2024, 8, 31), 15),  # still the 2023-24 academic year
    (D(2008, 8, 31), D(2024, 9, 1), 16),  # new year: 16 on 31 August 2024
    (D(2008, 9, 1), D(2024, 9, 1), 15),  # born 1 September: a year group below
    (D(2008, 9, 1), D(2025, 8, 31), 15),
    (D(2008, 9, 1), D(2025, 9, 1), 16),
    (D(2008, 2, 29), D(2024, 10, 1), 16),  # leap-day birthdays are before 31 August
])
def test_academic_age_turns_on_1_september(dob: dt.date, on: dt.date, age: int) -> None:
    assert rules.academic_age(dob, on) == age


def test_year_group_follows_academic_age() -> None:
    dob = D(2008, 8, 31)
    assert rules.year_group(dob, D(2024, 8, 31)) == 11
    assert rules.year_group(dob, D(2024, 9, 1)) == 12
    assert rules.year_group(D(2008, 9, 1), D(2024, 9, 1)) == 11


def test_leap_day_birthdays() -> None:
    dob = D(2008, 2, 29)
    assert rules.eighteenth_birthday(dob) == D(2026, 3, 1)
    assert rules.age_on(dob, D(2026, 2, 28)) == 17
    assert rules.age_on(dob, D(2026, 3, 1)) == 18
    assert rules.birthday(dob, 20) == D(2028, 2, 29)
    assert rules.age_on(dob, D(2028, 2, 29)) == 20
    assert rules.age_out_date(dob, send=False) == D(2028, 2, 29)


def test_age_out_at_20_or_26_with_send() -> None:
    dob = D(2005, 6, 15)
    assert rules.age_out_date(dob, send=False) == D(2025, 6, 15)
    assert rules.age_out_date(dob, send=True) == D(2031, 6, 15)
    assert rules.age_out_date(dob, True, RulePolicy(age_out_send=25)) == D(2030, 6, 15)


def test_cohort_age() -> None:
    dob = D(2005, 6, 15)
    assert not rules.is_in_cohort_age(dob, D(2018, 8, 31), send=False)  # Year 8
    assert rules.is_in_cohort_age(dob, D(2018, 9, 1), send=False)  # Year 9
    assert rules.is_in_cohort_age(dob, D(2025, 6, 14), send=False)
    assert not rules.is_in_cohort_age(dob, D(2025, 6, 15), send=False)
    assert rules.is_in_cohort_age(dob, D(2025, 6, 15), send=True)


def test_approaching_18_window() -> None:
    dob = D(2008, 3, 15)  # 18 on 2026-03-15; twelve weeks before is 2025-12-21
    assert not rules.approaching_18(dob, D(2025, 12, 20))
    assert rules.approaching_18(dob, D(2025, 12, 21))
    assert rules.approaching_18(dob, D(2026, 3, 14))
    assert not rules.approaching_18(dob, D(2026, 3, 15))
    assert rules.approaching_18(dob, D(2025, 11, 1), RulePolicy(approaching_18_weeks=20))


def test_school_leaving_date_is_last_friday_of_june_in_year_11() -> None:
    assert rules.school_leaving_date(D(2000, 8, 31)) == D(2016, 6, 24)
    assert rules.school_leaving_date(D(2000, 9, 1)) == D(2017, 6, 30)
    assert rules.school_leaving_date(D(2000, 9, 1)).weekday() == 4


def test_ldd_transition_due() -> None:
    dob = D(2009, 3, 15)  # Year 11 in 2024-25
    assert rules.ldd_transition_due(dob, D(2024, 10, 1), send=True) == D(2025, 6, 27)
    assert rules.ldd_transition_due(dob, D(2024, 10, 1), send=False) is None
    assert rules.ldd_transition_due(dob, D(2025, 10, 1), send=True) is None  # Year 12
    assert rules.ldd_transition_due(dob, D(2027, 3, 14), send=True) is None  # aged 17
    assert rules.ldd_transition_due(dob, D(2027, 3, 15), send=True) == D(2028, 3, 14)
    assert rules.ldd_transition_due(dob, D(2028, 3, 15), send=True) is None  # aged 19


def test_guarantee_year() -> None:
    year_11 = D(2009, 3, 15)  # Year 11 in 2024-25
    assert rules.guarantee_year(year_11, D(2024, 11, 1)) == 11
    assert rules.guarantee_year(year_11, D(2025, 8, 31)) == 11
    assert rules.guarantee_year(year_11, D(2024, 9, 15)) is None  # just started Year 11
    assert rules.guarantee_year(year_11, D(2025, 9, 15)) == 11  # offer due by end Sept
    assert rules.guarantee_year(year_11, D(2025, 10, 1)) == 12
    assert rules.guarantee_year(year_11, D(2026, 9, 30)) == 12
    assert rules.guarantee_year(year_11, D(2026, 10, 1)) is None
    assert rules.guarantee_year(D(2011, 3, 15), D(2024, 11, 1)) is None  # Year 9


# --- calendar arithmetic ----------------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "end"), [
    (D(2024, 1, 15), 3, D(2024, 4, 15)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 11, 30), 3, D(2025, 2, 28)),
    (D(2024, 3, 31), -1, D(2024, 2, 29)),
    (D(2024, 1, 15), -13, D(2022, 12, 15)),
])
def test_add_months(start: dt.date, months: int, end: dt.date) -> None:
    assert rules.add_months(start, months) == end


@pytest.mark.parametrize(("start", "days", "end"), [
    (D(2024, 6, 7), 1, D(2024, 6, 10)),  # Friday -> Monday
    (D(2024, 6, 3), 5, D(2024, 6, 10)),
    (D(2023, 12, 22), 3, D(2023, 12, 29)),  # Christmas and Boxing Day
    (D(2024, 3, 28), 1, D(2024, 4, 2)),  # Good Friday and Easter Monday
    (D(2023, 5, 5), 1, D(2023, 5, 9)),  # the coronation bank holiday
    (D(2024, 6, 10), -1, D(2024, 6, 7)),
    (D(2024, 6, 8), 0, D(2024, 6, 8)),
])
def test_add_working_days(start: dt.date, days: int, end: dt.date) -> None:
    assert rules.add_working_days(start, days) == end


def test_working_days_timeliness() -> None:
    assert rules.referral_follow_up_due(D(2024, 6, 3)) == D(2024, 6, 17)
    assert rules.referral_follow_up_due(D(2024, 6, 3),
                                        RulePolicy(referral_follow_up_working_days=2)) == D(
        2024, 6, 5)
    assert rules.contact_due(D(2024, 12, 20)) == D(2024, 12, 31)  # 25, 26 Dec skipped
    assert rules.contact_due(D(2024, 12, 23)) == D(2025, 1, 2)  # and 1 January


# --- currency ---------------------------------------------------------------------------


def _lapse(book: CodeBook, code: str, verified: dt.date | None,
           ascertained: dt.date | None = NEW_YEAR,
           predicted_end: dt.date | None = None, **policy: int) -> dt.date | None:
    return rules.due_to_lapse(book.activity(code), date_verified=verified,
                              date_ascertained=ascertained, predicted_end=predicted_end,
                              policy=RulePolicy(**policy))


def test_neet_lapses_after_3_months(book: CodeBook) -> None:
    assert _lapse(book, "619", D(2024, 1, 15)) == D(2024, 4, 15)
    assert _lapse(book, "650", D(2024, 11, 30)) == D(2025, 2, 28)
    assert _lapse(book, "619", None, ascertained=D(2024, 1, 2)) == D(2024, 4, 2)
    assert _lapse(book, "619", D(2024, 1, 15), neet_currency_months=2) == D(2024, 3, 15)


def test_eet_lapses_after_12_months_or_at_a_sooner_course_end(book: CodeBook) -> None:
    assert _lapse(book, "330", D(2024, 1, 10)) == D(2025, 1, 10)
    assert _lapse(book, "230", D(2024, 1, 10), predicted_end=D(2024, 7, 31)) == D(2024, 7, 31)
    assert _lapse(book, "410", D(2024, 1, 10), predicted_end=D(2024, 7, 31)) == D(2024, 7, 31)
    assert _lapse(book, "230", D(2024, 1, 10), predicted_end=D(2026, 7, 31)) == D(2025, 1, 10)
    # employment is not a course: its predicted end does not bring the lapse forward
    assert _lapse(book, "330", D(2024, 1, 10), predicted_end=D(2024, 7, 31)) == D(2025, 1, 10)


def test_other_lapses_like_neet_and_not_known_or_compulsory_never(book: CodeBook) -> None:
    assert _lapse(book, "710", D(2024, 1, 15)) == D(2024, 4, 15)
    assert _lapse(book, "810", D(2024, 1, 15)) is None
    assert _lapse(book, "110", D(2024, 1, 15)) is None
    assert _lapse(book, "619", None, ascertained=None) is None


def test_is_lapsed_the_day_after_the_due_date() -> None:
    assert not rules.is_lapsed(D(2024, 4, 15), D(2024, 4, 15))
    assert rules.is_lapsed(D(2024, 4, 15), D(2024, 4, 16))
    assert not rules.is_lapsed(None, D(2030, 1, 1))


def test_review_due_by_level_of_need() -> None:
    assert rules.review_due(D(2024, 1, 1), 1) == D(2024, 3, 25)  # 12 weeks
    assert rules.review_due(D(2024, 1, 1), 2) == D(2024, 7, 1)
    assert rules.review_due(D(2024, 1, 1), 3) == D(2024, 7, 1)
    assert rules.review_due(D(2024, 1, 1), None) == D(2024, 7, 1)
    assert rules.review_due(D(2024, 1, 1), "1", RulePolicy(review_weeks_level_1=4)) == D(
        2024, 1, 29)


def test_policy_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.DEFAULT_POLICY.age_out = 21  # type: ignore[misc]


# --- check_activity ---------------------------------------------------------------------

ADULT = D(2006, 3, 15)  # academic age 18 in 2024-25


def _activity(book: CodeBook, code: str, **changes: Any) -> None:
    start = changes.pop("start_date", D(2024, 10, 1))
    entry = book.entry("activity", code, start) or book.activity(code)
    values: dict[str, Any] = {
        "start_date": start, "date_ascertained": start + dt.timedelta(days=1),
        "date_verified": start + dt.timedelta(days=2), "review_date": None,
        "predicted_end_date": None,
        "neet_start_date": start if rules.is_neet(entry) else None, "dob": ADULT,
        "send": False, "gender": "F", "characteristics_on_start": set(), "codebook": book,
        "on_date": D(2024, 11, 1)}
    values.update(changes)
    rules.check_activity(code_entry=entry, **values)


def _rules_broken(book: CodeBook, code: str, **changes: Any) -> set[str]:
    with pytest.raises(ValidationErrors) as caught:
        _activity(book, code, **changes)
    return {e.rule for e in caught.value.errors}


@pytest.mark.parametrize("code", ["230", "330", "619", "810", "540"])
def test_plain_activities_pass(book: CodeBook, code: str) -> None:
    _activity(book, code)


def test_620_needs_characteristic_140(book: CodeBook) -> None:
    assert _rules_broken(book, "620") == {"needs_characteristic"}
    assert _rules_broken(book, "620", characteristics_on_start={"120"}) == {
        "needs_characteristic"}
    _activity(book, "620", characteristics_on_start={"140"})


def test_630_and_650_need_their_characteristics(book: CodeBook) -> None:
    assert _rules_broken(book, "630") == {"needs_characteristic"}
    _activity(book, "630", characteristics_on_start={"120"})
    assert _rules_broken(book, "650") == {"needs_characteristic"}
    _activity(book, "650", characteristics_on_start={"180"})


def test_650_pregnancy_not_with_gender_m(book: CodeBook) -> None:
    assert _rules_broken(book, "650", gender="M", characteristics_on_start={"180"}) == {
        "not_with_gender"}
    _activity(book, "650", gender="U", characteristics_on_start={"180"})


@pytest.mark.parametrize("code", ["280", "460"])
def test_send_only_codes(book: CodeBook, code: str) -> None:
    assert _rules_broken(book, code) == {"send_only"}
    _activity(book, code, send=True)


def test_440_not_for_academic_age_16_or_17(book: CodeBook) -> None:
    assert _rules_broken(book, "440", dob=D(2008, 3, 15)) == {"not_for_academic_age"}  # 16
    assert _rules_broken(book, "440", dob=D(2007, 3, 15)) == {"not_for_academic_age"}  # 17
    _activity(book, "440", dob=ADULT)  # 18


def test_compulsory_codes_only_to_year_11(book: CodeBook) -> None:
    assert _rules_broken(book, "110", dob=D(2007, 3, 15)) == {"compulsory_age_only"}  # 17
    assert _rules_broken(book, "150", dob=D(2008, 3, 15)) == {"compulsory_age_only"}  # 16
    _activity(book, "110", dob=D(2009, 3, 15))  # 15, Year 11
    _activity(book, "140", dob=D(2010, 3, 15))  # 14


def test_post16_codes_not_before_year_12(book: CodeBook) -> None:
    assert _rules_broken(book, "230", dob=D(2009, 3, 15)) == {"post16_only"}  # Year 11
    assert _rules_broken(book, "310", dob=D(2009, 3, 15)) == {"post16_only"}
    _activity(book, "230", dob=D(2008, 3, 15))  # Year 12
    # the year group is taken on the start date, not today
    _activity(book, "230", dob=D(2009, 3, 15), start_date=D(2025, 9, 1),
              on_date=D(2025, 9, 10))


LEAVER = D(2008, 3, 15)  # Year 11 in 2023-24; leaves school on Friday 28 June 2024
LEFT_SCHOOL = D(2024, 6, 29)


def test_the_school_leaving_date_of_the_leaver() -> None:
    assert rules.school_leaving_date(LEAVER) == LEFT_SCHOOL - dt.timedelta(days=1)
    assert rules.academic_age(LEAVER, D(2024, 8, 31)) == 15  # still Year 11 in the summer


@pytest.mark.parametrize("code", ["619", "540", "616", "640", "710", "810", "820", "830"])
def test_finding_05_every_code_outside_the_compulsory_group_is_post16(book: CodeBook,
                                                                      code: str) -> None:
    """A Year 11 pupil on the roll (on the school leaving date itself) takes 110-150 only,
    NEET, custody and not-known codes included, not only the codes flagged `post16`."""
    on_roll = LEFT_SCHOOL - dt.timedelta(days=1)
    changes: dict[str, Any] = {"dob": LEAVER, "start_date": on_roll,
                               "on_date": D(2024, 7, 10), "review_date": D(2024, 7, 9)}
    assert _rules_broken(book, code, **changes) == {"post16_only"}
    _activity(book, code, **{**changes, "start_date": LEFT_SCHOOL})


@pytest.mark.parametrize("code", ["310", "230", "619"])
def test_finding_05_a_leaver_may_start_a_post16_activity_the_day_after_leaving(
        book: CodeBook, code: str) -> None:
    """Academic age 15 in July: an apprenticeship or NEET from the day after the last Friday
    in June, never before (DOMAIN §5.1: post-16 codes not before Year 12 or leaving)."""
    when = {"dob": LEAVER, "on_date": D(2024, 9, 10)}
    assert _rules_broken(book, code, start_date=D(2024, 6, 28), **when) == {"post16_only"}
    _activity(book, code, start_date=LEFT_SCHOOL, **when)
    _activity(book, "110", start_date=D(2024, 8, 31), **when)  # the roll code still fits


def test_neet_start_date_rules(book: CodeBook) -> None:
    assert _rules_broken(book, "619", neet_start_date=None) == {"neet_start_required"}
    assert _rules_broken(book, "619", neet_start_date=D(2024, 10, 2)) == {
        "neet_start_after_start"}
    _activity(book, "619", neet_start_date=D(2024, 5, 1))  # an earlier NEET run continues
    year_12 = D(2008, 8, 31)  # 15 on 2023-08-31, Year 12 in 2024-25
    assert _rules_broken(book, "619", dob=year_12, neet_start_date=D(2023, 8, 30)) == {
        "neet_start_before_15"}
    _activity(book, "619", dob=year_12, neet_start_date=D(2023, 8, 31))


def test_720_valid_only_under_the_2015_lists(book: CodeBook) -> None:
    dob = D(1998, 3, 15)  # 17 in 2015-16: 720 is a post-16 code
    _activity(book, "720", dob=dob, start_date=D(2016, 1, 10), on_date=D(2016, 2, 1))
    assert _rules_broken(book, "720", dob=dob, start_date=D(2017, 1, 10),
                         on_date=D(2017, 2, 1)) == {"activity_code_version"}


def test_date_order(book: CodeBook) -> None:
    start = D(2024, 10, 1)
    assert _rules_broken(book, "230", date_ascertained=D(2024, 9, 30)) == {
        "ascertained_before_start"}
    assert _rules_broken(book, "230", date_verified=start) == {"verified_before_ascertained"}
    _activity(book, "230", date_ascertained=start, date_verified=start)
    _activity(book, "230", date_verified=None)


def test_dates_cannot_be_in_the_future(book: CodeBook) -> None:
    assert _rules_broken(book, "230", on_date=D(2024, 10, 2)) == {"not_in_future"}  # verified
    assert _rules_broken(book, "230", on_date=D(2024, 10, 1), date_verified=None) == {
        "not_in_future"}
    _activity(book, "230", on_date=D(2024, 10, 3))


def test_start_and_ascertained_are_required(book: CodeBook) -> None:
    assert _rules_broken(book, "230", date_ascertained=None) == {"required"}
    with pytest.raises(ValidationErrors) as caught:
        rules.check_activity(
            code_entry=book.activity("230"), start_date=None, date_ascertained=D(2024, 10, 1),
            date_verified=None, review_date=None, predicted_end_date=None,
            neet_start_date=None, dob=ADULT, send=False, gender="F",
            characteristics_on_start=set(), codebook=book, on_date=D(2024, 11, 1))
    assert [(e.field, e.rule) for e in caught.value.errors] == [("start_date", "required")]


def test_predicted_end_after_start(book: CodeBook) -> None:
    assert _rules_broken(book, "230", predicted_end_date=D(2024, 10, 1)) == {
        "predicted_end_after_start"}
    _activity(book, "230", predicted_end_date=D(2025, 7, 31))


@pytest.mark.parametrize("code", ["260", "290", "350", "616", "710"])
def test_review_date_required(book: CodeBook, code: str) -> None:
    dob = D(2004, 3, 15)  # 20: every one of these codes is allowed
    assert _rules_broken(book, code, dob=dob, send=True) == {"review_date_required"}
    _activity(book, code, dob=dob, send=True, review_date=D(2025, 1, 1))
    assert _rules_broken(book, code, dob=dob, send=True, review_date=D(2024, 9, 30)) == {
        "review_before_start"}


def test_every_broken_rule_is_reported_together(book: CodeBook) -> None:
    with pytest.raises(ValidationErrors) as caught:
        _activity(book, "620", dob=D(2009, 3, 15), neet_start_date=D(2024, 10, 5),
                  date_verified=D(2024, 9, 1), review_date=None)
    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("code", "needs_characteristic"), ("code", "post16_only"),  # Year 11 in October
        ("neet_start_date", "neet_start_after_start"),
        ("date_verified", "verified_before_ascertained")}


# --- people and characteristics ---------------------------------------------------------


def test_check_characteristic(book: CodeBook) -> None:
    start = D(2024, 1, 1)
    rules.check_characteristic("180", "F", start, None, book)
    rules.check_characteristic("140", "M", start, D(2024, 1, 1), book)
    with pytest.raises(ValidationErrors) as caught:
        rules.check_characteristic("180", "M", start, D(2023, 12, 31), book)
    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("code", "not_with_gender"), ("end_date", "end_after_start")}
    with pytest.raises(ValidationErrors) as caught:
        rules.check_characteristic("999", "F", codebook=book, on=start)
    assert [e.rule for e in caught.value.errors] == ["characteristic_code"]
    with pytest.raises(ValidationErrors):
        rules.check_characteristic("180", gender="M", codebook=book, on=start)


def test_transfer_la(book: CodeBook) -> None:
    assert rules.check_transfer_la("330", "886", book) == "330"
    assert rules.check_transfer_la("001", "886", book) == "001"
    for target, rule in (("004", "transfer_la_unknown"), ("886", "transfer_la_self"),
                         ("999", "la_code")):
        with pytest.raises(ValidationError) as caught:
            rules.check_transfer_la(target, "886", book)
        assert caught.value.rule == rule
