"""A sparkline: a metric's last datapoints as a small line, gaps where nothing was published."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from ..theme import Colour


def draw_sparkline(
    surface: pygame.Surface, rect: pygame.Rect, points: Sequence[float | None], colour: Colour, baseline: Colour
) -> None:
    """Draw ``points`` scaled to ``rect`` (zero at the bottom); missing datapoints break the line."""
    pygame.draw.line(surface, baseline, rect.bottomleft, rect.bottomright)
    values = [p for p in points if p is not None]
    if not values or len(points) < 2:
        return
    top = max(*values, 1e-9)
    step = rect.width / (len(points) - 1)
    run: list[tuple[float, float]] = []
    for index, value in enumerate(points):
        if value is None:
            _flush(surface, run, colour)
            run = []
            continue
        run.append((rect.x + index * step, rect.bottom - (value / top) * (rect.height - 2) - 1))
    _flush(surface, run, colour)


def _flush(surface: pygame.Surface, run: list[tuple[float, float]], colour: Colour) -> None:
    if len(run) >= 2:
        pygame.draw.lines(surface, colour, False, run, 2)
    elif run:
        pygame.draw.circle(surface, colour, (int(run[0][0]), int(run[0][1])), 2)
