"""The title screen: play, settings, quit."""

from __future__ import annotations

from typing import Any

import pygame

from ..canvas import Canvas, Hotspot
from ..layout import centred, rows
from ..scene import Scene

TAGLINE = "Incident response on a simulated AWS: find the cause, fix it properly, beat the clock."


class Title(Scene):
    """The first screen."""

    name = "title"

    def startup(self, data: dict[str, Any]) -> None:
        self.choices = (("Play an incident", "picker"), ("Settings", "settings"), ("Quit", "quit"))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_p):
                self.go("picker")
            elif event.key == pygame.K_s:
                self.push("settings")
            elif event.key in (pygame.K_ESCAPE, pygame.K_q):
                self.app.running = False

    def clicked(self, spot: Hotspot, button: int) -> None:
        if spot.action == "picker":
            self.go("picker")
        elif spot.action == "settings":
            self.push("settings")
        elif spot.action == "quit":
            self.app.running = False

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        area = centred(canvas.rect, min(canvas.rect.width - theme.space(8), theme.space(90)), canvas.rect.height)
        y = canvas.rect.height // 4
        y += canvas.text(
            "warroom",
            pygame.Rect(area.x, y, area.width, canvas.line_height("title") * 2),
            role="title",
            colour=p.accent,
            align="center",
        )
        y += canvas.text(
            TAGLINE, pygame.Rect(area.x, y, area.width, canvas.line_height("body") * 3), colour=p.muted, align="center"
        )
        y += theme.space(4)
        height = canvas.line_height("heading") + theme.space(2)
        buttons = pygame.Rect(area.centerx - theme.space(20), y, theme.space(40), 3 * height + 2 * theme.space(1.5))
        keys = ("Enter", "S", "Q")
        for (label, action), rect, key in zip(self.choices, rows(buttons, 3, theme.space(1.5)), keys, strict=True):
            canvas.button(rect, f"{label}  [{key}]", action, role="heading")
