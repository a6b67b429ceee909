"""The encrypted store on disk: create, unlock, migrate, re-key and close."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from paclient.errors import (
    MigrationFailed,
    PassphraseRequired,
    StoreCorrupted,
    StoreExists,
    StoreFolderUnusable,
    StoreMissing,
    StoreTooNew,
    WrongPassphrase,
)
from paclient.storage import keyring_unlock, keys, migrate, private
from paclient.storage.backup import restore_database, write_backup
from paclient.storage.db import forget_key, make_engine, make_sessions
from paclient.storage.paths import StorePaths
from paclient.storage.throttle import Throttle

log = logging.getLogger(__name__)


class Store:
    """An unlocked store: the engine and the read and write session factories."""

    def __init__(self, paths: StorePaths, engine: Engine, data_key: bytes) -> None:
        self.paths = paths
        self.engine = engine
        self.read: sessionmaker[Session] = make_sessions(engine, writer=False)
        self.write: sessionmaker[Session] = make_sessions(engine, writer=True)
        self._data_key = data_key

    @classmethod
    def create(cls, home: Path, passphrase: str, *, with_recovery: bool = False,
               ) -> tuple[Store, str | None]:
        """Make a new store in `home`; return it and the recovery key, if one was asked for."""
        paths = StorePaths(home)
        if paths.db.exists() or paths.slots.exists():
            raise StoreExists(home)
        keys.check_passphrase(passphrase)
        try:
            private.make_folder(home)
            private.create_empty(paths.db)  # SQLite keeps its mode and gives it to the WAL
        except OSError as exc:
            raise StoreFolderUnusable(home, exc.strerror or type(exc).__name__) from exc
        engine: Engine | None = None
        try:
            data_key = keys.new_data_key()
            recovery = keys.new_recovery_key() if with_recovery else None
            slots = [keys.seal("passphrase", passphrase, data_key)]
            if recovery:
                slots.append(keys.seal("recovery", recovery, data_key))
            engine = make_engine(paths.db, data_key)
            migrate.upgrade(engine)
            keys.write_slots(paths.slots, slots)
        except BaseException:
            # A half-made store would later read as "damaged": take back what was made here.
            if engine is not None:
                engine.dispose()
            _remove_half_made(paths)
            raise
        log.info("Created a store")
        return cls(paths, engine, data_key), recovery

    @classmethod
    def unlock(cls, home: Path, passphrase: str | None = None, *,
               recovery_key: str | None = None,
               migrations: Path = migrate.MIGRATIONS, throttle: Throttle | None = None,
               ) -> Store:
        """Open the store in `home` with the passphrase, the recovery key or the OS keyring
        (when neither is given and keyring unlock is enabled), migrating it to head.
        `throttle`: the wrong-try throttle (by default the store's own, on the real clock)."""
        paths = StorePaths(home)
        private.tighten(paths)  # a store made by release 0.1 was left readable by all
        data_key = unseal_data_key(paths, passphrase, recovery_key, throttle=throttle)
        store = cls(paths, make_engine(paths.db, data_key), data_key)
        store._bring_to_head(migrations)
        return store

    def close(self) -> None:
        """Close every connection and forget the key: the store cannot be read again."""
        forget_key(self.engine)
        self._data_key = b""

    @property
    def data_key(self) -> bytes:
        return self._data_key

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the data key under a new passphrase; the database itself is not rewritten."""
        keys.check_passphrase(new_passphrase)
        kept = [s for s in keys.read_slots(self.paths.slots) if s.kind != "passphrase"]
        keys.write_slots(self.paths.slots,
                         [keys.seal("passphrase", new_passphrase, self._data_key), *kept])
        log.info("Passphrase slot rewritten")

    def revision(self) -> str | None:
        """The schema revision of the open store."""
        with self.engine.connect() as connection:
            return migrate.current_revision(connection)

    def _bring_to_head(self, migrations: Path) -> None:
        current = self._probe()
        head = migrate.head_revision(migrations)
        if current == head:
            return
        if not migrate.is_known(current, migrations):
            self.engine.dispose()
            raise StoreTooNew(str(current))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        private.make_folder(self.paths.backups)
        copy = self.paths.backups / f"before-migration-{current}-{stamp}.pacbak"
        write_backup(self.engine, self.paths, self._data_key, copy)
        try:
            migrate.upgrade(self.engine, migrations)
        except Exception as exc:
            log.error("Migration from %s failed; restoring the copy taken first", current)
            self.engine.dispose()
            restore_database(copy, self.paths)
            raise MigrationFailed(current, type(exc).__name__ + ": " + str(exc)) from exc
        log.info("Store migrated from %s to %s", current, head)

    def _probe(self) -> str | None:
        """Read the schema revision, turning 'not a database' into a clear error."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
                revision = migrate.current_revision(connection)
                self._check_length(connection)
        except DatabaseError as exc:
            self.engine.dispose()
            raise StoreCorrupted(self.paths.db, str(exc.orig)) from exc
        except StoreCorrupted:
            self.engine.dispose()
            raise
        if revision is None:
            self.engine.dispose()
            raise StoreCorrupted(self.paths.db, "no schema revision recorded")
        return revision


    def _check_length(self, connection: Connection) -> None:
        # A truncated file still opens; its header knows how many pages there should be.
        # Only when no WAL holds newer pages does the file alone have to hold them all.
        wal = self.paths.sidecars()[0]
        if wal.exists() and wal.stat().st_size > 0:
            return
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
        page_size = connection.exec_driver_sql("PRAGMA page_size").scalar_one()
        if self.paths.db.stat().st_size < int(pages) * int(page_size):
            raise StoreCorrupted(self.paths.db, "the file is shorter than it should be")


def _remove_half_made(paths: StorePaths) -> None:
    for path in (paths.db, *paths.sidecars(), paths.slots):
        path.unlink(missing_ok=True)


def unseal_data_key(paths: StorePaths, passphrase: str | None,
                    recovery_key: str | None = None, *,
                    throttle: Throttle | None = None) -> bytes:
    """The data key, after the wrong-try throttle; never touches the database file."""
    if not paths.db.exists() and not paths.slots.exists():
        raise StoreMissing(paths.home)
    if not paths.db.exists() or paths.db.stat().st_size == 0:
        raise StoreCorrupted(paths.db, "the database file is missing or empty")
    slots = keys.read_slots(paths.slots)
    if passphrase is None and recovery_key is None:
        remembered = keyring_unlock.recall(paths)
        if remembered is None:
            raise PassphraseRequired()
        return remembered
    throttle = throttle or Throttle(paths.throttle)
    throttle.wait_before_try()
    try:
        if recovery_key is not None:
            data_key = keys.unseal(slots, "recovery", recovery_key)
        else:
            assert passphrase is not None
            data_key = keys.unseal(slots, "passphrase", passphrase)
    except keys.KeyUnwrapFailed:
        raise WrongPassphrase(throttle.record_failure()) from None
    throttle.record_success()
    return data_key
