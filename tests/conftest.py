"""Shared fixtures: load scenarios and play scripted games the way a terminal player would."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from warroom.engine import (
    DeclareResolved,
    LoadedScenario,
    ScoreCard,
    Simulation,
    StartAction,
    resolve,
    score,
)

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Played:
    """A finished scripted game: the simulation and its score card."""

    sim: Simulation
    card: ScoreCard


def play_script(
    scenario: LoadedScenario,
    script: Iterable[tuple[int, str, str | None, dict]],
    seed: int = 7,
    end_at: int | None = None,
    variant: str | None = None,
) -> Played:
    """Play ``(tick, action, target, params)`` steps; ``action == "end"`` declares the incident over.

    Time runs to the time limit unless the script ends the game (or ``end_at`` does);
    ``variant`` forces one, as ``--variant`` does.
    """
    sim = Simulation(scenario, seed, variant)
    for tick, action, target, params in script:
        sim.advance(tick - sim.tick)
        if action == "end":
            sim.submit(DeclareResolved())
            break
        sim.submit(StartAction(action, target, params))
    if not sim.ended and end_at is not None:
        sim.advance(end_at - sim.tick)
        sim.submit(DeclareResolved())
    sim.advance(sim.duration)
    return Played(sim, score(sim.model, sim.log))


@pytest.fixture
def load() -> Callable[[str], LoadedScenario]:
    """Load a bundled scenario by id (or a scenario file by path)."""
    return resolve


@pytest.fixture
def play() -> Callable[..., Played]:
    """Play a scripted game (see :func:`play_script`)."""
    return play_script
