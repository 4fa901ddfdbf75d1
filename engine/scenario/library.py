"""The bundled scenario library: list scenarios and the architectures they share, and
resolve "bundled id or path" references."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ScenarioError
from .archfile import load_architecture
from .loader import LoadedScenario, bundled_root, load_bundled, load_scenario
from .safeyaml import load


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


@dataclass(frozen=True)
class ArchitectureEntry:
    """One bundled shared architecture, as ``warroom list --architectures`` shows it."""

    name: str
    description: str
    nodes: int
    types: tuple[str, ...]
    regions: tuple[str, ...]
    used_by: tuple[str, ...]


def bundled_architectures() -> list[str]:
    """Names of the bundled shared architectures, sorted."""
    folder = bundled_root().joinpath("architectures")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _architecture_users() -> dict[str, list[str]]:
    """The bundled scenarios that use each shared architecture, by its name.

    Read from each scenario's own ``architecture:`` reference (a name, a path whose file name
    is the architecture's, or the one it ``extends``), not from the loaded scenario, where it
    is already resolved."""
    users: dict[str, list[str]] = {}
    for scenario_id in bundled_ids():
        data, _ = load(bundled_root().joinpath(f"{scenario_id}.yaml").read_bytes(), scenario_id)
        reference = data.get("architecture") if isinstance(data, dict) else None
        if isinstance(reference, dict):  # architecture: {extends: NAME, ...}
            reference = reference.get("extends")
        if isinstance(reference, str):
            users.setdefault(Path(reference).stem, []).append(scenario_id)
    return users


def architecture_catalog() -> list[ArchitectureEntry]:
    """Every bundled shared architecture: its size, resource types, regions and users."""
    users = _architecture_users()
    entries = []
    for name in bundled_architectures():
        source = bundled_root().joinpath("architectures", f"{name}.yaml")
        spec = load_architecture(source, f"<bundled>/architectures/{name}.yaml").spec
        entries.append(
            ArchitectureEntry(
                name,
                spec.description.strip(),
                len(spec.nodes),
                tuple(sorted({n.type for n in spec.nodes})),
                tuple(sorted({n.region for n in spec.nodes})),
                tuple(users.get(name, [])),
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
