"""The adviser's own preferences kept in the store (window and column layout): local to this
device, never synced, never audited (they say nothing about any young person)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select

from paclient.models import Setting
from paclient.services.context import Context

PREFIX = "ui."  # every preference key starts so, apart from the store's own settings


class Preferences:
    """Named text values under PREFIX in the store's settings."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def load(self) -> dict[str, str]:
        """Every preference, by name (without the prefix)."""
        with self._ctx.read() as session:
            found = session.execute(select(Setting.key, Setting.value)
                                    .where(Setting.key.startswith(PREFIX))).all()
        return {key.removeprefix(PREFIX): value for key, value in found}

    def save(self, values: Mapping[str, str]) -> None:
        """Keep `values` (by name), replacing what was kept under those names."""
        keys = [PREFIX + name for name in values]
        with self._ctx.write.begin() as session:
            session.execute(delete(Setting).where(Setting.key.in_(keys)))
            session.add_all(Setting(key=PREFIX + name, value=value)
                            for name, value in values.items())
