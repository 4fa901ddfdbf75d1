"""Projector mode (``warroom gameday run``), driven headless with real input events: a game-day of
two teams × two rounds from the lobby to the podium, with moves made through the play screen,
the facilitator's scheduled inject and one card fired from the console; quitting a game midway
and resuming it; the leaderboard's motion; what each screen shows at 1280×720 and 1920×1080."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from scripted import CONSOLE, RIGHT
from warroom.engine import PlayCard, read_recording, verify
from warroom.engine.gameday import FACILITATOR, load_gameday
from warroom.engine.gameday.judge import judge
from warroom.engine.gameday.session import CONSOLE_KEY, RoundSession
from warroom.game.errors import Failure
from warroom.game.gameday.leaderboard import opened
from warroom.game.gameday.standing import team_standings
from warroom.game.window import gameday  # noqa: F401  (registers the projector's scenes)
from warroom.game.window.app import App
from warroom.game.window.gameday.day import ProjectorDay, Turn
from warroom.game.window.gameday.motion import DURATION_MS, ease, moves

from .conftest import Ran
from .gameday_kit import play_on_seed, play_round
from .test_window_play import option_label
from .window import SIZES, MakeApp, click, press, texts, unreadable, wait

DAY = """\
title: Thursday drill
description: Two short incidents for two teams.
teams:
  - {name: blue, members: [Ana, Ben]}
  - {name: red, members: [Cleo]}
rounds:
  - scenario: canary-checkout
    seed: 7
    time_limit: 6m
    hints: forbidden
    injects:
      - {at: 2m, card: vp-on-the-bridge}
  - scenario: drifted-web-tier
    seed: 7
    time_limit: 6m
standing:
  combine: sum
  tie_breakers: [most-resolved, earliest-detection]
"""
"""Two rounds of six minutes: round 1 with no hints and the VP's call at 2:00."""

FULL = DAY.replace("    time_limit: 6m\n", "")
"""The same game-day at the scenarios' own time limits (for games played from the scripts)."""


def make_day(folder: Path, text: str) -> ProjectorDay:
    """A game-day file in ``folder``, run at the projector with its recordings and leaderboard there."""
    file = folder / "drill.yaml"
    file.write_text(text, encoding="utf-8")
    return ProjectorDay(load_gameday(file), file, folder / "drill-recordings", folder / "drill.leaderboard.sqlite3")


@pytest.fixture
def day(tmp_path: Path) -> ProjectorDay:
    """The short game-day, nothing played yet."""
    return make_day(tmp_path, DAY)


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> ProjectorDay:
    """The full game-day with every game played from the scripts and scored (red fixes by hand, blue properly)."""
    day = make_day(tmp_path_factory.mktemp("played"), FULL)
    scripts = {"blue": RIGHT, "red": CONSOLE}
    for turn in day.turns:
        planned = day.planned(turn)
        day.out.mkdir(parents=True, exist_ok=True)
        play_round(
            day.gameday, planned, turn.team, scripts[turn.team][planned.scenario.id], day.recording(turn), [turn.team]
        )
    day.settle()
    return day


def board_rows(day: ProjectorDay) -> dict[tuple[str, int], float]:
    """The leaderboard database's rows: each team's total per round."""
    with opened(day.gameday, day.board) as board:
        return {(r.score.team, r.score.round): r.score.total for r in board.results()}


def shown(app: App) -> str:
    """Everything the last frame drew, as one text (wrapped lines joined again)."""
    return " ".join(texts(app))


def play_out(app: App) -> None:
    """Let the game on screen run to its time limit."""
    while app.scene.name == "gameday-play":
        wait(app, 30)


# -- the whole day -----------------------------------------------------------------------------
def test_a_game_day_runs_from_the_lobby_to_the_podium_through_real_input(make_app: MakeApp, day: ProjectorDay) -> None:
    app = make_app("gameday-lobby", {"day": day})
    lobby = shown(app)
    for expected in ("Thursday drill", "Two short incidents for two teams.", "blue", "Ana, Ben", "red", "Cleo"):
        assert expected in texts(app), expected
    assert "Round 1 · The canary that sang too late" in lobby
    assert "seed 7 · 06:00 · hints forbidden · speed changes forbidden · 1 facilitator inject" in lobby
    assert "Points: the sum of the round totals. Ties broken by most-resolved, earliest-detection." in lobby

    click(app, "Start the game-day  [Enter]")
    assert app.scene.name == "gameday-turn"
    assert "Team blue, you're up" in texts(app) and "Ana, Ben" in texts(app)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "gameday-play"

    # blue: looks at the checkout function's logs, then ends the incident at 3:00
    click(app, "checkout-fn")
    press(app, pygame.K_a)
    click(app, option_label(app, "query_logs"))
    wait(app, 150)
    # the facilitator's console: F2 arms it, another key disarms it, F2 twice opens it
    press(app, pygame.K_F2)
    assert app.scene.name == "gameday-play" and any("press F2 again" in t for t in texts(app))
    press(app, pygame.K_i)
    assert app.scene.name == "gameday-play" and not any("press F2 again" in t for t in texts(app))
    press(app, pygame.K_F2)
    press(app, pygame.K_F2)
    assert app.scene.name == "gameday-console"
    console = shown(app)
    assert "Ground truth" in console and "checkout-errors" in console and "fault blind-alarm: silent_alarm" in console
    assert "vp-on-the-bridge · played at 02:00" in console  # the schedule's inject fired on time
    tick = app.stack[0].state.sim.tick
    wait(app, 20)
    assert app.stack[0].state.sim.tick == tick, "the game is frozen while the console is open"
    click(app, "Dana ships another checkout change in the middle of the incident")
    assert any("surprise-release · played at" in t for t in texts(app))
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "gameday-play"
    wait(app, 30)
    press(app, pygame.K_e)
    press(app, pygame.K_e)
    app.step(16, [])
    assert app.scene.name == "gameday-turn"
    blue_1 = board_rows(day)[("blue", 1)]
    assert f"Team blue scored {blue_1:.1f}" in shown(app) and "Team red, you're up" in texts(app)

    blue = read_recording(day.recording(Turn(1, "blue")))
    cards = [(t, c.card, c.by) for t, c, _ in blue.commands if isinstance(c, PlayCard)]
    assert cards == [(120, "vp-on-the-bridge", FACILITATOR), (tick, "surprise-release", FACILITATOR)]
    assert blue.header[CONSOLE_KEY] is True and blue.header["gameday"]["team"] == "blue"
    assert verify(blue, day.planned(1).scenario).ok, "the console's card replays"
    assert judge(day.gameday, day.recording(Turn(1, "blue"))).accepted

    # red waits round 1 out; the leaderboard follows the round's last team
    press(app, pygame.K_RETURN)
    play_out(app)
    assert app.scene.name == "gameday-leaderboard"
    wait(app, 2)
    rows = board_rows(day)
    standing = team_standings(day.gameday, day.results())
    board = shown(app)
    assert "Leaderboard after round 1 of 2" in board and f"R1 (par {day.par(1):.1f})" in board
    assert f"Par for round 1: {day.par(1):.1f}" in board
    names = [t for t in texts(app) if t in ("blue", "red")]
    order = sorted(names, key=lambda name: app.log.texts[texts(app).index(name)].rect.y)
    assert order == [line.team for line in standing]
    for team in ("blue", "red"):
        assert f"{rows[(team, 1)]:.1f}" in texts(app)

    # round 2: both teams play it out
    press(app, pygame.K_RETURN)
    assert "Team blue, you're up" in texts(app) and "Round 2 of 2" in texts(app)
    for _ in range(2):
        press(app, pygame.K_RETURN)
        play_out(app)
    assert app.scene.name == "gameday-leaderboard"
    wait(app, 2)
    assert "Leaderboard after round 2 of 2" in shown(app)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "gameday-podium"
    final = team_standings(day.gameday, day.results())
    podium = texts(app)
    for line in final:
        assert f"{line.points:.1f} points" in podium
        assert f"{line.rank}.  {line.team}" in podium
    assert any("warroom gameday report" in t and "drill.yaml" in t for t in podium)
    assert set(board_rows(day)) == {(t, n) for t in ("blue", "red") for n in (1, 2)}
    press(app, pygame.K_ESCAPE)
    assert not app.running


def test_the_leaderboard_command_shows_what_projector_mode_scored(
    played: ProjectorDay, cli: Callable[..., Ran]
) -> None:
    ran = cli("gameday", "leaderboard", str(played.file), "--db", str(played.board), "--csv")
    assert ran.code == 0
    lines = ran.out.splitlines()
    ranked = [line.split(",")[1] for line in lines[1:]]
    assert ranked == [line.team for line in played.standing()]
    assert len(lines) == 3


# -- quitting and resuming --------------------------------------------------------------------
def test_quitting_a_game_midway_keeps_it_and_the_lobby_resumes_it(make_app: MakeApp, day: ProjectorDay) -> None:
    app = make_app("gameday-lobby", {"day": day})
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    wait(app, 90)
    press(app, pygame.K_SPACE)
    assert "Back to the lobby  [Q]  (the game stays in its recording)" in texts(app)
    press(app, pygame.K_q)
    app.step(16, [])  # the pause closes, then the game hands over to the lobby
    assert app.scene.name == "gameday-lobby"
    assert any("stopped at 01:30" in t and "continues from there" in t for t in texts(app)), texts(app)
    assert read_recording(day.recording(Turn(1, "blue"))).end is None
    assert "Continue: round 1, team blue  [Enter]" in texts(app)
    press(app, pygame.K_RETURN)
    assert "Your game was stopped at 01:30: it continues from its recording." in texts(app)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "gameday-play" and app.scene.state.sim.tick == 90
    play_out(app)
    assert app.scene.name == "gameday-turn" and ("blue", 1) in board_rows(day)
    cards = [c.card for _, c, _ in read_recording(day.recording(Turn(1, "blue"))).commands if isinstance(c, PlayCard)]
    assert cards == ["vp-on-the-bridge"], "the scheduled inject was dealt once, after the resume"


def test_closing_the_window_midway_loses_nothing(make_app: MakeApp, day: ProjectorDay) -> None:
    app = make_app("gameday-lobby", {"day": day})
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    wait(app, 45)
    app.step(16, [pygame.event.Event(pygame.QUIT)])
    assert not app.running
    app.close()  # what App.run does when the loop ends
    again = make_app("gameday-lobby", {"day": day})
    assert "Continue: round 1, team blue  [Enter]" in texts(again)
    press(again, pygame.K_RETURN)
    assert "Your game was stopped at 00:45: it continues from its recording." in texts(again)


def test_the_lobby_shows_the_standing_so_far(make_app: MakeApp, played: ProjectorDay) -> None:
    app = make_app("gameday-lobby", {"day": played})
    assert "The podium  [Enter]" in texts(app)
    press(app, pygame.K_l)
    assert app.scene.name == "gameday-leaderboard" and "Leaderboard after round 2 of 2" in texts(app)
    for line in played.standing():
        assert f"{line.points:.1f}" in texts(app), "shown at once, without the motion"


def test_a_finished_game_the_window_did_not_score_is_scored_when_the_lobby_opens(
    make_app: MakeApp, played: ProjectorDay, tmp_path: Path
) -> None:
    fresh = make_day(tmp_path, FULL)
    fresh.out.mkdir()
    for turn in played.turns[:2]:
        fresh.recording(turn).write_bytes(played.recording(turn).read_bytes())
    app = make_app("gameday-lobby", {"day": fresh})
    assert set(board_rows(fresh)) == {("blue", 1), ("red", 1)}
    assert "Continue: round 2, team blue  [Enter]" in texts(app)
    assert any(t.startswith("Played: blue ") and " · red " in t for t in texts(app))


def test_a_game_that_is_not_accepted_is_said_and_never_overwritten(make_app: MakeApp, day: ProjectorDay) -> None:
    turn = day.turns[0]
    day.out.mkdir()
    path = play_on_seed(day.gameday, day.planned(turn), turn.team, [], day.recording(turn), seed=8)
    kept = path.read_bytes()
    app = make_app("gameday-lobby", {"day": day})
    assert any("was not accepted: played on seed 8; round 1 pins seed 7." in t for t in texts(app))
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "gameday-turn"
    assert any("holds a finished game" in t and "move it aside to play this game again" in t for t in texts(app))
    assert path.read_bytes() == kept


def test_an_output_folder_of_another_version_of_the_file_is_refused(played: ProjectorDay, tmp_path: Path) -> None:
    other = make_day(tmp_path, FULL.replace("Thursday drill", "Friday drill"))
    other.out.mkdir()
    turn = played.turns[0]
    other.recording(turn).write_bytes(played.recording(turn).read_bytes())
    with pytest.raises(
        Failure, match=r"recorded for another version of .*drill\.yaml; choose another folder with --out"
    ):
        other.check_folder()


# -- the leaderboard's motion ------------------------------------------------------------------
def test_rows_ease_to_their_new_places_while_the_points_count_up(played: ProjectorDay) -> None:
    before, after = played.standing(through=1), played.standing(through=2)
    moved = moves(before, after)
    assert [m.team for m in moved] == [line.team for line in after]
    for move in moved:
        assert move.position(0) == move.before and move.position(DURATION_MS) == move.after
        assert move.points(0) == next(line.points for line in before if line.team == move.team)
        assert move.points(DURATION_MS) == move.points_after
        halfway = move.points(DURATION_MS // 2)
        assert min(move.points_before, move.points_after) <= halfway <= max(move.points_before, move.points_after)
    assert ease(0) == 0 and ease(1) == 1 and ease(0.25) < 0.25 and ease(0.75) > 0.75
    assert ease(-1) == 0 and ease(2) == 1


def test_the_leaderboard_counts_the_points_up_on_screen(make_app: MakeApp, played: ProjectorDay) -> None:
    app = make_app("gameday-leaderboard", {"day": played, "round": 2, "animate": True})
    final = played.standing()
    leader = final[0]
    assert f"{leader.points:.1f}" not in texts(app), "the points start from the standing before the round"
    wait(app, 1)
    assert f"{leader.points:.1f}" in texts(app)
    assert "The podium  [Enter]" in texts(app)


# -- readability -------------------------------------------------------------------------------
SCREENS = {
    "lobby": lambda day: ("gameday-lobby", {"day": day}),
    "leaderboard": lambda day: ("gameday-leaderboard", {"day": day, "round": 2, "animate": False}),
    "podium": lambda day: ("gameday-podium", {"day": day}),
    "hand-over": lambda day: (
        "gameday-turn",
        {"day": day, "turn": day.turns[-1], "previous": "Team blue scored 90.0."},
    ),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_projector_screens_are_readable(
    make_app: MakeApp, played: ProjectorDay, screen: str, size: tuple[int, int]
) -> None:
    start, data = SCREENS[screen](played)
    app = make_app(start, data, size=size)
    wait(app, 2)
    assert unreadable(app) == []
    assert set(texts(app)) & {played.gameday.title, "The rule nobody used", "Team red, you're up"}


@pytest.mark.parametrize("size", SIZES)
def test_the_facilitator_console_is_readable(make_app: MakeApp, day: ProjectorDay, size: tuple[int, int]) -> None:
    turn = day.turns[0]
    session = day.open(turn)
    app = make_app(
        "gameday-play",
        {"day": day, "turn": turn, "session": session, "scenario": day.planned(turn).scenario},
        size=size,
    )
    wait(app, 150)
    press(app, pygame.K_F2)
    press(app, pygame.K_F2)
    press(app, pygame.K_1)
    assert app.scene.name == "gameday-console"
    assert unreadable(app) == []
    assert any(t.startswith("Played 'The VP joins the incident call") for t in texts(app))


# -- the judge and the command line ---------------------------------------------------------------
def test_a_card_fired_by_hand_counts_only_in_a_game_played_with_the_console(day: ProjectorDay, tmp_path: Path) -> None:
    turn = day.turns[0]
    planned = day.planned(turn)
    at_console = day.open(turn)
    elsewhere = RoundSession.begin(day.gameday, planned, "red", tmp_path / "red.jsonl")  # as 'play --gameday' begins it
    for session in (at_console, elsewhere):
        session.advance(200)
        session.fire("surprise-release")
        session.declare_over("Ana")
        session.close()
    assert judge(day.gameday, day.recording(turn)).accepted
    refused = judge(day.gameday, tmp_path / "red.jsonl")
    assert refused.reason == "a card 'surprise-release' was played at 03:20 that round 1 does not schedule"


def test_run_refuses_an_output_folder_of_another_version_and_says_so(
    played: ProjectorDay, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    other = make_day(tmp_path, FULL.replace("Thursday drill", "Friday drill"))
    other.out.mkdir()
    other.recording(played.turns[0]).write_bytes(played.recording(played.turns[0]).read_bytes())
    ran = cli("gameday", "run", str(other.file), "--out", str(other.out))
    assert ran.code == 1
    assert "recorded for another version of" in ran.err and "choose another folder with --out" in ran.err


def test_run_without_a_display_says_how_teams_can_play_instead(warroom: Callable[..., Ran], tmp_path: Path) -> None:
    file = tmp_path / "drill.yaml"
    file.write_text(DAY, encoding="utf-8")
    ran = warroom("gameday", "run", file, env={"SDL_VIDEODRIVER": "x11", "DISPLAY": "", "WAYLAND_DISPLAY": ""})
    assert ran.code == 1
    assert "projector mode needs a window: no display" in ran.err and "warroom play --gameday" in ran.err


def test_run_reports_a_broken_game_day_file_by_line(warroom: Callable[..., Ran], tmp_path: Path) -> None:
    file = tmp_path / "drill.yaml"
    file.write_text(DAY.replace("seed: 7\n    time_limit", "seed: -1\n    time_limit", 1), encoding="utf-8")
    ran = warroom("gameday", "run", file)
    assert ran.code == 1 and "drill.yaml:8:11: error: Input should be greater than or equal to 0" in ran.err
