"""From an architecture description to a validated ``nx.DiGraph`` and a :class:`World`.

:func:`check_architecture` finds everything wrong with a description — unknown resource
types, duplicate ids, dangling edges, edge kinds a resource cannot send or receive, a cycle
of synchronous calls, invalid configuration, a ``stack`` that is not a stack — each as an
:class:`Issue` with the path of the offending field. :func:`build_world` turns a valid
description into the simulation's state.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pydantic import ValidationError

from .edges import EDGE_KINDS, SYNC_KINDS
from .registry import did_you_mean
from .resources import RESOURCES
from .scenario.models import ArchitectureSpec, EdgeSpec, NodeSpec
from .world import Node, World

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """A problem found in a description, at a field path (located later by the loader)."""

    path: Path
    message: str
    hint: str = ""
    at_key: bool = False


def pydantic_issues(exc: ValidationError, prefix: Path) -> list[Issue]:
    """Turn a pydantic error into issues with full paths and readable messages."""
    issues = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        message = error["msg"]
        hint = ""
        at_key = False
        if error["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
            at_key = True
        elif error["type"] == "missing":
            message = f"missing required field {loc[-1]!r}"
        elif error["type"] == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            message = f"{error['input']!r} is not one of {expected}"
        issues.append(Issue((*prefix, *loc), message, hint, at_key))
    return issues


def _config_issues(spec: NodeSpec, index: int, field_name: str, values: dict[str, Any]) -> list[Issue]:
    rtype = RESOURCES.get(spec.type)
    try:
        rtype.validate_config(values)
    except ValidationError as exc:
        issues = pydantic_issues(exc, ("nodes", index, field_name))
        for i, issue in enumerate(issues):
            if issue.at_key:
                fields = list(rtype.Config.model_fields)
                issues[i] = Issue(
                    issue.path,
                    issue.message,
                    did_you_mean(str(issue.path[-1]), fields)
                    or f"{spec.type} accepts: {', '.join(fields) or 'no configuration'}",
                    True,
                )
        return issues
    return []


def check_architecture(arch: ArchitectureSpec) -> list[Issue]:
    """Every problem in an architecture description (an empty list when it is valid)."""
    issues: list[Issue] = []
    ids: dict[str, int] = {}
    for index, spec in enumerate(arch.nodes):
        if spec.id in ids:
            issues.append(
                Issue(
                    ("nodes", index, "id"),
                    f"duplicate node id {spec.id!r}",
                    f"first defined as node #{ids[spec.id] + 1}; ids must be unique",
                )
            )
        else:
            ids[spec.id] = index
        if spec.type not in RESOURCES:
            hint = RESOURCES.hint(spec.type) or "run 'warroom catalog' to list resource types"
            issues.append(Issue(("nodes", index, "type"), f"unknown resource type {spec.type!r}", hint))
            continue
        issues += _config_issues(spec, index, "config", spec.config)
        if spec.template is not None:
            issues += _config_issues(spec, index, "template", {**spec.config, **spec.template})
            if spec.stack is None:
                issues.append(
                    Issue(
                        ("nodes", index, "template"),
                        "a template needs a stack",
                        "set 'stack' to the CloudFormation stack that manages this resource",
                    )
                )
    known = {s.id: s for s in arch.nodes if s.type in RESOURCES}
    for index, spec in enumerate(arch.nodes):
        if spec.stack is None:
            continue
        stack = known.get(spec.stack)
        if stack is None:
            issues.append(
                Issue(("nodes", index, "stack"), f"unknown stack {spec.stack!r}", did_you_mean(spec.stack, list(ids)))
            )
        elif stack.type != "cloudformation_stack":
            issues.append(
                Issue(
                    ("nodes", index, "stack"),
                    f"{spec.stack!r} is a {stack.type}, not a stack",
                    "point 'stack' at a cloudformation_stack node",
                )
            )
    issues += _edge_issues(arch.edges, known, list(ids))
    return issues


def _edge_issues(edges: list[EdgeSpec], known: dict[str, NodeSpec], ids: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[tuple[str, str], int] = {}
    id_set = set(ids)
    sync = nx.DiGraph()
    for index, edge in enumerate(edges):
        path = ("edges", index)
        if edge.kind not in EDGE_KINDS:
            issues.append(
                Issue(
                    (*path, "kind"),
                    f"unknown edge kind {edge.kind!r}",
                    did_you_mean(edge.kind, list(EDGE_KINDS)) or f"kinds: {', '.join(EDGE_KINDS)}",
                )
            )
            continue
        ends_ok = True
        for end, name in (("from", edge.source), ("to", edge.target)):
            if name not in id_set:
                issues.append(Issue((*path, end), f"edge refers to unknown node {name!r}", did_you_mean(name, ids)))
                ends_ok = False
        if not ends_ok or edge.source not in known or edge.target not in known:
            continue
        if edge.source == edge.target:
            issues.append(Issue(path, f"{edge.source!r} cannot have an edge to itself"))
            continue
        pair = (edge.source, edge.target)
        if pair in seen:
            issues.append(
                Issue(
                    path,
                    f"a second edge from {edge.source!r} to {edge.target!r}",
                    f"edge #{seen[pair] + 1} already joins them; keep one edge per pair",
                )
            )
            continue
        seen[pair] = index
        src_type = RESOURCES.get(known[edge.source].type)
        dst_type = RESOURCES.get(known[edge.target].type)
        if edge.kind not in src_type.sends:
            issues.append(
                Issue(
                    (*path, "kind"),
                    f"a {src_type.id} cannot send '{edge.kind}' edges",
                    f"{src_type.id} sends: {', '.join(sorted(src_type.sends))}",
                )
            )
        elif edge.kind not in dst_type.receives:
            issues.append(
                Issue(
                    (*path, "kind"),
                    f"a {dst_type.id} cannot receive '{edge.kind}' edges",
                    f"{dst_type.id} receives: {', '.join(sorted(dst_type.receives))}",
                )
            )
        elif edge.kind in SYNC_KINDS:
            sync.add_edge(edge.source, edge.target, index=index)
    for cycle in _cycles(sync):
        index = sync.edges[cycle[0], cycle[1]]["index"]
        loop = " → ".join([*cycle, cycle[0]])
        issues.append(
            Issue(
                ("edges", index),
                f"synchronous calls form a loop: {loop}",
                "requests would never finish; make one of these edges 'triggers' (async)",
            )
        )
    return issues


def _cycles(sync: nx.DiGraph) -> list[list[str]]:
    try:
        cycle = nx.find_cycle(sync)
    except nx.NetworkXNoCycle:
        return []
    return [[u for u, _ in cycle]]


def build_graph(arch: ArchitectureSpec) -> nx.DiGraph:
    """The architecture as a directed graph; node attribute ``type``, edge attribute ``kind``."""
    graph = nx.DiGraph()
    for spec in arch.nodes:
        graph.add_node(spec.id, type=spec.type)
    for spec in arch.nodes:
        if spec.stack:
            graph.add_edge(spec.id, spec.stack, kind="managed_by")
    for edge in arch.edges:
        graph.add_edge(
            edge.source,
            edge.target,
            kind=edge.kind,
            ratio=edge.ratio,
            weight=edge.weight,
            optional=edge.optional,
            event=edge.event,
        )
    return graph


def build_world(arch: ArchitectureSpec) -> World:
    """A fresh :class:`World` for a valid architecture (deep copies; the spec is untouched)."""
    nodes: dict[str, Node] = {}
    for spec in arch.nodes:
        rtype = RESOURCES.get(spec.type)
        config = rtype.validate_config(copy.deepcopy(spec.config))
        template = None
        if spec.stack:
            template = rtype.validate_config({**copy.deepcopy(spec.config), **copy.deepcopy(spec.template or {})})
        nodes[spec.id] = Node(
            spec.id,
            rtype,
            label=spec.label or spec.id,
            region=spec.region,
            az=spec.az,
            stack=spec.stack,
            config=config,
            template=template,
            position=spec.position,
        )
    return World(build_graph(arch), nodes)
