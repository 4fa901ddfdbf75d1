"""Settings, as an overlay over the title or the pause menu.

Every change applies at once and is kept for next time (``App.apply_settings``); the scene
underneath is redrawn with it, so the player sees the new colours or text size straight
away. Each setting has a letter that cycles it; the arrows move between settings and change
the chosen one; Esc, Enter or "Done" close the overlay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pygame

from ..canvas import Canvas, Hotspot
from ..layout import centred, inset
from ..scene import Scene, cycle
from ..settings import SPEEDS, Settings
from ..theme import PALETTES, SCALES
from ..widgets import button_height, chips, chips_height, chips_width, footer


@dataclass(frozen=True)
class Choice:
    """One setting: its field in :class:`Settings`, its label, its key, and the values offered."""

    field: str
    label: str
    key: int
    letter: str
    options: tuple[tuple[str, Any], ...]
    note: str = ""


CHOICES = (
    Choice(
        "palette",
        "Colours",
        pygame.K_p,
        "P",
        tuple((f"{name} (default)" if name == Settings().palette else name, name) for name in PALETTES),
    ),
    Choice("ui_scale", "Text size", pygame.K_u, "U", tuple((f"{round(s * 100)}%", s) for s in SCALES)),
    Choice("sound", "Sound", pygame.K_s, "S", (("on", True), ("off", False))),
    Choice(
        "practice_speed",
        "Practice speed",
        pygame.K_v,
        "V",
        tuple((f"x{speed}", speed) for speed in SPEEDS),
        "practice scenarios only",
    ),
)


DONE = "Done  [Esc]"
KEYS_HINT = "Up / Down choose a setting · Left / Right change it"


class SettingsScreen(Scene):
    """The settings overlay."""

    name = "settings"
    overlay = True

    def startup(self, data: dict[str, Any]) -> None:
        self.focus = 0

    def set(self, field: str, value: Any) -> None:
        """Change one setting, apply it and keep it."""
        self.app.apply_settings(replace(self.app.settings, **{field: value}))

    def cycle(self, index: int, step: int = 1) -> None:
        """Move setting ``index`` to its next (or previous) value."""
        choice = CHOICES[index]
        self.focus = index
        values = [value for _, value in choice.options]
        self.set(choice.field, cycle(values, getattr(self.app.settings, choice.field), step))

    def keys(self) -> dict[int, Callable[[], None]]:
        keys: dict[int, Callable[[], None]] = {
            choice.key: (lambda index=index: self.cycle(index)) for index, choice in enumerate(CHOICES)
        }
        keys.update(
            {
                pygame.K_UP: lambda: self._focus(-1),
                pygame.K_DOWN: lambda: self._focus(1),
                pygame.K_LEFT: lambda: self.cycle(self.focus, -1),
                pygame.K_RIGHT: lambda: self.cycle(self.focus, 1),
                pygame.K_ESCAPE: self.pop,
                pygame.K_RETURN: self.pop,
                pygame.K_KP_ENTER: self.pop,
            }
        )
        return keys

    def _focus(self, step: int) -> None:
        self.focus = cycle(range(len(CHOICES)), self.focus, step)

    def clicked(self, spot: Hotspot, button: int) -> None:
        if spot.action == "done":
            self.pop()
        elif spot.action in {c.field for c in CHOICES}:
            self.focus = next(i for i, c in enumerate(CHOICES) if c.field == spot.action)
            self.set(spot.action, spot.payload)

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.shade()
        label_width = self._label_width(canvas) + theme.space(3)
        widest = max(chips_width(canvas, [label for label, _ in c.options]) for c in CHOICES)
        done = canvas.text_width(DONE) + theme.space(7) + canvas.text_width(KEYS_HINT, "small")
        width = min(canvas.rect.width - theme.space(8), max(label_width + widest, done) + theme.space(6))
        chip_width = width - theme.space(6) - label_width
        rows = [
            max(chips_height(canvas, [o[0] for o in c.options], chip_width), self._label_height(canvas, c))
            for c in CHOICES
        ]
        heading = canvas.line_height("heading")
        note = canvas.line_height("small")
        height = (
            heading
            + note
            + theme.space(3)
            + sum(rows)
            + theme.space(2) * len(rows)
            + button_height(canvas)
            + theme.space(7)
        )
        box = centred(canvas.rect, width, min(height, canvas.rect.height - theme.space(2)))
        canvas.fill(box, p.panel, border=p.panel_edge)
        body = inset(box, theme.space(3))
        canvas.text("Settings", pygame.Rect(body.x, body.y, body.width, heading), role="heading", wrap_lines=False)
        canvas.text(
            canvas.ellipsize("Changes apply at once and are kept for next time.", body.width, "small"),
            pygame.Rect(body.x, body.y + heading, body.width, note),
            role="small",
            colour=p.muted,
            wrap_lines=False,
        )
        y = body.y + heading + note + theme.space(3)
        for index, (choice, row) in enumerate(zip(CHOICES, rows, strict=True)):
            if index == self.focus:
                marker = pygame.Rect(body.x - theme.space(2), y, theme.space(0.5), row)
                canvas.fill(marker, p.selected, radius=0)
            self._draw_label(canvas, pygame.Rect(body.x, y, label_width - theme.space(3), row), choice)
            area = pygame.Rect(body.x + label_width, y, chip_width, row)
            chips(canvas, area, choice.options, getattr(self.app.settings, choice.field), choice.field)
            y += row + theme.space(2)
        bottom = pygame.Rect(body.x, body.bottom - button_height(canvas), body.width, button_height(canvas))
        footer(canvas, bottom, [(DONE, "done")], KEYS_HINT)

    @staticmethod
    def _label(choice: Choice) -> str:
        return f"{choice.label}  [{choice.letter}]"

    @staticmethod
    def _label_drop(canvas: Canvas) -> int:
        """How far a label sits below its row's top, to be level with the chips' text."""
        return max(canvas.line_height("small") + canvas.theme.space() - canvas.line_height("body"), 0) // 2

    def _label_height(self, canvas: Canvas, choice: Choice) -> int:
        height = self._label_drop(canvas) + canvas.line_height("body")
        if choice.note:
            height += canvas.fit_lines(choice.note, self._label_width(canvas), "tiny") * canvas.line_height("tiny")
        return height

    @staticmethod
    def _label_width(canvas: Canvas) -> int:
        return max(canvas.text_width(SettingsScreen._label(c), "body") for c in CHOICES)

    def _draw_label(self, canvas: Canvas, rect: pygame.Rect, choice: Choice) -> None:
        line = canvas.line_height("body")
        top = rect.y + self._label_drop(canvas)
        canvas.text(self._label(choice), pygame.Rect(rect.x, top, rect.width, line), wrap_lines=False)
        if choice.note:
            canvas.text(
                choice.note,
                pygame.Rect(rect.x, top + line, rect.width, rect.bottom - top - line),
                role="tiny",
                colour=canvas.theme.palette.muted,
            )
