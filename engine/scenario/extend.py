"""Per-scenario changes to a shared architecture: ``architecture: {extends: NAME, ...}``.

A scenario that needs a shared architecture *almost* as it is — one more queue, a database
without Multi-AZ, no bastion — says so instead of copying the file::

    architecture:
      extends: web-fleet-multi-az
      nodes:
        - {id: app-db, config: {multi_az: false}}       # changed: config merges key by key
        - {id: cache, type: elasticache_cluster}         # added
      remove: [bastion]                                  # with every edge that touches it
      edges: ["web-asg reads cache"]
      remove_edges: ["web-asg reads app-db"]

The composition happens on the raw documents, before the schema sees them, so the result
is validated like any architecture. Every value keeps its origin: an error in a node the
scenario changed points into the scenario file, one in an untouched node into the shared
file (see :meth:`Marks.graft`).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..architecture import Issue, pydantic_issues
from ..errors import ScenarioError
from ..registry import did_you_mean
from .models import ArchitectureExtension, EdgeSpec
from .safeyaml import Marks, Path

AT = ("architecture",)
MERGED = ("config", "template")  # node fields that merge key by key rather than being replaced


Origin = tuple[str, Path]  # ("base" | "own", the path of a value in that document)


def extend_architecture(base: Any, base_marks: Marks, raw: dict[str, Any], marks: Marks) -> dict[str, Any]:
    """The base architecture document with the changes ``raw`` (the scenario's
    ``architecture`` mapping) applied; ``marks`` learns where each part of the result came from."""
    from .checks import locate  # the checks import the catalog, which imports the models

    try:
        change = ArchitectureExtension.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(locate(marks, _with_hints(pydantic_issues(exc, AT)))) from None
    own = marks.own()
    if not isinstance(base, dict) or not isinstance(base.get("nodes"), list):
        marks.graft(AT, base_marks)
        return base if isinstance(base, dict) else {}  # the schema reports the base file's own shape
    issues: list[Issue] = []
    nodes, node_origins = _nodes(base["nodes"], change, raw, issues)
    edges, edge_origins = _edges(base.get("edges") or [], change, raw, issues)
    if issues:
        raise ScenarioError(locate(marks, issues))
    marks.graft(AT, base_marks)
    result = {k: v for k, v in base.items() if k not in ("nodes", "edges")}
    if change.description is not None:
        result["description"] = change.description
        marks.graft((*AT, "description"), own, (*AT, "description"))
    result["nodes"], result["edges"] = nodes, edges
    documents = {"base": base_marks, "own": own}
    for index, origins in enumerate(node_origins):
        for suffix, (document, at) in origins.items():
            marks.graft((*AT, "nodes", index, *suffix), documents[document], at)
    for index, (document, at) in enumerate(edge_origins):
        marks.graft((*AT, "edges", index), documents[document], at)
    return result


def _nodes(
    base: list[Any], change: ArchitectureExtension, raw: dict[str, Any], issues: list[Issue]
) -> tuple[list[Any], list[dict[Path, Origin]]]:
    """The base's nodes, less the removed, with the changes merged in and the new ones last;
    for each, where its fields came from (``()`` is the node itself)."""
    index_of = {n.get("id"): j for j, n in enumerate(base) if isinstance(n, dict)}
    known = [str(i) for i in index_of]
    removed = set(change.remove)
    for k, node_id in enumerate(change.remove):
        if node_id not in index_of:
            issues.append(
                Issue((*AT, "remove", k), f"the base architecture has no node {node_id!r}", _hint(node_id, known))
            )
    patches = {c.id: k for k, c in enumerate(change.nodes)}
    for node_id, k in patches.items():
        if node_id in removed:
            issues.append(Issue((*AT, "nodes", k, "id"), f"node {node_id!r} is both removed and changed"))
    nodes: list[Any] = []
    origins: list[dict[Path, Origin]] = []
    for j, node in enumerate(base):
        node_id = node.get("id") if isinstance(node, dict) else None
        if node_id in removed:
            continue
        if node_id in patches:
            merged, where = _merge(node, ("nodes", j), raw["nodes"][patches[node_id]], (*AT, "nodes", patches[node_id]))
            nodes.append(merged)
            origins.append(where)
        else:
            nodes.append(node)
            origins.append({(): ("base", ("nodes", j))})
    for node_id, k in patches.items():
        if node_id not in index_of:
            nodes.append(raw["nodes"][k])
            origins.append({(): ("own", (*AT, "nodes", k))})
    return nodes, origins


def _merge(
    node: dict[str, Any], at: Path, patch: dict[str, Any], patch_at: Path
) -> tuple[dict[str, Any], dict[Path, Origin]]:
    """A base node with a change applied: fields replaced, ``config``/``template`` merged."""
    merged = dict(node)
    where: dict[Path, Origin] = {(): ("own", patch_at)}
    where.update({(key,): ("base", (*at, key)) for key in node})
    for key, value in patch.items():
        where[(key,)] = ("own", (*patch_at, key))
        if key in MERGED and isinstance(value, dict) and isinstance(node.get(key), dict):
            merged[key] = {**node[key], **value}
            where.update({(key, sub): ("base", (*at, key, sub)) for sub in node[key] if sub not in value})
        else:
            merged[key] = value
    return merged, where


def _edges(
    base: list[Any], change: ArchitectureExtension, raw: dict[str, Any], issues: list[Issue]
) -> tuple[list[Any], list[Origin]]:
    """The base's edges less those removed (or touching a removed node), then the new ones."""
    removed_nodes = set(change.remove)
    unwanted = {_triple(e): k for k, e in enumerate(change.remove_edges)}
    present = {_triple(e) for e in map(_parse, base) if e is not None}
    for triple, k in unwanted.items():
        if triple not in present:
            issues.append(Issue((*AT, "remove_edges", k), f"the base architecture has no edge {' '.join(triple)!r}"))
    edges: list[Any] = []
    origins: list[Origin] = []
    for j, entry in enumerate(base):
        edge = _parse(entry)
        if edge is not None and (_triple(edge) in unwanted or {edge.source, edge.target} & removed_nodes):
            continue
        edges.append(entry)
        origins.append(("base", ("edges", j)))
    for k, entry in enumerate(raw.get("edges") or []):
        edges.append(entry)
        origins.append(("own", (*AT, "edges", k)))
    return edges, origins


def _parse(entry: Any) -> EdgeSpec | None:
    try:
        return EdgeSpec.model_validate(entry)
    except ValidationError:
        return None  # the schema reports it where it stands


def _triple(edge: EdgeSpec) -> tuple[str, str, str]:
    return edge.source, edge.kind, edge.target


def _hint(name: str, known: list[str]) -> str:
    return did_you_mean(name, known) or f"its nodes: {', '.join(known)}"


def _with_hints(issues: list[Issue]) -> list[Issue]:
    """Unknown top-level keys of the extension get a did-you-mean among its own fields."""
    fields = [f.alias or name for name, f in ArchitectureExtension.model_fields.items()]
    return [
        Issue(i.path, i.message, did_you_mean(str(i.path[-1]), fields) or f"use: {', '.join(fields)}", True)
        if i.at_key and len(i.path) == 2
        else i
        for i in issues
    ]
