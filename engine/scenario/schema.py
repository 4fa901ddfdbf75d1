"""The published JSON Schema of scenario and architecture files (DESIGN §9).

The pydantic models in :mod:`engine.scenario.models` are the single source of the format;
they say a fault is "a string". This module enriches their schema from the registries so
that an editor completes real ids and checks parameters as the author types:

* ``fault`` in injects is an enum of fault ids, and each fault's ``params`` schema applies
  through ``allOf`` of ``if``/``then``; the same for ``action`` injects and their params;
* ``actions.allow``/``deny`` and conditions on actions are enums of action ids;
* a node's ``type`` is an enum of resource type ids, and each type's ``config`` (and its
  partial ``template``) schema applies through ``if``/``then``;
* an edge's ``kind`` is an enum, and an edge may also be written as ``"SOURCE KIND TARGET"``;
* durations accept ``90s``/``5m``/``1h`` strings or whole seconds;
* the authoring forms the loader composes away are accepted too: an architecture that
  ``extends`` a shared one, and ``use: SNIPPET`` entries among injects and messages.

The output is deterministic (registries iterate in id order), so the committed copies in
``docs/`` can be checked for freshness by comparing text.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

from ..actions import ACTIONS
from ..edges import EDGE_KINDS
from ..faults import FAULTS
from ..resources import RESOURCES
from ..resources.base import NoConfig
from .models import ArchitectureExtension, ArchitectureSpec, Scenario, SnippetUse

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DURATION_PATTERN = r"^\s*(\d+\s*[dhms]\s*)+$|^\s*\d+\s*$"
DEFS = "$defs"

Schema = dict[str, Any]


def scenario_schema() -> Schema:
    """The JSON Schema of a scenario file, enriched from the catalog."""
    build = _Builder(Scenario)
    build.architecture()
    build.injects()
    build.action_lists()
    build.reuse()
    return build.finish("warroom scenario", "An incident to play (see `warroom catalog` for every id).")


def architecture_schema() -> Schema:
    """The JSON Schema of a shared architecture file (``scenarios/architectures/*.yaml``)."""
    build = _Builder(ArchitectureSpec)
    build.architecture()
    return build.finish("warroom architecture", "An AWS architecture shared by scenarios: nodes and edges.")


def schema_text(schema: Schema) -> str:
    """The schema as the committed files hold it: indented JSON with a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _enum(ids: list[str], descriptions: list[str]) -> Schema:
    """An enum of ids with the per-value descriptions editors show while completing."""
    return {"type": "string", "enum": ids, "enumDescriptions": descriptions}


def _optional(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}], "default": None}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/{DEFS}/{name}"}


def _when(field: str, value: str, then: Schema, required: list[str] | None = None) -> Schema:
    """``if field == value then <properties>``: how a per-id schema applies to its sibling fields."""
    rule: Schema = {"properties": then}
    if required:
        rule["required"] = required
    return {"if": {"properties": {field: {"const": value}}, "required": [field]}, "then": rule}


class _Builder:
    """Enriches one model's schema in place; shared sub-schemas land once in ``$defs``."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.schema = model.model_json_schema()
        self.defs: Schema = self.schema[DEFS]
        self._hoisted: dict[type[BaseModel], str] = {}

    def hoist(self, model: type[BaseModel], name: str) -> str:
        """Put ``model``'s schema into ``$defs`` (its own defs prefixed with ``name``); return its name."""
        if model in self._hoisted:
            return self._hoisted[model]
        if model is NoConfig:
            name = "empty"
        sub = model.model_json_schema(ref_template=f"#/{DEFS}/{name}.{{model}}")
        for key, value in sub.pop(DEFS, {}).items():
            self.defs[f"{name}.{key}"] = value
        self.defs[name] = sub
        self._hoisted[model] = name
        return name

    def ids(self, name: str, ids: list[str], descriptions: list[str]) -> Schema:
        """A ``$ref`` to an enum of ids kept once in ``$defs``."""
        self.defs[name] = _enum(ids, descriptions)
        return _ref(name)

    def fault_ids(self) -> Schema:
        """A ``$ref`` to the enum of fault type ids."""
        return self.ids("fault-id", FAULTS.ids(), [f.description for f in FAULTS])

    def action_ids(self) -> Schema:
        """A ``$ref`` to the enum of action type ids."""
        return self.ids("action-id", ACTIONS.ids(), [a.description for a in ACTIONS])

    def architecture(self) -> None:
        """Node types and their configuration; edge kinds and the one-line edge form."""
        node = self.defs["NodeSpec"]
        node["properties"]["type"] = {
            **self.ids("resource-type", RESOURCES.ids(), [r.description for r in RESOURCES]),
            "description": node["properties"]["type"].get("description", ""),
        }
        rules = []
        for rtype in RESOURCES:
            config = self.hoist(rtype.Config, f"config.{rtype.id}")
            template = f"template.{config.removeprefix('config.')}"
            if template not in self.defs:
                partial = copy.deepcopy(self.defs[config])
                partial.pop("required", None)
                self.defs[template] = partial
            needs_config = bool(self.defs[config].get("required"))
            then = {"config": _ref(config), "template": _optional(_ref(template))}
            rules.append(_when("type", rtype.id, then, ["config"] if needs_config else None))
        node["allOf"] = rules
        kinds = list(EDGE_KINDS)
        self.defs["EdgeSpec"]["properties"]["kind"] = {
            **self.ids("edge-kind", kinds, [k.description for k in EDGE_KINDS.values()]),
            "description": "what the edge means (see `warroom catalog`)",
        }
        holder = self.schema if "edges" in self.schema.get("properties", {}) else self.defs["ArchitectureSpec"]
        written = {
            "type": "string",
            "pattern": rf"^\s*\S+\s+({'|'.join(kinds)})\s+\S+\s*$",
            "description": "SOURCE KIND TARGET, e.g. 'shop-api routes checkout-fn'",
        }
        holder["properties"]["edges"]["items"] = {"anyOf": [written, _ref("EdgeSpec")]}

    def injects(self) -> None:
        """Fault and action ids in injects, each with its own ``params`` schema."""
        inject = self.defs["Inject"]
        props = inject["properties"]
        props["fault"] = {**_optional(self.fault_ids()), "description": "the fault type to inject"}
        props["action"] = {**_optional(self.action_ids()), "description": "an action someone else performs"}
        rules = [_when("fault", f.id, {"params": _ref(self.hoist(f.Params, f"fault-params.{f.id}"))}) for f in FAULTS]
        rules += [
            _when("action", a.id, {"params": _ref(self.hoist(a.Params, f"action-params.{a.id}"))}) for a in ACTIONS
        ]
        inject["allOf"] = rules

    def reuse(self) -> None:
        """The authoring forms the loader composes away: ``architecture: {extends: ...}``, and
        ``- use: SNIPPET`` wherever injects and messages are listed."""
        extension = self.hoist(ArchitectureExtension, "ArchitectureExtension")
        self.defs[f"{extension}.NodeChange"]["properties"]["type"] = _optional(_ref("resource-type"))
        edges = self.defs["ArchitectureSpec"]["properties"]["edges"]["items"]
        for name in ("edges", "remove_edges"):
            self.defs[extension]["properties"][name]["items"] = edges
        del self.defs[f"{extension}.EdgeSpec"]
        self.schema["properties"]["architecture"]["anyOf"].append(_ref(extension))
        use = _ref(self.hoist(SnippetUse, "SnippetUse"))
        for holder in (self.schema, self.defs["Variant"], self.defs["Card"]):
            for name in ("injects", "messages"):
                items = holder["properties"][name]["items"]
                holder["properties"][name]["items"] = {"anyOf": [items, use]}

    def action_lists(self) -> None:
        """Action ids in ``actions.allow``/``deny`` and in conditions."""
        rules = self.defs["ActionRules"]["properties"]
        rules["allow"]["anyOf"][0]["items"] = self.action_ids()
        rules["deny"]["items"] = self.action_ids()
        condition = self.defs["Condition"]["properties"]
        for key in ("action", "not_action"):
            condition[key]["anyOf"][0] = self.action_ids()

    def finish(self, title: str, description: str) -> Schema:
        """The finished schema: draft and title first, durations patterned, ``$defs`` sorted last."""
        _mark_durations(self.schema)
        defs = self.schema.pop(DEFS)
        body = {k: v for k, v in self.schema.items() if k not in ("title", "description")}
        return {"$schema": DRAFT, "title": title, "description": description, **body, DEFS: dict(sorted(defs.items()))}


def _mark_durations(value: Any) -> None:
    """Give every duration field (string or integer) the pattern its strings must follow."""
    if isinstance(value, dict):
        if value.get("type") == ["string", "integer"]:
            value["pattern"] = DURATION_PATTERN
            value["minimum"] = 0
        for item in value.values():
            _mark_durations(item)
    elif isinstance(value, list):
        for item in value:
            _mark_durations(item)
