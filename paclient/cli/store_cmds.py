"""Commands that manage the store itself: init, passwd, check, backup, restore."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from typing import Any

from paclient.cli.common import NEW_PASSPHRASE_ENV, ask_secret, say, unlock
from paclient.services.first_run import create_store
from paclient.settings import RECOVERY_ENV, home_dir
from paclient.storage import backup as backups
from paclient.storage import keyring_unlock
from paclient.storage.integrity import check_engine
from paclient.storage.paths import StorePaths


def register(commands: Any) -> None:
    """Add the store commands to the parser."""
    init = commands.add_parser("init", help="create the encrypted store")
    init.add_argument("--name", default=None, help="the adviser's full name")
    init.add_argument("--username", default=None, help="the adviser's user name at the hub")
    init.add_argument("--team", default=None, help="the adviser's team")
    init.add_argument("--hub", default=None, metavar="URL",
                      help="the authority's CCIS hub, for sync (can be set later)")
    init.add_argument("--recovery-key", action="store_true",
                      help="also make a recovery key (print it and keep it safe)")
    init.set_defaults(handler=init_store)

    passwd = commands.add_parser("passwd", help="change the passphrase (the data is not rewritten)")
    passwd.set_defaults(handler=change_passphrase)

    check = commands.add_parser("check", help="verify encryption, integrity, schema, audit chain")
    check.set_defaults(handler=check_store)

    backup = commands.add_parser("backup", help="write an encrypted copy of the store")
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    backup.set_defaults(handler=backup_store)

    remember = commands.add_parser(
        "keyring", help="unlock with the OS keyring instead of typing the passphrase")
    remember.add_argument("state", choices=("on", "off"))
    remember.set_defaults(handler=set_keyring)

    restore = commands.add_parser("restore", help="replace the store with a verified backup")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=restore_store)


def init_store(args: argparse.Namespace) -> int:
    """Create the store and register its adviser."""
    home = home_dir()
    secret = ask_secret("New passphrase: ", confirm=True)
    username = args.username or getpass.getuser()
    store, recovery = create_store(home, passphrase=secret, name=args.name or username,
                                   username=username, team=args.team, hub_url=args.hub,
                                   with_recovery=args.recovery_key)
    store.close()
    say(f"Created an encrypted store in {home}.")
    if recovery:
        say(f"Recovery key (write it down; it is shown only once): {recovery}")
    return 0


def change_passphrase(_args: argparse.Namespace) -> int:
    """Unlock with the current passphrase (or recovery key), then set a new one."""
    store = unlock()
    try:
        store.change_passphrase(ask_secret("New passphrase: ", env=NEW_PASSPHRASE_ENV,
                                           confirm=True))
    finally:
        store.close()
    say("Passphrase changed.")
    return 0


def check_store(_args: argparse.Namespace) -> int:
    """Print every problem found; exit 1 if there is any."""
    store = unlock()
    try:
        problems = check_engine(store.engine)
    finally:
        store.close()
    for problem in problems:
        say(f"problem: {problem}")
    say("The store is intact." if not problems else f"{len(problems)} problem(s) found.")
    return 1 if problems else 0


def backup_store(args: argparse.Namespace) -> int:
    """Write an encrypted backup to the chosen file."""
    store = unlock()
    try:
        backups.write_backup(store.engine, store.paths, store.data_key, args.output)
    finally:
        store.close()
    say(f"Backup written to {args.output}.")
    return 0


def set_keyring(args: argparse.Namespace) -> int:
    """Keep the data key in the OS keyring, or forget it there."""
    store = unlock()
    try:
        if args.state == "on":
            keyring_unlock.enable(store.paths, store.data_key)
        else:
            keyring_unlock.disable(store.paths)
    finally:
        store.close()
    say("Keyring unlock is " + ("on." if args.state == "on" else "off."))
    return 0


def restore_store(args: argparse.Namespace) -> int:
    """Verify the backup opens, then put it in place of the store."""
    recovery = os.environ.get(RECOVERY_ENV)
    secret = None if recovery else ask_secret("Passphrase of the backup: ")
    aside = backups.restore(StorePaths(home_dir()), args.file, secret, recovery)
    say("Store restored from the backup.")
    if aside:
        say(f"The store it replaced was kept in {aside}.")
    return 0
