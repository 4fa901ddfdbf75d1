"""The truth about every resource at one moment, for replays and debriefs only (DESIGN §4).

A player never sees this while playing: :mod:`engine.snapshot` gives them what AWS would
show. A replay viewer may show it beside the snapshot, when asked, so a team can see what
was really broken while the dashboards said otherwise. The values are plain data, so front
ends still never read engine objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .simulation import Simulation

MAX_CAUSES = 3


@dataclass(frozen=True)
class NodeTruth:
    """How one resource really was: the share of its work that succeeded, its latency and
    load, why it failed (the biggest causes first) and the active faults aimed at it."""

    id: str
    ok: float
    latency_ms: float
    load: float
    causes: tuple[str, ...]
    faults: tuple[str, ...]

    @property
    def healthy(self) -> bool:
        """Whether nothing is wrong with it: all its work succeeds and no fault is aimed at it."""
        return self.ok >= 0.999 and not self.faults


def truth(sim: Simulation) -> dict[str, NodeTruth]:
    """The true state of every resource at the simulation's current tick, by node id."""
    faults: dict[str, list[str]] = {}
    for fault in sim.faults.values():
        if fault.active:
            faults.setdefault(fault.target, []).append(f"{fault.key}: {fault.type.id}")
    out = {}
    for node_id, node in sim.world.nodes.items():
        causes = sorted(node.causes.items(), key=lambda item: (-item[1], item[0]))
        out[node_id] = NodeTruth(
            node_id,
            node.ok,
            node.latency,
            node.load,
            tuple(text for text, share in causes[:MAX_CAUSES] if share > 0),
            tuple(sorted(faults.get(node_id, []))),
        )
    return out
