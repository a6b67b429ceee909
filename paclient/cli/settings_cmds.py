"""`paclient settings [KEY=VALUE ...]`: show the authority's settings (own LA, time rules) as
the hub last sent them; an administrator changes them, online, at the hub."""

from __future__ import annotations

import argparse
from typing import Any

from paclient.cli.common import say, unlock
from paclient.cli.sync_cmds import signed_in
from paclient.services.authority import SettingRow
from paclient.services.bundle import open_services

SETTINGS_HELP = """\
Without KEY=VALUE: show the authority's settings as this laptop applies them (the hub sends
them at every sync; a setting the hub has not set shows its default).
With KEY=VALUE ...: change them at the hub (administrators only, online); every laptop takes
them at its next sync."""


def register(commands: Any) -> None:
    """Add the settings command to the parser."""
    settings = commands.add_parser("settings", help="show or (admin) change the authority's "
                                   "settings", description=SETTINGS_HELP,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    settings.add_argument("values", nargs="*", metavar="KEY=VALUE")
    settings.add_argument("--server", metavar="URL", help="the hub (default: the one set at init)")
    settings.add_argument("--user", metavar="NAME", help="your hub user name")
    settings.set_defaults(handler=run_settings)


def run_settings(args: argparse.Namespace) -> int:
    """`paclient settings [KEY=VALUE ...]`."""
    pairs = [value.partition("=") for value in args.values]
    if any(not key or not sep for key, sep, _ in pairs):
        raise SystemExit("paclient settings: give each setting as KEY=VALUE")
    store = unlock()
    try:
        services = open_services(store)
        if pairs:
            checked = services.authority.check_change({k: v for k, _, v in pairs})
            with signed_in(store, args) as client:
                services.authority.keep(client.change_settings(checked))
            say(f"{len(checked)} setting(s) changed at the hub.")
        rows = services.authority.rows()
    finally:
        store.close()
    for row in rows:
        say(_line(row))
    return 0


def _line(row: SettingRow) -> str:
    shown = row.value if row.value is not None else "(not set)"
    default = "  (default)" if row.is_default else ""
    return f"{row.key}={shown}\t{row.meaning}{default}"
