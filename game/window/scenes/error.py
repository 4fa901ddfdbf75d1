"""A scenario that cannot be loaded, shown as its problems (``file:line:col``), never a crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from ..canvas import Canvas
from ..layout import inset, split_top
from ..scene import Scene


class ErrorScreen(Scene):
    """Lists what is wrong with a scenario; Esc or the button goes back."""

    name = "error"

    def startup(self, data: dict[str, Any]) -> None:
        self.title = data.get("title", "This scenario cannot be played")
        self.lines: list[str] = [str(p) for p in data.get("problems", [])] or [data.get("message", "")]
        self.back = data.get("back", "picker")

    def actions(self) -> dict[str, Callable[[], None]]:
        return {"back": lambda: self.go(self.back)}

    def bindings(self) -> dict[int, str]:
        return {pygame.K_ESCAPE: "back", pygame.K_RETURN: "back", pygame.K_KP_ENTER: "back"}

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        body = inset(canvas.rect, theme.space(4))
        head, rest = split_top(body, canvas.line_height("heading") * 2, theme.space(2))
        canvas.text(self.title, head, role="heading", colour=p.alarm)
        y = rest.y
        footer = canvas.line_height("body") + theme.space(3)
        for line in self.lines:
            room = pygame.Rect(rest.x, y, rest.width, max(rest.bottom - footer - y, 0))
            if room.height < canvas.line_height("small"):
                break
            y += canvas.text(line, room, role="small") + theme.space(1)
        label = "Back  [Esc]"
        width = canvas.text_width(label) + theme.space(4)
        button = pygame.Rect(rest.x, rest.bottom - footer + theme.space(1), width, footer - theme.space(1))
        canvas.button(button, label, "back")
