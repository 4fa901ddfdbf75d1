"""The game screen shared by play and replay: the top bar, the diagram, the selected resource's
panel and the feed, with what the player does to look around (select, tabs, feed filters,
scrolling, fit, relations, collapsing groups).

:class:`GameScreen` is a scene base: the play scene adds the clock and actions, the replay
viewer a timeline and the truth. Both hand it a :class:`ScreenState` — what the drawing of
the parts reads — so the parts never know which of the two they serve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import ActionOption, MetricSeries, NodeTruth, node_metrics

from ..canvas import Canvas
from ..diagram.draw import DiagramModel, draw_diagram
from ..diagram.view import DiagramView
from ..layout import inset, split_left, split_top
from ..scene import Scene, cycle
from .feed import FILTERS, draw_feed
from .nodepanel import NO_ACTIONS, draw_node_panel
from .screenstate import ScreenState
from .topbar import draw_topbar, topbar_height


class GameScreen(Scene):
    """Base of the play and replay scenes; subclasses set ``self.state`` and call :meth:`open_screen`."""

    state: ScreenState

    def open_screen(self) -> None:
        """Start looking at a game: fitted diagram, nothing selected, the whole feed."""
        self.view = DiagramView()
        self.selected: str | None = None
        self.tab = "actions"
        self.feed_filter = "all"
        self.scrolls = {"panel": 0, "feed": 0}  # lines scrolled out of view, by part of the screen
        self._metrics: tuple[tuple[str | None, int], tuple[MetricSeries, ...]] = ((None, -1), ())

    def metrics(self) -> tuple[MetricSeries, ...]:
        """The selected resource's published metrics (recomputed once per tick)."""
        key = (self.selected, self.state.sim.tick)
        if self.selected is None:
            return ()
        if self._metrics[0] != key:
            self._metrics = (key, node_metrics(self.state.sim, self.selected))
        return self._metrics[1]

    def area(self, name: str) -> pygame.Rect:
        """Where the last frame drew a part of the screen (``diagram``, ``panel``, ``feed``)."""
        return self.app.log.notes.get(name, pygame.Rect(0, 0, 0, 0))

    # -- input ----------------------------------------------------------------------------
    def screen_keys(self) -> dict[int, Callable[[], None]]:
        """The keys for looking around."""
        return {
            pygame.K_f: lambda: self.view.fit(self.area("diagram")),
            pygame.K_r: self.view.toggle_relations,
            pygame.K_g: lambda: self.view.toggle_all(self.area("diagram")),
            pygame.K_TAB: self.cycle_feed,
            pygame.K_i: lambda: self.set_tab("info"),
            pygame.K_a: lambda: self.set_tab("actions"),
            pygame.K_PAGEDOWN: lambda: self.scroll(self.area("panel").center, 5),
            pygame.K_PAGEUP: lambda: self.scroll(self.area("panel").center, -5),
        }

    def screen_clicks(self) -> dict[str, Callable[[Any], None]]:
        """What clicking the parts' hotspots does, by hotspot action."""
        return {
            "node": self.select,
            "group": lambda key: self.view.toggle_group(key, self.area("diagram")),
            "tab": self.set_tab,
            "filter": self.set_filter,
        }

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.view.handle_event(event, self.area("diagram")):
            return
        super().handle_event(event)

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        self.scroll(pos, notches)

    def select(self, node_id: str | None) -> None:
        """Select a resource (its panel opens on what we know of it)."""
        if node_id != self.selected:
            self.selected = node_id
            self.tab = "info"
            self.scrolls["panel"] = 0
            self.selection_changed()

    def selection_changed(self) -> None:
        """Called after the selection changed (the play scene closes its form)."""

    def set_tab(self, tab: str) -> None:
        """Switch the panel between what we know and the actions."""
        self.tab = tab
        self.scrolls["panel"] = 0

    def set_filter(self, name: str) -> None:
        """Filter the feed."""
        self.feed_filter = name if name in FILTERS else "all"
        self.scrolls["feed"] = 0

    def cycle_feed(self) -> None:
        """Next feed filter."""
        self.set_filter(cycle(FILTERS, self.feed_filter))

    def scroll(self, pos: tuple[int, int], step: int) -> None:
        """Scroll the panel or the feed under the mouse, no further than the last frame had hidden."""
        for part, offset in self.scrolls.items():
            if self.area(part).collidepoint(pos):
                limit = offset + self.app.log.notes.get(f"{part}_hidden", 0)
                self.scrolls[part] = min(max(offset + step, 0), limit)

    # -- drawing --------------------------------------------------------------------------
    def draw_screen(
        self,
        canvas: Canvas,
        rect: pygame.Rect,
        options: list[ActionOption],
        *,
        chosen: int | None = None,
        truth: dict[str, NodeTruth] | None = None,
        no_actions: str = NO_ACTIONS,
    ) -> tuple[pygame.Rect, pygame.Rect]:
        """Draw the four parts in ``rect``; the diagram's and the panel's rectangles."""
        theme = canvas.theme
        snap = self.state.snapshot()
        top, body = split_top(rect, topbar_height(canvas, rect, snap, self.state))
        draw_topbar(canvas, top, snap, self.state)
        body = inset(body, theme.space())
        diagram, side = split_left(body, body.width * 3 // 5, theme.space())
        panel, feed = split_top(side, side.height * 11 // 20, theme.space())
        canvas.log.notes.update(diagram=diagram, panel=panel, feed=feed)
        model = DiagramModel.from_snapshot(
            snap, findings=self.state.learned, selected=self.selected, truth=truth_badges(truth)
        )
        canvas.log.notes["diagram_stats"] = draw_diagram(canvas, diagram, self.view, model)
        canvas.log.notes["panel_hidden"] = draw_node_panel(
            canvas,
            panel,
            snap,
            self.state,
            self.selected,
            self.tab,
            options,
            self.metrics(),
            self.scrolls["panel"],
            chosen,
            truth=(truth or {}).get(self.selected or ""),
            no_actions=no_actions,
        )
        canvas.log.notes["feed_hidden"] = draw_feed(canvas, feed, snap.feed, self.feed_filter, self.scrolls["feed"])
        return diagram, panel

    @staticmethod
    def draw_notice(canvas: Canvas, area: pygame.Rect, notice: str) -> None:
        """A notice (what the engine refused, and why) boxed at the bottom of ``area``."""
        theme, p = canvas.theme, canvas.theme.palette
        lines = canvas.fit_lines(notice, area.width - theme.space(4), "small")
        height = lines * canvas.line_height("small") + theme.space(2)
        box = pygame.Rect(
            area.x + theme.space(), area.bottom - height - theme.space(), area.width - theme.space(2), height
        )
        canvas.fill(box, p.panel, border=p.alarm)
        canvas.text(notice, inset(box, theme.space()), role="small", colour=p.alarm)


def truth_badges(truth: dict[str, NodeTruth] | None) -> dict[str, str]:
    """The diagram's truth badge of each resource that is not healthy: its true success rate,
    or ``fault`` where a fault sits that hurts no request (yet)."""
    return {node_id: _badge(node) for node_id, node in (truth or {}).items() if not node.healthy}


def _badge(node: NodeTruth) -> str:
    return "fault" if node.ok >= 0.999 else f"{node.ok * 100:.0f}%"
