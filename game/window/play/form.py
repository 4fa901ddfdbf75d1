"""The parameter form: an action's parameters as fields — choices cycle, switches toggle, the rest
is typed. Enter runs the action, Esc closes the form."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import pygame
from warroom.engine import ActionType

from ...terminal.parsing import parse_value
from ..canvas import Canvas
from ..layout import inset


@dataclass
class Field:
    """One parameter: its name, its choices (if any) and the text typed so far."""

    name: str
    choices: tuple[Any, ...]
    text: str
    required: bool
    schema: dict[str, Any]


def _choices(annotation: Any) -> tuple[Any, ...]:
    """The values a parameter can take when they are a fixed set (Literal, bool, optional of those)."""
    if annotation is bool:
        return (True, False)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            inner = _choices(args[0])
            return (None, *inner) if inner else ()
    return ()


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


@dataclass
class ParamForm:
    """The form for one action on one target."""

    action: ActionType
    target: str | None
    fields: list[Field] = field(default_factory=list)
    focus: int = 0
    error: str = ""

    @classmethod
    def open(cls, action: ActionType, target: str | None) -> ParamForm:
        """A form with every parameter at its default."""
        schema = action.Params.model_json_schema().get("properties", {})
        fields = []
        for name, info in action.Params.model_fields.items():
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            text = json.dumps(default) if isinstance(default, list | dict) else _shown(default)
            fields.append(Field(name, _choices(info.annotation), text, info.is_required(), schema.get(name, {})))
        return cls(action, target, fields)

    def values(self) -> dict[str, Any]:
        """The parameters as typed (empty optional fields are left out)."""
        out = {}
        for item in self.fields:
            if item.text == "" and not item.required:
                continue
            out[item.name] = parse_value(item.text, item.schema) if item.text else item.text
        return out

    def cycle(self, index: int, step: int = 1) -> None:
        """Move a choice field to its next value."""
        item = self.fields[index]
        if not item.choices:
            return
        values = [_shown(c) for c in item.choices]
        current = values.index(item.text) if item.text in values else -1
        item.text = values[(current + step) % len(values)]

    def handle_key(self, event: pygame.event.Event) -> str:
        """Edit from the keyboard; returns "run", "close" or ""."""
        if event.type == pygame.TEXTINPUT and self.fields:
            item = self.fields[self.focus]
            if not item.choices:
                item.text += event.text
            return ""
        if event.type != pygame.KEYDOWN:
            return ""
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return "run"
        if event.key == pygame.K_ESCAPE:
            return "close"
        if not self.fields:
            return ""
        if event.key in (pygame.K_TAB, pygame.K_DOWN):
            self.focus = (self.focus + 1) % len(self.fields)
        elif event.key == pygame.K_UP:
            self.focus = (self.focus - 1) % len(self.fields)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.cycle(self.focus, 1 if event.key == pygame.K_RIGHT else -1)
        elif event.key == pygame.K_BACKSPACE:
            item = self.fields[self.focus]
            item.text = "" if item.choices else item.text[:-1]
        return ""

    def draw(self, canvas: Canvas, rect: pygame.Rect) -> int:
        """Draw the form in ``rect``; the height used."""
        theme, p = canvas.theme, canvas.theme.palette
        line = canvas.line_height("small")
        rows = len(self.fields) + 3
        box = pygame.Rect(
            rect.x, rect.y, rect.width, min(rect.height, rows * (line + theme.space(0.5)) + theme.space(2))
        )
        canvas.fill(box, p.background, border=p.selected)
        body = inset(box, theme.space())
        title = self.action.id + (f" on {self.target}" if self.target else "")
        y = body.y + canvas.text(
            canvas.ellipsize(title, body.width, "small"),
            pygame.Rect(body.x, body.y, body.width, line),
            role="small",
            colour=p.accent,
            wrap_lines=False,
        )
        label_width = max([canvas.text_width(f.name, "tiny") for f in self.fields] + [0]) + theme.space()
        for index, item in enumerate(self.fields):
            row = pygame.Rect(body.x, y, body.width, line)
            name = item.name + ("*" if item.required else "")
            canvas.text(
                name, pygame.Rect(row.x, row.y, label_width, line), role="tiny", colour=p.muted, wrap_lines=False
            )
            value = pygame.Rect(row.x + label_width, row.y, row.width - label_width, line)
            canvas.fill(value, p.panel, border=p.selected if index == self.focus else p.panel_edge, radius=3)
            shown = item.text + ("_" if index == self.focus and not item.choices else "")
            hint = "  (←/→ or click)" if item.choices else ""
            canvas.text(
                canvas.ellipsize(shown + hint, value.width - 6, "tiny"), inset(value, 3), role="tiny", wrap_lines=False
            )
            canvas.hotspot(value, "field", index, label=f"field {item.name}")
            y += line + theme.space(0.5)
        if self.error:
            y += canvas.text(self.error, pygame.Rect(body.x, y, body.width, line * 2), role="tiny", colour=p.alarm)
        buttons = pygame.Rect(body.x, y + theme.space(0.5), body.width, line + theme.space(0.5))
        half = (buttons.width - theme.space()) // 2
        canvas.button(pygame.Rect(buttons.x, buttons.y, half, buttons.height), "Run [Enter]", "run", role="small")
        canvas.button(
            pygame.Rect(buttons.x + half + theme.space(), buttons.y, half, buttons.height),
            "Cancel [Esc]",
            "close-form",
            role="small",
        )
        return buttons.bottom - rect.y + theme.space()
