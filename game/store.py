"""SQLite stores the game keeps (the history, game-day leaderboards): opened in WAL mode, written
in whole transactions, and migrated by an append-only list of schema steps.

Why SQLite (the standard library's ``sqlite3``): a write is one transaction, so a crash while
writing loses at most what was being written, never what was committed; WAL mode lets a
reader never block a writer. The schema version is ``PRAGMA user_version``; a store's
``MIGRATIONS`` brings an older database up to date, each step in its own transaction with
its version bump, so a step is applied exactly once. **Changing a schema**: append a step,
never edit one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, TypeVar

from .errors import Failure

BUSY_TIMEOUT_MS = 5000

Migration = Callable[[sqlite3.Connection, Path], None]


class StoreError(Failure):
    """A store that cannot be read or written (damaged, locked, made by a newer warroom)."""


S = TypeVar("S", bound="Store")


class Store:
    """An open SQLite store; subclasses name their ``MIGRATIONS``, ``ERROR`` and ``WHAT`` (for messages)."""

    MIGRATIONS: ClassVar[tuple[Migration, ...]] = ()
    ERROR: ClassVar[type[StoreError]] = StoreError
    WHAT: ClassVar[str] = "database"

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @classmethod
    def open(cls: type[S], path: Path) -> S:
        """Open the store at ``path``, creating and migrating it as needed (``sqlite3.Error`` and
        ``OSError`` propagate: :func:`opened` reports them)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            store = cls(db)
            store._migrate(path.parent)
        except BaseException:
            db.close()
            raise
        return store

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    @property
    def version(self) -> int:
        """The schema version of the database."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole at the end, rolled back whole if anything raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self, folder: Path) -> None:
        steps = self.MIGRATIONS
        if self.version > len(steps):
            raise self.ERROR(f"schema version {self.version} is newer than this warroom knows; upgrade warroom")
        while self.version < len(steps):
            with self._transaction() as db:
                current = self.version  # another process may have migrated meanwhile
                if current < len(steps):
                    steps[current](db, folder)
                    db.execute(f"PRAGMA user_version = {current + 1}")


@contextmanager
def opened(cls: type[S], path: Path) -> Iterator[S]:
    """The store of type ``cls`` at ``path``, open for the ``with`` block, closed after it.

    Any database or file error, opening it or using it, becomes the store's error naming the file.
    """
    try:
        store = cls.open(path)
    except (OSError, sqlite3.Error) as exc:
        raise cls.ERROR(f"{path}: cannot open the {cls.WHAT}: {exc}") from None
    try:
        yield store
    except sqlite3.Error as exc:
        raise cls.ERROR(f"{path}: the {cls.WHAT} cannot be used: {exc}") from None
    finally:
        store.close()
