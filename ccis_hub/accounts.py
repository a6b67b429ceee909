"""Users, teams and devices: what `ccis-hub user ...` and `device ...` do, and login itself.

Passwords are hashed with Argon2id; tokens are random and only their SHA-256 is stored, so a
copy of the database lets nobody act as a device. Refresh tokens rotate; a spent one used again
ends its whole family (RFC 9700 section 4.14.2) and is recorded as a `SecurityEvent`.
A device signing in with the password may name itself (its id) and stays the same device; it
gives its public key once, when the hub has none for it, and the key is never replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ccis import device_keys
from ccis.accounts import password_problem, username_problem
from ccis_hub.errors import HubError
from ccis_hub.models import ROLES, Device, SecurityEvent, SpentToken, Team, User, utcnow

log = logging.getLogger(__name__)

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
    if problem := username_problem(username) or password_problem(password, username):
        raise HubError(422, "bad_account", problem)
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
    user = _user(session, username)
    if problem := password_problem(password, username):
        raise HubError(422, "bad_password", problem)
    user.password_hash = HASHER.hash(password)


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


class TokenReused(HubError):
    """A spent refresh token came back: its family must end (in a transaction of its own)."""

    def __init__(self, spent_hash: str) -> None:
        super().__init__(401, "token_invalid", "The refresh token is not valid.")
        self.spent_hash = spent_hash


def login(session: Session, username: str, password: str, device_name: str, *,
          access_ttl: dt.timedelta, refresh_ttl: dt.timedelta,
          device_id: uuid.UUID | None = None, public_key: str | None = None) -> Tokens:
    """Check the password and sign in the device `device_id` (when it is this user's), else
    register a new one; a new token family starts. A revoked device is refused."""
    user = session.scalar(select(User).where(User.username == username))
    if not _password_matches(user, password):
        raise HubError(401, "bad_credentials", "The username or password is wrong.")
    assert user is not None
    if user.disabled:
        raise HubError(401, "user_disabled", "This account has been disabled.")
    device = session.get(Device, device_id) if device_id is not None else None
    if device is None or device.user_id != user.id:
        device = Device(user_id=user.id, name=device_name)
        session.add(device)
    elif device.revoked_at is not None:
        raise HubError(401, "device_revoked", "This device has been revoked by an administrator.")
    _take_key(device, public_key)
    device.token_family = uuid.uuid4()
    access, refresh = _rotate(device, access_ttl, refresh_ttl)
    session.flush()
    return Tokens(access, refresh, int(access_ttl.total_seconds()), _caller(session, user, device))


def refresh(session: Session, refresh_token: str, *, access_ttl: dt.timedelta,
            refresh_ttl: dt.timedelta, public_key: str | None = None) -> Tokens:
    """Swap a refresh token for a new pair; the old pair stops working, and using it again
    raises TokenReused (see `end_family`)."""
    hashed = token_hash(refresh_token)
    device = session.scalar(select(Device).where(Device.refresh_hash == hashed)
                            .with_for_update())
    if device is None:
        if session.get(SpentToken, hashed) is not None:
            raise TokenReused(hashed)
        raise HubError(401, "token_invalid", "The refresh token is not valid.")
    user = _check_device(session, device)
    now = utcnow()
    if device.refresh_expires_at <= now:
        raise HubError(401, "token_expired", "The refresh token has expired: log in again.")
    # this device's spent tokens past any refresh lifetime can no longer be tried (its row is
    # locked, so no other refresh touches them)
    session.execute(delete(SpentToken).where(SpentToken.device_id == device.id,
                                             SpentToken.spent_at < now - refresh_ttl))
    session.add(SpentToken(token_hash=hashed, device_id=device.id, family=device.token_family,
                           spent_at=now))
    _take_key(device, public_key)
    access, new_refresh = _rotate(device, access_ttl, refresh_ttl)
    return Tokens(access, new_refresh, int(access_ttl.total_seconds()),
                  _caller(session, user, device))


def end_family(session: Session, spent_hash: str) -> None:
    """A spent refresh token was used again: whoever holds its family's current tokens (the
    device, or whoever copied them) must sign in with the password. Recorded by ids."""
    spent = session.get(SpentToken, spent_hash)
    if spent is None:
        return
    device = session.get(Device, spent.device_id)
    assert device is not None  # foreign key
    if device.token_family == spent.family:
        now = utcnow()
        device.access_hash = token_hash(secrets.token_urlsafe(32))
        device.refresh_hash = token_hash(secrets.token_urlsafe(32))
        device.access_expires_at = device.refresh_expires_at = now
        device.token_family = None
    session.add(SecurityEvent(kind="refresh_token_reused", user_id=device.user_id,
                              device_id=device.id))
    log.warning("refresh token reused: family ended user=%s device=%s", device.user_id,
                device.id)


def _take_key(device: Device, public_key: str | None) -> None:
    """Record the device's public key the first time it gives one; never replace it."""
    if public_key is None or device.public_key == public_key:
        return
    if device.public_key is not None:
        log.warning("device=%s offered a different public key; the first one stays", device.id)
        return
    if not device_keys.is_public_key(public_key):
        raise HubError(422, "bad_public_key", "The device's public key is not an Ed25519 key.")
    device.public_key = public_key


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
