"""Setting up a new store: how strong a passphrase is, and creating the store with its adviser.

The desktop's first-run wizard and `paclient init` both create stores through `create_store`,
so the rules (passphrase length, adviser name, hub address) are the same from either.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from zxcvbn import zxcvbn

from ccis.accounts import username_problem
from paclient.errors import WeakPassphrase
from paclient.services.bundle import register_adviser
from paclient.services.problems import Problems
from paclient.storage import store_settings
from paclient.storage.keys import MIN_PASSPHRASE, check_passphrase
from paclient.storage.paths import remove_files
from paclient.storage.store import Store

LABELS = ("very weak", "weak", "fair", "strong", "very strong")
_RATED_CHARACTERS = 100  # zxcvbn slows down on long input; past this a passphrase is long anyway


@dataclass(frozen=True)
class Strength:
    """How hard a passphrase is to guess: a score from 0 to 4, and advice in plain words."""

    score: int
    label: str
    advice: str
    acceptable: bool  # long enough for the store to accept it


def passphrase_strength(passphrase: str) -> Strength:
    """The strength of `passphrase`, with what would make it stronger."""
    if not passphrase:  # zxcvbn fails on an empty string
        return Strength(0, LABELS[0], f"Use at least {MIN_PASSPHRASE} characters.", False)
    rating = zxcvbn(passphrase[:_RATED_CHARACTERS])
    feedback = rating["feedback"]
    advice = " ".join([feedback["warning"], *feedback["suggestions"]]).strip()
    try:
        check_passphrase(passphrase)
        acceptable = True
    except WeakPassphrase:
        acceptable = False
        advice = f"Use at least {MIN_PASSPHRASE} characters. {advice}".strip()
    score = int(rating["score"]) if acceptable else min(int(rating["score"]), 1)
    return Strength(score, LABELS[score], advice, acceptable)


def check_hub_address(address: str | None, problems: Problems) -> str | None:
    """The hub's address, tidied (None when not given); a problem noted when it is not one."""
    address = (address or "").strip()
    if not address:
        return None
    parts = urlsplit(address)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        problems.add("hub_url", "hub_url", "give the hub's web address, like "
                     "https://ccis.example.gov.uk")
    return address.rstrip("/")


def create_store(home: Path, *, passphrase: str, name: str, team: str | None = None,
                 username: str | None = None, hub_url: str | None = None,
                 with_recovery: bool = False) -> tuple[Store, str | None]:
    """A new encrypted store in `home` with its adviser registered; and the recovery key, if
    asked for. Nothing is created when any value is refused."""
    problems = Problems()
    name = problems.text("name", name)
    if len(name) > 120:
        problems.add("name", "name_length", "at most 120 characters")
    hub = check_hub_address(hub_url, problems)
    if username is not None and username_problem(username.strip()):  # the hub's own rule
        problems.add("username", "username",
                     "1 to 64 letters, digits, dots, underscores or dashes")
    problems.raise_any()
    store, recovery = Store.create(home, passphrase, with_recovery=with_recovery)
    try:
        register_adviser(store, username=(username or getpass.getuser()).strip(), name=name,
                         team=(team or "").strip() or None)
        if hub:
            with store.write.begin() as session:
                store_settings.put(session, store_settings.HUB_URL, hub)
    except BaseException:
        store.close()
        remove_files(store.paths)
        raise
    return store, recovery
