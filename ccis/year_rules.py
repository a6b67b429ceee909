"""Rules for the records that belong to a school year (DOMAIN §3, §4, §5.3): September
Guarantee statuses (Year 11 and Year 12) and the Year 11 intended destination.

Pure, like `ccis.rules`: the device's service and the hub's push check call the same
functions with the person's date of birth. Each raises one `ValidationErrors` listing every
rule broken, a date in the future first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ccis import rules
from ccis.codes import CodeEntry
from ccis.errors import ValidationError, ValidationErrors

DESTINATION_YEAR = 11


def check_guarantee_offer(*, status_entry: CodeEntry, year_group: int, recorded_on: dt.date,
                          dob: dt.date, on_date: dt.date) -> None:
    """Raise ValidationErrors unless the status fits the year (114 and 115 are Year 12 only),
    the year is the person's own Guarantee year on the date recorded, and that date has come."""
    errors = [*_not_future(recorded_on, on_date),
              *_status_year(status_entry, year_group),
              *_own_year(year_group, rules.guarantee_year(dob, recorded_on))]
    if errors:
        raise ValidationErrors(errors)


def check_intended_destination(*, recorded_on: dt.date, dob: dt.date, on_date: dt.date) -> None:
    """Raise ValidationErrors unless the person is in Year 11 on the date recorded and that
    date has come."""
    errors = list(_not_future(recorded_on, on_date))
    if rules.year_group(dob, recorded_on) != DESTINATION_YEAR:
        errors.append(ValidationError("recorded_on", "destination_year_11", (
            "must fall in the young person's Year 11: an intended destination is recorded "
            "in Year 11 only")))
    if errors:
        raise ValidationErrors(errors)


def _not_future(recorded_on: dt.date, today: dt.date) -> Iterator[ValidationError]:
    if recorded_on > today:
        yield ValidationError("recorded_on", "not_in_future", "cannot be in the future")


def _status_year(entry: CodeEntry, year: int) -> Iterator[ValidationError]:
    years = entry.attrs.get("year_groups")
    if years is not None and year not in years:
        only = " or ".join(f"Year {y}" for y in years)
        yield ValidationError("status", "guarantee_status_year",
                              f"{entry.code} is for {only} only")


def _own_year(year: int, own: int | None) -> Iterator[ValidationError]:
    if own is None:
        yield ValidationError("recorded_on", "guarantee_year", (
            "must fall in the young person's September Guarantee years (from October of "
            "Year 11 to the end of the September after Year 12)"))
    elif year != own:
        yield ValidationError("year_group", "guarantee_own_year", (
            f"must be the young person's own Guarantee year on the date recorded (Year {own})"))
