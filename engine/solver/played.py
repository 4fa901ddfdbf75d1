"""A played game as a plan the solver can weigh (``warroom solve --from RECORDING``).

A recording keeps every command the player gave, including those the game refused (all
responders busy, a precondition not met): they are recorded so the game replays exactly,
but they were never moves. So the recording is re-simulated on its own seed and variant,
and only what the game accepted becomes a step: actions that started, and declaring the
incident over. Hints, cancellations and facilitator cards are replayed (they change the
game) but are not moves.
"""

from __future__ import annotations

from .. import events as ev
from ..commands import DeclareResolved, StartAction
from ..errors import CommandError
from ..recording import Recording
from ..scenario.loader import LoadedScenario
from ..simulation import Simulation
from .moves import Move
from .search import Step


def played_plan(recording: Recording, scenario: LoadedScenario) -> list[Step]:
    """The moves of a recorded game that the game accepted, at the ticks they were made."""
    sim = Simulation(scenario, int(recording.header.get("seed", 1)), variant=recording.header.get("variant"))
    plan = []
    for tick, command, _ in recording.commands:
        sim.advance(tick - sim.tick)
        if sim.ended:
            break
        try:
            shown = sim.submit(command)
        except CommandError:
            continue
        if isinstance(command, DeclareResolved):
            plan.append(Step(tick, None))
        elif isinstance(command, StartAction) and not any(isinstance(e, ev.ActionRejected) for e in shown):
            plan.append(Step(tick, Move.of(command.action, command.target, dict(command.params))))
    return plan
