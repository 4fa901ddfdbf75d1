"""The hand-over card between games: which team is up, for which round, under which rules.

It names the team and its members in big letters (so the room knows who takes the keyboard),
the round's scenario and its pinned rules, the previous team's result when there is one, and —
when this team's game was quit midway — the moment its recording resumes from. Enter (or the
button) starts the game; Esc goes back to the lobby.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from ...errors import Failure
from ..canvas import Canvas
from ..layout import centred, inset
from ..scene import Scene
from ..widgets import button_height, button_row
from .day import ProjectorDay, Turn
from .frame import points, round_rules


class HandOver(Scene):
    """The card that tells the room which team takes the keyboard next."""

    name = "gameday-turn"

    def startup(self, data: dict[str, Any]) -> None:
        self.day: ProjectorDay = data["day"]
        self.turn: Turn = data["turn"]
        self.previous: str = str(data.get("previous", ""))
        self.resumes = self.day.unfinished(self.turn)
        self.problem = ""

    def actions(self) -> dict[str, Callable[[], None]]:
        return {"play": self.play, "lobby": lambda: self.go("gameday-lobby", day=self.day)}

    def bindings(self) -> dict[int, str]:
        return {pygame.K_RETURN: "play", pygame.K_KP_ENTER: "play", pygame.K_ESCAPE: "lobby"}

    def play(self) -> None:
        """Open the team's game (resumed if it was quit midway) on the play screen."""
        try:
            session = self.day.open(self.turn)
        except (Failure, ValueError) as exc:
            self.problem = str(exc)
            return
        self.go(
            "gameday-play", day=self.day, turn=self.turn, session=session, scenario=self.day.planned(self.turn).scenario
        )

    def lines(self) -> list[tuple[str, str, str]]:
        """The card's lines: ``(text, role, colour name)``."""
        planned = self.day.planned(self.turn)
        rounds = len(self.day.gameday.rounds)
        members = self.day.members(self.turn.team)
        par = self.day.par(planned.number)
        out = [
            (f"Round {planned.number} of {rounds}", "small", "muted"),
            (planned.scenario.model.title, "heading", "text"),
            (f"Team {self.turn.team}, you're up", "title", "accent"),
            (", ".join(members) if members else "", "body", "text"),
            (round_rules(planned), "small", "muted"),
            (f"Par for the round: {points(par)}" if par is not None else "", "small", "muted"),
            (self.previous, "body", "ok"),
            (
                f"Your game was stopped at {self.resumes}: it continues from its recording." if self.resumes else "",
                "body",
                "warning",
            ),
            (self.problem, "small", "alarm"),
        ]
        return [line for line in out if line[0]]

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        width = min(canvas.rect.width - theme.space(8), theme.space(130))
        inner = width - theme.space(6)
        lines = self.lines()
        gap = theme.space(1.5)
        heights = [canvas.fit_lines(text, inner, role) * canvas.line_height(role) for text, role, _ in lines]
        label = "Start the round  [Enter]" if not self.resumes else "Continue the round  [Enter]"
        height = sum(heights) + gap * len(lines) + button_height(canvas) + theme.space(6)
        box = centred(canvas.rect, width, height)
        canvas.fill(box, p.panel, border=p.panel_edge)
        area = inset(box, theme.space(3))
        y = area.y
        for (text, role, colour), used in zip(lines, heights, strict=True):
            canvas.text(
                text, pygame.Rect(area.x, y, area.width, used), role=role, colour=getattr(p, colour), align="center"
            )
            y += used + gap
        buttons = [(label, "play"), ("Lobby  [Esc]", "lobby")]
        widths = sum(canvas.text_width(b[0]) + theme.space(4) for b in buttons) + theme.space(1.5)
        button_row(canvas, pygame.Rect(area.centerx - widths // 2, y, widths, button_height(canvas)), buttons)


def result_line(team: str, total: float, grade: str, par: float | None) -> str:
    """What the next team's card says of the team that just played."""
    beside = f" (par {points(par)})" if par is not None else ""
    return f"Team {team} scored {points(total)}, grade {grade}{beside}."
