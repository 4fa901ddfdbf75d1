"""The standing as people read it: computed from the leaderboard's results, as table rows
(shared by the rich table, ``--csv`` and the report) and in words."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from warroom.engine import format_clock
from warroom.engine.gameday import LoadedGameDay
from warroom.engine.gameday.standing import TeamStanding, standings

from .leaderboard import Result


def team_standings(gameday: LoadedGameDay, results: Sequence[Result]) -> list[TeamStanding]:
    """The ranked standing of every team of ``gameday`` from the accepted games."""
    return standings(gameday.team_names(), [r.score for r in results], gameday.model.standing, len(gameday.rounds))


def combine_text(gameday: LoadedGameDay) -> str:
    """How rounds combine, in words."""
    standing = gameday.model.standing
    return {
        "sum": "the sum of the round totals",
        "average": "the average round total (a round not played counts 0)",
        "best-of": f"the sum of each team's best {standing.best_of} round totals",
    }[standing.combine]


def header(gameday: LoadedGameDay) -> tuple[str, ...]:
    """The standing's columns."""
    rounds = tuple(f"R{p.number} {p.scenario.id}" for p in gameday.rounds)
    return ("rank", "team", "points", *rounds, "resolved", "detection (summed)", "compliance hits")


def rows(gameday: LoadedGameDay, lines: Sequence[TeamStanding]) -> list[tuple[str, ...]]:
    """One row per team, in rank order (a round not played shows a dash; a round that did not count, in brackets)."""

    def cell(line: TeamStanding, number: int) -> str:
        if number not in line.rounds:
            return "—"
        shown = f"{line.rounds[number]:.1f}"
        return shown if number in line.counted else f"({shown})"

    return [
        (
            str(line.rank),
            line.team,
            f"{line.points:.1f}",
            *(cell(line, p.number) for p in gameday.rounds),
            f"{line.resolved}/{len(line.counted)}",
            format_clock(line.detection) if line.counted else "—",
            str(line.compliance_hits),
        )
        for line in lines
    ]


def standing_table(gameday: LoadedGameDay, lines: Sequence[TeamStanding]) -> Table:
    """The standing as a rich table."""
    table = Table(
        title=f"{gameday.title}: standing",
        title_justify="left",
        caption=f"Points: {combine_text(gameday)}; ties broken by "
        f"{', '.join(gameday.model.standing.tie_breakers) or 'nothing (shared rank)'}.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for index, name in enumerate(header(gameday)):
        table.add_column(name, justify="left" if index == 1 else "right", overflow="fold")
    for row in rows(gameday, lines):
        table.add_row(*row)
    return table
