"""The podium: the game-day's top three on their steps, the full standing, and where the report is.

The first is in the middle on the highest step, the second on its left, the third on its right
(teams that tie share a rank and it shows). Below them, the whole standing as ``warroom gameday
leaderboard`` prints it, and the command that writes the combined report. Esc closes the window;
L goes back to the lobby.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from ...gameday.standing import header, rows
from ..canvas import Canvas
from ..layout import split_top
from ..scene import Scene
from ..table import Column, table, table_height
from ..widgets import Scroll, ScrollInfo, button_height, footer
from .day import ProjectorDay
from .frame import heading, points

STEPS = ((1, 0.62), (0, 1.0), (2, 0.42))
"""The podium's steps from left to right: which place of the standing stands there, and the step's height."""


class Podium(Scene):
    """The end of the game-day."""

    name = "gameday-podium"

    def startup(self, data: dict[str, Any]) -> None:
        self.day: ProjectorDay = data["day"]
        self.standing = self.day.standing()
        self.scroll = Scroll()

    def actions(self) -> dict[str, Callable[[], None]]:
        return {"close": self.close, "lobby": lambda: self.go("gameday-lobby", day=self.day)}

    def bindings(self) -> dict[int, str]:
        return {pygame.K_ESCAPE: "close", pygame.K_q: "close", pygame.K_RETURN: "close", pygame.K_l: "lobby"}

    def keys(self) -> dict[int, Callable[[], None]]:
        info = lambda: self.app.log.notes.get("standing", ScrollInfo())  # noqa: E731
        return {
            **super().keys(),
            pygame.K_PAGEDOWN: lambda: self.scroll.page(1, info()),
            pygame.K_PAGEUP: lambda: self.scroll.page(-1, info()),
        }

    def close(self) -> None:
        """Close the window: the day is over."""
        self.app.running = False

    def report_command(self) -> str:
        """The command that writes the combined report."""
        return f"The full report (every round beside par, who did what): warroom gameday report {self.day.file}"

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        body = heading(canvas, canvas.rect, "Final standing", self.day.gameday.title)
        foot = button_height(canvas)
        said = self.report_command()
        said_height = canvas.fit_lines(said, body.width, "small") * canvas.line_height("small")
        role = "body" if table_height(canvas, len(self.standing), "body") <= body.height // 3 else "small"
        listed = min(table_height(canvas, len(self.standing), role), body.height // 3)
        podium, rest = split_top(body, body.height - listed - said_height - foot - theme.space(4), theme.space())
        self.draw_podium(canvas, podium)
        titles = header(self.day.gameday)
        columns = [Column(f"{titles[0]}  {titles[1]}"), *(Column(title, "right") for title in titles[2:])]
        cells = [(f"{row[0]}.  {row[1]}", *row[2:]) for row in rows(self.day.gameday, self.standing)]
        where = pygame.Rect(rest.x, rest.y, rest.width, listed)
        canvas.log.notes["standing"] = table(canvas, where, columns, cells, self.scroll.offset, role)
        y = rest.y + listed + theme.space()
        canvas.text(said, pygame.Rect(rest.x, y, rest.width, said_height), role="small", colour=p.muted)
        footer(
            canvas,
            pygame.Rect(rest.x, rest.bottom - foot, rest.width, foot),
            [("Close  [Esc]", "close"), ("Lobby  [L]", "lobby")],
        )

    def draw_podium(self, canvas: Canvas, rect: pygame.Rect) -> None:
        """The top three on their steps: name and points above, the rank on the step."""
        theme, p = canvas.theme, canvas.theme.palette
        width = min(rect.width // 3, theme.space(40))
        left = rect.centerx - width * 3 // 2
        name, score = canvas.line_height("heading"), canvas.line_height("body")
        tallest = rect.height - name - score - theme.space()
        colours = (p.accent, p.ok, p.warning)
        for column, (place, share) in enumerate(STEPS):
            if place >= len(self.standing):
                continue
            line = self.standing[place]
            height = max(int(tallest * share), canvas.line_height("title"))
            step = pygame.Rect(
                left + column * width + theme.space(), rect.bottom - height, width - theme.space(2), height
            )
            canvas.fill(step, colours[place], radius=4)
            canvas.text(
                str(line.rank),
                pygame.Rect(step.x, step.y + theme.space(), step.width, canvas.line_height("title")),
                role="title",
                colour=p.background,
                align="center",
                wrap_lines=False,
            )
            y = step.y - name - score
            canvas.text(
                canvas.ellipsize(line.team, step.width, "heading"),
                pygame.Rect(step.x, y, step.width, name),
                role="heading",
                align="center",
                wrap_lines=False,
            )
            canvas.text(
                f"{points(line.points)} points",
                pygame.Rect(step.x, y + name, step.width, score),
                colour=p.muted,
                align="center",
                wrap_lines=False,
            )
