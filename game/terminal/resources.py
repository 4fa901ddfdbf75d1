"""The architecture as the player knows it: the list of resources and ``inspect NODE``.

A node's true health, success rate and load never appear: the player sees its type, where
it sits, what it connects to, the alarms on it, its configuration as the architecture
documents it (the live settings are what investigations are for), the actions in flight on
it and the findings of their own investigations (DESIGN §4).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from warroom.engine import RESOURCES, Event, Snapshot, did_you_mean
from warroom.engine import events as ev

from .dashboard import in_flight_view
from .game import TerminalGame
from .parsing import InputError
from .screen import event_text

RECENT_FINDINGS = 3


def _type_title(type_id: str) -> str:
    return RESOURCES.get(type_id).title if type_id in RESOURCES else type_id


def nodes_view(snap: Snapshot) -> Table:
    """The architecture's resources: id, type, label, stack and the alarms on each."""
    states = {a.id: a.state for a in snap.alarms}
    table = Table(title="Resources", title_justify="left")
    for column in ("node", "type", "label", "stack", "alarms"):
        table.add_column(column)
    for node in snap.nodes:
        alarms = ", ".join(f"{a} ({states.get(a, '?')})" for a in node.alarms)
        table.add_row(node.id, _type_title(node.type), node.label, node.stack or "", alarms)
    return table


def find_node(snap: Snapshot, node_id: str) -> None:
    """Raise :class:`InputError` (with a did-you-mean) unless ``node_id`` is a resource."""
    ids = [n.id for n in snap.nodes]
    if node_id not in ids:
        hint = did_you_mean(node_id, ids)
        raise InputError(f"no resource called {node_id!r}" + (f"; {hint}" if hint else "; type 'nodes' to list them"))


def short(value: Any, limit: int = 90) -> str:
    """A configuration value on one line (JSON for structures), cut to ``limit`` characters."""
    text = value if isinstance(value, str) else json.dumps(value, separators=(", ", ": "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _connections(snap: Snapshot, node_id: str) -> list[str]:
    out = [f"{kind} → {b}" for a, b, kind in snap.edges if a == node_id]
    out += [f"{kind} ← {a}" for a, b, kind in snap.edges if b == node_id]
    return out


def _findings_on(feed: Iterable[Event], node_id: str) -> list[Event]:
    return [e for e in feed if isinstance(e, ev.ActionCompleted) and e.target == node_id and e.findings]


def inspect_view(game: TerminalGame, node_id: str) -> RenderableType:
    """What the player may know about one resource (never its true health)."""
    snap = game.view()
    find_node(snap, node_id)
    node = next(n for n in snap.nodes if n.id == node_id)
    states = {a.id: a for a in snap.alarms}
    head = Text(f"{node.id}", style="bold")
    head.append(f" — {_type_title(node.type)} ({node.type}), “{node.label}”")
    where = (
        f"region {node.region}" + (f", {node.az}" if node.az else "") + (f", stack {node.stack}" if node.stack else "")
    )
    parts: list[RenderableType] = [head, Text(where)]
    links = _connections(snap, node_id)
    if links:
        parts.append(Text("Connections: " + "; ".join(links)))
    if node.alarms:
        watching = []
        for alarm_id in node.alarms:
            alarm = states.get(alarm_id)
            watching.append(f"{alarm_id} {alarm.state} ({alarm.metric})" if alarm else alarm_id)
        parts.append(Text("Alarms watching it: " + ", ".join(watching)))
    else:
        parts.append(Text("No alarm watches it.", style="dim"))
    spec = next((s for s in game.scenario.architecture.nodes if s.id == node_id), None)
    if spec is not None and spec.config:
        config = Text("Configuration as documented (investigate for the live settings):")
        for key, value in spec.config.items():
            config.append(f"\n  {key}: {short(value)}")
        parts.append(config)
    parts.append(in_flight_view(snap, node_id))
    findings = _findings_on(snap.feed, node_id)
    if findings:
        parts.append(Text("Recent findings", style="bold"))
        parts += [event_text(e) for e in findings[-RECENT_FINDINGS:]]
    else:
        parts.append(Text(f"No findings yet; 'actions {node_id}' lists what you can do with it.", style="dim"))
    return Group(*parts)
