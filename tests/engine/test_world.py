"""The world: synchronous and asynchronous propagation, permissions, security groups, and
incremental recomputation (a tick costs what changed, and gets the same answer as a full one)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warroom.engine import Simulation
from warroom.engine import events as ev
from warroom.engine.architecture import build_world
from warroom.engine.scenario.models import ArchitectureSpec
from warroom.engine.world import World

from . import kit
from .kit import act, fresh, fuzz_settings, of, run_until

SHOP: dict[str, Any] = {
    "nodes": [
        {"id": "api", "type": "api_gateway"},
        {
            "id": "fn-a",
            "type": "lambda_function",
            "config": {"latency_ms": 100, "resource_policy": [{"principal": "apigateway.amazonaws.com"}]},
        },
        {
            "id": "fn-b",
            "type": "lambda_function",
            "config": {"latency_ms": 50, "resource_policy": [{"principal": "apigateway.amazonaws.com"}]},
        },
        {
            "id": "role-a",
            "type": "iam_role",
            "config": {
                "policies": [
                    {
                        "name": "a",
                        "statements": [
                            {"actions": ["dynamodb:PutItem"], "resources": ["table"]},
                            {"actions": ["events:PutEvents"], "resources": ["bus"]},
                            {"actions": ["s3:PutObject"], "resources": ["bucket"]},
                            {"actions": ["kms:GenerateDataKey"], "resources": ["key"]},
                        ],
                    }
                ]
            },
        },
        {"id": "table", "type": "dynamodb_table", "config": {"wcu": 1000}},
        {
            "id": "bucket",
            "type": "s3_bucket",
            "config": {"encryption": "SSE-KMS", "replication": {"destination": "replica", "role": "replicator"}},
        },
        {"id": "replica", "type": "s3_bucket", "region": "us-west-2"},
        {
            "id": "replicator",
            "type": "iam_role",
            "config": {
                "trust": ["s3.amazonaws.com"],
                "policies": [
                    {
                        "name": "replication",
                        "statements": [
                            {"actions": ["s3:GetObjectVersionForReplication"], "resources": ["bucket"]},
                            {"actions": ["s3:ReplicateObject"], "resources": ["replica"]},
                            {"actions": ["kms:Decrypt"], "resources": ["key"]},
                        ],
                    }
                ],
            },
        },
        {"id": "key", "type": "kms_key"},
        {"id": "cache", "type": "elasticache_cluster"},
        {"id": "bus", "type": "eventbridge_bus"},
        {"id": "rule", "type": "eventbridge_rule", "config": {"pattern": {"source": ["com.test"]}}},
        {
            "id": "consumer",
            "type": "lambda_function",
            "config": {"resource_policy": [{"principal": "events.amazonaws.com", "source": "rule"}]},
        },
        {"id": "topic", "type": "sns_topic"},
    ],
    "edges": [
        {"from": "api", "to": "fn-a", "kind": "routes", "weight": 1},
        {"from": "api", "to": "fn-b", "kind": "routes", "weight": 3},
        "fn-a uses_role role-a",
        "fn-a writes table",
        "fn-a writes bucket",
        {"from": "fn-a", "to": "bus", "kind": "writes", "event": {"source": "com.test", "detail-type": "Done"}},
        "bucket encrypts_with key",
        "bucket replicates_to replica",
        "fn-b reads cache",
        "bus triggers rule",
        "rule triggers consumer",
        "consumer writes topic",
    ],
}
RATE = 20.0


def shop(**tweaks: Any) -> dict[str, Any]:
    arch = copy.deepcopy(SHOP)
    for node_id, config in tweaks.items():
        kit.node_spec(arch, node_id.replace("_", "-")).setdefault("config", {}).update(config)
    return arch


def settle(world: World, ticks: int = 8) -> None:
    """Run ticks of the bare world (no timers): async hops deliver one tick later."""
    for _ in range(ticks):
        world.begin_tick()
        world.run_ticking()
        world.propagate()


def world_of(arch: dict[str, Any], rates: dict[str, float] | None = None) -> World:
    world = build_world(ArchitectureSpec.model_validate(arch))
    for entry, rate in (rates or {"api": RATE}).items():
        world.set_entry_rate(entry, rate)
    settle(world)
    return world


def shop_sim(**fields: Any) -> Simulation:
    return fresh(kit.scenario(shop(), [{"entry": "api", "rate": RATE}], **fields))


# -- synchronous paths -------------------------------------------------------------------------
@pytest.mark.parametrize(("weight_a", "weight_b"), [(1, 3), (1, 1), (0, 1), (5, 0)])
def test_route_weights_split_load(weight_a: float, weight_b: float) -> None:
    arch = shop()
    arch["edges"][0]["weight"], arch["edges"][1]["weight"] = weight_a, weight_b
    world = world_of(arch)
    total = weight_a + weight_b
    assert world.nodes["fn-a"].load == pytest.approx(RATE * weight_a / total)
    assert world.nodes["fn-b"].load == pytest.approx(RATE * weight_b / total)
    assert world.nodes["table"].load == pytest.approx(world.nodes["fn-a"].load)


def test_latency_adds_up_along_synchronous_calls() -> None:
    world = world_of(shop())
    nodes = world.nodes
    # fn-a's own 100 ms, plus the table, the bucket and the bus it calls in turn
    assert nodes["fn-a"].latency == pytest.approx(100 + nodes["table"].latency + nodes["bucket"].latency + 0.0)
    assert nodes["fn-b"].latency == pytest.approx(50 + nodes["cache"].latency)
    # the API adds its own 8 ms to the weighted mix of what it routes to
    assert nodes["api"].latency == pytest.approx(8 + 0.25 * nodes["fn-a"].latency + 0.75 * nodes["fn-b"].latency)


def test_a_failing_callee_bounds_its_callers() -> None:
    world = world_of(shop())
    world.set_impairment("table", "test", 0.4, "InternalServerError: table unavailable")
    settle(world, 1)
    nodes = world.nodes
    assert nodes["table"].ok == pytest.approx(0.4)
    assert nodes["fn-a"].ok == pytest.approx(0.4)
    assert nodes["fn-b"].ok == pytest.approx(1.0)
    assert nodes["api"].ok == pytest.approx(0.25 * 0.4 + 0.75 * 1.0)
    # the caller's logs say why
    assert any(
        text.startswith("Error calling table") and "InternalServerError" in text for text in nodes["fn-a"].causes
    )
    assert nodes["api"].observed["errors_5xx"] == pytest.approx(RATE * 0.25 * 0.6)


def test_an_optional_callee_does_not_fail_its_caller() -> None:
    arch = shop()
    arch["edges"][4] = {"from": "fn-a", "to": "bucket", "kind": "writes", "optional": True}
    world = world_of(arch)
    world.set_impairment("bucket", "test", 0.0, "SlowDown")
    settle(world, 1)
    assert world.nodes["fn-a"].ok == pytest.approx(1.0)


# -- asynchronous paths ------------------------------------------------------------------------
def test_async_failure_does_not_reach_the_producer() -> None:
    world = world_of(shop())
    before = {n: (world.nodes[n].ok, world.nodes[n].load) for n in ("api", "fn-a", "bus")}
    world.set_impairment("consumer", "test", 0.0, "Runtime.ExitError")
    settle(world, 3)
    assert world.nodes["consumer"].ok == 0.0
    assert {n: (world.nodes[n].ok, world.nodes[n].load) for n in before} == before
    assert world.nodes["consumer"].observed["errors"] == pytest.approx(world.nodes["consumer"].load)


def test_async_failure_shows_as_missing_work_downstream_one_tick_later() -> None:
    data = kit.scenario(
        shop(),
        [{"entry": "api", "rate": RATE}],
        business={"kpis": [{"id": "done", "name": "Work done", "node": "consumer"}]},
    )
    sim = fresh(data)
    run_until(sim, 100)
    assert sim.world.nodes["consumer"].load == pytest.approx(RATE * 0.25)
    sim.inject_fault("eventbridge_rule_silent", "rule", {"mode": "disabled"}, "rule-off")
    # the rule stops at once, the producer never notices, the consumer's work stops a tick later
    assert sim.world.nodes["rule"].observed["matched"] == 0.0
    assert sim.world.nodes["consumer"].load == pytest.approx(RATE * 0.25)
    sim.step()
    assert sim.world.nodes["consumer"].load == 0.0
    assert sim.world.nodes["fn-a"].ok == 1.0
    assert sim.availability == 1.0
    (drop,) = of(sim.log, ev.KpiChanged, kpi="done", tick=101)
    assert drop.per_minute == 0.0


# -- permissions -------------------------------------------------------------------------------
def test_a_role_losing_an_action_fails_the_caller_with_access_denied() -> None:
    sim = shop_sim()
    run_until(sim, 60)
    role = sim.world.nodes["role-a"]
    policies = copy.deepcopy(role.config["policies"])
    policies[0]["statements"] = [s for s in policies[0]["statements"] if "dynamodb:PutItem" not in s["actions"]]
    sim.world.set_config("role-a", "policies", policies)
    sim.step()
    fn = sim.world.nodes["fn-a"]
    assert fn.ok == 0.0
    (cause,) = [text for text in fn.causes if "AccessDenied" in text]
    assert "dynamodb:PutItem on resource: table" in cause
    run_until(sim, 200)
    finding = act(sim, "query_logs", "fn-a")
    assert isinstance(finding, ev.ActionCompleted)
    assert any("AccessDenied" in line and "dynamodb:PutItem" in line for line in finding.findings[0].lines)


def test_a_key_policy_without_root_locks_out_even_administrators() -> None:
    sim = shop_sim(responders=3)
    run_until(sim, 60)
    sim.inject_fault("kms_key_policy_lockout", "key", {}, "lockout")
    fn = sim.world.nodes["fn-a"]
    assert fn.ok == 0.0
    assert any("AccessDeniedException" in t and "kms:GenerateDataKey" in t for t in fn.causes)
    outcome = act(sim, "attach_admin_policy", "role-a")
    assert isinstance(outcome, ev.ActionCompleted)
    assert any(p["name"] == "AdministratorAccess" for p in sim.world.nodes["role-a"].config["policies"])
    sim.advance(5)
    assert fn.ok == 0.0, "AdministratorAccess must not override a key policy"
    assert sim.faults["lockout"].active
    outcome = act(sim, "open_support_case", "key")
    assert isinstance(outcome, ev.ActionCompleted)
    sim.step()
    assert fn.ok == 1.0
    assert of(sim.log, ev.FaultResolved, fault="lockout")


def test_a_resource_policy_that_refuses_the_service_fails_the_call() -> None:
    world = world_of(shop(fn_b={"resource_policy": [{"principal": "events.amazonaws.com"}]}))
    assert world.nodes["fn-b"].load == 0.0  # refused invokes never run the function
    assert world.nodes["api"].ok == pytest.approx(0.25)
    assert any("apigateway.amazonaws.com is not authorized" in t for t in world.nodes["api"].causes)


def test_a_queue_notices_when_its_idle_consumer_loses_permission(kitchen: Any) -> None:
    sim = Simulation(kitchen, 1)
    run_until(sim, 300)  # steady: the queue is empty and idle
    assert sim.world.nodes["orders-queue"].status["depth"] == pytest.approx(0.0)
    policies = copy.deepcopy(sim.world.nodes["worker-role"].config["policies"])
    policies[0]["statements"] = []
    sim.world.set_config("worker-role", "policies", policies)
    run_until(sim, 400)
    assert sim.world.nodes["worker-fn"].load == 0.0  # the event source mapping cannot receive any more
    assert sim.world.nodes["orders-queue"].status["depth"] == pytest.approx(20 * 100, rel=0.02)
    assert sim.world.nodes["orders-fn"].ok == 1.0  # the producer never notices


# -- security groups and target health ---------------------------------------------------------
def web(targets: int) -> dict[str, Any]:
    nodes = [
        {"id": "web-alb", "type": "alb", "config": {"listener_protocol": "HTTP"}},
        {"id": "alb-sg", "type": "security_group", "config": {"ingress": [{"port": 443, "source": "0.0.0.0/0"}]}},
        {
            "id": "app-sg",
            "type": "security_group",
            "stack": "web-stack",
            "config": {"ingress": [{"port": 443, "source": "alb-sg"}]},
        },
        {"id": "other-sg", "type": "security_group", "config": {"ingress": [{"port": 443, "source": "alb-sg"}]}},
        {"id": "tg", "type": "target_group", "config": {"interval": 30, "unhealthy_threshold": 3}},
        {"id": "asg", "type": "autoscaling_group", "config": {"desired_capacity": 3}},
        {"id": "ec2", "type": "ec2_instance"},
        {"id": "web-stack", "type": "cloudformation_stack"},
        {
            "id": "elb-5xx",
            "type": "cloudwatch_alarm",
            "config": {"metric": "HTTPCode_ELB_5XX_Count", "threshold": 10, "treat_missing_data": "notBreaching"},
        },
    ]
    edges = [
        "web-alb secured_by alb-sg",
        "web-alb routes tg",
        "tg routes asg",
        "asg secured_by app-sg",
        "elb-5xx monitors web-alb",
    ]
    if targets == 2:
        edges += ["tg routes ec2", "ec2 secured_by other-sg"]
    revoke = {"change": "revoke_ingress", "source": "alb-sg"}
    return kit.scenario(
        {"nodes": nodes, "edges": edges},
        [{"entry": "web-alb", "rate": 30}],
        injects=[{"id": "sg", "at": 100, "fault": "stack_drift", "target": "app-sg", "params": revoke}],
    )


def health(sim: Simulation, target: str) -> bool:
    return bool(sim.world.nodes["tg"].status["health"].get(target, True))


def test_revoked_ingress_fails_open_with_elb_5xx_when_every_target_is_unhealthy() -> None:
    sim = fresh(web(targets=1))
    run_until(sim, 99)
    assert sim.world.nodes["web-alb"].ok == 1.0
    run_until(sim, 101)
    alb = sim.world.nodes["web-alb"]
    assert alb.ok == 0.0  # connections time out at once ...
    assert health(sim, "asg")  # ... but the target is only marked unhealthy after the threshold
    run_until(sim, 100 + 2 * 30)
    assert health(sim, "asg")
    run_until(sim, 100 + 3 * 30 + 1)
    assert not health(sim, "asg")
    assert sim.world.nodes["tg"].status["reasons"]["asg"] == "Target.Timeout"
    # every target unhealthy: the load balancer fails open and keeps sending traffic to them
    assert sim.world.route_shares["tg"] == {"asg": 1.0}
    assert sim.world.nodes["asg"].load == 0.0  # the connections never arrive: the instances sit idle
    assert alb.observed["elb_5xx"] == pytest.approx(30.0)
    assert alb.observed["target_5xx"] == 0.0
    run_until(sim, 400)
    (alarm,) = of(sim.log, ev.AlarmStateChanged, alarm="elb-5xx")
    assert alarm.new == "ALARM"
    finding = act(sim, "describe_target_health", "tg").findings[0]
    assert "1 unhealthy" in finding.title
    assert "sg:app-sg" in finding.evidence


def test_an_unhealthy_target_stops_getting_traffic_while_another_is_healthy() -> None:
    sim = fresh(web(targets=2))
    run_until(sim, 99)
    shares = sim.world.route_shares["tg"]
    assert shares == {"asg": pytest.approx(0.75), "ec2": pytest.approx(0.25)}  # by host count
    run_until(sim, 101)
    assert sim.world.nodes["web-alb"].ok == pytest.approx(0.25)
    run_until(sim, 100 + 3 * 30 + 1)
    assert not health(sim, "asg") and health(sim, "ec2")
    assert sim.world.route_shares["tg"] == {"asg": 0.0, "ec2": 1.0}
    assert sim.world.nodes["web-alb"].ok == pytest.approx(1.0)
    assert sim.world.nodes["ec2"].load == pytest.approx(30.0)


# -- incremental recomputation -----------------------------------------------------------------
@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every node id ``World._recompute_success`` is called for, in order."""
    calls: list[str] = []
    original = World._recompute_success

    def counting(self: World, node_id: str) -> bool:
        calls.append(node_id)
        return original(self, node_id)

    monkeypatch.setattr(World, "_recompute_success", counting)
    return calls


def ancestors(world: World, node_id: str) -> set[str]:
    seen, frontier = set(), [node_id]
    while frontier:
        for caller in world.callers[frontier.pop()]:
            if caller not in seen:
                seen.add(caller)
                frontier.append(caller)
    return seen


def test_a_quiet_tick_recomputes_nothing(recomputed: list[str]) -> None:
    sim = shop_sim()
    run_until(sim, 5)
    recomputed.clear()
    sim.advance(300)  # alarms, customers and timers run; nothing changes
    assert recomputed == []


@pytest.mark.parametrize(
    ("leaf", "now", "next_minute"),
    [
        ("table", {"table", "fn-a", "api"}, {"rule"}),  # the rule behind the bus re-reads what fn-a puts on it
        ("cache", {"cache", "fn-b", "api"}, set()),
        ("key", {"key", "bucket", "fn-a"}, set()),  # read by the bucket's callers; nothing changes for them
        ("topic", {"topic", "consumer"}, set()),  # the consumer has no synchronous callers
    ],
)
def test_a_change_to_a_leaf_recomputes_only_it_and_its_ancestors(
    recomputed: list[str], leaf: str, now: set[str], next_minute: set[str]
) -> None:
    sim = shop_sim()
    run_until(sim, 5)
    recomputed.clear()
    sim.world.set_impairment(leaf, "test", 0.5, "degraded")
    sim.step()
    assert sorted(recomputed) == sorted(now), "each of them once, and nothing else"
    assert now <= {leaf} | ancestors(sim.world, leaf) | {"bucket", "fn-a"}
    recomputed.clear()
    sim.advance(60)
    assert set(recomputed) == next_minute


# Mutations the property below applies, each as (what, node, value)
MUTATIONS = st.one_of(
    st.tuples(
        st.just("impair"),
        st.sampled_from(["table", "bucket", "cache", "fn-a", "fn-b", "consumer", "topic"]),
        st.sampled_from([0.0, 0.3, 0.9, 1.0]),
    ),
    st.tuples(st.just("rate"), st.just("api"), st.sampled_from([0.0, 5.0, 20.0, 400.0])),
    st.tuples(st.just("rule"), st.just("rule"), st.sampled_from(["ENABLED", "DISABLED"])),
    st.tuples(st.just("root"), st.just("key"), st.booleans()),
    st.tuples(st.just("wcu"), st.just("table"), st.sampled_from([1, 10, 1000])),
    st.tuples(st.just("deny"), st.just("role-a"), st.sampled_from(["dynamodb:PutItem", "events:PutEvents", "none"])),
    st.tuples(st.just("deny"), st.just("replicator"), st.sampled_from(["kms:Decrypt", "s3:ReplicateObject"])),
    st.tuples(st.just("concurrency"), st.sampled_from(["fn-a", "fn-b"]), st.sampled_from([None, 0, 1, 100])),
)


def mutate(world: World, mutation: tuple[str, str, Any]) -> None:
    what, node, value = mutation
    if what == "impair":
        world.set_impairment(node, "test", value, "degraded")
    elif what == "rate":
        world.set_entry_rate(node, value)
    elif what == "rule":
        world.set_config(node, "state", value)
    elif what == "root":
        world.set_config(node, "policy", {**world.nodes[node].config["policy"], "root_access": value})
    elif what == "wcu":
        world.set_config(node, "wcu", value)
    elif what == "concurrency":
        world.set_config(node, "reserved_concurrency", value)
    else:
        policies = copy.deepcopy(world.nodes[node].config["policies"])
        policies[0]["statements"].append({"effect": "Deny", "actions": [value], "resources": ["*"]})
        world.set_config(node, "policies", policies)


def comparable(world: World) -> dict[str, Any]:
    return {
        node_id: (
            round(node.load, 6),
            round(node.ok, 9),
            round(node.latency, 6),
            {k: round(v, 6) for k, v in node.observed.items()},
            sorted(node.causes),
        )
        for node_id, node in sorted(world.nodes.items())
    }


@fuzz_settings(120)
@given(steps=st.lists(st.tuples(MUTATIONS, st.integers(0, 3)), min_size=1, max_size=8))
def test_incremental_propagation_agrees_with_a_full_recompute(steps: list[tuple[tuple[str, str, Any], int]]) -> None:
    incremental = world_of(shop())
    for mutation, ticks in steps:
        mutate(incremental, mutation)
        settle(incremental, ticks)
    settle(incremental, 10)
    scratch = build_world(ArchitectureSpec.model_validate(shop()))
    scratch.set_entry_rate("api", RATE)
    for mutation, _ in steps:
        mutate(scratch, mutation)
    settle(scratch, 10)
    assert comparable(incremental) == comparable(scratch)
