"""`paclient activity PERSON CODE --start DD/MM/YYYY ...`: a new current activity, recorded
through `ActivityService.record_activity` (the service the desktop's New activity form uses),
with the same rules and refusals, so advisers can fix data in bulk from scripts.

The defaults are the form's: ascertained today; for a NEET activity, a NEET start carried on
from the current activity's NEET spell, else the activity's start (the form's start and NEET
start both default to today).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from ccis import rules
from paclient.cli.common import say, short_id, uk_date, unlocked_services
from paclient.services.bundle import Services

DATES = (("--ascertained", "date_ascertained", "when the activity was found out (default today)"),
         ("--verified", "date_verified", "when it was confirmed with the provider"),
         ("--neet-start", "neet_start_date",
          ("when the NEET spell began (NEET codes; default: the current NEET spell's start, "
           "else the start date)")),
         ("--predicted-end", "predicted_end_date", "when the course is expected to end"),
         ("--review", "review_date", "when to review it (needed for 260, 290, 350, 616, 710)"))


def register(commands: Any) -> None:
    """Add `activity` to the parser."""
    activity = commands.add_parser(
        "activity", help="record a new current activity for a young person",
        description="Record a new current activity, with the rules of the app's New activity "
        "form. Dates are DD/MM/YYYY.")
    activity.add_argument("person", metavar="PERSON")
    activity.add_argument("code", metavar="CODE", help="the activity code, e.g. 230 or 619")
    activity.add_argument("--start", type=uk_date, required=True, metavar="DD/MM/YYYY",
                          help="when the activity started")
    for flag, _, text in DATES:
        activity.add_argument(flag, type=uk_date, metavar="DD/MM/YYYY", help=text)
    activity.set_defaults(handler=record_activity)


def record_activity(args: argparse.Namespace) -> int:
    """Record the activity; refusals are sentences naming each field, and nothing is written."""
    with unlocked_services() as services:
        person = services.people.find(args.person)
        values = {field: getattr(args, flag[2:].replace("-", "_")) for flag, field, _ in DATES}
        values["date_ascertained"] = values["date_ascertained"] or services.today()
        if values["neet_start_date"] is None and _is_neet(services, args.code, args.start):
            current = services.activities.current(person.id)
            values["neet_start_date"] = (current and current.neet_start_date) or args.start
        made = services.activities.record_activity(person.id, code=args.code,
                                                   start_date=args.start, **values)
    lapse = f"; lapses on {made.due_to_lapse_date:%d/%m/%Y}" if made.due_to_lapse_date else ""
    say(f"Activity {made.code} ({made.label}) from {made.start_date:%d/%m/%Y} recorded for "
        f"{short_id(person.id)}{lapse}.")
    return 0


def _is_neet(services: Services, code: str, start: dt.date) -> bool:
    entry = services.codebook.entry("activity", code, start)
    return entry is not None and rules.is_neet(entry)
