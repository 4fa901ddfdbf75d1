"""The history: every finished game, kept in a SQLite database in the user data folder.

Why SQLite (the standard library's ``sqlite3``): a game is written in one transaction, so a
crash while writing loses at most that game, never one already kept; the database runs in
WAL mode, so a reader (``warroom history``, the picker) never blocks the game being written.

The schema has a version (``PRAGMA user_version``) and :data:`MIGRATIONS` brings an older
database up to date, each step in its own transaction with the version bump, so a step is
applied exactly once. The second step imports the best scores older versions kept in
``best-scores.json`` (they become :meth:`History.best_totals` floors), once.

Tables: ``games`` (one row per game), ``game_tags`` (its domains, tasks and fault families,
in order), ``imported_best`` (the old best scores) and ``sittings``: a game left unfinished
(to be continued with ``--resume``) keeps the wall time of its sittings so far there, with
the tick and state digest it was left at, so the sitting that finishes it can add them up —
only when it continues exactly that game (a file later reused for another game does not
inherit them). Keeping the finished game removes its row.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from .paths import data_dir
from .played import PlayedGame, Sitting
from .store import Migration, Store, StoreError
from .store import opened as open_store

FILE_NAME = "history.sqlite3"
LEGACY_BEST_SCORES = "best-scores.json"

TAGS = {"domain": "domains", "task": "tasks", "family": "families"}
"""Tag kind in ``game_tags`` → the :class:`PlayedGame` field holding those tags."""

COLUMNS = (
    "scenario_id",
    "title",
    "variant",
    "seed",
    "difficulty",
    "recovery",
    "cost",
    "compliance",
    "total",
    "grade",
    "resolved",
    "ended_at",
    "wall_seconds",
    "played_at",
    "player",
    "autopilot",
    "front_end",
    "recording",
)
"""The ``games`` columns besides ``id``, as :class:`PlayedGame` names them."""


class HistoryError(StoreError):
    """The history database cannot be read or written (damaged, locked, made by a newer warroom)."""


def history_path() -> Path:
    """Where the history is kept (``history.sqlite3`` in the user data folder)."""
    return data_dir() / FILE_NAME


# -- migrations -------------------------------------------------------------------------------
def _create_games(db: sqlite3.Connection, folder: Path) -> None:
    """Version 1: the games and their tags."""
    db.execute(
        """CREATE TABLE games (
            id INTEGER PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            title TEXT NOT NULL,
            variant TEXT,
            seed INTEGER NOT NULL,
            difficulty TEXT NOT NULL,
            recovery REAL NOT NULL,
            cost REAL NOT NULL,
            compliance REAL NOT NULL,
            total REAL NOT NULL,
            grade TEXT NOT NULL,
            resolved INTEGER NOT NULL,
            ended_at INTEGER NOT NULL,
            wall_seconds REAL,
            played_at TEXT NOT NULL,
            player TEXT,
            autopilot INTEGER NOT NULL,
            front_end TEXT NOT NULL,
            recording TEXT
        )"""
    )
    db.execute("CREATE INDEX games_by_scenario ON games (scenario_id, played_at)")
    db.execute(
        """CREATE TABLE game_tags (
            game_id INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            position INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (game_id, kind, position)
        )"""
    )


def _import_best_scores(db: sqlite3.Connection, folder: Path) -> None:
    """Version 2: the best scores older versions kept in ``best-scores.json``, if any (unreadable: none)."""
    db.execute("CREATE TABLE imported_best (scenario_id TEXT PRIMARY KEY, total REAL NOT NULL)")
    try:
        data = json.loads((folder / LEGACY_BEST_SCORES).read_text(encoding="utf-8"))
        scores = [(str(key), float(value)) for key, value in data.items()]
    except (OSError, ValueError, TypeError, AttributeError):
        return
    db.executemany("INSERT INTO imported_best (scenario_id, total) VALUES (?, ?)", scores)


def _create_sittings(db: sqlite3.Connection, folder: Path) -> None:
    """Version 3: the wall time of unfinished games' sittings, by recording."""
    db.execute(
        """CREATE TABLE sittings (
            recording TEXT PRIMARY KEY,
            tick INTEGER NOT NULL,
            digest TEXT NOT NULL,
            wall_seconds REAL NOT NULL
        )"""
    )


MIGRATIONS: tuple[Migration, ...] = (_create_games, _import_best_scores, _create_sittings)
"""Schema version ``n`` is reached by applying ``MIGRATIONS[n - 1]``; append, never edit."""


# -- the store ----------------------------------------------------------------------------------
class History(Store):
    """An open history database (:func:`opened` opens one for a `with` block and reports its errors)."""

    MIGRATIONS = MIGRATIONS
    ERROR = HistoryError
    WHAT = "history"

    # -- writing and reading ------------------------------------------------------------------
    def add(self, game: PlayedGame) -> int:
        """Keep ``game`` (its row and its tags, in one transaction); its id."""
        values = {column: getattr(game, column) for column in COLUMNS} | {
            "played_at": game.played_at.isoformat(timespec="microseconds")
        }
        with self._transaction() as db:
            names = ", ".join(COLUMNS)
            marks = ", ".join("?" for _ in COLUMNS)
            cursor = db.execute(f"INSERT INTO games ({names}) VALUES ({marks})", [values[c] for c in COLUMNS])
            game_id = int(cursor.lastrowid or 0)
            tags = [
                (game_id, kind, position, value)
                for kind, field in TAGS.items()
                for position, value in enumerate(getattr(game, field))
            ]
            db.executemany("INSERT INTO game_tags (game_id, kind, position, value) VALUES (?, ?, ?, ?)", tags)
            db.execute("DELETE FROM sittings WHERE recording = ?", (game.recording,))
        return game_id

    def leave(self, sitting: Sitting) -> None:
        """Keep the wall time of an unfinished game's sittings so far (replacing what was kept for its recording)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO sittings (recording, tick, digest, wall_seconds) VALUES (?, ?, ?, ?)",
                (sitting.recording, sitting.tick, sitting.digest, sitting.wall_seconds),
            )

    def earlier(self, recording: str, tick: int, digest: str) -> float:
        """The wall time of the sittings before this one of the game in ``recording``, resumed at
        ``tick`` in the state ``digest`` (0 when none was kept, or it was kept for another game)."""
        row = self.db.execute("SELECT tick, digest, wall_seconds FROM sittings WHERE recording = ?", (recording,))
        kept = row.fetchone()
        return float(kept[2]) if kept is not None and (kept[0], kept[1]) == (tick, digest) else 0.0

    def games(self, scenario: str | None = None, limit: int | None = None) -> list[PlayedGame]:
        """Kept games, newest first: only ``scenario``'s if given, at most ``limit``.

        One query reads the games with their tags, so a game written meanwhile cannot mix in."""
        columns = ", ".join(f"g.{column}" for column in COLUMNS)
        query = f"""SELECT g.id, {columns}, t.kind, t.value FROM (
                SELECT * FROM games WHERE ? IS NULL OR scenario_id = ? ORDER BY played_at DESC, id DESC LIMIT ?
            ) AS g LEFT JOIN game_tags AS t ON t.game_id = g.id
            ORDER BY g.played_at DESC, g.id DESC, t.kind, t.position"""
        rows = self.db.execute(query, (scenario, scenario, -1 if limit is None else limit))
        return [_game(list(group)) for _, group in groupby(rows, key=lambda r: r[0])]

    def count(self, scenario: str | None = None) -> int:
        """How many games are kept (of ``scenario``, if given)."""
        query = "SELECT count(*) FROM games WHERE ? IS NULL OR scenario_id = ?"
        return int(self.db.execute(query, (scenario, scenario)).fetchone()[0])

    def best_totals(self) -> dict[str, float]:
        """Scenario id → the best total the player reached (autopilot games excluded; old best scores count)."""
        rows = self.db.execute(
            """SELECT scenario_id, max(total) FROM (
                   SELECT scenario_id, total FROM games WHERE autopilot = 0
                   UNION ALL SELECT scenario_id, total FROM imported_best
               ) GROUP BY scenario_id"""
        )
        return {scenario_id: float(total) for scenario_id, total in rows}


def _game(rows: list[tuple[Any, ...]]) -> PlayedGame:
    """A game from its rows of :meth:`History.games` (one per tag, each ending with the tag's kind
    and value; a game without tags has one row ending with two ``None``)."""
    first = rows[0]
    values = dict(zip(COLUMNS, first[1:-2], strict=True))
    values.update(
        resolved=bool(values["resolved"]),
        autopilot=bool(values["autopilot"]),
        played_at=datetime.fromisoformat(values["played_at"]),
    )
    tags: dict[str, list[str]] = {}
    for *_, kind, value in rows:
        if kind is not None:
            tags.setdefault(kind, []).append(value)
    fields = {field: tuple(tags.get(kind, ())) for kind, field in TAGS.items()}
    return PlayedGame(**values, **fields, id=first[0])


def opened(path: Path | None = None) -> AbstractContextManager[History]:
    """The history at ``path`` (default :func:`history_path`), open for the ``with`` block, closed after it.

    Any database or file error, opening it or using it, becomes a :class:`HistoryError` naming the file.
    """
    return open_store(History, path or history_path())


# -- what the front ends call -----------------------------------------------------------------
def keep(game: PlayedGame, path: Path | None = None) -> bool:
    """Keep a finished game in the history; whether it beat the player's best for its scenario
    (an autopilot game never does). Raises :class:`HistoryError` if it cannot be kept."""
    with opened(path) as history:
        before = history.best_totals().get(game.scenario_id)
        history.add(game)
    return not game.autopilot and (before is None or game.total > before)


def leave_sitting(sitting: Sitting, path: Path | None = None) -> None:
    """Keep the wall time of an unfinished game's sittings so far (see the module docstring)."""
    with opened(path) as history:
        history.leave(sitting)


def earlier_sittings(recording: str, tick: int, digest: str, path: Path | None = None) -> float:
    """The wall time kept for the earlier sittings of a resumed game (see :meth:`History.earlier`)."""
    with opened(path) as history:
        return history.earlier(recording, tick, digest)


def best_totals(path: Path | None = None) -> dict[str, float]:
    """Scenario id → the player's best total (see :meth:`History.best_totals`)."""
    with opened(path) as history:
        return history.best_totals()


def read_games(path: Path | None = None) -> list[PlayedGame]:
    """Every kept game, newest first."""
    with opened(path) as history:
        return history.games()
