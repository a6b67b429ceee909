"""The day each LA field is checked on (DOMAIN §5.3): LAs change with local government, so an
LA code is in force on some days only (the versions of the code lists, `ccis.codes`).

- Where a young person lives and learns (`lead_la`, `educated_la`) and a custody episode's home
  LA (who to plan the release with) are as of the day they are written.
- The LA at Year 11 is checked against the lists in force during the person's Year 11
  (1 September to 31 August), so an LA abolished since stays right for those who left school
  in it.
- A September Guarantee offer's LA is as of the day the offer was recorded.

The device checks on its own day; the hub allows a day either side (`slack`), since a device's
local day may differ from the hub's UTC one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from ccis import rules
from ccis.codes import CodeBook
from ccis.errors import ValidationError
from ccis.identifiers import check_la_code

# (table, LA field) -> the other fields its date is read from
LA_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("young_person", "lead_la"): (),
    ("young_person", "educated_la"): (),
    ("young_person", "la_at_year_11"): ("date_of_birth",),
    ("custody_episode", "home_la"): (),
    ("guarantee_offer", "la"): ("recorded_on",),
}
NOT_IN_FORCE = "is an LA code not in force on its date (LAs change with local government)"


def la_days(table: str, field: str, row: Mapping[str, Any],
            today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day on which `row`'s LA `field` must be in force on one day at
    least; None when that date is not known (any version's codes are then accepted)."""
    if field == "la_at_year_11":
        dob = rules.as_date(row.get("date_of_birth"))
        if dob is None:
            return None
        start = rules.academic_year_start(rules.school_leaving_date(dob))
        return start, start.replace(year=start.year + 1) - rules.DAY
    if (table, field) == ("guarantee_offer", "la"):
        recorded = rules.as_date(row.get("recorded_on"))
        return None if recorded is None else (recorded, recorded)
    return today, today


def check_la_field(table: str, field: str, value: str, row: Mapping[str, Any], today: dt.date,
                   codebook: CodeBook, slack: dt.timedelta = dt.timedelta(0)) -> str:
    """`value` as `table`.`field` of `row`: an LA code in force on its date (ValidationError)."""
    days = la_days(table, field, row, today)
    if days is None:
        return check_la_code(value, field, codebook)
    return check_la_code(value, field, codebook, on=days[0] - slack, until=days[1] + slack)


def la_problems(table: str, row: Mapping[str, Any], today: dt.date, codebook: CodeBook,
                slack: dt.timedelta) -> Iterator[tuple[str, str, frozenset[str]]]:
    """(field, what, the fields read) for each LA field of `row` not in force on its date."""
    for (where, field), reads in LA_FIELDS.items():
        value = row.get(field)
        if where != table or not isinstance(value, str) or not value:
            continue
        try:
            check_la_field(table, field, value, row, today, codebook, slack)
        except ValidationError as exc:
            if exc.rule == "la_code_in_force":
                yield field, NOT_IN_FORCE, frozenset({field, *reads})

