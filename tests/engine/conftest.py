"""Fixtures for the engine tests (see :mod:`kit` for the helpers behind them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from warroom.engine import LoadedScenario, Simulation

from . import kit


@pytest.fixture(scope="session")
def kitchen() -> LoadedScenario:
    """The kitchen-sink scenario: every resource type, traffic at both entries, two KPIs."""
    return kit.load(kit.kitchen_scenario())


@pytest.fixture
def kitchen_sim(kitchen: LoadedScenario) -> Simulation:
    """A fresh game of the kitchen sink (seed 7)."""
    return Simulation(kitchen, 7)


@pytest.fixture
def build() -> Callable[[dict[str, Any]], LoadedScenario]:
    """Load a scenario dict through the real loader."""
    return kit.load


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    """A monkeypatch usable from hypothesis tests (function-scoped fixtures are not)."""
    with pytest.MonkeyPatch.context() as patch:
        yield patch
