"""The bundled scenario library: list scenarios and resolve "bundled id or path" references."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ScenarioError
from .loader import LoadedScenario, bundled_root, load_bundled, load_scenario


@dataclass(frozen=True)
class Entry:
    """One bundled scenario, as ``warroom list`` shows it."""

    id: str
    title: str
    difficulty: str
    domains: tuple[str, ...]
    summary: str
    minutes: int


def bundled_ids() -> list[str]:
    """Ids of the bundled scenarios, sorted."""
    return sorted(p.name[:-5] for p in bundled_root().iterdir() if p.name.endswith(".yaml"))


def catalog() -> list[Entry]:
    """Every bundled scenario (all are valid: the test suite loads each one)."""
    entries = []
    for scenario_id in bundled_ids():
        model = load_bundled(scenario_id).model
        entries.append(
            Entry(
                model.id, model.title, model.difficulty, tuple(model.domains), model.summary, model.clock.duration // 60
            )
        )
    return entries


def resolve(reference: str) -> LoadedScenario:
    """Load a scenario named by bundled id or by path (a path wins if the file exists)."""
    path = Path(reference)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_scenario(path)
    if reference in bundled_ids():
        return load_bundled(reference)
    from ..registry import did_you_mean

    hint = did_you_mean(reference, bundled_ids())
    raise ScenarioError(
        [
            Problem(
                reference,
                1,
                1,
                "no bundled scenario or file by that name",
                hint=hint or f"bundled: {', '.join(bundled_ids())}",
            )
        ]
    )
