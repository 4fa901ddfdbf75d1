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
