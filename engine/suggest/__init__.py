"""``warroom suggest``: read an architecture and report what is fragile.

Each detector (:mod:`.detectors`, registered in :data:`DETECTORS`) looks for one kind of
weakness in a :class:`Topology` and proposes catalog faults that would exercise it; a
proposal is kept only if the fault would accept that target and those parameters in this
architecture (its ``Params`` validate and its ``check_target`` agrees). The findings are
numbered in a stable order — most severe first, then by detector, then by where their first
node stands in the file — so ``warroom new --from-suggestion N`` means the same finding
every time the file is unchanged.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import ValidationError

from ..architecture import build_world
from ..faults import FAULTS
from ..scenario.archfile import LoadedArchitecture
from ..world import World
from . import detectors as _detectors  # noqa: F401  (registers the detectors)
from .model import Finding, Proposal, Severity, Topology
from .registry import DETECTORS, Detector, detector

__all__ = ["DETECTORS", "Detector", "Finding", "Proposal", "Severity", "Topology", "detector", "suggest"]


def applies(proposal: Proposal, world: World) -> bool:
    """Whether the fault accepts this target and these parameters in this architecture."""
    if proposal.fault not in FAULTS or proposal.target not in world.nodes:
        return False
    fault = FAULTS.get(proposal.fault)
    if world.nodes[proposal.target].type.id not in fault.targets:
        return False
    try:
        params = fault.validate_params(proposal.params)
    except ValidationError:
        return False
    return fault.check_target(world, proposal.target, params) is None


def suggest(architecture: LoadedArchitecture) -> list[Finding]:
    """Every finding of every detector, numbered from 1 in a stable order."""
    topo = Topology(architecture.spec, architecture.marks)
    world = build_world(architecture.spec)
    found = [(d.order, f) for d in DETECTORS for f in d.find(topo)]
    found.sort(key=lambda pair: (pair[1].severity, pair[0], topo.nodes[pair[1].nodes[0]].index, pair[1].nodes))
    return [
        replace(
            finding,
            number=number,
            where=topo.where(finding.nodes[0]),
            proposals=tuple(p for p in finding.proposals if applies(p, world)),
        )
        for number, (_, finding) in enumerate(found, start=1)
    ]
