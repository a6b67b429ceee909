"""Expected failures, as types that carry data; user-facing text is made from them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from ccis.errors import ExpectedError


class PaclientError(ExpectedError):
    """An expected failure of the laptop application (the shared domain's are in
    `ccis.errors`; catch `ExpectedError` for both)."""


# --- the store -------------------------------------------------------------------------


@dataclass
class StoreMissing(PaclientError):
    home: Path

    def sentence(self) -> str:
        return f"No store in {self.home}: run 'paclient init' first."


@dataclass
class StoreExists(PaclientError):
    home: Path

    def sentence(self) -> str:
        return f"A store already exists in {self.home}; nothing was changed."


@dataclass
class WrongPassphrase(PaclientError):
    failures: int

    def sentence(self) -> str:
        return f"The passphrase is wrong ({self.failures} failed attempt(s) in a row)."


@dataclass
class PassphraseRequired(PaclientError):
    def sentence(self) -> str:
        return "A passphrase is needed: type it when asked or set PACLIENT_PASSPHRASE."


@dataclass
class WeakPassphrase(PaclientError):
    minimum: int

    def sentence(self) -> str:
        return f"The passphrase is too short: use at least {self.minimum} characters."


@dataclass
class StoreLocked(PaclientError):
    """The store was closed (locked); its key is gone until it is unlocked again."""

    def sentence(self) -> str:
        return "The store is locked: unlock it with the passphrase first."


@dataclass
class StoreCorrupted(PaclientError):
    path: Path
    detail: str = ""

    def sentence(self) -> str:
        return (
            f"The store {self.path} is damaged or truncated and cannot be read"
            f"{' (' + self.detail + ')' if self.detail else ''}; "
            "restore it from a backup with 'paclient restore FILE'."
        )


@dataclass
class StoreFolderUnusable(PaclientError):
    home: Path
    reason: str

    def sentence(self) -> str:
        return (f"The store cannot be made in {self.home} ({self.reason}); choose a folder "
                "you can write to with PACLIENT_HOME. Nothing was left there.")


@dataclass
class StoreTooNew(PaclientError):
    revision: str

    def sentence(self) -> str:
        return (f"This store was made by a newer version of paclient (schema {self.revision}); "
                "install that version or a later one to open it. The store was not changed.")


@dataclass
class MigrationFailed(PaclientError):
    from_revision: str | None
    detail: str

    def sentence(self) -> str:
        return (
            f"Updating the store from revision {self.from_revision or 'empty'} failed "
            f"({self.detail}); the store was put back as it was before the update."
        )


@dataclass
class BackupInvalid(PaclientError):
    path: Path
    detail: str

    def sentence(self) -> str:
        return f"The backup {self.path} cannot be used ({self.detail}); nothing was replaced."


@dataclass
class KeyringUnavailable(PaclientError):
    detail: str

    def sentence(self) -> str:
        return f"No secure keyring is available here ({self.detail}); use the passphrase."


@dataclass
class ResourceMissing(PaclientError):
    """A file shipped with the application (a font, the helplines) is missing or damaged."""

    name: str

    def sentence(self) -> str:
        return (f"A file the application needs ({self.name}) is missing or damaged: "
                "reinstall paclient.")


class DisplayMissing(PaclientError):
    """The desktop app was started where there is no display to show it on."""

    def sentence(self) -> str:
        return ("There is no display to open the desktop app on (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set): start it from a desktop session; the paclient "
                "commands work without one (paclient --help).")


# --- look-ups and records ----------------------------------------------------------------


@dataclass
class NotFound(PaclientError):
    kind: str
    key: str

    def sentence(self) -> str:
        return f"No {self.kind} matches '{self.key}'."


@dataclass
class AmbiguousKey(PaclientError):
    kind: str
    key: str

    def sentence(self) -> str:
        return f"More than one {self.kind} matches '{self.key}': give more of the id."


@dataclass
class DuplicatePerson(PaclientError):
    """A young person already on record has this UPN, ULN, CCIS id, or names and date of
    birth (`field` is "date_of_birth" for those); nothing was saved."""

    person_id: uuid.UUID
    field: str

    def sentence(self) -> str:
        short = self.person_id.hex[-8:]
        return (f"A young person with this {DUPLICATE_KEYS.get(self.field, self.field)} is "
                f"already on record ({short}); nothing was saved: "
                f"'paclient person show {short}' shows their record.")


DUPLICATE_KEYS = {"upn": "UPN", "uln": "ULN", "ccis_id": "CCIS id",
                  "date_of_birth": "name and date of birth"}


@dataclass
class SharingRefused(PaclientError):
    """The young person (or parent) refused information sharing; no data may be sent."""

    person_id: str

    def sentence(self) -> str:
        return (
            "This young person has refused information sharing, so no referral "
            "that sends their data can be made."
        )


@dataclass
class NoteLocked(PaclientError):
    """Notes are never edited after the day they were written; add an addendum."""

    contact_id: str

    def sentence(self) -> str:
        return "Notes cannot be changed after the day they were written: add an addendum."


@dataclass
class ImportFileInvalid(PaclientError):
    path: Path
    detail: str

    def sentence(self) -> str:
        return f"Cannot import {self.path}: {self.detail}."


# --- printed documents ---------------------------------------------------------------------


@dataclass
class LetterheadMissing(PaclientError):
    """Documents handed to young people must carry the authority's name and address."""

    def sentence(self) -> str:
        return ("The authority's name and address are not set: set them first with "
                "'paclient letterhead --authority NAME --address LINE ...'.")


@dataclass
class OutputNotWritten(PaclientError):
    """A document or export could not be written where the user asked."""

    path: Path
    reason: str

    def sentence(self) -> str:
        return f"Could not write {self.path}: {self.reason}; nothing was left there."


@dataclass
class PrinterFailed(PaclientError):
    """The printer could not be opened or stopped part-way."""

    printer: str

    def sentence(self) -> str:
        return f"The printer {self.printer} could not print the document; it was not logged."


# --- sync with the hub ---------------------------------------------------------------------


@dataclass
class HubAddressMissing(PaclientError):
    """No hub address given and none set in the store."""

    def sentence(self) -> str:
        return ("No hub address is set: give one with 'paclient sync --server URL' "
                "or when creating the store with 'paclient init --hub URL'.")


@dataclass
class HubUnreachable(PaclientError):
    """The hub could not be reached after every retry; nothing local was lost."""

    url: str
    attempts: int
    detail: str = ""

    def sentence(self) -> str:
        return (f"The hub at {self.url} cannot be reached ({self.attempts} attempt(s)"
                f"{', last: ' + self.detail if self.detail else ''}); "
                "your changes are kept and will be sent next time.")


@dataclass
class HubAuthFailed(PaclientError):
    """The hub refused the credentials or the token; `code` is the hub's machine code."""

    code: str

    def sentence(self) -> str:
        if self.code == "bad_credentials":
            return "The hub refused the user name or password."
        if self.code == "rate_limited":
            return "Too many failed sign-ins: the hub asks to wait before trying again."
        if self.code == "password_required":
            return ("The hub needs your password: type it when asked or set "
                    "PACLIENT_HUB_PASSWORD.")
        if self.code == "user_disabled":
            return "This user has been disabled at the hub; ask an administrator."
        return f"The hub refused this device's sign-in ({self.code}); sign in again."


@dataclass
class DeviceNotRegistered(PaclientError):
    """A transfer file needs a device the hub knows: this one has never signed in."""

    def sentence(self) -> str:
        return ("This laptop has not signed in to the hub yet, so the hub could not check a "
                "transfer file from it: sync once online first.")


@dataclass
class DeviceRevoked(PaclientError):
    """An administrator revoked this device at the hub."""

    def sentence(self) -> str:
        return "This device has been revoked by a hub administrator."


@dataclass
class DeviceErased(PaclientError):
    """The device was revoked, so its local store was erased."""

    home: Path

    def sentence(self) -> str:
        return (f"This device was revoked by a hub administrator, so its data in {self.home} "
                "has been erased.")


@dataclass
class HubRefused(PaclientError):
    """The hub answered a request with an error other than sign-in (e.g. out of scope)."""

    status: int
    code: str
    message: str = ""

    def sentence(self) -> str:
        return (f"The hub refused the request ({self.status} {self.code})"
                f"{': ' + self.message if self.message else ''}.")


@dataclass
class HubProtocolError(PaclientError):
    """The hub's answer did not follow the sync contract."""

    detail: str

    def sentence(self) -> str:
        return f"The hub's answer could not be understood ({self.detail}); nothing was applied."


# --- sync ----------------------------------------------------------------------------------


@dataclass
class ChangeNotDiscardable(PaclientError):
    """A rejected change may be discarded only when nothing would be lost by it."""

    change_id: str
    reason: str

    def sentence(self) -> str:
        return f"The change {self.change_id} cannot be discarded: {self.reason}."


@dataclass
class ConflictAlreadyResolved(PaclientError):
    conflict_id: str

    def sentence(self) -> str:
        return f"The conflict {self.conflict_id} is already resolved."

