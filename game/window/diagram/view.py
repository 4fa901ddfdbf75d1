"""The diagram's camera: pan, zoom about the cursor, fit to a rectangle, the relation toggle,
and which groups are collapsed.

A layout point ``p`` (in the arrangement's units) appears at ``rect.topleft + origin +
p × scale / unit`` on screen: ``scale`` is pixels per cell and ``origin`` where the layout's
(0, 0) sits inside the diagram's rectangle. The view keeps two caches so that a frame does
little work: the :class:`~.layout.Arrangement` of the current architecture (laid out again
only when the architecture changes) and the :class:`Projection` of it at the current scale
(node centres, group rectangles and edge shapes in pixels, built again only on zoom).
Panning only moves ``origin``, which drawing adds as an offset.

Collapsing or expanding a group lays the architecture out again (a collapsed group takes one
cell). An untouched view fits the new arrangement; once the player has panned or zoomed, the
toggled group's box keeps its top-left corner where it was on screen. An architecture of more
than :data:`AUTO_COLLAPSE` resources opens with its groups collapsed, except those holding a
resource in ALARM or with findings: the player first sees the stacks and where trouble already
is. Later alarms do not expand anything (the diagram never moves under the player's hand):
they show on the collapsed node's badges.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pygame

from .grouping import LARGE, flow_of
from .layout import ICON_SHARE, Arrangement, Box, Edge, Group, NodeLike, arrange

MIN_SCALE = 4.0  # pixels per cell
MAX_SCALE = 320.0
WHEEL_STEP = 1.15  # zoom factor per wheel notch
FIT_MARGIN = 0.96  # fit leaves a little air around the boxes
ICON_RANGE = (8, 96)  # icons never smaller or larger than this (pixels)
DASH, GAP = 7.0, 5.0  # async edges
COUNT_AT = (0.3, 0.45, 0.2, 0.6, 0.75)  # where along a merged edge its ``×N`` may sit, best first (near the source)
AUTO_COLLAPSE = LARGE  # more resources than this: groups start collapsed

Point = tuple[float, float]


@dataclass(frozen=True)
class EdgeShape:
    """One edge in pixels (relative to the layout origin): segments, arrowhead, bounds."""

    source: str
    target: str
    kind: str
    flow: str  # sync, async or relation
    count: int  # how many edges it stands for (more than one: merged into a collapsed group)
    segments: tuple[tuple[Point, Point], ...]
    head: tuple[Point, Point, Point]
    bounds: pygame.Rect
    tags: tuple[Point, ...]  # where its count may go (``COUNT_AT`` of the way along it), best first


@dataclass(frozen=True)
class Projection:
    """An arrangement at one scale, in pixels relative to the layout origin."""

    scale: float
    icon: int
    centres: dict[str, tuple[int, int]]
    rooms: dict[str, int]  # label width available under each node
    groups: tuple[tuple[Group, pygame.Rect], ...]
    edges: tuple[EdgeShape, ...]


def _signature(nodes: Sequence[NodeLike], edges: Sequence[Edge]) -> tuple:
    """What the layout depends on (alarm states and the like do not move nodes)."""
    return tuple((n.id, n.type, n.region, n.az, getattr(n, "stack", None), n.position) for n in nodes), tuple(edges)


def _edge_shape(
    edge: Edge, count: int, a: Point, b: Point, trim: float, head: float, via: Sequence[Point] = ()
) -> EdgeShape | None:
    """The shape of one edge between node centres ``a`` and ``b`` (through the points ``via``
    when it bends around other nodes); None when the nodes are too close for a visible line
    (far zoomed out)."""
    if via:
        return _bent_shape(edge, count, (a, *via, b), trim, head)
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length <= 2 * trim + head + 2:
        return None
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    start = (a[0] + ux * trim, a[1] + uy * trim)
    tip = (b[0] - ux * trim, b[1] - uy * trim)
    base = (tip[0] - ux * head, tip[1] - uy * head)
    run = length - 2 * trim - head
    flow = flow_of(edge[2])
    if flow == "async":
        steps = int(run // (DASH + GAP)) + 1
        segments = tuple(
            (
                (start[0] + ux * d, start[1] + uy * d),
                (start[0] + ux * min(d + DASH, run), start[1] + uy * min(d + DASH, run)),
            )
            for d in (i * (DASH + GAP) for i in range(steps))
            if d < run
        )
    else:
        segments = ((start, base),)
    tags = tuple((start[0] + (tip[0] - start[0]) * t, start[1] + (tip[1] - start[1]) * t) for t in COUNT_AT)
    return _finished(edge, count, flow, segments, tip, base, head, tags)


def _bent_shape(edge: Edge, count: int, path: Sequence[Point], trim: float, head: float) -> EdgeShape | None:
    """An edge along the polyline ``path``: trimmed at both ends, dashed when asynchronous."""
    marks = [0.0]
    for (x0, y0), (x1, y1) in itertools.pairwise(path):
        marks.append(marks[-1] + math.hypot(x1 - x0, y1 - y0))
    length = marks[-1]
    if length <= 2 * trim + head + 2:
        return None

    def at(d: float) -> Point:
        i = min(max(bisect.bisect_right(marks, d) - 1, 0), len(path) - 2)
        share = (d - marks[i]) / ((marks[i + 1] - marks[i]) or 1.0)
        return path[i][0] + (path[i + 1][0] - path[i][0]) * share, path[i][1] + (path[i + 1][1] - path[i][1]) * share

    end = length - trim - head
    flow = flow_of(edge[2])
    if flow == "async":
        cuts = [
            (d, min(d + DASH, end)) for d in itertools.takewhile(lambda d: d < end, itertools.count(trim, DASH + GAP))
        ]
    else:
        inner = [d for d in marks if trim < d < end]
        cuts = list(itertools.pairwise([trim, *inner, end]))
    segments = tuple((at(d0), at(d1)) for d0, d1 in cuts)
    tags = tuple(at(trim + (length - 2 * trim) * t) for t in COUNT_AT)
    return _finished(edge, count, flow, segments, at(length - trim), at(end), head, tags)


def _finished(
    edge: Edge,
    count: int,
    flow: str,
    segments: tuple[tuple[Point, Point], ...],
    tip: Point,
    base: Point,
    head: float,
    tags: tuple[Point, ...],
) -> EdgeShape:
    """An edge's shape with its arrowhead (from ``base`` to ``tip``) and bounds."""
    ux, uy = (tip[0] - base[0]) / head, (tip[1] - base[1]) / head
    half = head * 0.55
    arrow = (tip, (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half))
    xs = [x for segment in segments for x, _ in segment] + [tip[0]]
    ys = [y for segment in segments for _, y in segment] + [tip[1]]
    left, right, top, bottom = min(xs) - half, max(xs) + half, min(ys) - half, max(ys) + half
    bounds = pygame.Rect(int(left), int(top), int(right - left) + 2, int(bottom - top) + 2)
    return EdgeShape(edge[0], edge[1], edge[2], flow, count, segments, arrow, bounds, tags)


def _pixels(box: Box, k: float) -> pygame.Rect:
    left, top, right, bottom = (round(v * k) for v in box)
    return pygame.Rect(left, top, right - left, bottom - top)


def project(arrangement: Arrangement, scale: float) -> Projection:
    """Turn an arrangement into pixels at ``scale`` (pixels per cell)."""
    k = scale / arrangement.unit
    icon = int(min(max(scale * ICON_SHARE, ICON_RANGE[0]), ICON_RANGE[1]))
    centres = {node: (round(x * k), round(y * k)) for node, (x, y) in arrangement.positions.items()}
    rooms = {node: int(room * scale) - 6 for node, room in arrangement.rooms.items()}
    boxes = tuple((group, _pixels(group.box, k)) for group in arrangement.groups)
    trim, head = icon * 0.62 + 2, max(5.0, min(11.0, icon * 0.22))
    shapes = []
    for edge in arrangement.edges:
        via = [(x * k, y * k) for x, y in arrangement.routes.get(edge, ())]
        shape = _edge_shape(edge, arrangement.counts[edge], centres[edge[0]], centres[edge[1]], trim, head, via)
        if shape is not None:
            shapes.append(shape)
    return Projection(scale, icon, centres, rooms, boxes, tuple(shapes))


class DiagramView:
    """Where the player is looking on the diagram, and whether relation edges show."""

    def __init__(self) -> None:
        self.scale = 80.0
        self.origin: Point = (0.0, 0.0)
        self.show_relations = False
        self.collapsed: frozenset[str] = frozenset()  # keys of the collapsed groups
        self._group_keys: frozenset[str] | None = None  # the groups the collapsed set was decided for
        self.touched = False  # the player panned or zoomed: stop fitting on resize
        self._fitted_to: tuple[int, int] | None = None
        self._drag: tuple[int, int] | None = None
        self._nodes: Sequence[NodeLike] | None = None
        self._edges: Sequence[Edge] | None = None
        self._signature: tuple | None = None
        self._arrangement: Arrangement | None = None
        self._projection: Projection | None = None

    # -- caches --------------------------------------------------------------------------------
    def arrangement(
        self, nodes: Sequence[NodeLike], edges: Sequence[Edge], attention: Collection[str] = ()
    ) -> Arrangement:
        """The laid-out architecture (computed again only when the architecture or the collapsed
        groups change). The first time an architecture's groups are seen, a large one collapses
        those without a resource in ``attention`` (in ALARM, or with findings)."""
        if self._arrangement is not None and nodes is self._nodes and edges is self._edges:
            return self._arrangement
        signature = _signature(nodes, edges)
        if self._arrangement is None or signature != self._signature:
            self._arrangement = arrange(nodes, edges, self.collapsed)
            keys = frozenset(g.key for g in self._arrangement.groups if g.kind == "group")
            if keys != self._group_keys:
                self._group_keys = keys
                self.collapsed = self._opening(self._arrangement, len(nodes), frozenset(attention))
                self._arrangement = arrange(nodes, edges, self.collapsed)
            self._signature = signature
            self._projection = None
            self._fitted_to = None
        self._nodes, self._edges = nodes, edges
        return self._arrangement

    @staticmethod
    def _opening(arrangement: Arrangement, size: int, attention: frozenset[str]) -> frozenset[str]:
        """The groups collapsed when an architecture is first shown (see the module docstring)."""
        if size <= AUTO_COLLAPSE:
            return frozenset()
        return frozenset(g.key for g in arrangement.groups if g.kind == "group" and attention.isdisjoint(g.members))

    def prepare(
        self, nodes: Sequence[NodeLike], edges: Sequence[Edge], rect: pygame.Rect, attention: Collection[str] = ()
    ) -> Projection:
        """The projection to draw in ``rect``: fits first if never fitted (or resized untouched)."""
        self.arrangement(nodes, edges, attention)
        if self._fitted_to is None or (not self.touched and self._fitted_to != rect.size):
            self.fit(rect)
        if self._projection is None or self._projection.scale != self.scale:
            assert self._arrangement is not None
            self._projection = project(self._arrangement, self.scale)
        return self._projection

    # -- camera --------------------------------------------------------------------------------
    @property
    def _per_unit(self) -> float:
        return self.scale / (self._arrangement.unit if self._arrangement else 1.0)

    def to_screen(self, point: Point, rect: pygame.Rect) -> Point:
        """Where a layout point appears on screen."""
        k = self._per_unit
        return rect.x + self.origin[0] + point[0] * k, rect.y + self.origin[1] + point[1] * k

    def to_layout(self, pos: Point, rect: pygame.Rect) -> Point:
        """The layout point under a screen position."""
        k = self._per_unit
        return (pos[0] - rect.x - self.origin[0]) / k, (pos[1] - rect.y - self.origin[1]) / k

    def fit(self, rect: pygame.Rect) -> None:
        """Show the whole architecture, centred in ``rect`` (the F key)."""
        if self._arrangement is None or rect.width <= 0 or rect.height <= 0:
            return
        left, top, right, bottom = self._arrangement.bounds
        unit = self._arrangement.unit
        width, height = max((right - left) / unit, 1e-6), max((bottom - top) / unit, 1e-6)
        self.scale = min(max(min(rect.width / width, rect.height / height) * FIT_MARGIN, MIN_SCALE), MAX_SCALE)
        k = self._per_unit
        self.origin = (
            rect.width / 2 - (left + right) / 2 * k,
            rect.height / 2 - (top + bottom) / 2 * k,
        )
        self._fitted_to = rect.size
        self.touched = False

    def zoom_at(self, factor: float, pos: Point, rect: pygame.Rect) -> None:
        """Zoom by ``factor``, keeping the layout point under ``pos`` where it is."""
        anchor = self.to_layout(pos, rect)
        self.scale = min(max(self.scale * factor, MIN_SCALE), MAX_SCALE)
        k = self._per_unit
        self.origin = (pos[0] - rect.x - anchor[0] * k, pos[1] - rect.y - anchor[1] * k)
        self.touched = True

    def pan(self, dx: float, dy: float) -> None:
        """Move the diagram by ``dx``, ``dy`` pixels."""
        self.origin = (self.origin[0] + dx, self.origin[1] + dy)
        self.touched = True

    def toggle_relations(self) -> None:
        """Show or hide relation edges (roles, keys, stacks, alarms…)."""
        self.show_relations = not self.show_relations

    # -- groups --------------------------------------------------------------------------------
    def toggle_group(self, key: str, rect: pygame.Rect) -> None:
        """Collapse a group, or expand it if it is collapsed (a click on its header or node)."""
        self._set_collapsed(self.collapsed ^ {key}, key, rect)

    def toggle_all(self, rect: pygame.Rect) -> None:
        """Collapse every group, or expand them all when all are collapsed (the G key)."""
        keys = self._group_keys or frozenset()
        self._set_collapsed(frozenset() if keys and keys <= self.collapsed else keys, None, rect)

    def _set_collapsed(self, collapsed: frozenset[str], anchor: str | None, rect: pygame.Rect) -> None:
        """Lay out again with ``collapsed``: an untouched view fits again; a touched one keeps the
        ``anchor`` group's top-left corner where it is on screen."""
        if self._arrangement is None or self._nodes is None or self._edges is None or collapsed == self.collapsed:
            return
        before = self._corner(anchor)
        where = self.to_screen(before, rect) if before is not None else None
        self.collapsed = collapsed
        self._arrangement = arrange(self._nodes, self._edges, collapsed)
        self._projection = None
        after = self._corner(anchor)
        if not self.touched or where is None or after is None:
            self._fitted_to = None
            return
        k = self._per_unit
        self.origin = (where[0] - rect.x - after[0] * k, where[1] - rect.y - after[1] * k)

    def _corner(self, key: str | None) -> Point | None:
        assert self._arrangement is not None
        box = next((g.box for g in self._arrangement.groups if g.key == key and g.kind == "group"), None)
        return None if box is None else (box[0], box[1])

    # -- input ---------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event, rect: pygame.Rect) -> bool:
        """Pan on a drag (left or middle button) and zoom on the wheel inside ``rect``;
        True when the event was used."""
        if event.type == pygame.MOUSEBUTTONDOWN and rect.collidepoint(event.pos):
            if event.button in (1, 2):
                self._drag = event.pos
                return True
            # pygame also reports the wheel as buttons 4 and 5: MOUSEWHEEL handles it
            return event.button in (4, 5)
        if event.type == pygame.MOUSEMOTION and self._drag is not None:
            self.pan(event.pos[0] - self._drag[0], event.pos[1] - self._drag[1])
            self._drag = event.pos
            return True
        if event.type == pygame.MOUSEBUTTONUP and self._drag is not None and event.button in (1, 2):
            self._drag = None
            return True
        if event.type == pygame.MOUSEWHEEL and event.y:
            pos = getattr(event, "pos", None) or pygame.mouse.get_pos()
            if rect.collidepoint(pos):
                self.zoom_at(WHEEL_STEP**event.y, pos, rect)
                return True
        return False
