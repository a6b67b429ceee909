"""The `paclient` command line (DESIGN.md §5). Expected errors: one sentence, exit 1."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DatabaseError

from ccis.errors import ExpectedError
from paclient import __version__
from paclient.cli import (
    activity_cmds,
    casework_cmds,
    checklist_cmds,
    factor_cmds,
    person_cmds,
    print_cmds,
    settings_cmds,
    store_cmds,
    sync_cmds,
    transfer_cmds,
)
from paclient.cli.common import gui
from paclient.errors import StoreCorrupted
from paclient.settings import home_dir
from paclient.storage.paths import StorePaths

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    os.umask(0o077)  # what paclient writes (store, logs, documents) is the adviser's alone
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ExpectedError as exc:
        print(f"paclient: {exc.sentence()}", file=sys.stderr)
        return 1
    except DatabaseError as exc:
        # A page that fails its check mid-query: the file is damaged, not the command.
        log.error("Database error: %s", type(exc.orig).__name__)
        damaged = StoreCorrupted(StorePaths(home_dir()).db, str(exc.orig))
        print(f"paclient: {damaged.sentence()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("paclient: interrupted; every finished step was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`paclient people | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    root = argparse.ArgumentParser(
        prog="paclient", description="Caseload application for Personal Advisers.")
    root.add_argument("--version", action="version", version=f"paclient {__version__}")
    root.add_argument("--demo", action="store_true", help="open the desktop app on a demo store")
    root.set_defaults(handler=gui)
    commands = root.add_subparsers(title="commands", metavar="COMMAND")
    store_cmds.register(commands)
    casework_cmds.register(commands)
    person_cmds.register(commands)
    activity_cmds.register(commands)
    print_cmds.register(commands)
    sync_cmds.register(commands)
    checklist_cmds.register(commands)
    factor_cmds.register(commands)
    settings_cmds.register(commands)
    transfer_cmds.register(commands)
    return root
