"""Where a store's files live inside its home directory, and moving them as a set."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

FOLDER_MODE = 0o700  # the store's folders: the adviser's own account only (storage.private)


@dataclass(frozen=True)
class StorePaths:
    """Where a store's files live inside its home directory."""

    home: Path

    @property
    def db(self) -> Path:
        return self.home / "paclient.db"

    @property
    def slots(self) -> Path:
        return self.home / "keyslots.json"

    @property
    def throttle(self) -> Path:
        return self.home / "unlock-failures.json"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    def sidecars(self) -> list[Path]:
        """SQLite's WAL and shared-memory files beside the database."""
        return [self.db.with_name(self.db.name + s) for s in ("-wal", "-shm")]

    def files(self) -> list[Path]:
        """Every file that makes up the store."""
        return [self.db, *self.sidecars(), self.slots]


def remove_files(paths: StorePaths) -> None:
    """Delete the database, its sidecars and its key slots (used by restore and erase)."""
    for path in paths.files():
        path.unlink(missing_ok=True)


def copy_aside(paths: StorePaths, label: str) -> Path:
    """Move the current store files into backups/<label>-<time>/ and return that folder."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = paths.backups / f"{label}-{stamp}"
    for folder in (paths.backups, target):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        folder.chmod(FOLDER_MODE)
    for path in paths.files():
        if path.exists():
            shutil.move(path, target / path.name)
    return target
