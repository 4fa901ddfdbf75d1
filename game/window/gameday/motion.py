"""The leaderboard's motion: rows ease from their old place to their new one while the points count up.

Pure arithmetic on elapsed wall time, so the scene's ``update`` only adds milliseconds and its
``draw`` reads where everything is; a test can step time and read the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from warroom.engine.gameday.standing import TeamStanding

DURATION_MS = 1000
"""How long the rows take to reach their new places (and the points to count up)."""


def ease(progress: float) -> float:
    """Cubic ease-in-out of ``progress`` (0..1): slow to start, quick in the middle, gentle to land."""
    t = min(max(progress, 0.0), 1.0)
    return 4 * t**3 if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


@dataclass(frozen=True)
class Move:
    """One team's row: where it was and where it goes, and its points before and after."""

    team: str
    before: int
    after: int
    points_before: float
    points_after: float

    def position(self, elapsed_ms: int) -> float:
        """The row's place (0 is the top) ``elapsed_ms`` into the motion."""
        return self.before + (self.after - self.before) * ease(elapsed_ms / DURATION_MS)

    def points(self, elapsed_ms: int) -> float:
        """The points shown ``elapsed_ms`` into the motion (counting up, or down)."""
        return self.points_before + (self.points_after - self.points_before) * ease(elapsed_ms / DURATION_MS)


def moves(before: Sequence[TeamStanding], after: Sequence[TeamStanding]) -> list[Move]:
    """Every team's move from the standing ``before`` a round to the one ``after`` it, in the new order."""
    was = {line.team: (index, line.points) for index, line in enumerate(before)}
    return [
        Move(line.team, was.get(line.team, (index, 0.0))[0], index, was.get(line.team, (index, 0.0))[1], line.points)
        for index, line in enumerate(after)
    ]
