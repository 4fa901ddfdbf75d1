"""AWS-side faults that take the tools away (engine/faults/control.py), and the Kinesis stream
they were first seen on.

``monitoring_impaired`` — the 2020-11-25 Kinesis event: the stream fails, CloudWatch shares its
fate (alarms see missing data, target tracking goes blind), Lambda producers hold their
concurrency while their SDKs retry, and restarting every consumer at once makes a herd.
``control_plane_impaired`` — the 2021-12-07 network event: every call that changes something
fails with AWS's error while what runs keeps serving; launches fail, terminations do not.
"""

from __future__ import annotations

from typing import Any

import pytest
from warroom.engine import Simulation, resolve
from warroom.engine import events as ev
from warroom.engine.signals.metrics import published

from . import kit
from .kit import act, fresh, of, run_until, start

INJECT = 300

# -- purpose-made architectures ------------------------------------------------------------------
TREATMENTS = {"missing": "missing", "ignore": "ignore", "not-breaching": "notBreaching", "breaching": "breaching"}


def pipeline_arch(*, collector_reserved: int | None = None, target_cpu: float | None = None) -> dict[str, Any]:
    """An API in front of checkout and a click collector writing to a Kinesis stream read by an
    ECS (KCL) consumer; alarms on checkout's Errors with each missing-data treatment; a small
    web fleet with target tracking."""
    alarm = {"metric": "Throttles", "threshold": 1_000_000, "evaluation_periods": 3}
    return {
        "nodes": [
            {"id": "api", "type": "api_gateway", "config": {"logging": "ERROR"}},
            {
                "id": "collector-fn",
                "type": "lambda_function",
                "config": {
                    "latency_ms": 30,
                    "timeout_s": 10,
                    "reserved_concurrency": collector_reserved,
                    "resource_policy": [{"principal": "apigateway.amazonaws.com", "source": "api"}],
                },
            },
            {
                "id": "collector-role",
                "type": "iam_role",
                "config": {
                    "policies": [
                        {"name": "put", "statements": [{"actions": ["kinesis:PutRecords"], "resources": ["clicks"]}]}
                    ]
                },
            },
            {
                "id": "checkout-fn",
                "type": "lambda_function",
                "config": {
                    "latency_ms": 200,
                    "resource_policy": [{"principal": "apigateway.amazonaws.com", "source": "api"}],
                },
            },
            {"id": "clicks", "type": "kinesis_stream", "config": {"shards": 4}},
            {"id": "workers", "type": "ecs_service", "config": {"desired_count": 4, "cpu_units": 1024}},
            *(
                {"id": f"a-{name}", "type": "cloudwatch_alarm", "config": {**alarm, "treat_missing_data": treat}}
                for name, treat in TREATMENTS.items()
            ),
            {"id": "web-alb", "type": "alb"},
            {"id": "web-tg", "type": "target_group"},
            {
                "id": "web-asg",
                "type": "autoscaling_group",
                "config": {"desired_capacity": 2, "min_size": 2, "max_size": 6, "target_cpu": target_cpu},
            },
        ],
        "edges": [
            {"from": "api", "to": "collector-fn", "kind": "routes", "weight": 10},
            {"from": "api", "to": "checkout-fn", "kind": "routes", "weight": 1},
            "collector-fn uses_role collector-role",
            "collector-fn writes clicks",
            "clicks triggers workers",
            *(f"a-{name} monitors checkout-fn" for name in TREATMENTS),
            "web-alb routes web-tg",
            "web-tg routes web-asg",
        ],
    }


def game(
    fault: str,
    params: dict[str, Any] | None = None,
    *,
    target: str | None = None,
    web_rate: float = 400,
    web_changes: list[dict[str, Any]] | None = None,
    arch: dict[str, Any] | None = None,
) -> Simulation:
    inject = {
        "id": "aws",
        "at": INJECT,
        "fault": fault,
        "target": target or ("clicks" if fault == "monitoring_impaired" else "web-asg"),
        "params": params or {},
    }
    data = kit.scenario(
        arch or pipeline_arch(),
        [{"entry": "api", "rate": 330}, {"entry": "web-alb", "rate": web_rate, "changes": web_changes or []}],
        injects=[inject],
        clock={"duration": "1h"},
        responders=4,
    )
    return fresh(data)


def points(sim: Simulation, node: str, metric: str, periods: int = 5) -> list[float | None]:
    target = sim.world.nodes[node]
    spec = target.type.metric(metric)
    assert spec is not None
    return [p.value for p in published(target, spec, None, sim.tick, periods, sim.streams)]


def state(sim: Simulation, alarm: str) -> str:
    return str(sim.world.nodes[alarm].status["state"])


def causes(sim: Simulation, node: str) -> str:
    return " | ".join(sim.world.nodes[node].causes)


# -- monitoring_impaired -----------------------------------------------------------------------------
def test_alarms_see_missing_data_and_follow_their_treatment_while_cloudwatch_is_down() -> None:
    sim = game("monitoring_impaired", {"lasts": "20m"})
    run_until(sim, INJECT - 1)
    assert {state(sim, f"a-{name}") for name in TREATMENTS} == {"OK"}
    run_until(sim, INJECT + 600)
    assert state(sim, "a-missing") == "INSUFFICIENT_DATA"
    assert state(sim, "a-ignore") == "OK"  # holds its stale state
    assert state(sim, "a-not-breaching") == "OK"  # reads as healthy: the most dangerous one
    assert state(sim, "a-breaching") == "ALARM"
    changes = of(sim.log, ev.AlarmStateChanged, alarm="a-missing", new="INSUFFICIENT_DATA")
    assert changes and "no datapoints" in changes[0].reason
    # every metric of the Region is blank, not just the failing stream's
    for node, metric in (("checkout-fn", "Invocations"), ("api", "Count"), ("web-asg", "GroupInServiceInstances")):
        assert points(sim, node, metric, 5) == [None] * 5, node
    # the team can still look: logs are not CloudWatch metrics
    done = act(sim, "query_logs", "collector-fn")
    assert isinstance(done, ev.ActionCompleted) and "InternalFailure" in " ".join(done.findings[0].lines)


def test_withheld_datapoints_are_backfilled_after_recovery_or_lost_without_backfill() -> None:
    for backfill in (True, False):
        sim = game("monitoring_impaired", {"lasts": "10m", "backfill": backfill})
        run_until(sim, INJECT + 300)
        assert points(sim, "checkout-fn", "Invocations", 4) == [None] * 4
        run_until(sim, INJECT + 900)  # recovered at +600
        gap = points(sim, "checkout-fn", "Invocations", 12)[:6]  # periods published during the outage
        if backfill:
            assert all(v is not None and v > 0 for v in gap), gap
        else:
            assert gap.count(None) >= 5, gap
        recent = points(sim, "checkout-fn", "Invocations", 2)
        assert all(v is not None and v > 0 for v in recent)
        assert state(sim, "a-missing") == "OK"


def test_late_metrics_arrive_after_their_lag() -> None:
    sim = game("monitoring_impaired", {"lasts": "30m", "metrics_lag": "10m"})
    run_until(sim, INJECT + 900)
    values = points(sim, "checkout-fn", "Invocations", 15)
    # the freshest ten minutes are missing; what is older than the lag has arrived
    assert values[-9:] == [None] * 9
    assert all(v is not None for v in values[:4]), values


def test_lambda_producers_hold_concurrency_while_the_stream_fails_and_starve_the_account() -> None:
    sim = game("monitoring_impaired", {"lasts": "20m"})
    run_until(sim, INJECT - 1)
    assert sim.world.nodes["checkout-fn"].ok == pytest.approx(1.0)
    run_until(sim, INJECT + 120)
    checkout = sim.world.nodes["checkout-fn"]
    assert checkout.ok < 0.7, "checkout is throttled: the collector holds the account's concurrency"
    assert "TooManyRequestsException" in causes(sim, "checkout-fn")
    assert "InternalFailure" in causes(sim, "collector-fn")
    assert sim.world.nodes["collector-fn"].observed["concurrency"] > 900
    run_until(sim, INJECT + 1260)  # AWS recovered the stream at +1200
    assert sim.world.nodes["checkout-fn"].ok == pytest.approx(1.0)
    assert not sim.world.nodes["collector-fn"].status.get("blocked_ms")


def test_a_concurrency_cap_on_the_producer_is_a_bulkhead() -> None:
    sim = game("monitoring_impaired", {"lasts": "20m"}, arch=pipeline_arch(collector_reserved=100))
    run_until(sim, INJECT + 120)
    assert sim.world.nodes["checkout-fn"].ok == pytest.approx(1.0)
    assert sim.world.nodes["collector-fn"].observed["throttles"] > 0  # the analytics path sheds instead


def test_the_stream_and_its_apis_fail_and_a_direct_check_says_so() -> None:
    sim = game("monitoring_impaired", {"lasts": "20m"})
    run_until(sim, INJECT + 60)
    assert "GetRecords on clicks failed" in causes(sim, "workers")
    failed = act(sim, "set_shard_count", "clicks", {"shards": 8})
    assert isinstance(failed, ev.ActionFailed) and "InternalFailure" in failed.reason
    assert "UpdateShardCount" in failed.reason
    assert sim.world.nodes["clicks"].config["shards"] == 4
    described = act(sim, "describe_stream", "clicks")
    assert "DescribeStreamSummary" in described.findings[0].title
    assert of(sim.log, ev.FaultDiscovered, fault="aws")
    trail = [r for r in sim.trail if r.event == "UpdateShardCount"]
    assert trail and all(r.error == "InternalFailure" for r in trail)


def test_aws_health_posts_late_and_the_fault_ends_only_when_cloudwatch_is_back() -> None:
    sim = game("monitoring_impaired", {"lasts": "10m", "metrics_lasts": "15m", "health_delay": "4m"})
    run_until(sim, INJECT + 239)
    assert not of(sim.log, ev.MessageReceived, sender="AWS Health")
    run_until(sim, INJECT + 241)
    texts = [m.text for m in of(sim.log, ev.MessageReceived, sender="AWS Health")]
    assert any("[KINESIS]" in t for t in texts) and any("[CLOUDWATCH]" in t for t in texts)
    run_until(sim, INJECT + 601)
    assert sim.faults["aws"].active  # the stream is back, the metrics are not
    assert sim.world.nodes["checkout-fn"].ok == pytest.approx(1.0)
    run_until(sim, INJECT + 901)
    assert not sim.faults["aws"].active
    (resolved,) = of(sim.log, ev.FaultResolved, fault="aws")
    assert (resolved.by, resolved.action) == ("the system", None)
    assert not sim.health_events()


def test_restarting_every_consumer_during_the_outage_is_a_thundering_herd() -> None:
    def consumer_after_recovery(restart: bool) -> tuple[Simulation, float]:
        sim = game("monitoring_impaired", {"lasts": "10m"})
        run_until(sim, INJECT + 120)
        if restart:
            done = act(sim, "recycle_connections", "workers")
            assert isinstance(done, ev.ActionCompleted) and "every worker of workers restarted at once" in done.summary
        run_until(sim, INJECT + 600 + 300)  # five minutes after AWS recovered
        return sim, sim.world.nodes["workers"].ok

    calm, calm_ok = consumer_after_recovery(restart=False)
    herd, herd_ok = consumer_after_recovery(restart=True)
    assert calm_ok == pytest.approx(1.0) and calm.world.nodes["clicks"].status["age"] < 5
    assert herd_ok < 0.1
    assert "LimitExceededException" in causes(herd, "workers")
    assert herd.world.nodes["clicks"].status["age"] > 250  # the stream keeps the records: it falls behind
    described = act(herd, "describe_stream", "clicks")
    assert any("every worker restarted" in line for line in described.findings[0].lines)
    run_until(herd, INJECT + 600 + 600 + 600)  # the herd settles, the consumer catches up
    assert herd.world.nodes["workers"].ok == pytest.approx(1.0)
    assert herd.world.nodes["clicks"].status["age"] == 0


def test_a_restart_when_all_is_well_just_retakes_the_leases() -> None:
    sim = game("monitoring_impaired", {"lasts": "10m"})
    run_until(sim, 120)
    done = act(sim, "recycle_connections", "workers")
    assert "carries on from its checkpoints" in done.summary
    assert sim.world.nodes["clicks"].status["herd"] is None


def test_target_tracking_is_blind_while_metrics_are_missing() -> None:
    arch = pipeline_arch(target_cpu=50)
    busier = [{"at": INJECT + 60, "rate": 560}]  # 2 × m5.large at 93%: target tracking would want 4
    blind = game("monitoring_impaired", {"lasts": "20m"}, web_rate=300, web_changes=busier, arch=arch)
    run_until(blind, INJECT)
    assert blind.world.nodes["web-asg"].config["desired_capacity"] == 2
    run_until(blind, INJECT + 900)
    assert blind.world.nodes["web-asg"].config["desired_capacity"] == 2
    run_until(blind, INJECT + 1200 + 600)  # metrics back: target tracking acts
    assert blind.world.nodes["web-asg"].config["desired_capacity"] > 2


def test_a_stream_throttles_writes_beyond_its_shards_until_it_is_resharded() -> None:
    arch = pipeline_arch()
    kit.node_spec(arch, "clicks")["config"]["shards"] = 1
    sim = fresh(kit.scenario(arch, [{"entry": "api", "rate": 1430}], clock={"duration": "1h"}))
    run_until(sim, 200)  # 1,300 records a second into one shard (1,000 a second)
    assert "ProvisionedThroughputExceededException" in causes(sim, "collector-fn")
    throttled = points(sim, "clicks", "WriteProvisionedThroughputExceeded", 1)[0]
    assert throttled is not None and throttled > 10000
    assert isinstance(act(sim, "set_shard_count", "clicks", {"shards": 2}), ev.ActionCompleted)
    sim.advance(200)
    assert points(sim, "clicks", "WriteProvisionedThroughputExceeded", 1) == [0.0]
    assert sim.world.nodes["collector-fn"].ok == pytest.approx(1.0)


# -- control_plane_impaired --------------------------------------------------------------------
def test_changes_fail_with_the_aws_error_while_what_runs_keeps_serving() -> None:
    sim = game("control_plane_impaired", {"lasts": "20m"})
    run_until(sim, INJECT + 60)
    assert sim.availability == pytest.approx(1.0)
    console = act(sim, "set_desired_capacity", "web-asg", {"desired": 4})
    assert isinstance(console, ev.ActionFailed)
    assert "(Throttling) when calling the SetDesiredCapacity operation" in console.reason
    assert sim.world.nodes["web-asg"].config["desired_capacity"] == 2
    restart = act(sim, "recycle_connections", "workers")
    assert isinstance(restart, ev.ActionFailed) and "ServerException" in restart.reason
    trail = [r for r in sim.trail if r.event == "SetDesiredCapacity"]
    assert trail and trail[-1].error == "Throttling"
    assert not of(sim.log, ev.FaultDiscovered, fault="aws")
    found = act(sim, "lookup_cloudtrail", "web-asg")  # the failed call, with its errorCode
    assert "errorCode=Throttling" in " ".join(found.findings[0].lines)
    assert of(sim.log, ev.FaultDiscovered, fault="aws")


def test_a_pipeline_change_rolls_back_during_the_outage_and_works_after_it() -> None:
    arch = pipeline_arch()
    arch["nodes"].append({"id": "web-stack", "type": "cloudformation_stack"})
    arch["nodes"].append(
        {
            "id": "web-pipeline",
            "type": "codepipeline",
            "config": {"stages": [{"name": "Deploy", "kind": "deploy", "duration": 60}]},
        }
    )
    asg = kit.node_spec(arch, "web-asg")
    asg["stack"] = "web-stack"
    arch["edges"].append("web-pipeline deploys web-stack")
    sim = game("control_plane_impaired", {"lasts": "10m", "apis": ["autoscaling", "ec2"]}, arch=arch)
    run_until(sim, INJECT + 30)
    failed = act(sim, "set_desired_capacity_iac", "web-asg", {"desired": 4})
    assert isinstance(failed, ev.ActionFailed)
    assert "UPDATE_ROLLBACK_COMPLETE" in failed.reason and "UpdateAutoScalingGroup" not in failed.reason
    assert sim.world.nodes["web-asg"].template["desired_capacity"] == 2
    run_until(sim, INJECT + 601)
    done = act(sim, "set_desired_capacity_iac", "web-asg", {"desired": 4})
    assert isinstance(done, ev.ActionCompleted)
    sim.advance(120)
    assert sim.world.nodes["web-asg"].observed["in_service"] == 4


def test_terminated_capacity_is_not_replaced_until_aws_recovers() -> None:
    sim = game("control_plane_impaired", {"lasts": "15m"}, web_rate=500)
    run_until(sim, INJECT + 60)
    done = act(sim, "replace_instances", "web-asg", {"count": 1})
    assert isinstance(done, ev.ActionCompleted) and "no replacement could be launched" in done.summary
    sim.advance(30)
    asg = sim.world.nodes["web-asg"]
    assert asg.observed["in_service"] == 1
    assert sim.world.nodes["web-alb"].ok < 0.7  # one m5.large for 500 requests a second
    activity = act(sim, "describe_scaling_activity", "web-asg")
    assert any("Failed: Launching a new EC2 instance" in line for line in activity.findings[0].lines)
    assert "scaling:web-asg" in activity.findings[0].evidence
    assert of(sim.log, ev.FaultDiscovered, fault="aws")
    launches = [r for r in sim.trail if r.event == "RunInstances"]
    assert launches and launches[0].error == "RequestLimitExceeded"
    run_until(sim, INJECT + 900 + 120)  # recovered: the pending launch goes through
    assert asg.observed["in_service"] == 2
    assert sim.world.nodes["web-alb"].ok == pytest.approx(1.0)


def test_without_a_replacement_a_fleet_rides_the_outage_out_on_what_it_has() -> None:
    sim = game("control_plane_impaired", {"lasts": "15m"}, web_rate=500)
    run_until(sim, INJECT + 900)
    assert sim.world.nodes["web-asg"].observed["in_service"] == 2
    assert sim.availability == pytest.approx(1.0)
    assert not [r for r in sim.trail if r.event == "RunInstances"]


def test_a_kill_switch_needs_no_control_plane_and_frees_capacity() -> None:
    sim = game("control_plane_impaired", {"lasts": "20m"}, web_rate=720)  # 2 × m5.large serve 600/s
    run_until(sim, INJECT + 60)
    assert sim.availability < 0.9
    done = act(sim, "shed_load", "web-asg", {"share": 0.4})
    assert isinstance(done, ev.ActionCompleted)
    assert sim.availability == pytest.approx(1.0)
    assert act(sim, "shed_load", "web-asg", {"share": 0.0}).summary.endswith("served again")
    assert sim.availability < 0.9


def test_metrics_are_late_and_health_posts_then_closes() -> None:
    sim = game("control_plane_impaired", {"lasts": "20m", "health_delay": "5m", "metrics_lag": "8m"})
    run_until(sim, INJECT + 301)
    (posted,) = of(sim.log, ev.MessageReceived, sender="AWS Health")
    assert "Existing instances and running tasks are not affected" in posted.text
    assert points(sim, "checkout-fn", "Invocations", 5) == [None] * 5
    values = points(sim, "checkout-fn", "Invocations", 12)
    assert values[0] is not None  # older than the lag: delivered
    run_until(sim, INJECT + 1201)
    assert not sim.faults["aws"].active and not sim.health_events()
    assert points(sim, "checkout-fn", "Invocations", 1)[0] is not None


def test_deployments_fail_while_the_control_plane_is_down() -> None:
    data = kit.kitchen_scenario(
        injects=[{"id": "aws", "at": 60, "fault": "control_plane_impaired", "target": "web-asg", "params": {}}],
    )
    sim = fresh(data)
    run_until(sim, 90)
    number = start(sim, "release_pipeline", "pipeline")
    run_until(sim, sim.tick + 200)
    (failed,) = of(sim.log, ev.ActionFailed, number=number)
    assert "the deploy stage failed" in failed.reason


def test_control_plane_fault_checks_its_apis() -> None:
    data = kit.kitchen_scenario(
        injects=[{"at": 60, "fault": "control_plane_impaired", "target": "web-asg", "params": {"apis": ["made-up"]}}],
    )
    with pytest.raises(Exception, match="made-up"):
        kit.load(data)


def test_a_halved_minimum_is_restored_by_the_pipeline_and_the_group_launches_back() -> None:
    arch = pipeline_arch()
    arch["nodes"] += [
        {"id": "web-stack", "type": "cloudformation_stack"},
        {
            "id": "web-pipeline",
            "type": "codepipeline",
            "config": {"stages": [{"name": "Deploy", "kind": "deploy", "duration": 60}]},
        },
    ]
    kit.node_spec(arch, "web-asg")["stack"] = "web-stack"
    kit.node_spec(arch, "web-asg")["config"].update(min_size=4, desired_capacity=4)
    arch["edges"].append("web-pipeline deploys web-stack")
    cut = {"id": "cut", "at": 0, "fault": "stack_drift", "target": "web-asg", "params": {"change": "lower_capacity"}}
    sim = fresh(kit.scenario(arch, [{"entry": "web-alb", "rate": 300}], injects=[cut], clock={"duration": "1h"}))
    run_until(sim, 10)
    asg = sim.world.nodes["web-asg"]
    assert (asg.config["min_size"], asg.config["desired_capacity"], asg.observed["in_service"]) == (2, 2, 2)
    assert sum("shrinking the capacity from 4 to 2" in a["text"] for a in asg.status["activities"]) == 2
    assert sim.faults["cut"].active
    assert isinstance(act(sim, "iac_revert_drift", "web-asg"), ev.ActionCompleted)
    assert not sim.faults["cut"].active
    sim.advance(90)
    assert asg.observed["in_service"] == 4


def test_event_delivery_built_on_the_same_dependency_can_fail_too() -> None:
    inject = {
        "id": "aws",
        "at": 60,
        "fault": "monitoring_impaired",
        "target": "clicks-stream",
        "params": {"lasts": "10m", "event_delivery": 0.5},
    }
    sim = fresh(kit.kitchen_scenario(injects=[inject]))
    run_until(sim, 120)
    assert sim.world.nodes["events-bus"].ok == pytest.approx(0.5)
    assert "PutEvents" in causes(sim, "events-bus")
    assert sim.kpi_rates["fulfilled"] < 0.6 * sim.kpi_baseline["fulfilled"]
    run_until(sim, 60 + 601)
    assert sim.world.nodes["events-bus"].ok == pytest.approx(1.0)


def test_a_refused_hook_deletion_releases_no_waiting_instance() -> None:
    """DeleteLifecycleHook refused by the impaired Auto Scaling API changes nothing: the
    instances waiting on the hook stay in Pending:Wait."""
    sim = Simulation(resolve("stuck-lifecycle-hook"), 7)
    run_until(sim, 600)
    asg = sim.world.nodes["web-asg"]
    waiting = [i["id"] for i in asg.status["instances"] if i["state"] == "Pending:Wait"]
    assert waiting
    sim.inject_fault("control_plane_impaired", "web-asg", {"lasts": "20m", "apis": ["autoscaling"]}, "aws")
    assert isinstance(act(sim, "delete_lifecycle_hook", "web-asg"), ev.ActionFailed)
    assert asg.config["lifecycle_hooks"]
    assert [i["id"] for i in asg.status["instances"] if i["state"] == "Pending:Wait"] == waiting
