"""The game-day file: pydantic models that validate ``gameday.yaml`` and emit its JSON Schema.

A game-day is a facilitated event: several teams play the same rounds (a scenario pinned to
a seed, a variant, a time limit and rules, with the facilitator's injects at fixed times),
and a standing combines their scores. These models check shape and types; whether the
scenarios, variants and deck cards exist is checked afterwards by :mod:`.checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..scenario.models import Duration, Ident, Model

Allowed = Literal["allowed", "forbidden"]
TeamName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.-]*$", max_length=40)]
Combine = Literal["sum", "average", "best-of"]
TieBreaker = Literal["most-resolved", "earliest-detection", "fewest-compliance-hits", "lowest-cost"]


class Team(Model):
    """A team: its name (how recordings and the leaderboard name it) and its responders."""

    name: TeamName = Field(description="the team's name, given to 'warroom play --team'")
    members: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, description="the responders: people's names or roles"
    )


class FacilitatorInject(Model):
    """A card of the scenario's facilitator deck, played at a fixed game time in every team's game."""

    at: Duration = Field(description="game time the card is played at")
    card: Ident = Field(description="the id of a card of the scenario's deck")


class Round(Model):
    """One round: a scenario pinned to a seed (and variant), a time limit and rules."""

    scenario: str = Field(description="a bundled scenario id, or a .yaml path relative to the game-day file")
    seed: int = Field(ge=0, le=2**63 - 1, description="the seed every team plays (it also picks the variant)")
    variant: Ident | None = Field(None, description="play this variant instead of the one the seed picks")
    time_limit: Duration | None = Field(None, description="overrides the scenario's time limit")
    hints: Allowed = Field("allowed", description="whether teams may ask for the scenario's hints")
    speed_changes: Allowed = Field(
        "forbidden", description="whether teams may change the clock's speed (practice scenarios)"
    )
    injects: list[FacilitatorInject] = Field(
        default_factory=list, description="deck cards the facilitator plays, at fixed game times"
    )


class Standing(Model):
    """How the rounds combine into the standing, and how ties are broken (in order)."""

    combine: Combine = Field("sum", description="sum, average, or best-of (the best N rounds)")
    best_of: int | None = Field(None, ge=1, description="with 'best-of': how many of each team's rounds count")
    tie_breakers: list[TieBreaker] = Field(
        default_factory=lambda: ["most-resolved", "earliest-detection", "fewest-compliance-hits"],
        description="applied in order when totals are equal",
    )


class GameDay(Model):
    """A game-day: teams, the rounds they all play, and how the standing is made."""

    title: str = Field(min_length=1, max_length=120)
    description: str = ""
    teams: list[Team] = Field(min_length=1)
    rounds: list[Round] = Field(min_length=1)
    standing: Standing = Field(default_factory=Standing)
