"""The top bar: the incident clock and countdown, the service level, money, compliance, the team,
and the actions in flight as progress bars (click one to cancel it)."""

from __future__ import annotations

import pygame
from warroom.engine import Snapshot, format_clock

from ..canvas import Canvas
from ..layout import inset
from .screenstate import ScreenState
from .state import URGENT


def _facts(canvas: Canvas, snap: Snapshot, state: ScreenState) -> list[tuple[str, tuple[int, int, int]]]:
    p = canvas.theme.palette
    urgent = snap.remaining <= URGENT
    availability = "—" if snap.availability is None else f"{snap.availability * 100:.2f}%"
    healthy = snap.availability is None or snap.availability * 100 >= snap.slo_target
    speed = "PAUSED" if state.paused else (f"speed ×{state.speed}" if state.speed != 1 else "")
    facts = [
        (state.title, p.accent),
        (f"{format_clock(snap.tick)} / {format_clock(snap.duration)}", p.text),
        (f"{format_clock(snap.remaining)} left", p.alarm if urgent else p.text),
        (f"availability {availability} (SLO {snap.slo_target:g}%)", p.text if healthy else p.alarm),
        (f"error budget {snap.error_budget_left:.1f}%", p.text),
        (f"spent ${snap.spent_cents / 100:,.2f}", p.text),
        (f"Config findings {snap.compliance_findings}", p.warning if snap.compliance_findings else p.text),
        (f"responders {snap.busy} busy / {snap.responders - snap.busy} free", p.text),
        *([(f"acting as {state.player} [W]", p.accent)] if state.team else []),
    ]
    return facts + ([(speed, p.warning)] if speed else [])


def topbar_height(canvas: Canvas, rect: pygame.Rect, snap: Snapshot, state: ScreenState) -> int:
    """How tall the bar must be at this width."""
    pad = canvas.theme.space()
    facts = canvas.flow_height(_facts(canvas, snap, state), rect.width - 2 * pad, "small", canvas.theme.space(2))
    bars = canvas.line_height("small") + pad if snap.in_flight else 0
    return facts + bars + 2 * pad


def draw_topbar(canvas: Canvas, rect: pygame.Rect, snap: Snapshot, state: ScreenState) -> None:
    """Draw the bar in ``rect`` (as tall as :func:`topbar_height`)."""
    theme, p = canvas.theme, canvas.theme.palette
    canvas.fill(rect, p.panel, radius=0)
    body = inset(rect, theme.space())
    used = canvas.flow(_facts(canvas, snap, state), body, "small", theme.space(2))
    if not snap.in_flight:
        return
    height = canvas.line_height("small")
    width = max(theme.space(26), 1)
    x, y = body.x, body.y + used + theme.space(0.5)
    for action in snap.in_flight:
        if x + width > body.right:
            break
        bar = pygame.Rect(x, y, width, height)
        done = action.progress(snap.tick)
        canvas.fill(bar, p.button, radius=3)
        canvas.fill(pygame.Rect(bar.x, bar.y, max(int(bar.width * done), 1), bar.height), p.accent, radius=3)
        label = f"#{action.number} {action.action} {done * 100:.0f}%  [x]"
        tiny = canvas.line_height("tiny")  # the label's own height, centred: a bar is not always taller
        text_rect = pygame.Rect(bar.x + 2, bar.centery - tiny // 2, bar.width - 4, tiny)
        canvas.text(canvas.ellipsize(label, text_rect.width, "tiny"), text_rect, role="tiny", wrap_lines=False)
        if action.by == state.player or action.by in state.team:
            canvas.hotspot(bar, "cancel", action.number, label=f"cancel #{action.number}")
        x += width + theme.space()
