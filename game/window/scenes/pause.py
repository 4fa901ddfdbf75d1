"""Pause: a true freeze of the game underneath (no ticks pass), with the ways out of it.

Opened from the play screen with Space or Esc (or E, to end the incident: then "End the
incident" asks for a second press, so a slip of the finger does not end a game).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from ..canvas import Canvas
from ..layout import centred, inset, rows
from ..scene import Scene

CHOICES = (
    ("Resume  [Space]", "resume"),
    ("Settings  [S]", "settings"),
    ("End the incident  [E]", "end"),
    ("Quit to title  [Q]  (the game stays in its recording)", "quit"),
)


class Pause(Scene):
    """The pause overlay."""

    name = "pause"
    overlay = True
    choices: tuple[tuple[str, str], ...] = CHOICES

    def startup(self, data: dict[str, Any]) -> None:
        self.confirming = bool(data.get("ending"))

    def actions(self) -> dict[str, Callable[[], None]]:
        return {
            "resume": self.pop,
            "settings": lambda: self.push("settings"),
            "end": self.end,
            "quit": lambda: self.pop(quit=True),
        }

    def end(self) -> None:
        """End the incident — on the second request (the first asks to confirm)."""
        if self.confirming:
            self.pop(end=True)
        else:
            self.confirming = True

    def bindings(self) -> dict[int, str]:
        return {
            pygame.K_SPACE: "resume",
            pygame.K_ESCAPE: "resume",
            pygame.K_s: "settings",
            pygame.K_e: "end",
            pygame.K_RETURN: "end" if self.confirming else "resume",
            pygame.K_q: "quit",
        }

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.shade()
        line = canvas.line_height("body") + theme.space(2)
        heading = canvas.line_height("heading")
        width = min(
            canvas.rect.width - theme.space(8), max(canvas.text_width(c[0]) for c in self.choices) + theme.space(8)
        )
        note = "Press E or Enter again to end the incident and see your score." if self.confirming else ""
        note_height = (
            canvas.fit_lines(note, width - theme.space(4), "small") * canvas.line_height("small") if note else 0
        )
        height = heading + theme.space(3) + len(self.choices) * (line + theme.space()) + note_height + theme.space(3)
        box = centred(canvas.rect, width, height)
        canvas.fill(box, p.panel, border=p.panel_edge)
        body = inset(box, theme.space(2))
        canvas.text(
            "Paused — the clock is stopped",
            pygame.Rect(body.x, body.y, body.width, heading),
            role="heading",
            align="center",
            wrap_lines=False,
        )
        buttons = pygame.Rect(
            body.x,
            body.y + heading + theme.space(),
            body.width,
            len(self.choices) * (line + theme.space()) - theme.space(),
        )
        for (label, action), rect in zip(self.choices, rows(buttons, len(self.choices), theme.space()), strict=True):
            canvas.button(rect, label, action, highlight=action == "end" and self.confirming)
        if note:
            canvas.text(
                note,
                pygame.Rect(body.x, buttons.bottom + theme.space(), body.width, note_height),
                role="small",
                colour=p.warning,
                align="center",
            )
