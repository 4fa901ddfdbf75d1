"""The feed: alarms, messages, tickets, deployments, findings and action results, newest first,
filtered by kind (Tab cycles the filters; the chips are clickable)."""

from __future__ import annotations

from collections.abc import Callable

import pygame
from warroom.engine import Event, describe_event, format_clock
from warroom.engine import events as ev

from ..canvas import Canvas
from ..layout import inset, split_top

ACTIONS = (ev.ActionStarted, ev.ActionCompleted, ev.ActionFailed, ev.ActionCancelled, ev.ActionRejected)
FILTERS: dict[str, Callable[[Event], bool]] = {
    "all": lambda e: True,
    "alarms": lambda e: isinstance(e, ev.AlarmStateChanged | ev.ConfigComplianceChanged),
    "people": lambda e: isinstance(e, ev.MessageReceived | ev.TicketOpened | ev.HintShown),
    "actions": lambda e: isinstance(e, (*ACTIONS, ev.IncidentDeclared)),
    "findings": lambda e: bool(getattr(e, "findings", ())),
    "deploys": lambda e: isinstance(e, ev.DeploymentStatusChanged),
}


def _colour(canvas: Canvas, event: Event) -> tuple[int, int, int]:
    p = canvas.theme.palette
    if isinstance(event, ev.AlarmStateChanged):
        return canvas.theme.state_colour(event.new)
    if isinstance(event, ev.ActionRejected | ev.ActionFailed):
        return p.alarm
    if isinstance(event, ev.MessageReceived | ev.TicketOpened):
        return p.warning
    return p.text


def draw_feed(canvas: Canvas, rect: pygame.Rect, events: tuple[Event, ...], active: str, scroll: int) -> int:
    """Draw the feed panel: filter chips, then the newest lines that fit (``scroll`` skips some).

    Returns how many lines are left below the fold (for the scrolling limit)."""
    theme, p = canvas.theme, canvas.theme.palette
    canvas.fill(rect, p.panel, border=p.panel_edge)
    body = inset(rect, theme.space())
    chip_height = canvas.line_height("tiny") + theme.space(0.5)
    chips, rest = split_top(body, chip_height, theme.space())
    x = chips.x
    for name in FILTERS:
        width = canvas.text_width(name, "tiny") + theme.space(2)
        if x + width > chips.right:
            break
        canvas.button(
            pygame.Rect(x, chips.y, width, chip_height), name, "filter", name, highlight=name == active, role="tiny"
        )
        x += width + theme.space(0.5)
    shown = [e for e in reversed(events) if FILTERS[active](e)][scroll:]
    y, drawn = rest.y, 0
    for event in shown:
        line = f"[{format_clock(event.tick)}] {describe_event(event)}"
        needed = canvas.fit_lines(line, rest.width, "small") * canvas.line_height("small")
        if y + needed > rest.bottom:
            break
        y += canvas.text(line, pygame.Rect(rest.x, y, rest.width, needed), role="small", colour=_colour(canvas, event))
        y += theme.space(0.5)
        drawn += 1
    if not shown:
        canvas.text(
            "Nothing yet.",
            pygame.Rect(rest.x, rest.y, rest.width, canvas.line_height("small")),
            role="small",
            colour=p.muted,
        )
    return len(shown) - drawn
