"""The moves a solver may try at a moment of a game: actions aimed where the incident is.

A :class:`Move` is one action with its target and parameters. :func:`candidates` lists the
moves worth trying now: every action the scenario allows, aimed at the resources near an
active fault (what it broke, what it disturbs, and their neighbours) or at the team as a
whole, with each parameter set the action suggests from state. Once every fault is found,
investigations are only tried on what the faults broke (a review some conduct rules ask for). Moves whose precondition
fails now, and moves already made, are left out. The list is sorted, so a search over it is
deterministic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..commands import StartAction
from ..options import ordered_actions

if TYPE_CHECKING:
    from ..simulation import Simulation


@dataclass(frozen=True)
class Move:
    """One action with its target and parameters (``params_json`` is canonical, for ordering)."""

    action: str
    target: str | None
    params_json: str = "{}"
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, action: str, target: str | None, params: dict[str, Any]) -> Move:
        """A move from its parts."""
        return cls(action, target, json.dumps(params, sort_keys=True, separators=(",", ":")), dict(params))

    def key(self) -> tuple[str, str, str]:
        """The sort key: action, target, parameters."""
        return (self.action, self.target or "", self.params_json)

    def command(self, by: str = "player") -> StartAction:
        """The command that makes this move (given by ``by``)."""
        return StartAction(self.action, self.target, dict(self.params), by=by)

    def __str__(self) -> str:
        parts = [self.action, *([self.target] if self.target else [])]
        parts += [f"{k}={json.dumps(v)}" for k, v in sorted(self.params.items())]
        return " ".join(parts)


def relevant_nodes(sim: Simulation) -> set[str]:
    """Resources near the active faults: what they broke or disturb, and one hop around that."""
    world = sim.world
    near: set[str] = set()
    for fault in sim.faults.values():
        if fault.active:
            near |= sim.impact_of(fault) | {fault.target}
    around = set(near)
    for node_id in near:
        around |= set(world.graph.predecessors(node_id)) | set(world.graph.successors(node_id))
    return {n for n in around if n in world.nodes}


def candidates(sim: Simulation, done: set[Move]) -> list[Move]:
    """The moves worth trying now (see the module docstring)."""
    undiscovered = any(f.active and f.discovered_at is None for f in sim.faults.values())
    near = sorted(relevant_nodes(sim))
    broken = sorted({f.target for f in sim.faults.values()})  # still worth a look once all is found
    moves: set[Move] = set()
    for action in ordered_actions(sim):
        looking = action.family == "investigate"
        targets: list[str | None] = []
        if not action.needs_target and not (looking and not undiscovered):
            targets.append(None)
        if action.takes_target:
            targets += [n for n in (near if undiscovered or not looking else broken) if action.applies_to(sim, n)]
        for target in targets:
            for params in action.suggestions(sim, target):
                move = Move.of(action.id, target, params)
                if move not in done and action.precondition(sim, target, params) is None:
                    moves.add(move)
    return sorted(moves, key=Move.key)
