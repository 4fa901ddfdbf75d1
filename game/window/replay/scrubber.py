"""The replay's timeline scrubber: the controls, then one track per game with its marked
moments (faults injected and resolved, first signals, discoveries, the player's actions,
users back within the SLO) in the debrief chart's shapes and lanes, the cursor, and a legend
of the shapes shown.

Clicking or dragging on the track moves the cursor (the scene turns the x into a tick with
:meth:`Track.tick_at`); every marker is a hotspot that jumps to its moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame
from warroom.engine import format_clock

from ..canvas import Canvas
from ..chart import LANES, MARKERS, SHAPES, Marker
from ..layout import split_left, split_top


@dataclass(frozen=True)
class Lanes:
    """One game's marked moments, under a name (shown before each lane when games are compared)."""

    name: str
    markers: Sequence[Marker]
    ended_at: int


@dataclass(frozen=True)
class Track:
    """Where the track was drawn and the span of time it covers."""

    rect: pygame.Rect
    horizon: int

    def x(self, tick: int) -> int:
        """The x of a tick."""
        return self.rect.x + round(min(max(tick, 0), self.horizon) * self.rect.width / max(self.horizon, 1))

    def tick_at(self, x: int) -> int:
        """The tick under ``x``."""
        share = (x - self.rect.x) / max(self.rect.width, 1)
        return round(min(max(share, 0.0), 1.0) * self.horizon)


def _lane_height(canvas: Canvas) -> int:
    return max(canvas.theme.space(2.2), canvas.line_height("tiny") + 2)


def scrubber_height(canvas: Canvas, games: int) -> int:
    """How tall the scrubber is for ``games`` tracks."""
    theme = canvas.theme
    controls = canvas.line_height("small") + theme.space(1.5)
    tracks = games * len(LANES) * _lane_height(canvas)
    return controls + theme.space() + tracks + theme.space(1.5) + canvas.line_height("tiny") + theme.space()


def draw_controls(canvas: Canvas, rect: pygame.Rect, buttons: Sequence[tuple[str, str]], status: str) -> None:
    """A row of small buttons ``(label, action)``, then ``status`` (the clock and the speed) on the right."""
    theme = canvas.theme
    x = rect.x
    for label, action in buttons:
        width = canvas.text_width(label, "small") + theme.space(2)
        canvas.button(pygame.Rect(x, rect.y, width, rect.height), label, action, role="small")
        x += width + theme.space(0.75)
    room = pygame.Rect(x + theme.space(), rect.y, max(rect.right - x - theme.space(), 0), rect.height)
    line = canvas.line_height("small")
    where = pygame.Rect(room.x, room.centery - line // 2, room.width, line)
    canvas.text(canvas.ellipsize(status, room.width, "small"), where, role="small", align="right", wrap_lines=False)


def draw_tracks(canvas: Canvas, rect: pygame.Rect, games: Sequence[Lanes], horizon: int, tick: int) -> Track:
    """Each game's lanes of markers across ``rect`` (the run-out after a declaration shaded) and
    the cursor at ``tick``."""
    theme, p = canvas.theme, canvas.theme.palette
    lane = _lane_height(canvas)
    labels = [f"{game.name} · {name}" if len(games) > 1 else name for game in games for name in LANES]
    left = min(max(canvas.text_width(label, "tiny") for label in labels) + theme.space(1.5), rect.width // 4)
    names, area = split_left(rect, left)
    track = Track(pygame.Rect(area.x, area.y, area.width - theme.space(), len(labels) * lane), horizon)
    radius = max(min(lane // 3, theme.space(0.8)), 3)
    canvas.fill(track.rect.inflate(0, 4), p.group, radius=0)
    for number, game in enumerate(games):
        top = track.rect.y + number * len(LANES) * lane
        if game.ended_at < horizon:  # after the player declared the incident over: the run-out
            after = pygame.Rect(track.x(game.ended_at), top, 0, len(LANES) * lane)
            after.width = track.rect.right - after.x
            canvas.fill(after, p.panel, radius=0)
        for marker in game.markers:
            style = MARKERS[marker.kind]
            centre = (track.x(marker.tick), top + style.lane * lane + lane // 2)
            SHAPES[style.shape](canvas.surface, getattr(p, style.colour), centre, radius)
            spot = pygame.Rect(centre[0] - radius - 1, centre[1] - radius - 1, radius * 2 + 2, radius * 2 + 2)
            canvas.hotspot(spot, "moment", marker.tick, f"{game.name}: {format_clock(marker.tick)} {marker.text}")
    for row, label in enumerate(labels):
        where = pygame.Rect(names.x, track.rect.y + row * lane + (lane - canvas.line_height("tiny")) // 2, left, lane)
        where.height = canvas.line_height("tiny")
        canvas.text(canvas.ellipsize(label, left - theme.space(), "tiny"), where, role="tiny", colour=p.muted)
    x = track.x(tick)
    pygame.draw.line(canvas.surface, p.text, (x, track.rect.y - 2), (x, track.rect.bottom + 2), 2)
    canvas.log.notes["replay_cursor"] = (tick, x)
    return track


def draw_legend(canvas: Canvas, rect: pygame.Rect, games: Sequence[Lanes], horizon: int) -> None:
    """One row naming the marker shapes the tracks show (and the shaded run-out), as many as fit."""
    theme, p = canvas.theme, canvas.theme.palette
    radius = max(min(_lane_height(canvas) // 3, theme.space(0.8)), 3)
    shown = {marker.kind for game in games for marker in game.markers}
    items = [(style.label, style) for kind, style in MARKERS.items() if kind in shown]
    if any(game.ended_at < horizon for game in games):
        items.append(("after the incident was declared over", None))
    x, swatch, gap = rect.x, theme.space(2), theme.space(0.5)
    for label, style in items:
        width = canvas.text_width(label, "tiny") + 1
        if x + swatch + gap + width > rect.right:
            break
        mark = pygame.Rect(x, rect.y, swatch, rect.height)
        if style is None:
            canvas.fill(mark.inflate(0, -2), p.panel, border=p.group, radius=0)  # the shading, as on the track
        else:
            SHAPES[style.shape](canvas.surface, getattr(p, style.colour), mark.center, radius)
        where = pygame.Rect(x + swatch + gap, rect.y, width, rect.height)
        canvas.text(label, where, role="tiny", colour=p.muted, wrap_lines=False)
        x = where.right + theme.space(1.5)


def draw_scrubber(
    canvas: Canvas,
    rect: pygame.Rect,
    buttons: Sequence[tuple[str, str]],
    status: str,
    games: Sequence[Lanes],
    horizon: int,
    tick: int,
) -> Track:
    """The whole scrubber in ``rect`` (as tall as :func:`scrubber_height`); the track it drew."""
    theme, p = canvas.theme, canvas.theme.palette
    canvas.fill(rect, p.panel, radius=0)
    inner = pygame.Rect(rect.x + theme.space(), rect.y + theme.space(), rect.width - theme.space(2), rect.height)
    controls, rest = split_top(inner, canvas.line_height("small") + theme.space(1.5), theme.space())
    draw_controls(canvas, controls, buttons, status)
    tracks, legend = split_top(rest, len(games) * len(LANES) * _lane_height(canvas), theme.space(1.5))
    track = draw_tracks(canvas, tracks, games, horizon, tick)
    draw_legend(
        canvas, pygame.Rect(track.rect.x, legend.y, track.rect.width, canvas.line_height("tiny")), games, horizon
    )
    return track
