"""The replay viewer, driven headless with real key presses, clicks and drags: scrubbing shows
exactly what the player saw, the truth only when asked, forking takes over and records a new
game, and comparing shows two games on one timeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame
import pytest
from warroom.engine import (
    DeclareResolved,
    LoadedScenario,
    Recording,
    Session,
    format_clock,
    read_recording,
    replay,
    resolve,
    snapshot,
    verify,
)
from warroom.engine.planned import par_recording
from warroom.game.window.app import App
from warroom.game.window.replay.state import SPEEDS, Game
from warroom.game.window.scenes.replay import READ_ONLY

from .window import SCALES, SIZES, MakeApp, click, press, texts, unreadable, wait

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "canary-checkout-right.jsonl"
DURATION = 1800
DURING = 700  # the bad release is out, the team is investigating


@pytest.fixture(scope="module")
def canary() -> LoadedScenario:
    return resolve("canary-checkout")


@pytest.fixture(scope="module")
def recording() -> Recording:
    return read_recording(GOLDEN)


@pytest.fixture
def viewer(make_app: MakeApp, canary: LoadedScenario, recording: Recording, tmp_path: Path) -> App:
    """The viewer on the canary game's golden recording; a fork records to tmp_path/fork.jsonl."""
    return make_app(
        "replay", {"scenario": canary, "games": [Game.of(recording, canary)]}, record=tmp_path / "fork.jsonl"
    )


def seen_then(recording: Recording, scenario: LoadedScenario, tick: int) -> Any:
    """The player's snapshot at ``tick``, from an independent replay."""
    return snapshot(replay(recording, scenario, until=tick).sim)


def shown(app: App) -> Any:
    return app.scene.state.snapshot()


def drag_on_track(app: App, xs: list[int]) -> None:
    """Press on the scrubber's track at the first x, move through the others, release."""
    track = app.log.notes["replay_track"]
    y = track.rect.bottom - 1  # the lowest lane's bottom edge: no marker's hotspot reaches it
    assert app.log.hit((xs[0], y)) is None
    app.step(16, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(xs[0], y), button=1)])
    for x in xs[1:]:
        app.step(16, [pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(1, 0, 0))])
    app.step(16, [pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(xs[-1], y), button=1)])
    app.step(16, [])


# -- scrubbing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("share", [0.05, 0.39, 0.5, 0.8])
def test_dragging_the_scrubber_shows_what_the_player_saw_at_that_tick(
    viewer: App, canary: LoadedScenario, recording: Recording, share: float
) -> None:
    track = viewer.log.notes["replay_track"]
    target = track.rect.x + int(track.rect.width * share)
    drag_on_track(viewer, [track.rect.right - 2, track.rect.x + 3, target])
    tick = track.tick_at(target)
    assert viewer.scene.state.tick == tick and 0 < tick < DURATION
    assert shown(viewer) == seen_then(recording, canary, tick)
    assert f"{format_clock(tick)} / {format_clock(DURATION)}" in texts(viewer)


def test_keys_step_through_time_and_every_moment_matches_the_engine(
    viewer: App, canary: LoadedScenario, recording: Recording
) -> None:
    press(viewer, pygame.K_END)
    assert viewer.scene.state.tick == DURATION
    press(viewer, pygame.K_HOME)
    visited = []
    for key in (pygame.K_PERIOD, pygame.K_PERIOD, pygame.K_RIGHT, pygame.K_COMMA, pygame.K_LEFT):
        press(viewer, key)
        visited.append(viewer.scene.state.tick)
    moments = [t for t in viewer.scene.state.moments() if t > 0]
    assert visited[:3] == [moments[0], moments[1], moments[1] + 10]
    assert visited[3] == moments[1] and visited[4] == moments[1] - 10
    for tick in visited:
        viewer.scene.seek(tick)
        assert shown(viewer) == seen_then(recording, canary, tick)


def test_clicking_a_marker_jumps_to_its_moment(viewer: App, recording: Recording) -> None:
    first_action = next(t for t, c, _ in recording.commands if getattr(c, "action", "") == "describe_deployment")
    label = next(s.label for s in viewer.log.hotspots if s.action == "moment" and s.payload == first_action)
    click(viewer, label)
    assert viewer.scene.state.tick == first_action


def test_playing_moves_at_the_chosen_speed_up_to_32x_and_stops_at_the_end(viewer: App) -> None:
    press(viewer, pygame.K_SPACE)
    assert "Pause [Space]" in texts(viewer)
    start = viewer.scene.state.tick
    wait(viewer, 3)
    assert viewer.scene.state.tick == start + 3
    for _ in range(10):
        press(viewer, pygame.K_PLUS)
    assert viewer.scene.state.speed == SPEEDS[-1] == 32
    before = viewer.scene.state.tick
    wait(viewer, 2)
    assert viewer.scene.state.tick == before + 64
    wait(viewer, 60)
    assert viewer.scene.state.tick == DURATION and not viewer.scene.state.playing
    assert "Play [Space]" in texts(viewer)


# -- read-only, and the truth -------------------------------------------------------------------
def test_nothing_can_be_done_in_a_replay(viewer: App) -> None:
    viewer.scene.seek(DURING)
    press(viewer, pygame.K_a)
    assert READ_ONLY in texts(viewer)
    assert not [s for s in viewer.log.hotspots if s.action in ("choose", "cancel")]
    press(viewer, pygame.K_1)
    assert viewer.scene.state.tick == DURING and viewer.scene.name == "replay"


def test_the_truth_shows_only_when_asked_for(viewer: App) -> None:
    viewer.scene.seek(DURING)
    click(viewer, "checkout-fn")
    assert not [t for t in texts(viewer) if t.startswith("TRUTH")]
    press(viewer, pygame.K_t)
    assert "Truth on [T]" in texts(viewer)
    truth = [t for t in texts(viewer) if t.startswith("TRUTH")]
    assert truth and "of its work succeeds" in truth[0]
    assert any("version 42" in t for t in texts(viewer))  # why it really failed
    press(viewer, pygame.K_t)
    assert not [t for t in texts(viewer) if t.startswith("TRUTH")]


# -- fork from here -----------------------------------------------------------------------------
def test_fork_from_here_takes_over_and_records_a_game_that_verifies_and_names_its_parent(
    viewer: App, canary: LoadedScenario, recording: Recording, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    viewer.scene.seek(DURING)
    click(viewer, "Fork from here [K]")
    viewer.step(16, [])
    assert viewer.scene.name == "play"
    assert viewer.scene.state.sim.digest() == replay(recording, canary, until=DURING).sim.digest()
    click(viewer, "checkout-fn")  # a different move: look at the logs
    press(viewer, pygame.K_a)
    click(viewer, "query_logs")
    wait(viewer, 5)
    press(viewer, pygame.K_e)
    press(viewer, pygame.K_e)
    viewer.step(16, [])
    assert viewer.scene.name == "debrief"
    fork = read_recording(tmp_path / "fork.jsonl")
    assert fork.header["parent"] == {"file": str(GOLDEN.resolve()), "tick": DURING}
    moves = [(t, c.to_json()) for t, c, _ in fork.commands]
    kept = [(t, c.to_json()) for t, c, _ in recording.commands if t <= DURING]
    assert moves[: len(kept)] == kept
    assert [c.get("action") for _, c in moves[len(kept) :]] == ["query_logs", None]  # then declared over
    assert verify(fork, canary).ok
    ran = cli("replay", "--verify", str(tmp_path / "fork.jsonl"))
    assert ran.code == 0 and "verified" in ran.out


def test_a_fork_after_the_incident_was_declared_over_is_refused_on_screen(viewer: App, tmp_path: Path) -> None:
    press(viewer, pygame.K_END)
    press(viewer, pygame.K_k)
    assert viewer.scene.name == "replay"
    assert any("the game was over" in t for t in texts(viewer))
    assert not (tmp_path / "fork.jsonl").exists()


# -- compare ------------------------------------------------------------------------------------
def test_compare_with_par_shows_both_games_at_the_same_moment(
    viewer: App, canary: LoadedScenario, recording: Recording
) -> None:
    viewer.scene.seek(DURING)
    press(viewer, pygame.K_c)
    assert [s.game.name for s in viewer.scene.states] == [recording.name, "par"]
    shown_texts = " ".join(texts(viewer))
    assert f"Replay: {recording.name}" in shown_texts and "Replay: par" in shown_texts
    par = par_recording(canary, int(recording.header["seed"]), None)
    assert par is not None
    mine, theirs = (state.snapshot() for state in viewer.scene.states)
    assert mine == seen_then(recording, canary, DURING)
    assert theirs == snapshot(Game.of(par, canary).timeline.at(DURING))
    assert {s.label.split(":")[0] for s in viewer.log.hotspots if s.action == "moment"} == {recording.name, "par"}
    press(viewer, pygame.K_c)
    assert len(viewer.scene.states) == 1


def test_two_recordings_compare_on_one_timeline(make_app: MakeApp, canary: LoadedScenario, tmp_path: Path) -> None:
    parent = read_recording(GOLDEN)
    session = Session.fork(canary, parent, 400, tmp_path / "b.jsonl", {"player": "teammate"})
    session.submit(DeclareResolved(by="teammate"))
    games = [Game.of(parent, canary), Game.of(read_recording(tmp_path / "b.jsonl"), canary)]
    app = make_app("replay", {"scenario": canary, "games": games})
    press(app, pygame.K_END)
    assert [state.tick for state in app.scene.states] == [DURATION, DURATION]
    assert "Replay: teammate — The canary that sang too late" in texts(app)


# -- what a player sees -------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("keys", [(), (pygame.K_t,), (pygame.K_t, pygame.K_c)], ids=["plain", "truth", "compare"])
def test_every_replay_screen_is_readable(
    make_app: MakeApp, canary: LoadedScenario, recording: Recording, size: Any, scale: float, keys: Any
) -> None:
    app = make_app("replay", {"scenario": canary, "games": [Game.of(recording, canary)]}, size=size, scale=scale)
    app.scene.seek(DURING)
    click(app, "checkout-fn")
    for key in keys:
        press(app, key)
    assert unreadable(app) == []
