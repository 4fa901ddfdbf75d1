"""Two games side by side: for each, its top bar (clock, availability, money, team), its
diagram (alarms, findings, actions in flight, truth badges when asked) and its feed, at the
same moment."""

from __future__ import annotations

import pygame

from ..canvas import Canvas
from ..diagram.draw import DiagramModel, draw_diagram
from ..diagram.view import DiagramView
from ..layout import columns, split_top
from ..play.feed import draw_feed
from ..play.screen import truth_badges
from ..play.topbar import draw_topbar, topbar_height
from .state import ReplayState


def draw_side(
    canvas: Canvas, rect: pygame.Rect, bar: int, state: ReplayState, view: DiagramView, feed_filter: str
) -> None:
    """One game's column, under a top bar ``bar`` pixels tall."""
    theme = canvas.theme
    snap = state.snapshot()
    top, body = split_top(rect, bar, theme.space())
    draw_topbar(canvas, top, snap, state)
    diagram, feed = split_top(body, body.height * 3 // 5, theme.space())
    model = DiagramModel.from_snapshot(snap, findings=state.learned, truth=truth_badges(state.truth()))
    draw_diagram(canvas, diagram, view, model)
    draw_feed(canvas, feed, snap.feed, feed_filter, 0)


def draw_compare(
    canvas: Canvas, rect: pygame.Rect, states: list[ReplayState], views: list[DiagramView], feed_filter: str
) -> None:
    """The games' columns across ``rect``, their top bars of one height so the diagrams line up."""
    parts = columns(rect, len(states), canvas.theme.space())
    bar = max(topbar_height(canvas, part, state.snapshot(), state) for part, state in zip(parts, states, strict=True))
    for part, state, view in zip(parts, states, views, strict=True):
        draw_side(canvas, part, bar, state, view, feed_filter)
