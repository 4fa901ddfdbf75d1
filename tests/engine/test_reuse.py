"""Reuse: a scenario extends a shared architecture with its own changes, and takes injects
and messages from snippets; both compose before validation, and every error still points
at the file and line it comes from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from warroom.engine import ScenarioError, Simulation, load_scenario
from warroom.engine import events as ev
from warroom.engine.scenario.loader import bundled_root

SEED = 7
BASE = "web-fleet-multi-az"


def rds_failover(**changes: Any) -> dict[str, Any]:
    """rds-failover as a dict, with fields replaced."""
    data = yaml.safe_load(bundled_root().joinpath("rds-failover.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def write(folder: Path, data: Any, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``text``."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# -- extends ------------------------------------------------------------------------------------
EXTENSION = {
    "extends": BASE,
    "nodes": [
        {"id": "app-db", "label": "app-db (r6g.xlarge)", "config": {"instance_class": "db.r6g.xlarge"}},
        {"id": "audit-logs", "type": "log_group", "config": {"retention_days": 365}},
    ],
    "remove": ["rds-multi-az-check"],
    "edges": ["web-asg triggers audit-logs"],
    "remove_edges": ["web-asg triggers web-logs"],
}


@pytest.fixture
def extended(tmp_path: Path):
    return load_scenario(write(tmp_path, rds_failover(architecture=EXTENSION)))


def test_an_extension_changes_adds_and_removes_what_it_says(extended) -> None:
    nodes = {n.id: n for n in extended.architecture.nodes}
    db = nodes["app-db"]
    assert db.config["instance_class"] == "db.r6g.xlarge" and db.config["multi_az"] is True  # merged key by key
    assert db.label == "app-db (r6g.xlarge)" and db.stack == "web-stack"  # replaced; kept
    assert nodes["audit-logs"].type == "log_group"
    assert "rds-multi-az-check" not in nodes
    edges = {(e.source, e.kind, e.target) for e in extended.architecture.edges}
    assert ("web-asg", "triggers", "audit-logs") in edges
    assert ("web-asg", "triggers", "web-logs") not in edges
    assert not any("rds-multi-az-check" in (s, t) for s, _, t in edges)


def test_the_extended_architecture_plays(extended) -> None:
    sim = Simulation(extended, SEED)
    sim.advance(300)
    assert sim.world.nodes["app-db"].config["instance_class"] == "db.r6g.xlarge"
    assert "audit-logs" in sim.world.nodes


def test_changing_the_shared_file_changes_the_scenarios_hash(tmp_path: Path) -> None:
    base = yaml.safe_load(bundled_root().joinpath("architectures", f"{BASE}.yaml").read_text(encoding="utf-8"))
    write(tmp_path, base, f"architectures/{BASE}.yaml")
    path = write(tmp_path, rds_failover(architecture=EXTENSION))
    before = load_scenario(path).sha256
    base["description"] = "edited"
    write(tmp_path, base, f"architectures/{BASE}.yaml")
    assert load_scenario(path).sha256 != before


@pytest.mark.parametrize(
    ("change", "message", "located_at"),
    [
        ({"remove": ["bastoin"]}, "the base architecture has no node 'bastoin'", "bastoin"),
        (
            {"remove_edges": ["web-asg reads web-logs"]},
            "has no edge 'web-asg reads web-logs'",
            "web-asg reads web-logs",
        ),
        ({"nodes": [{"id": "app-db", "config": {"multi_az": "sometimes"}}]}, "multi_az", "multi_az"),
        ({"nodes": [{"id": "cache"}]}, "missing required field 'type'", "id: cache"),
        ({"nodes": [{"id": "app-db", "confg": {}}]}, "unknown field 'confg'", "confg"),
        ({"remove_edge": []}, "unknown field 'remove_edge'", "remove_edge"),
        ({"extends": "web-fleet"}, "no shared architecture called 'web-fleet'", "extends"),
    ],
    ids=["unknown-node", "unknown-edge", "bad-config", "new-node-without-type", "typo", "top-typo", "unknown-base"],
)
def test_a_bad_extension_points_into_the_scenario(tmp_path: Path, change: dict, message: str, located_at: str) -> None:
    path = write(tmp_path, rds_failover(architecture={"extends": BASE, **change}))
    found = problems(path)
    assert any(message in p for p in found), found
    assert any(p.startswith(f"{path}:{line_of(path, located_at)}:") for p in found), found


def test_an_error_in_an_untouched_node_points_into_the_shared_file(tmp_path: Path) -> None:
    base = yaml.safe_load(bundled_root().joinpath("architectures", f"{BASE}.yaml").read_text(encoding="utf-8"))
    next(n for n in base["nodes"] if n["id"] == "web-cpu-high")["config"]["threshold"] = "high"
    shared = write(tmp_path, base, f"architectures/{BASE}.yaml")
    found = problems(write(tmp_path, rds_failover(architecture=EXTENSION)))
    assert any(p.startswith(f"{shared}:{line_of(shared, 'threshold: high')}:") for p in found), found


# -- snippets -----------------------------------------------------------------------------------
VP = {
    "at": "9m",
    "when": {"not_action": "declare_incident"},
    "from": "Marcus (VP Engineering)",
    "channel": "phone",
    "text": "${service} is down and there is no incident open. Declare it, please.",
}
RELEASE = {"at": "${when}", "action": "iac_revert_drift", "target": "${alarm}", "by": "Sam (SRE)"}


@pytest.fixture
def snippets(tmp_path: Path) -> Path:
    write(tmp_path, VP, "snippets/vp-wants-an-incident.yaml")
    write(tmp_path, [RELEASE, {**RELEASE, "at": "20m"}], "snippets/two-releases.yaml")
    return tmp_path


def test_a_message_snippet_is_filled_and_its_fields_replaced(snippets: Path) -> None:
    data = rds_failover(architecture=BASE)
    data["messages"].append({"use": "vp-wants-an-incident", "with": {"service": "The shop"}, "at": "6m"})
    scenario = load_scenario(write(snippets, data))
    vp = scenario.model.messages[-1]
    assert (vp.text, vp.at, vp.channel) == (
        "The shop is down and there is no incident open. Declare it, please.",
        360,
        "phone",
    )
    sim = Simulation(scenario, SEED)
    sim.advance(400)
    assert [e.tick for e in sim.log if isinstance(e, ev.MessageReceived) and e.text.startswith("The shop is down")] == [
        360
    ]


def test_a_list_snippet_expands_in_place_with_typed_placeholders(snippets: Path) -> None:
    data = rds_failover(architecture=BASE)
    data["injects"] = [{"use": "two-releases", "with": {"when": 600, "alarm": "target-5xx"}}, *data["injects"]]
    scenario = load_scenario(write(snippets, data))
    first, second = scenario.model.injects[:2]
    assert (first.at, first.target, second.at) == (600, "target-5xx", 1200)
    assert scenario.model.injects[2].id == "alarm-typo"


def test_snippets_work_in_variants_and_cards(snippets: Path) -> None:
    data = rds_failover(architecture=BASE)
    data["variants"] = [
        {"id": "plain"},
        {"id": "vp", "messages": [{"use": "vp-wants-an-incident", "with": {"service": "Checkout"}}]},
    ]
    data["deck"] = [
        {
            "id": "vp-card",
            "title": "The VP calls",
            "messages": [{"use": "vp-wants-an-incident", "with": {"service": "Search"}}],
        }
    ]
    scenario = load_scenario(write(snippets, data))
    assert scenario.model.variants[1].messages[0].text.startswith("Checkout is down")
    assert scenario.model.deck[0].messages[0].text.startswith("Search is down")


@pytest.mark.parametrize(
    ("use", "message", "in_snippet"),
    [
        ({"use": "vp-wants-an-incidnet"}, "no snippet called 'vp-wants-an-incidnet'", False),
        ({"use": "vp-wants-an-incident"}, "no value for ${service}", True),
        (
            {"use": "vp-wants-an-incident", "with": {"service": "x", "sevrice": "y"}},
            "has no placeholder ${sevrice}",
            False,
        ),
        (
            {"use": "vp-wants-an-incident", "with": {"service": "x"}, "channel": "pigeon"},
            "'pigeon' is not one of",
            False,
        ),
        ({"use": "../elsewhere"}, "is not the name of a snippet", False),
    ],
    ids=["unknown", "unfilled", "unused-value", "bad-override", "path"],
)
def test_a_bad_use_is_located(snippets: Path, use: dict, message: str, in_snippet: bool) -> None:
    data = rds_failover(architecture=BASE)
    data["messages"].append(use)
    path = write(snippets, data)
    found = problems(path)
    assert any(message in p for p in found), found
    where = snippets / "snippets" / "vp-wants-an-incident.yaml" if in_snippet else path
    assert all(p.startswith(f"{where}:") for p in found), found


def test_a_bundled_snippet_is_found_from_anywhere(tmp_path: Path) -> None:
    data = rds_failover(architecture=BASE)
    data["messages"].append({"use": "aws-health-posts-late", "with": {"service": "Amazon RDS", "region": "us-east-1"}})
    scenario = load_scenario(write(tmp_path, data))
    assert "Amazon RDS" in scenario.model.messages[-1].text
