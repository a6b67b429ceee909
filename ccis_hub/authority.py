"""The authority's settings on the hub: read by every device at sync, changed by an admin
(over HTTP or `ccis-hub settings`). Each value is checked by `ccis.authority`, the rule the
laptops apply too."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.authority import OWN_LA, check_settings
from ccis.codes import load_codebook
from ccis.errors import ValidationError, ValidationErrors
from ccis.rules import check_transfer_la
from ccis_hub.errors import HubError
from ccis_hub.models import AuthoritySetting, utcnow

log = logging.getLogger(__name__)


def read(session: Session) -> dict[str, str]:
    """Every setting an admin has set, by key (a missing one takes its default)."""
    return {s.key: s.value for s in session.scalars(select(AuthoritySetting))}


def change(session: Session, values: Mapping[str, object], by: str | None) -> dict[str, str]:
    """Check and keep `values`; every setting afterwards. HubError 422 naming each value
    refused (nothing is kept then)."""
    kept = read(session)
    try:
        checked = check_settings(values, load_codebook(), kept)
    except ValidationErrors as exc:
        raise HubError(422, "invalid_setting", exc.sentence()) from None
    for key, value in checked.items():
        found = session.get(AuthoritySetting, key)
        if found is None:
            session.add(AuthoritySetting(key=key, value=value, updated_by=by))
        else:
            found.value, found.updated_at, found.updated_by = value, utcnow(), by
    log.info("authority settings changed: %d value(s)", len(checked))
    return {**kept, **checked}


def check_transfer_target(session: Session, to_la: str) -> str:
    """`to_la` when a person may be transferred there (an LA, not 004, not the authority's
    own); HubError 422 otherwise."""
    own = session.get(AuthoritySetting, OWN_LA)
    try:
        return check_transfer_la(to_la, own.value if own else "", load_codebook(), "to_la",
                                 on=utcnow().date())
    except ValidationError as exc:
        raise HubError(422, exc.rule, f"Transfer refused: {exc.message}.") from None
