"""The command line's contract: help everywhere, exit codes, JSON listings, no tracebacks."""

from __future__ import annotations

import json

import pytest
from warroom.engine import ACTIONS, CONDUCT_RULES, FAULTS, RESOURCES, STATE_RULES, bundled_ids
from warroom.game.subcommands import SUBCOMMANDS, listing

COMMANDS = [m.NAME for m in SUBCOMMANDS]


def test_version(cli):
    ran = cli("--version")
    assert ran.code == 0
    assert ran.out.startswith("warroom ") and "engine" in ran.out


@pytest.mark.parametrize("args", [["--help"], *([name, "--help"] for name in COMMANDS)])
def test_every_command_has_help(cli, args):
    ran = cli(*args)
    assert ran.code == 0
    assert "usage: warroom" in ran.out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bogus"],
        ["list", "--bogus"],
        ["validate"],
        ["replay"],
        ["play", "--clock", "sometimes"],
        ["play", "--seed", "x"],
    ],
)
def test_misuse_exits_2(cli, args):
    ran = cli(*args)
    assert ran.code == 2
    assert "usage:" in ran.err


def test_list_json_names_every_bundled_scenario(cli):
    ran = cli("list", "--json")
    assert ran.code == 0
    entries = json.loads(ran.out)
    assert [e["id"] for e in entries] == bundled_ids()
    for entry in entries:
        assert set(entry) >= {"id", "title", "difficulty", "domains", "summary", "minutes"}
        assert isinstance(entry["domains"], list) and entry["domains"]


def test_list_text_is_a_table(cli):
    ran = cli("list")
    assert ran.code == 0
    assert "canary-checkout" in ran.out
    assert "\x1b[" not in ran.out  # no colour codes when the output is not a terminal


def test_catalog_json_shape(cli):
    ran = cli("catalog", "--json")
    assert ran.code == 0
    data = json.loads(ran.out)
    assert set(data) == {"resources", "faults", "actions", "rules"}
    for entries in data.values():
        assert entries and all(entry["id"] and "description" in entry for entry in entries)
    assert [r["id"] for r in data["resources"]] == RESOURCES.ids()
    assert [f["id"] for f in data["faults"]] == FAULTS.ids()
    assert [a["id"] for a in data["actions"]] == ACTIONS.ids()
    assert len(data["rules"]) == len(STATE_RULES) + len(CONDUCT_RULES)


def test_catalog_json_fields(cli):
    data = json.loads(cli("catalog", "--json").out)
    fn = next(r for r in data["resources"] if r["id"] == "lambda_function")
    assert fn["aws_type"] == "AWS::Lambda::Function"
    assert {"name", "namespace", "statistic", "period", "unit"} <= set(fn["metrics"][0])
    assert "calls" in fn["sends"] and "routes" in fn["receives"]
    canary = next(f for f in data["faults"] if f["id"] == "canary_regression")
    assert canary["family"] and canary["targets"] == ["codedeploy_group"]
    assert "version" in canary["params"]["properties"]
    revert = next(a for a in data["actions"] if a["id"] == "pipeline_revert")
    assert revert["channel"] == "pipeline" and revert["family"] == "remediate"
    assert {"duration", "cost_cents", "tags", "targets"} <= set(revert)
    kinds = {r["kind"] for r in data["rules"]}
    assert kinds == {"state", "conduct"}
    ssh = next(r for r in data["rules"] if r["id"] == "restricted-ssh")
    assert ssh["config_identifier"] == "INCOMING_SSH_DISABLED" and ssh["resource_types"] == ["security_group"]


def test_catalog_text_groups_by_kind(cli):
    ran = cli("catalog")
    assert ran.code == 0
    for title in ("Resource types", "Faults", "Actions", "Compliance rules"):
        assert title in ran.out


def test_internal_error_has_no_traceback(cli, monkeypatch):
    def boom(args):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(listing, "run", boom)
    monkeypatch.delenv("WARROOM_DEBUG", raising=False)
    ran = cli("list")
    assert ran.code == 1
    assert ran.err.strip() == "warroom: internal error: RuntimeError: kaboom"


def test_internal_error_traceback_on_request(cli, monkeypatch):
    def boom(args):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(listing, "run", boom)
    monkeypatch.setenv("WARROOM_DEBUG", "1")
    ran = cli("list")
    assert ran.code == 1
    assert "Traceback" in ran.err and "kaboom" in ran.err


def test_console_script_is_declared():
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("warroom") == "warroom.game.cli:main"
