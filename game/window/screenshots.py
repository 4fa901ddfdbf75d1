"""Screenshots of every scene, for the README: ``python -m warroom.game.window.screenshots [FOLDER [NAME…]]``.

Each scene is reached the way a player reaches it (a real game of the canary scenario is
played for the play, pause and debrief shots, and the debrief's recording is watched in the
replay viewer, alone and beside par; the profile shows a history of real games of a few
scenarios, played with all, part or none of their par plan; the two ``diagram-`` shots play
the render benchmark's 150-resource, six-stack, two-Region architecture, as it opens with its
stacks collapsed and with them all expanded), drawn headless at 1280×720
and saved as a PNG. ``make screenshots`` writes them to ``docs/screenshots``. Settings and user data go to a
temporary folder, so the player's own are never touched.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import yaml
from warroom.engine import LoadedScenario, ScenarioError, StartAction, read_recording, resolve, score
from warroom.engine.gameday import load_gameday
from warroom.engine.scenario.archfile import load_architecture
from warroom.engine.solver import play_plan
from warroom.engine.solver.par import stored_plan

from ..history import keep
from ..played import played_game
from . import gameday, scenes  # noqa: F401  (registers the scenes)
from .app import App, Launch
from .gameday.day import ProjectorDay
from .replay.state import Game
from .settings import Settings

SIZE = (1280, 720)
GAMEDAY = """\
title: Friday incident game-day
description: Two incidents, four teams, one facilitator at the projector.
teams:
  - {name: Blue Whales, members: [Ana, Ben, Chloe]}
  - {name: Red Pandas, members: [Dev, Eli]}
  - {name: Green Geckos, members: [Fay, Gus, Hana]}
  - {name: Gold Finches, members: [Ivo, Jun]}
rounds:
  - scenario: canary-checkout
    seed: 7
    hints: forbidden
    injects:
      - {at: 10m, card: vp-on-the-bridge}
  - scenario: drifted-web-tier
    seed: 7
"""
"""The game-day of the projector shots."""
SHARES = {"Blue Whales": (1.0, 0.5), "Red Pandas": (0.5, 1.0), "Green Geckos": (0.0, 1.0), "Gold Finches": (0.75, 0.0)}
"""The share of each round's par plan each team of :data:`GAMEDAY` makes."""
HISTORY = (
    ("bucket-goes-public", 1.0),
    ("logs-go-dark", 1.0),
    ("rds-failover", 0.5),
    ("canary-checkout", 0.0),
    ("leaked-key", 0.5),
    ("kms-lockout", 0.0),
)
"""The profile's history: scenario, and the share of its par plan the player made."""
RENDER_BENCH = Path(__file__).resolve().parents[2] / "bench" / "render.py"
ESTATE_SIZE = 150


def _key(app: App, key: int) -> None:
    app.step(16, [pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="")])
    app.step(16, [])


def _click(app: App, label: str) -> None:
    spot = app.log.find(label)
    if spot is None:
        raise SystemExit(f"screenshots: nothing labelled {label!r} to click")
    app.step(16, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=spot.rect.center, button=1)])
    app.step(16, [])


def _wait(app: App, seconds: int) -> None:
    for _ in range(seconds):
        app.step(1000, [])


def _play(app: App) -> None:
    """A game of the canary scenario: the bad release lands, the team investigates."""
    _wait(app, 560)
    _click(app, "checkout-dg")
    _key(app, pygame.K_a)
    _click(app, "describe_deployment")
    _wait(app, 40)
    _click(app, "checkout-fn")
    _key(app, pygame.K_a)
    _click(app, "query_logs")
    _wait(app, 70)
    _key(app, pygame.K_i)


def _debrief(app: App) -> None:
    _play(app)
    _key(app, pygame.K_e)
    _key(app, pygame.K_e)


def _broken(home: Path) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp())
    bad = folder / "my-incident.yaml"
    bad.write_text("id: my-incident\ntitle: Mine\nsumary: a typo\ndifficulty: hard\n", encoding="utf-8")
    try:
        resolve(str(bad))
    except ScenarioError as exc:
        return {"problems": exc.problems, "back": "picker"}
    raise SystemExit("screenshots: the broken scenario loaded")


def _history(home: Path) -> dict[str, object]:
    """Keep a game of each :data:`HISTORY` scenario, seed 7, played with its share of the par plan."""
    for scenario_id, share in HISTORY:
        scenario = resolve(scenario_id)
        variant = scenario.model.pick_variant(7)
        plan = stored_plan(scenario, variant) or []
        sim = play_plan(scenario, 7, plan[: round(len(plan) * share)], variant)
        card = score(sim.model, sim.log)
        keep(
            played_game(sim, card, player="sam", autopilot=False, front_end="window", recording=None, wall_seconds=None)
        )
    return {"back": "title"}


def _canary(home: Path) -> dict[str, object]:
    return {"scenario": resolve("canary-checkout"), "reference": "canary-checkout", "seed": 7}


def _nothing(home: Path) -> dict[str, object]:
    return {}


@cache
def estate() -> LoadedScenario:
    """The render benchmark's large architecture (``bench/render.py``, in a source checkout):
    150 resources in six CloudFormation stacks over two Regions. The grouping tests draw it too."""
    if not RENDER_BENCH.is_file():
        raise SystemExit(f"screenshots: {RENDER_BENCH} is missing (the diagram shots need a source checkout)")
    spec = importlib.util.spec_from_file_location("warroom_render_bench", RENDER_BENCH)
    assert spec is not None and spec.loader is not None
    bench: ModuleType = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(bench)
    return bench.generator.load(bench.two_regions(ESTATE_SIZE)).scenario


def _estate(home: Path) -> dict[str, object]:
    scenario = estate()
    return {"scenario": scenario, "reference": scenario.id, "seed": 7}


def _estate_file(home: Path) -> dict[str, object]:
    """The same estate written as an architecture file, as 'warroom show' opens one."""
    path = home / "estate.yaml"
    data = estate().model.architecture.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return {"architecture": load_architecture(path, "estate.yaml")}


def _inspect(app: App) -> None:
    """One stack opened and its API selected: its stack, configuration and edges in the panel."""
    _click(app, "us-east-1/svc0001-stack")
    _click(app, "svc0001-api")


def _recorded(home: Path) -> dict[str, object]:
    """The game the debrief shot played (it declared the incident over too early), to watch."""
    scenario = resolve("canary-checkout")
    return {"scenario": scenario, "games": [Game.of(read_recording(home / "debrief.jsonl"), scenario)]}


def _watch(app: App) -> None:
    """Back to the moment the logs came back, with the truth shown and the checkout function selected."""
    app.scene.seek(660)
    _key(app, pygame.K_t)
    _click(app, "checkout-fn")


def _compare(app: App) -> None:
    """The same moment beside par, the checkout function selected: what each team knew of it."""
    app.scene.seek(660)
    _click(app, "checkout-fn")
    _key(app, pygame.K_c)


def _new_day(home: Path) -> ProjectorDay:
    """The screenshots' game-day, with nothing played yet (named as a facilitator in its folder types it)."""
    home.mkdir(parents=True, exist_ok=True)
    file = home / "friday.yaml"
    file.write_text(GAMEDAY, encoding="utf-8")
    loaded = load_gameday(file)
    return ProjectorDay(loaded, Path(file.name), home / "friday-recordings", home / "friday.leaderboard.sqlite3")


def _played_day(home: Path) -> ProjectorDay:
    """The game-day with every team's games played (each its :data:`SHARES` of par's plan) and scored."""
    day = _new_day(home)
    for turn in day.turns:
        if day.recording(turn).exists():
            continue
        planned = day.planned(turn)
        plan = stored_plan(planned.scenario, planned.variant) or []
        session = day.open(turn)
        for step in plan[: round(len(plan) * SHARES[turn.team][turn.round - 1])]:
            session.advance(step.tick - session.sim.tick)
            if session.sim.ended:
                break
            if step.move is None:
                session.declare_over(turn.team)
            else:
                session.submit(StartAction(step.move.action, step.move.target, dict(step.move.params), by=turn.team))
        session.advance(session.sim.duration)
        session.close()
    day.settle()
    return day


def _lobby(home: Path) -> dict[str, object]:
    return {"day": _new_day(home)}


def _standing(home: Path) -> dict[str, object]:
    return {"day": _played_day(home), "round": 2, "animate": True}


def _final(home: Path) -> dict[str, object]:
    return {"day": _played_day(home)}


def _round(home: Path) -> dict[str, object]:
    """Team Blue's game of round 1, freshly begun in a folder of its own."""
    day = _new_day(home / "console")
    turn = day.turns[0]
    return {"day": day, "turn": turn, "session": day.open(turn), "scenario": day.planned(turn).scenario}


def _console(app: App) -> None:
    """The facilitator opens the console after the VP's call and plays Dana's surprise release."""
    _wait(app, 640)
    _key(app, pygame.K_F2)
    _key(app, pygame.K_F2)
    _key(app, pygame.K_2)


SHOTS: dict[str, tuple[str, Callable[[Path], dict[str, object]], Callable[[App], None]]] = {
    "title": ("title", _nothing, lambda app: None),
    "picker": ("picker", _nothing, lambda app: None),
    "briefing": ("briefing", _canary, lambda app: None),
    "play": ("play", _canary, _play),
    "pause": ("play", _canary, lambda app: (_play(app), _key(app, pygame.K_SPACE))),
    "settings": ("title", _nothing, lambda app: _key(app, pygame.K_s)),
    "debrief": ("play", _canary, _debrief),
    "profile": ("profile", _history, lambda app: None),
    "replay": ("replay", _recorded, _watch),
    "replay-compare": ("replay", _recorded, _compare),
    "error": ("error", _broken, lambda app: None),
    "diagram-collapsed": ("play", _estate, lambda app: _wait(app, 120)),
    "diagram-expanded": ("play", _estate, lambda app: (_wait(app, 120), _key(app, pygame.K_g))),
    "architecture": ("architecture", _estate_file, _inspect),
    "gameday-lobby": ("gameday-lobby", _lobby, lambda app: None),
    "gameday-console": ("gameday-play", _round, _console),
    "gameday-leaderboard": ("gameday-leaderboard", _standing, lambda app: _wait(app, 2)),
    "gameday-podium": ("gameday-podium", _final, lambda app: None),
}


def take(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Draw every scene (or those ``names``) and save it under ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_DATA_HOME"] = str(Path(home) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(home) / "config")
        for name, (start, data, reach) in SHOTS.items():
            if names and name not in names:
                continue
            app = App(
                start,
                data(Path(home)),
                size=SIZE,
                settings=Settings(sound=False),
                settings_file=Path(home) / "s.json",
                launch=Launch(seed=7, record=Path(home) / f"{name}.jsonl"),
            )
            app.step(16, [])
            reach(app)
            app.step(16, [])
            path = folder / f"{name}.png"
            app.screenshot(path)
            app.close()
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """Write the screenshots (default folder: docs/screenshots; names after it: only those shots)."""
    args = sys.argv[1:] if argv is None else argv
    for path in take(Path(args[0] if args else "docs/screenshots"), args[1:]):
        print(path)


if __name__ == "__main__":
    main()
