"""Resilience faults: stuck lifecycle hooks, failovers with stale connections, hot partitions,
exhausted Lambda concurrency and a degraded Availability Zone."""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..world import World
from .base import FAULTS, Fault, FaultType
from .policies import revoke_actions


class HookParams(StrictModel):
    cause: Literal["permission", "pattern"] = "permission"
    scale_out: int = Field(3, ge=1, le=50, description="instances the group launches when the fault hits")


@FAULTS.register
class LifecycleHookStuck(FaultType):
    """Instances launched by an Auto Scaling group wait in Pending:Wait because the launch
    hook's handler cannot complete the lifecycle action — its role lost
    ``autoscaling:CompleteLifecycleAction``, or the EventBridge rule feeding it no longer
    matches the lifecycle events. They are billed, serve nothing, and after the heartbeat
    timeout (default one hour) are abandoned and replaced, and the loop repeats. Active
    while a launch hook exists and its handler cannot complete it."""

    id = "lifecycle_hook_stuck"
    family = "lifecycle hook"
    targets = ("autoscaling_group",)
    Params = HookParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        hooks = [h for h in world.nodes[target].config["lifecycle_hooks"] if h["handler"]]
        if not hooks:
            return f"{target} has no launch lifecycle hook with a handler"
        if params["cause"] == "pattern" and world.event_route(target, hooks[0]["handler"]) is None:
            return f"no EventBridge rule routes {target}'s lifecycle events to {hooks[0]['handler']}"
        return None

    def _handler(self, fault: Fault, world: World) -> str:
        return str(next(h for h in world.nodes[fault.target].config["lifecycle_hooks"] if h["handler"])["handler"])

    def _rule(self, fault: Fault, world: World) -> str | None:
        route = world.event_route(fault.target, fault.memory.get("handler", "")) or []
        return next((n for n in route if world.nodes[n].type.id == "eventbridge_rule"), None)

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        handler = self._handler(fault, world)
        fault.memory["handler"] = handler
        if fault.params["cause"] == "permission":
            role = world.role_of.get(handler)
            fault.memory["role"] = role
            if role:
                revoke_actions(world, role, lambda action: action.startswith("autoscaling:"))
                sim.record_trail(
                    "PutRolePolicy",
                    "iam.amazonaws.com",
                    "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role",
                    role,
                    "bootstrap role policy updated",
                )
        else:
            rule = self._rule(fault, world)
            fault.memory["rule"] = rule
            if rule:
                pattern = {"source": ["aws.autoscaling"], "detail-type": ["EC2 Instance Launch Successful"]}
                for field in ("config", "template"):
                    holder = getattr(world.nodes[rule], field)
                    if holder is not None:
                        holder["pattern"] = copy.deepcopy(pattern)
                world.touch(rule)
        asg = world.nodes[fault.target]
        desired = min(
            asg.config["desired_capacity"] + fault.params["scale_out"],
            max(asg.config["max_size"], asg.config["desired_capacity"] + 1),
        )
        # The scheduled action is part of the stack: the capacity it sets is what the template
        # wants now, so the scale-out itself is no drift.
        for field in ("config", "template"):
            holder = getattr(asg, field)
            if holder is not None:
                holder["desired_capacity"] = desired
                holder["max_size"] = max(holder["max_size"], desired)
        asg.type.activity(asg, sim, "Scaling out: a scheduled action raised desired capacity")
        asg.type.reconcile(asg, sim)

    def active(self, fault: Fault, world: World) -> bool:
        asg = world.nodes[fault.target]
        if not any(h["transition"].endswith("LAUNCHING") for h in asg.config["lifecycle_hooks"]):
            return False
        return asg.type.handler_blocked(asg, world) is not None  # type: ignore[attr-defined]

    def watch(self, fault: Fault, world: World) -> set[str]:
        nodes = {fault.target, fault.memory.get("handler", fault.target)}
        for key in ("role", "rule"):
            if fault.memory.get(key):
                nodes.add(fault.memory[key])
        return nodes

    def evidence(self, fault: Fault, world: World) -> set[str]:
        tokens = {f"lifecycle:{fault.target}"}
        if fault.memory.get("role"):
            role = fault.memory["role"]
            # the policy change, and the handler's refused calls, are both in CloudTrail
            tokens |= {f"iam:{role}", f"trail:{role}:PutRolePolicy", f"trail:{fault.target}:CompleteLifecycleAction"}
        if fault.memory.get("rule"):
            tokens.add(f"rule-pattern:{fault.memory['rule']}")
        return tokens

    def explain(self, fault: Fault) -> str:
        why = (
            "its role lost autoscaling:CompleteLifecycleAction"
            if fault.params["cause"] == "permission"
            else "the EventBridge rule that invokes it no longer matches lifecycle events"
        )
        return f"The launch hook of {fault.target} is never completed: {why}."


class FailoverParams(StrictModel):
    stale_share: float = Field(0.7, gt=0, le=1, description="share of callers' pooled connections left stale")


@FAULTS.register
class FailoverStaleConnections(FaultType):
    """The primary of a Multi-AZ database fails and RDS fails over to the standby (60–120 s).
    Afterwards, callers that cache DNS or keep pooled connections still talk to the old
    address and keep failing until their pools are recycled. Active while any caller holds
    stale connections."""

    id = "rds_failover_stale_connections"
    family = "database failover"
    targets = ("rds_instance",)
    Params = FailoverParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        return None if world.nodes[target].config["multi_az"] else f"{target} is not Multi-AZ"

    def inject(self, fault: Fault, sim: Any) -> None:
        sim.fail_over_database(
            fault.target, fault.params["stale_share"], "the primary host failed its health check (hardware)"
        )

    def active(self, fault: Fault, world: World) -> bool:
        return any(
            world.nodes[c].status.get("stale_connections", {}).get(fault.target) for c in world.callers[fault.target]
        )

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, *world.callers[fault.target]}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"db-events:{fault.target}", *(f"logs:{c}" for c in world.callers[fault.target])}

    def explain(self, fault: Fault) -> str:
        return f"{fault.target} failed over to its standby; callers kept stale pooled connections to the old primary."


class HotKeyParams(StrictModel):
    key: str = Field("tenant#acme-corp", description="the partition key receiving most writes")
    share: float = Field(0.6, gt=0, le=1, description="share of writes on that key")


@FAULTS.register
class HotPartition(FaultType):
    """One partition key suddenly takes most of a table's writes (a large tenant's import):
    its partition's 1,000 WCU cap throttles them while the table as a whole is far below its
    provisioned capacity. More capacity or on-demand does not lift a partition's cap; write
    sharding does. Active while the key is hot and writes are not sharded."""

    id = "dynamodb_hot_partition"
    family = "hot partition"
    targets = ("dynamodb_table",)
    Params = HotKeyParams

    def inject(self, fault: Fault, sim: Any) -> None:
        sim.world.set_status(fault.target, hot_key=fault.params["key"], hot_share=fault.params["share"])

    def active(self, fault: Fault, world: World) -> bool:
        table = world.nodes[fault.target]
        return not table.config["write_sharding"] and table.status["hot_share"] > 1.0 / table.config["partitions"]

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"hot-key:{fault.target}"}

    def explain(self, fault: Fault) -> str:
        return (
            f"{fault.params['share']:.0%} of writes to {fault.target} use partition key {fault.params['key']}, "
            "beyond what one partition can take."
        )


class RunawayParams(StrictModel):
    invocations: float = Field(800.0, gt=0, description="extra invocations per second from the runaway trigger")
    duration_ms: float = Field(1200.0, gt=0)


@FAULTS.register
class ConcurrencyExhaustion(FaultType):
    """A function goes runaway (a recursive S3 trigger, a backfill job) and takes most of the
    account's 1,000 concurrent executions; every function without reserved concurrency is
    throttled. Active while the runaway keeps invoking without a concurrency cap."""

    id = "lambda_concurrency_exhaustion"
    family = "concurrency"
    targets = ("lambda_function",)
    Params = RunawayParams

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        node = world.nodes[fault.target]
        versions = copy.deepcopy(node.status["versions"])
        for behaviour in versions.values():
            behaviour["latency_ms"] = fault.params["duration_ms"]
        world.set_status(fault.target, versions=versions, extra_load=fault.params["invocations"])
        # The change is to the bucket's event notification: CloudTrail files it under the bucket.
        buckets = [p for p in world.trigger_in[fault.target] if world.nodes[p].type.id == "s3_bucket"]
        sim.record_trail(
            "PutBucketNotificationConfiguration",
            "s3.amazonaws.com",
            "arn:aws:iam::123456789012:user/data-eng",
            buckets[0] if buckets else fault.target,
            f"event notification now also fires for the objects {fault.target} writes back into the bucket",
        )

    def active(self, fault: Fault, world: World) -> bool:
        node = world.nodes[fault.target]
        cap = node.config["reserved_concurrency"]
        return node.status.get("extra_load", 0.0) > 0 and (cap is None or cap > 100)

    def evidence(self, fault: Fault, world: World) -> set[str]:
        others = {f"concurrency:{n.id}" for n in world.of_type("lambda_function") if n.id != fault.target}
        return {f"concurrency-hog:{fault.target}", *others}

    def explain(self, fault: Fault) -> str:
        return (
            f"{fault.target} runs away at {fault.params['invocations']:.0f} invocations/s and exhausts the "
            "account's unreserved concurrency."
        )


class AzParams(StrictModel):
    az: str = "us-east-1a"
    lasts: str | int = Field("40m", description="how long until AWS recovers the zone")
    health_delay: str | int = Field("12m", description="how long before AWS Health posts the event")


@FAULTS.register
class AzDegradation(FaultType):
    """One Availability Zone degrades (power, networking): instances there answer slowly or
    not at all. AWS Health says so only after a while; AWS fixes it in its own time. The
    team can only mitigate — a zonal shift away from the zone — and must not declare the
    incident over while the zone is still impaired. Active until AWS recovers."""

    id = "az_degradation"
    family = "availability zone"
    targets = ("alb",)
    Params = AzParams

    def _groups(self, world: World) -> list[str]:
        return [n.id for n in world.of_type("autoscaling_group")]

    def inject(self, fault: Fault, sim: Any) -> None:
        from ..durations import parse_duration

        world = sim.world
        az = fault.params["az"]
        for group in self._groups(world):
            impaired = sorted({*world.nodes[group].status.get("impaired_azs", []), az})
            world.set_status(group, impaired_azs=impaired)
        fault.memory["recovered"] = False
        sim.fault_timer(fault.key, parse_duration(fault.params["health_delay"]), "health")
        sim.fault_timer(fault.key, parse_duration(fault.params["lasts"]), "recover")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        az = fault.params["az"]
        if tag == "health":
            sim.post_health_event(
                "EC2",
                "AWS_EC2_OPERATIONAL_ISSUE",
                f"We are investigating increased error rates and latencies for EC2 instances "
                f"in a single Availability Zone ({az}).",
                az=az,
            )
            return
        fault.memory["recovered"] = True
        for group in self._groups(sim.world):
            impaired = [z for z in sim.world.nodes[group].status.get("impaired_azs", []) if z != az]
            sim.world.set_status(group, impaired_azs=impaired)
        sim.post_health_event(
            "EC2",
            "AWS_EC2_OPERATIONAL_ISSUE",
            f"The issue affecting EC2 instances in {az} has been resolved.",
            az=az,
            closed=True,
        )

    def active(self, fault: Fault, world: World) -> bool:
        return not fault.memory.get("recovered", False)

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, *self._groups(world)}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        # A gray failure rarely fails a health check: the web servers' logs, which name the zone
        # whose instances time out, are the first place it shows.
        zoned = [
            g
            for g in self._groups(world)
            if any(i["az"] == fault.params["az"] for i in world.nodes[g].status["instances"])
        ]
        return {
            "health:AWS_EC2_OPERATIONAL_ISSUE",
            *(f"targets:{n.id}" for n in world.of_type("target_group")),
            *(f"logs:{g}" for g in zoned),
        }

    def explain(self, fault: Fault) -> str:
        return f"Availability Zone {fault.params['az']} was impaired; instances there failed most requests."
