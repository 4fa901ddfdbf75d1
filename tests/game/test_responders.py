"""Who did what: a team names its responders (``--player ana,ben``), switches who acts ('as NAME'
in the terminal, W in the window), every command carries its responder, and the debrief, the
replay and a resumed game say who did what."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest
from warroom.engine import read_recording, resolve, verify
from warroom.game.errors import Misuse
from warroom.game.sessions import check_player, check_players

from .window import MakeApp, click, press, texts

TEAM_GAME = """\
wait 9m
do describe_deployment checkout-dg
as ben
do pipeline_revert shop-pipeline
as zed
as BEN
wait 5m
as ana
end
"""


def commands_by(path: Path) -> list[tuple[str, str]]:
    """Each recorded command's kind and responder, in order."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(c["command"]["kind"], c["command"]["by"]) for c in lines if c.get("type") == "command"]


@pytest.fixture
def team_game(warroom, tmp_path: Path):
    """A terminal game of the canary played by ana and ben, switching with 'as'."""
    path = tmp_path / "team.jsonl"
    ran = warroom(
        "play", "canary-checkout", "--clock", "manual", "--player", "ana,ben", "--record", path, stdin=TEAM_GAME
    )
    assert ran.code == 0, ran.err
    return ran, path


def test_commands_carry_the_responder_who_gave_them(team_game) -> None:
    _, path = team_game
    assert commands_by(path) == [
        ("start_action", "ana"),
        ("start_action", "ben"),
        ("declare_resolved", "ana"),
    ]
    recording = read_recording(path)
    assert recording.header["player"] == "ana" and recording.header["responders"] == ["ana", "ben"]
    assert verify(recording, resolve("canary-checkout")).ok


def test_switching_to_someone_off_the_team_is_refused_with_the_team(team_game) -> None:
    ran, _ = team_game
    assert "'zed' is not on the team (ana, ben)" in ran.out
    assert "Now acting as ben" in ran.out  # 'as BEN' finds ben whatever the case


def test_the_debrief_says_who_did_what(team_game) -> None:
    ran, _ = team_game
    who = ran.out.split("Who did what", 1)[1].split("Outcome:", 1)[0]
    assert "ben" in who and "pipeline_revert shop-pipeline" in who
    assert "ana" in who and "declare over" in who
    rows = [line for line in who.splitlines() if "│" in line]
    assert rows.index(next(r for r in rows if "pipeline_revert" in r)) < rows.index(
        next(r for r in rows if "declare over" in r)
    )


def test_the_replay_names_each_responder(team_game, cli) -> None:
    _, path = team_game
    shown = cli("replay", str(path), "--text")
    assert shown.code == 0, shown.err
    assert "ben started pipeline_revert shop-pipeline" in shown.out
    assert "Who did what" in shown.out


def test_a_resumed_game_keeps_the_team(warroom, tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    first = warroom(
        "play", "canary-checkout", "--clock", "manual", "--player", "ana,ben", "--record", path, stdin="as ben\nquit\n"
    )
    assert first.code == 0, first.err
    again = warroom("play", "--resume", path, "--clock", "manual", stdin="as\nas ben\ndo declare_incident\nend\n")
    assert again.code == 0, again.err
    assert "Acting as ana; the team: ana, ben." in again.out
    assert commands_by(path)[-2:] == [("start_action", "ben"), ("declare_resolved", "ben")]


@pytest.mark.parametrize(
    ("given", "problem"),
    [("ana,ana", "each responder once"), ("ana,,ben", "use a short name"), ("ana,automation", "use a short name")],
)
def test_a_bad_team_is_refused(given: str, problem: str) -> None:
    with pytest.raises(Misuse, match=problem):
        check_players(given)


def test_a_game_day_member_name_cannot_smuggle_in_a_team() -> None:
    with pytest.raises(Misuse, match="commas separate a team"):
        check_player("ana,ben")


def test_w_switches_who_acts_in_the_window(make_app: MakeApp, tmp_path: Path) -> None:
    record = tmp_path / "window.jsonl"
    scenario = {"scenario": resolve("canary-checkout"), "reference": "canary-checkout"}
    app = make_app("play", scenario, record=record, roster=("ana", "ben"))
    assert "acting as ana [W]" in texts(app)
    press(app, pygame.K_w)
    assert "acting as ben [W]" in texts(app) and "Now acting as ben" in texts(app)
    click(app, "checkout-fn")
    press(app, pygame.K_a)
    click(app, "query_logs")
    app.scene.state.session.close()
    assert commands_by(record)[-1] == ("start_action", "ben")
    press(app, pygame.K_w)
    assert "acting as ana [W]" in texts(app)


def test_w_alone_says_how_to_play_as_a_team(make_app: MakeApp) -> None:
    app = make_app("play", {"scenario": resolve("canary-checkout"), "reference": "canary-checkout"})
    press(app, pygame.K_w)
    assert not any(t.startswith("acting as") for t in texts(app))
    assert any("--player ana,ben" in t for t in texts(app))
