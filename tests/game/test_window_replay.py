"""The replay viewer, driven headless with real key presses, clicks and drags: scrubbing shows
exactly what the player saw, the truth only when asked, forking (the game watched or par's
plan) takes over and records a new game, comparing shows two games on one timeline with
cameras that move together and one selection whose panels say what each team saw, and
playing forward sounds the play screen's cues while seeking stays silent."""

from __future__ import annotations

import dataclasses
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
from warroom.engine.solver.par import par_location
from warroom.game.window.app import App
from warroom.game.window.replay.state import SPEEDS, Game
from warroom.game.window.scenes.replay import READ_ONLY
from warroom.game.window.sound import CUES, Sounds

from .window import SCALES, SIZES, MakeApp, click, press, texts, unreadable, wait, wheel

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
def fork_mine(app: App, canary: LoadedScenario, recording: Recording) -> tuple[Recording, str]:
    """Fork the game watched; the parent and the file its fork must name."""
    click(app, "Fork from here [K]")
    return recording, str(GOLDEN.resolve())


def fork_pars(app: App, canary: LoadedScenario, recording: Recording) -> tuple[Recording, str]:
    """Put par beside the game, focus par's side and fork it; the parent and the file its fork must name."""
    press(app, pygame.K_c)
    press(app, pygame.K_s)
    assert "Fork par [K]" in texts(app)
    press(app, pygame.K_k)
    par = par_recording(canary, int(recording.header["seed"]), None)
    assert par is not None
    return par, str(Path(str(par_location(canary))).resolve())


@pytest.mark.parametrize("fork", [fork_mine, fork_pars], ids=["mine", "par"])
def test_fork_from_here_takes_over_and_records_a_game_that_verifies_and_names_its_parent(
    viewer: App,
    canary: LoadedScenario,
    recording: Recording,
    tmp_path: Path,
    cli: Callable[..., Any],
    fork: Callable[[App, LoadedScenario, Recording], tuple[Recording, str]],
) -> None:
    viewer.scene.seek(DURING)
    parent, parent_file = fork(viewer, canary, recording)
    viewer.step(16, [])
    assert viewer.scene.name == "play"
    assert viewer.scene.state.sim.digest() == Game.of(parent, canary).timeline.at(DURING).digest()
    click(viewer, "checkout-fn")  # a different move: look at the logs (neither game did then)
    press(viewer, pygame.K_a)
    click(viewer, "query_logs")
    wait(viewer, 5)
    press(viewer, pygame.K_e)
    press(viewer, pygame.K_e)
    viewer.step(16, [])
    assert viewer.scene.name == "debrief"
    forked = read_recording(tmp_path / "fork.jsonl")
    assert forked.header["parent"] == {"file": parent_file, "tick": DURING}
    moves = [(t, c.to_json()) for t, c, _ in forked.commands]
    kept = [(t, c.to_json()) for t, c, _ in parent.commands if t <= DURING]
    assert kept and moves[: len(kept)] == kept
    assert [c.get("action") for _, c in moves[len(kept) :]] == ["query_logs", None]  # then declared over
    assert verify(forked, canary).ok
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
    assert "par started pipeline_revert shop-pipeline" in shown_texts  # par's moves are par's, not "player"'s
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


# -- compare: cameras, the shared selection and its panels ---------------------------------------
@pytest.fixture
def compared(viewer: App) -> App:
    """The canary game beside par, at the moment the team is investigating."""
    viewer.scene.seek(DURING)
    press(viewer, pygame.K_c)
    return viewer


def cameras(app: App) -> list[tuple[float, tuple[float, float]]]:
    return [(side.view.scale, side.view.origin) for side in app.scene.sides]


def test_compared_diagrams_pan_zoom_and_fit_together(compared: App) -> None:
    fitted = cameras(compared)
    left, right = (side.diagram for side in compared.scene.sides)
    assert left.size == right.size and fitted[0] == fitted[1]
    wheel(compared, (right.centerx, right.centery), -2)  # zoom in on par's side
    zoomed = cameras(compared)
    assert zoomed[0] == zoomed[1] and zoomed[0][0] > fitted[0][0]
    start = (right.x + 5, right.bottom - 5)  # a corner no resource sits in
    assert compared.log.hit(start) is None
    compared.step(16, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1)])
    compared.step(16, [pygame.event.Event(pygame.MOUSEMOTION, pos=(start[0] + 40, start[1] - 30), rel=(0, 0))])
    compared.step(16, [pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(start[0] + 40, start[1] - 30), button=1)])
    panned = cameras(compared)
    assert panned[0] == panned[1]
    assert panned[0][1] == pytest.approx((zoomed[0][1][0] + 40, zoomed[0][1][1] - 30))
    press(compared, pygame.K_f)
    assert cameras(compared) == fitted
    assert compared.scene.state.tick == DURING  # the camera never moved the cursor


def panel_texts(app: App, side: int) -> list[str]:
    area = app.scene.sides[side].panel
    return [t.text for t in app.log.texts if area.contains(t.rect)]


def test_a_resource_selected_on_either_side_shows_what_each_team_saw_of_it(compared: App) -> None:
    compared.scene.seek(DURING + 60)
    sides = compared.scene.sides
    spot = next(s for s in compared.log.hotspots if s.label == "checkout-dg" and sides[1].diagram.contains(s.rect))
    compared.step(16, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=spot.rect.center, button=1)])
    compared.step(16, [])
    assert compared.scene.selected == "checkout-dg" and compared.scene.focus == 1  # a click focuses its side
    mine, pars = panel_texts(compared, 0), panel_texts(compared, 1)
    assert mine[0] == pars[0] == "checkout deployment group"  # the same resource on both sides
    assert any("describe_deployment: Latest deployment in checkout-dg" in t for t in mine)  # the player looked ...
    assert "Nothing known yet: investigate." in pars  # ... par went straight for the pipeline
    click(compared, "checkout-fn")
    mine, pars = panel_texts(compared, 0), panel_texts(compared, 1)
    metrics = [t for t in mine if t.startswith("Invocations")]
    assert mine[0] == pars[0] == "checkout" and metrics
    assert unreadable(compared) == []  # the diagrams' badges included, at the compared size
    wheel(compared, sides[0].feed.center, 3)  # each side's feed (and panel) scrolls on its own
    assert sides[0].scrolls["feed"] == 3 and sides[1].scrolls["feed"] == 0


# -- sound --------------------------------------------------------------------------------------
class Speaker:
    """A stand-in for a loaded pygame sound: playing it writes the cue down."""

    def __init__(self, cue: str, heard: list[str]) -> None:
        self.cue, self.heard = cue, heard

    def play(self) -> None:
        self.heard.append(self.cue)


class HeardSounds(Sounds):
    """The window's sound player with every cue loaded as a :class:`Speaker`."""

    def __init__(self, *, enabled: bool) -> None:
        super().__init__(enabled=enabled)
        self.heard: list[str] = []

    def _load(self) -> dict[str, Any]:
        return {cue: Speaker(cue, self.heard) for cue in CUES}


@pytest.fixture
def heard(viewer: App) -> list[str]:
    viewer.sounds = HeardSounds(enabled=viewer.settings.sound)
    return viewer.sounds.heard  # type: ignore[attr-defined]


PLAY_CUES = {"MessageReceived": "message", "TicketOpened": "message", "ActionCompleted": "done"}


def cues_by_tick(recording: Recording, scenario: LoadedScenario, upto: int) -> dict[int, list[str]]:
    """The cues the play screen sounded at each tick up to ``upto``, each kind once a tick, from an
    independent replay (a frame of one tick sounds each kind once)."""
    cued: dict[int, list[str]] = {}
    for event in replay(recording, scenario, until=upto).sim.log:
        alarm = type(event).__name__ == "AlarmStateChanged" and getattr(event, "new", None) == "ALARM"
        cue = "alarm" if alarm else PLAY_CUES.get(type(event).__name__)
        if cue and cue not in cued.setdefault(event.tick, []):
            cued[event.tick].append(cue)
    return cued


def test_playing_forward_sounds_the_play_screens_cues(
    viewer: App, heard: list[str], canary: LoadedScenario, recording: Recording
) -> None:
    viewer.scene.seek(500)
    press(viewer, pygame.K_SPACE)
    wait(viewer, 260)  # one tick a frame at 1×: each event sounds as it did in the game
    assert viewer.scene.state.tick == 760
    by_tick = cues_by_tick(recording, canary, 760)
    expected = [cue for tick in range(501, 761) for cue in by_tick.get(tick, [])]
    assert {"message", "done", "alarm"} <= set(expected)
    assert heard == expected


def test_scrubbing_and_jumping_are_silent_and_playing_on_sounds_only_what_comes_next(
    viewer: App, heard: list[str]
) -> None:
    press(viewer, pygame.K_END)
    press(viewer, pygame.K_HOME)
    for key in (pygame.K_PERIOD,) * 6 + (pygame.K_RIGHT, pygame.K_COMMA, pygame.K_LEFT):
        press(viewer, key)
    track = viewer.log.notes["replay_track"]
    drag_on_track(viewer, [track.rect.right - 2, track.rect.x + 3, track.x(699)])
    assert heard == []
    press(viewer, pygame.K_SPACE)
    wait(viewer, 1)  # 699 → 700: a message and an action done, once each
    assert heard == ["message", "done"]


def test_the_run_out_after_the_declaration_is_silent_and_sound_off_is_silent(viewer: App, heard: list[str]) -> None:
    ended = viewer.scene.state.game.ended_at
    viewer.scene.seek(ended)
    press(viewer, pygame.K_SPACE)
    wait(viewer, DURATION - ended)
    assert viewer.scene.state.tick == DURATION and heard == []
    viewer.apply_settings(dataclasses.replace(viewer.settings, sound=False))
    viewer.scene.seek(500)
    press(viewer, pygame.K_SPACE)
    wait(viewer, 260)
    assert heard == []
