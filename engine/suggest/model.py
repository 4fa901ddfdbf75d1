"""The architecture as the detectors read it, and what they report.

:class:`Topology` is a valid architecture file taken apart once for every detector: its
resources with their configuration validated (so a catalog default such as an RDS
instance's ``multi_az: true`` counts even when the file leaves it out), its work edges as a
networkx graph, where outside requests enter, the data stores they end at, and the nodes
every request path crosses. A :class:`Finding` is one weakness; its :class:`Proposal`\\ s
are faults from the catalog, with a target and parameters, that would exercise it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from typing import Any

import networkx as nx
from pydantic import ValidationError

from ..edges import WORK_KINDS
from ..resources import RESOURCES
from ..resources.base import ResourceType
from ..scenario.models import ArchitectureSpec
from ..scenario.safeyaml import Marks

PATH_CATEGORIES = frozenset({"network", "compute", "data", "messaging"})
"""Resource categories whose nodes carry requests; the rest (security, delivery,
observability, and types the simulation does not know, such as an imported template's
generic resources) never sit on a request path."""

INERT_TYPES = frozenset({"cfn_resource"})
"""Types that stand in for resources the simulation does not model: never on a request path."""

SOURCE = "\0entries"
SINK = "\0stores"


class Severity(IntEnum):
    """How much a weakness matters; findings are listed most severe first."""

    HIGH = 0
    MEDIUM = 1
    LOW = 2

    @property
    def label(self) -> str:
        """The word shown in tables and JSON."""
        return self.name.lower()


@dataclass(frozen=True)
class Resource:
    """One node of the architecture: its spec, its type (``None`` if unknown) and its
    configuration with the catalog's defaults filled in."""

    id: str
    type: str
    kind: ResourceType | None
    config: dict[str, Any]
    region: str
    az: str | None
    index: int

    @property
    def category(self) -> str:
        """The catalog category (``"unknown"`` for a type the simulation does not know)."""
        return self.kind.category if self.kind else "unknown"

    @property
    def carries_requests(self) -> bool:
        """Whether requests can pass through it (see :data:`PATH_CATEGORIES`)."""
        return self.category in PATH_CATEGORIES and self.type not in INERT_TYPES


@dataclass(frozen=True)
class Proposal:
    """A catalog fault, its target and parameters: an inject that exercises a weakness."""

    fault: str
    target: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """``fault on target (k=v, ...)``, as the table shows it."""
        params = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.fault} on {self.target}" + (f" ({params})" if params else "")

    def as_json(self) -> dict[str, Any]:
        """The proposal as plain data."""
        return {"fault": self.fault, "target": self.target, "params": dict(self.params)}


@dataclass(frozen=True)
class Finding:
    """One weakness: which detector found it, on which nodes, why it matters in AWS terms,
    the lasting fix, and faults that would exercise it (the first is the suggestion; the
    others are fall-backs ``warroom new --from-suggestion`` tries when it is not fair)."""

    kind: str
    severity: Severity
    nodes: tuple[str, ...]
    title: str
    why: str
    fix: str
    proposals: tuple[Proposal, ...] = ()
    number: int = 0
    where: str = ""

    @property
    def proposal(self) -> Proposal | None:
        """The suggested fault, or ``None`` when no catalog fault exercises this weakness."""
        return self.proposals[0] if self.proposals else None

    def as_json(self) -> dict[str, Any]:
        """The finding as plain data (``warroom suggest --json``)."""
        return {
            "number": self.number,
            "kind": self.kind,
            "severity": self.severity.label,
            "nodes": list(self.nodes),
            "where": self.where,
            "title": self.title,
            "why": self.why,
            "fix": self.fix,
            "fault": self.proposal.as_json() if self.proposal else None,
            "alternatives": [p.as_json() for p in self.proposals[1:]],
        }


def _config(kind: ResourceType | None, raw: dict[str, Any]) -> dict[str, Any]:
    if kind is None:
        return dict(raw)
    try:
        return kind.validate_config(copy.deepcopy(raw))
    except (ValidationError, ValueError, TypeError):  # a valid file validates; this keeps odd input harmless
        return dict(raw)


class Topology:
    """A valid architecture, analysed once and shared by every detector."""

    def __init__(self, spec: ArchitectureSpec, marks: Marks | None = None) -> None:
        self.spec = spec
        self.marks = marks
        self.nodes: dict[str, Resource] = {}
        for index, node in enumerate(spec.nodes):
            kind = RESOURCES.get(node.type) if node.type in RESOURCES else None
            self.nodes[node.id] = Resource(
                node.id, node.type, kind, _config(kind, node.config), node.region, node.az, index
            )
        self.edges: tuple[tuple[str, str, str], ...] = tuple(
            (e.source, e.kind, e.target) for e in spec.edges if e.source in self.nodes and e.target in self.nodes
        )

    # -- lookups -----------------------------------------------------------------------------
    def of_type(self, *types: str) -> list[Resource]:
        """Resources of the given types, in file order."""
        return [r for r in self.nodes.values() if r.type in types]

    def targets(self, node_id: str, *kinds: str) -> list[str]:
        """Nodes ``node_id`` has an edge of one of ``kinds`` to, in file order of the edges."""
        return [t for s, k, t in self.edges if s == node_id and k in kinds]

    def sources(self, node_id: str, *kinds: str) -> list[str]:
        """Nodes with an edge of one of ``kinds`` to ``node_id``, in file order of the edges."""
        return [s for s, k, t in self.edges if t == node_id and k in kinds]

    def ordered(self, ids: set[str] | list[str]) -> list[str]:
        """Node ids in file order."""
        return sorted(ids, key=lambda i: self.nodes[i].index)

    def where(self, node_id: str) -> str:
        """``file:line:col`` of a node in the architecture file (empty without marks)."""
        if self.marks is None:
            return ""
        file, line, col = self.marks.locate(("nodes", self.nodes[node_id].index))
        return f"{file}:{line}:{col}"

    # -- request paths -----------------------------------------------------------------------
    @cached_property
    def work(self) -> nx.DiGraph:
        """Work edges (routes, calls, reads, writes, triggers) between request-carrying nodes."""
        graph = nx.DiGraph()
        graph.add_nodes_from(r.id for r in self.nodes.values() if r.carries_requests)
        graph.add_edges_from(
            (s, t) for s, k, t in self.edges if k in WORK_KINDS and s in graph and t in graph and s != t
        )
        return graph

    @cached_property
    def entries(self) -> list[str]:
        """Internet-facing entry points (Route 53, CloudFront, API Gateway, internet-facing
        load balancers), in file order."""
        return [
            r.id
            for r in self.nodes.values()
            if r.carries_requests and r.kind is not None and r.kind.entry_point and r.config.get("scheme") != "internal"
        ]

    @cached_property
    def stores(self) -> list[str]:
        """Data stores (the catalog's ``data`` category), in file order."""
        return [r.id for r in self.nodes.values() if r.carries_requests and r.category == "data"]

    @cached_property
    def reached(self) -> set[str]:
        """Nodes some request or event from an entry point reaches."""
        found: set[str] = set()
        for entry in self.entries:
            found |= {entry, *nx.descendants(self.work, entry)}
        return found

    @cached_property
    def request_graph(self) -> nx.DiGraph:
        """The request-path subgraph: nodes on some path from an entry point to a data store,
        with a virtual source before every entry and a virtual sink after every store."""
        stores = [s for s in self.stores if s in self.reached]
        feeding: set[str] = set()
        for store in stores:
            feeding |= {store, *nx.ancestors(self.work, store)}
        graph = nx.DiGraph(self.work.subgraph(self.reached & feeding))
        graph.add_edges_from((SOURCE, e) for e in self.entries if e in graph)
        graph.add_edges_from((s, SINK) for s in stores if s in graph)
        return graph

    @cached_property
    def has_request_paths(self) -> bool:
        """Whether any entry point reaches any data store."""
        graph = self.request_graph
        return SOURCE in graph and SINK in graph and nx.has_path(graph, SOURCE, SINK)

    @cached_property
    def chokepoints(self) -> list[str]:
        """Nodes every request path crosses (entry points left out), in file order.

        These are the dominators of the sink in the request graph seen from the source: on a
        directed graph that is exactly the set of single nodes whose loss cuts every path
        (an undirected articulation point may still be bypassed against an edge's direction).
        """
        if not self.has_request_paths:
            return []
        dominators = nx.immediate_dominators(self.request_graph, SOURCE)
        found: list[str] = []
        node = dominators[SINK]
        while node != SOURCE:
            found.append(node)
            node = dominators[node]
        return self.ordered([n for n in found if n not in self.entries])

    def cut_within(self, cuttable: set[str]) -> list[str]:
        """A minimum set of ``cuttable`` nodes whose loss cuts every request path, or ``[]``
        when the other nodes alone keep a path open.

        A minimum node cut restricted to some nodes: each node is split into an in-half and an
        out-half joined by an edge of capacity 1 if it may be cut, unbounded otherwise, and
        networkx's minimum edge cut of that graph names the nodes.
        """
        if not self.has_request_paths or not cuttable:
            return []
        split = nx.DiGraph()
        for node in self.request_graph:
            inner = {"capacity": 1} if node in cuttable else {}
            split.add_edge((node, "in"), (node, "out"), **inner)
        split.add_edges_from(((u, "out"), (v, "in")) for u, v in self.request_graph.edges)
        value, (near, _) = nx.minimum_cut(split, (SOURCE, "out"), (SINK, "in"))
        if value == float("inf"):
            return []
        return self.ordered({n for n in cuttable if (n, "in") in near and (n, "out") not in near})

    # -- monitoring --------------------------------------------------------------------------
    @cached_property
    def watched(self) -> set[str]:
        """Nodes a CloudWatch alarm watches (a ``monitors`` edge from an alarm)."""
        alarms = {r.id for r in self.of_type("cloudwatch_alarm")}
        return {t for s, k, t in self.edges if k == "monitors" and s in alarms}
