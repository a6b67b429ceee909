"""Rules for hub accounts that both sides apply: user names and new passwords.

Passwords follow NIST SP 800-63B (section 3.1.1.2): a minimum length and a check against a
list of commonly used passwords, with no composition rules. The list is `data/common-passwords.txt`
(where it came from is noted at its top); the check ignores case.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # what the login request accepts
USERNAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


def username_problem(name: str) -> str | None:
    """Why `name` cannot be a hub user name, or None when it can."""
    if USERNAME.fullmatch(name) is None:
        return ("A user name is 1 to 64 characters of letters, digits, dots, underscores "
                "and dashes.")
    return None


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` cannot be a new password (the sentence repeats no part of it), or None."""
    if len(password) < MIN_PASSWORD:
        return f"A password needs at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"A password has at most {MAX_PASSWORD} characters."
    folded = password.casefold()
    if folded in common_passwords() or folded == username.casefold():
        return "That password is too easy to guess: it is a common one or the user name."
    return None


@cache
def common_passwords() -> frozenset[str]:
    """The blocklist, case-folded."""
    text = files("ccis").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))
