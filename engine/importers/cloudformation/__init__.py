"""``warroom import cloudformation``: CloudFormation templates → a warroom architecture.

The pipeline, one module per step: :mod:`.reading` (safe YAML/JSON with the short-form
tags), :mod:`.intrinsics` (parameters, mappings, conditions, ``Fn::*``; what cannot be known
stays a readable placeholder), :mod:`.stacks` (a template as a stack, nested stacks,
exports), :mod:`.typemap` (CloudFormation type → catalog type, from the catalog),
:mod:`.glue` (resources that are configuration or edges), :mod:`.configs` (properties →
configuration), :mod:`.edgerules` (references → edge kinds) and :mod:`.graph` (assembly).
:func:`import_templates` runs it; :mod:`.output` writes the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .graph import Assembler
from .intrinsics import Notes
from .reading import read_template
from .stacks import StackReader, check_params

DEFAULT_REGION = "us-east-1"
"""The Region ``AWS::Region`` and ``Fn::GetAZs`` answer (and the nodes' default Region)."""


@dataclass
class Summary:
    """What the import did not carry over as is, for the person running it."""

    templates: list[str]
    stacks: list[str]
    nodes_by_type: Counter[str]
    edges: int
    unmapped: Counter[str]
    folded: Counter[str]
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    symbolic: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)
    unattached: list[tuple[str, str, str]] = field(default_factory=list)
    unfollowed: list[tuple[str, str, str]] = field(default_factory=list)
    unwatched: list[str] = field(default_factory=list)


@dataclass
class Imported:
    """An imported architecture (plain data in the architecture file format) and its summary."""

    architecture: dict[str, Any]
    summary: Summary


def import_templates(
    paths: list[Path],
    stack_names: list[str] | None = None,
    params: dict[str, str] | None = None,
    region: str = DEFAULT_REGION,
) -> Imported:
    """Import templates into one architecture; raises :class:`ScenarioError` located.

    ``stack_names`` name the stacks in order (the rest take their file's stem); ``params``
    override parameter defaults in every template that declares them.
    """
    names = list(stack_names or [])
    params = dict(params or {})
    notes = Notes()
    taken: set[str] = set()
    reader = StackReader(region, notes, taken)
    tops = []
    for i, path in enumerate(paths):
        template = read_template(path)
        tops.append(reader.open(template, names[i] if i < len(names) else path.stem.split(".")[0], params))
    check_params(params, tops)
    for stack in tops:
        reader.exports.update(stack.exports)
    for stack in tops:
        reader.read(stack)
    stacks = list(reader.stacks.values())
    graph = Assembler(stacks, reader.nested, taken).run()
    summary = Summary(
        templates=[s.template.shown for s in stacks],
        stacks=[s.id for s in stacks],
        nodes_by_type=Counter(n["type"] for n in graph.nodes),
        edges=len(graph.edges),
        unmapped=graph.unmapped,
        folded=graph.folded,
        skipped=[(s.id, logical, condition) for s in stacks for logical, condition in s.skipped],
        symbolic=list(notes.unknown),
        assumed=list(notes.assumed),
        unattached=graph.unattached,
        unfollowed=reader.unfollowed,
        unwatched=graph.unwatched,
    )
    description = (
        f"Imported from CloudFormation ({', '.join(summary.templates)}) by warroom import cloudformation: "
        f"{len(graph.nodes)} resources in {len(stacks)} stack(s)."
    )
    architecture = {"description": description, "nodes": graph.nodes, "edges": graph.edges}
    return Imported(architecture, summary)
