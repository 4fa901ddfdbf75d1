"""The title screen: play, the player's profile, settings, quit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from ..canvas import Canvas
from ..layout import centred, rows
from ..scene import Scene

TAGLINE = "Incident response on a simulated AWS: find the cause, fix it properly, beat the clock."


class Title(Scene):
    """The first screen."""

    name = "title"

    def startup(self, data: dict[str, Any]) -> None:
        self.choices = (
            ("Play an incident", "picker", "Enter"),
            ("Your profile", "profile", "Y"),
            ("Settings", "settings", "S"),
            ("Quit", "quit", "Q"),
        )

    def actions(self) -> dict[str, Callable[[], None]]:
        return {
            "picker": lambda: self.go("picker"),
            "profile": lambda: self.go("profile", back="title"),
            "settings": lambda: self.push("settings"),
            "quit": self.quit,
        }

    def bindings(self) -> dict[int, str]:
        return {
            pygame.K_RETURN: "picker",
            pygame.K_KP_ENTER: "picker",
            pygame.K_p: "picker",
            pygame.K_y: "profile",
            pygame.K_s: "settings",
            pygame.K_ESCAPE: "quit",
            pygame.K_q: "quit",
        }

    def quit(self) -> None:
        """Close the window."""
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
        count = len(self.choices)
        buttons = pygame.Rect(
            area.centerx - theme.space(20), y, theme.space(40), count * height + (count - 1) * theme.space(1.5)
        )
        for (label, action, key), rect in zip(self.choices, rows(buttons, count, theme.space(1.5)), strict=True):
            canvas.button(rect, f"{label}  [{key}]", action, role="heading")
