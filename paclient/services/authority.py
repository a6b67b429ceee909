"""The authority's settings on this laptop (`ccis/authority.py`): its own LA code and the time
rules, as the hub last sent them (store settings `authority.<key>`). Every service reads them
through the shared `Context.authority`, filled when the store opens and again after a sync or
an admin's change. Only an admin changes them, at the hub: this service checks the values with
the hub's own rule first and keeps what the hub answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ccis import authority
from ccis.codes import CodeBook
from ccis.errors import ValidationError, ValidationErrors
from paclient.services.context import Authority, Context
from paclient.storage import store_settings


@dataclass(frozen=True)
class SettingRow:
    """One setting as it applies here: its value (the default when the hub set none)."""

    key: str
    meaning: str
    value: str | None
    is_default: bool
    low: int | None  # None: an LA code
    high: int | None


class AuthorityService:
    """Shows the authority's settings and, for an admin, checks and keeps a change."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def reload(self) -> None:
        """Apply the settings kept in the store to every service (after a sync)."""
        with self._ctx.read() as session:
            fresh = load(session, self._ctx.codebook)
        self._ctx.authority.policy, self._ctx.authority.own_la = fresh.policy, fresh.own_la

    def rows(self) -> list[SettingRow]:
        """Every setting, in the order `ccis/authority.py` declares them."""
        with self._ctx.read() as session:
            kept = store_settings.authority(session)
        return [SettingRow(s.key, s.meaning, kept.get(s.key, authority.default(s.key)),
                           s.key not in kept, s.low, s.high) for s in authority.SETTINGS]

    def may_change(self) -> bool:
        """True when this laptop last signed in to the hub as an administrator."""
        with self._ctx.read() as session:
            return store_settings.is_admin(session)

    def check_change(self, values: Mapping[str, str]) -> dict[str, str]:
        """`values` as the hub will keep them; ValidationErrors when this laptop's user is no
        admin or a value breaks its rule (the hub's own check)."""
        if not self.may_change():
            raise ValidationErrors([ValidationError("settings", "admin_only", (
                "can be changed only by an administrator signed in to the hub: sign in as "
                "one, or ask an administrator to change them at the hub"))])
        with self._ctx.read() as session:
            kept = store_settings.authority(session)
        return authority.check_settings(values, self._ctx.codebook, kept)

    def keep(self, settings: Mapping[str, str]) -> None:
        """Keep every setting as the hub answered, and apply them."""
        with self._ctx.write.begin() as session:
            store_settings.keep_authority(
                session, authority.valid_only(settings, self._ctx.codebook))
        self.reload()


def load(session: Session, codebook: CodeBook) -> Authority:
    """The authority's settings kept in the store, as the services apply them."""
    kept = authority.valid_only(store_settings.authority(session), codebook)
    return Authority(authority.policy_from(kept), kept.get(authority.OWN_LA))
