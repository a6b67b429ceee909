"""Sync commands: `sync` (online, or to an offline transfer file), `conflicts`,
`resolve-conflict`, `sync-attention` and `share` (online)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import socket
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ccis.errors import ExpectedError
from paclient.cli.common import (
    positive_int,
    print_json,
    say,
    short_id,
    uk_date,
    unlock,
    unlocked_services,
)
from paclient.errors import (
    AmbiguousKey,
    DeviceErased,
    DeviceRevoked,
    HubAuthFailed,
    HubUnreachable,
    NotFound,
    SharingRefused,
)
from paclient.services.bundle import open_services
from paclient.services.sync.conflicts import ConflictRecord
from paclient.storage.store import Store
from paclient.sync.engine import PAGE, SyncReport, sync_once
from paclient.sync.http import HubClient, RetryPolicy
from paclient.sync.signin import hub_account, sign_in

T = TypeVar("T")

PASSWORD_ENV = "PACLIENT_HUB_PASSWORD"
RETRY_ENV = "PACLIENT_SYNC_RETRY"
EXIT_OK, EXIT_ATTENTION, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_AUTH = 0, 1, 2, 3, 4
EXIT_CODES_HELP = (
    "exit codes: 0 synced, nothing needs attention; 1 synced, but conflicts or rejected "
    "changes need attention (or another error); 2 bad usage; 3 hub unreachable (changes "
    "kept); 4 sign-in refused or device revoked")

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
    share.add_argument("--until", type=uk_date, metavar="DD/MM/YYYY",
                       help="the last day of the share (default: until ended)")
    share.add_argument("--server", metavar="URL", help="the hub (default: the one set at init)")
    share.add_argument("--user", metavar="NAME", help="your hub user name")
    share.set_defaults(handler=share_person)


def run_sync(args: argparse.Namespace) -> int:
    """`paclient sync [--file OUT]`."""
    if args.file is not None:
        return write_transfer_file(args.file)
    return online_sync(args)


def online_sync(args: argparse.Namespace) -> int:
    """One online sync; the exit code (EXIT_CODES_HELP). The password is asked only when no
    saved refresh token works."""
    store = unlock()
    try:
        with signed_in(store, args) as client:
            report = sync_once(store, client, page_size=args.page_size or PAGE)
    except DeviceErased as exc:
        return _fail(exc, EXIT_AUTH)
    except HubUnreachable as exc:
        return _fail(exc, EXIT_UNREACHABLE)
    except (HubAuthFailed, DeviceRevoked) as exc:
        return _fail(exc, EXIT_AUTH)
    finally:
        store.close()
    _print_report(report)
    return EXIT_OK if report.clean else EXIT_ATTENTION


def signed_in(store: Store, args: argparse.Namespace) -> HubClient:
    """A client signed in to the hub of `store` (or --server) as its adviser (or --user),
    saying each retry on the terminal; the caller closes it."""
    account = hub_account(store, server=getattr(args, "server", None),
                          username=getattr(args, "user", None))
    return sign_in(store, account, _ask_password, device_name=socket.gethostname() or "paclient",
                   retry=_retry_from_env(),
                   on_retry=lambda path, n, why: print(
                       f"Retrying {path} (attempt {n} failed: {why})", flush=True))


def _fail(exc: ExpectedError, code: int) -> int:
    print(f"paclient: {exc.sentence()}", file=sys.stderr)
    return code


def _ask_password() -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise HubAuthFailed("password_required")
    return getpass.getpass("Hub password: ")


def _retry_from_env() -> RetryPolicy:
    """How hard to try; PACLIENT_SYNC_RETRY="attempts,total_seconds,first_wait" overrides
    (the network tests use it to give up within seconds)."""
    text = os.environ.get(RETRY_ENV)
    if not text:
        return RetryPolicy()
    attempts, total, first = text.split(",")
    return RetryPolicy(attempts=int(attempts), total_seconds=float(total),
                       first_wait=float(first), max_wait=max(float(first) * 8, 0.1),
                       jitter=float(first))


def _print_report(report: SyncReport) -> None:
    say(f"Pushed {report.pushed} change(s): {report.acknowledged} accepted, "
        f"{report.conflicts_opened} conflict(s), {report.rejected} rejected.")
    for change_id in report.rejected_ids:
        say(f"  rejected: change {change_id}")
    say(f"Pulled {report.pulled_rows} row(s) in {report.pulled_pages} page(s); "
        f"{report.exits} record(s) left the caseload.")
    if report.redownloaded:
        say("The local copy did not match the hub: everything was downloaded again.")
    if report.retries:
        say(f"The connection failed {report.retries} time(s) and was retried.")
    if report.open_conflicts:
        say(f"{report.open_conflicts} conflict(s) need a choice: see 'paclient conflicts'.")
    if report.needs_attention:
        say(f"{report.needs_attention} change(s) were rejected by the hub and need attention: "
            "see 'paclient sync-attention'.")
    if report.clean:
        say("Up to date.")


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
        with signed_in(store, args) as client:
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


def write_transfer_file(path: Path) -> int:
    """Write every pending change to `path`; print the one-time code."""
    with unlocked_services() as services:
        written = services.transfer.write(path)
    if written.code is None:
        say("Nothing to send: no change is waiting for the hub. No file was written.")
        return 0
    say(f"{written.changes} change(s) written to {path}.")
    say(f"One-time code: {written.code}")
    say("The changes stay pending here until the next online sync.")
    return 0


def list_conflicts(args: argparse.Namespace) -> int:
    """`paclient conflicts [--json]`."""
    with unlocked_services() as services:
        found = services.conflicts.open_conflicts()
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
        conflicts = services.conflicts
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
        items = services.sync.attention()
        if args.resend or args.discard:
            item = _pick(items, args.resend or args.discard, "rejected change",
                         lambda i: i.change_id)
            (services.sync.resend if args.resend else services.sync.discard)(item.change_id)
            say(f"Change {short_id(item.change_id)} "
                f"{'queued again' if args.resend else 'discarded'}.")
            return 0
    for item in items:
        if args.json:
            print_json({"change_id": str(item.change_id), "table": item.table,
                        "row_id": str(item.row_id), "op": item.op,
                        "fields": list(item.fields),
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
