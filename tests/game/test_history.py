"""The history store: games kept whole, listed newest first, migrated, and never half-written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from warroom.game.history import MIGRATIONS, History, HistoryError, best_totals, keep, opened, read_games
from warroom.game.played import Sitting

from .history_rows import row


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def test_a_kept_game_reads_back_whole(db: Path) -> None:
    game = row(
        "orders-go-quiet",
        81.5,
        variant="v2",
        seed=7,
        domains=("incident-response", "monitoring", "iac"),
        tasks=("5.1", "4.3", "2.1"),
        families=("silent eventbridge rule", "credentials"),
        player="ana",
        recording="/tmp/game.jsonl",
        resolved=False,
    )
    bare = row("my-own", 10.0, minute=1, domains=(), tasks=(), families=())
    with opened(db) as history:
        game_id = history.add(game)
        bare_id = history.add(bare)
    # tags keep their order, times come back aware, a game without tags has none
    assert read_games(db) == [replace(bare, id=bare_id), replace(game, id=game_id)]


def test_games_are_listed_newest_first_filtered_and_limited(db: Path) -> None:
    with opened(db) as history:
        for minute, scenario in enumerate(["a", "b", "a", "c", "a"]):
            history.add(row(scenario, float(minute), minute=minute))
        assert [g.total for g in history.games()] == [4.0, 3.0, 2.0, 1.0, 0.0]
        assert [g.total for g in history.games("a")] == [4.0, 2.0, 0.0]
        assert [g.total for g in history.games("a", 2)] == [4.0, 2.0]
        assert history.count("a") == 3 and history.count() == 5


def test_the_database_runs_in_wal_mode_at_the_latest_schema_version(db: Path) -> None:
    with opened(db) as history:
        assert history.version == len(MIGRATIONS)
        assert history.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_exception_inside_the_transaction_leaves_earlier_games_intact(db: Path) -> None:
    keep(row("first", 60.0), db)
    broken = row("second", 70.0, families=("fine", object()))  # the tags fail after the game's row went in
    with pytest.raises(HistoryError), opened(db) as history:
        history.add(broken)
    assert [g.scenario_id for g in read_games(db)] == ["first"]
    with opened(db) as history:
        assert history.db.execute("SELECT count(*) FROM game_tags").fetchone()[0] == 3  # only the first game's
    keep(row("third", 80.0, minute=1), db)  # and the history still takes games
    assert [g.scenario_id for g in read_games(db)] == ["third", "first"]


KILLED_WRITER = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute(
    "INSERT INTO games (scenario_id, title, seed, difficulty, recovery, cost, compliance, total, grade,"
    " resolved, ended_at, played_at, autopilot, front_end) VALUES"
    " ('half', 'Half', 1, 'intro', 1, 1, 1, 1, 'F', 0, 60, '2026-01-06T00:00:00+00:00', 0, 'terminal')"
)
os._exit(9)  # the process dies mid-transaction, as in a crash or a power cut
"""


def test_a_writer_killed_mid_transaction_loses_only_its_own_game(db: Path) -> None:
    keep(row("kept", 75.0), db)
    died = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(db)], check=False, timeout=60)
    assert died.returncode == 9
    assert [g.scenario_id for g in read_games(db)] == ["kept"]
    keep(row("after", 65.0, minute=5), db)
    assert [g.scenario_id for g in read_games(db)] == ["after", "kept"]


def test_old_best_scores_are_imported_once_and_count_as_bests(db: Path) -> None:
    legacy = db.parent / "best-scores.json"
    legacy.parent.mkdir(parents=True)
    legacy.write_text(json.dumps({"canary-checkout": 72.5, "cert-expiry": 90.0}), encoding="utf-8")
    assert best_totals(db) == {"canary-checkout": 72.5, "cert-expiry": 90.0}
    legacy.write_text(json.dumps({"canary-checkout": 99.0}), encoding="utf-8")  # read once, at the migration
    assert keep(row("canary-checkout", 80.0), db) is True
    assert keep(row("cert-expiry", 85.0), db) is False
    assert best_totals(db) == {"canary-checkout": 80.0, "cert-expiry": 90.0}
    assert [g.scenario_id for g in read_games(db)] == ["cert-expiry", "canary-checkout"]  # imports are not games


def test_a_damaged_best_scores_file_is_not_imported(db: Path) -> None:
    db.parent.mkdir(parents=True)
    (db.parent / "best-scores.json").write_text("{not json", encoding="utf-8")
    assert best_totals(db) == {}


def test_autopilot_games_never_set_the_best(db: Path) -> None:
    assert keep(row("canary-checkout", 99.0, autopilot=True), db) is False
    assert best_totals(db) == {}
    assert keep(row("canary-checkout", 40.0, minute=1), db) is True
    assert keep(row("canary-checkout", 40.0, minute=2), db) is False  # equalling the best is not beating it
    assert best_totals(db) == {"canary-checkout": 40.0}


def test_an_older_schema_is_migrated_in_place(db: Path) -> None:
    db.parent.mkdir(parents=True)
    (db.parent / "best-scores.json").write_text(json.dumps({"kms-lockout": 66.0}), encoding="utf-8")
    old = sqlite3.connect(db, isolation_level=None)
    MIGRATIONS[0](old, db.parent)  # a database left by a version that knew only the first step
    old.execute("PRAGMA user_version = 1")
    old.close()
    History.open(db).close()
    with opened(db) as history:
        assert history.version == len(MIGRATIONS)
        assert history.best_totals() == {"kms-lockout": 66.0}


def test_a_newer_schema_is_refused_clearly(db: Path) -> None:
    db.parent.mkdir(parents=True)
    newer = sqlite3.connect(db)
    newer.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    newer.close()
    with pytest.raises(HistoryError, match="newer than this warroom knows"):
        read_games(db)


def test_a_damaged_database_is_a_history_error(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database, just text that happens to be here" * 40)
    with pytest.raises(HistoryError, match=str(db)):
        keep(row(), db)


def test_the_sittings_of_an_unfinished_game_add_up_and_belong_to_that_game_only(db: Path) -> None:
    with opened(db) as history:
        history.leave(Sitting("/games/a.jsonl", 180, "d180", 95.0))
        history.leave(Sitting("/games/a.jsonl", 420, "d420", 250.0))  # a second sitting: the total so far
        history.leave(Sitting("/games/b.jsonl", 60, "d60", 30.0))
        assert history.earlier("/games/a.jsonl", 420, "d420") == 250.0
        assert history.earlier("/games/a.jsonl", 180, "d180") == 0.0  # not where that game was left
        assert history.earlier("/games/a.jsonl", 420, "other") == 0.0  # the file now holds another game
        assert history.earlier("/games/c.jsonl", 0, "d0") == 0.0
        history.add(row("canary-checkout", 70.0, recording="/games/a.jsonl"))
        assert history.earlier("/games/a.jsonl", 420, "d420") == 0.0  # finished: its time went into the game
        assert history.earlier("/games/b.jsonl", 60, "d60") == 30.0
