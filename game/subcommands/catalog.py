"""``warroom catalog``: every resource type, fault, action and compliance rule the engine knows.

The JSON form is what other tools (documentation generators, editors, the scenario
authoring guide) read; it is built from the registries, so a new unit appears without any
change here. ``--markdown`` renders the same data as the reference pages in
``docs/reference/`` (see :mod:`.reference`).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warroom.engine import ACTIONS, CONDUCT_RULES, FAULTS, RESOURCES, STATE_RULES, docstring, format_duration

from ..console import make_console, money
from ..errors import EXIT_OK, Failure, Misuse
from ..fitted import Column, print_fitted

NAME = "catalog"
HELP = "list resource types, faults, actions and compliance rules"
DESCRIPTION = """\
List every resource type, fault, action and compliance rule the engine knows, as tables,
as JSON (--json), or as the Markdown reference for scenario authors (--markdown).

--markdown writes one page per kind (resources.md, faults.md, actions.md, rules.md) and an
index README.md into DIR: the folder given with -o, or docs/reference under the current
folder when -o is left out (the repository commits them there; 'make reference' refreshes
them). Existing pages of those names are replaced; nothing else in DIR is touched."""
KINDS = ("resources", "faults", "actions", "rules")
SENTENCE = re.compile(r"(.*?[.!?])(?=\s+[A-Z]|\s*$)", re.S)
DEFAULT_REFERENCE_DIR = Path("docs") / "reference"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``catalog``'s arguments."""
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print one JSON object with every kind")
    form.add_argument(
        "--markdown", action="store_true", help="write the Markdown reference pages (to -o DIR, default docs/reference)"
    )
    parser.add_argument("--kind", choices=KINDS, help="only this kind (text or JSON output)")
    parser.add_argument("-o", "--output", metavar="DIR", help="with --markdown: the folder to write the pages to")


# -- data ------------------------------------------------------------------------------------
def pricing(resource: Any) -> str:
    """How the engine prices a running resource of this type, in words ('' when it costs nothing)."""
    owner = next(c for c in type(resource).__mro__ if "hourly_cost" in vars(c))
    if owner.__mro__[1] is object:  # the base class: a flat hourly rate
        return f"{money(resource.hourly_cost_cents)} an hour" if resource.hourly_cost_cents else ""
    return docstring(owner.hourly_cost)


def resources() -> list[dict[str, Any]]:
    """Resource types with their AWS type, cost, metrics, edge kinds and configuration schema."""
    return [
        {
            "id": r.id,
            "title": r.title,
            "description": r.description,
            "details": docstring(type(r)),
            "aws_type": r.aws_type,
            "category": r.category,
            "hourly_cost_cents": r.hourly_cost_cents,
            "pricing": pricing(r),
            "metrics": [
                {
                    "name": m.name,
                    "namespace": m.namespace,
                    "dimension": m.dimension,
                    "statistic": m.statistic,
                    "period": m.period,
                    "unit": m.unit,
                    "presence": m.presence,
                    "qualified": m.qualified,
                    "delay": m.delay,
                }
                for m in r.metrics
            ],
            "sends": sorted(r.sends),
            "receives": sorted(r.receives),
            "compliance_properties": list(r.compliance_properties),
            "config": r.Config.model_json_schema(),
        }
        for r in RESOURCES
    ]


def faults() -> list[dict[str, Any]]:
    """Fault types with their family, targets and parameter schema."""
    return [
        {
            "id": f.id,
            "description": f.description,
            "details": docstring(type(f)),
            "family": f.family,
            "targets": list(f.targets),
            "params": f.Params.model_json_schema(),
        }
        for f in FAULTS
    ]


def actions() -> list[dict[str, Any]]:
    """Action types with family, channel, duration, cost, compliance tags, targets and parameters."""
    return [
        {
            "id": a.id,
            "title": a.title,
            "description": a.description,
            "details": docstring(type(a)),
            "family": a.family,
            "channel": a.channel,
            "duration": a.duration,
            "cost_cents": a.cost_cents,
            "tags": sorted(a.tags),
            "targets": list(a.targets),
            "target_optional": a.target_optional,
            "params": a.Params.model_json_schema(),
        }
        for a in ACTIONS
    ]


def rules() -> list[dict[str, Any]]:
    """Compliance rules: state rules (over resources) and conduct rules (over what people do)."""
    state = [
        {
            "id": r.id,
            "kind": "state",
            "title": r.title,
            "description": r.description,
            "details": docstring(type(r)),
            "severity": r.severity,
            "config_identifier": r.config_identifier,
            "resource_types": list(r.resource_types),
            "tag": None,
        }
        for r in STATE_RULES
    ]
    conduct = [
        {
            "id": r.id,
            "kind": "conduct",
            "title": r.title,
            "description": r.description,
            "details": docstring(type(r)),
            "severity": r.severity,
            "config_identifier": None,
            "resource_types": [],
            "tag": getattr(r, "tag", None),
        }
        for r in CONDUCT_RULES
    ]
    return state + conduct


def catalog_data() -> dict[str, list[dict[str, Any]]]:
    """The whole catalog as JSON-able data."""
    return {"resources": resources(), "faults": faults(), "actions": actions(), "rules": rules()}


# -- text ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KindTable:
    """How one kind prints as a table: its title, its columns (by importance, see
    :class:`~warroom.game.fitted.Column`) and its rows."""

    title: str
    columns: tuple[Column, ...]
    rows: Callable[[], list[tuple[str, ...]]]


def _resource_rows() -> list[tuple[str, ...]]:
    return [
        (
            r["id"],
            r["aws_type"],
            r["category"],
            ", ".join(m["name"] for m in r["metrics"]) or "—",
            r["description"],
        )
        for r in resources()
    ]


def first_sentence(text: str) -> str:
    """The first sentence of a description (a table row's worth; the full text is in the JSON)."""
    match = SENTENCE.match(text)
    return match.group(1) if match else text


def _fault_rows() -> list[tuple[str, ...]]:
    return [
        (
            f["id"],
            f["family"],
            ", ".join(f["targets"]),
            ", ".join(f["params"].get("properties", {})) or "—",
            first_sentence(f["description"]),
        )
        for f in faults()
    ]


def _action_rows() -> list[tuple[str, ...]]:
    return [
        (
            a["id"],
            a["family"],
            a["channel"],
            format_duration(a["duration"]),
            money(a["cost_cents"]) if a["cost_cents"] else "—",
            ", ".join(a["tags"]) or "—",
            ", ".join(a["targets"]) or "(team-wide)",
        )
        for a in actions()
    ]


def _rule_rows() -> list[tuple[str, ...]]:
    return [
        (
            r["id"],
            r["kind"],
            str(r["severity"]),
            r["title"],
            r["config_identifier"] or "—",
            ", ".join(r["resource_types"]) or "conduct",
        )
        for r in rules()
    ]


ID = Column("id", wrap=False)
TABLES = {
    "resources": KindTable(
        "Resource types",
        (
            ID,
            Column("AWS type", 22, rank=4),
            Column("category", 13, rank=2),
            Column("metrics", 28, rank=3),
            Column("description", 22, grows=True),
        ),
        _resource_rows,
    ),
    "faults": KindTable(
        "Faults",
        (
            ID,
            Column("family", 14, rank=4),
            Column("targets", 16, rank=2),
            Column("parameters", 14, rank=3),
            Column("summary", 24, grows=True),
        ),
        _fault_rows,
    ),
    "actions": KindTable(
        "Actions",
        (
            ID,
            Column("family", 11, rank=4),
            Column("channel", 10, rank=4),
            Column("takes", 6, rank=2),
            Column("cost", 8, rank=5),
            Column("tags", 14, rank=3),
            Column("targets", 24, grows=True),
        ),
        _action_rows,
    ),
    "rules": KindTable(
        "Compliance rules",
        (
            ID,
            Column("kind", 7, rank=3),
            Column("severity", 8, rank=3),
            Column("title", 24, grows=True),
            Column("AWS Config rule", 22, rank=4),
            Column("applies to", 20, rank=2),
        ),
        _rule_rows,
    ),
}


def print_tables(kinds: list[str]) -> None:
    """Print each kind's table as wide as the console."""
    console = make_console()
    for kind in kinds:
        spec = TABLES[kind]
        print_fitted(console, spec.title, spec.columns, spec.rows(), f"--kind {kind} --json")


def write_markdown(folder: Path) -> list[Path]:
    """Write the reference pages into ``folder`` (created if needed); return the paths written."""
    from .reference import pages

    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in pages(catalog_data()).items():
            path = folder / name
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    except OSError as exc:
        raise Failure(f"cannot write the reference to {folder}: {exc.strerror or exc}") from None
    return written


def run(args: argparse.Namespace) -> int:
    """Print the catalog as JSON or as tables grouped by kind, or write the Markdown reference."""
    if args.output and not args.markdown:
        raise Misuse("-o/--output is for --markdown")
    if args.markdown:
        if args.kind:
            raise Misuse("--markdown writes every kind (the pages link to each other); drop --kind")
        for path in write_markdown(Path(args.output) if args.output else DEFAULT_REFERENCE_DIR):
            print(f"wrote {path}")
        return EXIT_OK
    if args.json:
        data = catalog_data()
        if args.kind:
            data = {args.kind: data[args.kind]}
        print(json.dumps(data, indent=2))
        return EXIT_OK
    print_tables([args.kind] if args.kind else list(KINDS))
    return EXIT_OK
