"""`paclient factors`: the assessment factors as this authority uses them; an administrator
adds, renames, retires, reinstates or deletes one (by the same service and rules as File >
Assessment factors in the app)."""

from __future__ import annotations

import argparse
from typing import Any

from paclient.cli.common import print_json, say, unlocked_services
from paclient.services.casework.factors import AREAS


def register(commands: Any) -> None:
    """Add `factors [list|add|rename|retire|reinstate|delete]` to the parser."""
    factors = commands.add_parser("factors", help="list the assessment factors; an "
                                  "administrator changes them")
    factors.set_defaults(handler=list_factors, json=False)
    actions = factors.add_subparsers(title="actions", metavar="ACTION")
    listed = actions.add_parser("list", help="every factor, retired ones included")
    listed.add_argument("--json", action="store_true", help="one JSON object per line")
    listed.set_defaults(handler=list_factors)
    add = actions.add_parser("add", help="add a factor")
    add.add_argument("label", metavar="LABEL")
    add.add_argument("--area", required=True, choices=AREAS)
    add.add_argument("--sensitive", action="store_true")
    add.set_defaults(handler=change_factor, change="add")
    rename = actions.add_parser("rename", help="give a factor a new label")
    rename.add_argument("code", metavar="CODE")
    rename.add_argument("label", metavar="LABEL")
    rename.set_defaults(handler=change_factor, change="rename")
    for change, text in (("retire", "stop offering a factor for new assessments"),
                         ("reinstate", "offer a retired factor again"),
                         ("delete", "delete a factor added here that no assessment uses")):
        one = actions.add_parser(change, help=text)
        one.add_argument("code", metavar="CODE")
        one.set_defaults(handler=change_factor, change=change)


def list_factors(args: argparse.Namespace) -> int:
    """Print every factor: code, area, status and label."""
    with unlocked_services() as services:
        factors = services.factors.factors()
    for factor in factors:
        if args.json:
            print_json({"code": factor.code, "label": factor.label, "area": factor.area,
                        "sensitive": factor.sensitive, "retired": factor.retired,
                        "added": factor.added, "in_use": factor.in_use})
        else:
            status = "retired" if factor.retired else "offered"
            say(f"{factor.code:<24} {factor.area or '':<9} {status:<8} {factor.label}")
    return 0


def change_factor(args: argparse.Namespace) -> int:
    """Make the change asked for (refused with the reason unless an administrator)."""
    with unlocked_services() as services:
        factors = services.factors
        if args.change == "add":
            made = factors.add(label=args.label, area=args.area, sensitive=args.sensitive)
            say(f"Added {made.code}: {made.label}.")
        elif args.change == "rename":
            made = factors.rename(args.code, args.label)
            say(f"Renamed {made.code}: {made.label}.")
        elif args.change == "delete":
            factors.delete(args.code)
            say(f"Deleted {args.code}.")
        else:
            getattr(factors, args.change)(args.code)
            say(f"{args.change.capitalize()}d {args.code}.")
    return 0
