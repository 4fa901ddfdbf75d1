"""The published JSON Schema of game-day files (``warroom schema --gameday``)."""

from __future__ import annotations

from ..scenario.schema import Schema, _Builder
from .models import GameDay


def gameday_schema() -> Schema:
    """The JSON Schema of a game-day file, built like the scenario's (durations patterned, defs sorted)."""
    return _Builder(GameDay).finish(
        "warroom game-day",
        "A facilitated game-day: teams, the rounds they all play, and how the standing is made "
        "(see 'warroom gameday init').",
    )
