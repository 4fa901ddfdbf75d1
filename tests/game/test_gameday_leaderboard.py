"""The leaderboard: one transaction per batch, a schema version, and one version of the game-day file."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from warroom.engine.gameday import LoadedGameDay, load_gameday
from warroom.engine.gameday.judge import RoundScore
from warroom.game.gameday.leaderboard import LeaderboardError, Rejection, Result, leaderboard_path, opened
from warroom.game.report.gameday_model import Moments

from .gameday_kit import DRILL


@pytest.fixture
def gameday(tmp_path: Path) -> LoadedGameDay:
    path = tmp_path / "drill.yaml"
    path.write_text(DRILL, encoding="utf-8")
    return load_gameday(path)


def result(team: str, number: int, total: float, sha: str = "a") -> Result:
    score = RoundScore(team, number, total, total, 90.0, 90.0, "B", True, 300, 0, 1500)
    return Result(score, f"/games/{team}-{number}.jsonl", sha * 64, Moments(detected_at=300))


def test_the_default_leaderboard_sits_beside_the_game_day_file(gameday, tmp_path):
    assert leaderboard_path(gameday.source, gameday.sha256) == tmp_path / "drill.leaderboard.sqlite3"


def test_a_batch_is_written_whole_or_not_at_all(gameday, tmp_path):
    path = tmp_path / "board.sqlite3"
    with opened(gameday, path) as board:
        board.add_batch([result("blue", 1, 80.0)], [Rejection("x.jsonl", "red", 1, "played on seed 8")])
    broken = replace(result("red", 2, 70.0), moments=None)  # cannot be written: the batch fails half-way
    with pytest.raises(AttributeError), opened(gameday, path) as board:
        board.add_batch([result("red", 1, 60.0), broken], [])
    with opened(gameday, path) as board:
        assert [(r.score.team, r.score.round, r.score.total) for r in board.results()] == [("blue", 1, 80.0)]
        assert [r.reason for r in board.rejections()] == ["played on seed 8"]
        assert board.version == 1
        assert board.db.execute("SELECT count(*) FROM batches").fetchone()[0] == 1
        assert board.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_same_file_again_is_kept_once_and_another_is_a_duplicate(gameday, tmp_path):
    with opened(gameday, tmp_path / "board.sqlite3") as board:
        board.add_batch([result("blue", 1, 80.0)], [])
        assert board.add_batch([result("blue", 1, 80.0)], []) == []
        [refused] = board.add_batch([result("blue", 1, 95.0, sha="b")], [])
        assert refused.reason == "duplicate: team blue's round 1 is already on the leaderboard from /games/blue-1.jsonl"
        assert [r.score.total for r in board.results()] == [80.0]


def test_a_leaderboard_belongs_to_one_version_of_the_file(gameday, tmp_path):
    path = tmp_path / "board.sqlite3"
    with opened(gameday, path) as board:
        board.add_batch([result("blue", 1, 80.0)], [])
    source = Path(gameday.source)
    source.write_text(DRILL.replace("Tuesday drill", "Wednesday drill"), encoding="utf-8")
    changed = load_gameday(source)
    with pytest.raises(LeaderboardError) as caught, opened(changed, path):
        pass
    assert str(caught.value) == (
        "this leaderboard belongs to another version of the game-day file ('Tuesday drill', sha256 "
        f"{gameday.sha256[:12]}…; the file is now {changed.sha256[:12]}…): score into a new one with --db"
    )


def test_a_leaderboard_from_a_newer_warroom_is_refused(gameday, tmp_path):
    path = tmp_path / "board.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 9")
    db.close()
    newer = "schema version 9 is newer than this warroom knows; upgrade warroom"
    with pytest.raises(LeaderboardError, match=newer), opened(gameday, path):
        pass
