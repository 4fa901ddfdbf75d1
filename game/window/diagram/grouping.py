"""Which group box each resource is drawn in, its tier inside the group, and what a collapsed
group stands for on the diagram.

Groups are CloudFormation stacks. When an architecture's resources belong to two or more
stacks, each Region's resources are boxed by stack (a stack is a Regional resource, and its
resources commonly span Availability Zones, so AZ boxes sit inside the stack's box): a
``cloudformation_stack`` resource goes in the box of the stack it *is*, resources in no stack
share a box called :data:`UNSTACKED`. With one stack or none there are no group boxes: a box
around (nearly) everything would only take room, and the small bundled scenarios look as
they always did.

Inside a group, resources are arranged by *tier*, derived from the catalog's resource
category (:data:`TIER_OF_CATEGORY`): entry points, then compute, integration, data, and the
supporting resources (roles, keys, logs, alarms, pipelines, and types the catalog does not
know, such as a template's generic ``cfn_resource``).

A collapsed group is drawn as one node whose id is the group's key: :func:`fold_edges`
redirects its members' edges to it, merging those that become parallel (with their count).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Protocol

from warroom.engine import EDGE_KINDS, RESOURCES

Edge = tuple[str, str, str]

TIERS = ("edge", "compute", "integration", "data", "supporting")
TIER_OF_CATEGORY = {
    "network": "edge",
    "compute": "compute",
    "messaging": "integration",
    "data": "data",
    "security": "supporting",
    "observability": "supporting",
    "delivery": "supporting",
}
"""A catalog category's tier; a category (or type) not in it is ``supporting``."""

UNSTACKED = "not in a stack"
STACK_TYPE = "cloudformation_stack"


class NodeLike(Protocol):
    """What the diagram reads of a node (the engine's ``NodeView`` has it; ``stack`` is read
    with ``getattr``, so node-likes without stacks are never grouped)."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def az(self) -> str | None: ...
    @property
    def position(self) -> tuple[float, float] | None: ...


def flow_of(kind: str) -> str:
    """``sync``, ``async`` or ``relation``: how an edge kind is drawn."""
    return EDGE_KINDS[kind].flow.value if kind in EDGE_KINDS else "relation"


def tier_of(type_id: str) -> str:
    """The tier of a resource type (``supporting`` for a type the catalog does not know)."""
    category = RESOURCES.get(type_id).category if type_id in RESOURCES else ""
    return TIER_OF_CATEGORY.get(category, "supporting")


def stack_of(node: NodeLike, stacks: frozenset[str] = frozenset()) -> str | None:
    """The stack a node is drawn in: its own ``stack``, or itself when it is a stack in ``stacks``."""
    if node.type == STACK_TYPE and node.id in stacks:
        return node.id
    return getattr(node, "stack", None)


def group_key(region: str, name: str) -> str:
    """A group's key (the id of its node when collapsed): unique across Regions."""
    return f"{region}/{name}"


def group_of(nodes: Iterable[NodeLike]) -> dict[str, tuple[str, str]]:
    """Each node's group as ``(key, name)``, or an empty dict when the architecture has fewer
    than two stacks (no group boxes then)."""
    listed = list(nodes)
    stacks = frozenset(s for n in listed if (s := getattr(n, "stack", None)))
    if len(stacks) < 2:
        return {}
    out = {}
    for node in listed:
        name = stack_of(node, stacks) or UNSTACKED
        out[node.id] = (group_key(node.region, name), name)
    return out


def fold_edges(edges: Iterable[Edge], folded: Mapping[str, str]) -> dict[Edge, int]:
    """``edges`` with each node in ``folded`` replaced by its collapsed group's key: edges inside
    one group vanish, and those that become parallel (same ends, same flow: sync, async or
    relation) merge into one, kept under the first of their kinds, with how many it stands for."""
    merged: dict[tuple[str, str, str], Counter[str]] = {}
    for source, target, kind in edges:
        a, b = folded.get(source, source), folded.get(target, target)
        if a == b:
            continue
        merged.setdefault((a, b, flow_of(kind)), Counter())[kind] += 1
    return {(a, b, min(kinds)): sum(kinds.values()) for (a, b, _), kinds in sorted(merged.items())}
