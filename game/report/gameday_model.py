"""The combined game-day report's data model: the standing, and per round each team beside par.

:func:`~warroom.game.report.gameday_build.build_gameday_report` fills it from the leaderboard
(whose rows keep each accepted game's :class:`Moments`, read from its re-simulated log when it
was scored) and par; the Markdown and HTML formats lay it out. Times are ticks.
"""

from __future__ import annotations

from pydantic import Field

from .model import Part


class Decisive(Part):
    """A command that decided something (found a fault, fixed one, cost compliance points), and who gave it."""

    tick: int
    by: str = Field(description="the responder who gave the command")
    action: str
    target: str | None = None
    what: str = Field(description="what it decided, in a few words")


class Moments(Part):
    """The moments of one team's game that separate it from the others."""

    detected_at: int | None = Field(description="tick the first fault was discovered")
    detection: Decisive | None = Field(None, description="the command that discovered it")
    changes: list[Decisive] = Field(
        default_factory=list, description="the fix chosen: every remediation the team started, and what it resolved"
    )
    hits: list[Decisive] = Field(default_factory=list, description="the commands that cost compliance points")
    declared: Decisive | None = Field(None, description="who declared the incident over, and when")
    responders: list[str] = Field(default_factory=list, description="who gave commands")


class Scores(Part):
    """A game's scores (a team's, or par's)."""

    total: float
    recovery: float
    cost: float
    compliance: float
    grade: str
    resolved: bool


SCORE_FIELDS = tuple(Scores.model_fields)


class TeamGame(Scores):
    """One team's accepted game of a round."""

    team: str
    rank: int = Field(description="the team's place in this round (by total)")
    compliance_hits: int
    moments: Moments


class ParLine(Scores):
    """Par's game of the round (the stored plan replayed on the round's seed and variant)."""

    detected_at: int | None


class RoundSection(Part):
    """One round: what was played and how each team did."""

    number: int
    scenario_id: str
    title: str
    seed: int
    variant: str | None
    time_limit: int
    hints: str
    speed_changes: str
    injects: list[str] = Field(description="the facilitator's injects, as 'MM:SS card'")
    par: ParLine | None
    games: list[TeamGame]
    missing: list[str] = Field(description="teams with no accepted game of this round")


class StandingLine(Part):
    """A team's line of the overall standing."""

    rank: int
    team: str
    members: list[str]
    points: float
    rounds: dict[int, float]
    resolved: int
    detection: int
    compliance_hits: int


class GameDayReport(Part):
    """The combined report of a game-day."""

    title: str
    description: str
    sha256: str
    combine: str = Field(description="how rounds combine, in words")
    tie_breakers: list[str]
    standing: list[StandingLine]
    rounds: list[RoundSection]
    rejected: list[str] = Field(description="recordings rejected when scored, with the reason")
