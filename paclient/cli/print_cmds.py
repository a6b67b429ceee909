"""Commands that print and export: `paclient print ...`, `paclient export subject-access`,
`paclient letterhead`.

Each document is made in memory, written whole to the file asked for (never half a file) and
logged, with the file written inside the transaction that logs it: a print that fails is not
logged, and nothing is written that is not logged.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from paclient import printing
from paclient.cli.common import positive_int, say, unlocked_services
from paclient.errors import NotFound, OutputNotWritten
from paclient.exports import subject_access
from paclient.printing import Printed
from paclient.services.bundle import Services
from paclient.services.caseload.listing import WORKLISTS
from paclient.services.problems import fail


def register(commands: Any) -> None:
    """Add `print` and `letterhead` to the parser."""
    printing = commands.add_parser("print", help="print a document to a PDF file")
    kinds = printing.add_subparsers(title="documents", metavar="DOCUMENT", required=True)
    record = _document(kinds, "activity-record", _activity_records, large_print=True,
                       help="the activity record of one or more young people (one PDF)")
    record.add_argument("people", nargs="*", metavar="PERSON",
                        help="id (or its last 8 characters), UPN or ULN")
    record.add_argument("--worklist", choices=sorted(WORKLISTS), metavar="NAME",
                        help="everyone on a work list, e.g. approaching-18")
    record.add_argument("--within-days", type=positive_int, default=28, metavar="N",
                        help="for --worklist due-to-lapse: how far ahead (default 28)")

    summary = _document(kinds, "guidance-summary", _guidance_summary, large_print=True,
                        help="what was discussed and agreed at one session, for the young "
                        "person")
    summary.add_argument("session", metavar="CONTACT|PERSON", help="a contact's full id, or a "
                         "young person (their latest session is printed)")
    plan = _document(kinds, "action-plan", _action_plan, large_print=True,
                     help="a young person's live action plan")
    plan.add_argument("person", metavar="PERSON", help="id (or its last 8 characters), UPN "
                      "or ULN")

    caf = _document(kinds, "caf-referral", _caf_referral, large_print=True,
                    help="a referral for the receiving agency, with the CAF summary and consent")
    caf.add_argument("referral", metavar="REFERRAL|PERSON", help="a referral's full id, or a "
                     "young person (their latest referral is printed)")
    review = _document(kinds, "caseload-review", _caseload_review, large_print=False,
                       help="the whole caseload for a team leader, overdue items marked")
    review.add_argument("--within-days", type=positive_int, default=28, metavar="N",
                        help="how far ahead 'due to lapse' looks (default 28)")

    exporting = commands.add_parser("export", help="export data to files")
    exports = exporting.add_subparsers(title="exports", metavar="EXPORT", required=True)
    access = exports.add_parser(
        "subject-access", help="everything held about one young person (PDF and JSON), for a "
        "data protection request")
    access.add_argument("person", metavar="PERSON", help="id (or its last 8 characters), UPN "
                        "or ULN")
    access.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="the folder for the two files (made if missing)")
    access.set_defaults(handler=export_subject_access)

    letterhead = commands.add_parser(
        "letterhead", help="show or set the authority's name, address and logo on documents")
    letterhead.add_argument("--authority", metavar="NAME")
    letterhead.add_argument("--address", action="append", default=[], metavar="LINE",
                            help="one line of the address (repeat for each line)")
    letterhead.add_argument("--phone")
    letterhead.add_argument("--email")
    letterhead.add_argument("--logo", type=Path, metavar="FILE",
                            help="a PNG or JPEG image")
    letterhead.set_defaults(handler=set_letterhead)


def _document(kinds: Any, name: str, make: Callable[[Services, argparse.Namespace], Printed],
              *, large_print: bool, help: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = kinds.add_parser(name, help=help)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    parser.add_argument("--include-sensitive", action="store_true",
                        help="print sensitive items too (the log records that you did)")
    if large_print:
        parser.add_argument("--large-print", action="store_true", help="16 pt body text")
    parser.set_defaults(handler=lambda args: _print(args, make))
    return parser


def _print(args: argparse.Namespace,
           make: Callable[[Services, argparse.Namespace], Printed]) -> int:
    output: Path = args.output.expanduser()
    if output.is_dir():
        raise OutputNotWritten(output, "it is a folder; give a file name")
    with unlocked_services() as services:
        printed = make(services, args)
        printing.save_pdf(services.documents, printed, output)
    note = ""
    if printed.left_out:
        note = (f" ({printed.left_out} sensitive item{'s' if printed.left_out != 1 else ''} "
                "left out; --include-sensitive prints them)")
    say(f"Wrote {output}: {printed.what}{note}.")
    return 0


def _activity_records(services: Services, args: argparse.Namespace) -> Printed:
    return printing.activity_records(services.documents, _people(services, args),
                                     large_print=args.large_print,
                                     include_sensitive=args.include_sensitive,
                                     progress=_progress)


def _guidance_summary(services: Services, args: argparse.Namespace) -> Printed:
    return printing.guidance_summary(services.guidance, _session(services, args.session),
                                     large_print=args.large_print,
                                     include_sensitive=args.include_sensitive)


def _action_plan(services: Services, args: argparse.Namespace) -> Printed:
    return printing.action_plan(services.guidance, services.people.find(args.person).id,
                                large_print=args.large_print,
                                include_sensitive=args.include_sensitive)


def _caf_referral(services: Services, args: argparse.Namespace) -> Printed:
    return printing.caf_referral(services.caf_referrals,
                                 _referral(services, args.referral),
                                 large_print=args.large_print,
                                 include_sensitive=args.include_sensitive)


def _caseload_review(services: Services, args: argparse.Namespace) -> Printed:
    return printing.caseload_review(services.caseload_review,
                                    within_days=args.within_days,
                                    include_sensitive=args.include_sensitive)


def _referral(services: Services, key: str) -> uuid.UUID:
    """The referral `key` names: a person's latest referral, or a referral's own full id."""
    def latest(person_id: uuid.UUID) -> uuid.UUID | None:
        found = [r for r in services.referrals.referrals(person_id) if r.kind == "referral"]
        return found[0].id if found else None

    return _own_or_latest(services, key, latest, "referral")


def _session(services: Services, key: str) -> uuid.UUID:
    """The session `key` names: a person's latest attended one, or a contact's own full id."""
    def latest(person_id: uuid.UUID) -> uuid.UUID | None:
        found = [c for c in services.contacts.timeline(person_id, limit=20)
                 if not c.did_not_attend]
        return found[0].id if found else None

    return _own_or_latest(services, key, latest, "attended session")


def _own_or_latest(services: Services, key: str,
                   latest: Callable[[uuid.UUID], uuid.UUID | None], what: str) -> uuid.UUID:
    try:
        person = services.people.find(key)
    except NotFound:
        try:
            return uuid.UUID(key)  # the document's own service says if no such record exists
        except ValueError:
            raise NotFound("young person", key) from None
    found = latest(person.id)
    if found is None:
        raise NotFound(what, key)
    return found


def _people(services: Services, args: argparse.Namespace) -> list[uuid.UUID]:
    ids = [services.people.find(key).id for key in args.people]
    if args.worklist:
        ids += [row.id for row in services.caseload.worklist(args.worklist,
                                                             within_days=args.within_days)]
    if not ids:
        raise fail("people", "required", "name at least one young person, or a --worklist "
                   "with people on it")
    return list(dict.fromkeys(ids))  # each person once, in the order given


def _progress(stage: str, done: int, total: int) -> None:
    if total > 1 and sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\r{stage} {done}/{total}", end=end, file=sys.stderr, flush=True)


def export_subject_access(args: argparse.Namespace) -> int:
    """Write everything held about one person into DIR, and log the export."""
    directory: Path = args.output.expanduser()
    with unlocked_services() as services:
        person = services.people.find(args.person)
        pack = services.subject_access.gather(person.id)
        written: list[Path] = []
        services.documents.record_printed(
            "subject-access", [person.id], destination="export", sensitive_included=True,
            deliver=lambda: written.extend(subject_access.export(pack, directory)))
    for path in written:
        say(f"Wrote {path}")
    return 0


def set_letterhead(args: argparse.Namespace) -> int:
    """Show the letterhead, or replace it when --authority is given."""
    with unlocked_services() as services:
        documents = services.documents
        if args.authority is None:
            if args.address or args.phone or args.email or args.logo:
                raise fail("authority", "required", "give --authority with the new letterhead")
            shown = documents.letterhead()
        else:
            logo = _read_logo(args.logo) if args.logo else None
            shown = documents.set_letterhead(authority=args.authority, address=args.address,
                                             phone=args.phone, email=args.email, logo=logo)
    for line in (shown.authority, *shown.address, shown.phone, shown.email):
        if line:
            say(line)
    say(f"logo: {'set' if shown.logo else 'none'}")
    return 0


def _read_logo(path: Path) -> bytes:
    try:
        return path.expanduser().read_bytes()
    except OSError as exc:
        raise fail("logo", "logo_file", f"cannot read {path} ({exc.strerror})") from exc
