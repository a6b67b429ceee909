"""Who may give consent (DOMAIN.md §3): a parent while the young person is under 16 on the day
it is recorded, the young person themselves from their 16th birthday. A refusal is honoured
whoever makes it, so only consent *given* is checked. Both sides call this: the device's
safeguarding and referral services, and (with the person's date of birth from its own store)
the hub's person-dependent push rules.
"""

from __future__ import annotations

import datetime as dt

from ccis import rules

CONSENT_AGE = 16  # below it a parent gives consent


def giver_problem(given_by: str, decision: str, date_of_birth: dt.date,
                  recorded_on: dt.date) -> tuple[str, str] | None:
    """(rule, message) when consent given by `given_by` on `recorded_on` is not theirs to give,
    else None."""
    if decision != "given":
        return None
    under_age = rules.age_on(date_of_birth, recorded_on) < CONSENT_AGE
    if given_by == "young_person" and under_age:
        return "parent_consent_under_16", "a parent must give consent for a young person under 16"
    if given_by == "parent" and not under_age:
        return ("own_consent_from_16",
                "a young person aged 16 or over gives consent themselves, not a parent")
    return None
