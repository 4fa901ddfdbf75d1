"""The standing: each team's rounds combined into points, ranked, ties broken in the file's order.

``combine`` (a registry): ``sum`` of the round totals; ``average`` over every round of the
game-day (a round a team has no accepted game for counts 0, so skipping a round never
helps); ``best-of`` the team's best N totals. Tie-breakers (a registry, each a key where
less is better) look at the same counted rounds: ``most-resolved`` rounds, ``earliest-detection``
(the first discovery's game time summed, a round never detected counting its time limit),
``fewest-compliance-hits`` (compliance ledger lines that cost points), ``lowest-cost`` (the
cost score, higher is better). Teams equal on points and every tie-breaker share a rank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .judge import RoundScore
from .models import Standing


@dataclass(frozen=True)
class TeamStanding:
    """One team's line of the standing."""

    rank: int
    team: str
    points: float
    rounds: dict[int, float]
    counted: tuple[int, ...]
    resolved: int
    detection: int
    compliance_hits: int
    cost: float


def _counted(scores: list[RoundScore], standing: Standing) -> list[RoundScore]:
    if standing.combine == "best-of":
        return sorted(scores, key=lambda s: (-s.total, s.round))[: standing.best_of]
    return scores


COMBINE: dict[str, Callable[[list[RoundScore], int], float]] = {
    "sum": lambda counted, rounds: sum(s.total for s in counted),
    "average": lambda counted, rounds: sum(s.total for s in counted) / rounds if rounds else 0.0,
    "best-of": lambda counted, rounds: sum(s.total for s in counted),
}
"""How the counted rounds' totals make the points (the round count is the game-day's)."""

TIE_BREAKERS: dict[str, Callable[[TeamStanding], float]] = {
    "most-resolved": lambda t: -t.resolved,
    "earliest-detection": lambda t: t.detection,
    "fewest-compliance-hits": lambda t: t.compliance_hits,
    "lowest-cost": lambda t: -t.cost,
}
"""Each tie-breaker as a key where less is better."""


def standings(
    teams: Iterable[str], scores: Iterable[RoundScore], standing: Standing, rounds: int
) -> list[TeamStanding]:
    """The ranked standing of ``teams`` (every one listed, even with no accepted round)."""
    by_team: dict[str, list[RoundScore]] = {team: [] for team in teams}
    for score in scores:
        by_team.setdefault(score.team, []).append(score)
    lines = []
    for team, played in by_team.items():
        counted = _counted(sorted(played, key=lambda s: s.round), standing)
        lines.append(
            TeamStanding(
                0,
                team,
                round(COMBINE[standing.combine](counted, rounds), 2),
                {s.round: s.total for s in sorted(played, key=lambda s: s.round)},
                tuple(sorted(s.round for s in counted)),
                sum(1 for s in counted if s.resolved),
                sum(s.detected_at if s.detected_at is not None else s.time_limit for s in counted),
                sum(s.compliance_hits for s in counted),
                round(sum(s.cost for s in counted), 2),
            )
        )

    def key(line: TeamStanding) -> tuple[float, ...]:
        return (-line.points, *(TIE_BREAKERS[name](line) for name in standing.tie_breakers))

    ordered = sorted(lines, key=lambda line: (key(line), line.team.casefold()))
    ranked: list[TeamStanding] = []
    for index, line in enumerate(ordered):
        tied = ranked and key(ranked[-1]) == key(line)
        rank = ranked[-1].rank if tied else index + 1
        ranked.append(replace(line, rank=rank))
    return ranked
