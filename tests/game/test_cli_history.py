"""``warroom history`` and ``warroom profile``, and finished terminal games landing in the history.

Every run keeps its user data under the test's temporary folder (``XDG_DATA_HOME``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warroom.engine import catalog
from warroom.game.history import keep

from .history_rows import row

SCRIPT = "wait 9m\ndo describe_deployment checkout-dg\nwait\nend\n"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """User data under ``tmp_path`` for in-process runs (subprocess runs use the same folder)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_finished_terminal_games_land_in_the_history_autopilot_ones_flagged(warroom, home: Path) -> None:
    record = home / "mine.jsonl"
    played = warroom("play", "canary-checkout", "--seed", "7", "--player", "ana", "--record", record, stdin=SCRIPT)
    assert played.code == 0, played.err
    assert "A new best score for this scenario. Kept in your history" in played.out
    pilot = warroom("play", "orders-go-quiet", "--seed", "7", "--autopilot")
    assert pilot.code == 0, pilot.err
    assert "Kept in your history" in pilot.out and "new best" not in pilot.out

    listed = warroom("history", "--json")
    assert listed.code == 0, listed.err
    newest, oldest = json.loads(listed.out)
    assert (newest["scenario_id"], newest["autopilot"], newest["player"]) == ("orders-go-quiet", True, None)
    assert newest["families"] == ["silent eventbridge rule"] and newest["resolved"] is True
    assert newest["recording"].startswith(str(home / "data" / "warroom" / "recordings"))
    end = json.loads(record.read_text(encoding="utf-8").splitlines()[-1])
    assert oldest | {"played_at": None, "wall_seconds": None} == {
        "id": 1,
        "scenario_id": "canary-checkout",
        "title": "The canary that sang too late",
        "variant": None,
        "seed": 7,
        "difficulty": "intermediate",
        "domains": ["sdlc", "monitoring", "incident-response"],
        "tasks": ["1.4", "4.3", "5.3"],
        "families": ["silent alarm", "canary regression"],
        **{k: end["score"][k] for k in ("recovery", "cost", "compliance", "total", "grade", "resolved")},
        "ended_at": 570,
        "wall_seconds": None,
        "played_at": None,
        "player": "ana",
        "autopilot": False,
        "front_end": "terminal",
        "recording": str(record),
    }
    assert oldest["wall_seconds"] >= 0

    table = warroom("history").out
    assert table.index("orders-go-quiet") < table.index("canary-checkout")  # newest first
    assert "autopilot" in table and "ana" in table and "09:30" in table

    profile = json.loads(warroom("profile", "--json").out)
    assert (profile["games"], profile["autopilot_left_out"]) == (1, 1)
    assert [f["key"] for f in profile["families"]] == ["canary regression", "silent alarm"]  # same mean: by name


def test_history_filters_by_scenario_and_limits_newest_first(cli, home: Path) -> None:
    for minute, scenario in enumerate(["cert-expiry", "kms-lockout", "cert-expiry", "cert-expiry"]):
        keep(row(scenario, 50.0 + minute, minute=minute))
    listed = json.loads(cli("history", "--scenario", "cert-expiry", "--limit", "2", "--json").out)
    assert [(g["scenario_id"], g["total"]) for g in listed] == [("cert-expiry", 53.0), ("cert-expiry", 52.0)]
    table = cli("history", "--scenario", "cert-expiry", "--limit", "2").out
    assert "Your games, newest first (2 of 3;" in table
    assert "kms-lockout" not in table


def test_history_says_when_there_is_nothing_to_list(cli, home: Path) -> None:
    assert "No finished games yet: play one with 'warroom play'." in cli("history").out
    ran = cli("history", "--scenario", "kms-lokout")
    assert ran.code == 0
    assert "No finished games of kms-lokout yet (did you mean 'kms-lockout'?)" in ran.out
    assert cli("history", "--limit", "0").code == 2


def test_profile_tables_and_recommendations(cli, home: Path) -> None:
    keep(row("cert-expiry", 62.0, domains=("security", "resilience"), families=("certificate",)))
    keep(row("lambda-runaway", 91.0, domains=("resilience",), families=("concurrency",), autopilot=True))
    out = cli("profile").out
    assert "Your profile: 1 finished game (1 autopilot game left out). --autopilot counts them." in out
    assert "6 Security and Compliance" in out and "certificate" in out and "concurrency" not in out
    first = json.loads(cli("profile", "--json").out)["recommendations"][0]
    assert not [e for e in catalog() if "sdlc" in e.domains and e.difficulty == "intro"]
    # of the intermediate ones, the one training the most task statements not played yet (four of them)
    assert (first["domain"], first["scenario_id"]) == ("sdlc", "deploy-agent-denied")
    assert first["reason"].endswith(
        "It trains task statements you have not played: 1.3 Build and manage artifacts, 1.4 Deployment strategies, "
        "6.1 Identity and access management at scale, 5.3 Troubleshoot system and application failures."
    )
    assert "By DOP-C02 task statement" in out and "6.2 Security controls and data protection" in out
    assert f"warroom play {first['scenario_id']}" in out
    assert first["reason"] in " ".join(out.split())  # the reason is printed (perhaps wrapped)
    with_pilot = json.loads(cli("profile", "--json", "--autopilot").out)
    assert with_pilot["games"] == 2 and [f["key"] for f in with_pilot["families"]] == ["certificate", "concurrency"]


def test_a_damaged_history_is_one_clear_error_and_does_not_spoil_a_game(cli, warroom, home: Path) -> None:
    damaged = home / "data" / "warroom" / "history.sqlite3"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"not a database at all " * 100)
    for command in ("history", "profile"):
        ran = cli(command)
        assert ran.code == 1
        assert ran.err.startswith(f"warroom: {damaged}: cannot open the history") and "Traceback" not in ran.err
    played = warroom("play", "canary-checkout", stdin="end\n")
    assert played.code == 0 and "Score" in played.out
    assert f"This game could not be kept in your history: {damaged}: cannot open the history" in played.out


class Clock:
    """A stand-in for ``time.monotonic`` that moves on by the given seconds at each reading."""

    def __init__(self, *steps: float) -> None:
        self.now, self.steps = 1000.0, list(steps)

    def __call__(self) -> float:
        self.now += self.steps.pop(0) if self.steps else 0.0
        return self.now


def sitting(cli, monkeypatch: pytest.MonkeyPatch, seconds: float, *args: str, stdin: str):
    """One terminal sitting of ``warroom play ARGS`` typing ``stdin``, lasting ``seconds`` of wall time."""
    monkeypatch.setattr("warroom.game.subcommands.play.time.monotonic", Clock(0.0, seconds))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    ran = cli("play", *args)
    assert ran.code == 0, ran.err
    return ran


def test_a_resumed_game_keeps_the_wall_time_of_all_its_sittings(cli, home: Path, monkeypatch) -> None:
    record = str(home / "long.jsonl")
    new = ("canary-checkout", "--seed", "7", "--clock", "manual", "--record", record)
    left = sitting(cli, monkeypatch, 95.0, *new, stdin="wait 3m\nquit\n")
    assert "Resume it with: warroom play --resume" in left.out
    sitting(cli, monkeypatch, 155.0, "--resume", record, "--clock", "manual", stdin="wait 2m\nquit\n")
    done = sitting(cli, monkeypatch, 40.0, "--resume", record, "--clock", "manual", stdin="end\n")
    assert "Kept in your history" in done.out
    sitting(cli, monkeypatch, 12.0, *new, stdin="end\n")  # the same file, a new game: one sitting
    second, first = json.loads(cli("history", "--json").out)
    assert (first["wall_seconds"], first["ended_at"]) == (290.0, 300)  # 95 + 155 + 40 s over three sittings
    assert second["wall_seconds"] == 12.0
