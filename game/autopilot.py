"""Autopilot: the plan a game plays itself by (the scenario's par, or a fresh search), for either front end.

The plan becomes the lines a player types — ``wait``, ``do ACTION TARGET key=value``,
``end`` — and runs through the same command loop, so an autopilot game is recorded,
replayed and scored exactly like a human one.
"""

from __future__ import annotations

import json

from warroom.engine import LoadedScenario
from warroom.engine.solver import Step, solve
from warroom.engine.solver.par import stored_plan


def plan_for(scenario: LoadedScenario, seed: int, variant: str | None) -> tuple[list[Step], str]:
    """The plan to play and where it came from: the stored par when fresh, else a search."""
    plan = stored_plan(scenario, variant)
    if plan is not None:
        return plan, "the scenario's par"
    return solve(scenario, seed, variant=variant).plan, "a search (no fresh par is stored)"


def typed(plan: list[Step]) -> list[str]:
    """The prompt lines that play ``plan``."""
    lines: list[str] = []
    now = 0
    for step in plan:
        if step.tick > now:
            lines.append(f"wait {step.tick - now}s")
            now = step.tick
        if step.move is None:
            lines.append("end")
            break
        words = ["do", step.move.action, *([step.move.target] if step.move.target else [])]
        words += [f"{k}={json.dumps(v)}" for k, v in step.move.params.items() if v is not None]
        lines.append(" ".join(words))
    return lines
