"""``warroom catalog``: every resource type, fault, action and compliance rule the engine knows.

The JSON form is what other tools (documentation generators, editors, the scenario
authoring guide) read; it is built from the registries, so a new unit appears without any
change here.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.table import Table
from warroom.engine import ACTIONS, CONDUCT_RULES, FAULTS, RESOURCES, STATE_RULES, format_duration

from ..console import make_console, money
from ..errors import EXIT_OK

NAME = "catalog"
HELP = "list resource types, faults, actions and compliance rules"
KINDS = ("resources", "faults", "actions", "rules")


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``catalog``'s arguments."""
    parser.add_argument("--json", action="store_true", help="print one JSON object with every kind")
    parser.add_argument("--kind", choices=KINDS, help="only this kind (text output)")


# -- data ------------------------------------------------------------------------------------
def resources() -> list[dict[str, Any]]:
    """Resource types with their AWS type, cost, metrics, edge kinds and configuration schema."""
    return [
        {
            "id": r.id,
            "title": r.title,
            "description": r.description,
            "aws_type": r.aws_type,
            "category": r.category,
            "hourly_cost_cents": r.hourly_cost_cents,
            "metrics": [
                {"name": m.name, "namespace": m.namespace, "statistic": m.statistic, "period": m.period, "unit": m.unit}
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
            "severity": r.severity,
            "config_identifier": r.config_identifier,
            "resource_types": list(r.resource_types),
        }
        for r in STATE_RULES
    ]
    conduct = [
        {
            "id": r.id,
            "kind": "conduct",
            "title": r.title,
            "description": r.description,
            "severity": r.severity,
            "config_identifier": None,
            "resource_types": [],
        }
        for r in CONDUCT_RULES
    ]
    return state + conduct


def catalog_data() -> dict[str, list[dict[str, Any]]]:
    """The whole catalog as JSON-able data."""
    return {"resources": resources(), "faults": faults(), "actions": actions(), "rules": rules()}


# -- text ------------------------------------------------------------------------------------
def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _resources_table() -> Table:
    table = _table("Resource types", ("id", "AWS type", "category", "per hour", "metrics", "description"))
    for r in resources():
        metrics = ", ".join(m["name"] for m in r["metrics"]) or "—"
        cost = money(r["hourly_cost_cents"]) if r["hourly_cost_cents"] else "—"
        table.add_row(r["id"], r["aws_type"], r["category"], cost, metrics, r["description"])
    return table


def _faults_table() -> Table:
    table = _table("Faults", ("id", "family", "targets", "parameters", "description"))
    for f in faults():
        params = ", ".join(f["params"].get("properties", {})) or "—"
        table.add_row(f["id"], f["family"], ", ".join(f["targets"]), params, f["description"])
    return table


def _actions_table() -> Table:
    table = _table("Actions", ("id", "family", "channel", "takes", "cost", "tags", "targets"))
    for a in actions():
        targets = ", ".join(a["targets"]) or "(team-wide)"
        cost = money(a["cost_cents"]) if a["cost_cents"] else "—"
        table.add_row(
            a["id"],
            a["family"],
            a["channel"],
            format_duration(a["duration"]),
            cost,
            ", ".join(a["tags"]) or "—",
            targets,
        )
    return table


def _rules_table() -> Table:
    table = _table("Compliance rules", ("id", "kind", "severity", "title", "AWS Config rule", "applies to"))
    for r in rules():
        applies = ", ".join(r["resource_types"]) or "conduct"
        table.add_row(r["id"], r["kind"], str(r["severity"]), r["title"], r["config_identifier"] or "—", applies)
    return table


TABLES = {"resources": _resources_table, "faults": _faults_table, "actions": _actions_table, "rules": _rules_table}


def run(args: argparse.Namespace) -> int:
    """Print the catalog as JSON or as tables grouped by kind."""
    if args.json:
        data = catalog_data()
        if args.kind:
            data = {args.kind: data[args.kind]}
        print(json.dumps(data, indent=2))
        return EXIT_OK
    console = make_console()
    for kind in [args.kind] if args.kind else KINDS:
        console.print(TABLES[kind]())
    return EXIT_OK
