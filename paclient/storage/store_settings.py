"""The store's own settings (its `setting` table): who its adviser is, which hub it syncs with,
the letterhead, the adviser's layout preferences. Read and written in the caller's session;
the keys live here and nowhere else."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from paclient.models import Adviser, Setting

ADVISER_ID = "adviser_id"  # the adviser who owns this store (set by `paclient init`)
HUB_URL = "hub.url"  # the hub this store syncs with
HUB_USER = "hub.username"  # who this store last signed in to the hub as
HUB_ROLE = "hub.role"  # the role the hub gave that user at the last sign-in (admin: may change
# the authority's settings and assessment factors)
DEVICE_ID = "device.id"  # the id the hub gave this device at its first sign-in
DEVICE_KEY = "device.signing_key"  # the device's Ed25519 private key (hex), signs transfer files
AUTHORITY = "authority."  # + a key of ccis/authority.py: the authority's settings from the hub
AGED_OUT_ON = "people.aged_out_on"  # the day records past their age-out birthday were last set A


def get(session: Session, key: str) -> str | None:
    """The value of `key`, or None when it is not set."""
    found = session.get(Setting, key)
    return found.value if found is not None else None


def put(session: Session, key: str, value: str | None) -> None:
    """Set `key` to `value` (None removes it)."""
    found = session.get(Setting, key)
    if value is None:
        if found is not None:
            session.delete(found)
    elif found is None:
        session.add(Setting(key=key, value=value))
    else:
        found.value = value


def values(session: Session, keys: Iterable[str] = (), prefix: str | None = None,
           ) -> dict[str, str]:
    """The settings named in `keys`, or all under `prefix`, by key."""
    query = select(Setting.key, Setting.value)
    query = query.where(Setting.key.startswith(prefix)) if prefix else query.where(
        Setting.key.in_(list(keys)))
    return {key: value for key, value in session.execute(query).all()}


def replace(session: Session, new: Mapping[str, str], keys: Iterable[str]) -> None:
    """Remove the settings named in `keys`, then keep `new`."""
    session.execute(delete(Setting).where(Setting.key.in_(list(keys))))
    session.add_all(Setting(key=k, value=v) for k, v in new.items())


def local_adviser(session: Session) -> Adviser | None:
    """The adviser who owns this store, or None before `paclient init` registered one."""
    adviser_id = get(session, ADVISER_ID)
    return session.get(Adviser, uuid.UUID(adviser_id)) if adviser_id else None


def is_admin(session: Session) -> bool:
    """Whether the hub said, at this laptop's last sign-in, that its user is an administrator
    (the laptop knows no role of its own: a store never signed in has no administrator)."""
    return get(session, HUB_ROLE) == "admin"


def authority(session: Session) -> dict[str, str]:
    """The authority's settings as the hub last sent them, by key (`ccis/authority.py`)."""
    found = values(session, prefix=AUTHORITY)
    return {key.removeprefix(AUTHORITY): value for key, value in found.items()}


def keep_authority(session: Session, new: Mapping[str, str]) -> None:
    """Keep `new` as the authority's settings, in place of those kept before."""
    replace(session, {AUTHORITY + key: value for key, value in new.items()},
            list(values(session, prefix=AUTHORITY)))
