"""Users, teams and devices: what `ccis-hub user ...` and `device ...` do, and login itself.

Passwords are hashed with Argon2id; tokens are random and only their SHA-256 is stored, so a
copy of the database lets nobody act as a device.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis_hub.errors import HubError
from ccis_hub.models import ROLES, Device, Team, User, utcnow

HASHER = PasswordHasher()
_DUMMY_HASH = HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class Caller:
    """Who is calling: the user behind a valid access token and the device it belongs to."""

    user_id: uuid.UUID
    username: str
    role: str
    team_id: uuid.UUID | None
    team: str | None
    device_id: uuid.UUID


@dataclass(frozen=True)
class Tokens:
    """A freshly issued token pair (the only time the tokens exist in clear)."""

    access_token: str
    refresh_token: str
    expires_in: int
    caller: Caller


@dataclass(frozen=True)
class DeviceRow:
    """A device as `ccis-hub device list` shows it."""

    id: uuid.UUID
    username: str
    name: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    revoked: bool


def token_hash(token: str) -> str:
    """What is stored for `token`."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(session: Session, username: str, role: str, team: str | None,
             password: str) -> uuid.UUID:
    """Create an account; the team is created when it does not exist yet."""
    if role not in ROLES:
        raise HubError(422, "bad_role", f"The role must be one of {', '.join(ROLES)}.")
    if role == "team_leader" and team is None:
        raise HubError(422, "team_required", "A team leader needs a team (--team).")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise HubError(409, "user_exists", "A user with that name exists already.")
    user = User(username=username, role=role, team_id=_team_id(session, team),
                password_hash=HASHER.hash(password))
    session.add(user)
    session.flush()
    return user.id


def set_disabled(session: Session, username: str) -> None:
    """Disable an account: its devices' next calls get `user_disabled`."""
    _user(session, username).disabled = True


def set_password(session: Session, username: str, password: str) -> None:
    """Replace an account's password."""
    _user(session, username).password_hash = HASHER.hash(password)


def list_devices(session: Session, username: str | None) -> list[DeviceRow]:
    """Devices, oldest first, of one user or of everyone."""
    query = (select(Device, User.username).join(User, Device.user_id == User.id)
             .order_by(Device.created_at, Device.id))
    if username is not None:
        query = query.where(User.username == username)
    return [DeviceRow(d.id, name, d.name, d.created_at, d.last_seen_at, d.revoked_at is not None)
            for d, name in session.execute(query)]


def revoke_device(session: Session, device_id: uuid.UUID) -> None:
    """Revoke a device (a lost laptop): its next call gets `device_revoked`."""
    device = session.get(Device, device_id)
    if device is None:
        raise HubError(404, "not_found", "No such device.")
    device.revoked_at = device.revoked_at or utcnow()


def login(session: Session, username: str, password: str, device_name: str, *,
          access_ttl: dt.timedelta, refresh_ttl: dt.timedelta) -> Tokens:
    """Check the password and register a new device with its first token pair."""
    user = session.scalar(select(User).where(User.username == username))
    if not _password_matches(user, password):
        raise HubError(401, "bad_credentials", "The username or password is wrong.")
    assert user is not None
    if user.disabled:
        raise HubError(401, "user_disabled", "This account has been disabled.")
    device = Device(user_id=user.id, name=device_name)
    access, refresh = _rotate(device, access_ttl, refresh_ttl)
    session.add(device)
    session.flush()
    return Tokens(access, refresh, int(access_ttl.total_seconds()), _caller(session, user, device))


def refresh(session: Session, refresh_token: str, *, access_ttl: dt.timedelta,
            refresh_ttl: dt.timedelta) -> Tokens:
    """Swap a refresh token for a new pair; the old pair stops working."""
    device = session.scalar(select(Device).where(Device.refresh_hash == token_hash(refresh_token)))
    if device is None:
        raise HubError(401, "token_invalid", "The refresh token is not valid.")
    user = _check_device(session, device)
    if device.refresh_expires_at <= utcnow():
        raise HubError(401, "token_expired", "The refresh token has expired: log in again.")
    access, new_refresh = _rotate(device, access_ttl, refresh_ttl)
    return Tokens(access, new_refresh, int(access_ttl.total_seconds()),
                  _caller(session, user, device))


def authenticate(session: Session, access_token: str) -> Caller:
    """The caller behind an access token, or the 401 that explains why there is none."""
    device = session.scalar(select(Device).where(Device.access_hash == token_hash(access_token)))
    if device is None:
        raise HubError(401, "token_invalid", "The access token is not valid.")
    user = _check_device(session, device)
    if device.access_expires_at <= utcnow():
        raise HubError(401, "token_expired", "The access token has expired: refresh it.")
    return _caller(session, user, device)


def _check_device(session: Session, device: Device) -> User:
    user = session.get(User, device.user_id)
    assert user is not None  # foreign key
    if device.revoked_at is not None:
        raise HubError(401, "device_revoked", "This device has been revoked by an administrator.")
    if user.disabled:
        raise HubError(401, "user_disabled", "This account has been disabled.")
    return user


def _rotate(device: Device, access_ttl: dt.timedelta,
            refresh_ttl: dt.timedelta) -> tuple[str, str]:
    access, refresh_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    device.access_hash, device.access_expires_at = token_hash(access), now + access_ttl
    device.refresh_hash, device.refresh_expires_at = token_hash(refresh_token), now + refresh_ttl
    device.last_seen_at = now
    return access, refresh_token


def _password_matches(user: User | None, password: str) -> bool:
    # An unknown name costs as much as a wrong password, so timing does not reveal names.
    try:
        return HASHER.verify(user.password_hash if user else _DUMMY_HASH, password) and (
            user is not None)
    except (VerificationError, InvalidHashError):
        return False


def _caller(session: Session, user: User, device: Device) -> Caller:
    team = session.get(Team, user.team_id) if user.team_id else None
    return Caller(user.id, user.username, user.role, user.team_id,
                  team.name if team else None, device.id)


def _team_id(session: Session, name: str | None) -> uuid.UUID | None:
    if name is None:
        return None
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team.id


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise HubError(404, "not_found", "No such user.")
    return user
