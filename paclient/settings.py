"""Where the store lives and the few settings the command line needs (no Qt here)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

HOME_ENV = "PACLIENT_HOME"
PASSPHRASE_ENV = "PACLIENT_PASSPHRASE"
RECOVERY_ENV = "PACLIENT_RECOVERY_KEY"


def home_dir() -> Path:
    """The store's folder: $PACLIENT_HOME, else the user data directory."""
    configured = os.environ.get(HOME_ENV)
    return Path(configured).expanduser() if configured else Path(user_data_dir("paclient"))
