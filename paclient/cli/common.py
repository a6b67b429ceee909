"""What every command needs: the passphrase, an unlocked store, printing."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from paclient.errors import PassphraseRequired
from paclient.services.bundle import Services, open_services
from paclient.settings import PASSPHRASE_ENV, RECOVERY_ENV, home_dir
from paclient.storage.store import Store

NEW_PASSPHRASE_ENV = "PACLIENT_NEW_PASSPHRASE"


def gui(args: argparse.Namespace) -> int:
    """`paclient [gui] [--demo]`: the desktop app."""
    from paclient.app import run_gui  # here, not at the top: Qt loads only for the desktop app

    return run_gui(home_dir(), demo=bool(getattr(args, "demo", False)))


def positive_int(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    return _whole_number(text, least=1)


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number of 0 or more."""
    return _whole_number(text, least=0)


def _whole_number(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"{value} is less than {least}")
    return value


def uk_date(text: str) -> dt.date:
    """An argparse type: a date written DD/MM/YYYY."""
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as DD/MM/YYYY: {text!r}") from None


def ask_secret(prompt: str, *, env: str = PASSPHRASE_ENV, confirm: bool = False) -> str:
    """A secret from the environment variable `env`, else typed at the terminal."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise PassphraseRequired()
    while True:
        first = getpass.getpass(prompt)
        if not confirm or getpass.getpass("Type it again: ") == first:
            return first
        print("The two entries differ; try again.", file=sys.stderr)


def unlock() -> Store:
    """The store, unlocked by the recovery key if set, else the keyring, else the passphrase."""
    recovery = os.environ.get(RECOVERY_ENV)
    if recovery:
        return Store.unlock(home_dir(), recovery_key=recovery)
    if os.environ.get(PASSPHRASE_ENV) is None:
        try:
            return Store.unlock(home_dir())  # the OS keyring, where the adviser enabled it
        except PassphraseRequired:
            pass
    return Store.unlock(home_dir(), ask_secret("Passphrase: "))


@contextmanager
def unlocked_services() -> Iterator[Services]:
    """Services of the unlocked store, closed afterwards."""
    store = unlock()
    try:
        services = open_services(store)
        services.people.age_out()  # once a day: records past their age-out birthday get A
        yield services
    finally:
        store.close()


def print_json(value: object) -> None:
    """One JSON document on stdout."""
    json.dump(value, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def say(text: str) -> None:
    """A line of output for the user."""
    print(text)


def short_id(row_id: uuid.UUID) -> str:
    """The last 8 characters of an id: random, unlike the first ones of a time-ordered id."""
    return row_id.hex[-8:]
