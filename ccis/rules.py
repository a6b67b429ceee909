"""Pure domain rules (DOMAIN §4, §5.1): ages, dates, currency and cross-field checks.

No database and no settings: the configurable defaults arrive as a `RulePolicy`. The checks
that collect (`check_activity`, `check_characteristic`) raise one
`ValidationErrors` listing every rule broken; `check_transfer_la` raises a `ValidationError`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import holidays

from ccis.codes import CodeBook, CodeEntry, load_codebook
from ccis.errors import ValidationError, ValidationErrors
from ccis.identifiers import check_la_code

DAY = dt.timedelta(days=1)
LAST_COMPULSORY_ACADEMIC_AGE = 15  # Year 11
FIRST_POST16_ACADEMIC_AGE = 16  # Year 12
YOUNGEST_COHORT_ACADEMIC_AGE = 13  # Year 9, when transition reviews begin
NEET_START_EARLIEST_AGE = 15
COMPULSORY_GROUP = "compulsory"  # the activity group of codes 110-150


@dataclass(frozen=True)
class RulePolicy:
    """The local authority's configurable defaults for the time rules (DOMAIN §4)."""

    neet_currency_months: int = 3
    eet_currency_months: int = 12
    leaver_contact_working_days: int = 5
    referral_follow_up_working_days: int = 10
    review_weeks_level_1: int = 12
    review_months_other: int = 6
    approaching_18_weeks: int = 12
    age_out: int = 20
    age_out_send: int = 26


DEFAULT_POLICY = RulePolicy()


# --- ages and school years -------------------------------------------------------------


def age_on(dob: dt.date, on: dt.date) -> int:
    """Whole years completed on `on` (a 29 February birthday falls on 1 March in common years)."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def birthday(dob: dt.date, years: int) -> dt.date:
    """The day someone born on `dob` turns `years` (1 March for 29 February in common years)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return dt.date(dob.year + years, 3, 1)


def academic_year_start(on: dt.date) -> dt.date:
    """1 September of the academic year containing `on`."""
    return dt.date(on.year if on.month >= 9 else on.year - 1, 9, 1)


def academic_age(dob: dt.date, on: dt.date) -> int:
    """Age on the 31 August before the academic year containing `on`."""
    return age_on(dob, academic_year_start(on) - DAY)


def year_group(dob: dt.date, on: dt.date) -> int:
    """The national curriculum year on `on` (academic age 15 = Year 11)."""
    return academic_age(dob, on) - 4


def school_leaving_date(dob: dt.date) -> dt.date:
    """The last Friday in June of the Year 11 academic year, when compulsory schooling ends."""
    year = dob.year + (16 if (dob.month, dob.day) <= (8, 31) else 17)
    june_30 = dt.date(year, 6, 30)
    return june_30 - dt.timedelta(days=(june_30.weekday() - calendar.FRIDAY) % 7)


def eighteenth_birthday(dob: dt.date) -> dt.date:
    """The 18th birthday."""
    return birthday(dob, 18)


def approaching_18(dob: dt.date, on: dt.date, policy: RulePolicy = DEFAULT_POLICY) -> bool:
    """True within the policy's weeks before the 18th birthday (the birthday itself excluded)."""
    eighteenth = eighteenth_birthday(dob)
    return eighteenth - dt.timedelta(weeks=policy.approaching_18_weeks) <= on < eighteenth


def age_out_date(dob: dt.date, send: bool = False,
                 policy: RulePolicy = DEFAULT_POLICY) -> dt.date:
    """The birthday on which the record leaves the active caseload (20th, or 26th with SEND)."""
    return birthday(dob, policy.age_out_send if send else policy.age_out)


def is_in_cohort_age(dob: dt.date, on: dt.date, send: bool,
                     policy: RulePolicy = DEFAULT_POLICY) -> bool:
    """True from Year 9 (academic age 13) until the age-out birthday."""
    return (academic_age(dob, on) >= YOUNGEST_COHORT_ACADEMIC_AGE
            and on < age_out_date(dob, send, policy))


def ldd_transition_due(dob: dt.date, on: dt.date, send: bool = True) -> dt.date | None:
    """When a Section 139A assessment falls due, if `on` is in a window for one; else None.

    The assessment is due in the last year of compulsory schooling (Year 11, by the school
    leaving date) and reviewed in the 19th year of life (by the 19th birthday). Only young
    people with SEND have one.
    """
    if not send:
        return None
    if year_group(dob, on) == 11:
        return school_leaving_date(dob)
    if birthday(dob, 18) <= on < birthday(dob, 19):
        return birthday(dob, 19) - DAY
    return None


def guarantee_year(dob: dt.date, on: dt.date) -> int | None:
    """11 or 12 when the September Guarantee applies on `on`, else None.

    From October to August it concerns the current Year 11 and Year 12 (offers for the next
    September); in September, those who have just finished Year 11 or 12, whose offers are
    due by the end of that month.
    """
    group = year_group(dob, on) - (1 if on.month == 9 else 0)
    return group if group in (11, 12) else None


# --- calendar arithmetic ---------------------------------------------------------------


def as_date(value: object) -> dt.date | None:
    """A date given as a date, a date and time, or ISO text (a synced row's wire form); None
    for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def add_months(d: dt.date, n: int) -> dt.date:
    """`d` moved `n` calendar months, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


@functools.cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(d: dt.date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The working day `n` working days after `d` (before it if `n` is negative)."""
    step, remaining = (DAY if n >= 0 else -DAY), abs(n)
    while remaining:
        d += step
        remaining -= is_working_day(d)
    return d


# --- currency and timeliness -----------------------------------------------------------


def is_neet(entry: CodeEntry) -> bool:
    """True for activities in the NEET reporting group (NEET and NEET inactive)."""
    return entry.reporting_group == "NEET"


def due_to_lapse(entry: CodeEntry, *, date_verified: dt.date | None,
                 date_ascertained: dt.date | None, predicted_end: dt.date | None,
                 policy: RulePolicy = DEFAULT_POLICY) -> dt.date | None:
    """When the activity stops being current, counted from verified (else ascertained).

    NEET and "other" (custody, asylum) codes: 3 months; EET: 12 months, and for education
    and training the predicted end if sooner. Compulsory-age codes (kept current by the school
    census) and not-known codes (already counted as not known) do not lapse: None.
    """
    base, months = date_verified or date_ascertained, _currency_months(entry, policy)
    if base is None or months is None:
        return None
    due = add_months(base, months)
    if entry.group in ("education", "training") and predicted_end is not None:
        due = min(due, predicted_end)
    return due


def _currency_months(entry: CodeEntry, policy: RulePolicy) -> int | None:
    if entry.reporting_group == "EET":
        return policy.eet_currency_months
    if entry.reporting_group in ("NEET", "other"):
        return policy.neet_currency_months
    return None


def is_lapsed(due: dt.date | None, on: dt.date) -> bool:
    """True once `on` is past the due-to-lapse date (never without one)."""
    return due is not None and on > due


def review_due(last_review_or_plan_start: dt.date, level_of_need: int | str | None,
               policy: RulePolicy = DEFAULT_POLICY) -> dt.date:
    """The next action-plan review: 12 weeks on for level of need 1, else 6 months on."""
    if str(level_of_need) == "1":
        return last_review_or_plan_start + dt.timedelta(weeks=policy.review_weeks_level_1)
    return add_months(last_review_or_plan_start, policy.review_months_other)


def referral_follow_up_due(sent_on: dt.date, policy: RulePolicy = DEFAULT_POLICY) -> dt.date:
    """The day a referral must be followed up (10 working days after it was sent)."""
    return add_working_days(sent_on, policy.referral_follow_up_working_days)


def contact_due(trigger: dt.date, policy: RulePolicy = DEFAULT_POLICY) -> dt.date:
    """The last day to contact a leaver or a young person who became NEET on `trigger`."""
    return add_working_days(trigger, policy.leaver_contact_working_days)


# --- cross-field checks ----------------------------------------------------------------


def check_activity(*, code_entry: CodeEntry, start_date: dt.date | None,
                   date_ascertained: dt.date | None, date_verified: dt.date | None,
                   review_date: dt.date | None, predicted_end_date: dt.date | None,
                   neet_start_date: dt.date | None, dob: dt.date, send: bool, gender: str,
                   characteristics_on_start: Collection[str], codebook: CodeBook,
                   on_date: dt.date) -> None:
    """Raise ValidationErrors listing every date-order and §5.1 cross-field rule broken."""
    errors = [*_date_order(start_date, date_ascertained, date_verified, on_date),
              *_course_dates(code_entry, start_date, review_date, predicted_end_date)]
    if start_date is not None:
        errors += _on_start(code_entry, start_date, dob, send, gender,
                            characteristics_on_start, codebook)
        errors += _neet_start(code_entry, start_date, neet_start_date, dob)
    _raise_all(errors)


def _date_order(start: dt.date | None, ascertained: dt.date | None,
                verified: dt.date | None, today: dt.date) -> Iterator[ValidationError]:
    if start is None:
        yield ValidationError("start_date", "required", "is required")
    if ascertained is None:
        yield ValidationError("date_ascertained", "required", "is required")
    elif start is not None and ascertained < start:
        yield ValidationError("date_ascertained", "ascertained_before_start",
                              "cannot be before the start date")
    if verified is not None and ascertained is not None and verified < ascertained:
        yield ValidationError("date_verified", "verified_before_ascertained",
                              "cannot be before the date ascertained")
    for name, value in (("date_ascertained", ascertained), ("date_verified", verified)):
        if value is not None and value > today:
            yield ValidationError(name, "not_in_future", "cannot be in the future")


def _course_dates(entry: CodeEntry, start: dt.date | None, review: dt.date | None,
                  predicted_end: dt.date | None) -> Iterator[ValidationError]:
    if start is not None and predicted_end is not None and predicted_end <= start:
        yield ValidationError("predicted_end_date", "predicted_end_after_start",
                              "must be after the start date")
    if review is None and entry.attrs.get("review_required"):
        yield ValidationError("review_date", "review_date_required",
                              f"is required for activity {entry.code}")
    if start is not None and review is not None and review < start:
        yield ValidationError("review_date", "review_before_start",
                              "cannot be before the start date")


def _on_start(entry: CodeEntry, start: dt.date, dob: dt.date, send: bool, gender: str,
              characteristics: Collection[str], codebook: CodeBook) -> list[ValidationError]:
    errors = activity_age_problems(entry, dob, start)
    if not codebook.is_valid("activity", entry.code, start):
        errors.append(ValidationError("code", "activity_code_version", (
            f"activity {entry.code} is not in the {codebook.version_on(start).name} code "
            "lists in force on the start date")))
    if entry.attrs.get("send_only") and not send:
        errors.append(ValidationError("code", "send_only",
                                      f"activity {entry.code} is only for young people with SEND"))
    return errors + list(_needed_characteristic(entry, start, gender, characteristics, codebook))


def _age_rules(entry: CodeEntry, age: int) -> Iterator[ValidationError]:
    if age in entry.attrs.get("not_for_academic_ages", ()):
        yield ValidationError("code", "not_for_academic_age",
                              f"activity {entry.code} is not for academic age {age}")
    if not is_post16(entry) and age > LAST_COMPULSORY_ACADEMIC_AGE:
        yield ValidationError("code", "compulsory_age_only", (
            f"activity {entry.code} is only for compulsory school age (Year 11 or below)"))


def is_post16(entry: CodeEntry) -> bool:
    """True for every activity outside the compulsory-age group (110-150): EET, NEET, other
    and not known are all post-16 codes (DOMAIN §5.1), whatever flags the entry carries."""
    return entry.group != COMPULSORY_GROUP


def post16_codes_from(dob: dt.date) -> dt.date:
    """The first day a post-16 activity may start: the day after the school leaving date.

    A Year 11 pupil stays on the school roll (110) to the end of the last Friday in June; from
    the next day a leaver may be in an apprenticeship, a job or NEET while still academic age
    15, so the rule follows the leaving date rather than Year 12's 1 September.
    """
    return school_leaving_date(dob) + DAY


def activity_age_problems(entry: CodeEntry, dob: dt.date,
                          start: dt.date) -> list[ValidationError]:
    """The age rules of an activity (§5.1) that someone born on `dob` starting it on `start`
    breaks: compulsory-age codes past Year 11, post-16 codes before leaving school, codes
    not for their academic age."""
    errors = list(_age_rules(entry, academic_age(dob, start)))
    if is_post16(entry) and start < post16_codes_from(dob):
        errors.append(ValidationError("code", "post16_only", (
            f"activity {entry.code} is a post-16 code: it can start only after the young "
            "person leaves school (the last Friday in June of Year 11)")))
    return errors


def _needed_characteristic(entry: CodeEntry, start: dt.date, gender: str,
                           characteristics: Collection[str],
                           codebook: CodeBook) -> Iterator[ValidationError]:
    needed = entry.attrs.get("needs_characteristic")
    if needed is None:
        return
    needed_entry = codebook.entry("characteristic", needed, start)
    label = needed_entry.label.lower() if needed_entry else "characteristic"
    if needed not in characteristics:
        yield ValidationError("code", "needs_characteristic", (
            f"activity {entry.code} needs characteristic {needed} ({label}) on the start date"))
    if needed_entry is not None and needed_entry.attrs.get("not_with_gender") == gender:
        yield ValidationError("code", "not_with_gender",
                              f"activity {entry.code} cannot be recorded for gender {gender}")


def _neet_start(entry: CodeEntry, start: dt.date, neet_start: dt.date | None,
                dob: dt.date) -> Iterator[ValidationError]:
    if not is_neet(entry):
        return
    if neet_start is None:
        yield ValidationError("neet_start_date", "neet_start_required",
                              "is required for a NEET activity")
        return
    if neet_start > start:
        yield ValidationError("neet_start_date", "neet_start_after_start",
                              "cannot be after the activity's start date")
    if neet_start < birthday(dob, NEET_START_EARLIEST_AGE):
        yield ValidationError("neet_start_date", "neet_start_before_15",
                              "cannot be before the 15th birthday")


def check_characteristic(code: str, gender: str | None, start: dt.date | None = None,
                         end: dt.date | None = None, codebook: CodeBook | None = None, *,
                         on: dt.date | None = None) -> None:
    """Raise ValidationErrors for an unknown code, a code the gender excludes (180 with M),
    or an end before the start. `on` is another name for `start`."""
    _raise_all(_characteristic_errors(code, gender, start or on, end,
                                      codebook or load_codebook()))


def _characteristic_errors(code: str, gender: str | None, start: dt.date | None,
                           end: dt.date | None, book: CodeBook) -> list[ValidationError]:
    entry = book.entry("characteristic", code, start)
    errors: list[ValidationError] = []
    if entry is None:
        errors.append(ValidationError("code", "characteristic_code",
                                      f"'{code}' is not a characteristic code"))
    elif gender is not None and entry.attrs.get("not_with_gender") == gender:
        errors.append(ValidationError("code", "not_with_gender", (
            f"characteristic {code} ({entry.label.lower()}) cannot be recorded for "
            f"gender {gender}")))
    if start is not None and end is not None and end < start:
        errors.append(ValidationError("end_date", "end_after_start",
                                      "cannot be before the start date"))
    return errors


def check_transfer_la(target: str, own_la: str, codebook: CodeBook,
                      field: str = "transfer_la", *, on: dt.date | None = None) -> str:
    """A valid LA to transfer a record to on `on`: an LA in the code lists in force that day
    (not one abolished before it), not the unknown area (004), not the LA itself."""
    code = check_la_code(target, field, codebook, on=on)
    entry = codebook.entry("la", code)
    if entry is not None and entry.attrs.get("not_transfer_target"):
        raise ValidationError(field, "transfer_la_unknown", f"cannot transfer to {entry.label}")
    if code == own_la:
        raise ValidationError(field, "transfer_la_self", "cannot transfer to the LA itself")
    return code


def _raise_all(errors: list[ValidationError]) -> None:
    if errors:
        raise ValidationErrors(list(errors))
