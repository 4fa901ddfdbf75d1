"""What the game screen's parts (top bar, panel, diagram) read of a game, played or replayed."""

from __future__ import annotations

from typing import Any, Protocol

from warroom.engine import LoadedScenario, Snapshot

from .learned import Learned


class ScreenState(Protocol):
    """A game as the screen shows it: the play scene's :class:`PlayState` or the replay viewer's."""

    scenario: LoadedScenario
    title: str  # what the top bar calls the game
    paused: bool
    speed: int
    player: str  # who acts now, and whose actions in flight can be cancelled ('' in a replay: nobody's)
    team: tuple[str, ...]  # the responders the player can act as (W switches); () alone or in a replay
    learned: dict[str, list[Learned]]

    @property
    def sim(self) -> Any:
        """The simulation shown (read only)."""

    def snapshot(self) -> Snapshot:
        """What the player could see at the moment shown."""
