"""`paclient checklist PERSON`: the approaching-18 checklist, and ticking its items.

`--tick ITEM [--on DATE]` records an item the adviser did (by the same service and rules as the
record's Approaching 18 tab); `--untick ITEM` takes a tick back. The other items are worked
out from the record and shown with how they are known.
"""

from __future__ import annotations

import argparse
from typing import Any

from paclient.cli.common import print_json, say, short_id, unlocked_services
from paclient.cli.person_cmds import _date
from paclient.services.casework.approaching_18 import TICKED


def register(commands: Any) -> None:
    """Add `checklist` to the parser."""
    checklist = commands.add_parser("checklist", help="the approaching-18 checklist of one "
                                    "young person; tick or untick the adviser's items")
    checklist.add_argument("person", metavar="PERSON")
    what = checklist.add_mutually_exclusive_group()
    what.add_argument("--tick", metavar="ITEM", choices=TICKED,
                      help=f"mark done: {', '.join(TICKED)}")
    what.add_argument("--untick", metavar="ITEM", choices=TICKED, help="take a tick back")
    checklist.add_argument("--on", metavar="DATE", type=_date,
                           help="the day it was done (dd/mm/yyyy; default today)")
    checklist.add_argument("--json", action="store_true")
    checklist.set_defaults(handler=show_checklist)


def show_checklist(args: argparse.Namespace) -> int:
    """Tick or untick as asked, then print the checklist."""
    with unlocked_services() as services:
        person = services.people.find(args.person)
        service = services.approaching_18
        if args.tick:
            checklist = service.tick(person.id, args.tick, args.on or services.today())
        elif args.untick:
            checklist = service.untick(person.id, args.untick)
        else:
            checklist = service.checklist(person.id)
    if args.json:
        print_json({"person_id": str(person.id), "opens_on": checklist.opens_on.isoformat(),
                    "eighteenth_birthday": checklist.eighteenth_birthday.isoformat(),
                    "items": [{"item": line.item, "done_on": line.done_on,
                               "source": line.source, "derived": line.derived}
                              for line in checklist.lines]})
        return 0
    say(f"{short_id(person.id)}: 18 on {checklist.eighteenth_birthday:%d/%m/%Y}, checklist "
        f"open since {checklist.opens_on:%d/%m/%Y}, {checklist.done} of "
        f"{len(checklist.lines)} done")
    for line in checklist.lines:
        done = f"{line.done_on:%d/%m/%Y}" if line.done_on else "not yet"
        how = line.source or ("worked out" if line.derived else "to tick")
        say(f"  [{'x' if line.done_on else ' '}] {line.item:<24} {done:<10} {how}")
    return 0
