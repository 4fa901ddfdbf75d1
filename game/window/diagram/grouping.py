"""Which group box each resource is drawn in, its tier inside the group, and what a collapsed
group stands for on the diagram.

Groups are CloudFormation stacks. When an architecture's resources belong to two or more
stacks, each Region's resources are boxed by stack (a stack is a Regional resource, and its
resources commonly span Availability Zones, so AZ boxes sit inside the stack's box): a
``cloudformation_stack`` resource goes in the box of the stack it *is*, resources in no stack
share a box called :data:`UNSTACKED`. A large architecture (more than :data:`LARGE`
resources) with one stack or none — a single big template — is grouped by tier instead, the
tiers' boxes left to right in flow order. A small one with one stack or none has no group
boxes: a box around (nearly) everything would only take room, and the bundled scenarios look
as they always did.

Inside a group, resources are arranged by *tier*, derived from the catalog's resource
category (:data:`TIER_OF_CATEGORY`): entry points, then compute, integration, data, and the
supporting resources (roles, keys, logs, alarms, security groups — :data:`SATELLITE_TYPES`,
which belong beside what they serve — pipelines, and types the catalog does not know, such
as a template's generic ``cfn_resource``).

A collapsed group is drawn as one node whose id is the group's key: :func:`fold_edges`
redirects its members' edges to it, merging those that become parallel (with their count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple, Protocol

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
TIER_NAMES = {
    "edge": "entry",
    "compute": "compute",
    "integration": "integration",
    "data": "data",
    "supporting": "supporting",
}
"""What a tier's group box is called."""

# Types that belong beside another resource rather than on the request path, even when a work
# edge reaches them (a function triggers its log group; an alarm triggers its topic).
SATELLITE_TYPES = frozenset(
    {
        "iam_role",
        "iam_user",
        "kms_key",
        "acm_certificate",
        "security_group",
        "cloudwatch_alarm",
        "log_group",
        "cloudformation_stack",
        "config_rule",
        "cloudtrail_trail",
        "guardduty_detector",
    }
)

UNSTACKED = "not in a stack"
STACK_TYPE = "cloudformation_stack"
LARGE = 60  # more resources than this: grouped by tier when there are no stacks to group by, and opened collapsed


class Membership(NamedTuple):
    """A node's group: its key (unique across Regions; the collapsed node's id), the name on
    its box, the icon of its collapsed node (the stack's, or the tier's most common type), and
    its place among its Region's groups when they keep an order (tiers; -1: stacks, packed by size)."""

    key: str
    name: str
    icon: str
    rank: int


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
    """The tier of a resource type (``supporting`` for a satellite or a type the catalog does not know)."""
    if type_id in SATELLITE_TYPES:
        return "supporting"
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


def group_of(nodes: Iterable[NodeLike]) -> dict[str, Membership]:
    """Each node's group: by stack when the architecture has two or more, else by tier when it
    is large, else none (an empty dict: no group boxes)."""
    listed = list(nodes)
    stacks = frozenset(s for n in listed if (s := getattr(n, "stack", None)))
    if len(stacks) >= 2:
        out = {}
        for node in listed:
            name = stack_of(node, stacks) or UNSTACKED
            out[node.id] = Membership(group_key(node.region, name), name, STACK_TYPE, -1)
        return out
    if len(listed) <= LARGE:
        return {}
    types: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for node in listed:
        types[(node.region, tier_of(node.type))][node.type] += 1
    out = {}
    for node in listed:
        tier = tier_of(node.type)
        common = min(types[(node.region, tier)].items(), key=lambda item: (-item[1], item[0]))[0]
        out[node.id] = Membership(group_key(node.region, TIER_NAMES[tier]), TIER_NAMES[tier], common, TIERS.index(tier))
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
