"""What ``warroom new`` needs to know about an architecture before it writes a scenario.

A shared architecture is read as plain data (its nodes and edges); the loader validates the
scenario written from it afterwards, so nothing here has to be complete — only sensible:
where outside traffic enters, which node a business KPI should watch, and which nodes and
parameter values a fault could be placed on (each is tried until the scenario loads).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from warroom.engine import FAULTS, RESOURCES, bundled_architectures, did_you_mean

from ..errors import Failure, Misuse

DEFAULT_ARCHITECTURE = "serverless-shop"
WORK_KINDS = ("routes", "calls", "reads", "writes", "triggers")
ORDER_WORDS = ("checkout", "order", "payment", "cart", "purchase")
MAX_PARAM_CHOICES = 64


@dataclass(frozen=True)
class Node:
    """One node of an architecture, as the scaffold needs it."""

    id: str
    type: str
    stack: str | None
    config: dict[str, Any]


@dataclass(frozen=True)
class Architecture:
    """A shared architecture's name, description, nodes (in file order) and edges."""

    name: str
    description: str
    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str, str], ...]  # (source, kind, target)

    def of_type(self, *types: str) -> list[Node]:
        """Nodes of the given resource types, in file order."""
        return [n for n in self.nodes if n.type in types]

    def after(self, node_id: str) -> list[str]:
        """Nodes that ``node_id`` sends work to (routes, calls, reads, writes, triggers), in file order."""
        return [t for s, kind, t in self.edges if s == node_id and kind in WORK_KINDS]


def _bundled_folder() -> Traversable:
    return resources.files("warroom.scenarios").joinpath("architectures")


def architecture_file(name: str, folder: Path) -> Traversable:
    """The file a scenario in ``folder`` means by ``architecture: NAME`` (as the loader looks it up)."""
    local = folder / "architectures" / f"{name}.yaml"
    if local.is_file():
        return local
    bundled = _bundled_folder().joinpath(f"{name}.yaml")
    if bundled.is_file():
        return bundled
    names = bundled_architectures()
    hint = did_you_mean(name, names)
    raise Misuse(
        f"no shared architecture called {name!r}" + (f"; {hint}" if hint else f"; bundled: {', '.join(names)}")
    )


NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ArchitectureRef:
    """What ``--architecture`` named: the name the scenario will use, the file, and, for a
    file given by path outside the scenario's ``architectures/`` folder, the file to copy
    there (the loader reads shared architectures only from there or the bundled library)."""

    name: str
    source: Traversable
    copy_from: Path | None = None

    @property
    def shown(self) -> str:
        """How problems name the file."""
        return str(self.copy_from or self.source)


def resolve_architecture(argument: str, folder: Path) -> ArchitectureRef:
    """The architecture an argument names: a ``.yaml`` file by path, else a shared one by name."""
    path = Path(argument)
    if path.suffix not in (".yaml", ".yml"):
        return ArchitectureRef(argument, architecture_file(argument, folder))
    if not path.is_file():
        raise Failure(f"{argument}: no such architecture file")
    if not NAME.match(path.stem):
        raise Failure(
            f"{argument}: the file name becomes the architecture's name, so it must be lower-case letters, "
            "digits and dashes (rename it, e.g. to my-architecture.yaml)"
        )
    home = folder / "architectures" / f"{path.stem}.yaml"
    if home.is_file() and home.resolve() == path.resolve():
        return ArchitectureRef(path.stem, path)
    return ArchitectureRef(path.stem, path, copy_from=path)


def read_architecture(name: str, folder: Path, source: Traversable | None = None) -> Architecture:
    """Read a shared architecture (``source``, else the file ``name`` means in ``folder``) as
    plain data (the scenario loader checks it properly later)."""
    source = source or architecture_file(name, folder)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise Failure(f"cannot read architecture {name!r}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise Failure(f"architecture {name!r} has no list of nodes")
    nodes = tuple(
        Node(str(n.get("id")), str(n.get("type")), n.get("stack"), n.get("config") or {})
        for n in data["nodes"]
        if isinstance(n, dict)
    )
    return Architecture(name, " ".join(str(data.get("description", "")).split()), nodes, tuple(_edges(data)))


def _edges(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for edge in data.get("edges") or []:
        if isinstance(edge, str) and len(edge.split()) == 3:
            source, kind, target = edge.split()
            yield source, kind, target
        elif isinstance(edge, dict):
            yield str(edge.get("from")), str(edge.get("kind")), str(edge.get("to"))


# -- traffic and KPI -------------------------------------------------------------------------
def entry_node(arch: Architecture) -> Node:
    """Where outside traffic enters: the first entry point that no other entry point routes to."""
    entries = [n for n in arch.nodes if n.type in RESOURCES and RESOURCES.get(n.type).entry_point]
    if not entries:
        raise Failure(f"architecture {arch.name!r} has no entry point (DNS record, CloudFront, API Gateway or ALB)")
    fed = {t for s, _, t in arch.edges if s in {e.id for e in entries}}
    return next((e for e in entries if e.id not in fed), entries[0])


def kpi_node(arch: Architecture, entry: Node) -> Node:
    """The node a business KPI watches: compute behind the entry, preferring one that takes orders."""
    by_id = {n.id: n for n in arch.nodes}
    reached: list[Node] = []
    queue, seen = [entry.id], {entry.id}
    while queue:
        current = queue.pop(0)
        for target in arch.after(current):
            if target in by_id and target not in seen:
                seen.add(target)
                queue.append(target)
                reached.append(by_id[target])
    compute = [n for n in reached if n.type in RESOURCES and RESOURCES.get(n.type).category == "compute"]
    ordering = [n for n in compute if any(word in n.id for word in ORDER_WORDS)]
    return (ordering or compute or [entry])[0]


def takes_orders(node: Node) -> bool:
    """Whether a node's name says it takes orders (the KPI is then called 'Orders placed')."""
    return any(word in node.id for word in ORDER_WORDS)


# -- placing a fault -------------------------------------------------------------------------
def fault_type(fault_id: str) -> Any:
    """The registered fault type; misuse with a did-you-mean when there is none."""
    if fault_id not in FAULTS:
        hint = FAULTS.hint(fault_id)
        raise Misuse(
            f"unknown fault type {fault_id!r}" + (f"; {hint}" if hint else "; see 'warroom catalog --kind faults'")
        )
    fault = FAULTS.get(fault_id)
    if fault.harmless:
        raise Misuse(
            f"{fault_id} is a red herring: it breaks nothing, so it cannot be a scenario's incident; "
            "scaffold with a real fault, then add it to the injects (docs/authoring.md, 'Red herrings')"
        )
    return fault


def fault_targets(arch: Architecture, fault: Any) -> list[Node]:
    """Nodes whose type the fault can target, in file order."""
    return arch.of_type(*fault.targets)


def next_version(arch: Architecture) -> str:
    """A release number one above the highest version any node serves (``"42"`` after ``"41"``)."""
    served = [str(v) for n in arch.nodes if isinstance(n.config.get("traffic"), dict) for v in n.config["traffic"]]
    numbers = [int(v) for v in served if v.isdigit()]
    return str(max(numbers) + 1) if numbers else "2"


def _choices(name: str, node: dict[str, Any], arch: Architecture, version: str) -> list[Any]:
    """Plausible values for a required parameter, most plausible first."""
    if "enum" in node:
        return list(node["enum"])
    kind = node.get("type")
    if kind == "boolean":
        return [False, True]
    if kind in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum", 0) + 1)
        return [low]
    if name == "version":
        return [version]
    stems = {w[:6] for w in re.findall(r"[a-z]{4,}", f"{name} {node.get('description', '')}".lower())}
    ranked = sorted(arch.nodes, key=lambda n: -sum(any(s in p for s in stems) for p in n.type.split("_")))
    return [n.id for n in ranked] + [f"example-{name}"]


def param_choices(fault: Any, arch: Architecture) -> Iterator[dict[str, Any]]:
    """Values for the fault's required parameters (at most :data:`MAX_PARAM_CHOICES` combinations)."""
    schema = fault.Params.model_json_schema()
    required = list(schema.get("required", ()))
    version = next_version(arch)
    options = [_choices(name, schema["properties"][name], arch, version) for name in required]
    for combination in itertools.islice(itertools.product(*options), MAX_PARAM_CHOICES):
        yield dict(zip(required, combination, strict=True))


def placements(fault: Any, arch: Architecture) -> Iterator[tuple[Node, dict[str, Any]]]:
    """Every (target, parameters) to try, most plausible first: the required ones chosen, then
    each other value of an optional choice (a mode whose default needs what is not there)."""
    schema = fault.Params.model_json_schema()
    optional = [
        (name, value)
        for name, node in schema.get("properties", {}).items()
        if name not in schema.get("required", ())
        for value in node.get("enum", ())
        if value != node.get("default")
    ]
    for node in fault_targets(arch, fault):
        for params in param_choices(fault, arch):
            yield node, params
            for name, value in optional:
                yield node, {**params, name: value}


def architectures_for(fault: Any, folder: Path) -> list[str]:
    """Bundled architectures with a node of a type the fault targets (for the error message)."""
    return [name for name in bundled_architectures() if fault_targets(read_architecture(name, folder), fault)]
