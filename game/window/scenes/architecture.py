"""An architecture file on its own (``warroom show ARCH``): the diagram with its groups, and the
selected resource's stack, place, configuration and edges — so an author can look at an
imported CloudFormation estate before writing an incident for it. Nothing runs: there is no
clock and no scenario, only the file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine.scenario.archfile import LoadedArchitecture
from warroom.engine.snapshot import NodeView

from ..canvas import Canvas, Hotspot
from ..diagram import DiagramModel, DiagramView, draw_diagram
from ..layout import inset, split_left, split_top
from ..scene import Scene
from ..widgets import Block, Pane, Scroll, button_height, footer, panel, scroll_view, wheel_scroll

HINT = "Click a resource · drag / wheel / F: look around · G: groups · R: relations · PgUp / PgDn: details"


def diagram_nodes(architecture: LoadedArchitecture) -> tuple[NodeView, ...]:
    """The file's resources as the diagram reads them (no alarms: nothing is running)."""
    return tuple(
        NodeView(n.id, n.type, n.label or n.id, n.region, n.az, n.stack, (), n.position)
        for n in sorted(architecture.spec.nodes, key=lambda n: n.id)
    )


def diagram_edges(architecture: LoadedArchitecture) -> tuple[tuple[str, str, str], ...]:
    """The file's edges as ``(source, target, kind)``, in the snapshot's order."""
    return tuple(sorted((e.source, e.target, e.kind) for e in architecture.spec.edges))


def details(architecture: LoadedArchitecture, node_id: str | None) -> list[Block]:
    """What the panel says of the selected resource (or of the whole file when none is)."""
    spec = architecture.spec
    if node_id is None:
        stacks = sorted({n.stack for n in spec.nodes if n.stack})
        summary = f"{len(spec.nodes)} resources, {len(spec.edges)} edges, {len(stacks)} stacks"
        blocks = [Block(architecture.name, role="heading"), Block(summary, role="small")]
        if spec.description:
            blocks.append(Block(spec.description.strip(), role="small"))
        blocks.append(Block("Click a resource to see its configuration and edges.", role="small"))
        return blocks
    node = next(n for n in spec.nodes if n.id == node_id)
    place = ", ".join(part for part in (node.region, node.az) if part)
    blocks = [
        Block(node.id, role="heading"),
        Block(f"{node.type} · {place}" + (f" · stack {node.stack}" if node.stack else ""), role="small"),
        Block("Configuration", after=0.25),
    ]
    config = node.config or {}
    blocks += [Block(f"{key}: {value}", role="small", indent=1, after=0.25) for key, value in sorted(config.items())]
    if not config:
        blocks.append(Block("(the catalog's defaults)", role="small", indent=1))
    edges = [f"{e.kind} → {e.target}" for e in spec.edges if e.source == node_id]
    edges += [f"{e.source} {e.kind} → this" for e in spec.edges if e.target == node_id]
    blocks.append(Block("Edges", after=0.25))
    blocks += [Block(text, role="small", indent=1, after=0.25) for text in edges] or [
        Block("none", role="small", indent=1)
    ]
    return blocks


class ArchitectureScreen(Scene):
    """Look at an architecture file: pan, zoom, collapse groups, read a resource's configuration."""

    name = "architecture"

    def startup(self, data: dict[str, Any]) -> None:
        self.architecture: LoadedArchitecture = data["architecture"]
        self.nodes = diagram_nodes(self.architecture)
        self.edges = diagram_edges(self.architecture)
        self.view = DiagramView()
        self.selected: str | None = None
        self.details = Pane(Scroll(), "architecture_details", "architecture_details_area")

    def _diagram(self) -> pygame.Rect:
        return self.app.log.notes.get("diagram", pygame.Rect(0, 0, 1, 1))

    def actions(self) -> dict[str, Callable[[], None]]:
        return {"quit": self.close}

    def keys(self) -> dict[int, Callable[[], None]]:
        notes = self.app.log.notes
        return {
            pygame.K_ESCAPE: self.close,
            pygame.K_f: lambda: self.view.fit(self._diagram()),
            pygame.K_g: lambda: self.view.toggle_all(self._diagram()),
            pygame.K_r: self.view.toggle_relations,
            pygame.K_PAGEDOWN: lambda: self.details.page(notes, 1),
            pygame.K_PAGEUP: lambda: self.details.page(notes, -1),
        }

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.view.handle_event(event, self._diagram()):
            return
        super().handle_event(event)

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        wheel_scroll(self.app.log.notes, pos, notches, [self.details])

    def clicked(self, spot: Hotspot, button: int) -> None:
        handlers: dict[str, Callable[[Any], None]] = {
            "node": self._select,
            "group": lambda key: self.view.toggle_group(key, self._diagram()),
            "quit": lambda _: self.close(),
        }
        handler = handlers.get(spot.action)
        if handler is not None:
            handler(spot.payload)

    def close(self) -> None:
        """Close the window."""
        self.app.running = False

    def _select(self, node_id: str | None) -> None:
        self.selected = node_id
        self.details.scroll.offset = 0

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        area = inset(canvas.rect, theme.space(2))
        head, rest = split_top(area, canvas.line_height("heading"), theme.space(1))
        title = f"Architecture — {self.architecture.name} ({self.architecture.source})"
        canvas.text(canvas.ellipsize(title, head.width, "heading"), head, role="heading", wrap_lines=False)
        body = pygame.Rect(rest.x, rest.y, rest.width, rest.height - button_height(canvas) - theme.space(1))
        diagram, side = split_left(body, body.width * 2 // 3, theme.space())
        canvas.log.notes["diagram"] = diagram
        model = DiagramModel(self.nodes, self.edges, selected=self.selected)
        canvas.log.notes["diagram_stats"] = draw_diagram(canvas, diagram, self.view, model)
        inner = panel(canvas, side, "Resource" if self.selected else "File")
        canvas.log.notes[self.details.area] = side
        canvas.log.notes[self.details.info] = scroll_view(
            canvas, inner, details(self.architecture, self.selected), self.details.scroll.offset
        )
        row = pygame.Rect(rest.x, body.bottom + theme.space(1), rest.width, button_height(canvas))
        footer(canvas, row, [("Close  [Esc]", "quit")], HINT)
