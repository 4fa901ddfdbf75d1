"""Compute: Lambda functions, EC2 instances, Auto Scaling groups and ECS services.

Each serves requests with the versions it runs (``config.traffic`` weights, behaviour in
``status.versions``) and a capacity: concurrency for Lambda, instances or tasks otherwise.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any, Literal

from pydantic import Field

from .. import iam
from ..world import Node, World
from .base import RESOURCES, Local, MetricSpec, ResourceType, StrictModel
from .common import (
    EC2_SIZES,
    api_refusal,
    metrics_blind,
    note_refused_call,
    per_request_cost,
    per_version_observables,
    reachable,
    saturate,
    version_mix,
)

ACCOUNT_CONCURRENCY = 1000
COMPUTE_SENDS = frozenset(
    {"calls", "reads", "writes", "triggers", "uses_role", "encrypts_with", "secured_by", "managed_by"}
)
COMPUTE_RECEIVES = frozenset({"calls", "routes", "triggers", "deploys", "monitors"})


def _traffic_default() -> dict[str, float]:
    return {"1": 1.0}


class LambdaConfig(StrictModel):
    runtime: str = "python3.12"
    memory_mb: int = Field(512, ge=128, le=10240)
    timeout_s: int = Field(30, ge=1, le=900)
    reserved_concurrency: int | None = Field(None, ge=0, le=ACCOUNT_CONCURRENCY)
    alias: str = "live"
    traffic: dict[str, float] = Field(default_factory=_traffic_default, description="alias routing: version → weight")
    latency_ms: float = Field(120.0, gt=0, description="typical duration of one invocation")
    resource_policy: list[dict[str, Any]] = Field(
        default_factory=list, description="who may invoke: principal and source"
    )
    batch_size: int = Field(10, ge=1, le=10000, description="records per batch from a queue or stream")
    partial_batch_response: bool = Field(False, description="ReportBatchItemFailures on the event source")
    env_encryption: Literal["aws-managed", "cmk"] = "aws-managed"
    tracing: bool = False
    accepts: list[str] | None = Field(None, description="EventBridge detail-types the code can handle (None: any)")


class LambdaFunction(ResourceType):
    """AWS Lambda function with versions and an alias (AWS::Lambda::Function).

    Traffic goes to the alias, split across versions by its routing weights, which
    CodeDeploy shifts during canary and linear deployments. Concurrency is limited by
    reserved concurrency or by what is left of the account's 1,000; excess invocations are
    throttled. Invokes from AWS services need the function's resource-based policy. While a
    dependency hangs (``status.blocked_ms``: its client retrying), every invocation holds its
    concurrency that much longer — how a failing analytics call starves checkout of it.
    """

    id = "lambda_function"
    aws_type = "AWS::Lambda::Function"
    title = "Lambda function"
    category = "compute"
    Config = LambdaConfig
    sends = COMPUTE_SENDS
    receives = COMPUTE_RECEIVES
    iam_actions = {"calls": "lambda:InvokeFunction", "triggers": "lambda:InvokeFunction"}
    compliance_properties = ("resource_policy", "reserved_concurrency", "env_encryption", "tracing")
    log_group = "/aws/lambda/{id}"
    metrics = tuple(
        MetricSpec(
            name,
            "AWS/Lambda",
            "FunctionName",
            source,
            statistic,
            unit,
            aggregation=agg,
            presence="active",
            qualified=qualified,
        )
        for name, source, statistic, unit, agg, qualified in (
            ("Invocations", "invocations", "Sum", "Count", "count", True),
            ("Errors", "errors", "Sum", "Count", "count", True),
            ("Throttles", "throttles", "Sum", "Count", "count", False),
            ("Duration", "latency_ms", "Average", "Milliseconds", "gauge", True),
            ("ConcurrentExecutions", "concurrency", "Maximum", "Count", "gauge", False),
        )
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        versions = {v: {"error_rate": 0.0, "latency_ms": node.config["latency_ms"]} for v in node.config["traffic"]}
        return {"versions": versions}

    def local(self, node: Node, world: World) -> Local:
        ok, latency, causes, extras = version_mix(node)
        if node.config["env_encryption"] == "cmk":
            for key in world.key_of.get(node.id, ()):
                if world.nodes[key].type.id == "kms_key" and not iam.key_usable(world.nodes[key].config):
                    causes.append(
                        (
                            f"KMSAccessDeniedException: Lambda was unable to decrypt the environment "
                            f"variables because KMS access was denied (key {key})",
                            1.0,
                        )
                    )
                    ok = 0.0
        held = latency + float(node.status.get("blocked_ms", 0.0))
        if held > node.config["timeout_s"] * 1000:
            causes.append((f"Task timed out after {node.config['timeout_s']:.2f} seconds", ok))
            ok = 0.0
        need = node.load * min(held, node.config["timeout_s"] * 1000.0) / 1000.0
        limit = self._limit(node, world, need)
        throttled = max(0.0, 1.0 - limit / need) if need > limit else 0.0
        if throttled > 0:
            causes.append(("Rate Exceeded: TooManyRequestsException (concurrency limit reached)", throttled))
        invocations = node.load * (1.0 - throttled)
        extras.update(invocations=invocations, throttles=node.load * throttled, concurrency=min(need, limit))
        return Local(ok=ok * (1.0 - throttled), latency_ms=latency, causes=tuple(causes), extras=extras)

    @staticmethod
    def _limit(node: Node, world: World, need: float) -> float:
        """Concurrency this function can use: reserved, or its share of the unreserved pool.

        The account pool keeps running totals, so a function's recompute costs the same
        however many functions there are; when the pool is (or was) oversubscribed, every
        other unreserved function is re-checked next tick, because its share changed.
        """
        pool = world.pools.setdefault(
            "lambda", {"demand": {}, "reserved": {}, "demand_total": 0.0, "reserved_total": 0.0}
        )
        saturated = pool["demand_total"] > ACCOUNT_CONCURRENCY - pool["reserved_total"]
        reserved = node.config["reserved_concurrency"]
        moved = _account(pool, "reserved", node.id, None if reserved is None else float(reserved))
        moved |= _account(pool, "demand", node.id, None if reserved is not None else need)
        free = max(ACCOUNT_CONCURRENCY - pool["reserved_total"], 0.0)
        total = max(pool["demand_total"], 0.0)
        if moved and (saturated or total > free) and pool.get("shared_at") != world.tick:
            pool["shared_at"] = world.tick  # everyone's share is redone once next tick, not once per change
            world.touch_next(n for n in sorted(pool["demand"]) if n != node.id)
        if reserved is not None:
            return float(reserved)
        if total <= free:
            return max(need, 1.0)
        return free * need / total if total > 0 else 0.0

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        invocations = observed.get("invocations", 0.0)
        observed["errors"] = max(observed["errors"] - observed.get("throttles", 0.0), 0.0)
        per_version_observables(node, observed, invocations)
        alias = node.config["alias"]
        observed[f"invocations@{alias}"] = invocations
        observed[f"requests@{alias}"] = node.load
        observed[f"errors@{alias}"] = observed["errors"]
        observed[f"latency_ms@{alias}"] = observed["latency_ms"]

    def hourly_cost(self, node: Node) -> float:
        """$0.20 per million invocations plus $0.0000166667 per GB-second of memory × duration."""
        invocations = node.observed.get("invocations", 0.0)
        gb_seconds = invocations * node.latency / 1000.0 * node.config["memory_mb"] / 1024.0
        return per_request_cost(invocations, 0.20) + gb_seconds * 3600 * 0.0000166667 * 100


def _account(pool: dict[str, Any], kind: str, node_id: str, value: float | None) -> bool:
    """Set one function's share of a pool total (``None`` removes it); whether it changed."""
    old = pool[kind].pop(node_id, None)
    if value is not None:
        pool[kind][node_id] = value
    pool[f"{kind}_total"] += (value or 0.0) - (old or 0.0)
    return (old is None) != (value is None) or abs((old or 0.0) - (value or 0.0)) > 1e-9


def instance_id(owner: str, number: int) -> str:
    """A stable, realistic EC2 instance id for the ``number``-th instance of ``owner``."""
    return "i-0" + hashlib.sha256(f"{owner}/{number}".encode()).hexdigest()[:16]


class Ec2Config(StrictModel):
    instance_type: str = "m5.large"
    monitoring: Literal["basic", "detailed"] = "basic"
    imdsv2_required: bool = True
    ebs_encrypted: bool = True
    traffic: dict[str, float] = Field(default_factory=_traffic_default)
    latency_ms: float = Field(60.0, gt=0)


def _size(instance_type: str) -> tuple[float, float]:
    return EC2_SIZES.get(instance_type, (9.6, 300.0))


class Ec2Instance(ResourceType):
    """A single EC2 instance (AWS::EC2::Instance) serving an application.

    Capacity follows the instance type; near it latency climbs and past it requests time
    out. CPU is published every five minutes with basic monitoring.
    """

    id = "ec2_instance"
    aws_type = "AWS::EC2::Instance"
    title = "EC2 instance"
    category = "compute"
    Config = Ec2Config
    sends = COMPUTE_SENDS
    receives = COMPUTE_RECEIVES
    port = 443
    compliance_properties = ("imdsv2_required", "ebs_encrypted")
    log_group = "/ec2/{id}/application"
    metrics = (
        MetricSpec(
            "CPUUtilization",
            "AWS/EC2",
            "InstanceId",
            "cpu",
            "Average",
            "Percent",
            period=300,
            aggregation="gauge",
            delay=120,
        ),
        MetricSpec(
            "StatusCheckFailed", "AWS/EC2", "InstanceId", "status_check_failed", "Maximum", "Count", aggregation="gauge"
        ),
        MetricSpec("NetworkIn", "AWS/EC2", "InstanceId", "network_in", "Sum", "Bytes", period=300, delay=120),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        versions = {v: {"error_rate": 0.0, "latency_ms": node.config["latency_ms"]} for v in node.config["traffic"]}
        return {"versions": versions}

    def local(self, node: Node, world: World) -> Local:
        ok, latency, causes, extras = version_mix(node)
        load_local = saturate(node.load, _size(node.config["instance_type"])[1], latency, node.id)
        extras.update(
            cpu=3.0 + 0.9 * load_local.extras["utilization"], status_check_failed=0.0, network_in=node.load * 2048.0
        )
        return Local(
            ok=ok * load_local.ok,
            latency_ms=load_local.latency_ms,
            causes=tuple(causes) + load_local.causes,
            extras=extras,
        )

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        per_version_observables(node, observed, node.load)

    def hourly_cost(self, node: Node) -> float:
        """The on-demand price of its instance type."""
        return _size(node.config["instance_type"])[0]


class LifecycleHook(StrictModel):
    name: str
    transition: Literal["autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"] = (
        "autoscaling:EC2_INSTANCE_LAUNCHING"
    )
    heartbeat_timeout: int = Field(3600, ge=30, le=7200)
    default_result: Literal["ABANDON", "CONTINUE"] = "ABANDON"
    handler: str | None = Field(None, description="the function that completes the lifecycle action")


class AsgConfig(StrictModel):
    min_size: int = Field(2, ge=0)
    max_size: int = Field(10, ge=0)
    desired_capacity: int = Field(3, ge=0)
    instance_type: str = "m5.large"
    health_check_type: Literal["EC2", "ELB"] = "ELB"
    availability_zones: list[str] = Field(
        default_factory=lambda: ["us-east-1a", "us-east-1b", "us-east-1c"], min_length=1
    )
    lifecycle_hooks: list[LifecycleHook] = Field(default_factory=list)
    target_cpu: float | None = Field(None, gt=0, le=100, description="target-tracking scaling on CPU")
    traffic: dict[str, float] = Field(default_factory=_traffic_default)
    latency_ms: float = Field(60.0, gt=0)
    imdsv2_required: bool = True


LAUNCH_SECONDS = 75
BOOTSTRAP_SECONDS = 90
SCALING_INTERVAL = 60
LAUNCH_RETRY_SECONDS = 120
#: what a request answered by a kill switch's static fallback costs, compared with a full one
SHED_COST = 0.1


def shed_load(node: Node) -> float:
    """Requests per second a fleet really works on: those a kill switch (``status.shed``, the
    share of requests answered by a cheap static fallback) turned away cost a tenth."""
    return node.load * (1.0 - (1.0 - SHED_COST) * float(node.status.get("shed", 0.0)))


class AutoScalingGroup(ResourceType):
    """EC2 Auto Scaling group (AWS::AutoScaling::AutoScalingGroup) of identical instances.

    Instances move Pending → (Pending:Wait while a launch lifecycle hook waits for
    CompleteLifecycleAction or its heartbeat timeout) → InService. Instances in Pending:Wait
    are billed but serve nothing; when the hook times out with DefaultResult ABANDON they
    are terminated and replaced, and the loop repeats. Target tracking raises desired
    capacity while CPU stays above target — when CloudWatch delivers the CPU metric. While
    EC2 cannot launch instances in the Region (``launch_error`` in its status, after a regional
    event) or its control plane is impaired, launches fail (the activity and CloudTrail say why)
    and are retried every couple of minutes; terminations still go through, so capacity lost
    then is not replaced until AWS recovers.
    """

    id = "autoscaling_group"
    aws_type = "AWS::AutoScaling::AutoScalingGroup"
    title = "Auto Scaling group"
    category = "compute"
    Config = AsgConfig
    sends = COMPUTE_SENDS
    receives = COMPUTE_RECEIVES
    port = 443
    compliance_properties = ("imdsv2_required", "lifecycle_hooks")
    log_group = "/ec2/{id}/application"
    metrics = (
        *(
            MetricSpec(name, "AWS/AutoScaling", "AutoScalingGroupName", source, "Average", "Count", aggregation="gauge")
            for name, source in (
                ("GroupDesiredCapacity", "desired"),
                ("GroupInServiceInstances", "in_service"),
                ("GroupPendingInstances", "pending"),
                ("GroupTerminatingInstances", "terminating"),
                ("GroupTotalInstances", "total"),
            )
        ),
        MetricSpec(
            "CPUUtilization",
            "AWS/EC2",
            "AutoScalingGroupName",
            "cpu",
            "Average",
            "Percent",
            period=300,
            aggregation="gauge",
            delay=120,
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        cfg = node.config
        zones = cfg["availability_zones"]
        instances = [
            {
                "id": instance_id(node.id, n),
                "state": "InService",
                "az": zones[n % len(zones)],
                "since": 0,
                "bootstrapped": True,
            }
            for n in range(cfg["desired_capacity"])
        ]
        versions = {v: {"error_rate": 0.0, "latency_ms": cfg["latency_ms"]} for v in cfg["traffic"]}
        return {"instances": instances, "launched": len(instances), "versions": versions, "activities": []}

    @staticmethod
    def counts(node: Node) -> dict[str, int]:
        """Instances by lifecycle state."""
        counts: dict[str, int] = {}
        for instance in node.status["instances"]:
            counts[instance["state"]] = counts.get(instance["state"], 0) + 1
        return counts

    def serving(self, node: Node) -> list[dict[str, Any]]:
        """InService instances (the ones a load balancer sends traffic to)."""
        return [i for i in node.status["instances"] if i["state"] == "InService"]

    def local(self, node: Node, world: World) -> Local:
        ok, latency, causes, extras = version_mix(node)
        shifted = node.status.get("shifted_azs", [])
        serving = [i for i in self.serving(node) if i["az"] not in shifted]
        impaired = node.status.get("impaired_azs", [])
        configured = [i for i in serving if i.get("bootstrapped", True)]
        capacity = _size(node.config["instance_type"])[1] * len(configured)
        silent = 0.0  # share of requests that never get an answer (the load balancer's own 504)
        if serving:
            for share, text in (
                (
                    1.0 - len(configured) / len(serving),
                    "502 Bad Gateway: application not installed on instance (bootstrap skipped)",
                ),
                (
                    sum(1 for i in configured if i["az"] in impaired) / len(serving),
                    f"504 Gateway Timeout: instance in {', '.join(impaired)} did not respond",
                ),
            ):
                if share > 0:
                    causes.append((text, share * ok))
                    if text.startswith("504"):
                        silent = share * ok
                    ok *= 1.0 - share
        served = saturate(shed_load(node), capacity, latency, node.id)
        counts = self.counts(node)
        utilization = served.extras["utilization"]
        extras.update(
            desired=float(node.config["desired_capacity"]),
            in_service=float(counts.get("InService", 0)),
            pending=float(counts.get("Pending", 0) + counts.get("Pending:Wait", 0)),
            terminating=float(counts.get("Terminating", 0)),
            total=float(len(node.status["instances"])),
            cpu=3.0 + 0.9 * utilization if configured else (3.0 if serving else 0.0),
            no_response=node.load * silent,
        )
        return Local(
            ok=ok * served.ok, latency_ms=served.latency_ms, causes=tuple(causes) + served.causes, extras=extras
        )

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        per_version_observables(node, observed, node.load)

    def hourly_cost(self, node: Node) -> float:
        """The instance type's on-demand price for every instance not terminated (Pending:Wait included)."""
        billed = sum(1 for i in node.status["instances"] if i["state"] != "Terminated")
        return _size(node.config["instance_type"])[0] * billed

    # -- lifecycle ------------------------------------------------------------------------
    def on_start(self, node: Node, sim: Any) -> None:
        if node.config["target_cpu"] is not None:
            sim.node_timer(node.id, SCALING_INTERVAL, "scale")

    def activity(self, node: Node, sim: Any, text: str) -> None:
        """Record a scaling activity (what DescribeScalingActivities shows)."""
        node.status["activities"] = [*node.status["activities"][-19:], {"tick": sim.tick, "text": text}]

    def reconcile(self, node: Node, sim: Any) -> None:
        """Launch or terminate instances until the group matches its desired capacity."""
        live = [i for i in node.status["instances"] if i["state"] in ("Pending", "Pending:Wait", "InService")]
        want = node.config["desired_capacity"]
        zones = node.config["availability_zones"]
        instances = node.status["instances"]
        missing = max(want - len(live), 0)
        error = node.status.get("launch_error")
        refusal = api_refusal(sim.world, "ec2", node.region) if missing else None
        if missing and error:
            reason = error.format(type=node.config["instance_type"], az=zones[node.status["launched"] % len(zones)])
            self.activity(
                node, sim, f"Launching a new EC2 instance. Status Reason: {reason} Launching EC2 instance failed."
            )
            if node.status.get("retry_at", -1) <= sim.tick:
                node.status["retry_at"] = sim.tick + LAUNCH_RETRY_SECONDS
                sim.node_timer(node.id, LAUNCH_RETRY_SECONDS, "reconcile")
            missing = 0
        elif refusal is not None:
            self._launch_failed(node, sim, missing, *refusal)
            missing = 0
        for _ in range(missing):
            number = node.status["launched"]
            node.status["launched"] = number + 1
            new = {
                "id": instance_id(node.id, number),
                "state": "Pending",
                "az": zones[number % len(zones)],
                "since": sim.tick,
                "bootstrapped": False,
            }
            instances.append(new)
            self.activity(node, sim, f"Launching a new EC2 instance: {new['id']}")
            sim.node_timer(node.id, LAUNCH_SECONDS, f"launched:{new['id']}")
        surplus = len(live) - want
        for instance in sorted(live, key=lambda i: (i["state"] == "InService", i["since"]), reverse=False):
            if surplus <= 0:
                break
            instance["state"] = "Terminated"
            self.activity(node, sim, f"Terminating EC2 instance: {instance['id']}")
            surplus -= 1
        node.status["instances"] = [i for i in instances if i["state"] != "Terminated"]
        sim.world.touch(node.id)

    def _launch_failed(self, node: Node, sim: Any, missing: int, code: str, message: str) -> None:
        """RunInstances was refused: say so once, and try again in a while (Auto Scaling backs off)."""
        if node.status.get("launch_retry"):
            return
        self.activity(
            node,
            sim,
            f"Failed: Launching a new EC2 instance. Status Reason: {code}: {message} Launching EC2 instance failed.",
        )
        sim.record_trail(
            "RunInstances",
            "ec2.amazonaws.com",
            "arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling",
            node.id,
            f"{missing} instance(s) for {node.id}",
            error=code,
        )
        note_refused_call(sim.world, node.id, "RunInstances")
        node.status["launch_retry"] = True
        sim.node_timer(node.id, LAUNCH_RETRY_SECONDS, "retry")

    def _retry(self, node: Node, sim: Any, _: str) -> None:
        node.status["launch_retry"] = False
        self.reconcile(node, sim)

    def on_timer(self, node: Node, sim: Any, tag: str) -> None:
        kind, _, instance = tag.partition(":")
        handler = {
            "launched": self._launched,
            "bootstrap": self._bootstrap,
            "heartbeat": self._heartbeat,
            "scale": self._scale,
            "retry": self._retry,
            "reconcile": lambda n, s, _: self.reconcile(n, s),
        }[kind]
        handler(node, sim, instance)

    def _find(self, node: Node, instance: str) -> dict[str, Any] | None:
        return next((i for i in node.status["instances"] if i["id"] == instance), None)

    def _hooks(self, node: Node) -> list[dict[str, Any]]:
        return [h for h in node.config["lifecycle_hooks"] if h["transition"].endswith("LAUNCHING")]

    def _launched(self, node: Node, sim: Any, instance_name: str) -> None:
        instance = self._find(node, instance_name)
        if instance is None or instance["state"] != "Pending":
            return
        hooks = self._hooks(node)
        if not hooks:
            instance.update(state="InService", since=sim.tick, bootstrapped=True)
            self.activity(node, sim, f"Instance {instance_name} is InService")
        else:
            hook = hooks[0]
            instance.update(
                state="Pending:Wait", since=sim.tick, hook=hook["name"], deadline=sim.tick + hook["heartbeat_timeout"]
            )
            self.activity(node, sim, f"Instance {instance_name} is waiting for lifecycle hook {hook['name']}")
            sim.node_timer(node.id, BOOTSTRAP_SECONDS, f"bootstrap:{instance_name}")
            sim.node_timer(node.id, hook["heartbeat_timeout"], f"heartbeat:{instance_name}")
        sim.world.touch(node.id)

    def complete(self, node: Node, sim: Any, instance_name: str, result: str, *, bootstrapped: bool) -> bool:
        """CompleteLifecycleAction for one waiting instance; ``False`` if it is not waiting."""
        instance = self._find(node, instance_name)
        if instance is None or instance["state"] != "Pending:Wait":
            return False
        if result == "CONTINUE":
            instance.update(state="InService", since=sim.tick, bootstrapped=bootstrapped)
            self.activity(node, sim, f"Lifecycle action CONTINUE for {instance_name}; instance is InService")
        else:
            instance.update(state="Terminated")
            self.activity(node, sim, f"Lifecycle action ABANDON for {instance_name}; terminating instance")
            node.status["instances"] = [i for i in node.status["instances"] if i["state"] != "Terminated"]
            self.reconcile(node, sim)
        sim.world.touch(node.id)
        return True

    def handler_blocked(self, node: Node, world: World) -> str | None:
        """Why the launch hook's handler cannot complete lifecycle actions, or ``None``."""
        hooks = self._hooks(node)
        if not hooks or hooks[0]["handler"] is None:
            return "no handler is configured for the lifecycle hook"
        handler = hooks[0]["handler"]
        if handler not in world.nodes:
            return f"handler {handler} does not exist"
        delivery = world.delivery_problem(node.id, handler)
        if delivery:
            return delivery
        if world.nodes[handler].local_ok < 0.5:
            return f"{handler} is failing"
        if not world.role_can(handler, "autoscaling:CompleteLifecycleAction", node.id):
            role = world.role_of.get(handler, "its role")
            return f"AccessDenied: {role} is not authorized to perform autoscaling:CompleteLifecycleAction on {node.id}"
        return None

    def _bootstrap(self, node: Node, sim: Any, instance_name: str) -> None:
        instance = self._find(node, instance_name)
        if instance is None or instance["state"] != "Pending:Wait":
            return
        blocked = self.handler_blocked(node, sim.world)
        if blocked is None:
            self.complete(node, sim, instance_name, "CONTINUE", bootstrapped=True)
        else:
            instance["blocked"] = blocked
            sim.world.touch(node.id)
            if blocked.startswith("AccessDenied"):  # the handler ran and was refused: CloudTrail logs the call
                handler = self._hooks(node)[0]["handler"]
                role = sim.world.role_of.get(handler, handler)
                sim.record_trail(
                    "CompleteLifecycleAction",
                    "autoscaling.amazonaws.com",
                    f"arn:aws:sts::123456789012:assumed-role/{role}/{handler}",
                    node.id,
                    f"LifecycleHookName {instance.get('hook', '?')}, InstanceId {instance_name}",
                    error="AccessDenied",
                )

    def _heartbeat(self, node: Node, sim: Any, instance_name: str) -> None:
        instance = self._find(node, instance_name)
        if instance is None or instance["state"] != "Pending:Wait" or sim.tick < instance.get("deadline", 0):
            return
        hook = self._hooks(node)[0] if self._hooks(node) else {"default_result": "ABANDON"}
        self.activity(node, sim, f"Heartbeat timeout for {instance_name}: default result {hook['default_result']}")
        self.complete(node, sim, instance_name, hook["default_result"], bootstrapped=False)

    def _scale(self, node: Node, sim: Any, _: str) -> None:
        sim.node_timer(node.id, SCALING_INTERVAL, "scale")
        if metrics_blind(node, sim.tick):
            return  # target tracking reads CloudWatch: no datapoints, no scaling decision
        target = node.config["target_cpu"]
        cpu = node.observed.get("cpu", 0.0)
        in_service = max(len(self.serving(node)), 1)
        if target is None or cpu <= target * 1.1:
            return
        want = min(max(math.ceil(in_service * cpu / target), node.config["desired_capacity"]), node.config["max_size"])
        if want > node.config["desired_capacity"]:
            self.activity(
                node,
                sim,
                f"Target tracking: CPU {cpu:.0f}% > {target:.0f}%; desired {node.config['desired_capacity']} → {want}",
            )
            node.config["desired_capacity"] = want
            self.reconcile(node, sim)


class EcsConfig(StrictModel):
    launch_type: Literal["FARGATE", "EC2"] = "FARGATE"
    desired_count: int = Field(3, ge=0, le=1000)
    cpu_units: int = Field(512, ge=256, le=16384)
    memory_mb: int = Field(1024, ge=512, le=122880)
    traffic: dict[str, float] = Field(default_factory=_traffic_default)
    latency_ms: float = Field(50.0, gt=0)
    circuit_breaker: bool = True


class EcsService(ResourceType):
    """Amazon ECS service (AWS::ECS::Service) running tasks, on Fargate by default.

    Capacity scales with running tasks and their CPU units; blue/green deployments shift
    traffic between task sets (versions). A kill switch (``status.shed``) turns a share of
    requests away cheaply.
    """

    id = "ecs_service"
    aws_type = "AWS::ECS::Service"
    title = "ECS service"
    category = "compute"
    Config = EcsConfig
    sends = COMPUTE_SENDS
    receives = COMPUTE_RECEIVES
    port = 8080
    compliance_properties = ("circuit_breaker",)
    log_group = "/ecs/{id}"
    metrics = (
        MetricSpec("CPUUtilization", "AWS/ECS", "ServiceName", "cpu", "Average", "Percent", aggregation="gauge"),
        MetricSpec("MemoryUtilization", "AWS/ECS", "ServiceName", "memory", "Average", "Percent", aggregation="gauge"),
        MetricSpec(
            "RunningTaskCount",
            "ECS/ContainerInsights",
            "ServiceName",
            "running",
            "Average",
            "Count",
            aggregation="gauge",
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        versions = {v: {"error_rate": 0.0, "latency_ms": node.config["latency_ms"]} for v in node.config["traffic"]}
        return {"versions": versions, "running": node.config["desired_count"]}

    def capacity(self, node: Node) -> float:
        """Requests (or records) per second the running tasks serve."""
        running = int(node.status.get("running", node.config["desired_count"]))
        return running * node.config["cpu_units"] / 1024.0 * 200.0

    def local(self, node: Node, world: World) -> Local:
        ok, latency, causes, extras = version_mix(node)
        running = int(node.status.get("running", node.config["desired_count"]))
        served = saturate(shed_load(node), self.capacity(node), latency, node.id)
        utilization = served.extras["utilization"]
        extras.update(cpu=4.0 + 0.9 * utilization, memory=35.0 + 0.3 * utilization, running=float(running))
        return Local(
            ok=ok * served.ok, latency_ms=served.latency_ms, causes=tuple(causes) + served.causes, extras=extras
        )

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        per_version_observables(node, observed, node.load)

    def hourly_cost(self, node: Node) -> float:
        """Fargate pricing per running task: $0.04048 per vCPU-hour and $0.004445 per GB-hour."""
        tasks = int(node.status.get("running", node.config["desired_count"]))
        vcpu = node.config["cpu_units"] / 1024.0
        gb = node.config["memory_mb"] / 1024.0
        return tasks * (vcpu * 4.048 + gb * 0.4445)


def reach_through_lb(node: Node, callee: Node, world: World) -> str | None:
    """Security-group check for a router whose traffic really comes from a load balancer."""
    sources = [world.nodes[c] for c in world.callers[node.id]] or [node]
    problems = [reachable(world, source, callee) for source in sources]
    return next((p for p in problems if p), None)


for resource_type in (LambdaFunction(), Ec2Instance(), AutoScalingGroup(), EcsService()):
    RESOURCES.register(resource_type)
