"""Assemble the architecture: nodes from resources, configuration from properties and glue,
edges from references through the rule table.

Every node is stack-managed (``stack:``): its template is its imported configuration, so
drift faults compare against what the template says. Each template is a
``cloudformation_stack`` node; a nested stack's node is managed by its parent's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any, NamedTuple

import networkx as nx

from .configs import Source, configure
from .edgerules import allowed, infer, is_sync
from .glue import GLUE, Fold, Inline, Link
from .intrinsics import Key, symbols_in
from .stacks import NESTED, Resource, Stack, kebab
from .typemap import GENERIC, catalog_type

_WRITE = re.compile(r":(\*|Put|Update|Delete|BatchWrite|Write|Create|Send|Publish|Upload|Abort|Restore)", re.IGNORECASE)
_LAST_ROLE_PROPERTIES = ("ExecutionRoleArn", "DependsOn")
"""A task's execution role pulls its image; the role it runs with is ``TaskRoleArn``."""

NAME_PROPERTIES = ("BucketName", "QueueName", "TopicName", "TableName", "FunctionName", "RoleName", "LogGroupName")
"""Properties that give a resource its physical name, by which glue may name it instead of a ``Ref``."""

Ref = tuple[str, Key]
"""A reference: the top-level property it sits under, and the resource it points at."""


class Candidate(NamedTuple):
    """An edge a reference may become, with the property the reference sat under."""

    source: str
    kind: str
    target: str
    prop: str


@dataclass
class Graph:
    """The assembled architecture and what the summary reports about it."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    folded: Counter[str] = field(default_factory=Counter)
    unattached: list[tuple[str, str, str]] = field(default_factory=list)
    unwatched: list[str] = field(default_factory=list)


CONTAINERS = frozenset({"DistributionConfig", "LaunchTemplateData"})
"""Properties that only wrap others: a reference is named by the property inside them."""


def references(value: Any, prop: str = "") -> list[Ref]:
    """Every resource a resolved value points at, with the top-level property it sits under."""
    if isinstance(value, dict) and (not prop or prop in CONTAINERS):
        return [ref for k, v in value.items() for ref in references(v, k)]
    return [(prop, key) for symbol in symbols_in(value) for key in symbol.refs]


class Assembler:
    """Turns read stacks into nodes and edges (see the module docstring)."""

    def __init__(self, stacks: list[Stack], nested: dict[Key, str | None], taken: set[str]) -> None:
        self.stacks = stacks
        self.nested = nested
        self.taken = taken
        self.resources: dict[Key, Resource] = {r.key: r for s in stacks for r in s.resources.values()}
        self.node_ids: dict[Key, str] = {}
        self.types: dict[str, str] = {}
        self.parts: dict[Key, list[tuple[str, dict[str, Any]]]] = {}
        self.extra_refs: dict[Key, list[Ref]] = {}
        self.graph = Graph()
        self._hosts: dict[Key, list[Key]] = {}
        self.names: dict[str, Key] = {}
        self.referrers: dict[Key, list[Ref]] = {}
        for key, resource in self.resources.items():
            for prop in NAME_PROPERTIES:
                if isinstance(resource.props.get(prop), str):
                    self.names.setdefault(str(resource.props[prop]), key)
            for prop, target in references(resource.props):
                self.referrers.setdefault(target, []).append((prop, key))

    # -- which resources are nodes ------------------------------------------------------------
    def glue(self, key: Key) -> Fold | Inline | Link | None:
        return GLUE.get(self.resources[key].cfn_type) if key in self.resources else None

    def hosts(self, key: Key, seen: frozenset[Key] = frozenset()) -> list[Key]:
        """The resources a folded glue resource configures (through chains of glue)."""
        if key in self._hosts and not seen:
            return self._hosts[key]
        glue = self.glue(key)
        found: list[Key] = []
        if isinstance(glue, Fold) and key not in seen:
            props = self.resources[key].props
            for prop in glue.into:
                named = [(prop, self.names[v]) for v in _texts(props.get(prop)) if v in self.names]
                for _, target in references(props.get(prop), prop) or named:
                    found += self.hosts(target, seen | {key}) if self.glue(target) else [target]
            found += [k for prop, k in self.referrers.get(key, []) if prop in glue.referrers]
        hosts = [k for k in dict.fromkeys(found) if k in self.resources and k in self.node_ids]
        if not seen:
            self._hosts[key] = hosts
        return hosts

    def expand(self, ref: Ref, seen: frozenset[Key] = frozenset()) -> list[Ref]:
        """A reference as references to nodes: through inline glue to what it refers to, from
        folded glue to what it configures; references to resources left out are dropped."""
        prop, key = ref
        if key not in self.resources or key in seen:
            return []
        glue = self.glue(key)
        if isinstance(glue, Inline):
            inner = references(self.resources[key].props)
            return [r for ref2 in inner for r in self.expand(ref2, seen | {key})]
        if isinstance(glue, Fold):
            return [(prop, host) for host in self.hosts(key)]
        if isinstance(glue, Link):
            return []
        return [(prop, key)]

    def inlined(self, key: Key, seen: frozenset[Key] = frozenset()) -> list[tuple[str, dict[str, Any]]]:
        """The inline glue a resource reaches through its references (its launch template, ...)."""
        found = []
        for _, target in references(self.resources[key].props):
            if target in seen or not isinstance(self.glue(target), Inline):
                continue
            found.append((self.resources[target].cfn_type, self.resources[target].props))
            found += self.inlined(target, seen | {key, target})
        return found

    def node_of(self, value: Any) -> str | None:
        """The node a configuration value points at: its first reference that is a node, else
        the resource whose physical name it is (or whose ARN, ``arn:aws:s3:::name/*``)."""
        for prop, key in references(value, "value"):
            for _, target in self.expand((prop, key)):
                return self.node_ids[target]
        if isinstance(value, str):
            for name in _physical_names(str(value)):
                key = self.names.get(name)
                if key in self.node_ids:
                    return self.node_ids[key]
        return None

    def props_of(self, value: Any) -> dict[str, Any]:
        """The properties of the resource a value refers to (empty when it refers to none)."""
        keys = [key for _, key in references(value, "value") if key in self.resources]
        return self.resources[keys[0]].props if keys else {}

    # -- nodes ---------------------------------------------------------------------------------
    def allocate(self, stack: Stack, logical: str) -> str:
        base = kebab(logical)
        candidate = base if base not in self.taken else f"{stack.id}-{base}"[:64].rstrip("-")
        n = 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def place_nodes(self) -> None:
        for stack in self.stacks:
            for logical, resource in stack.resources.items():
                if resource.cfn_type in GLUE:
                    continue
                child = self.nested.get(resource.key) if resource.cfn_type == NESTED else None
                self.node_ids[resource.key] = child or self.allocate(stack, logical)

    def run(self) -> Graph:
        self.place_nodes()
        self.attach_glue()
        for key, node_id in self.node_ids.items():
            self.types[node_id] = catalog_type(self.resources[key].cfn_type)
        found = self.candidates()
        self.unwatched_alarms(found)
        found = [c for c in found if c.kind == "access" or allowed(self.types[c.source], c.kind, self.types[c.target])]
        stack_of = {s.id: s for s in self.stacks}
        for stack in self.stacks:
            if stack.id not in self.nested.values():
                self.add_node(
                    stack.id, "cloudformation_stack", stack.name, None, Source(stack.name, NESTED, {}, self.node_of)
                )
        for stack in self.stacks:
            for logical, resource in stack.resources.items():
                key = resource.key
                if key not in self.node_ids:
                    continue
                node_id = self.node_ids[key]
                type_id = self.types[node_id]
                src = Source(
                    logical, resource.cfn_type, resource.props, self.node_of, self.parts.get(key, []), self.props_of
                )
                src.parts = src.parts + self.inlined(key)
                child = self.nested.get(key)
                parent = stack_of[child].parent if child else None
                label = logical if type_id != GENERIC else f"{logical} ({resource.cfn_type})"
                self.add_node(node_id, type_id, label, parent[0] if parent else stack.id, src)
                if type_id == GENERIC:
                    self.graph.unmapped[resource.cfn_type] += 1
        self.connect(found)
        return self.graph

    def unwatched_alarms(self, found: list[Candidate]) -> None:
        """An alarm on a resource outside the graph cannot evaluate: it stays visible, not simulated."""
        watching = {c.source for c in found if c.kind == "monitors"}
        for node_id, type_id in self.types.items():
            if type_id == "cloudwatch_alarm" and node_id not in watching:
                self.types[node_id] = GENERIC
                self.graph.unwatched.append(node_id)

    def add_node(self, node_id: str, type_id: str, label: str, stack: str | None, src: Source) -> None:
        node: dict[str, Any] = {"id": node_id, "type": type_id, "label": label}
        if stack:
            node["stack"] = stack
        config = configure(type_id, src)
        if config:
            node["config"] = config
        self.graph.nodes.append(node)

    # -- glue ----------------------------------------------------------------------------------
    def attach_glue(self) -> None:
        for key, resource in self.resources.items():
            glue = self.glue(key)
            if glue is None:
                continue
            self.graph.folded[resource.cfn_type] += 1
            if isinstance(glue, Fold):
                hosts = self.hosts(key)
                for host in hosts:
                    self.parts.setdefault(host, []).append((resource.cfn_type, resource.props))
                    self.extra_refs.setdefault(host, []).extend(
                        ref for ref in references(resource.props) if ref[0] not in glue.into
                    )
                if not hosts:
                    self.graph.unattached.append((key[0], key[1], resource.cfn_type))
            elif isinstance(glue, Link):
                targets = [
                    t for ref in references(resource.props.get(glue.target), glue.target) for _, t in self.expand(ref)
                ]
                for target in targets:
                    self.parts.setdefault(target, []).append((resource.cfn_type, resource.props))
                if not targets:
                    self.graph.unattached.append((key[0], key[1], resource.cfn_type))

    # -- edges ---------------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        """(source, kind, target, property) for every reference a rule turns into an edge."""
        found = []
        for key, resource in self.resources.items():
            glue = self.glue(key)
            if isinstance(glue, Link):
                found += self.link_edges(resource, glue)
                continue
            if key not in self.node_ids:
                continue
            refs = references(resource.props) + self.extra_refs.get(key, [])
            refs += [("DependsOn", (key[0], d)) for d in resource.depends_on]
            for ref in refs:
                for prop, target in self.expand(ref):
                    found += self.rule_edges(key, prop, target)
        return found

    def rule_edges(self, key: Key, prop: str, target: Key) -> list[Candidate]:
        source_id, target_id = self.node_ids[key], self.node_ids[target]
        source_type, target_type = self.types[source_id], self.types[target_id]
        for rule, start, end in infer(source_id, source_type, prop, target_id, target_type):
            kinds = ("reads", "writes") if rule.kind == "access" else (rule.kind,)
            if all(allowed(self.types[start], k, self.types[end]) for k in kinds):
                return [Candidate(start, rule.kind, end, prop)]
        return []

    def link_edges(self, resource: Resource, glue: Link) -> list[Candidate]:
        def ends(prop: str) -> list[str]:
            refs = references(resource.props.get(prop), prop)
            return [self.node_ids[t] for ref in refs for _, t in self.expand(ref)]

        found = []
        for source in ends(glue.source):
            for target in ends(glue.target):
                kind = glue.kinds.get(self.types[source], "triggers")
                if source != target and allowed(self.types[source], kind, self.types[target]):
                    found.append(Candidate(source, kind, target, glue.source))
        return found

    def connect(self, found: list[Candidate]) -> None:
        roles: dict[str, str] = {}
        for candidate in sorted(
            (c for c in found if c.kind == "uses_role"), key=lambda c: c.prop in _LAST_ROLE_PROPERTIES
        ):
            roles.setdefault(candidate.source, candidate.target)
        configs = {n["id"]: n.get("config", {}) for n in self.graph.nodes}
        sync = nx.DiGraph()
        pairs: set[tuple[str, str]] = set()
        for source, found_kind, target, _ in found:  # in template order: the first edge of a pair wins
            if found_kind == "uses_role" and roles.get(source) != target:
                continue
            kind = _access(configs.get(roles.get(source, ""), {}), target) if found_kind == "access" else found_kind
            if (source, target) in pairs or ((target, source) in pairs and is_sync(kind)):
                continue
            if is_sync(kind):
                if sync.has_node(target) and sync.has_node(source) and nx.has_path(sync, target, source):
                    continue
                sync.add_edge(source, target)
            pairs.add((source, target))
            self.graph.edges.append(f"{source} {kind} {target}")


def _physical_names(text: str) -> list[str]:
    """The names an ARN or name may carry: itself, an S3 bucket's, the last ``:`` or ``/`` part."""
    bucket = text.split(":::", 1)[-1].split("/", 1)[0] if text.startswith("arn:") else text
    return [text, bucket, text.rsplit(":", 1)[-1], text.rsplit("/", 1)[-1]]


def _texts(value: Any) -> list[str]:
    """The plain texts of a value or list (physical names a glue resource may use)."""
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if isinstance(v, str)]


def _access(role: dict[str, Any], target: str) -> str:
    """``writes`` when the role may only write to ``target``, ``reads`` otherwise."""
    actions = [
        action
        for policy in role.get("policies", [])
        for statement in policy.get("statements", [])
        if statement.get("effect", "Allow") == "Allow"
        and any(fnmatchcase(target, r) for r in statement.get("resources", ["*"]))
        for action in statement.get("actions", [])
    ]
    writes = [a for a in actions if _WRITE.search(a)]
    return "writes" if writes and len(writes) == len(actions) and "*" not in actions else "reads"
