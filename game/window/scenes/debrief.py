"""The debrief: the score, where every point went, and what was really going on.

Shows the three scores, the total and the grade (and, when the data holds one, the par: the
best-known solution's scores); the ledger grouped by dimension, each line clickable; a
timeline of the true availability and each business KPI against its normal level, marked
with the faults' injections, first signals, discoveries and resolutions, the player's
actions and the moment users were back within the SLO; the root causes; the scenario's own
debrief text; and where the game's recording was saved.

Clicking a ledger line (or a marker) puts the chart's cursor on that moment; Up / Down step
through the ledger; PgUp / PgDn and the wheel scroll; Enter or Esc go back to the picker.

Handed the finished game (``played``), the debrief keeps it in the history on startup and says
whether it beat the best score; without it (a game shown again) nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pygame
from warroom.engine import Event, LedgerLine, LoadedScenario, ScoreCard, format_clock
from warroom.engine.scoring import herring_story

from ...console import reflow
from ...history import HistoryError, keep
from ...played import PlayedGame
from ...report.moments import describe, in_time_order, moments
from ..canvas import Canvas, Hotspot
from ..chart import Chart, TimelineChart, chart_markers, chart_series
from ..layout import columns, inset, split_left, split_top
from ..scene import Scene
from ..theme import Palette
from ..widgets import Block, Pane, Scroll, blocks_height, button_height, footer, panel, scroll_view, wheel_scroll

DIMENSIONS = ("recovery", "cost", "compliance")
HINT = "Up / Down: ledger lines · Left / Right: markers · PgUp / PgDn: the story · or click a line or a marker"


# -- the timeline's content ---------------------------------------------------------------------
def ledger_text(line: LedgerLine) -> str:
    """One ledger line as the debrief shows it (and as its hotspot is labelled)."""
    return f"{line.points:+.1f}  {format_clock(line.tick)}  {line.reason}"


def ledger_order(card: ScoreCard) -> list[LedgerLine]:
    """The ledger grouped by dimension (recovery, cost, compliance), in time order within each."""
    return [line for dimension in DIMENSIONS for line in card.ledger if line.dimension == dimension]


def ledger_blocks(card: ScoreCard, p: Palette, selected: int | None) -> tuple[list[Block], list[int]]:
    """The ledger's blocks (a heading per dimension, then its lines) and the block of each line."""
    blocks: list[Block] = []
    positions: list[int] = []
    number = 0
    for dimension in DIMENSIONS:
        blocks.append(Block(f"{dimension.capitalize()}  {getattr(card, dimension):.1f}", colour=p.accent, after=0.25))
        lines = [line for line in card.ledger if line.dimension == dimension]
        if not lines:
            blocks.append(Block("nothing gained or lost", role="small", colour=p.muted, indent=1, after=1))
        for index, line in enumerate(lines):
            positions.append(len(blocks))
            blocks.append(
                Block(
                    ledger_text(line),
                    role="small",
                    colour=p.alarm if line.points < 0 else p.ok,
                    action="ledger",
                    payload=number,
                    highlight=number == selected,
                    indent=1,
                    after=1 if index == len(lines) - 1 else 0.5,
                )
            )
            number += 1
    return blocks, positions


def _fault_times(card: ScoreCard, index: int) -> str:
    fault = card.faults[index]
    parts = [f"injected {format_clock(fault.injected)}"]
    parts.append(
        f"first signal {format_clock(fault.first_signal)} ({fault.signal})"
        if fault.first_signal is not None
        else "no signal reached the team"
    )
    parts.append(f"discovered {format_clock(fault.discovered)}" if fault.discovered is not None else "never discovered")
    if fault.resolved is None:
        parts.append("still active at the end")
    elif fault.active_at_end:
        parts.append(f"resolved {format_clock(fault.resolved)}, but active again at the end")
    else:
        parts.append(f"resolved {format_clock(fault.resolved)}")
    return " · ".join(parts)


def story_blocks(scenario: LoadedScenario, card: ScoreCard, p: Palette, events: Sequence[Event] = ()) -> list[Block]:
    """The root causes, the outcome, who did what (from the game's ``events``), inherited
    follow-ups and the scenario's debrief text."""
    blocks = [Block("Root causes", colour=p.accent)]
    if not card.faults:
        blocks.append(Block("No fault was injected.", role="small", colour=p.muted))
    for index, fault in enumerate(card.faults):
        blocks.append(Block(f"{fault.key}: {fault.fault_type} on {fault.target}", role="small", after=0.25))
        blocks.append(Block(fault.explanation, role="small", indent=1, after=0.25))
        blocks.append(Block(_fault_times(card, index), role="small", colour=p.muted, indent=1, after=1))
    herrings = card.facts.get("red_herrings") or []
    if herrings:
        blocks.append(Block("Red herrings (harmless signals that pointed the wrong way)", colour=p.accent))
    for herring in herrings:
        headline, explanation, done = herring_story(herring)
        blocks.append(Block(headline, role="small", after=0.25))
        blocks.append(Block(explanation, role="small", indent=1, after=0.25))
        blocks.append(Block(done, role="small", colour=p.muted, indent=1, after=1))
    outcome = "resolved" if card.resolved else "NOT resolved: a root cause was still there at the end"
    blocks.append(Block("Outcome", colour=p.accent))
    blocks.append(Block(f"{outcome} ({card.facts.get('end_reason', 'unfinished')})", role="small", after=0.25))
    started, mitigated = card.facts.get("impact_started"), card.facts.get("mitigated_at")
    if started is not None:
        back = f"back within the SLO at {format_clock(mitigated)}" if mitigated is not None else "never back"
        blocks.append(Block(f"Users were hurt from {format_clock(started)}; {back}.", role="small", after=1))
    decisive = in_time_order(moments(events))
    if decisive:
        blocks.append(Block("Who did what", colour=p.accent))
        last = len(decisive) - 1
        blocks += [
            Block(describe(m), role="small", indent=1, after=1 if i == last else 0.25) for i, m in enumerate(decisive)
        ]
    follow_ups = card.facts.get("follow_ups") or []
    if follow_ups:
        blocks.append(Block("Follow-ups inherited from before the incident", colour=p.accent))
        blocks += [Block(f"- {item}", role="small", indent=1, after=0.25) for item in follow_ups]
    blocks.append(Block("The scenario's debrief", colour=p.accent))
    blocks += [Block(paragraph, role="small", after=1) for paragraph in reflow(scenario.model.debrief).split("\n\n")]
    return blocks


def _next(current: int | None, step: int, count: int) -> int:
    """The index ``step`` on from ``current`` within ``count`` (from nothing: the first or the last)."""
    if current is None:
        return 0 if step > 0 else count - 1
    return min(max(current + step, 0), count - 1)


# -- the scene --------------------------------------------------------------------------------------
class Debrief(Scene):
    """The end of a game."""

    name = "debrief"

    def startup(self, data: dict[str, Any]) -> None:
        self.scenario: LoadedScenario = data["scenario"]
        self.card: ScoreCard = data["card"]
        self.events: list[Event] = list(data.get("events", []))
        self.recording: Path | None = data.get("recording")
        self.par: ScoreCard | None = data.get("par")
        self.best, self.not_kept = self._keep(data.get("played"))
        self.ledger = ledger_order(self.card)
        self.line_blocks = ledger_blocks(self.card, self.app.theme.palette, None)[1]
        horizon = int(self.card.facts.get("horizon", self.scenario.model.clock.duration))
        ended = int(self.card.facts.get("ended_at", horizon))
        self.chart = Chart(
            chart_series(self.scenario, self.events, self.card.facts.get("kpi_baselines", {})),
            chart_markers(self.card, self.events),
            horizon,
            ended,
        )
        self.selected: int | None = None  # a ledger line (grouped order)
        self.marker: int | None = None  # a marker (time order)
        self.cursor: tuple[int, str] | None = None
        self.ledger_pane = Pane(Scroll(), "debrief_ledger", "debrief_ledger_area")
        self.story_pane = Pane(Scroll(), "debrief_story", "debrief_story_area")

    @staticmethod
    def _keep(played: PlayedGame | None) -> tuple[bool, str]:
        """Keep the finished game in the history: whether it is a new best, and why it could not be kept."""
        if played is None:
            return False, ""
        try:
            return keep(played), ""
        except HistoryError as exc:
            return False, f"This game could not be kept in your history: {exc}"

    # -- input ----------------------------------------------------------------------------
    def keys(self) -> dict[int, Callable[[], None]]:
        return {
            pygame.K_RETURN: lambda: self.go("picker"),
            pygame.K_KP_ENTER: lambda: self.go("picker"),
            pygame.K_ESCAPE: lambda: self.go("picker"),
            pygame.K_DOWN: lambda: self.select(_next(self.selected, 1, len(self.ledger))),
            pygame.K_UP: lambda: self.select(_next(self.selected, -1, len(self.ledger))),
            pygame.K_RIGHT: lambda: self.mark(_next(self.marker, 1, len(self.chart.markers))),
            pygame.K_LEFT: lambda: self.mark(_next(self.marker, -1, len(self.chart.markers))),
            pygame.K_PAGEDOWN: lambda: self.story_pane.page(self.app.log.notes, 1),
            pygame.K_PAGEUP: lambda: self.story_pane.page(self.app.log.notes, -1),
        }

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        wheel_scroll(self.app.log.notes, pos, notches, [self.ledger_pane, self.story_pane])

    def clicked(self, spot: Hotspot, button: int) -> None:
        handlers: dict[str, Callable[[Any], None]] = {
            "ledger": self.select,
            "moment": self.mark,
            "picker": lambda _: self.go("picker"),
        }
        handler = handlers.get(spot.action)
        if handler is not None:
            handler(spot.payload)

    def select(self, index: int) -> None:
        """Select ledger line ``index`` (in grouped order): the cursor moves to its moment."""
        if not 0 <= index < len(self.ledger):
            return
        self.selected, self.marker = index, None
        line = self.ledger[index]
        self.cursor = (line.tick, f"{line.points:+.1f} {line.dimension}: {line.reason}")
        self.ledger_pane.scroll.reveal(self.line_blocks[index], self.ledger_pane.measured(self.app.log.notes))

    def mark(self, index: int) -> None:
        """Put the cursor on marker ``index`` (in time order)."""
        if not 0 <= index < len(self.chart.markers):
            return
        self.selected, self.marker = None, index
        marker = self.chart.markers[index]
        self.cursor = (marker.tick, marker.text)

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        area = inset(canvas.rect, theme.space(3))
        title = f"Debrief — {self.scenario.model.title}"
        head, rest = split_top(area, canvas.line_height("heading"), theme.space(0.5))
        canvas.text(
            canvas.ellipsize(title, head.width, "heading"), head, role="heading", colour=p.accent, wrap_lines=False
        )
        note = self._recording_note()
        note_height = canvas.fit_lines(note, rest.width, "tiny") * canvas.line_height("tiny")
        line, rest = split_top(rest, note_height, theme.space(1.5))
        canvas.text(note, line, role="tiny", colour=p.muted)
        role = self._value_role(canvas, rest)
        strip, rest = split_top(rest, self._strip_height(canvas, role), theme.space(1.5))
        self._draw_scores(canvas, strip, role)
        body = pygame.Rect(rest.x, rest.y, rest.width, rest.height - button_height(canvas) - theme.space(1.5))
        left, right = split_left(body, body.width * 7 // 12, theme.space(1.5))
        self._draw_chart(canvas, left)
        blocks, _ = ledger_blocks(self.card, p, self.selected)
        chrome = canvas.line_height("body") + theme.space(4)
        natural = blocks_height(canvas, blocks, right.width - theme.space(3)) + chrome
        top, bottom = split_top(right, min(natural, right.height // 2), theme.space(1.5))
        inner = panel(canvas, top, "Ledger", "click a line to see it on the chart")
        canvas.log.notes[self.ledger_pane.area] = top
        canvas.log.notes[self.ledger_pane.info] = scroll_view(canvas, inner, blocks, self.ledger_pane.scroll.offset)
        inner = panel(canvas, bottom, "What happened", "PgUp / PgDn scroll")
        canvas.log.notes[self.story_pane.area] = bottom
        canvas.log.notes[self.story_pane.info] = scroll_view(
            canvas, inner, story_blocks(self.scenario, self.card, p, self.events), self.story_pane.scroll.offset
        )
        bottom_row = pygame.Rect(rest.x, body.bottom + theme.space(1.5), rest.width, button_height(canvas))
        footer(canvas, bottom_row, [("Pick another incident  [Enter]", "picker")], HINT)

    def _recording_note(self) -> str:
        note = "This game was not recorded."
        if self.recording is not None:
            note = f"Recording saved to {self.recording} (warroom replay plays it back)"
        return f"{note} {self.not_kept}" if self.not_kept else note

    @staticmethod
    def _strip_height(canvas: Canvas, role: str) -> int:
        return 2 * canvas.line_height("small") + canvas.line_height(role) + canvas.theme.space(3)

    def _value_role(self, canvas: Canvas, room: pygame.Rect) -> str:
        """Big score values ("title"), unless that leaves the timeline too little room ("heading")."""
        chart = pygame.Rect(0, 0, room.width * 7 // 12, 0)
        needed = TimelineChart(canvas, chart, self.chart).needed + self._chart_chrome(canvas)
        rest = room.height - self._strip_height(canvas, "title") - button_height(canvas) - canvas.theme.space(3)
        return "title" if rest >= needed else "heading"

    def _draw_scores(self, canvas: Canvas, strip: pygame.Rect, role: str) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        weights = self.scenario.model.scoring.weights
        boxes = columns(strip, 5, theme.space(1.5))
        for dimension, box in zip(DIMENSIONS, boxes, strict=False):
            under = f"weight {getattr(weights, dimension):g}"
            if self.par is not None:
                under += f" · par {getattr(self.par, dimension):.1f}"
            canvas.fill(box, p.panel, border=p.panel_edge)
            value = f"{getattr(self.card, dimension):.1f}"
            self._score_lines(canvas, inset(box, theme.space(1.5)), dimension.capitalize(), value, under, role)
        total = boxes[3].union(boxes[4])
        canvas.fill(total, p.panel, border=p.accent)
        inner = inset(total, theme.space(1.5))
        value, grade = split_left(inner, inner.width * 3 // 5)
        par = f"par {self.par.total:.1f} ({self.par.grade})" if self.par is not None else ""
        self._score_lines(canvas, value, "Total", f"{self.card.total:.1f}", par, role, emphasis=True)
        self._score_lines(canvas, grade, "Grade", self.card.grade, "", role, emphasis=True)
        if self.best:
            small = canvas.line_height("small")
            where = pygame.Rect(grade.x, grade.bottom - small, grade.width, small)
            text = canvas.ellipsize("New best score!", grade.width, "small")
            canvas.text(text, where, role="small", colour=p.ok, wrap_lines=False)

    @staticmethod
    def _score_lines(
        canvas: Canvas, rect: pygame.Rect, label: str, value: str, under: str, role: str, *, emphasis: bool = False
    ) -> None:
        """A label, a big value under it, and a muted note (weight, par) under that."""
        p = canvas.theme.palette
        small = canvas.line_height("small")
        canvas.text(
            canvas.ellipsize(label, rect.width, "small"),
            pygame.Rect(rect.x, rect.y, rect.width, small),
            role="small",
            colour=p.muted,
            wrap_lines=False,
        )
        big = canvas.line_height(role)
        fits = role if canvas.text_width(value, role) <= rect.width else "heading"  # a narrow window
        height = canvas.line_height(fits)
        where = pygame.Rect(rect.x, rect.y + small + big - height, rect.width, height)
        canvas.text(value, where, role=fits, colour=p.accent if emphasis else p.text, wrap_lines=False)
        if under:
            where = pygame.Rect(rect.x, rect.y + small + big, rect.width, small)
            canvas.text(
                canvas.ellipsize(under, rect.width, "small"), where, role="small", colour=p.muted, wrap_lines=False
            )

    @staticmethod
    def _chart_chrome(canvas: Canvas) -> int:
        """The timeline panel's height besides the chart: frame, title and caption."""
        return canvas.line_height("body") + canvas.line_height("small") + canvas.theme.space(5)

    def _draw_chart(self, canvas: Canvas, rect: pygame.Rect) -> None:
        theme = canvas.theme
        inner = panel(canvas, rect, "Timeline", "true availability and KPIs, against normal")
        small = canvas.line_height("small")
        caption = "Click a ledger line or a marker to put the cursor on that moment."
        if self.cursor is not None:
            caption = f"{format_clock(self.cursor[0])}  {self.cursor[1]}"
        caption = canvas.ellipsize(caption, inner.width, "small")
        canvas.text(caption, pygame.Rect(inner.x, inner.y, inner.width, small), role="small", wrap_lines=False)
        plot = pygame.Rect(inner.x, inner.y + small + theme.space(), inner.width, inner.height - small - theme.space())
        TimelineChart(canvas, plot, self.chart).draw(self.cursor[0] if self.cursor else None)
