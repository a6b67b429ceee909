"""Commands on one young person: show their details or contacts, change details, add a note.

`paclient person set PERSON town=Leeds phone="01632 960000"` changes fields through the same
service (and rules) as the desktop's Details form; `paclient note PERSON TEXT [--sensitive]`
records a face-to-face contact. With `paclient sync`, these drive two laptops from a shell.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import typing
from typing import Any

from ccis.errors import ValidationError, ValidationErrors
from paclient.cli.common import print_json, say, short_id, unlocked_services
from paclient.services.people.records import PersonRecord

WORKED_OUT = {"id", "rev", "academic_age", "year_group", "adviser_id"}  # never typed in


def register(commands: Any) -> None:
    """Add `person show|contacts|set` and `note` to the parser."""
    person = commands.add_parser("person", help="show or change one young person's details")
    actions = person.add_subparsers(title="actions", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="every detail held for the person")
    show.add_argument("person", metavar="PERSON")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_person)
    contacts = actions.add_parser("contacts", help="the person's contacts, newest first")
    contacts.add_argument("person", metavar="PERSON")
    contacts.add_argument("--json", action="store_true", help="one JSON object per line")
    contacts.set_defaults(handler=list_contacts)
    change = actions.add_parser("set", help="change details: FIELD=VALUE ... (empty clears)")
    change.add_argument("person", metavar="PERSON")
    change.add_argument("values", nargs="+", metavar="FIELD=VALUE")
    change.set_defaults(handler=set_person)

    note = commands.add_parser("note", help="record a face-to-face contact with a note")
    note.add_argument("person", metavar="PERSON")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--setting", default="school", help="where (a contact_setting code)")
    note.add_argument("--sensitive", action="store_true",
                      help="mark the note sensitive (left out of documents, owner and team "
                           "leader only)")
    note.set_defaults(handler=add_note)


def show_person(args: argparse.Namespace) -> int:
    """Print the person's details (the read is audited as a view)."""
    with unlocked_services() as services:
        person = services.people.find(args.person)
    values = dataclasses.asdict(person)
    if args.json:
        print_json(values)
        return 0
    for name, value in values.items():
        if value not in (None, ""):
            say(f"{name}: {value}")
    return 0


def list_contacts(args: argparse.Namespace) -> int:
    """Print the person's contacts: when, how, and the note's first line (or did not attend)."""
    with unlocked_services() as services:
        person = services.people.find(args.person)
        timeline = services.contacts.timeline(person.id)
    for contact in timeline:
        if args.json:
            print_json({"id": str(contact.id), "occurred_at": contact.occurred_at.isoformat(),
                        "method": contact.method, "did_not_attend": contact.did_not_attend,
                        "sensitive": contact.sensitive, "discussion": contact.discussion})
        else:
            first = "did not attend" if contact.did_not_attend else \
                (contact.discussion.splitlines() or [""])[0]
            mark = "  [sensitive]" if contact.sensitive else ""
            say(f"{contact.occurred_at:%d/%m/%Y %H:%M}  {short_id(contact.id)}{mark}  {first}")
    return 0


def set_person(args: argparse.Namespace) -> int:
    """Change the fields given; refusals name each field and nothing is changed."""
    changes = dict(_parse(text) for text in args.values)
    with unlocked_services() as services:
        person = services.people.find(args.person)
        services.people.update_person(person.id, **changes)
    say(f"Changed {', '.join(sorted(changes))} for {short_id(person.id)}.")
    return 0


def add_note(args: argparse.Namespace) -> int:
    """Record a contact now, face to face, with the note given."""
    with unlocked_services() as services:
        person = services.people.find(args.person)
        contact = services.contacts.add_contact(
            person.id, occurred_at=dt.datetime.now().replace(second=0, microsecond=0),
            method="face_to_face", setting=args.setting, discussion=args.text,
            sensitive=True if args.sensitive else None)
    say(f"Contact {short_id(contact.id)} recorded for {short_id(person.id)}.")
    return 0


def _parse(text: str) -> tuple[str, object]:
    """FIELD=VALUE as the field's type: dates as dd/mm/yyyy or yyyy-mm-dd, yes/no, numbers."""
    name, equals, raw = text.partition("=")
    kinds = typing.get_type_hints(PersonRecord)
    if not equals or name not in kinds or name in WORKED_OUT:
        raise ValidationErrors([ValidationError(name or text, "unknown_field",
                                                "is not a detail that can be set")])
    if raw == "":
        return name, None
    kind = kinds[name]
    try:
        if dt.date in typing.get_args(kind) or kind is dt.date:
            return name, _date(raw)
        if kind is bool:
            return name, {"yes": True, "no": False}[raw.lower()]
        if int in typing.get_args(kind):
            return name, int(raw)
    except (KeyError, ValueError):
        raise ValidationErrors([ValidationError(name, "format", f"cannot read “{raw}”")]) from None
    return name, raw


def _date(raw: str) -> dt.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValueError(raw)
