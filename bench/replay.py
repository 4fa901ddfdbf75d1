"""Replay seeking: how long a recorded 30-minute game takes to open and to scrub end to end.

A game of a bundled scenario (default ``canary-checkout``: a 30-minute clock) is recorded
through a real :class:`Session` playing the scenario's par plan, moves, declaration and
run-out to the time limit included. Then, per run:

* **open** — read the recording, load its scenario and build the :class:`Timeline`
  (one replay of the whole game, a pickled checkpoint every 60 ticks), with the final score
  and the markers the viewer draws;
* **scrub** — seek from the start to the end in steps of ``--step`` seconds (a drag across
  the scrubber), taking the player's snapshot at every stop (what the screen draws);
* **back** — the same from the end to the start (each stop restores a checkpoint);
* **window** — the same in the real viewer with SDL's dummy video driver at 1280×720: open
  the replay scene, then drag across the track one frame (``App.step(16)``) per stop.

It prints the median of several runs of each and never asserts a timing. The project's
goal: open and scrub end to end in under 1 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pygame
from warroom.engine import DeclareResolved, Session, Timeline, read_recording, resolve, score, snapshot
from warroom.engine.solver.par import PAR_SEED, stored_plan
from warroom.game.window import scenes  # noqa: F401  (registers the scenes)
from warroom.game.window.app import App
from warroom.game.window.replay.state import Game
from warroom.game.window.settings import Settings

import engine as generator


def record_game(scenario_id: str, path: Path) -> None:
    """Record the scenario's par plan played through a session, to the time limit."""
    scenario = resolve(scenario_id)
    session = Session.start(scenario, PAR_SEED, path, scenario_id, {"player": "bench"})
    for step in stored_plan(scenario, session.sim.variant) or []:
        session.advance(step.tick - session.sim.tick)
        if session.sim.ended:
            break
        session.submit(step.move.command() if step.move else DeclareResolved(by="bench"))
    session.advance(session.sim.duration)
    session.close()


def stops(end: int, step: int) -> list[int]:
    """The ticks a scrub from end to end visits."""
    return list(range(0, end + 1, step))


def engine_run(path: Path, step: int) -> tuple[float, float, float, int]:
    """Seconds to open, to scrub forward and to scrub back; the game's length in ticks."""
    start = time.perf_counter()
    recording = read_recording(path)
    scenario = resolve(str(recording.header["scenario"]))
    timeline = Timeline(recording, scenario)
    score(timeline.final.model, timeline.final.log)
    times = [time.perf_counter()]
    for ticks in (stops(timeline.end, step), stops(timeline.end, step)[::-1]):
        for tick in ticks:
            snapshot(timeline.at(tick))
        times.append(time.perf_counter())
    return times[0] - start, times[1] - times[0], times[2] - times[1], timeline.end


def window_run(path: Path, step: int, folder: Path) -> float:
    """Seconds to open the viewer and drag across its whole track, a frame per stop."""
    start = time.perf_counter()
    recording = read_recording(path)
    scenario = resolve(str(recording.header["scenario"]))
    app = App(
        "replay",
        {"scenario": scenario, "games": [Game.of(recording, scenario)]},
        settings=Settings(sound=False),
        settings_file=folder / "settings.json",
    )
    app.step(16, [])
    track = app.log.notes["replay_track"]
    y = track.rect.bottom - 1
    app.step(16, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(track.rect.x, y), button=1)])
    for tick in stops(track.horizon, step):
        motion = pygame.event.Event(pygame.MOUSEMOTION, pos=(track.x(tick), y), rel=(0, 0), buttons=(1, 0, 0))
        app.step(16, [motion])
    app.step(16, [pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(track.rect.x, y), button=1)])
    elapsed = time.perf_counter() - start
    app.close()
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="canary-checkout", help="a bundled scenario with a stored par")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--step", type=int, default=10, help="seconds between the stops of a scrub")
    args = parser.parse_args(argv)
    print(f"warroom replay benchmark: open and scrub a recorded game\nmachine:  {generator.machine()}")
    print(f"engine:   {generator.revision()}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        path = folder / "game.jsonl"
        record_game(args.scenario, path)
        runs = [engine_run(path, args.step) for _ in range(args.runs)]
        end = runs[0][3]
        count = len(stops(end, args.step))
        print(
            f"game:     {args.scenario}, {end // 60} minutes ({end} ticks); a scrub = {count} stops, "
            f"every {args.step} s\nmethod:   median of {args.runs} runs\n"
        )
        rows = {
            "open (timeline + score)": [r[0] for r in runs],
            "scrub to the end": [r[1] for r in runs],
            "scrub back to the start": [r[2] for r in runs],
            "open + scrub to the end": [r[0] + r[1] for r in runs],
        }
        print(f"{'':<28}{'median':>10}")
        for label, seconds in rows.items():
            print(f"{label:<28}{statistics.median(seconds) * 1000:>7.0f} ms")
        window = statistics.median(window_run(path, args.step, folder) for _ in range(args.runs))
        print(f"{'window: open + drag':<28}{window * 1000:>7.0f} ms  (replay scene, a frame per stop)")


if __name__ == "__main__":
    main()
