"""``warroom schema``: the published JSON Schema is fresh and completes real ids."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from warroom.engine import ACTIONS, FAULTS, RESOURCES

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


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


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((DOCS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
ARCHITECTURES = sorted((REPO / "scenarios" / "architectures").glob("*.yaml"))


@pytest.mark.parametrize(
    ("schema", "path"),
    [("scenario.schema.json", p) for p in SCENARIOS] + [("architecture.schema.json", p) for p in ARCHITECTURES],
    ids=lambda value: getattr(value, "name", value),
)
def test_every_bundled_file_is_valid_in_an_editor(schema: str, path: Path) -> None:
    """What the YAML language server checks as the author types: the bundled files pass."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in _validator(schema).iter_errors(document)
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("fragment", "valid"),
    [
        ({"architecture": {"extends": "serverless-shop", "nodes": [{"id": "x", "type": "sqs_queue"}]}}, True),
        ({"architecture": {"extends": "serverless-shop", "nodes": [{"id": "x", "type": "sqs_queu"}]}}, False),
        ({"architecture": {"extends": "serverless-shop", "remove_edges": ["a calls b"]}}, True),
        ({"architecture": {"extends": "serverless-shop", "remove_edge": []}}, False),
        ({"messages": [{"use": "vp-wants-an-incident", "with": {"what": "x"}, "at": "9m"}]}, True),
        ({"injects": [{"use": "teammate-release", "at": "17m", "target": "shop-stack"}]}, True),
        ({"messages": [{"with": {"what": "x"}}]}, False),
    ],
    ids=["extends", "extends-bad-type", "remove-edge", "extends-typo", "use-message", "use-inject", "with-without-use"],
)
def test_the_authoring_forms_are_in_the_schema(fragment: dict, valid: bool) -> None:
    base = yaml.safe_load((REPO / "scenarios" / "orders-go-quiet.yaml").read_text(encoding="utf-8"))
    errors = list(_validator("scenario.schema.json").iter_errors({**base, **fragment}))
    assert (errors == []) == valid, [e.message[:200] for e in errors]
