"""Purpose-built finished games for the history and profile tests: only what a test cares about is named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from warroom.game.played import PlayedGame

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def row(scenario_id: str = "canary-checkout", total: float = 50.0, *, minute: int = 0, **fields: Any) -> PlayedGame:
    """A finished game of ``scenario_id`` scoring ``total``, played ``minute`` minutes after :data:`START`."""
    base = PlayedGame(
        scenario_id=scenario_id,
        title=scenario_id.replace("-", " ").capitalize(),
        variant=None,
        seed=1,
        difficulty="intro",
        domains=("monitoring",),
        tasks=("4.1",),
        families=("silent alarm",),
        recovery=total,
        cost=total,
        compliance=total,
        total=total,
        grade="C",
        resolved=True,
        ended_at=600,
        wall_seconds=120.0,
        played_at=START + timedelta(minutes=minute),
        player=None,
        autopilot=False,
        front_end="terminal",
        recording=None,
    )
    return replace(base, **fields)
