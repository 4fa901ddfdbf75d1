"""A round as every team plays it: the scenario it names, pinned to its seed, variant, time
limit and rules, with the facilitator's injects as the commands that play them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..commands import PlayCard
from ..durations import format_clock
from ..scenario.loader import NAME, LoadedScenario, load_bundled, load_scenario
from .models import Round

FACILITATOR = "facilitator"
HEADER_KEY = "gameday"
"""The recording header's block naming the game-day, round, team and rules."""


@dataclass(frozen=True)
class PlannedRound:
    """Round ``number`` (1-based) of a game-day, ready to play and to judge."""

    number: int
    spec: Round
    scenario: LoadedScenario
    reference: str
    variant: str | None

    @property
    def time_limit(self) -> int:
        """The round's time limit in ticks (the override, else the scenario's)."""
        return self.scenario.model.clock.duration

    @property
    def hints_allowed(self) -> bool:
        """Whether teams may ask for hints in this round."""
        return self.spec.hints == "allowed"

    @property
    def speed_changes_allowed(self) -> bool:
        """Whether teams may change the clock's speed in this round."""
        return self.spec.speed_changes == "allowed"

    def schedule(self) -> list[tuple[int, PlayCard]]:
        """The facilitator's injects as ``(tick, command)``, in the order they fire."""
        timed = [(inject.at, PlayCard(inject.card, by=FACILITATOR)) for inject in self.spec.injects]
        return sorted(timed, key=lambda item: item[0])

    def describe(self) -> str:
        """One line: the scenario, seed, variant, time limit and rules."""
        variant = f", variant {self.variant}" if self.variant else ""
        return (
            f"round {self.number}: {self.scenario.id} (seed {self.spec.seed}{variant}, "
            f"{format_clock(self.time_limit)}, hints {self.spec.hints}, speed changes {self.spec.speed_changes})"
        )


def resolve_scenario(reference: str, folder: Path) -> tuple[LoadedScenario, str]:
    """Load the scenario a round names and say what a recording header names it by.

    A bundled id stays an id; a ``.yaml`` path is relative to the game-day's folder, must stay
    inside it, and is named by its absolute path. ``ValueError`` says why a reference is not
    usable; :class:`ScenarioError` comes from a scenario that does not load.
    """
    if NAME.match(reference):
        return load_bundled(reference), reference
    relative = Path(reference)
    if relative.suffix not in (".yaml", ".yml"):
        raise ValueError(f"{reference!r} is neither a bundled scenario id nor a .yaml path")
    target = (folder / relative).resolve()
    if relative.is_absolute() or not target.is_relative_to(folder.resolve()):
        raise ValueError(f"{reference!r} is outside the game-day file's folder")
    return load_scenario(target), str(target)


def as_played(scenario: LoadedScenario, spec: Round) -> LoadedScenario:
    """The scenario with the round's time limit and speed rule applied (its sha256 is the file's)."""
    return _pinned(scenario, spec.time_limit, spec.speed_changes)


def _pinned(scenario: LoadedScenario, time_limit: int | None, speed_changes: str) -> LoadedScenario:
    clock = scenario.model.clock.model_copy(
        update={
            "duration": time_limit if time_limit is not None else scenario.model.clock.duration,
            "practice": speed_changes == "allowed",
        }
    )
    return replace(scenario, model=scenario.model.model_copy(update={"clock": clock}))


def as_recorded(header: dict[str, Any], scenario: LoadedScenario) -> LoadedScenario:
    """The scenario as a recording's game was played: a game-day round's time limit and speed
    rule (from the header's ``gameday`` block) applied, so replays and reports of a round's
    recording re-simulate the same game; any other recording's scenario is returned as is."""
    block = header.get(HEADER_KEY)
    if not isinstance(block, dict) or not isinstance(block.get("time_limit"), int):
        return scenario
    return _pinned(scenario, block["time_limit"], str(block.get("speed_changes", "forbidden")))


def plan_round(number: int, spec: Round, loaded: LoadedScenario, reference: str) -> PlannedRound:
    """A :class:`PlannedRound` from a checked round and its loaded scenario."""
    variant = spec.variant or loaded.model.pick_variant(spec.seed)
    return PlannedRound(number, spec, as_played(loaded, spec), reference, variant)
