"""Drawing the architecture diagram: boxes, edges, icons, labels and what the player knows.

:func:`draw_diagram` draws a :class:`DiagramModel` — only what the play scene knows: alarm
states, the player's own findings, actions in flight and the selection. True health is not
in the play scene's model, so it can never be drawn there; only the replay viewer, when the
player asks for the truth, fills the model's ``truth`` badges (a true success rate, or
``fault``). State is never colour alone: an alarm badge carries a letter (``A``, ``?``,
``ok``), findings are a magnifier, actions in flight a number, truth badges their text.

Everything is clipped to the diagram's rectangle. Labels are shortened with an ellipsis to
the width measured for them (two lines when the zoom leaves room), and hidden when zoomed
too far out, so no text is ever drawn clipped. Each visible node registers a hotspot
``("node", node_id)``. Scaled icons and shortened labels are cached; positions come from
the view's cached projection, so a frame costs little more than its blits.

Groups (stacks, or tiers) are boxes headed ``- name (count)``; the header is a hotspot
``("group", key)`` (labelled ``header KEY``) that collapses the group. A collapsed group is
one node (the stack icon, or the tier's most common type's; ``N resources``; a ``+``
header) whose badges sum up its members: the worst alarm state, the findings marker (with
how many members have findings), actions in flight, the selection ring when a member is
selected, and the truth's double ring in a replay; clicking it (hotspot ``("group", key)``
labelled with the key) expands the group. Edges merged into a collapsed group carry ``×N``
when they stand for several, drawn last where they cover no other text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

import pygame

from ..canvas import Canvas
from ..theme import Colour
from .grouping import STACK_TYPE
from .layout import Edge, Group, NodeLike
from .view import DiagramView, EdgeShape, Projection

if TYPE_CHECKING:
    from warroom.engine import Snapshot

SEVERITY = {"OK": 0, "INSUFFICIENT_DATA": 1, "ALARM": 2}
BADGE_TEXT = {"ALARM": "A", "INSUFFICIENT_DATA": "?", "OK": "ok"}
MAX_LABEL_LINES = 2
LABEL_GAP = 6  # between an icon and its label (room for the selection ring)
BREAK_AFTER = "-/_."  # a label may break after these as well as at spaces
LABEL_CACHE_LIMIT = 4096  # entries before a cache is emptied (zooming creates many sizes)
ICON_CACHE_LIMIT = 512  # scaled icons (at most some 20 MB)
FALLBACK_ICON = STACK_TYPE  # a type without an icon of its own (a template's generic resource)
COUNT_MIN_RUN = 48  # an edge shorter than this (pixels) carries no ``×N``

_ICONS: dict[str, pygame.Surface] = {}
_SCALED: dict[tuple[str, int], pygame.Surface] = {}
_LABELS: dict[tuple[str, int, int, int], tuple[str, ...]] = {}


@dataclass(frozen=True)
class DiagramModel:
    """What the diagram shows: the architecture and what the player knows about it."""

    nodes: Sequence[NodeLike]
    edges: Sequence[Edge]
    alarm_state: Mapping[str, str] = field(default_factory=dict)  # worst alarm state on a node
    findings: frozenset[str] = frozenset()  # nodes with recent investigation findings
    in_flight: Mapping[str, int] = field(default_factory=dict)  # actions running on a node
    selected: str | None = None
    truth: Mapping[str, str] = field(default_factory=dict)  # replays only: what was really wrong

    @classmethod
    def from_snapshot(
        cls,
        snap: Snapshot,
        *,
        findings: Iterable[str] = (),
        selected: str | None = None,
        truth: Mapping[str, str] | None = None,
    ) -> DiagramModel:
        """The model of a snapshot: each alarm's state on the alarm itself and on what it
        watches (the worst, when several watch one node), and the targets of actions in flight;
        with the truth badges a replay asks for."""
        states: dict[str, str] = {}
        for alarm in snap.alarms:
            for node in (alarm.id, alarm.watches):
                if node and SEVERITY.get(alarm.state, 0) >= SEVERITY.get(states.get(node, "OK"), 0):
                    states[node] = alarm.state
        running = Counter(action.target for action in snap.in_flight if action.target)
        return cls(snap.nodes, snap.edges, states, frozenset(findings), dict(running), selected, dict(truth or {}))


@dataclass(frozen=True)
class DrawStats:
    """What one call drew (tests and the render benchmark read it)."""

    nodes: int
    labels: int
    edges: Counter[str]  # by edge kind


# -- cached pieces -------------------------------------------------------------------------------
def icon(type_id: str, size: int) -> pygame.Surface:
    """A resource type's icon at ``size`` pixels (from ``warroom.assets/icons``, cached)."""
    scaled = _SCALED.get((type_id, size))
    if scaled is None:
        base = _ICONS.get(type_id)
        if base is None:
            source = resources.files("warroom.assets").joinpath("icons", f"{type_id}.png")
            if not source.is_file():
                return icon(FALLBACK_ICON, size)
            with resources.as_file(source) as path:
                base = pygame.image.load(str(path))
            if pygame.display.get_surface() is not None:
                base = base.convert_alpha()
            _ICONS[type_id] = base
        if len(_SCALED) > ICON_CACHE_LIMIT:
            _SCALED.clear()
        scaled = _SCALED[(type_id, size)] = pygame.transform.smoothscale(base, (size, size))
    return scaled


def _ellipsize(text: str, width: int, measure: Callable[[str], int]) -> str:
    """``text``, or its longest start that fits ``width`` with an ellipsis ('' if none does)."""
    if measure(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if measure(text[:mid].rstrip() + "…") <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…" if low else ""


def label_lines(canvas: Canvas, text: str, width: int, lines: int, role: str) -> tuple[str, ...]:
    """``text`` in at most ``lines`` lines of ``width`` pixels, broken at spaces or after
    ``- / _ .`` (ids and paths have no spaces; never leaving a line of one or two characters),
    the last line shortened with an ellipsis. Every line returned fits, measured as the canvas
    will draw it (cached per font size)."""
    key = (text, width, lines, canvas.theme.size(role))
    cached = _LABELS.get(key)
    if cached is not None:
        return cached

    def measure(piece: str) -> int:
        return canvas.text_width(piece, role)

    text = " ".join(text.split())
    breaks = sorted(
        {i + 1 for i, c in enumerate(text) if c in BREAK_AFTER} | {i for i, c in enumerate(text) if c == " "}
    )
    out: list[str] = []
    start = 0
    while start < len(text) and len(out) < lines - 1:
        fitting = [b for b in breaks if b > start + 2 and measure(text[start:b].strip()) <= width]
        if not fitting or measure(text[start:].strip()) <= width:
            break
        out.append(text[start : fitting[-1]].strip())
        start = fitting[-1]
    rest = text[start:].strip()
    if rest:
        out.append(_ellipsize(rest, width, measure))
    if len(_LABELS) > LABEL_CACHE_LIMIT:
        _LABELS.clear()
    result = _LABELS[key] = tuple(line for line in out if line)
    return result


# -- drawing -------------------------------------------------------------------------------------
def draw_diagram(canvas: Canvas, rect: pygame.Rect, view: DiagramView, model: DiagramModel) -> DrawStats:
    """Draw ``model`` in ``rect`` as ``view`` looks at it; return what was drawn."""
    attention = {node for node, state in model.alarm_state.items() if state == "ALARM"} | model.findings
    projection = view.prepare(model.nodes, model.edges, rect, attention)
    surface = canvas.surface
    previous = surface.get_clip()
    surface.set_clip(rect.clip(previous))
    try:
        surface.fill(canvas.theme.palette.background, rect)
        offset = (rect.x + round(view.origin[0]), rect.y + round(view.origin[1]))
        _draw_groups(canvas, rect, projection, offset)
        edges, merged = _draw_edges(canvas, rect, projection, offset, view.show_relations)
        nodes, labels = _draw_nodes(canvas, rect, projection, offset, model)
        _draw_counts(canvas, rect, merged, offset)
    finally:
        surface.set_clip(previous)
    return DrawStats(nodes, labels, edges)


def _draw_groups(canvas: Canvas, rect: pygame.Rect, projection: Projection, offset: tuple[int, int]) -> None:
    p = canvas.theme.palette
    role = "small" if projection.scale >= 70 else "tiny"
    height = canvas.line_height(role)
    fills = {"region": (p.panel, p.panel_edge), "group": (p.background, p.panel_edge), "az": (p.group, p.muted)}
    for group, box in projection.groups:
        screen = box.move(offset)
        if not screen.colliderect(rect):
            continue
        fill, border = fills[group.kind]
        canvas.fill(screen, fill, border=border, radius=10)
        # the name sits in the box's top margin, above the nodes (and any inner box): only if it fits
        if projection.scale * group.header < height + 4:
            continue
        pad = max(int(projection.scale * 0.12), 4)
        name = label_lines(canvas, _heading(group), screen.width - 2 * pad, 1, role)
        if name:
            width = canvas.text_width(name[0], role) + 2
            where = pygame.Rect(screen.x + pad, screen.y + pad // 2, width, height)
            canvas.text(name[0], where, role=role, colour=p.muted if group.kind == "az" else p.text, wrap_lines=False)
            if group.kind == "group":
                header = pygame.Rect(screen.x, screen.y, screen.width, pad + height)
                canvas.hotspot(header.clip(rect), "group", group.key, label=f"header {group.key}")


def _heading(group: Group) -> str:
    """A box's name: a group's with ``+`` (collapsed: click to expand) or ``-`` and its size."""
    if group.kind != "group":
        return group.name
    return f"+ {group.name}" if group.collapsed else f"- {group.name} ({len(group.members)})"


def _draw_edges(
    canvas: Canvas, rect: pygame.Rect, projection: Projection, offset: tuple[int, int], relations: bool
) -> tuple[Counter[str], list[EdgeShape]]:
    """Draw the edges; what was drawn, by kind, and the merged edges drawn (their counts come last)."""
    p, surface = canvas.theme.palette, canvas.surface
    colours: dict[str, Colour] = {"sync": p.sync_edge, "async": p.async_edge, "relation": p.relation_edge}
    thick = 2 if projection.scale >= 30 else 1
    ox, oy = offset
    drawn: Counter[str] = Counter()
    merged: list[EdgeShape] = []
    for shape in projection.edges:
        if shape.flow == "relation" and not relations:
            continue
        if not shape.bounds.move(offset).colliderect(rect):
            continue
        colour = colours[shape.flow]
        width = 1 if shape.flow == "relation" else thick
        for (x0, y0), (x1, y1) in shape.segments:
            pygame.draw.line(surface, colour, (x0 + ox, y0 + oy), (x1 + ox, y1 + oy), width)
        pygame.draw.polygon(surface, colour, [(x + ox, y + oy) for x, y in shape.head])
        drawn[shape.kind] += 1
        if shape.count > 1:
            merged.append(shape)
    return drawn, merged


def _draw_counts(canvas: Canvas, rect: pygame.Rect, merged: list[EdgeShape], offset: tuple[int, int]) -> None:
    """Each merged edge's ``×N``, last, over the lines: at the first of its places where it
    covers no text drawn (a name, a label, another count); left off when none is free."""
    p = canvas.theme.palette
    colours: dict[str, Colour] = {"sync": p.sync_edge, "async": p.async_edge, "relation": p.relation_edge}
    height = canvas.line_height("tiny")
    placed: list[pygame.Rect] = []
    for shape in merged:
        (x0, y0), (x1, y1) = shape.segments[0][0], shape.head[0]
        if math.hypot(x1 - x0, y1 - y0) < COUNT_MIN_RUN:
            continue
        text = f"×{shape.count}"
        spot = pygame.Rect(0, 0, max(canvas.text_width(text, "tiny") + 8, height), height)
        taken = [t.ink for t in canvas.log.texts if t.ink.width] + placed
        for x, y in shape.tags:
            spot.center = (round(x) + offset[0], round(y) + offset[1])
            if rect.contains(spot) and spot.collidelist(taken) < 0:
                _pill(canvas, text, spot.center, colours[shape.flow], "tiny")
                placed.append(spot.copy())
                break


@dataclass(frozen=True)
class Mark:
    """One node as drawn: a resource, or a collapsed group standing for its members."""

    key: str  # its id in the projection (a resource's id, or the group's key)
    action: str  # its hotspot: ``node`` (select) or ``group`` (expand)
    type: str  # whose icon
    label: str
    state: str | None  # the worst alarm state
    findings: int  # how many of its resources have findings
    in_flight: int
    selected: bool
    truth: str | None

    @classmethod
    def of_node(cls, node: NodeLike, model: DiagramModel) -> Mark:
        return cls(
            node.id,
            "node",
            node.type,
            node.label,
            model.alarm_state.get(node.id),
            int(node.id in model.findings),
            model.in_flight.get(node.id, 0),
            node.id == model.selected,
            model.truth.get(node.id),
        )

    @classmethod
    def of_group(cls, group: Group, model: DiagramModel) -> Mark:
        states = [model.alarm_state[m] for m in group.members if m in model.alarm_state]
        hurt = [model.truth[m] for m in group.members if m in model.truth]
        return cls(
            group.key,
            "group",
            group.icon,
            f"{len(group.members)} resources",
            max(states, key=lambda state: SEVERITY.get(state, 0), default=None),
            sum(m in model.findings for m in group.members),
            sum(model.in_flight.get(m, 0) for m in group.members),
            model.selected in group.members,
            (hurt[0] if len(hurt) == 1 else f"{len(hurt)} hurt") if hurt else None,
        )


def _marks(projection: Projection, model: DiagramModel) -> list[Mark]:
    """What to draw: the resources placed (not folded into a collapsed group), then the collapsed groups."""
    marks = [Mark.of_node(node, model) for node in model.nodes if node.id in projection.centres]
    return marks + [Mark.of_group(group, model) for group, _ in projection.groups if group.collapsed]


def _draw_nodes(
    canvas: Canvas, rect: pygame.Rect, projection: Projection, offset: tuple[int, int], model: DiagramModel
) -> tuple[int, int]:
    p = canvas.theme.palette
    surface = canvas.surface
    size = projection.icon
    half = size // 2
    role = "small" if projection.scale >= 150 else "tiny"
    badge = "body" if size >= 80 else "small" if size >= 48 else "tiny"  # badges grow with the icons
    step = canvas.line_height(role)
    lines = min(MAX_LABEL_LINES, int((projection.scale - size - LABEL_GAP - 4) // step))
    nodes = labels = 0
    for mark in _marks(projection, model):
        cx, cy = projection.centres[mark.key]
        cx, cy = cx + offset[0], cy + offset[1]
        box = pygame.Rect(cx - half, cy - half, size, size)
        text = label_lines(canvas, mark.label, projection.rooms[mark.key], lines, role) if lines > 0 else ()
        widths = [canvas.text_width(line, role) + 2 for line in text]
        wide = max(widths, default=0)
        area = box.union(pygame.Rect(cx - wide // 2, box.bottom, wide, LABEL_GAP + step * len(text)))
        if not area.colliderect(rect):
            continue
        nodes += 1
        if mark.state == "ALARM":
            pygame.draw.rect(surface, p.alarm, box.inflate(6, 6), width=2, border_radius=max(size // 5, 3))
        surface.blit(icon(mark.type, size), box)
        y = box.bottom + LABEL_GAP
        for line, width in zip(text, widths, strict=True):
            canvas.text(line, pygame.Rect(cx - width // 2, y, width, step), role=role, wrap_lines=False)
            y += step
        labels += bool(text)
        if mark.selected:
            pygame.draw.rect(surface, p.selected, box.inflate(12, 12), width=3, border_radius=max(size // 4, 4))
        _badges(canvas, box, mark, badge)
        canvas.hotspot(area.clip(rect), mark.action, mark.key, label=mark.key)
    return nodes, labels


def _badges(canvas: Canvas, box: pygame.Rect, mark: Mark, role: str) -> None:
    """A mark's badges: alarm state top right, findings top left (with their number, when a
    group's members have several, on the left edge), actions in flight bottom right (beside the
    state when the icon is too small for both), the truth bottom left."""
    p = canvas.theme.palette
    height = canvas.line_height(role)
    state = None
    if mark.state is not None:
        corner = (box.right, box.top + height // 2 - 2)  # clear of the label above
        state = _pill(canvas, BADGE_TEXT.get(mark.state, "?"), corner, canvas.theme.state_colour(mark.state), role)
    if mark.findings:
        _magnifier(canvas.surface, p.accent, p.background, (box.left, box.top), max(box.width // 4, 6))
        if mark.findings > 1 and box.height >= height * 2:
            _pill(canvas, str(mark.findings), (box.left, box.centery), p.accent, role)
    if mark.in_flight:
        text = str(mark.in_flight)
        corner = (box.right, box.bottom - height // 2)  # clear of the label below
        badge = _pill_rect(canvas, text, corner, role)
        if state is not None and state.colliderect(badge):  # an icon too small for both: beside the state
            corner = (state.right + badge.width // 2 + 1, state.centery)
        _pill(canvas, text, corner, p.warning, role)
    if mark.truth is not None:
        _truth(canvas, box, mark.truth, role)


def _truth(canvas: Canvas, box: pygame.Rect, text: str, role: str) -> None:
    """A truth badge: ``text`` on the icon's bottom-left corner, clear of the alarm badge on its
    top-right one; an icon too small for both gets a double ring instead (the panel says more)."""
    p = canvas.theme.palette
    height = canvas.line_height(role)
    wide = max(canvas.text_width(text, role) + 8, height)
    if box.height >= height * 2 and box.width >= wide:
        _pill(canvas, text, (box.left, box.bottom - height // 2), p.alarm, role)
        return
    for grow in (8, 14):
        pygame.draw.rect(
            canvas.surface, p.alarm, box.inflate(grow, grow), width=2, border_radius=max(box.width // 4, 4)
        )


def _pill_rect(canvas: Canvas, text: str, centre: tuple[int, int], role: str) -> pygame.Rect:
    """Where :func:`_pill` draws ``text`` centred on ``centre``."""
    height = canvas.line_height(role)
    badge = pygame.Rect(0, 0, max(canvas.text_width(text, role) + 8, height), height)
    badge.center = centre
    return badge


def _pill(canvas: Canvas, text: str, centre: tuple[int, int], colour: Colour, role: str) -> pygame.Rect:
    """A small rounded badge with dark text, centred on ``centre``; where it was drawn."""
    p = canvas.theme.palette
    badge = _pill_rect(canvas, text, centre, role)
    canvas.fill(badge, colour, border=p.background, radius=badge.height // 2)
    inner = pygame.Rect(badge.x + 4, badge.y + 1, badge.width - 8, badge.height - 1)
    canvas.text(text, inner, role=role, colour=p.background, align="center", wrap_lines=False)
    return badge


def _magnifier(surface: pygame.Surface, colour: Colour, edge: Colour, centre: tuple[int, int], radius: int) -> None:
    """The findings marker: a magnifying glass on a dark disc (a shape, not just a colour)."""
    x, y = centre
    pygame.draw.circle(surface, edge, centre, radius + 2)
    lens = max(radius * 3 // 5, 3)
    pygame.draw.circle(surface, colour, (x - radius // 5, y - radius // 5), lens, width=max(radius // 4, 2))
    handle = (x + radius * 3 // 5, y + radius * 3 // 5)
    pygame.draw.line(surface, colour, (x + radius // 5, y + radius // 5), handle, max(radius // 3, 2))
