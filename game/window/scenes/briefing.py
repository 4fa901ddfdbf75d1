"""The briefing: what the player is told before the clock starts.

The scenario's briefing and the team's runbook (as the team wrote it — whether a page is
out of date is for the player to find out), the service level objective and what the
business loses, the time limit and the team, and the controls of the play screen.
Enter starts the game; Esc goes back to the picker; the arrows, PageUp/PageDown and the
wheel scroll the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pygame
from warroom.engine import DOMAINS, LoadedScenario, Scenario, format_duration

from ...console import reflow
from ..canvas import Canvas
from ..layout import inset, split_left, split_top
from ..scene import Scene, cycle
from ..theme import Palette
from ..widgets import Block, Scroll, ScrollInfo, button_height, footer, panel, scroll_view

# The play screen's controls, as the briefing teaches them: (keys, what they do).
CONTROLS = (
    ("Click", "select a resource on the diagram"),
    ("1–9", "run the n-th action of the panel"),
    ("I / A", "the panel's info and actions tabs"),
    ("Space / Esc", "pause (the clock stops)"),
    ("F", "fit the diagram to the window"),
    ("R", "show or hide IAM, KMS and stack relations"),
    ("G", "collapse or expand every group of resources (click a group's header for one)"),
    ("W", "act as the team's next responder (play with --player ana,ben,...)"),
    ("H", "a hint (it costs recovery points; press H twice)"),
    ("Tab", "cycle the feed filter"),
    ("E", "end the incident (asks to confirm)"),
)
PRACTICE_CONTROLS = (("+ / -", "change the speed (practice scenarios)"),)
WHEEL_ROWS = 3


def _money(dollars: float) -> str:
    return f"${dollars:,.2f}" if dollars % 1 else f"${dollars:,.0f}"


def _section_end(blocks: list[Block], gap: float = 2.0) -> list[Block]:
    """``blocks`` with a wider gap after the last one, before the next heading."""
    return [*blocks[:-1], replace(blocks[-1], after=gap)] if blocks else blocks


def briefing_blocks(model: Scenario, p: Palette) -> list[Block]:
    """The briefing, then the runbook pages exactly as the team wrote them."""
    briefing = [Block("Briefing", role="heading", colour=p.accent, after=0.75)]
    briefing += [Block(paragraph, after=1) for paragraph in reflow(model.briefing).split("\n\n")]
    runbook = [Block("The team's runbook", role="heading", colour=p.accent, after=0.75)]
    if not model.runbook:
        runbook.append(Block("This team has no runbook.", role="small", colour=p.muted))
    for page in model.runbook:
        runbook.append(Block(page.title, colour=p.accent, after=0.5))
        parts = [Block(part, role="small", indent=1, after=0.75) for part in reflow(page.body).split("\n\n")]
        runbook += _section_end(parts, 1.5)
    return _section_end(briefing) + runbook


def fact_blocks(model: Scenario, p: Palette) -> list[Block]:
    """The objective, the stakes, the clock and the team, then the play screen's controls."""
    outage = format_duration(round(model.slo.window * (100 - model.slo.target) / 100))
    clock = "practice: the speed can change" if model.clock.practice else "the clock runs in real time"
    facts = [
        ("Time limit", f"{format_duration(model.clock.duration)} ({clock})"),
        ("Team", f"{model.responders} responders: that many of your actions can run at once"),
        ("SLO", f"{model.slo.target:g}% of requests succeed"),
        (
            "Error budget",
            f"{100 - model.slo.target:.3g}% of requests over {format_duration(model.slo.window)} "
            f"(about {outage} of full outage)",
        ),
        ("Revenue", f"{_money(model.business.revenue_per_minute)} a minute at full service"),
    ]
    for kpi in model.business.kpis:
        worth = f", {_money(kpi.value_cents / 100)} each" if kpi.value_cents else ""
        facts.append(("KPI", f"{kpi.name} (at {kpi.node}{worth})"))
    incident = [Block("The incident", role="heading", colour=p.accent, after=0.75)]
    incident += [Block(f"{name}: {value}", role="small", after=0.5) for name, value in facts]
    controls = CONTROLS + (PRACTICE_CONTROLS if model.clock.practice else ())
    screen = [Block("On the play screen", role="heading", colour=p.accent, after=0.75)]
    screen += [Block(f"{keys}  —  {what}", role="small", after=0.25) for keys, what in controls]
    return _section_end(incident) + screen


PANES = ("text", "facts")  # the two scroll views; Tab moves the keys' focus between them


class Briefing(Scene):
    """Read the briefing, then start."""

    name = "briefing"

    def startup(self, data: dict[str, Any]) -> None:
        self.scenario: LoadedScenario = data["scenario"]
        self.reference: str = data.get("reference", self.scenario.id)
        self.scrolls = {pane: Scroll() for pane in PANES}
        self.focus = "text"

    def _info(self, pane: str) -> ScrollInfo:
        return self.app.log.notes.get(f"briefing_{pane}", ScrollInfo())

    def _scroll(self, rows: int = 0, pages: int = 0, pane: str | None = None) -> None:
        pane = pane or self.focus
        scroll, info = self.scrolls[pane], self._info(pane)
        if pages:
            scroll.page(pages, info)
        else:
            scroll.by(rows, info)

    def keys(self) -> dict[int, Callable[[], None]]:
        return {
            pygame.K_RETURN: self.start,
            pygame.K_KP_ENTER: self.start,
            pygame.K_ESCAPE: lambda: self.go("picker"),
            pygame.K_TAB: self.switch,
            pygame.K_DOWN: lambda: self._scroll(1),
            pygame.K_UP: lambda: self._scroll(-1),
            pygame.K_PAGEDOWN: lambda: self._scroll(pages=1),
            pygame.K_PAGEUP: lambda: self._scroll(pages=-1),
            pygame.K_HOME: lambda: self._scroll(-self.scrolls[self.focus].offset),
        }

    def switch(self) -> None:
        """Move the scrolling keys to the other panel."""
        self.focus = cycle(PANES, self.focus)

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        facts_area = self.app.log.notes.get("briefing_facts_area")
        under = facts_area is not None and facts_area.collidepoint(pos)
        self._scroll(notches * WHEEL_ROWS, pane="facts" if under else "text")

    def actions(self) -> dict[str, Callable[[], None]]:
        return {"start": self.start, "back": lambda: self.go("picker")}

    def start(self) -> None:
        """Start the game with the seed the command line chose."""
        self.go("play", scenario=self.scenario, reference=self.reference, seed=self.app.launch.seed)

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        model = self.scenario.model
        canvas.surface.fill(p.background)
        area = inset(canvas.rect, theme.space(3))
        title_height = canvas.fit_lines(model.title, area.width, "heading") * canvas.line_height("heading")
        head, rest = split_top(area, title_height, theme.space(0.5))
        canvas.text(model.title, head, role="heading", colour=p.accent)
        tags = f"{model.difficulty} · DOP-C02 " + ", ".join(DOMAINS.get(d, d) for d in model.domains)
        if model.tasks:
            tags += f" · tasks {', '.join(model.tasks)}"
        tags_height = canvas.fit_lines(tags, area.width, "small") * canvas.line_height("small")
        line, rest = split_top(rest, tags_height, theme.space(2))
        canvas.text(tags, line, role="small", colour=p.muted)
        footer_height = button_height(canvas)
        body = pygame.Rect(rest.x, rest.y, rest.width, rest.height - footer_height - theme.space(2))
        left, right = split_left(body, body.width * 3 // 5, theme.space(2))
        canvas.log.notes["briefing_facts_area"] = right
        panes = {"text": (left, briefing_blocks(model, p)), "facts": (right, fact_blocks(model, p))}
        for pane, (rect, blocks) in panes.items():
            inner = panel(canvas, rect, focused=pane == self.focus)
            canvas.log.notes[f"briefing_{pane}"] = scroll_view(canvas, inner, blocks, self.scrolls[pane].offset)
        bottom = pygame.Rect(rest.x, body.bottom + theme.space(2), rest.width, footer_height)
        hint = "Arrows, PgUp / PgDn or the wheel scroll · Tab: the other panel"
        footer(canvas, bottom, [("Start  [Enter]", "start"), ("Back  [Esc]", "back")], hint)
