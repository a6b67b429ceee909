"""`ccis-hub import-transfer`: an offline transfer file applied exactly like a push.

The file names the user and the device that wrote it; it is applied only when that device is
registered to that user, not revoked, and its recorded public key verifies the file's
signature. Its changes then go through `push.push` as that user and device, in chunks of the
push limit, so idempotency by change id makes a second import change nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis import transfer_file
from ccis.errors import TransferFileInvalid
from ccis_hub import push
from ccis_hub.accounts import Caller
from ccis_hub.errors import HubError
from ccis_hub.models import Device, Team, User
from ccis_hub.wire import MAX_CHANGES, ChangeIn


def import_file(session: Session, path: str, code: str) -> str:
    """Apply the file's changes as its user (in the caller's transaction); a one-line summary
    of the statuses, ids and counts only."""
    try:
        payload = transfer_file.read(Path(path), code)
    except TransferFileInvalid as exc:
        raise HubError(400, "transfer_invalid", exc.sentence()) from None
    user = session.scalar(select(User).where(User.username == payload.username))
    if user is None or user.disabled:
        raise HubError(400, "unknown_user", "The file's user has no active account here.")
    device = _signer(session, user, payload)
    try:
        changes = [ChangeIn.model_validate(change) for change in payload.changes]
    except ValidationError:
        raise HubError(400, "transfer_invalid", "The file holds a change that is not in the "
                       "push format.") from None
    team = session.get(Team, user.team_id) if user.team_id else None
    caller = Caller(user.id, user.username, user.role, user.team_id,
                    team.name if team else None, device.id)
    counts: Counter[str] = Counter()
    for start in range(0, len(changes), MAX_CHANGES):
        results = push.push(session, caller, changes[start:start + MAX_CHANGES])
        counts.update(r["status"] for r in results)
    return " ".join(f"{status}={n}" for status, n in sorted(counts.items())) or "nothing"


def _signer(session: Session, user: User, payload: transfer_file.TransferPayload) -> Device:
    """The registered, unrevoked device of `user` that signed the file, else a refusal."""
    try:
        device = session.get(Device, uuid.UUID(payload.device_id))
    except ValueError:
        device = None
    if device is None or device.user_id != user.id or device.public_key is None \
            or not payload.signed_by(device.public_key):
        raise HubError(400, "transfer_unsigned", "The file is not signed by a registered "
                       "device of the user it names: nothing was applied.")
    if device.revoked_at is not None:
        raise HubError(400, "device_revoked", "The file was written on a device that has been "
                       "revoked: nothing was applied.")
    return device
