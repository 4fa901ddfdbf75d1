"""One terminal game: the session, the scenario, the screen, and who is acting (of the team).

Terminal commands act through this object: they send commands to the session and advance
time, and every visible event that comes back is printed. It reads the engine only through
snapshots, events and the registries (attributes down, messages up — DESIGN §2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warroom.engine import (
    Command,
    LoadedScenario,
    ScoreCard,
    Session,
    Simulation,
    Snapshot,
    snapshot,
)

from .screen import Screen

FEED_LIMIT = 100_000


@dataclass
class TerminalGame:
    """A game in progress in the terminal (see the module docstring)."""

    session: Session
    scenario: LoadedScenario
    screen: Screen
    player: str = "player"
    roster: tuple[str, ...] = ()
    """The team's responders the player may act as ('as NAME'); empty: any usable name."""
    stopped: bool = field(default=False)

    @property
    def sim(self) -> Simulation:
        """The simulation, for read-only questions the registries ask (does an action apply here?)."""
        return self.session.sim

    @property
    def tick(self) -> int:
        """The incident clock, in ticks."""
        return self.session.sim.tick

    @property
    def over(self) -> bool:
        """Whether the game has ended (declared over or out of time)."""
        return self.session.sim.ended

    @property
    def finished(self) -> bool:
        """Whether the loop should stop: the game is over, or the player left it."""
        return self.over or self.stopped

    def view(self) -> Snapshot:
        """What the player can see now, with the whole visible feed."""
        return snapshot(self.session.sim, feed_limit=FEED_LIMIT)

    def advance(self, ticks: int) -> None:
        """Let time run, printing what happens."""
        if ticks > 0 and not self.over:
            self.screen.events(self.session.advance(ticks))

    def submit(self, command: Command) -> None:
        """Give the engine a command (``CommandError`` propagates) and print what follows."""
        self.screen.events(self.session.submit(command))

    def run_out(self) -> None:
        """Fast-forward to the time limit (the player stopped giving commands)."""
        self.advance(self.session.sim.duration - self.tick)

    def leave(self) -> None:
        """Stop playing without ending the game; the recording can be resumed from this tick."""
        self.session.close()

    def score(self) -> ScoreCard:
        """The score card (final once the game is over)."""
        return self.session.score()
