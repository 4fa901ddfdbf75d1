"""IaC faults: out-of-band changes to stack-managed resources (stack drift).

Each kind of change is a small entry in :data:`DRIFT_KINDS`: the resource types it
applies to, the CloudTrail event it leaves and how it changes the configuration.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..world import Node, World
from .base import FAULTS, Fault, FaultType


@dataclass(frozen=True)
class DriftKind:
    """One kind of out-of-band change (``settle``: what the service did about it back then)."""

    types: tuple[str, ...]
    event: str
    source: str
    change: Callable[[Node, dict[str, Any]], dict[str, Any]]
    impact: str
    calls: tuple[tuple[str, str, str], ...] = ()
    """Resource types whose API records the change under another event: (type, event, source)."""
    settle: Callable[[Any, Node, int], None] | None = None

    def call(self, type_id: str) -> tuple[str, str]:
        """The CloudTrail event and event source of this change on a resource type."""
        return next(((e, s) for t, e, s in self.calls if t == type_id), (self.event, self.source))


def _open_ssh(node: Node, p: dict[str, Any]) -> dict[str, Any]:
    rule = {"port": 22, "to_port": None, "source": "0.0.0.0/0", "description": "debug access"}
    return {"ingress": [*node.config["ingress"], rule]}


def _revoke(node: Node, p: dict[str, Any]) -> dict[str, Any]:
    source = p.get("source")
    kept = [r for r in node.config["ingress"] if source and r["source"] != source]
    return {"ingress": kept if source else node.config["ingress"][1:]}


def _shrink(node: Node, p: dict[str, Any]) -> dict[str, Any]:
    return {"instance_type": p.get("instance_type") or "t3.micro"}


def _lower_capacity(node: Node, p: dict[str, Any]) -> dict[str, Any]:
    return {"min_size": max(node.config["min_size"] // 2, 1)}  # "halve the floor, target tracking covers peaks"


def _scale_in(sim: Any, node: Node, at: int) -> None:
    """Desired capacity followed the minimum down that night, and Auto Scaling terminated the
    instances above it. (Desired capacity moves with scaling; the fault is the minimum.)"""
    live = [i for i in node.status["instances"] if i["state"] in ("Pending", "Pending:Wait", "InService")]
    want = min(node.config["desired_capacity"], node.config["min_size"])
    node.config["desired_capacity"] = want
    for instance in live[want:]:
        instance["state"] = "Terminated"
        node.status["activities"] = [
            *node.status["activities"][-19:],
            {
                "tick": at,
                "text": f"Terminating EC2 instance: {instance['id']} — taken out of service in response to a "
                f"difference between desired and actual capacity, shrinking the capacity from {len(live)} to {want}",
            },
        ]
    node.status["instances"] = [i for i in node.status["instances"] if i["state"] != "Terminated"]
    sim.world.touch(node.id)


DRIFT_KINDS: dict[str, DriftKind] = {
    "open_ssh": DriftKind(
        ("security_group",),
        "AuthorizeSecurityGroupIngress",
        "ec2.amazonaws.com",
        _open_ssh,
        "port 22 opened to 0.0.0.0/0",
    ),
    "revoke_ingress": DriftKind(
        ("security_group",), "RevokeSecurityGroupIngress", "ec2.amazonaws.com", _revoke, "an inbound rule removed"
    ),
    "instance_type": DriftKind(
        ("ec2_instance", "autoscaling_group"),
        "ModifyInstanceAttribute",
        "ec2.amazonaws.com",
        _shrink,
        "instance type changed",
        # an Auto Scaling group's instance type is changed on the group (its launch template version)
        (("autoscaling_group", "UpdateAutoScalingGroup", "autoscaling.amazonaws.com"),),
    ),
    "remove_encryption": DriftKind(
        ("s3_bucket",),
        "DeleteBucketEncryption",
        "s3.amazonaws.com",
        lambda n, p: {"encryption": "none"},
        "default encryption removed",
    ),
    "disable_alarm_actions": DriftKind(
        ("cloudwatch_alarm",),
        "DisableAlarmActions",
        "monitoring.amazonaws.com",
        lambda n, p: {"actions_enabled": False},
        "alarm actions disabled",
    ),
    "disable_rule": DriftKind(
        ("eventbridge_rule",),
        "DisableRule",
        "events.amazonaws.com",
        lambda n, p: {"state": "DISABLED"},
        "rule disabled",
    ),
    "lower_capacity": DriftKind(
        ("autoscaling_group",),
        "UpdateAutoScalingGroup",
        "autoscaling.amazonaws.com",
        _lower_capacity,
        "minimum capacity halved (scaling out is left to target tracking)",
        settle=_scale_in,
    ),
    "remove_reserved_concurrency": DriftKind(
        ("lambda_function",),
        "DeleteFunctionConcurrency20171031",
        "lambda.amazonaws.com",
        lambda n, p: {"reserved_concurrency": None},
        "reserved concurrency removed (the function may use the whole account pool)",
    ),
    "lambda_memory": DriftKind(
        ("lambda_function",),
        "UpdateFunctionConfiguration20150331v2",
        "lambda.amazonaws.com",
        lambda n, p: {"memory_mb": 128},
        "memory lowered to 128 MB",
    ),
}


def _difference(before: Any, after: Any) -> dict[str, list[Any]] | None:
    """Items a list-valued change added and removed (``None`` for scalar values)."""
    if not isinstance(before, list) or not isinstance(after, list):
        return None
    return {"added": [i for i in after if i not in before], "removed": [i for i in before if i not in after]}


class DriftParams(StrictModel):
    change: Literal[tuple(DRIFT_KINDS)]  # type: ignore[valid-type]
    by: str = Field("jdoe", description="the IAM user who made the change in the console")
    ago: str | int = Field(0, description="how long before the game the change was made (e.g. 3d)")
    source: str | None = Field(None, description="revoke_ingress: the source whose rule is removed")
    instance_type: str | None = Field(None, description="instance_type: the new, wrong type")


@FAULTS.register
class StackDrift(FaultType):
    """Someone changes a stack-managed resource by hand — opening SSH to the world, removing
    the load balancer's ingress rule, shrinking an instance, dropping bucket encryption.
    Only drift detection (or the Config rule that runs it) shows it; the next stack update
    that touches the resource reverts it. Active while the changed keys still differ from
    the template."""

    id = "stack_drift"
    family = "stack drift"
    targets = tuple(sorted({t for kind in DRIFT_KINDS.values() for t in kind.types}))
    Params = DriftParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        node = world.nodes[target]
        kind = DRIFT_KINDS[params["change"]]
        if node.type.id not in kind.types:
            return f"drift '{params['change']}' applies to {', '.join(kind.types)}, not {node.type.id}"
        if node.template is None:
            return f"{target} is not managed by a stack, so it cannot drift (set its 'stack')"
        return None

    def inject(self, fault: Fault, sim: Any) -> None:
        from ..durations import parse_duration

        node = sim.world.nodes[fault.target]
        kind = DRIFT_KINDS[fault.params["change"]]
        values = kind.change(node, fault.params)
        fault.memory["keys"] = sorted(values)
        fault.memory["changes"] = {key: _difference(node.config.get(key), value) for key, value in values.items()}
        for key, value in values.items():
            sim.world.set_config(fault.target, key, copy.deepcopy(value))
        ago = parse_duration(fault.params["ago"])
        event, source = kind.call(node.type.id)
        sim.record_trail(
            event,
            source,
            f"arn:aws:iam::123456789012:user/{fault.params['by']}",
            fault.target,
            kind.impact,
            at=sim.tick - ago,
        )
        if kind.settle is not None:
            kind.settle(sim, node, sim.tick - ago)

    def active(self, fault: Fault, world: World) -> bool:
        """Still in effect and still unlike the template.

        For a list (security group rules) that is per item: an added rule still present
        that the template lacks, or a removed rule still missing that the template has — so
        putting back the load balancer's rule resolves that change even while someone
        else's SSH rule keeps the group drifted.
        """
        node = world.nodes[fault.target]
        template = node.template or {}
        drift = node.drift()
        for key in fault.memory.get("keys", []):
            change = fault.memory.get("changes", {}).get(key)
            if change is None:
                if key in drift:
                    return True
                continue
            actual, desired = node.config.get(key) or [], template.get(key) or []
            if any(item in actual and item not in desired for item in change["added"]):
                return True
            if any(item not in actual and item in desired for item in change["removed"]):
                return True
        return False

    def evidence(self, fault: Fault, world: World) -> set[str]:
        node = world.nodes[fault.target]
        kind = DRIFT_KINDS[fault.params["change"]]
        tokens = {
            f"drift:{fault.target}",
            f"trail:{fault.target}:{kind.call(node.type.id)[0]}",
            f"config:CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK:{fault.target}",
        }
        if node.stack:  # the Config rule reports drift per stack
            tokens.add(f"config:CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK:{node.stack}")
        if node.type.id == "security_group":
            tokens.add(f"sg:{fault.target}")
        if fault.params["change"] == "open_ssh":  # the restricted-ssh Config finding names it too
            tokens.add(f"config:INCOMING_SSH_DISABLED:{fault.target}")
        return tokens

    def explain(self, fault: Fault) -> str:
        kind = DRIFT_KINDS[fault.params["change"]]
        return f"{fault.params['by']} changed {fault.target} by hand ({kind.impact}); the stack's template disagrees."
