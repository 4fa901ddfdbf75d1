"""A game-day's leaderboard: one SQLite database per game-day, beside the game-day file.

Why beside the file (``gameday.yaml`` → ``gameday.leaderboard.sqlite3``): the results belong
to the event, not to whoever ran the command — the facilitator keeps the game-day file, the
teams' recordings and the results in one folder, archives or shares it whole, and two
game-days never mix. Where that folder cannot be written (a read-only share), the database
goes to the user data folder, named after the file and its sha256. ``--db`` chooses another.

The store (:mod:`warroom.game.store`: WAL, versioned migrations) holds ``meta`` (the
game-day's title and sha256: a leaderboard belongs to one version of the file), ``batches``
(one per ``warroom gameday score``), ``results`` (one accepted game per team and round, with
its scores and the decisive moments the report shows) and ``rejections``. A batch is written in
one transaction, so a crash mid-write loses nothing committed before.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from warroom.engine.gameday import LoadedGameDay
from warroom.engine.gameday.judge import RoundScore

from ..paths import data_dir
from ..report.gameday_model import Moments
from ..store import Migration, Store, StoreError
from ..store import opened as open_store

SUFFIX = ".leaderboard.sqlite3"


class LeaderboardError(StoreError):
    """The leaderboard cannot be read or written, or belongs to another version of the game-day file."""


@dataclass(frozen=True)
class Result:
    """One accepted game on the leaderboard: its score, where it came from, and its moments."""

    score: RoundScore
    file: str
    file_sha256: str
    moments: Moments


@dataclass(frozen=True)
class Rejection:
    """A recording a batch refused, and why."""

    file: str
    team: str | None
    round: int | None
    reason: str


def leaderboard_path(gameday_file: str | Path, sha256: str) -> Path:
    """Where a game-day's leaderboard is kept by default (see the module docstring)."""
    source = Path(gameday_file).resolve()
    if os.access(source.parent, os.W_OK):
        return source.with_name(source.stem + SUFFIX)
    return data_dir() / "gamedays" / f"{source.stem}-{sha256[:12]}{SUFFIX}"


def _create(db: sqlite3.Connection, folder: Path) -> None:
    """Version 1: meta, batches, results and rejections."""
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE batches (id INTEGER PRIMARY KEY, scored_at TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE results (
            team TEXT NOT NULL,
            round INTEGER NOT NULL,
            batch_id INTEGER NOT NULL REFERENCES batches (id),
            file TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            score TEXT NOT NULL,
            moments TEXT NOT NULL,
            PRIMARY KEY (team, round)
        )"""
    )
    db.execute(
        """CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches (id),
            file TEXT NOT NULL,
            team TEXT,
            round INTEGER,
            reason TEXT NOT NULL
        )"""
    )


MIGRATIONS: tuple[Migration, ...] = (_create,)
"""Schema version ``n`` is reached by applying ``MIGRATIONS[n - 1]``; append, never edit."""


class Leaderboard(Store):
    """An open leaderboard (:func:`opened` opens one for a game-day and checks it belongs to it)."""

    MIGRATIONS = MIGRATIONS
    ERROR = LeaderboardError
    WHAT = "leaderboard"

    def claim(self, gameday: LoadedGameDay) -> None:
        """Make sure this leaderboard is ``gameday``'s (a new one is marked as such)."""
        with self._transaction() as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not meta:
                db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("title", gameday.title), ("sha256", gameday.sha256)],
                )
            elif meta.get("sha256") != gameday.sha256:
                raise LeaderboardError(
                    f"this leaderboard belongs to another version of the game-day file "
                    f"({meta.get('title')!r}, sha256 {str(meta.get('sha256'))[:12]}…; the file is now "
                    f"{gameday.sha256[:12]}…): score into a new one with --db"
                )

    def results(self) -> list[Result]:
        """Every accepted game, by round then team."""
        rows = self.db.execute(
            "SELECT score, file, file_sha256, moments FROM results ORDER BY round, team COLLATE NOCASE"
        )
        return [
            Result(RoundScore(**json.loads(score)), file, sha, Moments.model_validate_json(moments))
            for score, file, sha, moments in rows
        ]

    def rejections(self) -> list[Rejection]:
        """Every recording a batch refused, in the order they were judged."""
        rows = self.db.execute("SELECT file, team, round, reason FROM rejections ORDER BY id")
        return [Rejection(*row) for row in rows]

    def add_batch(self, results: Sequence[Result], rejections: Sequence[Rejection]) -> list[Rejection]:
        """Write one scored batch in one transaction; games whose team and round the board already
        holds from another file are rejected as duplicates (the same file again is left as it is).
        The rejections this batch recorded, those duplicates included."""
        refused = list(rejections)
        with self._transaction() as db:
            batch = db.execute("INSERT INTO batches (scored_at) VALUES (?)", (datetime.now(UTC).isoformat(),)).lastrowid
            for result in results:
                s = result.score
                held = db.execute(
                    "SELECT file, file_sha256 FROM results WHERE team = ? AND round = ?", (s.team, s.round)
                ).fetchone()
                if held is not None:
                    if held[1] != result.file_sha256:
                        refused.append(
                            Rejection(
                                result.file,
                                s.team,
                                s.round,
                                f"duplicate: team {s.team}'s round {s.round} is already on the leaderboard "
                                f"from {held[0]}",
                            )
                        )
                    continue
                db.execute(
                    "INSERT INTO results (team, round, batch_id, file, file_sha256, score, moments) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        s.team,
                        s.round,
                        batch,
                        result.file,
                        result.file_sha256,
                        json.dumps(asdict(s), sort_keys=True),
                        result.moments.model_dump_json(),
                    ),
                )
            db.executemany(
                "INSERT INTO rejections (batch_id, file, team, round, reason) VALUES (?, ?, ?, ?, ?)",
                [(batch, r.file, r.team, r.round, r.reason) for r in refused],
            )
        return refused


@contextmanager
def opened(gameday: LoadedGameDay, path: Path) -> Iterator[Leaderboard]:
    """The leaderboard at ``path`` for ``gameday``, open for a ``with`` block (errors become
    :class:`LeaderboardError` naming the file)."""
    with open_store(Leaderboard, path) as board:
        board.claim(gameday)
        yield board
