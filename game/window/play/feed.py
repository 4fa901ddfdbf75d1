"""The feed: alarms, messages, tickets, deployments, findings and action results, newest first,
filtered by kind (Tab cycles the filters; the chips are clickable)."""

from __future__ import annotations

from collections.abc import Callable

import pygame
from warroom.engine import Event, describe_event, format_clock

from ..canvas import Canvas
from ..layout import inset, split_top

FILTERS: dict[str, Callable[[Event], bool]] = {
    "all": lambda e: True,
    "alarms": lambda e: type(e).__name__ in ("AlarmStateChanged", "ConfigComplianceChanged"),
    "people": lambda e: type(e).__name__ in ("MessageReceived", "TicketOpened", "HintShown"),
    "actions": lambda e: type(e).__name__.startswith("Action") or type(e).__name__ == "IncidentDeclared",
    "findings": lambda e: bool(getattr(e, "findings", ())),
    "deploys": lambda e: type(e).__name__ == "DeploymentStatusChanged",
}


def next_filter(current: str) -> str:
    """The filter after ``current`` (Tab)."""
    names = list(FILTERS)
    return names[(names.index(current) + 1) % len(names)]


def _colour(canvas: Canvas, event: Event) -> tuple[int, int, int]:
    p = canvas.theme.palette
    kind = type(event).__name__
    if kind == "AlarmStateChanged":
        return canvas.theme.state_colour(event.new)  # type: ignore[attr-defined]
    if kind in ("ActionRejected", "ActionFailed"):
        return p.alarm
    if kind in ("MessageReceived", "TicketOpened"):
        return p.warning
    return p.text


def draw_feed(canvas: Canvas, rect: pygame.Rect, events: tuple[Event, ...], active: str, scroll: int) -> None:
    """Draw the feed panel: filter chips, then the newest lines that fit (``scroll`` skips some)."""
    theme, p = canvas.theme, canvas.theme.palette
    canvas.fill(rect, p.panel, border=p.panel_edge)
    body = inset(rect, theme.space())
    chip_height = canvas.line_height("tiny") + theme.space(0.5)
    chips, rest = split_top(body, chip_height, theme.space())
    x = chips.x
    for name in FILTERS:
        label = f"{name}"
        width = canvas.text_width(label, "tiny") + theme.space(2)
        if x + width > chips.right:
            break
        canvas.button(
            pygame.Rect(x, chips.y, width, chip_height), label, "filter", name, highlight=name == active, role="tiny"
        )
        x += width + theme.space(0.5)
    shown = [e for e in reversed(events) if FILTERS[active](e)][scroll:]
    y = rest.y
    for event in shown:
        line = f"[{format_clock(event.tick)}] {describe_event(event)}"
        needed = canvas.fit_lines(line, rest.width, "small") * canvas.line_height("small")
        if y + needed > rest.bottom:
            break
        y += canvas.text(line, pygame.Rect(rest.x, y, rest.width, needed), role="small", colour=_colour(canvas, event))
        y += theme.space(0.5)
    if not shown:
        canvas.text(
            "Nothing yet.",
            pygame.Rect(rest.x, rest.y, rest.width, canvas.line_height("small")),
            role="small",
            colour=p.muted,
        )
