"""The simulated architecture's state and the incremental traffic model (DESIGN §3).

:class:`World` owns the graph, every :class:`Node`'s state and the derived traffic values.
Its one job each tick is :meth:`World.propagate`: push load down the synchronous edges,
pull success and latency back up, and hand events to asynchronous consumers one tick later.
Only nodes marked dirty are recomputed, and a change travels only as far as it changes
something, so a tick costs what changed — not the size of the graph.

Everything that mutates state goes through :meth:`World.touch` (or the helpers that call
it), which is how the world knows what to recompute, what compliance rules and fault
predicates to re-check, and what to record in each node's metric history.
"""

from __future__ import annotations

import copy
import hashlib
import heapq
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from . import iam
from .canonical import canonical_json
from .edges import SYNC_KINDS
from .resources.base import Local, ResourceType

#: Values closer than this are "unchanged": it stops float dust from rippling through.
EPSILON = 1e-9


class Node:
    """One AWS resource: its identity, configuration, runtime status and derived traffic.

    ``config`` is the actual configuration, ``template`` the IaC template's desired one
    (``None`` unless stack-managed; drift is the difference) and ``status`` the runtime,
    type-specific state. ``load``/``ok``/``latency`` and ``observed`` are derived by
    :meth:`World.propagate`; ``history`` keeps every change of ``observed`` for metrics.
    """

    __slots__ = (
        "az",
        "causes",
        "changed_at",
        "config",
        "cost_rate",
        "datapoints",
        "digest_cache",
        "history",
        "history_ticks",
        "id",
        "label",
        "latency",
        "load",
        "local_ok",
        "observed",
        "ok",
        "passing",
        "position",
        "region",
        "stack",
        "status",
        "template",
        "type",
        "version",
    )

    def __init__(
        self,
        node_id: str,
        rtype: ResourceType,
        *,
        label: str,
        region: str,
        az: str | None,
        stack: str | None,
        config: dict[str, Any],
        template: dict[str, Any] | None,
        position: tuple[float, float] | None = None,
    ) -> None:
        self.id = node_id
        self.type = rtype
        self.label = label
        self.region = region
        self.az = az
        self.stack = stack
        self.position = position
        self.config = config
        self.template = template
        self.status: dict[str, Any] = {}
        self.load = 0.0
        self.ok = 1.0
        self.local_ok = 1.0
        self.latency = 0.0
        self.causes: dict[str, float] = {}
        self.observed: dict[str, float] = {}
        self.cost_rate = 0.0
        self.changed_at = -(10**9)
        self.passing: dict[str, float] = {}
        self.version = 0
        self.digest_cache: tuple[int, str] | None = None
        self.datapoints: dict[Any, Any] = {}  # CloudWatch datapoints of ended periods (engine.signals.metrics)
        self.history: list[tuple[dict[str, float], dict[str, float]]] = []
        self.history_ticks: list[int] = []

    def drift(self) -> dict[str, tuple[Any, Any]]:
        """Configuration keys whose actual value differs from the template: key → (expected, actual).

        Traffic weights that a deployment is shifting right now are not drift.
        """
        if self.template is None or self.template == self.config:  # no drift, the usual case: one comparison
            return {}
        shifting = {"traffic"} if self.status.get("deploying") else set()
        return {
            key: (expected, self.config.get(key))
            for key, expected in sorted(self.template.items())
            if self.config.get(key) != expected and key not in shifting
        }

    def observed_at(self, tick: int) -> dict[str, float]:
        """The observables in force at ``tick`` (empty before the first record)."""
        index = bisect_right(self.history_ticks, tick) - 1
        return self.history[index][0] if index >= 0 else {}

    def segments(self, start: int, end: int) -> Iterable[tuple[int, int, tuple[dict[str, float], dict[str, float]]]]:
        """``(from, to, (observed, causes))`` pieces covering ``[start, end)`` where history exists."""
        ticks = self.history_ticks
        index = max(bisect_right(ticks, start) - 1, 0)
        while index < len(ticks) and ticks[index] < end:
            seg_start = max(ticks[index], start)
            seg_end = min(ticks[index + 1] if index + 1 < len(ticks) else end, end)
            if seg_end > seg_start:
                yield seg_start, seg_end, self.history[index]
            index += 1

    def __deepcopy__(self, memo: dict[int, Any]) -> Node:
        """A copy for a forked game that shares what never changes in place.

        ``observed``, ``causes``, ``passing`` and the entries of ``history`` are replaced,
        never edited, so the copy shares them and copies only the lists of history (and the
        datapoints computed from it): a fork then costs the node's current state, not the
        length of the game so far. ``config``, ``template`` and ``status`` are edited in
        place and are copied deeply.
        """
        clone = Node.__new__(Node)
        memo[id(self)] = clone
        for name in _SHARED_SLOTS:
            setattr(clone, name, getattr(self, name))
        clone.history = list(self.history)
        clone.history_ticks = list(self.history_ticks)
        clone.datapoints = dict(self.datapoints)
        clone.config = copy.deepcopy(self.config, memo)
        clone.template = copy.deepcopy(self.template, memo)
        clone.status = copy.deepcopy(self.status, memo)
        return clone

    def state(self) -> dict[str, Any]:
        """The canonical, JSON-able state of this node (for digests and forks)."""
        return {
            "config": self.config,
            "template": self.template,
            "status": self.status,
            "load": self.load,
            "ok": self.ok,
            "latency": self.latency,
            "passing": self.passing,
        }


#: Node attributes a fork shares with its parent: immutable values, the resource type (a
#: singleton), and dicts that are replaced whole, never edited (see :meth:`Node.__deepcopy__`).
_SHARED_SLOTS = tuple(
    sorted(set(Node.__slots__) - {"config", "template", "status", "history", "history_ticks", "datapoints"})
)


def distort(observed: dict[str, float], anomalies: dict[str, dict[str, Any]]) -> None:
    """Apply red herrings to a node's observables: each scales and raises one metric source
    (and its per-version keys), changing what CloudWatch shows and nothing that is served."""
    for anomaly in anomalies.values():
        source = anomaly["source"]
        keys = [k for k in observed if k == source or k.startswith(f"{source}@")] or [source]
        for key in keys:
            observed[key] = max(observed.get(key, 0.0) * anomaly["factor"] + anomaly["add"], 0.0)


#: World attributes that are the graph or are indexed from it (by :meth:`World._index_graph`):
#: forks share them, since a change to the graph replaces them instead of editing them.
_FROM_GRAPH = frozenset(
    {
        "graph",
        "callees",
        "callers",
        "trigger_out",
        "trigger_in",
        "role_of",
        "role_users",
        "key_of",
        "protected_by",
        "groups_of",
        "monitored",
        "guarded_by_group",
        "edge_data",
        "routes_to",
        "report_readers",
        "by_type",
        "config_readers",
        "topo",
        "readers_of",
    }
)


class World:
    """Graph, node states and the incremental propagation of load, success and latency."""

    def __init__(self, graph: nx.DiGraph, nodes: dict[str, Node]) -> None:
        self.graph = graph
        self.nodes = nodes
        self.tick = 0
        self.entry_rates: dict[str, float] = {}
        self.trigger_rates: dict[tuple[str, str], float] = {}
        self.route_shares: dict[str, dict[str, float]] = {}
        self.pools: dict[str, Any] = {}
        self.cost_rate_total = 0.0
        self.ticking: set[str] = set()
        self.changed: set[str] = set()
        self._dirty_load: set[str] = set()
        self._dirty_local: set[str] = set()
        self._next_dirty_load: set[str] = set()
        self._next_dirty_local: set[str] = set()
        self._iam_answers: dict[str, dict[tuple[str, str], bool]] = {}
        self._quiet: dict[str, int] = {}
        self._index_graph()
        for node in nodes.values():
            node.status = node.type.initial_status(node)
        self._dirty_local.update(nodes)
        self._dirty_load.update(nodes)

    def __deepcopy__(self, memo: dict[int, Any]) -> World:
        """A copy for a forked game that shares the graph and its indexes (:data:`_FROM_GRAPH`):
        they are never edited in place (see :meth:`_change_graph`), so copying them would
        only make each fork cost more."""
        clone = copy.copy(self)
        memo[id(self)] = clone
        for name, value in vars(self).items():
            if name not in _FROM_GRAPH:
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone

    # -- structure ----------------------------------------------------------------------
    def _index_graph(self) -> None:
        """Precompute adjacency by edge kind; rerun when edges are added or removed."""
        g = self.graph
        sync = nx.DiGraph()
        sync.add_nodes_from(g.nodes)
        self.callees: dict[str, list[tuple[str, str]]] = {n: [] for n in g.nodes}
        self.callers: dict[str, list[str]] = {n: [] for n in g.nodes}
        self.trigger_out: dict[str, list[str]] = {n: [] for n in g.nodes}
        self.trigger_in: dict[str, list[str]] = {n: [] for n in g.nodes}
        self.role_of: dict[str, str] = {}
        self.role_users: dict[str, list[str]] = {}
        self.key_of: dict[str, list[str]] = {}
        self.protected_by: dict[str, list[str]] = {}
        self.groups_of: dict[str, list[str]] = {}
        self.monitored: dict[str, list[str]] = {}
        self.guarded_by_group: dict[str, list[str]] = {}
        # each edge's attributes by (src, dst): the graph's own dicts, so a change to one shows here
        self.edge_data: dict[tuple[str, str], dict[str, Any]] = {(a, b): data for a, b, data in g.edges(data=True)}
        for src, dst, kind in sorted(g.edges(data="kind")):
            if kind in SYNC_KINDS:
                sync.add_edge(src, dst)
                self.callees[src].append((dst, kind))
                self.callers[dst].append(src)
            elif kind == "triggers":
                self.trigger_out[src].append(dst)
                self.trigger_in[dst].append(src)
            elif kind == "uses_role":
                self.role_of[src] = dst
                self.role_users.setdefault(dst, []).append(src)
            elif kind == "encrypts_with":
                self.key_of.setdefault(src, []).append(dst)
                self.protected_by.setdefault(dst, []).append(src)
            elif kind == "monitors":
                self.monitored.setdefault(src, []).append(dst)
            elif kind == "secured_by":
                self.groups_of.setdefault(src, []).append(dst)
                self.guarded_by_group.setdefault(dst, []).append(src)
        self.routes_to = {n: [c for c, kind in callees if kind == "routes"] for n, callees in self.callees.items()}
        self.report_readers = {
            n: [c for c in callers if self.nodes[c].type.reads_callee_reports] for n, callers in self.callers.items()
        }
        self.by_type: dict[str, list[str]] = {}
        for node_id in sorted(self.nodes):
            self.by_type.setdefault(self.nodes[node_id].type.id, []).append(node_id)
        self.config_readers: dict[str, list[str]] = {}
        for node_id in sorted(self.nodes):
            for ref in self.nodes[node_id].type.config_refs(self.nodes[node_id]):
                self.config_readers.setdefault(ref, []).append(node_id)
        order = nx.lexicographical_topological_sort(sync)
        self.topo = {node_id: index for index, node_id in enumerate(order)}
        self.readers_of = {node_id: self._readers(node_id) for node_id in self.nodes}

    def _readers(self, node_id: str) -> tuple[str, ...]:
        """The nodes :meth:`touch` recomputes along with ``node_id``: those that run with it as
        their role (and the queues their pollers read), name it in their configuration or are
        encrypted with it (and their callers), and the readers of what it guards (see
        :meth:`touch_readers`). Known from the graph alone, so indexed once, not found per touch."""
        readers: set[str] = set()
        for user in self.role_users.get(node_id, ()):
            readers.add(user)
            readers.update(self.trigger_in[user])  # a queue's poller runs with its consumer's role
        readers.update(self.config_readers.get(node_id, ()))
        for protected in self.protected_by.get(node_id, ()):
            readers.add(protected)
            readers.update(self.callers[protected])
        for guarded in self.guarded_by_group.get(node_id, ()):
            readers.update(self._network_readers(guarded))
        return tuple(sorted(readers))

    def _network_readers(self, node_id: str) -> list[str]:
        """A node, its callers and theirs: who reads its security groups when they connect."""
        callers = self.callers[node_id]
        return [node_id, *callers, *(c for caller in callers for c in self.callers[caller])]

    def _change_graph(self, change: Callable[[nx.DiGraph], Any]) -> None:
        """Apply ``change`` to a copy of the graph, then re-index: forks share the graph
        (see :meth:`__deepcopy__`), so it is replaced, never edited in place."""
        graph = self.graph.copy()
        change(graph)
        self.graph = graph
        self._index_graph()

    def add_edge(self, src: str, dst: str, kind: str, **attrs: Any) -> None:
        """Add an edge at run time (an action that wires a DLQ, say) and re-index."""
        self._change_graph(lambda graph: graph.add_edge(src, dst, kind=kind, **attrs))
        self.touch(src)
        self.touch(dst)

    def remove_edge(self, src: str, dst: str) -> None:
        """Remove an edge at run time and re-index."""
        self._change_graph(lambda graph: graph.remove_edge(src, dst))
        self.trigger_rates.pop((src, dst), None)
        self.touch(src)
        self.touch(dst)
        self._dirty_load.add(dst)

    def set_edge_attr(self, src: str, dst: str, name: str, value: Any) -> None:
        """Change an attribute of the edge ``src → dst`` (the event a producer sends, say)."""
        self._change_graph(lambda graph: graph.edges[src, dst].update({name: value}))

    def edge_attr(self, src: str, dst: str, name: str, default: Any = None) -> Any:
        """An attribute of the edge ``src → dst`` (``ratio``, ``weight``, ...)."""
        return self.edge_data[src, dst].get(name, default)

    def related(self, node_id: str, kind: str, *, incoming: bool = False) -> list[str]:
        """Neighbours along edges of one kind, sorted (e.g. the stack a node is managed by)."""
        if incoming:
            pairs = self.graph.in_edges(node_id, data="kind")
            return sorted(src for src, _, k in pairs if k == kind)
        return sorted(dst for _, dst, k in self.graph.out_edges(node_id, data="kind") if k == kind)

    def of_type(self, type_id: str) -> list[Node]:
        """Every node of one resource type, in id order."""
        return [self.nodes[n] for n in self.by_type.get(type_id, ())]

    # -- mutation -------------------------------------------------------------------------
    def touch(self, node_id: str) -> None:
        """Mark a node's state as changed: recompute it and whatever reads it this tick.

        Roles and keys are read by the resources that use them, and a key protecting a data
        store is checked on every caller of that store, so those are marked too (see
        :meth:`_readers`).
        """
        self.changed.add(node_id)
        self._dirty_local.add(node_id)
        self._dirty_local.update(self.readers_of[node_id])
        node = self.nodes[node_id]
        node.changed_at = self.tick
        node.version += 1
        self._iam_answers.pop(node_id, None)

    def mark_quiet(self, node_id: str) -> None:
        """A periodic check of ``node_id`` changed nothing this tick (see :meth:`unchanged_since_quiet`)."""
        self._quiet[node_id] = self.tick

    def unchanged_since_quiet(self, node_id: str, inputs: Iterable[str]) -> bool:
        """Whether a periodic check can be skipped: its last run changed nothing and none of
        the nodes it reads has changed since — it would come to the same answer."""
        quiet = self._quiet.get(node_id)
        return quiet is not None and all(self.nodes[n].changed_at < quiet for n in inputs)

    def touch_readers(self, node_id: str) -> None:
        """Recompute a node and its callers (whose network checks read its security groups)."""
        self._dirty_local.update(self._network_readers(node_id))

    def touch_next(self, node_ids: Iterable[str]) -> None:
        """Mark nodes changed at the start of the next tick (shared pools settle with a lag)."""
        self._next_dirty_local.update(node_ids)

    def set_config(self, node_id: str, key: str, value: Any) -> None:
        """Change one key of a node's actual configuration."""
        self.nodes[node_id].config[key] = value
        self.touch(node_id)
        # what an asynchronous producer may deliver here depends on this configuration (a policy)
        self._dirty_local.update(self.trigger_in[node_id])
        self._stack_changed(node_id)

    def set_template(self, node_id: str, key: str, value: Any) -> None:
        """Change one key of a node's desired (template) configuration."""
        template = self.nodes[node_id].template
        if template is not None:
            template[key] = value
            self.touch(node_id)
            self._stack_changed(node_id)

    def _stack_changed(self, node_id: str) -> None:
        """A member's configuration or template changed, so its stack's drift status may have too."""
        stack = self.nodes[node_id].stack
        if stack is not None and stack in self.nodes:
            self.changed.add(stack)

    def set_status(self, node_id: str, **values: Any) -> None:
        """Change runtime status values of a node."""
        self.nodes[node_id].status.update(values)
        self.touch(node_id)

    def set_impairment(self, node_id: str, name: str, ok: float, cause: str) -> None:
        """Impose (``ok`` < 1) or lift (``ok`` = 1) a named impairment on a node's own success."""
        current = self.nodes[node_id].status.get("impairments", {})
        if ok >= 1.0 and name not in current:
            return
        if name in current and abs(current[name]["ok"] - ok) < EPSILON and current[name]["cause"] == cause:
            return
        impairments = {k: v for k, v in current.items() if k != name}
        if ok < 1.0:
            impairments[name] = {"ok": ok, "cause": cause}
        self.set_status(node_id, impairments=impairments)

    def set_entry_rate(self, node_id: str, rate: float) -> None:
        """Set the outside request rate (per second) arriving at an entry node."""
        self.entry_rates[node_id] = rate
        self._dirty_load.add(node_id)

    def start_ticking(self, node_id: str) -> None:
        """Ask for :meth:`ResourceType.on_tick` on this node every tick until it says stop."""
        self.ticking.add(node_id)

    # -- permissions --------------------------------------------------------------------
    def role_config(self, node_id: str) -> tuple[str | None, dict[str, Any] | None]:
        """The role a node runs as and that role's configuration."""
        role = self.role_of.get(node_id)
        return role, (self.nodes[role].config if role else None)

    def role_can(self, node_id: str, action: str, resource: str) -> bool:
        """Whether the role ``node_id`` runs as allows ``action`` on ``resource``."""
        role = self.role_of.get(node_id)
        return role is not None and self.role_allows(role, action, resource)

    def role_allows(self, role: str, action: str, resource: str) -> bool:
        """``iam.role_allows`` for a role node, remembered until the role is touched."""
        answers = self._iam_answers.setdefault(role, {})
        key = (action, resource)
        if key not in answers:
            answers[key] = iam.role_allows(self.nodes[role].config, action, resource)
        return answers[key]

    def admits(self, target: str, principal: str, source: str) -> bool:
        """Whether ``target``'s resource policy lets a service principal in from ``source``."""
        config = self.nodes[target].config
        if "resource_policy" not in config:
            return True
        return iam.resource_policy_allows(config["resource_policy"], principal, source)

    def event_of(self, origin: str, into: str) -> dict[str, Any]:
        """The EventBridge event ``origin`` puts on ``into`` (edge ``event``, else its type's)."""
        event = self.graph.edges[origin, into].get("event") if self.graph.has_edge(origin, into) else None
        if event:
            return event
        return self.nodes[origin].type.event or {"source": f"custom.{origin}", "detail-type": "Custom Event"}

    def access(self, caller: str, callee: str, kind: str) -> str | None:
        """Why ``caller`` may not use ``callee`` through a ``kind`` edge, or ``None`` if it may.

        AWS services acting for the caller (API Gateway, EventBridge, S3, SNS) need the
        callee's resource policy to admit their service principal; code running with a role
        needs the role's identity policy; data behind a KMS key also needs the key; and a
        caller type can add its own network checks (security groups). Before all that, the
        callee's endpoint must resolve: ``endpoint_failure`` in its status is the error every
        client gets while it does not (a fault sets it, and touches the callee's readers).
        """
        source, target = self.nodes[caller], self.nodes[callee]
        unresolved = target.status.get("endpoint_failure")
        if unresolved:  # the request never leaves the caller (an endpoint whose DNS answer is empty)
            return str(unresolved)
        principal = source.type.service_principal
        if principal and "resource_policy" in target.config:
            if not self.admits(callee, principal, caller):
                return (
                    f"AccessDeniedException: {principal} is not authorized to perform "
                    f"{target.type.iam_actions.get(kind, 'lambda:InvokeFunction')} on {callee} "
                    f"(no resource-based policy statement allows it for source {caller})"
                )
        else:
            action = target.type.iam_actions.get(kind)
            role = self.role_of.get(caller)
            if action and role is not None and not self.role_allows(role, action, callee):
                return (
                    f"AccessDenied: User: arn:aws:sts::123456789012:assumed-role/{role}/{caller} is not "
                    f"authorized to perform: {action} on resource: {callee}"
                )
        if target.type.kms_protected_data and kind in ("reads", "writes", "calls"):
            denied = self.kms_denied(caller, callee, "kms:Decrypt" if kind == "reads" else "kms:GenerateDataKey")
            if denied:
                return denied
        return source.type.reach(source, target, self)

    def kms_denied(self, caller: str, resource: str, action: str) -> str | None:
        """Why ``caller`` cannot use the KMS key protecting ``resource``, or ``None``."""
        role, role_config = self.role_config(caller)
        for key in self.key_of.get(resource, ()):
            key_node = self.nodes[key]
            if key_node.type.id != "kms_key":
                continue
            if not iam.key_allows(key_node.config, role, role_config, action, key):
                state = key_node.config.get("state", "Enabled")
                if state != "Enabled":
                    return f"KMSInvalidStateException: {key} is {state} ({action} on behalf of {resource})"
                return (
                    f"AccessDeniedException: {role or caller} is not authorized to perform {action} "
                    f"on key {key} (needed for {resource})"
                )
        return None

    def event_route(self, source: str, target: str) -> list[str] | None:
        """The shortest chain of ``triggers`` edges from ``source`` to ``target``, if any."""
        previous: dict[str, str | None] = {source: None}
        frontier = [source]
        while frontier:
            following = []
            for node_id in frontier:
                for nxt in self.trigger_out[node_id]:
                    if nxt not in previous:
                        previous[nxt] = node_id
                        following.append(nxt)
            if target in previous:
                route = [target]
                while previous[route[-1]] is not None:
                    route.append(previous[route[-1]])  # type: ignore[arg-type]
                return route[::-1]
            frontier = following
        return None

    def delivery_problem(self, source: str, target: str) -> str | None:
        """Why events from ``source`` do not reach ``target`` (each hop asked), or ``None``."""
        route = self.event_route(source, target)
        if route is None:
            return f"no event route from {source} to {target}"
        for upstream, hop, downstream in zip(route, route[1:], route[2:], strict=False):
            problem = self.nodes[hop].type.relay_problem(self.nodes[hop], route[0], upstream, downstream, self)
            if problem:
                return problem
        return None

    def inbound(self, node_id: str, kinds: tuple[str, ...] | None = None) -> float:
        """Requests per second reaching a node through sync edges (of the given kinds)."""
        rate = 0.0
        for caller in self.callers[node_id]:
            if kinds is None or self.edge_data[caller, node_id]["kind"] in kinds:
                source = self.nodes[caller]
                share = self.route_shares.get(caller, {}).get(node_id, 1.0)
                passing = source.passing.get(node_id, 1.0)
                rate += source.load * share * passing * self.edge_attr(caller, node_id, "ratio", 1.0)
        return rate

    # -- propagation --------------------------------------------------------------------
    def begin_tick(self) -> None:
        """Start a tick: deliver last tick's async events and forget what changed before."""
        self.tick += 1
        self.changed = set()
        self._dirty_load |= self._next_dirty_load
        self._next_dirty_load = set()
        for node_id in self._next_dirty_local:
            self.touch(node_id)
        self._next_dirty_local = set()

    def run_ticking(self) -> None:
        """Advance every resource that asked for a per-second update."""
        for node_id in sorted(self.ticking):
            node = self.nodes[node_id]
            if not node.type.on_tick(node, self):
                self.ticking.discard(node_id)

    def propagate(self) -> None:
        """Recompute load (downwards) and success/latency (upwards) for dirty nodes only."""
        topo = self.topo
        down = [(topo[n], n) for n in self._dirty_load | self._dirty_local]
        heapq.heapify(down)
        queued = {n for _, n in down}
        up_set = set(self._dirty_local)
        self._dirty_load = set()
        self._dirty_local = set()
        while down:
            _, node_id = heapq.heappop(down)
            queued.discard(node_id)
            if self._recompute_load(node_id):
                up_set.add(node_id)
                for callee, _ in self.callees[node_id]:
                    if callee not in queued:
                        queued.add(callee)
                        heapq.heappush(down, (topo[callee], callee))
        up = [(-topo[n], n) for n in up_set]
        heapq.heapify(up)
        queued = set(up_set)
        while up:
            _, node_id = heapq.heappop(up)
            queued.discard(node_id)
            for caller in self._recompute_success(node_id):
                if caller not in queued:
                    queued.add(caller)
                    heapq.heappush(up, (-topo[caller], caller))

    def _recompute_load(self, node_id: str) -> bool:
        node = self.nodes[node_id]
        load = self.entry_rates.get(node_id, 0.0) + float(node.status.get("extra_load", 0.0))
        load += self.inbound(node_id)
        for producer in self.trigger_in[node_id]:
            load += self.trigger_rates.get((producer, node_id), 0.0)
        shares = self._shares(node)
        changed = abs(load - node.load) > EPSILON or shares != self.route_shares.get(node_id, {})
        if changed:
            node.changed_at = self.tick
        if load != node.load:
            node.version += 1
        node.load = load
        if shares:
            self.route_shares[node_id] = shares
        return changed

    def _shares(self, node: Node) -> dict[str, float]:
        targets = self.routes_to[node.id]
        if not targets:
            return {}
        weights = node.type.route_weights(node, self)
        if weights is None:
            weights = {t: float(self.edge_attr(node.id, t, "weight", 1.0)) for t in targets}
        total = sum(max(weights.get(t, 0.0), 0.0) for t in targets)
        if total <= 0:
            return dict.fromkeys(targets, 0.0)
        return {t: max(weights.get(t, 0.0), 0.0) / total for t in targets}

    def _recompute_success(self, node_id: str) -> list[str]:
        """Recompute one node's success, latency and observables; return the callers to redo.

        Callers read this node's success and latency; while it fails they also read its
        causes (for their own log lines); and callers whose type reads more of what this
        node reports (a load balancer its target group's Target 5XX, a target group its
        targets' host counts) are redone whenever that changes — the last also next tick,
        since their routing (the load phase) depends on it.
        """
        node = self.nodes[node_id]
        local = self._local(node)
        ok = local.ok
        latency = local.latency_ms
        causes = {text: share * node.load for text, share in local.causes if share > 0}
        # what access() says of each edge, asked once: both loops below read it
        denials = {
            (callee_id, kind): self.access(node_id, callee_id, kind) for callee_id, kind in self.callees[node_id]
        }
        passing: dict[str, float] = {}
        for callee_id, kind in self.callees[node_id]:
            through = local.ok * self._reaches(node, callee_id, denials[callee_id, kind])
            if through < 1.0:
                passing[callee_id] = through
        if passing != node.passing:
            node.passing = passing
            node.version += 1
            self._next_dirty_load.update(c for c, _ in self.callees[node_id])
        for callee_id, kind in self.callees[node_id]:
            if kind == "routes" or self.edge_attr(node_id, callee_id, "optional", False):
                continue
            edge_ok, why = self._edge(node, callee_id, kind, denials[callee_id, kind])
            self._blame(node, causes, why, ok * (1.0 - edge_ok))
            ok *= edge_ok
            latency += self.nodes[callee_id].latency * self.edge_attr(node_id, callee_id, "ratio", 1.0)
        shares = self.route_shares.get(node_id)
        if shares is not None:
            routed_ok = 0.0
            for callee_id, share in shares.items():
                key = (callee_id, "routes")  # a route removed at run time can leave its share behind
                denied = denials[key] if key in denials else self.access(node_id, callee_id, "routes")
                edge_ok, why = self._edge(node, callee_id, "routes", denied)
                self._blame(node, causes, why, ok * share * (1.0 - edge_ok))
                routed_ok += share * edge_ok
                latency += share * self.nodes[callee_id].latency
            ok *= routed_ok
        observed = {
            "requests": node.load,
            "ok": node.load * ok,
            "errors": node.load * (1.0 - ok),
            "latency_ms": latency,
        }
        observed.update(local.extras)
        node.type.finish(node, observed, self)
        if node.status.get("anomalies"):
            distort(observed, node.status["anomalies"])
        changed = abs(ok - node.ok) > EPSILON or abs(latency - node.latency) > EPSILON
        if changed:
            for producer in self.trigger_in[node_id]:
                if self.nodes[producer].type.stateful_delivery:
                    self.ticking.add(producer)
            for callee, kind in self.callees[node_id]:
                if kind == "writes":  # the rules behind a bus read what its producers really put on it
                    self._next_dirty_local.update(self.trigger_out[callee])
        new_causes = causes != node.causes
        blamed = new_causes and ok < 1.0
        reported = observed != node.observed
        if changed or reported or blamed:
            node.changed_at = self.tick
        if (ok, latency) != (node.ok, node.latency):
            node.version += 1
        node.ok, node.local_ok, node.latency = ok, local.ok, latency
        self._record(node, observed, causes, reported or new_causes)
        self._emit(node)
        cost = node.type.hourly_cost(node)
        if cost != node.cost_rate:
            self.cost_rate_total += cost - node.cost_rate
            node.cost_rate = cost
        if changed or blamed:
            return self.callers[node_id]
        if not reported:
            return []
        readers = self.report_readers[node_id]
        self._next_dirty_load.update(readers)
        return readers

    def _edge(self, node: Node, callee_id: str, kind: str, denied: str | None) -> tuple[float, str]:
        """Success of one outgoing edge and, if it fails, the log text that says why
        (``denied``: what :meth:`access` says of the edge).

        Connections a caller holds open to a store that failed over (``stale_connections``
        in its status) fail until its pools are recycled. A callee that answers some kinds of
        request and not others (S3 serving GET but not PUT) says so with ``kind_success``.
        """
        if denied:
            return 0.0, denied
        callee = self.nodes[callee_id]
        ok, why = callee.ok, ""
        by_kind = callee.type.kind_success(callee, kind)
        if by_kind is not None:
            ok, why = by_kind
        stale = float(node.status.get("stale_connections", {}).get(callee_id, 0.0))
        if stale > 0 and ok > 0:
            return ok * (1.0 - stale), callee.type.stale_connection_error(callee)
        return ok, why or node.type.downstream_error(node, callee)

    @staticmethod
    def _reaches(node: Node, callee_id: str, denied: str | None) -> float:
        """Share of the requests ``node`` sends that reach ``callee_id`` and load it
        (``denied``: what :meth:`access` says of the edge).

        Refused ones (permissions, a security group, a stale connection to an old address)
        never arrive: the callee sits idle while its caller fails.
        """
        if denied:
            return 0.0
        return 1.0 - float(node.status.get("stale_connections", {}).get(callee_id, 0.0))

    @staticmethod
    def _blame(node: Node, causes: dict[str, float], why: str, fraction: float) -> None:
        if fraction > EPSILON and node.load > 0:
            causes[why] = causes.get(why, 0.0) + fraction * node.load

    def _local(self, node: Node) -> Local:
        """The type's own behaviour, with any generic impairments (an AZ outage, say) applied."""
        local = node.type.local(node, self)
        impairments = node.status.get("impairments")
        if not impairments:
            return local
        ok, latency, causes = local.ok, local.latency_ms, list(local.causes)
        for name in sorted(impairments):
            impairment = impairments[name]
            factor = float(impairment.get("ok", 1.0))
            if factor < 1.0:
                causes.append((impairment.get("cause", name), ok * (1.0 - factor)))
            ok *= factor
            latency += float(impairment.get("latency_ms", 0.0))
        return Local(ok=ok, latency_ms=latency, causes=tuple(causes), extras=local.extras)

    def _record(self, node: Node, observed: dict[str, float], causes: dict[str, float], differs: bool) -> None:
        """Keep a node's new observables and causes (``differs``: from the last ones) in its history."""
        if not differs and node.history:
            return
        self.changed.add(node.id)
        node.observed, node.causes = observed, causes
        if node.history_ticks and node.history_ticks[-1] == self.tick:
            node.history[-1] = (observed, causes)
        else:
            node.history_ticks.append(self.tick)
            node.history.append((observed, causes))

    def _emit(self, node: Node) -> None:
        for target in self.trigger_out[node.id]:
            rate = node.type.emit(node, target, self)
            if abs(rate - self.trigger_rates.get((node.id, target), 0.0)) > EPSILON:
                self.trigger_rates[(node.id, target)] = rate
                self._next_dirty_load.add(target)

    # -- reading ------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Canonical JSON-able state of the whole world."""
        return {
            "nodes": {node_id: self.nodes[node_id].state() for node_id in sorted(self.nodes)},
            **self.shared_state(),
        }

    def node_digests(self) -> str:
        """One line per node, ``id:sha256`` of its state; a node's hash is redone only when it
        changed (its ``version`` moved), so digests cost what changed plus one join."""
        lines = []
        for node_id in sorted(self.nodes):
            node = self.nodes[node_id]
            if node.digest_cache is None or node.digest_cache[0] != node.version:
                node.digest_cache = (node.version, hashlib.sha256(canonical_json(node.state()).encode()).hexdigest())
            lines.append(f"{node_id}:{node.digest_cache[1]}")
        return "\n".join(lines)

    def shared_state(self) -> dict[str, Any]:
        """The world's state outside its nodes."""
        return {
            "tick": self.tick,
            "entry_rates": dict(sorted(self.entry_rates.items())),
            "trigger_rates": {f"{a}>{b}": r for (a, b), r in sorted(self.trigger_rates.items())},
            "pools": self.pools,
            "ticking": sorted(self.ticking),
        }
