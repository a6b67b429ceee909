"""`paclient transfer PERSON (--to-la CODE | --to-user USER)`: hand a young person to another
authority or adviser, online, at the hub. The LA is checked here first with the hub's own rule
(an LA of the code lists, not 004, not this authority's own), so a refusal needs no network."""

from __future__ import annotations

import argparse
from typing import Any

from paclient.cli.common import say, unlock
from paclient.cli.sync_cmds import signed_in
from paclient.services.bundle import open_services


def register(commands: Any) -> None:
    """Add the transfer command to the parser."""
    transfer = commands.add_parser(
        "transfer", help="transfer a young person to another LA or adviser (online)",
        description="Online, at the hub: give PERSON to another local authority or hub user. "
        "The record leaves this laptop at its next sync. Owner, team leader or administrator "
        "only.")
    transfer.add_argument("person", metavar="PERSON",
                          help="id (or 8+ of its characters), UPN or ULN")
    to = transfer.add_mutually_exclusive_group(required=True)
    to.add_argument("--to-la", metavar="CODE", help="the receiving LA's 3-digit code")
    to.add_argument("--to-user", metavar="USER", help="the receiving hub user")
    transfer.add_argument("--server", metavar="URL", help="the hub (default: the one set at init)")
    transfer.add_argument("--user", metavar="NAME", help="your hub user name")
    transfer.set_defaults(handler=transfer_person)


def transfer_person(args: argparse.Namespace) -> int:
    """`paclient transfer PERSON (--to-la CODE | --to-user USER)`."""
    store = unlock()
    try:
        services = open_services(store)
        person = services.people.find(args.person)
        to_la = services.transfer.check_to_la(args.to_la) if args.to_la is not None else None
        with signed_in(store, args) as client:
            client.transfer(str(person.id), to_user=args.to_user, to_la=to_la)
    finally:
        store.close()
    where = f"LA {to_la}" if to_la is not None else args.to_user
    say(f"{person.given_name} {person.family_name} was transferred to {where}; the record "
        "leaves this laptop at its next sync.")
    return 0
