"""Two games side by side: for each, its top bar (clock, availability, money, team), its
diagram (alarms, findings, actions in flight, truth badges when asked), the selected
resource's panel (what that game's team could see of it: metrics, alarms, findings) and its
feed, at the same moment.

One resource is selected on both sides at once, so the two panels say what each team knew
of the same resource at the same moment: where the games diverged. The side the player is
focused on (the one a fork takes over) is outlined.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from ..canvas import Canvas
from ..diagram.draw import DiagramModel, draw_diagram
from ..diagram.view import DiagramView
from ..layout import columns, split_left, split_top
from ..play.feed import draw_feed
from ..play.nodepanel import draw_node_panel
from ..play.screen import truth_badges
from ..play.topbar import draw_topbar, topbar_height
from .state import ReplayState

READ_ONLY = "Nothing can be done in a replay. Fork it (K) to take over from this moment."
PICK = "Click a resource on either diagram: both panels show what each game's team saw of it."


@dataclass
class Side:
    """One game's column as the scene sees it: its camera and scrolling, and where the last
    frame drew its parts (the scene routes the mouse by them)."""

    state: ReplayState
    view: DiagramView
    scrolls: dict[str, int]
    diagram: pygame.Rect = field(default_factory=pygame.Rect)
    panel: pygame.Rect = field(default_factory=pygame.Rect)
    feed: pygame.Rect = field(default_factory=pygame.Rect)
    column: pygame.Rect = field(default_factory=pygame.Rect)
    hidden: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, state: ReplayState, view: DiagramView | None = None) -> Side:
        """A side showing ``state``, fitted, scrolled to the top."""
        return cls(state, view or DiagramView(), {"panel": 0, "feed": 0})

    def part_at(self, pos: tuple[int, int]) -> str | None:
        """Which scrollable part (``panel`` or ``feed``) is under ``pos``, if any."""
        return next((name for name in ("panel", "feed") if getattr(self, name).collidepoint(pos)), None)

    def scroll(self, pos: tuple[int, int], step: int) -> None:
        """Scroll the part under ``pos``, no further than the last frame had hidden."""
        part = self.part_at(pos)
        if part is not None:
            offset = self.scrolls[part]
            limit = offset + self.hidden.get(part, 0)
            self.scrolls[part] = min(max(offset + step, 0), limit)


@dataclass(frozen=True)
class Look:
    """What both sides show the same way: the selection, the panel's tab, the feed filter."""

    selected: str | None
    tab: str
    feed_filter: str


def draw_side(canvas: Canvas, rect: pygame.Rect, bar: int, side: Side, look: Look, focused: bool) -> None:
    """One game's column, under a top bar ``bar`` pixels tall."""
    theme, p = canvas.theme, canvas.theme.palette
    state = side.state
    snap = state.snapshot()
    top, body = split_top(rect, bar, theme.space())
    draw_topbar(canvas, top, snap, state)
    upper, feed = split_top(body, body.height * 3 // 5, theme.space())
    diagram, panel = split_left(upper, upper.width * 9 // 20, theme.space())
    truth = state.truth()
    model = DiagramModel.from_snapshot(snap, findings=state.learned, selected=look.selected, truth=truth_badges(truth))
    draw_diagram(canvas, diagram, side.view, model)
    panel_hidden = draw_node_panel(
        canvas,
        panel,
        snap,
        state,
        look.selected,
        look.tab,
        [],
        () if look.selected is None else state.metrics(look.selected),
        side.scrolls["panel"],
        None,
        truth=(truth or {}).get(look.selected or ""),
        no_actions=READ_ONLY if look.selected else PICK,
    )
    feed_hidden = draw_feed(canvas, feed, snap.feed, look.feed_filter, side.scrolls["feed"])
    side.diagram, side.panel, side.feed, side.column = diagram, panel, feed, rect
    side.hidden = {"panel": panel_hidden, "feed": feed_hidden}
    if focused:
        pygame.draw.rect(canvas.surface, p.accent, rect.inflate(4, 4), 2, border_radius=4)


def draw_compare(canvas: Canvas, rect: pygame.Rect, sides: list[Side], look: Look, focus: int) -> None:
    """The games' columns across ``rect``, their top bars of one height so the diagrams line up."""
    gap = canvas.theme.space(1.5)
    parts = columns(pygame.Rect(rect.x + 2, rect.y + 2, rect.width - 4, rect.height - 4), len(sides), gap)
    bar = max(topbar_height(canvas, part, s.state.snapshot(), s.state) for part, s in zip(parts, sides, strict=True))
    for number, (part, side) in enumerate(zip(parts, sides, strict=True)):
        draw_side(canvas, part, bar, side, look, focused=number == focus)
