"""``warroom schema``: the published JSON Schema is fresh and completes real ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from warroom.engine import ACTIONS, FAULTS, RESOURCES

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize(
    ("args", "committed"),
    [([], "scenario.schema.json"), (["--architecture"], "architecture.schema.json")],
)
def test_committed_schema_is_fresh(cli, args, committed):
    ran = cli("schema", *args)
    assert ran.code == 0
    assert ran.out == (DOCS / committed).read_text(encoding="utf-8"), (
        f"docs/{committed} is stale: run 'warroom schema {' '.join(args)} -o docs/{committed}'"
    )


def test_schema_to_file(cli, tmp_path):
    target = tmp_path / "s.json"
    ran = cli("schema", "-o", str(target))
    assert ran.code == 0 and ran.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "warroom scenario"


@pytest.fixture(scope="module")
def scenario_schema() -> dict:
    return json.loads((DOCS / "scenario.schema.json").read_text(encoding="utf-8"))


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_inject_fault_and_action_are_enums(scenario_schema):
    inject = scenario_schema["$defs"]["Inject"]
    fault = _resolve(scenario_schema, inject["properties"]["fault"]["anyOf"][0])
    action = _resolve(scenario_schema, inject["properties"]["action"]["anyOf"][0])
    assert fault["enum"] == FAULTS.ids()
    assert action["enum"] == ACTIONS.ids()


def test_each_fault_has_its_params_schema(scenario_schema):
    inject = scenario_schema["$defs"]["Inject"]
    rules = {
        r["if"]["properties"]["fault"]["const"]: r["then"] for r in inject["allOf"] if "fault" in r["if"]["properties"]
    }
    assert sorted(rules) == FAULTS.ids()
    canary = _resolve(scenario_schema, rules["canary_regression"]["properties"]["params"])
    assert canary["additionalProperties"] is False
    assert "version" in canary["required"]


def test_action_lists_are_enums(scenario_schema):
    rules = scenario_schema["$defs"]["ActionRules"]["properties"]
    assert _resolve(scenario_schema, rules["deny"]["items"])["enum"] == ACTIONS.ids()
    assert _resolve(scenario_schema, rules["allow"]["anyOf"][0]["items"])["enum"] == ACTIONS.ids()


def test_node_types_and_configs(scenario_schema):
    node = scenario_schema["$defs"]["NodeSpec"]
    assert _resolve(scenario_schema, node["properties"]["type"])["enum"] == RESOURCES.ids()
    types = {r["if"]["properties"]["type"]["const"]: r["then"] for r in node["allOf"]}
    assert sorted(types) == RESOURCES.ids()
    alarm = types["cloudwatch_alarm"]
    config = _resolve(scenario_schema, alarm["properties"]["config"])
    template = _resolve(scenario_schema, alarm["properties"]["template"]["anyOf"][0])
    assert set(config["required"]) == {"metric", "threshold"}
    assert "required" not in template  # a template lists only what differs
    assert alarm["required"] == ["config"]


def test_edge_kinds_and_the_one_line_form(scenario_schema):
    kind = _resolve(scenario_schema, scenario_schema["$defs"]["EdgeSpec"]["properties"]["kind"])
    assert {"calls", "routes", "triggers", "monitors"} <= set(kind["enum"])
    items = scenario_schema["$defs"]["ArchitectureSpec"]["properties"]["edges"]["items"]["anyOf"]
    assert items[0]["type"] == "string" and "routes" in items[0]["pattern"]


def test_models_forbid_extra_fields(scenario_schema):
    assert scenario_schema["additionalProperties"] is False
    for name in ("Inject", "NodeSpec", "EdgeSpec", "Clock", "Condition"):
        assert scenario_schema["$defs"][name]["additionalProperties"] is False


def test_bundled_files_point_at_the_schemas():
    from importlib.resources import files

    root = files("warroom.scenarios")
    first = root.joinpath("canary-checkout.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json"
