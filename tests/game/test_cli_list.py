"""``warroom list --architectures``: the shared architectures, their size and resource types, and who uses them."""

from __future__ import annotations

import json

import pytest
import yaml
from warroom.engine import bundled_architectures, bundled_ids
from warroom.engine.scenario.loader import bundled_root


def _bundled_architecture(name):
    return yaml.safe_load(bundled_root().joinpath("architectures", f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def users():
    """Each bundled scenario's shared architecture, read from the scenario files themselves."""
    found = {}
    for scenario_id in bundled_ids():
        data = yaml.safe_load(bundled_root().joinpath(f"{scenario_id}.yaml").read_text(encoding="utf-8"))
        found.setdefault(data["architecture"], []).append(scenario_id)
    return found


def test_json_describes_every_bundled_architecture(cli, users):
    ran = cli("list", "--architectures", "--json")
    assert (ran.code, ran.err) == (0, "")
    entries = json.loads(ran.out)
    assert [e["name"] for e in entries] == bundled_architectures()
    for entry in entries:
        nodes = _bundled_architecture(entry["name"])["nodes"]
        assert entry["nodes"] == len(nodes)
        assert entry["types"] == sorted({n["type"] for n in nodes})
        assert entry["regions"] == sorted({n.get("region", "us-east-1") for n in nodes})
        assert entry["used_by"] == users.get(entry["name"], [])
        assert entry["description"]


def test_the_table_has_a_row_per_architecture_with_its_users(cli, monkeypatch, users):
    monkeypatch.setenv("COLUMNS", "120")
    ran = cli("list", "--architectures")
    assert (ran.code, ran.err) == (0, "")
    lines = ran.out.splitlines()
    assert lines[0].startswith("Bundled architectures")
    header = next(line for line in lines if "name" in line)
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == [
        "name",
        "nodes",
        "resource types",
        "regions",
        "used by",
    ]
    for name in bundled_architectures():
        row = next(line for line in lines if line.startswith(f"│ {name} "))
        cells = [cell.strip() for cell in row.strip("│").split("│")]
        assert cells[1] == str(len(_bundled_architecture(name)["nodes"]))
        assert cells[4] == users[name][0]  # one user per line, the first on the architecture's own line
    assert "left out" not in ran.out


def test_a_narrow_terminal_names_what_it_left_out(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    ran = cli("list", "--architectures")
    assert ran.code == 0
    assert "resource types" not in ran.out.splitlines()[2]
    assert ran.out.splitlines()[-1] == "(left out at 80 columns: resource types; see --architectures --json)"


def test_the_scenario_list_is_unchanged_without_the_option(cli):
    ran = cli("list", "--json")
    assert [e["id"] for e in json.loads(ran.out)] == bundled_ids()
