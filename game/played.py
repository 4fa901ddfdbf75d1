"""A finished game as the history keeps it: what was played, how it scored, who played it.

Built once, at the end of a game, from the simulation and its score card, by whichever front
end finished it (the terminal or the window). Everything the profile aggregates is copied
here — the scenario's DOP-C02 domains and tasks, the fault families of the faults it injected
— so the history still makes sense after a scenario file changes or disappears.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warroom.engine import FAULTS, ScoreCard, Simulation

UNNAMED = "player"
"""The name a game is played under when the player gives none (``warroom play`` without ``--player``)."""


@dataclass(frozen=True)
class PlayedGame:
    """One finished game (see the module docstring); ``id`` is its row in the history, once kept."""

    scenario_id: str
    title: str
    variant: str | None
    seed: int
    difficulty: str
    domains: tuple[str, ...]
    tasks: tuple[str, ...]
    families: tuple[str, ...]
    recovery: float
    cost: float
    compliance: float
    total: float
    grade: str
    resolved: bool
    ended_at: int
    """The incident clock, in seconds, when the game ended (declared over, or the time limit)."""
    wall_seconds: float | None
    """Real time spent playing (pauses excluded), every sitting of a resumed game added up, if measured."""
    played_at: datetime
    player: str | None
    autopilot: bool
    front_end: str
    recording: str | None
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The game as JSON-able data (``warroom history --json``)."""
        data = asdict(self)
        data.update(
            domains=list(self.domains),
            tasks=list(self.tasks),
            families=list(self.families),
            played_at=self.played_at.isoformat(timespec="seconds"),
        )
        return data


@dataclass(frozen=True)
class Sitting:
    """An unfinished game left for now: its recording (resolved path), the tick and state digest
    it was left at, and the wall time of all its sittings so far."""

    recording: str
    tick: int
    digest: str
    wall_seconds: float


def fault_families(card: ScoreCard) -> tuple[str, ...]:
    """The families of the faults a game injected, each once, in the order they were injected."""
    ordered = sorted(card.faults, key=lambda fault: (fault.injected, fault.key))
    return tuple(dict.fromkeys(FAULTS.get(fault.fault_type).family for fault in ordered))


def played_game(
    sim: Simulation,
    card: ScoreCard,
    *,
    player: str,
    autopilot: bool,
    front_end: str,
    recording: Path | None,
    wall_seconds: float | None,
    when: datetime | None = None,
) -> PlayedGame:
    """The history entry of the game ``sim`` played to the end and scored as ``card``."""
    model = sim.model
    return PlayedGame(
        scenario_id=model.id,
        title=model.title,
        variant=sim.variant,
        seed=sim.seed,
        difficulty=model.difficulty,
        domains=tuple(model.domains),
        tasks=tuple(model.tasks),
        families=fault_families(card),
        recovery=card.recovery,
        cost=card.cost,
        compliance=card.compliance,
        total=card.total,
        grade=card.grade,
        resolved=card.resolved,
        ended_at=int(card.facts.get("ended_at", sim.tick)),
        wall_seconds=None if wall_seconds is None else round(wall_seconds, 1),
        played_at=(when or datetime.now(UTC)).astimezone(UTC),
        player=None if player == UNNAMED else player,
        autopilot=autopilot,
        front_end=front_end,
        recording=None if recording is None else str(Path(recording).resolve()),
    )
