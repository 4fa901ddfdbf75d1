"""Determinism: same scenario, seed and commands ⇒ the same game, digest for digest.

A different seed may change what the player sees (metric noise, customer tickets) but never
the truth; the order in which a YAML file lists nodes and edges changes nothing at all; and
the engine never depends on ``hash()`` of strings (randomised per process).
"""

from __future__ import annotations

import ast
import importlib
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warroom.engine import LoadedScenario, Simulation, StartAction, resolve, score
from warroom.engine.signals.metrics import published

from . import kit
from .kit import fuzz_settings

INJECTS = [
    {"id": "drift", "at": 0, "fault": "stack_drift", "target": "app-sg", "params": {"change": "open_ssh"}},
    {"id": "canary", "at": 60, "fault": "canary_regression", "target": "orders-dg", "params": {"version": "2"}},
    {"id": "poison", "at": 120, "fault": "sqs_poison_message", "target": "orders-queue", "params": {}},
    {"id": "failover", "at": 200, "fault": "rds_failover_stale_connections", "target": "app-db", "params": {}},
    {"id": "hook", "at": 240, "fault": "lifecycle_hook_stuck", "target": "web-asg", "params": {}},
]
SCRIPT: list[tuple[int, str, str | None, dict[str, Any]]] = [
    (90, "describe_deployment", "orders-dg", {}),
    (130, "declare_incident", None, {}),
    (150, "inspect_queue", "orders-queue", {}),
    (300, "quarantine_message", "orders-queue", {}),
    (330, "recycle_connections", "web-asg", {}),
    (400, "detect_stack_drift", "app-stack", {}),
    (560, "iac_revert_drift", "app-sg", {}),
    (600, "describe_scaling_activity", "web-asg", {}),
    (700, "grant_permission", "hook-role", {"action": "autoscaling:CompleteLifecycleAction", "resource": "web-asg"}),
    (800, "attach_admin_policy", "orders-role", {}),
    (900, "post_status_update", None, {}),
]
END = 1500


@pytest.fixture(scope="module")
def busy() -> LoadedScenario:
    """The kitchen sink with several faults at once."""
    return kit.load(kit.kitchen_scenario(injects=INJECTS))


def play(scenario: LoadedScenario, seed: int, script: list = SCRIPT, until: int = END, sim: Simulation | None = None):
    """Play the script; return the simulation and the digest at every minute."""
    sim = sim or Simulation(scenario, seed)
    digests: dict[int, str] = {}
    for tick, action, target, params in [*script, (until, None, None, {})]:
        while sim.tick < tick:
            sim.step()
            if sim.tick % 60 == 0:
                digests[sim.tick] = sim.digest()
        if action:
            sim.submit(StartAction(action, target, dict(params)))
            digests[sim.tick] = sim.digest()
    return sim, digests


def test_two_runs_are_identical_minute_by_minute(busy: LoadedScenario) -> None:
    first, a = play(busy, 11)
    second, b = play(busy, 11)
    assert len(a) >= END // 60
    assert a == b
    assert [e.to_json() for e in first.log] == [e.to_json() for e in second.log]
    assert score(first.model, first.log).to_json() == score(second.model, second.log).to_json()


def test_the_bundled_canary_game_is_reproducible() -> None:
    scenario = resolve("canary-checkout")
    script = [(540, "describe_deployment", "checkout-dg", {}), (600, "pipeline_revert", "shop-pipeline", {})]
    (first, a), (second, b) = play(scenario, 3, script, 1800), play(scenario, 3, script, 1800)
    assert a == b
    assert score(first.model, first.log).to_json() == score(second.model, second.log).to_json()


@pytest.mark.parametrize("fork_at", [0, 100, 299, 650])
def test_a_fork_continues_exactly_like_the_original(busy: LoadedScenario, fork_at: int) -> None:
    _, reference = play(busy, 5)
    before = [step for step in SCRIPT if step[0] <= fork_at]
    after = [step for step in SCRIPT if step[0] > fork_at]
    sim, _ = play(busy, 5, before, fork_at)
    branch = sim.fork()
    assert branch.digest() == sim.digest()
    _, original = play(busy, 5, after, END, sim)
    _, forked = play(busy, 5, after, END, branch)
    later = {t: d for t, d in reference.items() if t > fork_at}
    assert {t: d for t, d in original.items() if t > fork_at} == later
    assert {t: d for t, d in forked.items() if t > fork_at} == later
    assert score(branch.model, branch.log).to_json() == score(sim.model, sim.log).to_json()


def test_a_fork_is_independent(busy: LoadedScenario) -> None:
    sim, _ = play(busy, 5, [], 100)
    branch = sim.fork()
    branch.submit(StartAction("attach_admin_policy", "orders-role"))
    branch.advance(60)
    sim.advance(60)
    assert branch.digest() != sim.digest()
    admin = [p["name"] for p in branch.world.nodes["orders-role"].config["policies"]]
    assert "AdministratorAccess" in admin
    assert "AdministratorAccess" not in [p["name"] for p in sim.world.nodes["orders-role"].config["policies"]]


def test_a_forks_graph_changes_stay_in_the_fork(busy: LoadedScenario) -> None:
    sim, _ = play(busy, 5, [], 100)
    branch = sim.fork()
    assert branch.world.graph is sim.world.graph  # shared until one of them changes it
    edges, callers = sorted(sim.world.graph.edges(data=True)), dict(sim.world.callers)
    src, dst = next((a, b) for a, b, kind in sorted(sim.world.graph.edges(data="kind")) if kind == "calls")
    branch.world.set_edge_attr(src, dst, "ratio", 0.5)
    assert branch.world.edge_attr(src, dst, "ratio") == 0.5
    assert sim.world.edge_attr(src, dst, "ratio", 1.0) != 0.5
    branch.world.remove_edge(src, dst)
    assert src not in branch.world.callers[dst]
    assert sorted(sim.world.graph.edges(data=True)) == edges and sim.world.callers == callers
    sim.advance(60)  # the original plays on as if the branch never was
    assert sim.digest() == play(busy, 5, [], 160)[0].digest()


def test_another_seed_changes_the_noise_but_not_the_truth() -> None:
    calm = kit.load(kit.kitchen_scenario(injects=[i for i in INJECTS if i["id"] != "failover"]))
    script = [step for step in SCRIPT if step[2] not in ("app-db", "web-asg")]
    one, two = Simulation(calm, 1), Simulation(calm, 2)
    for sim in (one, two):
        play(calm, sim.seed, script, END, sim)
    assert one.world.state() == two.world.state()
    truth = (
        "FaultInjected",
        "FaultResolved",
        "FaultDiscovered",
        "ServiceLevelChanged",
        "KpiChanged",
        "ViolationOpened",
    )
    assert [e.to_json() for e in one.log if type(e).__name__ in truth] == [
        e.to_json() for e in two.log if type(e).__name__ in truth
    ]
    fn = one.world.nodes["orders-fn"]
    spec = fn.type.metric("Invocations")
    noisy = [p.value for p in published(fn, spec, None, END, 15, one.streams)]
    other = [p.value for p in published(two.world.nodes["orders-fn"], spec, None, END, 15, two.streams)]
    assert noisy != other
    assert noisy == pytest.approx(other, rel=0.1)


def shuffled(seed: int) -> dict[str, Any]:
    arch = kit.kitchen_arch()
    rng = random.Random(seed)
    rng.shuffle(arch["nodes"])
    rng.shuffle(arch["edges"])
    for node in arch["nodes"]:  # and the keys of every mapping
        items = list(node.items())
        rng.shuffle(items)
        node.clear()
        node.update(items)
    return arch


def per_node(sim: Simulation) -> dict[str, Any]:
    return {node_id: node.state() for node_id, node in sorted(sim.world.nodes.items())}


@fuzz_settings(6)
@given(seed=st.integers(0, 10**6))
def test_the_order_of_the_yaml_changes_nothing(busy: LoadedScenario, seed: int) -> None:
    reordered = kit.load(kit.kitchen_scenario(injects=INJECTS, architecture=shuffled(seed)))
    checkpoints = (60, 300, 700, END)
    original, reshuffled = Simulation(busy, 9), Simulation(reordered, 9)
    for end in checkpoints:
        script = [step for step in SCRIPT if original.tick < step[0] <= end]
        play(busy, 9, script, end, original)
        play(reordered, 9, script, end, reshuffled)
        assert per_node(original) == per_node(reshuffled), f"differs by {end}"
        assert original.digest() == reshuffled.digest(), f"digest differs by {end}"
    assert score(original.model, original.log).to_json() == score(reshuffled.model, reshuffled.log).to_json()


def engine_sources() -> list[Path]:
    engine = importlib.import_module("warroom.engine")
    return sorted(Path(engine.__file__).parent.rglob("*.py"))


def test_the_engine_never_hashes_strings() -> None:
    """``hash()`` of a str changes with every process (PYTHONHASHSEED): the engine never calls it."""
    offenders = []
    for path in engine_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "hash":
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and node.name == "__hash__":
                offenders.append(f"{path.name}:{node.lineno} defines __hash__")
    assert offenders == []


def test_the_engine_has_no_module_level_randomness() -> None:
    """Randomness comes only from the seeded streams in rng.py; the wall clock is never read —
    except by the solver, to stop a search at its time budget (it reports when it did)."""
    offenders = []
    for path in engine_sources():
        if path.parent.name == "solver" and path.name == "search.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                if name in ("random", "time", "datetime", "secrets", "uuid") and path.name != "rng.py":
                    offenders.append(f"{path.name}:{node.lineno} imports {name}")
    assert offenders == []


def test_cached_node_hashes_never_go_stale(busy: LoadedScenario) -> None:
    """Digests reuse each node's hash until the node changes; a fresh hash must agree."""
    sim = Simulation(busy, 2)
    for tick, action, target, params in [*SCRIPT, (END, None, None, {})]:
        while sim.tick < tick:
            sim.step()
            if sim.tick % 30 == 0:
                cached = sim.digest()
                for node in sim.world.nodes.values():
                    node.digest_cache = None
                assert sim.digest() == cached, f"stale node hash at tick {sim.tick}"
        if action:
            sim.submit(StartAction(action, target, dict(params)))
