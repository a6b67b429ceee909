"""How a hub runs: its database and its limits. Built by the command line, passed in."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ccis_hub.errors import HubError

MB = 1024 * 1024


@dataclass(frozen=True)
class HubSettings:
    db_url: str
    access_ttl: dt.timedelta = dt.timedelta(minutes=15)
    refresh_ttl: dt.timedelta = dt.timedelta(days=30)
    max_body_bytes: int = 5 * MB


def hub_home() -> Path:
    """Where the embedded SQLite store lives: `CCIS_HUB_HOME`, else the user data folder."""
    home = os.environ.get("CCIS_HUB_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir("ccis-hub", appauthor=False))


def db_url(given: str | None) -> str:
    """The database URL: `--db`, else `CCIS_HUB_DB`, else SQLite in `hub_home()`."""
    url = given or os.environ.get("CCIS_HUB_DB")
    if url:
        return url
    home = hub_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HubError(500, "home_unusable", (
            f"The hub's folder {home} cannot be made ({exc.strerror or type(exc).__name__}): "
            "give a database with --db or CCIS_HUB_DB, or a writable CCIS_HUB_HOME.")) from exc
    return f"sqlite:///{home / 'hub.db'}"


def from_env(url: str) -> HubSettings:
    """Settings for `url`, with token lifetimes from `CCIS_HUB_ACCESS_TTL_S` and
    `CCIS_HUB_REFRESH_TTL_S` when set (tests shorten them)."""
    access = os.environ.get("CCIS_HUB_ACCESS_TTL_S")
    refresh = os.environ.get("CCIS_HUB_REFRESH_TTL_S")
    defaults = HubSettings(url)
    return HubSettings(
        url,
        access_ttl=dt.timedelta(seconds=float(access)) if access else defaults.access_ttl,
        refresh_ttl=dt.timedelta(seconds=float(refresh)) if refresh else defaults.refresh_ttl)
