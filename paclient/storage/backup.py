"""Encrypted backups: a zip holding the encrypted database copy and its (wrapped) key slots.

Nothing in a backup is readable without the passphrase or recovery key that was valid when
it was taken. Restoring verifies that the copy opens and is intact before anything is replaced.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine

from paclient import __version__
from paclient.errors import BackupInvalid
from paclient.models.base import utcnow
from paclient.storage import private
from paclient.storage.paths import StorePaths, copy_aside

log = logging.getLogger(__name__)

FORMAT = "paclient-backup/1"
DB_MEMBER, SLOTS_MEMBER, MANIFEST_MEMBER = "paclient.db", "keyslots.json", "manifest.json"


def write_backup(engine: Engine, paths: StorePaths, data_key: bytes, out: Path) -> None:
    """Write a consistent encrypted copy of the open store to `out` (all or nothing)."""
    out.parent.mkdir(mode=private.FOLDER_MODE, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as work:
        copy = Path(work) / DB_MEMBER
        _copy_database(engine, data_key, copy)
        manifest = {"format": FORMAT, "created_at": utcnow().isoformat(),
                    "app_version": __version__}
        partial = Path(work) / "backup.zip"
        with private.open_new(partial) as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
                archive.writestr(MANIFEST_MEMBER, json.dumps(manifest))
                archive.write(paths.slots, SLOTS_MEMBER)
                archive.write(copy, DB_MEMBER)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, out)
    log.info("Backup written")


def restore(paths: StorePaths, backup: Path, passphrase: str | None,
            recovery_key: str | None = None) -> Path | None:
    """Replace the store with the backup once the copy is proven to open and be intact.

    Returns the folder the replaced store was moved to (None if there was none): nothing of
    the old store is deleted.
    """
    private.make_folder(paths.home)
    with tempfile.TemporaryDirectory(dir=paths.home, prefix=".restore-") as work:
        staged = StorePaths(Path(work))
        _extract(backup, staged)
        _verify(backup, staged, passphrase, recovery_key)
        aside = copy_aside(paths, "before-restore") if paths.db.exists() else None
        for source in (staged.slots, staged.db):
            os.replace(source, paths.home / source.name)
    log.info("Store restored from a backup")
    return aside


def restore_database(backup: Path, paths: StorePaths) -> None:
    """Put back the database file from a backup taken moments ago (failed migration)."""
    with tempfile.TemporaryDirectory(dir=paths.home, prefix=".restore-") as work:
        staged = StorePaths(Path(work))
        _extract(backup, staged)
        for sidecar in paths.sidecars():
            sidecar.unlink(missing_ok=True)
        os.replace(staged.db, paths.db)


def _copy_database(engine: Engine, data_key: bytes, target: Path) -> None:
    # SQLite's online backup copies the pages under one read snapshot; the copy is keyed with
    # the same data key, so it is as encrypted as the original.
    with engine.connect() as connection:
        source = connection.connection.dbapi_connection
        assert source is not None
        with closing(sqlcipher.connect(str(target))) as dest:
            dest.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
            source.backup(dest)


def _extract(backup: Path, staged: StorePaths) -> None:
    try:
        with zipfile.ZipFile(backup) as archive:
            manifest = json.loads(archive.read(MANIFEST_MEMBER))
            if manifest.get("format") != FORMAT:
                raise BackupInvalid(backup, "it is not a paclient backup")
            for member, target in ((DB_MEMBER, staged.db), (SLOTS_MEMBER, staged.slots)):
                with archive.open(member) as src, private.open_new(target) as dst:
                    shutil.copyfileobj(src, dst)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise BackupInvalid(backup, f"it cannot be read: {type(exc).__name__}") from exc


def _verify(backup: Path, staged: StorePaths, passphrase: str | None,
            recovery_key: str | None) -> None:
    # Imported here to break the cycle store -> backup -> store.
    from paclient.storage.integrity import verify_copy
    from paclient.storage.store import unseal_data_key

    data_key = unseal_data_key(staged, passphrase, recovery_key)
    problems = verify_copy(staged.db, data_key)
    if problems:
        raise BackupInvalid(backup, "; ".join(problems))
