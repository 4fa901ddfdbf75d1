"""Build the combined :class:`~.gameday_model.GameDayReport` of a game-day from its leaderboard.

The leaderboard keeps, for every accepted game, its re-simulated score and decisive moments
(read from the game's log when it was scored), so the report needs no recording: per round
each team's scores beside par (the scenario's stored plan replayed on the round's seed,
variant and time limit; the facilitator's injects are not in par's game), the standing, and
the recordings that were rejected.
"""

from __future__ import annotations

from collections.abc import Sequence

from warroom.engine import format_clock
from warroom.engine.gameday import LoadedGameDay, PlannedRound
from warroom.engine.solver.par import par_card

from ..gameday.leaderboard import Rejection, Result
from ..gameday.standing import combine_text, team_standings
from .gameday_model import SCORE_FIELDS, GameDayReport, ParLine, RoundSection, StandingLine, TeamGame


def build_gameday_report(
    gameday: LoadedGameDay, results: Sequence[Result], rejections: Sequence[Rejection]
) -> GameDayReport:
    """The combined report (see the module docstring)."""
    members = {team.name: list(team.members) for team in gameday.model.teams}
    return GameDayReport(
        title=gameday.title,
        description=gameday.model.description.strip(),
        sha256=gameday.sha256,
        combine=combine_text(gameday),
        tie_breakers=list(gameday.model.standing.tie_breakers),
        standing=[
            StandingLine(
                rank=line.rank,
                team=line.team,
                members=members.get(line.team, []),
                points=line.points,
                rounds=line.rounds,
                resolved=line.resolved,
                detection=line.detection,
                compliance_hits=line.compliance_hits,
            )
            for line in team_standings(gameday, results)
        ],
        rounds=[_round(planned, results, gameday.team_names()) for planned in gameday.rounds],
        rejected=[f"{r.file}: {r.reason}" for r in rejections],
    )


def _round(planned: PlannedRound, results: Sequence[Result], teams: list[str]) -> RoundSection:
    mine = sorted((r for r in results if r.score.round == planned.number), key=lambda r: -r.score.total)
    games = []
    for result in mine:
        s = result.score
        rank = 1 + sum(1 for other in mine if other.score.total > s.total)
        games.append(
            TeamGame(
                team=s.team,
                rank=rank,
                compliance_hits=s.compliance_hits,
                moments=result.moments,
                **_scores(s),
            )
        )
    played = {g.team for g in games}
    spec = planned.spec
    return RoundSection(
        number=planned.number,
        scenario_id=planned.scenario.id,
        title=planned.scenario.model.title,
        seed=spec.seed,
        variant=planned.variant,
        time_limit=planned.time_limit,
        hints=spec.hints,
        speed_changes=spec.speed_changes,
        injects=[f"{format_clock(tick)} {card.card}" for tick, card in planned.schedule()],
        par=_par(planned),
        games=games,
        missing=[team for team in teams if team not in played],
    )


def _par(planned: PlannedRound) -> ParLine | None:
    card = par_card(planned.scenario, planned.spec.seed, planned.variant)
    if card is None:
        return None
    found = [f.discovered for f in card.faults if f.discovered is not None]
    return ParLine(detected_at=min(found, default=None), **_scores(card))


def _scores(source: object) -> dict[str, object]:
    """The score fields of a round score or a score card."""
    return {name: getattr(source, name) for name in SCORE_FIELDS}
