"""Files and folders only the adviser's own account may open: 0600 and 0700 from the first write.

The store's folder is made 0700 before anything is written in it, and every file paclient
writes there is created 0600; SQLite gives its WAL, shared-memory and journal files the mode
of the database file. A store made by release 0.1 (files 0644, folder 0755) is tightened when
it is opened (`tighten`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import BinaryIO

from paclient.storage.paths import FOLDER_MODE, StorePaths

log = logging.getLogger(__name__)

FILE_MODE = 0o600
__all__ = ["FILE_MODE", "FOLDER_MODE", "create_empty", "make_folder", "open_new", "tighten"]


def make_folder(path: Path) -> Path:
    """Make `path` (and any missing parents) if needed, then make it 0700; return it."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    path.chmod(FOLDER_MODE)
    return path


def open_new(path: Path) -> BinaryIO:
    """`path` opened for writing from empty, readable by its owner only (even if it existed)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    path.chmod(FILE_MODE)
    return os.fdopen(handle, "wb")


def create_empty(path: Path) -> None:
    """Create `path` empty and 0600 (it must not exist): SQLite then makes its database there
    and gives the database's mode to the WAL and journal beside it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    path.chmod(FILE_MODE)


def tighten(paths: StorePaths) -> None:
    """Make an existing store private: its folder and its backups 0700, their files 0600."""
    failed = 0
    for path in _store_items(paths):
        mode = FOLDER_MODE if path.is_dir() else FILE_MODE
        try:
            if path.stat().st_mode & 0o777 != mode:
                path.chmod(mode)
        except OSError:
            failed += 1  # not ours (another owner) or gone meanwhile: open it anyway
    if failed:
        log.warning("%d store file(s) could not be made private", failed)


def _store_items(paths: StorePaths) -> list[Path]:
    items = [paths.home] if paths.home.is_dir() else []
    items += [p for p in (*paths.files(), paths.throttle) if p.is_file()]
    if paths.backups.is_dir() and not paths.backups.is_symlink():
        items.append(paths.backups)
        items += [p for p in paths.backups.rglob("*") if not p.is_symlink()]
    return items
