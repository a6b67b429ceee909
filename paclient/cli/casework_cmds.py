"""Commands on the caseload: gui, demo, people, worklists, import cohort."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from paclient.cli.common import (
    gui,
    non_negative_int,
    positive_int,
    print_json,
    say,
    short_id,
    unlocked_services,
)
from paclient.services.caseload.listing import WORKLISTS
from paclient.services.caseload.records import CaseloadRow
from paclient.services.demo.build import build_demo as build
from paclient.services.demo.build import set_demo_letterhead


def register(commands: Any) -> None:
    """Add the caseload commands to the parser."""
    app = commands.add_parser("gui", help="open the desktop application")
    app.add_argument("--demo", action="store_true", help="use a ready demo store")
    app.set_defaults(handler=gui)

    demo = commands.add_parser("demo", help="fill the store with a synthetic caseload")
    demo.add_argument("--people", type=positive_int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--contacts", type=non_negative_int, default=20, metavar="N",
                      help="contacts per person on average (default 20)")
    demo.set_defaults(handler=build_demo)

    people = commands.add_parser("people", help="list, search or run a work list")
    which = people.add_mutually_exclusive_group()
    which.add_argument("--search", metavar="TEXT")
    which.add_argument("--worklist", metavar="NAME")
    people.add_argument("--within-days", type=non_negative_int, default=28, metavar="N",
                        help="for due-to-lapse: how far ahead (default 28)")
    people.add_argument("--limit", type=positive_int, default=None, metavar="N")
    people.add_argument("--json", action="store_true", help="one JSON object per line")
    people.set_defaults(handler=list_people)

    worklists = commands.add_parser("worklists", help="every work list with its count")
    worklists.set_defaults(handler=show_worklists)

    importer = commands.add_parser("import", help="import data")
    kinds = importer.add_subparsers(title="kinds", metavar="KIND", required=True)
    cohort = kinds.add_parser("cohort", help="a school roll or Year 11 cohort (CSV)")
    cohort.add_argument("file", type=Path, metavar="FILE.csv")
    cohort.add_argument("--dry-run", action="store_true", help="validate and report only")
    cohort.add_argument("--skip-invalid", action="store_true",
                        help="import the valid rows and list the rest")
    cohort.set_defaults(handler=import_cohort)


def build_demo(args: argparse.Namespace) -> int:
    """Add a deterministic synthetic caseload, showing progress on stderr."""
    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} people", end="", file=sys.stderr, flush=True)

    with unlocked_services() as services:
        report = build(services.ctx, people=args.people, seed=args.seed,
                       contacts_per_person=args.contacts, progress=progress,
                       cancel=threading.Event())
        set_demo_letterhead(services.documents)
    print(file=sys.stderr)
    say(f"Demo caseload added: {report}")
    return 0


def list_people(args: argparse.Namespace) -> int:
    """Print the caseload, a search or a work list."""
    with unlocked_services() as services:
        caseload = services.caseload
        if args.search is not None:
            rows = caseload.search(args.search, limit=args.limit or 50)
        elif args.worklist:
            rows = caseload.worklist(args.worklist, within_days=args.within_days)
        else:
            rows = caseload.rows(limit=args.limit)
    rows = rows[: args.limit] if args.limit else rows
    for row in rows:
        if args.json:
            print_json(_as_json(row))
        else:
            say(_as_line(row))
    if not args.json:
        print(f"{len(rows)} young people", file=sys.stderr)
    return 0


def show_worklists(_args: argparse.Namespace) -> int:
    """Print each work list's name, count and title."""
    with unlocked_services() as services:
        counts = services.caseload.worklist_counts()
    for name, title in WORKLISTS.items():
        say(f"{name:22} {counts.get(name, 0):6}  {title}")
    return 0


def import_cohort(args: argparse.Namespace) -> int:
    """Validate every row, then import (or report only, with --dry-run)."""
    with unlocked_services() as services:
        report = services.cohort.run(args.file, dry_run=args.dry_run,
                                                  skip_invalid=args.skip_invalid)
    for line in report.lines():
        say(line)
    return 1 if report.errors and not args.skip_invalid else 0


def _as_json(row: CaseloadRow) -> dict[str, object]:
    return {"id": str(row.id), "given_name": row.given_name, "family_name": row.family_name,
            "preferred_name": row.preferred_name, "date_of_birth": row.date_of_birth.isoformat(),
            "upn": row.upn, "uln": row.uln, "postcode": row.postcode,
            "school": row.school_name, "year_group": row.year_group,
            "activity_code": row.activity_code, "activity_group": row.activity_group,
            "level_of_need": row.level_of_need,
            "due_to_lapse_date": row.due_to_lapse_date.isoformat()
            if row.due_to_lapse_date else None, "detail": row.detail or None}


def _as_line(row: CaseloadRow) -> str:
    name = f"{row.family_name}, {row.preferred_name or row.given_name}"
    return (f"{short_id(row.id)}  {name[:32]:32}  {row.date_of_birth:%d/%m/%Y}  "
            f"Y{row.year_group:<2}  {row.activity_code or '---'}  "
            f"need {row.level_of_need or '-'}  {row.detail}")
