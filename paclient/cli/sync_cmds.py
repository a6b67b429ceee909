"""Sync commands: `sync` (online, or to an offline transfer file), `conflicts`,
`resolve-conflict`, `sync-attention` and `share` (online)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import socket
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from paclient.cli.common import (
    positive_int,
    print_json,
    say,
    short_id,
    unlock,
    unlocked_services,
)
from paclient.errors import AmbiguousKey, NotFound, SharingRefused
from paclient.services.bundle import open_services
from paclient.storage import audit, outbox
from paclient.sync import states, transfer_file
from paclient.sync.conflicts import ConflictRecord, ConflictService
from paclient.sync.engine import EXIT_CODES_HELP, connected_client, run_cli_sync

T = TypeVar("T")

SYNC_HELP = """\
Without --file: one sync with the hub now (push, pull, check).
With --file OUT: write every pending change to the encrypted transfer file OUT for a hub
with no network path to this device, and print the one-time code that opens it (tell it to
whoever imports the file with 'ccis-hub import-transfer'). Nothing is marked as sent: the
changes stay pending until a later online sync, where the hub answers them as duplicates
of the imported ones and nothing is applied twice."""


def register(commands: Any) -> None:
    """Add the sync commands to the parser."""
    sync = commands.add_parser("sync", help="sync with the hub now, or write a transfer file",
                               description=SYNC_HELP, epilog=EXIT_CODES_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    sync.add_argument("--file", type=Path, metavar="OUT",
                      help="write pending changes to an encrypted transfer file instead")
    sync.add_argument("--server", metavar="URL", help="the hub (default: the one set at init)")
    sync.add_argument("--user", metavar="NAME", help="the hub user name")
    sync.add_argument("--page-size", type=positive_int, default=None, metavar="N",
                      help=argparse.SUPPRESS)
    sync.set_defaults(handler=run_sync)

    conflicts = commands.add_parser("conflicts", help="list open sync conflicts")
    conflicts.add_argument("--json", action="store_true", help="one JSON object per line")
    conflicts.set_defaults(handler=list_conflicts)

    resolve = commands.add_parser("resolve-conflict", help="choose the value of a conflict")
    resolve.add_argument("conflict", metavar="CONFLICT", help="its id, or the id's last characters")
    which = resolve.add_mutually_exclusive_group(required=True)
    which.add_argument("--keep", choices=("device", "hub"), help="keep one side's value")
    which.add_argument("--value", metavar="JSON", help="a combined value, as JSON")
    resolve.set_defaults(handler=resolve_conflict)

    attention = commands.add_parser("sync-attention",
                                    help="list, resend or discard changes the hub rejected")
    action = attention.add_mutually_exclusive_group()
    action.add_argument("--resend", metavar="CHANGE", help="queue the rejected change again")
    action.add_argument("--discard", metavar="CHANGE",
                        help="give it up (only where nothing would be lost)")
    attention.add_argument("--json", action="store_true", help="one JSON object per line")
    attention.set_defaults(handler=sync_attention)

    share = commands.add_parser(
        "share", help="share a young person with another user for a referral, or end it",
        description="Online, at the hub: share PERSON with another hub user for a referral "
        "(they read and write the record until --until or until the share is ended), or end a "
        "share. Owner, team leader or administrator only.")
    share.add_argument("person", metavar="PERSON", help="id (or 8+ of its characters), UPN or ULN")
    how = share.add_mutually_exclusive_group(required=True)
    how.add_argument("--with", dest="to_user", metavar="USER", help="the hub user to share with")
    how.add_argument("--end", metavar="USER", help="end the share with this hub user")
    share.add_argument("--reason", metavar="TEXT", help="why (required with --with; <= 200)")
    share.add_argument("--until", type=_uk_date, metavar="DD/MM/YYYY",
                       help="the last day of the share (default: until ended)")
    share.add_argument("--server", metavar="URL", help="the hub (default: the one set at init)")
    share.add_argument("--user", metavar="NAME", help="your hub user name")
    share.set_defaults(handler=share_person)


def run_sync(args: argparse.Namespace) -> int:
    """`paclient sync [--file OUT]`."""
    if args.file is not None:
        return write_transfer_file(args.file)
    return int(run_cli_sync(args))


def share_person(args: argparse.Namespace) -> int:
    """`paclient share PERSON (--with USER --reason TEXT [--until DD/MM/YYYY] | --end USER)`."""
    if args.to_user is not None and not (args.reason or "").strip():
        raise SystemExit("paclient share: --reason is required with --with")
    store = unlock()
    try:
        services = open_services(store)
        person = services.people.find(args.person)
        if args.to_user is not None and services.safeguarding.sharing_refused(person.id):
            raise SharingRefused(str(person.id))  # their refusal stands: nothing is shared
        with connected_client(store, args) as client:
            if args.to_user is not None:
                client.share(str(person.id), args.to_user, args.reason.strip(), args.until)
            else:
                client.end_share(str(person.id), args.end)
    finally:
        store.close()
    name = f"{person.given_name} {person.family_name}"
    if args.to_user is not None:
        until = f" until {args.until:%d/%m/%Y}" if args.until else ""
        say(f"{name} is shared with {args.to_user}{until}; they get the record at their next "
            "sync.")
    else:
        say(f"The share of {name} with {args.end} has ended; the record leaves their caseload "
            "at their next sync.")
    return 0


def _uk_date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as DD/MM/YYYY: {text!r}") from None


def write_transfer_file(path: Path) -> int:
    """Write every pending change to `path`; print the one-time code."""
    with unlocked_services() as services:
        ctx = services.ctx
        with ctx.read() as session:
            changes: list[dict[str, object]] = []
            after = 0
            while page := outbox.pending(session, after=after):
                changes.extend(_wire(change) for change in page)
                after = page[-1].seq
        if not changes:
            say("Nothing to send: no change is waiting for the hub. No file was written.")
            return 0
        code = transfer_file.new_code()
        transfer_file.write(path, changes, username=ctx.actor.username,
                            device_name=socket.gethostname(), code=code)
        with ctx.write.begin() as session:
            audit.append(session, [audit.Event(ctx.actor.username, "export", "transfer_file",
                                               None, None, {"changes": len(changes)})])
    say(f"{len(changes)} change(s) written to {path}.")
    say(f"One-time code: {code}")
    say("The changes stay pending here until the next online sync.")
    return 0


def _wire(change: outbox.Pending) -> dict[str, object]:
    return {"change_id": str(change.change_id), "table": change.table,
            "row_id": str(change.row_id), "op": change.op, "fields": change.fields,
            "base_rev": change.base_rev}


def list_conflicts(args: argparse.Namespace) -> int:
    """`paclient conflicts [--json]`."""
    with unlocked_services() as services:
        found = ConflictService(services.ctx).open_conflicts()
    for conflict in found:
        if args.json:
            print_json(_conflict_json(conflict))
        else:
            person = short_id(conflict.person_id) if conflict.person_id else "-"
            say(f"{short_id(conflict.id)}  {person}  {conflict.table}.{conflict.field}  "
                f"here: {_show(conflict.device_value)}  hub: {_show(conflict.hub_value)}")
    if not found and not args.json:
        say("No open conflicts.")
    return 0


def resolve_conflict(args: argparse.Namespace) -> int:
    """`paclient resolve-conflict CONFLICT (--keep device|hub | --value JSON)`."""
    with unlocked_services() as services:
        conflicts = ConflictService(services.ctx)
        conflict = _pick(conflicts.open_conflicts(), args.conflict, "open conflict",
                         lambda c: c.id)
        if args.keep is not None:
            value = conflict.device_value if args.keep == "device" else conflict.hub_value
        else:
            try:
                value = json.loads(args.value)
            except json.JSONDecodeError:
                value = args.value  # plain text needs no quotes
        conflicts.resolve(conflict.id, value)
    say(f"Conflict {short_id(conflict.id)} resolved; the value goes to the hub at the next sync.")
    return 0


def sync_attention(args: argparse.Namespace) -> int:
    """`paclient sync-attention [--json] [--resend CHANGE | --discard CHANGE]`."""
    with unlocked_services() as services:
        ctx = services.ctx
        if args.resend or args.discard:
            with ctx.write.begin() as session:
                item = _pick(states.needs_attention(session), args.resend or args.discard,
                             "rejected change", lambda i: i.change_id)
                if args.resend:
                    states.resend(session, item.change_id, actor=ctx.actor.username)
                else:
                    states.discard(session, item.change_id, actor=ctx.actor.username)
            say(f"Change {short_id(item.change_id)} "
                f"{'queued again' if args.resend else 'discarded'}.")
            return 0
        with ctx.read() as session:
            items = states.needs_attention(session)
    for item in items:
        if args.json:
            print_json({"change_id": str(item.change_id), "table": item.table,
                        "row_id": str(item.row_id), "op": item.op, "fields": item.fields,
                        "person_id": str(item.person_id) if item.person_id else None,
                        "reason": item.reason, "made_at": item.made_at.isoformat()})
        else:
            person = short_id(item.person_id) if item.person_id else "-"
            say(f"{short_id(item.change_id)}  {person}  {item.op} {item.table}"
                f"{' (' + ', '.join(item.fields) + ')' if item.fields else ''}  "
                f"{item.made_at:%Y-%m-%d %H:%M}  {item.reason}")
    if not items and not args.json:
        say("No change needs attention.")
    return 0


def _pick(items: list[T], key: str, kind: str, id_of: Callable[[T], uuid.UUID]) -> T:
    wanted = key.strip().lower().replace("-", "")
    matches = [i for i in items if id_of(i).hex.endswith(wanted)]
    if not wanted or not matches:
        raise NotFound(kind, key)
    if len(matches) > 1:
        raise AmbiguousKey(kind, key)
    return matches[0]


def _conflict_json(conflict: ConflictRecord) -> dict[str, object]:
    return {"id": str(conflict.id), "person_id": str(conflict.person_id)
            if conflict.person_id else None, "table": conflict.table,
            "row_id": str(conflict.row_id), "field": conflict.field,
            "local_value": conflict.device_value, "hub_value": conflict.hub_value,
            "hub_rev": conflict.hub_rev, "detected_at": conflict.detected_at.isoformat()}


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
