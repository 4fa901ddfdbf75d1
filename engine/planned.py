"""A plan as a recording: par (or any solver plan) shown in a replay like a played game.

A plan is timed moves with no digests; as a :class:`Recording` it can be put on a
:class:`~engine.timeline.Timeline` and compared with a player's game move for move, or
forked (:meth:`Session.fork`): par's recording is "at" its par file, so a game forked from
par names the par file and the tick as its parent.
"""

from __future__ import annotations

from pathlib import Path

from .commands import Command, DeclareResolved
from .recording import Recording
from .scenario.loader import LoadedScenario
from .solver.par import par_location, stored_plan
from .solver.search import Step
from .version import ENGINE_VERSION, RECORDING_FORMAT


def plan_recording(
    scenario: LoadedScenario, seed: int, variant: str | None, plan: list[Step], name: str, path: str | None = None
) -> Recording:
    """The recording a game playing ``plan`` on ``seed`` would have, without its digests, read
    as if from ``path`` (default: ``<name>``, no file). Its commands are given by ``name``, so
    the feed of a replay says "par started ..." (a player's name as far as scoring goes)."""
    commands: list[tuple[int, Command, str | None]] = [
        (step.tick, step.move.command(by=name) if step.move else DeclareResolved(by=name), None) for step in plan
    ]
    ended = next((step.tick for step in plan if step.move is None), scenario.model.clock.duration)
    header = {
        "type": "header",
        "format": RECORDING_FORMAT,
        "engine": ENGINE_VERSION,
        "scenario": scenario.id if scenario.source.startswith("<bundled>/") else str(Path(scenario.source).resolve()),
        "scenario_id": scenario.id,
        "scenario_sha256": scenario.sha256,
        "seed": seed,
        "player": name,
        **({"variant": variant} if variant else {}),
    }
    return Recording(path or f"<{name}>", header, commands, end={"type": "end", "tick": ended, "reason": name})


def par_recording(scenario: LoadedScenario, seed: int, variant: str | None) -> Recording | None:
    """Par's plan for this variant played on ``seed``, as a recording (``None`` without a fresh par)."""
    plan = stored_plan(scenario, variant)
    if plan is None:
        return None
    return plan_recording(scenario, seed, variant, plan, "par", str(par_location(scenario)))
