"""The debrief's timeline chart: true availability and each business KPI against its normal
level over the game, with markers for the faults' moments and the player's actions.

Markers differ in shape as well as colour (colour-blind players); each is clickable and the
chart draws a cursor at the selected moment.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame
from warroom.engine import Event, LoadedScenario, ScoreCard, describe_event, format_clock, is_player
from warroom.engine import events as ev

from .canvas import Canvas
from .theme import Colour


@dataclass(frozen=True)
class Series:
    """One line of the chart: values as a share of normal (1.0 = 100%), changing at ticks."""

    label: str
    points: tuple[tuple[int, float], ...]
    colour: str  # a palette role
    dashed: bool


@dataclass(frozen=True)
class Marker:
    """One moment marked under the chart."""

    kind: str
    tick: int
    text: str


@dataclass(frozen=True)
class MarkerStyle:
    """How a kind of marker looks (shape and colour both differ) and which lane it sits in."""

    label: str
    shape: str
    colour: str  # a palette role
    lane: int


MARKERS: dict[str, MarkerStyle] = {
    "injected": MarkerStyle("fault injected", "cross", "alarm", 0),
    "resolved": MarkerStyle("fault resolved", "star", "ok", 0),
    "herring": MarkerStyle("red herring", "circle", "muted", 0),
    "signal": MarkerStyle("first signal", "diamond", "insufficient", 1),
    "discovered": MarkerStyle("discovered", "circle", "warning", 1),
    "action": MarkerStyle("your action", "square", "text", 2),
    "mitigated": MarkerStyle("users back in SLO", "triangle", "async_edge", 2),
}
LANES = ("faults", "found", "you")
MARKER_EVENTS: dict[type[Event], str] = {
    ev.FaultInjected: "injected",
    ev.RedHerringPlanted: "herring",
    ev.FirstSignal: "signal",
    ev.FaultDiscovered: "discovered",
    ev.FaultResolved: "resolved",
    ev.ActionStarted: "action",
}
KPI_COLOURS = ("async_edge", "warning", "insufficient", "ok")
MIN_PLOT_LINES = 5  # the plot's least height, in lines of tiny text


def _steps(points: Sequence[tuple[int, float]]) -> tuple[tuple[int, float], ...]:
    """A step series with one value per tick (the last one at a tick wins)."""
    return tuple(dict(points).items())


def chart_series(scenario: LoadedScenario, log: Sequence[Event], baselines: dict[str, float]) -> list[Series]:
    """True availability, then each KPI as a share of its normal rate (the score's baseline)."""
    availability = _steps([(e.tick, e.availability) for e in log if isinstance(e, ev.ServiceLevelChanged)])
    out = [Series("true availability", availability, "accent", False)] if availability else []
    for number, kpi in enumerate(scenario.model.business.kpis):
        rates = _steps([(e.tick, e.per_minute) for e in log if isinstance(e, ev.KpiChanged) and e.kpi == kpi.id])
        normal = baselines.get(kpi.id, 0.0)
        if rates and normal > 0:
            share = tuple((tick, rate / normal) for tick, rate in rates)
            out.append(Series(f"{kpi.name} vs. normal", share, KPI_COLOURS[number % len(KPI_COLOURS)], True))
    return out


def chart_markers(card: ScoreCard, log: Sequence[Event]) -> list[Marker]:
    """The faults' moments, the player's actions, and when users were back within the SLO; in time order."""
    marks = [
        Marker(MARKER_EVENTS[type(e)], e.tick, describe_event(e))
        for e in log
        if type(e) in MARKER_EVENTS and (not isinstance(e, ev.ActionStarted) or is_player(e.by))
    ]
    mitigated = card.facts.get("mitigated_at")
    if mitigated is not None:
        marks.append(Marker("mitigated", mitigated, "users back within the SLO (mitigated)"))
    return sorted(marks, key=lambda m: m.tick)


@dataclass(frozen=True)
class Chart:
    """Everything the timeline draws."""

    series: list[Series]
    markers: list[Marker]
    horizon: int
    ended_at: int


# -- drawing the timeline -----------------------------------------------------------------------
def _polygon(points: Sequence[tuple[float, float]]) -> Callable[[pygame.Surface, Colour, tuple[int, int], int], None]:
    def draw(surface: pygame.Surface, colour: Colour, centre: tuple[int, int], r: int) -> None:
        pygame.draw.polygon(surface, colour, [(centre[0] + x * r, centre[1] + y * r) for x, y in points])

    return draw


def _cross(surface: pygame.Surface, colour: Colour, centre: tuple[int, int], r: int) -> None:
    x, y = centre
    width = max(r // 2, 2)
    pygame.draw.line(surface, colour, (x - r, y - r), (x + r, y + r), width)
    pygame.draw.line(surface, colour, (x - r, y + r), (x + r, y - r), width)


def _circle(surface: pygame.Surface, colour: Colour, centre: tuple[int, int], r: int) -> None:
    pygame.draw.circle(surface, colour, centre, r)


def _square(surface: pygame.Surface, colour: Colour, centre: tuple[int, int], r: int) -> None:
    side = r * 3 // 2
    pygame.draw.rect(surface, colour, pygame.Rect(centre[0] - side // 2, centre[1] - side // 2, side, side))


_STAR = [
    (math.cos(math.pi / 2 + i * math.pi / 5) * r, -math.sin(math.pi / 2 + i * math.pi / 5) * r)
    for i, r in enumerate([1.0, 0.45] * 5)
]
SHAPES: dict[str, Callable[[pygame.Surface, Colour, tuple[int, int], int], None]] = {
    "cross": _cross,
    "star": _polygon(_STAR),
    "diamond": _polygon([(0, -1), (1, 0), (0, 1), (-1, 0)]),
    "circle": _circle,
    "square": _square,
    "triangle": _polygon([(0, -1), (1, 0.8), (-1, 0.8)]),
}


def _dashed(surface: pygame.Surface, colour: Colour, points: Sequence[tuple[int, int]], width: int, dash: int) -> None:
    """A polyline drawn in dashes of ``dash`` pixels (the phase carries over corners)."""
    phase = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        at = 0.0
        while at < length:
            step = min(dash - phase % dash, length - at)
            if (phase // dash) % 2 == 0:
                a, b = at / length, (at + step) / length
                start = (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a)
                end = (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)
                pygame.draw.line(surface, colour, start, end, width)
            at += step
            phase += step


def _nice_step(span: float, room: int, label: int, choices: Sequence[float]) -> float:
    """The smallest of ``choices`` that leaves ``label`` pixels between marks across ``room`` pixels."""
    return next((c for c in choices if room * c / max(span, 1e-9) >= label), choices[-1])


def _value_range(series: Sequence[Series]) -> tuple[float, float]:
    values = [v for s in series for _, v in s.points] or [1.0]
    low = max(0.0, math.floor((min(*values, 1.0) - 0.05) * 10) / 10)
    high = max(1.0, math.ceil(max(values) * 10) / 10)
    return low, high


class TimelineChart:
    """Lays out and draws a :class:`Chart`: the plot, the marker lanes, the time axis and the legend."""

    def __init__(self, canvas: Canvas, rect: pygame.Rect, chart: Chart) -> None:
        self.canvas, self.chart = canvas, chart
        theme = canvas.theme
        self.radius = max(theme.space(0.8), 4)
        self.lane = max(theme.space(2.5), self.radius * 2 + 4)
        tiny = canvas.line_height("tiny")
        legend = self._legend_rows(rect.width)
        self.legend = pygame.Rect(rect.x, rect.bottom - legend, rect.width, legend)
        left = max(canvas.text_width(t, "tiny") for t in ("100%", *LANES)) + theme.space(1.5)
        below = theme.space(1.5) + tiny + len(LANES) * self.lane + theme.space()  # lanes and time axis
        self.needed = legend + below + tiny // 2 + MIN_PLOT_LINES * tiny  # the least room that reads well
        plot_bottom = self.legend.y - below
        self.plot = pygame.Rect(rect.x + left, rect.y + tiny // 2, rect.width - left - theme.space(2), 0)
        self.plot.height = max(plot_bottom - self.plot.y, 0)
        self.lanes = pygame.Rect(self.plot.x, self.plot.bottom + theme.space(), self.plot.width, len(LANES) * self.lane)
        self.axis = pygame.Rect(self.plot.x, self.lanes.bottom, self.plot.width, tiny)
        self.low, self.high = _value_range(chart.series)

    # -- coordinates --------------------------------------------------------------------
    def x(self, tick: int) -> int:
        """The x of a tick."""
        return self.plot.x + round(min(max(tick, 0), self.chart.horizon) * self.plot.width / max(self.chart.horizon, 1))

    def y(self, value: float) -> int:
        """The y of a value (a share of normal)."""
        span = max(self.high - self.low, 1e-9)
        return self.plot.bottom - round((value - self.low) / span * self.plot.height)

    # -- drawing --------------------------------------------------------------------------
    def draw(self, cursor: int | None) -> None:
        """Draw everything; with the cursor at tick ``cursor`` if given."""
        p = self.canvas.theme.palette
        if self.chart.ended_at < self.chart.horizon:
            after = pygame.Rect(self.x(self.chart.ended_at), self.plot.y, 0, self.lanes.bottom - self.plot.y)
            after.width = self.x(self.chart.horizon) - after.x
            self.canvas.fill(after, p.group, radius=0)
        self._grid()
        self._time_axis()
        for series in self.chart.series:
            self._series(series)
        self._lanes()
        if cursor is not None:
            x = self.x(cursor)
            pygame.draw.line(self.canvas.surface, p.text, (x, self.plot.y), (x, self.lanes.bottom), 2)
            self.canvas.log.notes["chart_cursor"] = (cursor, x)
        self._legend()

    def _grid(self) -> None:
        canvas, p = self.canvas, self.canvas.theme.palette
        tiny = canvas.line_height("tiny")
        span = self.high - self.low
        step = _nice_step(span, self.plot.height, tiny * 2, (0.1, 0.2, 0.25, 0.5, 1.0))
        value = self.high
        while value >= self.low - 1e-9:
            y = self.y(value)
            pygame.draw.line(canvas.surface, p.relation_edge, (self.plot.x, y), (self.plot.right, y))
            label = f"{value * 100:.0f}%"
            width = canvas.text_width(label, "tiny") + 1
            where = pygame.Rect(self.plot.x - width - canvas.theme.space(), y - tiny // 2, width, tiny)
            canvas.text(label, where, role="tiny", colour=p.muted, wrap_lines=False)
            value = round(value - step, 6)

    def _time_axis(self) -> None:
        canvas, p = self.canvas, self.canvas.theme.palette
        horizon = self.chart.horizon
        label = canvas.text_width("00:00", "tiny") * 2
        step = int(_nice_step(horizon, self.plot.width, label, (60, 120, 300, 600, 900, 1800, 3600, 7200)))
        for tick in range(0, horizon + 1, step):
            x = self.x(tick)
            pygame.draw.line(canvas.surface, p.relation_edge, (x, self.plot.y), (x, self.lanes.bottom), 1)
            text = format_clock(tick)
            width = canvas.text_width(text, "tiny") + 1
            left = min(max(x - width // 2, self.plot.x - width // 2), self.plot.right - width)
            where = pygame.Rect(left, self.axis.y, width, self.axis.height)
            canvas.text(text, where, role="tiny", colour=p.muted, wrap_lines=False)

    def _series(self, series: Series) -> None:
        colour = getattr(self.canvas.theme.palette, series.colour)
        points: list[tuple[int, int]] = []
        for index, (tick, value) in enumerate(series.points):
            end = series.points[index + 1][0] if index + 1 < len(series.points) else self.chart.horizon
            y = self.y(value)
            points += [(self.x(tick), y), (self.x(end), y)]
        if len(points) < 2:
            return
        if series.dashed:
            _dashed(self.canvas.surface, colour, points, 2, self.canvas.theme.space(1.2))
        else:
            pygame.draw.lines(self.canvas.surface, colour, False, points, 3)

    def _lanes(self) -> None:
        canvas, p = self.canvas, self.canvas.theme.palette
        tiny = canvas.line_height("tiny")
        for number, name in enumerate(LANES):
            centre = self.lanes.y + number * self.lane + self.lane // 2
            width = canvas.text_width(name, "tiny") + 1
            where = pygame.Rect(self.plot.x - width - canvas.theme.space(), centre - tiny // 2, width, tiny)
            canvas.text(name, where, role="tiny", colour=p.muted, wrap_lines=False)
        for index, marker in enumerate(self.chart.markers):
            style = MARKERS[marker.kind]
            centre = (self.x(marker.tick), self.lanes.y + style.lane * self.lane + self.lane // 2)
            SHAPES[style.shape](canvas.surface, getattr(p, style.colour), centre, self.radius)
            left, right = self._reach(index)
            spot = pygame.Rect(left, centre[1] - self.radius - 1, max(right - left, 1), self.radius * 2 + 2)
            canvas.hotspot(spot, "moment", index, f"{format_clock(marker.tick)} {marker.text}")

    def _reach(self, index: int) -> tuple[int, int]:
        """The clickable span of marker ``index``: its size, but no further than halfway to its lane neighbours
        (so the centre of a marker always clicks that marker)."""
        markers = self.chart.markers
        lane = MARKERS[markers[index].kind].lane
        x = self.x(markers[index].tick)
        left, right = x - self.radius - 1, x + self.radius + 1
        for other in markers:
            ox = self.x(other.tick)
            if other is markers[index] or MARKERS[other.kind].lane != lane or ox == x:
                continue
            if ox < x:
                left = max(left, (ox + x) // 2 + 1)
            else:
                right = min(right, (ox + x + 1) // 2)
        return left, right

    # -- legend ---------------------------------------------------------------------------
    def _legend_items(self) -> list[tuple[str, Callable[[pygame.Rect], None]]]:
        surface, p = self.canvas.surface, self.canvas.theme.palette
        items: list[tuple[str, Callable[[pygame.Rect], None]]] = []
        for series in self.chart.series:

            def line(r: pygame.Rect, s: Series = series) -> None:
                ends = [(r.x, r.centery), (r.right, r.centery)]
                colour = getattr(p, s.colour)
                if s.dashed:
                    _dashed(surface, colour, ends, 2, max(r.width // 3, 2))
                else:
                    pygame.draw.line(surface, colour, *ends, 3)

            items.append((series.label, line))
        for kind, style in MARKERS.items():

            def mark(r: pygame.Rect, st: MarkerStyle = style) -> None:
                SHAPES[st.shape](surface, getattr(p, st.colour), r.center, self.radius)

            if any(m.kind == kind for m in self.chart.markers):
                items.append((style.label, mark))
        if self.chart.ended_at < self.chart.horizon:
            items.append(("after the end (judged as left)", lambda r: self.canvas.fill(r, p.group, radius=0)))
        items.append(("cursor", lambda r: pygame.draw.line(surface, p.text, r.midtop, r.midbottom, 2)))
        return items

    def _legend_layout(self, width: int) -> list[tuple[pygame.Rect, pygame.Rect, str]]:
        """Where each legend item's swatch and label go, flowing over rows from (0, 0)."""
        canvas, theme = self.canvas, self.canvas.theme
        tiny = canvas.line_height("tiny")
        swatch = theme.space(3)
        x = y = 0
        placed = []
        for label, _ in self._legend_items():
            text = min(canvas.text_width(label, "tiny") + 1, width - swatch - theme.space(0.5))
            item = swatch + theme.space(0.5) + text
            if x and x + item > width:
                x, y = 0, y + tiny + theme.space(0.5)
            placed.append(
                (pygame.Rect(x, y, swatch, tiny), pygame.Rect(x + swatch + theme.space(0.5), y, text, tiny), label)
            )
            x += item + theme.space(2)
        return placed

    def _legend_rows(self, width: int) -> int:
        placed = self._legend_layout(width)
        return placed[-1][1].bottom if placed else 0

    def _legend(self) -> None:
        canvas, p = self.canvas, self.canvas.theme.palette
        draws = [draw for _, draw in self._legend_items()]
        for (swatch, text, label), draw in zip(self._legend_layout(self.legend.width), draws, strict=True):
            draw(swatch.move(self.legend.x, self.legend.y))
            where = text.move(self.legend.x, self.legend.y)
            canvas.text(
                canvas.ellipsize(label, where.width, "tiny"), where, role="tiny", colour=p.muted, wrap_lines=False
            )


# -- the ledger and the story -----------------------------------------------------------------------
