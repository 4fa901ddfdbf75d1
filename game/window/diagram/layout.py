"""Where each resource sits on the architecture diagram, in abstract units.

One unit is one node's cell: computed layouts put neighbouring nodes one unit apart, and
the view turns units into pixels. When the scenario gives every node a ``position``, those
are used as they are (and there are no group boxes: the author arranged it). Otherwise the
layout is computed, the same for the same architecture whatever order its nodes and edges
arrive in (everything is sorted; nothing is random):

* **flow nodes** — those joined by work edges (sync ``calls``/``reads``/``writes``/
  ``routes`` and async ``triggers``) — go in columns, left to right, by their depth along
  those edges (cycles count as one step), every other unit;
* **satellites** — resources that only relate to others (roles, keys, certificates,
  security groups, alarms, log groups, stacks, pipelines…) — sit in a small two-wide grid
  under the flow node they belong to (the alarm under what it watches, the role under what
  uses it), or under another satellite (a pipeline under its deployment group); those with
  nothing to belong to, or in another AZ than their resource, go in rows under their band;
* within a column, nodes are ordered by the mean height of their upstream neighbours (fewer
  crossings), and pushed down only as far as needed to keep one unit apart;
* each Availability Zone is a horizontal band (nodes without one first), so AZ boxes never
  overlap and hold only their zone's nodes; Regions sit side by side. A Region without AZs
  packs its independent parts (services that share no work edge) into shelves shaped like
  the play screen's diagram area, so 300 nodes stay a screen-shaped diagram, not a column.

When the architecture has two or more CloudFormation stacks (or is large with one or none:
then by tier; see :mod:`.grouping`), each Region is cut into one group box per stack (or
tier) instead. A group is laid out on its own: its columns are the tiers (entry, compute,
integration, data) rather than depths, so a stack reads the same way whatever its edges,
wrapping when a column outgrows a screen-shaped group, with the supporting resources riding
under what they serve or in rows beneath, and its AZ bands inside its box. The groups are
shelf-packed, boxes and all, into the Region (tiers in flow order), and each Region picks
the packing with which all Regions side by side fit the screen best. A collapsed group is
one cell (its node's id is the group's key) in a small box, so collapsing groups shrinks the
diagram; its edges arc around the nodes their straight line would cross, and apart when
they join the same two nodes.

There is no force-directed pass: it would undo the columns' alignment that makes the flow
readable, and cost more than the rest at 300 nodes. :func:`groups` gives the Region, group
and AZ boxes around the placed nodes, and :func:`arrange` bundles positions, boxes, the
room each label has, the edges (folded into collapsed groups) and the bounds for the view.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
from warroom.engine import SYNC_KINDS, WORK_KINDS

from .grouping import SATELLITE_TYPES, TIERS, Membership, NodeLike, fold_edges, group_of, tier_of

Position = tuple[float, float]
Edge = tuple[str, str, str]
Box = tuple[float, float, float, float]  # left, top, right, bottom
Memberships = Mapping[str, Membership]  # node id → its group

ASYNC_KINDS = WORK_KINDS - SYNC_KINDS

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
GROUP_GAP = 0.4  # between packed group boxes (their margins already keep the nodes apart)
ASPECT = 1.2  # width ÷ height the packing aims for: the play screen gives the diagram 3/5 of a 16:9 window

# Box margins around the nodes, in cells. A node's icon and label take about ±0.5 across,
# 0.3 above and 0.45 below its position; a Region box leaves room for its AZ boxes and label.
AZ_PAD = (0.55, 0.8, 0.55, 0.6)  # left, top, right, bottom (the top holds the AZ's name)
GROUP_PAD = (0.15, 0.5, 0.15, 0.15)  # a stack's box around its nodes' margins and AZ boxes (the top: its name)
STACK_PAD = (0.55, 1.15, 0.55, 0.6)  # a stack's box around nodes placed directly in it (its name above them)
COLLAPSED_PAD = (0.55, 1.15, 0.55, 0.75)  # a collapsed group's box around its node (its name above, count below)
REGION_PAD = (0.3, 0.5, 0.3, 0.3)  # around the nodes' and AZ boxes' margins (the top: the name)
GROUPED_REGION_PAD = (0.3, 0.9, 0.3, 0.3)  # around stack boxes: a grouped diagram is seen from further out
AZ_MIN_WIDTH = 2.6  # an AZ box is at least this wide, so that its name can be read
GROUP_MIN_WIDTH = 3.0  # so is a stack's box, with its count
COLLAPSED_WIDTH = 4.0  # a collapsed stack's box is this wide: its name is all that says which stack it is
ROW_BAND = 0.8  # nodes closer than this vertically may collide sideways (icon above, label below)
MAX_ROOM = 2.0  # a label is never wider than two cells
CLEARANCE = 0.45  # an edge passing closer than this (cells) to another node's centre bends around it
BODY = ((0.0, 0.0), (-0.4, 0.4), (0.0, 0.4), (0.4, 0.4))  # a node's icon and label, as points edges keep clear of
ARC_BULGES = (0.12, 0.22, 0.35)  # how far a bent edge's arc may bulge, as a share of its length
PARALLEL_LEAN = 0.12  # how far apart edges joining the same two nodes arc, as a share of their length …
PARALLEL_REACH = 1.4  # … and at least this far (cells): their counts then sit apart
ARC_STEPS = 16  # straight pieces an arc is drawn with
ICON_SHARE = 0.46  # an icon's side, as a share of a cell (the view draws icons this big)
ICON_TOP = ICON_SHARE / 2  # how far an icon reaches above its node's position


@dataclass(frozen=True)
class Group:
    """A labelled box around nodes: a Region, a stack's group inside one, or an Availability
    Zone inside either. ``key`` is unique among the boxes (a collapsed stack's node id);
    ``members`` are the resources inside, drawn or folded into the collapsed node."""

    kind: str  # "region", "group" (a stack, or a tier) or "az"
    name: str
    box: Box
    key: str = ""
    members: tuple[str, ...] = ()
    collapsed: bool = False
    header: float = 0.0  # cells free above the contents, where the name goes
    icon: str = ""  # a group's: the type whose icon its collapsed node shows


# -- the layout ----------------------------------------------------------------------------------
def compute_layout(
    nodes: Iterable[NodeLike], edges: Iterable[Edge], collapsed: Collection[str] = ()
) -> dict[str, Position]:
    """Every node's position in units (see the module docstring); a collapsed group's members
    have none, its key has one."""
    ordered = sorted(nodes, key=lambda n: n.id)
    given = {n.id: n.position for n in ordered if n.position is not None}
    if ordered and len(given) == len(ordered):
        return {node: (float(x), float(y)) for node, (x, y) in given.items()}
    known = {n.id for n in ordered}
    links = sorted({e for e in edges if e[0] in known and e[1] in known and e[0] != e[1]})
    membership = group_of(ordered)
    regions: dict[str, list[NodeLike]] = defaultdict(list)
    for node in ordered:
        regions[node.region].append(node)
    options = []
    for region in sorted(regions):
        members = regions[region]
        inside = {n.id for n in members}
        within = [e for e in links if e[0] in inside and e[1] in inside]
        options.append(
            [
                (local, next(g.box for g in groups(members, local, membership, unit=1.0) if g.kind == "region"))
                for local in _region_layouts(members, within, membership, collapsed)
            ]
        )
    layout: dict[str, Position] = {}
    left = 0.0
    for local, box in _side_by_side(options):
        layout.update({key: (x + left - box[0], y) for key, (x, y) in local.items()})
        left += box[2] - box[0] + REGION_GAP
    return layout


def _side_by_side(options: list[list[tuple[dict[str, Position], Box]]]) -> list[tuple[dict[str, Position], Box]]:
    """One of each Region's layouts, to sit side by side: those whose whole fits largest into a
    screen ``ASPECT`` times wider than tall (each Region the narrowest of its layouts no taller
    than the chosen height)."""

    def size(option: tuple[dict[str, Position], Box]) -> tuple[float, float]:
        box = option[1]
        return box[2] - box[0], box[3] - box[1]

    best: tuple[float, list[tuple[dict[str, Position], Box]]] | None = None
    for height in sorted({size(o)[1] for region in options for o in region}):
        chosen = [
            min((o for o in region if size(o)[1] <= height), key=lambda o: size(o)[0], default=None)
            or min(region, key=lambda o: size(o)[1])
            for region in options
        ]
        width = sum(size(o)[0] for o in chosen) + REGION_GAP * (len(chosen) - 1)
        fit = min(ASPECT / width, 1 / max(size(o)[1] for o in chosen))
        if best is None or fit > best[0]:
            best = (fit, chosen)
    assert best is not None
    return best[1]


def _region_layouts(
    nodes: list[NodeLike], edges: list[Edge], membership: Memberships, collapsed: Collection[str]
) -> list[dict[str, Position]]:
    """One Region's layout, with its top-left node (or box) at (0, 0); grouped, every shelf
    packing of its groups, for :func:`_side_by_side` to choose from."""
    if membership:
        by_group: dict[str, list[NodeLike]] = defaultdict(list)
        for node in nodes:
            by_group[membership[node.id].key].append(node)
        # tiers keep their flow order, left to right; stacks are packed by size
        rank = {key: membership[members[0].id].rank for key, members in by_group.items()}
        blocks = []
        for key in sorted(by_group, key=lambda k: (rank[k], k)):
            members = by_group[key]
            local = (
                {key: (0.0, 0.0)}
                if key in collapsed
                else _normalised(_layered(members, _within(edges, members), by_tier=True))
            )
            box = _group_boxes(membership[members[0].id], members, local, 1.0)[0].box
            blocks.append((local, box))
        by_size = min(rank.values()) < 0
        return [layout for layout, _ in _packings(blocks, GROUP_GAP, by_size)]
    if any(n.az for n in nodes):
        return [_normalised(_layered(nodes, edges))]
    parts = [_normalised(_layered(part, _within(edges, part))) for part in _parts(nodes, edges)]
    return [_pack([(part, _extent(part)) for part in parts], SHELF_GAP)]


def _within(edges: list[Edge], nodes: list[NodeLike]) -> list[Edge]:
    ids = {n.id for n in nodes}
    return [e for e in edges if e[0] in ids and e[1] in ids]


def _flow_graph(nodes: list[NodeLike], edges: list[Edge], by_tier: bool = False) -> nx.DiGraph:
    """Work edges between the nodes that get a column: by depth, non-satellites with such an
    edge; by tier, every node of the entry, compute, integration or data tier (with or
    without edges)."""
    if by_tier:
        eligible = {n.id for n in nodes if tier_of(n.type) != "supporting"}
    else:
        eligible = {n.id for n in nodes if n.type not in SATELLITE_TYPES}
    graph = nx.DiGraph()
    if by_tier:
        graph.add_nodes_from(sorted(eligible))
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


def _tier_columns(nodes: list[NodeLike], flow: nx.DiGraph) -> dict[str, int]:
    """Each flow node's column by tier: the tiers present, in :data:`~.grouping.TIERS` order."""
    tier = {n.id: TIERS.index(tier_of(n.type)) for n in nodes if n.id in flow}
    rank = {t: i for i, t in enumerate(sorted(set(tier.values())))}
    return {node: rank[t] for node, t in tier.items()}


def _layered(nodes: list[NodeLike], edges: list[Edge], by_tier: bool = False) -> dict[str, Position]:
    """Columns by depth (or tier), satellites under their anchors, AZ bands top to bottom."""
    by_id = {n.id: n for n in nodes}
    flow = _flow_graph(nodes, edges, by_tier)
    column = _tier_columns(nodes, flow) if by_tier else _columns(flow)
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
        limit = _height_limit({n: column[n] for n in members}, riders) if by_tier else None
        bottom = _place_band(members, column, riders, flow, layout, top, limit)
        spare = [node for node in loose if (by_id[node].az or "") == band]
        if spare:  # rows under the band, as wide as the band's columns (or square, when they are many)
            xs = [layout[node][0] for node in members] or [0.0]
            left = min(xs)
            width = max(2, round(max(xs) - left) + 1, math.ceil(math.sqrt(len(spare) * ASPECT)))
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
    limit: float | None = None,
) -> float:
    """Place one band's flow nodes (and their riders) column by column; return its lowest y.

    Without a height ``limit``, column ``d`` is at ``d × COLUMN`` (so that bands align) and a
    node is pulled down level with its upstream neighbours. With one (a group's tiers), a
    column taller than ``limit`` wraps into the next, and columns follow one another."""
    bottom = top - 1
    x = -COLUMN
    for depth in sorted({column[node] for node in members}):
        x = depth * COLUMN if limit is None else x + COLUMN
        here = {node: _upstream(node, flow, layout) for node in members if column[node] == depth}
        y = top
        for node in sorted(here, key=lambda n: (here[n], n)):
            extra = riders.get(node, [])
            height = 1 + math.ceil(len(extra) / 2)
            if limit is None:
                y = max(y, here[node])
            elif y > top and y + height - top > limit:
                x, y = x + COLUMN, top
            layout[node] = (x, y)
            for i, rider in enumerate(extra):
                row, side = divmod(i, 2)
                layout[rider] = (x if len(extra) == 1 else x - 0.5 + side, y + 1 + row)
            y += height
            bottom = max(bottom, y - 1)
    return bottom


def _height_limit(column: dict[str, int], riders: dict[str, list[str]]) -> float:
    """How tall a group's tier columns may grow before wrapping: enough for the whole group to
    be about ``ASPECT`` times wider than tall, and never less than its tallest node and riders."""
    heights = [1 + math.ceil(len(riders.get(node, [])) / 2) for node in column]
    if not heights:
        return 1.0
    return max(*heights, math.ceil(math.sqrt(sum(heights) * COLUMN / ASPECT)))


def _upstream(node: str, flow: nx.DiGraph, layout: dict[str, Position]) -> float:
    """The mean height of a node's placed upstream neighbours (−∞ when none is placed)."""
    above = [layout[p][1] for p in flow.predecessors(node) if p in layout]
    return sum(above) / len(above) if above else -math.inf


def _normalised(layout: dict[str, Position]) -> dict[str, Position]:
    left = min(x for x, _ in layout.values())
    top = min(y for _, y in layout.values())
    return {node: (x - left, y - top) for node, (x, y) in layout.items()}


def _extent(part: dict[str, Position]) -> Box:
    """The room a normalised part takes when packed: a cell right of and below its last node."""
    return (0.0, 0.0, max(x for x, _ in part.values()) + 1, max(y for _, y in part.values()) + 1)


def _packings(
    blocks: list[tuple[dict[str, Position], Box]], gap: float, by_size: bool = True
) -> list[tuple[dict[str, Position], tuple[float, float]]]:
    """Every shelf packing of laid-out blocks by the box each takes, tallest first (blocks of a
    height share a shelf; or in the order given, without ``by_size``), ``gap`` apart: one per
    shelf width that changes the result, with the size of each."""
    if by_size:
        ordered = sorted(blocks, key=lambda b: (-(b[1][3] - b[1][1]), -(b[1][2] - b[1][0]), min(b[0])))
    else:
        ordered = list(blocks)
    widths = {max(box[2] - box[0] for _, box in ordered)}
    reach = 0.0
    for _, box in ordered:
        reach += box[2] - box[0]
        widths.add(reach)
        reach += gap
    return [_shelves(ordered, limit, gap) for limit in sorted(widths)]


def _pack(blocks: list[tuple[dict[str, Position], Box]], gap: float) -> dict[str, Position]:
    """The shelf packing of ``blocks`` that fits largest into a screen ``ASPECT`` times wider than tall."""
    best = max(_packings(blocks, gap), key=lambda packing: min(ASPECT / packing[1][0], 1 / packing[1][1]))
    return best[0]


def _snap(offset: float) -> float:
    """``offset`` to the nearest 1/64 of a cell: a sum of such offsets and of the half cells
    nodes sit on is exact in binary, so nodes one cell apart stay exactly one cell apart."""
    return round(offset * 64) / 64


def _shelves(
    blocks: list[tuple[dict[str, Position], Box]], limit: float, gap: float
) -> tuple[dict[str, Position], tuple[float, float]]:
    """Blocks left to right in shelves no wider than ``limit``; the layout and its size."""
    layout: dict[str, Position] = {}
    x = y = shelf = right = 0.0
    for part, (left, top, box_right, bottom) in blocks:
        width, height = box_right - left, bottom - top
        if x > 0 and x + width > limit:
            x, y, shelf = 0.0, y + shelf + gap, 0.0
        dx, dy = _snap(x - left), _snap(y - top)
        layout.update({node: (px + dx, py + dy) for node, (px, py) in part.items()})
        right = max(right, x + width)
        x += width + gap
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


def _hull(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _zones(within: str, members: Sequence[NodeLike], layout: Mapping[str, Position], unit: float) -> list[Group]:
    """A box per Availability Zone of ``members`` (those with one), keyed under ``within``."""
    zones = []
    for az in sorted({n.az for n in members if n.az}):
        ids = tuple(n.id for n in members if n.az == az)
        box = _widened(_around([layout[i] for i in ids], AZ_PAD, unit), AZ_MIN_WIDTH * unit)
        zones.append(Group("az", az, box, f"{within}/{az}", ids, header=AZ_PAD[1] - ICON_TOP))
    return zones


def _group_boxes(
    group: Membership, members: Sequence[NodeLike], layout: Mapping[str, Position], unit: float
) -> list[Group]:
    """A group's box, then its AZ boxes; a collapsed group (its key is placed) is a box
    around its one node, with room for the count under it."""
    key, name, icon, _ = group
    ids = tuple(n.id for n in members)
    if key in layout:
        box = _widened(_around([layout[key]], COLLAPSED_PAD, unit), COLLAPSED_WIDTH * unit)
        return [Group("group", name, box, key, ids, True, COLLAPSED_PAD[1] - ICON_TOP, icon)]
    zones = _zones(key, members, layout, unit)
    if zones:  # the name goes above the AZ boxes
        nodes = _around([layout[i] for i in ids], AZ_PAD, unit)
        box, header = _grown(_hull([nodes, *(z.box for z in zones)]), GROUP_PAD, unit), GROUP_PAD[1]
    else:
        box, header = _around([layout[i] for i in ids], STACK_PAD, unit), STACK_PAD[1] - ICON_TOP
    return [Group("group", name, _widened(box, GROUP_MIN_WIDTH * unit), key, ids, False, header, icon), *zones]


def groups(
    nodes: Iterable[NodeLike],
    layout: Mapping[str, Position],
    membership: Memberships | None = None,
    unit: float | None = None,
) -> list[Group]:
    """A box per Region around all its nodes and, inside it, a box per stack when the
    architecture is grouped (``membership``, by default :func:`~.grouping.group_of` the nodes)
    and a box per Availability Zone (inside the stack's box when grouped; nodes without an AZ
    have none). A group whose key is placed in ``layout`` is collapsed. ``unit`` is the
    layout's cell (by default measured: :func:`cell_size`)."""
    listed = list(nodes)
    membership = group_of(listed) if membership is None else membership
    unit = cell_size(dict(layout)) if unit is None else unit
    regions: dict[str, list[NodeLike]] = defaultdict(list)
    for node in listed:
        regions[node.region].append(node)
    boxes = []
    for region in sorted(regions):
        members = regions[region]
        if membership:
            by_group: dict[str, list[NodeLike]] = defaultdict(list)
            for node in members:
                by_group[membership[node.id].key].append(node)
            inner = [
                g
                for key in sorted(by_group)
                for g in _group_boxes(membership[by_group[key][0].id], by_group[key], layout, unit)
            ]
            hull, pad = _hull([g.box for g in inner if g.kind == "group"]), GROUPED_REGION_PAD
        else:
            inner = _zones(region, members, layout, unit)
            hull = _hull([_around([layout[n.id] for n in members], AZ_PAD, unit), *(z.box for z in inner)])
            pad = REGION_PAD
        ids = tuple(n.id for n in members)
        boxes.append(Group("region", region, _grown(hull, pad, unit), region, ids, header=pad[1]))
        boxes.extend(inner)
    return boxes


def label_rooms(layout: Mapping[str, Position], boxes: Sequence[Group], unit: float) -> dict[str, float]:
    """How wide each placed node's label may be, in cells: never more than ``MAX_ROOM``, up to
    the nearest node beside it (one whose icon or label could share its row), and inside the
    node's innermost box (its AZ's, else its stack's, else its Region's; a collapsed group's
    node: its own box)."""
    inner: dict[str, Box] = {}
    for group in boxes:  # outer boxes come first: the innermost is written last
        inner.update(dict.fromkeys((group.key,) if group.collapsed else group.members, group.box))
    band = ROW_BAND * unit
    by_height = sorted((y, x, node) for node, (x, y) in layout.items())
    heights = [y for y, _, _ in by_height]
    rooms = {}
    for node, (x, y) in layout.items():
        left, _, right, _ = inner[node]
        room = min(MAX_ROOM * unit, 2 * (x - left), 2 * (right - x))
        for other_y, other_x, other in by_height[bisect.bisect_left(heights, y - band) :]:
            if other_y >= y + band:
                break
            if other != node and other_x != x:
                room = min(room, abs(other_x - x))
        rooms[node] = room / unit
    return rooms


@dataclass(frozen=True)
class Arrangement:
    """A laid-out architecture: positions (a collapsed group's key instead of its members),
    boxes, label room, the edges drawn (folded into collapsed groups, with how many edges each
    stands for), which node is folded into which group, the unit and the bounds."""

    positions: dict[str, Position]
    groups: tuple[Group, ...]
    rooms: dict[str, float]
    edges: tuple[Edge, ...]
    unit: float
    bounds: Box
    counts: Mapping[Edge, int]
    folded: Mapping[str, str]
    routes: Mapping[Edge, tuple[Position, ...]]  # the bend points of edges drawn around other nodes


def arrange(nodes: Sequence[NodeLike], edges: Sequence[Edge], collapsed: Collection[str] = ()) -> Arrangement:
    """Lay out an architecture with the groups in ``collapsed`` (keys) collapsed, and box it
    (what the view caches per architecture and collapsed set)."""
    ordered = sorted(nodes, key=lambda n: n.id)
    authored = bool(ordered) and all(n.position is not None for n in ordered)
    membership = {} if authored else group_of(ordered)
    keys = {group.key for group in membership.values()}
    shut = frozenset(k for k in collapsed if k in keys)
    positions = compute_layout(ordered, edges, shut)
    folded = {node: group.key for node, group in membership.items() if group.key in shut}
    known = positions.keys() | folded.keys()
    counts = fold_edges(sorted({e for e in edges if e[0] in known and e[1] in known and e[0] != e[1]}), folded)
    unit = cell_size(positions) if authored else 1.0
    boxes = tuple(groups(ordered, positions, membership, unit))
    bounds = _hull([g.box for g in boxes]) if boxes else (-unit, -unit, unit, unit)
    rooms = label_rooms(positions, boxes, unit)
    routes = _routes(counts, positions, shut)
    return Arrangement(positions, boxes, rooms, tuple(counts), unit, bounds, counts, folded, routes)


def _routes(
    counts: Mapping[Edge, int], positions: Mapping[str, Position], shut: Collection[str]
) -> dict[Edge, tuple[Position, ...]]:
    """The bend points of the edges of collapsed groups (see :func:`_detour`). Edges that join
    the same two nodes (several flows, or both ways) lean apart, so that neither hides the
    other nor its count."""
    between: dict[frozenset[str], list[Edge]] = defaultdict(list)
    for edge in counts:
        if shut and {edge[0], edge[1]} & set(shut):
            between[frozenset(edge[:2])].append(edge)
    routes: dict[Edge, tuple[Position, ...]] = {}
    for edges in between.values():
        for i, edge in enumerate(sorted(edges)):
            (ax, ay), (bx, by) = positions[edge[0]], positions[edge[1]]
            length = math.hypot(bx - ax, by - ay) or 1.0
            step = max(PARALLEL_LEAN, PARALLEL_REACH / length)
            lean = (i - (len(edges) - 1) / 2) * step * (1 if edge[0] < edge[1] else -1)
            via = _detour(edge, positions, lean)
            if via:
                routes[edge] = via
    return routes


def _detour(edge: Edge, positions: Mapping[str, Position], lean: float = 0.0) -> tuple[Position, ...]:
    """Bend points that take an edge around the nodes (icons and labels) its straight line
    would cross: an arc bulging as little as clears them, or () when the line is clear. An
    edge that must ``lean`` (a share of its length; the sign says which side) arcs at least
    that far, to that side. Only edges of collapsed groups are routed: their straight lines
    between far-apart group nodes are the ones that run through other groups' nodes."""
    a, b = positions[edge[0]], positions[edge[1]]
    others = [(x + dx, y + dy) for key, (x, y) in positions.items() if key not in edge[:2] for dx, dy in BODY]
    if not lean and _clear([a, b], others):
        return ()
    sides = (math.copysign(1.0, lean),) if lean else (1.0, -1.0)
    bulges = [abs(lean)] * bool(lean) + [bulge for bulge in ARC_BULGES if bulge > abs(lean)]
    arcs = [_arc(a, b, bulge * side) for bulge in bulges for side in sides]
    arc = next((arc for arc in arcs if _clear(arc, others)), arcs[0] if lean else arcs[-2])
    return tuple(arc[1:-1])


def _arc(a: Position, b: Position, bulge: float) -> list[Position]:
    """The arc from ``a`` to ``b`` bulging ``bulge`` × its length to the left (right if negative)."""
    (ax, ay), (bx, by) = a, b
    reach = bulge * math.hypot(bx - ax, by - ay)
    length = math.hypot(bx - ax, by - ay) or 1.0
    control = ((ax + bx) / 2 - (by - ay) / length * reach, (ay + by) / 2 + (bx - ax) / length * reach)
    return [_bezier(a, control, b, i / ARC_STEPS) for i in range(ARC_STEPS + 1)]


def _bezier(a: Position, control: Position, b: Position, t: float) -> Position:
    """The point at ``t`` on the quadratic Bézier curve from ``a`` to ``b``."""
    u = 1 - t
    return (
        u * u * a[0] + 2 * u * t * control[0] + t * t * b[0],
        u * u * a[1] + 2 * u * t * control[1] + t * t * b[1],
    )


def _clear(path: Sequence[Position], others: Sequence[Position]) -> bool:
    """Whether the polyline ``path`` passes no point of ``others`` closer than ``CLEARANCE``."""
    for (x0, y0), (x1, y1) in itertools.pairwise(path):
        dx, dy = x1 - x0, y1 - y0
        span = dx * dx + dy * dy or 1.0
        for px, py in others:
            if not (min(x0, x1) - CLEARANCE < px < max(x0, x1) + CLEARANCE):
                continue
            if not (min(y0, y1) - CLEARANCE < py < max(y0, y1) + CLEARANCE):
                continue
            t = min(max(((px - x0) * dx + (py - y0) * dy) / span, 0.0), 1.0)
            if math.hypot(x0 + t * dx - px, y0 + t * dy - py) < CLEARANCE:
                return False
    return True
