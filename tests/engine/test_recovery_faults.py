"""Recovery faults in detail: what a stuck lifecycle hook, a degraded Availability Zone and
broken replication leave behind for a responder, found while playing the bundled scenarios
built on them."""

from __future__ import annotations

from typing import Any

import pytest
from warroom.engine import Simulation
from warroom.engine import events as ev

from . import kit
from .kit import act, fresh, of, run_until

AT = 120


def inject(fault: str, target: str, params: dict[str, Any], arch: dict[str, Any] | None = None) -> Simulation:
    """A kitchen-sink game with one fault injected at ``AT``."""
    data = kit.kitchen_scenario(
        architecture=arch or kit.kitchen_arch(),
        injects=[{"id": "fault", "at": AT, "fault": fault, "target": target, "params": params}],
        clock={"duration": "1h"},
    )
    return fresh(data)


# -- lifecycle_hook_stuck ----------------------------------------------------------------------
def test_the_scheduled_scale_out_of_a_stuck_hook_is_no_drift() -> None:
    sim = inject("lifecycle_hook_stuck", "web-asg", {"scale_out": 3})
    run_until(sim, AT + 5)
    asg = sim.world.nodes["web-asg"]
    assert asg.config["desired_capacity"] == 6
    assert asg.drift() == {}, "a scheduled action in the stack is not an out-of-band change"
    assert ("cloudformation-stack-drift-detection-check", "web-asg") not in sim.violations


def test_a_refused_lifecycle_completion_is_in_cloudtrail_and_reveals_the_hook() -> None:
    sim = inject("lifecycle_hook_stuck", "web-asg", {"scale_out": 2})
    run_until(sim, AT + 200)  # launched (75 s), bootstrap tried (90 s)
    refused = [r for r in sim.trail if r.event == "CompleteLifecycleAction" and r.error == "AccessDenied"]
    assert len(refused) == 2 and {r.resource for r in refused} == {"web-asg"}
    assert all("assumed-role/hook-role/hook-fn" in r.user for r in refused)
    done = act(sim, "lookup_cloudtrail", "web-asg")
    assert any("errorCode=AccessDenied" in line for f in done.findings for line in f.lines)
    (found,) = of(sim.log, ev.FaultDiscovered, fault="fault")
    assert found.how.startswith("lookup_cloudtrail")


def test_a_lifecycle_hook_stuck_on_its_rule_pattern_leaves_no_access_denied() -> None:
    sim = inject("lifecycle_hook_stuck", "web-asg", {"cause": "pattern"})
    run_until(sim, AT + 200)
    assert not [r for r in sim.trail if r.event == "CompleteLifecycleAction"]


# -- az_degradation ----------------------------------------------------------------------------
def test_instances_in_an_impaired_zone_that_never_answer_are_the_load_balancers_504s() -> None:
    sim = inject("az_degradation", "web-alb", {"az": "us-east-1a", "health_delay": "20m"})
    run_until(sim, AT + 5)
    alb, group = sim.world.nodes["web-alb"], sim.world.nodes["web-tg"]
    assert alb.observed["errors"] > 1.0
    assert alb.observed["elb_5xx"] == pytest.approx(alb.observed["errors"])  # HTTPCode_ELB_5XX_Count (504)
    assert alb.observed["target_5xx"] == pytest.approx(0.0, abs=1e-9)
    assert group.observed["target_5xx"] == pytest.approx(0.0, abs=1e-9)


def test_the_web_servers_logs_reveal_a_gray_failure_before_aws_health_does() -> None:
    sim = inject("az_degradation", "web-alb", {"az": "us-east-1a", "health_delay": "20m"})
    run_until(sim, AT + 120)
    assert not of(sim.log, ev.MessageReceived, sender="AWS Health")
    assert not act(sim, "describe_target_health", "web-tg").findings[0].evidence  # health checks still pass
    done = act(sim, "query_logs", "web-asg")
    assert any("us-east-1a did not respond" in line for line in done.findings[0].lines)
    (found,) = of(sim.log, ev.FaultDiscovered, fault="fault")
    assert found.how.startswith("query_logs")


# -- stack_drift -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "event", "source"),
    [
        ("web-asg", "UpdateAutoScalingGroup", "autoscaling.amazonaws.com"),
        ("web-ec2", "ModifyInstanceAttribute", "ec2.amazonaws.com"),
    ],
)
def test_an_instance_type_changed_by_hand_is_in_cloudtrail_under_the_api_that_changed_it(
    target: str, event: str, source: str
) -> None:
    sim = inject("stack_drift", target, {"change": "instance_type", "by": "kira.lund", "ago": "19d"})
    run_until(sim, AT + 5)
    (record,) = [r for r in sim.trail if r.resource == target]
    assert (record.event, record.source) == (event, source)
    assert record.tick == AT - 19 * 86400
    act(sim, "lookup_cloudtrail", target, {"hours": 720})
    (found,) = of(sim.log, ev.FaultDiscovered, fault="fault")
    assert found.how.startswith("lookup_cloudtrail")


# -- s3_replication_broken ---------------------------------------------------------------------
def replication_game(*modes: str) -> Simulation:
    injects = [
        {
            "id": mode.replace("_", "-"),
            "at": AT,
            "fault": "s3_replication_broken",
            "target": "receipts-bucket",
            "params": {"mode": mode},
        }
        for mode in modes
    ]
    return fresh(kit.kitchen_scenario(injects=injects, clock={"duration": "1h"}))


def test_a_skipping_rule_and_a_role_without_key_access_are_found_and_fixed_one_at_a_time() -> None:
    sim = replication_game("kms_excluded", "role_kms")
    run_until(sim, AT + 60)
    assert sim.faults["kms-excluded"].active and sim.faults["role-kms"].active
    act(sim, "check_replication", "receipts-bucket")  # shows SKIPPED: the rule, not the role
    assert [e.fault for e in of(sim.log, ev.FaultDiscovered)] == ["kms-excluded"]

    act(sim, "fix_replication_iac", "receipts-bucket")
    sim.advance(2)
    assert not sim.faults["kms-excluded"].active
    assert sim.faults["role-kms"].active, "the rule is fixed; the role still cannot use the keys"
    done = act(sim, "check_replication", "receipts-bucket")
    assert any("SrcKmsKeyAccessDenied" in line for line in done.findings[0].lines)
    assert [e.fault for e in of(sim.log, ev.FaultDiscovered)] == ["kms-excluded", "role-kms"]

    act(sim, "iac_revert_drift", "replication-role")
    sim.advance(2)
    assert not sim.faults["role-kms"].active
    bucket = sim.world.nodes["receipts-bucket"]
    assert bucket.type.replication_problem(bucket, sim.world) is None


def test_taking_sse_kms_off_the_source_ends_both_and_breaks_encryption() -> None:
    sim = replication_game("kms_excluded", "role_kms")
    run_until(sim, AT + 60)
    act(sim, "remove_bucket_encryption", "receipts-bucket")
    sim.advance(2)
    assert not sim.faults["kms-excluded"].active and not sim.faults["role-kms"].active
    assert ("s3-bucket-server-side-encryption-enabled", "receipts-bucket") in sim.violations


def test_the_policy_simulator_checks_what_a_replication_role_needs() -> None:
    sim = replication_game("role_kms")
    run_until(sim, AT + 60)
    done = act(sim, "simulate_iam_policy", "replication-role")
    lines = done.findings[0].lines
    assert "implicitDeny  kms:Decrypt on data-key" in lines
    assert "implicitDeny  kms:Encrypt on replica-key" in lines
    assert "allowed       s3:ReplicateObject on receipts-replica" in lines
    (found,) = of(sim.log, ev.FaultDiscovered, fault="role-kms")
    assert found.how.startswith("simulate_iam_policy")


def test_cloudtrail_shows_who_broke_replication_and_where() -> None:
    sim = replication_game("kms_excluded", "role_kms")
    run_until(sim, AT + 1)
    records = {r.event: r for r in sim.trail if r.tick == AT - 9 * 86400}
    assert records["PutBucketReplication"].resource == "receipts-bucket"
    assert "pipeline-deploy-role" in records["PutBucketReplication"].user  # the rule came with a stack update
    assert records["PutRolePolicy"].resource == "replication-role"
    assert records["PutRolePolicy"].user.endswith("user/platform-team")
    act(sim, "lookup_cloudtrail", "replication-role", {"hours": 720})
    assert [e.fault for e in of(sim.log, ev.FaultDiscovered)] == ["role-kms"]


def replication_line(sim: Simulation) -> tuple[str, ...]:
    return act(sim, "check_replication", "receipts-bucket").findings[0].lines


def test_a_rule_broken_before_the_game_replicated_nothing_in_the_last_hour() -> None:
    injects = [{"id": "old", "at": 0, "fault": "s3_replication_broken", "target": "receipts-bucket",
                "params": {"mode": "kms_excluded"}}]  # fmt: skip
    sim = fresh(kit.kitchen_scenario(injects=injects, clock={"duration": "1h"}))
    run_until(sim, 60)
    lines = replication_line(sim)
    assert any(line.startswith("Objects written in the last hour: COMPLETED 0, FAILED 0") for line in lines)
    assert any(line.startswith("New objects get no replication status: SSE-KMS objects are excluded") for line in lines)
    assert not any("failure reason" in line for line in lines)  # skipped objects are not failures


def test_replication_that_breaks_during_the_game_shows_the_hour_it_worked_and_the_failures_since() -> None:
    sim = replication_game("role_kms")
    run_until(sim, AT + 60)
    (counts,) = [line for line in replication_line(sim) if line.startswith("Objects written")]
    completed, failed = (int(counts.split(word)[1].split(",")[0]) for word in ("COMPLETED ", "FAILED "))
    assert completed > 0 and failed > 0
