"""The fault catalog: every fault type injected into the kitchen sink, seen, found, fixed.

For each case (at least one per registered fault type): injecting makes the fault active
and visible in a symptom a player could notice; the investigation a player would run shows
its evidence and marks it discovered; the fix a player would apply resolves it. Faults that
can come back (a console fix the stack's template still disagrees with) are reactivated by
re-asserting the template.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from warroom.engine import Simulation
from warroom.engine import events as ev
from warroom.engine.faults import FAULTS
from warroom.engine.signals.metrics import published

from . import kit
from .kit import act, fresh, of, run_until, start

INJECT_AT = 300
Step = tuple[str, str | None, dict[str, Any]]


def latest(sim: Simulation, node: str, metric: str, qualifier: str | None = None, periods: int = 1) -> list[Any]:
    """The last published datapoints of a metric, as the console shows them."""
    target = sim.world.nodes[node]
    spec = target.type.metric(metric)
    assert spec is not None, f"{node} publishes no {metric}"
    return [p.value for p in published(target, spec, qualifier, sim.tick, periods, sim.streams)]


def logs(node: str, text: str) -> Callable[[Simulation], bool]:
    """Symptom: the node's log lines (what Logs Insights finds) mention ``text``."""
    return lambda sim: any(text in line for line in sim.world.nodes[node].causes)


def metric_above(node: str, metric: str, value: float = 0.0) -> Callable[[Simulation], bool]:
    return lambda sim: any(v is not None and v > value for v in latest(sim, node, metric))


def metric_absent(node: str, metric: str, qualifier: str | None = None) -> Callable[[Simulation], bool]:
    return lambda sim: latest(sim, node, metric, qualifier) == [None]


def message_from(sender: str) -> Callable[[Simulation], bool]:
    return lambda sim: any(e.sender == sender for e in of(sim.log, ev.MessageReceived))


def deployment(status: str, words: str) -> Callable[[Simulation], bool]:
    return lambda sim: any(e.status == status and words in e.detail for e in of(sim.log, ev.DeploymentStatusChanged))


def non_compliant(*resources: str) -> Callable[[Simulation], bool]:
    return lambda sim: any(
        e.resource in resources and e.compliance == "NON_COMPLIANT" for e in of(sim.log, ev.ConfigComplianceChanged)
    )


def no_alarm_data(alarm: str) -> Callable[[Simulation], bool]:
    """Symptom: the alarm's console graph shows no datapoints at all."""

    def check(sim: Simulation) -> bool:
        finding = act(sim, "describe_alarm", alarm).findings[0]
        return any(
            line.startswith("Recent datapoints") and not any(c.isdigit() for c in line) for line in finding.lines
        )

    return check


def alarms_off(sim_arch: dict[str, Any]) -> None:
    kit.node_spec(sim_arch, "orders-dg")["config"]["alarms"] = []


@dataclass
class Case:
    """One fault to inject, and how a player sees, finds and fixes it.

    ``settle`` is how long after the injection the symptom is looked for (metrics are a
    period plus a delay late); ``after_fix`` how long to wait after the fixes complete;
    ``tweak`` adjusts the kitchen sink first; ``relapse`` is a console fix followed by the
    action that re-asserts the template and brings the fault back.
    """

    fault: str
    target: str
    params: dict[str, Any]
    evidence: Step
    fixes: list[Step]
    symptom: Callable[[Simulation], bool] | None
    settle: int = 120
    after_fix: int = 5
    tweak: Callable[[dict[str, Any]], None] | None = None
    relapse: list[Step] = field(default_factory=list)
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or self.fault


GRANT = "grant_permission_iac"
CASES = [
    Case(
        "canary_regression",
        "orders-dg",
        {"version": "2", "error_rate": 0.5},
        ("describe_deployment", "orders-dg", {}),
        [("rollback_deployment", "orders-dg", {})],
        logs("orders-fn", "[version 2]"),
        settle=1,
        tweak=alarms_off,
        relapse=[("shift_alias", "orders-fn", {"version": "1"}), ("release_pipeline", "pipeline", {})],
    ),
    Case(
        "certificate_expired",
        "web-cert",
        {"expires_in": "3m"},
        ("describe_certificate", "web-cert", {}),
        [("reimport_certificate", "web-cert", {})],
        metric_above("web-alb", "ClientTLSNegotiationErrorCount"),
        settle=320,
    ),
    Case(
        "certificate_expired",
        "web-cert",
        {"expires_in": "3m", "cause": "validation_record_deleted"},
        ("describe_certificate", "web-cert", {}),
        [("restore_validation_record_iac", "web-cert", {})],
        logs("web-alb", "certificate has expired"),
        settle=200,
        name="certificate_expired-validation_record",
    ),
    Case(
        "codedeploy_agent_denied",
        "web-role",
        {"version": "2", "group": "web-dg"},
        ("simulate_iam_policy", "web-role", {}),
        [(GRANT, "web-role", {"action": "s3:GetObject", "resource": "artifacts-bucket"})],
        deployment("Failed", "DownloadBundle"),
        settle=60,
        relapse=[
            ("grant_permission", "web-role", {"action": "s3:GetObject", "resource": "artifacts-bucket"}),
            ("iac_revert_drift", "web-role", {}),
        ],
    ),
    Case(
        "codedeploy_agent_denied",
        "web-role",
        {"version": "2", "group": "web-dg", "missing": "kms"},
        ("simulate_iam_policy", "web-role", {}),
        [(GRANT, "web-role", {"action": "kms:Decrypt", "resource": "artifacts-key"})],
        deployment("Failed", "kms:Decrypt"),
        settle=60,
        name="codedeploy_agent_denied-kms",
    ),
    Case(
        "dynamodb_hot_partition",
        "orders-table",
        {},
        ("contributor_insights", "orders-table", {}),
        [("enable_write_sharding", "orders-table", {})],
        metric_above("orders-table", "WriteKeyRangeThroughputThrottleEvents"),
        settle=190,
    ),
    Case(
        "eventbridge_rule_silent",
        "fulfil-rule",
        {"mode": "disabled"},
        ("describe_rule", "fulfil-rule", {}),
        [("enable_rule_iac", "fulfil-rule", {})],
        metric_absent("fulfil-fn", "Invocations"),
        settle=190,
        name="eventbridge_rule_silent-disabled",
    ),
    Case(
        "eventbridge_rule_silent",
        "fulfil-rule",
        {"mode": "permission"},
        ("get_resource_policy", "fulfil-fn", {}),
        [("add_invoke_permission_iac", "fulfil-fn", {})],
        metric_above("fulfil-rule", "FailedInvocations"),
        settle=190,
        relapse=[("add_invoke_permission", "fulfil-fn", {}), ("iac_revert_drift", "fulfil-fn", {})],
        name="eventbridge_rule_silent-permission",
    ),
    Case(
        "eventbridge_rule_silent",
        "fulfil-rule",
        {"mode": "pattern"},
        ("test_event_pattern", "fulfil-rule", {}),
        [("fix_event_pattern_iac", "fulfil-rule", {"source": "com.example.orders.v2"})],
        metric_absent("fulfil-rule", "MatchedEvents"),
        settle=190,
        name="eventbridge_rule_silent-pattern",
    ),
    Case(
        "kms_key_policy_lockout",
        "data-key",
        {},
        ("describe_key_policy", "data-key", {}),
        [("open_support_case", "data-key", {})],
        logs("orders-fn", "AccessDeniedException"),
        settle=1,
    ),
    Case(
        "lambda_concurrency_exhaustion",
        "worker-fn",
        {"invocations": 1000},
        ("describe_concurrency", "orders-fn", {}),
        [("set_reserved_concurrency_iac", "worker-fn", {"value": 50})],
        metric_above("orders-fn", "Throttles"),
        settle=130,
    ),
    Case(
        "leaked_access_key",
        "deploy-user",
        {},
        ("lookup_cloudtrail", "deploy-user", {}),
        [("deactivate_access_key", "deploy-user", {})],
        message_from("GuardDuty"),
        settle=250,
    ),
    Case(
        "lifecycle_hook_stuck",
        "web-asg",
        {},
        ("describe_scaling_activity", "web-asg", {}),
        [(GRANT, "hook-role", {"action": "autoscaling:CompleteLifecycleAction", "resource": "web-asg"})],
        metric_above("web-asg", "GroupPendingInstances"),
        settle=250,
        relapse=[
            ("grant_permission", "hook-role", {"action": "autoscaling:CompleteLifecycleAction", "resource": "web-asg"}),
            ("iac_revert_drift", "hook-role", {}),
        ],
    ),
    Case(
        "lifecycle_hook_stuck",
        "web-asg",
        {"cause": "pattern"},
        ("test_event_pattern", "lifecycle-rule", {}),
        [
            (
                "fix_event_pattern_iac",
                "lifecycle-rule",
                {"source": "aws.autoscaling", "detail_type": "EC2 Instance-launch Lifecycle Action"},
            )
        ],
        metric_above("web-asg", "GroupPendingInstances"),
        settle=250,
        name="lifecycle_hook_stuck-pattern",
    ),
    Case(
        "log_delivery_stopped",
        "orders-role",
        {},
        ("query_logs", "orders-fn", {}),
        [(GRANT, "orders-role", {"action": "logs:PutLogEvents", "resource": "orders-logs"})],
        lambda sim: latest(sim, "orders-logs", "IncomingLogEvents") == [0.0],
        settle=190,
    ),
    Case(
        "rds_failover_stale_connections",
        "app-db",
        {},
        ("describe_db_events", "app-db", {}),
        [("recycle_connections", "web-asg", {}), ("recycle_connections", "web-ecs", {})],
        logs("web-ecs", "PSQLException"),
        settle=150,
    ),
    Case(
        "s3_replication_broken",
        "receipts-bucket",
        {"mode": "kms_excluded"},
        ("check_replication", "receipts-bucket", {}),
        [("fix_replication_iac", "receipts-bucket", {})],
        None,  # silently skipped: nothing to see until someone checks replication
        relapse=[("fix_replication", "receipts-bucket", {}), ("iac_revert_drift", "receipts-bucket", {})],
        name="s3_replication_broken-kms_excluded",
    ),
    Case(
        "s3_replication_broken",
        "receipts-bucket",
        {"mode": "role_kms"},
        ("check_replication", "receipts-bucket", {}),
        [("iac_revert_drift", "replication-role", {})],
        metric_above("receipts-bucket", "OperationsFailedReplication"),
        settle=190,
        name="s3_replication_broken-role_kms",
    ),
    Case(
        "s3_replication_broken",
        "receipts-bucket",
        {"mode": "replica_unencrypted"},
        ("check_replication", "receipts-bucket", {}),
        [("iac_revert_drift", "receipts-replica", {})],
        None,
        name="s3_replication_broken-replica_unencrypted",
    ),
    Case(
        "silent_alarm",
        "orders-errors",
        {"mode": "qualifier"},
        ("describe_alarm", "orders-errors", {}),
        [("fix_alarm_iac", "orders-errors", {"qualifier": "none"})],
        no_alarm_data("orders-errors"),
        settle=130,
        relapse=[("fix_alarm", "orders-errors", {"qualifier": "none"}), ("iac_revert_drift", "orders-errors", {})],
    ),
    Case(
        "silent_alarm",
        "orders-errors",
        {"mode": "metric_name"},
        ("describe_alarm", "orders-errors", {}),
        [("fix_alarm_iac", "orders-errors", {"metric": "Errors"})],
        no_alarm_data("orders-errors"),
        settle=130,
        name="silent_alarm-metric_name",
    ),
    Case(
        "silent_alarm",
        "orders-errors",
        {"mode": "threshold"},
        ("describe_alarm", "orders-errors", {}),
        [("fix_alarm_iac", "orders-errors", {"threshold": 5})],
        lambda sim: any(
            line.startswith("Condition") and " 500 " in line
            for line in act(sim, "describe_alarm", "orders-errors").findings[0].lines
        ),
        name="silent_alarm-threshold",
    ),
    Case(
        "sqs_poison_message",
        "orders-queue",
        {},
        ("inspect_queue", "orders-queue", {}),
        [("quarantine_message", "orders-queue", {})],
        logs("worker-fn", "Error processing SQS message"),
        settle=5,
    ),
    *(
        Case(
            "stack_drift",
            target,
            params,
            ("detect_stack_drift", "app-stack", {}),
            [("iac_revert_drift", target, {})],
            non_compliant(target, "app-stack"),
            settle=130,
            name=f"stack_drift-{params['change']}",
        )
        for target, params in (
            ("app-sg", {"change": "open_ssh"}),
            ("app-sg", {"change": "revoke_ingress", "source": "alb-sg"}),
            ("web-asg", {"change": "instance_type"}),
            ("receipts-bucket", {"change": "remove_encryption"}),
            ("orders-errors", {"change": "disable_alarm_actions"}),
            ("fulfil-rule", {"change": "disable_rule"}),
            ("orders-fn", {"change": "lambda_memory"}),
            ("web-asg", {"change": "lower_capacity"}),
        )
    ),
    Case(
        "stack_drift",
        "worker-fn",
        {"change": "remove_reserved_concurrency"},
        ("detect_stack_drift", "app-stack", {}),
        [("iac_revert_drift", "worker-fn", {})],
        non_compliant("worker-fn", "app-stack"),
        settle=130,
        tweak=lambda arch: kit.node_spec(arch, "worker-fn").setdefault("config", {}).update(reserved_concurrency=50),
        name="stack_drift-remove_reserved_concurrency",
    ),
    Case(
        "az_degradation",
        "web-alb",
        {"lasts": "10m", "health_delay": "2m"},
        ("check_aws_health", None, {}),
        [("zonal_shift", "web-alb", {"az": "us-east-1a"})],  # mitigation; AWS resolves the zone itself
        message_from("AWS Health"),
        settle=130,
        after_fix=600,
    ),
    Case(
        "monitoring_impaired",
        "clicks-stream",
        {"lasts": "10m", "health_delay": "2m"},
        ("check_aws_health", None, {}),
        [("post_status_update", None, {})],  # communicate; AWS recovers Kinesis and CloudWatch itself
        metric_absent("orders-fn", "Invocations"),
        settle=130,
        after_fix=600,
    ),
    Case(
        "control_plane_impaired",
        "web-asg",
        {"lasts": "10m", "health_delay": "2m"},
        ("check_aws_health", None, {}),
        [("post_status_update", None, {})],  # static stability: change nothing, wait for AWS
        lambda sim: isinstance(act(sim, "set_desired_capacity", "web-asg", {"desired": 4}), ev.ActionFailed),
        settle=130,
        after_fix=600,
    ),
]


def covered_elsewhere() -> set[str]:
    """Fault types tested in a module of their own (``test_faults_*.py`` listing ``FAULT_TYPES``,
    or ``CASES`` like this module's)."""
    found: set[str] = set()
    for path in sorted(Path(__file__).parent.glob("test_faults_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        found |= set(getattr(module, "FAULT_TYPES", ())) | {case.fault for case in getattr(module, "CASES", ())}
    return found


def test_every_registered_fault_type_has_a_case() -> None:
    assert {case.fault for case in CASES} | covered_elsewhere() == set(FAULTS.ids())


def game(case: Case) -> Simulation:
    arch = kit.kitchen_arch()
    if case.tweak:
        case.tweak(arch)
    inject = {"id": "fault", "at": INJECT_AT, "fault": case.fault, "target": case.target, "params": case.params}
    return fresh(kit.kitchen_scenario(architecture=arch, injects=[inject], clock={"duration": "1h"}))


def finish(sim: Simulation, steps: list[Step]) -> None:
    """Run several actions side by side until every one has completed."""
    numbers = [start(sim, action, target, params) for action, target, params in steps]
    ends = max(e.ends_at for e in of(sim.log, ev.ActionStarted) if e.number in numbers)
    run_until(sim, ends)
    failed = [e for e in of(sim.log, ev.ActionFailed) if e.number in numbers]
    assert not failed, failed
    done = {e.number for e in of(sim.log, ev.ActionCompleted)}
    assert set(numbers) <= done


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fault_is_seen_found_and_fixed(case: Case) -> None:
    sim = game(case)
    run_until(sim, INJECT_AT - 60)  # a symptom check may run an investigation: keep it clear of the inject
    if case.symptom:
        assert not case.symptom(sim.fork()), "the symptom is there before the fault"
    run_until(sim, INJECT_AT - 1)
    assert "fault" not in sim.faults
    run_until(sim, INJECT_AT)
    (injected,) = of(sim.log, ev.FaultInjected, fault="fault")
    assert injected.fault_type == case.fault and injected.explanation
    assert sim.faults["fault"].active
    run_until(sim, INJECT_AT + case.settle)
    assert sim.faults["fault"].active
    if case.symptom:
        assert case.symptom(sim.fork()), "no symptom a player could see"
    assert not of(sim.log, ev.FaultDiscovered, fault="fault")

    action, target, params = case.evidence
    outcome = act(sim, action, target, params)
    assert isinstance(outcome, ev.ActionCompleted)
    (found,) = of(sim.log, ev.FaultDiscovered, fault="fault")
    assert found.how == f"{action} #{outcome.number}"
    assert set(sum((f.evidence for f in outcome.findings), ())) & sim.faults["fault"].type.evidence(
        sim.faults["fault"], sim.world
    )

    finish(sim, case.fixes)
    sim.advance(case.after_fix)
    assert of(sim.log, ev.FaultResolved, fault="fault"), "the fix did not resolve the fault"
    assert not sim.faults["fault"].active
    sim.advance(300)
    assert not sim.faults["fault"].active, "the fault came back on its own"


RELAPSING = [c for c in CASES if c.relapse]


@pytest.mark.parametrize("case", RELAPSING, ids=[c.id for c in RELAPSING])
def test_a_console_fix_is_undone_when_the_template_is_reasserted(case: Case) -> None:
    sim = game(case)
    run_until(sim, INJECT_AT + max(case.settle, 400))  # let deployments finish
    assert sim.faults["fault"].active
    console_fix, reassert = case.relapse
    fix = act(sim, *console_fix)
    assert isinstance(fix, ev.ActionCompleted)
    sim.advance(2)
    (resolved,) = of(sim.log, ev.FaultResolved, fault="fault")
    assert resolved.by.startswith(f"action #{fix.number}")
    assert resolved.action == fix.number
    assert sim.world.nodes[console_fix[1]].drift() or case.fault == "canary_regression"
    assert isinstance(act(sim, *reassert), ev.ActionCompleted)
    sim.advance(600)
    (back,) = of(sim.log, ev.FaultReactivated, fault="fault")
    assert back.tick > resolved.tick
    assert sim.faults["fault"].active


# -- signature faults in detail ----------------------------------------------------------------
@pytest.mark.parametrize("mode", ["disabled", "permission", "pattern"])
def test_a_silent_rule_stops_the_work_without_any_alarm(mode: str) -> None:
    inject = {
        "id": "quiet",
        "at": 60,
        "fault": "eventbridge_rule_silent",
        "target": "fulfil-rule",
        "params": {"mode": mode},
    }
    sim = fresh(kit.kitchen_scenario(injects=[inject]))
    run_until(sim, 900)
    # the business notices: fulfilment stopped, orders keep coming in
    assert sim.kpi_rates["fulfilled"] == 0.0
    assert sim.kpi_rates["orders"] == pytest.approx(sim.kpi_baseline["orders"])
    assert sim.availability == 1.0
    assert not of(sim.log, ev.AlarmStateChanged, new="ALARM")
    # each mode leaves its own trace in the rule's metrics
    matched, failed = latest(sim, "fulfil-rule", "MatchedEvents"), latest(sim, "fulfil-rule", "FailedInvocations")
    bus_calls = latest(sim, "events-bus", "PutEventsApproximateCallCount")
    assert bus_calls[0] and bus_calls[0] > 0
    expected = {"disabled": ([None], [None]), "pattern": ([None], [None])}.get(mode)
    if expected:
        assert (matched, failed) == expected  # nothing at all happens
    else:
        assert matched[0] and matched[0] > 0
        assert failed[0] == pytest.approx(matched[0], rel=0.1)  # every invocation fails, no retries, no DLQ


def canary_game(*, blind_alarm: bool) -> Simulation:
    injects: list[dict[str, Any]] = [
        {
            "id": "bad-release",
            "at": 60,
            "fault": "canary_regression",
            "target": "orders-dg",
            "params": {"version": "2", "error_rate": 0.5},
        },
    ]
    if blind_alarm:
        injects.insert(
            0,
            {
                "id": "blind",
                "at": 0,
                "fault": "silent_alarm",
                "target": "orders-errors",
                "params": {"mode": "qualifier"},
            },
        )
    return fresh(kit.kitchen_scenario(injects=injects))


def test_a_canary_with_a_working_alarm_rolls_back_by_itself() -> None:
    sim = canary_game(blind_alarm=False)
    run_until(sim, 61)
    assert sim.world.nodes["orders-fn"].config["traffic"] == {"1": 0.9, "2": 0.1}
    run_until(sim, 900)
    statuses = [e.status for e in of(sim.log, ev.DeploymentStatusChanged, group="orders-dg")]
    assert statuses == ["InProgress", "Stopped"]
    (alarm,) = of(sim.log, ev.AlarmStateChanged, alarm="orders-errors", new="ALARM")
    (resolved,) = of(sim.log, ev.FaultResolved, fault="bad-release")
    assert resolved.by == "the system"
    assert alarm.tick <= resolved.tick < 60 + 300  # before the canary bake would have promoted it
    assert sim.world.nodes["orders-fn"].config["traffic"] == {"1": 1.0}
    assert sim.world.nodes["orders-fn"].template["traffic"] == {"1": 1.0}


def test_a_canary_with_a_blind_alarm_is_promoted_to_everyone() -> None:
    sim = canary_game(blind_alarm=True)
    run_until(sim, 900)
    statuses = [e.status for e in of(sim.log, ev.DeploymentStatusChanged, group="orders-dg")]
    assert statuses == ["InProgress", "Succeeded"]
    assert not of(sim.log, ev.AlarmStateChanged, alarm="orders-errors")
    assert sim.world.nodes["orders-fn"].config["traffic"] == {"2": 1.0}
    assert sim.faults["bad-release"].active
    assert sim.world.nodes["orders-fn"].ok == pytest.approx(0.5)
    (card_fault,) = [f for f in kit_score(sim).faults if f.key == "bad-release"]
    assert card_fault.active_at_end


def kit_score(sim: Simulation) -> Any:
    from warroom.engine import score

    return score(sim.model, sim.log)
