"""The report's chart as a PNG: the window debrief's timeline, drawn headless on an offscreen surface.

The window's :class:`~warroom.game.window.chart.TimelineChart` draws true availability and
the KPIs against normal with the faults' moments, the first signals, the team's actions and
mitigation marked; a report draws the same chart, so it reads like the debrief. A still
image has no cursor, so its legend leaves the cursor out.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pygame
from warroom.game.window.canvas import Canvas
from warroom.game.window.chart import Chart, TimelineChart
from warroom.game.window.theme import PALETTES, Theme

SIZE = (1200, 460)
MARGIN = 16


class _StillChart(TimelineChart):
    """The timeline without the cursor's legend entry."""

    def _legend_items(self) -> list[tuple[str, Callable[[pygame.Rect], None]]]:
        return [item for item in super()._legend_items() if item[0] != "cursor"]


def timeline_png(chart: Chart, size: tuple[int, int] = SIZE) -> bytes:
    """The chart drawn at ``size`` pixels on the window's colour-blind-safe palette, as PNG bytes."""
    pygame.font.init()
    theme = Theme(PALETTES["colour-blind safe"])
    surface = pygame.Surface(size)
    surface.fill(theme.palette.background)
    area = surface.get_rect().inflate(-2 * MARGIN, -2 * MARGIN)
    _StillChart(Canvas(surface, theme), area, chart).draw(None)
    out = io.BytesIO()
    pygame.image.save(surface, out, "chart.png")
    return out.getvalue()
