"""What the projector's screens share: the heading band every screen opens with, and the words
for a round and a score (so the lobby, the hand-over card and the leaderboard say them alike)."""

from __future__ import annotations

import pygame
from warroom.engine import format_clock
from warroom.engine.gameday import PlannedRound

from ..canvas import Canvas
from ..layout import inset


def heading(canvas: Canvas, rect: pygame.Rect, kicker: str, title: str) -> pygame.Rect:
    """A muted kicker line over a big title, at the top of ``rect``; the rest of ``rect`` below them."""
    theme, p = canvas.theme, canvas.theme.palette
    area = inset(rect, theme.space(3))
    y = area.y
    for text, role, colour in ((kicker, "small", p.muted), (title, "title", p.accent)):
        height = canvas.line_height(role)
        where = pygame.Rect(area.x, y, area.width, height)
        canvas.text(canvas.ellipsize(text, area.width, role), where, role=role, colour=colour, wrap_lines=False)
        y += height
    y += theme.space()
    return pygame.Rect(area.x, y, area.width, max(area.bottom - y, 0))


def round_title(planned: PlannedRound) -> str:
    """The round as the screens name it: Round 1 · <scenario title>."""
    return f"Round {planned.number} · {planned.scenario.model.title}"


def round_rules(planned: PlannedRound) -> str:
    """The round's pins and rules on one line: seed, variant, time limit, hints, speed, injects."""
    variant = f" · variant {planned.variant}" if planned.variant else ""
    injects = len(planned.schedule())
    cards = f" · {injects} facilitator inject{'s' if injects != 1 else ''}" if injects else ""
    return (
        f"{planned.scenario.id} · seed {planned.spec.seed}{variant} · {format_clock(planned.time_limit)} · "
        f"hints {planned.spec.hints} · speed changes {planned.spec.speed_changes}{cards}"
    )


def points(value: float) -> str:
    """A score as the projector shows it."""
    return f"{value:.1f}"
