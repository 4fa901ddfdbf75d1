"""Open the window for ``warroom play`` (at the title, at a scenario's briefing, or resuming a
game) or for ``warroom replay`` (the replay viewer, on one game or two compared).

A scenario that cannot be loaded opens on the error screen (``file:line:col``), not a crash.
"""

from __future__ import annotations

from pathlib import Path

from warroom.engine import LoadedScenario, Recording, ScenarioError, resolve

from ..sessions import reference_for, resume
from . import scenes  # noqa: F401  (registers the scenes)
from .app import App, Launch
from .replay.state import Game


def play_in_window(
    reference: str | None,
    seed: int,
    record: str | None,
    player: str,
    resume_path: str | None,
    variant: str | None = None,
    *,
    autopilot: bool = False,
    roster: tuple[str, ...] = (),
) -> int:
    """Run the window until it is closed; the exit code for the command line."""
    launch = Launch(seed, Path(record) if record else None, player, variant, autopilot, roster)
    if resume_path:
        opened = resume(resume_path, reference, player)
        launch.player, launch.roster = opened.player, opened.roster
        data = {"scenario": opened.scenario, "session": opened.session, "earlier_seconds": opened.earlier_seconds}
        app = App("play", data, launch=launch)
    elif reference:
        try:
            scenario = resolve(reference)
        except ScenarioError as exc:
            app = App("error", {"problems": exc.problems, "back": "picker"}, launch=launch)
        else:
            app = App("briefing", {"scenario": scenario, "reference": reference_for(reference)}, launch=launch)
    else:
        app = App("title", launch=launch)
    app.run()
    return 0


def replay_in_window(scenario: LoadedScenario, recordings: list[Recording]) -> int:
    """Watch recorded games (one, or two compared) until the window is closed."""
    App("replay", {"scenario": scenario, "games": [Game.of(r, scenario) for r in recordings]}).run()
    return 0
