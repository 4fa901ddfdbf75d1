"""Where each resource sits on the architecture diagram, in abstract units.

One unit is one node's cell: computed layouts put neighbouring nodes one unit apart, and
the view turns units into pixels. When the scenario gives every node a ``position``, those
are used as they are. Otherwise the layout is computed, the same for the same architecture
whatever order its nodes and edges arrive in (everything is sorted; nothing is random):

* **flow nodes** — those joined by work edges (sync ``calls``/``reads``/``writes``/
  ``routes`` and async ``triggers``) — go in columns, left to right, by their depth along
  those edges (cycles count as one step), every other unit;
* **satellites** — resources that only relate to others (roles, keys, certificates,
  security groups, alarms, log groups, stacks, pipelines…) — sit in a small two-wide grid
  under the flow node they belong to (the alarm under what it watches, the role under what
  uses it), or under another satellite (a pipeline under its deployment group); those with
  nothing to belong to, or in another AZ than their resource, go in a row under their band;
* within a column, nodes are ordered by the mean height of their upstream neighbours (fewer
  crossings), and pushed down only as far as needed to keep one unit apart;
* each Availability Zone is a horizontal band (nodes without one first), so AZ boxes never
  overlap and hold only their zone's nodes; Regions sit side by side. A Region without AZs
  packs its independent parts (services that share no work edge) into shelves shaped like
  the play screen's diagram area, so 300 nodes stay a screen-shaped diagram, not a column.

There is no force-directed pass: it would undo the columns' alignment that makes the flow
readable, and cost more than the rest at 300 nodes. :func:`groups` gives the Region and AZ
boxes around the placed nodes, and :func:`arrange` bundles positions, boxes, the room each
label has and the bounds for the view.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import networkx as nx
from warroom.engine import EDGE_KINDS, SYNC_KINDS, WORK_KINDS

Position = tuple[float, float]
Edge = tuple[str, str, str]
Box = tuple[float, float, float, float]  # left, top, right, bottom

ASYNC_KINDS = WORK_KINDS - SYNC_KINDS


def flow_of(kind: str) -> str:
    """``sync``, ``async`` or ``relation``: how an edge kind is drawn."""
    return EDGE_KINDS[kind].flow.value if kind in EDGE_KINDS else "relation"


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
# Which relation makes the closest neighbour, best first. ``managed_by`` is left out: a stack
# relates to everything in it and belongs next to none of them in particular.
ANCHOR_KINDS = (
    "monitors",
    "uses_role",
    "secured_by",
    "encrypts_with",
    "triggers",
    "deploys",
    "reads",
    "writes",
    "calls",
    "routes",
    "replicates_to",
)

COLUMN = 2.0  # flow columns are two units apart: room for a two-wide grid of satellites
BAND_GAP = 1.2  # extra space between Availability Zone bands (room for the boxes' edges)
REGION_GAP = 1.0  # between Region boxes
SHELF_GAP = 1.0  # between packed parts of one Region
ASPECT = 1.2  # width ÷ height the packing aims for: the play screen gives the diagram 3/5 of a 16:9 window

# Box margins around the nodes, in cells. A node's icon and label take about ±0.5 across,
# 0.3 above and 0.45 below its position; a Region box leaves room for its AZ boxes and label.
AZ_PAD = (0.55, 0.8, 0.55, 0.6)  # left, top, right, bottom (the top holds the AZ's name)
REGION_PAD = (0.3, 0.5, 0.3, 0.3)  # around the nodes' and AZ boxes' margins (the top: the name)
AZ_MIN_WIDTH = 2.6  # an AZ box is at least this wide, so that its name can be read
ROW_BAND = 0.8  # nodes closer than this vertically may collide sideways (icon above, label below)
MAX_ROOM = 2.0  # a label is never wider than two cells


class NodeLike(Protocol):
    """What the diagram reads of a node (the engine's ``NodeView`` has it)."""

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


@dataclass(frozen=True)
class Group:
    """A labelled box around nodes: a Region, or an Availability Zone inside one."""

    kind: str  # "region" or "az"
    name: str
    box: Box


# -- the layout ----------------------------------------------------------------------------------
def compute_layout(nodes: Iterable[NodeLike], edges: Iterable[Edge]) -> dict[str, Position]:
    """Every node's position in units (see the module docstring)."""
    ordered = sorted(nodes, key=lambda n: n.id)
    given = {n.id: n.position for n in ordered if n.position is not None}
    if ordered and len(given) == len(ordered):
        return {node: (float(x), float(y)) for node, (x, y) in given.items()}
    known = {n.id for n in ordered}
    links = sorted({e for e in edges if e[0] in known and e[1] in known and e[0] != e[1]})
    regions: dict[str, list[NodeLike]] = defaultdict(list)
    for node in ordered:
        regions[node.region].append(node)
    layout: dict[str, Position] = {}
    left = 0.0
    for region in sorted(regions):
        members = regions[region]
        inside = {n.id for n in members}
        local = _region_layout(members, [e for e in links if e[0] in inside and e[1] in inside])
        box = next(g.box for g in groups(members, local) if g.kind == "region")
        layout.update({key: (x + left - box[0], y) for key, (x, y) in local.items()})
        left += box[2] - box[0] + REGION_GAP
    return layout


def _region_layout(nodes: list[NodeLike], edges: list[Edge]) -> dict[str, Position]:
    """One Region, with its top-left node at (0, 0)."""
    if any(n.az for n in nodes):
        return _normalised(_layered(nodes, edges))
    parts = [_normalised(_layered(part, _within(edges, part))) for part in _parts(nodes, edges)]
    return _pack(parts)


def _within(edges: list[Edge], nodes: list[NodeLike]) -> list[Edge]:
    ids = {n.id for n in nodes}
    return [e for e in edges if e[0] in ids and e[1] in ids]


def _flow_graph(nodes: list[NodeLike], edges: list[Edge]) -> nx.DiGraph:
    """Work edges between non-satellite nodes; only nodes with such an edge are in it."""
    eligible = {n.id for n in nodes if n.type not in SATELLITE_TYPES}
    graph = nx.DiGraph()
    graph.add_edges_from((a, b) for a, b, kind in edges if kind in WORK_KINDS and a in eligible and b in eligible)
    return graph


def _anchors(nodes: list[NodeLike], edges: list[Edge], flow: nx.DiGraph) -> dict[str, str]:
    """Each satellite's anchor: the placed neighbour in its own AZ if there is one, then by the
    closest relation, in rounds (a satellite may hang off another satellite). Nodes with no
    neighbour get none."""
    rank = {kind: i for i, kind in enumerate(ANCHOR_KINDS)}
    az = {n.id: n.az for n in nodes}
    neighbours: dict[str, list[tuple[bool, int, str]]] = defaultdict(list)
    for a, b, kind in edges:
        if kind in rank:
            neighbours[a].append((az[a] != az[b], rank[kind], b))
            neighbours[b].append((az[a] != az[b], rank[kind], a))
    placed = set(flow.nodes)
    pending = [n.id for n in nodes if n.id not in placed]
    anchor: dict[str, str] = {}
    while pending:
        found = {}
        for node in pending:
            candidates = [c for c in neighbours[node] if c[2] in placed]
            if candidates:
                found[node] = min(candidates)[2]
        if not found:
            break
        anchor.update(found)
        placed |= found.keys()
        pending = [node for node in pending if node not in found]
    return anchor


def _parts(nodes: list[NodeLike], edges: list[Edge]) -> list[list[NodeLike]]:
    """Independent parts of a Region: joined by work edges or by hanging off one another."""
    flow = _flow_graph(nodes, edges)
    joined = nx.Graph()
    joined.add_nodes_from(n.id for n in nodes)
    joined.add_edges_from(flow.edges)
    joined.add_edges_from(_anchors(nodes, edges, flow).items())
    by_id = {n.id: n for n in nodes}
    parts = [sorted((by_id[i] for i in component), key=lambda n: n.id) for component in nx.connected_components(joined)]
    return sorted(parts, key=lambda part: (-len(part), part[0].id))


def _columns(flow: nx.DiGraph) -> dict[str, int]:
    """Each flow node's depth along work edges (a cycle is one step)."""
    dag = nx.condensation(flow)
    depth: dict[int, int] = {}
    for component in nx.topological_sort(dag):
        depth[component] = max((depth[p] + 1 for p in dag.predecessors(component)), default=0)
    mapping = dag.graph["mapping"]
    return {node: depth[mapping[node]] for node in flow.nodes}


def _layered(nodes: list[NodeLike], edges: list[Edge]) -> dict[str, Position]:
    """Columns by depth, satellites under their anchors, AZ bands top to bottom."""
    by_id = {n.id: n for n in nodes}
    flow = _flow_graph(nodes, edges)
    column = _columns(flow)
    anchor = _anchors(nodes, edges, flow)
    # satellites ride in their flow node's cell (nearest first) when they share its AZ (or both
    # have none), so that a box never holds a node from outside its zone
    cell_of: dict[str, str] = {}
    hops: dict[str, int] = {}
    for node in anchor:
        root, steps = anchor[node], 1
        while root in anchor:
            root, steps = anchor[root], steps + 1
        if root in column and by_id[node].az == by_id[root].az:
            cell_of[node], hops[node] = root, steps
    # among equally near riders, those drawn joined to the flow node (a log group it writes) go
    # in the first row, so that their edge does not cross another rider
    work = [(a, b) for a, b, kind in edges if kind in WORK_KINDS]
    joined = set(work) | {(b, a) for a, b in work}
    riders: dict[str, list[str]] = defaultdict(list)
    for node in sorted(cell_of, key=lambda n: (hops[n], (n, cell_of[n]) not in joined, n)):
        riders[cell_of[node]].append(node)
    loose = sorted(n.id for n in nodes if n.id not in column and n.id not in cell_of)

    bands = sorted({n.az or "" for n in nodes})
    layout: dict[str, Position] = {}
    top = 0.0
    for band in bands:
        members = [node for node in column if (by_id[node].az or "") == band]
        bottom = _place_band(members, column, riders, flow, layout, top)
        spare = [node for node in loose if (by_id[node].az or "") == band]
        if spare:  # a row (or rows) under the band, as wide as the band's columns
            xs = [layout[node][0] for node in members] or [0.0]
            left, width = min(xs), max(2, round(max(xs) - min(xs)) + 1)
            for i, node in enumerate(spare):
                layout[node] = (left + i % width, bottom + 1 + i // width)
            bottom = max(y for _, y in layout.values())
        top = bottom + 1 + BAND_GAP
    return layout


def _place_band(
    members: list[str],
    column: dict[str, int],
    riders: dict[str, list[str]],
    flow: nx.DiGraph,
    layout: dict[str, Position],
    top: float,
) -> float:
    """Place one band's flow nodes (and their riders) column by column; return its lowest y."""
    bottom = top - 1
    for depth in sorted({column[node] for node in members}):
        here = {node: _upstream(node, flow, layout) for node in members if column[node] == depth}
        y = top
        for node in sorted(here, key=lambda n: (here[n], n)):
            y = max(y, here[node])
            x = depth * COLUMN
            layout[node] = (x, y)
            extra = riders.get(node, [])
            for i, rider in enumerate(extra):
                row, side = divmod(i, 2)
                layout[rider] = (x if len(extra) == 1 else x - 0.5 + side, y + 1 + row)
            y += 1 + math.ceil(len(extra) / 2)
            bottom = max(bottom, y - 1)
    return bottom


def _upstream(node: str, flow: nx.DiGraph, layout: dict[str, Position]) -> float:
    """The mean height of a node's placed upstream neighbours (−∞ when none is placed)."""
    above = [layout[p][1] for p in flow.predecessors(node) if p in layout]
    return sum(above) / len(above) if above else -math.inf


def _normalised(layout: dict[str, Position]) -> dict[str, Position]:
    left = min(x for x, _ in layout.values())
    top = min(y for _, y in layout.values())
    return {node: (x - left, y - top) for node, (x, y) in layout.items()}


def _pack(parts: list[dict[str, Position]]) -> dict[str, Position]:
    """Shelf-pack laid-out parts, tallest first (parts of a height share a shelf), at the shelf
    width that lets the whole fit largest into a screen ``ASPECT`` times wider than tall."""
    sized = [((max(x for x, _ in p.values()) + 1, max(y for _, y in p.values()) + 1), p) for p in parts]
    sized.sort(key=lambda item: (-item[0][1], -item[0][0], min(item[1])))
    sizes, parts = [size for size, _ in sized], [part for _, part in sized]
    widths = {max(w for w, _ in sizes)}
    reach = 0.0
    for width, _ in sizes:
        reach += width
        widths.add(reach)
        reach += SHELF_GAP
    best: tuple[float, dict[str, Position]] | None = None
    for limit in sorted(widths):
        layout, (width, height) = _shelves(parts, sizes, limit)
        fit = min(ASPECT / width, 1 / height)
        if best is None or fit > best[0]:
            best = (fit, layout)
    assert best is not None
    return best[1]


def _shelves(
    parts: list[dict[str, Position]], sizes: list[tuple[float, float]], limit: float
) -> tuple[dict[str, Position], tuple[float, float]]:
    """Parts left to right in shelves no wider than ``limit``; the layout and its size."""
    layout: dict[str, Position] = {}
    x = y = shelf = right = 0.0
    for part, (width, height) in zip(parts, sizes, strict=True):
        if x > 0 and x + width > limit:
            x, y, shelf = 0.0, y + shelf + SHELF_GAP, 0.0
        layout.update({node: (px + x, py + y) for node, (px, py) in part.items()})
        right = max(right, x + width)
        x += width + SHELF_GAP
        shelf = max(shelf, height)
    return layout, (right, y + shelf)


# -- boxes and bounds ----------------------------------------------------------------------------
def cell_size(layout: dict[str, Position]) -> float:
    """The layout's unit in its own coordinates: the median distance to the nearest neighbour
    (1 for computed layouts; authored positions may use any scale)."""
    points = sorted(set(layout.values()))
    if len(points) < 2:
        return 1.0
    nearest = []
    for i, (x, y) in enumerate(points):
        best = math.inf
        for j in range(i + 1, len(points)):  # sorted by x: stop once the x gap alone is too far
            if points[j][0] - x >= best:
                break
            best = min(best, math.hypot(points[j][0] - x, points[j][1] - y))
        for j in range(i - 1, -1, -1):
            if x - points[j][0] >= best:
                break
            best = min(best, math.hypot(points[j][0] - x, points[j][1] - y))
        nearest.append(best)
    nearest.sort()
    return nearest[len(nearest) // 2] or 1.0


def _around(points: Sequence[Position], pad: tuple[float, float, float, float], unit: float) -> Box:
    left, top, right, bottom = pad
    return (
        min(x for x, _ in points) - left * unit,
        min(y for _, y in points) - top * unit,
        max(x for x, _ in points) + right * unit,
        max(y for _, y in points) + bottom * unit,
    )


def _widened(box: Box, width: float) -> Box:
    """``box`` widened about its centre to at least ``width``."""
    left, top, right, bottom = box
    extra = max(width - (right - left), 0.0) / 2
    return (left - extra, top, right + extra, bottom)


def _grown(box: Box, pad: tuple[float, float, float, float], unit: float) -> Box:
    return (box[0] - pad[0] * unit, box[1] - pad[1] * unit, box[2] + pad[2] * unit, box[3] + pad[3] * unit)


def groups(nodes: Iterable[NodeLike], layout: dict[str, Position]) -> list[Group]:
    """A box per Region around all its nodes and, inside it, a box per Availability Zone
    (nodes without an AZ are in their Region's box only)."""
    unit = cell_size(layout)
    regions: dict[str, list[NodeLike]] = defaultdict(list)
    for node in nodes:
        regions[node.region].append(node)
    boxes = []
    for region in sorted(regions):
        members = regions[region]
        zones = [
            Group(
                "az",
                az,
                _widened(_around([layout[n.id] for n in members if n.az == az], AZ_PAD, unit), AZ_MIN_WIDTH * unit),
            )
            for az in sorted({n.az for n in members if n.az})
        ]
        inner = [_around([layout[n.id] for n in members], AZ_PAD, unit), *(z.box for z in zones)]
        hull = (min(b[0] for b in inner), min(b[1] for b in inner), max(b[2] for b in inner), max(b[3] for b in inner))
        boxes.append(Group("region", region, _grown(hull, REGION_PAD, unit)))
        boxes.extend(zones)
    return boxes


def label_rooms(
    nodes: Iterable[NodeLike], layout: dict[str, Position], boxes: Sequence[Group], unit: float
) -> dict[str, float]:
    """How wide each node's label may be, in cells: never more than ``MAX_ROOM``, up to the
    nearest node beside it (one whose icon or label could share its row), and inside the
    node's own box (its AZ's, else its Region's)."""
    band = ROW_BAND * unit
    by_height = sorted((y, x, node) for node, (x, y) in layout.items())
    heights = [y for y, _, _ in by_height]
    inner = {(g.kind, g.name): g.box for g in boxes}
    rooms = {}
    for node in nodes:
        x, y = layout[node.id]
        left, _, right, _ = inner[("az", node.az)] if node.az else inner[("region", node.region)]
        room = min(MAX_ROOM * unit, 2 * (x - left), 2 * (right - x))
        for other_y, other_x, other in by_height[bisect.bisect_left(heights, y - band) :]:
            if other_y >= y + band:
                break
            if other != node.id and other_x != x:
                room = min(room, abs(other_x - x))
        rooms[node.id] = room / unit
    return rooms


@dataclass(frozen=True)
class Arrangement:
    """A laid-out architecture: positions, boxes, label room, edges, the unit and the bounds."""

    positions: dict[str, Position]
    groups: tuple[Group, ...]
    rooms: dict[str, float]
    edges: tuple[Edge, ...]
    unit: float
    bounds: Box


def arrange(nodes: Sequence[NodeLike], edges: Sequence[Edge]) -> Arrangement:
    """Lay out an architecture and box it (what the view caches per architecture)."""
    positions = compute_layout(nodes, edges)
    known = positions.keys()
    links = tuple(sorted({e for e in edges if e[0] in known and e[1] in known and e[0] != e[1]}))
    boxes = tuple(groups(nodes, positions))
    unit = cell_size(positions)
    if boxes:
        bounds = (
            min(g.box[0] for g in boxes),
            min(g.box[1] for g in boxes),
            max(g.box[2] for g in boxes),
            max(g.box[3] for g in boxes),
        )
    else:
        bounds = (-unit, -unit, unit, unit)
    return Arrangement(positions, boxes, label_rooms(nodes, positions, boxes, unit), links, unit, bounds)
