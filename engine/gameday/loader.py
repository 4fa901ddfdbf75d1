"""Load a game-day file: safe YAML → schema → scenario references, every problem located.

:func:`load_gameday` returns a :class:`LoadedGameDay` (the model, its rounds ready to play,
the file's sha256) or raises :class:`~engine.errors.ScenarioError` listing every problem as
``file:line:col`` — the same safe YAML, located messages and did-you-mean hints as scenario
files. A round's scenario is a bundled id or a ``.yaml`` path relative to the game-day file
that must stay inside its folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..architecture import pydantic_issues
from ..errors import Problem, ScenarioError
from ..scenario.checks import locate
from ..scenario.loader import _read as read_bounded
from ..scenario.safeyaml import Marks, load
from .checks import check_gameday
from .models import GameDay
from .rounds import PlannedRound


@dataclass(frozen=True)
class LoadedGameDay:
    """A valid game-day: its model, where it came from, the sha256 of its bytes, its rounds."""

    model: GameDay
    source: str
    sha256: str
    marks: Marks
    rounds: list[PlannedRound] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The game-day's title."""
        return self.model.title

    def team_names(self) -> list[str]:
        """The teams' names, in file order."""
        return [team.name for team in self.model.teams]

    def round(self, number: int) -> PlannedRound:
        """Round ``number`` (1-based); ``KeyError`` if there is no such round."""
        if not 1 <= number <= len(self.rounds):
            raise KeyError(number)
        return self.rounds[number - 1]


def load_gameday(path: str | Path) -> LoadedGameDay:
    """Load and check a game-day file; raises :class:`ScenarioError` with every located problem."""
    shown = str(path)
    file = Path(path)
    raw = read_bounded(file, shown)
    data, marks = load(raw, shown)
    if not isinstance(data, dict):
        raise ScenarioError(
            [Problem(shown, 1, 1, "a game-day file is a mapping of fields", hint="start with 'title:', 'teams:' ...")]
        )
    try:
        model = GameDay.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(locate(marks, pydantic_issues(exc, ()), root=GameDay)) from None
    issues, rounds = check_gameday(model, file.parent)
    if issues:
        raise ScenarioError(locate(marks, issues, root=GameDay))
    return LoadedGameDay(model, shown, hashlib.sha256(raw).hexdigest(), marks, rounds)
